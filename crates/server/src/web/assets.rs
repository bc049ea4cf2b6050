//! The stylesheet, the script and the icon, compiled into the binary and served under
//! `/assets/`.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

const STYLESHEET: &str = include_str!("../../assets/site.css");
const SCRIPT: &str = include_str!("../../assets/site.js");
const ICON: &str = include_str!("../../assets/icon.svg");

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            // Short enough that a new release is picked up within the hour.
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        body,
    )
        .into_response()
}

pub async fn stylesheet() -> Response {
    asset("text/css; charset=utf-8", STYLESHEET)
}

pub async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

pub async fn icon() -> Response {
    asset("image/svg+xml", ICON)
}
