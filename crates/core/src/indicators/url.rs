//! URLs and hosts (with or without scheme, defanged, IDN, obfuscated with spaces), e-mail
//! addresses and Telegram handles.

use psl::Type;

use super::phone::vn_e164;
use super::text::{char_at, char_before, fold_word, is_word_char};
use super::{Collector, IndicatorKind};

/// Longest host name (RFC 1035).
const MAX_HOST: usize = 253;
const MAX_LABEL: usize = 63;

/// Link shorteners: the real destination is hidden.
const SHORTENERS: &[&str] = &[
    "bit.ly",
    "bitly.com",
    "tinyurl.com",
    "t.co",
    "goo.gl",
    "is.gd",
    "cutt.ly",
    "rb.gy",
    "shorturl.at",
    "tiny.cc",
    "ow.ly",
    "s.id",
    "v.gd",
    "buff.ly",
    "rebrand.ly",
    "t.ly",
    "tiny.one",
    "shorte.st",
    "adf.ly",
    "bl.ink",
    "lnkd.in",
    "qrco.de",
    "surl.li",
    "u.to",
    "clck.ru",
    "x.co",
    "shorturl.asia",
    "short.gy",
    "forms.gle",
    "urlz.fr",
    "bom.so",
    "tinyurl.vn",
];

/// Messaging hosts whose two-letter names are real (the short-name guard must let them through).
const SHORT_SERVICE_HOSTS: &[&str] = &["t.me", "wa.me", "m.me", "fb.me", "fb.com", "g.co", "x.com"];

const TELEGRAM_HOSTS: &[&str] = &["t.me", "telegram.me", "telegram.dog"];

/// First path segments of t.me links that are features, not user names.
const TELEGRAM_RESERVED: &[&str] = &[
    "joinchat",
    "addstickers",
    "addemoji",
    "addtheme",
    "addlist",
    "share",
    "proxy",
    "socks",
    "setlanguage",
    "confirmphone",
    "login",
    "boost",
    "invoice",
    "giftcode",
    "contact",
];

/// Generic TLDs that read as domains even without a scheme: not words of running text.
const COMMON_TLDS: &[&str] = &[
    "com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "xyz", "top", "icu", "vip",
    "cyou", "sbs", "cfd", "buzz", "online", "website", "asia", "mobi", "cloud", "tech", "site",
    "shop", "store", "club", "click", "link", "app", "space", "fun", "pro", "vin", "ltd", "bet",
    "tokyo", "finance", "digital", "bond", "games", "group", "agency", "company", "services",
    "network", "systems", "live", "win", "trade", "world", "work",
];

/// Country TLDs that are also short English or Vietnamese words ("it", "my", "la", "se").
const WORDLIKE_CCTLDS: &[&str] = &[
    "ai", "am", "as", "ba", "be", "bi", "by", "ca", "co", "cu", "de", "do", "ga", "hu", "im", "in",
    "is", "it", "ky", "la", "ly", "ma", "mo", "mu", "my", "na", "ne", "ni", "no", "nu", "pa", "ro",
    "se", "si", "so", "th", "to", "tr", "ve", "vi",
];

/// Real TLDs that are far more often file extensions when written without a scheme.
const FILE_EXTENSIONS: &[&str] = &[
    "zip", "mov", "py", "sh", "md", "rs", "pl", "pm", "ps", "so", "mm",
];

/// TLDs accepted in "name .xyz" / "name . xyz" obfuscations: common in scams.
const SPACED_TLDS: &[&str] = &[
    "com", "net", "org", "xyz", "vn", "top", "info", "click", "online", "site", "shop", "vip",
    "icu", "cc", "io", "app", "link", "live", "club", "fun", "store", "biz", "pro", "tk", "asia",
    "space", "tech", "website", "cyou", "sbs", "cfd", "buzz", "pw",
];

/// The stricter set for "name. com", where the space follows the dot as after a sentence: only
/// suffixes that do not start sentences.
const SPACED_AFTER_DOT_TLDS: &[&str] = &[
    "com", "net", "org", "xyz", "vn", "icu", "cc", "io", "biz", "tk", "cyou", "sbs", "cfd", "pw",
    "vip", "top", "info", "online", "asia",
];

