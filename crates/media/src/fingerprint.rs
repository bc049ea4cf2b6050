//! One entry point for any uploaded file: an image gets its PDQ hash, quality, the hashes of its
//! rotations and flips and its provenance hints; anything else is tried as a video.

use serde::Serialize;

use crate::pdq::{hash_rgb_dihedral, DIHEDRAL_NAMES};
use crate::provenance::{inspect, Provenance};
use crate::video::{hash_video, FrameHash};
use crate::MediaError;

/// Largest file accepted for fingerprinting (a video; images have their own, smaller limit).
pub const MAX_MEDIA_BYTES: usize = 200 * 1024 * 1024;

/// The fingerprint of one file, as `canhgiac hash` and `POST /api/v1/media/hash` show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fingerprint {
    Image {
        /// PDQ hash, 64 hex digits.
        pdq: String,
        /// PDQ quality, 0–100; below 50 the hash says little.
        quality: u8,
        width: u32,
        height: u32,
        /// The hashes of the image rotated and flipped, by name (`rotate90`, `flipx`, …): a
        /// copy that was turned still matches one of them.
        dihedral: Vec<DihedralHash>,
        provenance: Box<Provenance>,
    },
    Video {
        /// One PDQ hash a second.
        frames: Vec<FrameHash>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DihedralHash {
    pub transform: &'static str,
    pub pdq: String,
}

impl Fingerprint {
    /// The PDQ hashes to store or match: the image's own, or every video frame's.
    #[must_use]
    pub fn hashes(&self) -> Vec<(String, u8)> {
        match self {
            Fingerprint::Image { pdq, quality, .. } => vec![(pdq.clone(), *quality)],
            Fingerprint::Video { frames } => {
                frames.iter().map(|f| (f.pdq.to_hex(), f.quality)).collect()
            }
        }
    }
}

/// Fingerprints a file held in memory. A file that is an image format is hashed as an image
/// (an animated GIF by its first frame); any other file is handed to ffmpeg as a video.
pub fn fingerprint(bytes: &[u8]) -> Result<Fingerprint, MediaError> {
    if bytes.is_empty() {
        return Err(MediaError::Empty);
    }
    if bytes.len() > MAX_MEDIA_BYTES {
        return Err(MediaError::TooLarge {
            limit: MAX_MEDIA_BYTES,
        });
    }
    if image::guess_format(bytes).is_err() {
        return Ok(Fingerprint::Video {
            frames: hash_video(bytes)?,
        });
    }
    let image = crate::decode::decode_rgb(bytes)?;
    let (hashes, quality) = hash_rgb_dihedral(&image);
    Ok(Fingerprint::Image {
        pdq: hashes[0].to_hex(),
        quality,
        width: image.width(),
        height: image.height(),
        dihedral: DIHEDRAL_NAMES
            .iter()
            .zip(hashes.iter())
            .skip(1)
            .map(|(&transform, hash)| DihedralHash {
                transform,
                pdq: hash.to_hex(),
            })
            .collect(),
        provenance: Box::new(inspect(bytes)),
    })
}
