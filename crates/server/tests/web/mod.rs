//! The web pages, in-process like the API tests: every page renders in the right language
//! with its security headers and labelled inputs; every form needs its CSRF token; a scam is
//! highlighted with advice and call links; a report gives a reference and PIN that open its
//! status and withdrawal; bad input is an HTML 4xx page.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};

use canhgiac_store::Role;
use serde_json::json;

use super::{
    report_body, screenshot, App, Fixture, Reply, CONTACT, DETECTIVE, DETECTIVE_AGAIN, DISTINCTIVE,
    TRX_WALLET,
};

canhgiac_store::conformance!(sqlite, postgres;
    pages_render_in_each_language,
    forms_need_the_csrf_token,
    scam_is_highlighted_with_advice,
    report_status_and_withdrawal,
    screenshot_and_photo_forms,
    bad_input_is_an_html_client_error,
    forms_are_rate_limited,
    analysts_log_in_and_need_a_session,
    analyst_confirms_a_report_and_sees_its_campaign,
    advisory_pages_in_the_layout_and_for_admins_only,
    long_lists_of_reports_come_in_pages,
);

async fn sqlite() -> Fixture {
    super::sqlite().await
}

async fn postgres() -> Option<Fixture> {
    super::postgres().await
}

/// The public pages with a GET form.
const PAGES: &[&str] = &[
    "/",
    "/tra-cuu",
    "/bao-cao",
    "/bao-cao/trang-thai",
    "/bao-cao/rut-lai",
    "/bao-ve-anh",
    "/quyen-rieng-tu",
];

/// A browser's session: the cookies the server set, and the CSRF token its pages carry.
pub(super) struct Browser<'a> {
    app: &'a App,
    cookies: Vec<(String, String)>,
}

impl<'a> Browser<'a> {
    /// Opens the home page to get the CSRF cookie, as a browser would.
    pub(super) async fn new(app: &'a App) -> Browser<'a> {
        let mut browser = Browser {
            app,
            cookies: Vec::new(),
        };
        let reply = browser.get("/").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        assert!(browser.csrf().is_some(), "no CSRF cookie");
        browser
    }

    fn csrf(&self) -> Option<String> {
        self.cookies
            .iter()
            .find(|(k, _)| k == "cg_csrf")
            .map(|(_, v)| v.clone())
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&mut self, reply: &Reply) {
        for value in reply.headers.get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.cookies.retain(|(k, _)| k != name);
            self.cookies.push((name.to_string(), value.to_string()));
        }
    }

    pub(super) async fn get(&mut self, path: &str) -> Reply {
        let request = Request::builder()
            .uri(path)
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .unwrap();
        let reply = self.app.send(request).await;
        self.keep_cookies(&reply);
        reply
    }

    /// Posts a form with the page's token first, as the pages do.
    pub(super) async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
        self.post_with_file(path, fields, None).await
    }

    async fn post_with_file(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
    ) -> Reply {
        let token = self.csrf().unwrap();
        let mut all = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        let request = form_request(path, &all, file, Some(&self.cookie_header()));
        let reply = self.app.send(request).await;
        self.keep_cookies(&reply);
        reply
    }
}

/// A `multipart/form-data` POST with text fields in order and an optional file field.
fn form_request(
    path: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
    cookie: Option<&str>,
) -> Request<Body> {
    let boundary = "cg-web-boundary-51c9";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; \
                 filename=\"upload.png\"\r\nContent-Type: image/png\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let mut builder = Request::builder().method(Method::POST).uri(path).header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={boundary}"),
    );
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    builder.body(Body::from(body)).unwrap()
}

/// An HTML page with the security headers; returns its text.
fn assert_page(reply: &Reply, status: StatusCode, lang: &str, what: &str) -> String {
    let text = reply.text();
    assert_eq!(reply.status, status, "{what}: {text}");
    let content_type = reply.headers[header::CONTENT_TYPE].to_str().unwrap();
    assert!(
        content_type.starts_with("text/html"),
        "{what}: {content_type}"
    );
    let csp = reply
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap_or_else(|| panic!("{what}: no Content-Security-Policy"))
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'none'"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert_eq!(reply.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(
        text.contains(&format!("<html lang=\"{lang}\">")),
        "{what}: not in {lang}"
    );
    // No inline script or style: the policy would block them.
    assert!(
        !text.contains("<script>") && !text.contains("style="),
        "{what}"
    );
    assert_labelled(&text, what);
    text
}

