//! Provenance hints read from an image's own bytes: C2PA Content Credentials, the IPTC/XMP
//! `DigitalSourceType`, EXIF `Software`/`Make`/`Model`, and the text chunks that common image
//! generators leave behind.
//!
//! Everything here is a *hint*. Metadata is trivially stripped or forged, so its absence proves
//! nothing, and its presence only tells what the file claims about itself. A valid C2PA manifest
//! means the claim is cryptographically intact, not that the signer is trustworthy (no trust list
//! is configured) nor that the picture is genuine. Nothing is fetched from the network: remote
//! manifests are reported by URL and never downloaded.

use std::cell::Cell;
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use serde::{Deserialize, Serialize};

/// IPTC digital source type vocabulary, as used by both C2PA actions and XMP.
const IPTC_DST_PREFIXES: [&str; 2] = [
    "http://cv.iptc.org/newscodes/digitalsourcetype/",
    "https://cv.iptc.org/newscodes/digitalsourcetype/",
];

/// Digital source types that declare the pixels were made (in whole or part) by an algorithm
/// rather than captured.
const SYNTHETIC_SOURCE_TYPES: [&str; 4] = [
    "trainedAlgorithmicMedia",
    "compositeWithTrainedAlgorithmicMedia",
    "algorithmicMedia",
    "compositeSynthetic",
];

/// PNG text keywords written by popular image-generation front ends (AUTOMATIC1111/Forge,
/// ComfyUI, InvokeAI, NovelAI).
const GENERATOR_PNG_KEYWORDS: [&str; 6] = [
    "parameters",
    "prompt",
    "workflow",
    "invokeai_metadata",
    "sd-metadata",
    "dream",
];

/// Substrings of `Software` / `CreatorTool` values naming image generators.
const GENERATOR_SOFTWARE: [&str; 9] = [
    "stable diffusion",
    "midjourney",
    "dall-e",
    "dall·e",
    "novelai",
    "comfyui",
    "invokeai",
    "automatic1111",
    "firefly",
];

/// Namespace of `Iptc4xmpExt:DigitalSourceType`.
const NS_IPTC_EXT: &[u8] = b"http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
/// Namespace of `xmp:CreatorTool`.
const NS_XMP: &[u8] = b"http://ns.adobe.com/xap/1.0/";
/// Namespace of `rdf:resource`.
const NS_RDF: &[u8] = b"http://www.w3.org/1999/02/22-rdf-syntax-ns#";

/// Longest XMP packet parsed; real packets are a few KiB (padding included).
const MAX_XMP_BYTES: usize = 1 << 20;
/// Longest metadata string kept in the report.
const MAX_FIELD_CHARS: usize = 256;
/// Most `ai_signals` entries kept.
const MAX_SIGNALS: usize = 16;

/// Container format recognised from the leading bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageFormat {
    Jpeg,
    Png,
    Webp,
    Gif,
    Tiff,
    Heif,
    Avif,
}

impl ImageFormat {
    fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
            Self::Gif => "image/gif",
            Self::Tiff => "image/tiff",
            Self::Heif => "image/heif",
            Self::Avif => "image/avif",
        }
    }
}

/// What the C2PA manifest store embedded in the file says, if there is one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum C2paHint {
    /// No manifest in the file (the usual case; says nothing about the image).
    #[default]
    Absent,
    /// A manifest whose signature and hashes check out. The signer is not checked against any
    /// trust list, so anyone with a certificate can produce this.
    Valid {
        claim_generator: Option<String>,
        digital_source_type: Option<String>,
        /// Organisation named in the signing certificate, as the certificate states it.
        signer: Option<String>,
    },
    /// A manifest is there but does not validate: tampered pixels, a broken signature, or a
    /// corrupt store. What it claimed is still reported, for what it is worth.
    Invalid {
        reason: String,
        claim_generator: Option<String>,
        digital_source_type: Option<String>,
    },
    /// The file only points at a manifest stored elsewhere; it is never fetched.
    Remote { url: String },
}

