//! STIX 2.1 bundles of campaigns, for CERTs and threat-intelligence platforms (OpenCTI, MISP's
//! STIX import, TAXII clients).
//!
//! A bundle holds: the TLP 2.0 marking definitions it uses (their published OASIS ids); the
//! authority's `identity` with its contact details; per campaign a `campaign`, one `indicator`
//! with a STIX pattern per indicator and fingerprint, the observables those patterns describe,
//! `indicates` and `based-on` relationships, and a `sighting` that carries the report count; and
//! one `report` that references everything. Phones, crypto wallets and bank accounts are the
//! custom observables OpenCTI uses (`phone-number`, `cryptocurrency-wallet`, `bank-account`),
//! declared through `extension-definition` objects; Telegram and Zalo handles are
//! `user-account`s; image fingerprints are `file`s with a `PDQ` hash.
//!
//! Ids are derived from content (UUIDv5), never random, so a re-export updates the partner's
//! objects instead of duplicating them; observables use the specification's own id recipe.

use std::collections::{BTreeSet, HashSet};

use serde_json::{json, Map, Value};

use crate::ids::{content_uuid, sco_id, stix_id};
use crate::model::{Authority, Campaign, CampaignStatus, IndicatorKind, Tlp};
use crate::privacy::{redact_contacts, shareable_contacts};
use crate::timefmt;

/// The OASIS extension definition that TLP 2.0 marking definitions use.
pub const TLP_EXTENSION_ID: &str = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

/// When OASIS published the TLP 2.0 marking definitions: their fixed `created`.
const TLP_MARKINGS_CREATED: &str = "2022-10-01T00:00:00.000Z";

/// Fixed `created` of the objects that describe Cảnh Giác itself (the identity, the extension
/// definitions), 2024-12-01T00:00:00Z, so each keeps one version history across exports.
const DEFINITIONS_CREATED: i64 = 1_733_011_200;

/// The largest `count` a sighting may carry.
const MAX_SIGHTING_COUNT: u64 = 999_999_999;

/// The published STIX id of a TLP 2.0 marking definition.
pub fn marking_id(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        Tlp::Green => "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        Tlp::Amber => "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        Tlp::AmberStrict => "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        Tlp::Red => "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
    }
}

/// The TLP 2.0 marking definition object, exactly as OASIS publishes it.
pub fn marking_definition(tlp: Tlp) -> Value {
    json!({
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": marking_id(tlp),
        "created": TLP_MARKINGS_CREATED,
        "name": tlp.label(),
        "extensions": {
            TLP_EXTENSION_ID: {
                "extension_type": "property-extension",
                "tlp_2_0": tlp.as_str(),
            }
        }
    })
}

/// The observable types OpenCTI defines that STIX 2.1 lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum CustomObservable {
    PhoneNumber,
    CryptocurrencyWallet,
    BankAccount,
}

impl CustomObservable {
    fn type_name(self) -> &'static str {
        match self {
            CustomObservable::PhoneNumber => "phone-number",
            CustomObservable::CryptocurrencyWallet => "cryptocurrency-wallet",
            CustomObservable::BankAccount => "bank-account",
        }
    }

    fn extension_id(self) -> String {
        stix_id("extension-definition", &["new-sco", self.type_name()])
    }

    /// The plain-text definition the extension's `schema` carries.
    fn schema(self) -> &'static str {
        match self {
            CustomObservable::PhoneNumber => {
                "phone-number: a telephone number. Properties: value (string, required, in E.164 \
                 form: a plus sign, the country code, the national number). Id-contributing property: value. Same shape as OpenCTI's \
                 Phone-Number observable."
            }
            CustomObservable::CryptocurrencyWallet => {
                "cryptocurrency-wallet: a cryptocurrency address. Properties: value (string, \
                 required; Bitcoin base58check or bech32, Ethereum EIP-55, TRON base58check). \
                 Id-contributing property: value. Same shape as OpenCTI's Cryptocurrency-Wallet \
                 observable."
            }
            CustomObservable::BankAccount => {
                "bank-account: a bank account. Properties: account_number (string, required, \
                 digits only), bank_name (string, optional, the bank's short name). \
                 Id-contributing property: account_number. Same shape as OpenCTI's Bank-Account \
                 observable plus bank_name."
            }
        }
    }

    fn description(self) -> &'static str {
        match self {
            CustomObservable::PhoneNumber => "Số điện thoại (E.164) / Telephone number (E.164).",
            CustomObservable::CryptocurrencyWallet => {
                "Địa chỉ ví tiền mã hoá / Cryptocurrency wallet address."
            }
            CustomObservable::BankAccount => "Số tài khoản ngân hàng / Bank account number.",
        }
    }
}

