//! `demo`: a store with something to look at and to export. The provincial letter on deepfake
//! extortion is the first advisory, sent to its departments and enterprises; a small campaign of
//! made-up threats (made-up wallets and numbers) is reported, and one report confirmed.

use anyhow::{bail, Context, Result};
use canhgiac_core::Analyzer;
use canhgiac_share::cap::{AdvisoryContent, NamedIndicator};
use canhgiac_store::{Actor, NewReport, ReportDecision, Role, StoredAnalysis};
use serde::Deserialize;

use crate::store_cmds::{runtime, StoreArgs};

/// The letter: identifier, recipient groups and content.
const LETTER: &str = include_str!("../../../data/demo/advisory-hai-phong.json");

#[derive(Deserialize)]
struct Letter {
    identifier: String,
    recipient_groups: Vec<String>,
    content: AdvisoryContent,
}

/// The letter's "Nơi nhận": (organisation, group, e-mail).
const ORGANISATIONS: &[(&str, &str, Option<&str>)] = &[
    (
        "Văn phòng UBND thành phố",
        "Sở, ban, ngành",
        Some("vanphong@ubnd.example.gov.vn"),
    ),
    ("Sở Tài chính", "Sở, ban, ngành", Some("stc@example.gov.vn")),
    ("Sở Y tế", "Sở, ban, ngành", None),
    (
        "Công ty Cảng Hải Phòng",
        "Doanh nghiệp",
        Some("vanthu@cang.example.com"),
    ),
    (
        "Ngân hàng TMCP Hàng Hải, chi nhánh Hải Phòng",
        "Doanh nghiệp",
        Some("hotro@nganhang.example.com"),
    ),
];

/// The first reporter's contact (made up): sealed in the store, never in any export.
pub const DEMO_CONTACT: &str = "anh Tuấn, 0903 111 222, tuan.demo@example.com";

/// Made-up threats of one campaign: they share a wallet and a phone number.
const THREATS: &[(&str, f64)] = &[
    (
        "Chào anh, tôi là thám tử tư được thuê theo dõi anh hai tháng nay. Tôi có ảnh và clip \
         nhạy cảm của anh với một cô gái, mặt anh rất rõ. Chuyển 3000 USDT vào ví TRC20 \
         TXMKTKVDwjc3HdFkTTij1ANEY5dxkoLWh5 trước 9h sáng mai, nếu không toàn bộ sẽ được gửi \
         cho vợ anh và cơ quan anh. Liên hệ 0868 426 463.",
        3000.0,
    ),
    (
        "Anh Long, em là người được thuê điều tra anh. Em đang giữ video anh ở nhà nghỉ. Muốn \
         em xoá thì chuyển 1500 USDT mạng TRON tới TXMKTKVDwjc3HdFkTTij1ANEY5dxkoLWh5 trong \
         hôm nay, không thì clip sẽ đến tay vợ anh và sếp anh.",
        1500.0,
    ),
    (
        "Tôi là thám tử, có người thuê tôi điều tra anh. Ảnh nóng của anh đã được ghép xong. \
         Gọi ngay 0868.426.463 để thương lượng, đừng báo công an, tôi biết nhà anh ở đâu.",
        0.0,
    ),
];

pub fn demo(args: &StoreArgs, analyzer: &Analyzer, public_url: &str) -> Result<()> {
    let letter: Letter = serde_json::from_str(LETTER).context("the demo letter")?;
    let base = public_url.trim_end_matches('/');
    runtime()?.block_on(async {
        let store = args.open().await?;
        if !store.advisories(true).await?.is_empty() {
            bail!("this store already has advisories; the demo data goes into a new store");
        }
        let (admin, token) = store.add_user("demo-admin", Role::Admin).await?;
        let actor = Actor {
            user_id: admin.id,
            name: admin.name.clone(),
            role: Role::Admin,
        };
        for (name, group, email) in ORGANISATIONS {
            store.add_organisation(name, group, *email).await?;
        }
        let mut first = None;
        for (index, (text, demanded)) in THREATS.iter().enumerate() {
            let analysis = analyzer.analyze(text);
            let report = NewReport {
                text: (*text).to_owned(),
                channel: Some("telegram".into()),
                received_at: None,
                amount_demanded: (*demanded > 0.0).then_some(*demanded),
                amount_paid: None,
                currency: (*demanded > 0.0).then(|| "USDT".to_owned()),
                paid: Some(false),
                contact: (index == 0).then(|| DEMO_CONTACT.to_owned()),
                consent_police: true,
                fingerprints: Vec::new(),
                indicators: StoredAnalysis::text_indicators(&analysis),
                analysis: StoredAnalysis::of(&analysis),
            };
            let created = store.create_report(&report).await?;
            first.get_or_insert(created);
        }
        let first = first.context("no demo report")?;
        store
            .decide_report(
                first.id,
                ReportDecision::Confirmed,
                "Chiến dịch \"thám tử tư\" (dữ liệu minh hoạ)",
                &actor,
            )
            .await?;

        let mut content = letter.content;
        content.campaign_ids = first.campaign_id.into_iter().collect();
        content.indicators = vec![NamedIndicator {
            kind: "trx".into(),
            value: "TXMKTKVDwjc3HdFkTTij1ANEY5dxkoLWh5".into(),
        }];
        store
            .create_advisory(
                &letter.identifier,
                &content,
                &letter.recipient_groups,
                Some(&actor),
            )
            .await?;
        let (advisory, recipients) = store
            .publish_advisory(&letter.identifier, canhgiac_store::now())
            .await?;
        store.close().await;

        println!("admin token (shown only now): {token}");
        println!(
            "advisory {}: {}",
            advisory.identifier,
            canhgiac_share::atom::advisory_page(base, &advisory.identifier)
        );
        println!("acknowledgement links, one per organisation:");
        for recipient in recipients {
            println!(
                "  {} ({}): {base}/xac-nhan/{}",
                recipient.organisation.name, recipient.organisation.group, recipient.token
            );
        }
        println!(
            "reports: {} (campaign {}, report {} confirmed)",
            THREATS.len(),
            first.campaign_id.map_or("-".into(), |c| c.to_string()),
            first.reference
        );
        Ok(())
    })
}