/// Words that precede ".com"-like suffixes in ordinary sentences ("domains ending in .top").
const SPACED_STOPWORDS: &[&str] = &[
    "in",
    "on",
    "at",
    "to",
    "as",
    "or",
    "and",
    "the",
    "with",
    "like",
    "ending",
    "end",
    "ends",
    "domain",
    "domains",
    "suffix",
    "extension",
    "extensions",
    "such",
    "via",
    "from",
    "use",
    "using",
    "dot",
    "link",
    "links",
    "site",
    "sites",
    "web",
    "website",
    "url",
    "urls",
    "tld",
    "tlds",
    "email",
    "file",
    "files",
    "trang",
    "duoi",
    "dang",
    "cac",
    "nhu",
    "hoac",
    "va",
    "la",
    "co",
    "tai",
    "vao",
    "ten",
    "mien",
];

/// Whether `host` is a known link shortener.
#[must_use]
pub fn is_shortener(host: &str) -> bool {
    // The list is lower case: compare ignoring ASCII case rather than lowering a copy.
    let host = host.trim_end_matches('.');
    let host = match host.get(..4) {
        Some(www) if www.eq_ignore_ascii_case("www.") => host.get(4..).unwrap_or(""),
        _ => host,
    };
    SHORTENERS.iter().any(|s| s.eq_ignore_ascii_case(host))
}

/// The registrable domain of `host` per the public suffix list ("a.b.example.co.uk" →
/// "example.co.uk"); unicode hosts are converted to punycode first.
#[must_use]
pub fn registrable_domain(host: &str) -> Option<String> {
    let ascii = idna::domain_to_ascii(host.trim_end_matches('.')).ok()?;
    let domain = psl::domain(ascii.as_bytes())?;
    if !domain.suffix().is_known() {
        return None;
    }
    std::str::from_utf8(domain.as_bytes())
        .ok()
        .map(str::to_owned)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// After `http://`: anything a browser would open.
    Scheme,
    /// Starts with `www.`.
    Www,
    /// No scheme: must look unmistakably like a domain.
    Bare,
    /// After `@` in an e-mail address.
    Email,
}

/// A run of host characters and dots (or defanged dots) read from the text.
#[derive(Debug)]
struct HostRun {
    start: usize,
    end: usize,
    /// Lowercased, dots restored; may contain non-ASCII letters.
    host: String,
    non_ascii: bool,
    too_long: bool,
    /// The last label has an upper-case letter while some label has a lower-case one.
    odd_case: bool,
}

fn is_host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || (!c.is_ascii() && c.is_alphabetic())
}

/// A dot, or a defanged dot, at `i`: returns its byte length.
fn dot_at(text: &str, i: usize) -> Option<usize> {
    let rest = text.get(i..)?;
    let c = rest.chars().next()?;
    if matches!(c, '.' | '\u{3002}' | '\u{FF0E}' | '\u{FF61}') {
        return Some(c.len_utf8());
    }
    const DEFANGED: &[&str] = &["[.]", "(.)", "{.}", "[dot]", "(dot)"];
    DEFANGED
        .iter()
        .find(|d| {
            rest.len() >= d.len() && rest.as_bytes()[..d.len()].eq_ignore_ascii_case(d.as_bytes())
        })
        .map(|d| d.len())
}

fn read_host(text: &str, start: usize, limit: usize) -> HostRun {
    let mut run = HostRun {
        start,
        end: start,
        host: String::new(),
        non_ascii: false,
        too_long: false,
        odd_case: false,
    };
    let (mut label_len, mut label_upper, mut any_lower) = (0, false, false);
    let mut i = start;
    while i < limit {
        let Some(c) = char_at(text, i) else {
            break;
        };
        if is_host_char(c) {
            if run.host.len() < MAX_HOST + 8 {
                // ASCII (nearly every host) is lowered in place, without the Unicode iterator.
                if c.is_ascii() {
                    run.host.push(c.to_ascii_lowercase());
                } else {
                    run.host.extend(c.to_lowercase());
                }
            } else {
                run.too_long = true;
            }
            run.non_ascii |= !c.is_ascii();
            // `is_uppercase` and `is_lowercase` answer ASCII without the Unicode tables.
            label_upper |= c.is_uppercase();
            any_lower |= c.is_lowercase();
            label_len += 1;
            i += c.len_utf8();
            continue;
        }
        let Some(dot_len) = dot_at(text, i) else {
            break;
        };
        let next_is_host =
            i + dot_len < limit && char_at(text, i + dot_len).is_some_and(is_host_char);
        if label_len == 0 || !next_is_host {
            break;
        }
        run.host.push('.');
        i += dot_len;
        label_len = 0;
        label_upper = false;
    }
    run.end = i;
    run.odd_case = label_upper && any_lower;
    run
}

