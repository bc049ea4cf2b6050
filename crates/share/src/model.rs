//! The export input: campaigns as the store confirms them, with their indicators and image
//! fingerprints, and the authority that publishes them.
//!
//! Deliberately has no field for who reported what: an export cannot leak a reporter's contact
//! details if it never receives them.

use serde::{Deserialize, Serialize};

/// Traffic Light Protocol 2.0 level, from least to most restrictive (the derived order is used
/// to pick the stricter of two markings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Tlp {
    #[serde(rename = "clear")]
    Clear,
    #[serde(rename = "green")]
    Green,
    #[serde(rename = "amber")]
    Amber,
    #[serde(rename = "amber+strict")]
    AmberStrict,
    #[serde(rename = "red")]
    Red,
}

impl Tlp {
    /// Every level, least restrictive first.
    pub const ALL: [Tlp; 5] = [
        Tlp::Clear,
        Tlp::Green,
        Tlp::Amber,
        Tlp::AmberStrict,
        Tlp::Red,
    ];

    /// The TLP 2.0 name in lower case, as the STIX TLP extension and MISP tags write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Tlp::Clear => "clear",
            Tlp::Green => "green",
            Tlp::Amber => "amber",
            Tlp::AmberStrict => "amber+strict",
            Tlp::Red => "red",
        }
    }

    /// The label people read, e.g. `TLP:AMBER+STRICT`.
    pub fn label(self) -> &'static str {
        match self {
            Tlp::Clear => "TLP:CLEAR",
            Tlp::Green => "TLP:GREEN",
            Tlp::Amber => "TLP:AMBER",
            Tlp::AmberStrict => "TLP:AMBER+STRICT",
            Tlp::Red => "TLP:RED",
        }
    }

    /// Whether material at this level may leave the authority at all: TLP:RED never does.
    pub fn may_leave(self) -> bool {
        self != Tlp::Red
    }
}

/// Kinds of indicator: the kinds of `canhgiac_core::indicators::IndicatorKind` (same names)
/// plus `domain` and `zalo`, which analysts add by hand to a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    Phone,
    Btc,
    Eth,
    Trx,
    BankAccount,
    Url,
    Domain,
    Email,
    Telegram,
    Zalo,
}

impl IndicatorKind {
    /// The name used across the project (`corpus/SPEC.md` for the core kinds).
    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorKind::Phone => "phone",
            IndicatorKind::Btc => "btc",
            IndicatorKind::Eth => "eth",
            IndicatorKind::Trx => "trx",
            IndicatorKind::BankAccount => "bank_account",
            IndicatorKind::Url => "url",
            IndicatorKind::Domain => "domain",
            IndicatorKind::Email => "email",
            IndicatorKind::Telegram => "telegram",
            IndicatorKind::Zalo => "zalo",
        }
    }

    /// Every kind, in a fixed order.
    pub const ALL: [IndicatorKind; 10] = [
        IndicatorKind::Phone,
        IndicatorKind::Btc,
        IndicatorKind::Eth,
        IndicatorKind::Trx,
        IndicatorKind::BankAccount,
        IndicatorKind::Url,
        IndicatorKind::Domain,
        IndicatorKind::Email,
        IndicatorKind::Telegram,
        IndicatorKind::Zalo,
    ];

    /// The ticker of the currency a wallet of this kind holds, for wallet kinds.
    pub fn currency_symbol(self) -> Option<&'static str> {
        match self {
            IndicatorKind::Btc => Some("BTC"),
            IndicatorKind::Eth => Some("ETH"),
            IndicatorKind::Trx => Some("TRX"),
            _ => None,
        }
    }

    /// Vietnamese name of the kind, for descriptions.
    pub fn vietnamese_name(self) -> &'static str {
        match self {
            IndicatorKind::Phone => "số điện thoại",
            IndicatorKind::Btc => "ví Bitcoin",
            IndicatorKind::Eth => "ví Ethereum",
            IndicatorKind::Trx => "ví TRON",
            IndicatorKind::BankAccount => "tài khoản ngân hàng",
            IndicatorKind::Url => "đường link",
            IndicatorKind::Domain => "tên miền",
            IndicatorKind::Email => "địa chỉ e-mail",
            IndicatorKind::Telegram => "tài khoản Telegram",
            IndicatorKind::Zalo => "tài khoản Zalo",
        }
    }
}

