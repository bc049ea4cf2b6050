//! Table-driven and property tests for indicator extraction. All data is made here: addresses
//! are built from payload bytes with the same encoders wallets use, or are published
//! specification vectors (BIP-173, BIP-350, EIP-55).

use proptest::prelude::*;

use super::crypto::eip55_checksum;
use super::*;

fn found(text: &str) -> Vec<(IndicatorKind, String)> {
    extract(text)
        .indicators
        .into_iter()
        .map(|i| (i.kind, i.value))
        .collect()
}

fn values(text: &str, kind: IndicatorKind) -> Vec<String> {
    found(text)
        .into_iter()
        .filter(|(k, _)| *k == kind)
        .map(|(_, v)| v)
        .collect()
}

/// The text each indicator's span covers.
fn shown(text: &str) -> Vec<(IndicatorKind, String)> {
    extract(text)
        .indicators
        .into_iter()
        .map(|i| (i.kind, text[i.start..i.end].to_owned()))
        .collect()
}

fn p2pkh(hash: &[u8; 20]) -> String {
    bs58::encode(hash).with_check_version(0x00).into_string()
}

fn p2sh(hash: &[u8; 20]) -> String {
    bs58::encode(hash).with_check_version(0x05).into_string()
}

fn tron(hash: &[u8; 20]) -> String {
    bs58::encode(hash).with_check_version(0x41).into_string()
}

fn segwit_v0(program: &[u8]) -> String {
    bech32::segwit::encode_v0(bech32::hrp::BC, program).unwrap_or_default()
}

fn taproot(program: &[u8; 32]) -> String {
    bech32::segwit::encode_v1(bech32::hrp::BC, program).unwrap_or_default()
}

fn eth(bytes: &[u8; 20]) -> String {
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("0x{}", eip55_checksum(&hex))
}

// ---------------------------------------------------------------- phones

#[test]
fn phones_in_every_spelling() {
    let cases: &[(&str, &str, &str)] = &[
        ("Gọi 0912 345 678 nhé", "+84912345678", "0912 345 678"),
        ("SĐT: 0912.345.678", "+84912345678", "0912.345.678"),
        ("lh 0912-345-678.", "+84912345678", "0912-345-678"),
        ("Zalo +84 912345678", "+84912345678", "+84 912345678"),
        ("Zalo +84912345678!", "+84912345678", "+84912345678"),
        ("zalo 84912345678", "+84912345678", "84912345678"),
        ("Gọi (+84) 912 345 678", "+84912345678", "(+84) 912 345 678"),
        ("Gọi 0084 912 345 678", "+84912345678", "0084 912 345 678"),
        (
            "Gọi +84 (0) 912 345 678",
            "+84912345678",
            "+84 (0) 912 345 678",
        ),
        (
            "so e: 0 9 1 2 3 4 5 6 7 8 nha",
            "+84912345678",
            "0 9 1 2 3 4 5 6 7 8",
        ),
        (
            "so: 0.9.1.2.3.4.5.6.7.8 .",
            "+84912345678",
            "0.9.1.2.3.4.5.6.7.8",
        ),
        (
            "so: 0-9-1-2-3-4-5-6-7-8",
            "+84912345678",
            "0-9-1-2-3-4-5-6-7-8",
        ),
        (
            "Zalo 0912\u{200B}345\u{200B}678",
            "+84912345678",
            "0912\u{200B}345\u{200B}678",
        ),
        (
            "Zalo 0912\u{2060}345\u{FEFF}678",
            "+84912345678",
            "0912\u{2060}345\u{FEFF}678",
        ),
        (
            "Zalo 0912\u{00A0}345\u{00A0}678",
            "+84912345678",
            "0912\u{00A0}345\u{00A0}678",
        ),
        ("Hotline 0358.12.34.56", "+84358123456", "0358.12.34.56"),
        ("ĐT bàn (024) 3826 9999", "+842438269999", "(024) 3826 9999"),
        ("VP: 0236.3822.123", "+842363822123", "0236.3822.123"),
        ("Mọi người gọi 0567 891 234", "+84567891234", "0567 891 234"),
        ("Zalo:0786123456", "+84786123456", "0786123456"),
        (
            "Zalo 0️⃣9️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣ nhé",
            "+84912345678",
            "0️⃣9️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8",
        ),
        ("ĐT.0786123456 (a Nam)", "+84786123456", "0786123456"),
        ("Tel-0786 123 456", "+84786123456", "0786 123 456"),
    ];
    for (text, e164, span) in cases {
        assert_eq!(
            shown(text),
            vec![(IndicatorKind::Phone, (*span).to_owned())],
            "span in {text:?}"
        );
        assert_eq!(
            values(text, IndicatorKind::Phone),
            vec![(*e164).to_owned()],
            "{text:?}"
        );
    }
}