/// Escapes a string for a single-quoted STIX pattern literal.
fn pattern_literal(value: &str) -> String {
    value.replace('\\', "\\\\").replace('\'', "\\'")
}

/// The STIX pattern that matches an indicator value.
pub fn pattern(kind: IndicatorKind, value: &str) -> String {
    let v = pattern_literal(value);
    match kind {
        IndicatorKind::Phone => format!("[phone-number:value = '{v}']"),
        IndicatorKind::Btc | IndicatorKind::Eth | IndicatorKind::Trx => {
            format!("[cryptocurrency-wallet:value = '{v}']")
        }
        IndicatorKind::BankAccount => format!("[bank-account:account_number = '{v}']"),
        IndicatorKind::Url => format!("[url:value = '{v}']"),
        IndicatorKind::Domain => format!("[domain-name:value = '{v}']"),
        IndicatorKind::Email => format!("[email-addr:value = '{v}']"),
        IndicatorKind::Telegram => format!(
            "[user-account:account_type = 'telegram' AND user-account:account_login = '{v}']"
        ),
        IndicatorKind::Zalo => {
            format!("[user-account:account_type = 'zalo' AND user-account:account_login = '{v}']")
        }
    }
}

/// The STIX pattern that matches an image by its PDQ hash.
pub fn pdq_pattern(pdq: &str) -> String {
    format!("[file:hashes.PDQ = '{}']", pattern_literal(pdq))
}

/// A PDQ hash as the builders accept it: 64 hexadecimal digits, lower-cased.
pub(crate) fn valid_pdq(pdq: &str) -> Option<String> {
    let pdq = pdq.trim();
    (pdq.len() == 64 && pdq.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| pdq.to_ascii_lowercase())
}

/// A non-empty display name: the text, or the fallback when the text is blank.
pub(crate) fn non_blank(text: &str, fallback: impl FnOnce() -> String) -> String {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        fallback()
    } else {
        trimmed.to_owned()
    }
}