impl From<canhgiac_core::indicators::IndicatorKind> for IndicatorKind {
    fn from(kind: canhgiac_core::indicators::IndicatorKind) -> Self {
        use canhgiac_core::indicators::IndicatorKind as Core;
        match kind {
            Core::Phone => IndicatorKind::Phone,
            Core::Btc => IndicatorKind::Btc,
            Core::Eth => IndicatorKind::Eth,
            Core::Trx => IndicatorKind::Trx,
            Core::BankAccount => IndicatorKind::BankAccount,
            Core::Url => IndicatorKind::Url,
            Core::Email => IndicatorKind::Email,
            Core::Telegram => IndicatorKind::Telegram,
        }
    }
}

/// Where a campaign stands in the analysts' review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CampaignStatus {
    /// Linked automatically, not yet reviewed.
    Suspected,
    /// Confirmed by an analyst and still active.
    Confirmed,
    /// Confirmed and no longer active.
    Closed,
}

/// An amount in one currency (`VND`, `USDT`, `BTC`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Money {
    pub currency: String,
    /// Total demanded across the campaign's reports.
    pub demanded: f64,
    /// Total victims say they paid.
    pub paid: f64,
}

/// One indicator of a campaign: a scammer's phone, wallet, account, link or handle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    pub kind: IndicatorKind,
    /// Normalised as `canhgiac_core::indicators::normalize` does (E.164 phones, lower-case
    /// handles, …): the builders escape it but do not re-normalise it.
    pub value: String,
    /// Short bank name, for `bank_account`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank: Option<String>,
    /// Reports in this campaign that carry the indicator.
    pub reports: u64,
    /// Unix seconds.
    pub first_seen: i64,
    /// Unix seconds.
    pub last_seen: i64,
    /// A marking stricter than the campaign's, when an analyst set one; the stricter of the two
    /// applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tlp: Option<Tlp>,
}

/// A PDQ fingerprint of an image used in the campaign (never the image).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    /// 64 hexadecimal digits; anything else is skipped by the builders.
    pub pdq: String,
    /// Reports that registered this fingerprint.
    pub reports: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tlp: Option<Tlp>,
}

/// A campaign: reports linked by shared indicators and fingerprints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Campaign {
    /// The store's stable id; every exported id is derived from it.
    pub id: String,
    pub name: String,
    pub summary: String,
    /// Scam type name of `corpus/SPEC.md`, e.g. `deepfake_extortion`.
    pub scam_type: String,
    /// Unix seconds.
    pub first_seen: i64,
    /// Unix seconds.
    pub last_seen: i64,
    pub reports: u64,
    #[serde(default)]
    pub money: Vec<Money>,
    pub tlp: Tlp,
    pub status: CampaignStatus,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub fingerprints: Vec<Fingerprint>,
}

impl Campaign {
    /// The marking that applies to one of this campaign's indicators or fingerprints.
    pub fn effective_tlp(&self, own: Option<Tlp>) -> Tlp {
        own.map_or(self.tlp, |own| own.max(self.tlp))
    }

    /// The indicators that may leave: non-empty, not TLP:RED, sorted by kind and value.
    pub fn shareable_indicators(&self) -> Vec<&Indicator> {
        let mut indicators: Vec<&Indicator> = self
            .indicators
            .iter()
            .filter(|i| !i.value.trim().is_empty())
            .filter(|i| self.effective_tlp(i.tlp).may_leave())
            .collect();
        indicators.sort_by(|a, b| (a.kind, &a.value).cmp(&(b.kind, &b.value)));
        indicators
    }
}

/// The publishing authority: the only contact details any export carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authority {
    pub name: String,
    /// The person named for coordination.
    pub contact_person: String,
    pub hotline: String,
    pub email: String,
    pub address: String,
}