#[test]
fn phones_spoken_aloud() {
    let cases = [
        (
            "Người gọi đọc: không chín một hai, ba bốn năm, sáu bảy tám.",
            "+84912345678",
        ),
        (
            "so cua toi la khong chin mot hai ba bon nam sau bay tam nhe",
            "+84912345678",
        ),
        ("KHÔNG BẢY TÁM MỘT HAI BA BỐN NĂM SÁU CHÍN", "+84781234569"),
        (
            "call zero nine one two three four five six seven eight",
            "+84912345678",
        ),
        ("số không chín 1 hai ba 4 năm sáu bảy tám", "+84912345678"),
    ];
    for (text, e164) in cases {
        assert_eq!(
            values(text, IndicatorKind::Phone),
            vec![e164.to_owned()],
            "{text:?}"
        );
    }
}

#[test]
fn two_phones_side_by_side() {
    let text = "Các số 0912345678 0987654321 và 0356-111-222 đều là lừa đảo";
    assert_eq!(
        values(text, IndicatorKind::Phone),
        vec!["+84912345678", "+84987654321", "+84356111222"]
    );
}

#[test]
fn phones_in_lists_and_next_to_times() {
    let cases: &[(&str, &[&str])] = &[
        (
            "LH 0912 345 678/0987 654 321",
            &["+84912345678", "+84987654321"],
        ),
        (
            "LH 0912345678,0987654321",
            &["+84912345678", "+84987654321"],
        ),
        ("Hỗ trợ 0868 123 456 24/7", &["+84868123456"]),
        ("Cuộc gọi lúc 10:15 0874123456", &["+84874123456"]),
        ("ngày 15/12/2024 0912345678", &["+84912345678"]),
        ("Zalo 0912345678-chị Lan", &["+84912345678"]),
        (
            "Thời gian 15/12/2024 08:12, SĐT 0912345678",
            &["+84912345678"],
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(values(text, IndicatorKind::Phone), *expected, "{text:?}");
    }
    assert_eq!(
        shown("(0912345678)"),
        vec![(IndicatorKind::Phone, "0912345678".to_owned())]
    );
}

#[test]
fn foreign_phones_with_plus() {
    let cases = [
        (
            "Call +1 415 555 2671 now",
            "+14155552671",
            "+1 415 555 2671",
        ),
        (
            "WhatsApp +44 20 7946 0958.",
            "+442079460958",
            "+44 20 7946 0958",
        ),
        ("Tele: +855 12 345 678", "+85512345678", "+855 12 345 678"),
    ];
    for (text, e164, span) in cases {
        assert_eq!(
            shown(text),
            vec![(IndicatorKind::Phone, span.to_owned())],
            "{text:?}"
        );
        assert_eq!(values(text, IndicatorKind::Phone), vec![e164.to_owned()]);
    }
    assert!(values("Call +1 234", IndicatorKind::Phone).is_empty());
}

#[test]
fn numbers_that_are_not_phones() {
    let cases = [
        "Tổng đài 1900 545 413 hoặc 18001091",
        "Gọi 113, 114, 115 hoặc 156",
        "Số tiền 5.000.000 đ, 50,000,000 VND, 12.345.678.901đ",
        "Chuyển 84.000.000 đồng ngay",
        "Thưởng +1,200,000VND vào tài khoản",
        "Ngày 09-12-2024 08:30 và 2024-12-09",
        "Lúc 09.12.2024 09 giờ",
        "Mã OTP: 091234, mã xác thực 0912345678",
        "Đơn DH0912345678 và SPX-0912345678 đang giao",
        "Mã GD FT0912345678 ref MB.0912345678.X",
        "TK 0912xxx678 và 0912****678",
        "CCCD 091234567890 cấp ngày 01/01/2020",
        "Giá 0912345678VND",
        "tỉ lệ 0912345678%",
        "phiên bản v0912345678",
        "đường dẫn abc/0912345678",
        "0912345 678 910 11",
        "Số 00912345678901234",
        "Điểm 09/12/2024 - 0912/345/678",
    ];
    for text in cases {
        assert!(
            values(text, IndicatorKind::Phone).is_empty(),
            "{text:?}: {:?}",
            found(text)
        );
    }
}

#[test]
fn numbering_plan() {
    let invalid = [
        "0112345678",
        "0412345678",
        "0612345678",
        "0212345678",
        "021234567890",
        "091234567",
    ];
    for text in invalid {
        assert!(values(text, IndicatorKind::Phone).is_empty(), "{text}");
    }
    let valid = [
        ("0312345678", "+84312345678"),
        ("0512345678", "+84512345678"),
        ("0712345678", "+84712345678"),
        ("0802345678", "+84802345678"),
        ("069.2345678", "+84692345678"),
        ("02123456789", "+842123456789"),
    ];
    for (text, e164) in valid {
        assert_eq!(
            values(text, IndicatorKind::Phone),
            vec![e164.to_owned()],
            "{text}"
        );
    }
}

#[test]
fn stray_digits_next_to_a_phone() {
    assert_eq!(
        values("Gọi 0912 345 678 2 lần", IndicatorKind::Phone),
        vec!["+84912345678"]
    );
    assert_eq!(
        values("LH 0912345678 (0 đ/phút)", IndicatorKind::Phone),
        vec!["+84912345678"]
    );
    assert_eq!(
        values("số 02439998877 2. Gọi lại", IndicatorKind::Phone),
        vec!["+842439998877"]
    );
    for text in ["0 9 1 2 3 4 5 6 7 8 9", "0912 345 678 123"] {
        assert!(values(text, IndicatorKind::Phone).is_empty(), "{text}");
    }
}

// ---------------------------------------------------------------- bank accounts

#[test]
fn bank_accounts_with_their_bank() {
    let cases: &[(&str, &str, Option<&str>, &str)] = &[
        (
            "STK 123456789 Vietcombank",
            "123456789",
            Some("Vietcombank"),
            "123456789",
        ),
        (
            "Chuyển vào 0123 4567 8901 MB Bank - NGUYEN VAN A",
            "012345678901",
            Some("MB"),
            "0123 4567 8901",
        ),
        (
            "ck qua MBBank 0912345678 nhé",
            "0912345678",
            Some("MB"),
            "0912345678",
        ),
        (
            "Số tài khoản: 19031234567890 (Techcombank)",
            "19031234567890",
            Some("Techcombank"),
            "19031234567890",
        ),
        (
            "so tai khoan 3107 5521 0948 tai BIDV",
            "310755210948",
            Some("BIDV"),
            "3107 5521 0948",
        ),
        (
            "Đến: 987654321 – ACB – LE VAN B",
            "987654321",
            Some("ACB"),
            "987654321",
        ),
        (
            "TK 1011.2233.4455 VietinBank",
            "101122334455",
            Some("VietinBank"),
            "1011.2233.4455",
        ),
        (
            "chuyển 50 triệu vào 3300205512345 Agribank trước 5h",
            "3300205512345",
            Some("Agribank"),
            "3300205512345",
        ),
        (
            "STK: 0601 2345 6789 Sacombank",
            "060123456789",
            Some("Sacombank"),
            "0601 2345 6789",
        ),
        (
            "Account number 0123456789 at TPBank",
            "0123456789",
            Some("TPBank"),
            "0123456789",
        ),
        ("STK 12345678", "12345678", None, "12345678"),
        (
            "chuyển 5000000 vào TK 123456789 ACB",
            "123456789",
            Some("ACB"),
            "123456789",
        ),
        (
            "Account: 12345678, Chase Bank",
            "12345678",
            None,
            "12345678",
        ),
        (
            "Ví MoMo, số tài khoản 0912345678",
            "0912345678",
            Some("MoMo"),
            "0912345678",
        ),
    ];
    for (text, digits, bank, span) in cases {
        let e = extract(text);
        assert_eq!(e.indicators.len(), 1, "{text:?}: {:?}", e.indicators);
        let i = &e.indicators[0];
        assert_eq!(i.kind, IndicatorKind::BankAccount, "{text:?}");
        assert_eq!(i.value, *digits, "{text:?}");
        assert_eq!(i.bank.as_deref(), *bank, "{text:?}");
        assert_eq!(&text[i.start..i.end], *span, "{text:?}");
    }
}

#[test]
fn bank_named_on_the_line_above() {
    let text = "Ngân hàng: Vietcombank\nSố TK: 0071 0001 23456\nChủ TK: NGUYEN VAN A";
    let e = extract(text);
    assert_eq!(e.indicators.len(), 1);
    assert_eq!(e.indicators[0].value, "0071000123456");
    assert_eq!(e.indicators[0].bank.as_deref(), Some("Vietcombank"));
    let text = "STK:\n0912345678\nTPBank";
    assert_eq!(values(text, IndicatorKind::BankAccount), vec!["0912345678"]);
}

#[test]
fn numbers_that_are_not_accounts() {
    let cases = [
        "Hotline Vietcombank: 1900545413",
        "Vietcombank: mã OTP của quý khách là 12345678",
        "MB: giao dịch nhận 15.000.000 VND thành công",
        "BIDV thông báo số dư 123,456,789 VND",
        "Tài khoản: 7936728646 - Mật khẩu: 526669",
        "Your account statement for 07700111222 shows 500 points",
        "TK 1903xxxx1234 tại Techcombank",
        "Vietcombank 14-12-2024 10:22:05",
        "Số hợp đồng 123456789 ACB",
        "Mã giao dịch 123456789 tại Vietcombank",
        "MoMo 0123456789",
        "ACB 12345",
        "Tổng đài ACB 1800577775, gọi ngay",
        "Chuyển khoản qua thẻ 9704 1234 5678 9012 Vietcombank",
        "chuyển 5000000 vào",
        "Thẻ Visa 4111 1111 1111 1111 tại VPBank",
        "BIDV 03/02/2025 14:30 | TK: 2201xxxx7781",
        "Số ĐT nhận OTP của tài khoản ngân hàng đã chuyển sang 0976111222",
    ];
    for text in cases {
        assert!(
            values(text, IndicatorKind::BankAccount).is_empty(),
            "{text:?}: {:?}",
            found(text)
        );
    }
}

#[test]
fn phone_word_beats_a_farther_bank_word() {
    let text = "SĐT: 0912345678, STK: 19036655778899 Techcombank";
    assert_eq!(values(text, IndicatorKind::Phone), vec!["+84912345678"]);
    assert_eq!(
        values(text, IndicatorKind::BankAccount),
        vec!["19036655778899"]
    );
    let text = "STK: 0912345678, SĐT: 0987654321";
    assert_eq!(values(text, IndicatorKind::BankAccount), vec!["0912345678"]);
    assert_eq!(values(text, IndicatorKind::Phone), vec!["+84987654321"]);
}

// ---------------------------------------------------------------- wallets

/// Published vectors: the genesis block address, BIP-173 and BIP-350 examples, EIP-55 examples,
/// and the USDT contract on TRON.
const KNOWN_VALID: &[(IndicatorKind, &str, &str)] = &[
    (
        IndicatorKind::Btc,
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
    ),
    (
        IndicatorKind::Btc,
        "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
    ),
    (
        IndicatorKind::Btc,
        "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
        "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
    ),
    (
        IndicatorKind::Btc,
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
    ),
    (
        IndicatorKind::Eth,
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    ),
    (
        IndicatorKind::Eth,
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    ),
    (
        IndicatorKind::Eth,
        "0x52908400098527886e0f7030069857d2e4169ee7",
        "0x52908400098527886e0f7030069857d2e4169ee7",
    ),
    (
        IndicatorKind::Eth,
        "0xDE709F2102306220921060314715629080E2FB77",
        "0xDE709F2102306220921060314715629080E2FB77",
    ),
    (
        IndicatorKind::Trx,
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
    ),
];

#[test]
fn wallets_found_with_value_and_span() {
    for (kind, written, value) in KNOWN_VALID {
        for (before, after) in [
            ("Gửi vào ví ", " trước 9h"),
            ("(", ")"),
            ("ví:", "."),
            ("", ""),
        ] {
            let text = format!("{before}{written}{after}");
            let e = extract(&text);
            assert_eq!(e.indicators.len(), 1, "{text:?}: {:?}", e.indicators);
            let i = &e.indicators[0];
            assert_eq!((i.kind, i.value.as_str()), (*kind, *value), "{text:?}");
            assert_eq!(&text[i.start..i.end], *written);
            assert!(e.invalid.is_empty());
        }
    }
}

#[test]
fn generated_wallets_of_every_kind() {
    let hash = [0x5a; 20];
    let cases = [
        (IndicatorKind::Btc, p2pkh(&hash)),
        (IndicatorKind::Btc, p2sh(&hash)),
        (IndicatorKind::Btc, segwit_v0(&hash)),
        (IndicatorKind::Btc, segwit_v0(&[0x33; 32])),
        (IndicatorKind::Btc, taproot(&[0x77; 32])),
        (IndicatorKind::Eth, eth(&hash)),
        (IndicatorKind::Trx, tron(&hash)),
    ];
    for (kind, address) in cases {
        let text = format!("Chuyển 500 USDT vào {address} ngay.");
        assert_eq!(found(&text), vec![(kind, address.clone())], "{text}");
    }
}

#[test]
fn one_changed_character_is_a_lookalike() {
    let cases: &[(IndicatorKind, &str, &str)] = &[
        (
            IndicatorKind::Btc,
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
            "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",
        ),
        (
            IndicatorKind::Btc,
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
        ),
        (
            IndicatorKind::Btc,
            "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
            "bc1qw508d6qejxtdg4y5r3zarvarY0c5xw7kv8f3t4",
        ),
        (
            IndicatorKind::Eth,
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
        ),
        (
            IndicatorKind::Eth,
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAee",
        ),
        (
            IndicatorKind::Trx,
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
            "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u",
        ),
    ];
    for (kind, good, bad) in cases {
        assert_ne!(good, bad);
        let text = format!("ví {bad} nhé");
        let e = extract(&text);
        assert!(e.indicators.is_empty(), "{bad}: {:?}", e.indicators);
        assert_eq!(e.invalid.len(), 1, "{bad}");
        let l = &e.invalid[0];
        assert_eq!((l.kind, l.text.as_str()), (*kind, *bad));
        assert_eq!(&text[l.start..l.end], *bad);
        assert!(!l.reason.is_empty());
    }
}

#[test]
fn wallet_shapes_that_are_not_wallets() {
    let cases = [
        // Glued to other letters or digits.
        "xTR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6tx",
        "víTR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00",
        "a0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "_1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
        // Transaction hash, testnet, outside the alphabet.
        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed5aaeb6053f3e94c9b9a09f33",
        "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj0O",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeZ",
        "11111111111111111111111111111111",
    ];
    for text in cases {
        let e = extract(text);
        assert!(e.indicators.is_empty(), "{text}: {:?}", e.indicators);
        assert!(e.invalid.is_empty(), "{text}: {:?}", e.invalid);
    }
}

// ---------------------------------------------------------------- URLs, e-mails, Telegram

#[test]
fn urls_in_every_form() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "Vào https://Example.COM/Path?a=1. Nhanh",
            "https://example.com/Path?a=1",
            "https://Example.COM/Path?a=1",
        ),
        (
            "Xem www.vi-du.vn/abc)",
            "http://www.vi-du.vn/abc",
            "www.vi-du.vn/abc",
        ),
        (
            "Đăng nhập tại nganhang-xacminh.top ngay",
            "http://nganhang-xacminh.top",
            "nganhang-xacminh.top",
        ),
        (
            "Link: vi-du.com.vn/cap-nhat!",
            "http://vi-du.com.vn/cap-nhat",
            "vi-du.com.vn/cap-nhat",
        ),
        (
            "(xem tại https://vi.wikipedia.org/wiki/A_(b))",
            "https://vi.wikipedia.org/wiki/A_(b)",
            "https://vi.wikipedia.org/wiki/A_(b)",
        ),
        (
            "hxxps://evil[.]xyz/pay",
            "https://evil.xyz/pay",
            "hxxps://evil[.]xyz/pay",
        ),
        ("hxxp://evil(.)top", "http://evil.top", "hxxp://evil(.)top"),
        (
            "go to bad[dot]click/x",
            "http://bad.click/x",
            "bad[dot]click/x",
        ),
        (
            "https://user@real-bank.com@evil.xyz/login",
            "https://user@real-bank.com@evil.xyz/login",
            "https://user@real-bank.com@evil.xyz/login",
        ),
        (
            "vào vietcombаnk.com đi",
            "http://xn--vietcombnk-6qi.com",
            "vietcombаnk.com",
        ),
        (
            "vào xn--vietcombnk-6qi.com đi",
            "http://xn--vietcombnk-6qi.com",
            "xn--vietcombnk-6qi.com",
        ),
        (
            "http://192.168.10.1:8080/admin",
            "http://192.168.10.1:8080/admin",
            "http://192.168.10.1:8080/admin",
        ),
        (
            "rút gọn bit.ly/3AbCdE",
            "http://bit.ly/3AbCdE",
            "bit.ly/3AbCdE",
        ),
        ("mở t.co/xyz", "http://t.co/xyz", "t.co/xyz"),
        (
            "Truy cập kqxzt. com để nhận",
            "http://kqxzt.com",
            "kqxzt. com",
        ),
        (
            "Truy cập z9pm .xyz/abc",
            "http://z9pm.xyz/abc",
            "z9pm .xyz/abc",
        ),
        (
            "vao vcb-secure . online ngay",
            "http://vcb-secure.online",
            "vcb-secure . online",
        ),
        (
            "vào SITE-ABC.COM.VN",
            "http://site-abc.com.vn",
            "SITE-ABC.COM.VN",
        ),
        (
            "zalo.me/g/abcdef",
            "http://zalo.me/g/abcdef",
            "zalo.me/g/abcdef",
        ),
        (
            "mời vào https://t.me/joinchat/AbCdEf",
            "https://t.me/joinchat/AbCdEf",
            "https://t.me/joinchat/AbCdEf",
        ),
    ];
    for (text, value, span) in cases {
        assert_eq!(
            values(text, IndicatorKind::Url),
            vec![(*value).to_owned()],
            "{text:?}"
        );
        assert!(
            shown(text).contains(&(IndicatorKind::Url, (*span).to_owned())),
            "span in {text:?}: {:?}",
            shown(text)
        );
    }
}

