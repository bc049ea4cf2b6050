//! End-to-end tests of the `canhgiac` binary: check, scan, train, eval, bench and errors.
//!
//! Fixtures live in `tests/fixtures`; temporary files go to a unique directory under the
//! system temp dir that is removed when each test ends.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_canhgiac");

const CLEAR_SCAM: &str = "Tôi là thám tử tư, có người thuê tôi theo dõi anh ba tháng nay. \
    Tôi đang giữ clip nóng của anh ở nhà nghỉ với một cô gái. Chuyển ngay 3000 USDT (TRC20) \
    vào ví của tôi trước 18h ngày mai, nếu không tôi sẽ gửi toàn bộ video cho vợ anh và đăng \
    lên Facebook.";
const CLEAR_LEGIT: &str = "Mẹ ơi tối nay con về ăn cơm nhé";

const ANALYSIS_KEYS: &[&str] = &[
    "label",
    "score",
    "risk",
    "scam_type",
    "type_scores",
    "red_flags",
    "indicators",
    "advice",
    "language",
    "model",
];

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

/// A directory under the system temp dir, unique to this process and test, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "canhgiac-cli-test-{}-{n}-{tag}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(args: &[&str]) -> Output {
    run_with_stdin(args, None)
}

fn run_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    let mut child = cmd.spawn().expect("run canhgiac");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin pipe");
        pipe.write_all(bytes).expect("write stdin");
    }
    child.wait_with_output().expect("wait for canhgiac")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn json(o: &Output) -> Value {
    serde_json::from_str(stdout(o).trim())
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(o)))
}

