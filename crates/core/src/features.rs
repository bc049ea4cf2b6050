//! Hashed features for the learned model: word and word-pair tokens, character 4-grams of the
//! normalised text, and the cues that matched (as a demand, or negated as in "do not pay").

use crate::cues::CueHit;
use crate::indicators::Indicator;
use crate::normalize::Normalized;

/// Default number of hash bits: 2^18 weights per head.
pub const DEFAULT_BITS: u32 = 18;

/// Lexical feature count under which a message's lexical features keep their per-feature
/// value instead of growing to the inverse square root of their number: six words ("u should
/// make a fb list") are too few to be sure of, and at that scale each word of such a text
/// weighed as much as whole sentences.
/// 48 to 64 measured alike in cross-validation; fewer English texts were called scams at 64.
pub const MIN_LEXICAL_NORM: usize = 64;

/// Value of a word or word pair relative to a character 4-gram. A message has two to three
/// times as many 4-grams as words and word pairs, so at equal values the 4-grams held most of
/// its weight; words are the sender's choices ("chuyển", "vợ anh"), 4-grams pieces of them.
/// In cross-validation over 8 fold assignments 1.25 to 2 measured alike and above 0.67 and 1;
/// from 1.75 on, more warnings and everyday English texts were called scams
/// (docs/measurements.md).
pub const WORD_WEIGHT: f32 = 1.5;

/// One feature: its hashed index and its value.
pub type Feature = (u32, f32);

/// A sparse feature vector: hashed indices with their values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    pub entries: Vec<(u32, f32)>,
    /// Where in `entries` the character 4-grams lie.
    pub grams: std::ops::Range<usize>,
}

impl Features {
    /// The entries before the character 4-grams (words and word pairs) and after them (cues and
    /// signs).
    pub fn around_grams(&self) -> (&[Feature], &[Feature]) {
        let start = self.grams.start.min(self.entries.len());
        let end = self.grams.end.clamp(start, self.entries.len());
        let (before, rest) = self.entries.split_at(start);
        (before, rest.get(end - start..).unwrap_or(&[]))
    }

    /// The entries other than the character 4-grams: words, word pairs, cues and signs.
    pub fn without_grams(&self) -> impl Iterator<Item = &Feature> + Clone {
        let (before, after) = self.around_grams();
        before.iter().chain(after)
    }
}

/// Inputs beyond the normalised text that describe the message.
#[derive(Debug, Clone, Copy)]
pub struct Signals<'a> {
    pub hits: &'a [CueHit],
    /// For each hit, whether a negation ("không", "never", "đừng") stands right before it.
    pub negated: &'a [bool],
    pub indicators: &'a [Indicator],
    /// Share of letters in the original text that are upper case.
    pub upper_ratio: f32,
    /// Union of the [`linkrisk`](crate::linkrisk) signs of the message's links.
    pub link_signs: u8,
    /// The message reads as a description of scams (third-person actors, warning words, no
    /// demand made of the reader), as warnings, news and notices do.
    pub describes: bool,
    /// For each token, whether it stands inside quotation marks: words the sender quotes
    /// (a warning citing a threat) are not the sender's own, so they get features of their own.
    /// Tokens past its end are not quoted (empty: none is).
    pub quoted: &'a [bool],
}

const SEED_WORD: u64 = 0x9E37_79B9_7F4A_7C15;
const SEED_PAIR: u64 = 0xC2B2_AE3D_27D4_EB4F;
const SEED_CHAR: u64 = 0x1656_67B1_9E37_79F9;
const SEED_CUE: u64 = 0x27D4_EB2F_1656_67C5;
const SEED_QUOTED: u64 = 0x85EB_CA77_C2B2_AE63;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// One FNV-1a step.
#[inline]
fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
}

/// FNV-1a style mixing, with a final avalanche so neighbouring n-grams spread over the table.
#[inline]
fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    finish(bytes.iter().fold(seed ^ FNV_OFFSET, |h, &b| fnv_step(h, b)))
}

