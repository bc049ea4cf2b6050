//! The learned part of the analysis, on hashed features: a logistic regression for scam
//! versus legit, one for deepfake extortion against everything else, one per red flag, and a
//! softmax over scam types.
//!
//! Stored compactly (`model/model.bin`, compiled into the binary; `canhgiac train` writes a new
//! one): the magic `CGMODEL1`, a little-endian `u32` length and a JSON header with everything
//! but the weights, then one section per head (scam, extortion, each flag, each type class):
//! `u32` count, `f32` scale, and per weight a LEB128 index delta and an `i16` (weight / scale).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::features::Features;
use crate::taxonomy::{RedFlag, ScamType};

const MAGIC: &[u8; 8] = b"CGMODEL1";

#[derive(Debug, Error)]
pub enum ModelError {
    #[error("model header is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("model file: {0}")]
    Invalid(String),
}

/// A head that says whether the sender uses one red flag.
#[derive(Debug, Clone, PartialEq)]
pub struct FlagHead {
    pub flag: RedFlag,
    pub bias: f32,
    pub weights: Vec<(u32, f32)>,
}

/// Sparse (feature index, weight) pairs in index order.
pub type Sparse = Vec<(u32, f32)>;

/// The model as trained and stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFile {
    pub name: String,
    pub bits: u32,
    /// Probability at or above which a message is called a scam.
    pub threshold: f32,
    /// Platt scaling of the raw scam logit: p = sigmoid(a * z + b).
    pub calibration: [f32; 2],
    pub scam_bias: f32,
    pub scam_weights: Sparse,
    /// Deepfake extortion against everything else (legit and other scams).
    pub extortion_bias: f32,
    pub extortion_weights: Sparse,
    pub flag_heads: Vec<FlagHead>,
    pub type_classes: Vec<ScamType>,
    pub type_bias: Vec<f32>,
    /// One sparse column per class.
    pub type_weights: Vec<Sparse>,
    /// Whether the red-flag and type heads weigh character 4-grams (as models trained before
    /// 2026-12-03 do) or only words, word pairs, cues and signs.
    pub detail_grams: bool,
    pub trained_on: usize,
}

/// Everything but the weights, as the JSON header of the stored file.
#[derive(Debug, Serialize, Deserialize)]
struct Header {
    name: String,
    bits: u32,
    threshold: f32,
    calibration: [f32; 2],
    scam_bias: f32,
    extortion_bias: f32,
    flags: Vec<(RedFlag, f32)>,
    type_classes: Vec<ScamType>,
    type_bias: Vec<f32>,
    /// Absent from files written before it was: those models' detail heads weigh 4-grams.
    #[serde(default = "weighs_grams")]
    detail_grams: bool,
    trained_on: usize,
}

fn weighs_grams() -> bool {
    true
}

/// The step that maps weights onto integers of at most `levels` in magnitude: the largest
/// weight's magnitude over `levels` (1 when every weight is zero).
fn quantum(weights: &[(u32, f32)], levels: f32) -> f32 {
    let max = weights.iter().map(|w| w.1.abs()).fold(0.0f32, f32::max);
    let step = max / levels;
    if step > 0.0 {
        step
    } else {
        1.0
    }
}

fn write_section(out: &mut Vec<u8>, weights: &[(u32, f32)]) {
    let scale = quantum(weights, f32::from(i16::MAX));
    out.extend_from_slice(&(weights.len() as u32).to_le_bytes());
    out.extend_from_slice(&scale.to_le_bytes());
    let mut prev = 0u32;
    for &(i, w) in weights {
        let mut delta = i.wrapping_sub(prev);
        prev = i;
        loop {
            let byte = (delta & 0x7f) as u8;
            delta >>= 7;
            if delta == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        }
        out.extend_from_slice(&((w / scale).round() as i16).to_le_bytes());
    }
}

