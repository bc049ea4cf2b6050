//! Keys and tokens: the reporter's contact sealed with XChaCha20-Poly1305, PINs kept only as a
//! keyed hash, API tokens kept only as their SHA-256. The master key comes from configuration;
//! the sealing and PIN keys are derived from it so one secret is all an operator keeps.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

use crate::StoreError;

type HmacSha256 = Hmac<Sha256>;

const NONCE_LEN: usize = 24;
/// Crockford base 32: no I, L, O, U, so a reference read aloud over the phone survives.
const REFERENCE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The secrets derived from one 32-byte master key.
#[derive(Clone)]
pub struct Secrets {
    contact_key: [u8; 32],
    pin_key: [u8; 32],
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(..)")
    }
}

impl Secrets {
    /// Derives the working keys from a master key.
    #[must_use]
    pub fn from_master(master: &[u8; 32]) -> Secrets {
        Secrets {
            contact_key: derive(master, b"canhgiac contact v1"),
            pin_key: derive(master, b"canhgiac pin v1"),
        }
    }

    /// Reads a master key written as 64 hex digits (surrounding blanks ignored).
    pub fn from_hex(text: &str) -> Result<Secrets, StoreError> {
        let bytes = hex::decode(text.trim())
            .map_err(|_| StoreError::Config("the key must be 64 hex digits".into()))?;
        let master: [u8; 32] = bytes
            .try_into()
            .map_err(|_| StoreError::Config("the key must be 64 hex digits (32 bytes)".into()))?;
        Ok(Secrets::from_master(&master))
    }

    /// A fresh random master key as hex, for a new installation's key file.
    #[must_use]
    pub fn generate_master_hex() -> String {
        let mut master = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut master);
        hex::encode(master)
    }

    /// Encrypts a reporter's contact: random nonce followed by the ciphertext.
    pub fn seal(&self, plain: &str) -> Result<Vec<u8>, StoreError> {
        let cipher = XChaCha20Poly1305::new((&self.contact_key).into());
        let mut nonce = [0u8; NONCE_LEN];
        rand::thread_rng().fill_bytes(&mut nonce);
        let sealed = cipher
            .encrypt(XNonce::from_slice(&nonce), plain.as_bytes())
            .map_err(|_| StoreError::Config("could not seal the contact".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Decrypts what [`Secrets::seal`] wrote; an error when the key is not the one used.
    pub fn open(&self, sealed: &[u8]) -> Result<String, StoreError> {
        if sealed.len() < NONCE_LEN {
            return Err(StoreError::Config("sealed contact is truncated".into()));
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        let cipher = XChaCha20Poly1305::new((&self.contact_key).into());
        let plain = cipher
            .decrypt(XNonce::from_slice(nonce), body)
            .map_err(|_| StoreError::Config("the contact cannot be opened with this key".into()))?;
        String::from_utf8(plain)
            .map_err(|_| StoreError::Config("sealed contact is not text".into()))
    }

    /// The stored form of a report's PIN: HMAC over the reference and the PIN, so a copy of the
    /// database without the key does not give PINs away even though they are short.
    #[must_use]
    pub fn pin_hash(&self, reference: &str, pin: &str) -> String {
        hex::encode(self.pin_mac(reference, pin).finalize().into_bytes())
    }

    /// Compares a PIN with its stored hash in constant time.
    #[must_use]
    pub fn pin_matches(&self, reference: &str, pin: &str, stored: &str) -> bool {
        let Ok(expected) = hex::decode(stored) else {
            return false;
        };
        self.pin_mac(reference, pin).verify_slice(&expected).is_ok()
    }

    fn pin_mac(&self, reference: &str, pin: &str) -> HmacSha256 {
        let mut mac = keyed(&self.pin_key);
        mac.update(reference.as_bytes());
        mac.update(b":");
        mac.update(pin.as_bytes());
        mac
    }
}

fn keyed(key: &[u8; 32]) -> HmacSha256 {
    <HmacSha256 as Mac>::new_from_slice(key).expect("HMAC-SHA256 takes a 32-byte key")
}

fn derive(master: &[u8; 32], label: &[u8]) -> [u8; 32] {
    let mut mac = keyed(master);
    mac.update(label);
    mac.finalize().into_bytes().into()
}

/// A report reference such as `CG-7K3M-9QX2` (40 random bits).
#[must_use]
pub fn new_reference() -> String {
    let mut rng = rand::thread_rng();
    let chars: String = (0..8)
        .map(|_| char::from(REFERENCE_ALPHABET[rng.gen_range(0..32)]))
        .collect();
    format!("CG-{}-{}", &chars[..4], &chars[4..])
}

/// Puts a reference typed by a person into its stored form: upper case, `O`→`0`, `I`/`L`→`1`.
#[must_use]
pub fn canonical_reference(typed: &str) -> String {
    typed
        .trim()
        .chars()
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

/// A six-digit PIN.
#[must_use]
pub fn new_pin() -> String {
    format!("{:06}", rand::thread_rng().gen_range(0..1_000_000))
}

/// A new API token (`cg_` and 64 hex digits) and the hash that is stored.
#[must_use]
pub fn new_token() -> (String, String) {
    let token = new_secret_token("cg");
    let hash = token_hash(&token);
    (token, hash)
}

/// A random bearer secret: the prefix, `_`, and 64 hex digits (256 bits).
#[must_use]
pub fn new_secret_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!("{prefix}_{}", hex::encode(bytes))
}

/// The stored form of an API token or acknowledgement token.
#[must_use]
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_round_trip_and_wrong_key() {
        let a = Secrets::from_master(&[7; 32]);
        let b = Secrets::from_master(&[8; 32]);
        let sealed = a.seal("0901 234 567, anh Minh").unwrap();
        assert!(!sealed.windows(4).any(|w| w == b"0901"));
        assert_eq!(a.open(&sealed).unwrap(), "0901 234 567, anh Minh");
        assert!(b.open(&sealed).is_err());
        assert!(a.open(&sealed[..10]).is_err());
    }

    #[test]
    fn pins_and_references() {
        let s = Secrets::from_master(&[1; 32]);
        let hash = s.pin_hash("CG-AAAA-BBBB", "123456");
        assert!(s.pin_matches("CG-AAAA-BBBB", "123456", &hash));
        assert!(!s.pin_matches("CG-AAAA-BBBB", "123457", &hash));
        assert!(!s.pin_matches("CG-AAAA-BBBC", "123456", &hash));
        let reference = new_reference();
        assert_eq!(reference.len(), 12);
        assert_eq!(canonical_reference(&reference.to_lowercase()), reference);
        assert_eq!(new_pin().len(), 6);
    }
}
