//! OASIS Common Alerting Protocol 1.2 alerts for the authority's warnings (advisories), so
//! alerting systems, enterprise gateways and public warning channels can take them in.
//!
//! Elements are written in the order the CAP 1.2 schema requires. Rules of the specification
//! that the schema does not check are enforced here and reported as [`CapError`]s: a Private
//! alert names its addresses, a Restricted alert says its restriction, identifiers and senders
//! carry no spaces, commas, `<` or `&`, and an Update or Cancel names what it replaces. Times
//! are Vietnam time with its offset, `2024-12-05T10:00:00+07:00`.

use serde::{Deserialize, Serialize};

use crate::timefmt;
use crate::xml;

/// The CAP 1.2 namespace.
pub const CAP_NAMESPACE: &str = "urn:oasis:names:tc:emergency:cap:1.2";

/// A CAP rule the advisory breaks; the alert is not written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CapError {
    #[error("a Private alert must name its addresses (CAP 1.2, <addresses>)")]
    PrivateWithoutAddresses,
    #[error("a Restricted alert must say its restriction (CAP 1.2, <restriction>)")]
    RestrictedWithoutRestriction,
    #[error("an {0} alert must reference the alert it replaces (CAP 1.2, <references>)")]
    MissingReferences(&'static str),
    #[error("{0} must not be empty")]
    Empty(&'static str),
    #[error("{0} must not contain spaces, commas, '<' or '&' (CAP 1.2)")]
    ForbiddenCharacters(&'static str),
    #[error("an address must not contain a double quote")]
    QuoteInAddress,
    #[error("the web link must be an absolute http(s) URL without spaces")]
    BadWebLink,
}

/// Code values of `<status>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Actual,
    Exercise,
    System,
    Test,
    Draft,
}

/// Code values of `<msgType>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MsgType {
    Alert,
    Update,
    Cancel,
    Ack,
    Error,
}

/// Code values of `<scope>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    Public,
    Restricted,
    Private,
}

/// Code values of `<category>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Category {
    Geo,
    Met,
    Safety,
    Security,
    Rescue,
    Fire,
    Health,
    Env,
    Transport,
    Infra,
    #[serde(rename = "CBRNE")]
    Cbrne,
    Other,
}

/// Code values of `<responseType>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResponseType {
    Shelter,
    Evacuate,
    Prepare,
    Execute,
    Avoid,
    Monitor,
    Assess,
    AllClear,
    None,
}

/// Code values of `<urgency>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Urgency {
    Immediate,
    Expected,
    Future,
    Past,
    Unknown,
}

/// Code values of `<severity>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    Extreme,
    Severe,
    Moderate,
    Minor,
    Unknown,
}

/// Code values of `<certainty>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Certainty {
    Observed,
    Likely,
    Possible,
    Unlikely,
    Unknown,
}

macro_rules! code_names {
    ($($ty:ty { $($variant:ident => $name:literal),+ $(,)? })+) => {
        $(impl $ty {
            /// The code value CAP 1.2 writes.
            pub fn as_str(self) -> &'static str {
                match self { $(<$ty>::$variant => $name),+ }
            }
        })+
    };
}

code_names! {
    Status { Actual => "Actual", Exercise => "Exercise", System => "System", Test => "Test", Draft => "Draft" }
    MsgType { Alert => "Alert", Update => "Update", Cancel => "Cancel", Ack => "Ack", Error => "Error" }
    Scope { Public => "Public", Restricted => "Restricted", Private => "Private" }
    Category {
        Geo => "Geo", Met => "Met", Safety => "Safety", Security => "Security", Rescue => "Rescue",
        Fire => "Fire", Health => "Health", Env => "Env", Transport => "Transport",
        Infra => "Infra", Cbrne => "CBRNE", Other => "Other",
    }
    ResponseType {
        Shelter => "Shelter", Evacuate => "Evacuate", Prepare => "Prepare", Execute => "Execute",
        Avoid => "Avoid", Monitor => "Monitor", Assess => "Assess", AllClear => "AllClear",
        None => "None",
    }
    Urgency { Immediate => "Immediate", Expected => "Expected", Future => "Future", Past => "Past", Unknown => "Unknown" }
    Severity { Extreme => "Extreme", Severe => "Severe", Moderate => "Moderate", Minor => "Minor", Unknown => "Unknown" }
    Certainty { Observed => "Observed", Likely => "Likely", Possible => "Possible", Unlikely => "Unlikely", Unknown => "Unknown" }
}