/// Every visible `<input>`, `<textarea>` and `<select>` has an id and a `<label for>` naming it.
fn assert_labelled(html: &str, what: &str) {
    for tag in ["<input", "<textarea", "<select"] {
        for (at, _) in html.match_indices(tag) {
            let end = html[at..].find('>').map_or(html.len(), |e| at + e);
            let element = &html[at..end];
            if element.contains("type=\"hidden\"") {
                continue;
            }
            let id = element
                .split("id=\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or_else(|| panic!("{what}: no id on {element}"));
            assert!(
                html.contains(&format!("<label for=\"{id}\"")),
                "{what}: no label for {element}"
            );
        }
    }
}

/// The text of the element with this id, e.g. `<strong class="code" id="pin">123456</strong>`.
fn element_text(html: &str, id: &str) -> String {
    let marker = format!("id=\"{id}\">");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no #{id} in {html}"))
        + marker.len();
    html[start..].split('<').next().unwrap().to_string()
}

async fn pages_render_in_each_language(f: Fixture) {
    let app = &f.app;
    let mut browser = Browser::new(app).await;
    for path in PAGES {
        let page = assert_page(&browser.get(path).await, StatusCode::OK, "vi", path);
        assert!(
            page.contains("tel:113") && page.contains("tel:0899252555"),
            "{path}"
        );
        assert!(page.contains("href=\"/assets/site.css\""), "{path}");
    }
    // The switch: `?lang=en` answers in English and remembers it in a cookie.
    let reply = browser.get("/quyen-rieng-tu?lang=en").await;
    let page = assert_page(&reply, StatusCode::OK, "en", "switch");
    assert!(page.contains("Privacy self-check"), "{page}");
    assert!(page.contains("href=\"/quyen-rieng-tu?lang=vi\""), "{page}");
    let cookie = reply.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains("cg_lang=en"), "{cookie}");
    for path in PAGES {
        let page = assert_page(&browser.get(path).await, StatusCode::OK, "en", path);
        assert!(
            !page.contains("Kiểm tra tin nhắn<"),
            "{path}: Vietnamese left"
        );
    }
    let page = assert_page(
        &browser.get("/?lang=vi").await,
        StatusCode::OK,
        "vi",
        "back",
    );
    assert!(page.contains("Kiểm tra tin nhắn"), "{page}");
    // The switch keeps the rest of the query.
    let page = browser
        .get(&format!("/tra-cuu?kind=trx&value={TRX_WALLET}"))
        .await;
    let page = assert_page(&page, StatusCode::OK, "vi", "lookup");
    assert!(
        page.contains(&format!(
            "/tra-cuu?kind=trx&#38;value={TRX_WALLET}&#38;lang=en"
        )),
        "{page}"
    );
    // The CSRF cookie is HttpOnly and SameSite=Strict; the assets are served.
    let fresh = app
        .send(Request::builder().uri("/").body(Body::empty()).unwrap())
        .await;
    let cookie = fresh.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    for (path, kind) in [
        ("/assets/site.css", "text/css"),
        ("/assets/site.js", "text/javascript"),
        ("/assets/icon.svg", "image/svg+xml"),
    ] {
        let reply = browser.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert!(
            reply.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with(kind),
            "{path}"
        );
    }
}

async fn forms_need_the_csrf_token(f: Fixture) {
    let app = &f.app;
    let browser = Browser::new(app).await;
    let token = browser.csrf().unwrap();
    let cookie = browser.cookie_header();
    let before = f.store.totals().await.unwrap();
    let other = canhgiac_store::secrets::new_token().0;
    for path in [
        "/",
        "/bao-cao",
        "/bao-cao/trang-thai",
        "/bao-cao/rut-lai",
        "/bao-ve-anh",
    ] {
        let cases = [
            (
                "no cookie",
                form_request(path, &[("csrf", &token), ("text", DETECTIVE)], None, None),
            ),
            (
                "no field",
                form_request(path, &[("text", DETECTIVE)], None, Some(&cookie)),
            ),
            (
                "token not first",
                form_request(
                    path,
                    &[("text", DETECTIVE), ("csrf", &token)],
                    None,
                    Some(&cookie),
                ),
            ),
            (
                "other token",
                form_request(
                    path,
                    &[("csrf", &other), ("text", DETECTIVE)],
                    None,
                    Some(&cookie),
                ),
            ),
        ];
        for (what, request) in cases {
            let reply = app.send(request).await;
            assert_page(
                &reply,
                StatusCode::FORBIDDEN,
                "vi",
                &format!("{path} {what}"),
            );
        }
        // Another site's form, even with the right token.
        let mut request = form_request(
            path,
            &[("csrf", &token), ("text", DETECTIVE)],
            None,
            Some(&cookie),
        );
        request
            .headers_mut()
            .insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert_page(&app.send(request).await, StatusCode::FORBIDDEN, "vi", path);
        // A urlencoded form cannot carry the token first in a way we read.
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &cookie)
            .body(Body::from(format!("csrf={token}&text=hello")))
            .unwrap();
        assert_page(&app.send(request).await, StatusCode::FORBIDDEN, "vi", path);
    }
    assert_eq!(
        f.store.totals().await.unwrap(),
        before,
        "a refused form stored something"
    );
}

async fn scam_is_highlighted_with_advice(f: Fixture) {
    let app = &f.app;
    let mut browser = Browser::new(app).await;
    let page = browser.post("/", &[("text", DETECTIVE)]).await;
    let page = assert_page(&page, StatusCode::OK, "vi", "check");
    assert!(
        page.contains("Đây rất có thể là tin nhắn lừa đảo"),
        "{page}"
    );
    assert!(page.contains("<mark title=\"tự xưng thám tử tư"), "{page}");
    assert!(page.contains(">thám tử tư</mark>"), "{page}");
    assert!(page.contains("id=\"flag-1\""), "{page}");
    assert!(page.contains("href=\"tel:113\"") && page.contains("href=\"tel:0899252555\""));
    assert!(page.contains("<ol class=\"advice\">"), "{page}");
    assert!(page.contains("Không chuyển tiền"), "{page}");
    assert!(page.contains("Chưa có báo cáo"), "{page}");
    assert!(page.contains(TRX_WALLET), "{page}");
    // The report button carries the text to the report form.
    assert!(page.contains("name=\"prefill\""), "{page}");
    let form = browser
        .post("/bao-cao", &[("prefill", "1"), ("text", DETECTIVE)])
        .await;
    let form = assert_page(&form, StatusCode::OK, "vi", "prefilled");
    assert!(form.contains(&format!(">{DETECTIVE}</textarea>")), "{form}");
    assert_eq!(
        f.store.totals().await.unwrap().reports,
        0,
        "prefill stored a report"
    );

    // The same in English; the message keeps its own words.
    browser.get("/?lang=en").await;
    let page = browser.post("/", &[("text", DETECTIVE)]).await;
    let page = assert_page(&page, StatusCode::OK, "en", "check in English");
    assert!(page.contains("This is very likely a scam."), "{page}");
    assert!(
        page.contains("claims to be a private detective") || page.contains("<mark"),
        "{page}"
    );
    assert!(page.contains("Do not pay"), "{page}");
    assert!(page.contains(">thám tử tư</mark>"), "{page}");

    // A harmless message is called so, calmly, without highlights.
    browser.get("/?lang=vi").await;
    let page = browser
        .post(
            "/",
            &[("text", "Chiều nay 5 giờ họp phụ huynh ở trường nhé anh.")],
        )
        .await;
    let page = assert_page(&page, StatusCode::OK, "vi", "legit");
    assert!(page.contains("không thấy dấu hiệu lừa đảo"), "{page}");
    assert!(!page.contains("<mark"), "{page}");
}

