//! Phone numbers and bank accounts. Both are digit runs, possibly grouped by spaces, dots, dashes or
//! invisible characters ("0868 426 463", "0.3.6.8…", "0588\u{200B}178\u{200B}076"); the words
//! around a run decide which one it is. Vietnamese numbers are normalised to E.164 by the national
//! numbering plan; other numbers written with `+` go through the `phonenumber` crate.

use phonenumber::Mode;

use super::bank;
use super::context::Context;
use super::text::{
    ceil_boundary, char_at, char_before, floor_boundary, fold_word, is_word_char, is_zero_width,
};
use super::{Collector, IndicatorKind};

/// A run with more groups than this is a table of numbers, not a phone or an account.
const MAX_GROUPS: usize = 32;
/// Digits kept per run: several phones in a row still fit.
const MAX_DIGITS: usize = 64;
/// Separator chars allowed between two digit groups ("0868 - 426" has three, a keycap two).
const MAX_SEPARATOR_CHARS: usize = 4;
/// An OTP/order/ID word this close to a number (a context distance: about 16 chars) vetoes a
/// phone.
const OTHER_VETO_DISTANCE: usize = 32;

#[derive(Debug, Clone, Copy, Default)]
struct Group {
    start: usize,
    end: usize,
    /// The separator before this group: `b'.'`, `b'-'` or `b' '` (any other spacing); 0 first.
    sep: u8,
}

impl Group {
    fn len(&self) -> usize {
        self.end - self.start
    }
}

/// Groups of digits read from the text, separated by allowed separators.
struct Chain {
    groups: [Group; MAX_GROUPS],
    len: usize,
    overflow: bool,
}

impl Chain {
    fn push(&mut self, g: Group) {
        if self.len < MAX_GROUPS {
            self.groups[self.len] = g;
            self.len += 1;
        } else {
            self.overflow = true;
        }
    }
}

/// Finds phones and bank accounts among the digit runs of `text`, skipping claimed spans.
pub(crate) fn scan_digits(text: &str, out: &mut Collector) {
    let bytes = text.as_bytes();
    // One chain, refilled for every run: it is large, so it is neither rebuilt nor moved.
    let mut chain = Chain {
        groups: [Group::default(); MAX_GROUPS],
        len: 0,
        overflow: false,
    };
    let mut i = 0;
    while let Some(digit) = next_digit(bytes, i) {
        i = digit;
        if let Some(end) = out.claim_end(i) {
            i = end.max(i + 1);
            continue;
        }
        let resume = read_chain(text, i, out, &mut chain);
        if !chain.overflow {
            evaluate_chain(text, &chain.groups[..chain.len], out);
        }
        i = resume.max(i + 1);
    }
}

/// Position of the first ASCII digit at or after `from`. Most text holds few digits: eight bytes
/// are tested at a time.
fn next_digit(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const ZEROS: u64 = u64::from_ne_bytes([b'0'; 8]);
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        // Digits become bytes below 10; the classic "has a byte less than n" test finds them
        // (exactly whether there is one, not where).
        let x = u64::from_ne_bytes(word) ^ ZEROS;
        if x.wrapping_sub(ONES * 10) & !x & HIGHS != 0 {
            break;
        }
        i += 8;
    }
    let tail = bytes.get(i..)?;
    tail.iter().position(u8::is_ascii_digit).map(|p| i + p)
}

/// Reads digit groups from `start` into `chain` while they are joined by separators only;
/// returns where the run ended.
fn read_chain(text: &str, start: usize, out: &Collector, chain: &mut Chain) -> usize {
    let bytes = text.as_bytes();
    chain.len = 0;
    chain.overflow = false;
    let mut pos = start;
    let mut sep = 0;
    loop {
        let group_start = pos;
        while pos < bytes.len() && bytes[pos].is_ascii_digit() {
            pos += 1;
        }
        chain.push(Group {
            start: group_start,
            end: pos,
            sep,
        });
        match separator_run(text, pos) {
            Some((next, kind)) if out.claim_end(next).is_none() => {
                sep = kind;
                pos = next;
            }
            _ => break,
        }
    }
    pos
}

