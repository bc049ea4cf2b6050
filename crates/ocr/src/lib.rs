//! Cảnh Giác OCR: a phone screenshot in, the text of the message out.
//!
//! The image is decoded in memory (never written anywhere), cleaned up for a chat screenshot
//! ([`prepare`]: grayscale, dark mode and coloured bubbles turned into dark text on white, small
//! text scaled up) and read by Tesseract with the Vietnamese and English models. The text then
//! goes through the same analysis as pasted text; OCR never "corrects" what it read, so a misread
//! wallet fails its checksum and shows as a look-alike.

use std::cell::RefCell;
use std::io::Cursor;

use image::{DynamicImage, GrayImage, ImageReader, Limits};

mod prepare;
mod wallets;

use wallets::{join_split_wallets, reread_wallets, words, Word};

pub use prepare::{prepare, Prepared};

/// Largest image file accepted, in bytes.
pub const MAX_IMAGE_BYTES: usize = 20 * 1024 * 1024;
/// Largest side accepted, in pixels: a very tall chat export fits, a decompression bomb does not.
pub const MAX_SIDE: u32 = 12_000;
/// Most memory the decoder may allocate.
const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;
/// Tesseract language models, Vietnamese first (`CANHGIAC_OCR_LANGUAGES` overrides).
pub const LANGUAGES: &str = "vie+eng";

#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    #[error("the image is empty (0 bytes)")]
    Empty,
    #[error("the image is larger than {MAX_IMAGE_BYTES} bytes")]
    TooLarge,
    #[error("not an image this reader knows (PNG, JPEG, WebP, GIF, BMP)")]
    NotAnImage,
    #[error("the image is too large to read ({0})")]
    TooManyPixels(String),
    #[error("the image is damaged or cut off: {0}")]
    Corrupt(String),
    #[error("no text was found in the image")]
    NoText,
    #[error("the OCR engine failed: {0}")]
    Engine(String),
}

/// What OCR read.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognised {
    /// The text, lines as Tesseract found them.
    pub text: String,
    /// Tesseract's mean word confidence, 0–100.
    pub confidence: i32,
    /// Size of the decoded image.
    pub width: u32,
    pub height: u32,
}

/// Decodes an image from memory with size limits.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, OcrError> {
    if bytes.is_empty() {
        return Err(OcrError::Empty);
    }
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(OcrError::TooLarge);
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| OcrError::Corrupt(e.to_string()))?;
    if reader.format().is_none() {
        return Err(OcrError::NotAnImage);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    reader.decode().map_err(|e| match e {
        image::ImageError::Limits(l) => OcrError::TooManyPixels(l.to_string()),
        image::ImageError::Unsupported(_) => OcrError::NotAnImage,
        other => OcrError::Corrupt(other.to_string()),
    })
}

thread_local! {
    /// Loading the models takes a while; each thread keeps its engine.
    static ENGINE: RefCell<Option<tesseract::Tesseract>> = const { RefCell::new(None) };
}

fn engine() -> Result<tesseract::Tesseract, OcrError> {
    let taken = ENGINE.with(|cell| cell.borrow_mut().take());
    if let Some(engine) = taken {
        return Ok(engine);
    }
    let languages = std::env::var("CANHGIAC_OCR_LANGUAGES").unwrap_or_else(|_| LANGUAGES.into());
    let engine = tesseract::Tesseract::new(None, Some(&languages)).map_err(|e| {
        OcrError::Engine(format!(
            "{e} (are tesseract-ocr-vie and tesseract-ocr-eng installed?)"
        ))
    })?;
    let engine = engine
        .set_variable("debug_file", "/dev/null")
        .map_err(|e| OcrError::Engine(e.to_string()))?;
    Ok(engine)
}

/// What one reading of an image gave.
struct Reading {
    text: String,
    confidence: i32,
    /// Tesseract's words with their boxes (TSV), for a closer second look at some of them.
    words: Vec<Word>,
}

/// Reads the text of a prepared grayscale image.
pub fn read(image: &GrayImage) -> Result<(String, i32), OcrError> {
    read_page(image).map(|reading| (reading.text, reading.confidence))
}

