//! The handlers of `/api/v1`, `/healthz` and `/metrics`, and the OpenAPI document.

use std::net::SocketAddr;
use std::str::FromStr;

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{ConnectInfo, FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use canhgiac_core::analysis::MAX_TEXT_BYTES;
use canhgiac_core::fingerprint::PdqHash;
use canhgiac_core::indicators::{self, IndicatorKind};
use canhgiac_core::Analysis;
use canhgiac_store::{
    Actor, IndicatorDecision, IndicatorKey, NewReport, Origin, ReportDecision, ReportFilter, Role,
    StoreError, StoredAnalysis, MAX_REPORT_FINGERPRINTS, MAX_REPORT_INDICATORS,
};
use serde_json::{json, Value};
use utoipa::OpenApi;

use crate::error::{ApiError, ErrorBody};
use crate::guard::{Admin, Analyst};
use crate::wire::{
    parse_rfc3339, rfc3339, CheckRequest, DecisionRequest, Health, IndicatorOut, LookupOut,
    LookupQuery, NewUserRequest, PageQuery, ReportCreated, ReportListQuery, ReportRequest,
    ReportStatusOut, TokenOut,
};
use crate::AppState;

type ApiResult<T> = Result<T, ApiError>;

/// The header that carries a report's PIN.
pub const PIN_HEADER: &str = "x-report-pin";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Cảnh Giác API",
        description = "Check messages for deepfake extortion and other scams, report them, look up \
                       indicators, and (analysts) review reports and campaigns."
    ),
    paths(
        check, create_report, report_status, withdraw_report, lookup, list_reports,
        report_detail, decide, campaigns, campaign, users, add_user, new_token, disable_user,
        audit, healthz, metrics, crate::media::hash, crate::media::register,
        crate::media::registration_status, crate::media::withdraw_registration,
        crate::media::match_hashes, crate::export::stix_bundle, crate::export::import,
        crate::advisory::organisations, crate::advisory::add_organisation,
        crate::advisory::create, crate::advisory::publish, crate::advisory::list,
        crate::advisory::one, crate::advisory::cap_alert, crate::advisory::recipients,
        crate::advisory::acknowledge_api
    ),
    components(schemas(
        CheckRequest, CheckImage, ReportRequest, ReportCreated, ReportStatusOut, LookupOut, DecisionRequest,
        NewUserRequest, TokenOut, Health, ErrorBody, IndicatorOut,
        crate::wire::IndicatorInput, crate::wire::FingerprintInput, crate::error::ErrorDetail,
        crate::media::MediaUpload, crate::media::RegisterRequest, crate::media::RegisterFingerprint,
        crate::media::RegistrationCreated, crate::media::RegistrationOut,
        crate::media::MatchRequest, crate::media::MatchOut, crate::media::HashMatches,
        crate::export::ImportOut, crate::advisory::OrganisationRequest,
        crate::advisory::OrganisationOut, crate::advisory::AdvisoryRequest,
        crate::advisory::AdvisoryOut, crate::advisory::RecipientOut,
        crate::advisory::PublishedOut, crate::advisory::AcknowledgeRequest
    )),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

pub async fn no_route() -> ApiError {
    ApiError::not_found("this route")
}

pub async fn wrong_method() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this route does not take this method",
    )
}

pub(crate) fn body<T>(payload: Result<Json<T>, JsonRejection>) -> ApiResult<T> {
    payload.map(|Json(value)| value).map_err(ApiError::from)
}

fn query<T>(params: Result<Query<T>, QueryRejection>) -> ApiResult<T> {
    params.map(|Query(value)| value).map_err(ApiError::from)
}

pub(crate) fn check_text(text: &str) -> ApiResult<()> {
    if text.trim().is_empty() {
        return Err(ApiError::invalid("empty_text", "text is empty"));
    }
    if text.len() > MAX_TEXT_BYTES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "text_too_long",
            format!("text is longer than {MAX_TEXT_BYTES} bytes"),
        ));
    }
    Ok(())
}

pub(crate) fn parse_kind(kind: &str) -> ApiResult<IndicatorKind> {
    IndicatorKind::from_str(kind.trim())
        .map_err(|e| ApiError::invalid("unknown_kind", e.to_string()))
}

