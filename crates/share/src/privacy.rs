//! Defence in depth for free text: a campaign's name and summary are written by analysts, who
//! may paste a victim's message with the victim's own phone number or e-mail in it. Before such
//! text leaves, every phone number and e-mail address in it that is not one of the campaign's
//! shared indicators (the scammers') is replaced.

use std::collections::HashSet;

use canhgiac_core::indicators::{extract, normalize, IndicatorKind as CoreKind};

use crate::model::{Authority, Campaign, IndicatorKind};

/// What replaces a contact that may not leave.
pub(crate) const REDACTED: &str = "[đã ẩn]";

/// The values a campaign's free text may show: its shared phone and e-mail indicators and the
/// authority's own hotline and e-mail.
pub(crate) fn shareable_contacts(campaign: &Campaign, authority: &Authority) -> HashSet<String> {
    let mut allowed: HashSet<String> = campaign
        .indicators
        .iter()
        .filter(|i| matches!(i.kind, IndicatorKind::Phone | IndicatorKind::Email))
        .filter(|i| campaign.effective_tlp(i.tlp).may_leave())
        .map(|i| i.value.trim().to_lowercase())
        .collect();
    allowed.extend(normalize(CoreKind::Phone, &authority.hotline));
    allowed.extend(normalize(CoreKind::Email, &authority.email).map(|e| e.to_lowercase()));
    allowed
}

/// `text` with every phone number and e-mail address not in `allowed` replaced.
pub(crate) fn redact_contacts(text: &str, allowed: &HashSet<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for indicator in extract(text).indicators {
        if !matches!(indicator.kind, CoreKind::Phone | CoreKind::Email)
            || allowed.contains(&indicator.value.to_lowercase())
        {
            continue;
        }
        let (Some(before), Some(_)) = (
            text.get(copied..indicator.start),
            text.get(indicator.start..indicator.end),
        ) else {
            continue;
        };
        out.push_str(before);
        out.push_str(REDACTED);
        copied = indicator.end;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}
