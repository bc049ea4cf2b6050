//! `/api/v1/export/*`: confirmed campaigns in partners' formats, for analysts. Exports carry the
//! authority's contact and never a reporter's. `/api/v1/import` takes partners' STIX bundles and
//! MISP events back into the indicator store, with the source recorded.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use canhgiac_share::{import, stix, Tlp};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::error::{ApiError, ErrorBody};
use crate::guard::Analyst;
use crate::AppState;

/// The STIX 2.1 media type (TAXII 2.1, section 1.6.8).
pub const STIX_MEDIA_TYPE: &str = "application/stix+json;version=2.1";

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// TLP marking of the export: `clear`, `green` (default), `amber` or `amber+strict`.
    #[param(value_type = Option<String>)]
    pub tlp: Option<Tlp>,
}

/// Confirmed campaigns as a STIX 2.1 bundle: the authority's identity, campaigns, indicators
/// with patterns, observables, fingerprints, relationships, sightings, a report, TLP markings.
#[utoipa::path(get, path = "/api/v1/export/stix", params(ExportQuery),
    responses((status = 200, description = "A STIX 2.1 bundle", content_type = "application/stix+json;version=2.1"),
              (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn stix_bundle(
    State(state): State<AppState>,
    Analyst(_): Analyst,
    params: Result<Query<ExportQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = params?;
    let tlp = query.tlp.unwrap_or(Tlp::Green);
    if tlp == Tlp::Red {
        return Err(ApiError::invalid(
            "tlp_red_not_exported",
            "TLP:RED material is never exported",
        ));
    }
    let campaigns = state.store.export_campaigns(tlp).await?;
    let bundle = stix::bundle(&state.authority, &campaigns, canhgiac_store::now());
    Ok((
        [(header::CONTENT_TYPE, STIX_MEDIA_TYPE)],
        bundle.to_string(),
    )
        .into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ImportQuery {
    /// The name to record (default: the format and the producer the document names).
    pub source: Option<String>,
    /// The marking of unmarked entries: `clear`, `green`, `amber` (default) or `amber+strict`.
    /// Only public and TLP:CLEAR sources show in public look-ups; TLP:RED entries are never
    /// taken in.
    #[param(value_type = Option<String>)]
    pub tlp: Option<Tlp>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportOut {
    /// `stix` or `misp`.
    pub format: String,
    /// The name the indicators were recorded under.
    pub source: String,
    /// Distinct indicators read.
    pub indicators: usize,
    pub new_indicators: u64,
    pub new_sources: u64,
    /// Left out: TLP:RED, withdrawn (revoked, expired, deleted), unsupported.
    pub skipped_red: usize,
    pub skipped_withdrawn: usize,
    pub skipped_unsupported: usize,
}

/// Imports a partner's STIX 2.1 bundle or MISP event (JSON body) into the indicator store.
#[utoipa::path(post, path = "/api/v1/import", params(ImportQuery),
    request_body(content = Object, description = "A STIX 2.1 bundle or a MISP event", content_type = "application/json"),
    responses((status = 200, body = ImportOut), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn import(
    State(state): State<AppState>,
    Analyst(_): Analyst,
    params: Result<Query<ImportQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ImportOut>, ApiError> {
    let Query(query) = params?;
    let body = body.map_err(|e| ApiError::new(e.status(), "body_too_large", e.body_text()))?;
    let default_tlp = query.tlp.unwrap_or(Tlp::Amber);
    if default_tlp == Tlp::Red {
        return Err(ApiError::invalid(
            "tlp_red_not_imported",
            "TLP:RED material is never taken in: it would show in look-ups",
        ));
    }
    let imported = import::read(&body, canhgiac_store::now(), default_tlp)?;
    let source = canhgiac_store::partner_source(&imported, query.source.as_deref());
    let entries = canhgiac_store::partner_entries(&imported, &source);
    let stats = state.store.import(&entries).await?;
    Ok(Json(ImportOut {
        format: imported.format.as_str().to_owned(),
        source,
        indicators: entries.len(),
        new_indicators: stats.new_indicators,
        new_sources: stats.new_sources,
        skipped_red: imported.skipped.red,
        skipped_withdrawn: imported.skipped.withdrawn,
        skipped_unsupported: imported.skipped.unsupported,
    }))
}
