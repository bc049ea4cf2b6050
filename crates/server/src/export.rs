//! `/api/v1/export/*`: confirmed campaigns in partners' formats, for analysts. Exports carry the
//! authority's contact and never a reporter's.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use canhgiac_share::{stix, Tlp};
use serde::Deserialize;
use utoipa::IntoParams;

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
