//! Reading what partners send: the indicators in a STIX 2.1 bundle or a MISP event (or a MISP
//! feed's event file), normalised the way the rest of Cảnh Giác spells them, with the producer's
//! name so the store can record where each came from.
//!
//! What is read: STIX indicators whose pattern compares a known observable with `=` (phone
//! numbers, wallets, bank accounts, URLs, domains, e-mail addresses, Telegram and Zalo accounts)
//! and the same observables sent as SCOs; MISP attributes of those types, loose or inside the
//! phone-number, coin-address, bank-account, url, domain-ip, telegram-account and user-account
//! objects. Revoked, expired and deleted entries are left out, and so is everything marked
//! TLP:RED: it is for its named recipients only, and the store answers public look-ups.
//! Unmarked entries take the importer's default level.

use std::collections::{BTreeSet, HashMap};

use canhgiac_core::indicators::{self, IndicatorKind};
use serde_json::Value;

use crate::model::Tlp;
use crate::timefmt;

/// The largest document read, in bytes.
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

/// Why a document could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the document is larger than {MAX_IMPORT_BYTES} bytes")]
    TooLarge,
    #[error("the document is not JSON: {0}")]
    NotJson(String),
    #[error("the document is neither a STIX 2.1 bundle nor a MISP event")]
    UnknownFormat,
}

/// The format a document was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Stix,
    Misp,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Stix => "stix",
            Format::Misp => "misp",
        }
    }
}

/// One indicator a partner shared, normalised.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ImportedIndicator {
    pub kind: IndicatorKind,
    pub value: String,
    /// The marking it came with, or the importer's default when it had none.
    pub tlp: Tlp,
}

/// Why entries were left out, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Marked TLP:RED.
    pub red: usize,
    /// Revoked, past `valid_until`, or deleted.
    pub withdrawn: usize,
    /// Patterns, types or values that are not indicators Cảnh Giác keeps (file hashes, IP
    /// addresses, malformed wallets…).
    pub unsupported: usize,
}

/// What a document holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub format: Format,
    /// The producer as the document names it (STIX `created_by_ref` identity, MISP `Orgc`).
    pub producer: Option<String>,
    /// Distinct indicators, sorted.
    pub indicators: Vec<ImportedIndicator>,
    pub skipped: Skipped,
}

/// Reads a STIX 2.1 bundle or a MISP event from JSON bytes. `now` (Unix seconds) decides which
/// indicators have expired; `default_tlp` marks the unmarked ones.
pub fn read(bytes: &[u8], now: i64, default_tlp: Tlp) -> Result<Imported, ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge);
    }
    let document: Value =
        serde_json::from_slice(bytes).map_err(|e| ImportError::NotJson(e.to_string()))?;
    read_value(&document, now, default_tlp)
}

/// [`read`] for a parsed document.
pub fn read_value(document: &Value, now: i64, default_tlp: Tlp) -> Result<Imported, ImportError> {
    if document.get("type").and_then(Value::as_str) == Some("bundle") {
        return Ok(stix(document, now, default_tlp));
    }
    let events = misp_events(document);
    if events.is_empty() {
        return Err(ImportError::UnknownFormat);
    }
    Ok(misp(&events, default_tlp))
}

/// Collects distinct indicators and the skip counts.
struct Collector {
    found: BTreeSet<ImportedIndicator>,
    skipped: Skipped,
    /// Who made the document, as it names them.
    producers: BTreeSet<String>,
}

impl Collector {
    fn new() -> Collector {
        Collector {
            found: BTreeSet::new(),
            skipped: Skipped::default(),
            producers: BTreeSet::new(),
        }
    }

    fn add(&mut self, observable: Option<(IndicatorKind, String)>, tlp: Tlp) {
        match observable {
            _ if tlp == Tlp::Red => self.skipped.red += 1,
            Some((kind, value)) => {
                self.found.insert(ImportedIndicator { kind, value, tlp });
            }
            None => self.skipped.unsupported += 1,
        }
    }

    /// Notes who made the document (blank names are no one).
    fn producer(&mut self, name: &str) {
        let name = name.trim();
        if !name.is_empty() {
            self.producers.insert(name.to_owned());
        }
    }

