//! Cross-validates the analyser at several decision thresholds in one run: features are
//! computed once, five fold models trained once, and every threshold setting scored on the
//! held-out fifths (the metrics of eval/score.py, plus red flags per flag). With the real
//! English and Vietnamese SMS collections of ../shared present, the model trained on all the
//! data also counts, per setting, their legit messages called deepfake extortion.
//!
//! usage: cargo run --release -p canhgiac-core --example decision_sweep -- [CUES]
//! SWEEP="flag_agreement=0.1,0.2;extortion_by_type=0.5,0.6" picks the grid (every
//! combination; unnamed thresholds keep their defaults); L2=, LR=, EPOCHS=, DATA_WEIGHT=, NB=
//! (naive-Bayes scaling of the scam head), DROPOUT= (feature dropout while training), SCAM=
//! (the scam threshold), BITS= (hash bits), XPRIOR= (added to the type model's extortion
//! bias), KEEP_TYPE= and KEEP_FLAG= (weights kept per type class and per red-flag head) change
//! the training; DUMP=FILE writes the held-out analyses as JSONL (of split DUMP_SPLIT, default
//! 0, or of every split with DUMP_SPLIT=all, each line with its split and the extortion head's
//! probability);
//! HITS=ID,ID prints the cue hits of those dev messages and stops;
//! EXTRA=FILE,FILE adds training sets on trial to the authored ones, TYPING=FILE,FILE sets for
//! the type and red-flag heads only to data/typing-*.jsonl. The model trained on all
//! the data is also measured on the team's held-out implicit threats and, when present, on
//! vn-sms train.jsonl (scam F1) and the UCI ham.
//! REPEATS=N (default 1) also scores N-1 other random fold assignments and prints the mean: one
//! split moves deepfake F1 by about ±0.01 on its own, more than many changes worth measuring.
//! Run from the workspace root.

use std::collections::{BTreeMap, BTreeSet};

use canhgiac_core::analysis::{Featurizer, Thresholds, BUILTIN_CUES};
use canhgiac_core::corpus::{score, LabelledMessage};
use canhgiac_core::features::DEFAULT_BITS;
use canhgiac_core::model::ModelFile;
use canhgiac_core::taxonomy::{Label, ScamType};
use canhgiac_core::train::{train, Example, TrainOptions};
use canhgiac_core::{Analysis, Analyzer, Model};

const FOLDS: usize = 5;
const DATA_WEIGHT: f32 = 2.0;

fn read_jsonl(path: &str) -> Vec<LabelledMessage> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}: {e}")))
        .collect()
}

fn grid() -> Vec<Thresholds> {
    let spec = std::env::var("SWEEP").unwrap_or_default();
    let mut settings = vec![Thresholds::default()];
    for part in spec.split(';').filter(|p| !p.trim().is_empty()) {
        let (name, values) = part.split_once('=').expect("NAME=V1,V2");
        let values: Vec<f32> = values
            .split(',')
            .map(|v| v.trim().parse().expect("a number"))
            .collect();
        settings = settings
            .iter()
            .flat_map(|t| {
                values.iter().map(move |&v| {
                    let mut t = *t;
                    match name.trim() {
                        "flag_agreement" => t.flag_agreement = v,
                        "extortion_with_tactic" => t.extortion_with_tactic = v,
                        "extortion_alone" => t.extortion_alone = v,
                        "extortion_alone_min_words" => t.extortion_alone_min_words = v as usize,
                        "extortion_other_type" => t.extortion_other_type = v,
                        "extortion_alone_min_scam" => t.extortion_alone_min_scam = v,
                        "extortion_by_type" => t.extortion_by_type = v,
                        "extortion_by_type_sure" => t.extortion_by_type_sure = v,
                        "flag_alone" => t.flag_alone = v,
                        other => panic!("no threshold {other}"),
                    }
                    t
                })
            })
            .collect();
    }
    settings
}