fn frame_size(image: &GrayImage) -> Result<(i32, i32), OcrError> {
    Ok((
        i32::try_from(image.width()).map_err(|_| OcrError::TooManyPixels("width".into()))?,
        i32::try_from(image.height()).map_err(|_| OcrError::TooManyPixels("height".into()))?,
    ))
}

fn engine_error(e: impl std::fmt::Display) -> OcrError {
    OcrError::Engine(e.to_string())
}

fn read_page(image: &GrayImage) -> Result<Reading, OcrError> {
    let (width, height) = frame_size(image)?;
    let mut engine = engine()?
        .set_frame(image.as_raw(), width, height, 1, width)
        .map_err(engine_error)?
        .set_source_resolution(300)
        .recognize()
        .map_err(engine_error)?;
    let text = engine.get_text().map_err(engine_error)?;
    let tsv = engine.get_tsv_text(0).map_err(engine_error)?;
    let confidence = engine.mean_text_conf();
    ENGINE.with(|cell| *cell.borrow_mut() = Some(engine));
    Ok(Reading {
        text,
        confidence,
        words: words(&tsv),
    })
}

/// Reads one line of an image with Tesseract limited to `alphabet`. The engine's settings are
/// put back before it is kept; an engine that failed half-way is dropped, never reused.
fn read_line(image: &GrayImage, alphabet: &str) -> Result<String, OcrError> {
    let (width, height) = frame_size(image)?;
    let mut engine = engine()?
        .set_variable("tessedit_char_whitelist", alphabet)
        .map_err(engine_error)?;
    engine.set_page_seg_mode(tesseract::PageSegMode::PsmSingleLine);
    let mut engine = engine
        .set_frame(image.as_raw(), width, height, 1, width)
        .map_err(engine_error)?
        .set_source_resolution(300)
        .recognize()
        .map_err(engine_error)?;
    let text = engine.get_text().map_err(engine_error)?;
    let mut engine = engine
        .set_variable("tessedit_char_whitelist", "")
        .map_err(engine_error)?;
    // The API's default mode, which the page reading uses.
    engine.set_page_seg_mode(tesseract::PageSegMode::PsmSingleBlock);
    ENGINE.with(|cell| *cell.borrow_mut() = Some(engine));
    Ok(text)
}

/// Decodes, prepares and reads a screenshot.
pub fn recognise(bytes: &[u8]) -> Result<Recognised, OcrError> {
    let image = decode(bytes)?;
    let (width, height) = (image.width(), image.height());
    let prepared = prepare(&image);
    drop(image);
    if prepared.blank {
        return Err(OcrError::NoText);
    }
    let reading = read_page(&prepared.image)?;
    let raw = reread_wallets(&prepared.image, &reading);
    let confidence = reading.confidence;
    let text = join_split_wallets(&tidy(&raw));
    if text.trim().is_empty() {
        return Err(OcrError::NoText);
    }
    Ok(Recognised {
        text,
        confidence,
        width,
        height,
    })
}

/// Joins Tesseract's output into message text. Inside a paragraph, Tesseract's line breaks are
/// where the chat bubble wrapped the text, so they become spaces; paragraphs (blank lines) stay.
/// A wallet or link too long for one line is wrapped in the middle: see [`wrapped_token`].
fn tidy(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank_run = 0;
    for line in raw.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            let separator = if blank_run > 0 {
                "\n\n"
            } else if wrapped_token(last_word(&out), first_word(line)) {
                ""
            } else {
                " "
            };
            out.push_str(separator);
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

fn last_word(text: &str) -> &str {
    text.rsplit(char::is_whitespace).next().unwrap_or("")
}

fn first_word(text: &str) -> &str {
    text.split(char::is_whitespace).next().unwrap_or("")
}

/// Characters of wallets and links.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "/:.-_?=&%#+~".contains(c)
}