    /// Each value once, at the strictest marking it came with; the producers joined.
    fn finish(self, format: Format) -> Imported {
        let producer = (!self.producers.is_empty())
            .then(|| self.producers.into_iter().collect::<Vec<_>>().join(", "));
        let mut indicators: Vec<ImportedIndicator> = Vec::new();
        for found in self.found {
            match indicators.last_mut() {
                Some(last) if (last.kind, &last.value) == (found.kind, &found.value) => {
                    last.tlp = last.tlp.max(found.tlp);
                }
                _ => indicators.push(found),
            }
        }
        Imported {
            format,
            producer,
            indicators,
            skipped: self.skipped,
        }
    }
}

/// A wallet in whichever chain its checksum verifies.
fn wallet(raw: &str) -> Option<(IndicatorKind, String)> {
    [IndicatorKind::Btc, IndicatorKind::Eth, IndicatorKind::Trx]
        .into_iter()
        .find_map(|kind| indicators::normalize(kind, raw).map(|v| (kind, v)))
}

fn normalized(kind: IndicatorKind, raw: &str) -> Option<(IndicatorKind, String)> {
    indicators::normalize(kind, raw).map(|v| (kind, v))
}

/// A domain is kept as the URL of its root, as host lists are.
fn domain(raw: &str) -> Option<(IndicatorKind, String)> {
    let host = raw.trim().trim_end_matches('.');
    if host.is_empty() || host.contains(['/', ' ', '@']) {
        return None;
    }
    normalized(IndicatorKind::Url, &format!("http://{host}"))
}

/// A messaging account: Telegram handles as such; Zalo accounts are phone numbers.
fn account(account_type: &str, login: &str) -> Option<(IndicatorKind, String)> {
    match account_type.trim().to_ascii_lowercase().as_str() {
        "telegram" => normalized(IndicatorKind::Telegram, login),
        "zalo" => normalized(IndicatorKind::Phone, login),
        _ => None,
    }
}

// --- STIX 2.1 ---

/// The OASIS ids of the TLP markings, 2.0 and 1.0.
fn known_marking(id: &str) -> Option<Tlp> {
    if let Some(tlp) = Tlp::ALL
        .into_iter()
        .find(|&tlp| crate::stix::marking_id(tlp) == id)
    {
        return Some(tlp);
    }
    match id {
        "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9" => Some(Tlp::Clear),
        "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da" => Some(Tlp::Green),
        "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82" => Some(Tlp::Amber),
        "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed" => Some(Tlp::Red),
        _ => None,
    }
}

fn tlp_named(name: &str) -> Option<Tlp> {
    let name = name.trim().to_ascii_lowercase();
    let name = name.strip_prefix("tlp:").unwrap_or(&name);
    match name {
        "clear" | "white" => Some(Tlp::Clear),
        "green" => Some(Tlp::Green),
        "amber" => Some(Tlp::Amber),
        "amber+strict" => Some(Tlp::AmberStrict),
        "red" => Some(Tlp::Red),
        _ => None,
    }
}

/// TLP levels of the bundle's own marking definitions (TLP 1.0 `definition.tlp`, TLP 2.0
/// extension), by id.
fn bundle_markings(objects: &[Value]) -> HashMap<&str, Tlp> {
    let mut markings = HashMap::new();
    for object in objects {
        if object.get("type").and_then(Value::as_str) != Some("marking-definition") {
            continue;
        }
        let Some(id) = object.get("id").and_then(Value::as_str) else {
            continue;
        };
        let level = object
            .pointer("/definition/tlp")
            .and_then(Value::as_str)
            .or_else(|| {
                object
                    .pointer(&format!(
                        "/extensions/{}/tlp_2_0",
                        crate::stix::TLP_EXTENSION_ID
                    ))
                    .and_then(Value::as_str)
            })
            .and_then(tlp_named);
        if let Some(level) = level {
            markings.insert(id, level);
        }
    }
    markings
}

