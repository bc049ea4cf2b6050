//! Advice drawn from the official guidance (provincial warning letter, Dec 2024), chosen by
//! scam type and red flags, in Vietnamese and English.

use serde::Serialize;

use crate::indicators::IndicatorKind;
use crate::taxonomy::{Language, RedFlag, ScamType};

/// One step of advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AdviceId {
    StayCalm,
    DoNotPay,
    DoNotPayToProveInnocence,
    DoNotOpenLinks,
    DoNotInstallApps,
    TellFamily,
    KeepEvidence,
    ReportToPolice,
    TightenPrivacy,
    StayAlert,
}

impl AdviceId {
    pub const ALL: &'static [AdviceId] = &[
        AdviceId::StayCalm,
        AdviceId::DoNotPay,
        AdviceId::DoNotPayToProveInnocence,
        AdviceId::DoNotOpenLinks,
        AdviceId::DoNotInstallApps,
        AdviceId::TellFamily,
        AdviceId::KeepEvidence,
        AdviceId::ReportToPolice,
        AdviceId::TightenPrivacy,
        AdviceId::StayAlert,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AdviceId::StayCalm => "stay_calm",
            AdviceId::DoNotPay => "do_not_pay",
            AdviceId::DoNotPayToProveInnocence => "do_not_pay_to_prove_innocence",
            AdviceId::DoNotOpenLinks => "do_not_open_links",
            AdviceId::DoNotInstallApps => "do_not_install_apps",
            AdviceId::TellFamily => "tell_family",
            AdviceId::KeepEvidence => "keep_evidence",
            AdviceId::ReportToPolice => "report_to_police",
            AdviceId::TightenPrivacy => "tighten_privacy",
            AdviceId::StayAlert => "stay_alert",
        }
    }

    pub fn text(self, lang: Language) -> &'static str {
        match (self, lang) {
            (AdviceId::StayCalm, Language::Vi) => "Hãy bình tĩnh. Đây là thủ đoạn lừa đảo đã được cơ quan chức năng cảnh báo; kẻ gian dựa vào sự hoảng sợ để ép bạn làm theo.",
            (AdviceId::StayCalm, Language::En) => "Stay calm. This is a known scam that the authorities have warned about; the sender relies on fear to rush you.",
            (AdviceId::DoNotPay, Language::Vi) => "Không chuyển tiền, không gửi tiền điện tử và không trả bất kỳ khoản phí nào. Trả tiền không làm họ dừng lại mà chỉ khiến họ đòi thêm.",
            (AdviceId::DoNotPay, Language::En) => "Do not pay, send cryptocurrency or pay any fee. Paying does not make them stop; it makes them ask for more.",
            (AdviceId::DoNotPayToProveInnocence, Language::Vi) => "Không chuyển tiền để \"phục vụ điều tra\" hay \"chứng minh trong sạch\". Công an không bao giờ yêu cầu việc này qua điện thoại hay tin nhắn.",
            (AdviceId::DoNotPayToProveInnocence, Language::En) => "Do not transfer money \"for the investigation\" or \"to prove your innocence\". The police never ask for this by phone or message.",
            (AdviceId::DoNotOpenLinks, Language::Vi) => "Không bấm vào đường link trong tin nhắn và không nhập mật khẩu hay mã OTP ở bất kỳ trang nào họ gửi.",
            (AdviceId::DoNotOpenLinks, Language::En) => "Do not open the links in the message, and never enter a password or one-time code on a page they send.",
            (AdviceId::DoNotInstallApps, Language::Vi) => "Không cài đặt ứng dụng hay phần mềm theo hướng dẫn của người lạ.",
            (AdviceId::DoNotInstallApps, Language::En) => "Do not install any app or software a stranger tells you to.",
            (AdviceId::TellFamily, Language::Vi) => "Hãy kể cho người thân mà bạn tin tưởng. Bạn không có lỗi, và có người bên cạnh sẽ giúp bạn bình tĩnh xử lý.",
            (AdviceId::TellFamily, Language::En) => "Tell a family member you trust. You have done nothing wrong, and having someone with you helps.",
            (AdviceId::KeepEvidence, Language::Vi) => "Giữ lại bằng chứng: chụp màn hình tin nhắn, lưu số điện thoại, tài khoản, địa chỉ ví và đường link. Đừng xoá cuộc trò chuyện.",
            (AdviceId::KeepEvidence, Language::En) => "Keep the evidence: screenshot the messages and note the phone numbers, accounts, wallet addresses and links. Do not delete the conversation.",
            (AdviceId::ReportToPolice, Language::Vi) => "Báo cho công an: gọi 113, đến công an nơi gần nhất, hoặc gọi đường dây nóng 0899 252 555 của Sở Thông tin và Truyền thông.",
            (AdviceId::ReportToPolice, Language::En) => "Report it to the police: call 113, go to the nearest police station, or call the provincial hotline 0899 252 555.",
            (AdviceId::TightenPrivacy, Language::Vi) => "Rà soát quyền riêng tư trên mạng xã hội: ẩn danh sách bạn bè, hạn chế ảnh và thông tin cá nhân để công khai.",
            (AdviceId::TightenPrivacy, Language::En) => "Tighten your social media privacy: hide your friends list and limit the photos and personal details that are public.",
            (AdviceId::StayAlert, Language::Vi) => "Nếu người gửi đòi tiền, gửi đường link hay đe doạ, hãy dừng lại, kiểm tra kỹ và hỏi người thân trước khi làm theo.",
            (AdviceId::StayAlert, Language::En) => "If the sender asks for money, sends a link or makes threats, stop, check carefully and ask someone you trust before you act.",
        }
    }
}

