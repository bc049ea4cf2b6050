//! A MISP feed of campaigns: what a MISP instance subscribes to (Sync Actions → Feeds, format
//! "MISP Feed"). The feed is a directory of `manifest.json`, `hashes.csv` and one
//! `<event uuid>.json` per campaign; this module returns those files for the caller to write.
//!
//! Each campaign is one event tagged with its TLP and `circl:incident-classification`; each
//! indicator is an object of the MISP object template made for it (`phone-number`,
//! `coin-address`, `bank-account`, `url`, `domain-ip`, `telegram-account`, `user-account`),
//! with the template's object relations; e-mail addresses and PDQ fingerprints, which have no
//! fitting template, are plain attributes. Event and attribute uuids are derived from content,
//! so a re-published feed updates events instead of duplicating them; the event uuid is the
//! same UUID as the campaign's STIX id.

use md5::{Digest, Md5};
use serde_json::{json, Map, Value};

use crate::ids::content_uuid;
use crate::model::{Authority, Campaign, CampaignStatus, IndicatorKind, Tlp};
use crate::stix::{campaign_description, campaign_name, non_blank, valid_pdq};
use crate::timefmt;

/// One file of the feed: its path relative to the feed directory and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedFile {
    pub path: String,
    pub contents: String,
}

/// The whole feed: `manifest.json`, `hashes.csv`, then the events in uuid order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub files: Vec<FeedFile>,
}

/// A MISP object template this feed fills: name, uuid and version as published in
/// MISP/misp-objects (the copy PyMISP 2.5 ships).
struct Template {
    name: &'static str,
    uuid: &'static str,
    version: u32,
    meta_category: &'static str,
    description: &'static str,
}

const PHONE_NUMBER: Template = Template {
    name: "phone-number",
    uuid: "c4b5a67c-63d2-11ec-90d6-0242ac120003",
    version: 1,
    meta_category: "mobile",
    description:
        "Phone number based on the E.164 international public telecommunication numbering plan",
};
const COIN_ADDRESS: Template = Template {
    name: "coin-address",
    uuid: "d0e6997e-78da-4815-a6a1-cfc1c1cb8a46",
    version: 7,
    meta_category: "financial",
    description: "An address used in a cryptocurrency",
};
const BANK_ACCOUNT: Template = Template {
    name: "bank-account",
    uuid: "b4712203-95a8-4883-80e9-b566f5df11c9",
    version: 3,
    meta_category: "financial",
    description:
        "An object describing bank account information based on account description from goAML 4.0.",
};
const URL: Template = Template {
    name: "url",
    uuid: "60efb77b-40b5-4c46-871b-ed1ed999fce5",
    version: 10,
    meta_category: "network",
    description: "url object describes an url along with its normalized field (like extracted using faup parsing library) and its metadata.",
};
const DOMAIN_IP: Template = Template {
    name: "domain-ip",
    uuid: "43b3b146-77eb-4931-b4cc-b66c60f28734",
    version: 11,
    meta_category: "network",
    description: "A domain/hostname and IP address seen as a tuple in a specific time frame.",
};
const TELEGRAM_ACCOUNT: Template = Template {
    name: "telegram-account",
    uuid: "06f02ecf-5afb-42c5-9cb0-b362e222f52c",
    version: 2,
    meta_category: "misc",
    description: "Information related to a telegram account",
};
const USER_ACCOUNT: Template = Template {
    name: "user-account",
    uuid: "49606b06-22f0-4ac8-8eee-2f12ad46f3d3",
    version: 6,
    meta_category: "misc",
    description: "User-account object, defining aspects of user identification, authentication, privileges and other relevant data points.",
};

/// One attribute to write: object relation (for object attributes), MISP type, category, value,
/// whether it is an IDS signature.
struct AttributeSpec<'a> {
    relation: Option<&'static str>,
    misp_type: &'static str,
    category: &'static str,
    value: &'a str,
    to_ids: bool,
}

/// The MISP tag of a TLP level.
pub fn tlp_tag(tlp: Tlp) -> String {
    format!("tlp:{}", tlp.as_str())
}

/// The colour MISP gives the TLP tags.
fn tlp_colour(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "#ffffff",
        Tlp::Green => "#339900",
        Tlp::Amber | Tlp::AmberStrict => "#ffc000",
        Tlp::Red => "#cc0033",
    }
}

