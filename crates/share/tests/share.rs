//! Integration tests of the exchange formats: structure, privacy, TLP, determinism, CAP rules,
//! and that no input makes a builder panic.

use std::collections::{BTreeSet, HashMap, HashSet};

use canhgiac_core::indicators::{extract, normalize, IndicatorKind as CoreKind};
use canhgiac_share::atom::{self, FeedInfo};
use canhgiac_share::cap::{self, Advisory, CapError, MsgType, Scope};
use canhgiac_share::{misp, stix, Authority, Campaign, Tlp};
use proptest::prelude::*;
use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::Value;

const EXPORTED_AT: i64 = 1_733_367_600;

fn authority() -> Authority {
    serde_json::from_str(include_str!("fixtures/authority.json")).expect("authority fixture")
}

fn campaigns() -> Vec<Campaign> {
    serde_json::from_str(include_str!("fixtures/campaigns.json")).expect("campaigns fixture")
}

fn advisory() -> Advisory {
    serde_json::from_str(include_str!("fixtures/advisory.json")).expect("advisory fixture")
}

fn objects(bundle: &Value) -> &Vec<Value> {
    bundle["objects"].as_array().expect("objects array")
}

/// Every `*_ref` and `*_refs` value anywhere in the value.
fn references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                if key.ends_with("_ref") {
                    if let Some(r) = inner.as_str() {
                        out.push(r.to_owned());
                    }
                } else if key.ends_with("_refs") {
                    for r in inner.as_array().into_iter().flatten() {
                        if let Some(r) = r.as_str() {
                            out.push(r.to_owned());
                        }
                    }
                } else {
                    references(inner, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| references(i, out)),
        _ => {}
    }
}

/// Every string anywhere in the value, keys included.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Object(map) => {
            for (key, inner) in map {
                out.push(key.clone());
                strings(inner, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
        _ => {}
    }
}

/// Every output of every builder for the fixtures, as text.
fn all_outputs() -> Vec<(String, String)> {
    let authority = authority();
    let campaigns = campaigns();
    let mut out = vec![(
        "stix".to_owned(),
        stix::bundle(&authority, &campaigns, EXPORTED_AT).to_string(),
    )];
    for file in misp::feed(&authority, &campaigns, EXPORTED_AT).files {
        out.push((format!("misp/{}", file.path), file.contents));
    }
    out.push((
        "cap".to_owned(),
        cap::alert(&advisory()).expect("valid advisory"),
    ));
    out.push(("atom".to_owned(), atom::feed(&feed_info(), &[advisory()])));
    out
}

fn feed_info() -> FeedInfo {
    FeedInfo {
        id: "https://canhgiac.example/canh-bao/atom.xml".to_owned(),
        title: "Cảnh Giác — cảnh báo lừa đảo".to_owned(),
        author: authority().name,
        self_url: Some("https://canhgiac.example/canh-bao/atom.xml".to_owned()),
        site_url: None,
    }
}

// ---------------------------------------------------------------- STIX

#[test]
fn stix_ids_start_with_their_type_and_are_unique() {
    let bundle = stix::bundle(&authority(), &campaigns(), EXPORTED_AT);
    assert_eq!(bundle["type"], "bundle");
    assert!(bundle["id"]
        .as_str()
        .unwrap_or_default()
        .starts_with("bundle--"));
    let mut seen = HashSet::new();
    for object in objects(&bundle) {
        let object_type = object["type"].as_str().expect("type");
        let id = object["id"].as_str().expect("id");
        assert!(
            id.starts_with(&format!("{object_type}--")),
            "{id} is not a {object_type}"
        );
        assert!(seen.insert(id.to_owned()), "{id} appears twice");
        if object_type != "marking-definition" || !id.contains("94868c89") {
            assert_eq!(object["spec_version"], "2.1", "{id}");
        }
    }
}

#[test]
fn stix_references_resolve_within_the_bundle() {
    let bundle = stix::bundle(&authority(), &campaigns(), EXPORTED_AT);
    let ids: HashSet<&str> = objects(&bundle)
        .iter()
        .filter_map(|o| o["id"].as_str())
        .collect();
    let mut refs = Vec::new();
    references(&bundle, &mut refs);
    assert!(refs.len() > 50);
    for r in refs {
        assert!(ids.contains(r.as_str()), "dangling reference {r}");
    }
    // Extension keys name extension definitions in the bundle, except the OASIS TLP one.
    for object in objects(&bundle) {
        for key in object["extensions"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, _)| k)
        {
            assert!(
                ids.contains(key.as_str()) || key == stix::TLP_EXTENSION_ID,
                "{key} is not defined in the bundle"
            );
        }
    }
}

#[test]
fn stix_report_references_every_shared_object() {
    let bundle = stix::bundle(&authority(), &campaigns(), EXPORTED_AT);
    let report = objects(&bundle)
        .iter()
        .find(|o| o["type"] == "report")
        .expect("a report");
    let refs: HashSet<&str> = report["object_refs"]
        .as_array()
        .expect("object_refs")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for object in objects(&bundle) {
        let kind = object["type"].as_str().unwrap_or_default();
        if !matches!(
            kind,
            "marking-definition" | "extension-definition" | "report"
        ) {
            let id = object["id"].as_str().unwrap_or_default();
            assert!(refs.contains(id), "report misses {id}");
        }
    }
    assert_eq!(report["published"], "2024-12-05T03:00:00.000Z");
}

