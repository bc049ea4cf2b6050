//! Normalisation of Vietnamese and English messages for matching.
//!
//! The output is a stream of lowercase, diacritic-free tokens separated by single spaces, where
//! every token remembers the byte span of the original text it came from. Along the way it
//! removes zero-width and control characters, folds full-width forms and Cyrillic/Greek
//! look-alikes to Latin, joins letters split by dots, spaces or dashes (`t.h.á.m t.ử`), reads
//! digits used as letters (`v1de0`) and expands common teencode (`ko`, `dc`, `vk`, `stk`…).
//!
//! Normalising normalised text changes nothing (idempotence), which the property tests check.

use unicode_normalization::char::{decompose_canonical, decompose_compatible, is_combining_mark};

/// One normalised token: its range in [`Normalized::text`] and the byte span of the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub src_start: usize,
    pub src_end: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    /// Tokens joined by single spaces.
    pub text: String,
    pub tokens: Vec<Token>,
    /// Per token, the marks of its original as [`diacritics`] gives them, or [`UNREAD`] when
    /// the token is not its original letter for letter (teencode, digits read as letters,
    /// joined letters, an invisible character inside). Noted while the characters are decoded
    /// anyway: the cue matcher asks for the marks of a few words in most messages, and reading
    /// each of them again cost more than this.
    pub written_marks: Vec<u64>,
    /// Characters of the original whose UTF-8 lead bytes are those of Latin-1 and Latin
    /// Extended-A/B letters (à, ă, đ, ơ, ư…) or of Latin Extended Additional (ạ … ỹ): how
    /// much of the text is written with Vietnamese marks (Cyrillic and Greek look-alikes
    /// start otherwise).
    pub marked_letters: usize,
}

/// [`Normalized::written_marks`] of a token that is not its original letter for letter.
pub const UNREAD: u64 = u64::MAX - 1;

impl Normalized {
    /// The original byte span covered by the tokens that the normalised byte range
    /// `start..end` touches.
    pub fn source_span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let first = self.tokens.partition_point(|t| t.end <= start);
        let last = self.tokens.partition_point(|t| t.start < end);
        if first >= last {
            return None;
        }
        Some((self.tokens[first].src_start, self.tokens[last - 1].src_end))
    }

    /// The token text of token `i`.
    pub fn token_text(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    /// Index of the token containing normalised byte `pos` (or the next one).
    pub fn token_at(&self, pos: usize) -> usize {
        self.tokens.partition_point(|t| t.end <= pos)
    }
}

/// What separated a raw token from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// Start of text, whitespace (possibly with punctuation) or a long stretch of other
    /// characters: separates words.
    Space,
    /// Only punctuation such as `.` `-` `_` `*`: letters of one word split apart.
    Punct,
}

/// A token before teencode and leet: its folded text is `start..end` of a shared buffer.
#[derive(Debug, Clone, Copy)]
struct RawToken {
    start: usize,
    end: usize,
    src_start: usize,
    src_end: usize,
    gap: Gap,
    /// Folded characters in the token, counted up to two: whether it is a single character
    /// (`c l i p`) is then known without decoding it again.
    chars: u8,
    /// Whether its folded text holds a digit or a `j` ([`may_read_leet`]), noted as it is
    /// written rather than found by a second loop over every token.
    leet: bool,
    /// Its [`diacritics`] so far, or [`UNREAD`].
    marks: u64,
}

/// Longest gap (in bytes of original text) that still counts as splitting one word.
const MAX_SPLIT_GAP: usize = 3;

/// How many characters of a text are letters (upper or lower case, as `char::is_uppercase`
/// and `char::is_lowercase` say) and how many upper case: counted while the text is
/// normalised, which reads every character anyway.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct LetterCase {
    pub letters: usize,
    pub upper: usize,
    /// [`Normalized::marked_letters`].
    pub marked: usize,
}

/// Normalises `input` for matching. Linear in the input, never panics.
pub fn normalize(input: &str) -> Normalized {
    normalize_counting_case(input).0
}

