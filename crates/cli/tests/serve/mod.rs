//! End-to-end tests of `canhgiac serve`, `user`, `import` and `lookup`: the real binary on a
//! real SQLite file and a real PostgreSQL database (`canhgiac_store::testing`).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use canhgiac_store::testing::{self, TestDb};
use serde_json::{json, Value};

use super::{code, run, stderr, stdout, TempDir, BIN};

const WALLET: &str = "TH5XXWVCPa8TcAvUAtSDZCPENTyTihohte";
const OTHER_WALLET: &str = "TS7LtYwx2UfRRaFVEZChDY8HMmKS8S5M5W";

fn threat(wallet: &str) -> String {
    format!(
        "Tôi là thám tử tư được thuê theo dõi anh. Tôi có ảnh nhạy cảm của anh. Chuyển 3000 USDT \
         vào ví {wallet} trước 9h sáng mai, nếu không tôi gửi hết cho vợ và sếp của anh."
    )
}

/// A running `canhgiac serve`, killed when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(db: &str, key_file: &Path) -> Server {
        Server::start_with_temp(db, key_file, &std::env::temp_dir())
    }

    /// Starts with `TMPDIR` pointed at `temp`, so a test can see whatever it writes there.
    fn start_with_temp(db: &str, key_file: &Path, temp: &Path) -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--listen", "127.0.0.1:0", "--db", db, "--key-file"])
            .arg(key_file)
            .env("CANHGIAC_LOG", "warn")
            .env("TMPDIR", temp)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start canhgiac serve");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the listening line");
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        Server { child, base }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// SIGKILL: no shutdown, no flushing.
    fn kill_9(mut self) {
        self.child.kill().expect("kill -9");
        self.child.wait().expect("reap");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// Status and JSON body of a response.
fn answer(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> (u16, Value) {
    let mut response = response.expect("HTTP exchange");
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().expect("body");
    (
        status,
        serde_json::from_str(&body).unwrap_or(Value::String(body)),
    )
}

fn post(server: &Server, path: &str, body: &Value, token: Option<&str>) -> (u16, Value) {
    let mut request = agent().post(server.url(path));
    if let Some(token) = token {
        request = request.header("Authorization", &format!("Bearer {token}"));
    }
    answer(request.send_json(body))
}

fn get(server: &Server, path: &str, header: Option<(&str, &str)>) -> (u16, Value) {
    let mut request = agent().get(server.url(path));
    if let Some((name, value)) = header {
        request = request.header(name, value);
    }
    answer(request.call())
}

fn report(server: &Server, text: &str) -> Value {
    let (status, body) = post(
        server,
        "/api/v1/reports",
        &json!({"text": text, "contact": "0901 234 567", "consent_police": true}),
        None,
    );
    assert_eq!(status, 201, "{body}");
    body
}

fn lookup_reports(server: &Server, wallet: &str) -> Value {
    let (status, body) = get(
        server,
        &format!("/api/v1/lookup?kind=trx&value={wallet}"),
        None,
    );
    assert_eq!(status, 200, "{body}");
    body
}

fn write_key(dir: &TempDir) -> std::path::PathBuf {
    let path = dir.path("master.key");
    std::fs::write(&path, format!("{}\n", "ab".repeat(32))).expect("key file");
    path
}

/// A fresh database in the test cluster, or `None` when there is no cluster.
fn postgres_db() -> Option<TestDb> {
    tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(testing::postgres())
}

fn acknowledged_report_survives_kill_9(db: &str, key: &Path) {
    let server = Server::start(db, key);
    let created = report(&server, &threat(WALLET));
    // Killed the moment the 201 arrived.
    server.kill_9();
    let server = Server::start(db, key);
    let reference = created["reference"].as_str().unwrap();
    let pin = created["pin"].as_str().unwrap();
    let (status, body) = get(
        &server,
        &format!("/api/v1/reports/{reference}"),
        Some(("X-Report-Pin", pin)),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "received");
    assert_eq!(lookup_reports(&server, WALLET)["reports"], 1);
}

#[test]
fn sqlite_report_survives_kill_9() {
    let dir = TempDir::new("kill9");
    let db = format!("sqlite://{}", dir.path("store.db").display());
    acknowledged_report_survives_kill_9(&db, &write_key(&dir));
}

#[test]
fn postgres_report_survives_kill_9() {
    let Some(db) = postgres_db() else { return };
    let dir = TempDir::new("kill9-pg");
    acknowledged_report_survives_kill_9(&db.url, &write_key(&dir));
}

#[test]
fn two_servers_on_one_postgres_see_each_other() {
    let Some(db) = postgres_db() else { return };
    let db = db.url.clone();
    let dir = TempDir::new("scale-out");
    let key = write_key(&dir);
    let a = Server::start(&db, &key);
    let b = Server::start(&db, &key);
    let on_a = report(&a, &threat(WALLET));
    let seen_by_b = lookup_reports(&b, WALLET);
    assert_eq!(seen_by_b["reports"], 1);
    assert_eq!(seen_by_b["campaign_id"], on_a["campaign_id"]);
    // A report through B sharing the wallet joins A's campaign.
    let text = format!("{} Ví dự phòng {OTHER_WALLET}.", threat(WALLET));
    let on_b = report(&b, &text);
    assert_eq!(on_b["campaign_id"], on_a["campaign_id"]);
    assert_eq!(
        lookup_reports(&a, OTHER_WALLET)["campaign_id"],
        on_a["campaign_id"]
    );
    // The reporter can follow a report on either server.
    let (status, body) = get(
        &a,
        &format!("/api/v1/reports/{}", on_b["reference"].as_str().unwrap()),
        Some(("X-Report-Pin", on_b["pin"].as_str().unwrap())),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["campaign_reports"], 2);
    // An analyst added by the CLI sees the campaign from both servers.
    let added = run(&[
        "user",
        "add",
        "analyst-pg",
        "--role",
        "analyst",
        "--db",
        &db,
        "--key-file",
        key.to_str().unwrap(),
    ]);
    assert_eq!(code(&added), 0, "{}", stderr(&added));
    let token = stdout(&added).trim().to_string();
    let campaign = on_a["campaign_id"].as_i64().unwrap();
    for server in [&a, &b] {
        let (status, body) = get(
            server,
            &format!("/api/v1/campaigns/{campaign}"),
            Some(("Authorization", &format!("Bearer {token}"))),
        );
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["report_count"], 2);
        assert_eq!(body["indicator_count"], 2);
        assert_eq!(body["indicators"].as_array().map(Vec::len), Some(2));
    }
}

#[test]
fn cli_user_token_opens_analyst_routes_only() {
    let dir = TempDir::new("users");
    let db = format!("sqlite://{}", dir.path("store.db").display());
    let key = write_key(&dir);
    let key_arg = key.to_str().unwrap();
    let added = run(&["user", "add", "lan", "--db", &db, "--key-file", key_arg]);
    assert_eq!(code(&added), 0, "{}", stderr(&added));
    let token = stdout(&added).trim().to_string();
    assert!(token.starts_with("cg_") && token.len() == 67, "{token}");
    let bad_role = run(&[
        "user",
        "add",
        "x",
        "--role",
        "root",
        "--db",
        &db,
        "--key-file",
        key_arg,
    ]);
    assert_eq!(code(&bad_role), 2);
    assert!(stderr(&bad_role).contains("analyst or admin"));
    let listed = run(&["user", "list", "--db", &db, "--key-file", key_arg]);
    assert!(
        stdout(&listed).contains("\"name\":\"lan\""),
        "{}",
        stdout(&listed)
    );
    let server = Server::start(&db, &key);
    let bearer = format!("Bearer {token}");
    let (status, _) = get(&server, "/api/v1/reports", Some(("Authorization", &bearer)));
    assert_eq!(status, 200);
    let (status, body) = get(&server, "/api/v1/users", Some(("Authorization", &bearer)));
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["code"], "forbidden");
}

