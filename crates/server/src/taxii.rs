//! A read-only TAXII 2.1 server under `/taxii2/`: one API root with one collection, the
//! confirmed campaigns as STIX objects (the same bundle as `/api/v1/export/stix`, TLP:GREEN),
//! for analysts' tokens. Objects are built from the store on each request; an object version's
//! `date_added` is the time the store first served it (`Store::shared_since`), so an object that
//! enters late (a campaign confirmed long after its last report) is still newer than what a
//! polling client read before, and while the store does not change neither does the
//! collection, so paging with `added_after` and `next` is stable.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use canhgiac_share::{stix, stix_time, Tlp};
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::error::ApiError;
use crate::export::STIX_MEDIA_TYPE;
use crate::guard::Analyst;
use crate::AppState;

/// The TAXII 2.1 media type.
pub const TAXII_MEDIA_TYPE: &str = "application/taxii+json;version=2.1";
/// The one collection's id.
pub const COLLECTION_ID: &str = "5f1c9a54-6d2e-5b8a-9c3f-0a4e7d2b61c8";
const API_ROOT: &str = "/taxii2/api/";
const DEFAULT_PAGE: usize = 100;
const MAX_PAGE: usize = 1000;

type TaxiiResult = Result<Response, ApiError>;

/// A TAXII answer: the body with the TAXII media type.
fn taxii(body: Value) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(TAXII_MEDIA_TYPE),
        )],
        body.to_string(),
    )
        .into_response()
}

/// TAXII clients read errors as the error-message resource (TAXII 2.1, section 3.6.1): the
/// API's JSON error is rewritten as `{"title", "description", "error_code", "http_status"}`
/// with the TAXII media type. Other answers pass unchanged.
pub async fn error_resource(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    let api: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let reason = status.canonical_reason().unwrap_or("Error");
    let code = api
        .pointer("/error/code")
        .and_then(Value::as_str)
        .unwrap_or("error");
    let message = api
        .pointer("/error/message")
        .and_then(Value::as_str)
        .unwrap_or(reason);
    let body = json!({
        "title": reason,
        "description": message,
        "error_code": code,
        "http_status": status.as_str(),
    });
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(TAXII_MEDIA_TYPE),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(body.to_string()))
}

/// Clients must accept TAXII JSON (a `*/*` or a missing Accept is taken as yes).
fn accepts_taxii(headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Ok(());
    };
    let ok = accept.split(',').any(|range| {
        let range = range.split(';').next().unwrap_or("").trim();
        matches!(range, "application/taxii+json" | "application/*" | "*/*")
    });
    if ok {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::NOT_ACCEPTABLE,
            "not_acceptable",
            format!("this server answers with {TAXII_MEDIA_TYPE}"),
        ))
    }
}

fn collection() -> Value {
    json!({
        "id": COLLECTION_ID,
        "title": "Cảnh Giác: chiến dịch đã xác nhận / confirmed campaigns",
        "description": "Deepfake extortion and other scam campaigns confirmed by analysts: \
                        phones, wallets, bank accounts, links, handles and image fingerprints.",
        "can_read": true,
        "can_write": false,
        "media_types": [STIX_MEDIA_TYPE],
    })
}

/// Server discovery.
pub async fn discovery(
    State(state): State<AppState>,
    Analyst(_): Analyst,
    headers: HeaderMap,
) -> TaxiiResult {
    accepts_taxii(&headers)?;
    Ok(taxii(json!({
        "title": "Cảnh Giác TAXII",
        "description": "Confirmed scam campaigns (STIX 2.1), read-only.",
        "contact": state.authority.hotline,
        "default": API_ROOT,
        "api_roots": [API_ROOT],
    })))
}

/// The API root.
pub async fn api_root(Analyst(_): Analyst, headers: HeaderMap) -> TaxiiResult {
    accepts_taxii(&headers)?;
    Ok(taxii(json!({
        "title": "Cảnh Giác",
        "versions": [TAXII_MEDIA_TYPE],
        "max_content_length": crate::MAX_BODY_BYTES,
    })))
}

pub async fn collections(Analyst(_): Analyst, headers: HeaderMap) -> TaxiiResult {
    accepts_taxii(&headers)?;
    Ok(taxii(json!({ "collections": [collection()] })))
}