/// The fold of dev message `i` in repetition `r`: `i % FOLDS` first (the split of
/// scripts/crossval.sh), then pseudo-random splits.
fn fold_of(r: usize, i: usize) -> usize {
    if r == 0 {
        return i % FOLDS;
    }
    let mut h = (i as u64).wrapping_add((r as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((h ^ (h >> 31)) % FOLDS as u64) as usize
}

fn called_deepfake(a: &Analysis) -> bool {
    a.label == Label::Scam && a.scam_type == Some(ScamType::DeepfakeExtortion)
}

fn main() {
    let cues = std::env::args()
        .nth(1)
        .map(|p| std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
        .unwrap_or_else(|| BUILTIN_CUES.to_string());
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<f32>().ok());
    let bits = env("BITS").map_or(DEFAULT_BITS, |v| v as u32);
    let featurizer = Featurizer::new(&cues, bits).expect("cues parse");
    let dev = read_jsonl("data/dev.jsonl");
    if let Ok(ids) = std::env::var("HITS") {
        for m in dev.iter().filter(|m| ids.split(',').any(|id| id == m.id)) {
            let p = featurizer.prepare(&m.text);
            println!(
                "== {} describes {}",
                m.id,
                featurizer.addressing(&p.hits, &p.negated).describes()
            );
            for (h, neg) in p.hits.iter().zip(&p.negated) {
                println!(
                    "  {:?} {:?} neg={neg}",
                    featurizer.cues().sections()[h.section],
                    &m.text[h.start..h.end]
                );
            }
        }
        return;
    }
    // The authored sets (`authored-*`) and those for the type and red-flag heads only
    // (`typing-*`), with the sets on trial of EXTRA and TYPING, not yet in data/.
    let sets = |prefix: &str, trial: &str| -> Vec<LabelledMessage> {
        let mut paths: Vec<String> = std::fs::read_dir("data")
            .expect("data/")
            .filter_map(|e| e.ok().map(|e| e.path().display().to_string()))
            .filter(|p| p.contains(prefix) && p.ends_with(".jsonl"))
            .collect();
        paths.sort();
        if let Ok(trial) = std::env::var(trial) {
            paths.extend(
                trial
                    .split(',')
                    .filter(|p| !p.is_empty())
                    .map(str::to_string),
            );
        }
        paths.iter().flat_map(|p| read_jsonl(p)).collect()
    };
    let dev_examples: Vec<Example> = dev
        .iter()
        .map(|m| Example::of(&featurizer, m, env("DATA_WEIGHT").unwrap_or(DATA_WEIGHT)))
        .collect();
    let extra_examples: Vec<Example> = sets("authored-", "EXTRA")
        .iter()
        .map(|m| Example::of(&featurizer, m, 1.0))
        .chain(
            sets("typing-", "TYPING")
                .iter()
                .map(|m| Example::of(&featurizer, m, 1.0).for_typing_only()),
        )
        .collect();
    let mut opts = TrainOptions {
        bits,
        ..TrainOptions::default()
    };
    if let Some(v) = env("L2") {
        opts.l2 = v;
    }
    if let Some(v) = env("LR") {
        opts.learning_rate = v;
    }
    if let Some(v) = env("NB") {
        opts.nb_alpha = v;
    }
    if let Some(v) = env("KEEP_TYPE") {
        opts.keep_type = v as usize;
    }
    if let Some(v) = env("KEEP_FLAG") {
        opts.keep_flag = v as usize;
    }
    if let Some(v) = env("DROPOUT") {
        opts.dropout = v;
    }
    if let Some(v) = env("EPOCHS") {
        opts.epochs = v as usize;
    }

    let repeats = env("REPEATS").map_or(1, |v| (v as usize).max(1));
    // A trained model as an analyser, at the scam threshold SCAM= and with XPRIOR= added to
    // extortion's bias in the type model, when given.
    let analyzer_of = |mut file: ModelFile| {
        if let Some(scam) = env("SCAM") {
            file.threshold = scam;
        }
        if let Some(prior) = env("XPRIOR") {
            for (c, b) in file.type_classes.iter().zip(file.type_bias.iter_mut()) {
                if *c == ScamType::DeepfakeExtortion {
                    *b += prior;
                }
            }
        }
        Analyzer::new(&cues, Model::from_file(file).expect("model")).expect("analyser")
    };
    let analyzers: Vec<Analyzer> = (0..repeats * FOLDS)
        .map(|rk| {
            let (r, k) = (rk / FOLDS, rk % FOLDS);
            let part: Vec<Example> = dev_examples
                .iter()
                .enumerate()
                .filter(|(i, _)| fold_of(r, *i) != k)
                .map(|(_, e)| e.clone())
                .chain(extra_examples.iter().cloned())
                .collect();
            analyzer_of(train(&part, &format!("cv-{k}"), &opts))
        })
        .collect();
    // Real SMS written by others: measured, never trained on.
    let external: Vec<(&str, Vec<LabelledMessage>)> = [
        (
            "uci-ham",
            "../shared/external/uci-sms/SMSSpamCollection.tsv",
        ),
        ("vn-train", "../shared/external/vn-sms/train.jsonl"),
    ]
    .into_iter()
    .filter_map(|(name, path)| {
        let text = std::fs::read_to_string(path).ok()?;
        let messages = if path.ends_with(".tsv") {
            // The ham messages only.
            text.lines()
                .skip(1)
                .filter_map(|l| l.strip_prefix("ham\t"))
                .enumerate()
                .map(|(i, t)| LabelledMessage {
                    id: format!("uci-{i}"),
                    text: t.to_string(),
                    label: Label::Legit,
                    scam_type: None,
                    legit_type: None,
                    red_flags: None,
                    indicators: Vec::new(),
                })
                .collect()
        } else {
            read_jsonl(path)
        };
        Some((name, messages))
    })
    .collect();
    let full = (!external.is_empty()).then(|| {
        let all: Vec<Example> = dev_examples
            .iter()
            .chain(&extra_examples)
            .cloned()
            .collect();
        analyzer_of(train(&all, "full", &opts))
    });

    for t in grid() {
        let folds: Vec<Analyzer> = analyzers
            .iter()
            .map(|a| a.clone().with_thresholds(t))
            .collect();
        let analyses_of = |r: usize| -> Vec<Analysis> {
            dev.iter()
                .enumerate()
                .map(|(i, m)| folds[r * FOLDS + fold_of(r, i)].analyze(&m.text))
                .collect()
        };
        let analyses = analyses_of(0);
        if let Ok(path) = std::env::var("DUMP") {
            // DUMP_SPLIT=all: every split's analyses, each line with its split.
            let splits: Vec<usize> = match std::env::var("DUMP_SPLIT").as_deref() {
                Ok("all") => (0..repeats).collect(),
                _ => vec![env("DUMP_SPLIT").map_or(0, |v| v as usize).min(repeats - 1)],
            };
            let lines: Vec<String> = splits
                .iter()
                .flat_map(|&split| {
                    dev.iter()
                        .zip(analyses_of(split))
                        .enumerate()
                        .map(move |(i, (m, a))| (split, i, m, a))
                })
                .map(|(split, i, m, a)| {
                    let mut v = serde_json::to_value(&a).expect("analysis serialises");
                    v["id"] = m.id.clone().into();
                    // The extortion head, which the Analysis does not show.
                    let fold = &folds[split * FOLDS + fold_of(split, i)];
                    let features = fold.featurizer().prepare(&m.text).features;
                    let extortion = fold.model().score(&features, |_| false).extortion;
                    v["extortion_head"] = ((extortion * 1e3).round() / 1e3).into();
                    v["split"] = split.into();
                    v.to_string()
                })
                .collect();
            std::fs::write(&path, lines.join("\n") + "\n").expect("dump written");
        }
        let metrics_of = |analyses: &[Analysis]| {
            let pairs: Vec<_> = dev
                .iter()
                .zip(analyses)
                .map(|(m, a)| (m, Some(a)))
                .collect();
            score(&pairs)
        };
        let metrics = metrics_of(&analyses);
        println!("== {t:?}");
        for (name, prf) in [
            ("scam", metrics.scam_vs_legit),
            ("deepfake", metrics.deepfake_extortion),
            ("red flags", metrics.red_flags),
        ] {
            println!(
                "{name:10} P {:.3} R {:.3} F1 {:.3} (tp {} fp {} fn {})",
                prf.precision, prf.recall, prf.f1, prf.tp, prf.fp, prf.fn_
            );
        }
        println!(
            "warning FPR {:.3}  type accuracy {:.3}",
            metrics.warning_false_positive_rate, metrics.scam_type_accuracy
        );
        let mut per_flag: BTreeMap<String, [usize; 3]> = BTreeMap::new();
        for (m, a) in dev.iter().zip(&analyses) {
            let gold: Vec<&str> = m.red_flags.iter().flatten().map(String::as_str).collect();
            let found: Vec<&str> = a.red_flags.iter().map(|f| f.flag.as_str()).collect();
            let union: BTreeSet<&str> = gold.iter().chain(&found).copied().collect();
            for f in union {
                let c = per_flag.entry(f.to_string()).or_default();
                match (gold.contains(&f), found.contains(&f)) {
                    (true, true) => c[0] += 1,
                    (false, true) => c[1] += 1,
                    _ => c[2] += 1,
                }
            }
        }
        let line: Vec<String> = per_flag
            .iter()
            .map(|(f, [tp, fp, fn_])| format!("{f} {tp}/{fp}/{fn_}"))
            .collect();
        println!("per flag tp/fp/fn: {}", line.join(", "));
        if repeats > 1 {
            let mut sums = [0.0f64; 4];
            for r in 0..repeats {
                let m = if r == 0 {
                    metrics.clone()
                } else {
                    metrics_of(&analyses_of(r))
                };
                for (sum, v) in sums.iter_mut().zip([
                    m.scam_vs_legit.f1,
                    m.deepfake_extortion.f1,
                    m.red_flags.f1,
                    m.warning_false_positive_rate,
                ]) {
                    *sum += v / repeats as f64;
                }
            }
            println!(
                "mean of {repeats} splits: scam F1 {:.3}  deepfake F1 {:.3}  red flags F1 {:.3}  warning FPR {:.3}",
                sums[0], sums[1], sums[2], sums[3]
            );
        }
        if let Some(full) = &full {
            let full = full.clone().with_thresholds(t);
            for (name, messages) in &external {
                let analyses: Vec<Analysis> =
                    messages.iter().map(|m| full.analyze(&m.text)).collect();
                let legit: Vec<(&LabelledMessage, &Analysis)> = messages
                    .iter()
                    .zip(&analyses)
                    .filter(|(m, _)| m.label == Label::Legit)
                    .collect();
                let mut n = 0;
                for (m, a) in &legit {
                    if called_deepfake(a) {
                        n += 1;
                        let flags: Vec<&str> =
                            a.red_flags.iter().map(|f| f.flag.as_str()).collect();
                        let features = full.featurizer().prepare(&m.text).features;
                        let extortion = full.model().score(&features, |_| false).extortion;
                        println!(
                            "  {name} legit called deepfake: {:?} {flags:?} scam {:.2} extortion head {extortion:.2} type {:.2}",
                            m.text,
                            a.score,
                            a.type_scores
                                .get(&ScamType::DeepfakeExtortion)
                                .copied()
                                .unwrap_or(0.0)
                        );
                    }
                }
                let scams = legit.iter().filter(|(_, a)| a.label == Label::Scam).count();
                println!(
                    "{name}: {n} of {} legit called deepfake extortion, {scams} called scam",
                    legit.len()
                );
                if legit.len() < messages.len() {
                    let pairs: Vec<_> = messages
                        .iter()
                        .zip(&analyses)
                        .map(|(m, a)| (m, Some(a)))
                        .collect();
                    let m = score(&pairs).scam_vs_legit;
                    println!(
                        "{name}: scam F1 {:.3} (P {:.3} R {:.3})",
                        m.f1, m.precision, m.recall
                    );
                }
            }
            let holdout = read_jsonl("data/holdout/implicit-scams.jsonl");
            let is_deepfake =
                |m: &LabelledMessage| m.scam_type() == Some(ScamType::DeepfakeExtortion);
            let found: Vec<Analysis> = holdout.iter().map(|m| full.analyze(&m.text)).collect();
            println!(
                "holdout: scam recall {:.3}  deepfake recall {:.3}",
                found.iter().filter(|a| a.label == Label::Scam).count() as f64
                    / holdout.len() as f64,
                holdout
                    .iter()
                    .zip(&found)
                    .filter(|(m, a)| is_deepfake(m) && called_deepfake(a))
                    .count() as f64
                    / holdout.iter().filter(|m| is_deepfake(m)).count() as f64
            );
        }
    }
}