/// Provenance hints for one image. Never proof that an image is genuine or fake.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub struct Provenance {
    /// Container format, when recognised.
    pub format: Option<ImageFormat>,
    pub c2pa: C2paHint,
    /// IPTC digital source type: from a valid C2PA manifest first, else from XMP, else from an
    /// invalid manifest.
    pub digital_source_type: Option<String>,
    /// `Iptc4xmpExt:DigitalSourceType` as found in the XMP packet.
    pub xmp_digital_source_type: Option<String>,
    /// Some metadata declares the image synthetic or made by a known generator.
    pub ai_generated_hint: bool,
    /// Why `ai_generated_hint` is set, one short tag per clue (e.g. `xmp:trainedAlgorithmicMedia`).
    pub ai_signals: Vec<String>,
    /// EXIF `Software` (or a PNG `Software` text chunk).
    pub software: Option<String>,
    /// XMP `xmp:CreatorTool`.
    pub creator_tool: Option<String>,
    /// EXIF `Make`.
    pub camera_make: Option<String>,
    /// EXIF `Model`.
    pub camera_model: Option<String>,
}

/// Reads the provenance hints of an image held in memory. Never fails: unknown formats and
/// malformed metadata simply yield fewer hints.
pub fn inspect(bytes: &[u8]) -> Provenance {
    let Some(format) = sniff(bytes) else {
        return Provenance::default();
    };
    let parts = container_parts(format, bytes);
    let mut out = Provenance {
        format: Some(format),
        ..Provenance::default()
    };

    out.c2pa = read_c2pa(format, bytes);

    let xmp = parts.xmp.or_else(|| find_xmp_packet(bytes));
    let xmp_fields = xmp.map(parse_xmp).unwrap_or_default();
    out.xmp_digital_source_type = xmp_fields.digital_source_type;
    out.creator_tool = xmp_fields.creator_tool;

    let exif_fields = read_exif(format, bytes, parts.exif);
    out.software = exif_fields.software.or(parts.png_software);
    out.camera_make = exif_fields.make;
    out.camera_model = exif_fields.model;

    out.digital_source_type = match &out.c2pa {
        C2paHint::Valid {
            digital_source_type: Some(dst),
            ..
        } => Some(dst.clone()),
        C2paHint::Invalid {
            digital_source_type,
            ..
        } => out
            .xmp_digital_source_type
            .clone()
            .or_else(|| digital_source_type.clone()),
        _ => out.xmp_digital_source_type.clone(),
    };

    let mut signals = Vec::new();
    match &out.c2pa {
        C2paHint::Valid {
            digital_source_type: Some(dst),
            ..
        } if is_synthetic(dst) => signals.push(format!("c2pa:{}", short_dst(dst))),
        C2paHint::Invalid {
            digital_source_type: Some(dst),
            ..
        } if is_synthetic(dst) => signals.push(format!("c2pa_invalid:{}", short_dst(dst))),
        _ => {}
    }
    if let Some(dst) = &out.xmp_digital_source_type {
        if is_synthetic(dst) {
            signals.push(format!("xmp:{}", short_dst(dst)));
        }
    }
    for keyword in &parts.png_keywords {
        if GENERATOR_PNG_KEYWORDS
            .iter()
            .any(|k| k.eq_ignore_ascii_case(keyword))
        {
            signals.push(format!("png_text:{keyword}"));
        }
    }
    for (tag, value) in [
        ("software", &out.software),
        ("creator_tool", &out.creator_tool),
    ] {
        if let Some(value) = value {
            if names_generator(value) {
                signals.push(format!("{tag}:{value}"));
            }
        }
    }
    if exif_fields.user_comment_has_generation_parameters {
        signals.push("exif_user_comment:generation_parameters".to_owned());
    }
    signals.dedup();
    signals.truncate(MAX_SIGNALS);
    out.ai_generated_hint = !signals.is_empty();
    out.ai_signals = signals;
    out
}

/// Recognises the container from its magic bytes.
fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(ImageFormat::Webp)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(ImageFormat::Gif)
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some(ImageFormat::Tiff)
    } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        match &bytes[8..12] {
            b"avif" | b"avis" => Some(ImageFormat::Avif),
            b"heic" | b"heix" | b"heim" | b"heis" | b"mif1" | b"msf1" => Some(ImageFormat::Heif),
            _ => None,
        }
    } else {
        None
    }
}

/// Metadata blocks located by walking the container's own structure.
#[derive(Default)]
struct Parts<'a> {
    xmp: Option<&'a [u8]>,
    /// TIFF-structured EXIF payload (without the `Exif\0\0` prefix).
    exif: Option<&'a [u8]>,
    /// Keywords of PNG text chunks (tEXt, zTXt, iTXt), first 64.
    png_keywords: Vec<String>,
    png_software: Option<String>,
}

