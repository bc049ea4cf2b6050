//! Analysts' sessions: the login page, the session cookie, and the extractors that guard their
//! pages. The cookie is HttpOnly and SameSite=Strict; over HTTPS it is `Secure` and named with
//! the `__Host-` prefix, so no other host or path can set it. Wrong passwords are limited per
//! client address.

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use canhgiac_store::{Actor, Role};

use super::ctx::{cookie, encode, query_value, Ctx, Layout};
use super::form;
use super::problem::Problem;
use crate::AppState;

/// The session cookie over plain HTTP (a server on a private network or a developer's machine).
const SESSION_COOKIE: &str = "cg_session";
/// The session cookie over HTTPS.
const SECURE_SESSION_COOKIE: &str = "__Host-cg_session";
/// Where analysts sign in.
pub const LOGIN_PATH: &str = "/phan-tich/dang-nhap";
/// Where they land when no page asked for them.
const HOME_PATH: &str = "/phan-tich";

#[derive(askama::Template)]
#[template(path = "login.html")]
struct LoginPage {
    l: Layout,
    next: String,
    name: String,
    error: Option<&'static str>,
}

/// An analyst or admin signed in on the web pages.
pub struct SignedIn {
    pub actor: Actor,
}

/// An admin signed in on the web pages; an analyst gets a 403 page.
pub struct SignedInAdmin(pub SignedIn);

fn cookie_name(ctx: &Ctx) -> &'static str {
    if ctx.is_secure() {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// The session token the request carries, under the name its scheme uses.
fn session_token(ctx: &Ctx, parts: &Parts) -> Option<String> {
    cookie(&parts.headers, cookie_name(ctx))
        .filter(|t| canhgiac_store::is_session_token(t))
        .map(str::to_string)
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let ctx = Ctx::from_parts(parts);
        let back = parts.method == axum::http::Method::GET;
        let Some(token) = session_token(&ctx, parts) else {
            return Err(to_login(&ctx, back));
        };
        match state.store.session(&token).await {
            Ok(Some(actor)) => Ok(SignedIn { actor }),
            Ok(None) => Err(to_login(&ctx, back)),
            Err(error) => Err(ctx.problem(&Problem::Api(error.into()))),
        }
    }
}

impl FromRequestParts<AppState> for SignedInAdmin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let signed = SignedIn::from_request_parts(parts, state).await?;
        if signed.actor.role != Role::Admin {
            return Err(Ctx::from_parts(parts).problem(&Problem::AdminOnly));
        }
        Ok(SignedInAdmin(signed))
    }
}

/// To the login page, coming back to this page afterwards when it is one to come back to (a
/// form's address is not: after a refused form, the dashboard).
fn to_login(ctx: &Ctx, back: bool) -> Response {
    let next = if back { ctx.here() } else { HOME_PATH.into() };
    ctx.redirect(&format!("{LOGIN_PATH}?next={}", encode(&next)))
}

/// Only the analysts' own pages are places to come back to: never another site.
fn safe_next(next: &str) -> &str {
    let ours =
        next == HOME_PATH || next.starts_with("/phan-tich/") || next.starts_with("/phan-tich?");
    if ours && !next.contains("//") && !next.contains('\\') && !next.starts_with(LOGIN_PATH) {
        next
    } else {
        HOME_PATH
    }
}

fn login_page(
    ctx: &Ctx,
    status: StatusCode,
    next: &str,
    name: String,
    error: Option<&'static str>,
) -> Response {
    let t = ctx.t();
    let page = LoginPage {
        l: ctx.layout(t.login_title, None),
        next: safe_next(next).to_string(),
        name,
        error,
    };
    ctx.render(status, &page)
}

pub async fn login_form(ctx: Ctx, uri: axum::http::Uri) -> Response {
    let next = query_value(&uri, "next").unwrap_or_default();
    login_page(&ctx, StatusCode::OK, &next, String::new(), None)
}

pub async fn login_submit(
    ctx: Ctx,
    State(state): State<AppState>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = async {
        let form = form::read(&ctx, multipart, None).await?;
        let ip = ctx.peer.ip();
        state
            .login_limiter
            .check(ip)
            .map_err(Problem::RateLimited)?;
        let name = form.get("name").trim().to_string();
        let next = form.get("next").to_string();
        let found = state
            .store
            .verify_password(&name, form.get("password"))
            .await
            .map_err(crate::ApiError::from)?;
        let Some(actor) = found else {
            state.login_limiter.record_failure(ip);
            let error = Some(ctx.t().login_wrong);
            return Ok(login_page(&ctx, StatusCode::FORBIDDEN, &next, name, error));
        };
        let session = state
            .store
            .create_session(&actor)
            .await
            .map_err(crate::ApiError::from)?;
        let mut response = ctx.redirect(safe_next(&next));
        let secure = if ctx.is_secure() { "; Secure" } else { "" };
        let cookie = format!(
            "{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{secure}",
            cookie_name(&ctx),
            session.token,
            canhgiac_store::SESSION_SECONDS
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
        Ok(response)
    }
    .await;
    ctx.respond(result)
}

/// Ends the session in the store (so the cookie is worthless even if kept) and clears it.
pub async fn logout(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = async {
        form::read(&ctx, multipart, None).await?;
        if let Some(token) = cookie(&headers, cookie_name(&ctx)) {
            state
                .store
                .end_session(token)
                .await
                .map_err(crate::ApiError::from)?;
        }
        let mut response = ctx.redirect(LOGIN_PATH);
        let secure = if ctx.is_secure() { "; Secure" } else { "" };
        let cleared = format!(
            "{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict{secure}",
            cookie_name(&ctx)
        );
        if let Ok(value) = HeaderValue::from_str(&cleared) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
        Ok(response)
    }
    .await;
    ctx.respond(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_pages_are_places_to_return_to() {
        for ours in [
            "/phan-tich",
            "/phan-tich/bao-cao?status=received",
            "/phan-tich?lang=en",
        ] {
            assert_eq!(safe_next(ours), ours);
        }
        for theirs in [
            "",
            "https://evil.example/phan-tich",
            "//evil.example/phan-tich/",
            "/phan-tich/..//evil.example",
            "/phan-tich-gia",
            "/phan-tich/dang-nhap",
            "/\\evil.example",
        ] {
            assert_eq!(safe_next(theirs), HOME_PATH, "{theirs}");
        }
    }
}
