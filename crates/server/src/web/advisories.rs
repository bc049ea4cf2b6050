//! Warnings on the web: the public list and pages (`/canh-bao`), each recipient organisation's
//! acknowledgement page (`/xac-nhan/{token}`: the token in the address is the organisation's
//! secret; the form also carries the CSRF token), and the admins' pages to write, publish and
//! follow them (`/phan-tich/canh-bao`). The checks and the publishing are the API's
//! ([`crate::advisory`]).

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use canhgiac_share::cap::{AdvisoryContent, AdvisoryText, NamedIndicator, Scope};
use canhgiac_share::vietnam_time;
use canhgiac_store::{StoreError, StoredAdvisory};

use super::ctx::{Ctx, Desk, Layout, Nav};
use super::form::{self, Form};
use super::i18n::{Choice, Lang, Text};
use super::problem::Problem;
use super::session::SignedInAdmin;
use super::view;
use crate::advisory::{self, AdvisoryRequest, RecipientOut};
use crate::wire::parse_rfc3339;
use crate::{ApiError, AppState};

#[derive(askama::Template)]
#[template(path = "advisories.html")]
struct ListPage {
    l: Layout,
    items: Vec<ListItem>,
}

#[derive(askama::Template)]
#[template(path = "advisory.html")]
struct AdvisoryPage {
    l: Layout,
    a: AdvisoryView,
}

#[derive(askama::Template)]
#[template(path = "acknowledge.html")]
struct AcknowledgePage {
    l: Layout,
    organisation: String,
    a: AdvisoryView,
    action: String,
    done: Option<String>,
    just_done: bool,
    error: Option<&'static str>,
    by: String,
}

#[derive(askama::Template)]
#[template(path = "desk_advisories.html")]
struct DeskListPage {
    l: Layout,
    items: Vec<ListItem>,
    f: FormView,
    error: Option<String>,
    organisations: Vec<OrganisationRow>,
    org_error: Option<String>,
}

/// One organisation in the admin's list.
struct OrganisationRow {
    name: String,
    group: String,
    email: String,
}

#[derive(askama::Template)]
#[template(path = "desk_advisory.html")]
struct DeskAdvisoryPage {
    l: Layout,
    a: AdvisoryView,
    draft: bool,
    just_published: bool,
    recipients: Vec<RecipientRow>,
}

struct ListItem {
    href: String,
    title: String,
    identifier: String,
    date: String,
    iso: String,
    /// For admins: draft, public, private.
    state: &'static str,
}

/// One language's text of an advisory, in paragraphs of lines.
struct TextView {
    lang: &'static str,
    title: String,
    event: String,
    body: Vec<Vec<String>>,
    instruction: Vec<Vec<String>>,
}

struct AdvisoryView {
    identifier: String,
    authority: String,
    published: Option<String>,
    published_iso: String,
    main: TextView,
    other: Option<TextView>,
    indicators: Vec<(&'static str, String)>,
    contact: String,
    hotline: String,
    hotline_digits: String,
    cap_href: String,
    public: bool,
}

struct RecipientRow {
    organisation: String,
    group: String,
    email: &'static str,
    emailed_at: Option<String>,
    acknowledged_at: Option<String>,
    acknowledged_by: Option<String>,
    /// The acknowledgement link: only right after publishing.
    link: Option<String>,
}

/// The new-advisory form as filled in.
struct FormView {
    identifier: String,
    title: String,
    event: String,
    body: String,
    instruction: String,
    title_en: String,
    event_en: String,
    body_en: String,
    instruction_en: String,
    contact_person: String,
    hotline: String,
    restriction: String,
    campaigns: String,
    indicators: String,
    expires: String,
    selects: Vec<SelectView>,
    groups: Vec<GroupChoice>,
}

struct SelectView {
    name: &'static str,
    label: &'static str,
    options: Vec<OptionView>,
}

struct OptionView {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

struct GroupChoice {
    id: String,
    name: String,
    organisations: usize,
    /// How many organisations, in words.
    count: String,
    checked: bool,
}

/// Paragraphs (split on blank lines) of lines.
fn paragraphs(text: &str) -> Vec<Vec<String>> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| p.lines().map(|l| l.trim_end().to_string()).collect())
        .collect()
}

