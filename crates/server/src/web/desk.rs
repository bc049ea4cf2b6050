//! The analysts' pages (`/phan-tich`): the dashboard, the report queue, each report with its
//! decision form, campaigns with their graph, and search. Every page needs a session; every
//! report read goes through the store's audited functions, as the API's do. A reporter's
//! contact shows only on the report's own page.

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::Response;
use canhgiac_core::taxonomy::ScamType;
use canhgiac_store::{status, CampaignDetail, ReportFilter, ReportSummary};

use super::charts::{self, BarChart, ColumnChart, Graph, RowInput};
use super::ctx::{query_value, Ctx, Desk, Layout};
use super::form;
use super::i18n::{Lang, Text};
use super::problem::Problem;
use super::session::SignedIn;
use super::view::{self, lookup_href};
use crate::{api, ApiError, AppState};

/// Reports one list page shows.
const LIST_LIMIT: i64 = 100;
/// Characters of a report's text shown in a list.
const EXCERPT_CHARS: usize = 160;

#[derive(askama::Template)]
#[template(path = "desk.html")]
struct DashboardPage {
    l: Layout,
    reports: i64,
    awaiting: i64,
    campaigns: i64,
    per_day: ColumnChart,
    by_type: BarChart,
    indicators: BarChart,
    money: BarChart,
}

#[derive(askama::Template)]
#[template(path = "desk_queue.html")]
struct QueuePage {
    l: Layout,
    statuses: Vec<StatusChoice>,
    rows: Vec<ReportRow>,
    paging: Paging,
}

/// Links to the pages before and after a list of reports.
struct Paging {
    number: i64,
    prev: Option<String>,
    next: Option<String>,
}

/// The page asked for (`page=N`, from 1) and its offset.
fn page_number(uri: &Uri) -> Result<i64, Problem> {
    match query_value(uri, "page") {
        None => Ok(1),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=100_000).contains(n))
            .ok_or(Problem::BadForm),
    }
}

/// The filter of page `number` of a list: its window of [`LIST_LIMIT`] reports.
fn page_filter(number: i64) -> ReportFilter {
    ReportFilter {
        limit: LIST_LIMIT,
        offset: (number - 1) * LIST_LIMIT,
        ..ReportFilter::default()
    }
}

/// Links for page `number` of `path` with `params`; a full page may have a next one.
fn paging(path: &str, params: &[(String, String)], number: i64, shown: usize) -> Paging {
    let link = |n: i64| {
        let mut pairs = params.to_vec();
        pairs.push(("page".into(), n.to_string()));
        format!("{path}?{}", super::ctx::encode_query(&pairs))
    };
    Paging {
        number,
        prev: (number > 1).then(|| link(number - 1)),
        next: (shown as i64 >= LIST_LIMIT).then(|| link(number + 1)),
    }
}

#[derive(askama::Template)]
#[template(path = "desk_search.html")]
struct SearchPage {
    l: Layout,
    q: String,
    searched: bool,
    rows: Vec<ReportRow>,
    paging: Paging,
}

#[derive(askama::Template)]
#[template(path = "desk_report.html")]
struct ReportPage {
    l: Layout,
    r: ReportView,
}

#[derive(askama::Template)]
#[template(path = "desk_campaign.html")]
struct CampaignPage {
    l: Layout,
    c: CampaignView,
    graph: Graph,
    /// Reports not drawn, in words.
    hidden: Option<String>,
}

