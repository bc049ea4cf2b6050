//! The page handlers: each reads its input, calls what the API calls, and renders a template.

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use canhgiac_store::{NewFingerprint, StoreError};
use time::macros::format_description;
use time::{Date, PrimitiveDateTime, Time, UtcOffset};

use super::ctx::{query_value, Ctx, Layout, Nav};
use super::form::{self, Form};
use super::i18n::{Choice, Lang};
use super::problem::Problem;
use super::view::{self, CheckView, LookupView};
use crate::api;
use crate::wire::{rfc3339, ReportCreated, ReportRequest, ReportStatusOut};
use crate::AppState;

/// PDQ quality below which a picture's fingerprint says little (as the reference says).
const LOW_QUALITY: u8 = 50;

// ---------------------------------------------------------------------------------------------
// Templates.

#[derive(askama::Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub l: Layout,
    pub message: String,
}

#[derive(askama::Template)]
#[template(path = "check.html")]
struct CheckPage {
    l: Layout,
    text: String,
    result: Option<CheckView>,
}

#[derive(askama::Template)]
#[template(path = "lookup.html")]
struct LookupPage {
    l: Layout,
    kinds: Vec<Option_>,
    value: String,
    result: Option<LookupView>,
}

#[derive(askama::Template)]
#[template(path = "report.html")]
struct ReportPage {
    l: Layout,
    text: String,
    channels: Vec<Option_>,
    currencies: Vec<Option_>,
}

#[derive(askama::Template)]
#[template(path = "report_created.html")]
struct ReportCreatedPage {
    l: Layout,
    reference: String,
    pin: String,
    copy_text: String,
    advice: Vec<&'static str>,
}

#[derive(askama::Template)]
#[template(path = "status.html")]
struct StatusPage {
    l: Layout,
    status: Option<StatusView>,
}

#[derive(askama::Template)]
#[template(path = "photo.html")]
struct PhotoPage {
    l: Layout,
}

#[derive(askama::Template)]
#[template(path = "photo_registered.html")]
struct PhotoRegisteredPage {
    l: Layout,
    reference: String,
    pin: String,
    copy_text: String,
    fingerprints: String,
    low_quality: bool,
}

#[derive(askama::Template)]
#[template(path = "privacy.html")]
struct PrivacyPage {
    l: Layout,
}