/// [`normalize`], and the letters of `input` by case.
pub(crate) fn normalize_counting_case(input: &str) -> (Normalized, LetterCase) {
    let (mut buf, raw, case) = split_raw_tokens(input);
    let (joined, split) = join_split_runs(&mut buf, raw);
    // `buf` holds the tokens joined by single spaces: until a token reads differently (and
    // unless letters were joined, which appends to it) it is the output text itself, and the
    // text is built anew only from the first token that changes.
    let mut in_place = !split;
    // Teencode adds words: room for some without growing.
    let words = joined.len() + joined.len() / 4 + 4;
    let mut out = Normalized {
        text: String::new(),
        tokens: Vec::with_capacity(words),
        written_marks: Vec::with_capacity(words),
        marked_letters: case.marked,
    };
    if split {
        out.text.reserve(buf.len());
    }
    let text_of = |t: &RawToken| buf.get(t.start..t.end).unwrap_or("");
    for (i, tok) in joined.iter().enumerate() {
        let in_place_token = Token {
            start: tok.start,
            end: tok.end,
            src_start: tok.src_start,
            src_end: tok.src_end,
        };
        // Most tokens stay as they are, which their bytes tell at a glance.
        let bytes = buf.as_bytes().get(tok.start..tok.end).unwrap_or(&[]);
        if in_place && !(tok.leet || may_be_teencode(bytes)) {
            out.tokens.push(in_place_token);
            out.written_marks.push(tok.marks);
            continue;
        }
        let raw_text = text_of(tok);
        let expanded = expand_token(raw_text, joined.get(i + 1).map(text_of));
        if in_place {
            if let Expanded::Word(std::borrow::Cow::Borrowed(_)) = expanded {
                out.tokens.push(in_place_token);
                out.written_marks.push(tok.marks);
                continue;
            }
            in_place = false;
            let kept = out.tokens.last().map_or(0, |t| t.end);
            out.text.reserve(buf.len() + 16);
            out.text.push_str(buf.get(..kept).unwrap_or(""));
        }
        let mut push = |word: &str| {
            if word.is_empty() {
                return;
            }
            if !out.text.is_empty() {
                out.text.push(' ');
            }
            let start = out.text.len();
            out.text.push_str(word);
            out.tokens.push(Token {
                start,
                end: out.text.len(),
                src_start: tok.src_start,
                src_end: tok.src_end,
            });
            // A word read differently is not its original letter for letter.
            out.written_marks
                .push(if word == raw_text { tok.marks } else { UNREAD });
        };
        match expanded {
            Expanded::Word(word) => push(&word),
            Expanded::Words(words) => words.split(' ').for_each(push),
        }
    }
    if in_place {
        out.text = buf;
    }
    (out, case)
}

/// What a character of the input is, for splitting into tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CharClass {
    /// Zero-width, format and combining characters: ignored entirely.
    Invisible = 0,
    /// Spaces, line breaks and control characters: they separate words.
    Whitespace = 1,
    Punct = 2,
    Word = 3,
}

/// Characters below this have their folding (and their case) looked up in a table built once
/// from [`classify_and_fold_uncached`]: Vietnamese letters (Latin Extended Additional
/// included), Greek and Cyrillic make up most non-ASCII characters of the messages, and each
/// costs a decomposition look-up and several property tests otherwise.
const FOLD_CACHED_BELOW: u32 = 0x2000;

/// Set in a [`fold_table`] entry that holds the whole folding (nothing or one ASCII byte).
const FOLDING_IN_TABLE: u16 = 4;

/// Set in a [`fold_table`] entry of an upper-case and of a lower-case character.
const UPPER: u16 = 8;
const LOWER: u16 = 16;

/// Per character below [`FOLD_CACHED_BELOW`]: its class (bits 0–1), [`FOLDING_IN_TABLE`], its
/// case ([`UPPER`], [`LOWER`]) and the folded byte (bits 8–15; 0 for none).
fn fold_table() -> &'static [u16] {
    static TABLE: std::sync::OnceLock<Vec<u16>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..FOLD_CACHED_BELOW)
            .map(|u| {
                let Some(c) = char::from_u32(u) else {
                    return 0;
                };
                let mut folded = String::new();
                let class = classify_and_fold_uncached(c, &mut folded) as u16;
                let case = if c.is_uppercase() { UPPER } else { 0 }
                    | if c.is_lowercase() { LOWER } else { 0 };
                match folded.as_bytes() {
                    [] => class | case | FOLDING_IN_TABLE,
                    &[b] if b.is_ascii() => class | case | FOLDING_IN_TABLE | u16::from(b) << 8,
                    _ => class | case,
                }
            })
            .collect()
    })
}

/// Folds one character into `out`: lowercase, no diacritics, Latin look-alikes mapped, only
/// letters and digits kept. Returns what the character is.
#[inline(always)]
fn classify_and_fold(c: char, out: &mut String) -> CharClass {
    if c.is_ascii() {
        return fold_ascii(c as u8, out).class;
    }
    fold_non_ascii(c, out).0
}

/// Folds an ASCII byte into `out` and says what it is.
#[inline(always)]
fn fold_ascii(b: u8, out: &mut String) -> AsciiFold {
    let fold = ascii_fold(b);
    if fold.folded != 0 {
        out.push(char::from(fold.folded));
    }
    fold
}

/// [`classify_and_fold`] of a character beyond ASCII, and whether it is upper case and whether
/// lower case: one look-up in the [`fold_table`] answers all for most characters.
#[inline(always)]
fn fold_non_ascii(c: char, out: &mut String) -> (CharClass, bool, bool) {
    let Some(&entry) = fold_table().get(c as usize) else {
        let class = classify_and_fold_uncached(c, out);
        return (class, c.is_uppercase(), c.is_lowercase());
    };
    let case = (entry & UPPER != 0, entry & LOWER != 0);
    if entry & FOLDING_IN_TABLE == 0 {
        return (classify_and_fold_uncached(c, out), case.0, case.1);
    }
    let byte = (entry >> 8) as u8;
    if byte != 0 {
        out.push(char::from(byte));
    }
    (table_class(entry), case.0, case.1)
}

/// The class bits of a [`fold_table`] entry.
#[inline(always)]
fn table_class(entry: u16) -> CharClass {
    match entry & 3 {
        0 => CharClass::Invisible,
        1 => CharClass::Whitespace,
        2 => CharClass::Punct,
        _ => CharClass::Word,
    }
}

