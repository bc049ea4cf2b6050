//! OCR on chat screenshots rendered by `scripts/render-screenshots.py` from the team's own
//! messages (light, dark and blue-bubble themes; small and large text; PNG and twice
//! re-compressed JPEG), and on images that are not screenshots at all.

use std::io::Cursor;
use std::path::Path;

use canhgiac_ocr::{decode, recognise, OcrError};
use image::{GrayImage, ImageFormat, Luma, RgbImage};

const WALLET: &str = "TH5XXWVCPa8TcAvUAtSDZCPENTyTihohte";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .expect("fixture")
}

/// Letters and digits only, lower case, without diacritics: OCR's spacing, punctuation and
/// tone marks aside (the analysis folds diacritics too).
fn squeeze(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

const THREAT: &str = "Tôi là thám tử tư được thuê theo dõi anh. Tôi đang giữ ảnh nhạy cảm của \
    anh. Chuyển 3000 USDT vào ví TH5XXWVCPa8TcAvUAtSDZCPENTyTihohte trước 9h sáng mai, nếu \
    không tôi gửi cho vợ và sếp của anh. Gọi 0868 426 463.";

/// Share of the message's words that OCR read (diacritics aside).
fn word_recall(message: &str, read: &str) -> f64 {
    let seen: std::collections::HashSet<String> = read.split_whitespace().map(squeeze).collect();
    let words: Vec<String> = message
        .split_whitespace()
        .map(squeeze)
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().filter(|w| seen.contains(*w)).count() as f64 / words.len() as f64
}

#[test]
fn threats_read_back_in_every_theme() {
    for name in [
        "threat-light-small.png",
        "threat-dark-large.jpg",
        "threat-blue-small.png",
    ] {
        let read = recognise(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let recall = word_recall(THREAT, &read.text);
        assert!(
            recall >= 0.85,
            "{name}: word recall {recall:.2} in {:?}",
            read.text
        );
        // The wallet and the phone come back exactly.
        assert!(read.text.contains(WALLET), "{name}: {:?}", read.text);
        assert!(
            read.text.contains("0868 426 463"),
            "{name}: {:?}",
            read.text
        );
        assert!(
            read.confidence >= 60,
            "{name}: confidence {}",
            read.confidence
        );
    }
}

#[test]
fn everyday_message_reads_back() {
    let read = recognise(&fixture("everyday-dark-small.png")).unwrap();
    let message = "Mẹ ơi tối nay con về ăn cơm nhé, con mua thêm rau với trái cây rồi.";
    let recall = word_recall(message, &read.text);
    assert!(recall >= 0.85, "word recall {recall:.2} in {:?}", read.text);
}

fn encode(image: &GrayImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), format)
        .unwrap();
    bytes
}

/// CRC-32 (IEEE) of a PNG chunk's type and data.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A small PNG whose header claims 50,000 × 50,000 pixels: a decompression bomb.
fn png_bomb() -> Vec<u8> {
    let mut png = encode(&GrayImage::new(8, 8), ImageFormat::Png);
    // IHDR data starts at byte 16: width, height (big-endian), then the CRC after 13 bytes.
    png[16..20].copy_from_slice(&50_000u32.to_be_bytes());
    png[20..24].copy_from_slice(&50_000u32.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// A small JPEG whose frame header claims 50,000 × 50,000 pixels.
fn jpeg_bomb() -> Vec<u8> {
    let mut jpeg = encode(&GrayImage::new(8, 8), ImageFormat::Jpeg);
    let sof = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("baseline frame header");
    // FF C0, length (2), precision (1), height (2), width (2).
    jpeg[sof + 5..sof + 7].copy_from_slice(&50_000u16.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&50_000u16.to_be_bytes());
    jpeg
}

/// Whether an error is the one expected.
type ErrorCheck = fn(&OcrError) -> bool;

#[test]
fn bad_images_get_clear_errors() {
    let png = fixture("threat-light-small.png");
    let cases: Vec<(&str, Vec<u8>, ErrorCheck)> = vec![
        ("empty", Vec::new(), |e| matches!(e, OcrError::Empty)),
        (
            "text",
            b"T\xc3\xb4i l\xc3\xa0 th\xc3\xa1m t\xe1\xbb\xad".to_vec(),
            |e| matches!(e, OcrError::NotAnImage),
        ),
        ("truncated PNG", png[..png.len() / 3].to_vec(), |e| {
            matches!(e, OcrError::Corrupt(_))
        }),
        ("PNG bomb", png_bomb(), |e| {
            matches!(e, OcrError::TooManyPixels(_))
        }),
        ("JPEG bomb", jpeg_bomb(), |e| {
            matches!(e, OcrError::TooManyPixels(_))
        }),
        (
            "blank",
            encode(
                &GrayImage::from_pixel(600, 900, Luma([240])),
                ImageFormat::Png,
            ),
            |e| matches!(e, OcrError::NoText),
        ),
        (
            "over 20 MB",
            vec![0u8; canhgiac_ocr::MAX_IMAGE_BYTES + 1],
            |e| matches!(e, OcrError::TooLarge),
        ),
    ];
    for (name, bytes, expected) in cases {
        match recognise(&bytes) {
            Err(e) => {
                assert!(expected(&e), "{name}: unexpected error {e:?}");
                assert!(!e.to_string().is_empty());
            }
            Ok(read) => panic!("{name}: read {:?}", read.text),
        }
    }
}

#[test]
fn a_photo_without_text_is_not_a_message() {
    // Smooth colour gradients, as in a photo: no strokes to read.
    let photo = RgbImage::from_fn(640, 480, |x, y| {
        image::Rgb([(x / 3) as u8, (y / 2) as u8, ((x + y) / 5) as u8])
    });
    let mut bytes = Vec::new();
    photo
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg)
        .unwrap();
    assert!(decode(&bytes).is_ok());
    match recognise(&bytes) {
        Err(OcrError::NoText) => {}
        Ok(read) => assert!(
            squeeze(&read.text).len() < 8,
            "a gradient read as {:?}",
            read.text
        ),
        Err(other) => panic!("unexpected {other:?}"),
    }
}