/// If a valid separator run starts at `pos` and a digit follows it, returns the digit's position and
/// the separator kind.
fn separator_run(text: &str, pos: usize) -> Option<(usize, u8)> {
    let mut p = pos;
    let (mut count, mut punct, mut punct_kind, mut opens, mut closes) = (0, 0, b' ', 0, 0);
    let mut spaces_before_punct = false;
    while let Some(c) = char_at(text, p) {
        match c {
            ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}' => {
                // "0868426463. 3 ngày": a dot then a space ends a sentence, not a number.
                if punct == 1 && !spaces_before_punct && punct_kind == b'.' {
                    return None;
                }
                if punct == 0 {
                    spaces_before_punct = true;
                }
            }
            '.' | '-' => {
                punct += 1;
                punct_kind = c as u8;
            }
            '(' => opens += 1,
            ')' => closes += 1,
            // Invisible joiners, and the tail of keycap emoji digits ("0️⃣9️⃣…").
            c if is_zero_width(c) || matches!(c, '\u{FE0F}' | '\u{20E3}') => {}
            _ => break,
        }
        count += 1;
        p += c.len_utf8();
        if count > MAX_SEPARATOR_CHARS {
            return None;
        }
    }
    let ok = p > pos
        && punct <= 1
        && opens <= 1
        && closes <= 1
        && text.as_bytes().get(p).is_some_and(u8::is_ascii_digit);
    ok.then_some((p, if punct == 1 { punct_kind } else { b' ' }))
}

/// How an edge group of a run touches the text around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Glue {
    /// Free: the group belongs to the run.
    None,
    /// "0912 345 678/0987…", "10:15 0912…": maybe a list or a time; try with the group first.
    Soft,
    /// "SPX-0868…", "1903xxxx", "5.000.000đ": part of another token; never in the run.
    Hard,
}

impl Glue {
    /// Whether to drop the group, in the order to try.
    fn drop_options(self) -> &'static [bool] {
        match self {
            Glue::None => &[false],
            Glue::Soft => &[false, true],
            Glue::Hard => &[true],
        }
    }
}

/// Where the run really starts (a `+` or `(` before the digits) and how it is glued on the left.
struct LeftEdge {
    span_start: usize,
    plus: bool,
    glue: Glue,
}

/// Digits right before byte `pos` (a few at most are counted).
fn digits_before(text: &str, pos: usize) -> usize {
    let head = &text.as_bytes()[..pos.min(text.len())];
    head.iter()
        .rev()
        .take(8)
        .take_while(|b| b.is_ascii_digit())
        .count()
}

/// Digits right from byte `pos` (a few at most are counted).
fn digits_after(text: &str, pos: usize) -> usize {
    let tail = text.as_bytes().get(pos..).unwrap_or(&[]);
    tail.iter()
        .take(8)
        .take_while(|b| b.is_ascii_digit())
        .count()
}

/// Glue through `/` or `:` to a run of one or two digits: a date ("15/12/2024") or a time
/// ("08:12"), never a list of numbers.
fn list_or_date(punct: char, neighbour_digits: usize) -> Glue {
    match punct {
        '/' | ':' if neighbour_digits <= 2 => Glue::Hard,
        _ => Glue::Soft,
    }
}

/// `first_end` is the end of the first group when more groups follow it.
fn left_edge(text: &str, start: usize, first_end: Option<usize>) -> LeftEdge {
    let mut edge = LeftEdge {
        span_start: start,
        plus: false,
        glue: Glue::None,
    };
    let mut outer = start;
    if char_before(text, outer) == Some('+') {
        edge.plus = true;
        outer -= 1;
    }
    // "(024) 3826…", "(+84) 912…": the bracket belongs to the number only when it closes right
    // after the first group and more groups follow.
    let bracketed = first_end.is_some_and(|end| char_at(text, end) == Some(')'));
    if char_before(text, outer) == Some('(') && bracketed {
        outer -= 1;
    }
    if outer != start || edge.plus {
        edge.span_start = outer;
        if char_before(text, outer).is_some_and(is_word_char) {
            edge.glue = Glue::Hard;
        }
        return edge;
    }
    let Some(prev) = char_before(text, start) else {
        return edge;
    };
    let before_prev = char_before(text, start - prev.len_utf8());
    edge.glue = match prev {
        c if is_word_char(c) => Glue::Hard,
        // "ĐT.0912…", "Tel-0912…": a label glued to its number.
        '.' | '-' if is_phone_label_before(text, start - 1) => Glue::None,
        // "MBREF.7730215", "SPX-0868…": part of an identifier.
        '.' | '-' if before_prev.is_some_and(is_word_char) => Glue::Hard,
        // "…678/0987…", "3,211": a list or an amount; "12/2024", "10:22": a date or a time.
        '/' | ':' | ',' if before_prev.is_some_and(|c| c.is_ascii_digit()) => {
            list_or_date(prev, digits_before(text, start - 1))
        }
        // "abc/0912…": a path.
        '/' if before_prev.is_some_and(is_word_char) => Glue::Hard,
        '=' | '&' | '?' | '#' | '@' | '%' | '\\' | '*' => Glue::Hard,
        _ => Glue::None,
    };
    edge
}