#[test]
fn dotted_words_that_are_not_urls() {
    let cases = [
        "phiên bản v1.2 và 3.5",
        "file.txt, tailieu_mat.zip, anh.jpg",
        "Mr.Smith gặp TP.HCM",
        "t.h.á.m t.ử và x.am nhap",
        "e.g. this, i.e. that",
        "xong.Anh gọi nhé.Me đây",
        "an xong. com ngon",
        "domains ending in .top or .xyz",
        "tên miền .top, .click là lừa đảo",
        "ảnh.Tôi",
        "we so.love it",
        "for her.my day",
        "tôi ở 10.0.0.1",
        "giá 100.000.vn",
        "n.h.a n.g.h.i",
    ];
    for text in cases {
        assert!(
            values(text, IndicatorKind::Url).is_empty(),
            "{text:?}: {:?}",
            found(text)
        );
    }
}

#[test]
fn emails_and_their_domains() {
    let text = "Liên hệ Nguyen.Van-A+scam@Mail.Example.COM. hoặc b@ví-dụ.vn";
    assert_eq!(
        found(text),
        vec![
            (
                IndicatorKind::Email,
                "nguyen.van-a+scam@mail.example.com".to_owned()
            ),
            (IndicatorKind::Email, "b@xn--v-d-rma6749a.vn".to_owned()),
        ]
    );
    assert_eq!(
        shown(text)[0],
        (
            IndicatorKind::Email,
            "Nguyen.Van-A+scam@Mail.Example.COM".to_owned()
        )
    );
    for text in ["a@b", "a@b.notatld", "@@@", "x@.com", "a.@b.com"] {
        assert!(values(text, IndicatorKind::Email).is_empty(), "{text}");
    }
}

