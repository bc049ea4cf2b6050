//! What the pages show, computed from the API's data: the verdict in words, the message cut
//! into plain and highlighted pieces, indicators with their look-ups, dates in Viet Nam's time.

use canhgiac_core::advice::AdviceId;
use canhgiac_core::analysis::FlagSpan;
use canhgiac_core::indicators::IndicatorKind;
use canhgiac_core::taxonomy::{Label, Risk};
use canhgiac_core::Analysis;
use time::{OffsetDateTime, UtcOffset};

use super::ctx::encode_query;
use super::i18n::{Lang, Text};
use crate::wire::{parse_rfc3339, LookupOut};

/// A check's result as the page shows it.
pub struct CheckView {
    /// `high`, `medium` or `low`: the style of the verdict box.
    pub risk: &'static str,
    pub is_scam: bool,
    pub verdict: &'static str,
    pub summary: &'static str,
    pub scam_type: Option<&'static str>,
    pub from_image: bool,
    pub segments: Vec<Segment>,
    pub flags: Vec<FlagItem>,
    pub indicators: Vec<IndicatorItem>,
    pub lookalikes: Vec<LookalikeItem>,
    pub advice: Vec<&'static str>,
    /// The text checked, for the report form.
    pub text: String,
}

/// A piece of the message: plain, or highlighted as showing red flags.
pub struct Segment {
    pub text: String,
    pub mark: Option<Mark>,
}

pub struct Mark {
    /// What the highlighted words show, for the tooltip.
    pub title: String,
    /// The numbers of the flags in the list below the message, e.g. `1, 2`.
    pub refs: String,
    /// The first of them, for the link.
    pub first: usize,
}

pub struct FlagItem {
    pub number: usize,
    pub label: &'static str,
    pub excerpt: String,
}

pub struct IndicatorItem {
    pub kind: &'static str,
    pub value: String,
    pub bank: Option<String>,
    pub lookup: LookupView,
    pub href: String,
}

pub struct LookalikeItem {
    pub kind: &'static str,
    pub text: String,
}

/// A look-up as words: how often reported, since when, the verdict. Never who reported.
pub struct LookupView {
    pub kind: &'static str,
    pub value: String,
    pub reported: bool,
    pub reports: String,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub verdict: Option<&'static str>,
    /// `true` when an analyst found it to be safe (allow-listed or a false positive).
    pub safe: bool,
    pub sources: Option<String>,
}

impl CheckView {
    pub fn new(
        lang: Lang,
        text: String,
        analysis: &Analysis,
        lookups: Vec<LookupOut>,
        from_image: bool,
    ) -> CheckView {
        let t = lang.text();
        let core = lang.core();
        let is_scam = analysis.label == Label::Scam;
        let (risk, verdict) = match (analysis.label, analysis.risk) {
            (Label::Legit, _) => ("low", t.verdict_legit),
            (Label::Scam, Risk::High) => ("high", t.verdict_scam_high),
            (Label::Scam, _) => ("medium", t.verdict_scam_medium),
        };
        let flags = analysis
            .red_flags
            .iter()
            .enumerate()
            .map(|(i, f)| FlagItem {
                number: i + 1,
                label: f.flag.describe(core),
                excerpt: f.excerpt.clone(),
            })
            .collect();
        let indicators = analysis
            .indicators
            .iter()
            .zip(lookups)
            .map(|(indicator, found)| IndicatorItem {
                kind: t.kind(indicator.kind),
                value: indicator.value.clone(),
                bank: indicator.bank.clone(),
                href: lookup_href(indicator.kind.as_str(), &indicator.value),
                lookup: LookupView::new(lang, &found),
            })
            .collect();
        let lookalikes = analysis
            .invalid_indicators
            .iter()
            .map(|l| LookalikeItem {
                kind: t.kind(l.kind),
                text: l.text.clone(),
            })
            .collect();
        // The advice in the page's language, whatever the message's.
        let advice = analysis
            .advice
            .iter()
            .filter_map(|a| AdviceId::ALL.iter().find(|id| id.as_str() == a.id))
            .map(|id| id.text(core))
            .collect();
        CheckView {
            risk,
            is_scam,
            verdict,
            summary: if is_scam {
                t.summary_scam
            } else {
                t.summary_legit
            },
            scam_type: analysis.scam_type.map(|s| s.describe(core)),
            from_image,
            segments: segments(&text, &analysis.red_flags, lang),
            flags,
            indicators,
            lookalikes,
            advice,
            text,
        }
    }
}

