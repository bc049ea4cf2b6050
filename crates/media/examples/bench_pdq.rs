//! PDQ throughput on one thread: `bench_pdq DIR [REPEATS]`.
//!
//! Reads every file in DIR into memory first (so disk speed does not count), then decodes and
//! hashes them all, REPEATS times (default 1), and prints images per second, with the time split
//! between decoding and hashing.

use std::process::ExitCode;
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: bench_pdq DIR [REPEATS]");
        return ExitCode::from(2);
    };
    let repeats: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1).max(1);
    let mut files = Vec::new();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            eprintln!("{dir}: {e}");
            return ExitCode::from(2);
        }
    };
    for entry in entries.flatten() {
        if let Ok(bytes) = std::fs::read(entry.path()) {
            files.push(bytes);
        }
    }
    if files.is_empty() {
        eprintln!("{dir}: no files");
        return ExitCode::from(2);
    }
    let (mut decoding, mut hashing) = (Duration::ZERO, Duration::ZERO);
    let mut count = 0usize;
    let mut checksum = 0u64;
    for _ in 0..repeats {
        for bytes in &files {
            let start = Instant::now();
            let image = match canhgiac_media::decode_rgb(bytes) {
                Ok(image) => image,
                Err(e) => {
                    eprintln!("decode failed: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let decoded = Instant::now();
            let outcome = canhgiac_media::hash_rgb(&image);
            hashing += decoded.elapsed();
            decoding += decoded - start;
            checksum ^= outcome.hash.0[0];
            count += 1;
        }
    }
    let total = decoding + hashing;
    println!(
        "ours: {count} images in {:.2} s = {:.1} images/s on one thread (decode {:.2} ms, hash {:.2} ms per image) [{checksum:x}]",
        total.as_secs_f64(),
        count as f64 / total.as_secs_f64(),
        decoding.as_secs_f64() * 1000.0 / count as f64,
        hashing.as_secs_f64() * 1000.0 / count as f64,
    );
    ExitCode::SUCCESS
}