pub(crate) fn normalize(kind: IndicatorKind, value: &str) -> ApiResult<String> {
    if value.len() > canhgiac_store::MAX_FIELD_BYTES {
        return Err(ApiError::invalid("invalid_value", "the value is too long"));
    }
    indicators::normalize(kind, value).ok_or_else(|| {
        ApiError::invalid(
            "invalid_value",
            format!(
                "{:?} is not a valid {} (checksums are verified)",
                value.chars().take(80).collect::<String>(),
                kind.as_str()
            ),
        )
    })
}

/// Analyses on a blocking thread: a long message must not stall the runtime.
async fn analyse(state: &AppState, text: String) -> ApiResult<Analysis> {
    let analyzer = state.analyzer;
    tokio::task::spawn_blocking(move || analyzer.analyze(&text))
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "analysis_failed",
                "the analysis could not finish",
            )
        })
}

/// A screenshot to check (multipart form field `image`).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct CheckImage {
    /// PNG, JPEG, WebP, GIF or BMP; read in memory by OCR, never stored.
    #[schema(value_type = String, format = Binary)]
    image: Vec<u8>,
}

/// Check a message, pasted (`{"text"}`) or as a screenshot (multipart field `image`, read by
/// OCR): the Analysis JSON, each indicator with its look-up result, and for a screenshot the
/// text read (`ocr`).
#[utoipa::path(post, path = "/api/v1/check",
    request_body(content(
        (CheckRequest = "application/json"),
        (CheckImage = "multipart/form-data"),
    )),
    responses((status = 200, description = "The Analysis JSON of DESIGN.md; each indicator has a `lookup`"),
              (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn check(State(state): State<AppState>, request: Request) -> ApiResult<Json<Value>> {
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (text, ocr) = if is_multipart {
        let multipart = Multipart::from_request(request, &state).await?;
        let recognised = read_screenshot(multipart).await?;
        let ocr = json!({ "text": recognised.text, "confidence": recognised.confidence });
        (recognised.text, Some(ocr))
    } else {
        let payload = Json::<CheckRequest>::from_request(request, &state).await;
        (body(payload)?.text, None)
    };
    let (analysis, found) = check_with_lookups(&state, text).await?;
    let lookups = found
        .into_iter()
        .map(|found| serde_json::to_value(found).unwrap_or(Value::Null));
    let mut out = serde_json::to_value(&analysis)
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "encoding", e.to_string()))?;
    if let Some(items) = out.get_mut("indicators").and_then(Value::as_array_mut) {
        for (item, lookup) in items.iter_mut().zip(lookups) {
            if let Some(object) = item.as_object_mut() {
                object.insert("lookup".into(), lookup);
            }
        }
    }
    if let (Some(ocr), Some(object)) = (ocr, out.as_object_mut()) {
        object.insert("ocr".into(), ocr);
    }
    Ok(Json(out))
}

/// Checks a message: the analysis and, for each of its indicators in order, the look-up result.
/// The API's `check` and the web page share it.
pub(crate) async fn check_with_lookups(
    state: &AppState,
    text: String,
) -> ApiResult<(Analysis, Vec<LookupOut>)> {
    check_text(&text)?;
    let analysis = analyse(state, text).await?;
    let mut lookups = Vec::with_capacity(analysis.indicators.len());
    for indicator in &analysis.indicators {
        lookups.push(lookup_indicator(state, indicator.kind.as_str(), &indicator.value).await?);
    }
    Ok((analysis, lookups))
}

/// Reads the `image` field of a form and runs OCR on it.
async fn read_screenshot(mut multipart: Multipart) -> ApiResult<canhgiac_ocr::Recognised> {
    let mut image = None;
    while let Some(field) = multipart.next_field().await? {
        if field.name() == Some("image") {
            image = Some(field.bytes().await?);
        }
    }
    let bytes = image.ok_or_else(|| {
        ApiError::invalid(
            "image_required",
            "send the screenshot in the form field `image`",
        )
    })?;
    recognise(bytes).await
}

/// Runs OCR on a blocking thread. The bytes live only in memory and are dropped when OCR is
/// done.
pub(crate) async fn recognise(bytes: axum::body::Bytes) -> ApiResult<canhgiac_ocr::Recognised> {
    tokio::task::spawn_blocking(move || canhgiac_ocr::recognise(&bytes))
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "ocr_failed",
                "reading the image could not finish",
            )
        })?
        .map_err(ApiError::from)
}

