//! Human-readable output of `canhgiac check`.

use std::io::{self, Write};

use canhgiac_core::analysis::Analysis;
use canhgiac_core::taxonomy::{Label, Language, Risk};

/// Characters of context shown on each side of a red flag.
const CONTEXT_CHARS: usize = 30;

fn context(text: &str, start: usize, end: usize, color: bool) -> String {
    let (Some(before), Some(flagged), Some(after)) =
        (text.get(..start), text.get(start..end), text.get(end..))
    else {
        return String::new();
    };
    let before: String = {
        let chars: Vec<char> = before.chars().rev().take(CONTEXT_CHARS).collect();
        chars.into_iter().rev().collect()
    };
    let after: String = after.chars().take(CONTEXT_CHARS).collect();
    let (open, close) = if color {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("«", "»")
    };
    format!("…{before}{open}{flagged}{close}{after}…").replace(['\n', '\r'], " ")
}

pub fn human(
    out: &mut impl Write,
    text: &str,
    a: &Analysis,
    lang: Option<Language>,
    color: bool,
) -> io::Result<()> {
    let lang = lang.unwrap_or(a.language);
    let vi = lang == Language::Vi;
    let verdict = match (a.label, a.risk, vi) {
        (Label::Scam, Risk::High, true) => "LỪA ĐẢO: nguy cơ cao",
        (Label::Scam, _, true) => "CÓ DẤU HIỆU LỪA ĐẢO",
        (Label::Legit, _, true) => "Không thấy dấu hiệu lừa đảo rõ ràng",
        (Label::Scam, Risk::High, false) => "SCAM: high risk",
        (Label::Scam, _, false) => "LIKELY SCAM",
        (Label::Legit, _, false) => "No clear signs of a scam",
    };
    writeln!(
        out,
        "{verdict} ({} {:.2})",
        if vi { "điểm" } else { "score" },
        a.score
    )?;
    if let Some(t) = a.scam_type {
        writeln!(
            out,
            "{}: {}",
            if vi { "Loại" } else { "Type" },
            t.describe(lang)
        )?;
    }
    if !a.red_flags.is_empty() {
        writeln!(out, "\n{}", if vi { "Dấu hiệu:" } else { "Red flags:" })?;
        for f in &a.red_flags {
            writeln!(
                out,
                "  - {}: {}",
                f.flag.describe(lang),
                context(text, f.start, f.end, color)
            )?;
        }
    }
    if !a.indicators.is_empty() {
        writeln!(
            out,
            "\n{}",
            if vi {
                "Số điện thoại, tài khoản, ví, đường link:"
            } else {
                "Indicators:"
            }
        )?;
        for i in &a.indicators {
            let kind = i.kind.as_str();
            match &i.bank {
                Some(bank) => writeln!(out, "  - {kind}: {} ({bank})", i.value)?,
                None => writeln!(out, "  - {kind}: {}", i.value)?,
            }
        }
    }
    if !a.invalid_indicators.is_empty() {
        writeln!(
            out,
            "\n{}",
            if vi {
                "Chuỗi giống địa chỉ ví nhưng sai mã kiểm tra (không phải ví hợp lệ):"
            } else {
                "Look like wallets but fail the checksum:"
            }
        )?;
        for l in &a.invalid_indicators {
            writeln!(out, "  - {}", l.text)?;
        }
    }
    writeln!(out, "\n{}", if vi { "Nên làm:" } else { "What to do:" })?;
    for (n, step) in a.advice.iter().enumerate() {
        let text = canhgiac_core::advice::AdviceId::ALL
            .iter()
            .find(|id| id.as_str() == step.id)
            .map(|id| id.text(lang))
            .unwrap_or(step.text);
        writeln!(out, "  {}. {text}", n + 1)?;
    }
    Ok(())
}