impl LookupView {
    pub fn new(lang: Lang, found: &LookupOut) -> LookupView {
        let t = lang.text();
        let kind = found
            .kind
            .parse::<IndicatorKind>()
            .map_or("", |k| t.kind(k));
        let verdict = found.verdict.as_deref().and_then(|v| match v {
            "confirmed" => Some(t.verdict_confirmed),
            "false_positive" => Some(t.verdict_false_positive),
            "allowlisted" => Some(t.verdict_allowlisted),
            _ => None,
        });
        LookupView {
            kind,
            value: found.value.clone(),
            reported: found.reports > 0,
            reports: if found.reports > 0 {
                (t.reported_times)(found.reports)
            } else {
                t.not_reported.into()
            },
            first_seen: found.first_seen.as_deref().and_then(|d| date(lang, d)),
            last_seen: found.last_seen.as_deref().and_then(|d| date(lang, d)),
            safe: matches!(
                found.verdict.as_deref(),
                Some("allowlisted" | "false_positive")
            ),
            verdict,
            sources: (!found.sources.is_empty()).then(|| found.sources.join(", ")),
        }
    }
}

/// The look-up page's address for one indicator.
pub fn lookup_href(kind: &str, value: &str) -> String {
    format!(
        "/tra-cuu?{}",
        encode_query(&[
            ("kind".to_string(), kind.to_string()),
            ("value".to_string(), value.to_string())
        ])
    )
}

/// An RFC 3339 time as a date in Viet Nam (UTC+7): `24/11/2025`, or `2025-11-24` in English.
pub fn date(lang: Lang, rfc3339: &str) -> Option<String> {
    let seconds = parse_rfc3339(rfc3339)?;
    let offset = UtcOffset::from_hms(7, 0, 0).ok()?;
    let day = OffsetDateTime::from_unix_timestamp(seconds)
        .ok()?
        .to_offset(offset)
        .date();
    Some(match lang {
        Lang::Vi => format!(
            "{:02}/{:02}/{}",
            day.day(),
            u8::from(day.month()),
            day.year()
        ),
        Lang::En => format!(
            "{}-{:02}-{:02}",
            day.year(),
            u8::from(day.month()),
            day.day()
        ),
    })
}

/// Unix seconds as a date in Viet Nam (as [`date`]).
pub fn day(lang: Lang, seconds: i64) -> String {
    crate::wire::rfc3339(seconds)
        .and_then(|t| date(lang, &t))
        .unwrap_or_default()
}

/// Unix seconds as a date and time in Viet Nam: `24/11/2025 09:30`, or `2025-11-24 09:30`.
pub fn day_time(lang: Lang, seconds: i64) -> String {
    let Ok(offset) = UtcOffset::from_hms(7, 0, 0) else {
        return String::new();
    };
    let Ok(at) = OffsetDateTime::from_unix_timestamp(seconds) else {
        return String::new();
    };
    let at = at.to_offset(offset);
    format!("{} {:02}:{:02}", day(lang, seconds), at.hour(), at.minute())
}

/// An amount with its thousands grouped as each language writes them (`2.500.000`,
/// `2,500,000`) and at most two decimals.
pub fn amount(lang: Lang, value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let (group, point) = match lang {
        Lang::Vi => ('.', ','),
        Lang::En => (',', '.'),
    };
    let cents = (value.abs() * 100.0).round();
    let whole = (cents / 100.0).trunc();
    let fraction = (cents - whole * 100.0) as u64;
    let digits = format!("{whole:.0}");
    let mut out = String::new();
    if value < 0.0 && cents > 0.0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if fraction > 0 {
        out.push(point);
        let text = format!("{fraction:02}");
        out.push_str(text.trim_end_matches('0'));
    }
    out
}