/// A TLD in the ICANN section of the public suffix list.
fn is_icann_tld(tld: &str) -> bool {
    psl::suffix(tld.as_bytes())
        .is_some_and(|s| s.typ() == Some(Type::Icann) && s.as_bytes() == tld.as_bytes())
}

/// Checks a host run and returns its ASCII (punycode) form.
fn validate_host(run: &HostRun, mode: Mode, has_path: bool) -> Option<String> {
    if run.too_long {
        return None;
    }
    let ascii = if run.non_ascii {
        idna::domain_to_ascii(&run.host).ok()?
    } else {
        run.host.clone()
    };
    if ascii.len() > MAX_HOST {
        return None;
    }
    let labels: Vec<&str> = ascii.split('.').collect();
    if labels.len() < 2 {
        return None;
    }
    let label_ok =
        |l: &&str| (1..=MAX_LABEL).contains(&l.len()) && !l.starts_with('-') && !l.ends_with('-');
    if !labels.iter().all(label_ok) {
        return None;
    }
    let all_digits = |l: &&str| l.bytes().all(|b| b.is_ascii_digit());
    if labels.iter().all(all_digits) {
        let octets_ok = labels.len() == 4 && labels.iter().all(|l| l.parse::<u8>().is_ok());
        return (mode == Mode::Scheme && octets_ok).then_some(ascii);
    }
    let tld = labels[labels.len() - 1];
    let tld_shape =
        tld.starts_with("xn--") || (tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()));
    if !tld_shape || !is_icann_tld(tld) {
        return None;
    }
    if mode == Mode::Scheme {
        return Some(ascii);
    }
    if mode == Mode::Bare {
        // "3.5", "10.000.vn", "1234.GD/2024": a number is not a site name.
        let registrable = registrable_label(&ascii).unwrap_or("");
        if registrable.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if FILE_EXTENSIONS.contains(&tld) || run.odd_case || labels.iter().all(|l| l.len() == 1) {
            return None;
        }
        let known = is_shortener(&ascii) || SHORT_SERVICE_HOSTS.contains(&ascii.as_str());
        // "x.am", "ok.la": two short labels are mostly words broken by a dot.
        if registrable.len() < 3 && tld.len() == 2 && !known {
            return None;
        }
        // "to her.my day", "so.love it": a missing space before a word that happens to be a TLD.
        // Such TLDs need something only a domain has: a path, a digit or hyphen in a label, a
        // two-label public suffix ("co.th"), or a well-known name.
        let common = COMMON_TLDS.contains(&tld)
            || tld.starts_with("xn--")
            || (tld.len() == 2 && !WORDLIKE_CCTLDS.contains(&tld));
        if !common {
            let head = &labels[..labels.len() - 1];
            let marked = head
                .iter()
                .any(|l| l.bytes().any(|b| b.is_ascii_digit() || b == b'-'));
            let multi_suffix =
                psl::suffix(ascii.as_bytes()).is_some_and(|s| s.as_bytes().contains(&b'.'));
            if !(has_path || marked || multi_suffix || known) {
                return None;
            }
        }
    }
    Some(ascii)
}

/// The label just left of the public suffix ("example" in "www.example.com.vn").
fn registrable_label(ascii: &str) -> Option<&str> {
    let suffix = psl::suffix(ascii.as_bytes())?;
    let head = ascii.get(..ascii.len().checked_sub(suffix.as_bytes().len() + 1)?)?;
    head.rsplit('.').next()
}

/// Extends a URL over its path, query and fragment, then trims trailing punctuation.
fn read_rest(text: &str, from: usize, word_end: usize) -> usize {
    let mut end = from;
    // An explicit port.
    if text.as_bytes().get(end) == Some(&b':') {
        let digits = text.as_bytes()[end + 1..word_end]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if (1..=5).contains(&digits) {
            end += 1 + digits;
        }
    }
    if matches!(text.as_bytes().get(end), Some(b'/' | b'?' | b'#')) {
        let rest = text.get(end..word_end).unwrap_or("");
        let stop = rest
            .find(['<', '>', '"', '`', '“', '”', '«', '»'])
            .unwrap_or(rest.len());
        end += stop;
    }
    trim_trailing(text, from, end)
}

