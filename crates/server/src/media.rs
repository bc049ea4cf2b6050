//! `/api/v1/media/*`: fingerprints of images and videos. Uploaded bytes live only in memory and
//! are dropped once hashed; registrations and matches take hashes, never images.

use std::collections::BTreeSet;
use std::net::SocketAddr;

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use canhgiac_core::fingerprint::PDQ_MATCH_DISTANCE;
use canhgiac_media::Fingerprint;
use canhgiac_store::{FingerprintMatch, NewFingerprint, RegistrationStatus};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::api::{body, count_wrong_pin, pin};
use crate::error::{ApiError, ErrorBody};
use crate::guard::MaybeAnalyst;
use crate::wire::rfc3339;
use crate::AppState;

type ApiResult<T> = Result<T, ApiError>;

/// A multipart form with the image or video in the field `file`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct MediaUpload {
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterFingerprint {
    /// `pdq`.
    pub kind: String,
    /// 64 hex digits.
    pub value: String,
    /// PDQ quality, 0–100, when known.
    #[serde(default)]
    pub quality: Option<u8>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// The image's PDQ hash, or a video's frame hashes.
    pub fingerprints: Vec<RegisterFingerprint>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationCreated {
    pub reference: String,
    /// Shown once: with the reference it opens the registration's status and withdrawal.
    pub pin: String,
    pub fingerprints: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationOut {
    pub reference: String,
    pub status: String,
    pub created_at: Option<String>,
    pub fingerprints: i64,
    /// Reports carrying the same picture.
    pub matching_reports: i64,
}

impl From<RegistrationStatus> for RegistrationOut {
    fn from(s: RegistrationStatus) -> RegistrationOut {
        RegistrationOut {
            reference: s.reference,
            status: s.status,
            created_at: rfc3339(s.created_at),
            fingerprints: s.fingerprints,
            matching_reports: s.matching_reports,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchRequest {
    pub fingerprints: Vec<crate::wire::FingerprintInput>,
    /// Largest Hamming distance that counts as the same picture (default 31).
    #[serde(default)]
    pub radius: Option<u32>,
}

/// What is known of one query hash. The public sees counts and campaigns; an analyst also
/// sees each matching report and registration.
#[derive(Debug, Serialize, ToSchema)]
pub struct HashMatches {
    pub pdq: String,
    pub reports: usize,
    pub registrations: usize,
    pub campaign_ids: Vec<i64>,
    /// Distance to the nearest stored fingerprint, if any matched.
    pub nearest: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<Object>>)]
    pub matches: Option<Vec<Value>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MatchOut {
    pub results: Vec<HashMatches>,
}

/// Fingerprint an image (PDQ, quality, rotations, provenance hints) or a video (a PDQ hash a
/// second). The file is hashed in memory and dropped; nothing is stored.
#[utoipa::path(post, path = "/api/v1/media/hash",
    request_body(content = MediaUpload, content_type = "multipart/form-data"),
    responses((status = 200, description = "`{\"kind\": \"image\", \"pdq\", \"quality\", \"dihedral\", \"provenance\"}` or `{\"kind\": \"video\", \"frames\"}`"),
              (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn hash(mut multipart: Multipart) -> ApiResult<Json<Fingerprint>> {
    let mut file = None;
    while let Some(field) = multipart.next_field().await? {
        if field.name() == Some("file") {
            file = Some(field.bytes().await?);
        }
    }
    let bytes = file.ok_or_else(|| {
        ApiError::invalid(
            "file_required",
            "send the image or video in the form field `file`",
        )
    })?;
    Ok(Json(fingerprint(bytes).await?))
}

/// Fingerprints media on a blocking thread; the bytes are dropped once hashed.
pub(crate) async fn fingerprint(bytes: axum::body::Bytes) -> ApiResult<Fingerprint> {
    tokio::task::spawn_blocking(move || canhgiac_media::fingerprint(&bytes))
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "hash_failed",
                "hashing could not finish",
            )
        })?
        .map_err(ApiError::from)
}

/// Register the fingerprint of an image used against you, without the image. Returns a
/// reference and PIN (shown once) to see whether reports carry the same picture, or to withdraw.
#[utoipa::path(post, path = "/api/v1/media/register", request_body = RegisterRequest,
    responses((status = 201, body = RegistrationCreated), (status = 400, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn register(
    State(state): State<AppState>,
    payload: Result<Json<RegisterRequest>, JsonRejection>,
) -> ApiResult<Response> {
    let request = body(payload)?;
    pdq_only(request.fingerprints.iter().map(|f| f.kind.as_str()))?;
    let fingerprints: Vec<NewFingerprint> = request
        .fingerprints
        .into_iter()
        .map(|f| NewFingerprint {
            value: f.value,
            quality: f.quality,
        })
        .collect();
    let created = state.store.register_fingerprints(&fingerprints).await?;
    Ok((
        StatusCode::CREATED,
        Json(RegistrationCreated {
            reference: created.reference,
            pin: created.pin,
            fingerprints: created.fingerprints,
        }),
    )
        .into_response())
}

/// A registration's status (reference and PIN): how many reports carry the same picture.
#[utoipa::path(get, path = "/api/v1/media/registrations/{reference}",
    params(("reference" = String, Path), ("X-Report-Pin" = String, Header)),
    responses((status = 200, body = RegistrationOut), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn registration_status(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<RegistrationOut>> {
    let pin = pin(&state, &headers, peer)?;
    let status = state.store.registration_status(&reference, &pin).await;
    Ok(Json(count_wrong_pin(&state, peer, status)?.into()))
}

/// Withdraw a registration (reference and PIN): its fingerprints are erased.
#[utoipa::path(delete, path = "/api/v1/media/registrations/{reference}",
    params(("reference" = String, Path), ("X-Report-Pin" = String, Header)),
    responses((status = 200, body = RegistrationOut), (status = 403, body = ErrorBody),
              (status = 429, body = ErrorBody)))]
pub async fn withdraw_registration(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<RegistrationOut>> {
    let pin = pin(&state, &headers, peer)?;
    let status = state.store.withdraw_registration(&reference, &pin).await;
    Ok(Json(count_wrong_pin(&state, peer, status)?.into()))
}

/// Match PDQ hashes against every reported and registered fingerprint.
#[utoipa::path(post, path = "/api/v1/media/match", request_body = MatchRequest,
    responses((status = 200, body = MatchOut), (status = 401, body = ErrorBody),
              (status = 422, body = ErrorBody)),
    security((), ("bearer" = [])))]
pub async fn match_hashes(
    State(state): State<AppState>,
    MaybeAnalyst(analyst): MaybeAnalyst,
    payload: Result<Json<MatchRequest>, JsonRejection>,
) -> ApiResult<Json<MatchOut>> {
    let request = body(payload)?;
    pdq_only(request.fingerprints.iter().map(|f| f.kind.as_str()))?;
    let hashes: Vec<String> = request
        .fingerprints
        .into_iter()
        .map(|f| f.value.trim().to_ascii_lowercase())
        .collect();
    let radius = request.radius.unwrap_or(PDQ_MATCH_DISTANCE);
    let found = state.store.match_fingerprints(&hashes, radius).await?;
    let results = hashes
        .into_iter()
        .zip(found)
        .map(|(pdq, matches)| summarise(pdq, &matches, analyst.is_some()))
        .collect();
    Ok(Json(MatchOut { results }))
}

/// PDQ is the one fingerprint kind stored; refuses any other by name.
fn pdq_only<'a>(mut kinds: impl Iterator<Item = &'a str>) -> ApiResult<()> {
    match kinds.find(|kind| *kind != "pdq") {
        Some(other) => Err(ApiError::invalid(
            "unknown_fingerprint_kind",
            format!("fingerprint kind {other:?} is not known; use pdq"),
        )),
        None => Ok(()),
    }
}

fn summarise(pdq: String, matches: &[FingerprintMatch], detailed: bool) -> HashMatches {
    let reports: BTreeSet<i64> = matches.iter().filter_map(|m| m.report_id).collect();
    let registrations: BTreeSet<i64> = matches.iter().filter_map(|m| m.registration_id).collect();
    let campaign_ids: BTreeSet<i64> = matches.iter().filter_map(|m| m.campaign_id).collect();
    HashMatches {
        pdq,
        reports: reports.len(),
        registrations: registrations.len(),
        campaign_ids: campaign_ids.into_iter().collect(),
        nearest: matches.iter().map(|m| m.distance).min(),
        matches: detailed.then(|| {
            matches
                .iter()
                .map(|m| {
                    serde_json::json!({
                        "distance": m.distance,
                        "report_id": m.report_id,
                        "registration_id": m.registration_id,
                        "campaign_id": m.campaign_id,
                        "created_at": rfc3339(m.created_at),
                    })
                })
                .collect()
        }),
    }
}
