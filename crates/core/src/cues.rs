//! Curated, explainable cues: phrase patterns per red flag and per context, matched on
//! normalised text with one multi-pattern automaton.
//!
//! The cue file (`model/cues.txt`) is written in ordinary Vietnamese and English; each phrase
//! goes through [`normalize`](crate::normalize::normalize) when loaded, so one entry matches
//! with or without diacritics, in teencode or split into letters.
//!
//! Format, one cue per line inside a `[section]` (a red flag name, or `ctx:NAME` for context):
//!
//! ```text
//! [threat_to_contact_family_or_work]
//! gửi | chuyển | phát tán ~4 vợ anh | gia đình | sếp
//! ```
//!
//! `|` separates alternatives, `~N` lets up to N tokens stand between two parts (`~` alone
//! means 4), a phrase ending in `*` also matches longer words (`blackmail*`), and one starting
//! with `^` must follow a number directly (`^h` in `9h`, `^tr` in `5tr`).
//!
//! A section may be scoped to scam types, `[claims_compromising_media @deepfake_extortion]`:
//! its cues count as that red flag only when the message is judged to be of one of them
//! (in an extortion threat "the video" is the compromising material; elsewhere it is not).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use thiserror::Error;

use crate::normalize::{normalize, Normalized};
use crate::taxonomy::{RedFlag, ScamType};

/// What a cue section is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CueSection {
    Flag(RedFlag),
    Context(String),
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum CueError {
    #[error("cue file line {line}: {message}")]
    Syntax { line: usize, message: String },
    #[error("cue patterns: {0}")]
    Automaton(String),
}

#[derive(Debug, Clone)]
struct Term {
    /// Pattern ids of the alternatives.
    patterns: Vec<usize>,
    /// Most tokens allowed between the previous term and this one.
    max_gap: usize,
}

#[derive(Debug, Clone)]
struct Cue {
    section: usize,
    terms: Vec<Term>,
}

#[derive(Debug, Clone, Copy)]
struct Pattern {
    prefix: bool,
    after_digit: bool,
}

/// A matched cue: which section, and the byte span of the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueHit {
    pub section: usize,
    pub cue: usize,
    pub first_token: usize,
    pub last_token: usize,
    pub start: usize,
    pub end: usize,
}

/// The compiled cue set.
#[derive(Debug, Clone)]
pub struct CueSet {
    sections: Vec<CueSection>,
    /// Scam types each section is limited to; empty means any.
    scopes: Vec<Vec<ScamType>>,
    cues: Vec<Cue>,
    patterns: Vec<Pattern>,
    /// For each pattern, the cues whose first part it can start.
    starts_cues: Vec<Vec<usize>>,
    automaton: AhoCorasick,
}

/// Matches kept per pattern: enough for any message, and a bound on time for huge input.
const MAX_MATCHES_PER_PATTERN: usize = 64;

/// Pattern matches in token positions, sorted by pattern then position.
struct Matches(Vec<(usize, TokenMatch)>);

impl Matches {
    fn of(&self, pattern: usize) -> &[(usize, TokenMatch)] {
        let from = self.0.partition_point(|(p, _)| *p < pattern);
        let to = self.0.partition_point(|(p, _)| *p <= pattern);
        &self.0[from..to]
    }
}

/// Token positions of pattern matches, grouped by pattern.
#[derive(Debug, Clone, Copy)]
struct TokenMatch {
    first: usize,
    last: usize,
}