/// Drops trailing punctuation, and closing brackets that were not opened inside the URL.
fn trim_trailing(text: &str, start: usize, mut end: usize) -> usize {
    let Some(url) = text.get(start..end) else {
        return end;
    };
    // Bracket balance of the whole URL, updated as closers are dropped: linear in total.
    let balance = |open: char, close: char| {
        url.chars().fold(0i64, |n, c| {
            n + i64::from(c == close) - i64::from(c == open)
        })
    };
    let mut excess = [balance('(', ')'), balance('[', ']'), balance('{', '}')];
    while let Some(last) = text.get(start..end).and_then(|u| u.chars().next_back()) {
        let drop = match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '…' | '’' | '”' | '>' => true,
            ')' | ']' | '}' => {
                let k = match last {
                    ')' => 0,
                    ']' => 1,
                    _ => 2,
                };
                let unopened = excess[k] > 0;
                excess[k] -= 1;
                unopened
            }
            _ => false,
        };
        if !drop {
            return end;
        }
        end -= last.len_utf8();
    }
    end
}

/// Finds URLs, hosts, e-mails and Telegram handles in `text`. Only words holding a dot, `@`,
/// `:` (or a defanged or full-width dot) are examined, each once.
pub(crate) fn scan(text: &str, out: &mut Collector) {
    let bytes = text.as_bytes();
    let plain = memchr::memchr3_iter(b'.', b'@', b':', bytes);
    // "[dot]", "(dot)" and full-width or ideographic dots hold no ASCII dot.
    let unusual = |p: &usize| dot_at(text, *p).is_some_and(|len| len > 1);
    let brackets = memchr::memchr2_iter(b'[', b'(', bytes).filter(unusual);
    let wide = memchr::memchr2_iter(0xE3, 0xEF, bytes).filter(unusual);
    let mut done_until = 0;
    for p in Merge::new(plain, Merge::new(brackets, wide)) {
        if p < done_until {
            continue;
        }
        let (start, end) = word_around(text, p);
        done_until = end.max(p + 1);
        let mark = out.claim_mark();
        if end - start >= 4 {
            scan_word(text, start, end, out, mark);
        }
        spaced_host(text, (start, end), out, mark);
    }
}

/// Merges two ascending streams of positions.
struct Merge<A: Iterator<Item = usize>, B: Iterator<Item = usize>> {
    a: std::iter::Peekable<A>,
    b: std::iter::Peekable<B>,
}

impl<A: Iterator<Item = usize>, B: Iterator<Item = usize>> Merge<A, B> {
    fn new(a: A, b: B) -> Self {
        Merge {
            a: a.peekable(),
            b: b.peekable(),
        }
    }
}

impl<A: Iterator<Item = usize>, B: Iterator<Item = usize>> Iterator for Merge<A, B> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        match (self.a.peek(), self.b.peek()) {
            (Some(&x), Some(&y)) if y < x => self.b.next(),
            (Some(_), _) => self.a.next(),
            (None, _) => self.b.next(),
        }
    }
}

/// The whitespace-delimited word containing byte `p`.
fn word_around(text: &str, p: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut start = p.min(bytes.len());
    while start > 0 {
        if bytes[start - 1].is_ascii_whitespace() || space_ending_at(bytes, start).is_some() {
            break;
        }
        start -= 1;
    }
    (start, next_space(text, p))
}