/// What folding makes of an ASCII byte: the folded byte (0 for none), its class, and whether
/// it is a letter and an upper-case one.
#[derive(Debug, Clone, Copy)]
struct AsciiFold {
    folded: u8,
    class: CharClass,
    letter: bool,
    upper: bool,
}

impl AsciiFold {
    const PUNCT: AsciiFold = AsciiFold {
        folded: 0,
        class: CharClass::Punct,
        letter: false,
        upper: false,
    };
}

/// [`AsciiFold`] of every ASCII byte: a look-up instead of a chain of branches per byte.
const ASCII_FOLDS: [AsciiFold; 128] = {
    let mut table = [AsciiFold::PUNCT; 128];
    let mut b = 0u8;
    while b < 128 {
        table[b as usize] = match b {
            b'a'..=b'z' | b'0'..=b'9' => AsciiFold {
                folded: b,
                class: CharClass::Word,
                letter: b.is_ascii_lowercase(),
                upper: false,
            },
            b'A'..=b'Z' => AsciiFold {
                folded: b.to_ascii_lowercase(),
                class: CharClass::Word,
                letter: true,
                upper: true,
            },
            _ if b == b' ' || b.is_ascii_control() => AsciiFold {
                class: CharClass::Whitespace,
                ..AsciiFold::PUNCT
            },
            _ => AsciiFold::PUNCT,
        };
        b += 1;
    }
    table
};

#[inline(always)]
fn ascii_fold(b: u8) -> AsciiFold {
    ASCII_FOLDS
        .get(usize::from(b))
        .copied()
        .unwrap_or(AsciiFold::PUNCT)
}

fn classify_and_fold_uncached(c: char, out: &mut String) -> CharClass {
    if c.is_ascii() {
        return fold_ascii(c as u8, out).class;
    }
    if is_invisible(c) || is_combining_mark(c) {
        return CharClass::Invisible;
    }
    if c.is_whitespace() {
        return CharClass::Whitespace;
    }
    let before = out.len();
    let mut pieces = 0usize;
    decompose_compatible(c, |d| {
        pieces += 1;
        // Bounded: a single character never decomposes into more than a few dozen.
        if pieces <= 32 {
            fold_decomposed(d, out);
        }
    });
    if out.len() > before {
        CharClass::Word
    } else {
        CharClass::Punct
    }
}

fn fold_decomposed(d: char, out: &mut String) {
    if is_combining_mark(d) || is_invisible(d) {
        return;
    }
    if d.is_ascii_alphanumeric() {
        out.push(d.to_ascii_lowercase());
        return;
    }
    if let Some(latin) = latin_lookalike(d) {
        out.push(latin);
        return;
    }
    if d.is_alphabetic() {
        for l in d.to_lowercase() {
            if let Some(latin) = latin_lookalike(l) {
                out.push(latin);
            } else if l.is_ascii_alphanumeric() || is_stable_letter(l) {
                out.push(l);
            }
        }
    }
}

/// A non-ASCII letter that folding leaves unchanged, so normalisation stays idempotent.
fn is_stable_letter(l: char) -> bool {
    if !l.is_alphabetic() || is_combining_mark(l) || latin_lookalike(l).is_some() {
        return false;
    }
    let mut lower = l.to_lowercase();
    if lower.next() != Some(l) || lower.next().is_some() {
        return false;
    }
    let mut same = true;
    let mut count = 0;
    decompose_compatible(l, |d| {
        count += 1;
        same &= d == l;
    });
    same && count == 1
}

fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{E0000}'..='\u{E007F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Cyrillic, Greek and other letters that scammers use in place of Latin ones, plus Vietnamese
/// `đ`, which has no decomposition.
fn latin_lookalike(c: char) -> Option<char> {
    Some(match c {
        'đ' | 'Đ' | 'ð' | 'Ð' | 'ԁ' | 'ɗ' => 'd',
        'а' | 'А' | 'α' | 'Α' | 'ɑ' => 'a',
        'в' | 'В' | 'β' | 'Β' | 'ь' | 'Ь' => 'b',
        'с' | 'С' | 'ϲ' | 'Ϲ' => 'c',
        'е' | 'Е' | 'ё' | 'Ё' | 'ε' | 'Ε' | 'є' | 'Є' => 'e',
        'ɡ' | 'ց' => 'g',
        'н' | 'Н' | 'η' | 'Η' | 'һ' | 'Һ' => 'h',
        'і' | 'І' | 'ї' | 'Ї' | 'ι' | 'Ι' | 'ı' | 'ɪ' | 'Ӏ' => 'i',
        'ј' | 'Ј' | 'ϳ' => 'j',
        'к' | 'К' | 'κ' | 'Κ' => 'k',
        'ł' | 'Ł' => 'l',
        'м' | 'М' | 'Μ' => 'm',
        'п' | 'П' | 'ո' => 'n',
        'о' | 'О' | 'ο' | 'Ο' | 'σ' | 'ø' | 'Ø' | 'օ' => 'o',
        'р' | 'Р' | 'ρ' | 'Ρ' => 'p',
        'ԛ' => 'q',
        'г' | 'Г' => 'r',
        'ѕ' | 'Ѕ' => 's',
        'т' | 'Т' | 'τ' | 'Τ' => 't',
        'υ' | 'Υ' | 'ս' => 'u',
        'ν' | 'Ν' | 'ѵ' => 'v',
        'ш' | 'Ш' | 'ω' | 'ԝ' => 'w',
        'х' | 'Х' | 'χ' | 'Χ' => 'x',
        'у' | 'У' | 'γ' | 'ү' => 'y',
        'ζ' | 'Ζ' => 'z',
        _ => return None,
    })
}

fn split_raw_tokens(input: &str) -> (String, Vec<RawToken>, LetterCase) {
    let mut buf = String::with_capacity(input.len());
    let mut tokens: Vec<RawToken> = Vec::with_capacity(input.len() / 4 + 4);
    let mut case = LetterCase::default();
    let mut in_token = false;
    let mut cur = RawToken {
        start: 0,
        end: 0,
        src_start: 0,
        src_end: 0,
        gap: Gap::Space,
        chars: 0,
        leet: false,
        marks: 0,
    };
    // The marks of invisible characters since the token's last letter: they count if a letter
    // of the token follows, as they then lie inside its original span ([`UNREAD`] for one that
    // is no combining mark).
    let mut pending_marks = 0u64;
    let mut gap = Gap::Space;
    let mut gap_len = 0usize;
    let bytes = input.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let before = buf.len();
        // Folded characters written for this one, and whether one is a digit or a `j`.
        let (mut chars, mut leet) = (1usize, false);
        // What this character adds to its token's marks (ASCII: nothing).
        let mut char_marks = 0u64;
        // Most characters are ASCII: a table gives their folding and case without decoding.
        let (class, len) = if b.is_ascii() {
            let fold = ascii_fold(b);
            if fold.class == CharClass::Word {
                // A run of ASCII letters and digits, the bulk of most messages: folded in one
                // tight loop, the token bookkeeping done once for the run.
                let mut run = 0;
                while let Some(fold) = bytes.get(i + run).map(|&b| ascii_fold(b)) {
                    if fold.class != CharClass::Word {
                        break;
                    }
                    buf.push(char::from(fold.folded));
                    case.letters += usize::from(fold.letter);
                    case.upper += usize::from(fold.upper);
                    leet |= is_leet_byte(fold.folded);
                    run += 1;
                }
                chars = run;
                (CharClass::Word, run.max(1))
            } else {
                // No ASCII character is invisible today; one that were would not be a letter.
                char_marks = UNREAD;
                (fold.class, 1)
            }
        } else {
            let Some(c) = input.get(i..).and_then(|rest| rest.chars().next()) else {
                break;
            };
            let (class, upper, lower) = fold_non_ascii(c, &mut buf);
            case.letters += usize::from(upper || lower);
            case.upper += usize::from(upper);
            case.marked += usize::from(
                matches!(b, 0xC3..=0xC6)
                    || (b == 0xE1 && matches!(bytes.get(i + 1), Some(0xBA | 0xBB))),
            );
            // As [`diacritics`] reads it: a combining mark adds itself and no letter, a letter
            // its marks, anything else makes the token unreadable.
            char_marks = match mark_count(c) {
                Some(mark) if buf.len() == before => mark,
                Some(_) => UNREAD,
                None if class == CharClass::Word => marks_of_letter(c),
                None => UNREAD,
            };
            if let Some(folded) = buf.get(before..) {
                // One byte nearly always; a few characters fold to several.
                if folded.len() != 1 {
                    chars = folded.chars().count();
                }
                leet = may_read_leet(folded.as_bytes());
            }
            (class, c.len_utf8())
        };
        match class {
            CharClass::Invisible => {
                if in_token {
                    pending_marks = add_marks(pending_marks, char_marks);
                }
            }
            CharClass::Word => {
                if !in_token {
                    in_token = true;
                    if gap_len > MAX_SPLIT_GAP {
                        gap = Gap::Space;
                    }
                    cur = RawToken {
                        start: before,
                        end: before,
                        src_start: i,
                        src_end: i,
                        gap,
                        chars: 0,
                        leet: false,
                        marks: 0,
                    };
                    pending_marks = 0;
                }
                cur.marks = add_marks(add_marks(cur.marks, pending_marks), char_marks);
                pending_marks = 0;
                cur.end = buf.len();
                cur.src_end = i + len;
                cur.chars = (usize::from(cur.chars) + chars).min(2) as u8;
                cur.leet |= leet;
            }
            class => {
                if in_token {
                    tokens.push(cur);
                    // Tokens are separated by single spaces, as in the output.
                    buf.push(' ');
                    in_token = false;
                    gap = Gap::Punct;
                    gap_len = 0;
                }
                gap_len += len;
                if matches!(class, CharClass::Whitespace) {
                    gap = Gap::Space;
                }
            }
        }
        i += len;
    }
    if in_token {
        tokens.push(cur);
    } else if buf.ends_with(' ') {
        // The space after the last token, which no token follows.
        buf.pop();
    }
    (buf, tokens, case)
}

/// Marks `a` and `b` together, [`UNREAD`] if either is.
#[inline(always)]
fn add_marks(a: u64, b: u64) -> u64 {
    if a == UNREAD || b == UNREAD {
        UNREAD
    } else {
        a.wrapping_add(b)
    }
}

fn is_single_char(t: &RawToken) -> bool {
    t.chars == 1
}

