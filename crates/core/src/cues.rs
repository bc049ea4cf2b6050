//! Curated, explainable cues: phrase patterns per red flag and per context, matched on
//! normalised text with one trie over the words of every pattern.
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

use std::collections::HashMap;

use thiserror::Error;

use crate::normalize::{normalize, Normalized, UNREAD};
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

/// The marks a pattern word is written with ([`crate::normalize::diacritics`]), and whether
/// its folded form is also a word of its own that the cue file writes without marks ("ảnh"
/// photo, "anh" you): only such a word needs a marked text to spell it with its marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct WordMarks {
    marks: u64,
    ambiguous: bool,
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
    /// For each pattern, the words whose marks a match must agree with: (word number, marks
    /// as written in the cue file). Words whose marks say nothing, and the last word of a
    /// prefix pattern (only begun in the text), are left out.
    pattern_marks: Vec<Box<[(usize, WordMarks)]>>,
    /// For each pattern, the terms it is an alternative of, numbered over all cues in order.
    pattern_terms: Vec<Vec<usize>>,
    /// Per cue, the number of its first term (the parts of every cue numbered in order), and
    /// one more entry for the end of the last.
    cue_terms: Vec<usize>,
    /// Per term, the cue it is a part of.
    term_cue: Vec<usize>,
    trie: WordTrie,
}

/// Keys are words (as a number when short, see [`packed`]) and node numbers while the trie is
/// built, and the few long words: Fx hashes a number with one multiplication.
type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// No word of any pattern.
const NO_WORD: u32 = u32::MAX;

/// A prefix pattern's last word, which a word of the text need only begin, and the pattern.
type PrefixEnd = (Box<[u8]>, u32);

/// The patterns as a trie over whole words. Normalised text is words joined by single spaces,
/// and a pattern must start at a word or right after a digit and (unless it is a prefix
/// pattern) end at the end of a word, so a match is: the rest of a word from its start or from
/// after a digit, then whole words, the last one possibly only begun (prefix patterns). Walking
/// words from each such start finds exactly what a byte automaton would, with a few small
/// look-ups per word instead of a walk through a table bigger than the cache.
#[derive(Debug, Clone, Default)]
struct WordTrie {
    /// The words of at most eight bytes (nearly all), by [`packed`]: no text to compare.
    short_words: U64Table,
    long_words: FxMap<Box<[u8]>, u32>,
    /// Length of the longest word: longer text is no word of a pattern and is not hashed, so a
    /// huge token (a megabyte of digits, each a start) costs linear time.
    longest: usize,
    /// The root's child for each word (every walk starts there), or `NO_NODE`.
    root_children: Vec<u32>,
    /// (node << 32 | word) to the node reached by that word, below the root.
    children: U64Table,
    /// Per node, bit `word % 64` of each word that leads on from it: most walks end at a node
    /// the next word does not continue, which this tells without a hash look-up.
    child_words: Vec<u64>,
    /// Per node, where its patterns start in `end_patterns` and its prefix patterns in
    /// `prefix_patterns` (the next node's entry says where they stop): small flat arrays stay
    /// in the cache, which a vector per node does not.
    node_at: Vec<(u32, u32)>,
    /// The patterns that end with the word that led to each node.
    end_patterns: Vec<u32>,
    /// The prefix patterns completed by a word that starts with the given text, per node.
    prefix_patterns: Vec<PrefixEnd>,
    /// Per byte, the range of `prefix_patterns` that holds the root's prefix patterns starting
    /// with it: they are tried at every start, and a word need try only those of its first byte.
    root_prefixes_by_byte: Vec<(u32, u32)>,
}

const NO_NODE: u32 = u32::MAX;

/// A map from non-zero `u64` keys to `u32` values, fixed once built: open addressing in a table
/// at most an eighth full, so a look-up is a multiplication and a compare or two. Words and trie
/// steps are looked up once per token, and a general hash map costs several times that.
/// Half full, a look-up that ran on to the next slot was common enough that the loop's exit
/// was mispredicted: an eighth full (a few hundred KB for the shipped cues) the whole analysis
/// ran 2.2% faster; a sixteenth was no faster again.
#[derive(Debug, Clone, Default)]
struct U64Table {
    /// (key, value); key 0 marks an empty slot.
    slots: Box<[(u64, u32)]>,
    /// 64 minus the number of bits of a slot index.
    shift: u32,
}

