//! The HTTP API end to end, in-process: every test drives `canhgiac_server::router` with
//! `tower::ServiceExt::oneshot` over a fresh SQLite file and a fresh PostgreSQL database (in the
//! cluster named by `CANHGIAC_TEST_PG`). Without that variable the PostgreSQL half is skipped
//! with a notice, unless `CANHGIAC_REQUIRE_PG` is set.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::Router;
use canhgiac_core::Analyzer;
use canhgiac_server::{router, AppState};
use canhgiac_store::testing::{self, TestDb};
use canhgiac_store::{Role, Secrets, Store, Totals};
use serde_json::{json, Value};
use tower::ServiceExt;

mod web;

const MASTER: [u8; 32] = [42; 32];

/// A valid TRON address (base58check, version 0x41), made up for these tests.
const TRX_WALLET: &str = "TXMKTKVDwjc3HdFkTTij1ANEY5dxkoLWh5";
/// Another valid TRON address.
const TRX_OTHER: &str = "TStB6wSQW6hKMgynDgXsgQTqDfPhr2FbGg";
/// A valid Bitcoin P2PKH address, made up for these tests.
const BTC_WALLET: &str = "124aNTAeNWrPGYJJ2uuhwyTRqF4urM881b";

/// A "private detective" threatens to send face-swapped images to the wife unless USDT is paid.
const DETECTIVE: &str = "Chào anh Hùng. Tôi là thám tử tư, được thuê theo dõi anh suốt hai tháng \
     nay. Tôi đang giữ ảnh và video nhạy cảm của anh với một cô gái trong khách sạn, mặt anh \
     được ghép rõ từng đường nét. Nếu trong 24 giờ anh không chuyển 2500 USDT vào ví TRC20 \
     TXMKTKVDwjc3HdFkTTij1ANEY5dxkoLWh5 thì toàn bộ sẽ được gửi cho vợ anh và cơ quan anh. Gọi \
     ngay 0868.426.463 để thương lượng. Đừng báo công an, tôi biết nhà anh ở đâu.";

/// The same wallet, another victim, no phone.
const DETECTIVE_AGAIN: &str = "Anh Long, em là thám tử được thuê điều tra anh. Em có clip anh \
     ở nhà nghỉ, đã ghép mặt, xem không ai nghi ngờ. Muốn em xoá thì chuyển 1000 USDT mạng TRON \
     tới TXMKTKVDwjc3HdFkTTij1ANEY5dxkoLWh5 trước 9 giờ tối nay, không thì clip sẽ gửi cho vợ \
     anh và đăng lên Facebook.";

/// A sentence only the first reporter's message holds (privacy tests look for it elsewhere).
const DISTINCTIVE: &str = "Tôi biết anh hay đón con ở trường Tiểu học Sao Mai lúc bốn giờ rưỡi";

/// The reporter's contact: only analysts may ever read it.
const CONTACT: &str = "anh Minh 0901 234 567";

/// A message that carries only a bank's own number.
const BANK_NOTICE: &str = "Ngân hàng thông báo: quý khách vui lòng gọi tổng đài 028 3800 0000 \
     nếu cần hỗ trợ về thẻ.";

struct Fixture {
    store: Arc<Store>,
    app: App,
    _db: TestDb,
}

fn client() -> SocketAddr {
    "203.0.113.7:40000".parse().unwrap()
}

async fn open(db: TestDb) -> Fixture {
    let store = Store::open(&db.url, Secrets::from_master(&MASTER))
        .await
        .unwrap();
    let store = Arc::new(store);
    let analyzer = Analyzer::builtin().unwrap();
    let state = AppState::new(Arc::clone(&store), analyzer);
    Fixture {
        app: App::new(state, client()),
        store,
        _db: db,
    }
}

async fn sqlite() -> Fixture {
    open(testing::sqlite()).await
}

async fn postgres() -> Option<Fixture> {
    Some(open(testing::postgres().await?).await)
}

canhgiac_store::conformance!(sqlite, postgres;
    authorisation_per_route,
    disabled_users_lose_access,
    bad_input_is_rejected_and_stores_nothing,
    sql_looking_values_are_data,
    pin_protects_and_locks_reports,
    wrong_pins_limit_one_address,
    public_routes_never_show_contact_or_others_text,
    created_report_shape_and_lookup,
    check_shape_with_lookups,
    screenshots_are_checked_by_ocr,
    shared_indicators_share_a_campaign,
    confirmed_reports_confirm_their_indicators,
    allowlisted_indicators_never_link,
    openapi_metrics_health_and_unknown_routes,
    path_errors_are_json,
    wrong_method_errors_are_json,
    nul_bytes_in_input_are_client_errors,
    huge_amounts_keep_campaigns_readable,
    amounts_may_come_and_go,
    media_fingerprints_register_and_match,
    bad_media_requests_are_json_errors,
    stix_export_carries_confirmed_campaigns_only,
    taxii_serves_confirmed_campaigns_in_pages,
    taxii_pollers_meet_campaigns_confirmed_late,
    advisories_publish_email_and_acknowledge,
    private_advisories_reach_only_their_recipients,
    partner_imports_record_their_source_and_marking,
);

mod sink;

// ---------------------------------------------------------------------------------------------
// The HTTP client.

/// The router with a fixed client address, called in-process.
#[derive(Clone)]
struct App {
    router: Router,
}

impl App {
    fn new(state: AppState, peer: SocketAddr) -> App {
        App {
            router: router(state).layer(MockConnectInfo(peer)),
        }
    }

    async fn send(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(request(Method::GET, path, token, None)).await
    }

    async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Reply {
        self.send(request(Method::POST, path, token, Some(body)))
            .await
    }

    /// Files a report, expecting 201; returns the answer's JSON.
    async fn report(&self, body: &Value) -> Value {
        let reply = self.post("/api/v1/reports", None, body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        reply.json()
    }

    async fn lookup(&self, kind: &str, value: &str) -> Value {
        let reply = self
            .get(
                &format!("/api/v1/lookup?kind={kind}&value={}", encode(value)),
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        reply.json()
    }

    async fn with_pin(&self, method: Method, reference: &str, pin: Option<&str>) -> Reply {
        self.with_pin_at(method, &format!("/api/v1/reports/{reference}"), pin)
            .await
    }

    async fn with_pin_at(&self, method: Method, path: &str, pin: Option<&str>) -> Reply {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(pin) = pin {
            builder = builder.header("X-Report-Pin", pin);
        }
        self.send(builder.body(Body::empty()).unwrap()).await
    }
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.text()))
    }
}

fn request(method: Method, path: &str, token: Option<&str>, body: Option<&Value>) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    match body {
        Some(body) => builder
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(serde_json::to_vec(body).unwrap()))
            .unwrap(),
        None => builder.body(Body::empty()).unwrap(),
    }
}

/// A raw body with the JSON content type.
fn raw_json(path: &str, body: impl Into<Body>) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap()
}