fn text_view(lang: &'static str, text: &AdvisoryText) -> TextView {
    TextView {
        lang,
        title: text.title.trim().to_string(),
        event: text.event.trim().to_string(),
        body: paragraphs(&text.body),
        instruction: paragraphs(&text.instruction),
    }
}

fn advisory_view(state: &AppState, lang: Lang, advisory: &StoredAdvisory) -> AdvisoryView {
    let content = &advisory.content;
    let vietnamese = text_view("vi", &content.vietnamese);
    let english = content.english.as_ref().map(|e| text_view("en", e));
    // The page's language first when the advisory has it.
    let (main, other) = match (lang, english) {
        (Lang::En, Some(english)) => (english, Some(vietnamese)),
        (_, english) => (vietnamese, english),
    };
    let t = lang.text();
    AdvisoryView {
        identifier: advisory.identifier.clone(),
        authority: state.authority.name.trim().to_string(),
        published: advisory.published_at.map(|at| view::day_time(lang, at)),
        published_iso: advisory.published_at.map(vietnam_time).unwrap_or_default(),
        main,
        other,
        indicators: content
            .indicators
            .iter()
            .map(|i| {
                let kind = i
                    .kind
                    .parse::<canhgiac_core::indicators::IndicatorKind>()
                    .map_or("", |k| t.kind(k));
                (kind, i.value.clone())
            })
            .collect(),
        contact: content.contact_person.trim().to_string(),
        hotline: content.hotline.trim().to_string(),
        hotline_digits: content
            .hotline
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect(),
        cap_href: format!("/api/v1/advisories/{}/cap", advisory.identifier),
        public: content.scope == Scope::Public,
    }
}

fn list_item(lang: Lang, advisory: &StoredAdvisory, href: String) -> ListItem {
    let t = lang.text();
    ListItem {
        href,
        title: advisory.content.vietnamese.title.trim().to_string(),
        identifier: advisory.identifier.clone(),
        date: advisory
            .published_at
            .map(|at| view::day(lang, at))
            .unwrap_or_default(),
        iso: advisory.published_at.map(vietnam_time).unwrap_or_default(),
        state: match (advisory.published_at, advisory.content.scope) {
            (None, _) => t.advisory_draft,
            (Some(_), Scope::Public) => t.advisory_public,
            (Some(_), _) => t.advisory_private,
        },
    }
}

fn not_found() -> Problem {
    Problem::Api(ApiError::not_found("the advisory"))
}

// ---------------------------------------------------------------------------------------------
// Public pages.

/// `/canh-bao`: the published public advisories, newest first.
pub async fn list(ctx: Ctx, State(state): State<AppState>) -> Response {
    let result = async {
        let advisories = state
            .store
            .advisories(false)
            .await
            .map_err(ApiError::from)?;
        let items = advisories
            .iter()
            .filter(|a| advisory::readable(a, false))
            .map(|a| list_item(ctx.lang, a, format!("/canh-bao/{}", a.identifier)))
            .collect();
        let page = ListPage {
            l: ctx.layout(ctx.t().advisories_title, Some(Nav::Advisories)),
            items,
        };
        Ok(ctx.render(StatusCode::OK, &page))
    }
    .await;
    ctx.respond(result)
}

/// `/canh-bao/{identifier}`: one published public advisory.
pub async fn one(
    ctx: Ctx,
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let result = async {
        let Path(identifier) = path.map_err(|_| not_found())?;
        let advisory = state
            .store
            .advisory(&identifier)
            .await
            .map_err(ApiError::from)?
            .filter(|a| advisory::readable(a, false))
            .ok_or_else(not_found)?;
        let a = advisory_view(&state, ctx.lang, &advisory);
        let page = AdvisoryPage {
            l: ctx.layout(a.main.title.clone(), Some(Nav::Advisories)),
            a,
        };
        Ok(ctx.render(StatusCode::OK, &page))
    }
    .await;
    ctx.respond(result)
}