#[test]
fn import_is_idempotent_and_shows_in_lookups() {
    let dir = TempDir::new("import");
    let db = format!("sqlite://{}", dir.path("store.db").display());
    let key = write_key(&dir);
    let key_arg = key.to_str().unwrap();
    let lists = dir.path("blocklist");
    std::fs::create_dir_all(&lists).unwrap();
    let hosts = lists.join("hosts.txt");
    std::fs::write(
        &hosts,
        "# test list\nvi-nhan-thuong.example.com\n0.0.0.0 thamtu-bimat.net\nnot a host\n",
    )
    .unwrap();
    let wallets = dir.path("wallets.txt");
    std::fs::write(
        &wallets,
        "1G53gZGr32vHPBxhCvbH1JPNc4oYyfsZhG\n13u7FYGqDfYjjsP6VSznB5be4mHHZo4rPT\n1G53gZGr32vHPBxhCvbH1JPNc4oYyfsZhX\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path("partner")).unwrap();
    let csv = dir.path("partner").join("list.csv");
    std::fs::write(
        &csv,
        "kind,value,source\nphone,0868 426 463,partner-bank\ntrx,TS7LtYwx2UfRRaFVEZChDY8HMmKS8S5M5W,\nfax,123,x\n",
    )
    .unwrap();
    let args = |file: &Path| -> Vec<String> {
        vec![
            "import".into(),
            file.display().to_string(),
            "--db".into(),
            db.clone(),
            "--key-file".into(),
            key_arg.into(),
        ]
    };
    let first: Vec<_> = [&hosts, &wallets, &csv]
        .iter()
        .map(|f| {
            let a = args(f);
            run(&a.iter().map(String::as_str).collect::<Vec<_>>())
        })
        .collect();
    for (out, expected) in first.iter().zip([
        "2 entries, 2 new indicators, 2 newly listed, 1 lines skipped",
        "2 entries, 2 new indicators, 2 newly listed, 1 lines skipped",
        "2 entries, 2 new indicators, 2 newly listed, 1 lines skipped",
    ]) {
        assert_eq!(code(out), 0, "{}", stderr(out));
        assert!(stdout(out).contains(expected), "{}", stdout(out));
    }
    // The wallet with a broken checksum is named, not imported.
    assert!(stderr(&first[1]).contains("1G53gZGr32vHPBxhCvbH1JPNc4oYyfsZhX"));
    let again = args(&hosts);
    let again = run(&again.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        stdout(&again).contains("0 new indicators, 0 newly listed"),
        "{}",
        stdout(&again)
    );
    let looked = run(&[
        "lookup",
        "phone",
        "+84 868 426 463",
        "--db",
        &db,
        "--key-file",
        key_arg,
    ]);
    assert_eq!(code(&looked), 0, "{}", stderr(&looked));
    let found: Value = serde_json::from_str(stdout(&looked).trim()).unwrap();
    assert_eq!(found["value"], "+84868426463");
    assert_eq!(found["sources"], json!(["partner-bank"]));
    assert_eq!(found["reports"], 0);
    let server = Server::start(&db, &key);
    let host = get(
        &server,
        "/api/v1/lookup?kind=url&value=thamtu-bimat.net",
        None,
    );
    assert_eq!(host.0, 200, "{}", host.1);
    assert_eq!(host.1["sources"], json!(["blocklist"]));
    // A full link on a listed host names the list too.
    let link = get(
        &server,
        "/api/v1/lookup?kind=url&value=https%3A%2F%2FTHAMTU-BIMAT.net%2Fanh%3Fid%3D7",
        None,
    );
    assert_eq!(link.0, 200, "{}", link.1);
    assert_eq!(link.1["value"], "https://thamtu-bimat.net/anh?id=7");
    assert_eq!(link.1["sources"], json!(["blocklist"]));
    let wallet = lookup_reports(&server, OTHER_WALLET);
    assert_eq!(wallet["sources"], json!(["partner"]));
}

#[test]
fn store_configuration_errors_exit_2() {
    let dir = TempDir::new("config");
    let bad_url = run(&["serve", "--db", "mysql://x/y", "--listen", "127.0.0.1:0"]);
    assert_eq!(code(&bad_url), 2);
    assert!(
        stderr(&bad_url).contains("sqlite://PATH or postgres://"),
        "{}",
        stderr(&bad_url)
    );
    // Refused before a key file was written for it (the test runs in the crate's folder).
    assert!(
        !Path::new("mysql:").exists(),
        "a key file was created for an unsupported URL"
    );
    let no_key = run(&["lookup", "btc", "x", "--db", "postgres://u@127.0.0.1:1/db"]);
    assert_eq!(code(&no_key), 2);
    let key = dir.path("short.key");
    std::fs::write(&key, "abcd").unwrap();
    let db = format!("sqlite://{}", dir.path("s.db").display());
    let short_key = run(&[
        "user",
        "list",
        "--db",
        &db,
        "--key-file",
        key.to_str().unwrap(),
    ]);
    assert_eq!(code(&short_key), 2);
    assert!(
        stderr(&short_key).contains("64 hex digits"),
        "{}",
        stderr(&short_key)
    );
    let pg_no_key = run(&["user", "list", "--db", "postgres://u@127.0.0.1:1/db"]);
    assert_eq!(code(&pg_no_key), 2);
    assert!(
        stderr(&pg_no_key).contains("CANHGIAC_KEY"),
        "{}",
        stderr(&pg_no_key)
    );
}

#[test]
fn default_key_file_is_created_private_and_reused() {
    let dir = TempDir::new("default-key");
    let db_path = dir.path("store.db");
    let db = format!("sqlite://{}", db_path.display());
    let first = Command::new(BIN)
        .args(["user", "add", "an", "--db", &db])
        .env_remove("CANHGIAC_KEY")
        .env_remove("CANHGIAC_KEY_FILE")
        .output()
        .unwrap();
    assert_eq!(code(&first), 0, "{}", stderr(&first));
    let key = dir.path("store.db.key");
    let text = std::fs::read_to_string(&key).unwrap();
    assert_eq!(text.trim().len(), 64);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "key file readable by others: {mode:o}");
    }
    let second = Command::new(BIN)
        .args(["user", "list", "--db", &db])
        .env_remove("CANHGIAC_KEY")
        .env_remove("CANHGIAC_KEY_FILE")
        .output()
        .unwrap();
    assert_eq!(code(&second), 0);
    assert_eq!(std::fs::read_to_string(&key).unwrap(), text, "key kept");
}

