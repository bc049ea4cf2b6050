//! Crypto wallet addresses: BTC (base58check P2PKH/P2SH, bech32/bech32m segwit), ETH (EIP-55),
//! TRON (base58check, version 0x41). Checksums are verified; look-alikes are reported apart.

use sha3::{Digest, Keccak256};

use super::text::{char_at, char_before, is_word_char};
use super::{Collector, IndicatorKind};

/// Shortest token worth decoding: a P2PKH address is at least 26 chars.
const MIN_TOKEN: usize = 26;
/// Longest token worth decoding: segwit addresses are at most 90 chars.
const MAX_TOKEN: usize = 90;

/// The base58 alphabet: ASCII letters and digits but `0`, `O`, `I` and `l`. A test compares it
/// with the alphabet written out; the tests here run on every byte of long tokens.
fn is_base58(c: u8) -> bool {
    c.is_ascii_alphanumeric() && !matches!(c, b'0' | b'O' | b'I' | b'l')
}

/// The bech32 charset (lower case): ASCII lower-case letters and digits but `1`, `b`, `i`, `o`.
fn is_bech32(c: u8) -> bool {
    (c.is_ascii_lowercase() || c.is_ascii_digit()) && !matches!(c, b'1' | b'b' | b'i' | b'o')
}

/// What a token turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Wallet {
    /// A valid address: kind and normalised value.
    Valid(IndicatorKind, String),
    /// Right shape and alphabet, wrong checksum or version.
    Lookalike(IndicatorKind, &'static str),
}

/// Finds every wallet address (and look-alike) in `text`. Looks only at ASCII alphanumeric runs
/// of plausible length that touch no other letter or digit.
pub(crate) fn scan(text: &str, out: &mut Collector) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + MIN_TOKEN <= bytes.len() {
        // A token of MIN_TOKEN chars starting at or after `i` must cover `probe`; if `probe` is not
        // alphanumeric, skip past it without looking at the bytes in between.
        let probe = i + MIN_TOKEN - 1;
        if !bytes[probe].is_ascii_alphanumeric() {
            i = probe + 1;
            continue;
        }
        let mut start = probe;
        while start > i && bytes[start - 1].is_ascii_alphanumeric() {
            start -= 1;
        }
        let mut end = probe + 1;
        while end < bytes.len() && bytes[end].is_ascii_alphanumeric() {
            end += 1;
        }
        i = end;
        if end - start < MIN_TOKEN || end - start > MAX_TOKEN {
            continue;
        }
        let glued = char_before(text, start).is_some_and(is_word_char)
            || char_at(text, end).is_some_and(is_word_char);
        if glued {
            continue;
        }
        // Both ends are ASCII positions, so the slice is on char boundaries.
        let Some(token) = text.get(start..end) else {
            continue;
        };
        match classify(token) {
            Some(Wallet::Valid(kind, value)) => out.push(kind, value, None, start, end),
            Some(Wallet::Lookalike(kind, reason)) => out.lookalike(kind, token, reason, start, end),
            None => {}
        }
    }
}

/// Classifies one ASCII alphanumeric token.
pub(crate) fn classify(token: &str) -> Option<Wallet> {
    let b = token.as_bytes();
    if b.len() == 42 && b.starts_with(b"0x") {
        return classify_eth(token);
    }
    if b.len() >= 14 && b[..3].eq_ignore_ascii_case(b"bc1") {
        return classify_bech32(token);
    }
    if !b.iter().all(|&c| is_base58(c)) {
        return None;
    }
    match b.first() {
        Some(b'T') if b.len() == 34 => Some(classify_base58(token, IndicatorKind::Trx, &[0x41])),
        Some(b'1' | b'3') if (26..=35).contains(&b.len()) => {
            match classify_base58(token, IndicatorKind::Btc, &[0x00, 0x05]) {
                // A long run of digits or of letters alone is not worth showing as a look-alike.
                Wallet::Lookalike(..) if !has_letter_and_digit(&b[1..]) => None,
                wallet => Some(wallet),
            }
        }
        _ => None,
    }
}

