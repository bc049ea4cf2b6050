//! Measures the PDQ Hamming-radius index on synthetic data: build time, the index's heap bytes,
//! the process's peak resident memory, and query latency percentiles, with brute force timed on
//! a sample of the same queries (whose answers must agree).
//!
//! usage: cargo run --release -p canhgiac-core --example pdq_index_bench --
//!        [random|clustered] [--count N] [--queries Q] [--radius R] [--brute Q] [--seed S]
//!        [--family F]
//!
//! random: `count` uniformly random hashes; queried with random hashes and with stored hashes
//! moved by 0–31 bit flips. clustered: `count / F` random family centres with `F` (default 100)
//! members each at 0–20 bit flips from their centre; queried with new members of random families and with
//! random hashes. Single-threaded; pin it to one core (`taskset -c 0`) for stable figures.

use std::time::{Duration, Instant};

use canhgiac_core::fingerprint::PdqHash;
use canhgiac_core::pdq_index::{PdqIndex, SearchStrategy};

/// Most bit flips between a family member and its centre.
const FAMILY_MAX_FLIPS: u32 = 20;

/// SplitMix64: small, fast and reproducible, enough for synthetic hashes.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }

    fn hash(&mut self) -> PdqHash {
        PdqHash([self.next(), self.next(), self.next(), self.next()])
    }

    /// `hash` with exactly `flips` distinct bits inverted.
    fn flip(&mut self, hash: &PdqHash, flips: u32) -> PdqHash {
        let mut words = hash.0;
        let mut flipped = 0;
        while flipped < flips {
            let bit = self.below(256) as usize;
            let mask = 1u64 << (bit % 64);
            if (words[bit / 64] ^ hash.0[bit / 64]) & mask == 0 {
                words[bit / 64] ^= mask;
                flipped += 1;
            }
        }
        PdqHash(words)
    }
}

struct Options {
    scenario: String,
    count: usize,
    queries: usize,
    radius: u32,
    brute: usize,
    seed: u64,
    family: usize,
}

fn options() -> Options {
    let mut options = Options {
        scenario: "random".into(),
        count: 10_000_000,
        queries: 2_000,
        radius: 31,
        brute: 20,
        seed: 1,
        family: 100,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| -> u64 {
            args.next()
                .and_then(|v| v.replace('_', "").parse().ok())
                .unwrap_or_else(|| panic!("{name} needs a number"))
        };
        match arg.as_str() {
            "--count" => options.count = value("--count") as usize,
            "--queries" => options.queries = value("--queries") as usize,
            "--radius" => options.radius = value("--radius") as u32,
            "--brute" => options.brute = value("--brute") as usize,
            "--seed" => options.seed = value("--seed"),
            "--family" => options.family = (value("--family") as usize).max(1),
            "random" | "clustered" => options.scenario = arg,
            other => panic!("unknown argument {other}"),
        }
    }
    options
}

/// Peak resident set size of this process in MiB (`VmHWM`), 0 where /proc is unavailable.
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Latency percentiles of `times` (sorted in place), as one line.
fn percentiles(times: &mut [Duration]) -> String {
    times.sort_unstable();
    let at = |q: f64| millis(times[((times.len() - 1) as f64 * q).round() as usize]);
    format!(
        "p50 {:7.3} ms  p90 {:7.3} ms  p99 {:7.3} ms  max {:7.3} ms",
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0)
    )
}

/// Passes over the query set. Each pass touches far more memory than the caches hold, so every
/// pass is cold; the per-query best of the passes removes pauses caused by other processes
/// sharing the core.
const PASSES: usize = 3;

