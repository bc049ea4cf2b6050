//! Time of each stage of the analysis on one core, in microseconds a message, two ways: the
//! messages of data/dev.jsonl in turn (as `canhgiac bench` runs them) and each message many
//! times over (its tables and branches fresh in the processor). The difference is what a
//! message not seen just before costs in cache and branch misses. Last, the whole analysis
//! cycling through groups of K messages (every message as often, only the cycle's length
//! changing): up to the length the processor can remember, a message costs what a warm one does.
//! And the whole analysis in turn over the messages it calls scams and over those it calls legit,
//! apart: a scam's verdict also runs the flag and type heads and gathers the evidence.
//!
//! usage: taskset -c 0 cargo run --release -p canhgiac-core --example stage_times [JSONL]
//! Run from the workspace root; the messages are those of data/dev.jsonl unless JSONL is given.

use canhgiac_core::indicators::extract;
use canhgiac_core::normalize::normalize;
use canhgiac_core::taxonomy::Label;
use canhgiac_core::Analyzer;
use std::hint::black_box;
use std::time::Instant;

const REPEATS: usize = 20;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "data/dev.jsonl".into());
    let texts: Vec<String> = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(String::from))
        .collect();
    let analyzer = Analyzer::builtin().expect("built-in model");
    let featurizer = analyzer.featurizer();
    let features: Vec<_> = texts
        .iter()
        .map(|t| featurizer.prepare(t).features)
        .collect();
    let normalized: Vec<_> = texts.iter().map(|t| normalize(t)).collect();
    let per_message = |seconds: f64, messages: usize| seconds / (REPEATS * messages) as f64 * 1e6;
    let time = |name: &str, stage: &dyn Fn(usize)| {
        (0..texts.len()).for_each(stage);
        let start = Instant::now();
        for _ in 0..REPEATS {
            (0..texts.len()).for_each(stage);
        }
        let in_turn = per_message(start.elapsed().as_secs_f64(), texts.len());
        let start = Instant::now();
        for i in 0..texts.len() {
            for _ in 0..REPEATS {
                stage(i);
            }
        }
        let repeated = per_message(start.elapsed().as_secs_f64(), texts.len());
        println!("{name:22} in turn {in_turn:6.2}  repeated {repeated:6.2}");
    };
    time("analyze", &|i| {
        black_box(analyzer.analyze(&texts[i]));
    });
    time("prepare (no scoring)", &|i| {
        black_box(featurizer.prepare(&texts[i]));
    });
    time("normalize", &|i| {
        black_box(normalize(&texts[i]));
    });
    time("cues", &|i| {
        black_box(featurizer.cues().find(&normalized[i], &texts[i]));
    });
    time("indicators", &|i| {
        black_box(extract(&texts[i]));
    });
    time("scoring, every head", &|i| {
        black_box(analyzer.model().score(&features[i], |_| true));
    });
    for cycle in [1, 2, 4, 8, 16, 32, 64, 128, texts.len()] {
        let start = Instant::now();
        for group in texts.chunks(cycle) {
            for _ in 0..REPEATS {
                for text in group {
                    black_box(analyzer.analyze(text));
                }
            }
        }
        let micros = per_message(start.elapsed().as_secs_f64(), texts.len());
        println!("analyze, cycling through {cycle:3} messages {micros:6.2}");
    }
    let (scams, legit): (Vec<&String>, Vec<&String>) = texts
        .iter()
        .partition(|t| analyzer.analyze(t).label == Label::Scam);
    for (verdict, group) in [("scam", scams), ("legit", legit)] {
        if group.is_empty() {
            continue;
        }
        let start = Instant::now();
        for _ in 0..REPEATS {
            for text in &group {
                black_box(analyzer.analyze(text));
            }
        }
        let micros = per_message(start.elapsed().as_secs_f64(), group.len());
        let bytes = group.iter().map(|t| t.len()).sum::<usize>() as f64 / group.len() as f64;
        println!(
            "analyze in turn, {} {verdict} verdicts (mean {bytes:.0} bytes) {micros:6.2}",
            group.len()
        );
    }
}
