//! Cue words around a number: is it an account, a phone, or something else (an OTP, an order)?
//!
//! The words on the same line just before and just after the number are folded to lowercase ASCII
//! without diacritics ("Số tài khoản" → "so tai khoan"), then matched against a small dictionary.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::text::{ceil_boundary, floor_boundary, fold_char, line_end, line_start};

/// How far (in folded chars) a cue may sit before the number.
const BEFORE_LIMIT: usize = 48;
/// How far (in folded chars) a cue may sit after the number.
const AFTER_LIMIT: usize = 32;
/// Bytes of original text examined on each side (Vietnamese letters take up to 3 bytes).
const WINDOW_BYTES: usize = 160;
const FOLD_CAP: usize = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CueKind {
    /// "STK", "số tài khoản", "account number": an account on their own.
    AccountStrong,
    /// "TK", "tài khoản", "account": an account only next to a bank name.
    AccountWeak,
    /// A bank, with its short name.
    Bank(&'static str),
    /// An e-wallet: an account only when an account word is also there.
    Wallet(&'static str),
    /// "SĐT", "hotline", "gọi", "Zalo"...
    Phone,
    /// Numbers that are neither: OTP, order, ID card, tax code, balance...
    Other,
}

struct Cue {
    pattern: &'static str,
    kind: CueKind,
    /// Common words ("cake") count only when written with a capital.
    needs_capital: bool,
}

const fn cue(pattern: &'static str, kind: CueKind) -> Cue {
    Cue {
        pattern,
        kind,
        needs_capital: false,
    }
}

const fn capital(pattern: &'static str, kind: CueKind) -> Cue {
    Cue {
        pattern,
        kind,
        needs_capital: true,
    }
}

use CueKind::{AccountStrong, AccountWeak, Bank, Other, Phone, Wallet};

/// The dictionary, in folded form. Longest match wins, so "mb bank" beats "mb".
static CUES: &[Cue] = &[
    // Account words. "Tài khoản"/"TK"/"account" alone also name logins and phone plans, so
    // they count only next to a bank name.
    cue("stk", AccountStrong),
    cue("so tk", AccountStrong),
    cue("tk", AccountWeak),
    cue("tai khoan", AccountWeak),
    cue("so tai khoan", AccountStrong),
    cue("tai khoan so", AccountStrong),
    cue("tai khoan ngan hang", AccountStrong),
    cue("chu tk", AccountStrong),
    cue("chu tai khoan", AccountStrong),
    cue("ngan hang", AccountStrong),
    cue("chuyen khoan", AccountStrong),
    cue("ck", AccountStrong),
    cue("account", AccountWeak),
    cue("account no", AccountStrong),
    cue("account number", AccountStrong),
    cue("bank account", AccountStrong),
    cue("acc", AccountWeak),
    cue("acc no", AccountStrong),
    cue("acct", AccountWeak),
    cue("acct no", AccountStrong),
    cue("beneficiary", AccountStrong),
    cue("bank", AccountStrong),
    // Banks.
    cue("vietcombank", Bank("Vietcombank")),
    cue("vcb", Bank("Vietcombank")),
    cue("mb", Bank("MB")),
    cue("mbbank", Bank("MB")),
    cue("mb bank", Bank("MB")),
    cue("ngan hang quan doi", Bank("MB")),
    cue("techcombank", Bank("Techcombank")),
    cue("tcb", Bank("Techcombank")),
    cue("bidv", Bank("BIDV")),
    cue("vietinbank", Bank("VietinBank")),
    cue("vietin bank", Bank("VietinBank")),
    cue("vietin", Bank("VietinBank")),
    cue("ctg", Bank("VietinBank")),
    cue("agribank", Bank("Agribank")),
    cue("agri bank", Bank("Agribank")),
    cue("acb", Bank("ACB")),
    cue("sacombank", Bank("Sacombank")),
    cue("sacom bank", Bank("Sacombank")),
    cue("stb", Bank("Sacombank")),
    cue("tpbank", Bank("TPBank")),
    cue("tp bank", Bank("TPBank")),
    cue("tpb", Bank("TPBank")),
    cue("vpbank", Bank("VPBank")),
    cue("vp bank", Bank("VPBank")),
    cue("vpb", Bank("VPBank")),
    cue("shb", Bank("SHB")),
    cue("hdbank", Bank("HDBank")),
    cue("hd bank", Bank("HDBank")),
    cue("ocb", Bank("OCB")),
    cue("seabank", Bank("SeABank")),
    cue("sea bank", Bank("SeABank")),
    cue("vib", Bank("VIB")),
    cue("msb", Bank("MSB")),
    cue("maritime bank", Bank("MSB")),
    cue("eximbank", Bank("Eximbank")),
    cue("exim bank", Bank("Eximbank")),
    cue("lienvietpostbank", Bank("LPBank")),
    cue("lienviet", Bank("LPBank")),
    cue("lien viet post bank", Bank("LPBank")),
    cue("lpbank", Bank("LPBank")),
    cue("lpb", Bank("LPBank")),
    cue("nam a bank", Bank("Nam A Bank")),
    cue("namabank", Bank("Nam A Bank")),
    cue("bac a bank", Bank("Bac A Bank")),
    cue("bacabank", Bank("Bac A Bank")),
    cue("kienlongbank", Bank("Kienlongbank")),
    cue("kien long bank", Bank("Kienlongbank")),
    cue("pvcombank", Bank("PVcomBank")),
    cue("pvcom bank", Bank("PVcomBank")),
    cue("abbank", Bank("ABBank")),
    cue("ab bank", Bank("ABBank")),
    cue("viet capital bank", Bank("Viet Capital Bank")),
    cue("vietcapitalbank", Bank("Viet Capital Bank")),
    cue("bvbank", Bank("Viet Capital Bank")),
    cue("scb", Bank("SCB")),
    cue("ncb", Bank("NCB")),
    cue("pgbank", Bank("PGBank")),
    cue("saigonbank", Bank("Saigonbank")),
    cue("vietabank", Bank("VietABank")),
    cue("vietbank", Bank("Vietbank")),
    cue("baoviet bank", Bank("BaoViet Bank")),
    cue("shinhan", Bank("Shinhan")),
    cue("shinhan bank", Bank("Shinhan")),
    cue("hsbc", Bank("HSBC")),
    capital("cake", Bank("Cake")),
    capital("timo", Bank("Timo")),
    // E-wallets.
    cue("momo", Wallet("MoMo")),
    cue("vi momo", Wallet("MoMo")),
    cue("zalopay", Wallet("ZaloPay")),
    cue("zalo pay", Wallet("ZaloPay")),
    cue("viettel money", Wallet("Viettel Money")),
    cue("shopeepay", Wallet("ShopeePay")),
    // Phone words.
    cue("sdt", Phone),
    cue("so dt", Phone),
    cue("dt", Phone),
    cue("dtdd", Phone),
    cue("dien thoai", Phone),
    cue("so dien thoai", Phone),
    cue("di dong", Phone),
    cue("hotline", Phone),
    cue("hot line", Phone),
    cue("goi", Phone),
    cue("cuoc goi", Phone),
    cue("nghe may", Phone),
    cue("so may", Phone),
    cue("tong dai", Phone),
    cue("call", Phone),
    cue("phone", Phone),
    cue("tel", Phone),
    cue("mobile", Phone),
    cue("zalo", Phone),
    cue("zl", Phone),
    cue("whatsapp", Phone),
    cue("viber", Phone),
    cue("telegram", Phone),
    cue("sms", Phone),
    cue("nhan tin", Phone),
    cue("lien he", Phone),
    cue("lh", Phone),
    cue("lien lac", Phone),
    cue("alo", Phone),
    cue("fax", Phone),
    // Numbers that are neither phones nor accounts.
    cue("otp", Other),
    cue("ma otp", Other),
    cue("ma xac thuc", Other),
    cue("ma xac nhan", Other),
    cue("ma xac minh", Other),
    cue("code", Other),
    cue("ma gd", Other),
    cue("ma giao dich", Other),
    cue("ref", Other),
    cue("order", Other),
    cue("don hang", Other),
    cue("ma don", Other),
    cue("van don", Other),
    cue("ma van don", Other),
    cue("cccd", Other),
    cue("cmnd", Other),
    cue("can cuoc", Other),
    cue("ho chieu", Other),
    cue("passport", Other),
    cue("mst", Other),
    cue("ma so thue", Other),
    cue("so du", Other),
    cue("sd", Other),
    cue("so the", Other),
    cue("the atm", Other),
    cue("the tin dung", Other),
    cue("the ghi no", Other),
    cue("card", Other),
    cue("card number", Other),
    cue("hoa don", Other),
    cue("hop dong", Other),
    cue("so hd", Other),
    cue("contract", Other),
    cue("invoice", Other),
    cue("ma kh", Other),
    cue("ma khach hang", Other),
    cue("bhxh", Other),
    cue("ma so", Other),
    cue("so tien", Other),
    cue("amount", Other),
    cue("so hieu", Other),
    cue("bien so", Other),
    cue("serial", Other),
    cue("imei", Other),
    cue("mat khau", Other),
    cue("password", Other),
    cue("pin", Other),
];

fn automaton() -> Option<&'static AhoCorasick> {
    static AC: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    AC.get_or_init(|| {
        // A DFA: a few hundred states, and the fastest search on the short folded windows.
        AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::LeftmostLongest)
            .build(CUES.iter().map(|c| c.pattern))
            .ok()
    })
    .as_ref()
}