/// The text of an advisory in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvisoryText {
    /// What the warning is about, e.g. "Lừa đảo tống tiền bằng ảnh, video ghép mặt" (`<event>`).
    pub event: String,
    /// The title (`<headline>`).
    pub title: String,
    /// The body (`<description>`).
    pub body: String,
    /// What people should do (`<instruction>`).
    #[serde(default)]
    pub instruction: String,
}

/// An earlier alert this one updates or cancels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertReference {
    pub sender: String,
    pub identifier: String,
    /// Unix seconds.
    pub sent: i64,
}

/// A warning the authority publishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Advisory {
    /// Unique per sender, e.g. `HP-STTTT-2024-12-001` (`<identifier>`).
    pub identifier: String,
    /// The authority's sender address, e.g. an e-mail address (`<sender>`).
    pub sender: String,
    /// The authority's name as people read it (`<senderName>`).
    pub sender_name: String,
    /// Unix seconds (`<sent>`).
    pub sent: i64,
    pub status: Status,
    pub msg_type: MsgType,
    pub scope: Scope,
    /// Who may receive a Restricted alert.
    #[serde(default)]
    pub restriction: Option<String>,
    /// The recipient organisations' addresses (required for Private).
    #[serde(default)]
    pub addresses: Vec<String>,
    /// Alerts this one updates or cancels.
    #[serde(default)]
    pub references: Vec<AlertReference>,
    /// Ids of the campaigns the warning is about (`<incidents>` and parameters).
    #[serde(default)]
    pub campaign_ids: Vec<String>,
    /// Phones, wallets, accounts and links the warning names (parameters).
    #[serde(default)]
    pub indicators: Vec<NamedIndicator>,
    pub category: Category,
    #[serde(default)]
    pub response_types: Vec<ResponseType>,
    pub urgency: Urgency,
    pub severity: Severity,
    pub certainty: Certainty,
    /// Unix seconds after which the warning no longer applies.
    #[serde(default)]
    pub expires: Option<i64>,
    pub vietnamese: AdvisoryText,
    #[serde(default)]
    pub english: Option<AdvisoryText>,
    /// The person named for coordination.
    pub contact_person: String,
    pub hotline: String,
    /// The advisory's web page.
    #[serde(default)]
    pub web: Option<String>,
}

/// Whether the text is usable as a CAP identifier or sender.
fn check_token(field: &'static str, text: &str) -> Result<(), CapError> {
    if text.trim().is_empty() {
        return Err(CapError::Empty(field));
    }
    if text
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, ',' | '<' | '&'))
    {
        return Err(CapError::ForbiddenCharacters(field));
    }
    Ok(())
}

/// A URL that `xs:anyURI` and readers accept.
pub(crate) fn check_web(web: &str) -> Result<(), CapError> {
    let lower = web.to_ascii_lowercase();
    let has_scheme = lower.starts_with("https://") || lower.starts_with("http://");
    let host_present = web.split("://").nth(1).is_some_and(|rest| !rest.is_empty());
    let clean = !web
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'));
    if has_scheme && host_present && clean {
        Ok(())
    } else {
        Err(CapError::BadWebLink)
    }
}

/// The `<addresses>` value: space-separated, addresses with spaces in double quotes.
fn addresses_value(addresses: &[String]) -> Result<String, CapError> {
    let mut parts = Vec::new();
    for address in addresses {
        let address = address.trim();
        if address.is_empty() {
            continue;
        }
        if address.contains('"') {
            return Err(CapError::QuoteInAddress);
        }
        if address.chars().any(char::is_whitespace) {
            parts.push(format!("\"{address}\""));
        } else {
            parts.push(address.to_owned());
        }
    }
    Ok(parts.join(" "))
}