/// Percent-encodes everything but unreserved characters.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Asserts the status and the error body `{"error": {"code", "message"}}` (and nothing else).
fn assert_error(reply: &Reply, status: StatusCode, code: Option<&str>, what: &str) {
    assert_eq!(reply.status, status, "{what}: {}", reply.text());
    let content_type = reply
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(
        content_type.starts_with("application/json"),
        "{what}: error content type {content_type:?}, body {:?}",
        reply.text()
    );
    let body = reply.json();
    let object = body.as_object().unwrap_or_else(|| panic!("{what}: {body}"));
    assert_eq!(object.len(), 1, "{what}: {body}");
    let error = body["error"]
        .as_object()
        .unwrap_or_else(|| panic!("{what}: {body}"));
    assert_eq!(error.len(), 2, "{what}: {body}");
    let actual = error["code"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: {body}"));
    assert!(!actual.is_empty(), "{what}: {body}");
    let message = error["message"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: {body}"));
    assert!(!message.trim().is_empty(), "{what}: {body}");
    if let Some(code) = code {
        assert_eq!(actual, code, "{what}: {body}");
    }
}

fn is_rfc3339(value: &Value) -> bool {
    value.as_str().is_some_and(|t| {
        time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).is_ok()
    })
}

async fn analyst_and_admin(store: &Store) -> (String, String) {
    let (_, analyst) = store.add_user("a", Role::Analyst).await.unwrap();
    let (_, admin) = store.add_user("admin", Role::Admin).await.unwrap();
    (analyst, admin)
}

fn report_body(text: &str) -> Value {
    json!({
        "text": text,
        "channel": "zalo",
        "received_at": "2025-11-24T08:30:00+07:00",
        "amount_demanded": 2500.0,
        "currency": "usdt",
        "paid": false,
        "consent_police": true,
    })
}

fn wrong_pin(pin: &str) -> &'static str {
    if pin == "000000" {
        "111111"
    } else {
        "000000"
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Authorisation.

/// One protected route: who may call it and what success looks like.
struct Route {
    method: Method,
    path: String,
    body: Option<Value>,
    role: Role,
    ok: StatusCode,
}

async fn authorisation_per_route(f: Fixture) {
    let app = &f.app;
    let (analyst, admin) = analyst_and_admin(&f.store).await;
    let (victim, victim_token) = f.store.add_user("victim", Role::Analyst).await.unwrap();
    let created = app.report(&report_body(DETECTIVE)).await;
    let report_id = created["id"].as_i64().unwrap();
    let campaign_id = created["campaign_id"].as_i64().unwrap();
    let users_before = f.store.users().await.unwrap().len();
    let route =
        |method: Method, path: String, body: Option<Value>, role: Role, ok: StatusCode| Route {
            method,
            path,
            body,
            role,
            ok,
        };
    let routes = [
        route(
            Method::GET,
            "/api/v1/reports".into(),
            None,
            Role::Analyst,
            StatusCode::OK,
        ),
        route(
            Method::GET,
            format!("/api/v1/analyst/reports/{report_id}"),
            None,
            Role::Analyst,
            StatusCode::OK,
        ),
        route(
            Method::POST,
            "/api/v1/decisions".into(),
            Some(json!({
                "target": "report",
                "report_id": report_id,
                "decision": "confirmed",
                "reason": "cùng ví với chiến dịch thám tử tư",
            })),
            Role::Analyst,
            StatusCode::CREATED,
        ),
        route(
            Method::GET,
            "/api/v1/campaigns".into(),
            None,
            Role::Analyst,
            StatusCode::OK,
        ),
        route(
            Method::GET,
            format!("/api/v1/campaigns/{campaign_id}"),
            None,
            Role::Analyst,
            StatusCode::OK,
        ),
        route(
            Method::GET,
            "/api/v1/users".into(),
            None,
            Role::Admin,
            StatusCode::OK,
        ),
        route(
            Method::POST,
            "/api/v1/users".into(),
            Some(json!({ "name": "nguyen-van-b", "role": "analyst" })),
            Role::Admin,
            StatusCode::CREATED,
        ),
        route(
            Method::POST,
            format!("/api/v1/users/{}/tokens", victim.id),
            None,
            Role::Admin,
            StatusCode::CREATED,
        ),
        route(
            Method::POST,
            format!("/api/v1/users/{}/disable", victim.id),
            None,
            Role::Admin,
            StatusCode::NO_CONTENT,
        ),
        route(
            Method::GET,
            "/api/v1/audit".into(),
            None,
            Role::Admin,
            StatusCode::OK,
        ),
    ];
    let bad_headers: [(&str, Option<HeaderValue>); 7] = [
        ("no header", None),
        (
            "unknown token",
            Some(HeaderValue::from_static(
                "Bearer cg_wrong0000000000000000000000000000000000000000000000000000000000",
            )),
        ),
        ("basic scheme", Some(HeaderValue::from_static("Basic x"))),
        (
            "bearer, no token",
            Some(HeaderValue::from_static("Bearer ")),
        ),
        (
            "token without scheme",
            Some(HeaderValue::from_str(&analyst).unwrap()),
        ),
        (
            "token not starting cg_",
            Some(HeaderValue::from_static("Bearer abc")),
        ),
        (
            "non-ASCII bytes",
            Some(HeaderValue::from_bytes(b"Bearer cg_\xff\xfe").unwrap()),
        ),
    ];
    for r in &routes {
        let what = format!("{} {}", r.method, r.path);
        let make = |auth: Option<HeaderValue>| {
            let mut builder = Request::builder().method(r.method.clone()).uri(&r.path);
            if let Some(auth) = auth {
                builder = builder.header(header::AUTHORIZATION, auth);
            }
            match &r.body {
                Some(body) => builder
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Body::from(serde_json::to_vec(body).unwrap()))
                    .unwrap(),
                None => builder.body(Body::empty()).unwrap(),
            }
        };
        for (label, auth) in &bad_headers {
            let reply = app.send(make(auth.clone())).await;
            assert_error(
                &reply,
                StatusCode::UNAUTHORIZED,
                Some("unauthorized"),
                &format!("{what} with {label}"),
            );
        }
        let bearer = |token: &str| Some(HeaderValue::from_str(&format!("Bearer {token}")).unwrap());
        if r.role == Role::Admin {
            let reply = app.send(make(bearer(&analyst))).await;
            assert_error(
                &reply,
                StatusCode::FORBIDDEN,
                Some("forbidden"),
                &format!("{what} as analyst"),
            );
        } else {
            // Admins may do what analysts do.
            let reply = app.send(make(bearer(&admin))).await;
            assert_eq!(reply.status, r.ok, "{what} as admin: {}", reply.text());
        }
        let token = if r.role == Role::Admin {
            &admin
        } else {
            &analyst
        };
        let reply = app.send(make(bearer(token))).await;
        assert_eq!(
            reply.status,
            r.ok,
            "{what} with the right role: {}",
            reply.text()
        );
        if r.ok == StatusCode::NO_CONTENT {
            assert!(reply.body.is_empty(), "{what}: {}", reply.text());
        } else {
            assert!(reply.json().is_object(), "{what}: {}", reply.text());
        }
    }
    // The refused calls changed nothing: only the admin's POST added a user.
    let users = f.store.users().await.unwrap();
    assert_eq!(users.len(), users_before + 1);
    assert!(users.iter().any(|u| u.name == "nguyen-van-b"));
    // The admin disabled the victim: the victim's tokens, old and new, no longer work.
    let reply = app.get("/api/v1/reports", Some(&victim_token)).await;
    assert_error(
        &reply,
        StatusCode::UNAUTHORIZED,
        Some("unauthorized"),
        "disabled user",
    );
    // The decisions went through for both callers (admin and analyst).
    let detail = app
        .get(
            &format!("/api/v1/analyst/reports/{report_id}"),
            Some(&analyst),
        )
        .await
        .json();
    assert_eq!(detail["status"], "confirmed");
    let deciders: Vec<&str> = detail["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["user"].as_str().unwrap())
        .collect();
    assert_eq!(deciders, vec!["admin", "a"]);
}

async fn disabled_users_lose_access(f: Fixture) {
    let app = &f.app;
    let (_, admin) = analyst_and_admin(&f.store).await;
    let reply = app
        .post(
            "/api/v1/users",
            Some(&admin),
            &json!({ "name": "tran-thi-c", "role": "analyst" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let created = reply.json();
    assert_eq!(created["name"], "tran-thi-c");
    assert_eq!(created["role"], "analyst");
    let first = created["token"].as_str().unwrap().to_string();
    let user_id = created["user_id"].as_i64().unwrap();
    assert!(first.starts_with("cg_"));
    // A new analyst can list reports but not users.
    assert_eq!(
        app.get("/api/v1/reports", Some(&first)).await.status,
        StatusCode::OK
    );
    assert_error(
        &app.get("/api/v1/users", Some(&first)).await,
        StatusCode::FORBIDDEN,
        Some("forbidden"),
        "analyst on users",
    );
    // The same name twice is a conflict; an unknown role is invalid.
    assert_error(
        &app.post(
            "/api/v1/users",
            Some(&admin),
            &json!({ "name": "tran-thi-c", "role": "admin" }),
        )
        .await,
        StatusCode::CONFLICT,
        Some("conflict"),
        "duplicate user",
    );
    assert_error(
        &app.post(
            "/api/v1/users",
            Some(&admin),
            &json!({ "name": "le-van-d", "role": "superuser" }),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("invalid_field"),
        "unknown role",
    );
    let reply = app
        .send(request(
            Method::POST,
            &format!("/api/v1/users/{user_id}/tokens"),
            Some(&admin),
            None,
        ))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let second = reply.json()["token"].as_str().unwrap().to_string();
    assert_ne!(second, first);
    assert_eq!(
        app.get("/api/v1/campaigns", Some(&second)).await.status,
        StatusCode::OK
    );
    let listed = app.get("/api/v1/users", Some(&admin)).await.json();
    let entry = listed["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "tran-thi-c")
        .cloned()
        .unwrap();
    assert_eq!(entry["tokens"], 2);
    assert_eq!(entry["disabled"], false);
    assert!(is_rfc3339(&entry["created_at"]), "{entry}");
    // Unknown users are 404s.
    for path in [
        "/api/v1/users/999999/tokens",
        "/api/v1/users/999999/disable",
    ] {
        let reply = app
            .send(request(Method::POST, path, Some(&admin), None))
            .await;
        assert_error(&reply, StatusCode::NOT_FOUND, Some("not_found"), path);
    }
    let reply = app
        .send(request(
            Method::POST,
            &format!("/api/v1/users/{user_id}/disable"),
            Some(&admin),
            None,
        ))
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
    for token in [&first, &second] {
        assert_error(
            &app.get("/api/v1/reports", Some(token)).await,
            StatusCode::UNAUTHORIZED,
            Some("unauthorized"),
            "disabled user's token",
        );
    }
    let listed = app.get("/api/v1/users", Some(&admin)).await.json();
    let entry = listed["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "tran-thi-c")
        .cloned()
        .unwrap();
    assert_eq!(entry["disabled"], true);
    assert_eq!(entry["tokens"], 0);
}

// ---------------------------------------------------------------------------------------------
// 2. Bad input.

async fn bad_input_is_rejected_and_stores_nothing(f: Fixture) {
    let app = &f.app;
    let (analyst, _) = analyst_and_admin(&f.store).await;
    let before: Totals = f.store.totals().await.unwrap();
    let reports = "/api/v1/reports";
    let with = |extra: Value| {
        let mut body = report_body(DETECTIVE);
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let huge = format!(r#"{{"text":"{}"}}"#, "a".repeat(10 * 1024 * 1024));
    let many: Vec<Value> = (0..100_000)
        .map(|i| json!({ "kind": "btc", "value": format!("v{i}") }))
        .collect();
    let six_hundred: Vec<Value> = (0..600)
        .map(|i| json!({ "kind": "phone", "value": format!("09{i:08}") }))
        .collect();
    let over_text = format!(
        r#"{{"text":"{}"}}"#,
        "x".repeat(canhgiac_store::MAX_TEXT_BYTES + 1)
    );
    let cases: Vec<(&str, Request<Body>, StatusCode, Option<&str>)> = vec![
        (
            "malformed JSON",
            raw_json(reports, r#"{"text": "tôi là thám tử"#),
            StatusCode::BAD_REQUEST,
            Some("invalid_json"),
        ),
        (
            "trailing comma",
            raw_json(reports, r#"{"text": "thám tử",}"#),
            StatusCode::BAD_REQUEST,
            Some("invalid_json"),
        ),
        (
            "wrong type",
            raw_json(reports, r#"{"text": 5}"#),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_field"),
        ),
        (
            "wrong type of an optional field",
            request(
                Method::POST,
                reports,
                None,
                Some(&with(json!({ "paid": "có" }))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_field"),
        ),
        (
            "unknown field",
            request(
                Method::POST,
                reports,
                None,
                Some(&with(json!({ "victim_name": "Hùng" }))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_field"),
        ),
        (
            "unknown field in an indicator",
            request(
                Method::POST,
                reports,
                None,
                Some(&with(json!({
                    "indicators": [{ "kind": "trx", "value": TRX_OTHER, "note": "x" }]
                }))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_field"),
        ),
        (
            "unknown indicator kind",
            request(
                Method::POST,
                reports,
                None,
                Some(&with(json!({
                    "indicators": [{ "kind": "doge", "value": "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L" }]
                }))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("unknown_kind"),
        ),
        (
            "btc with a broken checksum",
            request(
                Method::POST,
                reports,
                None,
                Some(&with(json!({
                    "indicators": [{ "kind": "btc", "value": "1BoatSLRHtKNngkdXEeobR76b53LETtpyX" }]
                }))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_value"),
        ),
        (
            "a phone that is not one",
            request(
                Method::POST,
                reports,
                None,
                Some(&with(json!({
                    "indicators": [{ "kind": "phone", "value": "không có số" }]
                }))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_value"),
        ),
        (
            "10 MB body",
            raw_json(reports, huge.clone()),
            StatusCode::PAYLOAD_TOO_LARGE,
            Some("body_too_large"),
        ),
        (
            "100,000 indicators",
            request(
                Method::POST,
                reports,
                None,
                Some(&with(json!({ "indicators": many }))),
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
            Some("body_too_large"),
        ),
        (
            "600 indicators under the body limit",
            request(
                Method::POST,
                reports,
                None,
                Some(&with(json!({ "indicators": six_hundred }))),
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
            Some("too_many_indicators"),
        ),
        (
            "text over 1 MiB, body under the limit",
            raw_json(reports, over_text.clone()),
            StatusCode::PAYLOAD_TOO_LARGE,
            Some("text_too_long"),
        ),
        (
            "empty text",
            request(
                Method::POST,
                reports,
                None,
                Some(&with(json!({ "text": "" }))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("empty_text"),
        ),
        (
            "blank text",
            request(
                Method::POST,
                reports,
                None,
                Some(&with(json!({ "text": " \n\t " }))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("empty_text"),
        ),
        (
            "bad fingerprint",
            request(
                Method::POST,
                reports,
                None,
                Some(&with(json!({
                    "fingerprints": [{ "kind": "pdq", "value": "zz".repeat(32) }]
                }))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_fingerprint"),
        ),
        (
            "short fingerprint",
            request(
                Method::POST,
                reports,
                None,
                Some(&with(json!({
                    "fingerprints": [{ "kind": "pdq", "value": "f0".repeat(31) }]
                }))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_fingerprint"),
        ),
        (
            "unknown fingerprint kind",
            request(
                Method::POST,
                reports,
                None,
                Some(&with(json!({
                    "fingerprints": [{ "kind": "md5", "value": "f0".repeat(32) }]
                }))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("unknown_fingerprint_kind"),
        ),
        (
            "bad received_at",
            request(
                Method::POST,
                reports,
                None,
                Some(&with(json!({ "received_at": "hôm qua lúc 9 giờ" }))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_time"),
        ),
        (
            "received_at without a zone",
            request(
                Method::POST,
                reports,
                None,
                Some(&with(json!({ "received_at": "2025-11-24 08:30:00" }))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_time"),
        ),
        (
            "negative amount",
            request(
                Method::POST,
                reports,
                None,
                Some(&with(json!({ "amount_paid": -5.0 }))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_input"),
        ),
        (
            "NUL in the text",
            request(
                Method::POST,
                reports,
                None,
                Some(&with(json!({ "text": "thám tử\u{0}tư" }))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_input"),
        ),
        (
            "contact over the field limit",
            request(
                Method::POST,
                reports,
                None,
                Some(&with(json!({ "contact": "9".repeat(5000) }))),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_input"),
        ),
        (
            "missing content type",
            Request::builder()
                .method(Method::POST)
                .uri(reports)
                .body(Body::from(
                    serde_json::to_vec(&report_body(DETECTIVE)).unwrap(),
                ))
                .unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Some("unsupported_media_type"),
        ),
        (
            "text/plain content type",
            Request::builder()
                .method(Method::POST)
                .uri(reports)
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from(
                    serde_json::to_vec(&report_body(DETECTIVE)).unwrap(),
                ))
                .unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Some("unsupported_media_type"),
        ),
        (
            "check: malformed JSON",
            raw_json("/api/v1/check", "{"),
            StatusCode::BAD_REQUEST,
            Some("invalid_json"),
        ),
        (
            "check: wrong type",
            raw_json("/api/v1/check", r#"{"text": 5}"#),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_field"),
        ),
        (
            "check: empty text",
            raw_json("/api/v1/check", r#"{"text": ""}"#),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("empty_text"),
        ),
        (
            "check: 10 MB body",
            raw_json("/api/v1/check", huge),
            StatusCode::PAYLOAD_TOO_LARGE,
            Some("body_too_large"),
        ),
        (
            "check: text over 1 MiB",
            raw_json("/api/v1/check", over_text),
            StatusCode::PAYLOAD_TOO_LARGE,
            Some("text_too_long"),
        ),
        (
            "lookup: unknown kind",
            request(Method::GET, "/api/v1/lookup?kind=iban&value=x", None, None),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("unknown_kind"),
        ),
        (
            "lookup: invalid btc",
            request(
                Method::GET,
                "/api/v1/lookup?kind=btc&value=1BoatSLRHtKNngkdXEeobR76b53LETtpyX",
                None,
                None,
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_value"),
        ),
        (
            "lookup: no value",
            request(Method::GET, "/api/v1/lookup?kind=phone", None, None),
            StatusCode::BAD_REQUEST,
            Some("invalid_query"),
        ),
        (
            "decision: unknown decision",
            request(
                Method::POST,
                "/api/v1/decisions",
                Some(&analyst),
                Some(&json!({
                    "target": "indicator", "kind": "trx", "value": TRX_OTHER,
                    "decision": "maybe", "reason": "không chắc",
                })),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_field"),
        ),
        (
            "decision: no reason",
            request(
                Method::POST,
                "/api/v1/decisions",
                Some(&analyst),
                Some(&json!({
                    "target": "indicator", "kind": "trx", "value": TRX_OTHER,
                    "decision": "confirmed", "reason": "  ",
                })),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("reason_required"),
        ),
        (
            "decision: invalid indicator value",
            request(
                Method::POST,
                "/api/v1/decisions",
                Some(&analyst),
                Some(&json!({
                    "target": "indicator", "kind": "btc",
                    "value": "1BoatSLRHtKNngkdXEeobR76b53LETtpyX",
                    "decision": "allowlisted", "reason": "sàn giao dịch",
                })),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_value"),
        ),
        (
            "decision: unknown report",
            request(
                Method::POST,
                "/api/v1/decisions",
                Some(&analyst),
                Some(&json!({
                    "target": "report", "report_id": 424_242,
                    "decision": "confirmed", "reason": "x",
                })),
            ),
            StatusCode::NOT_FOUND,
            Some("not_found"),
        ),
        (
            "decision: unknown target",
            request(
                Method::POST,
                "/api/v1/decisions",
                Some(&analyst),
                Some(&json!({ "target": "campaign", "decision": "confirmed", "reason": "x" })),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("invalid_field"),
        ),
        (
            "report list: bad since",
            request(
                Method::GET,
                "/api/v1/reports?since=yesterday",
                Some(&analyst),
                None,
            ),
            StatusCode::BAD_REQUEST,
            Some("invalid_query"),
        ),
        (
            "report list: unknown parameter",
            request(
                Method::GET,
                "/api/v1/reports?contact=0901234567",
                Some(&analyst),
                None,
            ),
            StatusCode::BAD_REQUEST,
            Some("invalid_query"),
        ),
    ];
    for (what, req, status, code) in cases {
        let reply = app.send(req).await;
        assert_error(&reply, status, code, what);
        assert_eq!(
            f.store.totals().await.unwrap(),
            before,
            "{what} stored something"
        );
    }
    // The same report, well formed, is accepted: the refusals above were about the input.
    let created = app.report(&report_body(DETECTIVE)).await;
    assert!(created["id"].as_i64().is_some());
    assert_eq!(f.store.totals().await.unwrap().reports, before.reports + 1);
}

async fn sql_looking_values_are_data(f: Fixture) {
    let app = &f.app;
    let (analyst, _) = analyst_and_admin(&f.store).await;
    let evil_text = "'; DROP TABLE reports; --";
    let evil_url = "http://x.com/';DROP TABLE reports;--";
    let created = app
        .report(&json!({
            "text": evil_text,
            "channel": "'); DELETE FROM users; --",
            "indicators": [
                { "kind": "url", "value": evil_url },
                { "kind": "trx", "value": TRX_OTHER },
            ],
        }))
        .await;
    let report_id = created["id"].as_i64().unwrap();
    let indicators = created["indicators"].as_array().unwrap();
    let url = indicators
        .iter()
        .find(|i| i["kind"] == "url")
        .unwrap_or_else(|| panic!("{created}"));
    assert!(
        url["value"].as_str().unwrap().contains("';DROP"),
        "the quote is kept as data: {url}"
    );
    let found = app.lookup("url", evil_url).await;
    assert_eq!(found["reports"], 1, "{found}");
    assert_eq!(found["value"], url["value"]);
    let other = app.lookup("url", "http://x.com/' OR '1'='1").await;
    assert_eq!(other["reports"], 0, "{other}");
    // The analyst sees the text as written and can search for it; a LIKE injection finds none.
    let detail = app
        .get(
            &format!("/api/v1/analyst/reports/{report_id}"),
            Some(&analyst),
        )
        .await
        .json();
    assert_eq!(detail["text"], evil_text);
    assert_eq!(detail["channel"], "'); DELETE FROM users; --");
    let hits = app
        .get(
            &format!("/api/v1/reports?q={}", encode("DROP TABLE")),
            Some(&analyst),
        )
        .await
        .json();
    assert_eq!(hits["reports"].as_array().unwrap().len(), 1, "{hits}");
    assert_eq!(hits["reports"][0]["id"], report_id);
    let injected = app
        .get(
            &format!("/api/v1/reports?q={}", encode("%' OR '1'='1")),
            Some(&analyst),
        )
        .await;
    assert_eq!(injected.status, StatusCode::OK, "{}", injected.text());
    assert_eq!(injected.json()["reports"], json!([]));
    let status = app
        .get(
            &format!("/api/v1/reports?status={}", encode("received' OR '1'='1")),
            Some(&analyst),
        )
        .await
        .json();
    assert_eq!(status["reports"], json!([]));
    // A reference that is SQL is just a wrong reference.
    let reply = app
        .with_pin(Method::GET, &encode("' OR '1'='1"), Some("123456"))
        .await;
    assert_error(
        &reply,
        StatusCode::FORBIDDEN,
        Some("wrong_pin"),
        "SQL reference",
    );
    // The tables still work.
    // (No amounts, like the first: see `amounts_may_come_and_go` for why that matters.)
    let again = app.report(&json!({ "text": DETECTIVE })).await;
    assert!(again["id"].as_i64().unwrap() > report_id);
    assert_eq!(f.store.totals().await.unwrap().reports, 2);
    assert_eq!(
        app.get("/api/v1/users", Some(&analyst)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(f.store.users().await.unwrap().len(), 2);
}

// ---------------------------------------------------------------------------------------------
// 3. PINs.

async fn pin_protects_and_locks_reports(f: Fixture) {
    let app = &f.app;
    let (analyst, _) = analyst_and_admin(&f.store).await;
    let mut first = report_body(DETECTIVE);
    first["contact"] = json!("chị Lan, 0912 000 111");
    let a = app.report(&first).await;
    let b = app.report(&report_body(DETECTIVE_AGAIN)).await;
    let (a_ref, a_pin) = (a["reference"].as_str().unwrap(), a["pin"].as_str().unwrap());
    let (b_ref, b_pin) = (b["reference"].as_str().unwrap(), b["pin"].as_str().unwrap());
    assert_eq!(app.lookup("trx", TRX_WALLET).await["reports"], 2);
    for method in [Method::GET, Method::DELETE] {
        assert_error(
            &app.with_pin(method.clone(), a_ref, None).await,
            StatusCode::UNAUTHORIZED,
            Some("pin_required"),
            &format!("{method} without a PIN"),
        );
    }
    let ok = app.with_pin(Method::GET, a_ref, Some(a_pin)).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    let status = ok.json();
    assert_eq!(status["reference"], a_ref);
    assert_eq!(status["status"], "received");
    assert_eq!(status["campaign_id"], a["campaign_id"]);
    assert_eq!(status["campaign_reports"], 2);
    assert!(is_rfc3339(&status["created_at"]), "{status}");
    // The reference is read case-insensitively.
    let lower = app
        .with_pin(Method::GET, &a_ref.to_lowercase(), Some(a_pin))
        .await;
    assert_eq!(lower.status, StatusCode::OK, "{}", lower.text());
    // A PIN is not valid for another report.
    if a_pin != b_pin {
        assert_error(
            &app.with_pin(Method::GET, b_ref, Some(a_pin)).await,
            StatusCode::FORBIDDEN,
            Some("wrong_pin"),
            "another report's PIN",
        );
        // That was one wrong PIN on B; a right one resets the count.
        assert_eq!(
            app.with_pin(Method::GET, b_ref, Some(b_pin)).await.status,
            StatusCode::OK
        );
    }
    let wrong = wrong_pin(a_pin);
    for attempt in 0..canhgiac_store::PIN_ATTEMPTS {
        let method = if attempt % 2 == 0 {
            Method::GET
        } else {
            Method::DELETE
        };
        assert_error(
            &app.with_pin(method, a_ref, Some(wrong)).await,
            StatusCode::FORBIDDEN,
            Some("wrong_pin"),
            &format!("wrong PIN {attempt}"),
        );
    }
    for method in [Method::GET, Method::DELETE] {
        let locked = app.with_pin(method.clone(), a_ref, Some(a_pin)).await;
        assert_error(
            &locked,
            StatusCode::TOO_MANY_REQUESTS,
            Some("rate_limited"),
            &format!("{method} on a locked report"),
        );
        let retry: i64 = locked
            .headers
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no Retry-After: {:?}", locked.headers));
        assert!(
            retry > 0 && retry <= canhgiac_store::PIN_LOCK_SECONDS,
            "Retry-After {retry}"
        );
    }
    // The locked DELETE withdrew nothing.
    assert_eq!(app.lookup("trx", TRX_WALLET).await["reports"], 2);
    // Another report is unaffected by A's lock.
    let ok = app.with_pin(Method::GET, b_ref, Some(b_pin)).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    assert_eq!(ok.json()["status"], "received");
    let withdrawn = app.with_pin(Method::DELETE, b_ref, Some(b_pin)).await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.text());
    let withdrawn = withdrawn.json();
    assert_eq!(withdrawn["status"], "withdrawn");
    assert_eq!(withdrawn["campaign_reports"], 1, "{withdrawn}");
    assert_eq!(app.lookup("trx", TRX_WALLET).await["reports"], 1);
    // Withdrawing twice changes nothing more.
    let again = app.with_pin(Method::DELETE, b_ref, Some(b_pin)).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text());
    assert_eq!(again.json()["status"], "withdrawn");
    assert_eq!(app.lookup("trx", TRX_WALLET).await["reports"], 1);
    assert_eq!(
        app.with_pin(Method::GET, b_ref, Some(b_pin)).await.json()["status"],
        "withdrawn"
    );
    // The withdrawn report keeps neither text nor contact.
    let detail = app
        .get(
            &format!("/api/v1/analyst/reports/{}", b["id"]),
            Some(&analyst),
        )
        .await
        .json();
    assert_eq!(detail["status"], "withdrawn");
    assert_eq!(detail["text"], "");
    assert_eq!(detail["contact"], Value::Null);
    assert_eq!(detail["indicators"], json!([]));
    // An unknown reference answers like a wrong PIN.
    assert_error(
        &app.with_pin(Method::GET, "CG-0000-0000", Some(b_pin)).await,
        StatusCode::FORBIDDEN,
        Some("wrong_pin"),
        "unknown reference",
    );
}

async fn wrong_pins_limit_one_address(f: Fixture) {
    let app = &f.app;
    let created = app.report(&report_body(DETECTIVE)).await;
    let (reference, pin) = (
        created["reference"].as_str().unwrap(),
        created["pin"].as_str().unwrap(),
    );
    // Guessing at references that do not exist locks no report, but the address runs out.
    let mut limited_after = None;
    for attempt in 0..40 {
        let reply = app
            .with_pin(
                Method::GET,
                &format!("CG-{attempt:04}-0000"),
                Some("123456"),
            )
            .await;
        if reply.status == StatusCode::TOO_MANY_REQUESTS {
            assert_error(
                &reply,
                StatusCode::TOO_MANY_REQUESTS,
                Some("rate_limited"),
                "limit",
            );
            assert!(reply.headers.contains_key(header::RETRY_AFTER));
            limited_after = Some(attempt);
            break;
        }
        assert_error(&reply, StatusCode::FORBIDDEN, Some("wrong_pin"), "guess");
    }
    let limited_after = limited_after.expect("40 wrong PINs from one address were all answered");
    // More guesses than one report allows, so the limit is the address's, not a report lock.
    assert!(
        i64::from(limited_after) > canhgiac_store::PIN_ATTEMPTS,
        "limited after {limited_after} guesses"
    );
    // The guesser cannot use even a right PIN now; another address can.
    let reply = app.with_pin(Method::GET, reference, Some(pin)).await;
    assert_error(
        &reply,
        StatusCode::TOO_MANY_REQUESTS,
        Some("rate_limited"),
        "guesser",
    );
    let other = App::new(
        AppState::new(Arc::clone(&f.store), Analyzer::builtin().unwrap()),
        "198.51.100.9:50000".parse().unwrap(),
    );
    let reply = other.with_pin(Method::GET, reference, Some(pin)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
}

// ---------------------------------------------------------------------------------------------
// 4. Privacy.

fn assert_private(reply: &Reply, what: &str, also: &[&str]) {
    let body = reply.text();
    for secret in [
        "0901 234 567",
        "0901234567",
        "84901234567",
        "Minh",
        DISTINCTIVE,
    ]
    .iter()
    .chain(also)
    {
        assert!(
            !body.contains(secret),
            "{what} shows {secret:?}: {}",
            body.chars().take(400).collect::<String>()
        );
    }
}

async fn public_routes_never_show_contact_or_others_text(f: Fixture) {
    let app = &f.app;
    let (analyst, admin) = analyst_and_admin(&f.store).await;
    let text = format!(
        "{DISTINCTIVE}. Tôi là thám tử tư và đang có video anh đi khách sạn, mặt anh ghép vào rất \
         thật. Chuyển 0.05 BTC vào {BTC_WALLET} trước nửa đêm, nếu không vợ anh sẽ nhận được tất \
         cả. Liên hệ 0868.426.463."
    );
    let mut body = report_body(&text);
    body["contact"] = json!(CONTACT);
    let reply = app.post("/api/v1/reports", None, &body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    assert_private(&reply, "the report's own answer", &[]);
    let created = reply.json();
    let id = created["id"].as_i64().unwrap();
    let reference = created["reference"].as_str().unwrap().to_string();
    let pin = created["pin"].as_str().unwrap().to_string();

    // Someone else checks a different message with the same wallet: they learn it was
    // reported, never by whom or with which words.
    let other_text = format!(
        "Em chào anh, em có clip nhạy cảm của anh. Chuyển BTC tới ví {BTC_WALLET} thì em xoá."
    );
    let reply = app
        .post("/api/v1/check", None, &json!({ "text": other_text }))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_private(&reply, "check of another text", &["thám tử", "nửa đêm"]);
    let checked = reply.json();
    let wallet = checked["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "btc")
        .unwrap_or_else(|| panic!("{checked}"));
    assert_eq!(wallet["lookup"]["reports"], 1, "{wallet}");
    // Checking the very same text says it was reported, but adds nothing of the reporter's.
    let reply = app
        .post("/api/v1/check", None, &json!({ "text": text }))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    for secret in ["0901 234 567", "0901234567", "84901234567", "Minh"] {
        assert!(!reply.text().contains(secret), "check shows {secret}");
    }
    for (kind, value) in [("btc", BTC_WALLET), ("phone", "0868 426 463")] {
        let reply = app
            .get(
                &format!("/api/v1/lookup?kind={kind}&value={}", encode(value)),
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        assert_private(&reply, &format!("lookup {kind}"), &["thám tử"]);
    }
    // The contact's number is no indicator: looking it up echoes the number asked about and
    // nothing else.
    let asked = app.lookup("phone", "0901234567").await;
    assert_eq!(asked["reports"], 0, "{asked}");
    assert_eq!(asked["campaign_id"], Value::Null, "{asked}");
    assert!(!asked.to_string().contains("Minh"), "{asked}");
    assert_eq!(app.lookup("phone", "0868426463").await["reports"], 1);
    let reply = app.with_pin(Method::GET, &reference, Some(&pin)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_private(&reply, "report status", &["thám tử", "BTC"]);
    for path in ["/metrics", "/healthz", "/api/v1/openapi.json"] {
        let reply = app.get(path, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_private(&reply, path, &[&reference, &pin]);
    }
    // The analyst's detail shows the contact, and that read is audited.
    let reply = app
        .get(&format!("/api/v1/analyst/reports/{id}"), Some(&analyst))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let detail = reply.json();
    assert_eq!(detail["contact"], CONTACT);
    assert_eq!(detail["text"], text);
    assert_eq!(detail["consent_police"], true);
    let audit = app
        .get(&format!("/api/v1/audit?report_id={id}"), Some(&admin))
        .await;
    assert_eq!(audit.status, StatusCode::OK, "{}", audit.text());
    let audit = audit.json();
    let entries = audit["entries"].as_array().unwrap();
    assert!(
        entries.iter().all(|e| e["report_id"] == id),
        "entries of other reports: {audit}"
    );
    let read = entries
        .iter()
        .find(|e| e["action"] == "read")
        .unwrap_or_else(|| panic!("no read in {audit}"));
    assert_eq!(read["actor"], "a");
    assert!(is_rfc3339(&read["at"]), "{read}");
    assert!(
        entries.iter().any(|e| e["action"] == "read_status"),
        "the reporter's own read is logged too: {audit}"
    );
    // The audit log names who read, never what they read.
    assert_private(&audit_reply(app, &admin).await, "audit log", &[]);
}

async fn audit_reply(app: &App, admin: &str) -> Reply {
    let reply = app.get("/api/v1/audit", Some(admin)).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply
}

// ---------------------------------------------------------------------------------------------
// 5. Contract shapes.

async fn created_report_shape_and_lookup(f: Fixture) {
    let app = &f.app;
    let reply = app
        .post("/api/v1/reports", None, &report_body(DETECTIVE))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let created = reply.json();
    let mut keys: Vec<&str> = created
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        vec!["campaign_id", "id", "indicators", "pin", "reference"]
    );
    let reference = created["reference"].as_str().unwrap();
    assert!(reference.starts_with("CG-"), "{reference}");
    let pin = created["pin"].as_str().unwrap();
    assert!(
        pin.len() == 6 && pin.bytes().all(|b| b.is_ascii_digit()),
        "{pin}"
    );
    assert_eq!(
        reply
            .headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some(format!("/api/v1/reports/{reference}").as_str())
    );
    let mut indicators: Vec<(String, String)> = created["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_string(),
                i["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    indicators.sort();
    assert_eq!(
        indicators,
        vec![
            ("phone".to_string(), "+84868426463".to_string()),
            ("trx".to_string(), TRX_WALLET.to_string()),
        ]
    );
    assert!(created["campaign_id"].as_i64().is_some(), "{created}");
    let lookup = app
        .get("/api/v1/lookup?kind=phone&value=0868%20426%20463", None)
        .await;
    assert_eq!(lookup.status, StatusCode::OK, "{}", lookup.text());
    let lookup = lookup.json();
    assert_eq!(lookup["kind"], "phone");
    assert_eq!(lookup["value"], "+84868426463");
    assert_eq!(lookup["reports"], 1);
    // received_at 08:30 in Vietnam is 01:30 UTC.
    assert_eq!(lookup["first_seen"], "2025-11-24T01:30:00Z");
    assert_eq!(lookup["last_seen"], "2025-11-24T01:30:00Z");
    assert_eq!(lookup["sources"], json!([]));
    assert_eq!(lookup["campaign_id"], created["campaign_id"]);
    assert_eq!(lookup["verdict"], Value::Null);
    // Other spellings of the same number find the same indicator.
    for spelling in ["+84 868 426 463", "0868-426-463", "84868426463"] {
        let found = app.lookup("phone", spelling).await;
        assert_eq!(found["value"], "+84868426463", "{spelling}");
        assert_eq!(found["reports"], 1, "{spelling}");
    }
    let unknown = app.lookup("phone", "0977 000 111").await;
    assert_eq!(unknown["value"], "+84977000111");
    assert_eq!(unknown["reports"], 0);
    assert_eq!(unknown["first_seen"], Value::Null);
    assert_eq!(unknown["campaign_id"], Value::Null);
    assert_eq!(unknown["sources"], json!([]));
    // Reporter-added indicators are normalised and returned.
    let mut body = report_body("Họ nhắn qua Telegram đòi tiền, tôi đã xoá tin nhắn.");
    body["indicators"] = json!([
        { "kind": "telegram", "value": "@ThamTu_HN" },
        { "kind": "phone", "value": "0868 426 463" },
    ]);
    let second = app.report(&body).await;
    let values: Vec<&str> = second["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["value"].as_str().unwrap())
        .collect();
    assert!(values.contains(&"+84868426463"), "{second}");
    assert!(values.contains(&"thamtu_hn"), "{second}");
    assert_eq!(second["campaign_id"], created["campaign_id"]);
    assert_eq!(app.lookup("phone", "0868426463").await["reports"], 2);
}

async fn check_shape_with_lookups(f: Fixture) {
    let app = &f.app;
    app.report(&report_body(DETECTIVE)).await;
    let reply = app
        .post("/api/v1/check", None, &json!({ "text": DETECTIVE_AGAIN }))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let analysis = reply.json();
    for key in [
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
    ] {
        assert!(analysis.get(key).is_some(), "no {key} in {analysis}");
    }
    assert_eq!(analysis["label"], "scam", "{analysis}");
    assert_eq!(analysis["scam_type"], "deepfake_extortion", "{analysis}");
    assert_eq!(analysis["language"], "vi");
    let score = analysis["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&score), "{score}");
    assert!(analysis["type_scores"].is_object());
    assert!(!analysis["red_flags"].as_array().unwrap().is_empty());
    assert!(!analysis["advice"].as_array().unwrap().is_empty());
    assert!(!analysis["model"].as_str().unwrap().is_empty());
    let indicators = analysis["indicators"].as_array().unwrap();
    assert!(!indicators.is_empty(), "{analysis}");
    for indicator in indicators {
        let lookup = &indicator["lookup"];
        assert!(lookup.is_object(), "{indicator}");
        assert_eq!(lookup["kind"], indicator["kind"]);
        assert_eq!(lookup["value"], indicator["value"]);
        assert!(lookup["reports"].is_i64(), "{indicator}");
    }
    let wallet = indicators
        .iter()
        .find(|i| i["value"] == TRX_WALLET)
        .unwrap_or_else(|| panic!("{analysis}"));
    assert_eq!(wallet["lookup"]["reports"], 1);
    assert!(is_rfc3339(&wallet["lookup"]["first_seen"]));
    assert!(wallet["lookup"]["campaign_id"].is_i64());
    // Checking stores nothing.
    let before = f.store.totals().await.unwrap();
    let legit = app
        .post(
            "/api/v1/check",
            None,
            &json!({ "text": "Chiều nay 5 giờ họp phụ huynh ở trường, anh nhớ đón con nhé." }),
        )
        .await
        .json();
    assert_eq!(legit["label"], "legit", "{legit}");
    assert_eq!(legit["indicators"], json!([]));
    assert_eq!(f.store.totals().await.unwrap(), before);
}

async fn shared_indicators_share_a_campaign(f: Fixture) {
    let app = &f.app;
    let (analyst, _) = analyst_and_admin(&f.store).await;
    let a = app.report(&report_body(DETECTIVE)).await;
    let b = app.report(&report_body(DETECTIVE_AGAIN)).await;
    let mut phone_only = report_body("Tôi nhận được cuộc gọi đe doạ từ số 0868 426 463 tối qua.");
    phone_only["indicators"] = json!([]);
    let c = app.report(&phone_only).await;
    let unrelated = app
        .report(&report_body(&format!(
            "Thám tử tư đòi 500 USDT vào ví {TRX_OTHER}, dọa gửi ảnh ghép cho chồng tôi."
        )))
        .await;
    let campaign = a["campaign_id"].as_i64().expect("a campaign");
    assert_eq!(b["campaign_id"], campaign, "same wallet");
    assert_eq!(c["campaign_id"], campaign, "same phone");
    assert!(unrelated["campaign_id"].as_i64().is_some());
    assert_ne!(unrelated["campaign_id"], campaign);
    let detail = app
        .get(&format!("/api/v1/campaigns/{campaign}"), Some(&analyst))
        .await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.text());
    let detail = detail.json();
    assert_eq!(
        detail["report_ids"],
        json!([a["id"], b["id"], c["id"]]),
        "{detail}"
    );
    assert_eq!(detail["report_count"], 3, "{detail}");
    assert_eq!(detail["indicator_count"], 2, "{detail}");
    assert_eq!(
        detail["indicators"].as_array().unwrap().len(),
        2,
        "{detail}"
    );
    assert!(is_rfc3339(&detail["first_report"]), "{detail}");
    let listed = app.get("/api/v1/campaigns", Some(&analyst)).await.json();
    assert_eq!(listed["campaigns"].as_array().unwrap().len(), 2, "{listed}");
    assert_error(
        &app.get("/api/v1/campaigns/999999", Some(&analyst)).await,
        StatusCode::NOT_FOUND,
        Some("not_found"),
        "unknown campaign",
    );
    assert_error(
        &app.get("/api/v1/analyst/reports/999999", Some(&analyst))
            .await,
        StatusCode::NOT_FOUND,
        Some("not_found"),
        "unknown report",
    );
    let status = app
        .with_pin(
            Method::GET,
            b["reference"].as_str().unwrap(),
            b["pin"].as_str(),
        )
        .await
        .json();
    assert_eq!(status["campaign_id"], campaign);
    assert_eq!(status["campaign_reports"], 3);
    // The analyst list filters by campaign.
    let listed = app
        .get(
            &format!("/api/v1/reports?campaign_id={campaign}&limit=10"),
            Some(&analyst),
        )
        .await
        .json();
    let ids: Vec<&Value> = listed["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["id"])
        .collect();
    assert_eq!(ids, vec![&c["id"], &b["id"], &a["id"]], "newest first");
}

async fn confirmed_reports_confirm_their_indicators(f: Fixture) {
    let app = &f.app;
    let (analyst, _) = analyst_and_admin(&f.store).await;
    let created = app.report(&report_body(DETECTIVE)).await;
    let id = created["id"].as_i64().unwrap();
    assert_eq!(app.lookup("trx", TRX_WALLET).await["verdict"], Value::Null);
    let reply = app
        .post(
            "/api/v1/decisions",
            Some(&analyst),
            &json!({
                "target": "report",
                "report_id": id,
                "decision": "confirmed",
                "reason": "Cùng kịch bản thám tử tư, cùng ví TRC20.",
            }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let decision = reply.json();
    assert_eq!(decision["target"], "report");
    assert_eq!(decision["target_id"], id);
    assert_eq!(decision["decision"], "confirmed");
    assert_eq!(decision["user"], "a");
    assert!(is_rfc3339(&decision["at"]), "{decision}");
    for (kind, value) in [("trx", TRX_WALLET), ("phone", "0868426463")] {
        assert_eq!(
            app.lookup(kind, value).await["verdict"],
            "confirmed",
            "{kind}"
        );
    }
    let status = app
        .with_pin(
            Method::GET,
            created["reference"].as_str().unwrap(),
            created["pin"].as_str(),
        )
        .await
        .json();
    assert_eq!(status["status"], "confirmed");
    // The check route shows the verdict too.
    let checked = app
        .post("/api/v1/check", None, &json!({ "text": DETECTIVE_AGAIN }))
        .await
        .json();
    let wallet = checked["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["value"] == TRX_WALLET)
        .cloned()
        .unwrap();
    assert_eq!(wallet["lookup"]["verdict"], "confirmed");
    // A withdrawn report can no longer be decided on.
    let gone = app.report(&report_body(DETECTIVE_AGAIN)).await;
    let reply = app
        .with_pin(
            Method::DELETE,
            gone["reference"].as_str().unwrap(),
            gone["pin"].as_str(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_error(
        &app.post(
            "/api/v1/decisions",
            Some(&analyst),
            &json!({
                "target": "report", "report_id": gone["id"],
                "decision": "false_positive", "reason": "rút lại",
            }),
        )
        .await,
        StatusCode::NOT_FOUND,
        Some("not_found"),
        "decision on a withdrawn report",
    );
}

async fn allowlisted_indicators_never_link(f: Fixture) {
    let app = &f.app;
    let (analyst, _) = analyst_and_admin(&f.store).await;
    let reply = app
        .post(
            "/api/v1/decisions",
            Some(&analyst),
            &json!({
                "target": "indicator",
                "kind": "phone",
                "value": "028 3800 0000",
                "decision": "allowlisted",
                "reason": "bank",
            }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let decision = reply.json();
    assert_eq!(decision["target"], "indicator");
    assert_eq!(decision["decision"], "allowlisted");
    let first = app.report(&report_body(BANK_NOTICE)).await;
    let mut second = report_body("Có người gọi tự xưng nhân viên ngân hàng.");
    second["indicators"] = json!([{ "kind": "phone", "value": "+84 28 3800 0000" }]);
    let second = app.report(&second).await;
    for created in [&first, &second] {
        assert_eq!(
            created["indicators"],
            json!([{ "kind": "phone", "value": "+842838000000" }]),
            "{created}"
        );
        assert_eq!(created["campaign_id"], Value::Null, "{created}");
    }
    let lookup = app.lookup("phone", "028 3800 0000").await;
    assert_eq!(lookup["verdict"], "allowlisted");
    assert_eq!(lookup["reports"], 2);
    assert_eq!(lookup["campaign_id"], Value::Null);
    // The anti-fraud hotline is allow-listed from the start.
    let hotline = app.lookup("phone", "0899 252 555").await;
    assert_eq!(hotline["verdict"], "allowlisted", "{hotline}");
    // Control: the same two reports through a phone nobody allow-listed do link.
    let x = app.report(&stranger_called("0977 123 456")).await;
    let y = app.report(&stranger_called("0977.123.456")).await;
    assert!(x["campaign_id"].is_i64());
    assert_eq!(x["campaign_id"], y["campaign_id"]);
}

fn stranger_called(phone: &str) -> Value {
    let mut body = report_body("Một người lạ gọi điện đe doạ tôi.");
    body["indicators"] = json!([{ "kind": "phone", "value": phone }]);
    body
}

async fn openapi_metrics_health_and_unknown_routes(f: Fixture) {
    let app = &f.app;
    let created = app.report(&report_body(DETECTIVE)).await;
    let reply = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = reply.json();
    assert!(
        doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")),
        "{}",
        doc["openapi"]
    );
    for path in [
        "/api/v1/check",
        "/api/v1/reports",
        "/api/v1/lookup",
        "/api/v1/reports/{reference}",
        "/api/v1/decisions",
    ] {
        assert!(
            doc["paths"].get(path).is_some(),
            "no {path} in the document"
        );
    }
    let health = app.get("/healthz", None).await;
    assert_eq!(health.status, StatusCode::OK);
    let health = health.json();
    assert_eq!(health["status"], "ok");
    let backend = format!("{:?}", f.store.backend()).to_lowercase();
    assert_eq!(health["store"], backend.as_str());
    assert!(!health["model"].as_str().unwrap().is_empty());
    // A 404 first, so the metrics count it.
    for path in [
        "/api/v1/nope",
        "/nope",
        "/api/v2/reports",
        "/api/v1/reports/a/b",
    ] {
        assert_error(
            &app.get(path, None).await,
            StatusCode::NOT_FOUND,
            Some("not_found"),
            path,
        );
    }
    let reply = app.get("/metrics", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let metrics = reply.text();
    assert!(
        metrics.contains("canhgiac_http_requests_total"),
        "{metrics}"
    );
    assert!(metrics.contains("canhgiac_reports"), "{metrics}");
    let reports_line = metrics
        .lines()
        .find(|l| l.starts_with("canhgiac_reports "))
        .unwrap_or_else(|| panic!("{metrics}"));
    assert_eq!(reports_line.split_whitespace().nth(1), Some("1"));
    // Requests are counted by route pattern, never by raw path.
    assert!(
        metrics.contains(r#"route="/api/v1/reports""#) && metrics.contains("status=\"201\""),
        "{metrics}"
    );
    assert!(
        !metrics.contains(created["reference"].as_str().unwrap()),
        "{metrics}"
    );
    assert!(!metrics.contains("/nope"), "{metrics}");
}

/// What is wrong with an error answer: `None` when it is a JSON error body with a 4xx status.
fn client_error_problem(reply: &Reply) -> Option<String> {
    let shape_ok = serde_json::from_slice::<Value>(&reply.body).is_ok_and(|body| {
        body["error"]["code"].is_string() && body["error"]["message"].is_string()
    });
    let json_type = reply
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    (!reply.status.is_client_error() || !shape_ok || !json_type).then(|| {
        format!(
            "{} {:?} {:?}",
            reply.status,
            reply.headers.get(header::CONTENT_TYPE),
            reply.text()
        )
    })
}

/// Sends every request; lists each answer that is not a JSON 4xx error.
async fn json_client_error_problems(app: &App, cases: Vec<(String, Request<Body>)>) -> Vec<String> {
    let mut problems = Vec::new();
    for (what, request) in cases {
        if let Some(problem) = client_error_problem(&app.send(request).await) {
            problems.push(format!("{what}: {problem}"));
        }
    }
    problems
}

/// Sends every request and fails once, listing each answer that is not a JSON 4xx error.
async fn expect_json_client_errors(app: &App, cases: Vec<(String, Request<Body>)>) {
    let problems = json_client_error_problems(app, cases).await;
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Path parameters that are not numbers must be JSON errors like every other.
async fn path_errors_are_json(f: Fixture) {
    let (analyst, admin) = analyst_and_admin(&f.store).await;
    let cases = [
        (Method::GET, "/api/v1/analyst/reports/abc", &analyst),
        (Method::GET, "/api/v1/campaigns/1.5", &analyst),
        (Method::POST, "/api/v1/users/x/tokens", &admin),
        (
            Method::POST,
            "/api/v1/users/99999999999999999999/disable",
            &admin,
        ),
    ]
    .into_iter()
    .map(|(method, path, token)| {
        (
            format!("{method} {path}"),
            request(method, path, Some(token), None),
        )
    })
    .collect();
    expect_json_client_errors(&f.app, cases).await;
}

/// A known route with a method it does not serve is a JSON error too.
async fn wrong_method_errors_are_json(f: Fixture) {
    let cases = [
        (Method::PUT, "/api/v1/check"),
        (Method::GET, "/api/v1/check"),
        (Method::PATCH, "/api/v1/reports"),
        (Method::POST, "/api/v1/lookup"),
        (Method::POST, "/healthz"),
    ]
    .into_iter()
    .map(|(method, path)| {
        (
            format!("{method} {path}"),
            request(method, path, None, None),
        )
    })
    .collect();
    expect_json_client_errors(&f.app, cases).await;
}

/// A NUL byte anywhere in the input is bad input (4xx) on every back end, never a store failure
/// (5xx).
async fn nul_bytes_in_input_are_client_errors(f: Fixture) {
    let app = &f.app;
    let (analyst, admin) = analyst_and_admin(&f.store).await;
    let created = app.report(&report_body(DETECTIVE)).await;
    let pin = created["pin"].as_str().unwrap();
    let before = f.store.totals().await.unwrap();
    let mut cases: Vec<(String, Request<Body>)> = Vec::new();
    for method in [Method::GET, Method::DELETE] {
        let mut builder = Request::builder()
            .method(method.clone())
            .uri("/api/v1/reports/CG-%00");
        builder = builder.header("X-Report-Pin", pin);
        cases.push((
            format!("{method} a reference with NUL"),
            builder.body(Body::empty()).unwrap(),
        ));
    }
    for (kind, value) in [
        ("telegram", "tham%00tu"),
        ("phone", "0868%00426463"),
        ("bank_account", "0123%00456789"),
    ] {
        cases.push((
            format!("lookup {kind} with NUL"),
            request(
                Method::GET,
                &format!("/api/v1/lookup?kind={kind}&value={value}"),
                None,
                None,
            ),
        ));
    }
    cases.push((
        "user name with NUL".into(),
        request(
            Method::POST,
            "/api/v1/users",
            Some(&admin),
            Some(&json!({ "name": "a\u{0}b", "role": "analyst" })),
        ),
    ));
    cases.push((
        "decision reason with NUL".into(),
        request(
            Method::POST,
            "/api/v1/decisions",
            Some(&analyst),
            Some(&json!({
                "target": "report", "report_id": created["id"],
                "decision": "confirmed", "reason": "x\u{0}y",
            })),
        ),
    ));
    cases.push((
        "channel with NUL".into(),
        request(
            Method::POST,
            "/api/v1/reports",
            None,
            Some(&json!({ "text": DETECTIVE, "channel": "za\u{0}lo" })),
        ),
    ));
    let mut problems = json_client_error_problems(app, cases).await;
    assert_eq!(f.store.totals().await.unwrap(), before);
    for filter in ["q", "status", "label", "scam_type"] {
        let reply = app
            .get(&format!("/api/v1/reports?{filter}=a%00b"), Some(&analyst))
            .await;
        if reply.status.is_server_error() {
            problems.push(format!(
                "{filter} with NUL: {} {}",
                reply.status,
                reply.text()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The store still answers afterwards.
    assert_eq!(app.get("/healthz", None).await.status, StatusCode::OK);
}

/// Amounts are bounded (0 to 1e15), so their sums cannot break the campaign view.
async fn huge_amounts_keep_campaigns_readable(f: Fixture) {
    let app = &f.app;
    let (analyst, _) = analyst_and_admin(&f.store).await;
    let before = f.store.totals().await.unwrap();
    let mut body = report_body(DETECTIVE);
    body["amount_demanded"] = json!(1.5e308);
    let refused = app.post("/api/v1/reports", None, &body).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text()
    );
    assert_eq!(f.store.totals().await.unwrap(), before);
    body["amount_demanded"] = json!(1e15);
    let a = app.report(&body).await;
    let b = app.report(&body).await;
    assert_eq!(a["campaign_id"], b["campaign_id"]);
    let campaign = a["campaign_id"].as_i64().unwrap();
    let reply = app
        .get(&format!("/api/v1/campaigns/{campaign}"), Some(&analyst))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["report_ids"], json!([a["id"], b["id"]]));
    assert_eq!(reply.json()["money"][0]["demanded"], json!(2e15));
    let listed = app.get("/api/v1/campaigns", Some(&analyst)).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text());
}

/// Reports with and without amounts, in any order, are all accepted.
async fn amounts_may_come_and_go(f: Fixture) {
    let app = &f.app;
    let mut failures = Vec::new();
    for round in 0..20 {
        for amounts in [
            json!({}),
            json!({ "amount_demanded": 2500.0 }),
            json!({ "amount_paid": 300.0, "paid": true }),
            json!({ "amount_demanded": 1000.0, "amount_paid": 1000.0 }),
        ] {
            let mut body = json!({ "text": DETECTIVE_AGAIN, "currency": "USDT" });
            for (k, v) in amounts.as_object().unwrap() {
                body[k] = v.clone();
            }
            let reply = app.post("/api/v1/reports", None, &body).await;
            if reply.status != StatusCode::CREATED {
                failures.push(format!(
                    "round {round}, {amounts}: {} {}",
                    reply.status,
                    reply.text()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of 80 refused:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(f.store.totals().await.unwrap().reports, 80);
}

/// A multipart form with one file field.
fn multipart(field: &str, file_name: &str, bytes: &[u8]) -> Request<Body> {
    multipart_to("/api/v1/check", field, file_name, bytes)
}

fn multipart_to(path: &str, field: &str, file_name: &str, bytes: &[u8]) -> Request<Body> {
    let boundary = "cg-test-boundary-7f3a";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; \
             filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}

fn screenshot(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../ocr/tests/fixtures")
            .join(name),
    )
    .unwrap()
}

/// A screenshot sent as a form is read by OCR and analysed like pasted text; bad images are
/// JSON 4xx errors and nothing is stored.
async fn screenshots_are_checked_by_ocr(f: Fixture) {
    let app = &f.app;
    let before = f.store.totals().await.unwrap();
    let reply = app
        .send(multipart(
            "image",
            "threat.png",
            &screenshot("threat-blue-small.png"),
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let analysis = reply.json();
    assert_eq!(analysis["label"], "scam");
    assert!(analysis["ocr"]["text"]
        .as_str()
        .unwrap()
        .contains("0868 426 463"));
    let wallet = analysis["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "trx")
        .expect("the wallet read from the image");
    assert_eq!(wallet["value"], "TH5XXWVCPa8TcAvUAtSDZCPENTyTihohte");
    assert_eq!(wallet["lookup"]["reports"], 0);
    for (request, status, code) in [
        (
            multipart("image", "x.png", b"not an image"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not_an_image",
        ),
        (
            multipart("image", "x.png", b""),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not_an_image",
        ),
        (
            multipart("photo", "x.png", &screenshot("threat-blue-small.png")),
            StatusCode::UNPROCESSABLE_ENTITY,
            "image_required",
        ),
        (
            multipart("image", "big.png", &vec![0u8; 9 * 1024 * 1024]),
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
        ),
    ] {
        let reply = app.send(request).await;
        assert_eq!(reply.status, status, "{}", reply.text());
        assert_eq!(reply.json()["error"]["code"], code);
    }
    assert_eq!(f.store.totals().await.unwrap(), before);
}

// ---------------------------------------------------------------------------------------------
// Media fingerprints.

/// `hex` (a PDQ hash) with its first `bits` bits flipped.
fn flip_bits(hex: &str, bits: usize) -> String {
    let mut hash = canhgiac_core::fingerprint::PdqHash::parse(hex).unwrap();
    for bit in 0..bits {
        hash.0[bit / 64] ^= 1 << (63 - bit % 64);
    }
    hash.to_hex()
}

/// An image is hashed in memory; its fingerprint is registered without the image; a report with
/// the same picture re-encoded matches it; the public sees counts, an analyst the details; the
/// person withdraws and the fingerprint is gone.
async fn media_fingerprints_register_and_match(f: Fixture) {
    let app = &f.app;
    let (analyst, _) = analyst_and_admin(&f.store).await;
    let reply = app
        .send(multipart_to(
            "/api/v1/media/hash",
            "file",
            "photo.png",
            &screenshot("threat-blue-small.png"),
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let hashed = reply.json();
    assert_eq!(hashed["kind"], "image");
    let pdq = hashed["pdq"].as_str().unwrap().to_string();
    assert!(
        canhgiac_core::fingerprint::PdqHash::parse(&pdq).is_some(),
        "{hashed}"
    );
    let quality = hashed["quality"].as_u64().unwrap();
    assert!(quality <= 100);
    assert_eq!(hashed["dihedral"].as_array().unwrap().len(), 7);
    assert!(hashed["provenance"].is_object());
    assert_eq!(hashed["provenance"]["c2pa"]["state"], "absent", "{hashed}");

    let reply = app
        .post(
            "/api/v1/media/register",
            None,
            &json!({"fingerprints": [{"kind": "pdq", "value": pdq, "quality": quality}]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let registered = reply.json();
    let reference = registered["reference"].as_str().unwrap().to_string();
    let pin = registered["pin"].as_str().unwrap().to_string();
    assert_eq!(pin.len(), 6);

    let mut body = report_body(DETECTIVE);
    body["fingerprints"] = json!([{"kind": "pdq", "value": flip_bits(&pdq, 5)}]);
    let created = app.report(&body).await;

    let query = json!({"fingerprints": [{"kind": "pdq", "value": pdq.to_uppercase()}]});
    let public = app.post("/api/v1/media/match", None, &query).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.text());
    let result = &public.json()["results"][0];
    assert_eq!(result["pdq"], pdq);
    assert_eq!(
        (result["reports"].as_u64(), result["registrations"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(result["nearest"], 0);
    assert!(
        result.get("matches").is_none(),
        "the public sees counts only: {result}"
    );
    assert!(!public
        .text()
        .contains(&created["reference"].as_str().unwrap().to_string()));
    let detailed = app
        .post("/api/v1/media/match", Some(&analyst), &query)
        .await;
    let matches = detailed.json()["results"][0]["matches"].clone();
    assert_eq!(matches.as_array().unwrap().len(), 2, "{matches}");
    assert!(matches
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["report_id"] == created["id"] && m["distance"] == 5));
    let refused = app
        .post("/api/v1/media/match", Some("cg_wrong"), &query)
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);

    let path = format!("/api/v1/media/registrations/{reference}");
    let status = app.with_pin_at(Method::GET, &path, Some(&pin)).await;
    assert_eq!(status.status, StatusCode::OK, "{}", status.text());
    assert_eq!(status.json()["matching_reports"], 1);
    assert!(is_rfc3339(&status.json()["created_at"]));
    let wrong = app
        .with_pin_at(Method::GET, &path, Some(wrong_pin(&pin)))
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let withdrawn = app.with_pin_at(Method::DELETE, &path, Some(&pin)).await;
    assert_eq!(withdrawn.json()["status"], "withdrawn");
    assert_eq!(withdrawn.json()["fingerprints"], 0);
    let after = app.post("/api/v1/media/match", None, &query).await;
    assert_eq!(after.json()["results"][0]["registrations"], 0);
    assert_eq!(after.json()["results"][0]["reports"], 1);
}

async fn bad_media_requests_are_json_errors(f: Fixture) {
    let app = &f.app;
    let before = f.store.totals().await.unwrap();
    for (request, status, code) in [
        (
            multipart_to("/api/v1/media/hash", "file", "x.jpg", b""),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not_media",
        ),
        (
            multipart_to(
                "/api/v1/media/hash",
                "file",
                "x.mp4",
                b"this is not a video at all",
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not_media",
        ),
        (
            multipart_to(
                "/api/v1/media/hash",
                "image",
                "x.png",
                &screenshot("threat-blue-small.png"),
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "file_required",
        ),
        (
            multipart_to(
                "/api/v1/media/hash",
                "file",
                "cut.jpg",
                &screenshot("threat-dark-large.jpg")[..2000],
            ),
            StatusCode::UNPROCESSABLE_ENTITY,
            "corrupt_media",
        ),
    ] {
        let reply = app.send(request).await;
        assert_eq!(reply.status, status, "{}", reply.text());
        assert_eq!(reply.json()["error"]["code"], code, "{}", reply.text());
    }
    let hash = "ab".repeat(32);
    for (path, body, code) in [
        (
            "/api/v1/media/register",
            json!({"fingerprints": []}),
            "invalid_input",
        ),
        (
            "/api/v1/media/register",
            json!({"fingerprints": [{"kind": "md5", "value": hash}]}),
            "unknown_fingerprint_kind",
        ),
        (
            "/api/v1/media/register",
            json!({"fingerprints": [{"kind": "pdq", "value": "abc"}]}),
            "invalid_input",
        ),
        (
            "/api/v1/media/register",
            json!({"fingerprints": [{"kind": "pdq", "value": hash, "quality": 300}]}),
            "invalid_field",
        ),
        (
            "/api/v1/media/register",
            json!({"fingerprints": [{"kind": "pdq", "value": hash}], "name": "x"}),
            "invalid_field",
        ),
        (
            "/api/v1/media/match",
            json!({"fingerprints": [{"kind": "pdq", "value": hash}], "radius": 65}),
            "invalid_input",
        ),
        (
            "/api/v1/media/match",
            json!({"fingerprints": [{"kind": "pdq", "value": "zz"}]}),
            "invalid_input",
        ),
    ] {
        let reply = app.post(path, None, &body).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path} {body}: {}",
            reply.text()
        );
        assert_eq!(reply.json()["error"]["code"], code, "{}", reply.text());
    }
    let missing = app
        .with_pin_at(
            Method::GET,
            "/api/v1/media/registrations/CG-0000-0000",
            Some("123456"),
        )
        .await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert_eq!(f.store.totals().await.unwrap(), before);
}

// ---------------------------------------------------------------------------------------------
// Exports.

/// Only campaigns with a confirmed report leave, as a STIX 2.1 bundle for analysts, with the
/// wallet, phone and image fingerprint, and without a reporter's contact or text.
async fn stix_export_carries_confirmed_campaigns_only(f: Fixture) {
    let app = &f.app;
    let (analyst, _) = analyst_and_admin(&f.store).await;
    let export = |tlp: &'static str| {
        let analyst = analyst.clone();
        async move {
            app.get(&format!("/api/v1/export/stix?tlp={tlp}"), Some(&analyst))
                .await
        }
    };
    let empty = export("green").await;
    assert_eq!(empty.status, StatusCode::OK, "{}", empty.text());
    assert_eq!(
        empty.headers[header::CONTENT_TYPE],
        "application/stix+json;version=2.1"
    );
    assert!(
        !empty.text().contains("\"type\":\"campaign\""),
        "nothing confirmed yet"
    );

    let pdq = "96".repeat(32);
    let mut first = report_body(&format!("{DETECTIVE} {DISTINCTIVE}"));
    first["contact"] = json!(CONTACT);
    first["fingerprints"] = json!([{"kind": "pdq", "value": pdq}]);
    let first = app.report(&first).await;
    let second = app.report(&report_body(DETECTIVE_AGAIN)).await;
    assert_eq!(first["campaign_id"], second["campaign_id"]);
    let confirmed = app
        .post(
            "/api/v1/decisions",
            Some(&analyst),
            &json!({"target": "report", "report_id": first["id"], "decision": "confirmed",
                    "reason": "ví của chiến dịch thám tử tư"}),
        )
        .await;
    assert!(confirmed.status.is_success(), "{}", confirmed.text());

    let reply = export("amber").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let text = reply.text();
    let bundle = reply.json();
    assert_eq!(bundle["type"], "bundle");
    let objects = bundle["objects"].as_array().unwrap();
    let of_type = |t: &str| objects.iter().filter(|o| o["type"] == t).count();
    assert_eq!(of_type("campaign"), 1);
    assert_eq!(of_type("identity"), 1);
    assert!(objects
        .iter()
        .any(|o| o["type"] == "indicator"
            && o["pattern"].as_str().unwrap_or("").contains(TRX_WALLET)));
    assert!(objects
        .iter()
        .any(|o| o["type"] == "file" && o["hashes"]["PDQ"] == pdq));
    // TLP:AMBER's OASIS marking is on the objects.
    assert!(text.contains("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"));
    for secret in [CONTACT, "0901", DISTINCTIVE, "Sao Mai"] {
        assert!(!text.contains(secret), "the export leaks {secret:?}");
    }
    assert_eq!(
        app.get("/api/v1/export/stix", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    for bad in ["red", "purple"] {
        let reply = export(bad).await;
        assert!(reply.status.is_client_error(), "{bad}: {}", reply.text());
        assert!(reply.json()["error"]["code"].is_string());
    }
}

/// A campaign of two reports sharing a wallet, one confirmed; returns the analyst's token.
async fn confirmed_campaign(f: &Fixture) -> String {
    let app = &f.app;
    let (analyst, _) = analyst_and_admin(&f.store).await;
    let first = app.report(&report_body(DETECTIVE)).await;
    app.report(&report_body(DETECTIVE_AGAIN)).await;
    let confirmed = app
        .post(
            "/api/v1/decisions",
            Some(&analyst),
            &json!({"target": "report", "report_id": first["id"], "decision": "confirmed",
                    "reason": "ví của chiến dịch"}),
        )
        .await;
    assert!(confirmed.status.is_success(), "{}", confirmed.text());
    analyst
}

/// A client polling the TAXII collection with `added_after` (the last `date_added` it read)
/// meets a campaign confirmed after that poll even though its reports are older, and does not
/// meet again what it already read.
async fn taxii_pollers_meet_campaigns_confirmed_late(f: Fixture) {
    let app = &f.app;
    let (analyst, _) = analyst_and_admin(&f.store).await;
    // Filed first, confirmed last: its objects' `modified` is older than the first poll.
    let late = app
        .report(&report_body(&format!(
            "Tôi là thám tử tư. Chuyển 900 USDT vào ví {TRX_OTHER} trước 9 giờ tối nay, không \
             thì video sẽ gửi cho vợ anh."
        )))
        .await;
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let early = app.report(&report_body(DETECTIVE)).await;
    assert_ne!(late["campaign_id"], early["campaign_id"]);
    let confirm = |report: &Value| {
        let body = json!({"target": "report", "report_id": report["id"],
                          "decision": "confirmed", "reason": "ví của chiến dịch"});
        let analyst = analyst.clone();
        async move {
            let reply = app.post("/api/v1/decisions", Some(&analyst), &body).await;
            assert!(reply.status.is_success(), "{}", reply.text());
        }
    };
    let collections = app
        .get("/taxii2/api/collections/", Some(&analyst))
        .await
        .json();
    let collection = collections["collections"][0]["id"].as_str().unwrap();
    let objects = format!("/taxii2/api/collections/{collection}/objects/");
    let poll = |after: Option<String>| {
        let path = match after {
            Some(after) => format!("{objects}?added_after={after}"),
            None => objects.clone(),
        };
        let analyst = analyst.clone();
        async move {
            let reply = app.get(&path, Some(&analyst)).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
            let last = reply
                .headers
                .get("x-taxii-date-added-last")
                .map(|v| v.to_str().unwrap().to_owned());
            let campaigns: Vec<String> = reply.json()["objects"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|o| o["type"] == "campaign")
                .map(|o| o["id"].as_str().unwrap().to_owned())
                .collect();
            (campaigns, last)
        }
    };
    confirm(&early).await;
    let (first, last) = poll(None).await;
    assert_eq!(first.len(), 1, "{first:?}");
    let last = last.expect("a page of objects names its last date_added");
    let (nothing_new, _) = poll(Some(last.clone())).await;
    assert!(nothing_new.is_empty(), "{nothing_new:?}");
    confirm(&late).await;
    let (new, _) = poll(Some(last)).await;
    assert_eq!(
        new.len(),
        1,
        "the late campaign is new to the poller: {new:?}"
    );
    assert_ne!(new[0], first[0]);
}

/// TAXII 2.1: discovery, API root, the collection, objects paged with `limit` and `next`,
/// filters, one object, its versions, the manifest; media types and tokens enforced.
async fn taxii_serves_confirmed_campaigns_in_pages(f: Fixture) {
    let app = &f.app;
    let analyst = confirmed_campaign(&f).await;
    let taxii = |path: String, accept: Option<&'static str>| {
        let analyst = analyst.clone();
        async move {
            let mut request = request(Method::GET, &path, Some(&analyst), None);
            if let Some(accept) = accept {
                request
                    .headers_mut()
                    .insert(header::ACCEPT, HeaderValue::from_static(accept));
            }
            app.send(request).await
        }
    };
    let media = "application/taxii+json;version=2.1";
    let discovery = taxii("/taxii2/".into(), Some(media)).await;
    assert_eq!(discovery.status, StatusCode::OK, "{}", discovery.text());
    assert_eq!(discovery.headers[header::CONTENT_TYPE], media);
    assert_eq!(discovery.json()["api_roots"][0], "/taxii2/api/");
    assert_eq!(
        app.get("/taxii2/", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let xml = taxii("/taxii2/".into(), Some("application/xml")).await;
    assert_eq!(xml.status, StatusCode::NOT_ACCEPTABLE);
    let root = taxii("/taxii2/api/".into(), None).await;
    assert_eq!(root.json()["versions"][0], media);
    let collections = taxii("/taxii2/api/collections/".into(), None).await.json();
    let id = collections["collections"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(collections["collections"][0]["can_write"], false);
    let base = format!("/taxii2/api/collections/{id}");
    assert_eq!(taxii(format!("{base}/"), None).await.json()["id"], id);

    let everything = taxii(format!("{base}/objects/"), None).await.json();
    let total = everything["objects"].as_array().unwrap().len();
    assert!(total > 5 && everything["more"] == false, "{everything}");
    // Across a second boundary the unchanged store gives the same objects in the same order:
    // objects stamped with the time of the request would move, and paging would repeat them.
    let into_second = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_millis();
    tokio::time::sleep(std::time::Duration::from_millis(u64::from(
        1_020 - into_second.min(1_000),
    )))
    .await;
    let again = taxii(format!("{base}/objects/"), None).await.json();
    assert_eq!(
        again, everything,
        "the collection changed while the store did not"
    );
    let mut seen = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let path = match &next {
            Some(n) => format!("{base}/objects/?limit=4&next={n}"),
            None => format!("{base}/objects/?limit=4"),
        };
        let reply = taxii(path, None).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        assert!(reply.headers.contains_key("x-taxii-date-added-first"));
        let page = reply.json();
        let objects = page["objects"].as_array().unwrap();
        assert!(objects.len() <= 4);
        seen.extend(
            objects
                .iter()
                .map(|o| o["id"].as_str().unwrap().to_string()),
        );
        if page["more"] == false {
            assert!(page.get("next").is_none());
            break;
        }
        next = Some(page["next"].as_str().unwrap().to_string());
    }
    assert_eq!(seen.len(), total, "pages cover every object once");
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), total);

    let campaigns = taxii(format!("{base}/objects/?match[type]=campaign"), None)
        .await
        .json();
    let campaigns = campaigns["objects"].as_array().unwrap().clone();
    assert_eq!(campaigns.len(), 1);
    let campaign_id = campaigns[0]["id"].as_str().unwrap();
    let later = taxii(
        format!("{base}/objects/?added_after=2999-01-01T00:00:00Z"),
        None,
    )
    .await;
    assert_eq!(later.json()["objects"].as_array().unwrap().len(), 0);
    let one = taxii(format!("{base}/objects/{campaign_id}/"), None)
        .await
        .json();
    assert_eq!(one["objects"][0]["id"], campaign_id);
    let versions = taxii(format!("{base}/objects/{campaign_id}/versions/"), None)
        .await
        .json();
    assert_eq!(versions["versions"].as_array().unwrap().len(), 1);
    let manifest = taxii(format!("{base}/manifest/"), None).await.json();
    assert_eq!(manifest["objects"].as_array().unwrap().len(), total);
    assert_eq!(
        manifest["objects"][0]["media_type"],
        "application/stix+json;version=2.1"
    );
    for (path, status) in [
        (
            "/taxii2/api/collections/nope/objects/".to_string(),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("{base}/objects/indicator--00000000-0000-4000-8000-000000000000/"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("{base}/objects/?limit=0"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            format!("{base}/objects/?added_after=yesterday"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        let reply = taxii(path.clone(), None).await;
        assert_eq!(reply.status, status, "{path}");
        // TAXII's error-message resource, not the API's error body.
        assert_eq!(reply.headers[header::CONTENT_TYPE], media, "{path}");
        let error = reply.json();
        assert_eq!(error["http_status"], status.as_str(), "{path}: {error}");
        assert!(
            error["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{path}: {error}"
        );
        assert!(
            error["description"].is_string() && error.get("error").is_none(),
            "{path}: {error}"
        );
    }
    let refused = app.get("/taxii2/", None).await;
    assert_eq!(refused.json()["http_status"], "401");
    assert_eq!(refused.headers[header::WWW_AUTHENTICATE], "Bearer");
}

const HAI_PHONG: &str = include_str!("../../share/tests/fixtures/advisory.json");

/// The Hải Phòng letter as a new advisory to the given groups.
fn advisory_request(identifier: &str, scope: &str, groups: &[&str]) -> Value {
    let letter: Value = serde_json::from_str(HAI_PHONG).unwrap();
    let mut body = json!({"identifier": identifier, "recipient_groups": groups, "scope": scope});
    for key in [
        "vietnamese",
        "english",
        "category",
        "response_types",
        "urgency",
        "severity",
        "certainty",
        "contact_person",
        "hotline",
    ] {
        body[key] = letter[key].clone();
    }
    body["indicators"] = json!([{"kind": "phone", "value": "+84923000471"}]);
    body
}

/// A second app on the same store that sends advisories through the SMTP sink.
fn app_with_mail(f: &Fixture, sink: &sink::SmtpSink) -> App {
    let mailer = canhgiac_server::Mailer::new(&sink.url(), "Cảnh Giác <canhgiac@example.gov.vn>")
        .expect("mailer");
    let state = AppState::new(Arc::clone(&f.store), Analyzer::builtin().unwrap())
        .with_public_url(Some("https://canhgiac.example/".into()))
        .with_mailer(Some(mailer));
    App::new(state, client())
}

async fn add_organisations(app: &App, admin: &str) {
    for (name, group, email) in [
        (
            "Sở Tài chính",
            "Sở, ban, ngành",
            Some("stc@haiphong.example.gov.vn"),
        ),
        ("Sở Y tế", "Sở, ban, ngành", None),
        (
            "Công ty Cảng Hải Phòng",
            "Doanh nghiệp",
            Some("vanthu@cang.example.com"),
        ),
        ("Báo Hải Phòng", "Báo chí", Some("toasoan@bao.example.vn")),
    ] {
        let reply = app
            .post(
                "/api/v1/organisations",
                Some(admin),
                &json!({"name": name, "group": group, "email": email}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    }
}

/// The warning goes out: draft, publication with one link per organisation, e-mails through
/// SMTP, the web page, CAP, Atom, acknowledgement, and the admin's list of who acknowledged.
async fn advisories_publish_email_and_acknowledge(f: Fixture) {
    let sink = sink::SmtpSink::start().await;
    let app = app_with_mail(&f, &sink);
    let (analyst, admin) = analyst_and_admin(&f.store).await;
    add_organisations(&app, &admin).await;
    assert_eq!(
        app.get("/api/v1/organisations", Some(&admin))
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        4
    );

    let body = advisory_request(
        "HP-STTTT-2024-12-001",
        "Public",
        &["Sở, ban, ngành", "Doanh nghiệp"],
    );
    assert_eq!(
        app.post("/api/v1/advisories", None, &body).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.post("/api/v1/advisories", Some(&analyst), &body)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let created = app.post("/api/v1/advisories", Some(&admin), &body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    assert_eq!(created.json()["published_at"], Value::Null);
    // A draft is not public yet.
    assert_eq!(app.get("/api/v1/advisories", None).await.json(), json!([]));
    assert_eq!(
        app.get("/canh-bao/HP-STTTT-2024-12-001", None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/v1/advisories/HP-STTTT-2024-12-001", Some(&analyst))
            .await
            .status,
        StatusCode::OK
    );
    let again = app.post("/api/v1/advisories", Some(&admin), &body).await;
    assert_error(
        &again,
        StatusCode::CONFLICT,
        Some("conflict"),
        "same identifier twice",
    );

    let published = app
        .post(
            "/api/v1/advisories/HP-STTTT-2024-12-001/publish",
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text());
    let published = published.json();
    assert!(is_rfc3339(&published["advisory"]["published_at"]));
    let recipients = published["recipients"].as_array().unwrap();
    assert_eq!(
        recipients.len(),
        3,
        "the press group was not chosen: {published}"
    );
    let by_name = |name: &str| {
        recipients
            .iter()
            .find(|r| r["organisation"]["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(by_name("Sở Tài chính")["email"], "sent");
    assert_eq!(by_name("Công ty Cảng Hải Phòng")["email"], "sent");
    assert_eq!(by_name("Sở Y tế")["email"], "no_address");
    let links: Vec<String> = recipients
        .iter()
        .map(|r| r["acknowledge_url"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        links
            .iter()
            .all(|l| l.starts_with("https://canhgiac.example/xac-nhan/ack_")),
        "{links:?}"
    );
    assert_eq!(
        links.iter().collect::<std::collections::HashSet<_>>().len(),
        3,
        "one link each"
    );
    let again = app
        .post(
            "/api/v1/advisories/HP-STTTT-2024-12-001/publish",
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_error(
        &again,
        StatusCode::CONFLICT,
        Some("conflict"),
        "published twice",
    );

    // Each organisation's e-mail carries its own link and nobody else's.
    let mails = sink.messages();
    assert_eq!(mails.len(), 2, "{mails:?}");
    for (recipient_name, address) in [
        ("Sở Tài chính", "stc@haiphong.example.gov.vn"),
        ("Công ty Cảng Hải Phòng", "vanthu@cang.example.com"),
    ] {
        let mail = mails
            .iter()
            .find(|m| m.recipients == [address.to_owned()])
            .expect("mail to the organisation");
        let own = by_name(recipient_name)["acknowledge_url"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(mail.body.contains(&own), "{}", mail.body);
        assert!(
            mail.body.contains(&format!("Kính gửi: {recipient_name}")),
            "{}",
            mail.body
        );
        assert!(mail.body.contains("0899 252 555"));
        assert!(
            mail.subject.contains("Cảnh báo thủ đoạn tống tiền"),
            "{}",
            mail.subject
        );
        assert_eq!(
            links
                .iter()
                .filter(|l| mail.body.contains(l.as_str()))
                .count(),
            1
        );
    }

    // Published: the page, the JSON, CAP 1.2 and Atom.
    let page = app.get("/canh-bao/HP-STTTT-2024-12-001", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("default-src 'none'"));
    assert!(page
        .text()
        .contains("Cảnh báo thủ đoạn tống tiền bằng ảnh, video nhạy cảm ghép mặt"));
    assert!(page.text().contains("href=\"tel:0899252555\""));
    assert!(app
        .get("/canh-bao", None)
        .await
        .text()
        .contains("/canh-bao/HP-STTTT-2024-12-001"));
    let list = app.get("/api/v1/advisories", None).await.json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(
        !list.to_string().contains("ack_"),
        "links never show publicly"
    );
    let cap = app
        .get("/api/v1/advisories/HP-STTTT-2024-12-001/cap", None)
        .await;
    assert_eq!(cap.status, StatusCode::OK, "{}", cap.text());
    assert!(cap.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/cap+xml"));
    let xml = cap.text();
    assert!(xml.contains("<identifier>HP-STTTT-2024-12-001</identifier>"));
    assert!(xml.contains("<scope>Public</scope>"));
    assert!(xml.contains("<valueName>canhgiac:indicator</valueName>"));
    assert!(xml.contains("<web>https://canhgiac.example/canh-bao/HP-STTTT-2024-12-001</web>"));
    let sent = xml
        .split("<sent>")
        .nth(1)
        .and_then(|s| s.split("</sent>").next())
        .unwrap();
    assert!(sent.ends_with("+07:00"), "{sent}");
    let atom = app.get("/canh-bao.atom", None).await;
    assert!(atom.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/atom+xml"));
    assert!(atom.text().contains("<entry>") && atom.text().contains("+07:00"));

    // Acknowledgement through the organisation's own page.
    let port_link = by_name("Công ty Cảng Hải Phòng")["acknowledge_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = port_link.trim_start_matches("https://canhgiac.example");
    let mut browser = web::Browser::new(&app).await;
    let form = browser.get(path).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form
        .text()
        .contains("Kính gửi: <strong>Công ty Cảng Hải Phòng</strong>"));
    assert!(form.text().contains("<label for=\"by\">"));
    assert_eq!(
        browser.post(path, &[("by", "  ")]).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // The link alone is not enough: the form carries the page's CSRF token too.
    let forged = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("by={}", encode("Kẻ giả mạo"))))
        .unwrap();
    assert_eq!(app.send(forged).await.status, StatusCode::FORBIDDEN);
    let done = browser
        .post(path, &[("by", "Nguyễn Văn An, Chánh Văn phòng")])
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text());
    assert!(done.text().contains("Nguyễn Văn An, Chánh Văn phòng"));
    assert!(
        !app.get(path, None).await.text().contains("<form"),
        "acknowledged once"
    );
    assert_eq!(
        app.get("/xac-nhan/ack_00", None).await.status,
        StatusCode::NOT_FOUND
    );
    // The JSON route does the same for another organisation.
    let finance_token = by_name("Sở Tài chính")["acknowledge_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    let acked = app
        .post(
            &format!("/api/v1/acknowledgements/{finance_token}"),
            None,
            &json!({"by": "Trần Thị Bình"}),
        )
        .await;
    assert_eq!(acked.status, StatusCode::OK, "{}", acked.text());
    let wrong = app
        .post(
            "/api/v1/acknowledgements/ack_nope",
            None,
            &json!({"by": "X"}),
        )
        .await;
    assert_error(
        &wrong,
        StatusCode::NOT_FOUND,
        Some("not_found"),
        "unknown acknowledgement",
    );

    // The admin's "Nơi nhận".
    let status = app
        .get(
            "/api/v1/advisories/HP-STTTT-2024-12-001/recipients",
            Some(&admin),
        )
        .await;
    assert_eq!(status.status, StatusCode::OK, "{}", status.text());
    let status = status.json();
    let of = |name: &str| {
        status
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["organisation"]["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(
        of("Công ty Cảng Hải Phòng")["acknowledged_by"],
        "Nguyễn Văn An, Chánh Văn phòng"
    );
    assert_eq!(of("Sở Tài chính")["acknowledged_by"], "Trần Thị Bình");
    assert_eq!(of("Sở Y tế")["acknowledged_at"], Value::Null);
    assert!(is_rfc3339(&of("Sở Tài chính")["emailed_at"]));
    assert!(
        !status.to_string().contains("ack_"),
        "tokens are shown once only"
    );
    assert_eq!(
        app.get(
            "/api/v1/advisories/HP-STTTT-2024-12-001/recipients",
            Some(&analyst)
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
}

/// A Private warning is addressed to its recipients in CAP and is not public.
async fn private_advisories_reach_only_their_recipients(f: Fixture) {
    let app = &f.app;
    let (analyst, admin) = analyst_and_admin(&f.store).await;
    add_organisations(app, &admin).await;
    let body = advisory_request("HP-2024-RIENG", "Private", &["Doanh nghiệp"]);
    let created = app.post("/api/v1/advisories", Some(&admin), &body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let published = app
        .post(
            "/api/v1/advisories/HP-2024-RIENG/publish",
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(published.status, StatusCode::OK, "{}", published.text());
    // No SMTP server configured: the admin passes the links on.
    assert_eq!(published.json()["recipients"][0]["email"], "not_configured");
    assert_eq!(
        app.get("/api/v1/advisories/HP-2024-RIENG", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/api/v1/advisories/HP-2024-RIENG/cap", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/canh-bao/HP-2024-RIENG", None).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!app
        .get("/canh-bao.atom", None)
        .await
        .text()
        .contains("HP-2024-RIENG"));
    let cap = app
        .get("/api/v1/advisories/HP-2024-RIENG/cap", Some(&analyst))
        .await;
    assert_eq!(cap.status, StatusCode::OK, "{}", cap.text());
    assert!(cap.text().contains("<scope>Private</scope>"));
    assert!(
        cap.text()
            .contains("<addresses>vanthu@cang.example.com</addresses>"),
        "{}",
        cap.text()
    );

    // CAP rules are checked when the advisory is written.
    let nobody = advisory_request("HP-2024-X", "Private", &[]);
    let reply = app.post("/api/v1/advisories", Some(&admin), &nobody).await;
    assert_error(
        &reply,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("invalid_advisory"),
        "private without recipients",
    );
    let restricted = advisory_request("HP-2024-Y", "Restricted", &["Doanh nghiệp"]);
    let reply = app
        .post("/api/v1/advisories", Some(&admin), &restricted)
        .await;
    assert_error(
        &reply,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("invalid_advisory"),
        "restricted without restriction",
    );
    let mut untitled = advisory_request("HP-2024-Z", "Public", &[]);
    untitled["vietnamese"]["title"] = json!("");
    let reply = app
        .post("/api/v1/advisories", Some(&admin), &untitled)
        .await;
    assert_error(
        &reply,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("invalid_input"),
        "no title",
    );
    let reply = app
        .post(
            "/api/v1/advisories",
            Some(&admin),
            &json!({"identifier": "A"}),
        )
        .await;
    assert!(reply.status.is_client_error(), "{}", reply.text());
    let reply = app
        .post("/api/v1/advisories/NOPE/publish", Some(&admin), &json!({}))
        .await;
    assert_error(
        &reply,
        StatusCode::NOT_FOUND,
        Some("not_found"),
        "publish unknown",
    );
    assert_eq!(
        app.get("/api/v1/advisories", Some(&analyst))
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

/// Partners' STIX bundles and MISP events add indicators under their source; marked ones stay
/// out of public look-ups and TLP:RED never comes in.
async fn partner_imports_record_their_source_and_marking(f: Fixture) {
    let app = &f.app;
    let (analyst, _) = analyst_and_admin(&f.store).await;
    let bundle = json!({
        "type": "bundle", "id": "bundle--6f0e3c2a-3b1d-4a6e-9a51-0c2d7f1e9b10",
        "objects": [
            {"type": "identity", "spec_version": "2.1", "id": "identity--0b7a1e3e-2f4c-4d8e-8a0f-5c6b7d8e9f01",
             "created": "2025-01-01T00:00:00.000Z", "modified": "2025-01-01T00:00:00.000Z", "name": "CERT đối tác"},
            {"type": "indicator", "spec_version": "2.1", "id": "indicator--a1d2c3b4-0000-4000-8000-000000000001",
             "created": "2025-01-02T00:00:00.000Z", "modified": "2025-01-02T00:00:00.000Z",
             "created_by_ref": "identity--0b7a1e3e-2f4c-4d8e-8a0f-5c6b7d8e9f01",
             "pattern_type": "stix", "pattern": "[cryptocurrency-wallet:value = 'TXMKTKVDwjc3HdFkTTij1ANEY5dxkoLWh5']",
             "valid_from": "2025-01-02T00:00:00Z",
             "object_marking_refs": ["marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"]},
            {"type": "indicator", "spec_version": "2.1", "id": "indicator--a1d2c3b4-0000-4000-8000-000000000002",
             "created": "2025-01-02T00:00:00.000Z", "modified": "2025-01-02T00:00:00.000Z",
             "created_by_ref": "identity--0b7a1e3e-2f4c-4d8e-8a0f-5c6b7d8e9f01",
             "pattern_type": "stix", "pattern": "[phone-number:value = '+84912345678']",
             "valid_from": "2025-01-02T00:00:00Z",
             "object_marking_refs": ["marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"]},
            {"type": "indicator", "spec_version": "2.1", "id": "indicator--a1d2c3b4-0000-4000-8000-000000000003",
             "created": "2025-01-02T00:00:00.000Z", "modified": "2025-01-02T00:00:00.000Z",
             "pattern_type": "stix", "pattern": "[phone-number:value = '+84987654321']",
             "valid_from": "2025-01-02T00:00:00Z",
             "object_marking_refs": ["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"]}
        ]
    });
    assert_eq!(
        app.post("/api/v1/import", None, &bundle).await.status,
        StatusCode::UNAUTHORIZED
    );
    let reply = app.post("/api/v1/import", Some(&analyst), &bundle).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let stats = reply.json();
    assert_eq!(stats["format"], "stix");
    assert_eq!(stats["source"], "stix:CERT đối tác");
    assert_eq!(stats["indicators"], 2);
    assert_eq!(stats["skipped_red"], 1);
    let wallet = app.lookup("trx", TRX_WALLET).await;
    assert_eq!(
        wallet["sources"],
        json!(["stix:CERT đối tác"]),
        "TLP:CLEAR shows publicly"
    );
    let amber = app.lookup("phone", "0912345678").await;
    assert_eq!(
        amber["sources"],
        json!([]),
        "TLP:AMBER stays out of public look-ups"
    );
    assert_eq!(amber["first_seen"], Value::Null);
    assert_eq!(
        f.store
            .lookup_with_partners("phone", "+84912345678")
            .await
            .unwrap()
            .sources,
        vec!["stix:CERT đối tác (TLP:AMBER)"]
    );
    assert!(
        f.store
            .lookup_with_partners("phone", "+84987654321")
            .await
            .unwrap()
            .sources
            .is_empty(),
        "TLP:RED never stored"
    );

    let event = json!({"Event": {"info": "Ví tống tiền", "Orgc": {"name": "Ngân hàng đối tác"},
        "Tag": [{"name": "tlp:clear"}],
        "Attribute": [{"type": "btc", "category": "Financial fraud", "value": BTC_WALLET}]}});
    let reply = app
        .post("/api/v1/import?source=nganhang-x", Some(&analyst), &event)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json()["format"], "misp");
    assert_eq!(
        app.lookup("btc", BTC_WALLET).await["sources"],
        json!(["nganhang-x"])
    );

    let not_json = app
        .send(raw_json("/api/v1/import", "{not json").map(|b| b))
        .await;
    assert_eq!(
        not_json.status,
        StatusCode::UNAUTHORIZED,
        "no token on a raw request"
    );
    let mut bad = raw_json("/api/v1/import", "{not json");
    bad.headers_mut().insert(
        header::AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {analyst}")).unwrap(),
    );
    assert_error(
        &app.send(bad).await,
        StatusCode::BAD_REQUEST,
        Some("invalid_json"),
        "not JSON",
    );
    let reply = app
        .post("/api/v1/import", Some(&analyst), &json!({"hello": 1}))
        .await;
    assert_error(
        &reply,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("unknown_format"),
        "neither format",
    );
    let reply = app
        .post("/api/v1/import?tlp=red", Some(&analyst), &bundle)
        .await;
    assert_error(
        &reply,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("tlp_red_not_imported"),
        "red default",
    );
}