fn next_space(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() || (b >= 0x80 && space_starting_at(bytes, i)) {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

/// UTF-8 encodings of the non-ASCII white space chars (NEL, NBSP, ogham, U+2000–200A, line and
/// paragraph separators, narrow NBSP, medium math space, ideographic space).
const UNICODE_SPACES: &[&[u8]] = &[
    b"\xC2\x85",
    b"\xC2\xA0",
    b"\xE1\x9A\x80",
    b"\xE2\x80\x80",
    b"\xE2\x80\x81",
    b"\xE2\x80\x82",
    b"\xE2\x80\x83",
    b"\xE2\x80\x84",
    b"\xE2\x80\x85",
    b"\xE2\x80\x86",
    b"\xE2\x80\x87",
    b"\xE2\x80\x88",
    b"\xE2\x80\x89",
    b"\xE2\x80\x8A",
    b"\xE2\x80\xA8",
    b"\xE2\x80\xA9",
    b"\xE2\x80\xAF",
    b"\xE2\x81\x9F",
    b"\xE3\x80\x80",
];

/// Whether two bytes can begin one of [`UNICODE_SPACES`]: `C2 85`, `C2 A0`, `E1 9A`, `E2 80`,
/// `E2 81` or `E3 80`. Letters with marks (`C3 xx`, `E1 BA xx`…) fail it without a search of
/// the list.
fn may_start_space(lead: u8, next: u8) -> bool {
    matches!(
        (lead, next),
        (0xC2, 0x85 | 0xA0) | (0xE1, 0x9A) | (0xE2, 0x80 | 0x81) | (0xE3, 0x80)
    )
}

fn space_starting_at(bytes: &[u8], i: usize) -> bool {
    let tail = &bytes[i..];
    let (Some(&lead), Some(&next)) = (tail.first(), tail.get(1)) else {
        return false;
    };
    may_start_space(lead, next) && UNICODE_SPACES.iter().any(|s| tail.starts_with(s))
}

fn space_ending_at(bytes: &[u8], end: usize) -> Option<usize> {
    if bytes[end - 1] < 0x80 {
        return None;
    }
    let head = &bytes[..end];
    // A space of two bytes starts two bytes back, one of three three bytes back.
    let starts_at = |back: usize| {
        let at = head.len().checked_sub(back)?;
        Some(may_start_space(*head.get(at)?, *head.get(at + 1)?))
    };
    if starts_at(2) != Some(true) && starts_at(3) != Some(true) {
        return None;
    }
    UNICODE_SPACES
        .iter()
        .find(|s| head.ends_with(s))
        .map(|s| s.len())
}

/// The word before byte `start` (skipping whitespace), if any.
fn word_before(text: &str, start: usize) -> Option<(usize, usize)> {
    let head = text.get(..start)?;
    let end = head.trim_end().len();
    if end == 0 {
        return None;
    }
    Some((word_around(text, end - 1).0, end))
}

/// The word after byte `end` (skipping whitespace), if any.
fn word_after(text: &str, end: usize) -> Option<(usize, usize)> {
    let start = word_start_after(text, end)?;
    Some((start, next_space(text, start)))
}

/// Where the word after byte `end` (skipping whitespace) starts, if there is one.
fn word_start_after(text: &str, end: usize) -> Option<usize> {
    let tail = text.get(end..)?;
    let start = end + (tail.len() - tail.trim_start().len());
    (start < text.len()).then_some(start)
}

fn scan_word(text: &str, start: usize, end: usize, out: &mut Collector, mark: usize) {
    let word = &text.as_bytes()[start..end];
    // 1. URLs with a scheme, left to right: only the latest one can cover the next "://".
    let mut covered_until = start;
    let schemes = memchr::memchr_iter(b':', word).filter(|&n| word[n..].starts_with(b"://"));
    for colon in schemes.map(|n| start + n) {
        if colon >= covered_until {
            scheme_url(text, start, colon, end, out);
            covered_until = out
                .claims_since(mark)
                .iter()
                .fold(covered_until, |e, c| e.max(c.1));
        }
    }
    // 2. E-mail addresses and handles, outside those URLs.
    let urls = Spans::new(out.claims_since(mark));
    let mut cursor = urls.cursor();
    let mut email_until = start;
    for at in memchr::memchr_iter(b'@', word).map(|n| start + n) {
        if at < email_until || cursor.covering(at).is_some() {
            continue;
        }
        let before = out.claim_mark();
        if email(text, start, at, end, out) {
            email_until = out
                .claims_since(before)
                .iter()
                .fold(email_until, |e, c| e.max(c.1));
        } else {
            telegram_handle(text, at, end, out);
        }
    }
    // 3. Hosts without a scheme: look only around dots followed by a letter or digit.
    let claimed = Spans::new(out.claims_since(mark));
    let mut cursor = claimed.cursor();
    let mut i = start;
    while let Some(dot) = next_dot(text, i, end) {
        if let Some(claim_end) = cursor.covering(dot) {
            i = claim_end.max(dot + 1);
            continue;
        }
        let floor = cursor.end_before().max(i);
        let mut run_start = dot;
        while run_start > floor {
            match char_before(text, run_start) {
                Some(c) if is_host_char(c) => run_start -= c.len_utf8(),
                _ => break,
            }
        }
        if run_start == dot {
            i = dot + 1;
            continue;
        }
        let run = read_host(text, run_start, end);
        if run.host.contains('.') {
            bare_url(text, &run, end, out);
        }
        i = run.end.max(dot + 1);
    }
}

/// Claimed spans of one word, sorted and merged, for look-ups at increasing positions.
struct Spans(Vec<(usize, usize)>);

impl Spans {
    fn new(claims: &[(usize, usize)]) -> Spans {
        // Most words hold no claim yet.
        if claims.is_empty() {
            return Spans(Vec::new());
        }
        let mut sorted = claims.to_vec();
        sorted.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
        for (s, e) in sorted {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        Spans(merged)
    }

    fn cursor(&self) -> SpanCursor<'_> {
        SpanCursor {
            spans: &self.0,
            next: 0,
        }
    }
}

/// Walks [`Spans`] forward; each position asked must be at least the previous one.
struct SpanCursor<'a> {
    spans: &'a [(usize, usize)],
    next: usize,
}

impl SpanCursor<'_> {
    /// The end of the span covering `pos`, if any.
    fn covering(&mut self, pos: usize) -> Option<usize> {
        while self.spans.get(self.next).is_some_and(|&(_, e)| e <= pos) {
            self.next += 1;
        }
        let &(s, e) = self.spans.get(self.next)?;
        (s <= pos).then_some(e)
    }

    /// The end of the last span wholly before the position last asked.
    fn end_before(&self) -> usize {
        self.next
            .checked_sub(1)
            .and_then(|k| self.spans.get(k))
            .map_or(0, |&(_, e)| e)
    }
}