fn container_parts(format: ImageFormat, bytes: &[u8]) -> Parts<'_> {
    match format {
        ImageFormat::Jpeg => jpeg_parts(bytes),
        ImageFormat::Png => png_parts(bytes),
        ImageFormat::Webp => webp_parts(bytes),
        _ => Parts::default(),
    }
}

const JPEG_XMP_SIG: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const EXIF_SIG: &[u8] = b"Exif\0\0";

/// Walks JPEG marker segments up to the start of scan, where metadata segments end.
fn jpeg_parts(bytes: &[u8]) -> Parts<'_> {
    let mut parts = Parts::default();
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            break;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1; // fill byte
            continue;
        }
        if marker == 0xD9 || marker == 0xDA {
            break;
        }
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            i += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if len < 2 {
            break;
        }
        let Some(seg) = bytes.get(i + 4..i + 2 + len) else {
            break;
        };
        if marker == 0xE1 {
            if let Some(rest) = seg.strip_prefix(JPEG_XMP_SIG) {
                parts.xmp.get_or_insert(rest);
            } else if let Some(rest) = seg.strip_prefix(EXIF_SIG) {
                parts.exif.get_or_insert(rest);
            }
        }
        i += 2 + len;
    }
    parts
}

/// Walks PNG chunks up to IEND.
fn png_parts(bytes: &[u8]) -> Parts<'_> {
    let mut parts = Parts::default();
    let mut i = 8;
    while i + 8 <= bytes.len() {
        let len = u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        let Ok(len) = usize::try_from(len) else {
            break;
        };
        let kind = &bytes[i + 4..i + 8];
        let Some(data) = i.checked_add(8 + len).and_then(|end| bytes.get(i + 8..end)) else {
            break;
        };
        match kind {
            b"IEND" => break,
            b"eXIf" => {
                parts.exif.get_or_insert(data);
            }
            b"tEXt" | b"zTXt" | b"iTXt" => {
                let (keyword, rest) = split_nul(data);
                let keyword = String::from_utf8_lossy(keyword).into_owned();
                if kind == b"iTXt" {
                    // compression flag, method, language\0, translated keyword\0, text
                    if let Some((&flag, rest)) = rest.split_first() {
                        let rest = rest.get(1..).unwrap_or_default();
                        let (_lang, rest) = split_nul(rest);
                        let (_translated, text) = split_nul(rest);
                        if flag == 0 && keyword == "XML:com.adobe.xmp" {
                            parts.xmp.get_or_insert(text);
                        }
                    }
                } else if kind == b"tEXt" && keyword == "Software" {
                    parts.png_software = Some(clean_text(rest));
                }
                if parts.png_keywords.len() < 64 {
                    parts.png_keywords.push(keyword);
                }
            }
            _ => {}
        }
        // length, type, data, CRC
        i = match i.checked_add(12 + len) {
            Some(next) => next,
            None => break,
        };
    }
    parts
}

/// Walks the RIFF chunks of a WebP file.
fn webp_parts(bytes: &[u8]) -> Parts<'_> {
    let mut parts = Parts::default();
    let mut i = 12;
    while i + 8 <= bytes.len() {
        let fourcc = &bytes[i..i + 4];
        let len = u32::from_le_bytes([bytes[i + 4], bytes[i + 5], bytes[i + 6], bytes[i + 7]]);
        let Ok(len) = usize::try_from(len) else {
            break;
        };
        let Some(data) = i.checked_add(8 + len).and_then(|end| bytes.get(i + 8..end)) else {
            break;
        };
        match fourcc {
            b"XMP " => {
                parts.xmp.get_or_insert(data);
            }
            b"EXIF" => {
                parts
                    .exif
                    .get_or_insert(data.strip_prefix(EXIF_SIG).unwrap_or(data));
            }
            _ => {}
        }
        // chunks are padded to an even size
        i = match i.checked_add(8 + len + (len & 1)) {
            Some(next) => next,
            None => break,
        };
    }
    parts
}

fn split_nul(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(p) => (&data[..p], &data[p + 1..]),
        None => (data, &[]),
    }
}