/// Whether the word ending at byte `end` is a phone label ("ĐT", "SĐT", "Tel", "LH", "Hotline").
fn is_phone_label_before(text: &str, end: usize) -> bool {
    const LABELS: &[&str] = &[
        "dt", "sdt", "dtdd", "tel", "lh", "hotline", "zalo", "phone", "mobile",
    ];
    let from = floor_boundary(text, end.saturating_sub(12));
    let Some(head) = text.get(from..end) else {
        return false;
    };
    let word = head
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let mut buf = [0u8; 8];
    fold_word(word, &mut buf).is_some_and(|w| LABELS.contains(&w))
}

fn right_glue(text: &str, end: usize) -> Glue {
    let Some(next) = char_at(text, end) else {
        return Glue::None;
    };
    let after = char_at(text, end + next.len_utf8());
    let digit_after = after.is_some_and(|c| c.is_ascii_digit());
    let letter_after = after.is_some_and(is_word_char) && !digit_after;
    match next {
        c if is_word_char(c) => Glue::Hard,
        ':' | ',' | '/' if digit_after => list_or_date(next, digits_after(text, end + 1)),
        // "1204/LTG": an identifier; "0912345678-anh Minh": probably a name.
        '/' if letter_after => Glue::Hard,
        '-' if letter_after => Glue::Soft,
        // "0912****78": masked.
        '@' | '%' | '*' => Glue::Hard,
        _ => Glue::None,
    }
}

/// Evaluates a run, dropping glued edge groups as their glue requires; softly glued groups are
/// kept unless the run then yields nothing.
fn evaluate_chain(text: &str, groups: &[Group], out: &mut Collector) {
    let (Some(first), Some(last)) = (groups.first(), groups.last()) else {
        return;
    };
    let edge = left_edge(text, first.start, (groups.len() > 1).then_some(first.end));
    let right = right_glue(text, last.end);
    for &drop_left in edge.glue.drop_options() {
        for &drop_right in right.drop_options() {
            let from = usize::from(drop_left);
            let to = groups.len() - usize::from(drop_right);
            let Some(kept) = groups.get(from..to).filter(|g| !g.is_empty()) else {
                continue;
            };
            let (span_start, plus) = if drop_left {
                (kept[0].start, false)
            } else {
                (edge.span_start, edge.plus)
            };
            if evaluate_groups(text, kept, span_start, plus, out) {
                return;
            }
        }
    }
}

/// Splits a run at dates ("09-12-2024 08…", the date itself dropped) and evaluates the pieces.
/// Returns whether anything was found.
fn evaluate_groups(
    text: &str,
    groups: &[Group],
    span_start: usize,
    plus: bool,
    out: &mut Collector,
) -> bool {
    let lead = |seg_start: usize| Lead {
        plus: seg_start == 0 && plus,
        start: if seg_start == 0 {
            span_start
        } else {
            groups[seg_start].start
        },
    };
    let mut found = false;
    let (mut seg_start, mut k) = (0, 0);
    while k < groups.len() {
        if is_date(text, &groups[k..]) {
            found |= evaluate_segment(text, &groups[seg_start..k], lead(seg_start), out);
            k += 3;
            seg_start = k;
        } else {
            k += 1;
        }
    }
    if seg_start < groups.len() {
        found |= evaluate_segment(text, &groups[seg_start..], lead(seg_start), out);
    }
    found
}