struct StatusChoice {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

/// A report in a list.
struct ReportRow {
    id: i64,
    date: String,
    status: &'static str,
    status_class: &'static str,
    scam_type: &'static str,
    channel: String,
    excerpt: String,
    campaign: Option<i64>,
}

struct ReportView {
    id: i64,
    date: String,
    received: Option<String>,
    status: &'static str,
    status_class: &'static str,
    decided: bool,
    label: &'static str,
    score: String,
    scam_type: &'static str,
    channel: String,
    text: String,
    money: Vec<String>,
    contact: Option<String>,
    consent_police: bool,
    indicators: Vec<IndicatorRow>,
    /// How many image fingerprints, in words; `None` without any.
    fingerprints: Option<String>,
    decisions: Vec<DecisionRow>,
    campaign: Option<i64>,
}

struct IndicatorRow {
    kind: &'static str,
    value: String,
    href: String,
    /// How often reported, in words (campaign pages).
    reports: Option<String>,
    verdict: Option<&'static str>,
}

struct DecisionRow {
    at: String,
    decision: &'static str,
    reason: String,
    by: String,
}

struct CampaignView {
    reports: i64,
    first: Option<String>,
    last: Option<String>,
    indicators: Vec<IndicatorRow>,
    money: Vec<String>,
    timeline: Vec<TimelineItem>,
}

struct TimelineItem {
    date: String,
    text: String,
    href: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Words.

fn status_words(t: &Text, status: &str) -> (&'static str, &'static str) {
    match status {
        status::CONFIRMED => (t.status_confirmed, "confirmed"),
        status::FALSE_POSITIVE => (t.status_false_positive, "false_positive"),
        status::WITHDRAWN => (t.status_withdrawn, "withdrawn"),
        _ => (t.desk_status_received, "received"),
    }
}

fn scam_type_words(lang: Lang, scam_type: Option<&str>) -> &'static str {
    scam_type
        .and_then(ScamType::parse)
        .map_or(lang.text().desk_type_none, |s| s.describe(lang.core()))
}

fn verdict_words(t: &Text, verdict: Option<&str>) -> Option<&'static str> {
    match verdict? {
        "confirmed" => Some(t.verdict_confirmed),
        "false_positive" => Some(t.verdict_false_positive),
        "allowlisted" => Some(t.verdict_allowlisted),
        _ => None,
    }
}

fn kind_words(t: &Text, kind: &str) -> &'static str {
    kind.parse::<canhgiac_core::indicators::IndicatorKind>()
        .map_or("", |k| t.kind(k))
}

/// `12.500 USDT đã đòi, 1.000 USDT đã trả` per currency.
fn money_lines(lang: Lang, money: &[canhgiac_store::MoneyTotal]) -> Vec<String> {
    let t = lang.text();
    money
        .iter()
        .map(|m| {
            let currency = m.currency.as_deref().unwrap_or("");
            (t.desk_money_line)(
                &view::amount(lang, m.demanded),
                &view::amount(lang, m.paid),
                currency,
                m.reports_paid,
            )
        })
        .collect()
}

fn row(lang: Lang, report: &ReportSummary) -> ReportRow {
    let t = lang.text();
    let (status, status_class) = status_words(t, &report.status);
    ReportRow {
        id: report.id,
        date: view::day_time(lang, report.created_at),
        status,
        status_class,
        scam_type: scam_type_words(lang, report.scam_type.as_deref()),
        channel: report.channel.clone().unwrap_or_default(),
        excerpt: charts::shorten(report.text.trim(), EXCERPT_CHARS),
        campaign: report.campaign_id,
    }
}

fn path_id(path: Result<Path<i64>, PathRejection>, what: &str) -> Result<i64, Problem> {
    path.map(|Path(id)| id)
        .map_err(|_| Problem::Api(ApiError::not_found(what)))
}

// ---------------------------------------------------------------------------------------------
// Tổng quan.