#[inline]
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

/// Feeds `word` to `emit` with digit runs mapped to a shape so that numbers generalise:
/// `5000` → `#4`.
#[inline]
fn shaped(word: &str, mut emit: impl FnMut(u8)) {
    let mut digits = 0usize;
    for b in word.bytes() {
        if b.is_ascii_digit() {
            digits += 1;
        } else {
            if digits > 0 {
                emit(b'#');
                emit(b'0' + digits.min(9) as u8);
                digits = 0;
            }
            emit(b);
        }
    }
    if digits > 0 {
        emit(b'#');
        emit(b'0' + digits.min(9) as u8);
    }
}

/// The hash of a word's shape ([`shaped`]), as [`hash_bytes`] would give for those bytes.
#[inline]
fn word_hash(seed: u64, word: &str) -> u64 {
    let mut h = seed ^ FNV_OFFSET;
    shaped(word, |b| h = fnv_step(h, b));
    finish(h)
}

fn mask_of(bits: u32) -> u64 {
    (1u64 << bits.clamp(8, 24)) - 1
}

/// The word-pair feature of two neighbouring words' hashes.
#[inline]
fn pair_hash(prev: u64, h: u64) -> u64 {
    finish(prev.rotate_left(17) ^ h ^ SEED_PAIR)
}

/// For each token, the index of its word feature and of its pair with the token before, as
/// [`featurize`] computes them: a model weight can so be traced back to the words carrying it.
pub fn word_indices(norm: &Normalized, bits: u32) -> Vec<(u32, Option<u32>)> {
    let mask = mask_of(bits);
    let mut prev: Option<u64> = None;
    let mut out = Vec::with_capacity(norm.tokens.len());
    for t in &norm.tokens {
        let h = word_hash(SEED_WORD, norm.text.get(t.start..t.end).unwrap_or(""));
        out.push((
            (h & mask) as u32,
            prev.map(|p| (pair_hash(p, h) & mask) as u32),
        ));
        prev = Some(h);
    }
    out
}

/// Computes the feature vector of a message.
pub fn featurize(norm: &Normalized, signals: Signals<'_>, bits: u32, out: &mut Features) {
    featurize_lexical(norm, signals.quoted, bits, out);
    featurize_signals(signals, bits, out);
}

