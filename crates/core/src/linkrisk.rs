//! Signs that a link is built to deceive: a brand name in a host that is not the brand's own,
//! "gov" in a host outside `.gov.vn`, a throw-away top-level domain, a shortener, a bare IP.
//! These are facts about the link alone; the model weighs them with the rest of the message.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use crate::indicators::{is_shortener, registrable_domain};

/// Brands whose names scammers put into their hosts, with the registrable domains they own.
const BRANDS: &[(&str, &[&str])] = &[
    ("vietcombank", &["vietcombank.com.vn"]),
    ("vcb", &["vietcombank.com.vn"]),
    ("techcombank", &["techcombank.com.vn", "techcombank.com"]),
    ("bidv", &["bidv.com.vn"]),
    ("vietinbank", &["vietinbank.vn"]),
    ("agribank", &["agribank.com.vn"]),
    ("sacombank", &["sacombank.com.vn"]),
    ("tpbank", &["tpb.vn"]),
    ("vpbank", &["vpbank.com.vn"]),
    ("mbbank", &["mbbank.com.vn"]),
    ("hdbank", &["hdbank.com.vn"]),
    ("momo", &["momo.vn"]),
    ("zalopay", &["zalopay.vn"]),
    ("shopee", &["shopee.vn"]),
    ("lazada", &["lazada.vn"]),
    ("ghtk", &["ghtk.vn"]),
    ("viettelpost", &["viettelpost.com.vn"]),
    ("vnpost", &["vnpost.vn"]),
    ("binance", &["binance.com"]),
    ("coinbase", &["coinbase.com"]),
    ("remitano", &["remitano.com"]),
    ("facebook", &["facebook.com"]),
    ("zalo", &["zalo.me", "zalo.vn"]),
    ("tiktok", &["tiktok.com"]),
    ("google", &["google.com", "google.com.vn"]),
    ("apple", &["apple.com"]),
    ("icloud", &["icloud.com"]),
    ("vneid", &["vneid.gov.vn"]),
    ("dichvucong", &["dichvucong.gov.vn"]),
    ("bocongan", &["bocongan.gov.vn"]),
    ("congan", &[]),
    ("csgt", &["csgt.vn"]),
    ("evn", &["evn.com.vn"]),
    ("vietjet", &["vietjetair.com"]),
    ("thuedientu", &["gdt.gov.vn"]),
];

/// Top-level domains that cost almost nothing and are favoured by throw-away phishing sites.
const CHEAP_TLDS: &[&str] = &[
    "xyz", "top", "icu", "shop", "vip", "click", "online", "site", "fun", "support", "live",
    "link", "cc", "tk", "ml", "ga", "cf", "gq", "buzz", "rest", "monster", "cyou", "sbs", "cfd",
    "store", "club", "work", "life", "today", "asia", "pro", "win", "bond", "lol", "mom",
];

/// One bit per sign.
pub const SHORTENER: u8 = 1;
pub const CHEAP_TLD: u8 = 2;
pub const BRAND_LOOKALIKE: u8 = 4;
pub const FAKE_GOV: u8 = 8;
pub const BARE_IP: u8 = 16;

fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map(|x| x.1).unwrap_or(url);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    host.split(':').next().unwrap_or(host)
}

/// The signs of deception in one URL indicator value, as a bit set.
pub fn url_signs(url: &str) -> u8 {
    let raw_host = host_of(url);
    // Hosts are nearly always lower case already: copy only when one is not.
    let lowered;
    let host = if raw_host.bytes().any(|b| b.is_ascii_uppercase()) {
        lowered = raw_host.to_ascii_lowercase();
        lowered.as_str()
    } else {
        raw_host
    };
    let mut signs = 0;
    if host
        .split('.')
        .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit()))
    {
        return BARE_IP;
    }
    if is_shortener(host) {
        signs |= SHORTENER;
    }
    let tld = host.rsplit('.').next().unwrap_or("");
    if CHEAP_TLDS.contains(&tld) {
        signs |= CHEAP_TLD;
    }
    let registrable = registrable_domain(host);
    let registrable = registrable.as_deref().unwrap_or(host);
    if names_foreign_brand(host, registrable) {
        signs |= BRAND_LOOKALIKE;
    }
    if host.contains("gov") && !host.ends_with(".gov.vn") && !host.ends_with(".gov") {
        signs |= FAKE_GOV;
    }
    signs
}

/// Whether `host` contains a brand name while its registrable domain is not one the brand owns.
/// One pass of an automaton over the host finds every brand in it, overlapping ones included
/// ("zalopay" holds "zalo"), instead of one substring search per brand.
fn names_foreign_brand(host: &str, registrable: &str) -> bool {
    let not_owned = |brand: usize| {
        BRANDS
            .get(brand)
            .is_some_and(|(_, own)| !own.contains(&registrable))
    };
    match brand_automaton() {
        Some(ac) => ac
            .find_overlapping_iter(host)
            .any(|m| not_owned(m.pattern().as_usize())),
        None => (0..BRANDS.len())
            .any(|b| BRANDS.get(b).is_some_and(|(name, _)| host.contains(name)) && not_owned(b)),
    }
}

fn brand_automaton() -> Option<&'static AhoCorasick> {
    static AC: OnceLock<Option<AhoCorasick>> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build(BRANDS.iter().map(|(name, _)| name))
            .ok()
    })
    .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_lookalikes_but_not_the_real_sites() {
        assert_eq!(url_signs("https://www.vietcombank.com.vn/vi"), 0);
        assert_eq!(url_signs("https://dichvucong.gov.vn"), 0);
        let fake = url_signs("http://vietcombank-xacthuc.xyz/login");
        assert_eq!(fake, CHEAP_TLD | BRAND_LOOKALIKE);
        assert_ne!(
            url_signs("https://dichvucong-bocongan.gov-vn.top") & FAKE_GOV,
            0
        );
        assert_eq!(url_signs("http://192.168.1.10/x"), BARE_IP);
        assert_ne!(url_signs("https://bit.ly/abc") & SHORTENER, 0);
    }
}
