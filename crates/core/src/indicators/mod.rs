//! Indicator extraction: phones, crypto wallets, bank accounts, URLs, e-mails, Telegram handles.
//!
//! Works on the original text; every indicator carries the byte span of the text that shows it.
//! Checksums are verified: a wallet look-alike with a broken checksum is reported separately in
//! [`Extraction::invalid`], never as an indicator.
//!
//! Each extractor is one linear pass with a cheap prefilter: wallets look only at long ASCII
//! alphanumeric tokens, URLs and e-mails only at words holding a dot, `@` or `://`, phones and
//! accounts only at digit runs (and the words right around them).
//!
//! Conventions (those of the labelled corpus): a `t.me/<name>` link is a Telegram indicator and
//! not also a URL; a `zalo.me/...` link is a URL, and a `zalo.me/<phone>` link also gives the
//! phone; the same (kind, value) is listed once, at its first span.

mod bank;
mod context;
mod crypto;
mod phone;
mod text;
mod url;

use std::collections::HashSet;

use serde::Serialize;

pub use url::{is_shortener, registrable_domain};

/// Kinds of indicator, named as `corpus/SPEC.md` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    Phone,
    Btc,
    Eth,
    Trx,
    BankAccount,
    Url,
    Email,
    Telegram,
}

impl IndicatorKind {
    /// The SPEC.md name.
    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorKind::Phone => "phone",
            IndicatorKind::Btc => "btc",
            IndicatorKind::Eth => "eth",
            IndicatorKind::Trx => "trx",
            IndicatorKind::BankAccount => "bank_account",
            IndicatorKind::Url => "url",
            IndicatorKind::Email => "email",
            IndicatorKind::Telegram => "telegram",
        }
    }

    /// Every kind, in a fixed order.
    pub const ALL: [IndicatorKind; 8] = [
        IndicatorKind::Phone,
        IndicatorKind::Btc,
        IndicatorKind::Eth,
        IndicatorKind::Trx,
        IndicatorKind::BankAccount,
        IndicatorKind::Url,
        IndicatorKind::Email,
        IndicatorKind::Telegram,
    ];
}

/// A kind name that `corpus/SPEC.md` does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown indicator kind {0:?} (known: phone, btc, eth, trx, bank_account, url, email, telegram)")]
pub struct UnknownKind(pub String);

impl std::str::FromStr for IndicatorKind {
    type Err = UnknownKind;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        IndicatorKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .ok_or_else(|| UnknownKind(name.chars().take(40).collect()))
    }
}

/// One indicator found in a text: the normalised value and the byte span of the original text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Indicator {
    pub kind: IndicatorKind,
    pub value: String,
    /// Short bank name, for `bank_account` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank: Option<String>,
    pub start: usize,
    pub end: usize,
}

/// A string that looks like a wallet but fails its checksum: shown so a person can compare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lookalike {
    pub kind: IndicatorKind,
    pub text: String,
    pub reason: &'static str,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Extraction {
    pub indicators: Vec<Indicator>,
    pub invalid: Vec<Lookalike>,
}

/// Extracts every indicator in `text`. Never panics; time linear in the input.
///
/// Indicators come in text order; the same (kind, value) is listed once, at its first span.
#[must_use]
pub fn extract(text: &str) -> Extraction {
    let mut out = Collector::default();
    crypto::scan(text, &mut out);
    url::scan(text, &mut out);
    out.seal_claims();
    phone::scan_digits(text, &mut out);
    phone::scan_spoken(text, &mut out);
    out.finish()
}

/// Normalises one indicator value as typed by a person (a report form, a look-up box) the way
/// [`extract`] would: `"0868 426 463"` → `"+84868426463"`, `"@Handle"` → `"handle"`.
/// Returns `None` when `raw` is not a valid indicator of that kind.
#[must_use]
pub fn normalize(kind: IndicatorKind, raw: &str) -> Option<String> {
    let raw = raw.trim();
    match kind {
        IndicatorKind::BankAccount => {
            let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
            let only_grouping = raw
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-'));
            (only_grouping && bank::ACCOUNT_DIGITS.contains(&digits.len())).then_some(digits)
        }
        IndicatorKind::Telegram => {
            let handle = raw.trim_start_matches('@');
            // Name the platform so a capitalised word still reads as a handle.
            extract(&format!("Telegram @{handle}"))
                .indicators
                .into_iter()
                .find(|i| i.kind == kind)
                .map(|i| i.value)
        }
        _ => extract(raw)
            .indicators
            .into_iter()
            .find(|i| i.kind == kind)
            .map(|i| i.value),
    }
}