/// Cuts the message at every flag span's ends; each piece is highlighted with the flags that
/// cover it. Spans are byte offsets of the text as received; any that is out of range or not
/// on a character boundary is left out rather than trusted.
pub fn segments(text: &str, flags: &[FlagSpan], lang: Lang) -> Vec<Segment> {
    let valid: Vec<(usize, &FlagSpan)> = flags
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.start < f.end && text.is_char_boundary(f.start) && text.is_char_boundary(f.end)
        })
        .collect();
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for (_, f) in &valid {
        cuts.push(f.start);
        cuts.push(f.end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<Segment> = Vec::new();
    let mut previous: Option<Vec<usize>> = None;
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let Some(piece) = text.get(start..end) else {
            continue;
        };
        let covering: Vec<usize> = valid
            .iter()
            .filter(|(_, f)| f.start <= start && end <= f.end)
            .map(|(i, _)| *i)
            .collect();
        // Pieces with the same flags stay one piece.
        if previous.as_ref() == Some(&covering) {
            if let Some(last) = out.last_mut() {
                last.text.push_str(piece);
                continue;
            }
        }
        let mark = (!covering.is_empty()).then(|| Mark {
            title: covering
                .iter()
                .map(|&i| flags[i].flag.describe(lang.core()))
                .collect::<Vec<_>>()
                .join("; "),
            refs: covering
                .iter()
                .map(|i| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(", "),
            first: covering[0] + 1,
        });
        out.push(Segment {
            text: piece.to_string(),
            mark,
        });
        previous = Some(covering);
    }
    out
}

/// The status of a report in words.
pub fn report_status(t: &Text, status: &str) -> &'static str {
    match status {
        "confirmed" => t.status_confirmed,
        "false_positive" => t.status_false_positive,
        "withdrawn" => t.status_withdrawn,
        _ => t.status_received,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use canhgiac_core::taxonomy::RedFlag;

    fn flag(flag: RedFlag, start: usize, end: usize) -> FlagSpan {
        FlagSpan {
            flag,
            start,
            end,
            excerpt: String::new(),
        }
    }

    #[test]
    fn overlapping_and_bad_spans() {
        let text = "Chuyển 500 USDT ngay hôm nay";
        let flags = [
            flag(RedFlag::CryptoPaymentDemand, 0, 16),
            flag(RedFlag::DeadlineUrgency, 12, text.len()),
            // Inside a multi-byte character: ignored.
            flag(RedFlag::SecrecyDemand, 4, 6),
            flag(RedFlag::ThreatToPublish, 5, 999),
        ];
        let pieces = segments(text, &flags, Lang::Vi);
        let joined: String = pieces.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, text);
        let refs: Vec<Option<&str>> = pieces
            .iter()
            .map(|s| s.mark.as_ref().map(|m| m.refs.as_str()))
            .collect();
        assert_eq!(refs, vec![Some("1"), Some("1, 2"), Some("2")]);
    }

    #[test]
    fn amounts_as_each_language_writes_them() {
        assert_eq!(amount(Lang::Vi, 2_500_000.0), "2.500.000");
        assert_eq!(amount(Lang::En, 2_500_000.0), "2,500,000");
        assert_eq!(amount(Lang::Vi, 12.5), "12,5");
        assert_eq!(amount(Lang::En, 0.25), "0.25");
        assert_eq!(amount(Lang::En, 999.0), "999");
        assert_eq!(amount(Lang::En, 1e12), "1,000,000,000,000");
    }

    #[test]
    fn dates_in_viet_nam() {
        assert_eq!(
            date(Lang::Vi, "2025-11-23T18:30:00Z").as_deref(),
            Some("24/11/2025")
        );
        assert_eq!(
            date(Lang::En, "2025-11-23T18:30:00Z").as_deref(),
            Some("2025-11-24")
        );
        assert_eq!(day_time(Lang::Vi, 1_763_922_600), "24/11/2025 01:30");
    }
}