fn known_collection(id: &str) -> Result<(), ApiError> {
    if id == COLLECTION_ID {
        Ok(())
    } else {
        Err(ApiError::not_found("the collection"))
    }
}

pub async fn one_collection(
    Analyst(_): Analyst,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> TaxiiResult {
    accepts_taxii(&headers)?;
    known_collection(&id)?;
    Ok(taxii(collection()))
}

/// A STIX object of the collection with its version and the time that version was added.
#[derive(Clone)]
struct Stored {
    added: OffsetDateTime,
    added_text: String,
    /// Its `modified`, else its `created`, else (an observable) the time it was added.
    version: String,
    object: Value,
}

/// Every object of the collection, oldest first (ties by id).
async fn stored_objects(state: &AppState) -> Result<Vec<Stored>, ApiError> {
    let campaigns = state.store.export_campaigns(Tlp::Green).await?;
    // The objects stamped with the bundle's time (the identity, the report) carry the time of
    // the newest report rather than the time of the request, so that an unchanged store gives
    // unchanged versions.
    let as_of = campaigns.iter().map(|c| c.last_seen).max().unwrap_or(0);
    let bundle = stix::bundle(&state.authority, &campaigns, as_of);
    let objects: Vec<Value> = bundle["objects"].as_array().cloned().unwrap_or_default();
    let versions: Vec<(String, String)> = objects
        .iter()
        .map(|object| {
            let id = object["id"].as_str().unwrap_or_default().to_owned();
            let version = object["modified"]
                .as_str()
                .or_else(|| object["created"].as_str())
                .unwrap_or_default()
                .to_owned();
            (id, version)
        })
        .collect();
    // `date_added` is when the store first served a version, not its `modified`: a campaign
    // confirmed a week after its last report enters the collection now, and a client polling
    // with `added_after` must meet it.
    let added = state.store.shared_since(&versions).await?;
    let mut stored: Vec<Stored> = objects
        .into_iter()
        .zip(versions)
        .zip(added)
        .filter_map(|((object, (_, version)), added)| {
            let added_text = stix_time(added);
            Some(Stored {
                added: OffsetDateTime::from_unix_timestamp(added).ok()?,
                version: if version.is_empty() {
                    added_text.clone()
                } else {
                    version
                },
                added_text,
                object,
            })
        })
        .collect();
    stored.sort_by(|a, b| {
        (a.added, a.object["id"].as_str()).cmp(&(b.added, b.object["id"].as_str()))
    });
    Ok(stored)
}

/// The filters of TAXII 2.1 section 3.4 this server honours.
struct Filters {
    added_after: Option<OffsetDateTime>,
    types: Option<Vec<String>>,
    ids: Option<Vec<String>>,
    offset: usize,
    limit: usize,
}

fn filters(params: &HashMap<String, String>) -> Result<Filters, ApiError> {
    let list = |key: &str| {
        params.get(key).map(|v| {
            v.split(',')
                .map(|s| s.trim().to_owned())
                .collect::<Vec<_>>()
        })
    };
    let added_after = params
        .get("added_after")
        .map(|t| {
            OffsetDateTime::parse(t, &Rfc3339).map_err(|_| {
                ApiError::invalid("invalid_filter", "added_after must be an RFC 3339 time")
            })
        })
        .transpose()?;
    let limit = params
        .get("limit")
        .map(|l| {
            l.parse::<usize>().ok().filter(|&l| l > 0).ok_or_else(|| {
                ApiError::invalid("invalid_filter", "limit must be a positive number")
            })
        })
        .transpose()?
        .unwrap_or(DEFAULT_PAGE)
        .min(MAX_PAGE);
    let offset = params
        .get("next")
        .map(|n| {
            n.parse::<usize>().map_err(|_| {
                ApiError::invalid("invalid_filter", "next is not a page of this server")
            })
        })
        .transpose()?
        .unwrap_or(0);
    // Every object here is STIX 2.1: asking only for other versions selects nothing.
    let other_spec = list("match[spec_version]").is_some_and(|v| !v.iter().any(|v| v == "2.1"));
    Ok(Filters {
        added_after,
        types: if other_spec {
            Some(Vec::new())
        } else {
            list("match[type]")
        },
        ids: list("match[id]"),
        offset,
        limit,
    })
}

/// Filters and pages `stored`; the page, whether more follow, and the next offset.
fn page(stored: &[Stored], filters: &Filters) -> (Vec<Stored>, Option<usize>) {
    let selected: Vec<&Stored> = stored
        .iter()
        .filter(|s| filters.added_after.is_none_or(|after| s.added > after))
        .filter(|s| {
            filters.types.as_ref().is_none_or(|types| {
                types
                    .iter()
                    .any(|t| s.object["type"].as_str() == Some(t.as_str()))
            })
        })
        .filter(|s| {
            filters.ids.as_ref().is_none_or(|ids| {
                ids.iter()
                    .any(|id| s.object["id"].as_str() == Some(id.as_str()))
            })
        })
        .collect();
    let end = filters
        .offset
        .saturating_add(filters.limit)
        .min(selected.len());
    let start = filters.offset.min(end);
    let next = (end < selected.len()).then_some(end);
    (
        selected[start..end].iter().map(|s| (*s).clone()).collect(),
        next,
    )
}

/// The prelude every listing shares: media type, collection, filters, the page.
async fn collection_page(
    state: &AppState,
    id: &str,
    params: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<(Vec<Stored>, Option<usize>), ApiError> {
    accepts_taxii(headers)?;
    known_collection(id)?;
    let filters = filters(params)?;
    let stored = stored_objects(state).await?;
    Ok(page(&stored, &filters))
}

/// An envelope or manifest with the date headers TAXII asks for.
fn paged(body: Value, items: &[Stored]) -> Response {
    let mut response = taxii(body);
    if let (Some(first), Some(last)) = (items.first(), items.last()) {
        for (name, value) in [
            ("x-taxii-date-added-first", &first.added_text),
            ("x-taxii-date-added-last", &last.added_text),
        ] {
            if let Ok(value) = HeaderValue::from_str(value) {
                response.headers_mut().insert(name, value);
            }
        }
    }
    response
}

/// A page of `objects` with `more` and, when more follow, `next` (envelope and manifest alike).
fn listing(objects: Vec<Value>, next: Option<usize>) -> Value {
    let mut body = json!({"more": next.is_some(), "objects": objects});
    if let Some(next) = next {
        body["next"] = json!(next.to_string());
    }
    body
}

fn envelope(items: &[Stored], next: Option<usize>) -> Value {
    listing(items.iter().map(|s| s.object.clone()).collect(), next)
}

pub async fn objects(
    State(state): State<AppState>,
    Analyst(_): Analyst,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> TaxiiResult {
    let (items, next) = collection_page(&state, &id, &params, &headers).await?;
    Ok(paged(envelope(&items, next), &items))
}

pub async fn object(
    State(state): State<AppState>,
    Analyst(_): Analyst,
    Path((id, object_id)): Path<(String, String)>,
    Query(mut params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> TaxiiResult {
    params.insert("match[id]".into(), object_id);
    let (items, next) = collection_page(&state, &id, &params, &headers).await?;
    if items.is_empty() {
        return Err(ApiError::not_found("the object"));
    }
    Ok(paged(envelope(&items, next), &items))
}

pub async fn versions(
    State(state): State<AppState>,
    Analyst(_): Analyst,
    Path((id, object_id)): Path<(String, String)>,
    headers: HeaderMap,
) -> TaxiiResult {
    let params = HashMap::from([("match[id]".to_string(), object_id)]);
    let (found, _) = collection_page(&state, &id, &params, &headers).await?;
    if found.is_empty() {
        return Err(ApiError::not_found("the object"));
    }
    let versions: Vec<&str> = found.iter().map(|s| s.version.as_str()).collect();
    Ok(paged(json!({"more": false, "versions": versions}), &found))
}

pub async fn manifest(
    State(state): State<AppState>,
    Analyst(_): Analyst,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> TaxiiResult {
    let (items, next) = collection_page(&state, &id, &params, &headers).await?;
    let objects: Vec<Value> = items
        .iter()
        .map(|s| {
            json!({
                "id": s.object["id"],
                "date_added": s.added_text,
                "version": s.version,
                "media_type": STIX_MEDIA_TYPE,
            })
        })
        .collect();
    Ok(paged(listing(objects, next), &items))
}
