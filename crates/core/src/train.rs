//! Training of the learned model from labelled messages: AdaGrad logistic regression for scam
//! versus legit, Platt calibration on out-of-fold scores, and a softmax over scam types.
//! Deterministic: the same examples give the same model.

use crate::analysis::Featurizer;
use crate::corpus::LabelledMessage;
use crate::features::Features;
use crate::model::FlagHead;
use crate::model::{sigmoid, ModelFile};
use crate::taxonomy::{Label, RedFlag, ScamType};

/// One labelled message, already turned into features.
#[derive(Debug, Clone)]
pub struct Example {
    pub features: Features,
    pub label: Label,
    pub scam_type: Option<ScamType>,
    /// Red flags the sender uses (scam messages only); `None` when not annotated.
    pub flags: Option<Vec<RedFlag>>,
    /// How much the example counts (1.0 normally).
    pub weight: f32,
    /// Written to teach the scam-type softmax and the red-flag heads only (which type a
    /// payment demand is, which tactics it uses): left out of the scam and extortion heads,
    /// whose balance of scams and legit messages a set of extra scams would tilt.
    pub typing_only: bool,
}

impl Example {
    /// A labelled message turned into features; unknown red flag names are left out.
    pub fn of(featurizer: &Featurizer, m: &LabelledMessage, weight: f32) -> Example {
        Example {
            features: featurizer.prepare(&m.text).features,
            label: m.label,
            scam_type: m.scam_type(),
            flags: m
                .red_flags
                .as_ref()
                .map(|flags| flags.iter().filter_map(|f| RedFlag::parse(f)).collect()),
            weight,
            typing_only: false,
        }
    }

    /// This example, for the type and red-flag heads only ([`Example::typing_only`]).
    #[must_use]
    pub fn for_typing_only(self) -> Example {
        Example {
            typing_only: true,
            ..self
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    pub bits: u32,
    pub epochs: usize,
    pub learning_rate: f32,
    /// L2 strength per example step: 2e-5 measured best on dev cross-validation once the
    /// English and short authored sets joined (1e-5 before; 3e-5 and 4e-5 lost held-out recall).
    pub l2: f32,
    pub calibration_folds: usize,
    /// Weights kept per head (the strongest by magnitude): the scam and extortion heads, each
    /// red-flag head, each scam-type class.
    pub keep_main: usize,
    pub keep_flag: usize,
    pub keep_type: usize,
    /// Smoothing of the naive-Bayes log-count ratios that scale each feature of the scam head
    /// while it is trained (0, the default: no scaling). At 1 it measured better in
    /// cross-validation on `dev.jsonl` but worse on the held-out implicit threats
    /// (docs/measurements.md), so the shipped model is trained without; the other heads are
    /// never scaled (no better for extortion, worse for red flags).
    pub nb_alpha: f32,
    /// Share of an example's features left out at each training step of the scam, extortion and
    /// type models (inverted dropout: the rest count `1 / (1 - dropout)`), so that no head
    /// leans on a few strong words alone; the red-flag heads never (it cost them recall).
    /// Measured in cross-validation at 0.1 to 0.4 and left at 0 (docs/measurements.md): no
    /// better for deepfake extortion, and English everyday texts called extortion at 0.2.
    pub dropout: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            bits: crate::features::DEFAULT_BITS,
            epochs: 30,
            learning_rate: 0.5,
            l2: 2e-5,
            calibration_folds: 5,
            keep_main: 100_000,
            keep_flag: 6_000,
            keep_type: 8_000,
            nb_alpha: 0.0,
            dropout: 0.0,
        }
    }
}

/// A small deterministic generator for shuffling.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// The features of one step: all of them, or (with `dropout`) a random share of them scaled up.
fn kept_features<'a>(
    entries: &'a [(u32, f32)],
    dropout: f32,
    rng: &mut XorShift,
    kept: &'a mut Vec<(u32, f32)>,
) -> &'a [(u32, f32)] {
    if !(dropout > 0.0 && dropout < 1.0) {
        return entries;
    }
    let cut = (f64::from(dropout) * u32::MAX as f64) as u64;
    let scale = 1.0 / (1.0 - dropout);
    kept.clear();
    kept.extend(
        entries
            .iter()
            .filter(|_| (rng.next() & 0xFFFF_FFFF) >= cut)
            .map(|&(i, v)| (i, v * scale)),
    );
    kept
}