/// Whether a line that ends with `end` and a next line that starts with `start` are one token cut
/// by the bubble's width. Only when the whole is worth more than the parts: a wallet whose
/// checksum verifies only when joined (a checksum cannot pass by chance, so this reassembles and
/// never corrects), or a link whose path goes on (the first part ends inside a path, or the
/// second is a run of path characters).
fn wrapped_token(end: &str, start: &str) -> bool {
    use canhgiac_core::indicators::{extract, IndicatorKind};
    let start = start.trim_end_matches([',', ';', ')', '"', '\'']);
    if end.len() < 6 || start.is_empty() || !end.chars().chain(start.chars()).all(is_token_char) {
        return false;
    }
    let joined = format!("{end}{start}");
    let is_wallet = |kind: IndicatorKind| {
        matches!(
            kind,
            IndicatorKind::Btc | IndicatorKind::Eth | IndicatorKind::Trx
        )
    };
    let wallets = |text: &str| -> Vec<String> {
        extract(text)
            .indicators
            .into_iter()
            .filter(|i| is_wallet(i.kind))
            .map(|i| i.value)
            .collect()
    };
    let parts: Vec<String> = wallets(end).into_iter().chain(wallets(start)).collect();
    if wallets(&joined).iter().any(|w| !parts.contains(w)) {
        return true;
    }
    let link = extract(end).indicators.into_iter().any(|i| {
        i.kind == IndicatorKind::Url && end.contains(i.value.rsplit("://").next().unwrap_or(""))
    });
    let in_path = end.contains("://") && end.splitn(4, '/').nth(3).is_some();
    link && in_path
        && (end.ends_with(['/', '-', '_', '=', '?', '&', '.'])
            || start.starts_with(['/', '-', '_', '=', '?', '&'])
            || (start.len() >= 6 && start.chars().any(|c| c.is_ascii_digit())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_keeps_paragraphs() {
        assert_eq!(tidy("a  \nb\n\n\n c\n \n"), "a b\n\nc");
    }

    #[test]
    fn tidy_rejoins_wrapped_wallets_and_links_only() {
        // A TRON address cut by the bubble: joined because only the whole verifies.
        assert_eq!(
            tidy("vào ví TH5XXWVCPa8TcAvUAtSD\nZCPENTyTihohte trước 9h"),
            "vào ví TH5XXWVCPa8TcAvUAtSDZCPENTyTihohte trước 9h"
        );
        // A wallet that ends a line is left alone.
        assert_eq!(
            tidy("ví TH5XXWVCPa8TcAvUAtSDZCPENTyTihohte\ntrước 9h"),
            "ví TH5XXWVCPa8TcAvUAtSDZCPENTyTihohte trước 9h"
        );
        // A misread wallet stays apart: nothing verifies.
        assert_eq!(
            tidy("ví TH5XXWVCPa8TcAvUAtSD\nZCPENTyTihohtx nhé"),
            "ví TH5XXWVCPa8TcAvUAtSD ZCPENTyTihohtx nhé"
        );
        // A link whose path goes on.
        assert_eq!(
            tidy("tại https://drive.google.com/drive/folders/1qZx8\nTnLw4KcR2mVb7 nhé"),
            "tại https://drive.google.com/drive/folders/1qZx8TnLw4KcR2mVb7 nhé"
        );
        // A link followed by an ordinary word on the next line.
        assert_eq!(
            tidy("xem https://vi.wikipedia.org/wiki\nngay"),
            "xem https://vi.wikipedia.org/wiki ngay"
        );
        assert_eq!(tidy("vào https://abc.vn\nnhé"), "vào https://abc.vn nhé");
    }

    #[test]
    fn rejects_what_is_not_an_image() {
        assert!(matches!(decode(b""), Err(OcrError::Empty)));
        assert!(matches!(
            decode(b"hello, not an image"),
            Err(OcrError::NotAnImage)
        ));
        let mut png = Vec::new();
        GrayImage::new(4, 4)
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        assert!(decode(&png).is_ok());
        assert!(matches!(
            decode(&png[..png.len() / 2]),
            Err(OcrError::Corrupt(_))
        ));
    }
}
