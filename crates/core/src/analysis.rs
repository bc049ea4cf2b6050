//! The analysis of one message: normalise, match cues, extract indicators, score with the
//! learned model, then explain (red flags with spans) and advise.
//!
//! Red flags are the tactics a sender uses against the recipient, so they are reported only
//! for messages judged to be scams; a warning that quotes scam wording gets none. Cues preceded
//! by a negation ("không chuyển tiền", "never pay") count as descriptions, not demands.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::advice::{self, Advice};
use crate::cues::{crosses_clause, CueError, CueHit, CueSection, CueSet};
use crate::features::{featurize_lexical, featurize_signals, word_indices, Features, Signals};
use crate::indicators::{self, Extraction, Indicator, IndicatorKind, Lookalike};
use crate::model::{Model, ModelError, BUILTIN_MODEL};
use crate::normalize::{normalize_counting_case, LetterCase, Normalized};
use crate::taxonomy::{Label, Language, RedFlag, Risk, ScamType};

/// The cue file shipped with this build.
pub const BUILTIN_CUES: &str = include_str!("../../../model/cues.txt");

/// Longest text analysed, in bytes; longer input is analysed up to this point.
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// The points at which the model's probabilities turn into decisions. The defaults are the
/// shipped ones; `canhgiac-core`'s `decision_sweep` example measures others by cross-validation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// The flag head's probability at or above which a matching cue counts as a red flag.
    pub flag_agreement: f32,
    /// The deepfake-extortion head's probability from which a scam showing one of the type's
    /// defining tactics is called deepfake extortion, and from which it is regardless.
    pub extortion_with_tactic: f32,
    pub extortion_alone: f32,
    /// How sure the type model must be of another type for a defining tactic with the head
    /// fairly (not `extortion_alone`) sure not to name extortion.
    pub extortion_other_type: f32,
    /// Fewest words a message needs for the deepfake-extortion head alone (no defining tactic
    /// shown) to name the type: a few words ("have you arrived?") cannot show an extortion.
    pub extortion_alone_min_words: usize,
    /// How sure of a scam such a message must also be when it holds none of the words that
    /// show a tactic only in an extortion ("clip", "vợ"): the head alone on a plain sentence
    /// ("you're right, I have now that I think about it") is not enough.
    pub extortion_alone_min_scam: f32,
    /// Among scam types, how sure the type model must be that a message demanding payment
    /// (wallet, account) or showing a defining tactic is an extortion: at the payment stage
    /// the threat itself is often in earlier messages.
    pub extortion_by_type: f32,
    /// How sure the type model must be for words that show a tactic only in an extortion
    /// ("clip", "vợ") to name the type.
    pub extortion_by_type_sure: f32,
    /// The flag head's probability from which a red flag no cue shows is reported anyway, with
    /// the words that weigh most for it as the evidence.
    pub flag_alone: f32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            flag_agreement: 0.2,
            extortion_with_tactic: 0.4,
            extortion_alone: 0.8,
            extortion_other_type: 0.5,
            extortion_alone_min_words: 6,
            extortion_alone_min_scam: 0.75,
            extortion_by_type: 0.7,
            extortion_by_type_sure: 0.9,
            flag_alone: 0.7,
        }
    }
}

/// Longest excerpt shown for a red flag, in bytes (cut at a character boundary).
const MAX_EXCERPT: usize = 160;

/// A red flag with the span of the original text that shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlagSpan {
    pub flag: RedFlag,
    pub start: usize,
    pub end: usize,
    pub excerpt: String,
}

