//! The one place where errors become HTTP statuses and the JSON error body
//! `{"error": {"code", "message"}}`.

use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use canhgiac_media::MediaError;
use canhgiac_ocr::OcrError;
use canhgiac_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// An error as the API reports it.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Seconds, for 429 answers.
    pub retry_after: Option<i64>,
}

/// The error body.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable, machine-readable code such as `invalid_json` or `unauthorized`.
    pub code: String,
    /// A sentence for people.
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }

    pub fn invalid(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message)
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this route needs `Authorization: Bearer TOKEN` with a valid token",
        )
    }

    pub fn forbidden() -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "this token's role may not use this route",
        )
    }

    pub fn not_found(what: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what} not found"),
        )
    }

    pub fn too_many(retry_after: i64, message: impl Into<String>) -> ApiError {
        ApiError {
            retry_after: Some(retry_after.max(1)),
            ..ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", message)
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::error!(code = self.code, "{}", self.message);
        }
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message,
            },
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED && self.code == "unauthorized" {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(seconds) = self.retry_after {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        match error {
            StoreError::Invalid(message) => ApiError::invalid("invalid_input", message),
            StoreError::NotFound => ApiError::not_found("the item"),
            StoreError::WrongPin => ApiError::new(
                StatusCode::FORBIDDEN,
                "wrong_pin",
                "the reference or the PIN is wrong",
            ),
            StoreError::Locked { retry_after } => ApiError::too_many(
                retry_after,
                format!("too many wrong PINs for this report; try again in {retry_after} seconds"),
            ),
            StoreError::Conflict(message) => {
                ApiError::new(StatusCode::CONFLICT, "conflict", message)
            }
            // Details of the database stay in the log, not in the answer.
            other => {
                tracing::error!("store: {other}");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "store_unavailable",
                    "the store could not complete the request; please retry",
                )
            }
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        let status = rejection.status();
        let code = match status {
            StatusCode::PAYLOAD_TOO_LARGE => "body_too_large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            StatusCode::UNPROCESSABLE_ENTITY => "invalid_field",
            _ => "invalid_json",
        };
        ApiError::new(status, code, rejection.body_text())
    }
}

impl From<MultipartRejection> for ApiError {
    fn from(rejection: MultipartRejection) -> ApiError {
        ApiError::new(rejection.status(), "invalid_form", rejection.body_text())
    }
}

impl From<MultipartError> for ApiError {
    fn from(error: MultipartError) -> ApiError {
        let status = error.status();
        let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
            "body_too_large"
        } else {
            "invalid_form"
        };
        ApiError::new(status, code, error.body_text())
    }
}

impl From<MediaError> for ApiError {
    fn from(error: MediaError) -> ApiError {
        let (status, code) = match &error {
            MediaError::Empty | MediaError::NotAnImage | MediaError::NotAVideo(_) => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "not_media")
            }
            MediaError::TooLarge { .. }
            | MediaError::TooManyPixels(_)
            | MediaError::VideoTooLarge { .. }
            | MediaError::VideoTooLong { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "media_too_large"),
            MediaError::Corrupt(_) | MediaError::VideoDecode(_) => {
                (StatusCode::UNPROCESSABLE_ENTITY, "corrupt_media")
            }
            MediaError::VideoTimeout { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "media_too_slow"),
            MediaError::FfmpegMissing { .. } => {
                (StatusCode::SERVICE_UNAVAILABLE, "video_unavailable")
            }
        };
        ApiError::new(status, code, error.to_string())
    }
}

impl From<OcrError> for ApiError {
    fn from(error: OcrError) -> ApiError {
        let (status, code) = match &error {
            OcrError::Empty | OcrError::NotAnImage => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "not_an_image")
            }
            OcrError::TooLarge | OcrError::TooManyPixels(_) => {
                (StatusCode::PAYLOAD_TOO_LARGE, "image_too_large")
            }
            OcrError::Corrupt(_) => (StatusCode::UNPROCESSABLE_ENTITY, "corrupt_image"),
            OcrError::NoText => (StatusCode::UNPROCESSABLE_ENTITY, "no_text_in_image"),
            OcrError::Engine(_) => (StatusCode::SERVICE_UNAVAILABLE, "ocr_unavailable"),
        };
        ApiError::new(status, code, error.to_string())
    }
}

impl From<canhgiac_share::import::ImportError> for ApiError {
    fn from(error: canhgiac_share::import::ImportError) -> ApiError {
        use canhgiac_share::import::ImportError;
        let (status, code) = match &error {
            ImportError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large"),
            ImportError::NotJson(_) => (StatusCode::BAD_REQUEST, "invalid_json"),
            ImportError::UnknownFormat => (StatusCode::UNPROCESSABLE_ENTITY, "unknown_format"),
        };
        ApiError::new(status, code, error.to_string())
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> ApiError {
        ApiError::bad_request("invalid_path", rejection.body_text())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> ApiError {
        ApiError::bad_request("invalid_query", rejection.body_text())
    }
}
