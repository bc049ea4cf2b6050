//! A closer second look at words shaped like wallet addresses that did not verify.
//!
//! Tesseract reads a wallet as it reads any word, with the whole Vietnamese and English
//! character set: `l` for `1`, `O` for `0`, a wrong letter case. Such a misread fails the
//! address's checksum. The word's box is then read again, larger and limited to the alphabet of
//! that kind of address; the new reading replaces the old only when its checksum verifies. A
//! checksum does not pass by chance, so this reads the screenshot more closely and never guesses:
//! a wallet that still fails stays as it was read and is shown as a look-alike.

use canhgiac_core::indicators::{extract, IndicatorKind};
use image::GrayImage;

use crate::prepare::upscale;
use crate::{read_line, OcrError, Reading};

/// One word Tesseract read, with its box in the prepared image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    pub text: String,
    /// Block, paragraph and line numbers: words of one line share them.
    pub line: (u32, u32, u32),
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
}

/// Most wallet-shaped words (or wrapped pairs) looked at again per screenshot.
const MAX_CANDIDATES: usize = 4;
/// Most closer readings per screenshot, all candidates and scales together: each is a small
/// Tesseract run, and a screenshot must stay well within its time.
const MAX_LINE_READS: usize = 4;
/// How much larger the closer readings see the word, in the order tried.
const REREAD_SCALES: [u32; 2] = [2, 1];

const BASE58: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const HEX: &str = "0123456789abcdefABCDEFx";
const BECH32: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7lb1";

/// The words of Tesseract's TSV output (level 5 rows).
pub(crate) fn words(tsv: &str) -> Vec<Word> {
    tsv.lines()
        .filter_map(|row| {
            let cols: Vec<&str> = row.split('\t').collect();
            if cols.len() < 12 || cols[0] != "5" {
                return None;
            }
            let n = |i: usize| cols.get(i).and_then(|c| c.trim().parse::<u32>().ok());
            let text = cols[11..].join("\t");
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            Some(Word {
                text: text.to_owned(),
                line: (n(2)?, n(3)?, n(4)?),
                left: n(6)?,
                top: n(7)?,
                width: n(8)?,
                height: n(9)?,
            })
        })
        .collect()
}

/// The alphabet of the address `token` looks like, when it has a wallet's prefix and length.
/// Lenient on purpose: the misreads this is for are exactly the characters a strict check refuses.
fn wallet_alphabet(token: &str) -> Option<&'static str> {
    if !token.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let lower = token.to_ascii_lowercase();
    let n = token.len();
    if (40..=44).contains(&n) && (lower.starts_with("0x") || lower.starts_with("ox")) {
        Some(HEX)
    } else if (40..=64).contains(&n) && ["bc1", "bcl", "bci"].iter().any(|p| lower.starts_with(p)) {
        Some(BECH32)
    } else if ((32..=36).contains(&n) && token.starts_with('T'))
        || ((25..=36).contains(&n)
            && token.starts_with(['1', '3'])
            && token.bytes().any(|b| b.is_ascii_alphabetic()))
    {
        Some(BASE58)
    } else {
        None
    }
}

/// The letters and digits of a word, without the punctuation a sentence puts around it.
fn core_of(text: &str) -> &str {
    text.trim_matches(|c: char| !c.is_ascii_alphanumeric())
}

/// Whether `text` is, as a whole, a wallet address whose checksum verifies.
fn verifies(text: &str) -> bool {
    extract(text).indicators.iter().any(|i| {
        matches!(
            i.kind,
            IndicatorKind::Btc | IndicatorKind::Eth | IndicatorKind::Trx
        ) && i.end - i.start == text.len()
    })
}

