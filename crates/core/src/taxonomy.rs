//! The names of `corpus/SPEC.md`: scam types and red flags.

use serde::{Deserialize, Serialize};

macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The SPEC.md name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }

            pub fn index(self) -> usize {
                self as usize
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

named_enum! {
    /// Scam types of the taxonomy.
    ScamType {
        DeepfakeExtortion => "deepfake_extortion",
        RecoveryScam => "recovery_scam",
        AuthorityImpersonation => "authority_impersonation",
        PhishingLink => "phishing_link",
        Investment => "investment",
        JobTask => "job_task",
        Loan => "loan",
        Prize => "prize",
        Romance => "romance",
        Other => "other",
    }
}

named_enum! {
    /// Red flags: tactics the sender uses against the recipient.
    RedFlag {
        PrivateDetectiveClaim => "private_detective_claim",
        ClaimsCompromisingMedia => "claims_compromising_media",
        ThreatToPublish => "threat_to_publish",
        ThreatToContactFamilyOrWork => "threat_to_contact_family_or_work",
        DeadlineUrgency => "deadline_urgency",
        CryptoPaymentDemand => "crypto_payment_demand",
        MoneyTransferDemand => "money_transfer_demand",
        PayToProveInnocence => "pay_to_prove_innocence",
        LinkToOpen => "link_to_open",
        AppInstallRequest => "app_install_request",
        SecrecyDemand => "secrecy_demand",
        AuthorityImpersonation => "authority_impersonation",
        MoveToOtherChannel => "move_to_other_channel",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    Scam,
    Legit,
}

impl Label {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Scam => "scam",
            Label::Legit => "legit",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Vi,
    En,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Vi => "vi",
            Language::En => "en",
        }
    }
}

impl ScamType {
    /// A short human description.
    pub fn describe(self, lang: Language) -> &'static str {
        use ScamType::*;
        match (self, lang) {
            (DeepfakeExtortion, Language::Vi) => {
                "tống tiền bằng ảnh, video nhạy cảm (thường là ghép mặt)"
            }
            (DeepfakeExtortion, Language::En) => {
                "extortion with intimate images or videos (often face-swapped)"
            }
            (RecoveryScam, Language::Vi) => "lừa \"xoá clip\", \"lấy lại tiền\" có thu phí",
            (RecoveryScam, Language::En) => "paid \"clip removal\" or \"money recovery\" scam",
            (AuthorityImpersonation, Language::Vi) => {
                "giả danh công an, viện kiểm sát, toà án hoặc cơ quan nhà nước"
            }
            (AuthorityImpersonation, Language::En) => {
                "impersonation of police, prosecutors, courts or officials"
            }
            (PhishingLink, Language::Vi) => "đường link giả để lấy mật khẩu, mã OTP",
            (PhishingLink, Language::En) => "fake link to steal passwords or one-time codes",
            (Investment, Language::Vi) => "lừa đầu tư",
            (Investment, Language::En) => "investment scam",
            (JobTask, Language::Vi) => "lừa việc làm, làm nhiệm vụ",
            (JobTask, Language::En) => "job or task scam",
            (Loan, Language::Vi) => "lừa cho vay",
            (Loan, Language::En) => "loan scam",
            (Prize, Language::Vi) => "lừa trúng thưởng",
            (Prize, Language::En) => "prize scam",
            (Romance, Language::Vi) => "lừa tình cảm",
            (Romance, Language::En) => "romance scam",
            (Other, Language::Vi) => "lừa đảo khác",
            (Other, Language::En) => "other scam",
        }
    }
}

impl RedFlag {
    /// A short human description.
    pub fn describe(self, lang: Language) -> &'static str {
        use RedFlag::*;
        match (self, lang) {
            (PrivateDetectiveClaim, Language::Vi) => "tự xưng thám tử tư, người được thuê theo dõi",
            (PrivateDetectiveClaim, Language::En) => {
                "claims to be a private detective hired to follow you"
            }
            (ClaimsCompromisingMedia, Language::Vi) => "nói có ảnh, video nhạy cảm của bạn",
            (ClaimsCompromisingMedia, Language::En) => {
                "claims to hold compromising images or videos of you"
            }
            (ThreatToPublish, Language::Vi) => "doạ tung lên mạng",
            (ThreatToPublish, Language::En) => "threatens to publish",
            (ThreatToContactFamilyOrWork, Language::Vi) => "doạ gửi cho gia đình, cơ quan",
            (ThreatToContactFamilyOrWork, Language::En) => {
                "threatens to send it to your family or workplace"
            }
            (DeadlineUrgency, Language::Vi) => "ép thời hạn gấp",
            (DeadlineUrgency, Language::En) => "pressure with a deadline",
            (CryptoPaymentDemand, Language::Vi) => "đòi trả bằng tiền điện tử",
            (CryptoPaymentDemand, Language::En) => "demands cryptocurrency",
            (MoneyTransferDemand, Language::Vi) => "đòi chuyển tiền",
            (MoneyTransferDemand, Language::En) => "demands a money transfer",
            (PayToProveInnocence, Language::Vi) => "đòi chuyển tiền để \"chứng minh trong sạch\"",
            (PayToProveInnocence, Language::En) => "asks for money \"to prove your innocence\"",
            (LinkToOpen, Language::Vi) => "yêu cầu bấm vào đường link",
            (LinkToOpen, Language::En) => "asks you to open a link",
            (AppInstallRequest, Language::Vi) => "yêu cầu cài ứng dụng",
            (AppInstallRequest, Language::En) => "asks you to install an app",
            (SecrecyDemand, Language::Vi) => "đòi giữ bí mật, không báo ai",
            (SecrecyDemand, Language::En) => "demands secrecy",
            (AuthorityImpersonation, Language::Vi) => "giả danh cơ quan chức năng",
            (AuthorityImpersonation, Language::En) => "poses as an authority",
            (MoveToOtherChannel, Language::Vi) => "kéo sang kênh liên lạc khác",
            (MoveToOtherChannel, Language::En) => "moves you to another channel",
        }
    }
}
