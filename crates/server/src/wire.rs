//! JSON wire types of the HTTP API (field names as DESIGN.md "Contracts" names them). Times on
//! the wire are RFC 3339 strings in UTC.

use canhgiac_store as store;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};

/// RFC 3339 in UTC, or `None` for a time out of range.
pub fn rfc3339(unix: i64) -> Option<String> {
    OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
}

pub fn rfc3339_opt(unix: Option<i64>) -> Option<String> {
    unix.and_then(rfc3339)
}

/// Parses an RFC 3339 time into Unix seconds.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    OffsetDateTime::parse(text.trim(), &Rfc3339)
        .ok()
        .map(OffsetDateTime::unix_timestamp)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckRequest {
    /// The message as received.
    pub text: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorInput {
    /// One of phone, btc, eth, trx, bank_account, url, email, telegram.
    pub kind: String,
    /// The value in any spelling; it is normalised.
    pub value: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FingerprintInput {
    /// `pdq`.
    pub kind: String,
    /// 64 hex digits.
    pub value: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    pub text: String,
    /// Where the message came: zalo, sms, facebook, telegram, email…
    pub channel: Option<String>,
    /// RFC 3339.
    pub received_at: Option<String>,
    pub amount_demanded: Option<f64>,
    pub amount_paid: Option<f64>,
    pub currency: Option<String>,
    pub paid: Option<bool>,
    /// How police may reach the reporter; encrypted at rest, never shown publicly.
    pub contact: Option<String>,
    #[serde(default)]
    pub consent_police: bool,
    #[serde(default)]
    pub fingerprints: Vec<FingerprintInput>,
    /// Indicators the text lacks.
    #[serde(default)]
    pub indicators: Vec<IndicatorInput>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorOut {
    pub kind: String,
    pub value: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportCreated {
    pub id: i64,
    /// Quote this with the PIN to follow or withdraw the report.
    pub reference: String,
    /// Shown once; not stored in readable form.
    pub pin: String,
    pub indicators: Vec<IndicatorOut>,
    pub campaign_id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportStatusOut {
    pub reference: String,
    /// received, confirmed, false_positive or withdrawn.
    pub status: String,
    pub created_at: Option<String>,
    pub campaign_id: Option<i64>,
    /// Standing reports in the same campaign, this one included.
    pub campaign_reports: i64,
}

impl From<store::ReportStatus> for ReportStatusOut {
    fn from(s: store::ReportStatus) -> Self {
        ReportStatusOut {
            reference: s.reference,
            status: s.status,
            created_at: rfc3339(s.created_at),
            campaign_id: s.campaign_id,
            campaign_reports: s.campaign_reports,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LookupQuery {
    /// One of phone, btc, eth, trx, bank_account, url, email, telegram.
    pub kind: String,
    /// The value in any spelling.
    pub value: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LookupOut {
    pub kind: String,
    /// The normalised value.
    pub value: String,
    /// How many standing reports carry it.
    pub reports: i64,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub campaign_id: Option<i64>,
    /// An analyst's verdict: confirmed, false_positive or allowlisted.
    pub verdict: Option<String>,
    /// Public lists it appears on.
    pub sources: Vec<String>,
}

impl From<store::Lookup> for LookupOut {
    fn from(l: store::Lookup) -> Self {
        LookupOut {
            kind: l.kind,
            value: l.value,
            reports: l.reports,
            first_seen: rfc3339_opt(l.first_seen),
            last_seen: rfc3339_opt(l.last_seen),
            campaign_id: l.campaign_id,
            verdict: l.verdict,
            sources: l.sources,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportListQuery {
    pub status: Option<String>,
    pub label: Option<String>,
    pub scam_type: Option<String>,
    pub campaign_id: Option<i64>,
    /// RFC 3339.
    pub since: Option<String>,
    /// RFC 3339.
    pub until: Option<String>,
    /// Text contains (case-insensitive).
    pub q: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// `report` or `indicator`.
    pub target: String,
    /// The report id, for a report.
    pub report_id: Option<i64>,
    /// The indicator, for an indicator.
    pub kind: Option<String>,
    pub value: Option<String>,
    /// confirmed, false_positive, or (indicators only) allowlisted.
    pub decision: String,
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserRequest {
    pub name: String,
    /// analyst or admin.
    pub role: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenOut {
    pub user_id: i64,
    pub name: String,
    pub role: String,
    /// Shown once.
    pub token: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub store: String,
    pub model: String,
}