/// The next dot (plain, full-width or defanged) in `from..end` that sits between a host char and
/// an ASCII letter or digit.
fn next_dot(text: &str, from: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < end {
        let b = bytes[i];
        if matches!(b, b'.' | b'[' | b'(' | b'{' | 0xE3 | 0xEF) && i > from {
            if let Some(len) = dot_at(text, i) {
                let next = bytes.get(i + len).copied().unwrap_or(b' ');
                let prev = bytes[i - 1];
                if next.is_ascii_alphanumeric()
                    && (prev.is_ascii_alphanumeric() || prev == b'-' || prev >= 0x80)
                {
                    return Some(i);
                }
            }
        }
        i += 1;
    }
    None
}

fn scheme_url(text: &str, word_start: usize, colon: usize, word_end: usize, out: &mut Collector) {
    let head = &text[word_start..colon];
    let scheme_len = head
        .bytes()
        .rev()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let scheme_start = colon - scheme_len;
    let scheme = match text[scheme_start..colon].to_ascii_lowercase().as_str() {
        "http" | "hxxp" => "http",
        "https" | "hxxps" => "https",
        _ => return,
    };
    let authority_start = colon + 3;
    let authority_end = text[authority_start..word_end]
        .find(['/', '?', '#'])
        .map_or(word_end, |n| authority_start + n);
    let host_start = text[authority_start..authority_end]
        .rfind('@')
        .map_or(authority_start, |n| authority_start + n + 1);
    let run = read_host(text, host_start, word_end);
    let Some(host) = validate_host(&run, Mode::Scheme, true) else {
        return;
    };
    let end = read_rest(text, run.end, word_end);
    let userinfo = &text[authority_start..host_start];
    let rest = &text[run.end..end];
    let value = format!("{scheme}://{userinfo}{host}{rest}");
    emit_url(text, scheme_start, end, value, &host, rest, out);
}

fn bare_url(text: &str, run: &HostRun, word_end: usize, out: &mut Collector) {
    let before = char_before(text, run.start);
    if before.is_some_and(|c| {
        matches!(
            c,
            '@' | '/' | '\\' | '_' | '#' | '=' | '&' | '%' | '+' | '~' | '*' | '$'
        )
    }) {
        return;
    }
    let mode = if run.host.starts_with("www.") {
        Mode::Www
    } else {
        Mode::Bare
    };
    let has_path = matches!(text.as_bytes().get(run.end), Some(b'/'));
    let Some(host) = validate_host(run, mode, has_path) else {
        return;
    };
    // "abc.com@…" is part of something else.
    if char_at(text, run.end) == Some('@') {
        return;
    }
    let end = read_rest(text, run.end, word_end);
    let rest = &text[run.end..end];
    let value = format!("http://{host}{rest}");
    emit_url(text, run.start, end, value, &host, rest, out);
}