/// The Analysis JSON of DESIGN.md.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub label: Label,
    pub score: f32,
    pub risk: Risk,
    pub scam_type: Option<ScamType>,
    pub type_scores: BTreeMap<ScamType, f32>,
    pub red_flags: Vec<FlagSpan>,
    pub indicators: Vec<Indicator>,
    /// Strings that look like wallets but fail their checksum: for a person to compare.
    pub invalid_indicators: Vec<Lookalike>,
    pub advice: Vec<Advice>,
    pub language: Language,
    pub model: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AnalyzerError {
    #[error(transparent)]
    Cues(#[from] CueError),
    #[error(transparent)]
    Model(#[from] ModelError),
}

/// Turns text into features; shared by analysis and training.
#[derive(Debug, Clone)]
pub struct Featurizer {
    cues: CueSet,
    bits: u32,
    /// Per cue section, its place in [`DESCRIBING`] if it is one of those contexts.
    describing: Vec<Option<usize>>,
}

/// The context sections that say who speaks to whom ([`Addressing`]), in the order they are
/// counted.
const DESCRIBING: [&str; 6] = [
    "actor",
    "warning",
    "demand",
    "pay_demand",
    "official",
    "pay_receipt",
];

/// Distinct non-negated cues of each [`DESCRIBING`] context in one message
/// ([`Featurizer::addressing`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Addressing([usize; DESCRIBING.len()]);

impl Addressing {
    /// Third-person actors ("kẻ gian", "bị hại", "scammers"), two or more warning words, and
    /// demands or payment instructions ("anh phải", "địa chỉ ví") at most a quarter as many as
    /// the actor, warning and official cues: a news report cites a demand or two among much
    /// description, a threat is mostly demand.
    pub fn describes(self) -> bool {
        let [actor, warning, demand, pay_demand, official, _] = self.0;
        actor >= 1 && warning >= 2 && (demand + pay_demand) * 4 <= actor + warning + official
    }

    /// Whether a demand is made of the reader ("anh chuyển", "you must"): a cue of the demand
    /// or payment-demand context.
    pub fn asks_reader(self) -> bool {
        let [_, _, demand, pay_demand, _, _] = self.0;
        demand + pay_demand > 0
    }

    /// Whether the message reports a payment made ("you received", "đã chuyển") and asks for
    /// none: the wallets and accounts in it are no payment demand.
    pub fn reports_payment(self) -> bool {
        let [_, _, _, _, _, receipt] = self.0;
        receipt > 0 && !self.asks_reader()
    }
}

/// Everything computed from a message before the model speaks.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub normalized: Normalized,
    pub hits: Vec<CueHit>,
    pub negated: Vec<bool>,
    pub extraction: Extraction,
    pub features: Features,
    /// Who speaks to whom ([`Featurizer::addressing`]).
    pub addressing: Addressing,
}

impl Featurizer {
    pub fn new(cues_source: &str, bits: u32) -> Result<Featurizer, CueError> {
        let cues = CueSet::parse(cues_source)?;
        let describing = cues
            .sections()
            .iter()
            .map(|section| match section {
                CueSection::Context(name) => DESCRIBING.iter().position(|d| d == name),
                CueSection::Flag(_) => None,
            })
            .collect();
        Ok(Featurizer {
            cues,
            bits,
            describing,
        })
    }

    pub fn builtin(bits: u32) -> Result<Featurizer, CueError> {
        Featurizer::new(BUILTIN_CUES, bits)
    }

    pub fn cues(&self) -> &CueSet {
        &self.cues
    }

    /// Who speaks to whom in a message: its distinct non-negated cues of each [`DESCRIBING`]
    /// context, counted once and read by every decision that needs them.
    pub fn addressing(&self, hits: &[CueHit], negated: &[bool]) -> Addressing {
        let mut counts = [0usize; DESCRIBING.len()];
        let counted = hits.iter().zip(negated).map(|(hit, &neg)| (hit, neg));
        for (n, (hit, _)) in counted.clone().enumerate().filter(|(_, (_, neg))| !neg) {
            let Some(&Some(role)) = self.describing.get(hit.section) else {
                continue;
            };
            // A message has a few dozen hits at most: the earlier ones are searched for the
            // same cue rather than kept in a set.
            let again = counted
                .clone()
                .take(n)
                .any(|(earlier, neg)| !neg && earlier.cue == hit.cue);
            if !again {
                counts[role] += 1;
            }
        }
        Addressing(counts)
    }

    pub fn prepare(&self, text: &str) -> Prepared {
        self.prepare_then(text, |_| {})
    }

    /// [`Featurizer::prepare`], calling `lexical` with the word and character features as soon
    /// as they are known, before the cues and indicators are looked for.
    pub fn prepare_then(&self, text: &str, lexical: impl FnOnce(&Features)) -> Prepared {
        let (normalized, case) = normalize_counting_case(text);
        let quoted = quoted_tokens(text, &normalized);
        let mut features = Features::default();
        featurize_lexical(&normalized, &quoted, self.bits, &mut features);
        lexical(&features);
        let hits = self.cues.find(&normalized, text);
        let negated = hits
            .iter()
            .map(|h| is_negated(&normalized, text, h))
            .collect::<Vec<_>>();
        let extraction = indicators::extract(text);
        let addressing = self.addressing(&hits, &negated);
        featurize_signals(
            Signals {
                hits: &hits,
                negated: &negated,
                indicators: &extraction.indicators,
                upper_ratio: upper_ratio(case),
                link_signs: extraction
                    .indicators
                    .iter()
                    .filter(|i| i.kind == IndicatorKind::Url)
                    .fold(0, |acc, i| acc | crate::linkrisk::url_signs(&i.value)),
                quoted: &quoted,
                describes: addressing.describes(),
            },
            self.bits,
            &mut features,
        );
        Prepared {
            normalized,
            hits,
            negated,
            extraction,
            features,
            addressing,
        }
    }
}

/// Tenths of a message's words inside quotation marks from which the quotation is the message.
const QUOTE_IS_MESSAGE: usize = 6;

/// Longest stretch between quotation marks taken as a quotation, in bytes.
const MAX_QUOTE: usize = 2000;

/// Byte ranges of the text inside paired quotation marks (`"…"`, `“…”`, `«…»`, `„…“`).
fn quotations(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    // Every quotation mark is `"` or starts with byte 0xC2 (« ») or 0xE2 (“ ” „).
    let marks = memchr::memchr3_iter(b'"', 0xC2, 0xE2, text.as_bytes())
        .filter_map(|i| Some((i, text.get(i..)?.chars().next()?)));
    for (i, c) in marks {
        match (open, c) {
            (None, '"' | '“' | '«' | '„') => open = Some((i + c.len_utf8(), c)),
            (Some((start, o)), _)
                if (o == '"' && c == '"')
                    || (o == '“' && matches!(c, '”' | '“'))
                    || (o == '«' && c == '»')
                    || (o == '„' && matches!(c, '“' | '”')) =>
            {
                if i - start <= MAX_QUOTE {
                    out.push((start, i));
                }
                open = None;
            }
            _ => {}
        }
    }
    out
}

/// For each token, whether it lies inside a quotation; empty when none does.
fn quoted_tokens(text: &str, norm: &Normalized) -> Vec<bool> {
    let quotes = quotations(text);
    if quotes.is_empty() {
        return Vec::new();
    }
    let mut q = quotes.iter().peekable();
    let quoted: Vec<bool> = norm
        .tokens
        .iter()
        .map(|t| {
            while q.peek().is_some_and(|&&(_, end)| end <= t.src_start) {
                q.next();
            }
            q.peek()
                .is_some_and(|&&(start, end)| start <= t.src_start && t.src_end <= end)
        })
        .collect();
    // Quotation marks around most of the message (a call transcript, a voicemail) hold the
    // sender's own words, not someone else's quoted in a description.
    let inside = quoted.iter().filter(|&&q| q).count();
    if inside * 10 >= quoted.len() * QUOTE_IS_MESSAGE {
        return Vec::new();
    }
    quoted
}

/// The share of a text's letters that are upper case; 0 for fewer than eight letters.
fn upper_ratio(case: LetterCase) -> f32 {
    if case.letters < 8 {
        0.0
    } else {
        case.upper as f32 / case.letters as f32
    }
}

/// A negation within the three tokens before a cue and in its clause ("phải không? Video…"
/// negates nothing), unless it reads "but not" or "or not" ("mà không") or opens a condition
/// ([`is_condition`]).
fn is_negated(norm: &Normalized, original: &str, hit: &CueHit) -> bool {
    let first = hit.first_token;
    for back in 1..=3 {
        let Some(i) = first.checked_sub(back) else {
            break;
        };
        if crosses_clause(norm, original, i, first) {
            break;
        }
        let word = norm.token_text(i);
        // Every negator starts with one of these: most words are ruled out without comparing
        // them with each.
        if !matches!(
            word.as_bytes().first(),
            Some(b'k' | b'n' | b'd' | b'c' | b't')
        ) {
            continue;
        }
        let negator = match word {
            "khong" | "never" | "not" | "dont" | "chang" | "cam" | "tuyet" | "no" => true,
            // "dung" is also "đúng" (right) and "dùng" (use): only "đừng" negates.
            "dung" => norm
                .tokens
                .get(i)
                .and_then(|t| original.get(t.src_start..t.src_end))
                .is_some_and(|w| w.to_lowercase() == "đừng"),
            _ => false,
        };
        if negator {
            let conditional = i
                .checked_sub(1)
                .is_some_and(|p| matches!(norm.token_text(p), "ma" | "or"))
                || is_condition(norm, original, i, hit.last_token);
            return !conditional;
        }
    }
    false
}

/// Whether the negator at token `negator` opens a condition rather than denying the cue that
/// ends at token `last`: "không thì …" is "otherwise …", and "(nếu) không chuyển tiền thì …" or
/// "if you do not pay, …" is a demand put as a condition (the "nếu" or "thì" within a few words,
/// in the same clause).
fn is_condition(norm: &Normalized, original: &str, negator: usize, last: usize) -> bool {
    if norm.token_text(negator + 1) == "thi" {
        return true;
    }
    // "nếu anh không …", "if you do not …": the subordinator a few words before the negator.
    let opened = (negator.saturating_sub(IF_WITHIN)..negator)
        .rev()
        .take_while(|&j| !crosses_clause(norm, original, j, negator))
        .any(|j| matches!(norm.token_text(j), "neu" | "if" | "unless"));
    if opened {
        return true;
    }
    (last + 1..=last + THEN_WITHIN)
        .take_while(|&j| j < norm.tokens.len() && !crosses_clause(norm, original, last, j))
        .any(|j| norm.token_text(j) == "thi")
}

/// Words after a negated cue within which a "thì" makes the negation a condition.
const THEN_WITHIN: usize = 3;

/// Words before a negator within which "nếu" or "if" makes the negation a condition.
const IF_WITHIN: usize = 3;

/// Letters that only Vietnamese writes: ă â đ ê ô ơ ư and the vowels with a dot below, a hook
/// above or a tilde (Latin Extended Additional), in either case.
fn is_vietnamese_letter(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă'
            | 'â'
            | 'Â'
            | 'đ'
            | 'Đ'
            | 'ê'
            | 'Ê'
            | 'ô'
            | 'Ô'
            | 'ơ'
            | 'Ơ'
            | 'ư'
            | 'Ư'
            | '\u{1EA0}'..='\u{1EF9}'
    )
}