async fn report_status_and_withdrawal(f: Fixture) {
    let app = &f.app;
    let mut browser = Browser::new(app).await;
    let text = format!("{DETECTIVE} {DISTINCTIVE}");
    let reply = browser
        .post(
            "/bao-cao",
            &[
                ("text", &text),
                ("channel", "zalo"),
                ("received_on", "2025-11-24"),
                ("amount_demanded", "2.500"),
                ("amount_paid", ""),
                ("currency", "USDT"),
                ("contact", CONTACT),
                ("consent_police", "1"),
            ],
        )
        .await;
    let page = assert_page(&reply, StatusCode::CREATED, "vi", "report");
    let reference = element_text(&page, "reference");
    let pin = element_text(&page, "pin");
    assert!(reference.starts_with("CG-"), "{reference}");
    assert_eq!(pin.len(), 6, "{pin}");
    assert!(page.contains("Hãy ghi lại hai mã này"), "{page}");
    assert!(!page.contains(CONTACT), "{page}");

    // The look-up now counts it; it never says who reported.
    let page = browser
        .get(&format!("/tra-cuu?kind=trx&value={TRX_WALLET}"))
        .await;
    let page = assert_page(&page, StatusCode::OK, "vi", "lookup");
    assert!(page.contains("Đã bị báo cáo 1 lần"), "{page}");
    assert!(
        !page.contains(CONTACT) && !page.contains(DISTINCTIVE),
        "{page}"
    );

    // Status by reference and PIN (typed in lower case, as people do).
    let page = browser
        .post(
            "/bao-cao/trang-thai",
            &[("reference", &reference.to_lowercase()), ("pin", &pin)],
        )
        .await;
    let page = assert_page(&page, StatusCode::OK, "vi", "status");
    assert!(page.contains("Đã nhận, đang chờ xem xét"), "{page}");
    assert!(page.contains(&reference), "{page}");
    assert!(
        !page.contains(CONTACT) && !page.contains(DISTINCTIVE),
        "{page}"
    );
    let wrong = if pin == "000000" { "111111" } else { "000000" };
    let page = browser
        .post(
            "/bao-cao/trang-thai",
            &[("reference", &reference), ("pin", wrong)],
        )
        .await;
    let page = assert_page(&page, StatusCode::FORBIDDEN, "vi", "wrong PIN");
    assert!(page.contains("mã PIN không đúng"), "{page}");

    // Withdrawal needs the box ticked, then erases the report.
    let page = browser
        .post(
            "/bao-cao/rut-lai",
            &[("reference", &reference), ("pin", &pin)],
        )
        .await;
    assert_page(&page, StatusCode::UNPROCESSABLE_ENTITY, "vi", "unconfirmed");
    let page = browser
        .post(
            "/bao-cao/rut-lai",
            &[("reference", &reference), ("pin", &pin), ("confirm", "1")],
        )
        .await;
    let page = assert_page(&page, StatusCode::OK, "vi", "withdrawn");
    assert!(page.contains("Báo cáo đã được rút lại"), "{page}");
    assert!(page.contains("Đã rút lại"), "{page}");
    assert!(!page.contains("action=\"/bao-cao/rut-lai\""), "{page}");
    let page = browser
        .get(&format!("/tra-cuu?kind=trx&value={TRX_WALLET}"))
        .await;
    assert!(assert_page(&page, StatusCode::OK, "vi", "after").contains("Chưa có báo cáo"));
}

async fn screenshot_and_photo_forms(f: Fixture) {
    let app = &f.app;
    let mut browser = Browser::new(app).await;
    let image = screenshot("threat-blue-small.png");
    let page = browser
        .post_with_file("/", &[("text", "")], Some(("image", &image)))
        .await;
    let page = assert_page(&page, StatusCode::OK, "vi", "screenshot");
    assert!(page.contains("được đọc từ ảnh"), "{page}");
    assert!(page.contains("<mark"), "{page}");

    let before = f.store.totals().await.unwrap();
    let page = browser
        .post_with_file("/bao-ve-anh", &[], Some(("image", &image)))
        .await;
    let page = assert_page(&page, StatusCode::CREATED, "vi", "photo");
    assert!(
        element_text(&page, "reference").starts_with("CG-"),
        "{page}"
    );
    assert_eq!(element_text(&page, "pin").len(), 6, "{page}");
    assert!(page.contains("Đã lưu 1 dấu vân tay"), "{page}");
    assert_eq!(f.store.totals().await.unwrap().reports, before.reports);
    // No file chosen: a browser still sends an empty part.
    let page = browser
        .post_with_file("/bao-ve-anh", &[], Some(("image", b"")))
        .await;
    assert_page(&page, StatusCode::UNPROCESSABLE_ENTITY, "vi", "no file");
}