#[test]
fn telegram_handles() {
    let cases: &[(&str, &str, &str)] = &[
        ("nhắn Telegram @ThamTu_HN ngay", "thamtu_hn", "@ThamTu_HN"),
        ("ib @xoa_clip_2024.", "xoa_clip_2024", "@xoa_clip_2024"),
        (
            "vào t.me/Kenh_Rieng_123",
            "kenh_rieng_123",
            "t.me/Kenh_Rieng_123",
        ),
        (
            "https://t.me/s/kenh_abc",
            "kenh_abc",
            "https://t.me/s/kenh_abc",
        ),
        (
            "telegram.me/some_user/12",
            "some_user",
            "telegram.me/some_user/12",
        ),
        ("Telegram: @Support", "support", "@Support"),
    ];
    for (text, handle, span) in cases {
        assert_eq!(
            shown(text),
            vec![(IndicatorKind::Telegram, (*span).to_owned())],
            "{text:?}"
        );
        assert_eq!(
            values(text, IndicatorKind::Telegram),
            vec![(*handle).to_owned()]
        );
    }
    let not_handles = [
        "mail me@example.com",
        "@abc is too short",
        "@1abcde starts with a digit",
        "Instagram @shop_abc_vn",
        "gặp @Central Park nhé",
        "len m@ng",
        "@this_handle_is_far_too_long_to_be_real_x",
    ];
    for text in not_handles {
        assert!(
            values(text, IndicatorKind::Telegram).is_empty(),
            "{text:?}: {:?}",
            found(text)
        );
    }
}