fn detect_language(text: &str, norm: &Normalized) -> Language {
    // Letters only Vietnamese uses settle it; otherwise count common function words. Those
    // letters are not ASCII: an ASCII head of 4000 bytes is 4000 characters without one.
    let head = text.as_bytes().get(..4000).unwrap_or(text.as_bytes());
    if !head.is_ascii() && text.chars().take(4000).any(is_vietnamese_letter) {
        return Language::Vi;
    }
    let (mut vi, mut en) = (0usize, 0usize);
    for i in 0..norm.tokens.len().min(400) {
        match norm.token_text(i) {
            "anh" | "em" | "toi" | "cua" | "khong" | "va" | "la" | "cho" | "nay" | "ban"
            | "chung" | "duoc" | "nhung" | "voi" | "mot" | "co" | "se" | "thi" | "nguoi"
            | "tien" | "neu" | "hay" | "vui" | "long" | "quy" | "khach" | "da" | "roi" => vi += 1,
            "the" | "you" | "your" | "to" | "and" | "is" | "of" | "this" | "we" | "for" | "it"
            | "are" | "have" | "in" | "on" | "be" | "will" | "my" | "me" | "i" | "am" | "at"
            | "now" | "was" | "not" | "can" | "what" | "that" | "with" | "just" | "from" | "if"
            | "but" | "please" | "thanks" | "get" | "got" | "know" | "u" | "ur" => en += 1,
            _ => {}
        }
    }
    if en > vi {
        Language::En
    } else {
        Language::Vi
    }
}

