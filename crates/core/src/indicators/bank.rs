//! Bank accounts: a digit run is an account only when account words or a bank name sit next to it
//! and nothing nearer says it is a phone, an OTP, an order number or an amount.

use super::context::Context;

/// Account numbers in Vietnam run from 6 to 19 digits.
pub(crate) const ACCOUNT_DIGITS: std::ops::RangeInclusive<usize> = 6..=19;

/// With only a bank name nearby (no "STK"/"tài khoản"), short numbers are too ambiguous.
const MIN_DIGITS_WITH_NAME_ONLY: usize = 8;

/// A number shaped like a phone is an account only when its account word or bank sits this
/// close (a context distance: about 10 chars), as in "STK 0912…" or "MB 0912…".
const PHONE_SHAPED_MAX_DISTANCE: usize = 20;

/// Decides whether a number of `digits` digits with context `ctx` is a bank account.
/// Returns `Some(bank)` for an account (the bank's short name when one is known); `nearby_bank`
/// looks for a bank named on the neighbouring lines and is called only when needed.
pub(crate) fn account_bank(
    ctx: &Context,
    digits: &[u8],
    phone_shaped: bool,
    nearby_bank: impl FnOnce() -> Option<&'static str>,
) -> Option<Option<&'static str>> {
    if !ACCOUNT_DIGITS.contains(&digits.len()) || is_card_number(digits) {
        return None;
    }
    let keyword = ctx.account();
    // An e-wallet name counts only next to an explicit account word.
    let bank = ctx.bank.or(keyword.and(ctx.wallet));
    let nearest = match (keyword, bank) {
        (None, None) => return None,
        (Some(k), None) => k,
        (None, Some((b, _))) => {
            if ctx.phone.is_some() || digits.len() < MIN_DIGITS_WITH_NAME_ONLY {
                return None;
            }
            b
        }
        (Some(k), Some((b, _))) => k.min(b),
    };
    if ctx.phone.is_some_and(|p| p <= nearest) || ctx.other.is_some_and(|o| o < nearest) {
        return None;
    }
    if phone_shaped && nearest > PHONE_SHAPED_MAX_DISTANCE {
        return None;
    }
    let name = bank.map(|(_, name)| name).or_else(nearby_bank);
    // "Tài khoản: 7936…" alone is as likely a login as a bank account.
    if name.is_none() && ctx.account_strong.is_none() {
        return None;
    }
    Some(name)
}

/// A payment card number (domestic Napas 9704…, or an international scheme with a valid Luhn
/// check digit) is not an account number.
fn is_card_number(digits: &[u8]) -> bool {
    let napas = digits.starts_with(b"9704") && matches!(digits.len(), 16 | 19);
    let international = matches!(digits.len(), 15 | 16)
        && matches!(digits.first(), Some(b'3' | b'4' | b'5' | b'6'))
        && luhn_valid(digits);
    napas || international
}

fn luhn_valid(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d.wrapping_sub(b'0'));
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    sum.checked_rem(10) == Some(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(strong: Option<usize>, bank: Option<usize>, phone: Option<usize>) -> Context {
        Context {
            account_strong: strong,
            bank: bank.map(|d| (d, "ACB")),
            phone,
            ..Context::default()
        }
    }

    fn none() -> Option<&'static str> {
        None
    }

    #[test]
    fn decisions() {
        assert_eq!(
            account_bank(&ctx(Some(1), None, None), b"123456789", false, none),
            Some(None)
        );
        assert_eq!(
            account_bank(&ctx(None, Some(1), None), b"123456789", false, none),
            Some(Some("ACB"))
        );
        assert_eq!(
            account_bank(&ctx(None, Some(1), None), b"123456", false, none),
            None
        );
        assert_eq!(
            account_bank(&ctx(None, Some(1), Some(9)), b"1234567890", false, none),
            None
        );
        assert_eq!(
            account_bank(&ctx(Some(1), Some(3), Some(9)), b"1234567890", false, none),
            Some(Some("ACB"))
        );
        assert_eq!(
            account_bank(&ctx(Some(9), None, Some(1)), b"1234567890", false, none),
            None
        );
        assert_eq!(
            account_bank(
                &ctx(Some(1), None, None),
                b"12345678901234567890",
                false,
                none
            ),
            None
        );
        let mut c = ctx(Some(20), None, None);
        c.other = Some(2);
        assert_eq!(account_bank(&c, b"1234567890", false, none), None);
        let mut c = ctx(Some(1), None, None);
        c.wallet = Some((2, "MoMo"));
        assert_eq!(
            account_bank(&c, b"1234567890", false, none),
            Some(Some("MoMo"))
        );
        c.account_strong = None;
        assert_eq!(account_bank(&c, b"1234567890", false, none), None);
    }

    #[test]
    fn card_numbers_are_not_accounts() {
        let c = ctx(Some(1), Some(2), None);
        assert_eq!(account_bank(&c, b"9704123456789012", false, none), None);
        assert_eq!(account_bank(&c, b"4111111111111111", false, none), None);
        assert_eq!(
            account_bank(&c, b"4111111111111112", false, none),
            Some(Some("ACB"))
        );
        assert!(luhn_valid(b"79927398713"));
        assert!(!luhn_valid(b"79927398710"));
    }

    #[test]
    fn phone_shaped_numbers_need_a_close_account_word() {
        let near = ctx(Some(2), None, None);
        assert_eq!(account_bank(&near, b"0912345678", true, none), Some(None));
        let far = ctx(Some(60), None, None);
        assert_eq!(account_bank(&far, b"0912345678", true, none), None);
        assert_eq!(account_bank(&far, b"0012345678", false, none), Some(None));
    }

    #[test]
    fn weak_words_need_a_bank() {
        let weak = Context {
            account_weak: Some(2),
            ..Context::default()
        };
        assert_eq!(account_bank(&weak, b"1234567890", false, none), None);
        assert_eq!(
            account_bank(&weak, b"1234567890", false, || Some("BIDV")),
            Some(Some("BIDV"))
        );
    }
}