/// Words worth a second look: a wallet-shaped word that does not verify, or two words that end
/// one line and start the next and together have a wallet's shape (the bubble wrapped it).
fn candidates(words: &[Word]) -> Vec<(Vec<&Word>, &'static str)> {
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let token = core_of(&word.text);
        if let Some(alphabet) = wallet_alphabet(token) {
            if !verifies(token) {
                found.push((vec![word], alphabet));
            }
            continue;
        }
        let Some(next) = words.get(i + 1) else {
            continue;
        };
        let wraps = next.line != word.line && next.line.0 == word.line.0;
        let joined = format!("{}{}", core_of(&word.text), core_of(&next.text));
        if wraps && word.text.ends_with(|c: char| c.is_ascii_alphanumeric()) {
            if let Some(alphabet) = wallet_alphabet(&joined) {
                if !verifies(&joined) && wallet_alphabet(core_of(&next.text)).is_none() {
                    found.push((vec![word, next], alphabet));
                }
            }
        }
    }
    found.truncate(MAX_CANDIDATES);
    found
}

/// The word's box with a margin, enlarged `scale` times.
fn word_image(image: &GrayImage, word: &Word, scale: u32) -> Option<GrayImage> {
    let (w, h) = image.dimensions();
    let margin_y = word.height / 4 + 2;
    let margin_x = word.height + 4;
    let x0 = word.left.saturating_sub(margin_x);
    let y0 = word.top.saturating_sub(margin_y);
    let x1 = word
        .left
        .saturating_add(word.width)
        .saturating_add(margin_x)
        .min(w);
    let y1 = word
        .top
        .saturating_add(word.height)
        .saturating_add(margin_y)
        .min(h);
    if x1 <= x0 || y1 <= y0 {
        return None;
    }
    let crop = image::imageops::crop_imm(image, x0, y0, x1 - x0, y1 - y0).to_image();
    // Tesseract finds a line more reliably with white space around it.
    let pad = word.height / 2 + 8;
    let mut padded = GrayImage::from_pixel(
        crop.width() + 2 * pad,
        crop.height() + 2 * pad,
        image::Luma([255]),
    );
    image::imageops::replace(&mut padded, &crop, i64::from(pad), i64::from(pad));
    Some(if scale > 1 {
        upscale(padded, scale)
    } else {
        padded
    })
}

/// Reads a word again, limited to `alphabet`; its letters and digits only.
fn reread(
    image: &GrayImage,
    word: &Word,
    alphabet: &str,
    scale: u32,
) -> Result<Option<String>, OcrError> {
    let Some(enlarged) = word_image(image, word, scale) else {
        return Ok(None);
    };
    let text = read_line(&enlarged, alphabet)?;
    Ok(Some(
        text.chars().filter(char::is_ascii_alphanumeric).collect(),
    ))
}

/// The page's text with each wallet-shaped misread replaced by a closer reading that verifies.
pub(crate) fn reread_wallets(image: &GrayImage, reading: &Reading) -> String {
    let mut text = reading.text.clone();
    let mut budget = MAX_LINE_READS;
    for (words, alphabet) in candidates(&reading.words) {
        let mut wallet = None;
        for &scale in &REREAD_SCALES {
            if budget < words.len() {
                break;
            }
            budget -= words.len();
            wallet = reread_wallet(image, &words, alphabet, scale);
            if wallet.is_some() {
                break;
            }
        }
        let Some(wallet) = wallet else {
            continue;
        };
        // The first piece becomes the wallet; a piece on the next line goes.
        for (n, word) in words.iter().enumerate() {
            let with = if n == 0 { wallet.as_str() } else { "" };
            text = text.replacen(core_of(&word.text), with, 1);
        }
    }
    text
}

/// One closer reading of a wallet's pieces at `scale`; the wallet when it verifies.
fn reread_wallet(image: &GrayImage, words: &[&Word], alphabet: &str, scale: u32) -> Option<String> {
    let mut read = String::new();
    for word in words {
        read.push_str(&reread(image, word, alphabet, scale).ok()??);
    }
    wallet_within(&read)
}