fn acknowledge_page(
    ctx: &Ctx,
    state: &AppState,
    token: &str,
    ack: &canhgiac_store::Acknowledgement,
    just_done: bool,
    error: Option<&'static str>,
) -> AcknowledgePage {
    let t = ctx.t();
    let recipient = &ack.recipient;
    let done = recipient.acknowledged_at.map(|at| {
        (t.acknowledged_note)(
            &recipient.organisation.name,
            &view::day_time(ctx.lang, at),
            recipient.acknowledged_by.as_deref().unwrap_or(""),
        )
    });
    AcknowledgePage {
        l: ctx.layout(t.acknowledge_title, None),
        organisation: recipient.organisation.name.clone(),
        a: advisory_view(state, ctx.lang, &ack.advisory),
        action: format!("/xac-nhan/{token}"),
        done,
        just_done,
        error,
        by: String::new(),
    }
}

/// `/xac-nhan/{token}`: the organisation reads the advisory and acknowledges it.
pub async fn acknowledge_form(
    ctx: Ctx,
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let result = async {
        let Path(token) = path.map_err(|_| not_found())?;
        let ack = state
            .store
            .acknowledgement(&token)
            .await
            .map_err(ApiError::from)?
            .ok_or_else(not_found)?;
        let page = acknowledge_page(&ctx, &state, &token, &ack, false, None);
        Ok(ctx.render(StatusCode::OK, &page))
    }
    .await;
    ctx.respond(result)
}

pub async fn acknowledge_submit(
    ctx: Ctx,
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = async {
        let Path(token) = path.map_err(|_| not_found())?;
        let form = form::read(&ctx, multipart, None).await?;
        let by = form.get("by").to_string();
        match state.store.acknowledge(&token, &by).await {
            Ok(ack) => {
                let page = acknowledge_page(&ctx, &state, &token, &ack, true, None);
                Ok(ctx.render(StatusCode::OK, &page))
            }
            Err(StoreError::NotFound) => Err(not_found()),
            Err(StoreError::Invalid(_)) => {
                let ack = state
                    .store
                    .acknowledgement(&token)
                    .await
                    .map_err(ApiError::from)?
                    .ok_or_else(not_found)?;
                let error = Some(ctx.t().acknowledge_by_missing);
                let mut page = acknowledge_page(&ctx, &state, &token, &ack, false, error);
                page.by = by;
                Ok(ctx.render(StatusCode::UNPROCESSABLE_ENTITY, &page))
            }
            Err(other) => Err(Problem::Api(other.into())),
        }
    }
    .await;
    ctx.respond(result)
}

// ---------------------------------------------------------------------------------------------
// Admins: write, publish, follow.

/// The CAP code values an admin chooses from, with their words.
fn selects(t: &Text, form: Option<&Form>) -> Vec<SelectView> {
    let chosen = |name: &str, default: &'static str| -> String {
        form.and_then(|f| f.opt(name))
            .unwrap_or_else(|| default.to_string())
    };
    let select = |name: &'static str,
                  label: &'static str,
                  choices: &'static [Choice],
                  default: &'static str| {
        let value = chosen(name, default);
        SelectView {
            name,
            label,
            options: choices
                .iter()
                .map(|c| OptionView {
                    value: c.value,
                    label: c.label,
                    selected: c.value == value,
                })
                .collect(),
        }
    };
    vec![
        select(
            "category",
            t.cap_category_label,
            t.cap_categories,
            "Security",
        ),
        select("severity", t.cap_severity_label, t.cap_severities, "Severe"),
        select("urgency", t.cap_urgency_label, t.cap_urgencies, "Expected"),
        select(
            "certainty",
            t.cap_certainty_label,
            t.cap_certainties,
            "Likely",
        ),
        select("scope", t.cap_scope_label, t.cap_scopes, "Public"),
    ]
}

