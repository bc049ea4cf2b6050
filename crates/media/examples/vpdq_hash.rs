//! Prints the vPDQ frame hashes of a video file, one `t,quality,pdq_hex` line per frame.
//!
//!     cargo run -p canhgiac-media --example vpdq_hash -- VIDEO [SECONDS_PER_HASH]
//!
//! A seconds-per-hash of 0 hashes every frame, as the reference's sample hashes do
//! (`scripts/eval-vpdq.sh` compares them).

use std::process::ExitCode;

use canhgiac_media::video::{hash_video_with, VideoOptions};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: vpdq_hash VIDEO [SECONDS_PER_HASH]");
        return ExitCode::from(2);
    };
    let mut options = VideoOptions::default();
    if let Some(step) = args.next() {
        match step.parse::<f64>() {
            Ok(s) if s >= 0.0 => {
                options.seconds_per_hash = s;
                // every frame of a long clip: lift the one-hour-at-1-fps cap accordingly
                options.max_frames = 3600 * 120;
            }
            _ => {
                eprintln!("SECONDS_PER_HASH must be a number >= 0");
                return ExitCode::from(2);
            }
        }
    }
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    match hash_video_with(&bytes, &options) {
        Ok(frames) => {
            for f in frames {
                println!("{:.6},{},{}", f.t, f.quality, f.pdq.to_hex());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            ExitCode::FAILURE
        }
    }
}
