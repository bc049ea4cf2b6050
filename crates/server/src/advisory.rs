//! Warnings (advisories): admins write and publish them; the public reads them as web pages, CAP
//! 1.2 alerts and an Atom feed; every recipient organisation acknowledges through its own link,
//! and admins see who has (the letter's "Nơi nhận").
//!
//! Public advisories are readable by anyone once published; Private and Restricted ones only by
//! analysts and, through its link, by each recipient organisation. The pages (`/canh-bao`,
//! `/xac-nhan/{token}` and the admins' `/phan-tich/canh-bao`) are in [`crate::web`] and share
//! the checks and the publishing here.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use canhgiac_share::atom;
use canhgiac_share::cap::{self, AdvisoryContent, Publication, Scope};
use canhgiac_store::{Actor, NewRecipient, Organisation, RecipientStatus, StoredAdvisory};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody};
use crate::guard::{Admin, MaybeAnalyst};
use crate::wire::{rfc3339, rfc3339_opt};
use crate::AppState;

type ApiResult<T> = Result<T, ApiError>;

/// CAP's media type.
pub const CAP_MEDIA_TYPE: &str = "application/cap+xml; charset=utf-8";
/// Atom's media type.
pub const ATOM_MEDIA_TYPE: &str = "application/atom+xml; charset=utf-8";

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationRequest {
    pub name: String,
    /// The recipient group, e.g. `Sở, ban, ngành` or `Doanh nghiệp`.
    pub group: String,
    /// The organisation's official e-mail address, for sending advisories.
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationOut {
    pub id: i64,
    pub name: String,
    pub group: String,
    pub email: Option<String>,
}

impl From<Organisation> for OrganisationOut {
    fn from(o: Organisation) -> Self {
        OrganisationOut {
            id: o.id,
            name: o.name,
            group: o.group,
            email: o.email,
        }
    }
}

/// A new advisory: its identifier, content and the groups of organisations it goes to.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AdvisoryRequest {
    /// Unique, e.g. `HP-STTTT-2024-12-001` (letters, digits, `-`, `_`, `.`).
    pub identifier: String,
    /// Title, body, instruction and event in Vietnamese (`vietnamese`) and optionally English
    /// (`english`); `category`, `severity`, `urgency`, `certainty`, `scope` (CAP 1.2 values);
    /// `campaign_ids`, `indicators`, `contact_person`, `hotline`, `expires`.
    #[serde(flatten)]
    #[schema(value_type = Object)]
    pub content: AdvisoryContent,
    #[serde(default)]
    pub recipient_groups: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AdvisoryOut {
    pub identifier: String,
    #[schema(value_type = Object)]
    pub content: AdvisoryContent,
    pub recipient_groups: Vec<String>,
    pub created_at: Option<String>,
    /// Absent while the advisory is a draft.
    pub published_at: Option<String>,
    /// The web page, the CAP alert.
    pub web: String,
    pub cap: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecipientOut {
    pub organisation: OrganisationOut,
    /// `sent`, `failed`, `no_address` (the organisation has no e-mail), `not_configured` (no
    /// SMTP server), or absent in the later status list when nothing was tried.
    pub email: Option<String>,
    pub email_error: Option<String>,
    pub emailed_at: Option<String>,
    pub acknowledged_at: Option<String>,
    pub acknowledged_by: Option<String>,
    /// The organisation's own acknowledgement link: only in the answer to publishing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acknowledge_url: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedOut {
    pub advisory: AdvisoryOut,
    pub recipients: Vec<RecipientOut>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgeRequest {
    /// Who acknowledges: name and position.
    pub by: String,
}

/// Where the service is reached from outside, for links in e-mails, CAP and Atom.
pub(crate) fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = state.public_url.as_deref() {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

pub(crate) fn page_url(base: &str, identifier: &str) -> String {
    atom::advisory_page(base, identifier)
}

fn advisory_out(advisory: StoredAdvisory, base: &str) -> AdvisoryOut {
    AdvisoryOut {
        web: page_url(base, &advisory.identifier),
        cap: format!("{base}/api/v1/advisories/{}/cap", advisory.identifier),
        identifier: advisory.identifier,
        content: advisory.content,
        recipient_groups: advisory.recipient_groups,
        created_at: rfc3339(advisory.created_at),
        published_at: rfc3339_opt(advisory.published_at),
    }
}

pub(crate) fn recipient_out(status: RecipientStatus) -> RecipientOut {
    RecipientOut {
        email: status
            .emailed_at
            .map(|_| "sent".to_owned())
            .or_else(|| status.email_error.as_ref().map(|_| "failed".to_owned())),
        organisation: status.organisation.into(),
        email_error: status.email_error,
        emailed_at: rfc3339_opt(status.emailed_at),
        acknowledged_at: rfc3339_opt(status.acknowledged_at),
        acknowledged_by: status.acknowledged_by,
        acknowledge_url: None,
    }
}

/// Whether the caller may read this advisory.
pub(crate) fn readable(advisory: &StoredAdvisory, analyst: bool) -> bool {
    analyst || (advisory.published_at.is_some() && advisory.content.scope == Scope::Public)
}

async fn find(state: &AppState, identifier: &str, analyst: bool) -> ApiResult<StoredAdvisory> {
    state
        .store
        .advisory(identifier)
        .await?
        .filter(|a| readable(a, analyst))
        .ok_or_else(|| ApiError::not_found("the advisory"))
}

/// The CAP alert of a published advisory; a Private one is addressed to its recipients.
async fn alert_of(
    state: &AppState,
    advisory: &StoredAdvisory,
    base: &str,
) -> ApiResult<cap::Advisory> {
    let web = Some(page_url(base, &advisory.identifier));
    Ok(state
        .store
        .advisory_alert(advisory, &state.authority, web)
        .await?)
}

/// Organisations that receive advisories.
#[utoipa::path(get, path = "/api/v1/organisations",
    responses((status = 200, body = [OrganisationOut]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn organisations(
    State(state): State<AppState>,
    _: Admin,
) -> ApiResult<Json<Vec<OrganisationOut>>> {
    let list = state.store.organisations().await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Adds an organisation to a recipient group (or updates its e-mail address).
#[utoipa::path(post, path = "/api/v1/organisations", request_body = OrganisationRequest,
    responses((status = 201, body = OrganisationOut), (status = 422, body = ErrorBody), (status = 401, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_organisation(
    State(state): State<AppState>,
    _: Admin,
    body: Result<Json<OrganisationRequest>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<OrganisationOut>)> {
    let Json(request) = body?;
    let organisation = state
        .store
        .add_organisation(&request.name, &request.group, request.email.as_deref())
        .await?;
    Ok((StatusCode::CREATED, Json(organisation.into())))
}

/// Writes a draft advisory. It is checked against the CAP rules now, so publishing cannot fail
/// on them later.
#[utoipa::path(post, path = "/api/v1/advisories", request_body = AdvisoryRequest,
    responses((status = 201, body = AdvisoryOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn create(
    State(state): State<AppState>,
    Admin(actor): Admin,
    headers: HeaderMap,
    body: Result<Json<AdvisoryRequest>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<AdvisoryOut>)> {
    let Json(request) = body?;
    let base = base_url(&state, &headers);
    let advisory = create_draft(&state, &actor, &request, &base).await?;
    Ok((StatusCode::CREATED, Json(advisory_out(advisory, &base))))
}

/// Checks an advisory against the CAP rules and keeps it as a draft (the API and the admins'
/// page both write through here).
pub(crate) async fn create_draft(
    state: &AppState,
    actor: &Actor,
    request: &AdvisoryRequest,
    base: &str,
) -> ApiResult<StoredAdvisory> {
    // The recipients stand in for the addresses until it is published.
    let draft = request.content.alert(&Publication {
        identifier: &request.identifier,
        authority: &state.authority,
        sent: canhgiac_store::now(),
        addresses: request.recipient_groups.clone(),
        web: Some(page_url(base, request.identifier.trim())),
    });
    cap::validate(&draft).map_err(|e| ApiError::invalid("invalid_advisory", e.to_string()))?;
    Ok(state
        .store
        .create_advisory(
            &request.identifier,
            &request.content,
            &request.recipient_groups,
            Some(actor),
        )
        .await?)
}

/// Publishes a draft: it becomes readable, every organisation of its groups gets its own
/// acknowledgement link (returned here, once) and, when SMTP is configured, an e-mail.
#[utoipa::path(post, path = "/api/v1/advisories/{identifier}/publish",
    responses((status = 200, body = PublishedOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn publish(
    State(state): State<AppState>,
    _: Admin,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> ApiResult<Json<PublishedOut>> {
    let Path(identifier) = path?;
    let base = base_url(&state, &headers);
    let (advisory, recipients) = publish_and_deliver(&state, &identifier, &base).await?;
    Ok(Json(PublishedOut {
        advisory: advisory_out(advisory, &base),
        recipients,
    }))
}

/// Publishes a draft and sends every recipient organisation its e-mail when it can; the
/// answer holds each organisation's acknowledgement link, which is never shown again.
pub(crate) async fn publish_and_deliver(
    state: &AppState,
    identifier: &str,
    base: &str,
) -> ApiResult<(StoredAdvisory, Vec<RecipientOut>)> {
    let (advisory, recipients) = state
        .store
        .publish_advisory(identifier, canhgiac_store::now())
        .await?;
    let mut out = Vec::with_capacity(recipients.len());
    for recipient in recipients {
        out.push(deliver(state, &advisory, recipient, base).await?);
    }
    Ok((advisory, out))
}

/// Sends one recipient its e-mail when it can, and says how that went.
async fn deliver(
    state: &AppState,
    advisory: &StoredAdvisory,
    recipient: NewRecipient,
    base: &str,
) -> ApiResult<RecipientOut> {
    let link = format!("{base}/xac-nhan/{}", recipient.token);
    let mut out = RecipientOut {
        organisation: recipient.organisation.clone().into(),
        email: None,
        email_error: None,
        emailed_at: None,
        acknowledged_at: None,
        acknowledged_by: None,
        acknowledge_url: Some(link.clone()),
    };
    let (Some(mailer), Some(address)) = (
        state.mailer.as_ref(),
        recipient.organisation.email.as_deref(),
    ) else {
        out.email = Some(
            if state.mailer.is_none() {
                "not_configured"
            } else {
                "no_address"
            }
            .into(),
        );
        return Ok(out);
    };
    let text = &advisory.content.vietnamese;
    let subject = format!("[Cảnh báo] {}", text.title.trim());
    let body = email_body(state, advisory, &recipient.organisation.name, &link, base);
    match mailer.send(address, &subject, &body).await {
        Ok(()) => {
            let at = canhgiac_store::now();
            state
                .store
                .record_email(recipient.recipient_id, Ok(at))
                .await?;
            out.email = Some("sent".into());
            out.emailed_at = rfc3339(at);
        }
        Err(error) => {
            tracing::warn!(
                organisation = recipient.organisation.id,
                "advisory e-mail: {error}"
            );
            state
                .store
                .record_email(recipient.recipient_id, Err(&error))
                .await?;
            out.email = Some("failed".into());
            out.email_error = Some(error);
        }
    }
    Ok(out)
}

/// The letter as an organisation receives it.
fn email_body(
    state: &AppState,
    advisory: &StoredAdvisory,
    organisation: &str,
    link: &str,
    base: &str,
) -> String {
    let text = &advisory.content.vietnamese;
    let mut body = format!(
        "Kính gửi: {organisation}\n\n{} gửi Quý cơ quan, đơn vị cảnh báo sau.\n\n{}\n\n{}\n",
        state.authority.name.trim(),
        text.title.trim(),
        text.body.trim()
    );
    if !text.instruction.trim().is_empty() {
        body.push_str(&format!("\n{}\n", text.instruction.trim()));
    }
    let contact = advisory.content.contact_person.trim();
    let hotline = advisory.content.hotline.trim();
    if !contact.is_empty() || !hotline.is_empty() {
        body.push_str(&format!(
            "\nĐầu mối liên hệ: {contact}{}{hotline}.\n",
            if contact.is_empty() || hotline.is_empty() {
                ""
            } else {
                ", điện thoại "
            }
        ));
    }
    body.push_str(&format!(
        "\nĐề nghị Quý cơ quan, đơn vị xác nhận đã nhận cảnh báo tại đường link riêng sau \
         (không chuyển tiếp đường link này):\n{link}\n\nToàn văn cảnh báo: {}\n",
        page_url(base, &advisory.identifier)
    ));
    body
}

/// Published advisories, newest first (analysts also see drafts and non-public ones).
#[utoipa::path(get, path = "/api/v1/advisories",
    responses((status = 200, body = [AdvisoryOut])))]
pub async fn list(
    State(state): State<AppState>,
    MaybeAnalyst(actor): MaybeAnalyst,
    headers: HeaderMap,
) -> ApiResult<Json<Vec<AdvisoryOut>>> {
    let analyst = actor.is_some();
    let base = base_url(&state, &headers);
    let list = state.store.advisories(analyst).await?;
    Ok(Json(
        list.into_iter()
            .filter(|a| readable(a, analyst))
            .map(|a| advisory_out(a, &base))
            .collect(),
    ))
}

/// One advisory.
#[utoipa::path(get, path = "/api/v1/advisories/{identifier}",
    responses((status = 200, body = AdvisoryOut), (status = 404, body = ErrorBody)))]
pub async fn one(
    State(state): State<AppState>,
    MaybeAnalyst(actor): MaybeAnalyst,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> ApiResult<Json<AdvisoryOut>> {
    let Path(identifier) = path?;
    let advisory = find(&state, &identifier, actor.is_some()).await?;
    Ok(Json(advisory_out(advisory, &base_url(&state, &headers))))
}

/// A published advisory as an OASIS CAP 1.2 alert (times in Vietnam time, +07:00).
#[utoipa::path(get, path = "/api/v1/advisories/{identifier}/cap",
    responses((status = 200, description = "CAP 1.2 XML", content_type = "application/cap+xml"),
              (status = 404, body = ErrorBody)))]
pub async fn cap_alert(
    State(state): State<AppState>,
    MaybeAnalyst(actor): MaybeAnalyst,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> ApiResult<Response> {
    let Path(identifier) = path?;
    let advisory = find(&state, &identifier, actor.is_some()).await?;
    if advisory.published_at.is_none() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "not_published",
            "a draft has no CAP alert yet; publish it first",
        ));
    }
    let base = base_url(&state, &headers);
    let alert = alert_of(&state, &advisory, &base).await?;
    let xml =
        cap::alert(&alert).map_err(|e| ApiError::invalid("invalid_advisory", e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, CAP_MEDIA_TYPE)], xml).into_response())
}

/// The Atom feed of published public advisories.
pub async fn feed(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Response> {
    let base = base_url(&state, &headers);
    let mut alerts = Vec::new();
    for advisory in state.store.advisories(false).await? {
        if readable(&advisory, false) {
            alerts.push(alert_of(&state, &advisory, &base).await?);
        }
    }
    let info = atom::FeedInfo::advisories(&base, &state.authority);
    Ok((
        [(header::CONTENT_TYPE, ATOM_MEDIA_TYPE)],
        atom::feed(&info, &alerts),
    )
        .into_response())
}

/// Who an advisory went to and who has acknowledged it.
#[utoipa::path(get, path = "/api/v1/advisories/{identifier}/recipients",
    responses((status = 200, body = [RecipientOut]), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn recipients(
    State(state): State<AppState>,
    _: Admin,
    path: Result<Path<String>, PathRejection>,
) -> ApiResult<Json<Vec<RecipientOut>>> {
    let Path(identifier) = path?;
    let advisory = find(&state, &identifier, true).await?;
    let list = state.store.advisory_recipients(advisory.id).await?;
    Ok(Json(list.into_iter().map(recipient_out).collect()))
}

/// An organisation acknowledges an advisory with its own link's token.
#[utoipa::path(post, path = "/api/v1/acknowledgements/{token}", request_body = AcknowledgeRequest,
    responses((status = 200, body = RecipientOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn acknowledge_api(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    body: Result<Json<AcknowledgeRequest>, JsonRejection>,
) -> ApiResult<Json<RecipientOut>> {
    let Path(token) = path?;
    let Json(request) = body?;
    let ack = state.store.acknowledge(&token, &request.by).await?;
    Ok(Json(recipient_out(ack.recipient)))
}