/// Pushes a URL, or a Telegram handle for t.me links, plus the phone of a zalo.me/<phone> link.
fn emit_url(
    text: &str,
    start: usize,
    end: usize,
    value: String,
    host: &str,
    rest: &str,
    out: &mut Collector,
) {
    let bare_host = host.strip_prefix("www.").unwrap_or(host);
    let mut segments = rest
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .split('/')
        .filter(|s| !s.is_empty());
    if TELEGRAM_HOSTS.contains(&bare_host) {
        let first = segments.next();
        let handle = if first == Some("s") {
            segments.next()
        } else {
            first
        };
        let is_user = |h: &&str| {
            is_telegram_handle(h) && !TELEGRAM_RESERVED.contains(&h.to_ascii_lowercase().as_str())
        };
        if let Some(handle) = handle.filter(is_user) {
            out.push(
                IndicatorKind::Telegram,
                handle.to_ascii_lowercase(),
                None,
                start,
                end,
            );
            return;
        }
    } else if bare_host == "zalo.me" {
        if let Some(segment) = segments.next() {
            if let Some(e164) = vn_e164(segment.as_bytes()) {
                let offset = rest.find(segment).map_or(0, |n| end - rest.len() + n);
                if text.get(offset..offset + segment.len()) == Some(segment) {
                    out.push(
                        IndicatorKind::Phone,
                        e164,
                        None,
                        offset,
                        offset + segment.len(),
                    );
                }
            }
        }
    }
    out.push(IndicatorKind::Url, value, None, start, end);
}

