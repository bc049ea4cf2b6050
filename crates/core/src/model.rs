//! The learned part of the analysis: a logistic regression for scam versus legit and a softmax
//! over scam types, both on hashed features. Stored as JSON with sparse weights
//! (`model/model.json`, compiled into the binary; `canhgiac train` writes a new one).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::features::Features;
use crate::taxonomy::ScamType;

#[derive(Debug, Error)]
pub enum ModelError {
    #[error("model file is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("model file: {0}")]
    Invalid(String),
}

/// The model as stored on disk.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelFile {
    pub format: u32,
    pub name: String,
    pub bits: u32,
    /// Probability at or above which a message is called a scam.
    pub threshold: f32,
    /// Platt scaling of the raw scam logit: p = sigmoid(a * z + b).
    pub calibration: [f32; 2],
    pub scam_bias: f32,
    /// (feature index, weight) pairs.
    pub scam_weights: Vec<(u32, f32)>,
    /// Deepfake extortion against everything else (legit and other scams).
    #[serde(default)]
    pub extortion_bias: f32,
    #[serde(default)]
    pub extortion_weights: Vec<(u32, f32)>,
    pub type_classes: Vec<ScamType>,
    pub type_bias: Vec<f32>,
    /// (feature index, one weight per class).
    pub type_weights: Vec<(u32, Vec<f32>)>,
    pub trained_on: usize,
}

/// The model ready to score: dense weight tables.
#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    pub bits: u32,
    pub threshold: f32,
    calibration: [f32; 2],
    scam_bias: f32,
    scam: Vec<f32>,
    extortion_bias: f32,
    extortion: Vec<f32>,
    classes: Vec<ScamType>,
    type_bias: Vec<f32>,
    /// Row-major: feature index * classes + class.
    types: Vec<f32>,
}

pub(crate) fn sigmoid(z: f32) -> f32 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

fn dot(bias: f32, weights: &[f32], f: &Features) -> f32 {
    let mut z = bias;
    for &(i, v) in &f.entries {
        z += weights.get(i as usize).copied().unwrap_or(0.0) * v;
    }
    z
}

impl Model {
    pub fn from_json(json: &str) -> Result<Model, ModelError> {
        let file: ModelFile = serde_json::from_str(json)?;
        Model::from_file(file)
    }

    pub fn from_file(file: ModelFile) -> Result<Model, ModelError> {
        if file.format != 1 {
            return Err(ModelError::Invalid(format!("unknown format {}", file.format)));
        }
        if !(8..=24).contains(&file.bits) {
            return Err(ModelError::Invalid(format!("bits {} out of range", file.bits)));
        }
        let dims = 1usize << file.bits;
        let k = file.type_classes.len();
        if file.type_bias.len() != k {
            return Err(ModelError::Invalid("type_bias length differs from classes".into()));
        }
        let dense = |weights: &[(u32, f32)]| -> Result<Vec<f32>, ModelError> {
            let mut table = vec![0.0; dims];
            for &(i, w) in weights {
                *table.get_mut(i as usize).ok_or_else(|| {
                    ModelError::Invalid(format!("weight index {i} out of range"))
                })? = w;
            }
            Ok(table)
        };
        let scam = dense(&file.scam_weights)?;
        let extortion = dense(&file.extortion_weights)?;
        let mut types = vec![0.0; dims * k];
        for (i, ws) in &file.type_weights {
            let start = *i as usize * k;
            if ws.len() != k || start + k > types.len() {
                return Err(ModelError::Invalid(format!("type weights at {i} malformed")));
            }
            types[start..start + k].copy_from_slice(ws);
        }
        Ok(Model {
            name: file.name,
            bits: file.bits,
            threshold: file.threshold,
            calibration: file.calibration,
            scam_bias: file.scam_bias,
            scam,
            extortion_bias: file.extortion_bias,
            extortion,
            classes: file.type_classes,
            type_bias: file.type_bias,
            types,
        })
    }

    /// Raw logit of the scam head.
    pub fn scam_logit(&self, f: &Features) -> f32 {
        dot(self.scam_bias, &self.scam, f)
    }

    /// Probability that the message is deepfake extortion (against legit and other scams).
    pub fn extortion_probability(&self, f: &Features) -> f32 {
        sigmoid(dot(self.extortion_bias, &self.extortion, f))
    }

    /// Calibrated probability that the message is a scam.
    pub fn scam_probability(&self, f: &Features) -> f32 {
        let [a, b] = self.calibration;
        sigmoid(a * self.scam_logit(f) + b)
    }

    /// Probability of each scam type, given that the message is a scam.
    pub fn type_probabilities(&self, f: &Features) -> Vec<(ScamType, f32)> {
        let k = self.classes.len();
        let mut z = self.type_bias.clone();
        for &(i, v) in &f.entries {
            let start = i as usize * k;
            if let Some(row) = self.types.get(start..start + k) {
                for (zc, w) in z.iter_mut().zip(row) {
                    *zc += w * v;
                }
            }
        }
        let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let exps: Vec<f32> = z.iter().map(|v| (v - max).exp()).collect();
        let sum: f32 = exps.iter().sum();
        self.classes
            .iter()
            .zip(exps)
            .map(|(&c, e)| (c, if sum > 0.0 { e / sum } else { 0.0 }))
            .collect()
    }
}

/// The model shipped with this build.
pub const BUILTIN_MODEL_JSON: &str = include_str!("../../../model/model.json");