async fn bad_input_is_an_html_client_error(f: Fixture) {
    let app = &f.app;
    let mut browser = Browser::new(app).await;
    let long = "a".repeat(canhgiac_core::analysis::MAX_TEXT_BYTES + 1);
    let cases: Vec<(&str, Reply, StatusCode, &str)> = vec![
        (
            "empty",
            browser.post("/", &[("text", "  ")]).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "chưa nhập nội dung",
        ),
        (
            "too long",
            browser.post("/bao-cao", &[("text", &long)]).await,
            StatusCode::PAYLOAD_TOO_LARGE,
            "quá dài",
        ),
        (
            "not an image",
            browser
                .post_with_file("/", &[("text", "")], Some(("image", b"plain text")))
                .await,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "không phải là ảnh",
        ),
        (
            "not media",
            browser
                .post_with_file("/bao-ve-anh", &[], Some(("image", b"\x89PNG broken")))
                .await,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "không phải là ảnh hay video",
        ),
        (
            "bad wallet",
            browser
                .get("/tra-cuu?kind=trx&value=TXMKTKVDwjc3HdFkTTij1ANEY5dxkoLWh6")
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "không đúng định dạng",
        ),
        (
            "unknown kind",
            browser.get("/tra-cuu?kind=fax&value=123").await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "chọn loại thông tin",
        ),
        (
            "bad amount",
            browser
                .post("/bao-cao", &[("text", DETECTIVE), ("amount_paid", "-5")])
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Số tiền",
        ),
        (
            "bad date",
            browser
                .post(
                    "/bao-cao",
                    &[("text", DETECTIVE), ("received_on", "hôm qua")],
                )
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Ngày nhận",
        ),
        (
            "NUL byte",
            browser
                .post("/bao-cao", &[("text", "chuyển tiền\0 ngay")])
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
        ),
        (
            "unknown reference",
            browser
                .post(
                    "/bao-cao/trang-thai",
                    &[("reference", "CG-0000-0000"), ("pin", "123456")],
                )
                .await,
            StatusCode::FORBIDDEN,
            "không đúng",
        ),
    ];
    for (what, reply, status, words) in cases {
        let page = assert_page(&reply, status, "vi", what);
        assert!(page.contains(words), "{what}: {page}");
        assert!(page.contains("role=\"alert\""), "{what}");
    }
    assert_eq!(f.store.totals().await.unwrap().reports, 0);
}

async fn forms_are_rate_limited(f: Fixture) {
    let app = &f.app;
    let mut browser = Browser::new(app).await;
    let mut statuses = Vec::new();
    for _ in 0..61 {
        statuses.push(browser.post("/", &[("text", "")]).await.status);
    }
    assert!(
        statuses[..60]
            .iter()
            .all(|s| *s == StatusCode::UNPROCESSABLE_ENTITY),
        "{statuses:?}"
    );
    let reply = browser.post("/", &[("text", DETECTIVE)]).await;
    assert_page(&reply, StatusCode::TOO_MANY_REQUESTS, "vi", "limited");
    assert!(reply.headers.contains_key(header::RETRY_AFTER));
    // Pages still open.
    assert_eq!(browser.get("/").await.status, StatusCode::OK);
}

/// A password long enough for the store's rule.
const PASSWORD: &str = "mật khẩu của cán bộ phân tích";