/// Report a message. Returns the reference and PIN (shown once), the indicators and the campaign.
#[utoipa::path(post, path = "/api/v1/reports", request_body = ReportRequest,
    responses((status = 201, body = ReportCreated), (status = 400, body = ErrorBody),
              (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_report(
    State(state): State<AppState>,
    payload: Result<Json<ReportRequest>, JsonRejection>,
) -> ApiResult<Response> {
    let out = file_report(&state, body(payload)?).await?;
    let location = format!("/api/v1/reports/{}", out.reference);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(out),
    )
        .into_response())
}

/// Validates, analyses and stores a report; the API's `create_report` and the web form share
/// it. Returns only after the store committed.
pub(crate) async fn file_report(
    state: &AppState,
    request: ReportRequest,
) -> ApiResult<ReportCreated> {
    check_text(&request.text)?;
    if request.indicators.len() > MAX_REPORT_INDICATORS {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_indicators",
            format!("a report carries at most {MAX_REPORT_INDICATORS} indicators"),
        ));
    }
    if request.fingerprints.len() > MAX_REPORT_FINGERPRINTS {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_fingerprints",
            format!("a report carries at most {MAX_REPORT_FINGERPRINTS} fingerprints"),
        ));
    }
    let mut added = Vec::with_capacity(request.indicators.len());
    for input in &request.indicators {
        let kind = parse_kind(&input.kind)?;
        added.push(IndicatorKey {
            kind: kind.as_str().into(),
            value: normalize(kind, &input.value)?,
        });
    }
    let mut fingerprints = Vec::with_capacity(request.fingerprints.len());
    for input in &request.fingerprints {
        if input.kind != "pdq" {
            return Err(ApiError::invalid(
                "unknown_fingerprint_kind",
                "fingerprint kind must be pdq",
            ));
        }
        let hash = PdqHash::parse(&input.value).ok_or_else(|| {
            ApiError::invalid("invalid_fingerprint", "a PDQ hash is 64 hex digits")
        })?;
        fingerprints.push(hash.to_hex());
    }
    let received_at = match &request.received_at {
        Some(text) => Some(parse_rfc3339(text).ok_or_else(|| {
            ApiError::invalid("invalid_time", "received_at must be an RFC 3339 time")
        })?),
        None => None,
    };
    let analysis = analyse(state, request.text.clone()).await?;
    let mut indicators = StoredAnalysis::text_indicators(&analysis);
    indicators.extend(added.into_iter().map(|k| (k, Origin::Reporter)));
    if indicators.len() > MAX_REPORT_INDICATORS {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_many_indicators",
            format!("a report carries at most {MAX_REPORT_INDICATORS} indicators"),
        ));
    }
    let report = NewReport {
        text: request.text,
        channel: request.channel,
        received_at,
        amount_demanded: request.amount_demanded,
        amount_paid: request.amount_paid,
        currency: request.currency.map(|c| c.trim().to_uppercase()),
        paid: request.paid,
        contact: request.contact,
        consent_police: request.consent_police,
        fingerprints,
        indicators,
        analysis: StoredAnalysis::of(&analysis),
    };
    let created = state.store.create_report(&report).await?;
    Ok(ReportCreated {
        id: created.id,
        reference: created.reference,
        pin: created.pin,
        indicators: created
            .indicators
            .into_iter()
            .map(|k| IndicatorOut {
                kind: k.kind,
                value: k.value,
            })
            .collect(),
        campaign_id: created.campaign_id,
    })
}

/// The PIN from `X-Report-Pin`, after the per-address limit on wrong PINs.
pub(crate) fn pin(state: &AppState, headers: &HeaderMap, peer: SocketAddr) -> ApiResult<String> {
    state
        .pin_limiter
        .check(peer.ip())
        .map_err(|wait| ApiError::too_many(wait, "too many wrong PINs from this address"))?;
    headers
        .get(PIN_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "pin_required",
                "send the report's PIN in the X-Report-Pin header",
            )
        })
}

pub(crate) fn count_wrong_pin<T>(
    state: &AppState,
    peer: SocketAddr,
    result: Result<T, StoreError>,
) -> ApiResult<T> {
    if matches!(result, Err(StoreError::WrongPin)) {
        state.pin_limiter.record_failure(peer.ip());
    }
    result.map_err(ApiError::from)
}