/// The wallet in a closer reading, which may have caught a letter of the words beside it: the
/// whole reading if it verifies, else a window of it that verifies with a checksum.
fn wallet_within(read: &str) -> Option<String> {
    if wallet_alphabet(read).is_some() && verifies(read) {
        return Some(read.to_owned());
    }
    (0..read.len()).find_map(|start| {
        (25..=64)
            .filter_map(|len| read.get(start..start + len))
            .find(|window| wallet_alphabet(window).is_some() && verifies_with_checksum(window))
            .map(str::to_owned)
    })
}

/// Whether `text` verifies as a wallet whose form carries a checksum: base58check, bech32, or
/// EIP-55 mixed case. A single-case Ethereum address has no checksum, so pieces of hex joined
/// by chance would "verify"; those are never joined.
fn verifies_with_checksum(text: &str) -> bool {
    let eth_without_checksum = text.len() == 42
        && text.starts_with("0x")
        && !(text.bytes().any(|b| b.is_ascii_lowercase())
            && text[2..].bytes().any(|b| b.is_ascii_uppercase()));
    !eth_without_checksum && verifies(text)
}

/// Most words a wallet may have been cut into by gaps Tesseract took for spaces.
const MAX_PIECES: usize = 4;

/// Joins a wallet that OCR cut into pieces ("TJZVmecPKQPejbn 7 NMzP7u…": a wide glyph gap read as
/// a space, or a stray mark between the pieces), when the joined pieces verify with a checksum
/// and no piece does alone. Marks with no letter or digit between pieces are dropped with the gap.
pub(crate) fn join_split_wallets(text: &str) -> String {
    // Words with their byte spans; a paragraph break ends every run.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < words.len() {
        let joined = (2..=MAX_PIECES).find_map(|n| join_at(text, &words, i, n));
        match joined {
            Some((from, to, wallet, used)) => {
                out.push_str(&text[copied..from]);
                out.push_str(&wallet);
                copied = to;
                i += used;
            }
            None => i += 1,
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Tries words `i..` as `pieces` pieces of one wallet; on success, the byte span it replaces,
/// the wallet and the number of words used (marks between pieces included).
fn join_at(
    text: &str,
    words: &[(usize, usize)],
    i: usize,
    pieces: usize,
) -> Option<(usize, usize, String, usize)> {
    let mut cores: Vec<(usize, usize)> = Vec::with_capacity(pieces);
    let mut used = 0;
    for (n, &(s, e)) in words.get(i..)?.iter().enumerate() {
        let gap = if n == 0 {
            ""
        } else {
            &text[words[i + n - 1].1..s]
        };
        if gap.contains("\n\n") {
            return None;
        }
        let word = &text[s..e];
        let core = core_of(word);
        used = n + 1;
        if core.is_empty() {
            if n == 0 {
                return None;
            }
            continue;
        }
        let offset = s + (core.as_ptr() as usize - word.as_ptr() as usize);
        cores.push((offset, offset + core.len()));
        if cores.len() == pieces {
            break;
        }
        // Inside the wallet a piece has no punctuation after it, except the first's mark.
        if core.len() != word.len() && n > 0 && !word.ends_with(core) {
            return None;
        }
    }
    if cores.len() != pieces {
        return None;
    }
    let parts: Vec<&str> = cores.iter().map(|&(s, e)| &text[s..e]).collect();
    let wallet = parts.concat();
    if wallet_alphabet(&wallet).is_none()
        || !verifies_with_checksum(&wallet)
        || parts.iter().any(|p| verifies(p))
    {
        return None;
    }
    Some((cores[0].0, cores[pieces - 1].1, wallet, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, line: u32) -> Word {
        Word {
            text: text.into(),
            line: (1, 1, line),
            left: 0,
            top: 0,
            width: 10,
            height: 10,
        }
    }

    #[test]
    fn reads_words_from_tsv() {
        let tsv = "1\t1\t0\t0\t0\t0\t0\t0\t640\t480\t-1\t\n\
                   5\t1\t1\t1\t2\t3\t10\t20\t30\t40\t91.5\tví\n\
                   5\t1\t1\t1\t2\t4\t50\t20\t30\t40\t-1\t \n";
        let found = words(tsv);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "ví");
        assert_eq!(found[0].line, (1, 1, 2));
        assert_eq!(
            (found[0].left, found[0].top, found[0].width, found[0].height),
            (10, 20, 30, 40)
        );
    }

    #[test]
    fn picks_misread_wallets_and_wrapped_halves() {
        // A TRON address read with an `l` (not base58): wallet-shaped, does not verify.
        let misread = word("TK3un1kXFnmk4l8obRACbZN6M3mLxBYWML,", 1);
        let valid = word("TK3un1kXFnmk418obRACbZN6M3mLxBYWML", 1);
        let words = vec![
            misread,
            valid,
            word("TK3un1kXFnmk4l8obR", 1),
            word("ACbZN6M3mLxBYWML", 2),
        ];
        let found = candidates(&words);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0[0].text, words[0].text);
        assert_eq!(found[0].1, BASE58);
        assert_eq!(found[1].0.len(), 2);
        // Ordinary words are never candidates.
        assert!(candidates(&[word("thám", 1), word("tử", 2)]).is_empty());
    }

    #[test]
    fn shapes() {
        assert_eq!(wallet_alphabet(&format!("0x{}", "a".repeat(40))), Some(HEX));
        assert_eq!(wallet_alphabet(&format!("Ox{}", "a".repeat(40))), Some(HEX));
        assert_eq!(
            wallet_alphabet(&format!("bcl{}", "q".repeat(39))),
            Some(BECH32)
        );
        assert_eq!(wallet_alphabet("1234567890123456789012345678"), None);
        assert_eq!(wallet_alphabet("thám tử"), None);
        assert!(verifies("TK3un1kXFnmk418obRACbZN6M3mLxBYWML"));
        assert!(!verifies("TK3un1kXFnmk418obRACbZN6M3mLxBYWMM"));
    }

    #[test]
    fn joins_wallets_cut_by_false_spaces() {
        assert_eq!(
            join_split_wallets("địa chỉ TK3un1kXFnmk418 o bRACbZN6M3mLxBYWML. Các"),
            "địa chỉ TK3un1kXFnmk418obRACbZN6M3mLxBYWML. Các"
        );
        // A stray mark between pieces goes with the gap.
        assert_eq!(
            join_split_wallets("ví TK3un1kXFnmk418obRACbZN6M3 `... mLxBYWML..."),
            "ví TK3un1kXFnmk418obRACbZN6M3mLxBYWML..."
        );
        // Pieces that do not verify together stay apart; so does a paragraph break.
        assert_eq!(
            join_split_wallets("ví TK3un1kXFnmk418 obRACbZN6M3mLxBYWMM nhé"),
            "ví TK3un1kXFnmk418 obRACbZN6M3mLxBYWMM nhé"
        );
        assert_eq!(
            join_split_wallets("ví TK3un1kXFnmk418\n\nobRACbZN6M3mLxBYWML"),
            "ví TK3un1kXFnmk418\n\nobRACbZN6M3mLxBYWML"
        );
        // A valid wallet next to a word is left alone.
        assert_eq!(
            join_split_wallets("TK3un1kXFnmk418obRACbZN6M3mLxBYWML 7 ngày"),
            "TK3un1kXFnmk418obRACbZN6M3mLxBYWML 7 ngày"
        );
    }

    #[test]
    fn never_joins_single_case_hex() {
        let hex = "0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae";
        let split = format!("ví {} {}", &hex[..20], &hex[20..]);
        assert_eq!(join_split_wallets(&split), split);
    }
}
