//! Tiếng Việt: the default language of the pages.

use super::{Choice, Platform, Text};

fn reported_times(n: i64) -> String {
    format!("Đã bị báo cáo {n} lần")
}

fn campaign_reports(n: i64) -> String {
    if n <= 1 {
        "Hiện chưa có báo cáo nào khác về cùng nhóm lừa đảo này.".into()
    } else {
        format!(
            "Có {n} báo cáo (kể cả báo cáo của bạn) về cùng một nhóm lừa đảo. Bạn không đơn độc."
        )
    }
}

fn photo_fingerprints(n: usize) -> String {
    if n == 1 {
        "Đã lưu 1 dấu vân tay của ảnh.".into()
    } else {
        format!("Đã lưu {n} dấu vân tay (mỗi giây video một dấu).")
    }
}

fn rate_limited(seconds: i64) -> String {
    let minutes = (seconds + 59) / 60;
    format!("Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau khoảng {minutes} phút.")
}

fn locked(seconds: i64) -> String {
    let minutes = (seconds + 59) / 60;
    format!("Đã nhập sai mã PIN quá nhiều lần. Để bảo vệ báo cáo, vui lòng thử lại sau khoảng {minutes} phút.")
}

fn acknowledged_note(organisation: &str, at: &str, by: &str) -> String {
    format!("{organisation} đã xác nhận nhận cảnh báo này lúc {at} ({by}).")
}

fn money_line(demanded: &str, paid: &str, currency: &str, reports_paid: i64) -> String {
    format!("Bị đòi {demanded} {currency}, đã trả {paid} {currency} ({reports_paid} báo cáo đã trả tiền)")
}

fn report_title(id: i64) -> String {
    format!("Báo cáo #{id}")
}

fn fingerprints(n: usize) -> String {
    format!("Kèm {n} dấu vân tay ảnh (không có ảnh).")
}

fn campaign_title(id: i64) -> String {
    format!("Chiến dịch #{id}")
}

fn campaign_graph_label(id: i64) -> String {
    format!("Sơ đồ liên kết các báo cáo của chiến dịch #{id}")
}

fn campaign_hidden(n: usize) -> String {
    format!("Còn {n} báo cáo không vẽ trên sơ đồ; xem dòng thời gian bên dưới.")
}

fn campaign_merged(from: i64) -> String {
    format!("Chiến dịch #{from} được gộp vào chiến dịch này")
}

fn group_count(n: usize) -> String {
    format!("{n} cơ quan, đơn vị")
}