/// An amount written the way people read it: no exponent, no trailing zeros.
pub(crate) fn amount(value: f64) -> Option<String> {
    if !value.is_finite() || value < 0.0 {
        return None;
    }
    let text = format!("{value:.8}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    Some(text.to_owned())
}

/// The campaign's name as it may leave: the analysts' name with stray contacts redacted.
pub(crate) fn campaign_name(campaign: &Campaign, authority: &Authority) -> String {
    let allowed = shareable_contacts(campaign, authority);
    let name = redact_contacts(&campaign.name, &allowed);
    non_blank(&name, || format!("Chiến dịch {}", campaign.id.trim()))
}

/// Vietnamese description of a campaign: its summary (stray contacts redacted) and the facts an
/// analyst checks first.
pub(crate) fn campaign_description(campaign: &Campaign, authority: &Authority) -> String {
    let allowed = shareable_contacts(campaign, authority);
    let mut text = redact_contacts(campaign.summary.trim(), &allowed);
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    let status = match campaign.status {
        CampaignStatus::Suspected => "nghi vấn, chưa xác minh",
        CampaignStatus::Confirmed => "đã xác minh, đang hoạt động",
        CampaignStatus::Closed => "đã xác minh, đã kết thúc",
    };
    text.push_str(&format!(
        "Loại lừa đảo: {}. Số báo cáo: {}. Trạng thái: {status}.",
        campaign.scam_type.trim(),
        campaign.reports
    ));
    for money in &campaign.money {
        let currency = money.currency.trim();
        if let (Some(demanded), Some(paid)) = (amount(money.demanded), amount(money.paid)) {
            text.push_str(&format!(
                "\nTiền bị đòi: {demanded} {currency}; nạn nhân đã chuyển: {paid} {currency}."
            ));
        }
    }
    text
}

/// Collects objects once each, in insertion order.
struct Objects {
    list: Vec<Value>,
    seen: HashSet<String>,
    markings: BTreeSet<Tlp>,
    custom: BTreeSet<CustomObservable>,
}

impl Objects {
    fn push(&mut self, object: Value) -> bool {
        let id = object
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if !self.seen.insert(id) {
            return false;
        }
        self.list.push(object);
        true
    }

    /// `object_marking_refs` for `tlp`, remembering that its definition must be in the bundle.
    fn marking(&mut self, tlp: Tlp) -> Value {
        self.markings.insert(tlp);
        json!([marking_id(tlp)])
    }
}

/// The observable an indicator's pattern describes: its id and the object.
fn observable(
    kind: IndicatorKind,
    value: &str,
    bank: Option<&str>,
    objects: &mut Objects,
    tlp: Tlp,
) -> (String, Value) {
    let custom = match kind {
        IndicatorKind::Phone => Some(CustomObservable::PhoneNumber),
        IndicatorKind::Btc | IndicatorKind::Eth | IndicatorKind::Trx => {
            Some(CustomObservable::CryptocurrencyWallet)
        }
        IndicatorKind::BankAccount => Some(CustomObservable::BankAccount),
        _ => None,
    };
    let (object_type, contributing) = match kind {
        IndicatorKind::Phone => ("phone-number", json!({ "value": value })),
        IndicatorKind::Btc | IndicatorKind::Eth | IndicatorKind::Trx => {
            ("cryptocurrency-wallet", json!({ "value": value }))
        }
        IndicatorKind::BankAccount => ("bank-account", json!({ "account_number": value })),
        IndicatorKind::Url => ("url", json!({ "value": value })),
        IndicatorKind::Domain => ("domain-name", json!({ "value": value })),
        IndicatorKind::Email => ("email-addr", json!({ "value": value })),
        IndicatorKind::Telegram => (
            "user-account",
            json!({ "account_type": "telegram", "account_login": value }),
        ),
        IndicatorKind::Zalo => (
            "user-account",
            json!({ "account_type": "zalo", "account_login": value }),
        ),
    };
    let id = sco_id(object_type, &contributing);
    let mut object = Map::new();
    object.insert("type".into(), json!(object_type));
    object.insert("spec_version".into(), json!("2.1"));
    object.insert("id".into(), json!(id));
    if let Value::Object(properties) = contributing {
        object.extend(properties);
    }
    if let (IndicatorKind::BankAccount, Some(bank)) = (kind, bank) {
        if !bank.trim().is_empty() {
            object.insert("bank_name".into(), json!(bank.trim()));
        }
    }
    if let Some(custom) = custom {
        objects.custom.insert(custom);
        object.insert(
            "extensions".into(),
            json!({ custom.extension_id(): { "extension_type": "new-sco" } }),
        );
    }
    object.insert("object_marking_refs".into(), objects.marking(tlp));
    (id, Value::Object(object))
}

/// What one indicator or fingerprint contributes, before it becomes objects.
struct Observation<'a> {
    key: [&'a str; 2],
    pattern: String,
    name: String,
    description: String,
    observable: (String, Value),
    reports: u64,
    first_seen: i64,
    last_seen: i64,
    tlp: Tlp,
}

/// Adds the indicator, its observable, its relationships and its sighting.
fn add_observation(
    objects: &mut Objects,
    identity_id: &str,
    campaign_id: &str,
    observation: Observation<'_>,
) {
    let first_seen = observation.first_seen;
    let last_seen = observation.last_seen.max(first_seen);
    let created = timefmt::stix(first_seen);
    let modified = timefmt::stix(last_seen);
    let tlp = observation.tlp;
    let (observable_id, observable_object) = observation.observable;
    objects.push(observable_object);

    let indicator_id = stix_id("indicator", &observation.key);
    let marking = objects.marking(tlp);
    objects.push(json!({
        "type": "indicator",
        "spec_version": "2.1",
        "id": indicator_id,
        "created": created,
        "modified": modified,
        "created_by_ref": identity_id,
        "name": observation.name,
        "description": observation.description,
        "indicator_types": ["malicious-activity"],
        "pattern": observation.pattern,
        "pattern_type": "stix",
        "pattern_version": "2.1",
        "valid_from": created,
        "labels": [observation.key[0]],
        "object_marking_refs": marking,
    }));

    for (relationship_type, target) in [("indicates", campaign_id), ("based-on", &observable_id)] {
        let marking = objects.marking(tlp);
        objects.push(json!({
            "type": "relationship",
            "spec_version": "2.1",
            "id": stix_id("relationship", &[relationship_type, &indicator_id, target]),
            "created": created,
            "modified": modified,
            "created_by_ref": identity_id,
            "relationship_type": relationship_type,
            "source_ref": indicator_id,
            "target_ref": target,
            "object_marking_refs": marking,
        }));
    }

    let marking = objects.marking(tlp);
    objects.push(json!({
        "type": "sighting",
        "spec_version": "2.1",
        "id": stix_id("sighting", &[&indicator_id, campaign_id]),
        "created": created,
        "modified": modified,
        "created_by_ref": identity_id,
        "description": format!(
            "Người dân đã báo cáo {} lần trong chiến dịch này.",
            observation.reports
        ),
        "first_seen": created,
        "last_seen": modified,
        "count": observation.reports.min(MAX_SIGHTING_COUNT),
        "sighting_of_ref": indicator_id,
        "where_sighted_refs": [identity_id],
        "object_marking_refs": marking,
    }));
}

/// The authority's identity, with the contact details partners use to reach it.
fn identity(authority: &Authority, identity_id: &str, created: i64) -> Value {
    let name = non_blank(&authority.name, || "Cơ quan phát hành".to_owned());
    let mut contact = Vec::new();
    for (label, value) in [
        ("Người liên hệ", &authority.contact_person),
        ("Đường dây nóng", &authority.hotline),
        ("E-mail", &authority.email),
        ("Địa chỉ", &authority.address),
    ] {
        if !value.trim().is_empty() {
            contact.push(format!("{label}: {}", value.trim()));
        }
    }
    let mut object = json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": identity_id,
        "created": timefmt::stix(DEFINITIONS_CREATED),
        "modified": timefmt::stix(created.max(DEFINITIONS_CREATED)),
        "name": name,
        "identity_class": "organization",
        "sectors": ["government"],
        "object_marking_refs": [marking_id(Tlp::Clear)],
    });
    if !contact.is_empty() {
        object["contact_information"] = json!(contact.join("; "));
    }
    object
}

