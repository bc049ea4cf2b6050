use canhgiac_core::Analyzer;
use std::hint::black_box;
fn main() {
    let mode = std::env::args().nth(1).unwrap();
    let texts: Vec<String> = std::fs::read_to_string("data/dev.jsonl")
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(String::from))
        .collect();
    let a = Analyzer::builtin().unwrap();
    let start = std::time::Instant::now();
    let mut n = 0;
    while start.elapsed().as_secs_f64() < 8.0 {
        if mode == "turn" {
            for _ in 0..20 {
                for t in &texts {
                    black_box(a.analyze(t));
                }
            }
        } else {
            for t in &texts {
                for _ in 0..20 {
                    black_box(a.analyze(t));
                }
            }
        }
        n += 20 * texts.len();
    }
    eprintln!(
        "{mode}: {:.2} us/msg",
        start.elapsed().as_secs_f64() / n as f64 * 1e6
    );
}