/// How a segment of a run begins: with a `+` (international) and where its span starts (at the
/// `+` or an opening bracket before the first digit).
#[derive(Clone, Copy)]
struct Lead {
    plus: bool,
    start: usize,
}

/// `dd.mm.yyyy`, `dd-mm-yyyy` or `yyyy-mm-dd` at the head of `groups`.
fn is_date(text: &str, groups: &[Group]) -> bool {
    let [a, b, c, ..] = groups else {
        return false;
    };
    if b.sep != c.sep || !matches!(b.sep, b'.' | b'-') {
        return false;
    }
    let value = |g: &Group| -> Option<u32> { text.get(g.start..g.end)?.parse().ok() };
    let (Some(va), Some(vb), Some(vc)) = (value(a), value(b), value(c)) else {
        return false;
    };
    let day = |v: u32| (1..=31).contains(&v);
    let month = |v: u32| (1..=12).contains(&v);
    let year = |g: &Group, v: u32| g.len() == 4 && (1900..=2099).contains(&v);
    let short = |g: &Group| g.len() <= 2;
    (short(a) && short(b) && day(va) && month(vb) && year(c, vc))
        || (year(a, va) && short(b) && short(c) && month(vb) && day(vc))
}

/// Collects the digits of `groups` into `buf`; `None` if there are too many.
fn collect_digits<'a>(
    text: &str,
    groups: &[Group],
    buf: &'a mut [u8; MAX_DIGITS],
) -> Option<&'a [u8]> {
    let bytes = text.as_bytes();
    let mut n = 0;
    for g in groups {
        let digits = bytes.get(g.start..g.end)?;
        buf.get_mut(n..n + digits.len())?.copy_from_slice(digits);
        n += digits.len();
    }
    Some(&buf[..n])
}

/// Evaluates one run of groups as an account or phone(s). Returns whether anything was found.
fn evaluate_segment(text: &str, groups: &[Group], lead: Lead, out: &mut Collector) -> bool {
    let (Some(first), Some(last)) = (groups.first(), groups.last()) else {
        return false;
    };
    let mut buf = [0u8; MAX_DIGITS];
    let Some(digits) = collect_digits(text, groups, &mut buf) else {
        return false;
    };
    if digits.len() < *bank::ACCOUNT_DIGITS.start() {
        return false;
    }
    let plus = lead.plus;
    let start = lead.start.min(first.start);
    let end = last.end;
    // Amounts never start with 0 or +; "5.000.000", "84.000.000 đ", "chuyển 5000000" are money.
    let amount_like =
        is_dot_thousands(groups) || is_round(digits) || currency_near(text, start, end);
    if !plus && digits[0] != b'0' && amount_like {
        return false;
    }
    let ctx = Context::around(text, start, end);
    if !plus {
        let nearby = || Context::bank_on_nearby_lines(text, start, end);
        let phone_shaped = vn_e164(digits).is_some();
        if let Some(bank) = bank::account_bank(&ctx, digits, phone_shaped, nearby) {
            let value = String::from_utf8_lossy(digits).into_owned();
            out.push(
                IndicatorKind::BankAccount,
                value,
                bank.map(str::to_owned),
                start,
                end,
            );
            return true;
        }
    }
    let vetoed = ctx
        .other
        .is_some_and(|o| o <= OTHER_VETO_DISTANCE && ctx.phone.is_none_or(|p| p > o));
    if vetoed {
        return false;
    }
    if plus && !digits.starts_with(b"84") {
        return foreign(digits, groups, start, out);
    }
    if let Some(parts) = partition_vn(groups, digits) {
        for part in parts {
            let part_start = if part.first == 0 {
                start
            } else {
                groups[part.first].start
            };
            let part_end = groups[part.last].end;
            out.push(IndicatorKind::Phone, part.e164, None, part_start, part_end);
        }
        return true;
    }
    if !plus && digits.starts_with(b"00") && !digits.starts_with(b"0084") {
        return foreign(&digits[2..], groups, start, out);
    }
    false
}

/// "5000000", "12000000": a round sum of money (account numbers this short rarely end in 000).
fn is_round(digits: &[u8]) -> bool {
    digits.len() <= 10 && digits.ends_with(b"000")
}