/// Times every query; prints latency percentiles (first pass alone, and per-query best of
/// [`PASSES`]), the mean number of matches and of candidates, then brute force on the first
/// `brute` queries, checking the answers agree.
fn measure(index: &PdqIndex, label: &str, queries: &[PdqHash], options: &Options) {
    let mut first_pass = Vec::with_capacity(queries.len());
    let mut best = vec![Duration::MAX; queries.len()];
    let mut matches = 0usize;
    for pass in 0..PASSES {
        for (query, best) in queries.iter().zip(&mut best) {
            let start = Instant::now();
            let found = index.query(query, options.radius);
            let elapsed = start.elapsed();
            *best = (*best).min(elapsed);
            if pass == 0 {
                first_pass.push(elapsed);
                matches += found.len();
            }
        }
    }
    let (mut candidates, mut scans) = (0u64, 0usize);
    for query in queries {
        let work = index.query_work(query, options.radius);
        candidates += work.candidates;
        scans += usize::from(work.linear_scan);
    }
    let n = queries.len().max(1) as f64;
    println!(
        "  {label}: {} queries, {:.1} matches/query, {:.0} candidates/query, {scans} scanned",
        queries.len(),
        matches as f64 / n,
        candidates as f64 / n,
    );
    println!("    one pass         {}", percentiles(&mut first_pass));
    println!("    best of {PASSES} passes {}", percentiles(&mut best));

    let sample = &queries[..options.brute.min(queries.len())];
    if sample.is_empty() {
        return;
    }
    let mut brute_times = Vec::with_capacity(sample.len());
    for query in sample {
        let start = Instant::now();
        let brute = index.query_with(query, options.radius, SearchStrategy::LinearScan);
        brute_times.push(start.elapsed());
        assert_eq!(
            brute,
            index.query(query, options.radius),
            "index disagrees with brute force"
        );
    }
    brute_times.sort_unstable();
    println!(
        "    brute force      p50 {:7.3} ms on {} of the queries (answers identical)",
        millis(brute_times[brute_times.len() / 2]),
        sample.len(),
    );
}

fn main() {
    let options = options();
    let mut rng = SplitMix(options.seed);
    let family = if options.scenario == "clustered" {
        format!(" in families of {}", options.family)
    } else {
        String::new()
    };
    println!(
        "scenario {}: {} hashes{family}, radius {}",
        options.scenario, options.count, options.radius
    );

    let mut items = Vec::with_capacity(options.count);
    let mut centres = Vec::new();
    if options.scenario == "clustered" {
        let families = options.count.div_ceil(options.family);
        centres = (0..families).map(|_| rng.hash()).collect();
        'fill: for centre in &centres {
            for _ in 0..options.family {
                if items.len() == options.count {
                    break 'fill;
                }
                let flips = rng.below(u64::from(FAMILY_MAX_FLIPS) + 1) as u32;
                let member = rng.flip(centre, flips);
                items.push((member, items.len() as u64));
            }
        }
    } else {
        for id in 0..options.count as u64 {
            items.push((rng.hash(), id));
        }
    }
    let sample_stored: Vec<PdqHash> = (0..options.queries)
        .filter_map(|_| items.get(rng.below(items.len() as u64) as usize))
        .map(|(hash, _)| *hash)
        .collect();

    let start = Instant::now();
    let index = PdqIndex::build(items);
    let build = start.elapsed();
    let heap = index.memory_bytes() as f64 / (1024.0 * 1024.0);
    println!(
        "  build {:.2} s, index heap {heap:.1} MiB ({:.1} bytes/hash), peak RSS so far {:.1} MiB",
        build.as_secs_f64(),
        index.memory_bytes() as f64 / index.len().max(1) as f64,
        peak_rss_mib()
    );

    let random: Vec<PdqHash> = (0..options.queries).map(|_| rng.hash()).collect();
    if options.scenario == "clustered" {
        let mut members = Vec::with_capacity(options.queries);
        for _ in 0..options.queries {
            let centre = centres[rng.below(centres.len() as u64) as usize];
            let flips = rng.below(u64::from(FAMILY_MAX_FLIPS) + 1) as u32;
            members.push(rng.flip(&centre, flips));
        }
        measure(&index, "new family member", &members, &options);
        measure(&index, "random hash", &random, &options);
    } else {
        let near: Vec<PdqHash> = sample_stored
            .iter()
            .map(|hash| {
                let flips = rng.below(u64::from(options.radius.min(256)) + 1) as u32;
                rng.flip(hash, flips)
            })
            .collect();
        measure(&index, "random hash", &random, &options);
        measure(&index, "stored hash + 0..=r flips", &near, &options);
    }
    println!("  peak RSS (VmHWM) {:.1} MiB", peak_rss_mib());
}