/// Joins runs of three or more one-character tokens (`c l i p`, `t.h.á.m t.ử`, `0 9 8 8`).
/// Where a run mixes punctuation and spaces, spaces separate words and punctuation separates
/// letters, as long as every word keeps two or more letters. Joined text is appended to `buf`.
/// Also says whether any run was joined.
fn join_split_runs(buf: &mut String, raw: Vec<RawToken>) -> (Vec<RawToken>, bool) {
    // Counted along the tokens without a branch on each: where one-character tokens stand
    // cannot be guessed.
    let mut singles = 0u32;
    let mut split = false;
    for t in &raw {
        singles = if is_single_char(t) { singles + 1 } else { 0 };
        split |= singles >= 3;
    }
    if !split {
        return (raw, false);
    }
    let mut out: Vec<RawToken> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let mut j = i;
        // Line breaks and long gaps do not stop a run: the output separates every token with a
        // single space, so a run left unjoined here would be joined when normalised again.
        while j < raw.len() && is_single_char(&raw[j]) {
            j += 1;
        }
        if j - i >= 3 {
            join_run(buf, &raw[i..j], &mut out);
            i = j;
        } else {
            let take = (j - i).max(1);
            out.extend_from_slice(&raw[i..i + take]);
            i += take;
        }
    }
    (out, true)
}

fn join_run(buf: &mut String, run: &[RawToken], out: &mut Vec<RawToken>) {
    let gap_of_first = run.first().map(|t| t.gap).unwrap_or(Gap::Space);
    let spaced = |t: &RawToken| t.gap != Gap::Punct;
    let mixed = run[1..].iter().any(spaced) && run[1..].iter().any(|t| !spaced(t));
    let mut words: Vec<&[RawToken]> = Vec::new();
    if mixed {
        let mut begin = 0;
        for k in 1..run.len() {
            if spaced(&run[k]) {
                words.push(&run[begin..k]);
                begin = k;
            }
        }
        words.push(&run[begin..]);
        if words.iter().any(|w| w.len() < 2) {
            words = vec![run];
        }
    } else {
        words.push(run);
    }
    for (n, w) in words.into_iter().enumerate() {
        let text: String = w.iter().filter_map(|t| buf.get(t.start..t.end)).collect();
        let start = buf.len();
        buf.push_str(&text);
        out.push(RawToken {
            start,
            end: buf.len(),
            src_start: w.first().map(|t| t.src_start).unwrap_or(0),
            src_end: w.last().map(|t| t.src_end).unwrap_or(0),
            gap: if n == 0 { gap_of_first } else { Gap::Space },
            chars: w.len().min(2) as u8,
            leet: w.iter().any(|t| t.leet),
            // Its original holds the punctuation or spaces that split it.
            marks: UNREAD,
        });
    }
}

/// A token after teencode and digits read as letters.
enum Expanded<'a> {
    /// One word (a token holds no space, nor does reading its digits add one).
    Word(std::borrow::Cow<'a, str>),
    /// A teencode expansion: one or more words separated by spaces.
    Words(&'static str),
}

/// Whether a token holds what [`read_leet`] reads as a letter: a digit or a `j`.
#[inline(always)]
fn may_read_leet(bytes: &[u8]) -> bool {
    bytes.iter().copied().any(is_leet_byte)
}

/// A byte [`read_leet`] may read as another letter: a digit or a `j`.
#[inline(always)]
fn is_leet_byte(b: u8) -> bool {
    b.is_ascii_digit() || b == b'j'
}

/// Expands teencode and reads digits used as letters.
fn expand_token<'a>(token: &'a str, next: Option<&str>) -> Expanded<'a> {
    if let Some(expansion) = teencode(token, next) {
        return Expanded::Words(expansion);
    }
    let de_leeted = read_leet(token);
    if let std::borrow::Cow::Owned(read) = &de_leeted {
        if let Some(expansion) = teencode(read, next) {
            return Expanded::Words(expansion);
        }
    }
    Expanded::Word(de_leeted)
}

/// Digits standing for letters inside a word (`v1de0`, `th0ng`): a lone digit with a letter
/// before it and a letter or the end of the word after it. Read left to right, a digit already
/// read as a letter counts as one, so reading the result again changes nothing.
/// Teencode also writes `j` for `i` (`vjdeo`, `mjnh`, `cljp`): a `j` between consonants, or
/// after one at the end of a word, is read as `i`. English puts a vowel after such a `j`
/// (`adjust`, `enjoy`, `ninja`), and Vietnamese has no `j` of its own.
fn read_leet(token: &str) -> std::borrow::Cow<'_, str> {
    let bytes = token.as_bytes();
    // Most tokens hold neither: one loop rejects them.
    if !may_read_leet(bytes) {
        return token.into();
    }
    // The first digit read as a letter has a letter right before it: numbers are left alone.
    let readable = (bytes.iter().any(|b| b.is_ascii_digit())
        && bytes
            .windows(2)
            .any(|w| is_letter_byte(w[0]) && leet_letter(w[1]).is_some()))
        || (bytes.len() >= 2 && bytes.contains(&b'j'));
    if !readable || matches!(token, "mp3" | "mp4" | "3g" | "4g" | "5g") {
        return token.into();
    }
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        let read = leet_letter(b).filter(|_| {
            let before = out.last().copied();
            let before2 = out.len().checked_sub(2).and_then(|p| out.get(p).copied());
            let after = bytes.get(i + 1).copied();
            let before_letter = before.is_some_and(is_letter_byte);
            // At the end of a word, insist on two letters before it ("ba0", not "a1").
            before_letter
                && (after.is_some_and(is_letter_byte)
                    || (after.is_none() && before2.is_some_and(is_letter_byte)))
        });
        out.push(read.unwrap_or(b));
    }
    // `j` for `i`, once the digits are read (in "bj5" the `j` stands before the `s` that `5` is),
    // so that reading the result again finds the same neighbours.
    for i in 0..out.len() {
        let before = i.checked_sub(1).and_then(|p| out.get(p).copied());
        let after = out.get(i + 1).copied();
        if let Some(b) = out.get_mut(i).filter(|b| **b == b'j') {
            if before.is_some_and(is_ascii_consonant) && after.is_none_or(is_ascii_consonant) {
                *b = b'i';
            }
        }
    }
    // Only ASCII digits and `j` were replaced by ASCII letters, so the bytes stay valid UTF-8.
    String::from_utf8(out).map_or_else(|_| token.into(), Into::into)
}

