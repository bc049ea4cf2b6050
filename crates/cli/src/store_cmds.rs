//! Subcommands that touch the store: `serve`, `user` (add, password, list), `import`, `lookup`.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use canhgiac_core::indicators::{self, IndicatorKind};
use canhgiac_core::Analyzer;
use canhgiac_store::{ImportEntry, IndicatorKey, Role, Secrets, Store};
use indicatif::{ProgressBar, ProgressStyle};

/// Where the store is and the key that seals reporter contacts.
#[derive(clap::Args, Clone)]
pub struct StoreArgs {
    /// `sqlite://PATH` (created on first use) or `postgres://USER@HOST:PORT/DB`.
    #[arg(long, env = "CANHGIAC_DB", default_value = "sqlite://canhgiac.db")]
    pub db: String,
    /// File with the 64-hex-digit master key. Default for SQLite: the database path plus
    /// `.key`, created on first use; PostgreSQL needs this or CANHGIAC_KEY, so that every
    /// server shares one key.
    #[arg(long, env = "CANHGIAC_KEY_FILE", value_name = "PATH")]
    pub key_file: Option<PathBuf>,
}

impl StoreArgs {
    fn secrets(&self) -> Result<Secrets> {
        if let Ok(hex) = std::env::var("CANHGIAC_KEY") {
            return Secrets::from_hex(&hex).context("CANHGIAC_KEY");
        }
        let path = match &self.key_file {
            Some(path) => path.clone(),
            None => {
                // An unsupported URL is refused here, before any key file is written for it.
                let Some(db) = canhgiac_store::sqlite_file(&self.db)? else {
                    bail!("a PostgreSQL store needs --key-file or CANHGIAC_KEY (the same key for every server)");
                };
                PathBuf::from(format!("{db}.key"))
            }
        };
        if !path.exists() && self.key_file.is_none() {
            write_new_key(&path)?;
            eprintln!("canhgiac: created a new key in {} — keep it safe: without it reporter contacts cannot be read", path.display());
        }
        let hex = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read key file {}", path.display()))?;
        Secrets::from_hex(&hex).with_context(|| format!("key file {}", path.display()))
    }

    pub async fn open(&self) -> Result<Store> {
        let secrets = self.secrets()?;
        Store::open(&self.db, secrets)
            .await
            .with_context(|| format!("cannot open the store {}", redact(&self.db)))
    }
}

/// A URL with any password hidden, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user_info = &url[scheme + 3..at];
            let user = user_info.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

fn write_new_key(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create key file {}", path.display()))?;
    writeln!(file, "{}", Secrets::generate_master_hex())?;
    file.sync_all()?;
    Ok(())
}

/// How the server is reached and how it sends advisories.
#[derive(clap::Args, Clone)]
pub struct WebArgs {
    /// The address people reach the service at, for links in e-mails, CAP and Atom (default:
    /// the request's Host).
    #[arg(long, env = "CANHGIAC_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// SMTP relay for advisories: `smtp://host:25`, `smtp://user:pass@host:587?tls=required`,
    /// `smtps://host:465`. Without it, acknowledgement links are only shown to the admin.
    #[arg(long, env = "CANHGIAC_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of advisory e-mails.
    #[arg(
        long,
        env = "CANHGIAC_SMTP_FROM",
        default_value = "Cảnh Giác <canhgiac@localhost>"
    )]
    pub smtp_from: String,
}

pub fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

pub fn serve(
    args: &StoreArgs,
    listen: &str,
    analyzer: Analyzer,
    authority: canhgiac_share::Authority,
    web: &WebArgs,
) -> Result<()> {
    let mailer = match &web.smtp_url {
        Some(url) => Some(
            canhgiac_server::Mailer::new(url, &web.smtp_from)
                .with_context(|| format!("the SMTP settings ({})", redact(url)))?,
        ),
        None => None,
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("CANHGIAC_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let analyzer: &'static Analyzer = Box::leak(Box::new(analyzer));
    runtime()?.block_on(async {
        let store = Arc::new(args.open().await?);
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("cannot listen on {listen}"))?;
        let address = listener.local_addr()?;
        tracing::info!("serving on http://{address} (store {})", redact(&args.db));
        // A line on stdout that scripts and tests can wait for.
        println!("listening on http://{address}");
        std::io::stdout().flush()?;
        let state = canhgiac_server::AppState::new(Arc::clone(&store), analyzer)
            .with_authority(authority)
            .with_public_url(web.public_url.clone())
            .with_mailer(mailer);
        canhgiac_server::serve(listener, state).await?;
        store.close().await;
        Ok(())
    })
}

pub fn user_add(args: &StoreArgs, name: &str, role: &str) -> Result<()> {
    let Some(role) = Role::parse(role) else {
        bail!("role must be analyst or admin");
    };
    runtime()?.block_on(async {
        let store = args.open().await?;
        let (user, token) = store.add_user(name, role).await?;
        eprintln!(
            "user {} ({}) added; the token below is shown only now",
            user.name,
            role.as_str()
        );
        println!("{token}");
        Ok(())
    })
}

/// Sets a user's password from the first line of standard input (a terminal or a pipe; the
/// line ending is not part of it).
pub fn user_password(args: &StoreArgs, name: &str) -> Result<()> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("read the password from standard input")?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    if password.is_empty() {
        bail!("no password on standard input");
    }
    runtime()?.block_on(async {
        let store = args.open().await?;
        match store.set_password(name, password).await {
            Err(canhgiac_store::StoreError::NotFound) => bail!("no user named {name:?}"),
            other => other?,
        }
        eprintln!(
            "password of {} set; their open sessions have ended",
            name.trim()
        );
        Ok(())
    })
}

