//! Why a page could not do what was asked, and how that reads to a person: the API's error
//! codes become calm sentences in the page's language, with the API's status.

use axum::http::StatusCode;

use super::i18n::Text;
use crate::error::ApiError;

#[derive(Debug)]
pub enum Problem {
    /// An error from the code the API shares.
    Api(ApiError),
    /// No CSRF cookie, no token first in the form, or the two differ.
    Csrf,
    /// A form that is not what the page sends.
    BadForm,
    /// An analyst on an admin's page.
    AdminOnly,
    /// Too many forms from one address; seconds to wait.
    RateLimited(i64),
    /// Too many wrong PINs for one report; seconds to wait.
    Locked(i64),
    ConfirmWithdraw,
    Amount,
    Date,
    Internal,
}

impl From<ApiError> for Problem {
    fn from(error: ApiError) -> Problem {
        Problem::Api(error)
    }
}

impl Problem {
    /// The status, the sentence and, for 429, the seconds to wait.
    pub fn describe(&self, t: &Text) -> (StatusCode, String, Option<i64>) {
        let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
        match self {
            Problem::Csrf => (StatusCode::FORBIDDEN, t.err_csrf.into(), None),
            Problem::BadForm => (StatusCode::BAD_REQUEST, t.err_bad_form.into(), None),
            Problem::AdminOnly => (StatusCode::FORBIDDEN, t.err_admin_only.into(), None),
            Problem::RateLimited(wait) => (
                StatusCode::TOO_MANY_REQUESTS,
                (t.err_rate_limited)(*wait),
                Some(*wait),
            ),
            Problem::Locked(wait) => (
                StatusCode::TOO_MANY_REQUESTS,
                (t.err_locked)(*wait),
                Some(*wait),
            ),
            Problem::ConfirmWithdraw => (unprocessable, t.err_confirm_withdraw.into(), None),
            Problem::Amount => (unprocessable, t.err_amount.into(), None),
            Problem::Date => (unprocessable, t.err_date.into(), None),
            Problem::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                t.err_unavailable.into(),
                None,
            ),
            Problem::Api(error) => {
                let message = match error.code {
                    "empty_text" => t.err_empty_text.into(),
                    "text_too_long" => t.err_text_too_long.into(),
                    "body_too_large" | "image_too_large" | "media_too_large" => {
                        t.err_too_large.into()
                    }
                    "not_an_image" => t.err_not_image.into(),
                    "corrupt_image" => t.err_bad_image.into(),
                    "no_text_in_image" => t.err_no_text_in_image.into(),
                    "ocr_unavailable" | "ocr_failed" => t.err_ocr_unavailable.into(),
                    "invalid_value" => t.err_invalid_value.into(),
                    "unknown_kind" => t.err_unknown_kind.into(),
                    "wrong_pin" => t.err_wrong_pin.into(),
                    "rate_limited" => (t.err_rate_limited)(error.retry_after.unwrap_or(60)),
                    "not_media" | "corrupt_media" | "media_too_slow" => t.err_not_media.into(),
                    "not_found" => t.err_not_found.into(),
                    "reason_required" => t.err_reason_required.into(),
                    "not_published" | "conflict" => t.err_conflict.into(),
                    "invalid_form" | "unsupported_media_type" | "invalid_json" => {
                        t.err_bad_form.into()
                    }
                    _ if error.status.is_server_error() => t.err_unavailable.into(),
                    _ => t.err_invalid_input.into(),
                };
                (error.status, message, error.retry_after)
            }
        }
    }
}