#[test]
fn zalo_links_give_url_and_phone() {
    let text = "Kết bạn zalo.me/0912345678 nhé";
    assert_eq!(
        found(text),
        vec![
            (IndicatorKind::Url, "http://zalo.me/0912345678".to_owned()),
            (IndicatorKind::Phone, "+84912345678".to_owned()),
        ]
    );
}

#[test]
fn shorteners_and_registrable_domains() {
    assert!(is_shortener("bit.ly"));
    assert!(is_shortener("WWW.TinyURL.com"));
    assert!(!is_shortener("example.com"));
    assert_eq!(
        registrable_domain("a.b.example.co.uk").as_deref(),
        Some("example.co.uk")
    );
    assert_eq!(
        registrable_domain("login.vietcombank.com.vn").as_deref(),
        Some("vietcombank.com.vn")
    );
    assert_eq!(
        registrable_domain("ví-dụ.vn").as_deref(),
        Some("xn--v-d-rma6749a.vn")
    );
    assert_eq!(registrable_domain("com.vn"), None);
    assert_eq!(registrable_domain("localhost"), None);
}

#[test]
fn normalize_single_values() {
    assert_eq!(
        normalize(IndicatorKind::Phone, " 0912.345.678 ").as_deref(),
        Some("+84912345678")
    );
    assert_eq!(
        normalize(IndicatorKind::Telegram, "@Some_User").as_deref(),
        Some("some_user")
    );
    assert_eq!(
        normalize(IndicatorKind::Telegram, "Some_User").as_deref(),
        Some("some_user")
    );
    assert_eq!(
        normalize(IndicatorKind::Telegram, "Support").as_deref(),
        Some("support")
    );
    assert_eq!(
        normalize(IndicatorKind::BankAccount, "2210 4477 35").as_deref(),
        Some("2210447735")
    );
    assert_eq!(normalize(IndicatorKind::BankAccount, "12ab34"), None);
    assert_eq!(
        normalize(IndicatorKind::Url, "Example.com/A").as_deref(),
        Some("http://example.com/A")
    );
    assert_eq!(normalize(IndicatorKind::Phone, "hello"), None);
}