/// Reads the stored format without trusting it: every length and index is checked.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| ModelError::Invalid("truncated".into()))?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn section(&mut self, dims: u32) -> Result<Sparse, ModelError> {
        let count = self.u32()? as usize;
        let s = self.take(4)?;
        let scale = f32::from_le_bytes([s[0], s[1], s[2], s[3]]);
        if count > dims as usize {
            return Err(ModelError::Invalid("more weights than features".into()));
        }
        let mut out = Vec::with_capacity(count);
        let mut index = 0u32;
        for _ in 0..count {
            let mut delta = 0u32;
            let mut shift = 0;
            loop {
                let b = self.take(1)?[0];
                if shift > 28 {
                    return Err(ModelError::Invalid("bad index".into()));
                }
                delta |= u32::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            index = index.wrapping_add(delta);
            if index >= dims {
                return Err(ModelError::Invalid(format!(
                    "weight index {index} out of range"
                )));
            }
            let w = self.take(2)?;
            out.push((index, f32::from(i16::from_le_bytes([w[0], w[1]])) * scale));
        }
        Ok(out)
    }
}

impl ModelFile {
    pub fn to_bytes(&self) -> Vec<u8> {
        let header = Header {
            name: self.name.clone(),
            bits: self.bits,
            threshold: self.threshold,
            calibration: self.calibration,
            scam_bias: self.scam_bias,
            extortion_bias: self.extortion_bias,
            flags: self.flag_heads.iter().map(|h| (h.flag, h.bias)).collect(),
            type_classes: self.type_classes.clone(),
            type_bias: self.type_bias.clone(),
            detail_grams: self.detail_grams,
            trained_on: self.trained_on,
        };
        let json = serde_json::to_vec(&header).unwrap_or_default();
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(json.len() as u32).to_le_bytes());
        out.extend_from_slice(&json);
        write_section(&mut out, &self.scam_weights);
        write_section(&mut out, &self.extortion_weights);
        for head in &self.flag_heads {
            write_section(&mut out, &head.weights);
        }
        for column in &self.type_weights {
            write_section(&mut out, column);
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<ModelFile, ModelError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(ModelError::Invalid(
                "not a Cảnh Giác model (bad magic)".into(),
            ));
        }
        let len = r.u32()? as usize;
        let header: Header = serde_json::from_slice(r.take(len)?)?;
        if !(8..=24).contains(&header.bits) {
            return Err(ModelError::Invalid(format!(
                "bits {} out of range",
                header.bits
            )));
        }
        if header.type_bias.len() != header.type_classes.len() {
            return Err(ModelError::Invalid(
                "type_bias length differs from classes".into(),
            ));
        }
        let dims = 1u32 << header.bits;
        let scam_weights = r.section(dims)?;
        let extortion_weights = r.section(dims)?;
        let mut flag_heads = Vec::with_capacity(header.flags.len());
        for &(flag, bias) in &header.flags {
            flag_heads.push(FlagHead {
                flag,
                bias,
                weights: r.section(dims)?,
            });
        }
        let type_weights = header
            .type_classes
            .iter()
            .map(|_| r.section(dims))
            .collect::<Result<_, _>>()?;
        if r.pos != bytes.len() {
            return Err(ModelError::Invalid("trailing bytes".into()));
        }
        Ok(ModelFile {
            name: header.name,
            bits: header.bits,
            threshold: header.threshold,
            calibration: header.calibration,
            scam_bias: header.scam_bias,
            scam_weights,
            extortion_bias: header.extortion_bias,
            extortion_weights,
            flag_heads,
            type_classes: header.type_classes,
            type_bias: header.type_bias,
            type_weights,
            detail_grams: header.detail_grams,
            trained_on: header.trained_on,
        })
    }
}

/// One feature's weights for the two heads every message needs, and where its weights for
/// the red-flag and type heads are (most features have none). Interleaved so that scoring a
/// feature costs one memory access, which is what bounds throughput.
#[derive(Debug, Clone, Copy, Default)]
struct Entry {
    /// Multiples of `Model::head_scale`: two bytes a weight halve the table, which is larger
    /// than the cache (one entry per hashed feature). The stored model keeps weights at this
    /// precision already.
    scam: i16,
    extortion: i16,
    /// Row in `Model::rows`, or `NO_ROW`.
    row: u32,
}

const NO_ROW: u32 = u32::MAX;

/// Columns of the flag and type heads summed together: a block's sums stay in registers and a
/// row's block is one aligned piece of a cache line.
const BLOCK: usize = 32;

/// Every head's raw score for one message.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// Calibrated probability of a scam.
    pub scam: f32,
    /// Probability of deepfake extortion against everything else.
    pub extortion: f32,
    /// Probability that the sender uses each red flag the model knows.
    pub flags: Vec<(RedFlag, f32)>,
    /// Probability of each scam type, given a scam.
    pub types: Vec<(ScamType, f32)>,
}

