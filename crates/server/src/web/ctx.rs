//! What every page needs from its request: the language, the CSRF token, whether the site is
//! reached over HTTPS (for the cookies' `Secure`), the client address, and the layout.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::i18n::{Lang, Text};
use super::problem::Problem;

/// The cookie that keeps the chosen language.
pub const LANG_COOKIE: &str = "cg_lang";
/// The cookie half of the double-submit CSRF token; the form carries the other half.
pub const CSRF_COOKIE: &str = "cg_csrf";
/// The form field that carries the CSRF token; it must come first in every form.
pub const CSRF_FIELD: &str = "csrf";

/// The request context of a page.
pub struct Ctx {
    pub lang: Lang,
    /// The token the page's forms carry.
    pub csrf: String,
    /// The token from the request's cookie, if it had a well-formed one.
    pub csrf_cookie: Option<String>,
    set_lang_cookie: bool,
    secure: bool,
    path: String,
    /// The query without `lang`, kept for the language switch.
    query: Vec<(String, String)>,
    pub peer: SocketAddr,
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Ctx, Infallible> {
        Ok(Ctx::from_parts(parts))
    }
}

impl Ctx {
    pub fn from_parts(parts: &Parts) -> Ctx {
        let mut chosen = None;
        let mut query = Vec::new();
        for (key, value) in query_pairs(parts.uri.query().unwrap_or("")) {
            if key == "lang" {
                chosen = Lang::parse(&value);
            } else {
                query.push((key, value));
            }
        }
        let from_cookie = cookie(&parts.headers, LANG_COOKIE).and_then(Lang::parse);
        let csrf_cookie = cookie(&parts.headers, CSRF_COOKIE)
            .filter(|t| is_token(t))
            .map(str::to_string);
        let secure = parts
            .headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
            || parts.uri.scheme_str() == Some("https");
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(SocketAddr::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0), |c| {
                c.0
            });
        Ctx {
            lang: chosen.or(from_cookie).unwrap_or(Lang::Vi),
            csrf: csrf_cookie
                .clone()
                .unwrap_or_else(|| canhgiac_store::secrets::new_token().0),
            set_lang_cookie: chosen.is_some() && chosen != from_cookie,
            csrf_cookie,
            secure,
            path: parts.uri.path().to_string(),
            query,
            peer,
        }
    }

    pub fn t(&self) -> &'static Text {
        self.lang.text()
    }

    /// Whether the site is reached over HTTPS (cookies get `Secure`).
    pub fn is_secure(&self) -> bool {
        self.secure
    }

    /// The page's path and query, as a place to come back to after logging in.
    pub fn here(&self) -> String {
        let mut query = self.query.clone();
        if self.lang != Lang::Vi {
            query.push(("lang".into(), self.lang.code().into()));
        }
        if query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, encode_query(&query))
        }
    }

    /// The layout of an analyst's page: the public navigation and the analysts' menu.
    pub fn desk_layout(
        &self,
        title: impl Into<String>,
        current: Option<Desk>,
        actor: &canhgiac_store::Actor,
    ) -> Layout {
        let t = self.t();
        let mut layout = self.layout(title, None);
        layout.desk = Some(DeskMenu {
            name: actor.name.clone(),
            items: Desk::ALL
                .iter()
                .filter(|d| **d != Desk::Advisories || actor.role == canhgiac_store::Role::Admin)
                .map(|&item| NavItem {
                    href: item.path(),
                    label: item.label(t),
                    current: Some(item) == current,
                })
                .collect(),
        });
        layout
    }

    /// A 303 to `location` (after a form), never cached.
    pub fn redirect(&self, location: &str) -> Response {
        let mut response = self.html(StatusCode::SEE_OTHER, String::new());
        if let Ok(value) = HeaderValue::from_str(location) {
            response.headers_mut().insert(header::LOCATION, value);
        }
        response
    }

    /// The layout of a page titled `title`, `current` in the navigation.
    pub fn layout(&self, title: impl Into<String>, current: Option<Nav>) -> Layout {
        let t = self.t();
        let other = self.lang.other();
        let mut switch = self.query.clone();
        switch.push(("lang".into(), other.code().into()));
        let nav = Nav::ALL
            .iter()
            .map(|&item| NavItem {
                href: item.path(),
                label: item.label(t),
                current: Some(item) == current,
            })
            .collect();
        Layout {
            lang: self.lang.code(),
            t,
            title: title.into(),
            switch_href: format!("{}?{}", self.path, encode_query(&switch)),
            switch_lang: other.code(),
            csrf: self.csrf.clone(),
            nav,
            desk: None,
            feed: current == Some(Nav::Advisories),
        }
    }

    /// An HTML answer with the cookies this request needs set.
    pub fn html(&self, status: StatusCode, body: String) -> Response {
        let mut response = (status, axum::response::Html(body)).into_response();
        let headers = response.headers_mut();
        // Pages may show a PIN, a message or a look-up: never kept by shared caches.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        let secure = if self.secure { "; Secure" } else { "" };
        if self.csrf_cookie.is_none() {
            let cookie = format!(
                "{CSRF_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict{secure}",
                self.csrf
            );
            append_cookie(headers, &cookie);
        }
        if self.set_lang_cookie {
            let cookie = format!(
                "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
                self.lang.code()
            );
            append_cookie(headers, &cookie);
        }
        response
    }

    /// Renders a template into an answer; a template that fails is a 500 page, not a panic.
    pub fn render(&self, status: StatusCode, page: &impl askama::Template) -> Response {
        match page.render() {
            Ok(body) => self.html(status, body),
            Err(error) => {
                tracing::error!("template: {error}");
                self.problem(&Problem::Internal)
            }
        }
    }

    /// Renders a page or the error page.
    pub fn respond(&self, result: Result<Response, Problem>) -> Response {
        result.unwrap_or_else(|problem| self.problem(&problem))
    }

    /// The error page for a problem, with its status.
    pub fn problem(&self, problem: &Problem) -> Response {
        let (status, message, retry_after) = problem.describe(self.t());
        let page = super::pages::ErrorPage {
            l: self.layout(self.t().error_title, None),
            message,
        };
        let body = askama::Template::render(&page).unwrap_or_else(|_| {
            // The error page has no fallible part; this is the last resort.
            "<!doctype html><title>Error</title><p>Error</p>".into()
        });
        let mut response = self.html(status, body);
        if let Some(seconds) = retry_after {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

fn append_cookie(headers: &mut HeaderMap, cookie: &str) {
    if let Ok(value) = HeaderValue::from_str(cookie) {
        headers.append(header::SET_COOKIE, value);
    }
}

/// The shared layout: what `base.html` shows around every page.
pub struct Layout {
    pub lang: &'static str,
    pub t: &'static Text,
    pub title: String,
    pub switch_href: String,
    pub switch_lang: &'static str,
    pub csrf: String,
    pub nav: Vec<NavItem>,
    /// The analysts' menu, on their pages.
    pub desk: Option<DeskMenu>,
    /// Whether the page names the advisories' Atom feed.
    pub feed: bool,
}

/// Who is signed in and the analysts' pages they may open.
pub struct DeskMenu {
    pub name: String,
    pub items: Vec<NavItem>,
}

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// The pages in the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Check,
    Lookup,
    Report,
    Photo,
    Advisories,
    Privacy,
}

impl Nav {
    const ALL: [Nav; 6] = [
        Nav::Check,
        Nav::Lookup,
        Nav::Report,
        Nav::Photo,
        Nav::Advisories,
        Nav::Privacy,
    ];

    fn path(self) -> &'static str {
        match self {
            Nav::Check => "/",
            Nav::Lookup => "/tra-cuu",
            Nav::Report => "/bao-cao",
            Nav::Photo => "/bao-ve-anh",
            Nav::Advisories => "/canh-bao",
            Nav::Privacy => "/quyen-rieng-tu",
        }
    }

    fn label(self, t: &Text) -> &'static str {
        match self {
            Nav::Check => t.nav_check,
            Nav::Lookup => t.nav_lookup,
            Nav::Report => t.nav_report,
            Nav::Photo => t.nav_photo,
            Nav::Advisories => t.nav_advisories,
            Nav::Privacy => t.nav_privacy,
        }
    }
}