/// MISP distribution for an event at a TLP level: the closest sharing scope.
fn distribution(tlp: Tlp) -> &'static str {
    match tlp {
        Tlp::Clear => "3",                  // all communities
        Tlp::Green => "2",                  // connected communities
        Tlp::Amber => "1",                  // this community only
        Tlp::AmberStrict | Tlp::Red => "0", // your organisation only
    }
}

/// `circl:incident-classification` value for a scam type.
fn incident_classification(scam_type: &str) -> &'static str {
    if scam_type.trim() == "phishing_link" {
        "phishing"
    } else {
        "scam"
    }
}

/// MISP threat level (1 high, 2 medium, 3 low): money paid or many reports make a campaign
/// high, a few reports medium.
fn threat_level(campaign: &Campaign) -> &'static str {
    let anyone_paid = campaign
        .money
        .iter()
        .any(|m| m.paid.is_finite() && m.paid > 0.0);
    if anyone_paid || campaign.reports >= 10 {
        "1"
    } else if campaign.reports >= 3 {
        "2"
    } else {
        "3"
    }
}

/// MISP analysis state: 0 initial, 1 ongoing, 2 completed.
fn analysis(status: CampaignStatus) -> &'static str {
    match status {
        CampaignStatus::Suspected => "0",
        CampaignStatus::Confirmed => "1",
        CampaignStatus::Closed => "2",
    }
}

fn tag(name: String, colour: &str) -> Value {
    json!({ "name": name, "colour": colour })
}

struct EventBuilder<'a> {
    event_uuid: String,
    timestamp: String,
    hashes: Vec<String>,
    campaign: &'a Campaign,
}

