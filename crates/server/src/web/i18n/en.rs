//! English.

use super::{Choice, Platform, Text};

fn reported_times(n: i64) -> String {
    if n == 1 {
        "Reported once".into()
    } else {
        format!("Reported {n} times")
    }
}

fn campaign_reports(n: i64) -> String {
    if n <= 1 {
        "No other report about the same scam group yet.".into()
    } else {
        format!("{n} reports (yours included) are about the same scam group. You are not alone.")
    }
}

fn photo_fingerprints(n: usize) -> String {
    if n == 1 {
        "1 fingerprint of the picture was kept.".into()
    } else {
        format!("{n} fingerprints were kept (one per second of video).")
    }
}

fn rate_limited(seconds: i64) -> String {
    let minutes = (seconds + 59) / 60;
    format!("Too many requests in a short time. Please try again in about {minutes} minutes.")
}

fn locked(seconds: i64) -> String {
    let minutes = (seconds + 59) / 60;
    format!(
        "Too many wrong PINs. To protect the report, please try again in about {minutes} minutes."
    )
}

fn acknowledged_note(organisation: &str, at: &str, by: &str) -> String {
    format!("{organisation} acknowledged this warning at {at} ({by}).")
}

fn money_line(demanded: &str, paid: &str, currency: &str, reports_paid: i64) -> String {
    format!("{demanded} {currency} demanded, {paid} {currency} paid ({reports_paid} reports paid)")
}

fn report_title(id: i64) -> String {
    format!("Report #{id}")
}

fn fingerprints(n: usize) -> String {
    if n == 1 {
        "1 image fingerprint attached (no image).".into()
    } else {
        format!("{n} image fingerprints attached (no images).")
    }
}

fn campaign_title(id: i64) -> String {
    format!("Campaign #{id}")
}

fn campaign_graph_label(id: i64) -> String {
    format!("How the reports of campaign #{id} are linked")
}

fn campaign_hidden(n: usize) -> String {
    format!("{n} more reports are not drawn; see the timeline below.")
}

fn campaign_merged(from: i64) -> String {
    format!("Campaign #{from} merged into this one")
}

fn group_count(n: usize) -> String {
    if n == 1 {
        "1 organisation".into()
    } else {
        format!("{n} organisations")
    }
}