struct Binary {
    bias: f32,
    w: Vec<f32>,
}

/// The scam head.
fn train_binary(examples: &[&Example], opts: &TrainOptions) -> Binary {
    train_binary_on(examples, opts, opts.nb_alpha, opts.dropout, |e| {
        e.label == Label::Scam
    })
}

/// A logistic regression for `positive`, its features scaled by their naive-Bayes ratios with
/// smoothing `nb_alpha` (0: unscaled).
fn train_binary_on(
    examples: &[&Example],
    opts: &TrainOptions,
    nb_alpha: f32,
    dropout: f32,
    positive: impl Fn(&Example) -> bool,
) -> Binary {
    let dims = 1usize << opts.bits;
    let ratio = nb_ratios(examples, dims, nb_alpha, &positive);
    let r = |i: usize| ratio.as_ref().map_or(1.0, |r| r[i]);
    let mut w = vec![0.0f32; dims];
    let mut g2 = vec![1e-6f32; dims];
    let mut bias = 0.0f32;
    let mut bias_g2 = 1e-6f32;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = XorShift(0x5EED_CA11_61AC_0001);
    // Dropout draws from a generator of its own: the order of the examples stays as without it.
    let mut drop_rng = XorShift(0x5EED_D40F_0001);
    let mut kept = Vec::new();
    for _ in 0..opts.epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let ex = examples[k];
            let y = if positive(ex) { 1.0 } else { 0.0 };
            let entries = kept_features(&ex.features.entries, dropout, &mut drop_rng, &mut kept);
            let mut z = bias;
            for &(i, v) in entries {
                z += w[i as usize] * v * r(i as usize);
            }
            let g = (sigmoid(z) - y) * ex.weight;
            bias_g2 += g * g;
            bias -= opts.learning_rate * g / bias_g2.sqrt();
            for &(i, v) in entries {
                let i = i as usize;
                let gi = g * v * r(i) + opts.l2 * w[i];
                g2[i] += gi * gi;
                w[i] -= opts.learning_rate * gi / g2[i].sqrt();
            }
        }
    }
    // The scaling folded into the weights: scoring stays a plain weighted sum.
    if let Some(ratio) = &ratio {
        for (w, r) in w.iter_mut().zip(ratio) {
            *w *= r;
        }
    }
    Binary { bias, w }
}

/// Per feature, the log of how much more often it occurs in positive than in negative
/// examples (each count smoothed by `alpha`, weighted by the example's weight): a naive-Bayes
/// prior on which features tell the classes apart, which a small training set states better
/// than a weight learned from a few occurrences. `None` when `alpha` is 0.
fn nb_ratios(
    examples: &[&Example],
    dims: usize,
    alpha: f32,
    positive: impl Fn(&Example) -> bool,
) -> Option<Vec<f32>> {
    if alpha <= 0.0 {
        return None;
    }
    let mut counts = [vec![alpha; dims], vec![alpha; dims]];
    for ex in examples {
        let side = &mut counts[usize::from(positive(ex))];
        for &(i, v) in &ex.features.entries {
            if v != 0.0 {
                if let Some(c) = side.get_mut(i as usize) {
                    *c += ex.weight;
                }
            }
        }
    }
    let [neg, pos] = counts;
    let (neg_total, pos_total): (f32, f32) = (neg.iter().sum(), pos.iter().sum());
    Some(
        pos.iter()
            .zip(&neg)
            .map(|(p, q)| ((p / pos_total) / (q / neg_total)).ln())
            .collect(),
    )
}

fn logit(model: &Binary, f: &Features) -> f32 {
    model.bias
        + f.entries
            .iter()
            .map(|&(i, v)| model.w.get(i as usize).copied().unwrap_or(0.0) * v)
            .sum::<f32>()
}

/// Fits p = sigmoid(a z + b) to out-of-fold logits by gradient descent on log-loss.
fn fit_platt(scores: &[(f32, f32)]) -> [f32; 2] {
    if scores.is_empty() {
        return [1.0, 0.0];
    }
    let (mut a, mut b) = (1.0f32, 0.0f32);
    let n = scores.len() as f32;
    for _ in 0..2000 {
        let (mut ga, mut gb) = (0.0, 0.0);
        for &(z, y) in scores {
            let g = sigmoid(a * z + b) - y;
            ga += g * z;
            gb += g;
        }
        a -= 0.5 * ga / n;
        b -= 0.5 * gb / n;
    }
    [a, b]
}

