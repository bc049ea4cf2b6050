//! `export`: confirmed campaigns as a STIX 2.1 bundle or a MISP feed directory.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context, Result};
use canhgiac_share::{misp, stix, Authority, Tlp};

use crate::store_cmds::{runtime, StoreArgs};

/// The authority named in exports (its contact is the only one they carry).
#[derive(clap::Args, Debug, Clone)]
pub struct AuthorityArgs {
    #[arg(long, env = "CANHGIAC_AUTHORITY_NAME", default_value = "Cảnh Giác")]
    pub authority_name: String,
    /// The person named for coordination.
    #[arg(long, env = "CANHGIAC_AUTHORITY_CONTACT", default_value = "")]
    pub authority_contact: String,
    #[arg(
        long,
        env = "CANHGIAC_AUTHORITY_HOTLINE",
        default_value = "0899 252 555"
    )]
    pub authority_hotline: String,
    #[arg(long, env = "CANHGIAC_AUTHORITY_EMAIL", default_value = "")]
    pub authority_email: String,
    #[arg(long, env = "CANHGIAC_AUTHORITY_ADDRESS", default_value = "")]
    pub authority_address: String,
}

impl AuthorityArgs {
    pub fn authority(&self) -> Authority {
        Authority {
            name: self.authority_name.clone(),
            contact_person: self.authority_contact.clone(),
            hotline: self.authority_hotline.clone(),
            email: self.authority_email.clone(),
            address: self.authority_address.clone(),
        }
    }
}

/// What every export takes: the marking, the authority and the store.
#[derive(clap::Args)]
pub struct ExportArgs {
    /// TLP marking: clear, green, amber or amber+strict (TLP:RED is never exported).
    #[arg(long, default_value = "green", value_parser = parse_tlp)]
    pub tlp: Tlp,
    #[command(flatten)]
    pub authority: AuthorityArgs,
    #[command(flatten)]
    pub store: StoreArgs,
}

#[derive(clap::Subcommand)]
pub enum ExportFormat {
    /// A STIX 2.1 bundle of the confirmed campaigns (standard output or --out).
    Stix {
        #[arg(long, short)]
        out: Option<PathBuf>,
        #[command(flatten)]
        args: ExportArgs,
    },
    /// A MISP feed (manifest.json, hashes.csv, one event per campaign) written into DIR.
    Misp {
        dir: PathBuf,
        #[command(flatten)]
        args: ExportArgs,
    },
}

pub fn parse_tlp(s: &str) -> Result<Tlp, String> {
    match Tlp::ALL.into_iter().find(|t| t.as_str() == s) {
        Some(Tlp::Red) => Err("TLP:RED material is never exported".into()),
        Some(tlp) => Ok(tlp),
        None => Err("expected clear, green, amber or amber+strict".into()),
    }
}

pub fn export(format: &ExportFormat) -> Result<()> {
    let (ExportFormat::Stix { args, .. } | ExportFormat::Misp { args, .. }) = format;
    let (store, authority, tlp) = (&args.store, &args.authority, args.tlp);
    let campaigns = runtime()?.block_on(async {
        let store = store.open().await?;
        let campaigns = store.export_campaigns(tlp).await?;
        store.close().await;
        anyhow::Ok(campaigns)
    })?;
    let authority = authority.authority();
    let now = canhgiac_store::now();
    match format {
        ExportFormat::Stix { out, .. } => {
            let bundle = stix::bundle(&authority, &campaigns, now).to_string();
            match out {
                Some(path) => std::fs::write(path, bundle + "\n")
                    .with_context(|| format!("cannot write {}", path.display()))?,
                None => writeln!(std::io::stdout().lock(), "{bundle}")?,
            }
        }
        ExportFormat::Misp { dir, .. } => {
            let feed = misp::feed(&authority, &campaigns, now);
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            for file in &feed.files {
                let relative = Path::new(&file.path);
                // Feed paths are built by the crate; refuse anything that could leave DIR.
                if relative
                    .components()
                    .any(|c| !matches!(c, Component::Normal(_)))
                {
                    bail!("refusing feed path {:?}", file.path);
                }
                let path = dir.join(relative);
                std::fs::write(&path, &file.contents)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            eprintln!(
                "canhgiac: {} campaign(s), {} file(s) in {}",
                campaigns.len(),
                feed.files.len(),
                dir.display()
            );
        }
    }
    Ok(())
}