fn is_telegram_handle(h: &str) -> bool {
    (5..=32).contains(&h.len())
        && h.as_bytes()[0].is_ascii_alphabetic()
        && !h.ends_with('_')
        && h.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// An e-mail address around the `@` at `at`. Returns whether one was found.
fn email(text: &str, word_start: usize, at: usize, word_end: usize, out: &mut Collector) -> bool {
    let is_local =
        |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
    let local_len = text.as_bytes()[word_start..at]
        .iter()
        .rev()
        .take_while(|b| is_local(b))
        .count();
    let mut local_start = at - local_len;
    while text.as_bytes().get(local_start) == Some(&b'.') {
        local_start += 1;
    }
    if local_start >= at || text.as_bytes()[at - 1] == b'.' {
        return false;
    }
    let run = read_host(text, at + 1, word_end);
    let Some(host) = validate_host(&run, Mode::Email, false) else {
        return false;
    };
    let value = format!("{}@{}", text[local_start..at].to_ascii_lowercase(), host);
    out.push(IndicatorKind::Email, value, None, local_start, run.end);
    true
}

/// Platforms whose `@names` are not Telegram handles.
const OTHER_PLATFORMS: &[&str] = &[
    "instagram",
    "insta",
    "ig",
    "tiktok",
    "twitter",
    "facebook",
    "fb",
    "youtube",
    "threads",
    "github",
    "snapchat",
    "x",
];
const TELEGRAM_WORDS: &[&str] = &["telegram", "tele", "tg", "tlg"];

fn telegram_handle(text: &str, at: usize, word_end: usize, out: &mut Collector) {
    if char_before(text, at).is_some_and(|c| is_word_char(c) || matches!(c, '.' | '-' | '@')) {
        return;
    }
    let start = at + 1;
    let bytes = text.as_bytes();
    let run = bytes[start..word_end]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    let mut end = start + run;
    let after = char_at(text, end);
    let after2 = after.and_then(|c| char_at(text, end + c.len_utf8()));
    let glued = match after {
        Some('.') | Some('-') => after2.is_some_and(char::is_alphanumeric),
        Some('@') => true,
        Some(c) => is_word_char(c),
        None => false,
    };
    if glued || run > 32 {
        return;
    }
    while end > start && bytes[end - 1] == b'_' {
        end -= 1;
    }
    let handle = &text[start..end];
    if !is_telegram_handle(handle) {
        return;
    }
    // "@Central Park", "@HOME": a capitalised plain word after @ is usually "at", unless
    // Telegram was just named.
    let plain_word = handle.bytes().skip(1).all(|b| b.is_ascii_lowercase())
        || handle.bytes().all(|b| b.is_ascii_uppercase());
    let capitalised = handle.as_bytes()[0].is_ascii_uppercase() && plain_word;
    match platform_before(text, at) {
        Some(Platform::Other) => return,
        Some(Platform::Telegram) => {}
        None if capitalised => return,
        None => {}
    }
    out.push(
        IndicatorKind::Telegram,
        handle.to_ascii_lowercase(),
        None,
        at,
        end,
    );
}

enum Platform {
    Telegram,
    Other,
}

/// The nearest platform named before `at` on the same line.
fn platform_before(text: &str, at: usize) -> Option<Platform> {
    let from = super::text::line_start(text, at, 48);
    let before = text.get(from..at)?;
    for word in before.rsplit(|c: char| !c.is_alphanumeric()) {
        let mut buf = [0u8; 12];
        let Some(folded) = fold_word(word, &mut buf) else {
            continue;
        };
        if TELEGRAM_WORDS.contains(&folded) {
            return Some(Platform::Telegram);
        }
        if OTHER_PLATFORMS.contains(&folded) {
            return Some(Platform::Other);
        }
    }
    None
}

/// Hosts split by a space around the dot: "abcd. com", "z9pm .xyz", "abc . net/path".
/// `current` is a word holding a dot; the neighbours are looked up only when it starts or ends
/// with one.
fn spaced_host(text: &str, current: (usize, usize), out: &mut Collector, mark: usize) {
    let (cur_start, cur_end) = current;
    let cur = &text[cur_start..cur_end];
    let mut allowed = SPACED_TLDS;
    let (left, tld_start, tld_end) = if cur == "." {
        // "z9pm . xyz"
        let (Some(left), Some(right)) = (word_before(text, cur_start), word_after(text, cur_end))
        else {
            return;
        };
        (left, right.0, right.1)
    } else if cur.len() > 1 && cur.starts_with('.') {
        // "z9pm .xyz"
        let Some(left) = word_before(text, cur_start) else {
            return;
        };
        (left, cur_start + 1, cur_end)
    } else if let Some(stripped) = cur.strip_suffix('.') {
        // "abcd. com": a sentence would go on with a capital, so the suffix must be lower case.
        // Most sentence ends fail these tests: the next word's end is sought only after them.
        if stripped.is_empty() || stripped.ends_with('.') {
            return;
        }
        let Some(right_start) = word_start_after(text, cur_end) else {
            return;
        };
        if !text[right_start..].starts_with(|c: char| c.is_ascii_lowercase()) {
            return;
        }
        allowed = SPACED_AFTER_DOT_TLDS;
        let right_end = next_space(text, right_start);
        ((cur_start, cur_end - 1), right_start, right_end)
    } else {
        return;
    };
    let cur_end = tld_end;
    let Some(label_start) = host_like_word(text, left) else {
        return;
    };
    // The left word was seen just before: only the latest claims can cover it.
    let recent = mark.saturating_sub(4);
    if out.is_claimed_since(recent, label_start) || out.is_claimed_since(mark, tld_start) {
        return;
    }
    let suffix = read_host(text, tld_start, cur_end);
    let first_label = suffix.host.split('.').next().unwrap_or("");
    let tld_text = text
        .get(tld_start..tld_start + first_label.len())
        .unwrap_or("");
    if !allowed.contains(&first_label) || tld_text != first_label {
        return;
    }
    let left_host = text[label_start..left.1].to_ascii_lowercase();
    let combined = HostRun {
        start: label_start,
        end: suffix.end,
        host: format!("{left_host}.{}", suffix.host),
        non_ascii: false,
        too_long: suffix.too_long,
        odd_case: false,
    };
    let has_path = matches!(text.as_bytes().get(suffix.end), Some(b'/'));
    let Some(host) = validate_host(&combined, Mode::Bare, has_path) else {
        return;
    };
    let end = read_rest(text, suffix.end, cur_end);
    let rest = &text[suffix.end..end];
    let value = format!("http://{host}{rest}");
    emit_url(text, label_start, end, value, &host, rest, out);
}

/// The start of a host-like word ending at `range.1` (opening quotes and brackets skipped), if it
/// looks like a domain label rather than an ordinary word.
fn host_like_word(text: &str, range: (usize, usize)) -> Option<usize> {
    let word = text.get(range.0..range.1)?;
    let trimmed = word.trim_start_matches(['(', '[', '"', '\'', '“', '‘', '<']);
    let start = range.1 - trimmed.len();
    let ok_chars = trimmed
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    if !ok_chars || trimmed.starts_with(['-', '.']) || trimmed.ends_with(['-', '.']) {
        return None;
    }
    let label = trimmed.rsplit('.').next()?;
    if label.len() < 3 || label.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if SPACED_STOPWORDS.contains(&label) {
        return None;
    }
    let marked = label.bytes().any(|b| b.is_ascii_digit() || b == b'-');
    if !marked && is_vietnamese_syllable(label) {
        return None;
    }
    Some(start)
}

/// Whether an ASCII word could be one Vietnamese syllable written without diacritics ("xong").
fn is_vietnamese_syllable(word: &str) -> bool {
    const ONSETS: &[&str] = &[
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h",
        "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
    ];
    const CODAS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];
    ONSETS.iter().any(|onset| {
        word.strip_prefix(onset).is_some_and(|rhyme| {
            let vowels = rhyme.bytes().take_while(|b| b"aeiouy".contains(b)).count();
            (1..=3).contains(&vowels) && CODAS.contains(&&rhyme[vowels..])
        })
    })
}