/// One piece of advice as shown to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Advice {
    pub id: &'static str,
    pub text: &'static str,
}

/// The steps that apply to a message, in the order of the official guidance.
pub fn select(
    scam_type: Option<ScamType>,
    flags: &[RedFlag],
    indicators: &[IndicatorKind],
) -> Vec<AdviceId> {
    let Some(scam_type) = scam_type else {
        return vec![AdviceId::StayAlert];
    };
    let has = |f: RedFlag| flags.contains(&f);
    let mut ids = vec![
        AdviceId::StayCalm,
        AdviceId::DoNotPay,
        AdviceId::KeepEvidence,
        AdviceId::ReportToPolice,
    ];
    if scam_type == ScamType::AuthorityImpersonation
        || has(RedFlag::PayToProveInnocence)
        || has(RedFlag::AuthorityImpersonation)
    {
        ids.push(AdviceId::DoNotPayToProveInnocence);
    }
    if has(RedFlag::LinkToOpen)
        || scam_type == ScamType::PhishingLink
        || indicators.contains(&IndicatorKind::Url)
    {
        ids.push(AdviceId::DoNotOpenLinks);
    }
    if has(RedFlag::AppInstallRequest) || scam_type == ScamType::AuthorityImpersonation {
        ids.push(AdviceId::DoNotInstallApps);
    }
    let extortion = matches!(
        scam_type,
        ScamType::DeepfakeExtortion | ScamType::RecoveryScam
    );
    if extortion || has(RedFlag::ThreatToContactFamilyOrWork) || has(RedFlag::ThreatToPublish) {
        ids.push(AdviceId::TellFamily);
    }
    if extortion || has(RedFlag::ClaimsCompromisingMedia) {
        ids.push(AdviceId::TightenPrivacy);
    }
    ids.sort();
    ids.dedup();
    ids
}

pub fn render(ids: &[AdviceId], lang: Language) -> Vec<Advice> {
    ids.iter()
        .map(|&id| Advice {
            id: id.as_str(),
            text: id.text(lang),
        })
        .collect()
}
