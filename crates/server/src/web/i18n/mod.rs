//! The words of the web pages: one catalogue per language (`vi.rs`, `en.rs`), each a [`Text`]
//! holding every string a page shows, so a missing translation is a compile error.

mod en;
mod vi;

use canhgiac_core::indicators::IndicatorKind;
use canhgiac_core::taxonomy::Language;

/// The language a page is shown in. Vietnamese unless the person chose English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    pub fn text(self) -> &'static Text {
        match self {
            Lang::Vi => &vi::TEXT,
            Lang::En => &en::TEXT,
        }
    }

    /// The core's language, for its descriptions of scam types, red flags and advice.
    pub fn core(self) -> Language {
        match self {
            Lang::Vi => Language::Vi,
            Lang::En => Language::En,
        }
    }
}

/// One platform of the privacy checklist.
pub struct Platform {
    pub name: &'static str,
    pub steps: &'static [&'static str],
}

/// A choice in a `<select>`: the value sent and the words shown.
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

/// Every string of the pages in one language. Strings with numbers in them are functions.
pub struct Text {
    pub site_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_check: &'static str,
    pub nav_lookup: &'static str,
    pub nav_report: &'static str,
    pub nav_photo: &'static str,
    pub nav_privacy: &'static str,
    /// The link to the other language, written in that language.
    pub switch_label: &'static str,
    pub footer_help: &'static str,
    pub footer_police: &'static str,
    pub footer_hotline: &'static str,
    pub footer_privacy: &'static str,
    pub required_note: &'static str,
    pub optional: &'static str,

    // Kiểm tra tin nhắn.
    pub check_title: &'static str,
    pub check_lead: &'static str,
    pub check_text_label: &'static str,
    pub check_text_hint: &'static str,
    pub check_image_label: &'static str,
    pub check_image_hint: &'static str,
    pub check_button: &'static str,
    pub busy: &'static str,
    pub verdict_scam_high: &'static str,
    pub verdict_scam_medium: &'static str,
    pub verdict_legit: &'static str,
    pub summary_scam: &'static str,
    pub summary_legit: &'static str,
    pub scam_type_label: &'static str,
    pub read_from_image: &'static str,
    pub message_heading: &'static str,
    pub flags_heading: &'static str,
    pub flags_intro: &'static str,
    pub indicators_heading: &'static str,
    pub indicators_intro: &'static str,
    pub lookalikes_heading: &'static str,
    pub lookalike_note: &'static str,
    pub advice_heading: &'static str,
    pub call_police: &'static str,
    pub call_hotline: &'static str,
    pub report_button: &'static str,
    pub report_button_hint: &'static str,
    pub lookup_button: &'static str,
    pub lookup_link: &'static str,
    pub check_again: &'static str,
    pub not_reported: &'static str,
    pub reported_times: fn(i64) -> String,
    pub verdict_confirmed: &'static str,
    pub verdict_false_positive: &'static str,
    pub verdict_allowlisted: &'static str,
    pub listed_on: &'static str,
    pub bank_label: &'static str,

    // Tra cứu.
    pub lookup_title: &'static str,
    pub lookup_lead: &'static str,
    pub lookup_kind_label: &'static str,
    pub lookup_value_label: &'static str,
    pub lookup_value_hint: &'static str,
    pub lookup_submit: &'static str,
    pub lookup_result_heading: &'static str,
    pub lookup_none: &'static str,
    pub lookup_none_advice: &'static str,
    pub lookup_found_advice: &'static str,
    pub first_seen: &'static str,
    pub last_seen: &'static str,
    pub lookup_privacy: &'static str,
    pub kinds: &'static [Choice],

    // Báo cáo.
    pub report_title: &'static str,
    pub report_lead: &'static str,
    pub report_text_label: &'static str,
    pub report_channel_label: &'static str,
    pub channels: &'static [Choice],
    pub received_label: &'static str,
    pub demanded_label: &'static str,
    pub paid_label: &'static str,
    pub amount_hint: &'static str,
    pub currency_label: &'static str,
    pub currencies: &'static [Choice],
    pub contact_label: &'static str,
    pub contact_note: &'static str,
    pub consent_label: &'static str,
    pub report_submit: &'static str,
    pub money_legend: &'static str,
    pub contact_legend: &'static str,
    pub created_title: &'static str,
    pub created_lead: &'static str,
    pub reference_label: &'static str,
    pub pin_label: &'static str,
    pub write_down: &'static str,
    pub copy_button: &'static str,
    pub copied: &'static str,
    pub print_button: &'static str,
    pub next_steps_heading: &'static str,
    pub status_link: &'static str,

    // Trạng thái báo cáo.
    pub status_title: &'static str,
    pub status_lead: &'static str,
    pub status_submit: &'static str,
    pub status_heading: &'static str,
    pub status_label: &'static str,
    pub status_received: &'static str,
    pub status_confirmed: &'static str,
    pub status_false_positive: &'static str,
    pub status_withdrawn: &'static str,
    pub created_on: &'static str,
    pub campaign_reports: fn(i64) -> String,
    pub withdraw_heading: &'static str,
    pub withdraw_note: &'static str,
    pub withdraw_confirm: &'static str,
    pub withdraw_submit: &'static str,
    pub withdrawn_done: &'static str,