impl EventBuilder<'_> {
    fn attribute(
        &mut self,
        spec: &AttributeSpec<'_>,
        owner: &str,
        comment: &str,
        seen: Option<(i64, i64)>,
        tlp: Option<Tlp>,
    ) -> Value {
        let uuid = content_uuid(&[
            "misp-attribute",
            &self.event_uuid,
            owner,
            spec.relation.unwrap_or(""),
            spec.misp_type,
            spec.value,
        ]);
        let mut attribute = Map::new();
        attribute.insert("uuid".into(), json!(uuid.to_string()));
        if let Some(relation) = spec.relation {
            attribute.insert("object_relation".into(), json!(relation));
        }
        attribute.insert("type".into(), json!(spec.misp_type));
        attribute.insert("category".into(), json!(spec.category));
        attribute.insert("value".into(), json!(spec.value));
        attribute.insert("to_ids".into(), json!(spec.to_ids));
        attribute.insert("disable_correlation".into(), json!(false));
        attribute.insert("comment".into(), json!(comment));
        attribute.insert("timestamp".into(), json!(self.timestamp));
        attribute.insert("deleted".into(), json!(false));
        if let Some((first, last)) = seen {
            attribute.insert("first_seen".into(), json!(timefmt::misp_datetime(first)));
            attribute.insert(
                "last_seen".into(),
                json!(timefmt::misp_datetime(last.max(first))),
            );
        }
        if let Some(tlp) = tlp.filter(|t| *t > self.campaign.tlp) {
            attribute.insert("Tag".into(), json!([tag(tlp_tag(tlp), tlp_colour(tlp))]));
        }
        let digest = Md5::digest(spec.value.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        self.hashes.push(format!("{hex},{}", self.event_uuid));
        Value::Object(attribute)
    }

    fn object(
        &mut self,
        template: &Template,
        key: &str,
        comment: &str,
        attributes: &[AttributeSpec<'_>],
        seen: (i64, i64),
        tlp: Option<Tlp>,
    ) -> Value {
        let uuid = content_uuid(&["misp-object", &self.event_uuid, template.name, key]);
        let attributes: Vec<Value> = attributes
            .iter()
            .map(|spec| {
                // Only the identifying attribute carries the sighting window.
                let seen = (spec.to_ids || spec.relation == Some("phone-number")).then_some(seen);
                self.attribute(spec, &uuid.to_string(), "", seen, tlp)
            })
            .collect();
        json!({
            "name": template.name,
            "meta-category": template.meta_category,
            "description": template.description,
            "template_uuid": template.uuid,
            "template_version": template.version.to_string(),
            "uuid": uuid.to_string(),
            "timestamp": self.timestamp,
            "comment": comment,
            "deleted": false,
            "Attribute": attributes,
        })
    }
}

/// One campaign as a MISP feed event (`{"Event": {…}}`), or `None` when it is TLP:RED.
pub fn event(authority: &Authority, campaign: &Campaign, published_at: i64) -> Option<Value> {
    build_event(authority, campaign, published_at).map(|(event, _)| event)
}

/// The event and its `hashes.csv` rows (MD5 of each attribute value, then the event uuid).
fn build_event(
    authority: &Authority,
    campaign: &Campaign,
    published_at: i64,
) -> Option<(Value, Vec<String>)> {
    if !campaign.tlp.may_leave() {
        return None;
    }
    let event_uuid = content_uuid(&["campaign", &campaign.id]).to_string();
    let last_change = campaign
        .indicators
        .iter()
        .map(|i| i.last_seen)
        .chain([campaign.last_seen, campaign.first_seen])
        .max()
        .unwrap_or(campaign.last_seen);
    let mut builder = EventBuilder {
        event_uuid: event_uuid.clone(),
        timestamp: timefmt::unix_string(last_change),
        hashes: Vec::new(),
        campaign,
    };

    let mut indicators = campaign.shareable_indicators();
    indicators.dedup_by(|a, b| (a.kind, &a.value) == (b.kind, &b.value));

    let mut objects = Vec::new();
    let mut loose = Vec::new();
    for indicator in indicators {
        let value = indicator.value.as_str();
        let seen = (indicator.first_seen, indicator.last_seen);
        let comment = format!(
            "{} của đối tượng lừa đảo; {} báo cáo.",
            indicator.kind.vietnamese_name(),
            indicator.reports
        );
        let key = format!("{}:{value}", indicator.kind.as_str());
        let (template, attributes): (&Template, Vec<AttributeSpec<'_>>) = match indicator.kind {
            IndicatorKind::Phone => (
                &PHONE_NUMBER,
                vec![AttributeSpec {
                    relation: Some("phone-number"),
                    misp_type: "phone-number",
                    category: "Person",
                    value,
                    to_ids: false,
                }],
            ),
            IndicatorKind::Btc => (
                &COIN_ADDRESS,
                vec![
                    AttributeSpec {
                        relation: Some("address"),
                        misp_type: "btc",
                        category: "Financial fraud",
                        value,
                        to_ids: true,
                    },
                    AttributeSpec {
                        relation: Some("symbol"),
                        misp_type: "text",
                        category: "Financial fraud",
                        value: "BTC",
                        to_ids: false,
                    },
                ],
            ),
            IndicatorKind::Eth | IndicatorKind::Trx => (
                &COIN_ADDRESS,
                vec![
                    AttributeSpec {
                        relation: Some("address-crypto"),
                        misp_type: "text",
                        category: "Financial fraud",
                        value,
                        to_ids: true,
                    },
                    AttributeSpec {
                        relation: Some("symbol"),
                        misp_type: "text",
                        category: "Financial fraud",
                        value: indicator.kind.currency_symbol().unwrap_or_default(),
                        to_ids: false,
                    },
                ],
            ),
            IndicatorKind::BankAccount => {
                let mut attributes = vec![AttributeSpec {
                    relation: Some("account"),
                    misp_type: "bank-account-nr",
                    category: "Financial fraud",
                    value,
                    to_ids: true,
                }];
                if let Some(bank) = indicator.bank.as_deref().filter(|b| !b.trim().is_empty()) {
                    attributes.push(AttributeSpec {
                        relation: Some("institution-name"),
                        misp_type: "text",
                        category: "Financial fraud",
                        value: bank.trim(),
                        to_ids: false,
                    });
                }
                (&BANK_ACCOUNT, attributes)
            }
            IndicatorKind::Url => (
                &URL,
                vec![AttributeSpec {
                    relation: Some("url"),
                    misp_type: "url",
                    category: "Network activity",
                    value,
                    to_ids: true,
                }],
            ),
            IndicatorKind::Domain => (
                &DOMAIN_IP,
                vec![AttributeSpec {
                    relation: Some("domain"),
                    misp_type: "domain",
                    category: "Network activity",
                    value,
                    to_ids: true,
                }],
            ),
            IndicatorKind::Telegram => (
                &TELEGRAM_ACCOUNT,
                vec![AttributeSpec {
                    relation: Some("username"),
                    misp_type: "text",
                    category: "Social network",
                    value,
                    to_ids: true,
                }],
            ),
            IndicatorKind::Zalo => (
                &USER_ACCOUNT,
                vec![
                    AttributeSpec {
                        relation: Some("username"),
                        misp_type: "text",
                        category: "Social network",
                        value,
                        to_ids: true,
                    },
                    AttributeSpec {
                        relation: Some("account-type"),
                        misp_type: "text",
                        category: "Social network",
                        value: "zalo",
                        to_ids: false,
                    },
                ],
            ),
            IndicatorKind::Email => {
                let spec = AttributeSpec {
                    relation: None,
                    misp_type: "email-src",
                    category: "Payload delivery",
                    value,
                    to_ids: true,
                };
                loose.push(builder.attribute(&spec, "", &comment, Some(seen), indicator.tlp));
                continue;
            }
        };
        objects.push(builder.object(template, &key, &comment, &attributes, seen, indicator.tlp));
    }

    let mut fingerprints: Vec<_> = campaign
        .fingerprints
        .iter()
        .filter(|f| campaign.effective_tlp(f.tlp).may_leave())
        .filter_map(|f| valid_pdq(&f.pdq).map(|pdq| (pdq, f)))
        .collect();
    fingerprints.sort_by(|a, b| a.0.cmp(&b.0));
    fingerprints.dedup_by(|a, b| a.0 == b.0);
    for (pdq, fingerprint) in &fingerprints {
        let spec = AttributeSpec {
            relation: None,
            misp_type: "text",
            category: "Artifacts dropped",
            value: pdq,
            to_ids: false,
        };
        let comment = format!(
            "PDQ: dấu vân tay ảnh ghép mặt dùng để tống tiền (ảnh không được lưu); {} báo cáo.",
            fingerprint.reports
        );
        loose.push(builder.attribute(&spec, "", &comment, None, fingerprint.tlp));
    }

    let info = campaign_name(campaign, authority);
    let org_name = non_blank(&authority.name, || "Cơ quan phát hành".to_owned());
    let orgc = json!({
        "name": org_name,
        "uuid": content_uuid(&["organisation", &org_name]).to_string(),
    });
    let tags = vec![
        tag(tlp_tag(campaign.tlp), tlp_colour(campaign.tlp)),
        tag(
            format!(
                "circl:incident-classification=\"{}\"",
                incident_classification(&campaign.scam_type)
            ),
            "#0088cc",
        ),
    ];
    let mut event = json!({
        "uuid": event_uuid,
        "info": info,
        "date": timefmt::vietnam_date(campaign.first_seen),
        "threat_level_id": threat_level(campaign),
        "analysis": analysis(campaign.status),
        "distribution": distribution(campaign.tlp),
        "published": true,
        "timestamp": builder.timestamp,
        "publish_timestamp": timefmt::unix_string(published_at),
        "Orgc": orgc,
        "Tag": tags,
        "EventReport": [{
            "uuid": content_uuid(&["misp-event-report", &event_uuid]).to_string(),
            "name": "Mô tả chiến dịch",
            "content": campaign_description(campaign, authority),
            "timestamp": builder.timestamp,
            "deleted": false,
        }],
    });
    if !loose.is_empty() {
        event["Attribute"] = Value::Array(loose);
    }
    if !objects.is_empty() {
        event["Object"] = Value::Array(objects);
    }
    Some((json!({ "Event": event }), builder.hashes))
}

/// Builds the MISP feed of `campaigns` published by `authority` at `published_at` (unix
/// seconds). TLP:RED campaigns, indicators and fingerprints are left out.
pub fn feed(authority: &Authority, campaigns: &[Campaign], published_at: i64) -> Feed {
    let mut sorted: Vec<&Campaign> = campaigns.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    sorted.dedup_by(|a, b| a.id == b.id);

    let mut manifest = Map::new();
    let mut hashes = String::new();
    let mut events = Vec::new();
    for campaign in sorted {
        let Some((event, rows)) = build_event(authority, campaign, published_at) else {
            continue;
        };
        let Some(body) = event.get("Event").and_then(Value::as_object) else {
            continue;
        };
        for row in rows {
            hashes.push_str(&row);
            hashes.push('\n');
        }
        let uuid = body
            .get("uuid")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let mut entry = Map::new();
        for key in [
            "Orgc",
            "Tag",
            "info",
            "date",
            "analysis",
            "threat_level_id",
            "timestamp",
        ] {
            if let Some(value) = body.get(key) {
                entry.insert(key.to_owned(), value.clone());
            }
        }
        manifest.insert(uuid.clone(), Value::Object(entry));
        events.push(FeedFile {
            path: format!("{uuid}.json"),
            contents: pretty(&event),
        });
    }
    let mut files = vec![
        FeedFile {
            path: "manifest.json".to_owned(),
            contents: pretty(&Value::Object(manifest)),
        },
        FeedFile {
            path: "hashes.csv".to_owned(),
            contents: hashes,
        },
    ];
    events.sort_by(|a, b| a.path.cmp(&b.path));
    files.extend(events);
    Feed { files }
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
