//! `canhgiac`: the command line of Cảnh Giác.
//!
//! Exit codes: `check` gives 0 for legit and 1 for a scam; every command gives 2 on an error.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use canhgiac_core::analysis::{Analysis, Analyzer, Featurizer, BUILTIN_CUES, MAX_TEXT_BYTES};
use canhgiac_core::corpus::{score, LabelledMessage, Metrics};
use canhgiac_core::model::Model;
use canhgiac_core::taxonomy::{Label, Language};
use canhgiac_core::train::{train, Example, TrainOptions};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

mod demo_cmds;
mod export_cmds;
mod media_cmds;
mod render;
mod store_cmds;

use store_cmds::{ListFormat, StoreArgs};

/// Every analysis allocates a few dozen small buffers; mimalloc serves them faster than the
/// system allocator (about 3% fewer instructions per analysed message).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "canhgiac",
    version,
    about = "Cảnh Giác: nhận diện tin nhắn lừa đảo, tống tiền bằng ảnh ghép (deepfake)"
)]
struct Cli {
    /// Use this model file instead of the one built in.
    #[arg(long, global = true, value_name = "PATH")]
    model: Option<PathBuf>,
    /// Use this cue file instead of the one built in (see model/cues.txt for the format).
    #[arg(long, global = true, value_name = "PATH")]
    cues: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check one message (argument, --file, or standard input). Exit 0 legit, 1 scam, 2 error.
    Check {
        /// The message text.
        text: Option<String>,
        /// Read the message from this file.
        #[arg(long, short, conflicts_with = "text")]
        file: Option<PathBuf>,
        /// Read the message from a screenshot or photo (PNG, JPEG, WebP, GIF, BMP) by OCR.
        #[arg(long, short, conflicts_with_all = ["text", "file"], value_name = "FILE")]
        image: Option<PathBuf>,
        /// Print the Analysis JSON.
        #[arg(long)]
        json: bool,
        /// Language of the explanation (default: the message's).
        #[arg(long, value_parser = parse_language)]
        lang: Option<Language>,
    },
    /// Analyse JSONL lines with `id` and `text`; write one Analysis JSON per line.
    Scan {
        /// Input file, or `-` for standard input.
        #[arg(default_value = "-")]
        input: String,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Score the analysis against a labelled JSONL file (the metrics of eval/score.py).
    Eval {
        file: PathBuf,
        /// Cross-validate: train on all folds but one with the built-in cues, score that one.
        #[arg(long, value_name = "N")]
        folds: Option<usize>,
        #[command(flatten)]
        sets: TrainingSets,
        #[arg(long)]
        json: bool,
    },
    /// Train a model from labelled JSONL files.
    Train {
        /// Labelled JSONL (corpus/SPEC.md); repeat for several.
        #[arg(long = "data", required = true, value_name = "FILE")]
        data: Vec<PathBuf>,
        /// Where to write the model JSON.
        #[arg(long, short, default_value = "model/model.bin")]
        out: PathBuf,
        /// Name recorded in the model and in every analysis.
        #[arg(long)]
        name: Option<String>,
        /// Leave out fold K of N of the --data messages (`K/N`, K from 0), for cross-validation.
        #[arg(long, value_parser = parse_fold)]
        exclude_fold: Option<(usize, usize)>,
        #[command(flatten)]
        sets: TrainingSets,
    },
    /// Serve the HTTP API (and later the web pages) over the store.
    Serve {
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        authority: export_cmds::AuthorityArgs,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: String,
        #[command(flatten)]
        web: store_cmds::WebArgs,
    },
    /// Fill a new store with demo data: the provincial letter as the first advisory, sent to
    /// its departments and enterprises (one acknowledgement link each), and a small campaign of
    /// made-up reports, one confirmed. Prints an admin token and the links.
    Demo {
        #[command(flatten)]
        store: StoreArgs,
        /// The address the links should use.
        #[arg(
            long,
            env = "CANHGIAC_PUBLIC_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        public_url: String,
    },
    /// Manage analyst and admin users.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Import public lists (hosts files, wallet lists, CSV `kind,value,source`) and partners'
    /// STIX 2.1 bundles and MISP events (`.json`) into look-ups, with the source recorded.
    Import {
        /// List files or partner documents.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ListFormat::Auto)]
        format: ListFormat,
        /// Name the list (default: the file's folder, e.g. `chongluadao`; for a partner's
        /// document, its format and producer, e.g. `stix:CERT đối tác`).
        #[arg(long)]
        source: Option<String>,
        /// Marking of a partner's unmarked entries: clear, green, amber or amber+strict. Only
        /// public lists and TLP:CLEAR show in public look-ups; TLP:RED is never taken in.
        #[arg(long, default_value = "amber", value_parser = export_cmds::parse_tlp)]
        tlp: canhgiac_share::Tlp,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Look up an indicator in the store: reports, dates, campaign, verdict, lists.
    Lookup {
        /// phone, btc, eth, trx, bank_account, url, email or telegram.
        kind: String,
        /// The value, in any spelling.
        value: String,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Fingerprint images (PDQ, quality, rotations, provenance hints) and videos (a PDQ hash a
    /// second): one JSON line per file. Nothing is stored.
    Hash {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Find stored reports and registrations whose fingerprints are near these PDQ hashes or
    /// files' fingerprints. Exit 0 when something matched, 1 when nothing did.
    Match {
        /// PDQ hashes (64 hex digits) or image/video files.
        #[arg(required = true, value_name = "HASH|FILE")]
        inputs: Vec<String>,
        /// Largest Hamming distance that counts as the same picture.
        #[arg(long, default_value_t = canhgiac_core::fingerprint::PDQ_MATCH_DISTANCE)]
        radius: u32,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Export confirmed campaigns for partners: a STIX 2.1 bundle or a MISP feed.
    Export {
        #[command(subcommand)]
        format: export_cmds::ExportFormat,
    },
    /// Measure throughput on one core: messages per second.
    Bench {
        /// JSONL with `text` fields.
        #[arg(default_value = "data/dev.jsonl")]
        file: PathBuf,
        /// How long to run.
        #[arg(long, default_value_t = 5.0)]
        seconds: f64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum UserAction {
    /// Add a user and print their first API token.
    Add {
        name: String,
        /// analyst or admin.
        #[arg(long, default_value = "analyst")]
        role: String,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Set a user's password for the web pages, read from standard input (its first line;
    /// at least 12 characters). Their open sessions end.
    Password {
        name: String,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// List users as JSON lines.
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
}

fn parse_language(s: &str) -> Result<Language, String> {
    match s {
        "vi" => Ok(Language::Vi),
        "en" => Ok(Language::En),
        _ => Err("expected vi or en".into()),
    }
}

fn parse_fold(s: &str) -> Result<(usize, usize), String> {
    let (k, n) = s.split_once('/').ok_or("expected K/N")?;
    let k: usize = k.parse().map_err(|_| "K is not a number")?;
    let n: usize = n.parse().map_err(|_| "N is not a number")?;
    if n < 2 || k >= n {
        return Err("need N >= 2 and K < N".into());
    }
    Ok((k, n))
}

fn main() -> ExitCode {
    one_openmp_thread();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("canhgiac: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// The cue file and model chosen on the command line (built-in ones by default).
struct Sources {
    cues: Option<String>,
    model: Option<PathBuf>,
}

impl Sources {
    fn new(cues: Option<PathBuf>, model: Option<PathBuf>) -> Result<Sources> {
        let cues = cues
            .map(|p| {
                std::fs::read_to_string(&p)
                    .with_context(|| format!("cannot read cue file {}", p.display()))
            })
            .transpose()?;
        Ok(Sources { cues, model })
    }

    fn cues(&self) -> &str {
        self.cues.as_deref().unwrap_or(BUILTIN_CUES)
    }

    fn featurizer(&self, bits: u32) -> Result<Featurizer> {
        Ok(Featurizer::new(self.cues(), bits)?)
    }

    fn analyzer(&self) -> Result<Analyzer> {
        let model = match &self.model {
            Some(path) => {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("cannot read model {}", path.display()))?;
                Model::from_bytes(&bytes)
                    .with_context(|| format!("cannot load model {}", path.display()))?
            }
            None if self.cues.is_none() => match Analyzer::builtin() {
                Ok(a) => return Ok(a.clone()),
                Err(e) => bail!("built-in model: {e}"),
            },
            None => Model::from_bytes(canhgiac_core::model::BUILTIN_MODEL)?,
        };
        Ok(Analyzer::new(self.cues(), model)?)
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let sources = Sources::new(cli.cues, cli.model)?;
    match cli.command {
        Command::Check {
            text,
            file,
            image,
            json,
            lang,
        } => {
            let recognised = image.map(|path| read_screenshot(&path)).transpose()?;
            let text = match &recognised {
                Some(r) => r.text.clone(),
                None => read_message(text, file)?,
            };
            let analysis = sources.analyzer()?.analyze(&text);
            let stdout = io::stdout();
            let mut out = stdout.lock();
            if json {
                let mut value = serde_json::to_value(&analysis)?;
                if let (Some(r), Some(object)) = (&recognised, value.as_object_mut()) {
                    object.insert(
                        "ocr".into(),
                        serde_json::json!({"text": r.text, "confidence": r.confidence}),
                    );
                }
                serde_json::to_writer(&mut out, &value)?;
                writeln!(out)?;
            } else {
                let color = io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                if recognised.is_some() {
                    let heading = match lang.unwrap_or(analysis.language) {
                        Language::Vi => "Chữ đọc được từ ảnh:",
                        Language::En => "Text read from the image:",
                    };
                    writeln!(out, "{heading}\n{text}\n")?;
                }
                render::human(&mut out, &text, &analysis, lang, color)?;
            }
            Ok(ExitCode::from(match analysis.label {
                Label::Scam => 1,
                Label::Legit => 0,
            }))
        }
        Command::Scan { input, output } => {
            scan(&sources.analyzer()?, &input, output.as_deref())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            file,
            folds,
            sets,
            json,
        } => {
            let messages = read_labelled(&[file])?;
            let metrics = match folds {
                None => {
                    let a = sources.analyzer()?;
                    let analyses: Vec<Analysis> =
                        messages.iter().map(|m| a.analyze(&m.text)).collect();
                    score_all(&messages, &analyses)
                }
                Some(n) => {
                    let extra = sets.extra_messages()?;
                    cross_validate(&sources, &messages, &extra, sets.data_weight, n)?
                }
            };
            print_metrics(&metrics, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Train {
            data,
            out,
            name,
            exclude_fold,
            sets,
        } => {
            let mut messages = read_labelled(&data)?;
            if let Some((k, n)) = exclude_fold {
                messages = messages
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| i % n != k)
                    .map(|(_, m)| m)
                    .collect();
            }
            let mut training: Vec<TrainingMessage> = messages
                .into_iter()
                .map(|message| TrainingMessage::counted(message, sets.data_weight))
                .collect();
            training.extend(sets.extra_messages()?);
            let name = name.unwrap_or_else(|| format!("canhgiac-lr-{}", training.len()));
            let file = train_model(&sources, &training, &name)?;
            std::fs::write(&out, file.to_bytes())
                .with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!(
                "trained {name} on {} messages ({} weights) -> {}",
                training.len(),
                file.scam_weights.len(),
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            file,
            seconds,
            json,
        } => {
            bench(&sources.analyzer()?, &file, seconds, json)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            store,
            authority,
            listen,
            web,
        } => {
            store_cmds::serve(
                &store,
                &listen,
                sources.analyzer()?,
                authority.authority(),
                &web,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo { store, public_url } => {
            demo_cmds::demo(&store, &sources.analyzer()?, &public_url)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::User { action } => {
            match action {
                UserAction::Add { name, role, store } => {
                    store_cmds::user_add(&store, &name, &role)?
                }
                UserAction::Password { name, store } => store_cmds::user_password(&store, &name)?,
                UserAction::List { store } => store_cmds::user_list(&store)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Import {
            files,
            format,
            source,
            tlp,
            store,
        } => {
            store_cmds::import(&store, &files, format, source.as_deref(), tlp)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Lookup { kind, value, store } => {
            store_cmds::lookup(&store, &kind, &value)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Hash { files } => media_cmds::hash(&files),
        Command::Export { format } => {
            export_cmds::export(&format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Match {
            inputs,
            radius,
            store,
        } => media_cmds::match_media(&store, &inputs, radius),
    }
}

/// Tesseract parallelises with OpenMP, whose idle threads spin: on a busy machine, or a server
/// already handling requests in parallel, that costs far more than it gains (a screenshot took
/// 3 s instead of 0.8 s on one core). OpenMP reads its settings once, when the library loads,
/// before `main`; so unless the environment already says otherwise, the process starts itself
/// again with one OpenMP thread.
fn one_openmp_thread() {
    #[cfg(unix)]
    if std::env::var_os("OMP_THREAD_LIMIT").is_none() {
        use std::os::unix::process::CommandExt;
        if let Ok(exe) = std::env::current_exe() {
            let error = std::process::Command::new(exe)
                .args(std::env::args_os().skip(1))
                .env("OMP_THREAD_LIMIT", "1")
                .env("OMP_WAIT_POLICY", "passive")
                .exec();
            // Only reached when exec failed: go on with OpenMP's defaults.
            eprintln!("canhgiac: note: could not restart with one OpenMP thread: {error}");
        }
    }
}

/// OCR of a screenshot; the image is read into memory only.
fn read_screenshot(path: &Path) -> Result<canhgiac_ocr::Recognised> {
    let mut bytes = Vec::new();
    File::open(path)
        .with_context(|| format!("cannot open {}", path.display()))?
        .take(canhgiac_ocr::MAX_IMAGE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    canhgiac_ocr::recognise(&bytes).with_context(|| format!("{}", path.display()))
}

fn read_message(text: Option<String>, file: Option<PathBuf>) -> Result<String> {
    let bytes = match (text, file) {
        (Some(t), _) => t.into_bytes(),
        (None, Some(path)) => {
            let mut buf = Vec::new();
            File::open(&path)
                .with_context(|| format!("cannot open {}", path.display()))?
                .take(MAX_TEXT_BYTES as u64 + 1)
                .read_to_end(&mut buf)?;
            buf
        }
        (None, None) => {
            let mut buf = Vec::new();
            io::stdin()
                .lock()
                .take(MAX_TEXT_BYTES as u64 + 1)
                .read_to_end(&mut buf)?;
            buf
        }
    };
    if bytes.len() > MAX_TEXT_BYTES {
        bail!(
            "the message is longer than {} MiB; check a shorter part of it",
            MAX_TEXT_BYTES >> 20
        );
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "the message is not valid UTF-8 text (bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    if text.trim().is_empty() {
        bail!("nothing to check: the message is empty");
    }
    Ok(text)
}

#[derive(serde::Deserialize)]
struct ScanLine {
    id: serde_json::Value,
    text: String,
}

#[derive(serde::Serialize)]
struct ScanResult<'a> {
    id: &'a serde_json::Value,
    #[serde(flatten)]
    analysis: &'a Analysis,
}

fn open_input(input: &str) -> Result<(Box<dyn BufRead>, Option<u64>)> {
    if input == "-" {
        return Ok((Box::new(BufReader::new(io::stdin())), None));
    }
    let file = File::open(input).with_context(|| format!("cannot open {input}"))?;
    let len = file.metadata().ok().map(|m| m.len());
    Ok((Box::new(BufReader::new(file)), len))
}

fn scan(analyzer: &Analyzer, input: &str, output: Option<&Path>) -> Result<()> {
    let (mut reader, total) = open_input(input)?;
    let mut out: Box<dyn Write> = match output {
        Some(p) => Box::new(BufWriter::new(
            File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let bar = if io::stderr().is_terminal() {
        let bar = ProgressBar::new(total.unwrap_or(0));
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {per_sec} {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let (mut line_no, mut skipped, mut done) = (0usize, 0usize, 0usize);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        // Read at most a little over the limit per line, then skip the rest of an overlong one.
        let n = reader
            .by_ref()
            .take(MAX_TEXT_BYTES as u64 * 2)
            .read_until(b'\n', &mut buf)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        bar.inc(n as u64);
        if buf.last() != Some(&b'\n') && n as u64 == MAX_TEXT_BYTES as u64 * 2 {
            let mut rest = Vec::new();
            let extra = reader.read_until(b'\n', &mut rest)?;
            bar.inc(extra as u64);
            bar.suspend(|| eprintln!("line {line_no}: skipped: line longer than the limit"));
            skipped += 1;
            continue;
        }
        let line = match std::str::from_utf8(&buf) {
            Ok(l) => l.trim(),
            Err(_) => {
                bar.suspend(|| eprintln!("line {line_no}: skipped: not valid UTF-8"));
                skipped += 1;
                continue;
            }
        };
        if line.is_empty() {
            continue;
        }
        let parsed: ScanLine = match serde_json::from_str(line) {
            Ok(p) => p,
            Err(e) => {
                bar.suspend(|| eprintln!("line {line_no}: skipped: {e}"));
                skipped += 1;
                continue;
            }
        };
        if parsed.text.len() > MAX_TEXT_BYTES {
            bar.suspend(|| eprintln!("line {line_no}: skipped: text longer than the limit"));
            skipped += 1;
            continue;
        }
        let analysis = analyzer.analyze(&parsed.text);
        serde_json::to_writer(
            &mut out,
            &ScanResult {
                id: &parsed.id,
                analysis: &analysis,
            },
        )?;
        out.write_all(b"\n")?;
        done += 1;
    }
    out.flush()?;
    bar.finish_and_clear();
    if skipped > 0 {
        eprintln!("scanned {done} messages, skipped {skipped} bad lines");
    }
    Ok(())
}

fn read_labelled(paths: &[PathBuf]) -> Result<Vec<LabelledMessage>> {
    let mut out = Vec::new();
    for path in paths {
        let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        for (n, line) in BufReader::new(file).lines().enumerate() {
            let line = line.with_context(|| format!("{}:{}", path.display(), n + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let m: LabelledMessage = serde_json::from_str(&line)
                .with_context(|| format!("{}:{}: not a labelled message", path.display(), n + 1))?;
            out.push(m);
        }
    }
    if out.is_empty() {
        bail!("no labelled messages found");
    }
    Ok(out)
}

/// The training sets that join the labelled corpus, for `train` and cross-validation.
#[derive(clap::Args, Debug)]
struct TrainingSets {
    /// Also train on these labelled files (never held out).
    #[arg(long, value_name = "FILE")]
    extra: Vec<PathBuf>,
    /// Also train the scam-type and red-flag heads, and only those, on these labelled files:
    /// scams written to teach which type a message is, which must not tilt how sure the
    /// model is that a message is a scam.
    #[arg(long, value_name = "FILE")]
    typing: Vec<PathBuf>,
    /// How much each corpus message counts against an --extra one.
    #[arg(long, default_value_t = 1.0)]
    data_weight: f32,
}

impl TrainingSets {
    /// The --extra messages, then the --typing ones.
    fn extra_messages(&self) -> Result<Vec<TrainingMessage>> {
        let read = |files: &[PathBuf]| -> Result<Vec<LabelledMessage>> {
            if files.is_empty() {
                Ok(Vec::new())
            } else {
                read_labelled(files)
            }
        };
        let extra = read(&self.extra)?
            .into_iter()
            .map(|message| TrainingMessage::counted(message, 1.0));
        let typing = read(&self.typing)?
            .into_iter()
            .map(|message| TrainingMessage {
                typing_only: true,
                ..TrainingMessage::counted(message, 1.0)
            });
        Ok(extra.chain(typing).collect())
    }
}

/// A labelled message to train on, and how it counts.
#[derive(Debug, Clone)]
struct TrainingMessage {
    message: LabelledMessage,
    weight: f32,
    /// For the type and red-flag heads only (`--typing`).
    typing_only: bool,
}

impl TrainingMessage {
    fn counted(message: LabelledMessage, weight: f32) -> TrainingMessage {
        TrainingMessage {
            message,
            weight,
            typing_only: false,
        }
    }
}

fn train_model(
    sources: &Sources,
    messages: &[TrainingMessage],
    name: &str,
) -> Result<canhgiac_core::model::ModelFile> {
    let opts = TrainOptions::default();
    let featurizer = sources.featurizer(opts.bits)?;
    let examples: Vec<Example> = messages
        .iter()
        .map(|m| Example {
            typing_only: m.typing_only,
            ..Example::of(&featurizer, &m.message, m.weight)
        })
        .collect();
    Ok(train(&examples, name, &opts))
}

fn score_all(messages: &[LabelledMessage], analyses: &[Analysis]) -> Metrics {
    let pairs: Vec<_> = messages
        .iter()
        .zip(analyses)
        .map(|(m, a)| (m, Some(a)))
        .collect();
    score(&pairs)
}

fn cross_validate(
    sources: &Sources,
    messages: &[LabelledMessage],
    extra: &[TrainingMessage],
    data_weight: f32,
    folds: usize,
) -> Result<Metrics> {
    if folds < 2 {
        bail!("--folds needs at least 2");
    }
    let mut analyses: Vec<Option<Analysis>> = vec![None; messages.len()];
    for k in 0..folds {
        let train_part: Vec<TrainingMessage> = messages
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds != k)
            .map(|(_, m)| TrainingMessage::counted(m.clone(), data_weight))
            .chain(extra.iter().cloned())
            .collect();
        let file = train_model(sources, &train_part, &format!("cv-{k}-of-{folds}"))?;
        let analyzer = Analyzer::new(sources.cues(), Model::from_file(file)?)?;
        for (i, m) in messages.iter().enumerate().filter(|(i, _)| i % folds == k) {
            analyses[i] = Some(analyzer.analyze(&m.text));
        }
    }
    let pairs: Vec<_> = messages
        .iter()
        .zip(&analyses)
        .map(|(m, a)| (m, a.as_ref()))
        .collect();
    Ok(score(&pairs))
}

fn print_metrics(m: &Metrics, json: bool) -> Result<()> {
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, m)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "messages {}", m.n)?;
    for (name, p) in [
        ("scam_vs_legit", &m.scam_vs_legit),
        ("deepfake_extortion", &m.deepfake_extortion),
        ("indicators", &m.indicators),
        ("red_flags", &m.red_flags),
    ] {
        writeln!(
            out,
            "{name:20} P {:.3}  R {:.3}  F1 {:.3}  (tp {} fp {} fn {})",
            p.precision, p.recall, p.f1, p.tp, p.fp, p.fn_
        )?;
    }
    writeln!(
        out,
        "legit FPR {:.3}   warning FPR {:.3}   scam-type accuracy {:.3}   legit called deepfake {}",
        m.legit_false_positive_rate,
        m.warning_false_positive_rate,
        m.scam_type_accuracy,
        m.legit_called_deepfake
    )?;
    Ok(())
}

fn bench(analyzer: &Analyzer, file: &Path, seconds: f64, json: bool) -> Result<()> {
    let (reader, _) = open_input(&file.to_string_lossy())?;
    let texts: Vec<String> = reader
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str::<ScanLine>(&l).ok().map(|s| s.text))
        .collect();
    if texts.is_empty() {
        bail!("no messages with a text field in {}", file.display());
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    // Warm up (builds the automaton and touches the weight tables).
    for t in &texts {
        std::hint::black_box(analyzer.analyze(t));
    }
    let budget = Duration::from_secs_f64(seconds.max(0.1));
    let start = Instant::now();
    let mut rounds = 0usize;
    while start.elapsed() < budget {
        for t in &texts {
            std::hint::black_box(analyzer.analyze(t));
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let messages = rounds * texts.len();
    let per_sec = messages as f64 / secs;
    let mb_per_sec = (rounds * bytes) as f64 / secs / 1e6;
    if json {
        println!(
            "{}",
            serde_json::json!({"messages": messages, "seconds": secs, "messages_per_second": per_sec,
                "mb_per_second": mb_per_sec, "mean_bytes": bytes as f64 / texts.len() as f64})
        );
    } else {
        println!(
            "{messages} messages in {secs:.2} s on one core: {per_sec:.0} messages/s ({mb_per_sec:.1} MB/s, mean {:.0} bytes)",
            bytes as f64 / texts.len() as f64
        );
    }
    Ok(())
}