fn leet_letter(b: u8) -> Option<u8> {
    Some(match b {
        b'0' => b'o',
        b'1' => b'i',
        b'3' => b'e',
        b'4' => b'a',
        b'5' => b's',
        b'7' => b't',
        _ => return None,
    })
}

fn is_ascii_consonant(b: u8) -> bool {
    b.is_ascii_lowercase() && !matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

fn is_letter_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b >= 0x80
}

/// Common Vietnamese teencode and abbreviations, and a few English ones.
#[inline(always)]
fn teencode(token: &str, next: Option<&str>) -> Option<&'static str> {
    let bytes = token.as_bytes();
    if !may_be_teencode(bytes) {
        return None;
    }
    teencode_lookup(bytes, next)
}

/// Most tokens are no teencode: their first two bytes and length already say so, from one
/// table entry.
#[inline(always)]
fn may_be_teencode(bytes: &[u8]) -> bool {
    let starts = bytes
        .first()
        .and_then(|&b| TEENCODE_STARTS.get(usize::from(b)))
        .copied()
        .unwrap_or(0);
    let second_bit = bytes.get(1).map_or(u64::MAX, |&b| 1 << (32 + (b & 31)));
    bytes.len() <= 7 && starts >> bytes.len() & 1 != 0 && starts & second_bit != 0
}

/// [`teencode`] of a token that its first bytes and length do not rule out.
fn teencode_lookup(bytes: &[u8], next: Option<&str>) -> Option<&'static str> {
    const CK: u64 = teencode_key(b"ck");
    let key = teencode_key(bytes);
    if key == CK {
        // "ck" is both "chồng" (husband) and "chuyển khoản" (transfer): a number or a
        // transfer word next to it means the latter.
        let transfer = next.is_some_and(|n| {
            n.starts_with(|c: char| c.is_ascii_digit())
                || matches!(
                    n,
                    "tien" | "vao" | "qua" | "khoan" | "ngay" | "lai" | "truoc"
                )
        });
        return Some(if transfer { "chuyen khoan" } else { "chong" });
    }
    // Most tokens are no teencode: a binary search on one integer rejects them in a few
    // comparisons, where a string match compared them with every entry.
    let i = TEENCODE.binary_search_by_key(&key, |&(k, _)| k).ok()?;
    TEENCODE.get(i).map(|&(_, expansion)| expansion)
}

/// A word of up to 7 bytes as one integer (its bytes, and its length in the top byte);
/// `u64::MAX`, which no such word gives, for longer words.
const fn teencode_key(word: &[u8]) -> u64 {
    if word.len() > 7 {
        return u64::MAX;
    }
    let mut key = (word.len() as u64) << 56;
    let mut i = 0;
    while i < word.len() {
        key |= (word[i] as u64) << (8 * i);
        i += 1;
    }
    key
}

