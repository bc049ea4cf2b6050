//! Deterministic identifiers: the same campaign, indicator or fingerprint gets the same id in
//! every export, so a partner's platform updates its object instead of adding a duplicate.

use uuid::Uuid;

/// Namespace of every id Cảnh Giác derives from its own content (a fixed random UUID).
const CANHGIAC_NAMESPACE: Uuid = Uuid::from_u128(0x617c_8779_4530_47f1_9be1_4990_c4d4_ebb2);

/// Namespace the STIX 2.1 specification fixes for SCO ids (section 2.9).
const STIX_SCO_NAMESPACE: Uuid = Uuid::from_u128(0x00ab_edb4_aa42_466c_9c01_fed2_3315_a9b7);

/// A UUIDv5 in Cảnh Giác's namespace over the parts, joined so that `("a|b", "c")` and
/// `("a", "b|c")` differ.
pub(crate) fn content_uuid(parts: &[&str]) -> Uuid {
    let mut name = Vec::new();
    for part in parts {
        name.extend_from_slice(part.len().to_string().as_bytes());
        name.push(b':');
        name.extend_from_slice(part.as_bytes());
        name.push(b'|');
    }
    Uuid::new_v5(&CANHGIAC_NAMESPACE, &name)
}

/// A STIX id `type--uuid` for a domain or relationship object, from stable content.
pub(crate) fn stix_id(object_type: &str, parts: &[&str]) -> String {
    let mut all = Vec::with_capacity(parts.len() + 1);
    all.push(object_type);
    all.extend_from_slice(parts);
    format!("{object_type}--{}", content_uuid(&all))
}

/// A STIX id for a cyber-observable, computed as the specification says: UUIDv5 in the SCO
/// namespace over the canonical JSON of the id-contributing properties, so that other producers
/// that see the same observable name it the same.
pub(crate) fn sco_id(object_type: &str, contributing: &serde_json::Value) -> String {
    let canonical = canonical_json(contributing);
    format!(
        "{object_type}--{}",
        Uuid::new_v5(&STIX_SCO_NAMESPACE, canonical.as_bytes())
    )
}

/// RFC 8785 canonical JSON for the values ids are computed from (objects, strings, integers):
/// keys sorted by UTF-16 code units, no whitespace, strings escaped minimally.
fn canonical_json(value: &serde_json::Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical_string(key, out);
                out.push(':');
                if let Some(inner) = map.get(key) {
                    write_canonical(inner, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::String(text) => write_canonical_string(text, out),
        other => out.push_str(&other.to_string()),
    }
}

fn write_canonical_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sco_ids_are_uuid5_over_canonical_json() {
        // Reference values: Python's uuid.uuid5 over json.dumps(sort_keys=True,
        // separators=(",", ":"), ensure_ascii=False), as python-stix2 computes SCO ids.
        let id = sco_id("url", &serde_json::json!({"value": "https://example.com"}));
        assert_eq!(id, "url--528ccb4e-e65b-57d2-8aef-9eca4c7fb79f");
        let id = sco_id("phone-number", &serde_json::json!({"value": "Số\n"}));
        assert_eq!(id, "phone-number--c41dbf31-836e-570f-b910-6566c0352b13");
    }

    #[test]
    fn parts_are_separated_unambiguously() {
        assert_ne!(content_uuid(&["a|b", "c"]), content_uuid(&["a", "b|c"]));
    }
}