pub async fn dashboard(ctx: Ctx, State(state): State<AppState>, signed: SignedIn) -> Response {
    let result = async {
        let lang = ctx.lang;
        let t = ctx.t();
        let d = state
            .store
            .dashboard(canhgiac_store::now())
            .await
            .map_err(ApiError::from)?;
        let days: Vec<(String, i64)> = d
            .per_day
            .iter()
            .map(|day| {
                let date = view::day(lang, day.day);
                // Day and month are enough under the axis.
                let short = match lang {
                    Lang::Vi => date.get(..5).unwrap_or(&date).to_string(),
                    Lang::En => date.get(5..).unwrap_or(&date).to_string(),
                };
                (short, day.reports)
            })
            .collect();
        let per_day = charts::columns("chart-per-day", t.chart_per_day.into(), &days, 7);
        let by_type = charts::bars(
            "chart-by-type",
            t.chart_by_type.into(),
            d.by_type
                .iter()
                .map(|x| RowInput {
                    label: scam_type_words(lang, x.scam_type.as_deref()).to_string(),
                    href: None,
                    values: vec![(x.reports as f64, x.reports.to_string(), "a")],
                })
                .collect(),
            false,
        );
        let indicators = charts::bars(
            "chart-indicators",
            t.chart_indicators.into(),
            d.top_indicators
                .iter()
                .map(|i| RowInput {
                    label: format!("{}: {}", kind_words(t, &i.kind), i.value),
                    href: i.campaign_id.map(|c| format!("/phan-tich/chien-dich/{c}")),
                    values: vec![(i.reports as f64, i.reports.to_string(), "a")],
                })
                .collect(),
            false,
        );
        let money = charts::bars(
            "chart-money",
            t.chart_money.into(),
            d.money
                .iter()
                .map(|m| {
                    let currency = m
                        .currency
                        .clone()
                        .unwrap_or_else(|| t.desk_no_currency.into());
                    RowInput {
                        values: vec![
                            (
                                m.demanded,
                                format!("{} {currency}", view::amount(lang, m.demanded)),
                                "a",
                            ),
                            (
                                m.paid,
                                format!("{} {currency}", view::amount(lang, m.paid)),
                                "b",
                            ),
                        ],
                        label: currency,
                        href: None,
                    }
                })
                .collect(),
            true,
        );
        let page = DashboardPage {
            l: ctx.desk_layout(t.desk_dashboard, Some(Desk::Dashboard), &signed.actor),
            reports: d.reports,
            awaiting: d.awaiting_review,
            campaigns: d.campaigns,
            per_day,
            by_type,
            indicators,
            money,
        };
        Ok(ctx.render(StatusCode::OK, &page))
    }
    .await;
    ctx.respond(result)
}

// ---------------------------------------------------------------------------------------------
// Báo cáo chờ xem xét, and search.

pub async fn queue(
    ctx: Ctx,
    State(state): State<AppState>,
    signed: SignedIn,
    uri: Uri,
) -> Response {
    let result = async {
        let t = ctx.t();
        let chosen = query_value(&uri, "status").unwrap_or_else(|| status::RECEIVED.into());
        let all = chosen == "all";
        let known = [
            status::RECEIVED,
            status::CONFIRMED,
            status::FALSE_POSITIVE,
            status::WITHDRAWN,
        ];
        if !all && !known.contains(&chosen.as_str()) {
            return Err(Problem::BadForm);
        }
        let number = page_number(&uri)?;
        let filter = ReportFilter {
            status: (!all).then(|| chosen.clone()),
            ..page_filter(number)
        };
        let mut reports = state
            .store
            .list_reports(&filter, &signed.actor)
            .await
            .map_err(ApiError::from)?;
        // Reports still waiting for a decision first; newest first within each group.
        reports.sort_by_key(|r| r.status != status::RECEIVED);
        let statuses = [
            (status::RECEIVED, t.desk_status_received),
            (status::CONFIRMED, t.status_confirmed),
            (status::FALSE_POSITIVE, t.status_false_positive),
            (status::WITHDRAWN, t.status_withdrawn),
            ("all", t.desk_status_all),
        ]
        .into_iter()
        .map(|(value, label)| StatusChoice {
            value,
            label,
            selected: value == chosen,
        })
        .collect();
        let page = QueuePage {
            l: ctx.desk_layout(t.desk_queue, Some(Desk::Queue), &signed.actor),
            statuses,
            paging: paging(
                "/phan-tich/bao-cao",
                &[("status".into(), chosen.clone())],
                number,
                reports.len(),
            ),
            rows: reports.iter().map(|r| row(ctx.lang, r)).collect(),
        };
        Ok(ctx.render(StatusCode::OK, &page))
    }
    .await;
    ctx.respond(result)
}