/// The model ready to score.
#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    pub bits: u32,
    pub threshold: f32,
    calibration: [f32; 2],
    scam_bias: f32,
    extortion_bias: f32,
    table: Vec<Entry>,
    /// Scale of the scam and the extortion weights in `table`.
    head_scale: [f32; 2],
    flags: Vec<RedFlag>,
    flag_bias: Vec<f32>,
    classes: Vec<ScamType>,
    type_bias: Vec<f32>,
    /// Row-major, one row per feature that any flag or type head uses: flags, then classes,
    /// each weight as a multiple of its column's scale, in blocks of `BLOCK` columns (the last
    /// one padded with zeros). One byte a weight keeps the rows small enough to stay in cache.
    rows: Vec<[i8; BLOCK]>,
    column_scale: Vec<f32>,
    /// See [`ModelFile::detail_grams`].
    detail_grams: bool,
}

pub(crate) fn sigmoid(z: f32) -> f32 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

impl Model {
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        Model::from_file(ModelFile::from_bytes(bytes)?)
    }

    pub fn from_file(file: ModelFile) -> Result<Model, ModelError> {
        if !(8..=24).contains(&file.bits) {
            return Err(ModelError::Invalid(format!(
                "bits {} out of range",
                file.bits
            )));
        }
        let dims = 1usize << file.bits;
        let k = file.type_classes.len();
        if file.type_bias.len() != k || file.type_weights.len() != k {
            return Err(ModelError::Invalid("type heads differ from classes".into()));
        }
        let out_of_range = |i: u32| ModelError::Invalid(format!("weight index {i} out of range"));
        let mut table = vec![
            Entry {
                row: NO_ROW,
                ..Entry::default()
            };
            dims
        ];
        let head_scale = [&file.scam_weights, &file.extortion_weights]
            .map(|weights| quantum(weights, f32::from(i16::MAX)));
        for &(i, w) in &file.scam_weights {
            table
                .get_mut(i as usize)
                .ok_or_else(|| out_of_range(i))?
                .scam = (w / head_scale[0]).round() as i16;
        }
        for &(i, w) in &file.extortion_weights {
            table
                .get_mut(i as usize)
                .ok_or_else(|| out_of_range(i))?
                .extortion = (w / head_scale[1]).round() as i16;
        }
        let nf = file.flag_heads.len();
        let blocks = (nf + k).div_ceil(BLOCK);
        let mut rows: Vec<[i8; BLOCK]> = Vec::new();
        let columns: Vec<&Sparse> = file
            .flag_heads
            .iter()
            .map(|h| &h.weights)
            .chain(file.type_weights.iter())
            .collect();
        let column_scale: Vec<f32> = columns
            .iter()
            .map(|c| quantum(c, f32::from(i8::MAX)))
            .collect();
        for (column, weights) in columns.iter().enumerate() {
            for &(i, w) in weights.iter() {
                let entry = table.get_mut(i as usize).ok_or_else(|| out_of_range(i))?;
                if entry.row == NO_ROW {
                    entry.row = (rows.len() / blocks) as u32;
                    rows.resize(rows.len() + blocks, [0; BLOCK]);
                }
                rows[entry.row as usize * blocks + column / BLOCK][column % BLOCK] =
                    (w / column_scale[column]).round() as i8;
            }
        }
        Ok(Model {
            name: file.name,
            bits: file.bits,
            threshold: file.threshold,
            calibration: file.calibration,
            scam_bias: file.scam_bias,
            extortion_bias: file.extortion_bias,
            table,
            head_scale,
            flags: file.flag_heads.iter().map(|h| h.flag).collect(),
            flag_bias: file.flag_heads.iter().map(|h| h.bias).collect(),
            classes: file.type_classes,
            type_bias: file.type_bias,
            rows,
            column_scale,
            detail_grams: file.detail_grams,
        })
    }

    /// Asks the processor to bring the weight-table entries of `entries` into its caches, so
    /// that scoring them later does not wait on memory: the table is larger than a core's
    /// second-level cache, and a message's few hundred entries are spread across it.
    pub fn prefetch(&self, entries: &[(u32, f32)]) {
        for &(i, _) in entries {
            if let Some(entry) = self.table.get(i as usize) {
                prefetch(entry);
            }
        }
    }

    /// Scores a message: the scam and extortion heads always, the red-flag and type heads only
    /// when `detail` says whether they are wanted given the scam probability (they explain a
    /// scam and cost most of the time).
    pub fn score(&self, f: &Features, detail: impl Fn(f32) -> bool) -> Scores {
        let nf = self.flags.len();
        let width = nf + self.classes.len();
        // Features mostly share a value (a message's words and word pairs one, its 4-grams
        // another), so the quantised weights of each run of equal values are summed as
        // integers and turned into a float once: exact sums, and one-cycle additions in the
        // loops.
        let runs = || runs_of(&f.entries);
        // Unless the model's flag and type heads weigh character 4-grams, a scam's detail
        // reads the rows of its words, word pairs, cues and signs only.
        let (before, after) = if self.detail_grams {
            (&[][..], &f.entries[..])
        } else {
            f.around_grams()
        };
        let detail_runs = || runs_of(before).chain(runs_of(after));
        let (mut zs, mut zx) = (self.scam_bias, self.extortion_bias);
        let [scam_scale, extortion_scale] = self.head_scale;
        for (run, v) in runs() {
            let (mut s, mut x) = (0i64, 0i64);
            for &(i, _) in run {
                if let Some(e) = self.table.get(i as usize) {
                    s += i64::from(e.scam);
                    x += i64::from(e.extortion);
                }
            }
            zs += s as f32 * scam_scale * v;
            zx += x as f32 * extortion_scale * v;
        }
        let [a, b] = self.calibration;
        let scam = sigmoid(a * zs + b);
        // A few dozen columns: on the stack unless a model has unusually many heads.
        let mut on_stack = [0.0f32; 64];
        let mut on_heap = Vec::new();
        let sums: &mut [f32] = match on_stack.get_mut(..width) {
            Some(sums) => sums,
            None => {
                on_heap.resize(width, 0.0f32);
                &mut on_heap
            }
        };
        let blocks = self.blocks();
        let detailed = detail(scam);
        for (block, out) in sums.chunks_mut(BLOCK).enumerate().filter(|_| detailed) {
            for (run, v) in detail_runs() {
                // 256 weights of at most 128 in magnitude stay within an `i16`.
                for part in run.chunks(256) {
                    let mut sum = [0i16; BLOCK];
                    for &(i, _) in part {
                        let Some(e) = self.table.get(i as usize) else {
                            continue;
                        };
                        if e.row != NO_ROW {
                            if let Some(row) = self.rows.get(e.row as usize * blocks + block) {
                                add_row(&mut sum, row);
                            }
                        }
                    }
                    for (o, s) in out.iter_mut().zip(sum) {
                        *o += f32::from(s) * v;
                    }
                }
            }
        }
        // Each column's logit, written straight into the vectors returned.
        let logit = |column: usize, bias: f32| {
            let sum = sums.get(column).copied().unwrap_or(0.0);
            bias + sum * self.column_scale.get(column).copied().unwrap_or(0.0)
        };
        let flags = self
            .flags
            .iter()
            .zip(&self.flag_bias)
            .enumerate()
            .map(|(c, (&flag, &bias))| (flag, sigmoid(logit(c, bias))))
            .collect();
        let mut types: Vec<(ScamType, f32)> = self
            .classes
            .iter()
            .zip(&self.type_bias)
            .enumerate()
            .map(|(c, (&class, &bias))| (class, logit(nf + c, bias)))
            .collect();
        let max = types.iter().map(|t| t.1).fold(f32::NEG_INFINITY, f32::max);
        for t in &mut types {
            t.1 = (t.1 - max).exp();
        }
        let sum: f32 = types.iter().map(|t| t.1).sum();
        for t in &mut types {
            t.1 = if sum > 0.0 { t.1 / sum } else { 0.0 };
        }
        Scores {
            scam,
            extortion: sigmoid(zx),
            flags,
            types,
        }
    }
}

