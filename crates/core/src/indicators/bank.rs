//! Bank accounts: a digit run is an account only when account words or a bank name sit next to it
//! and nothing nearer says it is a phone, an OTP, an order number or an amount.

use super::context::Context;

/// Account numbers in Vietnam run from 6 to 19 digits.
pub(crate) const ACCOUNT_DIGITS: std::ops::RangeInclusive<usize> = 6..=19;

/// With only a bank name nearby (no "STK"/"tài khoản"), short numbers are too ambiguous.
const MIN_DIGITS_WITH_NAME_ONLY: usize = 8;

/// Decides whether a number of `digits` digits with context `ctx` is a bank account.
/// Returns `Some(bank)` for an account (the bank's short name when one is nearby).
pub(crate) fn account_bank(ctx: &Context, digits: usize) -> Option<Option<&'static str>> {
    if !ACCOUNT_DIGITS.contains(&digits) {
        return None;
    }
    // An e-wallet name counts only next to an explicit account word.
    let bank = ctx.bank.or(ctx.account.and(ctx.wallet));
    let nearest = match (ctx.account, bank) {
        (None, None) => return None,
        (Some(a), None) => a,
        (None, Some((b, _))) => {
            if ctx.phone.is_some() || digits < MIN_DIGITS_WITH_NAME_ONLY {
                return None;
            }
            b
        }
        (Some(a), Some((b, _))) => a.min(b),
    };
    if ctx.phone.is_some_and(|p| p <= nearest) || ctx.other.is_some_and(|o| o < nearest) {
        return None;
    }
    Some(bank.map(|(_, name)| name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(account: Option<usize>, bank: Option<usize>, phone: Option<usize>) -> Context {
        Context {
            account,
            bank: bank.map(|d| (d, "ACB")),
            phone,
            ..Context::default()
        }
    }

    #[test]
    fn decisions() {
        assert_eq!(account_bank(&ctx(Some(1), None, None), 9), Some(None));
        assert_eq!(account_bank(&ctx(None, Some(1), None), 9), Some(Some("ACB")));
        assert_eq!(account_bank(&ctx(None, Some(1), None), 6), None);
        assert_eq!(account_bank(&ctx(None, Some(1), Some(9)), 10), None);
        assert_eq!(account_bank(&ctx(Some(1), Some(3), Some(9)), 10), Some(Some("ACB")));
        assert_eq!(account_bank(&ctx(Some(9), None, Some(1)), 10), None);
        assert_eq!(account_bank(&ctx(Some(1), None, None), 20), None);
        let mut c = ctx(Some(20), None, None);
        c.other = Some(2);
        assert_eq!(account_bank(&c, 10), None);
        let mut c = ctx(Some(1), None, None);
        c.wallet = Some((2, "MoMo"));
        assert_eq!(account_bank(&c, 10), Some(Some("MoMo")));
        c.account = None;
        assert_eq!(account_bank(&c, 10), None);
    }
}