/// The strictest TLP among an object's markings, if it has any.
fn stix_tlp(object: &Value, markings: &HashMap<&str, Tlp>) -> Option<Tlp> {
    object
        .get("object_marking_refs")
        .and_then(Value::as_array)?
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|id| known_marking(id).or_else(|| markings.get(id).copied()))
        .max()
}

fn withdrawn(object: &Value, now: i64) -> bool {
    let revoked = object.get("revoked").and_then(Value::as_bool) == Some(true);
    let expired = object
        .get("valid_until")
        .and_then(Value::as_str)
        .and_then(timefmt::parse)
        .is_some_and(|until| until <= now);
    revoked || expired
}

fn stix(bundle: &Value, now: i64, default_tlp: Tlp) -> Imported {
    let empty = Vec::new();
    let objects = bundle
        .get("objects")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let markings = bundle_markings(objects);
    let identities: HashMap<&str, &str> = objects
        .iter()
        .filter(|o| o.get("type").and_then(Value::as_str) == Some("identity"))
        .filter_map(|o| Some((o.get("id")?.as_str()?, o.get("name")?.as_str()?)))
        .collect();
    let mut collector = Collector::new();
    for object in objects {
        let Some(kind) = object.get("type").and_then(Value::as_str) else {
            continue;
        };
        let observables = match kind {
            "indicator" => {
                let pattern_type = object.get("pattern_type").and_then(Value::as_str);
                let pattern = object.get("pattern").and_then(Value::as_str);
                match (pattern_type, pattern) {
                    (Some("stix"), Some(pattern)) => pattern_observables(pattern),
                    _ => vec![None],
                }
            }
            "phone-number"
            | "cryptocurrency-wallet"
            | "bank-account"
            | "url"
            | "domain-name"
            | "email-addr"
            | "user-account" => vec![sco_observable(kind, object)],
            _ => continue,
        };
        if withdrawn(object, now) {
            collector.skipped.withdrawn += observables.len();
            continue;
        }
        if let Some(name) = object
            .get("created_by_ref")
            .and_then(Value::as_str)
            .and_then(|id| identities.get(id))
        {
            collector.producer(name);
        }
        let tlp = stix_tlp(object, &markings).unwrap_or(default_tlp);
        for observable in observables {
            collector.add(observable, tlp);
        }
    }
    collector.finish(Format::Stix)
}

fn sco_observable(kind: &str, object: &Value) -> Option<(IndicatorKind, String)> {
    let text = |key: &str| object.get(key).and_then(Value::as_str);
    match kind {
        "phone-number" => normalized(IndicatorKind::Phone, text("value")?),
        "cryptocurrency-wallet" => wallet(text("value")?),
        "bank-account" => normalized(IndicatorKind::BankAccount, text("account_number")?),
        "url" => normalized(IndicatorKind::Url, text("value")?),
        "domain-name" => domain(text("value")?),
        "email-addr" => normalized(IndicatorKind::Email, text("value")?),
        "user-account" => account(
            text("account_type")?,
            text("account_login").or_else(|| text("user_id"))?,
        ),
        _ => None,
    }
}

/// One `object:path = 'value'` comparison of a pattern.
#[derive(Debug, PartialEq, Eq)]
struct Comparison {
    object: String,
    path: String,
    value: String,
}

/// The observables a STIX pattern names: one per observation expression (`[…]`), read from its
/// equality comparisons. An observation that names none Cảnh Giác keeps gives `None`.
fn pattern_observables(pattern: &str) -> Vec<Option<(IndicatorKind, String)>> {
    observations(pattern)
        .into_iter()
        .map(|comparisons| {
            let get = |object: &str, path: &str| {
                comparisons
                    .iter()
                    .find(|c| c.object == object && c.path == path)
                    .map(|c| c.value.as_str())
            };
            if let Some(login) =
                get("user-account", "account_login").or_else(|| get("user-account", "user_id"))
            {
                return account(get("user-account", "account_type").unwrap_or(""), login);
            }
            let first = comparisons.first()?;
            let value = first.value.as_str();
            match (first.object.as_str(), first.path.as_str()) {
                ("phone-number", "value") => normalized(IndicatorKind::Phone, value),
                ("cryptocurrency-wallet", "value") => wallet(value),
                ("bank-account", "account_number") => normalized(IndicatorKind::BankAccount, value),
                ("url", "value") => normalized(IndicatorKind::Url, value),
                ("domain-name", "value") => domain(value),
                ("email-addr", "value") => normalized(IndicatorKind::Email, value),
                _ => None,
            }
        })
        .collect()
}

