//! Integration tests of the Cảnh Giác core: normalisation properties, span invariants of the
//! analysis, robustness on hostile input, the labelled fixture, advice, cues and scoring.
//!
//! Everything read here lives in this repository (`tests/fixtures`, `tests/snapshots`).

use std::collections::BTreeMap;

use canhgiac_core::advice::{self, Advice, AdviceId};
use canhgiac_core::analysis::{Analysis, Analyzer, FlagSpan, BUILTIN_CUES, MAX_TEXT_BYTES};
use canhgiac_core::corpus::{self, LabelledMessage};
use canhgiac_core::cues::{CueError, CueSection, CueSet};
use canhgiac_core::indicators::{Indicator, IndicatorKind};
use canhgiac_core::model::{Model, ModelFile};
use canhgiac_core::normalize::{diacritics, normalize, UNREAD};
use canhgiac_core::taxonomy::{Label, Language, RedFlag, Risk, ScamType};
use proptest::prelude::*;
use serde_json::Value;

/// Longest excerpt the analysis shows for a red flag (bytes).
const MAX_EXCERPT: usize = 160;

const MESSAGES: &str = include_str!("fixtures/messages.jsonl");

/// A valid TRON (USDT TRC20) address made for these tests, and a copy with a broken checksum.
const TRX_VALID: &str = "TK3un1kXFnmk418obRACbZN6M3mLxBYWML";
const TRX_BROKEN: &str = "TK3un1kXFnmk418obRACbZN6M3mLxBYWMM";

fn analyzer() -> &'static Analyzer {
    match Analyzer::builtin() {
        Ok(a) => a,
        Err(e) => panic!("the built-in analyzer does not load: {e}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------------

fn pick(items: &'static [&'static str]) -> BoxedStrategy<String> {
    prop::sample::select(items).prop_map(String::from).boxed()
}

const VIETNAMESE: &[&str] = &[
    "á",
    "à",
    "ả",
    "ã",
    "ạ",
    "ă",
    "ắ",
    "ằ",
    "ẳ",
    "ẵ",
    "ặ",
    "â",
    "ấ",
    "ầ",
    "ẩ",
    "ẫ",
    "ậ",
    "đ",
    "Đ",
    "é",
    "ê",
    "ế",
    "ề",
    "ể",
    "ễ",
    "ệ",
    "í",
    "ì",
    "ỉ",
    "ĩ",
    "ị",
    "ó",
    "ô",
    "ố",
    "ồ",
    "ơ",
    "ớ",
    "ờ",
    "ở",
    "ỡ",
    "ợ",
    "ú",
    "ư",
    "ứ",
    "ừ",
    "ử",
    "ữ",
    "ự",
    "ý",
    "ỳ",
    "ỷ",
    "ỹ",
    "ỵ",
    "Ư",
    "Ữ",
    "Ơ",
    "Ế",
    // Decomposed forms: base letter and combining marks.
    "a\u{0301}",
    "o\u{031B}\u{0300}",
    "u\u{031B}\u{0303}",
    "e\u{0302}\u{0323}",
    "Thám",
    "tử",
    "tư",
    "vợ",
    "chuyển",
    "tiền",
    "gửi",
    "nhạy cảm",
    "TRƯỚC",
    "Ảnh",
];

const LOOKALIKES: &[&str] = &[
    "а", "о", "е", "с", "р", "х", "у", "і", "ј", "ѕ", "һ", "к", "м", "т", "в", "н", "А", "О", "Е",
    "С", "Р", "Х", "Α", "Β", "Ε", "Η", "Ι", "Κ", "Μ", "Ν", "Ο", "Ρ", "Τ", "Υ", "Χ", "α", "ο", "ν",
    "ρ", "τ", "υ", "ω", "σ", "ς", "ι", "κ", "ｕ", "Ｓ", "Ｄ", "Ｔ", "１", "ı", "ł", "ø",
];

const INVISIBLE: &[&str] = &[
    "\u{200B}", "\u{200C}", "\u{200D}", "\u{FEFF}", "\u{00AD}", "\u{2060}", "\u{202E}", "\u{0301}",
    "\u{0300}", "\u{FE0F}",
];

const SEPARATORS: &[&str] = &[
    ".", "-", "_", "*", " ", "  ", "    ", ". ", " - ", ", ", "\n", "\r\n", "\t", "\u{00A0}",
    "\u{3000}", "\u{2028}", "/", "|",
];

const EMOJI: &[&str] = &[
    "😀",
    "🔥",
    "👍",
    "👍🏽",
    "❤️",
    "🇻🇳",
    "👨‍👩‍👧",
    "💰",
    "📹",
    "⚠️",
    "🙏",
];

const WORDS: &[&str] = &[
    "ko", "k", "khg", "ck", "vk", "stk", "dc", "j", "r", "u", "ng", "tk", "v1de0", "th0ng", "ba0",
    "mp4", "h0k", "b4", "tien", "5tr", "usdt", "trc20", "clip", "a", "b", "x", "0", "1", "7",
];

/// Text mixing arbitrary Unicode with the kinds of characters normalisation treats specially.
fn messy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => any::<String>(),
        3 => pick(VIETNAMESE),
        2 => pick(LOOKALIKES),
        2 => pick(INVISIBLE),
        2 => "[0-9]{1,4}".boxed(),
        4 => pick(SEPARATORS),
        3 => "[a-zA-Z]".boxed(),
        1 => pick(EMOJI),
        3 => pick(WORDS),
        1 => "[\\x00-\\x1f\\x7f]{1,3}".boxed(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|parts| parts.concat())
}