/// Fallback for containers not walked above: the XMP packet is plain text framed by
/// `<x:xmpmeta` … `</x:xmpmeta>`.
fn find_xmp_packet(bytes: &[u8]) -> Option<&[u8]> {
    let start = find(bytes, b"<x:xmpmeta")?;
    let tail = &bytes[start..];
    let end = find(&tail[..tail.len().min(MAX_XMP_BYTES)], b"</x:xmpmeta>")?;
    Some(&tail[..end + b"</x:xmpmeta>".len()])
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut from = 0;
    while let Some(p) = haystack.get(from..)?.iter().position(|&b| b == first) {
        let at = from + p;
        if haystack.get(at..at + needle.len())? == needle {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[derive(Default)]
struct XmpFields {
    digital_source_type: Option<String>,
    creator_tool: Option<String>,
}

/// Which XMP property a text node belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum XmpProp {
    DigitalSourceType,
    CreatorTool,
}

fn xmp_prop(ns: &ResolveResult<'_>, prefix: Option<&[u8]>, local: &[u8]) -> Option<XmpProp> {
    let bound_to = |uri: &[u8], usual_prefix: &[u8]| match ns {
        ResolveResult::Bound(n) => n.as_ref() == uri,
        // tolerate a packet that forgot to declare the usual prefix
        _ => prefix == Some(usual_prefix),
    };
    if local == b"DigitalSourceType" && bound_to(NS_IPTC_EXT, b"Iptc4xmpExt") {
        Some(XmpProp::DigitalSourceType)
    } else if local == b"CreatorTool" && bound_to(NS_XMP, b"xmp") {
        Some(XmpProp::CreatorTool)
    } else {
        None
    }
}

/// Reads `Iptc4xmpExt:DigitalSourceType` and `xmp:CreatorTool` in any of the RDF forms
/// (attribute, element text, `rdf:resource`). Stops quietly at the first XML error.
fn parse_xmp(packet: &[u8]) -> XmpFields {
    let packet = &packet[..packet.len().min(MAX_XMP_BYTES)];
    let mut fields = XmpFields::default();
    let mut reader = NsReader::from_reader(packet);
    let mut open: Option<(XmpProp, String)> = None;
    while let Ok((ns, event)) = reader.read_resolved_event() {
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_start = matches!(event, Event::Start(_));
                let name = e.name();
                let element_prop = xmp_prop(
                    &ns,
                    name.prefix().map(|p| p.into_inner()),
                    e.local_name().into_inner(),
                );
                for attr in e.attributes().flatten() {
                    let (attr_ns, local) = reader.resolver().resolve_attribute(attr.key);
                    let prefix = attr.key.prefix().map(|p| p.into_inner());
                    let Ok(value) = attr.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    else {
                        continue;
                    };
                    if let Some(prop) = xmp_prop(&attr_ns, prefix, local.into_inner()) {
                        fields.set(prop, &value);
                    } else if let Some(prop) = element_prop {
                        let is_resource = local.into_inner() == b"resource"
                            && match &attr_ns {
                                ResolveResult::Bound(n) => n.as_ref() == NS_RDF,
                                _ => prefix == Some(b"rdf".as_slice()),
                            };
                        if is_resource {
                            fields.set(prop, &value);
                        }
                    }
                }
                if is_start {
                    open = element_prop.map(|p| (p, String::new()));
                }
            }
            Event::Text(t) => {
                if let (Some((_, buf)), Ok(text)) = (open.as_mut(), t.decode()) {
                    push_bounded(buf, &text);
                }
            }
            Event::CData(t) => {
                if let (Some((_, buf)), Ok(text)) = (open.as_mut(), t.decode()) {
                    push_bounded(buf, &text);
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, buf)) = open.as_mut() {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        buf.push(c);
                    } else if let Some(c) = r.decode().ok().and_then(|n| predefined_entity(&n)) {
                        buf.push(c);
                    }
                }
            }
            Event::End(_) => {
                if let Some((prop, buf)) = open.take() {
                    fields.set(prop, &buf);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        if fields.digital_source_type.is_some() && fields.creator_tool.is_some() {
            break;
        }
    }
    fields
}

impl XmpFields {
    /// Keeps the first non-empty value of each property.
    fn set(&mut self, prop: XmpProp, value: &str) {
        let value = truncate(value.trim());
        if value.is_empty() {
            return;
        }
        let slot = match prop {
            XmpProp::DigitalSourceType => &mut self.digital_source_type,
            XmpProp::CreatorTool => &mut self.creator_tool,
        };
        slot.get_or_insert(value);
    }
}

fn push_bounded(buf: &mut String, text: &str) {
    if buf.len() < MAX_FIELD_CHARS * 4 {
        buf.push_str(text);
    }
}

fn predefined_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

#[derive(Default)]
struct ExifFields {
    software: Option<String>,
    make: Option<String>,
    model: Option<String>,
    /// `UserComment` holds a Stable Diffusion style "Steps: …, Sampler: …" parameter block.
    user_comment_has_generation_parameters: bool,
}

fn read_exif(format: ImageFormat, bytes: &[u8], raw: Option<&[u8]>) -> ExifFields {
    let reader = exif::Reader::new();
    let parsed = match (raw, format) {
        (Some(tiff), _) => reader.read_raw(tiff.to_vec()),
        (None, ImageFormat::Tiff | ImageFormat::Heif | ImageFormat::Avif) => {
            reader.read_from_container(&mut Cursor::new(bytes))
        }
        (None, _) => return ExifFields::default(),
    };
    let Ok(exif) = parsed else {
        return ExifFields::default();
    };
    let ascii = |tag: exif::Tag| -> Option<String> {
        let field = exif.get_field(tag, exif::In::PRIMARY)?;
        match &field.value {
            exif::Value::Ascii(parts) => {
                let text = clean_text(parts.first()?);
                (!text.is_empty()).then_some(text)
            }
            _ => None,
        }
    };
    let user_comment = exif
        .get_field(exif::Tag::UserComment, exif::In::PRIMARY)
        .and_then(|f| match &f.value {
            exif::Value::Undefined(data, _) => Some(user_comment_text(data)),
            _ => None,
        })
        .unwrap_or_default();
    ExifFields {
        software: ascii(exif::Tag::Software),
        make: ascii(exif::Tag::Make),
        model: ascii(exif::Tag::Model),
        user_comment_has_generation_parameters: user_comment.contains("Steps:")
            && (user_comment.contains("Sampler:") || user_comment.contains("CFG scale:")),
    }
}

/// Decodes an EXIF `UserComment`: an 8-byte character-code header, then ASCII or UCS-2 text.
fn user_comment_text(data: &[u8]) -> String {
    let (code, body) = data.split_at(data.len().min(8));
    let body = &body[..body.len().min(64 * 1024)];
    if code.starts_with(b"UNICODE") {
        let big_endian = body.first() == Some(&0);
        let units: Vec<u16> = body
            .chunks_exact(2)
            .map(|c| {
                if big_endian {
                    u16::from_be_bytes([c[0], c[1]])
                } else {
                    u16::from_le_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(body).into_owned()
    }
}

thread_local! {
    /// c2pa keeps its settings per thread.
    static C2PA_CONFIGURED: Cell<bool> = const { Cell::new(false) };
}

/// Turns off everything in c2pa that could reach the network. The crate is built without
/// remote-manifest fetching anyway; this keeps it off should that feature ever be unified in.
fn configure_c2pa() {
    if C2PA_CONFIGURED.get() {
        return;
    }
    let settings = r#"{"verify": {"remote_manifest_fetch": false, "ocsp_fetch": false}}"#;
    if c2pa::settings::load_settings_from_str(settings, "json").is_ok() {
        C2PA_CONFIGURED.set(true);
    }
}

/// Validates the embedded C2PA manifest store, if any. Panics inside the parser are contained:
/// hostile input must not take the caller down.
fn read_c2pa(format: ImageFormat, bytes: &[u8]) -> C2paHint {
    if !may_hold_c2pa(format, bytes) {
        return C2paHint::Absent;
    }
    configure_c2pa();
    let result = catch_unwind(AssertUnwindSafe(|| {
        c2pa::Reader::from_stream(format.mime(), Cursor::new(bytes))
    }));
    let reader = match result {
        Ok(Ok(reader)) => reader,
        Ok(Err(c2pa::Error::JumbfNotFound | c2pa::Error::ProvenanceMissing)) => {
            return C2paHint::Absent
        }
        Ok(Err(c2pa::Error::RemoteManifestUrl(url))) => {
            return C2paHint::Remote {
                url: truncate(&url),
            }
        }
        Ok(Err(e)) => {
            return C2paHint::Invalid {
                reason: truncate(&e.to_string()),
                claim_generator: None,
                digital_source_type: None,
            }
        }
        Err(_) => {
            return C2paHint::Invalid {
                reason: "manifest store could not be parsed".to_owned(),
                claim_generator: None,
                digital_source_type: None,
            }
        }
    };
    let manifest = reader.active_manifest();
    let claim_generator = manifest.and_then(claim_generator);
    let digital_source_type = manifest.and_then(manifest_source_type);
    let Some(manifest) = manifest else {
        return C2paHint::Invalid {
            reason: "no active manifest".to_owned(),
            claim_generator,
            digital_source_type,
        };
    };
    match reader.validation_state() {
        c2pa::ValidationState::Invalid => {
            let codes: Vec<&str> = reader
                .validation_status()
                .unwrap_or_default()
                .iter()
                .map(|s| s.code())
                .filter(|c| *c != c2pa::validation_status::SIGNING_CREDENTIAL_UNTRUSTED)
                .take(6)
                .collect();
            let reason = if codes.is_empty() {
                "validation failed".to_owned()
            } else {
                codes.join(", ")
            };
            C2paHint::Invalid {
                reason: truncate(&reason),
                claim_generator,
                digital_source_type,
            }
        }
        c2pa::ValidationState::Valid | c2pa::ValidationState::Trusted => C2paHint::Valid {
            claim_generator,
            digital_source_type,
            signer: manifest
                .signature_info()
                .and_then(|s| s.issuer.as_deref())
                .map(truncate),
        },
    }
}

/// Cheap pre-check so that files without any JUMBF box never reach the c2pa parser.
fn may_hold_c2pa(format: ImageFormat, bytes: &[u8]) -> bool {
    find(bytes, b"jumb").is_some()
        || find(bytes, b"c2pa").is_some()
        // a remote manifest is only referenced from XMP
        || (format != ImageFormat::Tiff && find(bytes, b"dcterms:provenance").is_some())
}

fn claim_generator(manifest: &c2pa::Manifest) -> Option<String> {
    if let Some(info) = manifest
        .claim_generator_info
        .as_ref()
        .and_then(|v| v.first())
    {
        let name = match &info.version {
            Some(version) => format!("{} {}", info.name, version),
            None => info.name.clone(),
        };
        return Some(truncate(&name));
    }
    manifest.claim_generator().map(truncate)
}

/// The `digitalSourceType` of the manifest's actions, preferring the `c2pa.created` action.
fn manifest_source_type(manifest: &c2pa::Manifest) -> Option<String> {
    let mut first = None;
    for assertion in manifest.assertions() {
        if !assertion.label().starts_with("c2pa.actions") {
            continue;
        }
        let Ok(value) = assertion.value() else {
            continue;
        };
        let Some(actions) = value.get("actions").and_then(|a| a.as_array()) else {
            continue;
        };
        for action in actions {
            let Some(dst) = action.get("digitalSourceType").and_then(|d| d.as_str()) else {
                continue;
            };
            if action.get("action").and_then(|a| a.as_str()) == Some("c2pa.created") {
                return Some(truncate(dst));
            }
            first.get_or_insert_with(|| truncate(dst));
        }
    }
    first
}

/// Last path segment of an IPTC digital source type URI (`trainedAlgorithmicMedia`).
fn short_dst(dst: &str) -> &str {
    let dst = dst.trim();
    for prefix in IPTC_DST_PREFIXES {
        if let Some(rest) = dst.strip_prefix(prefix) {
            return rest;
        }
    }
    dst.rsplit(['/', ':']).next().unwrap_or(dst)
}

fn is_synthetic(dst: &str) -> bool {
    let short = short_dst(dst);
    SYNTHETIC_SOURCE_TYPES
        .iter()
        .any(|s| s.eq_ignore_ascii_case(short))
}

fn names_generator(value: &str) -> bool {
    let lower = value.to_lowercase();
    GENERATOR_SOFTWARE.iter().any(|g| lower.contains(g))
}

/// Metadata text as a bounded, printable string.
fn clean_text(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    truncate(text.trim_matches(|c: char| c == '\0' || c.is_whitespace()))
}

fn truncate(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .take(MAX_FIELD_CHARS)
        .collect()
}