pub static TEXT: Text = Text {
    site_name: "Cảnh Giác",
    tagline: "Recognise and report scams and deepfake extortion",
    skip_to_content: "Skip to the main content",
    nav_label: "Main pages",
    nav_check: "Check a message",
    nav_lookup: "Look up",
    nav_report: "Report",
    nav_photo: "Protect a photo",
    nav_privacy: "Privacy",
    switch_label: "Tiếng Việt",
    footer_help: "If you are being threatened, call:",
    footer_police: "Police: 113",
    footer_hotline: "Provincial hotline: 0899 252 555",
    footer_privacy: "Cảnh Giác keeps no pictures of you. Contact details in reports are encrypted and seen only by the authorities.",
    required_note: "(required)",
    optional: "(optional)",

    check_title: "Check a message",
    check_lead: "Paste the message you received, or send a screenshot. We tell you whether it is a scam and what to do.",
    check_text_label: "The message",
    check_text_hint: "Paste it as it is, with any phone numbers, bank accounts, wallet addresses or links in it.",
    check_image_label: "Or a screenshot",
    check_image_hint: "The picture is read in memory and dropped; it is never stored.",
    check_button: "Check",
    busy: "Working…",
    verdict_scam_high: "This is very likely a scam.",
    verdict_scam_medium: "This message shows several signs of a scam.",
    verdict_legit: "We found no clear sign of a scam in this message.",
    summary_scam: "Do not send money and do not rush to reply. You have done nothing wrong; follow the steps below.",
    summary_legit: "Even so, if the sender asks for money, sends a link or threatens you, stop and ask someone you trust before you act.",
    scam_type_label: "Kind of scam",
    read_from_image: "The text below was read from your picture; a few words may be misread.",
    message_heading: "The message",
    flags_heading: "Warning signs",
    flags_intro: "The highlighted parts of the message show these signs:",
    indicators_heading: "Phone numbers, accounts, wallets and links",
    indicators_intro: "What the reports we received say about them:",
    lookalikes_heading: "Looks like a wallet address but is not valid",
    lookalike_note: "The checksum fails: copied wrongly or deliberately faked.",
    advice_heading: "What to do",
    call_police: "Call the police: 113",
    call_hotline: "Call the hotline: 0899 252 555",
    report_button: "Report this message",
    report_button_hint: "A report helps warn others. You get a reference and a PIN to follow it.",
    lookup_button: "Look up another number or account",
    lookup_link: "Details",
    check_again: "Check another message",
    not_reported: "Not reported yet",
    reported_times,
    verdict_confirmed: "Confirmed as a scam",
    verdict_false_positive: "Reviewed: not a scam",
    verdict_allowlisted: "An official number or address, verified",
    listed_on: "On the warning lists",
    bank_label: "Bank",

    lookup_title: "Look up",
    lookup_lead: "Check whether a phone number, bank account, crypto wallet or link has been reported as a scam.",
    lookup_kind_label: "What is it?",
    lookup_value_label: "Number, account, wallet address or link",
    lookup_value_hint: "For example 0868 426 463 or TXMKTKVDwjc3HdFkTTij1ANEY5dxkoLWh5",
    lookup_submit: "Look up",
    lookup_result_heading: "Result",
    lookup_none: "No report about this yet.",
    lookup_none_advice: "No report does not mean safe. If someone asks you for money or threatens you, do not pay.",
    lookup_found_advice: "Do not send money to it or contact it. If you received a message from it, report it.",
    first_seen: "First reported",
    last_seen: "Last reported",
    lookup_privacy: "We only tell how often something was reported, never who reported it.",
    kinds: &[
        Choice { value: "phone", label: "Phone number" },
        Choice { value: "bank_account", label: "Bank account" },
        Choice { value: "trx", label: "TRON wallet (USDT TRC20)" },
        Choice { value: "eth", label: "Ethereum wallet (USDT ERC20)" },
        Choice { value: "btc", label: "Bitcoin wallet" },
        Choice { value: "url", label: "Link" },
        Choice { value: "email", label: "E-mail" },
        Choice { value: "telegram", label: "Telegram account" },
    ],

    report_title: "Report a scam",
    report_lead: "Your report helps the authorities find scam groups and warn others. Only the message is needed; everything else is optional.",
    report_text_label: "The message",
    report_channel_label: "Where did it reach you?",
    channels: &[
        Choice { value: "", label: "Choose…" },
        Choice { value: "zalo", label: "Zalo" },
        Choice { value: "facebook", label: "Facebook Messenger" },
        Choice { value: "sms", label: "SMS" },
        Choice { value: "phone", label: "Phone call" },
        Choice { value: "telegram", label: "Telegram" },
        Choice { value: "email", label: "E-mail" },
        Choice { value: "other", label: "Other" },
    ],
    received_label: "Date received",
    demanded_label: "Amount demanded",
    paid_label: "Amount paid",
    amount_hint: "Numbers only, for example 2500.",
    currency_label: "Currency",
    currencies: &[
        Choice { value: "", label: "Choose…" },
        Choice { value: "VND", label: "Dong (VND)" },
        Choice { value: "USDT", label: "USDT" },
        Choice { value: "BTC", label: "Bitcoin (BTC)" },
        Choice { value: "ETH", label: "Ethereum (ETH)" },
        Choice { value: "USD", label: "US dollars (USD)" },
    ],
    contact_label: "How to reach you",
    contact_note: "A phone number or e-mail. It is encrypted; only the police and analysts can read it, and it is never published.",
    consent_label: "I agree that this report may be passed to the police.",
    report_submit: "Send the report",
    money_legend: "Money demanded or paid",
    contact_legend: "Contact",
    created_title: "Your report was received",
    created_lead: "Thank you. The report is stored safely.",
    reference_label: "Reference",
    pin_label: "PIN",
    write_down: "Write both codes down now. The PIN is shown only once; you need both to see the status or withdraw the report.",
    copy_button: "Copy both codes",
    copied: "Copied",
    print_button: "Print this page",
    next_steps_heading: "Next",
    status_link: "See the report's status",

    status_title: "Report status",
    status_lead: "Enter the reference and PIN you received when you sent the report.",
    status_submit: "See the status",
    status_heading: "Report",
    status_label: "Status",
    status_received: "Received, waiting for review",
    status_confirmed: "Confirmed as a scam",
    status_false_positive: "Reviewed: not a scam",
    status_withdrawn: "Withdrawn",
    created_on: "Sent on",
    campaign_reports,
    withdraw_heading: "Withdraw the report",
    withdraw_note: "Withdrawing erases the message and your contact details; the report no longer counts in look-ups.",
    withdraw_confirm: "I want to withdraw this report",
    withdraw_submit: "Withdraw the report",
    withdrawn_done: "The report was withdrawn. Its message and contact details were erased.",

    photo_title: "Protect a photo",
    photo_lead: "If someone uses your photo (or a picture with your face swapped in) to threaten you, you can register the picture's fingerprint. When the picture turns up in a report, the authorities will recognise it.",
    photo_how: &[
        "The server computes the picture's fingerprint (a short string of numbers) in memory.",
        "Only the fingerprint is kept. The picture is never written to disk or stored in a database, and is dropped from memory right after.",
        "The picture cannot be rebuilt from its fingerprint.",
        "You get a reference and a PIN to withdraw the registration at any time.",
    ],
    photo_file_label: "Photo or short video",
    photo_file_hint: "JPEG, PNG, WebP, GIF or BMP; a short video works too.",
    photo_submit: "Register the fingerprint",
    photo_done_title: "Fingerprint registered",
    photo_done_lead: "Your picture was dropped; only its fingerprint was kept.",
    photo_fingerprints,
    photo_low_quality: "This picture is too blurred or too plain for a reliable fingerprint. If you have a sharper copy, register that one too.",

    privacy_title: "Privacy self-check",
    privacy_lead: "Scammers take photos, family names and workplaces from social networks to make fake pictures and threats. Checking the settings below takes about ten minutes.",
    privacy_general_heading: "On every social network",
    privacy_general: &[
        "Do not accept or answer strangers, above all new accounts or accounts without real photos.",
        "Hide your friends and family list: scammers use it to choose whom to send pictures to.",
        "Do not make your phone number, birthday, workplace or home public.",
        "Keep clear photos of your face out of public view; share them only with friends you really know.",
        "Delete or hide old posts with photos of your family, children or workplace.",
    ],
    privacy_note: "Menu names may differ a little between app versions.",
    platforms: &[
        Platform {
            name: "Facebook",
            steps: &[
                "Go to Settings & privacy → Settings → Audience and visibility → Posts: choose Friends for future posts, and use Limit past posts.",
                "In How people find and contact you: set Who can see your friends list to Only me, and do not let search engines outside Facebook link to your profile.",
                "On your profile, under About: set workplace, education, hometown, relationship and family members to Only me or Friends.",
                "Your profile picture and cover photo are always public: choose one without a clear face, or turn on profile picture guard where it is offered.",
                "Check each photo album and set its audience to Friends or Only me.",
                "In Profile and tagging: turn on reviewing posts you are tagged in before they appear on your profile.",
            ],
        },
        Platform {
            name: "Zalo",
            steps: &[
                "Go to Personal → Settings → Privacy.",
                "Turn off Show birthday (or show only the day and month).",
                "Under Timeline: do not let strangers see your timeline, and limit what friends can see.",
                "Under finding and adding friends: stop strangers from finding you by your phone number.",
                "Under messages and calls: allow only friends to message and call you.",
            ],
        },
        Platform {
            name: "TikTok",
            steps: &[
                "Go to Profile → Settings and privacy → Privacy: turn on Private account.",
                "Turn off Suggest your account to others (contacts, Facebook friends, mutual connections).",
                "Set Following list to Only me.",
                "Turn off video downloads; let only friends Duet, Stitch and comment.",
            ],
        },
        Platform {
            name: "LinkedIn",
            steps: &[
                "Go to Me → Settings & Privacy → Visibility.",
                "Edit your public profile: show your profile photo only to your network, and hide sections that need not be public.",
                "Set Who can see your connections to Only you.",
                "Set Who can see or download your email address to Only visible to me, and limit who can find you by e-mail or phone number.",
            ],
        },
        Platform {
            name: "Instagram",
            steps: &[
                "Go to Settings and activity → Account privacy: turn on Private account.",
                "Under Tags and mentions: allow tags only from people you follow, and approve tags manually before they show on your profile.",
                "Use Close Friends for stories with family photos; hide your stories from people you do not know.",
                "Review your followers and remove strangers.",
            ],
        },
    ],

    nav_advisories: "Warnings",
    advisories_title: "Warnings",
    advisories_lead: "Warnings about new scams, issued by the authorities. Please share them with your family.",
    advisories_none: "There are no warnings yet.",
    advisories_back: "All warnings",
    advisory_feed: "Follow new warnings in an Atom feed",
    advisory_formats: "Other formats",
    advisory_instruction_heading: "What to do",
    advisory_indicators_heading: "Phone numbers, accounts and links involved",
    advisory_contact: "Contact",
    advisory_draft: "Draft",
    advisory_public: "Published",
    advisory_private: "Sent privately",
    acknowledge_title: "Acknowledge this warning",
    acknowledge_to: "To",
    acknowledge_lead: "Please confirm that your organisation has received this warning. This link is for your organisation only; please do not forward it.",
    acknowledge_by_label: "Name and position of the person acknowledging",
    acknowledge_by_hint: "For example: Nguyễn Văn An, Chief of Office",
    acknowledge_button: "Acknowledge receipt",
    acknowledge_by_missing: "Please give the name and position of the person acknowledging.",
    acknowledge_thanks: "Thank you.",
    acknowledged_note,

    desk_label: "Analyst pages",
    desk_dashboard: "Overview",
    desk_queue: "Reports to review",
    desk_search: "Search",
    desk_advisories: "Manage warnings",
    logout_button: "Log out",
    login_title: "Log in",
    login_lead: "For analysts and administrators. Nobody needs to log in to check a message, look something up or report a scam.",
    login_name_label: "User name",
    login_password_label: "Password",
    login_button: "Log in",
    login_wrong: "The user name or the password is wrong.",

    stat_reports: "reports",
    stat_awaiting: "reports to review",
    stat_campaigns: "campaigns",
    chart_per_day: "Reports per day (last 30 days)",
    chart_by_type: "Reports by type of scam",
    chart_indicators: "Most reported phones, wallets and accounts",
    chart_money: "Money demanded and paid",
    chart_empty: "No data yet.",
    legend_demanded: "Demanded",
    legend_paid: "Paid",
    desk_no_currency: "Currency not given",
    desk_money_line: money_line,

    desk_status_received: "To review",
    desk_status_all: "All",
    desk_type_none: "Not a scam / unclear",
    desk_label_scam: "Scam",
    desk_label_legit: "Not a scam",
    queue_filter_label: "Status",
    queue_filter_button: "Filter",
    queue_empty: "No reports.",
    col_report: "Report",
    col_campaign: "Campaign",
    desk_report_title: report_title,
    desk_channel_label: "Channel",
    desk_label_label: "Automatic assessment",
    desk_campaign_link: "See campaign",
    desk_contact_none: "The reporter left no contact details.",
    desk_consent_yes: "The reporter agreed to pass the report to the police.",
    desk_consent_no: "The reporter has not agreed to pass the report to the police.",
    desk_audit_note: "Every time this report is read, it is written to the audit log.",
    desk_no_indicators: "No phone numbers, accounts, wallets or links.",
    desk_fingerprints: fingerprints,
    desk_decide_heading: "Decision",
    desk_decided_note: "This report already has a decision; a new decision replaces it.",
    desk_reason_label: "Reason",
    desk_reason_hint: "Say briefly what the decision rests on; the reason is kept with your name.",
    desk_confirm_button: "Confirm as a scam",
    desk_false_positive_button: "Not a scam",
    desk_decisions_heading: "Decisions",
    desk_no_decisions: "No decisions yet.",
    search_label: "Search the reports' text",
    search_hint: "For example a phone number, a wallet address or words from the message.",
    search_button: "Search",
    search_results: "Results",

    campaign_title,
    campaign_reports_label: "Reports",
    campaign_graph_heading: "How the reports are linked",
    campaign_graph_note: "Each circle is a report; two reports are joined when they share a phone number, wallet, account, link or a matching image.",
    campaign_graph_label,
    legend_shared_indicator: "Shared number, wallet, account or link",
    legend_shared_image: "Matching image",
    campaign_hidden,
    campaign_timeline_heading: "Timeline",
    campaign_merged,

    new_advisory_heading: "Write a new warning",
    new_advisory_lead: "A warning is saved as a draft; only when you press Publish is it posted and sent to the recipient organisations.",
    adv_identifier_label: "Identifier",
    adv_identifier_hint: "For example HP-STTTT-2025-001 (letters, digits and - _ .). It cannot be changed once saved.",
    adv_vietnamese_legend: "Vietnamese text",
    adv_english_legend: "English text",
    adv_title_label: "Title",
    adv_event_label: "Event",
    adv_event_hint: "For example: Extortion with face-swapped pictures and videos",
    adv_body_label: "Text",
    adv_instruction_label: "Advice to the public",
    adv_cap_legend: "Classification (CAP 1.2)",
    adv_restriction_label: "Who may read it",
    adv_restriction_hint: "Only needed when the scope is Restricted.",
    adv_contact_legend: "Contact",
    adv_contact_label: "Contact person",
    adv_hotline_label: "Phone number",
    paging_label: "Pages",
    paging_prev: "← Previous page",
    paging_next: "Next page →",
    paging_page: "Page",
    orgs_heading: "Organisations that receive warnings",
    orgs_lead: "Each organisation belongs to a group; when a warning is published each one gets its own acknowledgement link, and an e-mail when it has an address.",
    orgs_none: "No organisations yet.",
    org_name_label: "Organisation",
    org_group_label: "Group",
    org_group_hint: "For example: Departments; Enterprises; District people's committees.",
    org_email_label: "Official e-mail address",
    org_add_button: "Add to the list",
    org_no_email: "no e-mail",
    adv_related_legend: "Related",
    adv_campaigns_label: "Related campaigns",
    adv_campaigns_hint: "Campaign numbers separated by commas, e.g. 12, 15.",
    adv_indicators_label: "Phone numbers, wallets, accounts and links to warn about",
    adv_indicators_hint: "One per line; the kind is recognised and the spelling normalised.",
    adv_expires_label: "No longer applies after",
    err_advisory_campaigns: "Campaign numbers must be positive whole numbers separated by commas",
    err_advisory_indicator: "This line is not a phone number, wallet, account or link",
    err_advisory_expires: "The end date is not a date (year-month-day)",
    adv_groups_legend: "Recipients",
    adv_groups_none: "No organisations are registered to receive warnings yet.",
    adv_group_count: group_count,
    adv_save_button: "Save draft",
    cap_category_label: "Category",
    cap_categories: &[
        Choice { value: "Security", label: "Security and public order" },
        Choice { value: "Safety", label: "General safety" },
        Choice { value: "Infra", label: "Infrastructure and telecoms" },
        Choice { value: "Health", label: "Health" },
        Choice { value: "Transport", label: "Transport" },
        Choice { value: "Rescue", label: "Rescue" },
        Choice { value: "Fire", label: "Fire" },
        Choice { value: "Env", label: "Environment" },
        Choice { value: "Met", label: "Weather" },
        Choice { value: "Geo", label: "Geological" },
        Choice { value: "CBRNE", label: "Chemical, biological, radiological, nuclear, explosive" },
        Choice { value: "Other", label: "Other" },
    ],
    cap_severity_label: "Severity",
    cap_severities: &[
        Choice { value: "Extreme", label: "Extreme" },
        Choice { value: "Severe", label: "Severe" },
        Choice { value: "Moderate", label: "Moderate" },
        Choice { value: "Minor", label: "Minor" },
        Choice { value: "Unknown", label: "Unknown" },
    ],
    cap_urgency_label: "Urgency",
    cap_urgencies: &[
        Choice { value: "Immediate", label: "Immediate" },
        Choice { value: "Expected", label: "Expected soon" },
        Choice { value: "Future", label: "In the future" },
        Choice { value: "Past", label: "Past" },
        Choice { value: "Unknown", label: "Unknown" },
    ],
    cap_certainty_label: "Certainty",
    cap_certainties: &[
        Choice { value: "Observed", label: "Observed" },
        Choice { value: "Likely", label: "Likely" },
        Choice { value: "Possible", label: "Possible" },
        Choice { value: "Unlikely", label: "Unlikely" },
        Choice { value: "Unknown", label: "Unknown" },
    ],
    cap_scope_label: "Scope",
    cap_scopes: &[
        Choice { value: "Public", label: "Public" },
        Choice { value: "Private", label: "Recipients only" },
        Choice { value: "Restricted", label: "Restricted" },
    ],
    publish_heading: "Publish",
    publish_note: "Publishing posts the warning (when public), gives every recipient organisation its own acknowledgement link and e-mails it when e-mail is configured. A published warning cannot be changed.",
    publish_button: "Publish the warning",
    published_note: "The warning is published.",
    links_once_note: "The acknowledgement links below are shown only this once. Send the link of every organisation that got no e-mail through an official channel.",
    advisory_view_public: "See the public page",
    recipients_heading: "Recipients",
    recipients_none: "This warning goes to no organisation.",
    acknowledged_label: "Acknowledged",
    not_acknowledged: "Not acknowledged yet",
    email_sent: "E-mail sent",
    email_failed: "E-mail failed",
    email_no_address: "No e-mail address",
    email_not_configured: "E-mail is not configured on the server",
    email_none: "No e-mail sent",

    error_title: "That did not work",
    error_back: "Go back",
    err_bad_form: "The form sent was not valid. Please reload the page and try again.",
    err_csrf: "The session expired or the page was open for too long. Please reload the page and send it again.",
    err_rate_limited: rate_limited,
    err_empty_text: "Please paste the message first.",
    err_text_too_long: "The message is too long. Please paste only its main part.",
    err_too_large: "The file is too large. Please choose a smaller picture.",
    err_not_image: "We cannot read this file as a picture. Please use JPEG, PNG, WebP, GIF or BMP.",
    err_bad_image: "We could not read this picture; the file may be damaged.",
    err_no_text_in_image: "No text was found in the picture. Try a sharper picture or paste the message.",
    err_ocr_unavailable: "Pictures cannot be read right now. Please paste the message.",
    err_invalid_value: "This does not look right. Check the kind and the value (wallet addresses are checked by their checksum).",
    err_unknown_kind: "Please choose what kind of thing to look up.",
    err_wrong_pin: "The reference or the PIN is wrong.",
    err_locked: locked,
    err_invalid_input: "Some of the details are not valid. Please check them.",
    err_not_media: "We cannot read this file as a picture or video.",
    err_unavailable: "The service is busy. Please try again in a few minutes.",
    err_not_found: "This page does not exist.",
    err_confirm_withdraw: "Tick the box if you want to withdraw the report.",
    err_amount: "An amount is a number of zero or more, for example 2500.",
    err_date: "The date received is not valid.",
    err_admin_only: "This page is for administrators only.",
    err_reason_required: "Please give a reason for the decision.",
    err_conflict: "This was already done (for example, the warning is already published).",
    err_advisory_exists: "A warning with this identifier already exists.",
    err_invalid_advisory: "The warning lacks what CAP 1.2 requires.",
};