struct Softmax {
    bias: Vec<f32>,
    /// Row-major dims x classes.
    w: Vec<f32>,
}

fn train_types(examples: &[(&Example, usize)], classes: usize, opts: &TrainOptions) -> Softmax {
    let dims = 1usize << opts.bits;
    let mut w = vec![0.0f32; dims * classes];
    let mut g2 = vec![1e-6f32; dims * classes];
    let mut bias = vec![0.0f32; classes];
    let mut bias_g2 = vec![1e-6f32; classes];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = XorShift(0x5EED_CA11_61AC_0002);
    let mut drop_rng = XorShift(0x5EED_D40F_0002);
    let mut kept = Vec::new();
    let mut z = vec![0.0f32; classes];
    for _ in 0..opts.epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let (ex, y) = examples[k];
            let entries =
                kept_features(&ex.features.entries, opts.dropout, &mut drop_rng, &mut kept);
            z.copy_from_slice(&bias);
            for &(i, v) in entries {
                let row = &w[i as usize * classes..(i as usize + 1) * classes];
                for (zc, wc) in z.iter_mut().zip(row) {
                    *zc += wc * v;
                }
            }
            let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let sum: f32 = z.iter().map(|v| (v - max).exp()).sum();
            for c in 0..classes {
                let p = (z[c] - max).exp() / sum;
                let g = (p - if c == y { 1.0 } else { 0.0 }) * ex.weight;
                bias_g2[c] += g * g;
                bias[c] -= opts.learning_rate * g / bias_g2[c].sqrt();
                for &(i, v) in entries {
                    let j = i as usize * classes + c;
                    let gj = g * v + opts.l2 * w[j];
                    g2[j] += gj * gj;
                    w[j] -= opts.learning_rate * gj / g2[j].sqrt();
                }
            }
        }
    }
    Softmax { bias, w }
}

/// The `keep` strongest weights by magnitude, as (index, weight) in index order.
fn strongest(w: &[f32], keep: usize) -> Vec<(u32, f32)> {
    let mut entries: Vec<(u32, f32)> = w
        .iter()
        .enumerate()
        .filter(|(_, w)| **w != 0.0)
        .map(|(i, w)| (i as u32, *w))
        .collect();
    if entries.len() > keep {
        entries.select_nth_unstable_by(keep, |a, b| b.1.abs().total_cmp(&a.1.abs()));
        entries.truncate(keep);
    }
    entries.sort_by_key(|e| e.0);
    entries
}

