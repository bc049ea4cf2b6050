//! The web pages, in-process like the API tests: every page renders in the right language
//! with its security headers and labelled inputs; every form needs its CSRF token; a scam is
//! highlighted with advice and call links; a report gives a reference and PIN that open its
//! status and withdrawal; bad input is an HTML 4xx page.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};

use super::{screenshot, App, Fixture, Reply, CONTACT, DETECTIVE, DISTINCTIVE, TRX_WALLET};

canhgiac_store::conformance!(sqlite, postgres;
    pages_render_in_each_language,
    forms_need_the_csrf_token,
    scam_is_highlighted_with_advice,
    report_status_and_withdrawal,
    screenshot_and_photo_forms,
    bad_input_is_an_html_client_error,
    forms_are_rate_limited,
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
struct Browser<'a> {
    app: &'a App,
    cookies: Vec<(String, String)>,
}

impl<'a> Browser<'a> {
    /// Opens the home page to get the CSRF cookie, as a browser would.
    async fn new(app: &'a App) -> Browser<'a> {
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

    async fn get(&mut self, path: &str) -> Reply {
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
    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Reply {
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