/// "2.350.000": thousands separated by dots.
fn is_dot_thousands(groups: &[Group]) -> bool {
    groups.len() >= 2
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.sep == b'.' && g.len() == 3)
}

const CURRENCY_WORDS: &[&str] = &[
    "d", "dong", "vnd", "usd", "usdt", "k", "tr", "trieu", "ty", "ti", "nghin", "ngan", "btc",
    "eth", "trx", "bnb", "eur", "euro", "cent", "cents", "xu",
];

/// A currency word or sign right before or after the span.
fn currency_near(text: &str, start: usize, end: usize) -> bool {
    let is_sign = |c: char| matches!(c, '$' | '€' | '£' | '¥' | '₫' | '%');
    let mut p = end;
    if char_at(text, p) == Some(' ') {
        p += 1;
    }
    if char_at(text, p).is_some_and(is_sign) {
        return true;
    }
    // Currency words are short: look at a few bytes only.
    let ahead = text.get(p..ceil_boundary(text, p + 16)).unwrap_or("");
    let word_end = p + ahead
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(ahead.len());
    let mut buf = [0u8; 8];
    if let Some(word) = text.get(p..word_end).and_then(|w| fold_word(w, &mut buf)) {
        if CURRENCY_WORDS.contains(&word) {
            return true;
        }
    }
    let mut q = start;
    if char_before(text, q) == Some(' ') {
        q -= 1;
    }
    if char_before(text, q).is_some_and(is_sign) {
        return true;
    }
    let from = floor_boundary(text, q.saturating_sub(16));
    let behind = text.get(from..q).unwrap_or("");
    let word = behind
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let mut buf = [0u8; 8];
    fold_word(word, &mut buf).is_some_and(|w| matches!(w, "vnd" | "usd" | "usdt"))
}

struct Part {
    first: usize,
    last: usize,
    e164: String,
}

/// Splits the groups into Vietnamese phone numbers. A stray number of at most two digits before
/// or after a grouped phone ("0912 345 678 2 lần", "(0 đ/phút)") is left out; any other leftover
/// means the run is something else.
fn partition_vn(groups: &[Group], digits: &[u8]) -> Option<Vec<Part>> {
    let lens: Vec<usize> = groups.iter().map(Group::len).collect();
    if let Some(parts) = partition(&lens, digits) {
        return Some(parts);
    }
    const STRAY_DIGITS: usize = 2;
    let head = lens
        .first()
        .copied()
        .filter(|&l| l <= STRAY_DIGITS && lens.len() > 1);
    let tail = lens
        .last()
        .copied()
        .filter(|&l| l <= STRAY_DIGITS && lens.len() > 1);
    let options = [
        (0, tail.map_or(0, |_| 1)),
        (head.map_or(0, |_| 1), 0),
        (head.map_or(0, |_| 1), tail.map_or(0, |_| 1)),
    ];
    for (skip_head, skip_tail) in options {
        if skip_head + skip_tail == 0 || skip_head + skip_tail >= lens.len() {
            continue;
        }
        let core = &lens[skip_head..lens.len() - skip_tail];
        // Spaced single digits ("0 9 1 2 …") have no stray digits: all of them are the number.
        if core.iter().any(|&l| l < 2) {
            continue;
        }
        let offset: usize = lens[..skip_head].iter().sum();
        let len: usize = core.iter().sum();
        if let Some(mut parts) = digits
            .get(offset..offset + len)
            .and_then(|d| partition(core, d))
        {
            for part in &mut parts {
                part.first += skip_head;
                part.last += skip_head;
            }
            return Some(parts);
        }
    }
    None
}

/// Splits `digits` (made of consecutive items of the given lengths) into phone numbers.
fn partition(lens: &[usize], digits: &[u8]) -> Option<Vec<Part>> {
    if let Some(e164) = vn_e164(digits) {
        return Some(vec![Part {
            first: 0,
            last: lens.len().checked_sub(1)?,
            e164,
        }]);
    }
    let mut parts = Vec::new();
    let (mut i, mut offset) = (0, 0);
    while i < lens.len() {
        let mut taken = 0;
        let mut found = None;
        for (k, len) in lens.iter().enumerate().skip(i) {
            taken += len;
            if taken > 13 {
                break;
            }
            if let Some(e164) = digits.get(offset..offset + taken).and_then(vn_e164) {
                found = Some((k, e164));
                break;
            }
        }
        let (k, e164) = found?;
        parts.push(Part {
            first: i,
            last: k,
            e164,
        });
        offset += taken;
        i = k + 1;
    }
    (!parts.is_empty()).then_some(parts)
}