pub fn user_list(args: &StoreArgs) -> Result<()> {
    runtime()?.block_on(async {
        let store = args.open().await?;
        for user in store.users().await? {
            println!("{}", serde_json::to_string(&user)?);
        }
        Ok(())
    })
}

pub fn lookup(args: &StoreArgs, kind: &str, value: &str) -> Result<()> {
    let kind = IndicatorKind::from_str(kind)?;
    let Some(value) = indicators::normalize(kind, value) else {
        bail!("{value:?} is not a valid {}", kind.as_str());
    };
    runtime()?.block_on(async {
        let store = args.open().await?;
        // The operator's own look-up: partners' marked sources too, with their markings.
        let found = store.lookup_with_partners(kind.as_str(), &value).await?;
        println!("{}", serde_json::to_string(&found)?);
        Ok(())
    })
}

/// Entries read from one list file, and the lines that were not indicators.
struct ListFile {
    entries: Vec<ImportEntry>,
    rejected: Vec<(usize, String)>,
}

/// The formats `import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    /// `.csv` files are CSV, `.json` files a partner's STIX bundle or MISP event, anything
    /// else a plain list.
    Auto,
    /// A partner's STIX 2.1 bundle or MISP event (JSON; which one is read from the document).
    Partner,
    /// `kind,value,source` (a header line is allowed; an empty source takes --source).
    Csv,
    /// One value per line, kind recognised per line (hosts files, wallet lists); `#` comments
    /// and hosts-file addresses (`0.0.0.0 host`) are skipped.
    List,
}