/// Turns a red flag cue into the red flag it shows.
fn flag_of(section: &CueSection) -> Option<RedFlag> {
    match section {
        CueSection::Flag(f) => Some(*f),
        CueSection::Context(_) => None,
    }
}

/// The longest prefix of `text` within `max` bytes, cut at a character boundary.
pub fn truncate(text: &str, max: usize) -> &str {
    let mut cut = text.len().min(max);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

fn excerpt(text: &str, start: usize, end: usize) -> String {
    let end = end.min(start.saturating_add(MAX_EXCERPT));
    text.get(start..)
        .map(|rest| truncate(rest, end - start).to_string())
        .unwrap_or_default()
}

/// Message analysis: cues and model together.
#[derive(Debug, Clone)]
pub struct Analyzer {
    featurizer: Featurizer,
    model: Model,
    thresholds: Thresholds,
}

impl Analyzer {
    pub fn new(cues_source: &str, model: Model) -> Result<Analyzer, AnalyzerError> {
        Ok(Analyzer {
            featurizer: Featurizer::new(cues_source, model.bits)?,
            model,
            thresholds: Thresholds::default(),
        })
    }

    /// The same analyser deciding at other thresholds.
    pub fn with_thresholds(mut self, thresholds: Thresholds) -> Analyzer {
        self.thresholds = thresholds;
        self
    }

    /// The analyser built from the cues and model shipped with this build.
    pub fn builtin() -> Result<&'static Analyzer, &'static AnalyzerError> {
        static BUILTIN: OnceLock<Result<Analyzer, AnalyzerError>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| Analyzer::new(BUILTIN_CUES, Model::from_bytes(BUILTIN_MODEL)?))
            .as_ref()
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn featurizer(&self) -> &Featurizer {
        &self.featurizer
    }

    pub fn analyze(&self, text: &str) -> Analysis {
        let text = truncate(text, MAX_TEXT_BYTES);
        // The model's weights for the words and characters are fetched while the cues and
        // indicators are looked for.
        let prepared = self
            .featurizer
            .prepare_then(text, |lexical| self.model.prefetch(&lexical.entries));
        self.decide(text, prepared)
    }

    fn decide(&self, text: &str, prepared: Prepared) -> Analysis {
        let Prepared {
            normalized,
            hits,
            negated,
            extraction,
            features,
            addressing,
        } = prepared;
        // Nothing to read (only spaces, emoji or invisible characters): nothing to judge.
        let empty = normalized.tokens.is_empty() && extraction.indicators.is_empty();
        let threshold = self.model.threshold;
        let scores = self.model.score(&features, |scam| scam >= threshold);
        let score = if empty { 0.0 } else { scores.scam };
        let label = if score >= self.model.threshold {
            Label::Scam
        } else {
            Label::Legit
        };

        let cues = &self.featurizer.cues;
        let t = self.thresholds;
        let mut red_flags: Vec<FlagSpan> = Vec::new();
        let mut type_scores = BTreeMap::new();
        let mut scam_type = None;
        if label == Label::Scam {
            let learned = &scores.flags;
            let belief = |flag: RedFlag| learned.iter().find(|(f, _)| *f == flag).map(|(_, p)| *p);
            // A message that only reports a payment made asks for none.
            let paid = addressing.reports_payment();
            let payment = |flag: RedFlag| {
                matches!(
                    flag,
                    RedFlag::CryptoPaymentDemand | RedFlag::MoneyTransferDemand
                )
            };
            // A flag needs a cue that shows it (its span is the evidence) and, where the model
            // has a head for it, the model's agreement that this sender uses it.
            let shown = |scam_type: Option<ScamType>| {
                hits.iter().zip(&negated).filter_map(move |(hit, &neg)| {
                    let flag = cues.sections().get(hit.section).and_then(flag_of)?;
                    let scope = cues.scope(hit.section);
                    let in_scope = match scam_type {
                        None => scope.is_empty(),
                        Some(t) => !scope.is_empty() && scope.contains(&t),
                    };
                    let agreed = belief(flag).is_none_or(|p| p >= t.flag_agreement);
                    let unpaid = !(paid && payment(flag));
                    (!neg && in_scope && agreed && unpaid).then_some((flag, hit))
                })
            };
            let add_flags = |scam_type: Option<ScamType>, red_flags: &mut Vec<FlagSpan>| {
                for (flag, hit) in shown(scam_type) {
                    if !red_flags.iter().any(|f| f.flag == flag) {
                        red_flags.push(FlagSpan {
                            flag,
                            start: hit.start,
                            end: hit.end,
                            excerpt: excerpt(text, hit.start, hit.end),
                        });
                    }
                }
            };
            // Unscoped cues first: they help decide the type; then the type's own cues.
            add_flags(None, &mut red_flags);
            // In a scam, a link is there to be opened and a wallet or account to be paid into.
            for ind in &extraction.indicators {
                let flag = match ind.kind {
                    IndicatorKind::Url => RedFlag::LinkToOpen,
                    IndicatorKind::Btc | IndicatorKind::Eth | IndicatorKind::Trx => {
                        RedFlag::CryptoPaymentDemand
                    }
                    IndicatorKind::BankAccount => RedFlag::MoneyTransferDemand,
                    _ => continue,
                };
                if paid && payment(flag) {
                    continue;
                }
                let agreed = belief(flag).is_none_or(|p| p >= t.flag_agreement);
                if agreed && !red_flags.iter().any(|f| f.flag == flag) {
                    red_flags.push(FlagSpan {
                        flag,
                        start: ind.start,
                        end: ind.end,
                        excerpt: excerpt(text, ind.start, ind.end),
                    });
                }
            }
            let flags: Vec<RedFlag> = red_flags.iter().map(|f| f.flag).collect();
            let mut probs = scores.types;
            probs.sort_by(|a, b| b.1.total_cmp(&a.1));
            // A scam verdict always names a type, "other" when the model knows none.
            // Words such as "clip" or "vợ" show a tactic only in an extortion: they count
            // when the type model is sure of one.
            let evidence = TypeEvidence {
                extortion: scores.extortion,
                scam: score,
                words: normalized.tokens.len(),
                asks_reader: addressing.asks_reader(),
                flags: &flags,
                tactic_if_extortion: shown(Some(ScamType::DeepfakeExtortion))
                    .any(|(flag, _)| DEFINING_TACTICS.contains(&flag)),
            };
            scam_type = choose_type(&probs, &evidence, &t).or(Some(ScamType::Other));
            add_flags(scam_type, &mut red_flags);
            // Flags the model is sure of though no cue shows them (the cues cannot list every
            // wording): the evidence is the words that weigh most for that flag.
            let mut words = None;
            for &(flag, p) in &scores.flags {
                if p < t.flag_alone || red_flags.iter().any(|f| f.flag == flag) {
                    continue;
                }
                let words = words.get_or_insert_with(|| word_indices(&normalized, self.model.bits));
                if let Some((start, end)) = strongest_words(&self.model, &normalized, words, flag) {
                    red_flags.push(FlagSpan {
                        flag,
                        start,
                        end,
                        excerpt: excerpt(text, start, end),
                    });
                }
            }
            red_flags.sort_by_key(|f| (f.start, f.end));
            type_scores = probs
                .into_iter()
                .map(|(t, p)| (t, (p * 1e4).round() / 1e4))
                .collect();
        }
        let flags: Vec<RedFlag> = red_flags.iter().map(|f| f.flag).collect();

        let risk = if label == Label::Legit {
            Risk::Low
        } else if score >= 0.8 || flags.len() >= 3 {
            Risk::High
        } else {
            Risk::Medium
        };
        // Advice asks which kinds there are: each once, on the stack.
        let mut kinds = [IndicatorKind::Phone; IndicatorKind::ALL.len()];
        let mut distinct = 0;
        for ind in &extraction.indicators {
            if !kinds[..distinct].contains(&ind.kind) {
                if let Some(slot) = kinds.get_mut(distinct) {
                    *slot = ind.kind;
                    distinct += 1;
                }
            }
        }
        let kinds = &kinds[..distinct];
        let language = detect_language(text, &normalized);
        let advice = advice::render(&advice::select(scam_type, &flags, kinds), language);
        Analysis {
            label,
            score: (score * 1e4).round() / 1e4,
            risk,
            scam_type,
            type_scores,
            red_flags,
            indicators: extraction.indicators,
            invalid_indicators: extraction.invalid,
            advice,
            language,
            model: self.model.name.clone(),
        }
    }
}

/// The original-text span of the word, or pair of neighbouring words, whose features give
/// `flag` the most weight; none when no word weighs for it.
fn strongest_words(
    model: &Model,
    norm: &Normalized,
    words: &[(u32, Option<u32>)],
    flag: RedFlag,
) -> Option<(usize, usize)> {
    let mut best: Option<(f32, usize, usize)> = None;
    let mut prev_weight = 0.0;
    for (i, &(word, pair)) in words.iter().enumerate() {
        let weight = model.flag_weight(word, flag);
        let with_previous = pair.map(|pair| {
            let together = prev_weight + weight + model.flag_weight(pair, flag);
            (together, i.saturating_sub(1), i)
        });
        for c in [Some((weight, i, i)), with_previous].into_iter().flatten() {
            if c.0 > 0.0 && best.is_none_or(|b| c.0 > b.0) {
                best = Some(c);
            }
        }
        prev_weight = weight;
    }
    let (_, first, last) = best?;
    Some((
        norm.tokens.get(first)?.src_start,
        norm.tokens.get(last)?.src_end,
    ))
}

/// The tactics that make a scam an extortion.
const DEFINING_TACTICS: [RedFlag; 4] = [
    RedFlag::ClaimsCompromisingMedia,
    RedFlag::PrivateDetectiveClaim,
    RedFlag::ThreatToPublish,
    RedFlag::ThreatToContactFamilyOrWork,
];

/// What a scam shows beyond the type model's probabilities, for [`choose_type`].
struct TypeEvidence<'a> {
    /// The deepfake-extortion head's probability.
    extortion: f32,
    /// The scam probability.
    scam: f32,
    words: usize,
    /// A bank transfer is asked of the reader ([`Addressing::asks_reader`]).
    asks_reader: bool,
    /// The flags unscoped cues and indicators show.
    flags: &'a [RedFlag],
    /// Cues scoped to extortion ("clip", "vợ") would show one of its defining tactics.
    tactic_if_extortion: bool,
}