/// Builds the STIX 2.1 bundle of `campaigns` published by `authority`.
///
/// `created` (unix seconds) is the export time: the report's `published` and the bundle id use
/// it; every other object's timestamps come from the campaigns, so two exports of unchanged
/// campaigns give the same objects. TLP:RED campaigns, indicators and fingerprints are left out;
/// indicators with blank values and fingerprints that are not 64 hex digits are skipped.
pub fn bundle(authority: &Authority, campaigns: &[Campaign], created: i64) -> Value {
    let mut objects = Objects {
        list: Vec::new(),
        seen: HashSet::new(),
        markings: BTreeSet::new(),
        custom: BTreeSet::new(),
    };
    let identity_name = non_blank(&authority.name, || "Cơ quan phát hành".to_owned());
    let identity_id = stix_id("identity", &[&identity_name]);
    objects.markings.insert(Tlp::Clear);

    let mut shared: Vec<&Campaign> = campaigns.iter().filter(|c| c.tlp.may_leave()).collect();
    shared.sort_by(|a, b| a.id.cmp(&b.id));
    shared.dedup_by(|a, b| a.id == b.id);

    let mut report_tlp = Tlp::Clear;
    for campaign in &shared {
        report_tlp = report_tlp.max(campaign.tlp);
        let campaign_id = stix_id("campaign", &[&campaign.id]);
        let first_seen = campaign.first_seen;
        let last_seen = campaign.last_seen.max(first_seen);
        let marking = objects.marking(campaign.tlp);
        let mut object = json!({
            "type": "campaign",
            "spec_version": "2.1",
            "id": campaign_id,
            "created": timefmt::stix(first_seen),
            "modified": timefmt::stix(last_seen),
            "created_by_ref": identity_id,
            "name": campaign_name(campaign, authority),
            "description": campaign_description(campaign, authority),
            "first_seen": timefmt::stix(first_seen),
            "last_seen": timefmt::stix(last_seen),
            "object_marking_refs": marking,
        });
        if !campaign.scam_type.trim().is_empty() {
            object["labels"] = json!([campaign.scam_type.trim()]);
        }
        objects.push(object);

        for indicator in campaign.shareable_indicators() {
            let tlp = campaign.effective_tlp(indicator.tlp);
            let value = indicator.value.as_str();
            let observable = observable(
                indicator.kind,
                value,
                indicator.bank.as_deref(),
                &mut objects,
                tlp,
            );
            let mut description = format!(
                "{} được người dân báo cáo là của đối tượng lừa đảo.",
                capitalise(indicator.kind.vietnamese_name())
            );
            if let Some(bank) = indicator.bank.as_deref().filter(|b| !b.trim().is_empty()) {
                description.push_str(&format!(" Ngân hàng: {}.", bank.trim()));
            }
            add_observation(
                &mut objects,
                &identity_id,
                &campaign_id,
                Observation {
                    key: [indicator.kind.as_str(), value],
                    pattern: pattern(indicator.kind, value),
                    name: value.to_owned(),
                    description,
                    observable,
                    reports: indicator.reports,
                    first_seen: indicator.first_seen,
                    last_seen: indicator.last_seen,
                    tlp,
                },
            );
        }

        let mut fingerprints: Vec<_> = campaign
            .fingerprints
            .iter()
            .filter(|f| campaign.effective_tlp(f.tlp).may_leave())
            .filter_map(|f| valid_pdq(&f.pdq).map(|pdq| (pdq, f)))
            .collect();
        fingerprints.sort_by(|a, b| a.0.cmp(&b.0));
        for (pdq, fingerprint) in &fingerprints {
            let tlp = campaign.effective_tlp(fingerprint.tlp);
            let file_id = sco_id("file", &json!({ "hashes": { "PDQ": pdq } }));
            let marking = objects.marking(tlp);
            let file = json!({
                "type": "file",
                "spec_version": "2.1",
                "id": file_id,
                "hashes": { "PDQ": pdq },
                "object_marking_refs": marking,
            });
            add_observation(
                &mut objects,
                &identity_id,
                &campaign_id,
                Observation {
                    key: ["pdq", pdq],
                    pattern: pdq_pattern(pdq),
                    name: format!("PDQ {pdq}"),
                    description: "Dấu vân tay PDQ của ảnh ghép mặt dùng để tống tiền (không \
                                  lưu ảnh) / PDQ hash of a face-swapped image used for \
                                  extortion (the image is never kept)."
                        .to_owned(),
                    observable: (file_id, file),
                    reports: fingerprint.reports,
                    first_seen: campaign.first_seen,
                    last_seen: campaign.last_seen,
                    tlp,
                },
            );
        }
    }

    let content: Vec<Value> = std::mem::take(&mut objects.list);
    let mut object_refs: Vec<String> = vec![identity_id.clone()];
    object_refs.extend(
        content
            .iter()
            .filter_map(|o| o.get("id").and_then(Value::as_str))
            .map(str::to_owned),
    );
    let campaign_ids: Vec<&str> = shared.iter().map(|c| c.id.as_str()).collect();
    let report_created = shared
        .iter()
        .map(|c| c.first_seen)
        .min()
        .unwrap_or(created)
        .min(created.max(0));
    let report_marking = objects.marking(report_tlp);
    let report_name = format!(
        "{identity_name}: {} chiến dịch lừa đảo đã xác định",
        shared.len()
    );
    let report = json!({
        "type": "report",
        "spec_version": "2.1",
        "id": stix_id("report", &[&identity_id, &campaign_ids.join("\u{1f}")]),
        "created": timefmt::stix(report_created),
        "modified": timefmt::stix(created.max(report_created)),
        "created_by_ref": identity_id,
        "name": report_name,
        "description": "Chỉ dấu của các chiến dịch lừa đảo tống tiền bằng ảnh ghép mặt và các \
                        thủ đoạn liên quan, do người dân báo cáo và cán bộ phân tích liên kết. \
                        Không chứa thông tin liên hệ của người báo cáo.",
        "report_types": ["campaign", "indicator"],
        "published": timefmt::stix(created),
        "object_refs": object_refs,
        "object_marking_refs": report_marking,
    });

    let mut list = Vec::new();
    for tlp in &objects.markings {
        list.push(marking_definition(*tlp));
    }
    for custom in &objects.custom {
        list.push(json!({
            "type": "extension-definition",
            "spec_version": "2.1",
            "id": custom.extension_id(),
            "created": timefmt::stix(DEFINITIONS_CREATED),
            "modified": timefmt::stix(DEFINITIONS_CREATED),
            "created_by_ref": identity_id,
            "name": custom.type_name(),
            "description": custom.description(),
            "schema": custom.schema(),
            "version": "1.0.0",
            "extension_types": ["new-sco"],
            "object_marking_refs": [marking_id(Tlp::Clear)],
        }));
    }
    list.push(identity(authority, &identity_id, created));
    list.extend(content);
    list.push(report);

    let mut all_ids: Vec<&str> = list
        .iter()
        .filter_map(|o| o.get("id").and_then(Value::as_str))
        .collect();
    all_ids.sort_unstable();
    let created_text = timefmt::stix(created);
    let mut bundle_key = vec![created_text.as_str()];
    bundle_key.extend(all_ids);
    json!({
        "type": "bundle",
        "id": format!("bundle--{}", content_uuid(&bundle_key)),
        "objects": list,
    })
}

/// The first letter in upper case (Vietnamese letters included).
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