#[test]
fn stix_uses_the_oasis_tlp_marking_definitions() {
    let bundle = stix::bundle(&authority(), &campaigns(), EXPORTED_AT);
    let expected: HashMap<&str, &str> = [
        (
            "TLP:CLEAR",
            "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        ),
        (
            "TLP:GREEN",
            "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        ),
        (
            "TLP:AMBER",
            "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        ),
        (
            "TLP:AMBER+STRICT",
            "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        ),
    ]
    .into_iter()
    .collect();
    let markings: Vec<&Value> = objects(&bundle)
        .iter()
        .filter(|o| o["type"] == "marking-definition")
        .collect();
    assert_eq!(
        markings.len(),
        4,
        "clear, green, amber and amber+strict are used"
    );
    for marking in markings {
        let name = marking["name"].as_str().expect("name");
        assert_eq!(marking["id"], expected[name]);
        assert_eq!(marking["created"], "2022-10-01T00:00:00.000Z");
        assert_eq!(
            marking["extensions"][stix::TLP_EXTENSION_ID]["extension_type"],
            "property-extension"
        );
    }
    for object in objects(&bundle) {
        if object["type"] != "marking-definition" {
            assert!(
                object["object_marking_refs"]
                    .as_array()
                    .is_some_and(|m| m.len() == 1),
                "{} has no marking",
                object["id"]
            );
        }
    }
}

#[test]
fn stix_drops_everything_marked_red() {
    let authority = authority();
    let campaigns = campaigns();
    let bundle = stix::bundle(&authority, &campaigns, EXPORTED_AT);
    let text = bundle.to_string();
    assert!(!text.contains(stix::marking_id(Tlp::Red)));
    assert!(
        !text.contains("TRedSecretWallet"),
        "a red campaign's wallet leaked"
    );
    assert!(
        !text.contains("0fed"),
        "a red campaign's fingerprint leaked"
    );
    assert!(
        !text.contains("Điều tra đang tiến hành"),
        "a red campaign leaked"
    );
    assert!(!text.contains("+84923000999"), "a red indicator leaked");
    let campaign_objects = objects(&bundle)
        .iter()
        .filter(|o| o["type"] == "campaign")
        .count();
    assert_eq!(campaign_objects, 2);
}

#[test]
fn stix_indicator_markings_are_never_looser_than_their_campaign() {
    let bundle = stix::bundle(&authority(), &campaigns(), EXPORTED_AT);
    let strict = stix::marking_id(Tlp::AmberStrict);
    let url = objects(&bundle)
        .iter()
        .find(|o| {
            o["type"] == "indicator" && o["name"] == "https://bocongan-xacminh.example/app.apk"
        })
        .expect("the amber+strict url indicator");
    assert_eq!(url["object_marking_refs"][0], strict);
    let sighting = objects(&bundle)
        .iter()
        .find(|o| o["type"] == "sighting" && o["sighting_of_ref"] == url["id"])
        .expect("its sighting");
    assert_eq!(sighting["object_marking_refs"][0], strict);
    assert_eq!(sighting["count"], 2);
}

#[test]
fn stix_patterns_and_observables_by_kind() {
    use canhgiac_share::IndicatorKind as Kind;
    assert_eq!(
        stix::pattern(Kind::Url, "http://a.example/x?id=7'1\\"),
        "[url:value = 'http://a.example/x?id=7\\'1\\\\']"
    );
    assert_eq!(
        stix::pattern(Kind::Domain, "a.example"),
        "[domain-name:value = 'a.example']"
    );
    assert_eq!(
        stix::pattern(Kind::Email, "a@b.example"),
        "[email-addr:value = 'a@b.example']"
    );
    assert_eq!(
        stix::pattern(Kind::Phone, "+84900000001"),
        "[phone-number:value = '+84900000001']"
    );
    assert_eq!(
        stix::pattern(Kind::Trx, "T1"),
        "[cryptocurrency-wallet:value = 'T1']"
    );
    assert_eq!(
        stix::pattern(Kind::BankAccount, "123"),
        "[bank-account:account_number = '123']"
    );
    assert_eq!(
        stix::pattern(Kind::Telegram, "abc"),
        "[user-account:account_type = 'telegram' AND user-account:account_login = 'abc']"
    );

    let bundle = stix::bundle(&authority(), &campaigns(), EXPORTED_AT);
    let by_type =
        |t: &str| -> Vec<&Value> { objects(&bundle).iter().filter(|o| o["type"] == t).collect() };
    let definitions = by_type("extension-definition");
    assert_eq!(definitions.len(), 3);
    for custom in ["phone-number", "cryptocurrency-wallet", "bank-account"] {
        let definition = definitions
            .iter()
            .find(|d| d["name"] == custom)
            .expect("a definition per custom observable");
        assert_eq!(
            definition["extension_types"],
            serde_json::json!(["new-sco"])
        );
        let id = definition["id"].as_str().expect("id");
        for object in by_type(custom) {
            assert_eq!(object["extensions"][id]["extension_type"], "new-sco");
        }
    }
    let handles: BTreeSet<&str> = by_type("user-account")
        .iter()
        .filter_map(|o| o["account_type"].as_str())
        .collect();
    assert_eq!(handles, BTreeSet::from(["telegram", "zalo"]));
    let files = by_type("file");
    assert_eq!(
        files.len(),
        1,
        "the invalid PDQ is skipped, the red one dropped"
    );
    assert_eq!(
        files[0]["hashes"]["PDQ"],
        "f8f8f0cee0f4a84f06370a32038f67f0b36b2ed596623e1d33e6339c4e9c9b22"
    );
    let bank = by_type("bank-account");
    assert!(bank.iter().any(|b| b["bank_name"] == "Techcombank"));
    for relationship in by_type("relationship") {
        let kind = relationship["relationship_type"]
            .as_str()
            .unwrap_or_default();
        assert!(matches!(kind, "indicates" | "based-on"), "{kind}");
    }
    let sightings = by_type("sighting");
    assert!(sightings.iter().any(|s| s["count"] == 11));
    for object in objects(&bundle) {
        for key in [
            "created",
            "modified",
            "valid_from",
            "first_seen",
            "last_seen",
            "published",
        ] {
            if let Some(time) = object[key].as_str() {
                assert!(
                    time.len() == 24 && time.ends_with('Z') && &time[19..20] == ".",
                    "{key} {time} is not RFC 3339 with milliseconds"
                );
            }
        }
    }
}

#[test]
fn stix_ids_are_stable_across_exports() {
    let authority = authority();
    let campaigns = campaigns();
    let first = stix::bundle(&authority, &campaigns, EXPORTED_AT);
    let again = stix::bundle(&authority, &campaigns, EXPORTED_AT);
    assert_eq!(first, again, "the same input gives the same bundle");

    let later = stix::bundle(&authority, &campaigns, EXPORTED_AT + 86_400);
    let ids = |b: &Value| -> Vec<String> {
        objects(b)
            .iter()
            .filter_map(|o| o["id"].as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(
        ids(&first),
        ids(&later),
        "a re-export keeps every object id"
    );
    assert_ne!(first["id"], later["id"], "each export is its own bundle");
    for (a, b) in objects(&first).iter().zip(objects(&later)) {
        if !matches!(a["type"].as_str(), Some("report" | "identity")) {
            assert_eq!(a, b, "{} changed between exports", a["id"]);
        }
    }

    let mut reversed = campaigns.clone();
    reversed.reverse();
    for campaign in &mut reversed {
        campaign.indicators.reverse();
    }
    assert_eq!(first, stix::bundle(&authority, &reversed, EXPORTED_AT));
}

#[test]
fn stix_bundle_snapshot() {
    let bundle = stix::bundle(&authority(), &campaigns(), EXPORTED_AT);
    insta::assert_json_snapshot!("stix_bundle", bundle);
}

// ---------------------------------------------------------------- privacy

#[test]
fn no_export_carries_a_contact_other_than_the_authoritys() {
    let authority = authority();
    let campaigns = campaigns();
    let mut allowed: HashSet<String> = campaigns
        .iter()
        .filter(|c| c.tlp.may_leave())
        .flat_map(|c| c.indicators.iter())
        .filter(|i| c_tlp_ok(i.tlp))
        .map(|i| i.value.to_lowercase())
        .collect();
    for (kind, raw) in [
        (CoreKind::Phone, authority.hotline.as_str()),
        (CoreKind::Email, authority.email.as_str()),
    ] {
        allowed.insert(normalize(kind, raw).expect("authority contact normalises"));
    }
    allowed.insert(advisory().sender.to_lowercase());
    // The alert's recipient organisations are named in it on purpose.
    allowed.extend(advisory().addresses.iter().map(|a| a.to_lowercase()));
    let mut found = 0;
    for (name, text) in all_outputs() {
        let texts = match serde_json::from_str::<Value>(&text) {
            Ok(json) => {
                let mut all = Vec::new();
                strings(&json, &mut all);
                all
            }
            Err(_) => vec![text],
        };
        for text in texts {
            for indicator in extract(&text).indicators {
                if matches!(indicator.kind, CoreKind::Phone | CoreKind::Email) {
                    found += 1;
                    assert!(
                        allowed.contains(&indicator.value.to_lowercase()),
                        "{name} carries a contact that is neither a scammer's nor the authority's: {}",
                        indicator.value
                    );
                }
            }
        }
    }
    assert!(found > 5, "the check saw the contacts it should ({found})");
}

#[test]
fn contacts_pasted_into_free_text_are_redacted() {
    let authority = authority();
    let mut campaigns = campaigns();
    campaigns[0].summary.push_str(
        " Người báo cáo: chị Lan, 0987 654 321, lan.nguyen@gmail.com. Đối tượng dùng số \
         0923 000 471. Gọi đường dây nóng 0899 252 555.",
    );
    campaigns[1].name.push_str(" (nạn nhân: 0912 111 222)");
    let bundle = stix::bundle(&authority, &campaigns, EXPORTED_AT).to_string();
    let feed: String = misp::feed(&authority, &campaigns, EXPORTED_AT)
        .files
        .into_iter()
        .map(|f| f.contents)
        .collect();
    for text in [&bundle, &feed] {
        for leaked in ["0987 654 321", "lan.nguyen@gmail.com", "0912 111 222"] {
            assert!(!text.contains(leaked), "{leaked} leaked");
        }
        assert!(text.contains("[đã ẩn]"));
        assert!(text.contains("0923 000 471"), "the scammer's number stays");
        assert!(
            text.contains("0899 252 555"),
            "the authority's hotline stays"
        );
    }
}

fn c_tlp_ok(tlp: Option<Tlp>) -> bool {
    tlp.is_none_or(Tlp::may_leave)
}

#[test]
fn the_identity_carries_the_authoritys_contact_details() {
    let bundle = stix::bundle(&authority(), &campaigns(), EXPORTED_AT);
    let identity = objects(&bundle)
        .iter()
        .find(|o| o["type"] == "identity")
        .expect("identity");
    let contact = identity["contact_information"].as_str().expect("contact");
    for part in [
        "Bà Trần Thị Minh Hương",
        "0899 252 555",
        "canhgiac@example.com",
        "Hồng Bàng",
    ] {
        assert!(contact.contains(part), "{part} missing from {contact}");
    }
}

// ---------------------------------------------------------------- MISP

#[test]
fn misp_feed_has_manifest_hashes_and_one_event_per_shared_campaign() {
    let feed = misp::feed(&authority(), &campaigns(), EXPORTED_AT);
    let paths: Vec<&str> = feed.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths[..2], ["manifest.json", "hashes.csv"]);
    assert_eq!(paths.len(), 4, "two events: the red campaign is dropped");
    let manifest: Value = serde_json::from_str(&feed.files[0].contents).expect("manifest json");
    let manifest = manifest.as_object().expect("manifest object");
    let mut rows = 0;
    for file in &feed.files[2..] {
        let event: Value = serde_json::from_str(&file.contents).expect("event json");
        let event = &event["Event"];
        let uuid = event["uuid"].as_str().expect("uuid");
        assert_eq!(file.path, format!("{uuid}.json"));
        assert_eq!(manifest[uuid]["info"], event["info"]);
        let tags: Vec<&str> = event["Tag"]
            .as_array()
            .expect("tags")
            .iter()
            .filter_map(|t| t["name"].as_str())
            .collect();
        assert!(tags.iter().any(|t| t.starts_with("tlp:")));
        assert!(tags
            .iter()
            .any(|t| t.starts_with("circl:incident-classification=\"")));
        let mut values = Vec::new();
        for attribute in event["Attribute"].as_array().into_iter().flatten() {
            values.push(attribute["value"].as_str().expect("value").to_owned());
        }
        for object in event["Object"].as_array().into_iter().flatten() {
            assert!(object["template_uuid"].is_string());
            for attribute in object["Attribute"].as_array().expect("attributes") {
                assert!(attribute["object_relation"].is_string());
                values.push(attribute["value"].as_str().expect("value").to_owned());
            }
        }
        for value in values {
            let digest: String = md5_hex(&value);
            assert!(
                feed.files[1]
                    .contents
                    .contains(&format!("{digest},{uuid}\n")),
                "hashes.csv misses {value}"
            );
            rows += 1;
        }
    }
    assert_eq!(feed.files[1].contents.lines().count(), rows);
    // The campaign's STIX id and the MISP event share the UUID.
    let bundle = stix::bundle(&authority(), &campaigns(), EXPORTED_AT);
    for object in objects(&bundle).iter().filter(|o| o["type"] == "campaign") {
        let uuid = object["id"]
            .as_str()
            .unwrap_or_default()
            .trim_start_matches("campaign--");
        assert!(manifest.contains_key(uuid));
    }
}

fn md5_hex(value: &str) -> String {
    use md5::{Digest, Md5};
    Md5::digest(value.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn misp_objects_use_the_templates_and_drop_red() {
    let feed = misp::feed(&authority(), &campaigns(), EXPORTED_AT);
    let text: String = feed.files.iter().map(|f| f.contents.as_str()).collect();
    assert!(!text.contains("TRedSecretWallet"));
    assert!(!text.contains("+84923000999"));
    assert!(!text.contains("tlp:red"));
    let mut names = BTreeSet::new();
    for file in &feed.files[2..] {
        let event: Value = serde_json::from_str(&file.contents).expect("event json");
        for object in event["Event"]["Object"].as_array().into_iter().flatten() {
            let name = object["name"].as_str().expect("name").to_owned();
            let relations: BTreeSet<&str> = object["Attribute"]
                .as_array()
                .expect("attributes")
                .iter()
                .filter_map(|a| a["object_relation"].as_str())
                .collect();
            let allowed: &[&str] = match name.as_str() {
                "phone-number" => &["phone-number"],
                "coin-address" => &["address", "address-crypto", "symbol"],
                "bank-account" => &["account", "institution-name"],
                "url" => &["url"],
                "domain-ip" => &["domain"],
                "telegram-account" => &["username"],
                "user-account" => &["username", "account-type"],
                other => panic!("unexpected object {other}"),
            };
            assert!(
                relations.iter().all(|r| allowed.contains(r)),
                "{name}: {relations:?}"
            );
            names.insert(name);
        }
    }
    assert_eq!(
        names,
        BTreeSet::from(
            [
                "phone-number",
                "coin-address",
                "bank-account",
                "url",
                "domain-ip",
                "telegram-account",
                "user-account"
            ]
            .map(str::to_owned)
        )
    );
    insta::assert_snapshot!("misp_manifest", feed.files[0].contents);
}

// ---------------------------------------------------------------- CAP

/// A parsed element: name, text and children.
#[derive(Debug, Default)]
struct Element {
    name: String,
    text: String,
    children: Vec<Element>,
}

fn parse_xml(text: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(text);
    let mut stack = vec![Element::default()];
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => stack.push(Element {
                name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
                ..Element::default()
            }),
            Event::Empty(e) => {
                let element = Element {
                    name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
                    ..Element::default()
                };
                stack.last_mut().ok_or("no parent")?.children.push(element);
            }
            Event::Text(t) => {
                let decoded = t.decode().map_err(|e| e.to_string())?;
                stack.last_mut().ok_or("no parent")?.text.push_str(&decoded);
            }
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| e.to_string())?;
                let c = match name.as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => return Err(format!("unknown entity {other}")),
                };
                stack.last_mut().ok_or("no parent")?.text.push(c);
            }
            Event::End(_) => {
                let done = stack.pop().ok_or("unbalanced")?;
                stack.last_mut().ok_or("unbalanced")?.children.push(done);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut root = stack.pop().ok_or("empty")?;
    if !stack.is_empty() || root.children.len() != 1 {
        return Err("not one root element".to_owned());
    }
    root.children.pop().ok_or_else(|| "no root".to_owned())
}

/// Whether `names` follows `order` (each name at or after the previous one's place).
fn in_schema_order(names: &[&str], order: &[&str]) -> bool {
    let mut last = 0;
    for name in names {
        match order.iter().position(|o| o == name) {
            Some(at) if at >= last => last = at,
            _ => return false,
        }
    }
    true
}

const ALERT_ORDER: [&str; 15] = [
    "identifier",
    "sender",
    "sent",
    "status",
    "msgType",
    "source",
    "scope",
    "restriction",
    "addresses",
    "code",
    "note",
    "references",
    "incidents",
    "info",
    "Signature",
];
const INFO_ORDER: [&str; 21] = [
    "language",
    "category",
    "event",
    "responseType",
    "urgency",
    "severity",
    "certainty",
    "audience",
    "eventCode",
    "effective",
    "onset",
    "expires",
    "senderName",
    "headline",
    "description",
    "instruction",
    "web",
    "contact",
    "parameter",
    "resource",
    "area",
];

fn check_cap(xml: &str) {
    let alert = parse_xml(xml).expect("well-formed CAP");
    assert_eq!(alert.name, "alert");
    let names: Vec<&str> = alert.children.iter().map(|c| c.name.as_str()).collect();
    assert!(
        in_schema_order(&names, &ALERT_ORDER),
        "alert order {names:?}"
    );
    for required in ["identifier", "sender", "sent", "status", "msgType", "scope"] {
        assert_eq!(
            names.iter().filter(|n| **n == required).count(),
            1,
            "{required}"
        );
    }
    let field = |name: &str| -> &str {
        alert
            .children
            .iter()
            .find(|c| c.name == name)
            .map_or("", |c| c.text.as_str())
    };
    assert!(["Actual", "Exercise", "System", "Test", "Draft"].contains(&field("status")));
    assert!(["Alert", "Update", "Cancel", "Ack", "Error"].contains(&field("msgType")));
    assert!(["Public", "Restricted", "Private"].contains(&field("scope")));
    assert!(is_vietnam_time(field("sent")), "sent {}", field("sent"));
    if field("scope") == "Private" {
        assert!(!field("addresses").trim().is_empty());
    }
    if field("scope") == "Restricted" {
        assert!(!field("restriction").trim().is_empty());
    }
    for info in alert.children.iter().filter(|c| c.name == "info") {
        let names: Vec<&str> = info.children.iter().map(|c| c.name.as_str()).collect();
        assert!(in_schema_order(&names, &INFO_ORDER), "info order {names:?}");
        for child in &info.children {
            let allowed: &[&str] = match child.name.as_str() {
                "category" => &[
                    "Geo",
                    "Met",
                    "Safety",
                    "Security",
                    "Rescue",
                    "Fire",
                    "Health",
                    "Env",
                    "Transport",
                    "Infra",
                    "CBRNE",
                    "Other",
                ],
                "responseType" => &[
                    "Shelter", "Evacuate", "Prepare", "Execute", "Avoid", "Monitor", "Assess",
                    "AllClear", "None",
                ],
                "urgency" => &["Immediate", "Expected", "Future", "Past", "Unknown"],
                "severity" => &["Extreme", "Severe", "Moderate", "Minor", "Unknown"],
                "certainty" => &["Observed", "Likely", "Possible", "Unlikely", "Unknown"],
                "expires" | "effective" | "onset" => {
                    assert!(is_vietnam_time(&child.text));
                    continue;
                }
                _ => continue,
            };
            assert!(
                allowed.contains(&child.text.as_str()),
                "{} {}",
                child.name,
                child.text
            );
        }
        for required in ["category", "event", "urgency", "severity", "certainty"] {
            assert!(names.contains(&required), "info lacks {required}");
        }
    }
}

/// `YYYY-MM-DDThh:mm:ss+07:00`.
fn is_vietnam_time(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 25
        && text.ends_with("+07:00")
        && [4, 7].iter().all(|&i| b[i] == b'-')
        && b[10] == b'T'
        && [13, 16].iter().all(|&i| b[i] == b':')
        && [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
}

#[test]
fn cap_alert_follows_the_schema_order_enumerations_and_times() {
    let xml = cap::alert(&advisory()).expect("valid advisory");
    check_cap(&xml);
    assert!(xml.contains("<sent>2024-12-05T10:00:00+07:00</sent>"));
    assert!(xml.contains("<language>vi-VN</language>"));
    assert!(xml.contains("<language>en-US</language>"));
    assert!(xml.contains(
        "<addresses>vanphong@ubnd.example.org \"Ban Giám đốc Công ty Cảng Hải Phòng\" nhansu@doanhnghiep.example.org</addresses>"
    ));
    assert!(xml.contains("<incidents>cmp-2024-0001</incidents>"));
    insta::assert_snapshot!("cap_alert", xml);
}

#[test]
fn cap_enforces_the_rules_the_schema_does_not() {
    let mut private = advisory();
    private.addresses = vec!["  ".to_owned()];
    assert_eq!(cap::alert(&private), Err(CapError::PrivateWithoutAddresses));

    let mut restricted = advisory();
    restricted.scope = Scope::Restricted;
    restricted.addresses.clear();
    assert_eq!(
        cap::alert(&restricted),
        Err(CapError::RestrictedWithoutRestriction)
    );
    restricted.restriction = Some("Chỉ các sở, ngành và doanh nghiệp được giao".to_owned());
    let xml = cap::alert(&restricted).expect("restricted with restriction");
    check_cap(&xml);
    assert!(xml.contains("<restriction>Chỉ các sở, ngành và doanh nghiệp được giao</restriction>"));

    let mut public = advisory();
    public.scope = Scope::Public;
    public.addresses.clear();
    check_cap(&cap::alert(&public).expect("public"));

    let mut spaced = advisory();
    spaced.identifier = "HP 2024".to_owned();
    assert_eq!(
        cap::alert(&spaced),
        Err(CapError::ForbiddenCharacters("identifier"))
    );
    let mut comma = advisory();
    comma.sender = "a,b".to_owned();
    assert_eq!(
        cap::alert(&comma),
        Err(CapError::ForbiddenCharacters("sender"))
    );

    let mut update = advisory();
    update.msg_type = MsgType::Update;
    assert_eq!(
        cap::alert(&update),
        Err(CapError::MissingReferences("Update"))
    );
    update.references = vec![cap::AlertReference {
        sender: update.sender.clone(),
        identifier: "HP-STTTT-2024-12-000".to_owned(),
        sent: 1_733_000_000,
    }];
    let xml = cap::alert(&update).expect("update with references");
    check_cap(&xml);
    assert!(xml.contains(
        "<references>canhgiac@example.com,HP-STTTT-2024-12-000,2024-12-01T03:53:20+07:00</references>"
    ));

    let mut web = advisory();
    web.web = Some("javascript:alert(1)".to_owned());
    assert_eq!(cap::alert(&web), Err(CapError::BadWebLink));

    let mut quoted = advisory();
    quoted.addresses = vec!["a\"b".to_owned()];
    assert_eq!(cap::alert(&quoted), Err(CapError::QuoteInAddress));
}

#[test]
fn atom_feed_is_well_formed_and_newest_first() {
    let first = advisory();
    let mut second = advisory();
    second.identifier = "HP-STTTT-2025-01-002".to_owned();
    second.sent = first.sent + 86_400 * 30;
    second.vietnamese.title = "Cảnh báo <mới> & khẩn".to_owned();
    let xml = atom::feed(&feed_info(), &[first.clone(), second.clone()]);
    let feed = parse_xml(&xml).expect("well-formed Atom");
    assert_eq!(feed.name, "feed");
    let entries: Vec<&Element> = feed.children.iter().filter(|c| c.name == "entry").collect();
    assert_eq!(entries.len(), 2);
    let title = |e: &Element| -> String {
        e.children
            .iter()
            .find(|c| c.name == "title")
            .map(|c| c.text.clone())
            .unwrap_or_default()
    };
    assert_eq!(title(entries[0]), "Cảnh báo <mới> & khẩn");
    let updated = feed
        .children
        .iter()
        .find(|c| c.name == "updated")
        .expect("updated");
    assert!(is_vietnam_time(&updated.text));
    assert_eq!(atom::entry_id(&first), atom::entry_id(&advisory()));
    assert_ne!(atom::entry_id(&first), atom::entry_id(&second));
    insta::assert_snapshot!("atom_feed", atom::feed(&feed_info(), &[first]));
}

// ---------------------------------------------------------------- robustness

fn any_tlp() -> impl Strategy<Value = Tlp> {
    prop::sample::select(Tlp::ALL.to_vec())
}

fn any_kind() -> impl Strategy<Value = canhgiac_share::IndicatorKind> {
    prop::sample::select(canhgiac_share::IndicatorKind::ALL.to_vec())
}

fn any_campaign() -> impl Strategy<Value = Campaign> {
    let indicator = (
        any_kind(),
        any::<String>(),
        prop::option::of(any::<String>()),
        any::<u64>(),
        any::<i64>(),
        any::<i64>(),
        prop::option::of(any_tlp()),
    )
        .prop_map(|(kind, value, bank, reports, first_seen, last_seen, tlp)| {
            canhgiac_share::Indicator {
                kind,
                value,
                bank,
                reports,
                first_seen,
                last_seen,
                tlp,
            }
        });
    let fingerprint = (
        prop_oneof![any::<String>(), "[0-9a-fA-F]{64}"],
        any::<u64>(),
        prop::option::of(any_tlp()),
    )
        .prop_map(|(pdq, reports, tlp)| canhgiac_share::Fingerprint { pdq, reports, tlp });
    let money =
        (any::<String>(), any::<f64>(), any::<f64>()).prop_map(|(currency, demanded, paid)| {
            canhgiac_share::Money {
                currency,
                demanded,
                paid,
            }
        });
    (
        (
            any::<String>(),
            any::<String>(),
            any::<String>(),
            any::<String>(),
        ),
        (any::<i64>(), any::<i64>(), any::<u64>()),
        prop::collection::vec(money, 0..3),
        any_tlp(),
        prop::sample::select(vec![
            canhgiac_share::CampaignStatus::Suspected,
            canhgiac_share::CampaignStatus::Confirmed,
            canhgiac_share::CampaignStatus::Closed,
        ]),
        prop::collection::vec(indicator, 0..6),
        prop::collection::vec(fingerprint, 0..3),
    )
        .prop_map(
            |(
                (id, name, summary, scam_type),
                (first_seen, last_seen, reports),
                money,
                tlp,
                status,
                indicators,
                fingerprints,
            )| {
                Campaign {
                    id,
                    name,
                    summary,
                    scam_type,
                    first_seen,
                    last_seen,
                    reports,
                    money,
                    tlp,
                    status,
                    indicators,
                    fingerprints,
                }
            },
        )
}

fn any_authority() -> impl Strategy<Value = Authority> {
    (
        any::<String>(),
        any::<String>(),
        any::<String>(),
        any::<String>(),
        any::<String>(),
    )
        .prop_map(
            |(name, contact_person, hotline, email, address)| Authority {
                name,
                contact_person,
                hotline,
                email,
                address,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn stix_and_misp_never_panic_and_stay_consistent(
        authority in any_authority(),
        campaigns in prop::collection::vec(any_campaign(), 0..4),
        created in any::<i64>(),
    ) {
        let bundle = stix::bundle(&authority, &campaigns, created);
        let ids: HashSet<&str> = objects(&bundle).iter().filter_map(|o| o["id"].as_str()).collect();
        let mut refs = Vec::new();
        references(&bundle, &mut refs);
        for r in &refs {
            prop_assert!(ids.contains(r.as_str()), "dangling {}", r);
        }
        prop_assert!(!bundle.to_string().contains(stix::marking_id(Tlp::Red)));
        let feed = misp::feed(&authority, &campaigns, created);
        for file in &feed.files[2..] {
            prop_assert!(serde_json::from_str::<Value>(&file.contents).is_ok());
            prop_assert!(!file.contents.contains("\"tlp:red\""));
        }
    }

    #[test]
    fn cap_and_atom_never_panic_and_stay_well_formed(
        texts in prop::collection::vec(any::<String>(), 12),
        sent in any::<i64>(),
        scope in prop::sample::select(vec![Scope::Public, Scope::Restricted, Scope::Private]),
        addresses in prop::collection::vec(any::<String>(), 0..3),
    ) {
        let mut advisory = advisory();
        advisory.identifier = texts[0].clone();
        advisory.sender = texts[1].clone();
        advisory.sender_name = texts[2].clone();
        advisory.vietnamese.event = texts[3].clone();
        advisory.vietnamese.title = texts[4].clone();
        advisory.vietnamese.body = texts[5].clone();
        advisory.vietnamese.instruction = texts[6].clone();
        advisory.contact_person = texts[7].clone();
        advisory.hotline = texts[8].clone();
        advisory.web = Some(texts[9].clone());
        advisory.restriction = Some(texts[10].clone());
        advisory.campaign_ids = vec![texts[11].clone()];
        advisory.sent = sent;
        advisory.scope = scope;
        advisory.addresses = addresses;
        if let Ok(xml) = cap::alert(&advisory) {
            check_cap(&xml);
        }
        let feed = atom::feed(&feed_info(), &[advisory]);
        prop_assert!(parse_xml(&feed).is_ok(), "{}", feed);
    }

    #[test]
    fn cap_accepts_ordinary_identifiers(identifier in "[A-Za-z0-9._:-]{1,40}", sent in 0i64..4_102_444_800) {
        let mut advisory = advisory();
        advisory.identifier = identifier;
        advisory.sent = sent;
        let xml = cap::alert(&advisory);
        prop_assert!(xml.is_ok());
        check_cap(&xml.unwrap_or_default());
    }
}

// --- Imports of partners' bundles and events ---

mod import {
    use super::*;
    use canhgiac_share::import::{self, Format, ImportError, ImportedIndicator};

    const NOW: i64 = 1_764_000_000;

    /// What the export of the fixture campaigns shares, as the import should read it back.
    fn shared_indicators() -> BTreeSet<(CoreKind, String)> {
        let mut expected = BTreeSet::new();
        for campaign in campaigns() {
            for indicator in campaign.shareable_indicators() {
                let kind = indicator.kind.as_str();
                let found = match kind {
                    "domain" => normalize(CoreKind::Url, &format!("http://{}", indicator.value))
                        .map(|v| (CoreKind::Url, v)),
                    "zalo" => None,
                    _ => CoreKind::ALL
                        .into_iter()
                        .find(|k| k.as_str() == kind)
                        .and_then(|k| normalize(k, &indicator.value).map(|v| (k, v))),
                };
                expected.extend(found);
            }
        }
        expected
    }

    fn pairs(found: &[ImportedIndicator]) -> BTreeSet<(CoreKind, String)> {
        found.iter().map(|i| (i.kind, i.value.clone())).collect()
    }

    #[test]
    fn our_stix_export_reads_back_without_red() {
        let bundle = stix::bundle(&authority(), &campaigns(), EXPORTED_AT);
        let bytes = serde_json::to_vec(&bundle).unwrap();
        let read = import::read(&bytes, NOW, Tlp::Amber).expect("bundle reads");
        assert_eq!(read.format, Format::Stix);
        assert_eq!(read.producer.as_deref(), Some(authority().name.as_str()));
        let expected = shared_indicators();
        assert!(expected.len() >= 8, "{expected:?}");
        assert_eq!(pairs(&read.indicators), expected);
        assert!(read.indicators.iter().all(|i| i.tlp != Tlp::Red));
        assert!(!read.indicators.iter().any(|i| i.value == "+84923000999"));
    }

    #[test]
    fn our_misp_events_read_back_without_red() {
        let feed = misp::feed(&authority(), &campaigns(), EXPORTED_AT);
        let mut found = BTreeSet::new();
        for file in feed
            .files
            .iter()
            .filter(|f| !f.path.ends_with("manifest.json") && f.path.ends_with(".json"))
        {
            let read =
                import::read(file.contents.as_bytes(), NOW, Tlp::Amber).expect("event reads");
            assert_eq!(read.format, Format::Misp);
            assert_eq!(read.producer.as_deref(), Some(authority().name.as_str()));
            assert_eq!(read.skipped.red, 0, "red never left, so none comes back");
            found.extend(pairs(&read.indicators));
        }
        assert_eq!(found, shared_indicators());
    }

    #[test]
    fn partner_bundle_markings_revocations_and_patterns() {
        let read = import::read(
            include_bytes!("fixtures/partner-bundle.json"),
            NOW,
            Tlp::Green,
        )
        .expect("partner bundle");
        assert_eq!(read.producer.as_deref(), Some("CERT đối tác"));
        let by_value: HashMap<&str, (CoreKind, Tlp)> = read
            .indicators
            .iter()
            .map(|i| (i.value.as_str(), (i.kind, i.tlp)))
            .collect();
        assert_eq!(
            by_value.get("+84912345678"),
            Some(&(CoreKind::Phone, Tlp::Clear)),
            "{by_value:?}"
        );
        assert_eq!(
            by_value.get("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
            Some(&(CoreKind::Btc, Tlp::Amber))
        );
        assert_eq!(
            by_value.get("thamtu_tin_cay"),
            Some(&(CoreKind::Telegram, Tlp::Green)),
            "unmarked takes the default"
        );
        assert!(
            by_value.keys().any(|v| v.contains("lua-dao-xac-minh.top")),
            "{by_value:?}"
        );
        assert!(
            !by_value.contains_key("+84987654321"),
            "TLP:RED (1.0 id) left out"
        );
        assert!(
            !by_value.contains_key("+84911111111"),
            "TLP:RED (2.0 extension) left out"
        );
        assert!(!by_value.contains_key("+84922222222"), "revoked left out");
        assert!(!by_value.contains_key("+84933333333"), "expired left out");
        assert_eq!(read.skipped.red, 2);
        assert_eq!(read.skipped.withdrawn, 2);
        assert_eq!(read.skipped.unsupported, 2, "LIKE pattern and file hash");
    }

    #[test]
    fn partner_misp_event_tags_and_deletions() {
        let read = import::read(
            include_bytes!("fixtures/partner-misp-event.json"),
            NOW,
            Tlp::Amber,
        )
        .expect("partner event");
        assert_eq!(read.format, Format::Misp);
        assert_eq!(read.producer.as_deref(), Some("Ngân hàng đối tác"));
        let values: BTreeSet<&str> = read.indicators.iter().map(|i| i.value.as_str()).collect();
        assert!(values.contains("+84909123456"), "{values:?}");
        assert!(
            values.contains("TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE"),
            "{values:?}"
        );
        assert!(values.contains("0451000388211"), "{values:?}");
        assert!(values.contains("thamtu_hp"), "{values:?}");
        assert!(!values.contains("+84900000001"), "red attribute left out");
        assert!(
            !values.contains("+84900000002"),
            "deleted attribute left out"
        );
        assert!(
            read.indicators.iter().all(|i| i.tlp == Tlp::Green),
            "the event's tag applies"
        );
        assert_eq!(read.skipped.red, 1);
        assert_eq!(read.skipped.withdrawn, 1);
    }

    #[test]
    fn documents_that_are_not_bundles_or_events_are_refused() {
        assert!(matches!(
            import::read(b"not json", NOW, Tlp::Green),
            Err(ImportError::NotJson(_))
        ));
        assert_eq!(
            import::read(b"{}", NOW, Tlp::Green),
            Err(ImportError::UnknownFormat)
        );
        assert_eq!(
            import::read(b"[1, 2]", NOW, Tlp::Green),
            Err(ImportError::UnknownFormat)
        );
        let empty =
            import::read(br#"{"type": "bundle", "id": "bundle--x"}"#, NOW, Tlp::Green).unwrap();
        assert!(empty.indicators.is_empty());
    }

    proptest! {
        #[test]
        fn import_never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = import::read(&bytes, NOW, Tlp::Green);
        }

        #[test]
        fn import_never_panics_on_any_pattern(pattern in "\\PC{0,120}") {
            let bundle = serde_json::json!({"type": "bundle", "objects": [
                {"type": "indicator", "pattern_type": "stix", "pattern": pattern}
            ]});
            let read = import::read_value(&bundle, NOW, Tlp::Green).unwrap();
            prop_assert!(read.indicators.len() <= pattern.matches('[').count());
        }
    }
}
