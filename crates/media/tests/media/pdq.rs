//! PDQ against the C++ reference on the fixtures of `tests/fixtures/pdq` (made by its `make.py`:
//! expected values from the reference on Pillow's decoding), plus hostile and degenerate input.

use std::path::PathBuf;

use canhgiac_core::fingerprint::{PdqHash, PDQ_MATCH_DISTANCE};
use canhgiac_media::pdq::{self, DIHEDRAL_NAMES};
use canhgiac_media::{decode_rgb, hash_image, hash_rgb, hash_rgb_dihedral, MediaError};
use image::{ImageEncoder, RgbImage};
use proptest::prelude::*;

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdq")
        .join(name)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).expect("fixture present")
}

/// Rows of a fixture CSV: (hash, quality, third field), comments skipped.
fn rows(name: &str) -> Vec<(PdqHash, u8, String)> {
    let text = String::from_utf8(fixture(name)).expect("utf-8");
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields.len(), 3, "{line}");
            (
                PdqHash::parse(fields[0]).expect("hash"),
                fields[1].parse().expect("quality"),
                fields[2].to_string(),
            )
        })
        .collect()
}

#[test]
fn fixtures_hash_exactly_as_the_reference() {
    let expected = rows("expected.csv");
    assert!(expected.len() >= 15);
    let mut misses = Vec::new();
    for (hash, quality, file) in &expected {
        let got = hash_image(&fixture(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        if got.hash != *hash || got.quality != *quality {
            misses.push(format!(
                "{file}: got {} q{} want {} q{quality} (distance {})",
                got.hash.to_hex(),
                got.quality,
                hash.to_hex(),
                got.hash.distance(hash)
            ));
        }
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn dihedral_hashes_are_the_references() {
    let image = decode_rgb(&fixture("scene.png")).unwrap();
    let (hashes, quality) = hash_rgb_dihedral(&image);
    let expected = rows("dihedral.csv");
    assert_eq!(expected.len(), 8);
    for ((hash, expected_quality, name), (ours, our_name)) in
        expected.iter().zip(hashes.iter().zip(DIHEDRAL_NAMES))
    {
        assert_eq!(name, our_name);
        assert_eq!(ours.to_hex(), hash.to_hex(), "{name}");
        assert_eq!(quality, *expected_quality);
    }
    assert_eq!(hashes[0], hash_rgb(&image).hash);
}

#[test]
fn rotated_and_mirrored_copies_match_their_dihedral_hash() {
    let original = decode_rgb(&fixture("scene.png")).unwrap();
    let (hashes, _) = hash_rgb_dihedral(&original);
    for (file, transform) in [("scene-rotate90.png", 1), ("scene-flipy.png", 5)] {
        let copy = hash_image(&fixture(file)).unwrap().hash;
        let distances: Vec<u32> = hashes.iter().map(|h| h.distance(&copy)).collect();
        let nearest = distances.iter().copied().min().unwrap();
        assert_eq!(distances[transform], nearest, "{file}: {distances:?}");
        assert!(nearest <= PDQ_MATCH_DISTANCE, "{file}: {distances:?}");
        // Without the dihedral hashes the copy would not match at all.
        assert!(hashes[0].distance(&copy) > 64, "{file}: {distances:?}");
    }
}

#[test]
fn exif_orientation_is_applied() {
    // Stored a quarter turn counter-clockwise, tagged "turn clockwise to view" (orientation 6).
    let upright = decode_rgb(&fixture("scene-orientation6.jpg")).unwrap();
    assert_eq!(upright.dimensions(), (160, 120));
    let tagged = hash_image(&fixture("scene-orientation6.jpg")).unwrap();
    let plain = hash_image(&fixture("scene.jpg")).unwrap();
    assert!(tagged.hash.distance(&plain.hash) <= 8);
}

#[test]
fn degenerate_images_hash_to_zero_with_quality_zero() {
    for file in ["tiny-1x1.png", "thin-1x5000.png"] {
        let outcome = hash_image(&fixture(file)).unwrap();
        assert_eq!(outcome.hash, PdqHash([0; 4]), "{file}");
        assert_eq!(outcome.quality, 0, "{file}");
    }
    // On a flat image every bit is float rounding noise. This is the C++ core's value, with its
    // single-precision luma; the Python binding (luma in double precision) gives another one.
    let flat = hash_image(&fixture("flat.png")).unwrap();
    assert_eq!(flat.quality, 0);
    assert!(flat.quality < pdq::MIN_USEFUL_QUALITY);
    assert_eq!(
        flat.hash.to_hex(),
        "11340000113400001134000000000000000011342c4b11340000554b1134554b"
    );
}

#[test]
fn empty_and_unknown_bytes_are_refused() {
    assert!(matches!(hash_image(&[]), Err(MediaError::Empty)));
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert!(matches!(hash_image(&noise), Err(MediaError::NotAnImage)));
    assert!(matches!(
        hash_image(b"hello, world"),
        Err(MediaError::NotAnImage)
    ));
}

#[test]
fn truncated_and_corrupt_files_are_refused() {
    for file in [
        "scene.jpg",
        "progressive.jpg",
        "scene.png",
        "palette.gif",
        "lossless.webp",
    ] {
        let bytes = fixture(file);
        for cut in [bytes.len() / 2, bytes.len() * 9 / 10, 40] {
            let result = hash_image(&bytes[..cut]);
            assert!(
                matches!(result, Err(MediaError::Corrupt(_))),
                "{file} cut at {cut}: {result:?}"
            );
        }
    }
    // Scrambled entropy-coded data: an error or a (meaningless) hash, never a panic.
    let mut bytes = fixture("scene.jpg");
    let len = bytes.len();
    for byte in &mut bytes[len / 3..len - 2] {
        *byte = byte.wrapping_mul(31).wrapping_add(7);
    }
    let _ = hash_image(&bytes);
}

/// A PNG whose header claims `width`×`height` pixels, with one tiny (wrong) data chunk.
fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut crc = 0xffff_ffffu32;
        for &byte in kind.iter().chain(data) {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        out.extend_from_slice(&(!crc).to_be_bytes());
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &header);
    chunk(
        &mut png,
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    chunk(&mut png, b"IEND", &[]);
    png
}

#[test]
fn decompression_bombs_are_refused_before_decoding() {
    let result = hash_image(&png_claiming(50_000, 50_000));
    assert!(
        matches!(result, Err(MediaError::TooManyPixels(_))),
        "{result:?}"
    );
    let result = hash_image(&png_claiming(10_000, 10_000));
    assert!(
        matches!(result, Err(MediaError::TooManyPixels(_))),
        "{result:?}"
    );

    // A JPEG whose frame header claims 50,000×50,000.
    let mut jpeg = fixture("scene.jpg");
    let sof = jpeg
        .windows(2)
        .position(|w| w == [0xff, 0xc0])
        .expect("baseline frame header");
    jpeg[sof + 5..sof + 7].copy_from_slice(&50_000u16.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&50_000u16.to_be_bytes());
    let result = hash_image(&jpeg);
    assert!(
        matches!(result, Err(MediaError::TooManyPixels(_))),
        "{result:?}"
    );
}

#[test]
fn oversized_files_are_refused_unread() {
    let big = vec![0u8; canhgiac_media::decode::MAX_IMAGE_BYTES + 1];
    assert!(matches!(hash_image(&big), Err(MediaError::TooLarge { .. })));
}

#[test]
fn a_png_written_here_decodes_to_the_same_pixels() {
    let image = RgbImage::from_fn(33, 17, |x, y| image::Rgb([x as u8 * 7, y as u8 * 13, 99]));
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(image.as_raw(), 33, 17, image::ExtendedColorType::Rgb8)
        .unwrap();
    assert_eq!(decode_rgb(&png).unwrap(), image);
    assert_eq!(hash_image(&png).unwrap(), hash_rgb(&image));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn hashing_any_small_image_is_total_and_deterministic(
        width in 1u32..90,
        height in 1u32..90,
        seed in any::<u64>(),
    ) {
        let mut state = seed | 1;
        let image = RgbImage::from_fn(width, height, |_, _| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            image::Rgb([state as u8, (state >> 8) as u8, (state >> 16) as u8])
        });
        let outcome = hash_rgb(&image);
        prop_assert_eq!(outcome.hash.distance(&outcome.hash), 0);
        prop_assert_eq!(hash_rgb(&image), outcome);
        prop_assert!(outcome.quality <= 100);
        let (hashes, quality) = hash_rgb_dihedral(&image);
        prop_assert_eq!(quality, outcome.quality);
        if (width, height) != (64, 64) {
            prop_assert_eq!(hashes[0], outcome.hash);
        }
        if width < 5 || height < 5 {
            prop_assert_eq!(outcome.hash, PdqHash([0; 4]));
        }
    }

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = hash_image(&bytes);
        let mut jpeg = fixture("scene.jpg");
        jpeg.truncate(600);
        jpeg.extend_from_slice(&bytes);
        let _ = hash_image(&jpeg);
    }
}