/// Deepfake extortion is named when its own head says so and the message shows one of its
/// defining tactics (unless, the head short of sure, the type model places it with another
/// type), or the head is sure (and the message has some length and holds words of
/// extortion or is clearly a scam); or when the type model places the message with
/// extortion and it demands payment (crypto, or a bank transfer asked of the reader) or shows
/// a defining tactic; or when the type model is sure of extortion and the words that are
/// tactics only in an extortion are there. Otherwise the most likely other type is taken.
/// (The flags are those cues and indicators show: on their own, the flag heads also "see"
/// threats in three-word everyday messages.)
fn choose_type(
    sorted: &[(ScamType, f32)],
    e: &TypeEvidence<'_>,
    t: &Thresholds,
) -> Option<ScamType> {
    let shows_extortion = e.flags.iter().any(|f| DEFINING_TACTICS.contains(f));
    let demands_payment = e.flags.iter().any(|f| match f {
        RedFlag::CryptoPaymentDemand => true,
        // Public appeals and fee notices list bank accounts too, but ask no one in particular.
        RedFlag::MoneyTransferDemand => e.asks_reader,
        _ => false,
    });
    // A recovery scam offers to delete the clip, a fake officer cites it: the tactic does not
    // make such a message extortion when the type model places it elsewhere and the extortion
    // head is not sure.
    let other_type_sure = matches!(sorted.first(),
        Some((other, p)) if *other != ScamType::DeepfakeExtortion && *p >= t.extortion_other_type);
    let typed = |at_least: f32| {
        matches!(sorted.first(),
            Some((ScamType::DeepfakeExtortion, p)) if *p >= at_least)
    };
    if (e.extortion >= t.extortion_alone
        && e.words >= t.extortion_alone_min_words
        && (e.tactic_if_extortion || e.scam >= t.extortion_alone_min_scam))
        || (e.extortion >= t.extortion_with_tactic
            && shows_extortion
            && (!other_type_sure || e.extortion >= t.extortion_alone))
        || ((shows_extortion || demands_payment) && typed(t.extortion_by_type))
        || (e.tactic_if_extortion && typed(t.extortion_by_type_sure))
    {
        return Some(ScamType::DeepfakeExtortion);
    }
    sorted
        .iter()
        .find(|(t, _)| *t != ScamType::DeepfakeExtortion)
        .or(sorted.first())
        .map(|(t, _)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::DEFAULT_BITS;
    use crate::model::{FlagHead, ModelFile};
    use crate::normalize::normalize;

    /// A model that calls everything a scam and whose threat-to-publish head leans on one word.
    fn model_leaning_on(word: &str, flag_bias: f32) -> Model {
        let index = word_indices(&normalize(word), DEFAULT_BITS)[0].0;
        Model::from_file(ModelFile {
            name: "t".into(),
            bits: DEFAULT_BITS,
            threshold: 0.5,
            calibration: [1.0, 0.0],
            scam_bias: 5.0,
            scam_weights: vec![],
            extortion_bias: -5.0,
            extortion_weights: vec![],
            flag_heads: vec![FlagHead {
                flag: RedFlag::ThreatToPublish,
                bias: flag_bias,
                weights: vec![(index, 2.0)],
            }],
            type_classes: vec![ScamType::Other],
            type_bias: vec![0.0],
            type_weights: vec![vec![]],
            detail_grams: false,
            trained_on: 1,
        })
        .expect("model")
    }

    #[test]
    fn a_flag_only_the_model_sees_has_the_words_it_leans_on_as_evidence() {
        let cues = "[ctx:warning]\ncảnh báo\n";
        let text = "nhớ nhé, zzqx tối nay";
        let sure = Analyzer::new(cues, model_leaning_on("zzqx", 3.0)).unwrap();
        let a = sure.analyze(text);
        assert_eq!(a.red_flags.len(), 1, "{:?}", a.red_flags);
        assert_eq!(a.red_flags[0].flag, RedFlag::ThreatToPublish);
        assert_eq!(a.red_flags[0].excerpt, "zzqx");
        // Below the threshold the model alone shows nothing.
        let unsure = Analyzer::new(cues, model_leaning_on("zzqx", -3.0)).unwrap();
        assert!(unsure.analyze(text).red_flags.is_empty());
    }

    #[test]
    fn a_wallet_in_a_payment_report_is_no_payment_demand() {
        // A model that calls everything a scam: only the cues and indicators decide the flags.
        let cues = "[crypto_payment_demand]\nbtc\n[ctx:pay_receipt]\nyou received\n\
                    [ctx:pay_demand]\nsend to\n";
        let analyzer = Analyzer::new(cues, model_leaning_on("zzqx", -3.0)).unwrap();
        let wallet = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
        let flags = |text: &str| -> Vec<RedFlag> {
            let a = analyzer.analyze(text);
            assert_eq!(a.label, Label::Scam);
            a.red_flags.iter().map(|f| f.flag).collect()
        };
        assert!(flags(&format!("You received 0.01 BTC at {wallet}")).is_empty());
        assert_eq!(
            flags(&format!(
                "You received nothing. Send to {wallet} 0.01 BTC now"
            )),
            vec![RedFlag::CryptoPaymentDemand]
        );
        assert_eq!(
            flags(&format!("0.01 BTC to {wallet}")),
            vec![RedFlag::CryptoPaymentDemand]
        );
    }

    /// The share of upper-case letters as its definition reads, character by character.
    fn upper_ratio_by_definition(text: &str) -> f32 {
        let letters = text
            .chars()
            .filter(|c| c.is_uppercase() || c.is_lowercase())
            .count();
        let upper = text.chars().filter(|c| c.is_uppercase()).count();
        if letters < 8 {
            0.0
        } else {
            upper as f32 / letters as f32
        }
    }

    #[test]
    fn upper_ratio_counted_while_normalising_gives_the_definition() {
        for text in [
            "THÁM TỬ TƯ ĐANG THEO DÕI ANH",
            "Ảnh Của Anh Đã Được Ghi Lại",
            "ΑΒΓ абв ДЕЖ ǅungla ǈ İstanbul ß ᾈ ＡＢＣ ａｂｃ 𝐀𝐁𝐂 😀 Ⓐⓐ",
            "short",
            "",
        ] {
            let case = normalize_counting_case(text).1;
            assert_eq!(upper_ratio(case), upper_ratio_by_definition(text), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn upper_ratio_is_its_definition(text in "\\PC{0,60}") {
            let case = normalize_counting_case(&text).1;
            proptest::prop_assert_eq!(upper_ratio(case), upper_ratio_by_definition(&text));
        }
    }

    #[test]
    fn extortion_needs_enough_words_or_a_tactic_and_a_bank_transfer_asked_of_the_reader() {
        let t = Thresholds::default();
        let evidence = |extortion, words, asks_reader, flags| TypeEvidence {
            extortion,
            scam: 0.9,
            words,
            asks_reader,
            flags,
            tactic_if_extortion: false,
        };
        let sorted = [(ScamType::Loan, 0.6), (ScamType::DeepfakeExtortion, 0.3)];
        let short = t.extortion_alone_min_words - 1;
        // Sure, but a few words with no tactic shown: the most likely other type.
        assert_eq!(
            choose_type(&sorted, &evidence(0.95, short, true, &[]), &t),
            Some(ScamType::Loan)
        );
        assert_eq!(
            choose_type(&sorted, &evidence(0.95, short + 1, true, &[]), &t),
            Some(ScamType::DeepfakeExtortion)
        );
        // Enough words but none of extortion, in a message not clearly a scam: not enough.
        let unsure = TypeEvidence {
            scam: t.extortion_alone_min_scam - 0.05,
            ..evidence(0.95, short + 1, true, &[])
        };
        assert_eq!(choose_type(&sorted, &unsure, &t), Some(ScamType::Loan));
        let with_words = TypeEvidence {
            tactic_if_extortion: true,
            ..unsure
        };
        assert_eq!(
            choose_type(&sorted, &with_words, &t),
            Some(ScamType::DeepfakeExtortion)
        );
        // A bank transfer names extortion by the type model only when asked of the reader.
        let leaning = [(ScamType::DeepfakeExtortion, 0.7), (ScamType::Other, 0.3)];
        let bank = [RedFlag::MoneyTransferDemand];
        assert_eq!(
            choose_type(&leaning, &evidence(0.1, 40, true, &bank), &t),
            Some(ScamType::DeepfakeExtortion)
        );
        assert_eq!(
            choose_type(&leaning, &evidence(0.1, 40, false, &bank), &t),
            Some(ScamType::Other)
        );
        // A defining tactic still names the type in a short message.
        let publish = [RedFlag::ThreatToPublish];
        assert_eq!(
            choose_type(&sorted, &evidence(0.95, short, true, &publish), &t),
            Some(ScamType::DeepfakeExtortion)
        );
    }

    #[test]
    fn a_tactic_with_the_head_fairly_sure_yields_to_another_type_the_type_model_prefers() {
        let t = Thresholds::default();
        let clip = [RedFlag::ClaimsCompromisingMedia];
        let fairly = TypeEvidence {
            extortion: t.extortion_with_tactic + 0.1,
            scam: 0.99,
            words: 40,
            asks_reader: true,
            flags: &clip,
            tactic_if_extortion: true,
        };
        let recovery = [
            (ScamType::RecoveryScam, t.extortion_other_type + 0.1),
            (ScamType::DeepfakeExtortion, 0.3),
        ];
        assert_eq!(
            choose_type(&recovery, &fairly, &t),
            Some(ScamType::RecoveryScam)
        );
        let extortion_first = [
            (ScamType::DeepfakeExtortion, 0.5),
            (ScamType::RecoveryScam, 0.4),
        ];
        assert_eq!(
            choose_type(&extortion_first, &fairly, &t),
            Some(ScamType::DeepfakeExtortion)
        );
        let sure = TypeEvidence {
            extortion: t.extortion_alone,
            ..fairly
        };
        assert_eq!(
            choose_type(&recovery, &sure, &t),
            Some(ScamType::DeepfakeExtortion)
        );
    }

    #[test]
    fn words_that_are_tactics_only_in_an_extortion_need_a_sure_type_model() {
        let t = Thresholds::default();
        let clip = TypeEvidence {
            extortion: 0.1,
            scam: 0.9,
            words: 4,
            asks_reader: false,
            flags: &[RedFlag::DeadlineUrgency],
            tactic_if_extortion: true,
        };
        let sure = [(ScamType::DeepfakeExtortion, 0.95), (ScamType::Loan, 0.05)];
        let leaning = [(ScamType::DeepfakeExtortion, 0.7), (ScamType::Loan, 0.3)];
        assert_eq!(
            choose_type(&sure, &clip, &t),
            Some(ScamType::DeepfakeExtortion)
        );
        assert_eq!(choose_type(&leaning, &clip, &t), Some(ScamType::Loan));
        let no_tactic = TypeEvidence {
            tactic_if_extortion: false,
            ..clip
        };
        assert_eq!(choose_type(&sure, &no_tactic, &t), Some(ScamType::Loan));
    }

    /// Each cue hit's text and whether it is read as negated.
    fn read_hits(f: &Featurizer, text: &str) -> Vec<(String, bool)> {
        let p = f.prepare(text);
        let hits = p.hits.iter().zip(&p.negated);
        hits.map(|(h, &neg)| (text[h.start..h.end].to_string(), neg))
            .collect()
    }

    /// Whether each cue hit whose text is `excerpt` is read as negated.
    fn negated_hits(f: &Featurizer, text: &str, excerpt: &str) -> Vec<bool> {
        let hits = read_hits(f, text).into_iter();
        hits.filter(|(hit, _)| hit == excerpt)
            .map(|(_, neg)| neg)
            .collect()
    }

    #[test]
    fn a_negation_stays_in_its_clause() {
        let f = Featurizer::builtin(DEFAULT_BITS).unwrap();
        // A question tag ends its clause: the video after it is not denied.
        let asked = negated_hits(
            &f,
            "Anh Tú phải không? Video anh trong phòng 302 tôi đang giữ.",
            "Video",
        );
        assert!(
            !asked.is_empty() && asked.iter().all(|neg| !neg),
            "{asked:?}"
        );
        let denied = negated_hits(&f, "Tôi không Video gì cả", "Video");
        assert!(
            !denied.is_empty() && denied.iter().all(|&neg| neg),
            "{denied:?}"
        );
    }

    #[test]
    fn a_negation_that_opens_a_condition_denies_nothing() {
        let f = Featurizer::builtin(DEFAULT_BITS).unwrap();
        let hits = |text: &str| read_hits(&f, text);
        for text in [
            // "if you do not transfer, then …": a demand, the cues around it not denied.
            "Không chuyển tiền thì tôi gửi clip cho vợ anh.",
            "Nếu anh không chuyển tiền, tôi gửi clip cho vợ anh.",
            "If you do not pay, the video goes to your wife.",
            // "không thì" is "otherwise".
            "Chuyển ngay, không thì gửi cho vợ anh.",
        ] {
            let read = hits(text);
            assert!(
                !read.is_empty() && read.iter().all(|(_, neg)| !neg),
                "{text}: {read:?}"
            );
        }
        // A plain refusal still denies.
        let refused = hits("Tôi không gửi clip cho vợ anh đâu.");
        assert!(refused.iter().any(|(_, neg)| *neg), "{refused:?}");
    }

    #[test]
    fn a_description_needs_an_actor_two_warnings_and_far_more_description_than_demand() {
        let cues = "[ctx:actor]\nkẻ gian\n[ctx:warning]\ncảnh báo\nthủ đoạn\nkhuyến cáo\n\
                    [ctx:official]\nphóng viên\n[ctx:demand]\nanh phải\n";
        let fz = Featurizer::new(cues, DEFAULT_BITS).unwrap();
        let describes = |text: &str| {
            let p = fz.prepare(text);
            fz.addressing(&p.hits, &p.negated).describes()
        };
        assert!(describes("Cảnh báo thủ đoạn của kẻ gian"));
        // The same warning word twice is one warning.
        assert!(!describes("Cảnh báo, cảnh báo: kẻ gian"));
        assert!(!describes(
            "Cảnh báo thủ đoạn của kẻ gian: anh phải trả tiền"
        ));
        assert!(!describes("Cảnh báo thủ đoạn lừa đảo"));
        // A report quoting one demand among much description still describes.
        assert!(describes(
            "Phóng viên ghi nhận thủ đoạn của kẻ gian, cảnh báo và khuyến cáo: anh phải trả tiền"
        ));
    }

    #[test]
    fn quotation_marks_around_the_whole_message_hold_the_senders_words() {
        let whole = "\"anh chuyển tiền ngay, không thì tôi đăng\"";
        let norm = normalize(whole);
        assert!(quoted_tokens(whole, &norm).iter().all(|q| !q));
        let plain = "anh chuyển tiền ngay";
        assert!(quoted_tokens(plain, &normalize(plain)).is_empty());
        let part = "Báo đưa tin kẻ gian nhắn \"tôi đăng\" cho nhiều người ở Hà Nội và Hải Phòng";
        let norm = normalize(part);
        assert!(quoted_tokens(part, &norm).iter().any(|q| *q));
    }
}