/// Sorted by key at compile time, for the binary search. A word too long for a key would
/// share `u64::MAX` with every long token, so the table may hold none (a build error).
const fn sorted_by_key<const N: usize>(
    mut table: [(u64, &'static str); N],
) -> [(u64, &'static str); N] {
    let mut k = 0;
    while k < N {
        assert!(
            table[k].0 != u64::MAX,
            "a teencode word longer than 7 bytes"
        );
        k += 1;
    }
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0 && table[j - 1].0 > table[j].0 {
            let moved = table[j];
            table[j] = table[j - 1];
            table[j - 1] = moved;
            j -= 1;
        }
        i += 1;
    }
    table
}

macro_rules! teencode_table {
    ($($($word:literal)|+ => $expansion:literal,)*) => {
        sorted_by_key([$($((teencode_key($word.as_bytes()), $expansion),)+)*])
    };
}

/// What a teencode word ("ck" included) can start with: per first byte, bit `n` for a word of
/// `n` bytes and bit `32 + b % 32` for a second byte `b` (bytes that share a bit only cost a
/// search).
const TEENCODE_STARTS: [u64; 128] = {
    let mut starts = [0u64; 128];
    let ck = teencode_key(b"ck");
    let mut k = 0;
    while k <= TEENCODE.len() {
        let key = if k < TEENCODE.len() {
            TEENCODE[k].0
        } else {
            ck
        };
        let first = (key & 0x7f) as usize;
        starts[first] |= 1 << (key >> 56);
        if key >> 56 >= 2 {
            starts[first] |= 1 << (32 + (key >> 8 & 31));
        }
        k += 1;
    }
    starts
};

/// Teencode words and what they stand for ("ck" is read in `teencode`).
const TEENCODE: &[(u64, &str)] = &teencode_table! {
    "ko" | "k" | "khg" | "hok" | "khum" | "hem" => "khong",
    "dc" | "dk" | "dx" => "duoc",
    "vk" => "vo",
    "cty" => "cong ty",
    "stk" => "so tai khoan",
    "tk" | "tkhoan" => "tai khoan",
    "tknh" => "tai khoan ngan hang",
    "sdt" => "so dien thoai",
    "dt" => "dien thoai",
    "j" => "gi",
    "r" => "roi",
    "trc" => "truoc",
    "ng" => "nguoi",
    "ntn" => "nhu the nao",
    "bn" => "ban",
    "vs" => "voi",
    "cx" => "cung",
    "ib" | "inb" => "inbox",
    "nt" => "nhan tin",
    "hnay" => "hom nay",
    "hqua" => "hom qua",
    "bh" | "bjo" | "bgio" => "bao gio",
    "ae" => "anh em",
    "ny" => "nguoi yeu",
    "ctv" => "cong tac vien",
    "gdich" => "giao dich",
    "kt" => "kiem tra",
    "xl" => "xin loi",
    "nh" => "ngan hang",
    "zl" => "zalo",
    "tele" | "tlg" => "telegram",
    "fb" => "facebook",
    "ig" => "instagram",
    "vks" => "vien kiem sat",
    "tand" => "toa an nhan dan",
    "pls" | "plz" => "please",
    "msg" => "message",
    "b4" => "before",
};

/// The Vietnamese marks of a word as written (tone and vowel marks, and the stroke of `đ`),
/// counted per kind so that where the tone sits does not matter ("hoà" and "hòa" agree); 0 for
/// none. Folding makes "ảnh" (photo) and "anh" (you) one word; these marks tell them apart.
/// `None` when `source` does not spell `token` letter for letter (teencode, digits for
/// letters, letters split apart or padded with invisible characters): its marks then say
/// nothing about the token.
///
/// [`normalize`] notes the same of each token as it goes ([`Normalized::written_marks`]); this
/// reads a word on its own, and the property tests check that both agree.
pub fn diacritics(source: &str, token: &str) -> Option<u64> {
    // For the rare character that folds to more than one byte.
    let scratch = &mut String::new();
    // Most words are ASCII: no marks, and letter for letter when only the case differs, which
    // the loop below checks at a table look-up per byte.
    let token = token.as_bytes();
    let mut marks = 0u64;
    // Bytes of `token` spelled so far: compared as they are folded, so a huge token costs
    // linear time.
    let mut at = 0;
    let table = fold_table();
    for c in source.chars() {
        if c.is_ascii() {
            // A letter or digit folds to one byte, and has no marks.
            let fold = ascii_fold(c as u8);
            if fold.class != CharClass::Word || token.get(at) != Some(&fold.folded) {
                return None;
            }
            at += 1;
            continue;
        }
        if let Some(mark) = mark_count(c) {
            // Written decomposed: the mark follows its letter.
            marks = marks.wrapping_add(mark);
            continue;
        }
        // Nearly every character folds to at most one ASCII byte, which the table gives
        // without a buffer; the rest are folded into `scratch`.
        match table
            .get(c as usize)
            .filter(|&&entry| entry & FOLDING_IN_TABLE != 0)
        {
            Some(&entry) => {
                let folded = (entry >> 8) as u8;
                if table_class(entry) != CharClass::Word
                    || (folded != 0 && token.get(at) != Some(&folded))
                {
                    return None;
                }
                at += usize::from(folded != 0);
            }
            None => {
                scratch.clear();
                let class = classify_and_fold(c, scratch);
                let folded = scratch.as_bytes();
                if class != CharClass::Word || token.get(at..at + folded.len()) != Some(folded) {
                    return None;
                }
                at += folded.len();
            }
        }
        marks = marks.wrapping_add(marks_of_letter(c));
    }
    (at == token.len()).then_some(marks)
}

/// What a combining mark adds to [`diacritics`]: one in its own four-bit counter (the five
/// tones, the three vowel marks, then any other mark; the stroke of `đ` is [`STROKE`]).
fn mark_count(c: char) -> Option<u64> {
    if !('\u{300}'..='\u{36F}').contains(&c) {
        return None;
    }
    let slot = match c {
        '\u{300}' => 0,
        '\u{301}' => 1,
        '\u{303}' => 2,
        '\u{309}' => 3,
        '\u{323}' => 4,
        '\u{302}' => 5,
        '\u{306}' => 6,
        '\u{31B}' => 7,
        '\u{304}'..='\u{36F}' => 8,
        _ => return None,
    };
    Some(1 << (4 * slot))
}

/// The stroke of `đ` in [`diacritics`], in the counter after those of [`mark_count`].
const STROKE: u64 = 1 << (4 * 9);

/// The marks a precomposed letter adds to [`diacritics`], looked up in a table built once for
/// the letters below [`FOLD_CACHED_BELOW`] (decomposing costs a search per letter).
fn marks_of_letter(c: char) -> u64 {
    fn uncached(c: char) -> u64 {
        if matches!(c, 'đ' | 'Đ') {
            return STROKE;
        }
        let mut marks = 0u64;
        decompose_canonical(c, |d| {
            if let Some(mark) = mark_count(d) {
                marks = marks.wrapping_add(mark);
            }
        });
        marks
    }
    static TABLE: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..FOLD_CACHED_BELOW)
            .map(|u| char::from_u32(u).map_or(0, uncached))
            .collect()
    });
    table
        .get(c as usize)
        .copied()
        .unwrap_or_else(|| uncached(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diacritics_tell_marked_words_apart_and_skip_what_is_not_spelled_out() {
        assert_eq!(diacritics("Anh", "anh"), Some(0));
        let photo = diacritics("ảnh", "anh");
        assert!(photo.is_some_and(|m| m != 0));
        assert_eq!(diacritics("ẢNH", "anh"), photo);
        assert_eq!(diacritics("hoà", "hoa"), diacritics("hòa", "hoa"));
        assert_eq!(diacritics("ho\u{300}a", "hoa"), diacritics("hòa", "hoa"));
        assert_ne!(diacritics("mất", "mat"), diacritics("mặt", "mat"));
        assert_ne!(diacritics("đi", "di"), Some(0));
        // Not letter for letter: teencode, digits for letters, split letters.
        assert_eq!(diacritics("vk", "vo"), None);
        assert_eq!(diacritics("v1de0", "video"), None);
        assert_eq!(diacritics("t.h.á.m", "tham"), None);
    }

    #[test]
    fn the_folding_table_gives_what_folding_gives() {
        for c in (0..FOLD_CACHED_BELOW + 64).filter_map(char::from_u32) {
            let (mut fast, mut slow) = (String::new(), String::new());
            let class = classify_and_fold(c, &mut fast);
            assert_eq!(class, classify_and_fold_uncached(c, &mut slow), "{c:?}");
            assert_eq!(fast, slow, "{c:?}");
        }
        // Every Vietnamese letter, in both cases, Cyrillic look-alikes and combining marks are
        // answered from the table.
        let vietnamese = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";
        let upper = vietnamese.to_uppercase();
        for c in vietnamese
            .chars()
            .chain(upper.chars())
            .chain(['а', 'о', '\u{0301}'])
        {
            let entry = fold_table().get(c as usize).copied().unwrap_or(0);
            assert!(entry & FOLDING_IN_TABLE != 0, "{c:?} not in the table");
        }
    }

    fn norm(s: &str) -> String {
        normalize(s).text
    }

    #[test]
    fn folds_diacritics_case_and_lookalikes() {
        assert_eq!(norm("Thám Tử TƯ"), "tham tu tu");
        assert_eq!(norm("đang ĐỢI"), "dang doi");
        // Cyrillic а, о and full-width letters.
        assert_eq!(norm("vide\u{043E} cl\u{0456}p ＵＳＤＴ"), "video clip usdt");
    }

    #[test]
    fn removes_invisible_characters() {
        assert_eq!(norm("th\u{200B}ám t\u{200C}ử"), "tham tu");
        assert_eq!(norm("US\u{FEFF}DT"), "usdt");
    }

    #[test]
    fn joins_split_letters() {
        assert_eq!(norm("t.h.á.m t.ử"), "tham tu");
        assert_eq!(norm("c l i p nóng"), "clip nong");
        assert_eq!(norm("T-e-l-e-g-r-a-m"), "telegram");
        assert_eq!(norm("0 9 8 8 1 2 3"), "0988123");
    }

    #[test]
    fn reads_leet_and_teencode() {
        assert_eq!(norm("v1de0 th0ng ba0"), "video thong bao");
        assert_eq!(norm("ko dc"), "khong duoc");
        assert_eq!(norm("gửi cho vk"), "gui cho vo");
        assert_eq!(norm("ck 5tr vào stk"), "chuyen khoan 5tr vao so tai khoan");
        assert_eq!(norm("mp4 trc 9h"), "mp4 truoc 9h");
        assert_eq!(norm("co vjdeo, cljp nay, mjnh"), "co video clip nay minh");
        assert_eq!(norm("enjoy, adjust, ninja, j"), "enjoy adjust ninja gi");
        // "9h30" is a time, not a word with digits for letters.
        assert_eq!(norm("vjd30 9h30"), "vid30 9h30");
        // The digits are read first: the `j` of "bj5" stands before an `s`.
        assert_eq!(norm("bj5"), "bis");
    }

    #[test]
    fn spans_map_back_to_original() {
        let text = "Tôi là t.h.á.m t.ử, gửi vk anh";
        let n = normalize(text);
        let pos = n.text.find("tham").unwrap();
        let (s, e) = n.source_span(pos, pos + "tham tu".len()).unwrap();
        assert_eq!(&text[s..e], "t.h.á.m t.ử");
        let pos = n.text.find("vo").unwrap();
        let (s, e) = n.source_span(pos, pos + 2).unwrap();
        assert_eq!(&text[s..e], "vk");
    }
}
