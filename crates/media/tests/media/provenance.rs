//! Provenance hints on small hand-made fixtures (see fixtures/provenance/make-fixtures.py).

use std::path::PathBuf;

use canhgiac_media::provenance::{inspect, C2paHint, ImageFormat, Provenance};

const DST: &str = "http://cv.iptc.org/newscodes/digitalsourcetype/";

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/provenance")
        .join(name)
}

fn fixture(name: &str) -> Vec<u8> {
    let path = fixture_path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn plain_images_carry_no_hints() {
    for (name, format) in [
        ("plain.jpg", ImageFormat::Jpeg),
        ("plain.png", ImageFormat::Png),
    ] {
        let p = inspect(&fixture(name));
        assert_eq!(
            p,
            Provenance {
                format: Some(format),
                ..Provenance::default()
            },
            "{name}"
        );
    }
}

#[test]
fn jpeg_xmp_declares_trained_algorithmic_media() {
    let p = inspect(&fixture("xmp-ai.jpg"));
    let expected = format!("{DST}trainedAlgorithmicMedia");
    assert_eq!(
        p.xmp_digital_source_type.as_deref(),
        Some(expected.as_str())
    );
    assert_eq!(p.digital_source_type.as_deref(), Some(expected.as_str()));
    assert_eq!(p.creator_tool.as_deref(), Some("Example Generator 1.0"));
    assert_eq!(p.c2pa, C2paHint::Absent);
    assert!(p.ai_generated_hint);
    assert_eq!(p.ai_signals, vec!["xmp:trainedAlgorithmicMedia".to_owned()]);
}

#[test]
fn jpeg_exif_software_make_and_model() {
    let p = inspect(&fixture("exif-software.jpg"));
    assert_eq!(p.software.as_deref(), Some("GIMP 2.10.34"));
    assert_eq!(p.camera_make.as_deref(), Some("Canon"));
    assert_eq!(p.camera_model.as_deref(), Some("Canon EOS 5D"));
    assert!(!p.ai_generated_hint);
    assert_eq!(p.digital_source_type, None);
}

#[test]
fn png_itxt_xmp_element_form() {
    let p = inspect(&fixture("xmp-ai.png"));
    assert_eq!(p.format, Some(ImageFormat::Png));
    assert_eq!(
        p.digital_source_type,
        Some(format!("{DST}compositeWithTrainedAlgorithmicMedia"))
    );
    assert!(p.ai_generated_hint);
}

#[test]
fn png_generation_parameters_are_a_hint() {
    let p = inspect(&fixture("sd-parameters.png"));
    assert!(p.ai_generated_hint);
    assert_eq!(p.ai_signals, vec!["png_text:parameters".to_owned()]);
    assert_eq!(p.digital_source_type, None);
}

#[test]
fn webp_xmp_resource_form_digital_capture_is_not_ai() {
    let p = inspect(&fixture("xmp-capture.webp"));
    assert_eq!(p.format, Some(ImageFormat::Webp));
    assert_eq!(p.digital_source_type, Some(format!("{DST}digitalCapture")));
    assert!(!p.ai_generated_hint);
}

#[test]
fn signed_c2pa_manifest_is_valid_and_declares_ai() {
    let p = inspect(&fixture("c2pa-signed.jpg"));
    let C2paHint::Valid {
        claim_generator,
        digital_source_type,
        signer,
    } = &p.c2pa
    else {
        panic!("expected a valid manifest, got {:?}", p.c2pa);
    };
    let expected = format!("{DST}trainedAlgorithmicMedia");
    assert_eq!(digital_source_type.as_deref(), Some(expected.as_str()));
    assert_eq!(claim_generator.as_deref(), Some("canhgiac-fixture 1.0"));
    assert_eq!(signer.as_deref(), Some("Canh Giac Test Signer"));
    assert_eq!(p.digital_source_type.as_deref(), Some(expected.as_str()));
    assert!(p.ai_generated_hint);
    assert!(p
        .ai_signals
        .contains(&"c2pa:trainedAlgorithmicMedia".to_owned()));
}

#[test]
fn tampered_pixels_make_the_manifest_invalid() {
    let p = inspect(&fixture("c2pa-tampered.jpg"));
    let C2paHint::Invalid {
        reason,
        digital_source_type,
        ..
    } = &p.c2pa
    else {
        panic!("expected an invalid manifest, got {:?}", p.c2pa);
    };
    assert!(reason.contains("dataHash.mismatch"), "{reason}");
    // what the manifest claimed is still reported, and still hints at AI
    assert_eq!(
        digital_source_type.as_deref(),
        Some(format!("{DST}trainedAlgorithmicMedia").as_str())
    );
    assert!(p
        .ai_signals
        .contains(&"c2pa_invalid:trainedAlgorithmicMedia".to_owned()));
}

#[test]
fn corrupt_manifest_store_is_invalid() {
    let p = inspect(&fixture("c2pa-corrupt.jpg"));
    assert!(
        matches!(p.c2pa, C2paHint::Invalid { .. }),
        "expected invalid, got {:?}",
        p.c2pa
    );
}

#[test]
fn unknown_and_hostile_input_yields_empty_hints() {
    assert_eq!(inspect(b""), Provenance::default());
    assert_eq!(inspect(b"not an image at all"), Provenance::default());
    // truncated headers and lying lengths must not panic
    let jpeg = fixture("xmp-ai.jpg");
    for cut in [3, 4, 5, 6, 20, 40, 100, jpeg.len() / 2] {
        let _ = inspect(&jpeg[..cut]);
    }
    let mut lying = vec![0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF];
    lying.extend_from_slice(b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta");
    let p = inspect(&lying);
    assert_eq!(p.format, Some(ImageFormat::Jpeg));
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&u32::MAX.to_be_bytes());
    png.extend_from_slice(b"iTXt");
    assert_eq!(inspect(&png).format, Some(ImageFormat::Png));
    let riff = b"RIFF\xff\xff\xff\xffWEBPXMP \xff\xff\xff\xff";
    assert_eq!(inspect(riff).format, Some(ImageFormat::Webp));
    // a JUMBF-looking blob that is not a manifest store
    let mut fake = fixture("plain.jpg");
    fake.extend_from_slice(b"jumbc2pa garbage");
    let _ = inspect(&fake);
}

#[test]
fn provenance_serialises_in_snake_case() {
    let p = inspect(&fixture("xmp-ai.jpg"));
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["format"], "jpeg");
    assert_eq!(json["c2pa"]["state"], "absent");
    assert_eq!(json["ai_generated_hint"], true);
    let back: Provenance = serde_json::from_value(json).unwrap();
    assert_eq!(back, p);
}