/// Asks the processor to bring the cache line of `at` closer: it reads nothing, and what it
/// fetches is read soon after.
#[inline(always)]
fn prefetch<T>(at: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch reads nothing and cannot fault, whatever the address; SSE, which it
    // needs, is part of every x86-64 processor.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (at as *const T).cast::<i8>(),
        )
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = at;
}

/// The runs of `entries` that share one value, each with that value.
fn runs_of(entries: &[(u32, f32)]) -> impl Iterator<Item = (&[(u32, f32)], f32)> {
    entries
        .chunk_by(|a, b| a.1.to_bits() == b.1.to_bits())
        .filter_map(|run| Some((run, run.first()?.1)))
}

/// `run += row`, lane by lane, written so that it compiles to a few vector instructions.
#[inline(always)]
fn add_row(run: &mut [i16; BLOCK], row: &[i8; BLOCK]) {
    for (r, &q) in run.iter_mut().zip(row) {
        *r = r.wrapping_add(i16::from(q));
    }
}

impl Model {
    /// Blocks of `BLOCK` columns in each row of `rows`.
    fn blocks(&self) -> usize {
        (self.flags.len() + self.classes.len()).div_ceil(BLOCK)
    }

    /// The weight one feature gives one red flag's head (0 when the head or the weight is
    /// absent): which words made the model see a flag.
    pub fn flag_weight(&self, index: u32, flag: RedFlag) -> f32 {
        let Some(column) = self.flags.iter().position(|&f| f == flag) else {
            return 0.0;
        };
        match self.table.get(index as usize) {
            Some(e) if e.row != NO_ROW => self
                .rows
                .get(e.row as usize * self.blocks() + column / BLOCK)
                .map_or(0.0, |block| {
                    f32::from(block[column % BLOCK])
                        * self.column_scale.get(column).copied().unwrap_or(0.0)
                }),
            _ => 0.0,
        }
    }
}