/// The nearest cue of each kind around a number. Distances are twice the gap in folded chars,
/// plus one for cues after the number, so they compare across sides.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Context {
    pub account_strong: Option<usize>,
    pub account_weak: Option<usize>,
    pub bank: Option<(usize, &'static str)>,
    pub wallet: Option<(usize, &'static str)>,
    pub phone: Option<usize>,
    pub other: Option<usize>,
}

impl Context {
    /// Cues around the byte span `start..end` of `text`, on the same line and sentence.
    pub(crate) fn around(text: &str, start: usize, end: usize) -> Context {
        let mut ctx = Context::default();
        let mut line = line_start(text, start, WINDOW_BYTES);
        // A number alone on its line takes its label from the line above ("STK:\n0123…").
        let alone = text
            .get(line..start)
            .is_some_and(|head| !head.chars().any(char::is_alphanumeric));
        if alone && line > 0 {
            line = line_start(text, line - 1, WINDOW_BYTES);
        }
        let before_from = floor_boundary(text, start.saturating_sub(WINDOW_BYTES)).max(line);
        let after_to = ceil_boundary(text, end.saturating_add(WINDOW_BYTES)).min(line_end(
            text,
            end,
            WINDOW_BYTES,
        ));
        if let Some(segment) = text.get(before_from..start) {
            let folded = Folded::new(segment, before_from, Side::Before);
            ctx.collect(text, &folded, Side::Before);
        }
        if let Some(segment) = text.get(end..after_to) {
            let folded = Folded::new(segment, end, Side::After);
            ctx.collect(text, &folded, Side::After);
        }
        ctx
    }

    /// The bank named on the lines right around an account ("Ngân hàng: ACB" on the line
    /// above "STK: 0123…"), for accounts whose own line names none.
    pub(crate) fn bank_on_nearby_lines(
        text: &str,
        start: usize,
        end: usize,
    ) -> Option<&'static str> {
        let this_start = line_start(text, start, WINDOW_BYTES);
        let this_end = line_end(text, end, WINDOW_BYTES);
        let above = (this_start > 0).then(|| line_start(text, this_start - 1, WINDOW_BYTES));
        let below = (this_end < text.len()).then_some(this_end + 1);
        let mut lines = Vec::with_capacity(4);
        if let Some(a) = above {
            lines.push((a, this_start.saturating_sub(1)));
            if a > 0 {
                let a2 = line_start(text, a - 1, WINDOW_BYTES);
                lines.push((a2, a - 1));
            }
        }
        if let Some(b) = below {
            let b_end = line_end(text, b, WINDOW_BYTES);
            lines.insert(usize::from(above.is_some()), (b, b_end));
            if b_end < text.len() {
                lines.push((b_end + 1, line_end(text, b_end + 1, WINDOW_BYTES)));
            }
        }
        lines.into_iter().find_map(|(from, to)| {
            let to = ceil_boundary(text, to.min(from.saturating_add(WINDOW_BYTES)));
            let segment = text.get(from..to)?;
            let mut ctx = Context::default();
            ctx.collect(text, &Folded::new(segment, from, Side::After), Side::After);
            ctx.bank.map(|(_, name)| name)
        })
    }

    fn collect(&mut self, text: &str, folded: &Folded, side: Side) {
        let Some(ac) = automaton() else {
            return;
        };
        let hay = folded.as_bytes();
        for m in ac.find_iter(hay) {
            let bounded_left = m.start() == 0 || !is_folded_word(hay[m.start() - 1]);
            let bounded_right = m.end() == hay.len() || !is_folded_word(hay[m.end()]);
            if !bounded_left || !bounded_right {
                continue;
            }
            let (gap, limit) = match side {
                Side::Before => (hay.len() - m.end(), BEFORE_LIMIT),
                Side::After => (m.start(), AFTER_LIMIT),
            };
            if gap > limit {
                continue;
            }
            // Labels come first ("STK: 123"): at equal gaps the cue before the number wins.
            let distance = 2 * gap + usize::from(side == Side::After);
            let Some(cue) = CUES.get(m.pattern().as_usize()) else {
                continue;
            };
            if cue.needs_capital {
                let original = folded.offset(m.start()).and_then(|o| text.get(o..));
                let starts_upper = original
                    .and_then(|s| s.chars().next())
                    .is_some_and(char::is_uppercase);
                if !starts_upper {
                    continue;
                }
            }
            match cue.kind {
                AccountStrong => self.account_strong = nearer(self.account_strong, distance),
                AccountWeak => self.account_weak = nearer(self.account_weak, distance),
                Phone => self.phone = nearer(self.phone, distance),
                Other => self.other = nearer(self.other, distance),
                Bank(name) => {
                    if self.bank.is_none_or(|(d, _)| distance < d) {
                        self.bank = Some((distance, name));
                    }
                }
                Wallet(name) => {
                    if self.wallet.is_none_or(|(d, _)| distance < d) {
                        self.wallet = Some((distance, name));
                    }
                }
            }
        }
    }
}