// ---------------------------------------------------------------- whole-text behaviour

#[test]
fn duplicates_are_listed_once_at_the_first_span() {
    let text = "Gọi 0912345678 hoặc 0912.345.678 hoặc +84912345678; ví TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t và TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    let e = extract(text);
    let kinds: Vec<IndicatorKind> = e.indicators.iter().map(|i| i.kind).collect();
    assert_eq!(kinds, vec![IndicatorKind::Phone, IndicatorKind::Trx]);
    assert_eq!(
        &text[e.indicators[0].start..e.indicators[0].end],
        "0912345678"
    );
}

#[test]
fn indicators_come_in_text_order() {
    let text = "Ví TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t, Zalo 0912345678, web lua-dao.top, mail a@lua-dao.vn, tele @lua_dao_vn, STK 123456789 ACB";
    let e = extract(text);
    let starts: Vec<usize> = e.indicators.iter().map(|i| i.start).collect();
    let mut sorted = starts.clone();
    sorted.sort_unstable();
    assert_eq!(starts, sorted);
    assert_eq!(e.indicators.len(), 6, "{:?}", e.indicators);
}

#[test]
fn serialises_with_spec_kind_names() {
    let e = extract("STK 123456789 ACB, Zalo 0912345678");
    let json = serde_json::to_value(&e).unwrap_or_default();
    assert_eq!(json["indicators"][0]["kind"], "bank_account");
    assert_eq!(json["indicators"][0]["bank"], "ACB");
    assert_eq!(json["indicators"][1]["kind"], "phone");
    assert!(json["indicators"][1].get("bank").is_none());
}