impl U64Table {
    fn new(entries: &FxMap<u64, u32>) -> U64Table {
        let size = (entries.len() * 8).next_power_of_two().max(2);
        let shift = 64 - size.trailing_zeros();
        let mut slots = vec![(0u64, 0u32); size].into_boxed_slice();
        for (&key, &value) in entries.iter().filter(|(&key, _)| key != 0) {
            let mut i = U64Table::home(key, shift);
            while slots.get(i).is_some_and(|slot| slot.0 != 0) {
                i = (i + 1) & (size - 1);
            }
            if let Some(slot) = slots.get_mut(i) {
                *slot = (key, value);
            }
        }
        U64Table { slots, shift }
    }

    /// The slot where `key` is first looked for (Fibonacci hashing: the top bits of a product).
    #[inline]
    fn home(key: u64, shift: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
    }

    #[inline]
    fn get(&self, key: u64) -> Option<u32> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = U64Table::home(key, self.shift) & mask;
        loop {
            let &(k, value) = self.slots.get(i)?;
            if k == 0 {
                return None;
            }
            if k == key {
                return Some(value);
            }
            i = (i + 1) & mask;
        }
    }
}

/// A word of at most eight bytes as one number: its bytes, the first lowest. Words hold no
/// zero byte, so different words give different numbers.
fn packed(bytes: &[u8]) -> Option<u64> {
    (bytes.len() <= 8).then(|| {
        bytes
            .iter()
            .rev()
            .fold(0, |key, &b| key << 8 | u64::from(b))
    })
}

/// [`packed`] of the word at bytes `start..end` of `text` in one load: the eight bytes from its
/// start with those past its end cleared, where packing byte by byte takes a loop as long as
/// the word. None for an empty word, one of more than eight bytes, or one within eight bytes of
/// the end of `text`.
#[inline]
fn loaded(text: &[u8], start: usize, end: usize) -> Option<u64> {
    let len = end.checked_sub(start).filter(|len| (1..=8).contains(len))?;
    let &[a, b, c, d, e, f, g, h] = text.get(start..start + 8)? else {
        return None;
    };
    let cleared = 64 - 8 * len as u32;
    Some(u64::from_le_bytes([a, b, c, d, e, f, g, h]) << cleared >> cleared)
}

impl WordTrie {
    fn build(texts: &[String], patterns: &[Pattern]) -> WordTrie {
        let mut trie = WordTrie::default();
        let mut short_words: FxMap<u64, u32> = FxMap::default();
        let mut children: FxMap<u64, u32> = FxMap::default();
        // Per node while building: its patterns and its prefix patterns.
        let mut ends: Vec<Vec<u32>> = vec![Vec::new()];
        let mut prefix_ends: Vec<Vec<PrefixEnd>> = vec![Vec::new()];
        for (pid, (text, pattern)) in texts.iter().zip(patterns).enumerate() {
            let pid = pid as u32;
            let words: Vec<&str> = text.split(' ').collect();
            let mut node = 0usize;
            for (k, &word) in words.iter().enumerate() {
                if k + 1 == words.len() && pattern.prefix {
                    prefix_ends[node].push((Box::from(word.as_bytes()), pid));
                    break;
                }
                trie.longest = trie.longest.max(word.len());
                let next_word = (short_words.len() + trie.long_words.len()) as u32;
                let id = match packed(word.as_bytes()) {
                    Some(key) => *short_words.entry(key).or_insert(next_word),
                    None => *trie
                        .long_words
                        .entry(Box::from(word.as_bytes()))
                        .or_insert(next_word),
                };
                if trie.root_children.len() <= id as usize {
                    trie.root_children.resize(id as usize + 1, NO_NODE);
                }
                let next_node = ends.len() as u32;
                let child = if node == 0 {
                    let slot = &mut trie.root_children[id as usize];
                    if *slot == NO_NODE {
                        *slot = next_node;
                    }
                    *slot
                } else {
                    *children
                        .entry((node as u64) << 32 | u64::from(id))
                        .or_insert(next_node)
                };
                if child == next_node {
                    ends.push(Vec::new());
                    prefix_ends.push(Vec::new());
                }
                node = child as usize;
                if k + 1 == words.len() {
                    ends[node].push(pid);
                }
            }
        }
        trie.child_words = vec![0; ends.len()];
        for &key in children.keys() {
            if let Some(bits) = trie.child_words.get_mut((key >> 32) as usize) {
                *bits |= 1 << (key % 64);
            }
        }
        // The root's prefix patterns by first byte (a stable sort: those of one byte stay in
        // order), first in `prefix_patterns`.
        trie.root_prefixes_by_byte = vec![(0, 0); 256];
        if let Some(root_prefixes) = prefix_ends.first_mut() {
            root_prefixes.sort_by_key(|(prefix, _)| prefix.first().copied());
            for (i, (prefix, _)) in root_prefixes.iter().enumerate() {
                let Some(span) = prefix
                    .first()
                    .and_then(|&b| trie.root_prefixes_by_byte.get_mut(usize::from(b)))
                else {
                    continue;
                };
                if span.0 == span.1 {
                    span.0 = i as u32;
                }
                span.1 = i as u32 + 1;
            }
        }
        for (node_ends, node_prefixes) in ends.into_iter().zip(prefix_ends) {
            trie.node_at.push((
                trie.end_patterns.len() as u32,
                trie.prefix_patterns.len() as u32,
            ));
            trie.end_patterns.extend(node_ends);
            trie.prefix_patterns.extend(node_prefixes);
        }
        trie.node_at.push((
            trie.end_patterns.len() as u32,
            trie.prefix_patterns.len() as u32,
        ));
        trie.short_words = U64Table::new(&short_words);
        trie.children = U64Table::new(&children);
        trie
    }