/// The first part of [`featurize`]: the features of the words and characters, which need the
/// normalised text and the quotations only (`quoted` as in [`Signals::quoted`]). The analysis
/// computes them before the cues, so that their weights can be fetched meanwhile.
pub fn featurize_lexical(norm: &Normalized, quoted: &[bool], bits: u32, out: &mut Features) {
    let mask = mask_of(bits);
    out.entries.clear();
    out.grams = 0..0;
    let text = norm.text.as_bytes();

    // Word unigrams and bigrams (digit runs by shape).
    let mut prev_hash: Option<u64> = None;
    // Lexical feature indices go straight into `out`; their common value is set once counted.
    let lexical = &mut out.entries;
    lexical.reserve(text.len() + norm.tokens.len() * 3 + 16);
    for (n, t) in norm.tokens.iter().enumerate() {
        let word = norm.text.get(t.start..t.end).unwrap_or("");
        let quoted = quoted.get(n).copied().unwrap_or(false);
        let h = word_hash(SEED_WORD, word);
        if quoted {
            lexical.push(((word_hash(SEED_QUOTED, word) & mask) as u32, 0.0));
        }
        lexical.push(((h & mask) as u32, 0.0));
        if let Some(p) = prev_hash {
            lexical.push(((pair_hash(p, h) & mask) as u32, 0.0));
        }
        prev_hash = Some(h);
    }

    let words_end = lexical.len();
    // Character 4-grams over the text with spaces at both ends; digits folded to '0'. (3-grams
    // as well measured worse in cross-validation, and cost a third of the lookups.)
    // The last four bytes slide through a `u32`, the oldest in the high byte.
    let gram = |window: u32| {
        let [a, b, c, d] = window.to_be_bytes();
        let h = fnv_step(
            fnv_step(fnv_step(fnv_step(SEED_CHAR ^ FNV_OFFSET, a), b), c),
            d,
        );
        // `^ 3` tags the gram's length as when 3-grams were hashed too; the shipped model's
        // weights sit at the indices it gives.
        ((finish(h ^ 3) & mask) as u32, 0.0)
    };
    if let [first, second, rest @ ..] = text {
        let fold = |b: u8| u32::from(if b.is_ascii_digit() { b'0' } else { b });
        let mut window = u32::from(b' ') << 16 | fold(*first) << 8 | fold(*second);
        // A gram ends at each byte from the third, and one more at the closing space: their
        // number is known, so they are written in place rather than pushed one by one.
        let from = lexical.len();
        lexical.resize(from + rest.len() + 1, (0, 0.0));
        if let Some(grams) = lexical.get_mut(from..) {
            for (slot, &b) in grams.iter_mut().zip(rest) {
                window = window << 8 | fold(b);
                *slot = gram(window);
            }
            if let Some(last) = grams.last_mut() {
                *last = gram(window << 8 | u32::from(b' '));
            }
        }
    }

    // Lexical features share one scale, the inverse square root of their number, so long and
    // short messages weigh alike, except that a text of a few words counts as less evidence:
    // below `MIN_LEXICAL_NORM` features their norm shrinks. Words and word pairs weigh
    // `WORD_WEIGHT` times a character 4-gram.
    let scale = if lexical.is_empty() {
        0.0
    } else {
        1.0 / (lexical.len().max(MIN_LEXICAL_NORM) as f32).sqrt()
    };
    let words_end = words_end.min(lexical.len());
    let (words, grams) = lexical.split_at_mut(words_end);
    for entry in words.iter_mut() {
        entry.1 = scale * WORD_WEIGHT;
    }
    for entry in grams.iter_mut() {
        entry.1 = scale;
    }
    out.grams = words_end..lexical.len();
}