impl CueSet {
    /// Parses and compiles a cue file.
    pub fn parse(source: &str) -> Result<CueSet, CueError> {
        let mut sections: Vec<CueSection> = Vec::new();
        let mut scopes: Vec<Vec<ScamType>> = Vec::new();
        let mut cues = Vec::new();
        let mut pattern_texts: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut pattern_ids = std::collections::HashMap::<(String, bool, bool), usize>::new();
        for (n, raw_line) in source.lines().enumerate() {
            let line_no = n + 1;
            let line = raw_line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let syntax = |message: &str| CueError::Syntax {
                line: line_no,
                message: message.to_string(),
            };
            if let Some(header) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                let mut words = header.split_whitespace();
                let name = words.next().unwrap_or("");
                let mut scope = Vec::new();
                for w in words {
                    let t = w
                        .strip_prefix('@')
                        .and_then(ScamType::parse)
                        .ok_or_else(|| syntax("expected @scam_type after the section name"))?;
                    scope.push(t);
                }
                scopes.push(scope);
                let section = match name.strip_prefix("ctx:") {
                    Some(ctx) if !ctx.is_empty() => CueSection::Context(ctx.to_string()),
                    Some(_) => return Err(syntax("empty context name")),
                    None => CueSection::Flag(
                        RedFlag::parse(name).ok_or_else(|| syntax("unknown red flag"))?,
                    ),
                };
                sections.push(section);
                continue;
            }
            if sections.is_empty() {
                return Err(syntax("cue before any [section]"));
            }
            let mut terms = Vec::new();
            for (k, part) in split_terms(line).into_iter().enumerate() {
                let (gap, body) = part;
                let mut ids = Vec::new();
                for alt in body.split('|') {
                    let alt = alt.trim();
                    let (alt, prefix) = match alt.strip_suffix('*') {
                        Some(a) => (a, true),
                        None => (alt, false),
                    };
                    let (alt, after_digit) = match alt.strip_prefix('^') {
                        Some(a) => (a, true),
                        None => (alt, false),
                    };
                    let folded = normalize(alt).text;
                    if folded.is_empty() {
                        return Err(syntax("empty alternative"));
                    }
                    let key = (folded, prefix, after_digit);
                    let id = match pattern_ids.get(&key) {
                        Some(&id) => id,
                        None => {
                            let id = pattern_texts.len();
                            pattern_texts.push(key.0.clone());
                            patterns.push(Pattern {
                                prefix,
                                after_digit,
                            });
                            pattern_ids.insert(key, id);
                            id
                        }
                    };
                    ids.push(id);
                }
                terms.push(Term {
                    patterns: ids,
                    max_gap: if k == 0 { 0 } else { gap },
                });
            }
            cues.push(Cue {
                section: sections.len() - 1,
                terms,
            });
        }
        // A DFA: more memory, but the fastest overlapping search, which runs on every message.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&pattern_texts)
            .map_err(|e| CueError::Automaton(e.to_string()))?;
        let mut starts_cues = vec![Vec::new(); patterns.len()];
        for (ci, cue) in cues.iter().enumerate() {
            for &p in cue
                .terms
                .first()
                .map(|t| t.patterns.as_slice())
                .unwrap_or(&[])
            {
                starts_cues[p].push(ci);
            }
        }
        Ok(CueSet {
            sections,
            scopes,
            cues,
            patterns,
            starts_cues,
            automaton,
        })
    }

    pub fn sections(&self) -> &[CueSection] {
        &self.sections
    }

    /// The scam types section `i` is limited to (empty: any).
    pub fn scope(&self, i: usize) -> &[ScamType] {
        self.scopes.get(i).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every cue that matches the normalised text of `source`, in order of position. A phrase
    /// does not run across clause punctuation of the original (`hình ảnh, Cơ quan` holds no
    /// "anh có").
    pub fn find(&self, norm: &Normalized, source: &str) -> Vec<CueHit> {
        let text = norm.text.as_bytes();
        let mut found: Vec<(usize, TokenMatch)> = Vec::new();
        let mut per_pattern = vec![0u8; 0];
        for m in self.automaton.find_overlapping_iter(&norm.text) {
            let (s, e) = (m.start(), m.end());
            let pid = m.pattern().as_usize();
            let Some(pattern) = self.patterns.get(pid) else {
                continue;
            };
            let after_digit = s > 0 && text[s - 1].is_ascii_digit();
            let left_ok = if pattern.after_digit {
                after_digit
            } else {
                s == 0 || text[s - 1] == b' ' || after_digit
            };
            let right_ok = pattern.prefix || e == text.len() || text[e] == b' ';
            if !(left_ok && right_ok) {
                continue;
            }
            if per_pattern.is_empty() {
                per_pattern = vec![0u8; self.patterns.len()];
            }
            if usize::from(per_pattern[pid]) >= MAX_MATCHES_PER_PATTERN {
                continue;
            }
            let (first, last) = (norm.token_at(s), norm.token_at(e.saturating_sub(1)));
            if first != last && crosses_clause(norm, source, first, last) {
                continue;
            }
            per_pattern[pid] += 1;
            found.push((pid, TokenMatch { first, last }));
        }
        if found.is_empty() {
            return Vec::new();
        }
        found.sort_by_key(|(p, m)| (*p, m.first, m.last));
        let mut candidates: Vec<usize> = Vec::new();
        for (i, (p, _)) in found.iter().enumerate() {
            if i == 0 || found[i - 1].0 != *p {
                candidates.extend(self.starts_cues.get(*p).into_iter().flatten());
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let matches = Matches(found);
        let mut hits = Vec::new();
        for ci in candidates {
            let Some(cue) = self.cues.get(ci) else {
                continue;
            };
            if let Some((first, last)) = match_cue(cue, &matches) {
                let (Some(a), Some(b)) = (norm.tokens.get(first), norm.tokens.get(last)) else {
                    continue;
                };
                hits.push(CueHit {
                    section: cue.section,
                    cue: ci,
                    first_token: first,
                    last_token: last,
                    start: a.src_start,
                    end: b.src_end,
                });
            }
        }
        hits.sort_by_key(|h| (h.start, h.end, h.cue));
        hits
    }
}

/// Whether the original text between neighbouring tokens from `first` to `last` holds clause
/// punctuation (dots inside a token, as in `T.H.Á.M`, do not count).
fn crosses_clause(norm: &Normalized, source: &str, first: usize, last: usize) -> bool {
    let bytes = source.as_bytes();
    let tokens = norm.tokens.get(first..=last).unwrap_or(&[]);
    tokens.windows(2).any(|pair| {
        bytes
            .get(pair[0].src_end..pair[1].src_start)
            .is_some_and(|between| {
                between
                    .iter()
                    .any(|c| matches!(c, b',' | b'.' | b';' | b'!' | b'?' | b'\n'))
            })
    })
}

/// Splits a cue line at `~N` markers into (gap, body) parts.
fn split_terms(line: &str) -> Vec<(usize, &str)> {
    let mut parts = Vec::new();
    let mut gap = 0;
    let mut rest = line;
    loop {
        match rest.find('~') {
            Some(pos) => {
                parts.push((gap, &rest[..pos]));
                let after = &rest[pos + 1..];
                let digits = after.bytes().take_while(u8::is_ascii_digit).count();
                gap = after[..digits].parse().unwrap_or(4);
                rest = &after[digits..];
            }
            None => {
                parts.push((gap, rest));
                return parts;
            }
        }
    }
}

/// The earliest token span where every term of `cue` matches in order within its gap.
fn match_cue(cue: &Cue, matches: &Matches) -> Option<(usize, usize)> {
    let first_term = cue.terms.first()?;
    let mut starts: Vec<TokenMatch> = first_term
        .patterns
        .iter()
        .flat_map(|&p| matches.of(p).iter().map(|(_, m)| *m))
        .collect();
    // Earliest first and, from one place, the longest alternative ("thám tử tư", not "thám tử").
    starts.sort_by_key(|m| (m.first, std::cmp::Reverse(m.last)));
    'start: for start in starts {
        let mut last = start.last;
        for term in &cue.terms[1..] {
            let next = term
                .patterns
                .iter()
                .flat_map(|&p| matches.of(p).iter().map(|(_, m)| m))
                .filter(|m| m.first > last && m.first <= last + 1 + term.max_gap)
                .map(|m| m.last)
                .min();
            match next {
                Some(l) => last = l,
                None => continue 'start,
            }
        }
        return Some((start.first, last));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "[private_detective_claim]\nthám tử tư | thám tử\n\
        [threat_to_contact_family_or_work]\ngửi | chuyển ~3 vợ | gia đình\n\
        [ctx:warning]\ncảnh báo\nblackmail*\n";

    #[test]
    fn matches_phrases_and_gaps_with_original_spans() {
        let set = CueSet::parse(SAMPLE).unwrap();
        let text = "Tôi là T.H.Á.M T.Ử, sẽ gửi clip cho vk anh";
        let hits = set.find(&normalize(text), text);
        let spans: Vec<&str> = hits.iter().map(|h| &text[h.start..h.end]).collect();
        assert_eq!(spans, vec!["T.H.Á.M T.Ử", "gửi clip cho vk"]);
        assert_eq!(
            set.sections()[hits[1].section],
            CueSection::Flag(RedFlag::ThreatToContactFamilyOrWork)
        );
    }

    #[test]
    fn phrases_stop_at_clause_punctuation() {
        let set = CueSet::parse("[ctx:demand]\nanh có\n").unwrap();
        let across = "Qua hình ảnh, Cơ quan điều tra xác định";
        assert!(set.find(&normalize(across), across).is_empty());
        let within = "anh có 24 giờ";
        assert_eq!(set.find(&normalize(within), within).len(), 1);
        // Dots inside a split-letter word are not punctuation.
        let split = "A.N.H c.ó 24 giờ";
        assert_eq!(set.find(&normalize(split), split).len(), 1);
    }

    #[test]
    fn respects_word_boundaries_and_prefixes() {
        let set = CueSet::parse(SAMPLE).unwrap();
        assert!(set.find(&normalize("thamtu"), "thamtu").is_empty());
        assert_eq!(
            set.find(&normalize("blackmailing you"), "blackmailing you")
                .len(),
            1
        );
        // Too far apart for the gap of 3.
        assert!(set
            .find(
                &normalize("gửi một hai ba bốn năm vợ"),
                "gửi một hai ba bốn năm vợ"
            )
            .is_empty());
    }

    #[test]
    fn reports_syntax_errors_with_line_numbers() {
        let err = CueSet::parse("[no_such_flag]\nx").unwrap_err();
        assert!(matches!(err, CueError::Syntax { line: 1, .. }));
        assert!(matches!(
            CueSet::parse("x"),
            Err(CueError::Syntax { line: 1, .. })
        ));
    }
}
