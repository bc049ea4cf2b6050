//! Plain data going in and out of the store.

use serde::Serialize;

/// Report statuses.
pub mod status {
    pub const RECEIVED: &str = "received";
    pub const CONFIRMED: &str = "confirmed";
    pub const FALSE_POSITIVE: &str = "false_positive";
    pub const WITHDRAWN: &str = "withdrawn";
}

/// Where a report's indicator came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Extracted from the message text.
    Text,
    /// Added by the reporter.
    Reporter,
}

impl Origin {
    fn as_str(self) -> &'static str {
        match self {
            Origin::Text => "text",
            Origin::Reporter => "reporter",
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An indicator already normalised by the core.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct IndicatorKey {
    pub kind: String,
    pub value: String,
}

/// What the analysis said, as kept with the report.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnalysis {
    pub label: String,
    pub score: f64,
    pub scam_type: Option<String>,
    /// The whole Analysis JSON.
    pub json: String,
}

impl StoredAnalysis {
    /// What is kept of an analysis: verdict, score, type and the whole JSON.
    #[must_use]
    pub fn of(analysis: &canhgiac_core::Analysis) -> StoredAnalysis {
        StoredAnalysis {
            label: analysis.label.as_str().into(),
            score: f64::from(analysis.score),
            scam_type: analysis.scam_type.map(|t| t.as_str().to_string()),
            json: serde_json::to_string(analysis).unwrap_or_else(|_| "{}".into()),
        }
    }

    /// The indicators the analysis found in the text, as a report records them.
    #[must_use]
    pub fn text_indicators(analysis: &canhgiac_core::Analysis) -> Vec<(IndicatorKey, Origin)> {
        analysis
            .indicators
            .iter()
            .map(|i| {
                (
                    IndicatorKey {
                        kind: i.kind.as_str().into(),
                        value: i.value.clone(),
                    },
                    Origin::Text,
                )
            })
            .collect()
    }
}

/// A report as received, with its text analysed and its indicators normalised.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub text: String,
    pub channel: Option<String>,
    /// Unix seconds.
    pub received_at: Option<i64>,
    pub amount_demanded: Option<f64>,
    pub amount_paid: Option<f64>,
    pub currency: Option<String>,
    pub paid: Option<bool>,
    pub contact: Option<String>,
    pub consent_police: bool,
    /// PDQ hashes as 64 hex digits.
    pub fingerprints: Vec<String>,
    pub indicators: Vec<(IndicatorKey, Origin)>,
    pub analysis: StoredAnalysis,
}

/// What the reporter gets back: the reference and PIN are shown once and never again.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreatedReport {
    pub id: i64,
    pub reference: String,
    pub pin: String,
    pub indicators: Vec<IndicatorKey>,
    pub campaign_id: Option<i64>,
}

/// What a reporter may read of their own report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportStatus {
    pub reference: String,
    pub status: String,
    pub created_at: i64,
    pub campaign_id: Option<i64>,
    /// How many other reports share this report's campaign: the reporter is not alone.
    pub campaign_reports: i64,
}

/// The public look-up of one indicator: counts and dates only, never who reported.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lookup {
    pub kind: String,
    pub value: String,
    pub reports: i64,
    pub first_seen: Option<i64>,
    pub last_seen: Option<i64>,
    pub campaign_id: Option<i64>,
    pub verdict: Option<String>,
    pub sources: Vec<String>,
}

/// A report as an analyst sees it in a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportSummary {
    pub id: i64,
    pub created_at: i64,
    pub received_at: Option<i64>,
    pub channel: Option<String>,
    pub status: String,
    pub label: String,
    pub score: f64,
    pub scam_type: Option<String>,
    pub campaign_id: Option<i64>,
    pub amount_demanded: Option<f64>,
    pub amount_paid: Option<f64>,
    pub currency: Option<String>,
    pub paid: Option<bool>,
    pub text: String,
}

/// A report with everything the analyst may see, contact included (the read is audit-logged).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportDetail {
    #[serde(flatten)]
    pub summary: ReportSummary,
    pub contact: Option<String>,
    pub consent_police: bool,
    pub indicators: Vec<IndicatorKey>,
    pub fingerprints: Vec<String>,
    pub analysis: serde_json::Value,
    pub decisions: Vec<Decision>,
}

/// Filters for the analyst's report list.
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    pub status: Option<String>,
    pub campaign_id: Option<i64>,
    pub scam_type: Option<String>,
    pub label: Option<String>,
    /// Unix seconds, inclusive.
    pub since: Option<i64>,
    pub until: Option<i64>,
    /// Case-insensitive text search.
    pub text: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// Money totals of a campaign in one currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MoneyTotal {
    pub currency: Option<String>,
    pub demanded: f64,
    pub paid: f64,
    pub reports_paid: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignSummary {
    pub id: i64,
    pub created_at: i64,
    pub report_count: i64,
    pub indicator_count: i64,
    pub first_report: Option<i64>,
    pub last_report: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignIndicator {
    pub kind: String,
    pub value: String,
    pub reports: i64,
    pub verdict: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignMerge {
    pub from_campaign: i64,
    pub report_id: Option<i64>,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignDetail {
    #[serde(flatten)]
    pub summary: CampaignSummary,
    pub report_ids: Vec<i64>,
    pub indicators: Vec<CampaignIndicator>,
    pub money: Vec<MoneyTotal>,
    pub merges: Vec<CampaignMerge>,
    /// Pairs of report ids that share an indicator: the edges of the campaign graph.
    pub links: Vec<(i64, i64)>,
    /// Pairs of report ids whose images match: the graph's other edges.
    pub image_links: Vec<(i64, i64)>,
}

/// An analyst's decision on a report or an indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub id: i64,
    pub target: String,
    pub target_id: i64,
    pub decision: String,
    pub reason: String,
    pub user: String,
    pub at: i64,
}

/// Decisions on a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportDecision {
    Confirmed,
    FalsePositive,
}

/// Decisions on an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndicatorDecision {
    Confirmed,
    FalsePositive,
    /// Never links reports: a hotline, a bank's own number, an exchange's deposit wallet.
    Allowlisted,
}

impl ReportDecision {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ReportDecision::Confirmed => status::CONFIRMED,
            ReportDecision::FalsePositive => status::FALSE_POSITIVE,
        }
    }
}

impl IndicatorDecision {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorDecision::Confirmed => "confirmed",
            IndicatorDecision::FalsePositive => "false_positive",
            IndicatorDecision::Allowlisted => "allowlisted",
        }
    }
}

/// Roles beyond the public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Analyst,
    Admin,
}

impl Role {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Analyst => "analyst",
            Role::Admin => "admin",
        }
    }

    #[must_use]
    pub fn parse(name: &str) -> Option<Role> {
        match name {
            "analyst" => Some(Role::Analyst),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// A signed-in user (by token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actor {
    pub user_id: i64,
    pub name: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub created_at: i64,
    pub disabled: bool,
    pub tokens: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub report_id: Option<i64>,
}

/// One entry of a list or a partner's feed to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportEntry {
    pub key: IndicatorKey,
    pub source: String,
    /// The partner's marking; `None` for public lists. Only public and TLP:CLEAR sources show
    /// in public look-ups.
    pub tlp: Option<canhgiac_share::Tlp>,
}

/// What an import batch changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportStats {
    pub new_indicators: u64,
    pub new_sources: u64,
}

/// Totals for `/metrics` and the dashboard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub reports: i64,
    pub indicators: i64,
    pub campaigns: i64,
}
