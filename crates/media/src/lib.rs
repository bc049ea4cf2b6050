//! Cảnh Giác media fingerprints: an image or a clip in memory, its perceptual hashes out.
//!
//! No byte of the media is ever written to disk: images are decoded from memory, videos are
//! handed to ffmpeg through an in-memory file, and only the hashes leave this crate.

pub mod decode;
mod error;
pub mod fingerprint;
pub mod pdq;
pub mod provenance;
pub mod video;

pub use decode::{decode, decode_rgb};
pub use error::MediaError;
pub use fingerprint::{fingerprint, Fingerprint, MAX_MEDIA_BYTES};
pub use pdq::{hash_image, hash_rgb, hash_rgb_dihedral, PdqOutcome};
