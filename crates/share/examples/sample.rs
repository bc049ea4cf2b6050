//! Writes a sample of every exchange format from the test fixtures, for the external
//! validators (`scripts/validate-share.sh`):
//!
//! ```text
//! cargo run -p canhgiac-share --example sample -- OUT_DIR
//! ```
//!
//! gives `OUT_DIR/stix/bundle.json`, `OUT_DIR/misp/{manifest.json,hashes.csv,<uuid>.json}`,
//! `OUT_DIR/cap/alert.xml` and `OUT_DIR/atom.xml`.

use std::error::Error;
use std::fs;
use std::path::PathBuf;

use canhgiac_share::atom::{self, FeedInfo};
use canhgiac_share::cap::{self, Advisory};
use canhgiac_share::{misp, stix, Authority, Campaign};

/// The export time used for the sample: 2024-12-05T10:00:00+07:00.
const EXPORTED_AT: i64 = 1_733_367_600;

fn main() -> Result<(), Box<dyn Error>> {
    let out = PathBuf::from(std::env::args().nth(1).ok_or("usage: sample OUT_DIR")?);
    let authority: Authority =
        serde_json::from_str(include_str!("../tests/fixtures/authority.json"))?;
    let campaigns: Vec<Campaign> =
        serde_json::from_str(include_str!("../tests/fixtures/campaigns.json"))?;
    let advisory: Advisory = serde_json::from_str(include_str!("../tests/fixtures/advisory.json"))?;

    fs::create_dir_all(out.join("stix"))?;
    let bundle = stix::bundle(&authority, &campaigns, EXPORTED_AT);
    fs::write(
        out.join("stix/bundle.json"),
        serde_json::to_string_pretty(&bundle)?,
    )?;

    fs::create_dir_all(out.join("misp"))?;
    for file in misp::feed(&authority, &campaigns, EXPORTED_AT).files {
        fs::write(out.join("misp").join(&file.path), file.contents)?;
    }

    fs::create_dir_all(out.join("cap"))?;
    fs::write(out.join("cap/alert.xml"), cap::alert(&advisory)?)?;

    let info = FeedInfo {
        id: "https://canhgiac.example/canh-bao/atom.xml".to_owned(),
        title: "Cảnh Giác — cảnh báo lừa đảo".to_owned(),
        author: authority.name.clone(),
        self_url: Some("https://canhgiac.example/canh-bao/atom.xml".to_owned()),
        site_url: Some("https://canhgiac.example/canh-bao".to_owned()),
    };
    fs::write(out.join("atom.xml"), atom::feed(&info, &[advisory]))?;
    println!("wrote {}", out.display());
    Ok(())
}
