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
};