/// plain.jpg signed with the throwaway chain from make-c2pa-cert.sh, declaring an AI origin.
fn sign_plain_jpeg() -> Vec<u8> {
    let chain = fixture("c2pa-test-chain.pem");
    let key = fixture("c2pa-test.key");
    let signer =
        c2pa::create_signer::from_keys(&chain, &key, c2pa::SigningAlg::Es256, None).unwrap();
    let definition = serde_json::json!({
        "claim_generator_info": [{"name": "canhgiac-fixture", "version": "1.0"}],
        "title": "c2pa-signed.jpg",
        "assertions": [{
            "label": "c2pa.actions",
            "data": {"actions": [{
                "action": "c2pa.created",
                "digitalSourceType": format!("{DST}trainedAlgorithmicMedia"),
            }]}
        }]
    });
    let mut builder = c2pa::Builder::from_json(&definition.to_string()).unwrap();
    let mut source = std::io::Cursor::new(fixture("plain.jpg"));
    let mut dest = std::io::Cursor::new(Vec::new());
    builder
        .sign(signer.as_ref(), "image/jpeg", &mut source, &mut dest)
        .unwrap();
    dest.into_inner()
}

/// Signing in memory round-trips. With CANHGIAC_WRITE_FIXTURES set, the result replaces
/// c2pa-signed.jpg (then run make-fixtures.py to derive the tampered and corrupt copies).
#[test]
fn freshly_signed_image_reads_as_valid() {
    let signed = sign_plain_jpeg();
    let p = inspect(&signed);
    assert!(
        matches!(p.c2pa, C2paHint::Valid { .. }),
        "expected valid, got {:?}",
        p.c2pa
    );
    assert!(p.ai_generated_hint);
    if std::env::var_os("CANHGIAC_WRITE_FIXTURES").is_some() {
        std::fs::write(fixture_path("c2pa-signed.jpg"), signed).unwrap();
    }
}