    // Bảo vệ ảnh.
    pub photo_title: &'static str,
    pub photo_lead: &'static str,
    pub photo_how: &'static [&'static str],
    pub photo_file_label: &'static str,
    pub photo_file_hint: &'static str,
    pub photo_submit: &'static str,
    pub photo_done_title: &'static str,
    pub photo_done_lead: &'static str,
    pub photo_fingerprints: fn(usize) -> String,
    pub photo_low_quality: &'static str,

    // Quyền riêng tư.
    pub privacy_title: &'static str,
    pub privacy_lead: &'static str,
    pub privacy_general_heading: &'static str,
    pub privacy_general: &'static [&'static str],
    pub privacy_note: &'static str,
    pub platforms: &'static [Platform],

    // Cảnh báo.
    pub nav_advisories: &'static str,
    pub advisories_title: &'static str,
    pub advisories_lead: &'static str,
    pub advisories_none: &'static str,
    pub advisories_back: &'static str,
    pub advisory_feed: &'static str,
    pub advisory_formats: &'static str,
    pub advisory_instruction_heading: &'static str,
    pub advisory_indicators_heading: &'static str,
    pub advisory_contact: &'static str,
    pub advisory_draft: &'static str,
    pub advisory_public: &'static str,
    pub advisory_private: &'static str,
    pub acknowledge_title: &'static str,
    pub acknowledge_to: &'static str,
    pub acknowledge_lead: &'static str,
    pub acknowledge_by_label: &'static str,
    pub acknowledge_by_hint: &'static str,
    pub acknowledge_button: &'static str,
    pub acknowledge_by_missing: &'static str,
    pub acknowledge_thanks: &'static str,
    /// Organisation, date and time, who.
    pub acknowledged_note: fn(&str, &str, &str) -> String,

    // Analysts: login and menu.
    pub desk_label: &'static str,
    pub desk_dashboard: &'static str,
    pub desk_queue: &'static str,
    pub desk_search: &'static str,
    pub desk_advisories: &'static str,
    pub logout_button: &'static str,
    pub login_title: &'static str,
    pub login_lead: &'static str,
    pub login_name_label: &'static str,
    pub login_password_label: &'static str,
    pub login_button: &'static str,
    pub login_wrong: &'static str,

    // Analysts: dashboard.
    pub stat_reports: &'static str,
    pub stat_awaiting: &'static str,
    pub stat_campaigns: &'static str,
    pub chart_per_day: &'static str,
    pub chart_by_type: &'static str,
    pub chart_indicators: &'static str,
    pub chart_money: &'static str,
    pub chart_empty: &'static str,
    pub legend_demanded: &'static str,
    pub legend_paid: &'static str,
    pub desk_no_currency: &'static str,
    /// Demanded, paid, currency, reports that paid.
    pub desk_money_line: fn(&str, &str, &str, i64) -> String,

    // Analysts: reports.
    pub desk_status_received: &'static str,
    pub desk_status_all: &'static str,
    pub desk_type_none: &'static str,
    pub desk_label_scam: &'static str,
    pub desk_label_legit: &'static str,
    pub queue_filter_label: &'static str,
    pub queue_filter_button: &'static str,
    pub queue_empty: &'static str,
    pub col_report: &'static str,
    pub col_campaign: &'static str,
    pub desk_report_title: fn(i64) -> String,
    pub desk_channel_label: &'static str,
    pub desk_label_label: &'static str,
    pub desk_campaign_link: &'static str,
    pub desk_contact_none: &'static str,
    pub desk_consent_yes: &'static str,
    pub desk_consent_no: &'static str,
    pub desk_audit_note: &'static str,
    pub desk_no_indicators: &'static str,
    pub desk_fingerprints: fn(usize) -> String,
    pub desk_decide_heading: &'static str,
    pub desk_decided_note: &'static str,
    pub desk_reason_label: &'static str,
    pub desk_reason_hint: &'static str,
    pub desk_confirm_button: &'static str,
    pub desk_false_positive_button: &'static str,
    pub desk_decisions_heading: &'static str,
    pub desk_no_decisions: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub search_button: &'static str,
    pub search_results: &'static str,

    // Analysts: campaigns.
    pub campaign_title: fn(i64) -> String,
    pub campaign_reports_label: &'static str,
    pub campaign_graph_heading: &'static str,
    pub campaign_graph_note: &'static str,
    pub campaign_graph_label: fn(i64) -> String,
    pub legend_shared_indicator: &'static str,
    pub legend_shared_image: &'static str,
    pub campaign_hidden: fn(usize) -> String,
    pub campaign_timeline_heading: &'static str,
    pub campaign_merged: fn(i64) -> String,

    // Admins: advisories.
    pub new_advisory_heading: &'static str,
    pub new_advisory_lead: &'static str,
    pub adv_identifier_label: &'static str,
    pub adv_identifier_hint: &'static str,
    pub adv_vietnamese_legend: &'static str,
    pub adv_english_legend: &'static str,
    pub adv_title_label: &'static str,
    pub adv_event_label: &'static str,
    pub adv_event_hint: &'static str,
    pub adv_body_label: &'static str,
    pub adv_instruction_label: &'static str,
    pub adv_cap_legend: &'static str,
    pub adv_restriction_label: &'static str,
    pub adv_restriction_hint: &'static str,
    pub adv_contact_legend: &'static str,
    pub adv_contact_label: &'static str,
    pub adv_hotline_label: &'static str,
    pub paging_label: &'static str,
    pub paging_prev: &'static str,
    pub paging_next: &'static str,
    pub paging_page: &'static str,
    pub orgs_heading: &'static str,
    pub orgs_lead: &'static str,
    pub orgs_none: &'static str,
    pub org_name_label: &'static str,
    pub org_group_label: &'static str,
    pub org_group_hint: &'static str,
    pub org_email_label: &'static str,
    pub org_add_button: &'static str,
    pub org_no_email: &'static str,
    pub adv_related_legend: &'static str,
    pub adv_campaigns_label: &'static str,
    pub adv_campaigns_hint: &'static str,
    pub adv_indicators_label: &'static str,
    pub adv_indicators_hint: &'static str,
    pub adv_expires_label: &'static str,
    pub err_advisory_campaigns: &'static str,
    pub err_advisory_indicator: &'static str,
    pub err_advisory_expires: &'static str,
    pub adv_groups_legend: &'static str,
    pub adv_groups_none: &'static str,
    pub adv_group_count: fn(usize) -> String,
    pub adv_save_button: &'static str,
    pub cap_category_label: &'static str,
    pub cap_categories: &'static [Choice],
    pub cap_severity_label: &'static str,
    pub cap_severities: &'static [Choice],
    pub cap_urgency_label: &'static str,
    pub cap_urgencies: &'static [Choice],
    pub cap_certainty_label: &'static str,
    pub cap_certainties: &'static [Choice],
    pub cap_scope_label: &'static str,
    pub cap_scopes: &'static [Choice],
    pub publish_heading: &'static str,
    pub publish_note: &'static str,
    pub publish_button: &'static str,
    pub published_note: &'static str,
    pub links_once_note: &'static str,
    pub advisory_view_public: &'static str,
    pub recipients_heading: &'static str,
    pub recipients_none: &'static str,
    pub acknowledged_label: &'static str,
    pub not_acknowledged: &'static str,
    pub email_sent: &'static str,
    pub email_failed: &'static str,
    pub email_no_address: &'static str,
    pub email_not_configured: &'static str,
    pub email_none: &'static str,

    // Errors.
    pub error_title: &'static str,
    pub error_back: &'static str,
    pub err_bad_form: &'static str,
    pub err_csrf: &'static str,
    pub err_rate_limited: fn(i64) -> String,
    pub err_empty_text: &'static str,
    pub err_text_too_long: &'static str,
    pub err_too_large: &'static str,
    pub err_not_image: &'static str,
    pub err_bad_image: &'static str,
    pub err_no_text_in_image: &'static str,
    pub err_ocr_unavailable: &'static str,
    pub err_invalid_value: &'static str,
    pub err_unknown_kind: &'static str,
    pub err_wrong_pin: &'static str,
    pub err_locked: fn(i64) -> String,
    pub err_invalid_input: &'static str,
    pub err_not_media: &'static str,
    pub err_unavailable: &'static str,
    pub err_not_found: &'static str,
    pub err_confirm_withdraw: &'static str,
    pub err_amount: &'static str,
    pub err_date: &'static str,
    pub err_admin_only: &'static str,
    pub err_reason_required: &'static str,
    pub err_conflict: &'static str,
    pub err_advisory_exists: &'static str,
    pub err_invalid_advisory: &'static str,
}

impl Text {
    /// The words for an indicator kind, or its SPEC name when the catalogue lacks one.
    pub fn kind(&self, kind: IndicatorKind) -> &'static str {
        self.kinds
            .iter()
            .find(|c| c.value == kind.as_str())
            .map_or(kind.as_str(), |c| c.label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind the core extracts has words in both catalogues.
    #[test]
    fn every_indicator_kind_is_named() {
        for lang in [Lang::Vi, Lang::En] {
            for kind in [
                IndicatorKind::Phone,
                IndicatorKind::Btc,
                IndicatorKind::Eth,
                IndicatorKind::Trx,
                IndicatorKind::BankAccount,
                IndicatorKind::Url,
                IndicatorKind::Email,
                IndicatorKind::Telegram,
            ] {
                assert_ne!(lang.text().kind(kind), kind.as_str(), "{lang:?} {kind:?}");
            }
        }
    }
}