async fn form_view(state: &AppState, t: &Text, form: Option<&Form>) -> Result<FormView, Problem> {
    let organisations = state.store.organisations().await.map_err(ApiError::from)?;
    let checked = form.map(|f| f.all("groups")).unwrap_or_default();
    let mut groups: Vec<GroupChoice> = Vec::new();
    for organisation in &organisations {
        match groups.iter_mut().find(|g| g.name == organisation.group) {
            Some(group) => group.organisations += 1,
            None => groups.push(GroupChoice {
                id: format!("group-{}", groups.len() + 1),
                checked: checked.contains(&organisation.group),
                name: organisation.group.clone(),
                organisations: 1,
                count: String::new(),
            }),
        }
    }
    for group in &mut groups {
        group.count = (t.adv_group_count)(group.organisations);
    }
    let get = |name: &str| form.map(|f| f.get(name).to_string()).unwrap_or_default();
    Ok(FormView {
        identifier: get("identifier"),
        title: get("title"),
        event: get("event"),
        body: get("body"),
        instruction: get("instruction"),
        title_en: get("title_en"),
        event_en: get("event_en"),
        body_en: get("body_en"),
        instruction_en: get("instruction_en"),
        contact_person: get("contact_person"),
        hotline: get("hotline"),
        restriction: get("restriction"),
        campaigns: get("campaigns"),
        indicators: get("indicators"),
        expires: get("expires"),
        selects: selects(t, form),
        groups,
    })
}

/// Which of the page's two forms a refusal belongs to.
enum DeskError {
    Advisory(String),
    Organisation(String),
}

async fn desk_list(
    ctx: &Ctx,
    state: &AppState,
    signed: &SignedInAdmin,
    form: Option<&Form>,
    error: Option<DeskError>,
    status: StatusCode,
) -> Result<Response, Problem> {
    let t = ctx.t();
    let advisories = state.store.advisories(true).await.map_err(ApiError::from)?;
    let items = advisories
        .iter()
        .map(|a| list_item(ctx.lang, a, format!("/phan-tich/canh-bao/{}", a.identifier)))
        .collect();
    let organisations = state
        .store
        .organisations()
        .await
        .map_err(ApiError::from)?
        .into_iter()
        .map(|o| OrganisationRow {
            name: o.name,
            group: o.group,
            email: o.email.unwrap_or_default(),
        })
        .collect();
    let (error, org_error) = match error {
        Some(DeskError::Advisory(message)) => (Some(message), None),
        Some(DeskError::Organisation(message)) => (None, Some(message)),
        None => (None, None),
    };
    let page = DeskListPage {
        l: ctx.desk_layout(t.desk_advisories, Some(Desk::Advisories), &signed.0.actor),
        items,
        f: form_view(state, t, form).await?,
        error,
        organisations,
        org_error,
    };
    Ok(ctx.render(status, &page))
}

pub async fn desk_advisories(
    ctx: Ctx,
    State(state): State<AppState>,
    signed: SignedInAdmin,
) -> Response {
    let result = desk_list(&ctx, &state, &signed, None, None, StatusCode::OK).await;
    ctx.respond(result)
}

/// A CAP code value from a select, as the content's JSON spells it.
fn code<T: serde::de::DeserializeOwned>(form: &Form, name: &str) -> Result<T, Problem> {
    serde_json::from_value(serde_json::Value::String(form.get(name).to_string()))
        .map_err(|_| Problem::BadForm)
}

/// A field the admin can correct: the form comes back with this sentence.
struct FieldError(String);

/// Campaign numbers, comma- or space-separated.
fn campaign_ids(t: &Text, text: &str) -> Result<Vec<i64>, FieldError> {
    text.split([',', ' ', ';', '\n', '\r', '\t'])
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            part.trim()
                .trim_start_matches('#')
                .parse::<i64>()
                .ok()
                .filter(|id| *id > 0)
                .ok_or_else(|| FieldError(format!("{}: {part}", t.err_advisory_campaigns)))
        })
        .collect()
}