    /// The patterns that end at `node`, and its prefix patterns.
    fn at(&self, node: usize) -> (&[u32], &[PrefixEnd]) {
        let (Some(&(e0, p0)), Some(&(e1, p1))) =
            (self.node_at.get(node), self.node_at.get(node + 1))
        else {
            return (&[], &[]);
        };
        (
            self.end_patterns
                .get(e0 as usize..e1 as usize)
                .unwrap_or(&[]),
            self.prefix_patterns
                .get(p0 as usize..p1 as usize)
                .unwrap_or(&[]),
        )
    }

    /// The number of the word at bytes `start..end` of `text` among the patterns' words, or
    /// `NO_WORD`.
    fn word_id(&self, text: &[u8], start: usize, end: usize) -> u32 {
        let word = text.get(start..end).unwrap_or(&[]);
        if word.len() > self.longest {
            return NO_WORD;
        }
        match loaded(text, start, end).or_else(|| packed(word)) {
            Some(key) => self.short_words.get(key),
            None => self.long_words.get(word).copied(),
        }
        .unwrap_or(NO_WORD)
    }

    fn child(&self, node: usize, word: u32) -> Option<usize> {
        let child = if node == 0 {
            self.root_children.get(word as usize).copied()?
        } else {
            let bits = self.child_words.get(node).copied().unwrap_or(0);
            if bits >> (word % 64) & 1 == 0 {
                return None;
            }
            self.children.get((node as u64) << 32 | u64::from(word))?
        };
        (child != NO_NODE).then_some(child as usize)
    }

    /// Calls `found(pattern, last token)` for every pattern that matches from the text `first`
    /// (the rest of token `token`, whose word number is `first_id`) on; `words` holds every
    /// token's text and word number.
    #[inline]
    fn walk(
        &self,
        words: &[(&[u8], u32)],
        token: usize,
        (first, first_id): (&[u8], u32),
        found: &mut impl FnMut(usize, usize),
    ) {
        let root_prefixes = first
            .first()
            .and_then(|&b| self.root_prefixes_by_byte.get(usize::from(b)))
            .and_then(|&(from, to)| self.prefix_patterns.get(from as usize..to as usize))
            .unwrap_or(&[]);
        // Many starts are no word of a pattern and begin no prefix pattern.
        if first_id == NO_WORD && root_prefixes.is_empty() {
            return;
        }
        let mut prefixes = root_prefixes;
        let mut node = 0usize;
        let mut last = token;
        let (mut word, mut id) = (first, first_id);
        loop {
            for (prefix, pid) in prefixes {
                // The first byte rules out nearly all without a call to compare.
                if word.first() == prefix.first() && word.starts_with(prefix) {
                    found(*pid as usize, last);
                }
            }
            if id == NO_WORD {
                return;
            }
            let Some(child) = self.child(node, id) else {
                return;
            };
            node = child;
            let (ends, node_prefixes) = self.at(node);
            for &pid in ends {
                found(pid as usize, last);
            }
            prefixes = node_prefixes;
            last += 1;
            let Some(&(next_word, next_id)) = words.get(last) else {
                return;
            };
            (word, id) = (next_word, next_id);
        }
    }
}