/// Vietnamese mobile numbers are 0 + 3x/5x/7x/8x/9x + 7 digits; 069 + 7 digits is the police
/// network (quoted in warnings and spoofed by fake officers).
fn is_mobile_prefix(a: u8, b: u8) -> bool {
    matches!(a, b'3' | b'5' | b'7' | b'8' | b'9') || (a, b) == (b'6', b'9')
}

/// Normalises a Vietnamese number (0xx…, 84xx…, 0084xx…) to E.164, if it is a valid mobile
/// (9 digits after the 0) or landline (02x…, 10 digits after the 0).
pub(crate) fn vn_e164(digits: &[u8]) -> Option<String> {
    let national = if let Some(rest) = digits.strip_prefix(b"0084") {
        rest.strip_prefix(b"0").unwrap_or(rest)
    } else if digits.len() >= 11 && digits.starts_with(b"84") {
        let rest = &digits[2..];
        rest.strip_prefix(b"0").unwrap_or(rest)
    } else {
        digits.strip_prefix(b"0")?
    };
    let valid = match national {
        [a, b, ..] if national.len() == 9 => is_mobile_prefix(*a, *b),
        [b'2', ..] => national.len() == 10,
        _ => false,
    };
    if !valid {
        return None;
    }
    let mut e164 = String::with_capacity(3 + national.len());
    e164.push_str("+84");
    e164.extend(national.iter().map(|&d| d as char));
    Some(e164)
}

/// A number written with `+` and a foreign country code: the longest valid prefix of its groups.
/// Returns whether one was found.
fn foreign(digits: &[u8], groups: &[Group], span_start: usize, out: &mut Collector) -> bool {
    let mut take = digits.len();
    let mut last = groups.len();
    for _ in 0..4 {
        if take < 8 || last == 0 {
            return false;
        }
        if let Some(e164) = digits.get(..take).and_then(foreign_e164) {
            out.push(
                IndicatorKind::Phone,
                e164,
                None,
                span_start,
                groups[last - 1].end,
            );
            return true;
        }
        last -= 1;
        take = take.saturating_sub(groups[last].len());
    }
    false
}

fn foreign_e164(digits: &[u8]) -> Option<String> {
    if digits.len() > 15 {
        return None;
    }
    let mut s = String::with_capacity(digits.len() + 1);
    s.push('+');
    s.extend(digits.iter().map(|&d| d as char));
    let number = phonenumber::parse(None, &s).ok()?;
    if number.code().value() == 84 || !phonenumber::is_valid(&number) {
        return None;
    }
    Some(number.format().mode(Mode::E164).to_string())
}

/// Digits read aloud in a call transcript: "không tám sáu tám …" or "zero nine eight …".
fn spoken_digit(word: &str) -> Option<u8> {
    Some(match word {
        "khong" | "zero" | "oh" => 0,
        "mot" | "one" => 1,
        "hai" | "two" => 2,
        "ba" | "three" => 3,
        "bon" | "tu" | "four" => 4,
        "nam" | "lam" | "five" => 5,
        "sau" | "six" => 6,
        "bay" | "seven" => 7,
        "tam" | "eight" => 8,
        "chin" | "nine" => 9,
        _ => return None,
    })
}

/// Fewest spoken words in a run: fewer would be ordinary words that happen to be numbers.
const MIN_SPOKEN_WORDS: usize = 5;
const MAX_SPOKEN_ITEMS: usize = 24;