#[test]
fn ten_megabytes_of_digits() {
    let digits = "7".repeat(10 * 1024 * 1024);
    assert!(extract(&digits).indicators.is_empty());
    let spaced = "0 ".repeat(200_000);
    assert!(extract(&spaced).indicators.is_empty());
}

#[test]
fn one_megabyte_url() {
    let url = format!("https://example.com/{}", "a".repeat(1024 * 1024));
    let e = extract(&url);
    assert_eq!(e.indicators.len(), 1);
    assert_eq!(e.indicators[0].end, url.len());
    let brackets = "(".repeat(50_000) + "https://x.com/" + &")".repeat(50_000);
    assert_eq!(
        values(&brackets, IndicatorKind::Url),
        vec!["https://x.com/"]
    );
}

#[test]
fn hundred_thousand_addresses() {
    let address = tron(&[7; 20]);
    let many = vec![address.as_str(); 100_000].join(" ");
    let e = extract(&many);
    assert_eq!(e.indicators.len(), 1, "listed once");
}

#[test]
fn long_runs_of_punctuation_and_repeats() {
    let dots = ".".repeat(200_000) + &"a.b@".repeat(20_000);
    let _ = extract(&dots);
    let emails = "a@b.co,".repeat(20_000);
    assert_eq!(values(&emails, IndicatorKind::Email), vec!["a@b.co"]);
    let one_line = "STK 123456789 ACB, ".repeat(5_000);
    assert_eq!(
        values(&one_line, IndicatorKind::BankAccount),
        vec!["123456789"]
    );
}

// ---------------------------------------------------------------- properties

const WORDS: &[&str] = &[
    "anh", "chuyển", "vào", "ví", "ngay", "không", "thì", "clip", "sẽ", "gửi", "cho", "vợ",
    "trước", "9h", "tối", "nay", "USDT", "BTC", "send", "to", "the", "wallet", "now", "or", "else",
    "your", "video", "goes", "public", "Địa", "chỉ", "mạng", "TRC20", "phí", "xóa", "dữ", "liệu",
    "—", "😱", "!!!", "\"", "(", ")", ":", "…", "đ",
];

/// Random surrounding text in Vietnamese and English.
fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..8).prop_map(|w| w.join(" "))
}

/// What may stand right before or after an indicator without gluing to it.
fn edge() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&[" ", "\n", " (", ") ", ": ", ", ", ". ", " \"", "\" ", "! "][..])
}