pub async fn search(
    ctx: Ctx,
    State(state): State<AppState>,
    signed: SignedIn,
    uri: Uri,
) -> Response {
    let result = async {
        let q = query_value(&uri, "q").unwrap_or_default();
        let words = q.trim();
        let number = page_number(&uri)?;
        let mut rows = Vec::new();
        if !words.is_empty() {
            let filter = ReportFilter {
                text: Some(words.to_string()),
                ..page_filter(number)
            };
            let reports = state
                .store
                .list_reports(&filter, &signed.actor)
                .await
                .map_err(ApiError::from)?;
            rows = reports.iter().map(|r| row(ctx.lang, r)).collect();
        }
        let page = SearchPage {
            l: ctx.desk_layout(ctx.t().desk_search, Some(Desk::Search), &signed.actor),
            searched: !words.is_empty(),
            paging: paging(
                "/phan-tich/tim-kiem",
                &[("q".into(), words.to_string())],
                number,
                rows.len(),
            ),
            q,
            rows,
        };
        Ok(ctx.render(StatusCode::OK, &page))
    }
    .await;
    ctx.respond(result)
}

// ---------------------------------------------------------------------------------------------
// One report and the decision on it.

pub async fn report(
    ctx: Ctx,
    State(state): State<AppState>,
    signed: SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Response {
    let result = async {
        let id = path_id(path, "report")?;
        let lang = ctx.lang;
        let t = ctx.t();
        // The audited read, as the API's report detail.
        let detail = api::analyst_report(&state, id, &signed.actor).await?;
        let s = &detail.summary;
        let (status, status_class) = status_words(t, &s.status);
        let mut money = Vec::new();
        if s.amount_demanded.is_some() || s.amount_paid.is_some() {
            money = money_lines(
                lang,
                &[canhgiac_store::MoneyTotal {
                    currency: s.currency.clone(),
                    demanded: s.amount_demanded.unwrap_or(0.0),
                    paid: s.amount_paid.unwrap_or(0.0),
                    reports_paid: i64::from(s.paid == Some(true)),
                }],
            );
        }
        let r = ReportView {
            id: s.id,
            date: view::day_time(lang, s.created_at),
            received: s.received_at.map(|at| view::day(lang, at)),
            status,
            status_class,
            decided: s.status != status::RECEIVED,
            label: if s.label == "scam" {
                t.desk_label_scam
            } else {
                t.desk_label_legit
            },
            score: format!("{:.2}", s.score),
            scam_type: scam_type_words(lang, s.scam_type.as_deref()),
            channel: s.channel.clone().unwrap_or_default(),
            text: s.text.clone(),
            money,
            contact: detail.contact.clone(),
            consent_police: detail.consent_police,
            indicators: detail
                .indicators
                .iter()
                .map(|i| IndicatorRow {
                    kind: kind_words(t, &i.kind),
                    href: lookup_href(&i.kind, &i.value),
                    value: i.value.clone(),
                    reports: None,
                    verdict: None,
                })
                .collect(),
            fingerprints: (!detail.fingerprints.is_empty())
                .then(|| (t.desk_fingerprints)(detail.fingerprints.len())),
            decisions: detail
                .decisions
                .iter()
                .map(|d| DecisionRow {
                    at: view::day_time(lang, d.at),
                    decision: status_words(t, &d.decision).0,
                    reason: d.reason.clone(),
                    by: d.user.clone(),
                })
                .collect(),
            campaign: s.campaign_id,
        };
        let page = ReportPage {
            l: ctx.desk_layout(
                (t.desk_report_title)(s.id),
                Some(Desk::Queue),
                &signed.actor,
            ),
            r,
        };
        Ok(ctx.render(StatusCode::OK, &page))
    }
    .await;
    ctx.respond(result)
}

/// Confirms a report or calls it a false positive, then shows the report again.
pub async fn decide(
    ctx: Ctx,
    State(state): State<AppState>,
    signed: SignedIn,
    path: Result<Path<i64>, PathRejection>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let result = async {
        let id = path_id(path, "report")?;
        let form = form::read(&ctx, multipart, None).await?;
        api::decide_on_report(
            &state,
            id,
            form.get("decision"),
            form.get("reason"),
            &signed.actor,
        )
        .await?;
        Ok(ctx.redirect(&format!("/phan-tich/bao-cao/{id}")))
    }
    .await;
    ctx.respond(result)
}

// ---------------------------------------------------------------------------------------------
// Chiến dịch.

pub async fn campaign(
    ctx: Ctx,
    State(state): State<AppState>,
    signed: SignedIn,
    path: Result<Path<i64>, PathRejection>,
) -> Response {
    let result = async {
        let id = path_id(path, "campaign")?;
        let detail = api::campaign_detail(&state, id).await?;
        // A merged campaign answers as the one it became: show that one's address.
        if detail.summary.id != id {
            return Ok(ctx.redirect(&format!("/phan-tich/chien-dich/{}", detail.summary.id)));
        }
        let filter = ReportFilter {
            campaign_id: Some(id),
            limit: 500,
            ..ReportFilter::default()
        };
        let mut reports = state
            .store
            .list_reports(&filter, &signed.actor)
            .await
            .map_err(ApiError::from)?;
        reports.retain(|r| r.status != status::WITHDRAWN);
        reports.sort_by_key(|r| (r.created_at, r.id));
        let page = campaign_page(&ctx, &signed, &detail, &reports);
        Ok(ctx.render(StatusCode::OK, &page))
    }
    .await;
    ctx.respond(result)
}

fn campaign_page(
    ctx: &Ctx,
    signed: &SignedIn,
    detail: &CampaignDetail,
    reports: &[ReportSummary],
) -> CampaignPage {
    let lang = ctx.lang;
    let t = ctx.t();
    let id = detail.summary.id;
    let nodes: Vec<(i64, String, &'static str)> = reports
        .iter()
        .map(|r| {
            let (status, class) = status_words(t, &r.status);
            let title = format!("#{} · {} · {}", r.id, view::day(lang, r.created_at), status);
            (r.id, title, class)
        })
        .collect();
    let links: Vec<(i64, i64, &'static str)> = detail
        .links
        .iter()
        .map(|(a, b)| (*a, *b, "indicator"))
        .chain(detail.image_links.iter().map(|(a, b)| (*a, *b, "image")))
        .collect();
    let graph = charts::graph(
        "campaign-graph",
        (t.campaign_graph_label)(id),
        &nodes,
        &links,
    );
    let mut timeline: Vec<(i64, TimelineItem)> = reports
        .iter()
        .map(|r| {
            let (status, _) = status_words(t, &r.status);
            (
                r.created_at,
                TimelineItem {
                    date: view::day_time(lang, r.created_at),
                    text: format!(
                        "#{} · {} · {} — {}",
                        r.id,
                        scam_type_words(lang, r.scam_type.as_deref()),
                        status,
                        charts::shorten(r.text.trim(), 90)
                    ),
                    href: Some(format!("/phan-tich/bao-cao/{}", r.id)),
                },
            )
        })
        .collect();
    for merge in &detail.merges {
        timeline.push((
            merge.at,
            TimelineItem {
                date: view::day_time(lang, merge.at),
                text: (t.campaign_merged)(merge.from_campaign),
                href: None,
            },
        ));
    }
    timeline.sort_by_key(|(at, _)| *at);
    let c = CampaignView {
        reports: detail.summary.report_count,
        first: detail.summary.first_report.map(|at| view::day(lang, at)),
        last: detail.summary.last_report.map(|at| view::day(lang, at)),
        indicators: detail
            .indicators
            .iter()
            .map(|i| IndicatorRow {
                kind: kind_words(t, &i.kind),
                href: lookup_href(&i.kind, &i.value),
                value: i.value.clone(),
                reports: Some((t.reported_times)(i.reports)),
                verdict: verdict_words(t, i.verdict.as_deref()),
            })
            .collect(),
        money: money_lines(lang, &detail.money),
        timeline: timeline.into_iter().map(|(_, item)| item).collect(),
    };
    CampaignPage {
        l: ctx.desk_layout((t.campaign_title)(id), None, &signed.actor),
        c,
        hidden: (graph.hidden > 0).then(|| (t.campaign_hidden)(graph.hidden)),
        graph,
    }
}