/// One indicator a line; each recognised and normalised as a message's indicators are.
fn named_indicators(t: &Text, text: &str) -> Result<Vec<NamedIndicator>, FieldError> {
    let mut out: Vec<NamedIndicator> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let found = canhgiac_core::indicators::extract(line).indicators;
        if found.is_empty() {
            let shown: String = line.chars().take(80).collect();
            return Err(FieldError(format!("{}: {shown}", t.err_advisory_indicator)));
        }
        for indicator in found {
            let named = NamedIndicator {
                kind: indicator.kind.as_str().to_string(),
                value: indicator.value,
            };
            if !out.contains(&named) {
                out.push(named);
            }
        }
    }
    Ok(out)
}

/// The end of the chosen day in Vietnam (UTC+7), as Unix seconds.
fn expiry(t: &Text, text: &str) -> Result<Option<i64>, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = time::Date::parse(text, format)
        .map_err(|_| FieldError(t.err_advisory_expires.to_string()))?;
    let end = date
        .with_hms(23, 59, 59)
        .map_err(|_| FieldError(t.err_advisory_expires.to_string()))?
        .assume_offset(time::macros::offset!(+7));
    Ok(Some(end.unix_timestamp()))
}

fn advisory_request(t: &Text, form: &Form) -> Result<Result<AdvisoryRequest, FieldError>, Problem> {
    let (campaign_ids, indicators, expires) = match (
        campaign_ids(t, form.get("campaigns")),
        named_indicators(t, form.get("indicators")),
        expiry(t, form.get("expires")),
    ) {
        (Ok(c), Ok(i), Ok(e)) => (c, i, e),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return Ok(Err(e)),
    };
    let english = AdvisoryText {
        title: form.get("title_en").trim().to_string(),
        event: form.get("event_en").trim().to_string(),
        body: form.get("body_en").trim().to_string(),
        instruction: form.get("instruction_en").trim().to_string(),
    };
    let has_english = [
        &english.title,
        &english.event,
        &english.body,
        &english.instruction,
    ]
    .iter()
    .any(|s| !s.is_empty());
    let content = AdvisoryContent {
        vietnamese: AdvisoryText {
            title: form.get("title").trim().to_string(),
            event: form.get("event").trim().to_string(),
            body: form.get("body").trim().to_string(),
            instruction: form.get("instruction").trim().to_string(),
        },
        english: has_english.then_some(english),
        category: code(form, "category")?,
        response_types: Vec::new(),
        urgency: code(form, "urgency")?,
        severity: code(form, "severity")?,
        certainty: code(form, "certainty")?,
        scope: code(form, "scope")?,
        restriction: form.opt("restriction"),
        campaign_ids,
        indicators,
        contact_person: form.get("contact_person").trim().to_string(),
        hotline: form.get("hotline").trim().to_string(),
        expires,
    };
    Ok(Ok(AdvisoryRequest {
        identifier: form.get("identifier").trim().to_string(),
        content,
        recipient_groups: form.all("groups"),
    }))
}