/// A user with a password, signed in through the login page.
async fn signed_in<'a>(f: &'a Fixture, name: &str, role: Role) -> Browser<'a> {
    f.store.add_user(name, role).await.unwrap();
    f.store.set_password(name, PASSWORD).await.unwrap();
    let mut browser = Browser::new(&f.app).await;
    let reply = browser
        .post(
            "/phan-tich/dang-nhap",
            &[
                ("name", name),
                ("password", PASSWORD),
                ("next", "/phan-tich"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
    assert_eq!(reply.headers[header::LOCATION], "/phan-tich");
    browser
}

fn location(reply: &Reply) -> String {
    reply.headers[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string()
}

async fn analysts_log_in_and_need_a_session(f: Fixture) {
    let app = &f.app;
    // Every analyst page sends a stranger to the login page, and back afterwards.
    let mut stranger = Browser::new(app).await;
    for path in [
        "/phan-tich",
        "/phan-tich/bao-cao?status=all",
        "/phan-tich/bao-cao/1",
        "/phan-tich/chien-dich/1",
        "/phan-tich/tim-kiem?q=x",
        "/phan-tich/canh-bao",
        "/phan-tich/canh-bao/X",
    ] {
        let reply = stranger.get(path).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{path}");
        let to = location(&reply);
        assert!(
            to.starts_with("/phan-tich/dang-nhap?next=%2Fphan-tich"),
            "{path}: {to}"
        );
    }
    let reply = stranger
        .post(
            "/phan-tich/bao-cao/1",
            &[("decision", "confirmed"), ("reason", "x")],
        )
        .await;
    assert_eq!(location(&reply), "/phan-tich/dang-nhap?next=%2Fphan-tich");
    // A made-up session cookie is no session.
    stranger
        .cookies
        .push(("cg_session".into(), format!("cgs_{}", "a".repeat(64))));
    assert_eq!(
        stranger.get("/phan-tich").await.status,
        StatusCode::SEE_OTHER
    );

    let page = stranger
        .get("/phan-tich/dang-nhap?next=%2Fphan-tich%2Fbao-cao")
        .await;
    let page = assert_page(&page, StatusCode::OK, "vi", "login");
    assert!(page.contains("Đăng nhập") && page.contains("value=\"/phan-tich/bao-cao\""));
    // Another site is never a place to return to.
    let page = stranger
        .get("/phan-tich/dang-nhap?next=https%3A%2F%2Fevil.example")
        .await;
    assert!(page.text().contains("name=\"next\" value=\"/phan-tich\""));

    f.store.add_user("lan", Role::Analyst).await.unwrap();
    f.store.set_password("lan", PASSWORD).await.unwrap();
    let mut browser = Browser::new(app).await;
    let wrong = browser
        .post(
            "/phan-tich/dang-nhap",
            &[("name", "lan"), ("password", "sai mật khẩu rồi")],
        )
        .await;
    let page = assert_page(&wrong, StatusCode::FORBIDDEN, "vi", "wrong password");
    assert!(
        page.contains("Tên đăng nhập hoặc mật khẩu không đúng"),
        "{page}"
    );
    assert!(
        !wrong.headers.contains_key(header::SET_COOKIE)
            || !wrong.headers[header::SET_COOKIE]
                .to_str()
                .unwrap()
                .contains("session")
    );
    // The login form needs its CSRF token like every form.
    let cookie = browser.cookie_header();
    let forged = form_request(
        "/phan-tich/dang-nhap",
        &[("name", "lan"), ("password", PASSWORD)],
        None,
        Some(&cookie),
    );
    assert_page(
        &app.send(forged).await,
        StatusCode::FORBIDDEN,
        "vi",
        "no token",
    );

    let right = browser
        .post(
            "/phan-tich/dang-nhap",
            &[
                ("name", "lan"),
                ("password", PASSWORD),
                ("next", "/phan-tich/bao-cao"),
            ],
        )
        .await;
    assert_eq!(right.status, StatusCode::SEE_OTHER, "{}", right.text());
    assert_eq!(location(&right), "/phan-tich/bao-cao");
    let cookie = right.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("cg_session=cgs_"), "{cookie}");
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && !cookie.contains("Secure"),
        "{cookie}"
    );
    let page = browser.get("/phan-tich").await;
    let page = assert_page(&page, StatusCode::OK, "vi", "dashboard");
    assert!(page.contains("action=\"/phan-tich/dang-xuat\""), "{page}");
    // Every analyst form needs the token.
    let cookie = browser.cookie_header();
    let forged = form_request(
        "/phan-tich/bao-cao/1",
        &[("decision", "confirmed"), ("reason", "x")],
        None,
        Some(&cookie),
    );
    assert_page(
        &app.send(forged).await,
        StatusCode::FORBIDDEN,
        "vi",
        "decision without token",
    );

    // Logging out ends the session in the store, not only in the browser.
    let kept = browser.cookies.clone();
    let out = browser.post("/phan-tich/dang-xuat", &[]).await;
    assert_eq!(location(&out), "/phan-tich/dang-nhap");
    browser.cookies = kept;
    assert_eq!(
        browser.get("/phan-tich").await.status,
        StatusCode::SEE_OTHER
    );

    // Over HTTPS the cookie is Secure and named with the __Host- prefix.
    let mut secure = Browser::new(app).await;
    let token = secure.csrf().unwrap();
    let mut request = form_request(
        "/phan-tich/dang-nhap",
        &[("csrf", &token), ("name", "lan"), ("password", PASSWORD)],
        None,
        Some(&secure.cookie_header()),
    );
    request
        .headers_mut()
        .insert("x-forwarded-proto", "https".parse().unwrap());
    let reply = app.send(request).await;
    let cookie = reply.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.starts_with("__Host-cg_session=cgs_") && cookie.contains("; Secure"),
        "{cookie}"
    );
    secure.keep_cookies(&reply);
    // ... and not read over plain HTTP.
    assert_eq!(secure.get("/phan-tich").await.status, StatusCode::SEE_OTHER);

    // A disabled user's sessions stop working at once.
    let mut lan = signed_in_again(&f, "lan").await;
    assert_eq!(lan.get("/phan-tich").await.status, StatusCode::OK);
    let id = f
        .store
        .users()
        .await
        .unwrap()
        .iter()
        .find(|u| u.name == "lan")
        .unwrap()
        .id;
    f.store.set_user_disabled(id, true).await.unwrap();
    assert_eq!(lan.get("/phan-tich").await.status, StatusCode::SEE_OTHER);

    // Guessing is limited per address (one wrong password was typed above).
    let mut guesser = Browser::new(app).await;
    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(
            guesser
                .post(
                    "/phan-tich/dang-nhap",
                    &[("name", "lan"), ("password", "đoán mò mà thôi")],
                )
                .await
                .status,
        );
    }
    assert!(
        statuses[..9].iter().all(|s| *s == StatusCode::FORBIDDEN),
        "{statuses:?}"
    );
    assert_eq!(statuses[9], StatusCode::TOO_MANY_REQUESTS);
}