/// Checks the advisory against the CAP rules this module enforces.
pub fn validate(advisory: &Advisory) -> Result<(), CapError> {
    check_token("identifier", &advisory.identifier)?;
    check_token("sender", &advisory.sender)?;
    match advisory.scope {
        Scope::Private if addresses_value(&advisory.addresses)?.is_empty() => {
            return Err(CapError::PrivateWithoutAddresses)
        }
        Scope::Restricted
            if advisory
                .restriction
                .as_deref()
                .is_none_or(|r| r.trim().is_empty()) =>
        {
            return Err(CapError::RestrictedWithoutRestriction)
        }
        _ => {}
    }
    addresses_value(&advisory.addresses)?;
    if matches!(advisory.msg_type, MsgType::Update | MsgType::Cancel)
        && advisory.references.is_empty()
    {
        return Err(CapError::MissingReferences(advisory.msg_type.as_str()));
    }
    for reference in &advisory.references {
        check_token("references.sender", &reference.sender)?;
        check_token("references.identifier", &reference.identifier)?;
    }
    if advisory.vietnamese.event.trim().is_empty() {
        return Err(CapError::Empty("vietnamese.event"));
    }
    if let Some(english) = &advisory.english {
        if english.event.trim().is_empty() {
            return Err(CapError::Empty("english.event"));
        }
    }
    if let Some(web) = &advisory.web {
        check_web(web)?;
    }
    Ok(())
}

/// The contact line: person and hotline.
fn contact(advisory: &Advisory) -> String {
    let person = advisory.contact_person.trim();
    let hotline = advisory.hotline.trim();
    match (person.is_empty(), hotline.is_empty()) {
        (false, false) => format!("{person}, {hotline}"),
        (false, true) => person.to_owned(),
        (true, false) => hotline.to_owned(),
        (true, true) => String::new(),
    }
}

/// Campaign ids as `<incidents>` wants them: space-separated tokens.
fn incident_tokens(advisory: &Advisory) -> Vec<String> {
    advisory
        .campaign_ids
        .iter()
        .map(|id| id.split_whitespace().collect::<Vec<_>>().join("_"))
        .filter(|id| !id.is_empty())
        .collect()
}

fn info_block(out: &mut String, advisory: &Advisory, text: &AdvisoryText, language: &str) {
    xml::tag(out, 1, "info");
    xml::element(out, 2, "language", language);
    xml::element(out, 2, "category", advisory.category.as_str());
    xml::element(out, 2, "event", text.event.trim());
    for response in &advisory.response_types {
        xml::element(out, 2, "responseType", response.as_str());
    }
    xml::element(out, 2, "urgency", advisory.urgency.as_str());
    xml::element(out, 2, "severity", advisory.severity.as_str());
    xml::element(out, 2, "certainty", advisory.certainty.as_str());
    if let Some(expires) = advisory.expires {
        xml::element(out, 2, "expires", &timefmt::vietnam(expires));
    }
    if !advisory.sender_name.trim().is_empty() {
        xml::element(out, 2, "senderName", advisory.sender_name.trim());
    }
    if !text.title.trim().is_empty() {
        xml::element(out, 2, "headline", text.title.trim());
    }
    if !text.body.trim().is_empty() {
        xml::element(out, 2, "description", text.body.trim());
    }
    if !text.instruction.trim().is_empty() {
        xml::element(out, 2, "instruction", text.instruction.trim());
    }
    if let Some(web) = &advisory.web {
        xml::element(out, 2, "web", web.trim());
    }
    let contact = contact(advisory);
    if !contact.is_empty() {
        xml::element(out, 2, "contact", &contact);
    }
    let campaigns = incident_tokens(advisory)
        .into_iter()
        .map(|id| ("canhgiac:campaign", id));
    let indicators = advisory
        .indicators
        .iter()
        .filter(|i| !i.value.trim().is_empty())
        .map(|i| {
            (
                "canhgiac:indicator",
                format!("{}:{}", i.kind.trim(), i.value.trim()),
            )
        });
    for (name, value) in campaigns.chain(indicators) {
        xml::tag(out, 2, "parameter");
        xml::element(out, 3, "valueName", name);
        xml::element(out, 3, "value", &value);
        xml::tag(out, 2, "/parameter");
    }
    xml::tag(out, 1, "/info");
}