/// Writes a draft; a refused one comes back in the form, with why.
pub async fn desk_create(
    ctx: Ctx,
    State(state): State<AppState>,
    signed: SignedInAdmin,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = async {
        let form = form::read(&ctx, multipart, None).await?;
        let request = match advisory_request(ctx.t(), &form)? {
            Ok(request) => request,
            Err(FieldError(message)) => {
                return desk_list(
                    &ctx,
                    &state,
                    &signed,
                    Some(&form),
                    Some(DeskError::Advisory(message)),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await
            }
        };
        let base = advisory::base_url(&state, &headers);
        match advisory::create_draft(&state, &signed.0.actor, &request, &base).await {
            Ok(created) => Ok(ctx.redirect(&format!(
                "/phan-tich/canh-bao/{}",
                super::ctx::encode(&created.identifier)
            ))),
            Err(error) if error.status.is_client_error() => {
                let t = ctx.t();
                let words = match error.code {
                    "conflict" => t.err_advisory_exists,
                    "invalid_advisory" => t.err_invalid_advisory,
                    _ => t.err_invalid_input,
                };
                let message = format!("{words} ({})", error.message);
                desk_list(
                    &ctx,
                    &state,
                    &signed,
                    Some(&form),
                    Some(DeskError::Advisory(message)),
                    error.status,
                )
                .await
            }
            Err(error) => Err(Problem::Api(error)),
        }
    }
    .await;
    ctx.respond(result)
}

fn recipient_row(t: &Text, lang: Lang, out: RecipientOut) -> RecipientRow {
    let when = |at: Option<String>| {
        at.as_deref()
            .and_then(parse_rfc3339)
            .map(|s| view::day_time(lang, s))
    };
    RecipientRow {
        email: match out.email.as_deref() {
            Some("sent") => t.email_sent,
            Some("failed") => t.email_failed,
            Some("no_address") => t.email_no_address,
            Some("not_configured") => t.email_not_configured,
            _ => t.email_none,
        },
        organisation: out.organisation.name,
        group: out.organisation.group,
        emailed_at: when(out.emailed_at),
        acknowledged_at: when(out.acknowledged_at),
        acknowledged_by: out.acknowledged_by,
        link: out.acknowledge_url,
    }
}

async fn desk_one_page(
    ctx: &Ctx,
    state: &AppState,
    signed: &SignedInAdmin,
    advisory: &StoredAdvisory,
    recipients: Vec<RecipientOut>,
    just_published: bool,
) -> Response {
    let t = ctx.t();
    let a = advisory_view(state, ctx.lang, advisory);
    let page = DeskAdvisoryPage {
        l: ctx.desk_layout(
            a.main.title.clone(),
            Some(Desk::Advisories),
            &signed.0.actor,
        ),
        a,
        draft: advisory.published_at.is_none(),
        just_published,
        recipients: recipients
            .into_iter()
            .map(|r| recipient_row(t, ctx.lang, r))
            .collect(),
    };
    ctx.render(StatusCode::OK, &page)
}

/// One advisory as its admin follows it: the "Nơi nhận" list.
pub async fn desk_advisory(
    ctx: Ctx,
    State(state): State<AppState>,
    signed: SignedInAdmin,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let result = async {
        let Path(identifier) = path.map_err(|_| not_found())?;
        let advisory = state
            .store
            .advisory(&identifier)
            .await
            .map_err(ApiError::from)?
            .ok_or_else(not_found)?;
        let recipients = state
            .store
            .advisory_recipients(advisory.id)
            .await
            .map_err(ApiError::from)?
            .into_iter()
            .map(advisory::recipient_out)
            .collect();
        Ok(desk_one_page(&ctx, &state, &signed, &advisory, recipients, false).await)
    }
    .await;
    ctx.respond(result)
}

/// Publishes a draft; the answer shows each organisation's link, this once.
pub async fn desk_publish(
    ctx: Ctx,
    State(state): State<AppState>,
    signed: SignedInAdmin,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = async {
        let Path(identifier) = path.map_err(|_| not_found())?;
        form::read(&ctx, multipart, None).await?;
        let base = advisory::base_url(&state, &headers);
        let (advisory, recipients) =
            advisory::publish_and_deliver(&state, &identifier, &base).await?;
        Ok(desk_one_page(&ctx, &state, &signed, &advisory, recipients, true).await)
    }
    .await;
    ctx.respond(result)
}

/// Adds an organisation to a recipient group (or updates its e-mail address), then shows the
/// list again.
pub async fn desk_add_organisation(
    ctx: Ctx,
    State(state): State<AppState>,
    signed: SignedInAdmin,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = async {
        let form = form::read(&ctx, multipart, None).await?;
        let email = form.opt("email");
        match state
            .store
            .add_organisation(form.get("name"), form.get("group"), email.as_deref())
            .await
        {
            Ok(_) => Ok(ctx.redirect("/phan-tich/canh-bao#organisations")),
            Err(StoreError::Invalid(message)) => {
                let message = format!("{} ({message})", ctx.t().err_invalid_input);
                desk_list(
                    &ctx,
                    &state,
                    &signed,
                    None,
                    Some(DeskError::Organisation(message)),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await
            }
            Err(error) => Err(Problem::Api(ApiError::from(error))),
        }
    }
    .await;
    ctx.respond(result)
}