/// Longest spoken digit word in bytes ("không" is 6).
const MAX_SPOKEN_WORD_BYTES: usize = 6;

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// Finds Vietnamese phone numbers spelled out as words ("không chín tám …", "zero nine …").
/// A spoken number opens with its 0, so only runs starting at "không"/"khong" (found through
/// their `k`, a rarer letter in Vietnamese than the final `g`) or "zero" (through its `z`) are
/// read: ordinary text costs two byte searches.
pub(crate) fn scan_spoken(text: &str, out: &mut Collector) {
    let bytes = text.as_bytes();
    let mut resume = 0;
    let zero_words = memchr::memchr2_iter(b'k', b'K', bytes)
        .filter(|&k| opening_khong(bytes, k))
        .chain(memchr::memchr2_iter(b'z', b'Z', bytes).filter(|&z| opening_zero(bytes, z)));
    let mut starts: Vec<usize> = zero_words.collect();
    starts.sort_unstable();
    for start in starts {
        if start >= resume {
            resume = read_spoken_run(text, start, out);
        }
    }
}

/// Whether the `k` at `k` opens a whole word "khong"/"không" (any case).
fn opening_khong(bytes: &[u8], k: usize) -> bool {
    if k > 0 && is_token_byte(bytes[k - 1]) {
        return false;
    }
    [&b"khon"[..], "khôn".as_bytes(), "KHÔN".as_bytes()]
        .into_iter()
        .any(|stem| {
            let g = k + stem.len();
            bytes
                .get(k..g)
                .is_some_and(|w| w.eq_ignore_ascii_case(stem))
                && bytes.get(g).is_some_and(|&b| b == b'g' || b == b'G')
                && bytes.get(g + 1).is_none_or(|&b| !is_token_byte(b))
        })
}

/// Whether the `z` at `z` opens a whole word "zero" (any case).
fn opening_zero(bytes: &[u8], z: usize) -> bool {
    let word_start = z == 0 || !is_token_byte(bytes[z - 1]);
    let word = bytes
        .get(z..z + 4)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"zero"));
    word_start && word && bytes.get(z + 4).is_none_or(|&b| !is_token_byte(b))
}

/// Reads spoken digits from `from`; returns where the run ended.
fn read_spoken_run(text: &str, from: usize, out: &mut Collector) -> usize {
    let mut items: Vec<(usize, usize, u8, bool)> = Vec::new();
    let mut prev_end = from;
    for (start, end) in (Tokens { text, pos: from }) {
        let token = &text[start..end];
        let item = if token.len() == 1 && token.as_bytes()[0].is_ascii_digit() {
            Some((token.as_bytes()[0] - b'0', false))
        } else if token.len() <= MAX_SPOKEN_WORD_BYTES {
            let mut buf = [0u8; MAX_SPOKEN_WORD_BYTES];
            fold_word(token, &mut buf)
                .and_then(spoken_digit)
                .map(|d| (d, true))
        } else {
            None
        };
        let joined = items.is_empty() || gap_is_separator(text.get(prev_end..start).unwrap_or("x"));
        let Some((digit, is_word)) = item.filter(|_| joined && items.len() < MAX_SPOKEN_ITEMS)
        else {
            break;
        };
        items.push((start, end, digit, is_word));
        prev_end = end;
    }
    flush_spoken(&items, out);
    prev_end.max(from + 1)
}

fn gap_is_separator(gap: &str) -> bool {
    gap.len() <= 3 && gap.bytes().all(|b| matches!(b, b' ' | b',' | b'.' | b'-'))
}

fn flush_spoken(items: &[(usize, usize, u8, bool)], out: &mut Collector) {
    let words = items.iter().filter(|i| i.3).count();
    if items.len() < 10 || words < MIN_SPOKEN_WORDS {
        return;
    }
    let digits: Vec<u8> = items.iter().map(|i| b'0' + i.2).collect();
    let lens = vec![1; items.len()];
    if let Some(parts) = partition(&lens, &digits) {
        for part in parts {
            out.push(
                IndicatorKind::Phone,
                part.e164,
                None,
                items[part.first].0,
                items[part.last].1,
            );
        }
    }
}

/// Words: maximal runs of ASCII letters and digits and of non-ASCII chars (Vietnamese letters),
/// split at ASCII spaces and punctuation. Byte-level, so it costs little on any text.
struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for Tokens<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let start = self.pos
            + bytes
                .get(self.pos..)?
                .iter()
                .position(|&b| is_token_byte(b))?;
        let len = bytes[start..]
            .iter()
            .take_while(|&&b| is_token_byte(b))
            .count();
        self.pos = start + len;
        Some((start, start + len))
    }
}
