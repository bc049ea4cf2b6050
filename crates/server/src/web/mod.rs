//! The web pages: server-rendered HTML in Vietnamese (English on request), forms that work
//! without JavaScript, and the assets they need, all compiled into the binary.
//!
//! Every page shares one layout and one request context ([`ctx::Ctx`]: language, CSRF token,
//! cookies). The analysts' pages under `/phan-tich` need a session ([`session`]); the admins'
//! advisory pages need an admin's. Every POST form is guarded by a double-submit CSRF token and a per-address rate
//! limit; every answer carries a strict Content-Security-Policy. Handlers reuse the API's
//! functions for analysis, reports, look-ups and fingerprints, so the pages and the API give
//! the same answers.

mod advisories;
mod assets;
mod charts;
mod ctx;
mod desk;
mod form;
mod i18n;
mod limit;
mod pages;
mod problem;
mod session;
mod view;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

use crate::AppState;

/// Largest upload to the photo page: a picture or a short clip.
const MAX_PHOTO_BODY_BYTES: usize = crate::MAX_MEDIA_BODY_BYTES;

/// Only our own scripts, styles and pictures; nothing inline, no frames, forms to ourselves.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; \
     frame-ancestors 'none'";

/// The pages and their assets.
pub fn routes() -> Router<AppState> {
    let limiter = Arc::new(limit::FormLimiter::default());
    Router::new()
        .route(
            "/",
            get(pages::check_form)
                .post(pages::check_submit)
                .layer(DefaultBodyLimit::max(crate::MAX_CHECK_BODY_BYTES)),
        )
        .route("/tra-cuu", get(pages::lookup))
        .route(
            "/bao-cao",
            get(pages::report_form).post(pages::report_submit),
        )
        .route(
            "/bao-cao/trang-thai",
            get(pages::status_form).post(pages::status_submit),
        )
        // Withdrawal answers on its own address; reached by a link (the language switch), it
        // shows the status form that leads to it.
        .route(
            "/bao-cao/rut-lai",
            get(pages::status_form).post(pages::withdraw),
        )
        .route(
            "/bao-ve-anh",
            get(pages::photo_form)
                .post(pages::photo_submit)
                .layer(DefaultBodyLimit::max(MAX_PHOTO_BODY_BYTES)),
        )
        .route("/quyen-rieng-tu", get(pages::privacy))
        .route("/canh-bao", get(advisories::list))
        .route("/canh-bao/{identifier}", get(advisories::one))
        .route(
            "/xac-nhan/{token}",
            get(advisories::acknowledge_form).post(advisories::acknowledge_submit),
        )
        .route(
            session::LOGIN_PATH,
            get(session::login_form).post(session::login_submit),
        )
        .route("/phan-tich/dang-xuat", post(session::logout))
        .route("/phan-tich", get(desk::dashboard))
        .route("/phan-tich/bao-cao", get(desk::queue))
        .route(
            "/phan-tich/bao-cao/{id}",
            get(desk::report).post(desk::decide),
        )
        .route("/phan-tich/chien-dich/{id}", get(desk::campaign))
        .route("/phan-tich/tim-kiem", get(desk::search))
        .route(
            "/phan-tich/canh-bao",
            get(advisories::desk_advisories).post(advisories::desk_create),
        )
        .route(
            "/phan-tich/canh-bao/{identifier}",
            get(advisories::desk_advisory),
        )
        .route(
            "/phan-tich/to-chuc",
            post(advisories::desk_add_organisation),
        )
        .route(
            "/phan-tich/canh-bao/{identifier}/cong-bo",
            post(advisories::desk_publish),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            limiter,
            limit::guard_posts,
        ))
        .route("/assets/site.css", get(assets::stylesheet))
        .route("/assets/site.js", get(assets::script))
        .route("/assets/icon.svg", get(assets::icon))
        .layer(axum::middleware::map_response(security_headers))
}

/// Headers on every page and asset: the policy above, no sniffing, no framing, and no
/// referrer (a look-up's URL names what was looked up).
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    response
}