pub static TEXT: Text = Text {
    site_name: "Cảnh Giác",
    tagline: "Nhận biết và báo cáo lừa đảo, tống tiền bằng ảnh ghép",
    skip_to_content: "Bỏ qua, đến nội dung chính",
    nav_label: "Các trang chính",
    nav_check: "Kiểm tra tin nhắn",
    nav_lookup: "Tra cứu",
    nav_report: "Báo cáo",
    nav_photo: "Bảo vệ ảnh",
    nav_privacy: "Quyền riêng tư",
    switch_label: "English",
    footer_help: "Nếu bạn đang bị đe doạ, hãy gọi:",
    footer_police: "Công an: 113",
    footer_hotline: "Đường dây nóng Sở TT&TT: 0899 252 555",
    footer_privacy: "Cảnh Giác không lưu ảnh của bạn. Thông tin liên hệ trong báo cáo được mã hoá và chỉ cơ quan chức năng xem được.",
    required_note: "(bắt buộc)",
    optional: "(không bắt buộc)",

    check_title: "Kiểm tra tin nhắn",
    check_lead: "Dán tin nhắn bạn nhận được, hoặc gửi ảnh chụp màn hình. Chúng tôi cho bạn biết đó có phải là lừa đảo không và bạn nên làm gì.",
    check_text_label: "Nội dung tin nhắn",
    check_text_hint: "Dán nguyên văn, kể cả số điện thoại, số tài khoản, địa chỉ ví hay đường link trong tin nhắn.",
    check_image_label: "Hoặc ảnh chụp màn hình",
    check_image_hint: "Ảnh chỉ được đọc chữ trong bộ nhớ rồi bỏ đi, không được lưu lại.",
    check_button: "Kiểm tra",
    busy: "Đang xử lý…",
    verdict_scam_high: "Đây rất có thể là tin nhắn lừa đảo.",
    verdict_scam_medium: "Tin nhắn này có nhiều dấu hiệu lừa đảo.",
    verdict_legit: "Chúng tôi không thấy dấu hiệu lừa đảo rõ ràng trong tin nhắn này.",
    summary_scam: "Đừng chuyển tiền và đừng trả lời vội. Bạn không có lỗi; hãy làm theo các bước dưới đây.",
    summary_legit: "Dù vậy, nếu người gửi đòi tiền, gửi đường link hay đe doạ bạn, hãy dừng lại và hỏi người thân trước khi làm theo.",
    scam_type_label: "Kiểu lừa đảo",
    read_from_image: "Nội dung dưới đây được đọc từ ảnh bạn gửi; có thể có vài chữ bị đọc sai.",
    message_heading: "Tin nhắn",
    flags_heading: "Dấu hiệu đáng ngờ",
    flags_intro: "Những đoạn được tô màu trong tin nhắn cho thấy các dấu hiệu sau:",
    indicators_heading: "Số điện thoại, tài khoản, ví và đường link",
    indicators_intro: "Kết quả tra cứu trong các báo cáo đã nhận:",
    lookalikes_heading: "Trông giống địa chỉ ví nhưng không hợp lệ",
    lookalike_note: "Sai mã kiểm tra: có thể bị chép sai hoặc cố ý làm giả.",
    advice_heading: "Bạn nên làm gì",
    call_police: "Gọi Công an 113",
    call_hotline: "Gọi đường dây nóng 0899 252 555",
    report_button: "Báo cáo tin nhắn này",
    report_button_hint: "Báo cáo giúp cảnh báo người khác. Bạn sẽ nhận mã tham chiếu và mã PIN để theo dõi.",
    lookup_button: "Tra cứu số điện thoại, tài khoản khác",
    lookup_link: "Xem chi tiết",
    check_again: "Kiểm tra tin nhắn khác",
    not_reported: "Chưa có báo cáo",
    reported_times,
    verdict_confirmed: "Đã được xác nhận là lừa đảo",
    verdict_false_positive: "Đã được xem xét: không phải lừa đảo",
    verdict_allowlisted: "Số hoặc địa chỉ chính thức, đã được xác minh",
    listed_on: "Có trong danh sách cảnh báo",
    bank_label: "Ngân hàng",

    lookup_title: "Tra cứu",
    lookup_lead: "Kiểm tra xem một số điện thoại, tài khoản ngân hàng, ví tiền điện tử hay đường link đã từng bị báo cáo lừa đảo chưa.",
    lookup_kind_label: "Loại thông tin",
    lookup_value_label: "Số, tài khoản, địa chỉ ví hoặc đường link",
    lookup_value_hint: "Ví dụ: 0868 426 463 hoặc TXMKTKVDwjc3HdFkTTij1ANEY5dxkoLWh5",
    lookup_submit: "Tra cứu",
    lookup_result_heading: "Kết quả",
    lookup_none: "Chưa có báo cáo nào về thông tin này.",
    lookup_none_advice: "Chưa có báo cáo không có nghĩa là an toàn. Nếu bị đòi tiền hay đe doạ, đừng chuyển tiền.",
    lookup_found_advice: "Đừng chuyển tiền hay liên lạc theo thông tin này. Nếu bạn nhận được tin nhắn từ đó, hãy báo cáo.",
    first_seen: "Báo cáo đầu tiên",
    last_seen: "Báo cáo gần nhất",
    lookup_privacy: "Chúng tôi chỉ cho biết số lần bị báo cáo, không bao giờ cho biết ai đã báo cáo.",
    kinds: &[
        Choice { value: "phone", label: "Số điện thoại" },
        Choice { value: "bank_account", label: "Tài khoản ngân hàng" },
        Choice { value: "trx", label: "Ví TRON (USDT TRC20)" },
        Choice { value: "eth", label: "Ví Ethereum (USDT ERC20)" },
        Choice { value: "btc", label: "Ví Bitcoin" },
        Choice { value: "url", label: "Đường link" },
        Choice { value: "email", label: "Email" },
        Choice { value: "telegram", label: "Tài khoản Telegram" },
    ],

    report_title: "Báo cáo lừa đảo",
    report_lead: "Báo cáo của bạn giúp cơ quan chức năng phát hiện các nhóm lừa đảo và cảnh báo người khác. Chỉ cần nội dung tin nhắn; các mục khác không bắt buộc.",
    report_text_label: "Nội dung tin nhắn",
    report_channel_label: "Bạn nhận tin nhắn qua đâu?",
    channels: &[
        Choice { value: "", label: "Chọn…" },
        Choice { value: "zalo", label: "Zalo" },
        Choice { value: "facebook", label: "Facebook Messenger" },
        Choice { value: "sms", label: "Tin nhắn SMS" },
        Choice { value: "phone", label: "Cuộc gọi điện thoại" },
        Choice { value: "telegram", label: "Telegram" },
        Choice { value: "email", label: "Email" },
        Choice { value: "other", label: "Khác" },
    ],
    received_label: "Ngày nhận",
    demanded_label: "Số tiền bị đòi",
    paid_label: "Số tiền đã trả",
    amount_hint: "Chỉ ghi số, ví dụ 2500.",
    currency_label: "Đơn vị",
    currencies: &[
        Choice { value: "", label: "Chọn…" },
        Choice { value: "VND", label: "Đồng (VND)" },
        Choice { value: "USDT", label: "USDT" },
        Choice { value: "BTC", label: "Bitcoin (BTC)" },
        Choice { value: "ETH", label: "Ethereum (ETH)" },
        Choice { value: "USD", label: "Đô la Mỹ (USD)" },
    ],
    contact_label: "Cách liên hệ với bạn",
    contact_note: "Số điện thoại hoặc email. Thông tin này được mã hoá; chỉ công an và cán bộ phân tích xem được, không bao giờ công khai.",
    consent_label: "Tôi đồng ý để báo cáo này được chuyển cho cơ quan công an.",
    report_submit: "Gửi báo cáo",
    money_legend: "Tiền bị đòi hoặc đã trả",
    contact_legend: "Liên hệ",
    created_title: "Đã nhận báo cáo của bạn",
    created_lead: "Cảm ơn bạn. Báo cáo đã được lưu an toàn.",
    reference_label: "Mã tham chiếu",
    pin_label: "Mã PIN",
    write_down: "Hãy ghi lại hai mã này ngay. Mã PIN chỉ hiện một lần; bạn cần cả hai mã để xem trạng thái hoặc rút lại báo cáo.",
    copy_button: "Sao chép hai mã",
    copied: "Đã sao chép",
    print_button: "In trang này",
    next_steps_heading: "Tiếp theo",
    status_link: "Xem trạng thái báo cáo",

    status_title: "Trạng thái báo cáo",
    status_lead: "Nhập mã tham chiếu và mã PIN bạn nhận được khi gửi báo cáo.",
    status_submit: "Xem trạng thái",
    status_heading: "Báo cáo",
    status_label: "Trạng thái",
    status_received: "Đã nhận, đang chờ xem xét",
    status_confirmed: "Đã được xác nhận là lừa đảo",
    status_false_positive: "Đã xem xét: không phải lừa đảo",
    status_withdrawn: "Đã rút lại",
    created_on: "Ngày gửi",
    campaign_reports,
    withdraw_heading: "Rút lại báo cáo",
    withdraw_note: "Khi rút lại, nội dung tin nhắn và thông tin liên hệ của bạn bị xoá; báo cáo không còn được tính khi người khác tra cứu.",
    withdraw_confirm: "Tôi muốn rút lại báo cáo này",
    withdraw_submit: "Rút lại báo cáo",
    withdrawn_done: "Báo cáo đã được rút lại. Nội dung và thông tin liên hệ đã bị xoá.",

    photo_title: "Bảo vệ ảnh",
    photo_lead: "Nếu có người dùng ảnh của bạn (hoặc ảnh ghép mặt bạn) để đe doạ, bạn có thể đăng ký dấu vân tay của ảnh. Khi ảnh đó xuất hiện trong báo cáo, cơ quan chức năng sẽ nhận ra.",
    photo_how: &[
        "Máy chủ tính dấu vân tay (một chuỗi số ngắn) của ảnh ngay trong bộ nhớ.",
        "Chỉ dấu vân tay được lưu. Ảnh không bao giờ được ghi ra đĩa hay lưu vào cơ sở dữ liệu, và bị xoá khỏi bộ nhớ ngay sau đó.",
        "Từ dấu vân tay không thể dựng lại ảnh.",
        "Bạn nhận mã tham chiếu và mã PIN để rút lại đăng ký bất cứ lúc nào.",
    ],
    photo_file_label: "Ảnh hoặc video ngắn",
    photo_file_hint: "JPEG, PNG, WebP, GIF hoặc BMP; video ngắn cũng được.",
    photo_submit: "Đăng ký dấu vân tay",
    photo_done_title: "Đã đăng ký dấu vân tay",
    photo_done_lead: "Ảnh của bạn đã được xoá; chỉ dấu vân tay được giữ lại.",
    photo_fingerprints,
    photo_low_quality: "Ảnh này quá mờ hoặc quá đơn giản nên dấu vân tay kém tin cậy. Nếu có bản rõ hơn, hãy đăng ký thêm bản đó.",

    privacy_title: "Tự kiểm tra quyền riêng tư",
    privacy_lead: "Kẻ gian thường lấy ảnh, tên người thân và nơi làm việc từ mạng xã hội để ghép ảnh và đe doạ. Mất khoảng 10 phút để rà soát lại các mục dưới đây.",
    privacy_general_heading: "Trên mọi mạng xã hội",
    privacy_general: &[
        "Không kết bạn và không trả lời người lạ, nhất là tài khoản mới lập hoặc không có ảnh thật.",
        "Ẩn danh sách bạn bè và người thân: kẻ gian dùng nó để biết gửi ảnh cho ai.",
        "Không để công khai số điện thoại, ngày sinh, nơi làm việc và nơi ở.",
        "Hạn chế ảnh rõ mặt ở chế độ công khai; chỉ chia sẻ với bạn bè bạn thật sự quen.",
        "Xoá hoặc ẩn các bài đăng cũ có ảnh gia đình, con cái, nơi làm việc.",
    ],
    privacy_note: "Tên các mục có thể khác một chút tuỳ phiên bản ứng dụng.",
    platforms: &[
        Platform {
            name: "Facebook",
            steps: &[
                "Vào Cài đặt & quyền riêng tư → Cài đặt → Đối tượng và chế độ hiển thị → Bài viết: chọn Bạn bè cho bài viết sau này, và dùng Giới hạn bài viết cũ.",
                "Trong Cách mọi người tìm và liên hệ với bạn: đặt Ai có thể xem danh sách bạn bè của bạn là Chỉ mình tôi; không cho công cụ tìm kiếm bên ngoài liên kết tới trang cá nhân.",
                "Trên trang cá nhân, mục Giới thiệu: đặt nơi làm việc, trường học, quê quán, tình trạng mối quan hệ và thành viên gia đình là Chỉ mình tôi hoặc Bạn bè.",
                "Ảnh đại diện và ảnh bìa luôn công khai: chọn ảnh không rõ mặt, hoặc bật khiên bảo vệ ảnh đại diện nếu có.",
                "Kiểm tra từng album ảnh và đặt đối tượng là Bạn bè hoặc Chỉ mình tôi.",
                "Trong Trang cá nhân và gắn thẻ: bật xem lại bài viết bạn được gắn thẻ trước khi hiện lên trang cá nhân.",
            ],
        },
        Platform {
            name: "Zalo",
            steps: &[
                "Vào Cá nhân → Cài đặt → Quyền riêng tư.",
                "Tắt Hiện ngày sinh (hoặc chỉ hiện ngày và tháng).",
                "Ở mục Nhật ký: không cho người lạ xem nhật ký và giới hạn nhật ký hiển thị cho bạn bè.",
                "Ở mục nguồn tìm kiếm và kết bạn: tắt cho phép người lạ tìm thấy bạn qua số điện thoại.",
                "Ở mục tin nhắn và cuộc gọi: chỉ cho phép bạn bè nhắn tin và gọi.",
            ],
        },
        Platform {
            name: "TikTok",
            steps: &[
                "Vào Hồ sơ → Cài đặt và quyền riêng tư → Quyền riêng tư: bật Tài khoản riêng tư.",
                "Tắt Đề xuất tài khoản của bạn cho người khác (danh bạ, bạn bè Facebook, người có chung kết nối).",
                "Đặt Danh sách đang theo dõi là Chỉ mình tôi.",
                "Tắt cho phép tải video xuống; chỉ cho bạn bè Duet, Stitch và bình luận.",
            ],
        },
        Platform {
            name: "LinkedIn",
            steps: &[
                "Vào Me → Settings & Privacy → Visibility.",
                "Edit your public profile: chỉ hiện ảnh đại diện với người trong mạng lưới của bạn, và ẩn các mục không cần công khai.",
                "Đặt Who can see your connections là Only you.",
                "Đặt Who can see or download your email address là Only visible to me, và hạn chế tìm thấy bạn qua email hay số điện thoại.",
            ],
        },
        Platform {
            name: "Instagram",
            steps: &[
                "Vào Cài đặt và hoạt động → Quyền riêng tư của tài khoản: bật Tài khoản riêng tư.",
                "Ở mục Thẻ và lượt nhắc: chỉ cho người bạn theo dõi gắn thẻ, và tự duyệt thẻ trước khi hiện lên trang cá nhân.",
                "Dùng Bạn thân cho tin có ảnh gia đình; ẩn tin với người bạn không quen.",
                "Xem lại danh sách người theo dõi và gỡ những người lạ.",
            ],
        },
    ],

    nav_advisories: "Cảnh báo",
    advisories_title: "Cảnh báo",
    advisories_lead: "Các cảnh báo về thủ đoạn lừa đảo mới do cơ quan chức năng ban hành. Hãy chia sẻ cho người thân.",
    advisories_none: "Hiện chưa có cảnh báo nào.",
    advisories_back: "Xem tất cả cảnh báo",
    advisory_feed: "Nhận cảnh báo mới qua nguồn tin Atom",
    advisory_formats: "Định dạng khác",
    advisory_instruction_heading: "Cần làm gì",
    advisory_indicators_heading: "Số điện thoại, tài khoản, đường link liên quan",
    advisory_contact: "Đầu mối liên hệ",
    advisory_draft: "Bản nháp",
    advisory_public: "Đã công bố",
    advisory_private: "Đã gửi riêng",
    acknowledge_title: "Xác nhận đã nhận cảnh báo",
    acknowledge_to: "Kính gửi",
    acknowledge_lead: "Đề nghị Quý cơ quan, đơn vị xác nhận đã nhận cảnh báo này. Đường link này dành riêng cho Quý cơ quan, đơn vị; xin đừng chuyển tiếp.",
    acknowledge_by_label: "Họ tên, chức vụ người xác nhận",
    acknowledge_by_hint: "Ví dụ: Nguyễn Văn An, Chánh Văn phòng",
    acknowledge_button: "Xác nhận đã nhận",
    acknowledge_by_missing: "Xin ghi họ tên và chức vụ của người xác nhận.",
    acknowledge_thanks: "Xin cảm ơn.",
    acknowledged_note,

    desk_label: "Trang phân tích",
    desk_dashboard: "Tổng quan",
    desk_queue: "Báo cáo chờ xem xét",
    desk_search: "Tìm kiếm",
    desk_advisories: "Quản lý cảnh báo",
    logout_button: "Đăng xuất",
    login_title: "Đăng nhập",
    login_lead: "Dành cho cán bộ phân tích và quản trị. Người dân không cần đăng nhập để kiểm tra, tra cứu hay báo cáo.",
    login_name_label: "Tên đăng nhập",
    login_password_label: "Mật khẩu",
    login_button: "Đăng nhập",
    login_wrong: "Tên đăng nhập hoặc mật khẩu không đúng.",

    stat_reports: "báo cáo",
    stat_awaiting: "báo cáo chờ xem xét",
    stat_campaigns: "chiến dịch",
    chart_per_day: "Báo cáo mỗi ngày (30 ngày qua)",
    chart_by_type: "Báo cáo theo kiểu lừa đảo",
    chart_indicators: "Số điện thoại, ví, tài khoản bị báo cáo nhiều nhất",
    chart_money: "Tiền bị đòi và đã trả",
    chart_empty: "Chưa có số liệu.",
    legend_demanded: "Bị đòi",
    legend_paid: "Đã trả",
    desk_no_currency: "Không rõ đơn vị",
    desk_money_line: money_line,

    desk_status_received: "Chờ xem xét",
    desk_status_all: "Tất cả",
    desk_type_none: "Không phải lừa đảo / chưa rõ",
    desk_label_scam: "Lừa đảo",
    desk_label_legit: "Không phải lừa đảo",
    queue_filter_label: "Trạng thái",
    queue_filter_button: "Lọc",
    queue_empty: "Không có báo cáo nào.",
    col_report: "Báo cáo",
    col_campaign: "Chiến dịch",
    desk_report_title: report_title,
    desk_channel_label: "Kênh",
    desk_label_label: "Đánh giá tự động",
    desk_campaign_link: "Xem chiến dịch",
    desk_contact_none: "Người báo cáo không để lại thông tin liên hệ.",
    desk_consent_yes: "Người báo cáo đồng ý chuyển báo cáo cho công an.",
    desk_consent_no: "Người báo cáo chưa đồng ý chuyển báo cáo cho công an.",
    desk_audit_note: "Mỗi lần xem báo cáo này đều được ghi vào nhật ký.",
    desk_no_indicators: "Không có số điện thoại, tài khoản, ví hay đường link nào.",
    desk_fingerprints: fingerprints,
    desk_decide_heading: "Kết luận",
    desk_decided_note: "Báo cáo này đã có kết luận; kết luận mới sẽ thay kết luận cũ.",
    desk_reason_label: "Lý do",
    desk_reason_hint: "Ghi ngắn gọn căn cứ để kết luận; lý do được lưu cùng tên của bạn.",
    desk_confirm_button: "Xác nhận là lừa đảo",
    desk_false_positive_button: "Không phải lừa đảo",
    desk_decisions_heading: "Các kết luận",
    desk_no_decisions: "Chưa có kết luận nào.",
    search_label: "Tìm trong nội dung báo cáo",
    search_hint: "Ví dụ: một số điện thoại, địa chỉ ví hay cụm từ trong tin nhắn.",
    search_button: "Tìm",
    search_results: "Kết quả",

    campaign_title,
    campaign_reports_label: "Số báo cáo",
    campaign_graph_heading: "Các báo cáo liên kết với nhau thế nào",
    campaign_graph_note: "Mỗi vòng tròn là một báo cáo; hai báo cáo được nối khi có chung số điện thoại, ví, tài khoản, đường link hoặc ảnh giống nhau.",
    campaign_graph_label,
    legend_shared_indicator: "Chung số, ví, tài khoản hoặc đường link",
    legend_shared_image: "Ảnh giống nhau",
    campaign_hidden,
    campaign_timeline_heading: "Dòng thời gian",
    campaign_merged,

    new_advisory_heading: "Soạn cảnh báo mới",
    new_advisory_lead: "Cảnh báo được lưu thành bản nháp; chỉ khi bấm Công bố, cảnh báo mới được đăng và gửi tới các cơ quan, đơn vị nhận.",
    adv_identifier_label: "Số hiệu",
    adv_identifier_hint: "Ví dụ: HP-STTTT-2025-001 (chữ, số và các dấu - _ .). Không đổi được sau khi lưu.",
    adv_vietnamese_legend: "Nội dung tiếng Việt",
    adv_english_legend: "Nội dung tiếng Anh",
    adv_title_label: "Tiêu đề",
    adv_event_label: "Sự việc",
    adv_event_hint: "Ví dụ: Lừa đảo tống tiền bằng ảnh, video ghép mặt",
    adv_body_label: "Nội dung",
    adv_instruction_label: "Khuyến cáo người dân",
    adv_cap_legend: "Phân loại (theo chuẩn CAP 1.2)",
    adv_restriction_label: "Giới hạn người đọc",
    adv_restriction_hint: "Chỉ cần khi phạm vi là Hạn chế.",
    adv_contact_legend: "Đầu mối liên hệ",
    adv_contact_label: "Người liên hệ",
    adv_hotline_label: "Số điện thoại",
    paging_label: "Chuyển trang",
    paging_prev: "← Trang trước",
    paging_next: "Trang sau →",
    paging_page: "Trang",
    orgs_heading: "Cơ quan, đơn vị nhận cảnh báo",
    orgs_lead: "Mỗi cơ quan, đơn vị thuộc một nhóm; khi công bố, mỗi nơi nhận được đường link xác nhận riêng và thư điện tử nếu có địa chỉ.",
    orgs_none: "Chưa có cơ quan, đơn vị nào.",
    org_name_label: "Tên cơ quan, đơn vị",
    org_group_label: "Nhóm",
    org_group_hint: "Ví dụ: Sở, ban, ngành; Doanh nghiệp; UBND quận, huyện.",
    org_email_label: "Địa chỉ thư điện tử chính thức",
    org_add_button: "Thêm vào danh sách",
    org_no_email: "chưa có thư điện tử",
    adv_related_legend: "Liên quan",
    adv_campaigns_label: "Chiến dịch liên quan",
    adv_campaigns_hint: "Số chiến dịch, cách nhau bằng dấu phẩy, ví dụ: 12, 15.",
    adv_indicators_label: "Số điện thoại, ví, tài khoản, đường link cần cảnh báo",
    adv_indicators_hint: "Mỗi dòng một mục; hệ thống tự nhận ra loại và chuẩn hoá cách viết.",
    adv_expires_label: "Hết hiệu lực sau ngày",
    err_advisory_campaigns: "Số chiến dịch phải là số nguyên dương, cách nhau bằng dấu phẩy",
    err_advisory_indicator: "Dòng này không phải số điện thoại, ví, tài khoản hay đường link",
    err_advisory_expires: "Ngày hết hiệu lực chưa đúng (năm-tháng-ngày)",
    adv_groups_legend: "Nơi nhận",
    adv_groups_none: "Chưa có cơ quan, đơn vị nào trong danh sách nhận cảnh báo.",
    adv_group_count: group_count,
    adv_save_button: "Lưu bản nháp",
    cap_category_label: "Lĩnh vực",
    cap_categories: &[
        Choice { value: "Security", label: "An ninh, trật tự" },
        Choice { value: "Safety", label: "An toàn chung" },
        Choice { value: "Infra", label: "Hạ tầng, viễn thông" },
        Choice { value: "Health", label: "Y tế" },
        Choice { value: "Transport", label: "Giao thông" },
        Choice { value: "Rescue", label: "Cứu hộ" },
        Choice { value: "Fire", label: "Cháy nổ" },
        Choice { value: "Env", label: "Môi trường" },
        Choice { value: "Met", label: "Thời tiết" },
        Choice { value: "Geo", label: "Địa chất" },
        Choice { value: "CBRNE", label: "Hoá chất, sinh học, phóng xạ, hạt nhân, chất nổ" },
        Choice { value: "Other", label: "Khác" },
    ],
    cap_severity_label: "Mức độ nghiêm trọng",
    cap_severities: &[
        Choice { value: "Extreme", label: "Đặc biệt nghiêm trọng" },
        Choice { value: "Severe", label: "Nghiêm trọng" },
        Choice { value: "Moderate", label: "Trung bình" },
        Choice { value: "Minor", label: "Nhẹ" },
        Choice { value: "Unknown", label: "Chưa rõ" },
    ],
    cap_urgency_label: "Mức độ khẩn cấp",
    cap_urgencies: &[
        Choice { value: "Immediate", label: "Cần xử lý ngay" },
        Choice { value: "Expected", label: "Trong thời gian tới" },
        Choice { value: "Future", label: "Về lâu dài" },
        Choice { value: "Past", label: "Đã qua" },
        Choice { value: "Unknown", label: "Chưa rõ" },
    ],
    cap_certainty_label: "Mức độ chắc chắn",
    cap_certainties: &[
        Choice { value: "Observed", label: "Đã xảy ra" },
        Choice { value: "Likely", label: "Nhiều khả năng" },
        Choice { value: "Possible", label: "Có thể" },
        Choice { value: "Unlikely", label: "Ít khả năng" },
        Choice { value: "Unknown", label: "Chưa rõ" },
    ],
    cap_scope_label: "Phạm vi",
    cap_scopes: &[
        Choice { value: "Public", label: "Công khai" },
        Choice { value: "Private", label: "Chỉ gửi nơi nhận" },
        Choice { value: "Restricted", label: "Hạn chế" },
    ],
    publish_heading: "Công bố",
    publish_note: "Khi công bố, cảnh báo được đăng (nếu công khai), mỗi cơ quan, đơn vị nhận có đường link xác nhận riêng và được gửi email nếu đã cấu hình. Không sửa được cảnh báo sau khi công bố.",
    publish_button: "Công bố cảnh báo",
    published_note: "Đã công bố cảnh báo.",
    links_once_note: "Các đường link xác nhận dưới đây chỉ hiện lần này. Nơi nào chưa nhận được email, hãy gửi đường link của nơi đó qua kênh chính thức.",
    advisory_view_public: "Xem trang công khai",
    recipients_heading: "Nơi nhận",
    recipients_none: "Cảnh báo này không gửi tới cơ quan, đơn vị nào.",
    acknowledged_label: "Đã xác nhận",
    not_acknowledged: "Chưa xác nhận",
    email_sent: "Đã gửi email",
    email_failed: "Gửi email không thành công",
    email_no_address: "Không có địa chỉ email",
    email_not_configured: "Máy chủ chưa cấu hình gửi email",
    email_none: "Chưa gửi email",

    error_title: "Chưa thực hiện được",
    error_back: "Quay lại trang trước",
    err_bad_form: "Biểu mẫu gửi lên không hợp lệ. Vui lòng tải lại trang và thử lại.",
    err_csrf: "Phiên làm việc đã hết hạn hoặc trang đã mở quá lâu. Vui lòng tải lại trang và gửi lại.",
    err_rate_limited: rate_limited,
    err_empty_text: "Bạn chưa nhập nội dung tin nhắn.",
    err_text_too_long: "Tin nhắn quá dài. Vui lòng chỉ dán phần nội dung chính.",
    err_too_large: "Tệp gửi lên quá lớn. Vui lòng chọn ảnh nhỏ hơn.",
    err_not_image: "Tệp này không phải là ảnh mà chúng tôi đọc được. Hãy dùng JPEG, PNG, WebP, GIF hoặc BMP.",
    err_bad_image: "Không đọc được ảnh này; có thể tệp bị hỏng.",
    err_no_text_in_image: "Không tìm thấy chữ trong ảnh. Hãy thử ảnh rõ hơn hoặc dán nội dung tin nhắn.",
    err_ocr_unavailable: "Tạm thời chưa đọc được ảnh. Vui lòng dán nội dung tin nhắn.",
    err_invalid_value: "Thông tin này không đúng định dạng. Hãy kiểm tra lại loại thông tin và giá trị (địa chỉ ví được kiểm tra mã).",
    err_unknown_kind: "Vui lòng chọn loại thông tin cần tra cứu.",
    err_wrong_pin: "Mã tham chiếu hoặc mã PIN không đúng.",
    err_locked: locked,
    err_invalid_input: "Một số thông tin chưa hợp lệ. Vui lòng kiểm tra lại.",
    err_not_media: "Tệp này không phải là ảnh hay video mà chúng tôi đọc được.",
    err_unavailable: "Hệ thống đang bận. Vui lòng thử lại sau ít phút.",
    err_not_found: "Không tìm thấy trang này.",
    err_confirm_withdraw: "Hãy đánh dấu ô xác nhận nếu bạn muốn rút lại báo cáo.",
    err_amount: "Số tiền phải là một số không âm, ví dụ 2500.",
    err_date: "Ngày nhận không hợp lệ.",
    err_admin_only: "Trang này chỉ dành cho quản trị viên.",
    err_reason_required: "Xin ghi lý do cho kết luận.",
    err_conflict: "Việc này đã được thực hiện trước đó (ví dụ: cảnh báo đã được công bố).",
    err_advisory_exists: "Đã có cảnh báo với số hiệu này.",
    err_invalid_advisory: "Cảnh báo chưa đủ thông tin theo chuẩn CAP 1.2.",
};