/// Single letters (some accented or look-alike) split by separators: `t.h.á.m t.ử`.
fn split_letters() -> impl Strategy<Value = String> {
    let letter = prop_oneof!["[a-zA-Z0-9]".boxed(), pick(VIETNAMESE), pick(LOOKALIKES),];
    prop::collection::vec((letter, pick(SEPARATORS)), 0..16).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(l, s)| format!("{l}{s}"))
            .collect::<String>()
    })
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), messy_text(), split_letters()]
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Counterexamples are kept as explicit regression tests below instead.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Invariants shared by property and example tests
// ---------------------------------------------------------------------------------------------

fn assert_span(text: &str, start: usize, end: usize, what: &str) {
    assert!(start <= end, "{what}: start {start} > end {end}");
    assert!(
        end <= text.len(),
        "{what}: end {end} beyond text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start),
        "{what}: start {start} not on a char boundary"
    );
    assert!(
        text.is_char_boundary(end),
        "{what}: end {end} not on a char boundary"
    );
}

fn assert_excerpt(text: &str, f: &FlagSpan) {
    let full = &text[f.start..f.end];
    if full.len() <= MAX_EXCERPT {
        assert_eq!(f.excerpt, full, "excerpt of {:?}", f.flag);
    } else {
        assert!(
            full.starts_with(f.excerpt.as_str()),
            "excerpt of {:?} is not a prefix of its span",
            f.flag
        );
        assert!(
            f.excerpt.len() <= MAX_EXCERPT,
            "excerpt longer than {MAX_EXCERPT} bytes"
        );
        // Cut at the last character boundary at or before the limit: at most 3 bytes short.
        assert!(f.excerpt.len() + 4 > MAX_EXCERPT, "excerpt cut too short");
    }
}

/// Checks every span and the internal consistency of an analysis of `text`.
fn check_analysis(text: &str, a: &Analysis) {
    assert!(
        a.score.is_finite() && (0.0..=1.0).contains(&a.score),
        "score {} out of [0, 1]",
        a.score
    );
    for f in &a.red_flags {
        assert_span(text, f.start, f.end, "red flag");
        assert_excerpt(text, f);
    }
    for i in &a.indicators {
        assert_span(text, i.start, i.end, "indicator");
    }
    for l in &a.invalid_indicators {
        assert_span(text, l.start, l.end, "invalid indicator");
    }
    for p in a.type_scores.values() {
        assert!(p.is_finite() && (0.0..=1.0).contains(p), "type score {p}");
    }
    let mut seen = Vec::new();
    for f in &a.red_flags {
        assert!(
            !seen.contains(&f.flag),
            "red flag {:?} listed twice",
            f.flag
        );
        seen.push(f.flag);
    }
    assert!(!a.advice.is_empty(), "no advice at all");
    if a.label == Label::Legit {
        assert!(a.red_flags.is_empty(), "legit message with red flags");
        assert_eq!(a.scam_type, None, "legit message with a scam type");
        assert_eq!(a.risk, Risk::Low, "legit message with risk {:?}", a.risk);
    }
}

