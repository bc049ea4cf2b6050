//! Small character helpers shared by the extractors: boundaries, Vietnamese folding, separators.

/// The char that ends just before byte `i`, if `i` is a char boundary inside `text`.
pub(crate) fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// The char that starts at byte `i`, if `i` is a char boundary inside `text`.
pub(crate) fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// Letters, digits and `_` glue tokens together: an indicator must not touch one.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Invisible characters that obfuscators put between digits or letters.
pub(crate) fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Folds a Vietnamese letter to its lowercase ASCII base letter (`Ố` → `o`, `đ` → `d`).
/// ASCII chars are lowercased; other chars are returned unchanged. Avoids the Unicode case
/// tables: this runs on every word near a number.
pub(crate) fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match c {
        'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ' | 'ẩ'
        | 'ẫ' | 'ậ' | 'À' | 'Á' | 'Ả' | 'Ã' | 'Ạ' | 'Ă' | 'Ằ' | 'Ắ' | 'Ẳ' | 'Ẵ' | 'Ặ' | 'Â'
        | 'Ầ' | 'Ấ' | 'Ẩ' | 'Ẫ' | 'Ậ' => 'a',
        'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' | 'È' | 'É' | 'Ẻ' | 'Ẽ'
        | 'Ẹ' | 'Ê' | 'Ề' | 'Ế' | 'Ể' | 'Ễ' | 'Ệ' => 'e',
        'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' | 'Ì' | 'Í' | 'Ỉ' | 'Ĩ' | 'Ị' => 'i',
        'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ' | 'ở'
        | 'ỡ' | 'ợ' | 'Ò' | 'Ó' | 'Ỏ' | 'Õ' | 'Ọ' | 'Ô' | 'Ồ' | 'Ố' | 'Ổ' | 'Ỗ' | 'Ộ' | 'Ơ'
        | 'Ờ' | 'Ớ' | 'Ở' | 'Ỡ' | 'Ợ' => 'o',
        'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' | 'Ù' | 'Ú' | 'Ủ' | 'Ũ'
        | 'Ụ' | 'Ư' | 'Ừ' | 'Ứ' | 'Ử' | 'Ữ' | 'Ự' => 'u',
        'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' | 'Ỳ' | 'Ý' | 'Ỷ' | 'Ỹ' | 'Ỵ' => 'y',
        'đ' | 'Đ' => 'd',
        other => other,
    }
}

/// Folds a short word into `buf` as lowercase ASCII without diacritics.
/// Returns `None` when the word is longer than `buf` or contains a non-Latin char.
pub(crate) fn fold_word<'a>(word: &str, buf: &'a mut [u8]) -> Option<&'a str> {
    let mut n = 0;
    for c in word.chars() {
        let f = fold_char(c);
        if !f.is_ascii() || n >= buf.len() {
            return None;
        }
        buf[n] = f as u8;
        n += 1;
    }
    std::str::from_utf8(&buf[..n]).ok()
}

/// Start of the line containing byte `i`, looking back at most `max` bytes (then the char
/// boundary `max` bytes back): bounded so that per-number look-ups stay linear in total.
pub(crate) fn line_start(text: &str, i: usize, max: usize) -> usize {
    let i = floor_boundary(text, i);
    let from = floor_boundary(text, i.saturating_sub(max));
    memchr::memrchr(b'\n', &text.as_bytes()[from..i]).map_or(from, |p| from + p + 1)
}

/// End of the line containing byte `i` (its `\n` or the end of text), looking ahead at most
/// `max` bytes.
pub(crate) fn line_end(text: &str, i: usize, max: usize) -> usize {
    let i = ceil_boundary(text, i);
    let to = ceil_boundary(text, i.saturating_add(max));
    memchr::memchr(b'\n', &text.as_bytes()[i..to]).map_or(to, |p| i + p)
}

/// Largest char boundary of `text` that is `<= i`.
pub(crate) fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Smallest char boundary of `text` that is `>= i`.
pub(crate) fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_letters() {
        let mut buf = [0u8; 16];
        assert_eq!(fold_word("KHÔNG", &mut buf), Some("khong"));
        assert_eq!(fold_word("Đường", &mut buf), Some("duong"));
        assert_eq!(fold_word("tám", &mut buf), Some("tam"));
        assert_eq!(fold_word("ПРИВЕТ", &mut buf), None);
        assert_eq!(fold_word("abcdefghijklmnopq", &mut buf), None);
    }

    #[test]
    fn boundaries_are_safe() {
        let s = "aé\nb";
        assert_eq!(char_before(s, 3), Some('é'));
        assert_eq!(char_before(s, 2), None);
        assert_eq!(char_at(s, 1), Some('é'));
        assert_eq!(line_start(s, 5, 100), 4);
        assert_eq!(line_start(s, 5, 0), 5);
        assert_eq!(line_end(s, 0, 100), 3);
        assert_eq!(line_end(s, 0, 1), 1);
        assert_eq!(floor_boundary(s, 2), 1);
        assert_eq!(ceil_boundary(s, 2), 3);
    }
}