fn valid_address() -> impl Strategy<Value = (IndicatorKind, String)> {
    let hash = prop::array::uniform20(any::<u8>());
    let program = prop::array::uniform32(any::<u8>());
    prop_oneof![
        hash.prop_map(|h| (IndicatorKind::Btc, p2pkh(&h))),
        hash.prop_map(|h| (IndicatorKind::Btc, p2sh(&h))),
        hash.prop_map(|h| (IndicatorKind::Btc, segwit_v0(&h))),
        program.prop_map(|p| (IndicatorKind::Btc, segwit_v0(&p))),
        program.prop_map(|p| (IndicatorKind::Btc, taproot(&p))),
        hash.prop_map(|h| (IndicatorKind::Trx, tron(&h))),
        // Enough letters that EIP-55 protects every change below.
        hash.prop_map(|h| (IndicatorKind::Eth, eth(&h)))
            .prop_filter("at least 20 letters", |(_, a)| a[2..]
                .bytes()
                .filter(u8::is_ascii_alphabetic)
                .count()
                >= 20),
    ]
}

/// The alphabet a change must stay within, and the first position that may change.
fn alphabet(kind: IndicatorKind, address: &str) -> (&'static [u8], usize) {
    match kind {
        IndicatorKind::Eth => (b"0123456789abcdefABCDEF", 2),
        _ if address.starts_with("bc1") => (b"qpzry9x8gf2tvdw0s3jn54khce6mua7l", 4),
        _ => (
            b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz",
            1,
        ),
    }
}

proptest! {
    // Failures are shrunk and reported; fixed cases become unit tests, so no seed files.
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn valid_address_found_with_exact_span(
        (kind, address) in valid_address(),
        before in words(), open in edge(), close in edge(), after in words(),
    ) {
        let text = format!("{before}{open}{address}{close}{after}");
        let e = extract(&text);
        let start = before.len() + open.len();
        let hit = e.indicators.iter().find(|i| i.start == start);
        prop_assert!(hit.is_some(), "{text:?}: {:?}", e.indicators);
        let hit = hit.map(|i| (i.kind, i.value.clone(), i.end));
        prop_assert_eq!(hit, Some((kind, address.clone(), start + address.len())));
        prop_assert!(e.invalid.is_empty());
    }

    #[test]
    fn one_changed_char_is_never_valid(
        (kind, address) in valid_address(),
        position in any::<prop::sample::Index>(),
        replacement in any::<prop::sample::Index>(),
        before in words(), after in words(),
    ) {
        let (chars, first) = alphabet(kind, &address);
        let mut bytes = address.clone().into_bytes();
        let at = first + position.index(bytes.len() - first);
        let old = bytes[at];
        let mut new = chars[replacement.index(chars.len())];
        if new == old {
            new = chars[(replacement.index(chars.len()) + 1) % chars.len()];
        }
        // A changed ETH digit with no case change would keep an all-digit stretch valid only if
        // the checksum ignored it; EIP-55 covers every letter, so flip case when possible.
        if kind == IndicatorKind::Eth && old.is_ascii_alphabetic() && new.eq_ignore_ascii_case(&old) {
            new = if old.is_ascii_uppercase() { old.to_ascii_lowercase() } else { old.to_ascii_uppercase() };
        }
        bytes[at] = new;
        let changed = String::from_utf8(bytes).unwrap_or_default();
        prop_assume!(changed != address);
        let text = format!("{before} {changed} {after}");
        let e = extract(&text);
        prop_assert!(
            !e.indicators.iter().any(|i| i.value.eq_ignore_ascii_case(&changed) && i.kind == kind),
            "{changed} accepted as valid"
        );
    }

    #[test]
    fn any_text_gives_valid_spans(text in "(?s).{0,300}") {
        check_spans(&text);
    }

    #[test]
    fn indicator_like_noise_gives_valid_spans(
        parts in prop::collection::vec(prop::sample::select(&[
            "0", "9", "12", "345", "+84", "84", " ", ".", "-", "\u{200B}", "(", ")", "@", "a", "Z_",
            "://", "http", "www.", ".com", ".vn", "[.]", "x", "/", "STK", "ACB", "Zalo", "\n", "không",
            "chín", "đ", "bc1q", "0x", "T", "1", "3", ",", ":", "ví", "é", "😱", "。",
        ][..]), 0..80),
    ) {
        check_spans(&parts.concat());
    }
}

#[test]
fn multibyte_chars_next_to_numbers_and_labels() {
    for text in [
        "¡-0",
        "¡-0912345678",
        "chín\u{200B}345www",
        "ĐT.\u{200B}0912345678",
        "₫\u{200B}5000000",
        "ví\u{2060}0912345678",
        "Tel-😱0912345678",
        "。com ．vn",
    ] {
        check_spans(text);
    }
}

fn check_spans(text: &str) {
    let e = extract(text);
    for i in &e.indicators {
        assert!(i.start < i.end && i.end <= text.len(), "{i:?} in {text:?}");
        assert!(
            text.is_char_boundary(i.start) && text.is_char_boundary(i.end),
            "{i:?}"
        );
        assert!(!i.value.is_empty());
    }
    for l in &e.invalid {
        assert_eq!(text.get(l.start..l.end), Some(l.text.as_str()));
    }
}