/// Gathers indicators and the spans later passes must not look into.
#[derive(Default)]
pub(crate) struct Collector {
    indicators: Vec<Indicator>,
    invalid: Vec<Lookalike>,
    /// Spans already explained (URLs, e-mails, wallets); sorted and merged by `seal_claims`.
    claims: Vec<(usize, usize)>,
}

impl Collector {
    pub(crate) fn push(
        &mut self,
        kind: IndicatorKind,
        value: String,
        bank: Option<String>,
        start: usize,
        end: usize,
    ) {
        self.claims.push((start, end));
        self.indicators.push(Indicator {
            kind,
            value,
            bank,
            start,
            end,
        });
    }

    pub(crate) fn lookalike(
        &mut self,
        kind: IndicatorKind,
        text: &str,
        reason: &'static str,
        start: usize,
        end: usize,
    ) {
        self.claims.push((start, end));
        self.invalid.push(Lookalike {
            kind,
            text: text.to_owned(),
            reason,
            start,
            end,
        });
    }

    /// A marker for claims made from now on.
    pub(crate) fn claim_mark(&self) -> usize {
        self.claims.len()
    }

    /// Claims made since `mark`.
    pub(crate) fn claims_since(&self, mark: usize) -> &[(usize, usize)] {
        self.claims.get(mark..).unwrap_or(&[])
    }

    /// End of a claim made since `mark` that contains byte `i`.
    pub(crate) fn claimed_since(&self, mark: usize, i: usize) -> Option<usize> {
        self.claims
            .get(mark..)?
            .iter()
            .find(|&&(s, e)| s <= i && i < e)
            .map(|&(_, e)| e)
    }

    pub(crate) fn is_claimed_since(&self, mark: usize, i: usize) -> bool {
        self.claimed_since(mark, i).is_some()
    }

    /// Sorts and merges the claims so `claim_end` can binary-search them.
    fn seal_claims(&mut self) {
        self.claims.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(self.claims.len());
        for &(s, e) in &self.claims {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        self.claims = merged;
    }

    /// End of the sealed claim containing byte `i`.
    pub(crate) fn claim_end(&self, i: usize) -> Option<usize> {
        let idx = self.claims.partition_point(|&(s, _)| s <= i);
        let &(s, e) = self.claims.get(idx.checked_sub(1)?)?;
        (s <= i && i < e).then_some(e)
    }

    fn finish(mut self) -> Extraction {
        self.indicators.sort_by_key(|i| i.start);
        dedup_first(&mut self.indicators, |i| (i.kind, i.value.as_str()));
        self.invalid.sort_by_key(|l| l.start);
        dedup_first(&mut self.invalid, |l| (l.kind, l.text.as_str()));
        Extraction {
            indicators: self.indicators,
            invalid: self.invalid,
        }
    }
}

/// Keeps the first item of each key, in order. Most texts hold a handful of indicators: compare
/// directly then, hash only when there are many.
fn dedup_first<T>(items: &mut Vec<T>, key: impl for<'a> Fn(&'a T) -> (IndicatorKind, &'a str)) {
    const DIRECT_LIMIT: usize = 16;
    if items.len() <= DIRECT_LIMIT {
        let mut kept: Vec<T> = Vec::with_capacity(items.len());
        for item in items.drain(..) {
            if !kept.iter().any(|k| key(k) == key(&item)) {
                kept.push(item);
            }
        }
        *items = kept;
        return;
    }
    let mut seen: HashSet<(IndicatorKind, String)> = HashSet::with_capacity(items.len());
    items.retain(|item| {
        let (kind, value) = key(item);
        seen.insert((kind, value.to_owned()))
    });
}

#[cfg(test)]
mod tests;