/// Signs in a user who already has the test password.
async fn signed_in_again<'a>(f: &'a Fixture, name: &str) -> Browser<'a> {
    let mut browser = Browser::new(&f.app).await;
    let reply = browser
        .post(
            "/phan-tich/dang-nhap",
            &[("name", name), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
    browser
}

async fn analyst_confirms_a_report_and_sees_its_campaign(f: Fixture) {
    let app = &f.app;
    let mut first = report_body(&format!("{DETECTIVE} {DISTINCTIVE}"));
    first["contact"] = json!(CONTACT);
    first["amount_demanded"] = json!(2500);
    first["currency"] = json!("USDT");
    let first = app.report(&first).await;
    let second = app.report(&report_body(DETECTIVE_AGAIN)).await;
    let (id, other) = (
        first["id"].as_i64().unwrap(),
        second["id"].as_i64().unwrap(),
    );
    let campaign = first["campaign_id"].as_i64().unwrap();
    assert_eq!(second["campaign_id"].as_i64(), Some(campaign));

    let mut browser = signed_in(&f, "lan", Role::Analyst).await;
    let queue = browser.get("/phan-tich/bao-cao").await;
    let queue = assert_page(&queue, StatusCode::OK, "vi", "queue");
    assert!(
        queue.contains(&format!("href=\"/phan-tich/bao-cao/{id}\"")),
        "{queue}"
    );
    assert!(queue.contains("Chờ xem xét"), "{queue}");
    assert!(!queue.contains(CONTACT), "a list never shows a contact");

    let page = browser.get(&format!("/phan-tich/bao-cao/{id}")).await;
    let page = assert_page(&page, StatusCode::OK, "vi", "report");
    assert!(
        page.contains(CONTACT) && page.contains(DISTINCTIVE),
        "{page}"
    );
    assert!(page.contains("Xác nhận là lừa đảo") && page.contains("Không phải lừa đảo"));
    let log = f.store.audit_log(Some(id), 10).await.unwrap();
    assert!(
        log.iter().any(|e| e.actor == "lan" && e.action == "read"),
        "{log:?}"
    );

    let no_reason = browser
        .post(
            &format!("/phan-tich/bao-cao/{id}"),
            &[("reason", " "), ("decision", "confirmed")],
        )
        .await;
    let text = assert_page(
        &no_reason,
        StatusCode::UNPROCESSABLE_ENTITY,
        "vi",
        "no reason",
    );
    assert!(text.contains("Xin ghi lý do"), "{text}");
    let done = browser
        .post(
            &format!("/phan-tich/bao-cao/{id}"),
            &[
                ("reason", "Ví TRON trùng chiến dịch đã biết"),
                ("decision", "confirmed"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text());
    assert_eq!(location(&done), format!("/phan-tich/bao-cao/{id}"));
    let page = browser.get(&format!("/phan-tich/bao-cao/{id}")).await;
    let page = assert_page(&page, StatusCode::OK, "vi", "decided");
    assert!(
        page.contains("Đã được xác nhận là lừa đảo") && page.contains("Ví TRON trùng"),
        "{page}"
    );
    let lookup = app.lookup("trx", TRX_WALLET).await;
    assert_eq!(lookup["verdict"], "confirmed");
    // The queue no longer holds it; the confirmed list does.
    let queue = browser.get("/phan-tich/bao-cao").await.text();
    assert!(
        !queue.contains(&format!("/phan-tich/bao-cao/{id}\"")),
        "{queue}"
    );
    let confirmed = browser
        .get("/phan-tich/bao-cao?status=confirmed")
        .await
        .text();
    assert!(confirmed.contains(&format!("/phan-tich/bao-cao/{id}\"")));

    // The campaign: both reports, the wallet, the money, the graph with an edge between them.
    let page = browser
        .get(&format!("/phan-tich/chien-dich/{campaign}"))
        .await;
    let page = assert_page(&page, StatusCode::OK, "vi", "campaign");
    assert!(
        page.contains("<svg class=\"chart graph\" id=\"campaign-graph\""),
        "{page}"
    );
    assert!(
        page.contains("<line class=\"edge edge-indicator\""),
        "{page}"
    );
    for report in [id, other] {
        assert!(
            page.contains(&format!(
                "<a href=\"/phan-tich/bao-cao/{report}\"><g class=\"node"
            )),
            "{page}"
        );
    }
    assert!(
        page.contains(TRX_WALLET) && page.contains("5.000 USDT"),
        "{page}"
    );
    assert!(
        !page.contains(CONTACT),
        "contacts only on a report's own page"
    );

    // Search over the reports' text.
    let page = browser.get("/phan-tich/tim-kiem?q=Sao+Mai").await;
    let page = assert_page(&page, StatusCode::OK, "vi", "search");
    assert!(
        page.contains(&format!("/phan-tich/bao-cao/{id}\"")),
        "{page}"
    );
    assert!(
        !page.contains(&format!("/phan-tich/bao-cao/{other}\"")),
        "{page}"
    );

    // The dashboard's charts.
    let page = browser.get("/phan-tich?lang=en").await;
    let page = assert_page(&page, StatusCode::OK, "en", "dashboard");
    for chart in [
        "chart-per-day",
        "chart-by-type",
        "chart-indicators",
        "chart-money",
    ] {
        assert!(page.contains(&format!("id=\"{chart}\"")), "{chart}: {page}");
    }
    assert!(page.contains("<rect class=\"bar-a\""), "{page}");
    assert!(page.contains("<rect class=\"bar-b\""), "{page}");
    assert!(
        page.contains(&format!("href=\"/phan-tich/chien-dich/{campaign}\"")),
        "{page}"
    );
    assert!(page.contains("5,000 USDT"), "{page}");
    assert!(
        !page.contains(CONTACT) && !page.contains(DISTINCTIVE),
        "{page}"
    );
    // Unknown reports and campaigns are calm 404 pages.
    for path in [
        "/phan-tich/bao-cao/99999",
        "/phan-tich/chien-dich/99999",
        "/phan-tich/bao-cao/x",
    ] {
        assert_page(&browser.get(path).await, StatusCode::NOT_FOUND, "en", path);
    }
}

async fn advisory_pages_in_the_layout_and_for_admins_only(f: Fixture) {
    let app = &f.app;
    f.store
        .add_organisation("Sở Tài chính", "Sở, ban, ngành", None)
        .await
        .unwrap();
    f.store
        .add_organisation("Công ty Cảng Hải Phòng", "Doanh nghiệp", None)
        .await
        .unwrap();
    let mut analyst = signed_in(&f, "lan", Role::Analyst).await;
    for path in ["/phan-tich/canh-bao", "/phan-tich/canh-bao/X"] {
        let page = analyst.get(path).await;
        let page = assert_page(&page, StatusCode::FORBIDDEN, "vi", path);
        assert!(page.contains("chỉ dành cho quản trị viên"), "{page}");
    }
    assert!(!analyst
        .get("/phan-tich")
        .await
        .text()
        .contains("href=\"/phan-tich/canh-bao\""));

    let mut admin = signed_in(&f, "minh", Role::Admin).await;
    // Organisations are added from the same page; analysts may not.
    let organisation = [
        ("name", "UBND quận Lê Chân"),
        ("group", "UBND quận, huyện"),
        ("email", "vanphong@lechan.example.gov.vn"),
    ];
    assert_eq!(
        analyst
            .post("/phan-tich/to-chuc", &organisation)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let added = admin.post("/phan-tich/to-chuc", &organisation).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text());
    assert_eq!(location(&added), "/phan-tich/canh-bao#organisations");
    let bad = admin
        .post(
            "/phan-tich/to-chuc",
            &[
                ("name", "Sở Xây dựng"),
                ("group", "Sở, ban, ngành"),
                ("email", "không phải thư"),
            ],
        )
        .await;
    let page = assert_page(&bad, StatusCode::UNPROCESSABLE_ENTITY, "vi", "bad e-mail");
    assert!(page.contains("is not an e-mail address"), "{page}");
    let list = admin.get("/phan-tich/canh-bao").await.text();
    assert!(
        list.contains("UBND quận Lê Chân") && list.contains("vanphong@lechan.example.gov.vn"),
        "{list}"
    );
    assert!(
        !list.contains("Sở Xây dựng"),
        "nothing stored from a refused form"
    );
    assert_eq!(f.store.organisations().await.unwrap().len(), 3);
    // Two reports sharing a wallet: the campaign the warning links.
    let first = app.report(&super::report_body(super::DETECTIVE)).await;
    let second = app
        .report(&super::report_body(super::DETECTIVE_AGAIN))
        .await;
    assert_eq!(first["campaign_id"], second["campaign_id"]);
    let campaign = first["campaign_id"].as_i64().unwrap().to_string();
    let page = admin.get("/phan-tich/canh-bao").await;
    let page = assert_page(&page, StatusCode::OK, "vi", "advisories admin");
    assert!(
        page.contains("Sở, ban, ngành") && page.contains("Doanh nghiệp"),
        "{page}"
    );
    let fields = [
        ("identifier", "HP-2025-WEB-01"),
        ("title", "Cảnh báo giả danh thám tử tư tống tiền"),
        ("event", "Lừa đảo tống tiền bằng ảnh ghép"),
        (
            "body",
            "Thời gian gần đây xuất hiện thủ đoạn...\n\nĐề nghị cảnh giác.",
        ),
        ("instruction", "Không chuyển tiền. Gọi 113."),
        ("title_en", ""),
        ("event_en", ""),
        ("body_en", ""),
        ("instruction_en", ""),
        ("category", "Security"),
        ("severity", "Severe"),
        ("urgency", "Immediate"),
        ("certainty", "Likely"),
        ("scope", "Public"),
        ("restriction", ""),
        ("contact_person", "Đ/c Trần Văn Bình"),
        ("hotline", "0899 252 555"),
        ("campaigns", campaign.as_str()),
        (
            "indicators",
            "0868 426 463\nTXMKTKVDwjc3HdFkTTij1ANEY5dxkoLWh5\n0868.426.463",
        ),
        ("expires", "2025-12-31"),
        ("groups", "Doanh nghiệp"),
    ];
    // A line that is no indicator, a campaign that is no number, a date that is no date: the
    // form comes back with why and with what was typed.
    for (field, bad, why) in [
        (
            "indicators",
            "gọi cho tôi",
            "Dòng này không phải số điện thoại",
        ),
        ("campaigns", "ba", "Số chiến dịch phải là số nguyên dương"),
        ("campaigns", "999", "there is no campaign 999"),
        ("expires", "31/12/2025", "Ngày hết hiệu lực chưa đúng"),
    ] {
        let mut wrong = fields.to_vec();
        for entry in wrong.iter_mut().filter(|(name, _)| *name == field) {
            entry.1 = bad;
        }
        let reply = admin.post("/phan-tich/canh-bao", &wrong).await;
        let page = assert_page(&reply, StatusCode::UNPROCESSABLE_ENTITY, "vi", field);
        assert!(
            page.contains(why) && page.contains("HP-2025-WEB-01"),
            "{field}: {page}"
        );
    }
    // Analysts cannot write one, even with a valid form.
    let refused = analyst.post("/phan-tich/canh-bao", &fields).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let created = admin.post("/phan-tich/canh-bao", &fields).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text());
    assert_eq!(location(&created), "/phan-tich/canh-bao/HP-2025-WEB-01");
    // The same identifier again comes back in the form with why.
    let again = admin.post("/phan-tich/canh-bao", &fields).await;
    let page = assert_page(&again, StatusCode::CONFLICT, "vi", "exists");
    assert!(page.contains("Đã có cảnh báo với số hiệu này") && page.contains("HP-2025-WEB-01"));
    // A draft is not public.
    assert_page(
        &admin.get("/canh-bao/HP-2025-WEB-01").await,
        StatusCode::NOT_FOUND,
        "vi",
        "draft",
    );
    let page = admin.get("/phan-tich/canh-bao/HP-2025-WEB-01").await;
    let page = assert_page(&page, StatusCode::OK, "vi", "draft page");
    assert!(
        page.contains("/phan-tich/canh-bao/HP-2025-WEB-01/cong-bo"),
        "{page}"
    );
    let published = admin
        .post("/phan-tich/canh-bao/HP-2025-WEB-01/cong-bo", &[])
        .await;
    let page = assert_page(&published, StatusCode::OK, "vi", "published");
    assert!(
        page.contains("Nơi nhận") && page.contains("Công ty Cảng Hải Phòng"),
        "{page}"
    );
    assert!(
        page.contains("/xac-nhan/ack_"),
        "the links, this once: {page}"
    );
    assert!(!page.contains("Sở Tài chính"), "only the chosen group");
    let page = admin.get("/phan-tich/canh-bao/HP-2025-WEB-01").await.text();
    assert!(
        !page.contains("ack_") && page.contains("Chưa xác nhận"),
        "{page}"
    );
    let twice = admin
        .post("/phan-tich/canh-bao/HP-2025-WEB-01/cong-bo", &[])
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);

    // The public pages, in the shared layout with the navigation, in both languages.
    let mut reader = Browser::new(app).await;
    let list = reader.get("/canh-bao").await;
    let list = assert_page(&list, StatusCode::OK, "vi", "advisories");
    assert!(list.contains("href=\"/canh-bao/HP-2025-WEB-01\""), "{list}");
    assert!(
        list.contains("<a href=\"/canh-bao\" aria-current=\"page\">Cảnh báo</a>"),
        "{list}"
    );
    assert!(list.contains("application/atom+xml"), "{list}");
    let page = reader.get("/canh-bao/HP-2025-WEB-01").await;
    let page = assert_page(&page, StatusCode::OK, "vi", "advisory");
    assert!(
        page.contains("<h1>Cảnh báo giả danh thám tử tư tống tiền</h1>"),
        "{page}"
    );
    assert!(page.contains("href=\"tel:0899252555\"") && page.contains("href=\"/assets/site.css\""));
    assert!(
        page.contains("Thời gian gần đây xuất hiện thủ đoạn...</p>"),
        "{page}"
    );
    // The linked indicators, normalised and once each; campaigns and the end date in CAP.
    assert!(
        page.contains("+84868426463") && page.contains("TXMKTKVDwjc3HdFkTTij1ANEY5dxkoLWh5"),
        "{page}"
    );
    assert_eq!(page.matches("+84868426463").count(), 1, "{page}");
    let cap = reader
        .get("/api/v1/advisories/HP-2025-WEB-01/cap")
        .await
        .text();
    assert!(
        cap.contains(&format!("<value>cmp-{campaign}</value>")),
        "{cap}"
    );
    assert!(cap.contains("<value>phone:+84868426463</value>"), "{cap}");
    assert!(
        cap.contains("<expires>2025-12-31T23:59:59+07:00</expires>"),
        "{cap}"
    );
    let page = reader.get("/canh-bao/HP-2025-WEB-01?lang=en").await;
    let page = assert_page(&page, StatusCode::OK, "en", "advisory in English");
    assert!(
        page.contains(">Warnings</a>") && page.contains("What to do"),
        "{page}"
    );
}

/// The queue and search show 100 reports a page, with links to the pages before and after.
async fn long_lists_of_reports_come_in_pages(f: Fixture) {
    for n in 0..101 {
        let text = format!("Báo cáo số {n}: có người nhắn tin đòi tiền");
        let report = canhgiac_store::NewReport {
            text,
            channel: None,
            received_at: None,
            amount_demanded: None,
            amount_paid: None,
            currency: None,
            paid: None,
            contact: None,
            consent_police: false,
            fingerprints: Vec::new(),
            indicators: Vec::new(),
            analysis: canhgiac_store::StoredAnalysis {
                label: "scam".into(),
                score: 0.9,
                scam_type: None,
                json: "{}".into(),
            },
        };
        f.store.create_report(&report).await.unwrap();
    }
    let mut analyst = signed_in(&f, "lan", Role::Analyst).await;
    let first = analyst.get("/phan-tich/bao-cao").await;
    let first = assert_page(&first, StatusCode::OK, "vi", "queue page 1");
    assert_eq!(
        first.matches("Báo cáo số ").count(),
        100,
        "a page holds 100"
    );
    assert!(
        first.contains("href=\"/phan-tich/bao-cao?status=received&#38;page=2\""),
        "{first}"
    );
    assert!(!first.contains("rel=\"prev\""));
    let second = analyst
        .get("/phan-tich/bao-cao?status=received&page=2")
        .await;
    let second = assert_page(&second, StatusCode::OK, "vi", "queue page 2");
    assert_eq!(second.matches("Báo cáo số ").count(), 1);
    assert!(second.contains("Báo cáo số 0:"), "the oldest comes last");
    assert!(second.contains("rel=\"prev\"") && !second.contains("rel=\"next\""));
    let search = analyst.get("/phan-tich/tim-kiem?q=nhắn+tin&page=2").await;
    let search = assert_page(&search, StatusCode::OK, "vi", "search page 2");
    assert_eq!(search.matches("Báo cáo số ").count(), 1, "{search}");
    for bad in ["0", "-1", "x"] {
        let reply = analyst.get(&format!("/phan-tich/bao-cao?page={bad}")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "page={bad}");
    }
}
