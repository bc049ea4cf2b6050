//! Reads the page forms (all `multipart/form-data`, since the check and photo forms carry a
//! file and one reader serves every form). The CSRF token must be the first field, so a form
//! without it is refused before any upload is read. Uploaded bytes stay in memory.

use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartRejection};
use canhgiac_core::analysis::MAX_TEXT_BYTES;

use super::ctx::{same_token, Ctx, CSRF_FIELD};
use super::problem::Problem;
use crate::error::ApiError;

/// Fields a page form may carry at most.
const MAX_FIELDS: usize = 32;
/// Largest field other than the message and the file.
const MAX_SMALL_FIELD_BYTES: usize = 8 * 1024;

/// A form as received.
#[derive(Default)]
pub struct Form {
    fields: Vec<(String, String)>,
    /// The file of the form's file field, when one was chosen.
    pub file: Option<Bytes>,
}

impl Form {
    /// A field as sent, or `""`.
    pub fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// A field with its surrounding space trimmed, `None` when empty.
    pub fn opt(&self, name: &str) -> Option<String> {
        let value = self.get(name).trim();
        (!value.is_empty()).then(|| value.to_string())
    }

    pub fn has(&self, name: &str) -> bool {
        self.fields.iter().any(|(key, _)| key == name)
    }

    /// Every value of a field that may repeat (checkboxes of one name).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .collect()
    }

    #[cfg(test)]
    pub fn push(&mut self, name: &str, value: &str) {
        self.fields.push((name.into(), value.into()));
    }
}

/// Reads a form whose first field is the CSRF token matching the cookie; `file_field` names
/// the one field that may carry a file.
pub async fn read(
    ctx: &Ctx,
    multipart: Result<Multipart, MultipartRejection>,
    file_field: Option<&str>,
) -> Result<Form, Problem> {
    let expected = ctx.csrf_cookie.as_deref().ok_or(Problem::Csrf)?;
    let mut multipart = multipart.map_err(|_| Problem::Csrf)?;
    let mut form = Form::default();
    let mut first = true;
    while let Some(field) = multipart.next_field().await.map_err(ApiError::from)? {
        let name = field.name().unwrap_or("").to_string();
        if first {
            first = false;
            if name != CSRF_FIELD {
                return Err(Problem::Csrf);
            }
            let token = field.text().await.map_err(ApiError::from)?;
            if !same_token(&token, expected) {
                return Err(Problem::Csrf);
            }
            continue;
        }
        if form.fields.len() >= MAX_FIELDS {
            return Err(Problem::BadForm);
        }
        if Some(name.as_str()) == file_field {
            let bytes = field.bytes().await.map_err(ApiError::from)?;
            // A file input left empty still sends an empty part.
            if !bytes.is_empty() {
                form.file = Some(bytes);
            }
            continue;
        }
        let bytes = field.bytes().await.map_err(ApiError::from)?;
        let limit = match name.as_str() {
            "text" => MAX_TEXT_BYTES,
            // An advisory's body and instruction, in either language.
            "body" | "instruction" | "body_en" | "instruction_en" => {
                canhgiac_store::MAX_ADVISORY_TEXT_BYTES
            }
            _ => MAX_SMALL_FIELD_BYTES,
        };
        if bytes.len() > limit {
            return Err(Problem::Api(ApiError::new(
                axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                if name == "text" {
                    "text_too_long"
                } else {
                    "body_too_large"
                },
                format!("the field {name} is too long"),
            )));
        }
        let text = String::from_utf8(bytes.to_vec()).map_err(|_| Problem::BadForm)?;
        form.fields.push((name, text));
    }
    if first {
        return Err(Problem::Csrf);
    }
    Ok(form)
}
