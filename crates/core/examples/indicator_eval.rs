//! Measures indicator extraction against a labelled corpus (precision, recall, every miss and
//! false positive), checks a list of known Bitcoin addresses, and times extraction.
//!
//! usage: cargo run --release --example indicator_eval -- [CORPUS.jsonl] [BTC_ADDRESSES.txt]
//! (defaults: ../shared/corpus/dev.jsonl and ../shared/external/sextortion-btc/addresses.txt,
//! relative to the workspace root). Evaluation only: the data stays outside the repository.

use std::collections::BTreeSet;
use std::time::Instant;

use canhgiac_core::corpus::comparable_indicator;
use canhgiac_core::indicators::{extract, IndicatorKind};
use serde_json::Value;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpus = args
        .first()
        .map_or("../shared/corpus/dev.jsonl", String::as_str);
    let addresses = args.get(1).map_or(
        "../shared/external/sextortion-btc/addresses.txt",
        String::as_str,
    );

    let data = std::fs::read_to_string(corpus).unwrap_or_else(|e| panic!("{corpus}: {e}"));
    let messages: Vec<Value> = data
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("corpus line is JSON"))
        .collect();

    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut lookalikes = 0usize;
    let mut per_kind: std::collections::BTreeMap<String, [usize; 3]> = Default::default();
    for m in &messages {
        let id = m["id"].as_str().unwrap_or("?");
        let text = m["text"].as_str().unwrap_or("");
        let gold: BTreeSet<(String, String)> = m["indicators"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| {
                comparable_indicator(
                    i["kind"].as_str().unwrap_or(""),
                    i["value"].as_str().unwrap_or(""),
                )
            })
            .collect();
        let extraction = extract(text);
        let pred: BTreeSet<(String, String)> = extraction
            .indicators
            .iter()
            .map(|i| comparable_indicator(i.kind.as_str(), &i.value))
            .collect();
        for key in gold.union(&pred) {
            let counts = per_kind.entry(key.0.clone()).or_default();
            match (gold.contains(key), pred.contains(key)) {
                (true, true) => {
                    tp += 1;
                    counts[0] += 1;
                }
                (false, true) => {
                    fp += 1;
                    counts[1] += 1;
                    let span = extraction
                        .indicators
                        .iter()
                        .find(|i| comparable_indicator(i.kind.as_str(), &i.value) == *key)
                        .map(|i| &text[i.start..i.end])
                        .unwrap_or("");
                    println!("FP   {id} {}={} ({span:?})", key.0, key.1);
                }
                _ => {
                    fn_ += 1;
                    counts[2] += 1;
                    println!("MISS {id} {}={}", key.0, key.1);
                }
            }
        }
        lookalikes += extraction.invalid.len();
        for l in &extraction.invalid {
            println!(
                "note {id} look-alike {:?} {} ({})",
                l.kind, l.text, l.reason
            );
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!("\nper kind (tp fp fn):");
    for (kind, [t, f, n]) in &per_kind {
        println!("  {kind:13} {t:4} {f:4} {n:4}");
    }
    println!(
        "indicators: precision {precision:.4} recall {recall:.4} (tp {tp} fp {fp} fn {fn_}) over {} messages",
        messages.len()
    );
    println!("look-alikes with a broken checksum reported apart: {lookalikes}");

    match std::fs::read_to_string(addresses) {
        Ok(list) => {
            let (mut ok, mut total) = (0usize, 0usize);
            for addr in list.lines().map(str::trim).filter(|a| !a.is_empty()) {
                total += 1;
                let sentence = format!("Gửi 0.1 BTC vào ví {addr} trước 9h");
                let found = extract(&sentence).indicators;
                let good = found.len() == 1
                    && found[0].kind == IndicatorKind::Btc
                    && found[0].value.eq_ignore_ascii_case(addr)
                    && &sentence[found[0].start..found[0].end] == addr;
                if good {
                    ok += 1;
                } else {
                    let invalid = extract(&sentence).invalid;
                    let why = invalid.first().map_or("not recognised", |l| l.reason);
                    println!("BTC not extracted: {addr} ({why})");
                }
            }
            println!("btc addresses: {ok}/{total} extracted as valid btc");
        }
        Err(e) => println!("btc addresses: skipped ({addresses}: {e})"),
    }

    let texts: Vec<&str> = messages.iter().filter_map(|m| m["text"].as_str()).collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let rounds = 200;
    let started = Instant::now();
    let mut found = 0usize;
    for _ in 0..rounds {
        for t in &texts {
            found += extract(t).indicators.len();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let n = (rounds * texts.len()) as f64;
    println!(
        "throughput: {:.0} messages/s, {:.2} µs/message, {:.1} MB/s (avg {} bytes; {found} found)",
        n / secs,
        secs / n * 1e6,
        (rounds * bytes) as f64 / secs / 1e6,
        bytes / texts.len().max(1)
    );
}
