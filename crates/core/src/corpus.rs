//! Labelled messages in the corpus format of `corpus/SPEC.md`, and the metrics of
//! `eval/score.py` computed over them.

use std::collections::BTreeSet;

use serde::Deserialize;

use crate::analysis::Analysis;
use crate::taxonomy::{Label, ScamType};

/// An indicator as the corpus lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GoldIndicator {
    pub kind: String,
    pub value: String,
}

/// One labelled message. Unknown fields are ignored; `scam_type` may name a type outside the
/// taxonomy (such as "unknown"), which then counts as no type.
#[derive(Debug, Clone, Deserialize)]
pub struct LabelledMessage {
    pub id: String,
    pub text: String,
    pub label: Label,
    #[serde(default)]
    pub scam_type: Option<String>,
    #[serde(default)]
    pub legit_type: Option<String>,
    /// The tactics the sender uses; absent when the message was not annotated for them (it
    /// then trains the scam and type heads but not the red-flag heads).
    #[serde(default)]
    pub red_flags: Option<Vec<String>>,
    #[serde(default)]
    pub indicators: Vec<GoldIndicator>,
}

impl LabelledMessage {
    pub fn scam_type(&self) -> Option<ScamType> {
        self.scam_type.as_deref().and_then(ScamType::parse)
    }
}

/// Precision, recall and F1 with their counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Prf {
    fn from_counts(tp: usize, fp: usize, fn_: usize) -> Prf {
        let p = if tp + fp > 0 {
            tp as f64 / (tp + fp) as f64
        } else {
            1.0
        };
        let r = if tp + fn_ > 0 {
            tp as f64 / (tp + fn_) as f64
        } else {
            1.0
        };
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf {
            precision: p,
            recall: r,
            f1,
            tp,
            fp,
            fn_,
        }
    }
}

/// The metrics of `eval/score.py`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Metrics {
    pub n: usize,
    pub scam_vs_legit: Prf,
    pub deepfake_extortion: Prf,
    pub legit_false_positive_rate: f64,
    pub warning_false_positive_rate: f64,
    pub legit_called_deepfake: usize,
    pub scam_type_accuracy: f64,
    pub indicators: Prf,
    pub red_flags: Prf,
}

/// Normalises an indicator the way the scorer compares them.
pub fn comparable_indicator(kind: &str, value: &str) -> (String, String) {
    let kind = kind.to_lowercase();
    let v = value.trim();
    let value = match kind.as_str() {
        "url" => {
            let with_scheme = if v.contains("://") {
                v.to_string()
            } else {
                format!("http://{v}")
            };
            let rest = with_scheme.split_once("://").map(|x| x.1).unwrap_or("");
            let (authority, tail) = match rest.find(['/', '?', '#']) {
                Some(i) => rest.split_at(i),
                None => (rest, ""),
            };
            let host = authority.rsplit('@').next().unwrap_or("");
            let host = host.split(':').next().unwrap_or("").to_lowercase();
            let tail = tail.split('#').next().unwrap_or("");
            let (path, query) = match tail.split_once('?') {
                Some((p, q)) => (p, q),
                None => (tail, ""),
            };
            let path = path.trim_end_matches('/');
            if query.is_empty() {
                format!("{host}{path}")
            } else {
                format!("{host}{path}?{query}")
            }
        }
        "email" | "telegram" => v.to_lowercase().trim_start_matches('@').to_string(),
        "bank_account" => v.chars().filter(char::is_ascii_digit).collect(),
        "phone" => format!(
            "+{}",
            v.chars().filter(char::is_ascii_digit).collect::<String>()
        ),
        _ => v.to_string(),
    };
    (kind, value)
}

#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn add_bool(&mut self, gold: bool, pred: bool) {
        match (gold, pred) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => {}
        }
    }

    fn add_sets<T: Ord>(&mut self, gold: &BTreeSet<T>, pred: &BTreeSet<T>) {
        self.tp += gold.intersection(pred).count();
        self.fp += pred.difference(gold).count();
        self.fn_ += gold.difference(pred).count();
    }

    fn prf(&self) -> Prf {
        Prf::from_counts(self.tp, self.fp, self.fn_)
    }
}

/// Scores analyses against labelled messages; `None` is a missing prediction.
pub fn score(pairs: &[(&LabelledMessage, Option<&Analysis>)]) -> Metrics {
    let (mut scam, mut dx, mut ind, mut flag) = (
        Counts::default(),
        Counts::default(),
        Counts::default(),
        Counts::default(),
    );
    let (mut legit_n, mut legit_fp, mut warn_n, mut warn_fp, mut legit_dx) = (0, 0, 0, 0, 0);
    let (mut type_n, mut type_ok) = (0, 0);
    for (gold, pred) in pairs {
        let gs = gold.label == Label::Scam;
        let ps = pred.is_some_and(|p| p.label == Label::Scam);
        let pred_type = pred.and_then(|p| p.scam_type);
        let gd = gs && gold.scam_type.as_deref() == Some("deepfake_extortion");
        let pd = ps && pred_type == Some(ScamType::DeepfakeExtortion);
        scam.add_bool(gs, ps);
        dx.add_bool(gd, pd);
        if !gs {
            legit_n += 1;
            legit_fp += usize::from(ps);
            legit_dx += usize::from(pd);
            if gold.legit_type.as_deref() == Some("warning") {
                warn_n += 1;
                warn_fp += usize::from(ps);
            }
        }
        if gs && ps {
            type_n += 1;
            type_ok += usize::from(gold.scam_type.as_deref() == pred_type.map(|t| t.as_str()));
        }
        let gi: BTreeSet<_> = gold
            .indicators
            .iter()
            .map(|i| comparable_indicator(&i.kind, &i.value))
            .collect();
        let pi: BTreeSet<_> = pred
            .map(|p| {
                p.indicators
                    .iter()
                    .map(|i| comparable_indicator(i.kind.as_str(), &i.value))
                    .collect()
            })
            .unwrap_or_default();
        ind.add_sets(&gi, &pi);
        let gf: BTreeSet<String> = gold.red_flags.iter().flatten().cloned().collect();
        let pf: BTreeSet<String> = pred
            .map(|p| {
                p.red_flags
                    .iter()
                    .map(|f| f.flag.as_str().to_string())
                    .collect()
            })
            .unwrap_or_default();
        flag.add_sets(&gf, &pf);
    }
    let rate = |a: usize, n: usize| if n > 0 { a as f64 / n as f64 } else { 0.0 };
    Metrics {
        n: pairs.len(),
        scam_vs_legit: scam.prf(),
        deepfake_extortion: dx.prf(),
        legit_false_positive_rate: rate(legit_fp, legit_n),
        warning_false_positive_rate: rate(warn_fp, warn_n),
        legit_called_deepfake: legit_dx,
        scam_type_accuracy: rate(type_ok, type_n),
        indicators: ind.prf(),
        red_flags: flag.prf(),
    }
}
