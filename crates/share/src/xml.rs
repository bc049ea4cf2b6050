//! Writing XML text safely: escaping markup and dropping characters XML 1.0 cannot carry at all
//! (most control characters), so any user-written advisory gives a well-formed document.

/// Whether XML 1.0 allows the character anywhere in a document.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Text content escaped (quotes stay readable: they need no escaping in content).
pub(crate) fn escape_text(text: &str) -> String {
    escape(text, false)
}

/// An attribute value escaped, for double-quoted attributes.
pub(crate) fn escape_attribute(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Appends `<name>text</name>` on its own indented line.
pub(crate) fn element(out: &mut String, indent: usize, name: &str, text: &str) {
    for _ in 0..indent {
        out.push_str("  ");
    }
    out.push('<');
    out.push_str(name);
    out.push('>');
    out.push_str(&escape_text(text));
    out.push_str("</");
    out.push_str(name);
    out.push_str(">\n");
}

/// Appends an opening or closing tag on its own indented line.
pub(crate) fn tag(out: &mut String, indent: usize, tag: &str) {
    for _ in 0..indent {
        out.push_str("  ");
    }
    out.push('<');
    out.push_str(tag);
    out.push_str(">\n");
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_and_drops() {
        assert_eq!(
            super::escape_attribute("a<b & \"c\"\u{0}\u{1b}đ"),
            "a&lt;b &amp; &quot;c&quot;đ"
        );
        assert_eq!(super::escape_text("\"c\" 'd' >"), "\"c\" 'd' &gt;");
    }
}