/// The equality comparisons of each observation expression of a pattern, in order. Other
/// operators and malformed parts are passed over.
fn observations(pattern: &str) -> Vec<Vec<Comparison>> {
    let mut out = Vec::new();
    let mut chars = pattern.char_indices().peekable();
    let mut current: Option<Vec<Comparison>> = None;
    let mut token_start: Option<usize> = None;
    let mut last_path: Option<&str> = None;
    let mut equals = false;
    while let Some((i, c)) = chars.next() {
        match c {
            '[' => {
                current = Some(Vec::new());
                token_start = None;
                last_path = None;
                equals = false;
            }
            ']' => {
                if let Some(done) = current.take() {
                    out.push(done);
                }
            }
            '\'' => {
                // A string literal, with `\'` and `\\` escapes.
                let mut literal = String::new();
                let mut closed = false;
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some((_, escaped)) = chars.next() {
                                literal.push(escaped);
                            }
                        }
                        '\'' => {
                            closed = true;
                            break;
                        }
                        _ => literal.push(c),
                    }
                }
                if let (Some(comparisons), Some(path), true, true) =
                    (current.as_mut(), last_path, equals, closed)
                {
                    if let Some((object, path)) = path.split_once(':') {
                        comparisons.push(Comparison {
                            object: object.to_owned(),
                            path: path.to_owned(),
                            value: literal,
                        });
                    }
                }
                last_path = None;
                equals = false;
            }
            _ if c.is_alphanumeric() || matches!(c, ':' | '-' | '_' | '.') => {
                token_start.get_or_insert(i);
                let next_is_token = chars.peek().is_some_and(|&(_, n)| {
                    n.is_alphanumeric() || matches!(n, ':' | '-' | '_' | '.')
                });
                if !next_is_token {
                    let start = token_start.take().unwrap_or(i);
                    let token = &pattern[start..i + c.len_utf8()];
                    if token.contains(':') {
                        last_path = Some(token);
                        equals = false;
                    } else {
                        // A keyword (AND, OR, LIKE, IN…) between a path and its value.
                        equals = false;
                    }
                }
            }
            '=' => {
                // `=` alone, not part of `!=`, `<=`, `>=`.
                let previous = pattern[..i].chars().next_back();
                equals = last_path.is_some() && !matches!(previous, Some('!' | '<' | '>'));
            }
            _ => {
                if !c.is_whitespace() {
                    equals = false;
                }
                token_start = None;
            }
        }
    }
    out
}

// --- MISP ---

/// The events of a document: `{"Event": …}`, `{"response": [{"Event": …}, …]}` (the REST
/// API's search answer) or a list of either.
fn misp_events(document: &Value) -> Vec<&Value> {
    match document {
        Value::Object(map) => {
            if let Some(event) = map.get("Event").filter(|e| e.is_object()) {
                vec![event]
            } else if let Some(list) = map.get("response") {
                misp_events(list)
            } else {
                Vec::new()
            }
        }
        Value::Array(items) => items.iter().flat_map(misp_events).collect(),
        _ => Vec::new(),
    }
}

/// The strictest `tlp:` tag of an event, object or attribute.
fn misp_tlp(item: &Value) -> Option<Tlp> {
    item.get("Tag")
        .and_then(Value::as_array)?
        .iter()
        .filter_map(|tag| tag.get("name").and_then(Value::as_str))
        .filter(|name| name.trim().to_ascii_lowercase().starts_with("tlp:"))
        .filter_map(tlp_named)
        .max()
}

fn deleted(item: &Value) -> bool {
    match item.get("deleted") {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        Some(Value::String(s)) => s == "1" || s == "true",
        _ => false,
    }
}