/// Matches kept per pattern: enough for any message, and a bound on time for huge input.
const MAX_MATCHES_PER_PATTERN: usize = 64;

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
        let mut pattern_marks: Vec<Box<[Option<u64>]>> = Vec::new();
        let mut pattern_ids = HashMap::<(String, bool, bool, Box<[Option<u64>]>), usize>::new();
        // Folded words the cue file writes without marks (a `None` never counts).
        let mut plain_words: std::collections::HashSet<String> = Default::default();
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
                    let normalized = normalize(alt);
                    if normalized.text.is_empty() {
                        return Err(syntax("empty alternative"));
                    }
                    // The marks of each word as the cue file writes it (none where the word
                    // is not written letter for letter, as teencode is).
                    let marks: Box<[Option<u64>]> = normalized
                        .written_marks
                        .iter()
                        .map(|&m| (m != UNREAD).then_some(m))
                        .collect();
                    for (i, m) in marks.iter().enumerate() {
                        if *m == Some(0) {
                            plain_words.insert(normalized.token_text(i).to_string());
                        }
                    }
                    let key = (normalized.text, prefix, after_digit, marks);
                    let id = match pattern_ids.get(&key) {
                        Some(&id) => id,
                        None => {
                            let id = pattern_texts.len();
                            pattern_texts.push(key.0.clone());
                            pattern_marks.push(key.3.clone());
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
        let trie = WordTrie::build(&pattern_texts, &patterns);
        let pattern_marks = pattern_texts
            .iter()
            .zip(pattern_marks)
            .zip(&patterns)
            .map(|((text, marks), pattern)| {
                let checked = marks.len().saturating_sub(usize::from(pattern.prefix));
                text.split(' ')
                    .zip(marks.iter())
                    .take(checked)
                    .enumerate()
                    .filter_map(|(k, (word, m))| {
                        m.map(|marks| {
                            let ambiguous = plain_words.contains(word);
                            (k, WordMarks { marks, ambiguous })
                        })
                    })
                    .collect()
            })
            .collect();
        let mut pattern_terms = vec![Vec::new(); patterns.len()];
        let mut cue_terms = vec![0];
        let mut term_cue = Vec::new();
        for (ci, cue) in cues.iter().enumerate() {
            for term in &cue.terms {
                for &p in &term.patterns {
                    pattern_terms[p].push(term_cue.len());
                }
                term_cue.push(ci);
            }
            cue_terms.push(term_cue.len());
        }
        Ok(CueSet {
            sections,
            scopes,
            cues,
            patterns,
            pattern_marks,
            pattern_terms,
            cue_terms,
            term_cue,
            trie,
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
        let found = self.pattern_matches(norm, source);
        if found.is_empty() {
            return Vec::new();
        }
        // Each match once for every term its pattern is an alternative of, by term and then in
        // the order found (by start): as one number, term above the match's index in `found`
        // (at most `MAX_MATCHES_PER_PATTERN` per pattern), which sorts as fast as numbers do.
        // A cue's terms are numbered in a row, so the cues that can match are those whose
        // terms follow one another here, without a look at the others (a cue lists dozens of
        // alternatives, and most do not occur).
        let mut by_term: Vec<u64> = Vec::with_capacity(found.len() * 2);
        for (i, &(p, _)) in found.iter().enumerate() {
            for &t in self.pattern_terms.get(p).map_or(&[][..], Vec::as_slice) {
                by_term.push((t as u64) << 32 | i as u64);
            }
        }
        by_term.sort_unstable();
        let term_of = |key: u64| (key >> 32) as usize;
        let match_of = |key: u64| {
            found
                .get((key & 0xFFFF_FFFF) as usize)
                .map_or(TokenMatch { first: 0, last: 0 }, |&(_, m)| m)
        };
        let mut hits = Vec::new();
        // Where each term of the cue at hand starts and ends in `by_term`.
        let mut term_spans: Vec<(usize, usize)> = Vec::new();
        let mut at = 0;
        while let Some(&key) = by_term.get(at) {
            let term = term_of(key);
            let ci = self.term_cue.get(term).copied().unwrap_or(usize::MAX);
            let (Some(cue), Some(&from), Some(&to)) = (
                self.cues.get(ci),
                self.cue_terms.get(ci),
                self.cue_terms.get(ci + 1),
            ) else {
                break;
            };
            let run = |start: usize, t: usize| {
                by_term
                    .get(start..)
                    .unwrap_or(&[])
                    .iter()
                    .take_while(|&&k| term_of(k) == t)
                    .count()
            };
            if term != from {
                // A later term of a cue whose first term does not occur.
                at += run(at, term);
                continue;
            }
            term_spans.clear();
            let mut end = at;
            for t in from..to {
                let n = run(end, t);
                if n == 0 {
                    break;
                }
                term_spans.push((end, end + n));
                end += n;
            }
            at = end;
            if term_spans.len() != to - from {
                continue;
            }
            // From one start, the longest alternative first ("thám tử tư", not "thám tử").
            if let Some(starts) = term_spans
                .first()
                .and_then(|&(a, b)| by_term.get_mut(a..b))
                .filter(|starts| starts.len() > 1)
            {
                starts.sort_by_key(|&k| {
                    let m = match_of(k);
                    (m.first, std::cmp::Reverse(m.last))
                });
            }
            let of_term = |k: usize| {
                term_spans
                    .get(k)
                    .and_then(|&(a, b)| by_term.get(a..b))
                    .unwrap_or(&[])
            };
            if let Some((first, last)) = match_cue(cue, of_term, match_of) {
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

    /// Every match of a pattern, in the order of its start: (pattern, tokens).
    fn pattern_matches(&self, norm: &Normalized, source: &str) -> Vec<(usize, TokenMatch)> {
        let mut found: Vec<(usize, TokenMatch)> = Vec::with_capacity(64);
        let mut per_pattern = vec![0u8; 0];
        // Each token's word is looked up once; walks from earlier tokens pass over it again.
        let text = norm.text.as_bytes();
        let words: Vec<(&[u8], u32)> = norm
            .tokens
            .iter()
            .map(|t| {
                let word = text.get(t.start..t.end).unwrap_or(&[]);
                (word, self.trie.word_id(text, t.start, t.end))
            })
            .collect();
        for (token, &(word, id)) in words.iter().enumerate() {
            // Starts: the word itself, and every place right after a digit inside it.
            let after_digits = word
                .iter()
                .enumerate()
                .take(word.len().saturating_sub(1))
                .filter(|(_, b)| b.is_ascii_digit())
                .map(|(o, _)| o + 1);
            for offset in std::iter::once(0).chain(after_digits) {
                let Some(rest) = word.get(offset..) else {
                    continue;
                };
                let rest_id = if offset == 0 {
                    id
                } else {
                    norm.tokens.get(token).map_or(NO_WORD, |t| {
                        self.trie.word_id(text, t.start + offset, t.end)
                    })
                };
                self.trie
                    .walk(&words, token, (rest, rest_id), &mut |pid, last| {
                        let Some(pattern) = self.patterns.get(pid) else {
                            return;
                        };
                        // `^` patterns need the digit; the others also start a word.
                        if pattern.after_digit && offset == 0 {
                            return;
                        }
                        if last != token && crosses_clause(norm, source, token, last) {
                            return;
                        }
                        let checks = self.pattern_marks.get(pid).map_or(&[][..], |m| &m[..]);
                        for &(k, wanted) in checks {
                            // A start after a digit only ends the first word.
                            if k == 0 && offset > 0 {
                                continue;
                            }
                            if !agrees(norm, token + k, wanted) {
                                return;
                            }
                        }
                        // Starts come in text order, so the cap keeps each pattern's first matches.
                        // Counted only once there are that many matches in all (huge input).
                        if found.len() >= MAX_MATCHES_PER_PATTERN {
                            if per_pattern.is_empty() {
                                per_pattern = vec![0u8; self.patterns.len()];
                                for &(p, _) in &found {
                                    per_pattern[p] += 1;
                                }
                            }
                            if usize::from(per_pattern[pid]) >= MAX_MATCHES_PER_PATTERN {
                                return;
                            }
                            per_pattern[pid] += 1;
                        }
                        found.push((pid, TokenMatch { first: token, last }));
                    });
            }
        }
        found
    }
}

/// Whether token `t` can be the pattern word written with `wanted`: folding makes "ảnh"
/// (photo) and "anh" (you) one word, and the marks of a text written with them say which.
fn agrees(norm: &Normalized, t: usize, wanted: WordMarks) -> bool {
    let Some(&seen) = norm.written_marks.get(t) else {
        return true;
    };
    match seen {
        UNREAD => true,
        seen if seen == wanted.marks => true,
        // Written without marks: the same word typed plainly, unless it is also a word of its
        // own and the text around it is written with marks (most Vietnamese text is; some is
        // typed without).
        0 => !wanted.ambiguous || !is_marked(norm),
        _ => false,
    }
}

/// Whether a text is written with Vietnamese marks: at least one marked letter
/// ([`Normalized::marked_letters`]) for every four words (marked text has one in most
/// syllables).
fn is_marked(norm: &Normalized) -> bool {
    norm.marked_letters >= norm.tokens.len().div_ceil(4).max(2)
}

/// Whether the original text between neighbouring tokens from `first` to `last` holds clause
/// punctuation (dots inside a token, as in `T.H.Á.M`, do not count).
pub(crate) fn crosses_clause(norm: &Normalized, source: &str, first: usize, last: usize) -> bool {
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

/// The earliest token span where every term of `cue` matches in order within its gap, given
/// the matches of its `k`th term (the first term's by start, and from one start the longest
/// first), as keys that `match_of` resolves.
fn match_cue<'m>(
    cue: &Cue,
    term_matches: impl Fn(usize) -> &'m [u64],
    match_of: impl Fn(u64) -> TokenMatch,
) -> Option<(usize, usize)> {
    'start: for &key in term_matches(0) {
        let start = match_of(key);
        let mut last = start.last;
        for (k, term) in cue.terms.iter().enumerate().skip(1) {
            let next = term_matches(k)
                .iter()
                .map(|&key| match_of(key))
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
    fn a_text_written_with_marks_tells_photo_from_you() {
        let set =
            CueSet::parse("[claims_compromising_media]\nảnh\n[ctx:demand]\nanh chuyển\n").unwrap();
        let sections = |text: &str| -> Vec<usize> {
            set.find(&normalize(text), text)
                .iter()
                .map(|h| h.section)
                .collect()
        };
        // The pronoun in a marked text is not the photo; the photo is.
        assert!(sections("Anh đã nhận được tin nhắn chưa?").is_empty());
        assert_eq!(sections("Tôi có ảnh của anh đây."), vec![0]);
        assert_eq!(
            sections("Tôi có ảnh của anh đây, anh chuyển ngay."),
            vec![0, 1]
        );
        // "ảnh chuyển" is no demand of the reader, whatever the text around it.
        assert_eq!(sections("ảnh chuyển"), vec![0]);
        // A text typed without marks may mean either.
        assert_eq!(sections("toi co anh cua anh day"), vec![0]);
        // Marks placed the old or the new way, or written decomposed, agree.
        let tone_moved = CueSet::parse("[ctx:warning]\nhòa giải\n").unwrap();
        for text in ["Hoà giải đã xong rồi", "Ho\u{300}a giải đã xong rồi"] {
            assert_eq!(tone_moved.find(&normalize(text), text).len(), 1, "{text}");
        }
        // Another mark is another word ("mất" lost, not "mặt" face).
        let face = CueSet::parse("[claims_compromising_media]\nmặt anh\n").unwrap();
        let lost = "Hôm qua mất anh bạn thân";
        assert!(face.find(&normalize(lost), lost).is_empty());
        let shown = "Ai cũng thấy rõ mặt anh trong video";
        assert_eq!(face.find(&normalize(shown), shown).len(), 1);
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
    fn words_of_every_length_match_in_the_middle_and_at_the_end() {
        // Words of up to eight bytes are read eight bytes at a time where the text goes on
        // that far, and byte by byte near its end; longer words are compared as text.
        let set = CueSet::parse("[link_to_open]\nfacebook\nfacebooks\nzalo\n5tr\n").unwrap();
        for text in [
            "vào facebook ngay đi bạn",
            "vào facebooks ngay đi bạn",
            "mở zalo ngay đi bạn nhé",
            "gửi 5tr ngay đi bạn nhé",
            "vào facebook",
            "vào facebooks",
            "mở zalo",
            "zalo",
            "gửi 5tr",
        ] {
            assert_eq!(set.find(&normalize(text), text).len(), 1, "{text}");
        }
        for text in ["vào facebookk ngay đi bạn", "vào faceboo", "zal", "zalox"] {
            assert!(set.find(&normalize(text), text).is_empty(), "{text}");
        }
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
