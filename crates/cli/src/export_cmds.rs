//! `export`: confirmed campaigns as a STIX 2.1 bundle or a MISP feed directory; published
//! advisories as CAP 1.2 alerts and an Atom feed.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context, Result};
use canhgiac_share::{atom, cap, misp, stix, Authority, Tlp};

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
    /// Published advisories into DIR: one CAP 1.2 alert each (`IDENTIFIER.xml`) and the Atom
    /// feed of the public ones (`canh-bao.atom`).
    Cap {
        dir: PathBuf,
        /// The address of the advisories' web pages.
        #[arg(
            long,
            env = "CANHGIAC_PUBLIC_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        public_url: String,
        #[command(flatten)]
        authority: AuthorityArgs,
        #[command(flatten)]
        store: StoreArgs,
    },
}

pub fn parse_tlp(s: &str) -> Result<Tlp, String> {
    match Tlp::ALL.into_iter().find(|t| t.as_str() == s) {
        Some(Tlp::Red) => Err("TLP:RED material is never exported".into()),
        Some(tlp) => Ok(tlp),
        None => Err("expected clear, green, amber or amber+strict".into()),
    }
}

/// Writes a file the export made, refusing names that could leave DIR.
fn write_into(dir: &Path, name: &str, contents: &str) -> Result<()> {
    let relative = Path::new(name);
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        bail!("refusing export path {name:?}");
    }
    let path = dir.join(relative);
    std::fs::write(&path, contents).with_context(|| format!("cannot write {}", path.display()))
}

fn export_advisories(
    dir: &Path,
    public_url: &str,
    authority: &AuthorityArgs,
    store: &StoreArgs,
) -> Result<()> {
    let base = public_url.trim_end_matches('/');
    let authority = authority.authority();
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let alerts = runtime()?.block_on(async {
        let store = store.open().await?;
        let mut alerts = Vec::new();
        for advisory in store.advisories(false).await? {
            let web = Some(atom::advisory_page(base, &advisory.identifier));
            alerts.push(store.advisory_alert(&advisory, &authority, web).await?);
        }
        store.close().await;
        anyhow::Ok(alerts)
    })?;
    for alert in &alerts {
        let xml = cap::alert(alert).with_context(|| format!("advisory {}", alert.identifier))?;
        write_into(dir, &format!("{}.xml", alert.identifier), &xml)?;
    }
    let public: Vec<cap::Advisory> = alerts
        .into_iter()
        .filter(|a| a.scope == cap::Scope::Public)
        .collect();
    let info = atom::FeedInfo::advisories(base, &authority);
    write_into(dir, "canh-bao.atom", &atom::feed(&info, &public))?;
    eprintln!("canhgiac: {} advisories in {}", public.len(), dir.display());
    Ok(())
}

pub fn export(format: &ExportFormat) -> Result<()> {
    let args = match format {
        ExportFormat::Stix { args, .. } | ExportFormat::Misp { args, .. } => args,
        ExportFormat::Cap {
            dir,
            public_url,
            authority,
            store,
        } => return export_advisories(dir, public_url, authority, store),
    };
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
        ExportFormat::Cap { .. } => {}
        ExportFormat::Misp { dir, .. } => {
            let feed = misp::feed(&authority, &campaigns, now);
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            for file in &feed.files {
                write_into(dir, &file.path, &file.contents)?;
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