fn has_letter_and_digit(b: &[u8]) -> bool {
    b.iter().any(u8::is_ascii_alphabetic) && b.iter().any(u8::is_ascii_digit)
}

/// Base58check with a 20-byte hash payload after one version byte.
fn classify_base58(token: &str, kind: IndicatorKind, versions: &[u8]) -> Wallet {
    match bs58::decode(token).with_check(None).into_vec() {
        Ok(payload) if payload.len() == 21 && versions.contains(&payload[0]) => {
            Wallet::Valid(kind, token.to_owned())
        }
        Ok(payload) if payload.len() == 21 => Wallet::Lookalike(kind, "wrong version byte"),
        Ok(_) => Wallet::Lookalike(kind, "wrong payload length"),
        Err(bs58::decode::Error::InvalidChecksum { .. }) => {
            Wallet::Lookalike(kind, "base58check checksum mismatch")
        }
        Err(_) => Wallet::Lookalike(kind, "not valid base58check"),
    }
}

fn classify_bech32(token: &str) -> Option<Wallet> {
    let lower = token.to_ascii_lowercase();
    let data = lower.as_bytes().get(3..)?;
    if !data.iter().all(|&c| is_bech32(c)) {
        return None;
    }
    let kind = IndicatorKind::Btc;
    let has_lower = token.bytes().any(|c| c.is_ascii_lowercase());
    let has_upper = token.bytes().any(|c| c.is_ascii_uppercase());
    if has_lower && has_upper {
        return Some(Wallet::Lookalike(kind, "bech32 mixes upper and lower case"));
    }
    Some(match bech32::segwit::decode(token) {
        Ok((hrp, _, _)) if hrp == bech32::hrp::BC => Wallet::Valid(kind, lower),
        Ok(_) => Wallet::Lookalike(kind, "not a mainnet address"),
        Err(_) => Wallet::Lookalike(kind, "bech32 checksum or program invalid"),
    })
}

fn classify_eth(token: &str) -> Option<Wallet> {
    let hex = token.as_bytes().get(2..)?;
    if !hex.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let has_lower = hex.iter().any(u8::is_ascii_lowercase);
    let has_upper = hex.iter().any(u8::is_ascii_uppercase);
    // Single-case addresses carry no checksum; mixed case must be EIP-55.
    if has_lower && has_upper && !eip55_matches(hex) {
        return Some(Wallet::Lookalike(
            IndicatorKind::Eth,
            "EIP-55 checksum mismatch",
        ));
    }
    Some(Wallet::Valid(IndicatorKind::Eth, token.to_owned()))
}

/// EIP-55: a letter is upper case exactly when the matching nibble of keccak256(lowercase hex) ≥ 8.
fn eip55_matches(hex: &[u8]) -> bool {
    let lower: Vec<u8> = hex.iter().map(u8::to_ascii_lowercase).collect();
    let hash = Keccak256::digest(&lower);
    hex.iter().enumerate().all(|(i, &c)| {
        if !c.is_ascii_alphabetic() {
            return true;
        }
        let byte = hash[i / 2];
        let nibble = if i % 2 == 0 { byte >> 4 } else { byte & 0x0f };
        c.is_ascii_uppercase() == (nibble >= 8)
    })
}

/// EIP-55 checksummed form of 40 hex digits (used by tests to build valid addresses).
#[cfg(test)]
pub(crate) fn eip55_checksum(hex_lower: &str) -> String {
    let hash = Keccak256::digest(hex_lower.as_bytes());
    hex_lower
        .bytes()
        .enumerate()
        .map(|(i, c)| {
            let byte = hash[i / 2];
            let nibble = if i % 2 == 0 { byte >> 4 } else { byte & 0x0f };
            if c.is_ascii_alphabetic() && nibble >= 8 {
                c.to_ascii_uppercase() as char
            } else {
                c as char
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphabets_as_written() {
        let base58 = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        let bech32 = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
        for c in 0..=u8::MAX {
            assert_eq!(is_base58(c), base58.contains(&c), "{c}");
            assert_eq!(is_bech32(c), bech32.contains(&c), "{c}");
        }
    }
}