impl Context {
    /// The nearest account word of either strength.
    pub(crate) fn account(&self) -> Option<usize> {
        match (self.account_strong, self.account_weak) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

fn nearer(current: Option<usize>, distance: usize) -> Option<usize> {
    Some(current.map_or(distance, |d| d.min(distance)))
}

fn is_folded_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Before,
    After,
}

/// A short stretch of text folded to lowercase ASCII words separated by single spaces, with the
/// original byte offset of every folded byte.
struct Folded {
    buf: [u8; FOLD_CAP],
    offsets: [u32; FOLD_CAP],
    len: usize,
}

/// Whether a sentence mark ending at byte `next` of `segment` ends a sentence: the segment ends
/// there or whitespace follows.
fn ends_sentence_after(segment: &str, next: usize) -> bool {
    match segment.as_bytes().get(next) {
        None => true,
        Some(&b) if b.is_ascii() => matches!(b, b'\t'..=b'\r' | b' '),
        Some(_) => segment
            .get(next..)
            .and_then(|rest| rest.chars().next())
            .is_none_or(char::is_whitespace),
    }
}

/// Byte just after the last sentence mark of `segment` that ends a sentence (0 if none).
fn last_sentence_end(segment: &str) -> usize {
    let bytes = segment.as_bytes();
    (0..bytes.len())
        .rev()
        .find(|&j| {
            matches!(bytes[j], b'.' | b'!' | b'?' | b';') && ends_sentence_after(segment, j + 1)
        })
        .map_or(0, |j| j + 1)
}

impl Folded {
    /// Folds `segment` (which starts at byte `base` of the text). Before a number only the last
    /// sentence counts; after it, folding stops at the end of the sentence or the next number.
    fn new(segment: &str, base: usize, side: Side) -> Folded {
        let mut f = Folded {
            buf: [0; FOLD_CAP],
            offsets: [0; FOLD_CAP],
            len: 0,
        };
        let bytes = segment.as_bytes();
        // Before a number only the last sentence counts: start right after its end.
        let mut i = match side {
            Side::Before => last_sentence_end(segment),
            Side::After => 0,
        };
        while let Some(&b) = bytes.get(i) {
            // ASCII is read byte by byte; other chars are decoded (Vietnamese letters fold to
            // ASCII without a Unicode table look-up).
            let (folded, len) = if b.is_ascii() {
                // Before the number the last sentence end is behind `i` already; after it,
                // the sentence ends the context.
                if side == Side::After
                    && matches!(b, b'.' | b'!' | b'?' | b';')
                    && ends_sentence_after(segment, i + 1)
                {
                    break;
                }
                // Words after the next number are that number's.
                if side == Side::After && b.is_ascii_digit() {
                    break;
                }
                let folded = if b.is_ascii_alphanumeric() {
                    b.to_ascii_lowercase()
                } else {
                    b' '
                };
                (folded, 1)
            } else {
                let Some(c) = segment.get(i..).and_then(|rest| rest.chars().next()) else {
                    break;
                };
                let fc = fold_char(c);
                let folded = if fc.is_ascii_alphanumeric() {
                    fc as u8
                } else if !fc.is_ascii() && c.is_alphanumeric() {
                    b'_'
                } else {
                    b' '
                };
                (folded, c.len_utf8())
            };
            let at = i;
            i += len;
            // Collapse gaps to one space; the gap right after the number counts like the one
            // right before it.
            let leading = f.len == 0 && side == Side::Before;
            if folded == b' ' && (leading || f.buf.get(f.len.wrapping_sub(1)) == Some(&b' ')) {
                continue;
            }
            if f.len == FOLD_CAP {
                if side == Side::After {
                    break;
                }
                // Keep the part nearest the number: drop the oldest half.
                let half = FOLD_CAP / 2;
                f.buf.copy_within(half.., 0);
                f.offsets.copy_within(half.., 0);
                f.len -= half;
            }
            f.buf[f.len] = folded;
            f.offsets[f.len] = u32::try_from(base + at).unwrap_or(u32::MAX);
            f.len += 1;
        }
        f
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    fn offset(&self, i: usize) -> Option<usize> {
        self.offsets[..self.len].get(i).map(|&o| o as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(text: &str, number: &str) -> Context {
        let start = text.find(number).unwrap_or(0);
        Context::around(text, start, start + number.len())
    }

    #[test]
    fn finds_bank_and_account_words() {
        let c = ctx(
            "Chuyển vào Số Tài Khoản 123456789 ngân hàng BIDV",
            "123456789",
        );
        assert_eq!(c.account_strong, Some(2), "adjacent label before: gap 1");
        assert_eq!(c.bank.map(|b| b.1), Some("BIDV"));
        let c = ctx("ck qua MB Bank 123456789", "123456789");
        assert_eq!(c.bank, Some((2, "MB")), "longest name wins over \"mb\"");
        let c = ctx("123456789 (Vietcombank)", "123456789");
        assert_eq!(
            c.bank,
            Some((3, "Vietcombank")),
            "after the number: odd distance"
        );
        let c = ctx("TK: 123456789", "123456789");
        assert_eq!((c.account_weak, c.account_strong), (Some(2), None));
    }

    #[test]
    fn phone_words_and_sentences() {
        let c = ctx(
            "Vietcombank thông báo. Gọi ngay 0912345678 nhé",
            "0912345678",
        );
        assert!(c.bank.is_none(), "previous sentence does not count");
        assert_eq!(c.phone, Some(12));
        let c = ctx("ZaloPay 0912345678", "0912345678");
        assert!(c.phone.is_none(), "ZaloPay is not Zalo");
        assert_eq!(c.wallet.map(|w| w.1), Some("ZaloPay"));
        let c = ctx("Gọi\n0912345678", "0912345678");
        assert_eq!(
            c.phone,
            Some(2),
            "a number alone on its line takes the label above"
        );
        let c = ctx("Gọi ngay\nabc 0912345678", "0912345678");
        assert!(c.phone.is_none(), "other lines do not count");
    }

    #[test]
    fn banks_on_nearby_lines() {
        let text = "Ngân hàng: Sacombank\nSTK: 123456789\nChủ TK: A";
        let start = text.find("123456789").unwrap_or(0);
        assert_eq!(
            Context::bank_on_nearby_lines(text, start, start + 9),
            Some("Sacombank")
        );
        assert_eq!(Context::bank_on_nearby_lines("STK: 123456789", 5, 14), None);
    }

    #[test]
    fn capitalised_only_names() {
        assert!(ctx("an cake 123456789", "123456789").bank.is_none());
        assert_eq!(
            ctx("TK Cake 123456789", "123456789").bank.map(|b| b.1),
            Some("Cake")
        );
    }
}