fn assert_analysis_json(v: &Value) {
    let obj = v.as_object().expect("analysis is an object");
    for key in ANALYSIS_KEYS {
        assert!(obj.contains_key(*key), "key {key} missing from {v}");
    }
    let score = v["score"].as_f64().expect("score is a number");
    assert!((0.0..=1.0).contains(&score), "score {score}");
    assert!(matches!(v["label"].as_str(), Some("scam" | "legit")), "{v}");
    assert!(
        matches!(v["risk"].as_str(), Some("low" | "medium" | "high")),
        "{v}"
    );
    assert!(matches!(v["language"].as_str(), Some("vi" | "en")), "{v}");
    assert!(v["type_scores"].is_object() && v["red_flags"].is_array());
    assert!(v["indicators"].is_array() && v["advice"].is_array());
    assert!(v["model"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
}

/// Trains a model on the labelled fixture, with the further `train` arguments `also`, into
/// `dir`; returns its path.
fn train_fixture_model(dir: &TempDir, name: &str, also: &[&str]) -> PathBuf {
    let out = dir.path(&format!("{name}.bin"));
    let train = fixture("train.jsonl");
    let mut args = vec![
        "train",
        "--data",
        train.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--name",
        name,
    ];
    args.extend_from_slice(also);
    let o = run(&args);
    assert_eq!(code(&o), 0, "train failed: {}", stderr(&o));
    assert!(out.is_file(), "no model written");
    out
}

// ---------------------------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------------------------

#[test]
fn check_clear_scam_exits_1_with_vietnamese_verdict() {
    let o = run(&["check", CLEAR_SCAM]);
    assert_eq!(
        code(&o),
        1,
        "stdout: {}\nstderr: {}",
        stdout(&o),
        stderr(&o)
    );
    let out = stdout(&o);
    assert!(out.contains("LỪA ĐẢO"), "no Vietnamese verdict in:\n{out}");
    assert!(
        out.contains("Nên làm:"),
        "no Vietnamese advice heading in:\n{out}"
    );
    assert!(
        out.contains("113"),
        "no police number in the advice:\n{out}"
    );
}

#[test]
fn check_json_prints_the_analysis() {
    let o = run(&["check", "--json", CLEAR_SCAM]);
    assert_eq!(code(&o), 1, "stderr: {}", stderr(&o));
    let v = json(&o);
    assert_analysis_json(&v);
    assert_eq!(v["label"], "scam");
    assert_eq!(v["language"], "vi");
    // Red flag spans point into the message (byte offsets).
    for f in v["red_flags"].as_array().unwrap() {
        let (s, e) = (
            f["start"].as_u64().unwrap() as usize,
            f["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(CLEAR_SCAM.get(s..e), f["excerpt"].as_str(), "{f}");
    }
}

#[test]
fn check_clear_legit_exits_0() {
    let o = run(&["check", CLEAR_LEGIT]);
    assert_eq!(
        code(&o),
        0,
        "stdout: {}\nstderr: {}",
        stdout(&o),
        stderr(&o)
    );
    assert!(
        stdout(&o).contains("Không thấy dấu hiệu lừa đảo"),
        "{}",
        stdout(&o)
    );
    let v = json(&run(&["check", "--json", CLEAR_LEGIT]));
    assert_eq!(v["label"], "legit");
    assert_eq!(v["red_flags"], Value::Array(Vec::new()));
}

#[test]
fn check_reads_stdin_and_file_like_the_argument() {
    let from_arg = run(&["check", "--json", CLEAR_SCAM]);
    let from_stdin = run_with_stdin(&["check", "--json"], Some(CLEAR_SCAM.as_bytes()));
    assert_eq!(
        code(&from_stdin),
        code(&from_arg),
        "stderr: {}",
        stderr(&from_stdin)
    );
    assert_eq!(json(&from_stdin), json(&from_arg));

    let dir = TempDir::new("file");
    let path = dir.path("message.txt");
    std::fs::write(&path, CLEAR_SCAM).unwrap();
    let from_file = run(&["check", "--json", "--file", path.to_str().unwrap()]);
    assert_eq!(
        code(&from_file),
        code(&from_arg),
        "stderr: {}",
        stderr(&from_file)
    );
    assert_eq!(json(&from_file), json(&from_arg));
    let short = run(&["check", "--json", "-f", path.to_str().unwrap()]);
    assert_eq!(json(&short), json(&from_arg));
}

#[test]
fn check_lang_switches_the_explanation() {
    let o = run(&["check", "--lang", "en", CLEAR_SCAM]);
    assert!(matches!(code(&o), 0 | 1), "stderr: {}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("What to do:"), "{out}");
    assert!(!out.contains("Nên làm:"), "{out}");
    let bad = run(&["check", "--lang", "fr", CLEAR_SCAM]);
    assert_eq!(code(&bad), 2);
}

#[test]
fn check_empty_input_is_an_error() {
    let o = run_with_stdin(&["check"], Some(b""));
    assert_eq!(code(&o), 2);
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
    assert!(stderr(&o).contains("empty"), "{}", stderr(&o));

    let o = run_with_stdin(&["check", "--json"], Some(b" \n\t \n"));
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("empty"), "{}", stderr(&o));

    let o = run(&["check", ""]);
    assert_eq!(code(&o), 2);
    assert!(!stderr(&o).trim().is_empty());
}

#[test]
fn check_invalid_utf8_file_is_an_error() {
    let dir = TempDir::new("utf8");
    let path = dir.path("bad.txt");
    std::fs::write(&path, b"Chuy\xe1\xbb\x83n ti\xff\xfen ngay").unwrap();
    let o = run(&["check", "--file", path.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("UTF-8"), "{}", stderr(&o));

    let o = run_with_stdin(&["check"], Some(b"\xc3\x28 broken"));
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("UTF-8"), "{}", stderr(&o));
}

#[test]
fn check_file_over_one_mebibyte_is_an_error() {
    let dir = TempDir::new("big");
    let path = dir.path("big.txt");
    std::fs::write(&path, "a ".repeat((1 << 19) + 10)).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() > 1 << 20);
    let o = run(&["check", "--file", path.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("MiB"), "{}", stderr(&o));
}

#[test]
fn check_missing_file_is_an_error() {
    let dir = TempDir::new("missing");
    let path = dir.path("does-not-exist.txt");
    let o = run(&["check", "--file", path.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("does-not-exist.txt"), "{}", stderr(&o));
}

// ---------------------------------------------------------------------------------------------
// scan
// ---------------------------------------------------------------------------------------------

#[test]
fn scan_writes_one_line_per_good_input_and_reports_bad_lines() {
    let input = fixture("scan.jsonl");
    let o = run(&["scan", input.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "stderr: {}", stderr(&o));
    let lines: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let ids: Vec<&Value> = lines.iter().map(|v| &v["id"]).collect();
    assert_eq!(
        ids,
        [&Value::from("s-1"), &Value::from(42), &Value::from("s-6")]
    );
    for v in &lines {
        assert_analysis_json(v);
    }
    let err = stderr(&o);
    assert!(err.contains("line 3"), "not-JSON line not reported: {err}");
    assert!(
        err.contains("line 4"),
        "line without text not reported: {err}"
    );
    assert!(!err.contains("line 5"), "blank line reported: {err}");
    assert!(!err.contains("line 1:") && !err.contains("line 2:") && !err.contains("line 6"));
    assert!(err.contains("skipped 2"), "{err}");
}

#[test]
fn scan_reads_stdin_and_writes_output_file() {
    let dir = TempDir::new("scan");
    let out = dir.path("out.jsonl");
    let input = format!(
        "{}\n{}\n",
        serde_json::json!({"id": 7, "text": CLEAR_SCAM}),
        serde_json::json!({"id": "x", "text": CLEAR_LEGIT})
    );
    let o = run_with_stdin(
        &["scan", "-", "--output", out.to_str().unwrap()],
        Some(input.as_bytes()),
    );
    assert_eq!(code(&o), 0, "stderr: {}", stderr(&o));
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
    let written = std::fs::read_to_string(&out).unwrap();
    let ids: Vec<Value> = written
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].clone())
        .collect();
    assert_eq!(ids, vec![Value::from(7), Value::from("x")]);
    // The same analysis as `check --json` gives.
    let first: Value = serde_json::from_str(written.lines().next().unwrap()).unwrap();
    let mut checked = json(&run(&["check", "--json", CLEAR_SCAM]));
    checked["id"] = Value::from(7);
    assert_eq!(first, checked);
}

// ---------------------------------------------------------------------------------------------
// train, eval, bench
// ---------------------------------------------------------------------------------------------

/// The JSON header of a stored model: after the 8-byte magic and a little-endian u32 length.
fn model_header(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"CGMODEL1");
    let len = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize;
    serde_json::from_slice(&bytes[12..12 + len]).unwrap()
}

#[test]
fn train_writes_a_model_that_loads() {
    let dir = TempDir::new("train");
    let name = "cli-test-model";
    let model = train_fixture_model(&dir, name, &[]);
    let file = model_header(&model);
    assert_eq!(file["name"], name);
    assert_eq!(file["trained_on"], 30);

    let m = model.to_str().unwrap();
    let o = run(&["--model", m, "check", "--json", CLEAR_SCAM]);
    assert!(matches!(code(&o), 0 | 1), "stderr: {}", stderr(&o));
    let v = json(&o);
    assert_analysis_json(&v);
    assert_eq!(v["model"], name);

    // Trained on clear examples of both kinds, it separates clear cases.
    assert_eq!(code(&o), 1, "trained model missed the clear scam: {v}");
    assert_eq!(v["scam_type"], "deepfake_extortion", "{v}");
    let o = run(&["check", "--model", m, CLEAR_LEGIT]);
    assert_eq!(
        code(&o),
        0,
        "trained model flagged a clear legit message: {}",
        stdout(&o)
    );

    // Scored on its own training data it separates scams from legit messages.
    let data = fixture("train.jsonl");
    let o = run(&["--model", m, "eval", data.to_str().unwrap(), "--json"]);
    assert_eq!(code(&o), 0, "stderr: {}", stderr(&o));
    let v = json(&o);
    let f1 = v["scam_vs_legit"]["f1"].as_f64().unwrap();
    assert!(
        f1 >= 0.9,
        "scam_vs_legit f1 {f1} on its own training data: {v}"
    );
}

#[test]
fn train_is_deterministic_and_names_by_default() {
    let dir = TempDir::new("determinism");
    let a = train_fixture_model(&dir, "same", &[]);
    let first = std::fs::read(&a).unwrap();
    let b = train_fixture_model(&dir, "same", &[]);
    assert_eq!(
        first,
        std::fs::read(&b).unwrap(),
        "training is not deterministic"
    );

    let out = dir.path("default-name.json");
    let train = fixture("train.jsonl");
    let o = run(&[
        "train",
        "--data",
        train.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--exclude-fold",
        "0/5",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let file = model_header(&out);
    assert_eq!(file["trained_on"], 24);
    assert_eq!(file["name"], "canhgiac-lr-24");
}

#[test]
fn typing_sets_train_the_type_heads_and_leave_the_scam_score_alone() {
    let dir = TempDir::new("typing");
    let plain = train_fixture_model(&dir, "plain", &[]);
    let train = fixture("train.jsonl");
    let typed = train_fixture_model(&dir, "typed", &["--typing", train.to_str().unwrap()]);
    assert_eq!(model_header(&typed)["trained_on"], 60);
    for text in [CLEAR_SCAM, CLEAR_LEGIT] {
        let score = |model: &PathBuf| {
            let o = run(&["--model", model.to_str().unwrap(), "check", "--json", text]);
            json(&o)["score"].clone()
        };
        assert_eq!(score(&plain), score(&typed), "{text}");
    }

    let o = run(&[
        "train",
        "--data",
        train.to_str().unwrap(),
        "--typing",
        dir.path("no-such.jsonl").to_str().unwrap(),
        "--out",
        dir.path("never.bin").to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no-such.jsonl"), "{}", stderr(&o));
    assert!(!dir.path("never.bin").exists());
}

#[test]
fn train_rejects_bad_data() {
    let dir = TempDir::new("bad-train");
    let data = dir.path("bad.jsonl");
    std::fs::write(
        &data,
        "{\"id\": \"x\", \"text\": \"hi\", \"label\": \"maybe\"}\n",
    )
    .unwrap();
    let out = dir.path("model.bin");
    let o = run(&[
        "train",
        "--data",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains(":1"),
        "line number missing: {}",
        stderr(&o)
    );
    assert!(!out.exists(), "a model was written from bad data");

    let empty = dir.path("empty.jsonl");
    std::fs::write(&empty, "\n\n").unwrap();
    let o = run(&[
        "train",
        "--data",
        empty.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 2);
    let o = run(&[
        "train",
        "--data",
        data.to_str().unwrap(),
        "--exclude-fold",
        "5/5",
    ]);
    assert_eq!(code(&o), 2);
}

#[test]
fn bad_model_file_is_an_error() {
    let dir = TempDir::new("bad-model");
    let path = dir.path("model.bin");
    std::fs::write(&path, "{\"format\": 1, \"name\": \"x\"").unwrap();
    let o = run(&["--model", path.to_str().unwrap(), "check", CLEAR_LEGIT]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("model"), "{}", stderr(&o));
    let o = run(&[
        "--model",
        dir.path("none.json").to_str().unwrap(),
        "check",
        CLEAR_LEGIT,
    ]);
    assert_eq!(code(&o), 2);
}

#[test]
fn eval_json_prints_metrics() {
    let data = fixture("train.jsonl");
    let o = run(&["eval", data.to_str().unwrap(), "--json"]);
    assert_eq!(code(&o), 0, "stderr: {}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["n"], 30);
    for key in [
        "scam_vs_legit",
        "deepfake_extortion",
        "red_flags",
        "indicators",
    ] {
        for field in ["precision", "recall", "f1", "tp", "fp", "fn"] {
            assert!(v[key][field].is_number(), "{key}.{field} missing: {v}");
        }
        let f1 = v[key]["f1"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&f1), "{key}.f1 = {f1}");
    }
    // 15 scams and 15 legit messages: every message is counted once.
    let s = &v["scam_vs_legit"];
    let counted = s["tp"].as_u64().unwrap() + s["fn"].as_u64().unwrap();
    assert_eq!(counted, 15, "{s}");

    let text = run(&["eval", data.to_str().unwrap()]);
    assert_eq!(code(&text), 0);
    assert!(stdout(&text).contains("scam_vs_legit"), "{}", stdout(&text));
}

#[test]
fn bench_reports_throughput() {
    let data = fixture("scan.jsonl");
    let o = run(&[
        "bench",
        data.to_str().unwrap(),
        "--seconds",
        "0.2",
        "--json",
    ]);
    assert_eq!(code(&o), 0, "stderr: {}", stderr(&o));
    let v = json(&o);
    let rate = v["messages_per_second"]
        .as_f64()
        .expect("messages_per_second");
    assert!(rate > 0.0, "{v}");
    assert!(v["messages"].as_u64().unwrap() >= 3, "{v}");

    let dir = TempDir::new("bench");
    let empty = dir.path("empty.jsonl");
    std::fs::write(&empty, "not json\n").unwrap();
    let o = run(&["bench", empty.to_str().unwrap(), "--seconds", "0.1"]);
    assert_eq!(code(&o), 2);
}

// ---------------------------------------------------------------------------------------------
// usage errors
// ---------------------------------------------------------------------------------------------

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["frobnicate"][..],
        &["check", "--no-such-flag", "x"],
        &["scan", "--bogus"],
        &["bench", "--seconds", "soon"],
        &["train"],
        &[],
    ] {
        let o = run(args);
        assert_eq!(code(&o), 2, "args {args:?}: stdout {}", stdout(&o));
        assert!(
            !stderr(&o).trim().is_empty(),
            "args {args:?}: nothing on stderr"
        );
    }
    let o = run(&["check", "--file", "x.txt", "some text"]);
    assert_eq!(code(&o), 2, "--file and text together accepted");
    let missing = run(&["scan", "/nonexistent/canhgiac/input.jsonl"]);
    assert_eq!(code(&missing), 2);
}

#[test]
fn help_and_version_succeed() {
    let o = run(&["--help"]);
    assert_eq!(code(&o), 0);
    for cmd in ["check", "scan", "eval", "train", "bench"] {
        assert!(stdout(&o).contains(cmd), "--help does not list {cmd}");
    }
    let o = run(&["--version"]);
    assert_eq!(code(&o), 0);
    assert!(
        stdout(&o).contains(env!("CARGO_PKG_VERSION")),
        "{}",
        stdout(&o)
    );
}

mod serve;

fn screenshot(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../ocr/tests/fixtures")
        .join(name)
}

#[test]
fn check_image_reads_the_screenshot_and_analyses_it() {
    let image = screenshot("threat-dark-large.jpg");
    let out = run(&["check", "--json", "--image", image.to_str().unwrap()]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let v = json(&out);
    assert_analysis_json(&v);
    assert_eq!(v["label"], "scam");
    assert!(
        v["ocr"]["text"].as_str().unwrap().contains("thám tử"),
        "{v}"
    );
    let kinds: Vec<(&str, &str)> = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["kind"].as_str().unwrap(), i["value"].as_str().unwrap()))
        .collect();
    assert!(
        kinds.contains(&("trx", "TH5XXWVCPa8TcAvUAtSDZCPENTyTihohte")),
        "{kinds:?}"
    );
    assert!(kinds.contains(&("phone", "+84868426463")), "{kinds:?}");
    // Human output shows what was read before the verdict.
    let human = run(&["check", "--lang", "vi", "--image", image.to_str().unwrap()]);
    assert!(
        stdout(&human).starts_with("Chữ đọc được từ ảnh:"),
        "{}",
        stdout(&human)
    );
    let legit = run(&[
        "check",
        "--image",
        screenshot("everyday-dark-small.png").to_str().unwrap(),
    ]);
    assert_eq!(code(&legit), 0, "{}", stdout(&legit));
}

#[test]
fn check_image_errors_exit_2() {
    let dir = TempDir::new("bad-image");
    let text = dir.path("note.png");
    std::fs::write(&text, "Tôi là thám tử tư").unwrap();
    let empty = dir.path("empty.jpg");
    std::fs::write(&empty, b"").unwrap();
    for (path, message) in [
        (text, "not an image"),
        (empty, "empty"),
        (dir.path("missing.png"), "cannot open"),
    ] {
        let out = run(&["check", "--image", path.to_str().unwrap()]);
        assert_eq!(code(&out), 2, "{}", stdout(&out));
        assert!(stderr(&out).contains(message), "{}", stderr(&out));
    }
    let both = run(&["check", "text", "--image", "x.png"]);
    assert_eq!(code(&both), 2);
}

#[test]
fn hash_prints_one_json_line_per_file_and_errors_exit_2() {
    let png = screenshot("threat-blue-small.png");
    let jpg = screenshot("threat-dark-large.jpg");
    let out = run(&["hash", png.to_str().unwrap(), jpg.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    for (line, path) in lines.iter().zip([&png, &jpg]) {
        assert_eq!(line["path"], path.to_str().unwrap());
        assert_eq!(line["kind"], "image");
        let pdq = line["pdq"].as_str().unwrap();
        assert!(
            pdq.len() == 64 && pdq.bytes().all(|b| b.is_ascii_hexdigit()),
            "{line}"
        );
        assert!(line["quality"].as_u64().unwrap() <= 100);
        assert!(line["provenance"].is_object());
    }
    assert_ne!(lines[0]["pdq"], lines[1]["pdq"]);
    // The same file hashes the same every time.
    let again = run(&["hash", png.to_str().unwrap()]);
    let again: Value = serde_json::from_str(stdout(&again).trim()).unwrap();
    assert_eq!(again["pdq"], lines[0]["pdq"]);

    let dir = TempDir::new("hash-bad");
    let text = dir.path("note.jpg");
    std::fs::write(&text, "Tôi là thám tử tư").unwrap();
    let empty = dir.path("empty.png");
    std::fs::write(&empty, b"").unwrap();
    let out = run(&[
        "hash",
        text.to_str().unwrap(),
        png.to_str().unwrap(),
        empty.to_str().unwrap(),
        dir.path("missing.png").to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stdout(&out).lines().count(),
        1,
        "the good file is still hashed"
    );
    let errors = stderr(&out);
    for expected in ["note.jpg", "empty", "cannot open"] {
        assert!(errors.contains(expected), "{errors}");
    }
}