/// POSTs `bytes` as the form field `field` of a multipart form.
fn post_file(server: &Server, path: &str, field: &str, bytes: &[u8]) -> (u16, Value) {
    let boundary = "cg-e2e-boundary-51c2";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"upload\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    answer(
        agent()
            .post(server.url(path))
            .header(
                "Content-Type",
                &format!("multipart/form-data; boundary={boundary}"),
            )
            .send(&body[..]),
    )
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in std::fs::read_dir(&next).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

/// The privacy rule, end to end: an image sent to be hashed, to be checked by OCR, and whose
/// fingerprint is then registered and reported, leaves no byte of itself in the database, its
/// journal, or the server's temporary folder. The CLI then matches the file against the store.
#[test]
fn uploaded_images_never_reach_disk_and_match_from_the_cli() {
    let dir = TempDir::new("media-privacy");
    let temp = dir.path("tmp");
    std::fs::create_dir_all(&temp).unwrap();
    let key = write_key(&dir);
    let db = format!("sqlite://{}", dir.path("cg.db").display());
    let image_path = super::screenshot("threat-blue-small.png");
    let image = std::fs::read(&image_path).unwrap();
    let server = Server::start_with_temp(&db, &key, &temp);
    let (status, hashed) = post_file(&server, "/api/v1/media/hash", "file", &image);
    assert_eq!(status, 200, "{hashed}");
    let pdq = hashed["pdq"].as_str().unwrap().to_string();
    let (status, checked) = post_file(&server, "/api/v1/check", "image", &image);
    assert_eq!(status, 200, "{checked}");
    let (status, registered) = post(
        &server,
        "/api/v1/media/register",
        &json!({"fingerprints": [{"kind": "pdq", "value": pdq}]}),
        None,
    );
    assert_eq!(status, 201, "{registered}");
    let (status, created) = post(
        &server,
        "/api/v1/reports",
        &json!({"text": threat(WALLET), "fingerprints": [{"kind": "pdq", "value": pdq}]}),
        None,
    );
    assert_eq!(status, 201, "{created}");
    drop(server);

    // Windows of the image file every 1 KiB: compressed image data does not recur by chance.
    let windows: Vec<&[u8]> = (0..image.len().saturating_sub(48))
        .step_by(1024)
        .map(|i| &image[i..i + 48])
        .collect();
    assert!(windows.len() > 5);
    let files = files_under(dir.path("").as_path());
    assert!(files.iter().any(|f| f.ends_with("cg.db")), "{files:?}");
    for file in &files {
        if file == &key {
            continue;
        }
        let stored = std::fs::read(file).unwrap();
        for window in &windows {
            assert!(
                !stored.windows(window.len()).any(|w| w == *window),
                "{} holds bytes of the uploaded image",
                file.display()
            );
        }
    }
    assert!(
        files_under(&temp).is_empty(),
        "the server wrote temporary files"
    );

    let out = run(&[
        "match",
        "--db",
        &db,
        "--key-file",
        key.to_str().unwrap(),
        image_path.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let line: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(line["pdq"], pdq.as_str());
    let matches = line["matches"].as_array().unwrap();
    assert_eq!(matches.len(), 2, "{line}");
    assert!(matches.iter().all(|m| m["distance"] == 0));
    let other = "0f".repeat(32);
    let out = run(&[
        "match",
        "--db",
        &db,
        "--key-file",
        key.to_str().unwrap(),
        &other,
    ]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let out = run(&[
        "match",
        "--db",
        &db,
        "--key-file",
        key.to_str().unwrap(),
        "not-a-hash-or-file",
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("neither a PDQ hash"),
        "{}",
        stderr(&out)
    );
}

/// `canhgiac export`: a confirmed campaign leaves as a STIX bundle and a MISP feed naming the
/// authority given, without the reporter's contact; TLP:RED is refused.
#[test]
fn export_writes_stix_and_misp_of_confirmed_campaigns() {
    let dir = TempDir::new("export");
    let db = format!("sqlite://{}", dir.path("store.db").display());
    let key = write_key(&dir);
    let key_arg = key.to_str().unwrap();
    let added = run(&["user", "add", "lan", "--db", &db, "--key-file", key_arg]);
    let token = stdout(&added).trim().to_string();
    let server = Server::start(&db, &key);
    let first = report(&server, &threat(WALLET));
    report(&server, &threat(WALLET));
    let (status, body) = post(
        &server,
        "/api/v1/decisions",
        &json!({"target": "report", "report_id": first["id"], "decision": "confirmed",
                "reason": "ví của chiến dịch"}),
        Some(&token),
    );
    assert!(status < 300, "{body}");
    drop(server);

    let store = ["--db", db.as_str(), "--key-file", key_arg];
    let bundle_path = dir.path("bundle.json");
    let mut args = vec!["export", "stix", "--out", bundle_path.to_str().unwrap()];
    args.extend([
        "--authority-name",
        "Công an tỉnh Thử Nghiệm",
        "--tlp",
        "amber",
    ]);
    args.extend(store);
    let out = run(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(&bundle_path).unwrap();
    let bundle: Value = serde_json::from_str(&text).unwrap();
    let objects = bundle["objects"].as_array().unwrap();
    assert!(objects
        .iter()
        .any(|o| o["type"] == "identity" && o["name"] == "Công an tỉnh Thử Nghiệm"));
    assert_eq!(
        objects.iter().filter(|o| o["type"] == "campaign").count(),
        1
    );
    assert!(text.contains(WALLET));
    assert!(!text.contains("0901 234 567") && !text.contains("+84901234567"));

    let feed = dir.path("feed");
    let mut args = vec!["export", "misp", feed.to_str().unwrap()];
    args.extend(store);
    let out = run(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(feed.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(
        manifest.as_object().unwrap().len(),
        1,
        "one event: {manifest}"
    );
    assert!(feed.join("hashes.csv").exists());

    let mut args = vec!["export", "stix", "--tlp", "red"];
    args.extend(store);
    let out = run(&args);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("never exported"), "{}", stderr(&out));
}

/// `demo` seeds the letter and its campaign once; `export cap` writes its alert and feed;
/// `import` takes a partner's bundle with its source, and the server answers publicly only
/// for what is public.
#[test]
fn demo_letter_exports_as_cap_and_partner_imports_keep_their_marking() {
    let dir = TempDir::new("demo");
    let db = format!("sqlite://{}", dir.path("store.db").display());
    let key = write_key(&dir);
    let key_arg = key.to_str().unwrap();
    let store = ["--db", db.as_str(), "--key-file", key_arg];
    let mut args = vec!["demo", "--public-url", "https://canhgiac.example"];
    args.extend(store);
    let seeded = run(&args);
    assert_eq!(code(&seeded), 0, "{}", stderr(&seeded));
    let printed = stdout(&seeded);
    assert_eq!(
        printed
            .matches("https://canhgiac.example/xac-nhan/ack_")
            .count(),
        5,
        "{printed}"
    );
    let again = run(&args);
    assert_eq!(code(&again), 2, "a second demo is refused");
    assert!(
        stderr(&again).contains("already has advisories"),
        "{}",
        stderr(&again)
    );

    let alerts = dir.path("cap");
    let mut args = vec![
        "export",
        "cap",
        alerts.to_str().unwrap(),
        "--public-url",
        "https://canhgiac.example",
    ];
    args.extend(store);
    let out = run(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let xml = std::fs::read_to_string(alerts.join("HP-STTTT-2024-12-001.xml")).unwrap();
    assert!(xml.contains("<web>https://canhgiac.example/canh-bao/HP-STTTT-2024-12-001</web>"));
    assert!(xml.contains("+07:00</sent>"), "{xml}");
    assert!(
        !xml.contains("0903 111 222"),
        "no reporter contact in an alert"
    );
    let feed = std::fs::read_to_string(alerts.join("canh-bao.atom")).unwrap();
    assert!(feed.contains("Cảnh báo thủ đoạn tống tiền"));

    let partner =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../share/tests/fixtures/partner-bundle.json");
    let mut args = vec!["import", partner.to_str().unwrap()];
    args.extend(store);
    let out = run(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("stix:CERT đối tác"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("2 TLP:RED"), "{}", stderr(&out));
    let mut args = vec![
        "lookup",
        "btc",
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    ];
    args.extend(store);
    let out = run(&args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("stix:CERT đối tác (TLP:AMBER)"),
        "{}",
        stdout(&out)
    );

    let server = Server::start(&db, &key);
    let (status, public) = get(
        &server,
        "/api/v1/lookup?kind=btc&value=bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        None,
    );
    assert_eq!(status, 200, "{public}");
    assert_eq!(
        public["sources"],
        json!([]),
        "TLP:AMBER stays out of public look-ups: {public}"
    );
    let (status, page) = get(&server, "/api/v1/advisories/HP-STTTT-2024-12-001", None);
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["content"]["contact_person"], "Bà Trần Thị Minh Hương");

    let mut args = vec!["import", "--format", "partner", key_arg];
    args.extend(store);
    let out = run(&args);
    assert_eq!(code(&out), 2, "a key file is not a partner document");
}