pub fn import(
    args: &StoreArgs,
    files: &[PathBuf],
    format: ListFormat,
    source: Option<&str>,
    tlp: canhgiac_share::Tlp,
) -> Result<()> {
    let mut lists = Vec::new();
    for file in files {
        let has_extension = |wanted: &str| {
            file.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case(wanted))
        };
        let list = match format {
            ListFormat::Partner => read_partner(file, source, tlp)?,
            ListFormat::Auto if has_extension("json") => read_partner(file, source, tlp)?,
            ListFormat::Csv => read_csv(file, &list_source(file, source))?,
            ListFormat::Auto if has_extension("csv") => read_csv(file, &list_source(file, source))?,
            ListFormat::List | ListFormat::Auto => read_list(file, &list_source(file, source))?,
        };
        if list.entries.is_empty() {
            bail!("{}: no indicators found", file.display());
        }
        lists.push((file, list));
    }
    runtime()?.block_on(async {
        let store = args.open().await?;
        for (file, list) in &lists {
            let bar = ProgressBar::new(list.entries.len() as u64).with_style(
                ProgressStyle::with_template(
                    "{msg} [{bar:30}] {pos}/{len} ({per_sec}, {eta} left)",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar.set_message(file.display().to_string());
            let mut totals = canhgiac_store::ImportStats::default();
            for chunk in list.entries.chunks(5_000) {
                let stats = store.import(chunk).await?;
                totals.new_indicators += stats.new_indicators;
                totals.new_sources += stats.new_sources;
                bar.inc(chunk.len() as u64);
            }
            bar.finish_and_clear();
            println!(
                "{}: {} entries, {} new indicators, {} newly listed, {} lines skipped",
                file.display(),
                list.entries.len(),
                totals.new_indicators,
                totals.new_sources,
                list.rejected.len()
            );
            for (line, text) in list.rejected.iter().take(20) {
                eprintln!("  line {line}: not an indicator: {text}");
            }
            if list.rejected.len() > 20 {
                eprintln!("  … and {} more", list.rejected.len() - 20);
            }
        }
        Ok(())
    })
}

fn list_source(file: &Path, source: Option<&str>) -> String {
    source.map_or_else(|| default_source(file), str::to_string)
}

/// A partner's STIX bundle or MISP event: its indicators under the partner's name, each with
/// its marking.
fn read_partner(file: &Path, source: Option<&str>, tlp: canhgiac_share::Tlp) -> Result<ListFile> {
    use canhgiac_share::import;
    let size = std::fs::metadata(file)
        .with_context(|| format!("cannot open {}", file.display()))?
        .len();
    if size > import::MAX_IMPORT_BYTES as u64 {
        bail!(
            "{}: larger than {} bytes",
            file.display(),
            import::MAX_IMPORT_BYTES
        );
    }
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let imported = import::read(&bytes, canhgiac_store::now(), tlp)
        .with_context(|| format!("{}", file.display()))?;
    let source = canhgiac_store::partner_source(&imported, source);
    let skipped = imported.skipped;
    eprintln!(
        "{}: {} document from {source}; left out: {} TLP:RED, {} withdrawn, {} not kept",
        file.display(),
        imported.format.as_str(),
        skipped.red,
        skipped.withdrawn,
        skipped.unsupported
    );
    Ok(ListFile {
        entries: canhgiac_store::partner_entries(&imported, &source),
        rejected: Vec::new(),
    })
}

/// The folder's name (`chongluadao/hosts.txt` → `chongluadao`), else the file's stem.
fn default_source(file: &Path) -> String {
    let folder = file
        .parent()
        .and_then(Path::file_name)
        .and_then(|n| n.to_str())
        .filter(|n| !n.is_empty() && *n != "." && *n != "..");
    folder
        .or_else(|| file.file_stem().and_then(|n| n.to_str()))
        .unwrap_or("import")
        .to_string()
}

/// Recognises one list value: a wallet, phone, e-mail, or a URL or bare host.
fn recognise(raw: &str) -> Option<IndicatorKey> {
    for kind in [
        IndicatorKind::Btc,
        IndicatorKind::Eth,
        IndicatorKind::Trx,
        IndicatorKind::Email,
    ] {
        if let Some(value) = indicators::normalize(kind, raw) {
            return Some(key(kind, value));
        }
    }
    // A bare host, or a host with a path (`sites.google.com/view/x`).
    let host = raw.split(['/', '?', '#']).next().unwrap_or("");
    let is_host = host.contains('.') && !raw.contains(char::is_whitespace) && !raw.starts_with('.');
    if is_host || raw.contains("://") {
        let url = if raw.contains("://") {
            raw.to_string()
        } else {
            format!("http://{raw}")
        };
        if let Some(value) = indicators::normalize(IndicatorKind::Url, &url) {
            return Some(key(IndicatorKind::Url, value));
        }
    }
    indicators::normalize(IndicatorKind::Phone, raw).map(|v| key(IndicatorKind::Phone, v))
}

fn key(kind: IndicatorKind, value: String) -> IndicatorKey {
    IndicatorKey {
        kind: kind.as_str().into(),
        value,
    }
}

fn read_list(file: &Path, source: &str) -> Result<ListFile> {
    let reader = BufReader::new(
        std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?,
    );
    let mut list = ListFile {
        entries: Vec::new(),
        rejected: Vec::new(),
    };
    for (number, line) in reader.lines().enumerate() {
        let line =
            line.with_context(|| format!("{}: line {} is not UTF-8", file.display(), number + 1))?;
        let line = line.split('#').next().unwrap_or("").trim();
        // Hosts files: `0.0.0.0 host` or `127.0.0.1 host`.
        let Some(value) = line.split_whitespace().last() else {
            continue;
        };
        match recognise(value) {
            Some(key) => list.entries.push(ImportEntry {
                key,
                source: source.to_string(),
                tlp: None,
            }),
            None => list
                .rejected
                .push((number + 1, value.chars().take(100).collect())),
        }
    }
    Ok(list)
}

fn read_csv(file: &Path, default_source: &str) -> Result<ListFile> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_path(file)
        .with_context(|| format!("cannot open {}", file.display()))?;
    let mut list = ListFile {
        entries: Vec::new(),
        rejected: Vec::new(),
    };
    for (number, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}: bad CSV", file.display()))?;
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        if number == 0 && field(0).eq_ignore_ascii_case("kind") {
            continue;
        }
        let source = if field(2).is_empty() {
            default_source
        } else {
            field(2)
        };
        let parsed = IndicatorKind::from_str(field(0))
            .ok()
            .and_then(|kind| indicators::normalize(kind, field(1)).map(|v| key(kind, v)));
        match parsed {
            Some(key) => list.entries.push(ImportEntry {
                key,
                source: source.to_string(),
                tlp: None,
            }),
            None => list.rejected.push((
                number + 1,
                format!("{},{}", field(0), field(1))
                    .chars()
                    .take(100)
                    .collect(),
            )),
        }
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_list_values() {
        let btc = recognise("1BoatSLRHtKNngkdXEeobR76b53LETtpyT").unwrap();
        assert_eq!(btc.kind, "btc");
        let host = recognise("025.bk8vip.com").unwrap();
        assert_eq!(host.kind, "url");
        assert!(host.value.contains("025.bk8vip.com"), "{}", host.value);
        assert!(recognise("not a thing").is_none());
        let with_path = recognise("sites.google.com/view/x").unwrap();
        assert_eq!(with_path.value, "http://sites.google.com/view/x");
        assert_eq!(
            default_source(Path::new("lists/chongluadao/hosts.txt")),
            "chongluadao"
        );
        assert_eq!(default_source(Path::new("hosts.txt")), "hosts");
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
    }
}