/// An `<option>` with whether it is selected.
struct Option_ {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

fn options(choices: &'static [Choice], selected: &str) -> Vec<Option_> {
    choices
        .iter()
        .map(|c| Option_ {
            value: c.value,
            label: c.label,
            selected: c.value == selected,
        })
        .collect()
}

struct StatusView {
    reference: String,
    /// Kept in the withdrawal form, which the person already unlocked with it.
    pin: String,
    status: &'static str,
    withdrawn: bool,
    just_withdrawn: bool,
    created_on: Option<String>,
    campaign: Option<String>,
}

impl StatusView {
    fn new(lang: Lang, out: ReportStatusOut, pin: String, just_withdrawn: bool) -> StatusView {
        let t = lang.text();
        StatusView {
            withdrawn: out.status == "withdrawn",
            status: view::report_status(t, &out.status),
            created_on: out.created_at.as_deref().and_then(|d| view::date(lang, d)),
            campaign: out
                .campaign_id
                .map(|_| (t.campaign_reports)(out.campaign_reports)),
            reference: out.reference,
            pin,
            just_withdrawn,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Kiểm tra tin nhắn.

pub async fn check_form(ctx: Ctx) -> Response {
    let page = CheckPage {
        l: ctx.layout(ctx.t().check_title, Some(Nav::Check)),
        text: String::new(),
        result: None,
    };
    ctx.render(StatusCode::OK, &page)
}

pub async fn check_submit(
    ctx: Ctx,
    State(state): State<AppState>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = async {
        let form = form::read(&ctx, multipart, Some("image")).await?;
        let typed = form.get("text").to_string();
        // A screenshot is read only when no text was pasted.
        let (text, from_image) = match form.file {
            Some(image) if typed.trim().is_empty() => (api::recognise(image).await?.text, true),
            _ => (typed, false),
        };
        let (analysis, lookups) = api::check_with_lookups(&state, text.clone()).await?;
        let page = CheckPage {
            l: ctx.layout(ctx.t().check_title, Some(Nav::Check)),
            result: Some(CheckView::new(
                ctx.lang, text, &analysis, lookups, from_image,
            )),
            text: String::new(),
        };
        Ok(ctx.render(StatusCode::OK, &page))
    }
    .await;
    ctx.respond(result)
}

// ---------------------------------------------------------------------------------------------
// Tra cứu: a GET form, so a look-up is a link that can be shared and needs no token.

pub async fn lookup(ctx: Ctx, State(state): State<AppState>, uri: axum::http::Uri) -> Response {
    let result = async {
        let get = |name: &str| query_value(&uri, name).unwrap_or_default();
        let (kind, value) = (get("kind"), get("value"));
        let mut result = None;
        if !value.trim().is_empty() {
            let parsed = api::parse_kind(&kind)?;
            let normalised = api::normalize(parsed, &value)?;
            let found = api::lookup_indicator(&state, parsed.as_str(), &normalised).await?;
            result = Some(LookupView::new(ctx.lang, &found));
        }
        let t = ctx.t();
        let page = LookupPage {
            l: ctx.layout(t.lookup_title, Some(Nav::Lookup)),
            kinds: options(t.kinds, &kind),
            value,
            result,
        };
        Ok(ctx.render(StatusCode::OK, &page))
    }
    .await;
    ctx.respond(result)
}

// ---------------------------------------------------------------------------------------------
// Báo cáo.

fn report_page(ctx: &Ctx, text: String) -> Response {
    let t = ctx.t();
    let page = ReportPage {
        l: ctx.layout(t.report_title, Some(Nav::Report)),
        text,
        channels: options(t.channels, ""),
        currencies: options(t.currencies, ""),
    };
    ctx.render(StatusCode::OK, &page)
}

pub async fn report_form(ctx: Ctx) -> Response {
    report_page(&ctx, String::new())
}

/// Files a report; a form with `prefill` (from the check page) only fills the form in.
pub async fn report_submit(
    ctx: Ctx,
    State(state): State<AppState>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = async {
        let form = form::read(&ctx, multipart, None).await?;
        if form.has("prefill") {
            return Ok(report_page(&ctx, form.get("text").to_string()));
        }
        let request = report_request(&form)?;
        let created = api::file_report(&state, request).await?;
        Ok(report_created(&ctx, created))
    }
    .await;
    ctx.respond(result)
}

fn report_request(form: &Form) -> Result<ReportRequest, Problem> {
    let amount_paid = amount(form, "amount_paid")?;
    Ok(ReportRequest {
        text: form.get("text").to_string(),
        channel: form.opt("channel"),
        received_at: form.opt("received_on").map(|d| day_start(&d)).transpose()?,
        amount_demanded: amount(form, "amount_demanded")?,
        amount_paid,
        currency: form.opt("currency"),
        paid: amount_paid.map(|paid| paid > 0.0),
        contact: form.opt("contact"),
        consent_police: form.has("consent_police"),
        fingerprints: Vec::new(),
        indicators: Vec::new(),
    })
}

/// An amount as people type it: `2500`, `2 500`, `2.500.000` (dots group thousands in
/// Vietnamese), `12,5`.
fn amount(form: &Form, name: &str) -> Result<Option<f64>, Problem> {
    let Some(raw) = form.opt(name) else {
        return Ok(None);
    };
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let grouped_by_dots = compact.matches('.').count() > 1
        || compact
            .rsplit_once('.')
            .is_some_and(|(_, tail)| tail.len() == 3 && !compact.contains(','));
    let plain = if grouped_by_dots {
        compact.replace('.', "").replace(',', ".")
    } else {
        compact.replace(',', ".")
    };
    match plain.parse::<f64>() {
        Ok(value) if value.is_finite() && value >= 0.0 => Ok(Some(value)),
        _ => Err(Problem::Amount),
    }
}

/// A date from `<input type="date">` as the start of that day in Viet Nam, in RFC 3339.
fn day_start(text: &str) -> Result<String, Problem> {
    let day = Date::parse(text, format_description!("[year]-[month]-[day]"))
        .map_err(|_| Problem::Date)?;
    let offset = UtcOffset::from_hms(7, 0, 0).map_err(|_| Problem::Date)?;
    let start = PrimitiveDateTime::new(day, Time::MIDNIGHT).assume_offset(offset);
    rfc3339(start.unix_timestamp()).ok_or(Problem::Date)
}

fn report_created(ctx: &Ctx, created: ReportCreated) -> Response {
    let t = ctx.t();
    let advice = [
        canhgiac_core::advice::AdviceId::DoNotPay,
        canhgiac_core::advice::AdviceId::KeepEvidence,
        canhgiac_core::advice::AdviceId::ReportToPolice,
    ]
    .iter()
    .map(|id| id.text(ctx.lang.core()))
    .collect();
    let page = ReportCreatedPage {
        l: ctx.layout(t.created_title, Some(Nav::Report)),
        copy_text: format!(
            "{}: {}\n{}: {}",
            t.reference_label, created.reference, t.pin_label, created.pin
        ),
        reference: created.reference,
        pin: created.pin,
        advice,
    };
    ctx.render(StatusCode::CREATED, &page)
}

// ---------------------------------------------------------------------------------------------
// Trạng thái báo cáo and withdrawal: the PIN travels in the form body, never in a URL.

pub async fn status_form(ctx: Ctx) -> Response {
    let page = StatusPage {
        l: ctx.layout(ctx.t().status_title, Some(Nav::Report)),
        status: None,
    };
    ctx.render(StatusCode::OK, &page)
}

pub async fn status_submit(
    ctx: Ctx,
    State(state): State<AppState>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = async {
        let form = form::read(&ctx, multipart, None).await?;
        let (reference, pin) = reference_and_pin(&form);
        check_pin_limit(&ctx, &state)?;
        let found = state.store.report_status(&reference, &pin).await;
        let out = counted(&ctx, &state, found)?;
        Ok(status_page(&ctx, out, pin, false))
    }
    .await;
    ctx.respond(result)
}

pub async fn withdraw(
    ctx: Ctx,
    State(state): State<AppState>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = async {
        let form = form::read(&ctx, multipart, None).await?;
        if !form.has("confirm") {
            return Err(Problem::ConfirmWithdraw);
        }
        let (reference, pin) = reference_and_pin(&form);
        check_pin_limit(&ctx, &state)?;
        let done = state.store.withdraw_report(&reference, &pin).await;
        let out = counted(&ctx, &state, done)?;
        Ok(status_page(&ctx, out, pin, true))
    }
    .await;
    ctx.respond(result)
}

fn reference_and_pin(form: &Form) -> (String, String) {
    (
        canhgiac_store::secrets::canonical_reference(form.get("reference")),
        form.get("pin").trim().to_string(),
    )
}

/// The API's limit on wrong PINs per address, shared with the pages.
fn check_pin_limit(ctx: &Ctx, state: &AppState) -> Result<(), Problem> {
    state
        .pin_limiter
        .check(ctx.peer.ip())
        .map_err(Problem::RateLimited)
}

/// Counts a wrong PIN as the API does; a locked report has its own words.
fn counted(
    ctx: &Ctx,
    state: &AppState,
    result: Result<canhgiac_store::ReportStatus, StoreError>,
) -> Result<ReportStatusOut, Problem> {
    if let Err(StoreError::Locked { retry_after }) = &result {
        return Err(Problem::Locked(*retry_after));
    }
    Ok(api::count_wrong_pin(state, ctx.peer, result)?.into())
}

fn status_page(ctx: &Ctx, out: ReportStatusOut, pin: String, just_withdrawn: bool) -> Response {
    let page = StatusPage {
        l: ctx.layout(ctx.t().status_title, Some(Nav::Report)),
        status: Some(StatusView::new(ctx.lang, out, pin, just_withdrawn)),
    };
    ctx.render(StatusCode::OK, &page)
}

// ---------------------------------------------------------------------------------------------
// Bảo vệ ảnh: the picture is hashed in memory and dropped; only its fingerprints are stored.

pub async fn photo_form(ctx: Ctx) -> Response {
    let page = PhotoPage {
        l: ctx.layout(ctx.t().photo_title, Some(Nav::Photo)),
    };
    ctx.render(StatusCode::OK, &page)
}

pub async fn photo_submit(
    ctx: Ctx,
    State(state): State<AppState>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = async {
        let form = form::read(&ctx, multipart, Some("image")).await?;
        let bytes = form
            .file
            .ok_or_else(|| crate::ApiError::invalid("not_media", "choose a picture or a video"))?;
        let found = crate::media::fingerprint(bytes).await?;
        let hashes = found.hashes();
        let low_quality = hashes.iter().all(|(_, quality)| *quality < LOW_QUALITY);
        let fingerprints: Vec<NewFingerprint> = hashes
            .into_iter()
            .map(|(value, quality)| NewFingerprint {
                value,
                quality: Some(quality),
            })
            .collect();
        let created = state
            .store
            .register_fingerprints(&fingerprints)
            .await
            .map_err(crate::ApiError::from)?;
        let t = ctx.t();
        let page = PhotoRegisteredPage {
            l: ctx.layout(t.photo_done_title, Some(Nav::Photo)),
            copy_text: format!(
                "{}: {}\n{}: {}",
                t.reference_label, created.reference, t.pin_label, created.pin
            ),
            reference: created.reference,
            pin: created.pin,
            fingerprints: (t.photo_fingerprints)(created.fingerprints),
            low_quality,
        };
        Ok(ctx.render(StatusCode::CREATED, &page))
    }
    .await;
    ctx.respond(result)
}

// ---------------------------------------------------------------------------------------------
// Tự kiểm tra quyền riêng tư.

pub async fn privacy(ctx: Ctx) -> Response {
    let page = PrivacyPage {
        l: ctx.layout(ctx.t().privacy_title, Some(Nav::Privacy)),
    };
    ctx.render(StatusCode::OK, &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(value: &str) -> Form {
        let mut form = Form::default();
        form.push("a", value);
        form
    }

    #[test]
    fn amounts_as_typed() {
        for (typed, expected) in [
            ("2500", Some(2500.0)),
            ("2 500", Some(2500.0)),
            ("2.500.000", Some(2_500_000.0)),
            ("2.500", Some(2500.0)),
            ("12,5", Some(12.5)),
            ("0.25", Some(0.25)),
            ("", None),
        ] {
            assert_eq!(
                amount(&form(typed), "a").ok().flatten(),
                expected,
                "{typed}"
            );
        }
        for bad in ["-1", "abc", "NaN", "inf", "1e999"] {
            assert!(amount(&form(bad), "a").is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_start_the_day_in_viet_nam() {
        assert_eq!(
            day_start("2025-11-24").ok().as_deref(),
            Some("2025-11-23T17:00:00Z")
        );
        assert!(day_start("24/11/2025").is_err());
    }
}