/// A report's status, for its reporter (reference and PIN).
#[utoipa::path(get, path = "/api/v1/reports/{reference}",
    params(("reference" = String, Path), ("X-Report-Pin" = String, Header)),
    responses((status = 200, body = ReportStatusOut), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn report_status(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<ReportStatusOut>> {
    let pin = pin(&state, &headers, peer)?;
    let status = count_wrong_pin(
        &state,
        peer,
        state.store.report_status(&reference, &pin).await,
    )?;
    Ok(Json(status.into()))
}

/// Withdraw a report (reference and PIN): its text and contact are erased.
#[utoipa::path(delete, path = "/api/v1/reports/{reference}",
    params(("reference" = String, Path), ("X-Report-Pin" = String, Header)),
    responses((status = 200, body = ReportStatusOut), (status = 403, body = ErrorBody),
              (status = 429, body = ErrorBody)))]
pub async fn withdraw_report(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<ReportStatusOut>> {
    let pin = pin(&state, &headers, peer)?;
    let status = count_wrong_pin(
        &state,
        peer,
        state.store.withdraw_report(&reference, &pin).await,
    )?;
    Ok(Json(status.into()))
}

/// Look up an indicator: how often it was reported, since when, its campaign and verdict.
#[utoipa::path(get, path = "/api/v1/lookup", params(LookupQuery),
    responses((status = 200, body = LookupOut), (status = 400, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn lookup(
    State(state): State<AppState>,
    params: Result<Query<LookupQuery>, QueryRejection>,
) -> ApiResult<Json<LookupOut>> {
    let params = query(params)?;
    let kind = parse_kind(&params.kind)?;
    let value = normalize(kind, &params.value)?;
    Ok(Json(lookup_indicator(&state, kind.as_str(), &value).await?))
}

/// The look-up of one normalised indicator. A URL also names the lists that carry its host,
/// since blocklists mostly list hosts while messages carry full links.
pub(crate) async fn lookup_indicator(
    state: &AppState,
    kind: &str,
    value: &str,
) -> ApiResult<LookupOut> {
    let mut found = state.store.lookup(kind, value).await?;
    if kind == IndicatorKind::Url.as_str() {
        if let Some(root) = host_root(value).filter(|root| root != value) {
            for source in state.store.lookup(kind, &root).await?.sources {
                if !found.sources.contains(&source) {
                    found.sources.push(source);
                }
            }
        }
    }
    Ok(found.into())
}

/// `https://host/path?q` → `http://host`, the form a listed host is stored in.
fn host_root(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("http://{host}"))
}

/// Analysts: reports, newest first, filtered. Every report listed is an audited read.
#[utoipa::path(get, path = "/api/v1/reports", params(ReportListQuery), security(("bearer" = [])),
    responses((status = 200, description = "Report summaries"), (status = 401, body = ErrorBody)))]
pub async fn list_reports(
    State(state): State<AppState>,
    Analyst(actor): Analyst,
    params: Result<Query<ReportListQuery>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let params = query(params)?;
    let time = |name: &str, value: &Option<String>| -> ApiResult<Option<i64>> {
        value
            .as_deref()
            .map(|t| {
                parse_rfc3339(t).ok_or_else(|| {
                    ApiError::bad_request("invalid_query", format!("{name} must be RFC 3339"))
                })
            })
            .transpose()
    };
    let filter = ReportFilter {
        status: params.status,
        campaign_id: params.campaign_id,
        scam_type: params.scam_type,
        label: params.label,
        since: time("since", &params.since)?,
        until: time("until", &params.until)?,
        text: params.q,
        limit: params.limit.unwrap_or(50),
        offset: params.offset.unwrap_or(0),
    };
    let reports = state.store.list_reports(&filter, &actor).await?;
    Ok(Json(with_times(json!({ "reports": reports }))))
}

/// Analysts: one report with contact, indicators, analysis and decisions (audited).
#[utoipa::path(get, path = "/api/v1/analyst/reports/{id}", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, description = "The report"), (status = 404, body = ErrorBody)))]
pub async fn report_detail(
    State(state): State<AppState>,
    Analyst(actor): Analyst,
    id: Result<Path<i64>, PathRejection>,
) -> ApiResult<Json<Value>> {
    let Path(id) = id?;
    let detail = analyst_report(&state, id, &actor).await?;
    Ok(Json(with_times(json!(detail))))
}

/// Analysts: confirm a report or call it a false positive; confirm, reject or allow-list an
/// indicator.
#[utoipa::path(post, path = "/api/v1/decisions", request_body = DecisionRequest,
    security(("bearer" = [])),
    responses((status = 201, description = "The decision"), (status = 422, body = ErrorBody)))]
