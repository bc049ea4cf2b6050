//! `hash` and `match`: media fingerprints from files, and matches against the store.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use canhgiac_core::fingerprint::PdqHash;
use canhgiac_media::{fingerprint, Fingerprint, MAX_MEDIA_BYTES};
use serde_json::json;

use crate::store_cmds::{runtime, StoreArgs};

/// Reads a whole file into memory, refusing files larger than the media limit.
fn read_media(path: &Path) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    File::open(path)
        .with_context(|| format!("cannot open {}", path.display()))?
        .take(MAX_MEDIA_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(bytes)
}

fn fingerprint_file(path: &Path) -> Result<Fingerprint> {
    let bytes = read_media(path)?;
    fingerprint(&bytes).with_context(|| path.display().to_string())
}

/// One JSON line per file; a file that cannot be hashed is reported on standard error and the
/// others still are. Exit 2 when any failed.
pub fn hash(files: &[PathBuf]) -> Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut failed = false;
    for path in files {
        match fingerprint_file(path) {
            Ok(found) => {
                let mut value = serde_json::to_value(&found)?;
                if let Some(object) = value.as_object_mut() {
                    object.insert("path".into(), json!(path.display().to_string()));
                }
                serde_json::to_writer(&mut out, &value)?;
                writeln!(out)?;
            }
            Err(e) => {
                eprintln!("canhgiac: {e:#}");
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// Matches PDQ hashes (64 hex digits) or the fingerprints of files against the store: one JSON
/// line per hash with every stored fingerprint within `radius`.
pub fn match_media(args: &StoreArgs, inputs: &[String], radius: u32) -> Result<ExitCode> {
    let mut queries: Vec<(String, String)> = Vec::new();
    for input in inputs {
        if let Some(hash) = PdqHash::parse(input) {
            queries.push((input.clone(), hash.to_hex()));
            continue;
        }
        let path = Path::new(input);
        if !path.exists() {
            bail!("{input:?} is neither a PDQ hash (64 hex digits) nor a file");
        }
        for (hash, _) in fingerprint_file(path)?.hashes() {
            queries.push((input.clone(), hash));
        }
    }
    let hashes: Vec<String> = queries.iter().map(|(_, h)| h.clone()).collect();
    let found = runtime()?.block_on(async {
        let store = args.open().await?;
        anyhow::Ok(store.match_fingerprints(&hashes, radius).await?)
    })?;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut any = false;
    for ((input, hash), matches) in queries.iter().zip(found) {
        any |= !matches.is_empty();
        let line = json!({"input": input, "pdq": hash, "matches": matches});
        serde_json::to_writer(&mut out, &line)?;
        writeln!(out)?;
    }
    // Like grep: 0 when something matched, 1 when nothing did.
    Ok(if any {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