// ---------------------------------------------------------------------------------------------
// 1-3: property tests
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn normalize_is_idempotent(s in any_text()) {
        let once = normalize(&s).text;
        let twice = normalize(&once).text;
        prop_assert_eq!(&twice, &once, "input {:?}", s);
    }

    #[test]
    fn normalized_tokens_map_into_the_original(s in any_text()) {
        let n = normalize(&s);
        let mut prev_end = 0;
        for (k, t) in n.tokens.iter().enumerate() {
            prop_assert!(t.src_start < t.src_end, "token {} has an empty source span", k);
            prop_assert!(t.src_end <= s.len());
            prop_assert!(s.is_char_boundary(t.src_start) && s.is_char_boundary(t.src_end));
            prop_assert!(t.start < t.end && t.end <= n.text.len());
            prop_assert!(t.start >= prev_end, "tokens overlap in the normalised text");
            prop_assert!(n.text.is_char_boundary(t.start) && n.text.is_char_boundary(t.end));
            prev_end = t.end;
        }
        // The normalised text is exactly the tokens joined by single spaces.
        let joined = (0..n.tokens.len()).map(|i| n.token_text(i)).collect::<Vec<_>>().join(" ");
        prop_assert_eq!(&joined, &n.text);
        // The marks noted on the way are those of each token's original read on its own.
        prop_assert_eq!(n.written_marks.len(), n.tokens.len());
        for (k, (t, &noted)) in n.tokens.iter().zip(&n.written_marks).enumerate() {
            let read = diacritics(&s[t.src_start..t.src_end], n.token_text(k)).unwrap_or(UNREAD);
            prop_assert_eq!(noted, read, "token {} of {:?}", k, s);
        }
        // Lowercase (as far as Unicode can lowercase), no controls or whitespace inside tokens.
        for c in n.text.chars() {
            prop_assert!(c.to_lowercase().eq(std::iter::once(c)), "{:?} not lowercased", c);
            prop_assert!(!c.is_control() && (c == ' ' || !c.is_whitespace()), "{:?} kept", c);
        }
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn analysis_spans_lie_inside_the_text(s in any_text()) {
        let a = analyzer().analyze(&s);
        check_analysis(&s, &a);
    }

    #[test]
    fn analyze_never_panics_on_control_characters(
        s in prop::collection::vec(
            prop_oneof![
                "[\\x00-\\x1f\\x7f]{1,4}".boxed(),
                Just("\0".to_string()).boxed(),
                any::<String>().boxed(),
                pick(WORDS),
                pick(VIETNAMESE),
                pick(INVISIBLE),
            ],
            0..32,
        )
        .prop_map(|p| p.concat())
    ) {
        let a = analyzer().analyze(&s);
        check_analysis(&s, &a);
    }

    /// Scam wording surrounded by noise: the analysis is still consistent.
    #[test]
    fn analysis_spans_hold_around_scam_wording(
        before in messy_text(),
        after in messy_text(),
        idx in 0usize..5,
    ) {
        let core = &fixtures()[idx].gold.text;
        let text = format!("{before}{core}{after}");
        let a = analyzer().analyze(&text);
        check_analysis(&text, &a);
    }
}

// Known idempotence cases, kept as plain tests so a failure names the input directly.
#[test]
fn normalize_idempotent_on_known_tricky_inputs() {
    let cases = [
        "t.h.á.m t.ử",
        "c l i p nóng",
        "0 9 8 8 1 2 3",
        "T-e-l-e-g-r-a-m",
        "v1de0 th0ng ba0",
        "ck 5tr vào stk",
        "ko dc",
        "vide\u{043E} cl\u{0456}p ＵＳＤＴ",
        "th\u{200B}ám t\u{200C}ử US\u{FEFF}DT",
        "a b",
        "x. y",
        // Found by the property test: a digit read as a letter makes the next one readable.
        "ba0A\u{FF11}\u{1FA60}",
        "a\nb\nc",
        "A.á\n0.",
    ];
    for s in cases {
        let once = normalize(s).text;
        assert_eq!(normalize(&once).text, once, "input {s:?}");
    }
}