pub async fn decide(
    State(state): State<AppState>,
    Analyst(actor): Analyst,
    payload: Result<Json<DecisionRequest>, JsonRejection>,
) -> ApiResult<Response> {
    let request = body(payload)?;
    if request.reason.trim().is_empty() {
        return Err(ApiError::invalid("reason_required", "say why in `reason`"));
    }
    let decision = match request.target.as_str() {
        "report" => {
            let id = request
                .report_id
                .ok_or_else(|| ApiError::invalid("invalid_field", "report_id is required"))?;
            decide_on_report(&state, id, &request.decision, &request.reason, &actor).await?
        }
        "indicator" => {
            let (Some(kind), Some(value)) = (&request.kind, &request.value) else {
                return Err(ApiError::invalid(
                    "invalid_field",
                    "kind and value are required",
                ));
            };
            let kind = parse_kind(kind)?;
            let key = IndicatorKey {
                kind: kind.as_str().into(),
                value: normalize(kind, value)?,
            };
            let decision = match request.decision.as_str() {
                "confirmed" => IndicatorDecision::Confirmed,
                "false_positive" => IndicatorDecision::FalsePositive,
                "allowlisted" => IndicatorDecision::Allowlisted,
                _ => {
                    return Err(ApiError::invalid(
                        "invalid_field",
                        "an indicator decision is confirmed, false_positive or allowlisted",
                    ))
                }
            };
            state
                .store
                .decide_indicator(&key, decision, &request.reason, &actor)
                .await?
        }
        _ => {
            return Err(ApiError::invalid(
                "invalid_field",
                "target is report or indicator",
            ))
        }
    };
    Ok((StatusCode::CREATED, Json(with_times(json!(decision)))).into_response())
}

/// Confirms a report or calls it a false positive, with the reason (the API and the analysts'
/// pages both decide through here).
pub(crate) async fn decide_on_report(
    state: &AppState,
    id: i64,
    decision: &str,
    reason: &str,
    actor: &Actor,
) -> ApiResult<canhgiac_store::Decision> {
    if reason.trim().is_empty() {
        return Err(ApiError::invalid("reason_required", "say why in `reason`"));
    }
    let decision = match decision {
        "confirmed" => ReportDecision::Confirmed,
        "false_positive" => ReportDecision::FalsePositive,
        _ => {
            return Err(ApiError::invalid(
                "invalid_field",
                "a report decision is confirmed or false_positive",
            ))
        }
    };
    state
        .store
        .decide_report(id, decision, reason, actor)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("report"),
            other => other.into(),
        })
}

/// One report as an analyst reads it (an audited read).
pub(crate) async fn analyst_report(
    state: &AppState,
    id: i64,
    actor: &Actor,
) -> ApiResult<canhgiac_store::ReportDetail> {
    state
        .store
        .report_detail(id, actor)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("report"),
            other => other.into(),
        })
}

/// One campaign with its reports, indicators, money and links.
pub(crate) async fn campaign_detail(
    state: &AppState,
    id: i64,
) -> ApiResult<canhgiac_store::CampaignDetail> {
    state.store.campaign(id).await.map_err(|e| match e {
        StoreError::NotFound => ApiError::not_found("campaign"),
        other => other.into(),
    })
}

/// Analysts: campaigns, most recently active first.
#[utoipa::path(get, path = "/api/v1/campaigns", params(PageQuery), security(("bearer" = [])),
    responses((status = 200, description = "Campaign summaries")))]
pub async fn campaigns(
    State(state): State<AppState>,
    Analyst(_): Analyst,
    params: Result<Query<PageQuery>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let page = query(params)?;
    let list = state
        .store
        .campaigns(page.limit.unwrap_or(50), page.offset.unwrap_or(0))
        .await?;
    Ok(Json(with_times(json!({ "campaigns": list }))))
}

/// Analysts: one campaign with its reports, indicators, totals, merges and report links.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, description = "The campaign"), (status = 404, body = ErrorBody)))]
pub async fn campaign(
    State(state): State<AppState>,
    Analyst(_): Analyst,
    id: Result<Path<i64>, PathRejection>,
) -> ApiResult<Json<Value>> {
    let Path(id) = id?;
    let detail = campaign_detail(&state, id).await?;
    Ok(Json(with_times(json!(detail))))
}

/// Admins: users.
#[utoipa::path(get, path = "/api/v1/users", security(("bearer" = [])),
    responses((status = 200, description = "Users"), (status = 403, body = ErrorBody)))]