/// Writes the advisory as a CAP 1.2 alert (UTF-8 XML), or says which rule it breaks.
pub fn alert(advisory: &Advisory) -> Result<String, CapError> {
    validate(advisory)?;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<alert xmlns=\"{CAP_NAMESPACE}\">\n"));
    xml::element(&mut out, 1, "identifier", advisory.identifier.trim());
    xml::element(&mut out, 1, "sender", advisory.sender.trim());
    xml::element(&mut out, 1, "sent", &timefmt::vietnam(advisory.sent));
    xml::element(&mut out, 1, "status", advisory.status.as_str());
    xml::element(&mut out, 1, "msgType", advisory.msg_type.as_str());
    xml::element(&mut out, 1, "scope", advisory.scope.as_str());
    if advisory.scope == Scope::Restricted {
        if let Some(restriction) = &advisory.restriction {
            xml::element(&mut out, 1, "restriction", restriction.trim());
        }
    }
    let addresses = addresses_value(&advisory.addresses)?;
    if !addresses.is_empty() {
        xml::element(&mut out, 1, "addresses", &addresses);
    }
    if !advisory.references.is_empty() {
        let references: Vec<String> = advisory
            .references
            .iter()
            .map(|r| {
                format!(
                    "{},{},{}",
                    r.sender.trim(),
                    r.identifier.trim(),
                    timefmt::vietnam(r.sent)
                )
            })
            .collect();
        xml::element(&mut out, 1, "references", &references.join(" "));
    }
    let incidents = incident_tokens(advisory);
    if !incidents.is_empty() {
        xml::element(&mut out, 1, "incidents", &incidents.join(" "));
    }
    info_block(&mut out, advisory, &advisory.vietnamese, "vi-VN");
    if let Some(english) = &advisory.english {
        info_block(&mut out, advisory, english, "en-US");
    }
    out.push_str("</alert>\n");
    Ok(out)
}

/// An indicator an advisory names, e.g. `phone` `+84923000471`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedIndicator {
    pub kind: String,
    pub value: String,
}

/// A warning as the authority writes it, before it is published: what the store keeps. The
/// identifier, sender, time and addresses are added when it is published ([`Self::alert`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdvisoryContent {
    pub vietnamese: AdvisoryText,
    #[serde(default)]
    pub english: Option<AdvisoryText>,
    pub category: Category,
    #[serde(default)]
    pub response_types: Vec<ResponseType>,
    pub urgency: Urgency,
    pub severity: Severity,
    pub certainty: Certainty,
    /// Public (anyone may read it) or Private (only the recipient organisations).
    pub scope: Scope,
    #[serde(default)]
    pub restriction: Option<String>,
    #[serde(default)]
    pub campaign_ids: Vec<i64>,
    #[serde(default)]
    pub indicators: Vec<NamedIndicator>,
    pub contact_person: String,
    pub hotline: String,
    /// Unix seconds after which the warning no longer applies.
    #[serde(default)]
    pub expires: Option<i64>,
}

/// What publishing adds to an [`AdvisoryContent`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication<'a> {
    pub identifier: &'a str,
    pub authority: &'a crate::Authority,
    /// Unix seconds.
    pub sent: i64,
    /// The recipient organisations (e-mail addresses or names).
    pub addresses: Vec<String>,
    /// The advisory's web page.
    pub web: Option<String>,
}

impl AdvisoryContent {
    /// The CAP alert of this content as published.
    pub fn alert(&self, publication: &Publication<'_>) -> Advisory {
        let authority = publication.authority;
        let email = authority.email.trim();
        let sender = if email.is_empty() || check_token("sender", email).is_err() {
            "canhgiac".to_owned()
        } else {
            email.to_owned()
        };
        Advisory {
            identifier: publication.identifier.to_owned(),
            sender,
            sender_name: authority.name.trim().to_owned(),
            sent: publication.sent,
            status: Status::Actual,
            msg_type: MsgType::Alert,
            scope: self.scope,
            restriction: self.restriction.clone(),
            addresses: publication.addresses.clone(),
            references: Vec::new(),
            campaign_ids: self
                .campaign_ids
                .iter()
                .map(|id| format!("cmp-{id}"))
                .collect(),
            indicators: self.indicators.clone(),
            category: self.category,
            response_types: self.response_types.clone(),
            urgency: self.urgency,
            severity: self.severity,
            certainty: self.certainty,
            expires: self.expires,
            vietnamese: self.vietnamese.clone(),
            english: self.english.clone(),
            contact_person: self.contact_person.clone(),
            hotline: self.hotline.clone(),
            web: publication.web.clone(),
        }
    }
}