fn attribute_value(attribute: &Value) -> Option<&str> {
    attribute.get("value").and_then(Value::as_str)
}

/// A loose attribute, by its MISP type.
fn misp_attribute(attribute: &Value) -> Option<(IndicatorKind, String)> {
    let value = attribute_value(attribute)?;
    match attribute.get("type").and_then(Value::as_str)? {
        "phone-number" | "whois-registrant-phone" => normalized(IndicatorKind::Phone, value),
        "btc" | "xmr" | "dash" => wallet(value),
        "bank-account-nr" => normalized(IndicatorKind::BankAccount, value),
        "url" | "link" | "uri" => normalized(IndicatorKind::Url, value),
        "domain" | "hostname" => domain(value),
        "email" | "email-src" | "email-dst" | "email-reply-to" | "whois-registrant-email" => {
            normalized(IndicatorKind::Email, value)
        }
        _ => None,
    }
}

/// The observable of a MISP object, from its relations.
fn misp_object(object: &Value, attributes: &[&Value]) -> Option<(IndicatorKind, String)> {
    let relation = |name: &str| {
        attributes
            .iter()
            .find(|a| a.get("object_relation").and_then(Value::as_str) == Some(name))
            .and_then(|a| attribute_value(a))
    };
    match object.get("name").and_then(Value::as_str)? {
        "phone-number" => normalized(IndicatorKind::Phone, relation("phone-number")?),
        "coin-address" => wallet(relation("address").or_else(|| relation("address-crypto"))?),
        "bank-account" => normalized(IndicatorKind::BankAccount, relation("account")?),
        "url" => normalized(IndicatorKind::Url, relation("url")?),
        "domain-ip" => domain(relation("domain")?),
        "telegram-account" => normalized(IndicatorKind::Telegram, relation("username")?),
        "user-account" => account(relation("account-type")?, relation("username")?),
        _ => None,
    }
}

fn misp(events: &[&Value], default_tlp: Tlp) -> Imported {
    let mut collector = Collector::new();
    let empty = Vec::new();
    for event in events {
        if let Some(name) = event.pointer("/Orgc/name").and_then(Value::as_str) {
            collector.producer(name);
        }
        let event_tlp = misp_tlp(event);
        for attribute in event
            .get("Attribute")
            .and_then(Value::as_array)
            .unwrap_or(&empty)
        {
            if deleted(attribute) {
                collector.skipped.withdrawn += 1;
                continue;
            }
            let tlp = misp_tlp(attribute).max(event_tlp).unwrap_or(default_tlp);
            collector.add(misp_attribute(attribute), tlp);
        }
        for object in event
            .get("Object")
            .and_then(Value::as_array)
            .unwrap_or(&empty)
        {
            let attributes: Vec<&Value> = object
                .get("Attribute")
                .and_then(Value::as_array)
                .unwrap_or(&empty)
                .iter()
                .filter(|a| !deleted(a))
                .collect();
            if deleted(object) {
                collector.skipped.withdrawn += 1;
                continue;
            }
            let tlp = attributes
                .iter()
                .filter_map(|a| misp_tlp(a))
                .chain(misp_tlp(object))
                .max()
                .max(event_tlp)
                .unwrap_or(default_tlp);
            collector.add(misp_object(object, &attributes), tlp);
        }
    }
    collector.finish(Format::Misp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_equality_comparisons_per_observation() {
        let found = observations(
            "[user-account:account_type = 'telegram' AND user-account:account_login = 'it\\'s'] \
             OR [url:value != 'x'] OR [phone-number:value = '+84 912']",
        );
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].len(), 2);
        assert_eq!(found[0][1].value, "it's");
        assert!(found[1].is_empty(), "!= is not an equality");
        assert_eq!(found[2][0].object, "phone-number");
        assert_eq!(found[2][0].value, "+84 912");
    }

    #[test]
    fn keywords_between_path_and_literal_break_the_comparison() {
        let found = observations("[url:value LIKE 'http://%'] OR [url:value IN ('a', 'b')]");
        assert!(found.iter().all(Vec::is_empty), "{found:?}");
    }
}