/// The second part of [`featurize`], appended to the first: the cues, indicators and signs.
pub fn featurize_signals(signals: Signals<'_>, bits: u32, out: &mut Features) {
    let mask = mask_of(bits);
    // Cue features: one per section, as a demand or as a negated mention.
    let cue_kind = |hit: &CueHit, neg: bool| {
        let quoted = signals
            .quoted
            .get(hit.first_token)
            .copied()
            .unwrap_or(false);
        match (neg, quoted) {
            (true, _) => b'n',
            (false, true) => b'q',
            (false, false) => b'c',
        }
    };
    let cues = signals.hits.iter().zip(signals.negated);
    for (n, (hit, &neg)) in cues.clone().enumerate() {
        let kind = cue_kind(hit, neg);
        // A message has a few dozen hits at most: the earlier ones are searched for the same
        // (section, kind) rather than kept in a set.
        let given = cues.clone().take(n).any(|(earlier, &neg)| {
            earlier.section == hit.section && cue_kind(earlier, neg) == kind
        });
        if !given {
            let tag = [kind, (hit.section & 0xff) as u8, (hit.section >> 8) as u8];
            out.entries
                .push(((hash_bytes(SEED_CUE, &tag) & mask) as u32, 1.0));
        }
    }
    for indicator in signals.indicators {
        let tag = [b'i', indicator.kind as u8];
        out.entries
            .push(((hash_bytes(SEED_CUE, &tag) & mask) as u32, 0.5));
    }
    for bit in 0..8u8 {
        if signals.link_signs & (1 << bit) != 0 {
            out.entries
                .push(((hash_bytes(SEED_CUE, &[b'u', bit]) & mask) as u32, 1.0));
        }
    }
    if signals.describes {
        out.entries
            .push(((hash_bytes(SEED_CUE, b"describes") & mask) as u32, 1.0));
    }
    if signals.upper_ratio > 0.5 {
        out.entries
            .push(((hash_bytes(SEED_CUE, b"upper") & mask) as u32, 0.5));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    #[test]
    fn numbers_generalise_by_shape() {
        let shape = |word: &str| {
            let mut out = Vec::new();
            shaped(word, |b| out.push(b));
            out
        };
        assert_eq!(shape("5000usdt"), shape("7000usdt"));
        assert_eq!(shape("5000usdt"), b"#4usdt");
        assert_eq!(shape("v12x"), b"v#2x");
        assert_eq!(
            word_hash(SEED_WORD, "5000usdt"),
            hash_bytes(SEED_WORD, b"#4usdt")
        );
    }

    /// The features of a text with no cues, indicators or other signals.
    fn lexical_only(n: &Normalized) -> Features {
        let mut f = Features::default();
        let signals = Signals {
            hits: &[],
            negated: &[],
            indicators: &[],
            upper_ratio: 0.0,
            link_signs: 0,
            describes: false,
            quoted: &[],
        };
        featurize(n, signals, DEFAULT_BITS, &mut f);
        f
    }

    #[test]
    fn word_indices_are_the_word_features_featurize_computes() {
        let n = normalize("Anh chuyển 5000 USDT trước 9h, không thì tôi đăng");
        let f = lexical_only(&n);
        let words = word_indices(&n, DEFAULT_BITS);
        assert_eq!(words.len(), n.tokens.len());
        assert!(words[0].1.is_none() && words[1..].iter().all(|w| w.1.is_some()));
        for index in words
            .iter()
            .flat_map(|&(word, pair)| [Some(word), pair])
            .flatten()
        {
            assert!(
                f.entries.iter().any(|&(i, _)| i == index),
                "{index} not featurised"
            );
        }
    }

    #[test]
    fn lexical_features_share_one_scale_words_above_grams_and_a_few_words_count_less() {
        // Words and word pairs come first (no quoted words here), then the character 4-grams.
        let split = |text: &str| {
            let n = normalize(text);
            let f = lexical_only(&n);
            assert!(f.entries.iter().all(|&(i, _)| i < (1 << DEFAULT_BITS)));
            let words = 2 * n.tokens.len() - 1;
            let values = |from: usize, to: usize| -> Vec<f32> {
                f.entries[from..to].iter().map(|e| e.1).collect()
            };
            let all = f.entries.len();
            assert_eq!(f.grams, words..all, "the 4-grams follow the words");
            assert_eq!(f.without_grams().count(), words);
            (all, values(0, words), values(words, all))
        };
        let long = "Tôi là thám tử tư được thuê theo dõi anh. Tôi có video của anh ở khách sạn, \
            chuyển 5000 USDT trước 9h sáng mai nếu không tôi gửi cho vợ anh.";
        let (all, words, grams) = split(long);
        assert!(all > MIN_LEXICAL_NORM);
        let scale = 1.0 / (all as f32).sqrt();
        assert!(words.iter().all(|v| (v - scale * WORD_WEIGHT).abs() < 1e-6));
        assert!(grams.iter().all(|v| (v - scale).abs() < 1e-6));
        // Five words: each feature keeps its value among 64, not 1 / sqrt(its own count).
        let (all, words, grams) = split("Tôi là thám tử tư");
        assert!(all < MIN_LEXICAL_NORM);
        let few = 1.0 / (MIN_LEXICAL_NORM as f32).sqrt();
        assert!(few < 1.0 / (all as f32).sqrt());
        assert!(words.iter().all(|v| (v - few * WORD_WEIGHT).abs() < 1e-6));
        assert!(grams.iter().all(|v| (v - few).abs() < 1e-6));
    }
}
