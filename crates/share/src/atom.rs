//! Atom (RFC 4287) feeds of advisories, so people and organisations can follow the authority's
//! warnings in any feed reader. Entries are in Vietnamese; dates are Vietnam time.

use serde::{Deserialize, Serialize};

use crate::cap::Advisory;
use crate::ids::content_uuid;
use crate::timefmt;
use crate::xml;

/// What describes the feed itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedInfo {
    /// A permanent IRI for the feed, e.g. its URL.
    pub id: String,
    pub title: String,
    /// The authority publishing the feed (`<author><name>`).
    pub author: String,
    /// Where the feed is served (`<link rel="self">`).
    #[serde(default)]
    pub self_url: Option<String>,
    /// The advisories' list page (`<link rel="alternate">`).
    #[serde(default)]
    pub site_url: Option<String>,
}

/// The web page of an advisory under the service's base URL (`{base}/canh-bao/{identifier}`),
/// as the server serves it and exports link to it.
pub fn advisory_page(base: &str, identifier: &str) -> String {
    format!(
        "{}/canh-bao/{}",
        base.trim_end_matches('/'),
        identifier.trim()
    )
}

impl FeedInfo {
    /// The feed of the authority's public advisories served under `base`.
    pub fn advisories(base: &str, authority: &crate::Authority) -> FeedInfo {
        let base = base.trim_end_matches('/');
        FeedInfo {
            id: format!("{base}/canh-bao"),
            title: format!("Cảnh báo của {}", authority.name.trim()),
            author: authority.name.trim().to_owned(),
            self_url: Some(format!("{base}/canh-bao.atom")),
            site_url: Some(format!("{base}/canh-bao")),
        }
    }
}

/// The entry id of an advisory: stable across publications of the same identifier.
pub fn entry_id(advisory: &Advisory) -> String {
    format!(
        "urn:uuid:{}",
        content_uuid(&[
            "advisory",
            advisory.sender.trim(),
            advisory.identifier.trim()
        ])
    )
}

fn link(out: &mut String, indent: usize, rel: &str, media_type: &str, href: &str) {
    for _ in 0..indent {
        out.push_str("  ");
    }
    out.push_str(&format!(
        "<link rel=\"{rel}\" type=\"{media_type}\" href=\"{}\"/>\n",
        xml::escape_attribute(href)
    ));
}

/// One `<entry>` for an advisory.
pub fn entry(advisory: &Advisory) -> String {
    let mut out = String::new();
    xml::tag(&mut out, 1, "entry");
    xml::element(&mut out, 2, "id", &entry_id(advisory));
    let title = advisory.vietnamese.title.trim();
    let title = if title.is_empty() {
        advisory.vietnamese.event.trim()
    } else {
        title
    };
    xml::element(&mut out, 2, "title", title);
    xml::element(&mut out, 2, "updated", &timefmt::vietnam(advisory.sent));
    xml::element(&mut out, 2, "published", &timefmt::vietnam(advisory.sent));
    if !advisory.sender_name.trim().is_empty() {
        xml::tag(&mut out, 2, "author");
        xml::element(&mut out, 3, "name", advisory.sender_name.trim());
        xml::tag(&mut out, 2, "/author");
    }
    if let Some(web) = advisory.web.as_deref() {
        if crate::cap::check_web(web).is_ok() {
            link(&mut out, 2, "alternate", "text/html", web.trim());
        }
    }
    out.push_str(&format!(
        "    <category term=\"{}\"/>\n",
        xml::escape_attribute(&advisory.severity.as_str().to_lowercase())
    ));
    if !advisory.vietnamese.event.trim().is_empty() {
        xml::element(&mut out, 2, "summary", advisory.vietnamese.event.trim());
    }
    let mut content = advisory.vietnamese.body.trim().to_owned();
    let instruction = advisory.vietnamese.instruction.trim();
    if !instruction.is_empty() {
        content.push_str("\n\n");
        content.push_str(instruction);
    }
    let contact_person = advisory.contact_person.trim();
    let hotline = advisory.hotline.trim();
    if !contact_person.is_empty() || !hotline.is_empty() {
        content.push_str(&format!("\n\nLiên hệ: {contact_person} {hotline}"));
    }
    xml::element(&mut out, 2, "content", content.trim());
    xml::tag(&mut out, 1, "/entry");
    out
}

/// The whole feed, newest advisory first; `updated` is the newest `sent` (or the epoch when
/// there are none).
pub fn feed(info: &FeedInfo, advisories: &[Advisory]) -> String {
    let mut sorted: Vec<&Advisory> = advisories.iter().collect();
    sorted.sort_by(|a, b| {
        b.sent
            .cmp(&a.sent)
            .then_with(|| a.identifier.cmp(&b.identifier))
    });
    let updated = sorted.first().map_or(0, |a| a.sent);

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n");
    let id = info.id.trim();
    let id = if id.is_empty() {
        format!(
            "urn:uuid:{}",
            content_uuid(&["atom-feed", info.title.trim()])
        )
    } else {
        id.to_owned()
    };
    xml::element(&mut out, 1, "id", &id);
    xml::element(&mut out, 1, "title", info.title.trim());
    xml::element(&mut out, 1, "updated", &timefmt::vietnam(updated));
    xml::tag(&mut out, 1, "author");
    xml::element(&mut out, 2, "name", info.author.trim());
    xml::tag(&mut out, 1, "/author");
    if let Some(url) = &info.self_url {
        link(&mut out, 1, "self", "application/atom+xml", url.trim());
    }
    if let Some(url) = &info.site_url {
        link(&mut out, 1, "alternate", "text/html", url.trim());
    }
    for advisory in sorted {
        out.push_str(&entry(advisory));
    }
    out.push_str("</feed>\n");
    out
}