pub async fn users(State(state): State<AppState>, _: Admin) -> ApiResult<Json<Value>> {
    Ok(Json(with_times(
        json!({ "users": state.store.users().await? }),
    )))
}

/// Admins: add a user; the answer holds their first token.
#[utoipa::path(post, path = "/api/v1/users", request_body = NewUserRequest,
    security(("bearer" = [])),
    responses((status = 201, body = TokenOut), (status = 409, body = ErrorBody)))]
pub async fn add_user(
    State(state): State<AppState>,
    _: Admin,
    payload: Result<Json<NewUserRequest>, JsonRejection>,
) -> ApiResult<Response> {
    let request = body(payload)?;
    let role = Role::parse(&request.role)
        .ok_or_else(|| ApiError::invalid("invalid_field", "role is analyst or admin"))?;
    let (user, token) = state.store.add_user(&request.name, role).await?;
    let out = TokenOut {
        user_id: user.id,
        name: user.name,
        role: role.as_str().into(),
        token,
    };
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// Admins: a new token for a user.
#[utoipa::path(post, path = "/api/v1/users/{id}/tokens", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 201, description = "`{\"token\"}`"), (status = 404, body = ErrorBody)))]
pub async fn new_token(
    State(state): State<AppState>,
    _: Admin,
    id: Result<Path<i64>, PathRejection>,
) -> ApiResult<Response> {
    let Path(id) = id?;
    let token = state.store.create_token(id).await.map_err(|e| match e {
        StoreError::NotFound => ApiError::not_found("user"),
        other => other.into(),
    })?;
    Ok((StatusCode::CREATED, Json(json!({ "token": token }))).into_response())
}

/// Admins: disable a user and revoke their tokens.
#[utoipa::path(post, path = "/api/v1/users/{id}/disable", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 204, description = "Disabled"), (status = 404, body = ErrorBody)))]
pub async fn disable_user(
    State(state): State<AppState>,
    _: Admin,
    id: Result<Path<i64>, PathRejection>,
) -> ApiResult<StatusCode> {
    let Path(id) = id?;
    state
        .store
        .set_user_disabled(id, true)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("user"),
            other => other.into(),
        })?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    report_id: Option<i64>,
    limit: Option<i64>,
}

/// Admins: the audit log of report reads, newest first.
#[utoipa::path(get, path = "/api/v1/audit", params(AuditQuery), security(("bearer" = [])),
    responses((status = 200, description = "Audit entries"), (status = 403, body = ErrorBody)))]
pub async fn audit(
    State(state): State<AppState>,
    _: Admin,
    params: Result<Query<AuditQuery>, QueryRejection>,
) -> ApiResult<Json<Value>> {
    let params = query(params)?;
    let entries = state
        .store
        .audit_log(params.report_id, params.limit.unwrap_or(100))
        .await?;
    Ok(Json(with_times(json!({ "entries": entries }))))
}

/// Liveness and store reachability.
#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health), (status = 503, body = ErrorBody)))]
pub async fn healthz(State(state): State<AppState>) -> ApiResult<Json<Health>> {
    state.store.totals().await?;
    Ok(Json(Health {
        status: "ok".into(),
        store: format!("{:?}", state.store.backend()).to_lowercase(),
        model: state.analyzer.model().name.clone(),
    }))
}

/// Prometheus text exposition.
#[utoipa::path(get, path = "/metrics", responses((status = 200, description = "Prometheus text format")))]
pub async fn metrics(State(state): State<AppState>) -> ApiResult<Response> {
    let totals = state.store.totals().await?;
    let text = state.metrics.render(totals);
    Ok((
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response())
}

/// Store times are Unix seconds; on the wire they are RFC 3339. Rewrites the time fields of
/// store results (by name) wherever they sit in the JSON.
fn with_times(mut value: Value) -> Value {
    const TIME_FIELDS: &[&str] = &[
        "at",
        "created_at",
        "received_at",
        "first_seen",
        "last_seen",
        "first_report",
        "last_report",
    ];
    fn walk(value: &mut Value) {
        match value {
            Value::Object(map) => {
                for (key, field) in map.iter_mut() {
                    if TIME_FIELDS.contains(&key.as_str()) {
                        if let Some(seconds) = field.as_i64() {
                            *field = rfc3339(seconds).map_or(Value::Null, Value::String);
                            continue;
                        }
                    }
                    walk(field);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut value);
    value
}