/// The analysts' pages in their menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Desk {
    Dashboard,
    Queue,
    Search,
    /// Admins only.
    Advisories,
}

impl Desk {
    const ALL: [Desk; 4] = [Desk::Dashboard, Desk::Queue, Desk::Search, Desk::Advisories];

    fn path(self) -> &'static str {
        match self {
            Desk::Dashboard => "/phan-tich",
            Desk::Queue => "/phan-tich/bao-cao",
            Desk::Search => "/phan-tich/tim-kiem",
            Desk::Advisories => "/phan-tich/canh-bao",
        }
    }

    fn label(self, t: &Text) -> &'static str {
        match self {
            Desk::Dashboard => t.desk_dashboard,
            Desk::Queue => t.desk_queue,
            Desk::Search => t.desk_search,
            Desk::Advisories => t.desk_advisories,
        }
    }
}

/// A cookie's value from the `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim())
}

/// A token as `canhgiac_store::secrets::new_token` makes them: `cg_` and 64 hex digits.
fn is_token(text: &str) -> bool {
    text.strip_prefix("cg_")
        .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Compares two tokens in time that does not depend on where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The first value of `name` in a request's query string, percent-decoded.
pub fn query_value(uri: &axum::http::Uri, name: &str) -> Option<String> {
    query_pairs(uri.query().unwrap_or(""))
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
}

/// The pairs of a query string, percent-decoded (`+` is a space).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(text.get(i + 1..i + 3).unwrap_or(""), 16) {
                    Ok(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes everything but unreserved characters.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

pub fn encode_query(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_round_trip() {
        let pairs = vec![
            ("kind".to_string(), "url".to_string()),
            ("value".to_string(), "https://x.vn/a?b=c&d=đ".to_string()),
        ];
        assert_eq!(query_pairs(&encode_query(&pairs)), pairs);
        assert_eq!(
            query_pairs("a=%zz&b=%4"),
            vec![
                ("a".to_string(), "%zz".to_string()),
                ("b".to_string(), "%4".to_string())
            ]
        );
        assert_eq!(
            query_pairs("v=1+2%2B3"),
            vec![("v".to_string(), "1 2+3".to_string())]
        );
    }

    #[test]
    fn tokens_compare() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "ab"));
        assert!(is_token(&canhgiac_store::secrets::new_token().0));
        assert!(!is_token("cg_xyz"));
    }
}