/// The model shipped with this build.
pub const BUILTIN_MODEL: &[u8] = include_bytes!("../../../model/model.bin");

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ModelFile {
        ModelFile {
            name: "t".into(),
            bits: 10,
            threshold: 0.5,
            calibration: [1.0, 0.0],
            scam_bias: 0.25,
            scam_weights: vec![(3, 0.5), (700, -1.25)],
            extortion_bias: -1.0,
            extortion_weights: vec![(1, 2.0)],
            flag_heads: vec![FlagHead {
                flag: RedFlag::DeadlineUrgency,
                bias: 0.1,
                weights: vec![(9, 0.75)],
            }],
            type_classes: vec![ScamType::DeepfakeExtortion, ScamType::Other],
            type_bias: vec![0.3, -0.3],
            type_weights: vec![vec![(5, 1.0)], vec![(5, -1.0), (1000, 0.5)]],
            detail_grams: true,
            trained_on: 2,
        }
    }

    #[test]
    fn round_trips_within_quantisation() {
        let file = sample();
        let back = ModelFile::from_bytes(&file.to_bytes()).unwrap();
        assert_eq!(back.name, file.name);
        assert_eq!(back.flag_heads[0].flag, RedFlag::DeadlineUrgency);
        for (a, b) in back.scam_weights.iter().zip(&file.scam_weights) {
            assert_eq!(a.0, b.0);
            assert!((a.1 - b.1).abs() < 1e-3);
        }
        assert_eq!(back.type_weights[1][1].0, 1000);
    }

    #[test]
    fn files_without_the_detail_field_weigh_grams_in_every_head() {
        let mut file = sample();
        file.detail_grams = false;
        let bytes = file.to_bytes();
        assert!(!ModelFile::from_bytes(&bytes).unwrap().detail_grams);
        // The same file as written before the field was: its header lacks it.
        let len = u32::from_le_bytes(bytes[MAGIC.len()..MAGIC.len() + 4].try_into().unwrap());
        let header_at = MAGIC.len() + 4;
        let header_end = header_at + len as usize;
        let header = std::str::from_utf8(&bytes[header_at..header_end]).unwrap();
        let older = header.replace(r#""detail_grams":false,"#, "");
        assert_ne!(older, header);
        let mut old = MAGIC.to_vec();
        old.extend_from_slice(&(older.len() as u32).to_le_bytes());
        old.extend_from_slice(older.as_bytes());
        old.extend_from_slice(&bytes[header_end..]);
        assert!(ModelFile::from_bytes(&old).unwrap().detail_grams);
    }

    /// A model whose detail heads weigh no 4-grams reads none for them, while its scam and
    /// extortion heads still weigh every feature.
    #[test]
    fn detail_heads_without_grams_skip_the_grams() {
        let mut file = sample();
        file.detail_grams = false;
        let model = Model::from_file(file.clone()).unwrap();
        // Features 5 and 9 (type and flag weights) and 3 (scam) fall among the 4-grams.
        let entries = vec![(1, 1.0), (9, 0.5), (5, 0.5), (3, 0.5), (1000, 1.0)];
        let features = Features {
            entries: entries.clone(),
            grams: 1..4,
        };
        let scores = model.score(&features, |_| true);
        let (scam, extortion, _, _) = plain_scores(&file, &entries);
        let outside: Vec<(u32, f32)> = vec![(1, 1.0), (1000, 1.0)];
        let (_, _, flags, types) = plain_scores(&file, &outside);
        assert_scores(&scores, (scam, extortion, flags, types));
        // The same model reading 4-grams in every head scores its flags otherwise.
        file.detail_grams = true;
        let every = Model::from_file(file).unwrap().score(&features, |_| true);
        assert!((every.flags[0].1 - scores.flags[0].1).abs() > 1e-2);
    }

    /// Every head's probability from a plain weighted sum over dense weights.
    /// `scores` match the plain sums `(scam, extortion, flags, types)`, within the stored
    /// precision: 16 bits for the main heads, 8 bits for the flag and type heads.
    fn assert_scores(scores: &Scores, (scam, extortion, flags, types): PlainScores) {
        assert!((scores.scam - scam).abs() < 1e-3, "{} {scam}", scores.scam);
        assert!((scores.extortion - extortion).abs() < 1e-3);
        for ((_, got), want) in scores.flags.iter().zip(flags) {
            assert!((got - want).abs() < 1e-2, "{got} {want}");
        }
        for ((_, got), want) in scores.types.iter().zip(types) {
            assert!((got - want).abs() < 1e-2, "{got} {want}");
        }
    }

    type PlainScores = (f32, f32, Vec<f32>, Vec<f32>);

    fn plain_scores(file: &ModelFile, entries: &[(u32, f32)]) -> PlainScores {
        let z = |bias: f32, weights: &Sparse| {
            bias + entries
                .iter()
                .map(|&(i, v)| {
                    let w = weights.iter().find(|w| w.0 == i).map_or(0.0, |w| w.1);
                    w * v
                })
                .sum::<f32>()
        };
        let [a, b] = file.calibration;
        let scam = sigmoid(a * z(file.scam_bias, &file.scam_weights) + b);
        let extortion = sigmoid(z(file.extortion_bias, &file.extortion_weights));
        let flags = file
            .flag_heads
            .iter()
            .map(|h| sigmoid(z(h.bias, &h.weights)))
            .collect();
        let type_z: Vec<f32> = file
            .type_bias
            .iter()
            .zip(&file.type_weights)
            .map(|(&bias, w)| z(bias, w))
            .collect();
        let total: f32 = type_z.iter().map(|z| z.exp()).sum();
        let types = type_z.iter().map(|z| z.exp() / total).collect();
        (scam, extortion, flags, types)
    }

    #[test]
    fn scores_are_the_weighted_sums_of_the_features() {
        let file = sample();
        let model = Model::from_file(file.clone()).unwrap();
        // A long run of one value (longer than the integer sums' chunk), then mixed values,
        // touching every weighted feature several times.
        let mut entries: Vec<(u32, f32)> = (0..700u32).map(|k| (k * 7 % 1024, 0.04)).collect();
        entries.extend([
            (3, 1.0),
            (9, 0.5),
            (5, 1.0),
            (1000, 0.5),
            (1, 0.5),
            (9, 0.04),
        ]);
        let scores = model.score(
            &Features {
                entries: entries.clone(),
                grams: 0..700,
            },
            |_| true,
        );
        assert_scores(&scores, plain_scores(&file, &entries));
        // Without detail the flag and type heads are not computed.
        let plain = model.score(
            &Features {
                entries,
                grams: 0..0,
            },
            |_| false,
        );
        assert_eq!(plain.scam, scores.scam);
        assert!(plain
            .flags
            .iter()
            .all(|&(_, p)| (p - sigmoid(0.1)).abs() < 1e-6));
    }

    #[test]
    fn rejects_damaged_files() {
        let bytes = sample().to_bytes();
        assert!(ModelFile::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(ModelFile::from_bytes(b"not a model").is_err());
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(ModelFile::from_bytes(&extra).is_err());
        for cut in 0..bytes.len() {
            let _ = ModelFile::from_bytes(&bytes[..cut]);
        }
    }
}
