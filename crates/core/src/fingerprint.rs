//! Image fingerprint values as reports carry them: a PDQ hash is 256 bits written as 64 hex
//! digits. Two images are "the same picture" for campaign linking when their hashes differ in at
//! most [`PDQ_MATCH_DISTANCE`] bits (the threshold Meta's PDQ documentation recommends).

/// Largest Hamming distance at which two PDQ hashes count as one image.
pub const PDQ_MATCH_DISTANCE: u32 = 31;

/// A 256-bit PDQ hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PdqHash(pub [u64; 4]);

impl PdqHash {
    /// Parses 64 hex digits (either case, surrounding blanks ignored). `None` for anything else.
    #[must_use]
    pub fn parse(text: &str) -> Option<PdqHash> {
        let text = text.trim();
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut words = [0u64; 4];
        for (word, chunk) in words.iter_mut().zip(text.as_bytes().chunks(16)) {
            let chunk = std::str::from_utf8(chunk).ok()?;
            *word = u64::from_str_radix(chunk, 16).ok()?;
        }
        Some(PdqHash(words))
    }

    /// Lower-case hex, the stored form.
    #[must_use]
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|w| format!("{w:016x}")).collect()
    }

    /// Number of differing bits.
    #[must_use]
    pub fn distance(&self, other: &PdqHash) -> u32 {
        self.0
            .iter()
            .zip(other.0.iter())
            .map(|(a, b)| (a ^ b).count_ones())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_measures() {
        let a = PdqHash::parse(&"f".repeat(64)).unwrap();
        let b = PdqHash::parse(&format!("{}{}", "0", "F".repeat(63))).unwrap();
        assert_eq!(a.distance(&b), 4);
        assert_eq!(b.to_hex(), format!("0{}", "f".repeat(63)));
        assert!(PdqHash::parse("abc").is_none());
        assert!(PdqHash::parse(&"g".repeat(64)).is_none());
        assert!(PdqHash::parse(&"é".repeat(32)).is_none());
    }
}