/// Trains a model file from examples.
pub fn train(examples: &[Example], name: &str, opts: &TrainOptions) -> ModelFile {
    // The scam and extortion heads learn from these; the type and red-flag heads also from the
    // examples that teach them only.
    let for_scam_heads: Vec<&Example> = examples.iter().filter(|e| !e.typing_only).collect();

    // Out-of-fold logits for calibration.
    let folds = opts.calibration_folds.max(2);
    let mut oof = Vec::with_capacity(for_scam_heads.len());
    if for_scam_heads.len() >= folds * 2 {
        for fold in 0..folds {
            let train_part: Vec<&Example> = for_scam_heads
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds != fold)
                .map(|(_, e)| *e)
                .collect();
            let m = train_binary(&train_part, opts);
            for (_, e) in for_scam_heads
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds == fold)
            {
                let y = if e.label == Label::Scam { 1.0 } else { 0.0 };
                oof.push((logit(&m, &e.features), y));
            }
        }
    }
    let calibration = fit_platt(&oof);
    let binary = train_binary(&for_scam_heads, opts);

    // The type and red-flag heads learn from words, word pairs, cues and signs, not character
    // 4-grams (scoring reads them so).
    let detail: Vec<Example> = examples
        .iter()
        .map(|e| Example {
            features: Features {
                entries: e.features.without_grams().copied().collect(),
                grams: 0..0,
            },
            ..e.clone()
        })
        .collect();
    let classes: Vec<ScamType> = ScamType::ALL
        .iter()
        .copied()
        .filter(|t| examples.iter().any(|e| e.scam_type == Some(*t)))
        .collect();
    let typed: Vec<(&Example, usize)> = detail
        .iter()
        .filter(|e| e.label == Label::Scam)
        .filter_map(|e| {
            let t = e.scam_type?;
            Some((e, classes.iter().position(|c| *c == t)?))
        })
        .collect();
    let k = classes.len();
    let softmax = train_types(&typed, k, opts);

    // Deepfake extortion against everything else: the type that matters most gets its own head.
    let extortion = train_binary_on(&for_scam_heads, opts, 0.0, opts.dropout, |e| {
        e.label == Label::Scam && e.scam_type == Some(ScamType::DeepfakeExtortion)
    });
    // One head per red flag, trained on the scam messages annotated with their tactics: which
    // tactics this sender uses.
    let scams: Vec<&Example> = detail
        .iter()
        .filter(|e| e.label == Label::Scam && e.flags.is_some())
        .collect();
    let uses = |e: &Example, flag: RedFlag| e.flags.as_ref().is_some_and(|f| f.contains(&flag));
    let flag_heads = RedFlag::ALL
        .iter()
        .filter(|&&f| scams.iter().any(|e| uses(e, f)))
        .map(|&flag| {
            let head = train_binary_on(&scams, opts, 0.0, 0.0, |e| uses(e, flag));
            FlagHead {
                flag,
                bias: head.bias,
                weights: strongest(&head.w, opts.keep_flag),
            }
        })
        .collect();
    let type_weights = (0..k)
        .map(|c| {
            let column: Vec<f32> = softmax
                .w
                .iter()
                .skip(c)
                .step_by(k.max(1))
                .copied()
                .collect();
            strongest(&column, opts.keep_type)
        })
        .collect();
    ModelFile {
        name: name.to_string(),
        bits: opts.bits,
        threshold: 0.5,
        calibration,
        scam_bias: binary.bias,
        scam_weights: strongest(&binary.w, opts.keep_main),
        extortion_bias: extortion.bias,
        extortion_weights: strongest(&extortion.w, opts.keep_main),
        flag_heads,
        detail_grams: false,
        type_classes: classes,
        type_bias: softmax.bias,
        type_weights,
        trained_on: examples.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(featurizer: &Featurizer, json: &str) -> Example {
        let message: LabelledMessage = serde_json::from_str(json).expect("message");
        Example::of(featurizer, &message, 1.0)
    }

    #[test]
    fn only_scams_annotated_with_their_tactics_train_the_red_flag_heads() {
        let featurizer = Featurizer::new("[ctx:warning]\ncảnh báo\n", 12).expect("cues");
        let annotated = r#"{"id":"a","label":"scam","scam_type":"deepfake_extortion",
            "red_flags":["secrecy_demand"],"text":"đừng nói với ai, chuyển tiền ngay"}"#;
        let unannotated = r#"{"id":"u","label":"scam","scam_type":"deepfake_extortion",
            "text":"tôi sẽ đăng clip lên mạng"}"#;
        let legit = r#"{"id":"l","label":"legit","text":"tối nay anh về ăn cơm nhé"}"#;
        assert_eq!(
            example(&featurizer, annotated).flags,
            Some(vec![RedFlag::SecrecyDemand])
        );
        assert_eq!(example(&featurizer, unannotated).flags, None);
        let opts = TrainOptions {
            bits: 12,
            epochs: 2,
            ..TrainOptions::default()
        };
        let heads = |messages: &[&str]| -> Vec<(RedFlag, f32)> {
            let examples: Vec<Example> = messages.iter().map(|m| example(&featurizer, m)).collect();
            train(&examples, "t", &opts)
                .flag_heads
                .iter()
                .map(|h| (h.flag, h.bias))
                .collect()
        };
        assert!(heads(&[unannotated, unannotated, legit, legit]).is_empty());
        // The unannotated scams are no evidence against the tactic: the head sees only the
        // annotated one, which uses it.
        let trained = heads(&[annotated, unannotated, unannotated, unannotated, legit]);
        assert_eq!(trained.len(), 1);
        assert_eq!(trained[0].0, RedFlag::SecrecyDemand);
        assert!(trained[0].1 > 0.0, "{trained:?}");
    }

    #[test]
    fn typing_only_examples_teach_the_type_model_and_leave_the_scam_heads_alone() {
        let featurizer = Featurizer::new("[ctx:warning]\ncảnh báo\n", 12).expect("cues");
        let base = [
            r#"{"id":"a","label":"scam","scam_type":"deepfake_extortion","text":"chuyển 500 usdt vào ví này trước 9h"}"#,
            r#"{"id":"b","label":"scam","scam_type":"investment","text":"lợi nhuận 30% mỗi tuần, nạp ngay"}"#,
            r#"{"id":"c","label":"legit","text":"tối nay anh về ăn cơm nhé"}"#,
            r#"{"id":"d","label":"legit","text":"mai họp lúc 8h nhé"}"#,
        ];
        let typing = r#"{"id":"t","label":"scam","scam_type":"investment","red_flags":["crypto_payment_demand"],"text":"nạp usdt vào ví để rút lợi nhuận"}"#;
        let opts = TrainOptions {
            bits: 12,
            epochs: 3,
            ..TrainOptions::default()
        };
        let examples: Vec<Example> = base.iter().map(|m| example(&featurizer, m)).collect();
        let without = train(&examples, "t", &opts);
        let mut with_typing = examples.clone();
        with_typing.push(example(&featurizer, typing).for_typing_only());
        let with = train(&with_typing, "t", &opts);
        assert_eq!(with.scam_bias, without.scam_bias);
        assert_eq!(with.scam_weights, without.scam_weights);
        assert_eq!(with.calibration, without.calibration);
        assert_eq!(with.extortion_weights, without.extortion_weights);
        assert_ne!(with.type_weights, without.type_weights);
        assert_eq!(
            with.flag_heads.iter().map(|h| h.flag).collect::<Vec<_>>(),
            vec![RedFlag::CryptoPaymentDemand]
        );
        assert!(without.flag_heads.is_empty());
    }

    #[test]
    fn dropout_keeps_a_share_of_the_features_scaled_up() {
        let entries: Vec<(u32, f32)> = (0..10_000).map(|i| (i, 0.5)).collect();
        let mut rng = XorShift(7);
        let mut kept = Vec::new();
        let all = kept_features(&entries, 0.0, &mut rng, &mut kept).len();
        assert_eq!(all, entries.len());
        let some = kept_features(&entries, 0.25, &mut rng, &mut kept);
        assert!((7_000..8_000).contains(&some.len()), "{}", some.len());
        assert!(some.iter().all(|&(_, v)| (v - 0.5 / 0.75).abs() < 1e-6));
        assert!(some.windows(2).all(|w| w[0].0 < w[1].0));
        // A share of 1 or more would leave nothing: taken as no dropout.
        assert_eq!(
            kept_features(&entries, 1.0, &mut rng, &mut kept).len(),
            entries.len()
        );
    }

    #[test]
    fn naive_bayes_ratios_favour_the_features_of_the_positive_class() {
        let features = |indices: &[u32]| Features {
            entries: indices.iter().map(|&i| (i, 0.5)).collect(),
            grams: 0..0,
        };
        let labelled = |indices: &[u32], label: Label, weight: f32| Example {
            features: features(indices),
            label,
            scam_type: None,
            flags: None,
            weight,
            typing_only: false,
        };
        // Feature 1 only in scams, 2 only in legit messages, 3 in both alike.
        let examples = [
            labelled(&[1, 3], Label::Scam, 1.0),
            labelled(&[1, 3], Label::Scam, 1.0),
            labelled(&[2, 3], Label::Legit, 2.0),
        ];
        let refs: Vec<&Example> = examples.iter().collect();
        let scam = |e: &Example| e.label == Label::Scam;
        assert!(nb_ratios(&refs, 8, 0.0, scam).is_none());
        let r = nb_ratios(&refs, 8, 1.0, scam).expect("ratios");
        assert_eq!(r.len(), 8);
        assert!(r[1] > 0.5 && r[2] < -0.5, "{r:?}");
        // Equal weighted counts on both sides: the ratio of one unseen feature's.
        assert!((r[3] - r[0]).abs() < 1e-6, "{r:?}");
        // Scaling is folded into the stored weights: training on scaled features still
        // separates the classes by the feature that tells them apart.
        let opts = TrainOptions {
            bits: 8,
            epochs: 20,
            nb_alpha: 1.0,
            ..TrainOptions::default()
        };
        let model = train_binary(&refs, &opts);
        assert!(model.w[1] > 0.0 && model.w[2] < 0.0, "{:?}", &model.w[..4]);
    }
}