/// Single letters separated by a line break or a long gap (4+ bytes, e.g. one emoji) are kept
/// apart by the first pass but written with single spaces, so a second pass joins them:
/// "a\nb\nc" -> "a b c" -> "abc" (found by `normalize_is_idempotent`).
#[test]
fn normalize_idempotent_on_letters_split_by_line_breaks() {
    for s in ["a\nb\nc", "a    b    c", "1\n2\n3", "a🔥b.c", "0.0    0."] {
        let once = normalize(s).text;
        let twice = normalize(&once).text;
        assert_eq!(twice, once, "input {s:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// 4: labelled fixture and snapshot
// ---------------------------------------------------------------------------------------------

struct Fixture {
    gold: LabelledMessage,
    clear: bool,
    lang: Language,
    expect_type: Option<ScamType>,
}

fn fixtures() -> Vec<Fixture> {
    MESSAGES
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(n, line)| {
            let gold: LabelledMessage = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("fixture line {}: {e}", n + 1));
            let raw: Value = serde_json::from_str(line).unwrap_or_default();
            let lang = match raw["lang"].as_str() {
                Some("en") => Language::En,
                _ => Language::Vi,
            };
            let expect_type = raw["expect_type"].as_str().map(|t| {
                ScamType::parse(t).unwrap_or_else(|| panic!("fixture line {}: type {t}", n + 1))
            });
            Fixture {
                gold,
                clear: raw["clear"].as_bool().unwrap_or(false),
                lang,
                expect_type,
            }
        })
        .collect()
}

#[test]
fn fixture_file_is_well_formed() {
    let all = fixtures();
    assert!(all.len() >= 20, "only {} fixture messages", all.len());
    let mut ids: Vec<&str> = all.iter().map(|f| f.gold.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "duplicate fixture ids");
    assert!(all.iter().any(|f| f.clear && f.gold.label == Label::Scam));
    assert!(all.iter().any(|f| f.clear && f.gold.label == Label::Legit));
    for f in &all {
        if f.gold.label == Label::Scam {
            assert!(
                f.gold.scam_type().is_some(),
                "{}: scam without a known type",
                f.gold.id
            );
        }
    }
}

#[test]
fn every_fixture_analysis_is_consistent() {
    for f in fixtures() {
        let a = analyzer().analyze(&f.gold.text);
        check_analysis(&f.gold.text, &a);
    }
}

#[test]
fn clear_scam_fixtures_are_called_scams() {
    let mut wrong = Vec::new();
    for f in fixtures() {
        if !f.clear || f.gold.label != Label::Scam {
            continue;
        }
        let a = analyzer().analyze(&f.gold.text);
        let id = &f.gold.id;
        if a.label != Label::Scam {
            wrong.push(format!("{id}: called {:?} (score {})", a.label, a.score));
            continue;
        }
        if a.language != f.lang {
            wrong.push(format!(
                "{id}: language {:?}, expected {:?}",
                a.language, f.lang
            ));
        }
        if let Some(t) = f.expect_type {
            if a.scam_type != Some(t) {
                wrong.push(format!("{id}: type {:?}, expected {t:?}", a.scam_type));
            }
            let flags: Vec<RedFlag> = a.red_flags.iter().map(|x| x.flag).collect();
            if flags.len() < 3 {
                wrong.push(format!("{id}: only red flags {flags:?}"));
            }
        }
        let ids: Vec<&str> = a.advice.iter().map(|x| x.id).collect();
        if !ids.contains(&"do_not_pay") || !ids.contains(&"report_to_police") {
            wrong.push(format!("{id}: scam with advice {ids:?}"));
        }
        if f.expect_type == Some(ScamType::DeepfakeExtortion) && !ids.contains(&"tell_family") {
            wrong.push(format!(
                "{id}: deepfake extortion without tell_family: {ids:?}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "clear scams misjudged:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn clear_legit_fixtures_are_called_legit() {
    let mut wrong = Vec::new();
    for f in fixtures() {
        if !f.clear || f.gold.label != Label::Legit {
            continue;
        }
        let a = analyzer().analyze(&f.gold.text);
        if a.label != Label::Legit {
            wrong.push(format!(
                "{}: called {:?} (score {}, flags {:?})",
                f.gold.id,
                a.label,
                a.score,
                a.red_flags.iter().map(|x| x.flag).collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "clear legit messages misjudged:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn fixture_indicators_are_found_with_valid_checksums_only() {
    let text =
        format!("Chuyển USDT vào ví {TRX_VALID}, đừng dùng ví cũ {TRX_BROKEN}. Zalo 0912 345 678.");
    let a = analyzer().analyze(&text);
    check_analysis(&text, &a);
    let trx: Vec<&Indicator> = a
        .indicators
        .iter()
        .filter(|i| i.kind == IndicatorKind::Trx)
        .collect();
    assert_eq!(trx.len(), 1, "{:?}", a.indicators);
    assert_eq!(trx[0].value, TRX_VALID);
    assert_eq!(&text[trx[0].start..trx[0].end], TRX_VALID);
    assert!(a.indicators.iter().all(|i| i.value != TRX_BROKEN));
    assert!(
        a.invalid_indicators.iter().any(|l| l.text == TRX_BROKEN),
        "broken checksum not reported: {:?}",
        a.invalid_indicators
    );
    assert!(
        a.indicators
            .iter()
            .any(|i| i.kind == IndicatorKind::Phone && i.value == "+84912345678"),
        "{:?}",
        a.indicators
    );
}

/// The Analysis JSON with the parts that change on retraining replaced, and advice by id.
fn snapshot_view(a: &Analysis) -> Value {
    let mut v = serde_json::to_value(a).expect("Analysis serialises");
    let obj = v.as_object_mut().expect("Analysis is a JSON object");
    for key in ["model", "score", "type_scores", "risk"] {
        assert!(obj.contains_key(key), "Analysis JSON lacks {key}");
        obj.insert(key.to_string(), Value::String("[redacted]".into()));
    }
    let ids: Vec<Value> = a
        .advice
        .iter()
        .map(|x| Value::String(x.id.to_string()))
        .collect();
    obj.insert("advice".into(), Value::Array(ids));
    v
}

#[test]
fn analysis_snapshot_of_representative_messages() {
    let all = fixtures();
    let by_id = |id: &str| -> String {
        all.iter()
            .find(|f| f.gold.id == id)
            .map(|f| f.gold.text.clone())
            .unwrap_or_else(|| panic!("no fixture {id}"))
    };
    let mut views = BTreeMap::new();
    for id in ["t-scam-01", "t-scam-03", "t-legit-01"] {
        let a = analyzer().analyze(&by_id(id));
        views.insert(id, snapshot_view(&a));
    }
    insta::assert_json_snapshot!("representative_analyses", views);
}

// ---------------------------------------------------------------------------------------------
// 5: bad input
// ---------------------------------------------------------------------------------------------

#[test]
fn bad_inputs_return_without_panicking() {
    let mut inputs: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("whitespace", " \t\r\n \u{00A0}\u{3000}\u{2028} ".repeat(50)),
        ("emoji", "😀🔥👍🏽❤️🇻🇳👨‍👩‍👧".repeat(40)),
        ("nul", "\0".repeat(4096)),
        ("nul inside", "thám\0 tử\0 tư\0 USDT \0\0 vợ\0".to_string()),
        (
            "controls",
            (0u8..0x20).map(char::from).collect::<String>().repeat(20),
        ),
        ("zero width", "\u{200B}\u{200C}\u{FEFF}".repeat(1000)),
        ("combining", "a".to_string() + &"\u{0301}".repeat(10_000)),
        ("one letter per line", "a\n".repeat(10_000)),
        ("split letters", "t.".repeat(20_000)),
    ];
    inputs.push(("one word of 1 MiB", "a".repeat(1 << 20)));
    for (what, text) in &inputs {
        eprintln!("bad input: {what}");
        let a = analyzer().analyze(text);
        check_analysis(text, &a);
    }
}

#[test]
fn ten_megabytes_of_digits_are_cut_to_the_limit() {
    let text = "0123456789".repeat(1 << 20);
    assert!(text.len() > 10_000_000);
    let a = analyzer().analyze(&text);
    check_analysis(&text, &a);
    for i in &a.indicators {
        assert!(
            i.end <= MAX_TEXT_BYTES,
            "indicator beyond the analysed prefix"
        );
    }
    for f in &a.red_flags {
        assert!(
            f.end <= MAX_TEXT_BYTES,
            "red flag beyond the analysed prefix"
        );
    }
}

#[test]
fn truncation_at_the_limit_respects_char_boundaries() {
    // "é" is two bytes; after one leading "a" the limit falls in the middle of one.
    let text = format!("a{}", "é".repeat(MAX_TEXT_BYTES / 2 + 8));
    assert!(!text.is_char_boundary(MAX_TEXT_BYTES));
    let a = analyzer().analyze(&text);
    check_analysis(&text, &a);
    // Scam wording after the limit is not seen at all.
    let late = format!(
        "{}{}",
        " ".repeat(MAX_TEXT_BYTES),
        "thám tử tư gửi clip cho vợ anh"
    );
    let a = analyzer().analyze(&late);
    check_analysis(&late, &a);
    assert!(
        a.red_flags.is_empty(),
        "red flags found beyond the limit: {:?}",
        a.red_flags
    );
}

#[test]
fn empty_and_blank_text_is_legit() {
    for text in ["", " ", "\n\t ", "\u{200B}"] {
        let a = analyzer().analyze(text);
        check_analysis(text, &a);
        assert_eq!(
            a.label,
            Label::Legit,
            "{text:?} called {:?} (score {})",
            a.label,
            a.score
        );
        assert!(a.red_flags.is_empty() && a.indicators.is_empty());
    }
}

/// A model that calls everything a scam and knows no scam types (like a model trained on
/// data without `scam_type`): the verdict must not be contradicted by the explanation.
fn always_scam_analyzer() -> Analyzer {
    let file = ModelFile {
        name: "always-scam".into(),
        bits: 10,
        threshold: 0.5,
        calibration: [1.0, 0.0],
        scam_bias: 4.0,
        scam_weights: Vec::new(),
        extortion_bias: -4.0,
        extortion_weights: Vec::new(),
        flag_heads: Vec::new(),
        type_classes: Vec::new(),
        type_bias: Vec::new(),
        type_weights: Vec::new(),
        detail_grams: false,
        trained_on: 0,
    };
    let model = Model::from_bytes(&file.to_bytes()).expect("valid model file");
    Analyzer::new(BUILTIN_CUES, model).expect("analyzer")
}

#[test]
fn empty_text_is_legit_whatever_the_model_bias() {
    let a = always_scam_analyzer();
    for text in ["", "  \n", "\u{200B}\u{FEFF}"] {
        let r = a.analyze(text);
        check_analysis(text, &r);
        assert_eq!(
            r.label,
            Label::Legit,
            "{text:?} called a scam with nothing in it"
        );
    }
}

#[test]
fn scam_verdict_comes_with_scam_advice() {
    let a = always_scam_analyzer();
    let fixtures = fixtures();
    let texts = [
        fixtures[0].gold.text.as_str(),
        "Anh chuyển ngay 5 triệu vào tài khoản này để xác minh.",
        "Xin chào",
    ];
    for text in texts {
        let r = a.analyze(text);
        check_analysis(text, &r);
        assert_eq!(r.label, Label::Scam);
        assert_eq!(r.model, "always-scam");
        let ids: Vec<&str> = r.advice.iter().map(|x| x.id).collect();
        assert!(
            !ids.contains(&"stay_alert") && ids.contains(&"do_not_pay"),
            "{text:?}: a scam verdict (type {:?}) advises {ids:?} (\"no clear signs of a scam\")",
            r.scam_type
        );
    }
}

#[test]
fn long_red_flag_spans_get_a_cut_excerpt() {
    // Three long words (3-byte letters) between "gửi" and "vợ": the threat cue spans more
    // than the excerpt limit, and the limit falls inside a character.
    let long = format!("x{}", "ữ".repeat(30));
    let text = format!("Tôi sẽ gửi {long} {long} {long} cho vợ anh.");
    let a = always_scam_analyzer();
    let r = a.analyze(&text);
    check_analysis(&text, &r);
    let flag = r
        .red_flags
        .iter()
        .find(|f| f.flag == RedFlag::ThreatToContactFamilyOrWork)
        .unwrap_or_else(|| panic!("threat not found: {:?}", r.red_flags));
    assert!(flag.end - flag.start > MAX_EXCERPT, "{flag:?}");
    assert!(flag.excerpt.starts_with("gửi "), "{flag:?}");
    assert!(
        flag.excerpt.len() < MAX_EXCERPT && flag.excerpt.len() + 3 >= MAX_EXCERPT,
        "excerpt of {} bytes: {flag:?}",
        flag.excerpt.len()
    );
}

#[test]
fn short_vietnamese_messages_are_detected_as_vietnamese() {
    for text in [
        "Con đến trường rồi bố ạ.",
        "Dạ vâng ạ.",
        "Ừ, mai gặp nhé.",
        "Tôi ở nhà.",
        "Anh ơi, em tới rồi.",
    ] {
        let a = analyzer().analyze(text);
        assert_eq!(a.language, Language::Vi, "{text:?}");
    }
    for text in ["I am at home now.", "Are you coming to the party tonight?"] {
        let a = analyzer().analyze(text);
        assert_eq!(a.language, Language::En, "{text:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// 6: cues and advice
// ---------------------------------------------------------------------------------------------

#[test]
fn cue_parse_rejects_unknown_flags_and_bad_lines() {
    let err = CueSet::parse("[no_such_flag]\nthám tử\n").unwrap_err();
    assert!(matches!(err, CueError::Syntax { line: 1, .. }), "{err:?}");
    let err =
        CueSet::parse("# comment\n\n[private_detective_claim]\nthám tử\n[bogus]\nx\n").unwrap_err();
    assert!(matches!(err, CueError::Syntax { line: 5, .. }), "{err:?}");
    assert!(err.to_string().contains("line 5"), "{err}");
    assert!(matches!(
        CueSet::parse("thám tử\n"),
        Err(CueError::Syntax { line: 1, .. })
    ));
    assert!(matches!(
        CueSet::parse("[ctx:]\nx\n"),
        Err(CueError::Syntax { line: 1, .. })
    ));
    // An alternative that folds to nothing.
    assert!(matches!(
        CueSet::parse("[secrecy_demand]\n!!! | bí mật\n"),
        Err(CueError::Syntax { line: 2, .. })
    ));
}

#[test]
fn cue_parse_accepts_every_flag_and_the_builtin_file() {
    let source: String = RedFlag::ALL
        .iter()
        .map(|f| format!("[{}]\nword{}\n", f.as_str(), f.index()))
        .collect();
    let set = CueSet::parse(&source).expect("every red flag name is a section");
    let flags: Vec<RedFlag> = set
        .sections()
        .iter()
        .filter_map(|s| match s {
            CueSection::Flag(f) => Some(*f),
            CueSection::Context(_) => None,
        })
        .collect();
    assert_eq!(flags, RedFlag::ALL);

    let builtin = CueSet::parse(BUILTIN_CUES).expect("built-in cues parse");
    assert!(!builtin.sections().is_empty());
    // Matching on folded text: no diacritics and split letters still match, with spans of
    // the original text.
    let set = CueSet::parse("[private_detective_claim]\nthám tử tư\n").unwrap();
    let text = "tôi là T.H.A.M T.U tu đây";
    let hits = set.find(&normalize(text), text);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(&text[hits[0].start..hits[0].end], "T.H.A.M T.U tu");
}

#[test]
fn advice_for_deepfake_extortion() {
    let ids = advice::select(Some(ScamType::DeepfakeExtortion), &[], &[]);
    for need in [
        AdviceId::DoNotPay,
        AdviceId::ReportToPolice,
        AdviceId::TellFamily,
    ] {
        assert!(ids.contains(&need), "{need:?} missing from {ids:?}");
    }
    assert!(!ids.contains(&AdviceId::StayAlert));
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, ids, "advice not in order or repeated");

    assert_eq!(
        advice::select(None, &[RedFlag::DeadlineUrgency], &[]),
        vec![AdviceId::StayAlert]
    );
    let with_link = advice::select(
        Some(ScamType::Other),
        &[RedFlag::LinkToOpen],
        &[IndicatorKind::Url],
    );
    assert!(with_link.contains(&AdviceId::DoNotOpenLinks));
    let police = advice::select(Some(ScamType::AuthorityImpersonation), &[], &[]);
    assert!(police.contains(&AdviceId::DoNotPayToProveInnocence));
}

#[test]
fn every_advice_has_both_languages() {
    let mut names = Vec::new();
    for &id in AdviceId::ALL {
        assert!(
            !id.text(Language::Vi).trim().is_empty(),
            "{id:?} has no Vietnamese text"
        );
        assert!(
            !id.text(Language::En).trim().is_empty(),
            "{id:?} has no English text"
        );
        assert_ne!(
            id.text(Language::Vi),
            id.text(Language::En),
            "{id:?} not translated"
        );
        assert!(
            !names.contains(&id.as_str()),
            "duplicate id {}",
            id.as_str()
        );
        names.push(id.as_str());
    }
    let vi = AdviceId::ReportToPolice.text(Language::Vi);
    assert!(vi.contains("113"), "{vi}");
    assert!(vi.contains("0899 252 555"), "{vi}");
    let rendered = advice::render(
        &[AdviceId::DoNotPay, AdviceId::ReportToPolice],
        Language::En,
    );
    assert_eq!(
        rendered,
        vec![
            Advice {
                id: "do_not_pay",
                text: AdviceId::DoNotPay.text(Language::En)
            },
            Advice {
                id: "report_to_police",
                text: AdviceId::ReportToPolice.text(Language::En)
            },
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// 7: scoring
// ---------------------------------------------------------------------------------------------

fn gold(json: &str) -> LabelledMessage {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn indicator(kind: IndicatorKind, value: &str) -> Indicator {
    Indicator {
        kind,
        value: value.to_string(),
        bank: None,
        start: 0,
        end: 0,
    }
}

fn prediction(
    label: Label,
    scam_type: Option<ScamType>,
    flags: &[RedFlag],
    indicators: Vec<Indicator>,
) -> Analysis {
    Analysis {
        label,
        score: if label == Label::Scam { 0.9 } else { 0.1 },
        risk: Risk::Low,
        scam_type,
        type_scores: BTreeMap::new(),
        red_flags: flags
            .iter()
            .map(|&flag| FlagSpan {
                flag,
                start: 0,
                end: 0,
                excerpt: String::new(),
            })
            .collect(),
        indicators,
        invalid_indicators: Vec::new(),
        advice: Vec::new(),
        language: Language::Vi,
        model: "test".into(),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn score_matches_hand_computed_metrics() {
    let a = gold(
        r#"{"id":"a","text":"x","label":"scam","scam_type":"deepfake_extortion",
            "red_flags":["private_detective_claim","crypto_payment_demand"],
            "indicators":[{"kind":"trx","value":"TK3un1kXFnmk418obRACbZN6M3mLxBYWML"},
                          {"kind":"phone","value":"+84 912 345 678"},
                          {"kind":"url","value":"example.com/a"},
                          {"kind":"telegram","value":"@ThamTu"}]}"#,
    );
    let b = gold(r#"{"id":"b","text":"x","label":"legit","legit_type":"warning"}"#);
    let c = gold(
        r#"{"id":"c","text":"x","label":"scam","scam_type":"authority_impersonation",
            "red_flags":["authority_impersonation"],
            "indicators":[{"kind":"bank_account","value":"0123 456 789","bank":"MB"}]}"#,
    );
    let d = gold(r#"{"id":"d","text":"x","label":"legit","legit_type":"personal"}"#);
    let e = gold(
        r#"{"id":"e","text":"x","label":"scam","scam_type":"investment",
            "red_flags":["money_transfer_demand"]}"#,
    );

    let pa = prediction(
        Label::Scam,
        Some(ScamType::DeepfakeExtortion),
        &[RedFlag::PrivateDetectiveClaim, RedFlag::DeadlineUrgency],
        vec![
            indicator(IndicatorKind::Trx, TRX_VALID),
            indicator(IndicatorKind::Phone, "+84912345678"),
            indicator(IndicatorKind::Url, "https://EXAMPLE.com/a/#top"),
            indicator(IndicatorKind::Telegram, "thamtu"),
        ],
    );
    let pb = prediction(
        Label::Scam,
        Some(ScamType::DeepfakeExtortion),
        &[RedFlag::MoneyTransferDemand],
        vec![indicator(IndicatorKind::Url, "http://bad.example/login")],
    );
    let pd = prediction(Label::Legit, None, &[], Vec::new());
    let pe = prediction(
        Label::Scam,
        Some(ScamType::Other),
        &[RedFlag::MoneyTransferDemand, RedFlag::LinkToOpen],
        Vec::new(),
    );
    let pairs = [
        (&a, Some(&pa)),
        (&b, Some(&pb)),
        (&c, None),
        (&d, Some(&pd)),
        (&e, Some(&pe)),
    ];
    let m = corpus::score(&pairs);

    assert_eq!(m.n, 5);
    // Scam vs legit: tp a, e; fp b; fn c (no prediction).
    let s = m.scam_vs_legit;
    assert_eq!((s.tp, s.fp, s.fn_), (2, 1, 1));
    assert!(close(s.precision, 2.0 / 3.0) && close(s.recall, 2.0 / 3.0) && close(s.f1, 2.0 / 3.0));
    // Deepfake extortion: tp a; fp b (a legit message called deepfake).
    let dx = m.deepfake_extortion;
    assert_eq!((dx.tp, dx.fp, dx.fn_), (1, 1, 0));
    assert!(close(dx.precision, 0.5) && close(dx.recall, 1.0) && close(dx.f1, 2.0 / 3.0));
    assert!(close(m.legit_false_positive_rate, 0.5));
    assert!(close(m.warning_false_positive_rate, 1.0));
    assert_eq!(m.legit_called_deepfake, 1);
    // Type accuracy over messages both call scams: a right, e wrong.
    assert!(close(m.scam_type_accuracy, 0.5));
    // Indicators after normalisation: all four of a match; b's URL is extra; c's account missed.
    let i = m.indicators;
    assert_eq!((i.tp, i.fp, i.fn_), (4, 1, 1));
    assert!(close(i.precision, 0.8) && close(i.recall, 0.8) && close(i.f1, 0.8));
    // Red flags: a 1/1/1, b 0/1/0, c 0/0/1, e 1/1/0.
    let f = m.red_flags;
    assert_eq!((f.tp, f.fp, f.fn_), (2, 3, 2));
    assert!(close(f.precision, 0.4) && close(f.recall, 0.5));
    assert!(close(f.f1, 2.0 * 0.4 * 0.5 / 0.9));

    // The JSON names match eval/score.py.
    let json = serde_json::to_value(&m).unwrap();
    for key in [
        "scam_vs_legit",
        "deepfake_extortion",
        "indicators",
        "red_flags",
    ] {
        for field in ["precision", "recall", "f1", "tp", "fp", "fn"] {
            assert!(json[key].get(field).is_some(), "{key}.{field} missing");
        }
    }
}

#[test]
fn score_of_nothing_and_of_perfect_predictions() {
    let m = corpus::score(&[]);
    assert_eq!(m.n, 0);
    assert_eq!(
        (m.scam_vs_legit.tp, m.scam_vs_legit.fp, m.scam_vs_legit.fn_),
        (0, 0, 0)
    );
    assert!(close(m.legit_false_positive_rate, 0.0));

    let g = gold(
        r#"{"id":"p","text":"x","label":"scam","scam_type":"deepfake_extortion",
            "red_flags":["threat_to_publish"],"notes":"unknown fields are ignored"}"#,
    );
    let p = prediction(
        Label::Scam,
        Some(ScamType::DeepfakeExtortion),
        &[RedFlag::ThreatToPublish],
        Vec::new(),
    );
    let m = corpus::score(&[(&g, Some(&p))]);
    assert!(close(m.scam_vs_legit.f1, 1.0));
    assert!(close(m.deepfake_extortion.f1, 1.0));
    assert!(close(m.red_flags.f1, 1.0));
    assert!(close(m.scam_type_accuracy, 1.0));

    // A type outside the taxonomy counts as no type.
    let unknown = gold(r#"{"id":"u","text":"x","label":"scam","scam_type":"unknown"}"#);
    assert_eq!(unknown.scam_type(), None);
}

#[test]
fn comparable_indicators_follow_the_scorer() {
    use corpus::comparable_indicator as c;
    assert_eq!(
        c("URL", "Example.COM/path/"),
        ("url".into(), "example.com/path".into())
    );
    assert_eq!(
        c("url", "https://user@Example.com:8080/p?q=1#frag"),
        ("url".into(), "example.com/p?q=1".into())
    );
    assert_eq!(
        c("telegram", "@Handle"),
        ("telegram".into(), "handle".into())
    );
    assert_eq!(c("email", " A@B.Vn "), ("email".into(), "a@b.vn".into()));
    assert_eq!(
        c("bank_account", "0123 456-789"),
        ("bank_account".into(), "0123456789".into())
    );
    assert_eq!(
        c("phone", "+84 912.345.678"),
        ("phone".into(), "+84912345678".into())
    );
}
// A crate root resolves `mod x;` beside itself, so the path names the `core/` folder (a file
// directly in `tests/` would become a test binary of its own).
#[path = "core/pdq_index.rs"]
mod pdq_index;
