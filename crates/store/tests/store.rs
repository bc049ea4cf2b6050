//! The store conformance suite: every test runs against a fresh SQLite file and a fresh
//! PostgreSQL database (`canhgiac_store::testing`).

use std::sync::Arc;

use canhgiac_share::cap::AdvisoryContent;
use canhgiac_share::Tlp;
use canhgiac_store::testing::{self, TestDb};
use canhgiac_store::MAX_ADVISORY_TEXT_BYTES;
use canhgiac_store::{
    Actor, ImportEntry, IndicatorDecision, IndicatorKey, NewFingerprint, NewReport, Origin,
    ReportDecision, ReportFilter, Role, Secrets, Store, StoreError, StoredAnalysis, PIN_ATTEMPTS,
};
use sqlx::Row;

const MASTER: [u8; 32] = [42; 32];

struct Fixture {
    store: Store,
    url: String,
    _db: TestDb,
}

async fn open(db: TestDb) -> Fixture {
    let store = Store::open(&db.url, Secrets::from_master(&MASTER))
        .await
        .unwrap();
    Fixture {
        store,
        url: db.url.clone(),
        _db: db,
    }
}

async fn sqlite() -> Fixture {
    open(testing::sqlite()).await
}

async fn postgres() -> Option<Fixture> {
    Some(open(testing::postgres().await?).await)
}

canhgiac_store::conformance!(sqlite, postgres;
    report_round_trip,
    wrong_pins_lock_the_report,
    shared_indicators_form_and_merge_campaigns,
    allowlisted_indicators_never_link,
    similar_images_link_reports,
    import_is_idempotent_and_shows_sources,
    invalid_reports_store_nothing,
    contact_is_encrypted_at_rest,
    sql_looking_values_are_data,
    users_tokens_and_audit,
    decisions_feed_lookups,
    concurrent_reports_share_one_campaign,
    data_survives_reopening,
    analyst_list_filters,
    registrations_match_reports_and_withdraw,
    invalid_registrations_store_nothing,
    withdrawn_reports_stop_matching,
    partner_markings_keep_sources_out_of_public_lookups,
    advisories_publish_once_with_one_link_per_organisation,
    invalid_advisories_store_nothing,
    passwords_and_sessions,
    dashboard_counts_reports_money_and_indicators,
    shared_objects_keep_the_time_first_served,
);

fn key(kind: &str, value: &str) -> IndicatorKey {
    IndicatorKey {
        kind: kind.into(),
        value: value.into(),
    }
}

fn report(text: &str, indicators: &[(&str, &str)]) -> NewReport {
    NewReport {
        text: text.into(),
        channel: Some("zalo".into()),
        received_at: Some(1_764_000_000),
        amount_demanded: Some(5000.0),
        amount_paid: None,
        currency: Some("USDT".into()),
        paid: Some(false),
        contact: None,
        consent_police: true,
        fingerprints: Vec::new(),
        indicators: indicators
            .iter()
            .map(|(k, v)| (key(k, v), Origin::Text))
            .collect(),
        analysis: StoredAnalysis {
            label: "scam".into(),
            score: 0.97,
            scam_type: Some("deepfake_extortion".into()),
            json: r#"{"label":"scam"}"#.into(),
        },
    }
}

async fn analyst(store: &Store) -> Actor {
    let (_, token) = store.add_user("analyst-1", Role::Analyst).await.unwrap();
    store.authenticate(&token).await.unwrap().unwrap()
}

async fn report_round_trip(f: Fixture) {
    let s = &f.store;
    let created = s
        .create_report(&report(
            "Tôi là thám tử tư…",
            &[("trx", "TQ1"), ("phone", "+84868426463")],
        ))
        .await
        .unwrap();
    assert!(created.reference.starts_with("CG-"));
    assert_eq!(created.pin.len(), 6);
    assert_eq!(created.indicators.len(), 2);
    assert!(created.campaign_id.is_some());
    let status = s
        .report_status(&created.reference.to_lowercase(), &created.pin)
        .await
        .unwrap();
    assert_eq!(status.status, "received");
    assert_eq!(status.campaign_id, created.campaign_id);
    assert_eq!(status.campaign_reports, 1);
    assert!(matches!(
        s.report_status(&created.reference, "000000x").await,
        Err(StoreError::WrongPin)
    ));
    assert!(matches!(
        s.report_status("CG-0000-0000", &created.pin).await,
        Err(StoreError::WrongPin)
    ));
    let lookup = s.lookup("trx", "TQ1").await.unwrap();
    assert_eq!(lookup.reports, 1);
    assert_eq!(lookup.first_seen, Some(1_764_000_000));
    let withdrawn = s
        .withdraw_report(&created.reference, &created.pin)
        .await
        .unwrap();
    assert_eq!(withdrawn.status, "withdrawn");
    assert_eq!(s.lookup("trx", "TQ1").await.unwrap().reports, 0);
    // Withdrawing twice changes nothing more.
    s.withdraw_report(&created.reference, &created.pin)
        .await
        .unwrap();
    assert_eq!(s.lookup("trx", "TQ1").await.unwrap().reports, 0);
    let actor = analyst(s).await;
    let detail = s.report_detail(created.id, &actor).await.unwrap();
    assert_eq!(detail.summary.text, "", "a withdrawn report keeps no text");
    assert_eq!(detail.contact, None);
}

async fn wrong_pins_lock_the_report(f: Fixture) {
    let s = &f.store;
    let created = s.create_report(&report("x", &[])).await.unwrap();
    let wrong = if created.pin == "111111" {
        "222222"
    } else {
        "111111"
    };
    for _ in 0..PIN_ATTEMPTS {
        assert!(matches!(
            s.report_status(&created.reference, wrong).await,
            Err(StoreError::WrongPin)
        ));
    }
    match s.report_status(&created.reference, &created.pin).await {
        Err(StoreError::Locked { retry_after }) => assert!(retry_after > 0),
        other => panic!("expected a lock, got {other:?}"),
    }
}

async fn shared_indicators_form_and_merge_campaigns(f: Fixture) {
    let s = &f.store;
    let a = s
        .create_report(&report("a", &[("btc", "A")]))
        .await
        .unwrap();
    let b = s
        .create_report(&report("b", &[("eth", "B")]))
        .await
        .unwrap();
    let unrelated = s
        .create_report(&report("c", &[("eth", "C")]))
        .await
        .unwrap();
    let no_indicators = s.create_report(&report("d", &[])).await.unwrap();
    assert_eq!(no_indicators.campaign_id, None);
    assert_ne!(a.campaign_id, b.campaign_id);
    let both = s
        .create_report(&report("ab", &[("eth", "B"), ("btc", "A")]))
        .await
        .unwrap();
    let target = a.campaign_id.min(b.campaign_id);
    assert_eq!(both.campaign_id, target, "merges into the oldest campaign");
    for (kind, value) in [("btc", "A"), ("eth", "B")] {
        assert_eq!(s.lookup(kind, value).await.unwrap().campaign_id, target);
    }
    let campaign = s.campaign(target.unwrap()).await.unwrap();
    assert_eq!(campaign.report_ids, vec![a.id, b.id, both.id]);
    assert_eq!(campaign.summary.report_count, 3);
    assert_eq!(campaign.indicators.len(), 2);
    assert_eq!(campaign.merges.len(), 1);
    assert_eq!(campaign.merges[0].report_id, Some(both.id));
    assert_eq!(campaign.links, vec![(a.id, both.id), (b.id, both.id)]);
    assert_eq!(campaign.money.len(), 1);
    assert!((campaign.money[0].demanded - 15000.0).abs() < 1e-9);
    // The merged campaign answers with the one it became.
    let merged_away = a.campaign_id.max(b.campaign_id).unwrap();
    assert_eq!(
        s.campaign(merged_away).await.unwrap().summary.id,
        target.unwrap()
    );
    assert_ne!(unrelated.campaign_id, target);
    let listed = s.campaigns(10, 0).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert!(matches!(
        s.campaign(999_999).await,
        Err(StoreError::NotFound)
    ));
}

async fn allowlisted_indicators_never_link(f: Fixture) {
    let s = &f.store;
    // The hotline is on the built-in allow-list.
    let first = s
        .create_report(&report("gọi 0899 252 555", &[("phone", "+84899252555")]))
        .await
        .unwrap();
    let second = s
        .create_report(&report("gọi 0899 252 555", &[("phone", "+84899252555")]))
        .await
        .unwrap();
    assert_eq!(first.campaign_id, None);
    assert_eq!(second.campaign_id, None);
    let lookup = s.lookup("phone", "+84899252555").await.unwrap();
    assert_eq!(lookup.verdict.as_deref(), Some("allowlisted"));
    assert_eq!(lookup.reports, 2);
    // An analyst allow-lists a bank's own number: later reports stop linking through it.
    let actor = analyst(s).await;
    s.decide_indicator(
        &key("phone", "+842838000000"),
        IndicatorDecision::Allowlisted,
        "bank hotline",
        &actor,
    )
    .await
    .unwrap();
    let x = s
        .create_report(&report("x", &[("phone", "+842838000000"), ("btc", "X")]))
        .await
        .unwrap();
    let y = s
        .create_report(&report("y", &[("phone", "+842838000000"), ("btc", "Y")]))
        .await
        .unwrap();
    assert!(x.campaign_id.is_some() && y.campaign_id.is_some());
    assert_ne!(x.campaign_id, y.campaign_id);
}

async fn similar_images_link_reports(f: Fixture) {
    let s = &f.store;
    let base = "f0".repeat(32);
    // 24 bits differ: the same picture re-encoded. 40 bits from the first, 64 from the
    // second: another picture.
    let near = format!("{}{}", "0f".repeat(3), &base[6..]);
    let far = format!("{}{}{}", &base[..20], "0f".repeat(5), &base[30..]);
    let mut first = report("ảnh", &[]);
    first.fingerprints = vec![base.clone()];
    let mut second = report("ảnh", &[]);
    second.fingerprints = vec![near];
    let mut third = report("ảnh", &[]);
    third.fingerprints = vec![far];
    let a = s.create_report(&first).await.unwrap();
    assert_eq!(a.campaign_id, None, "one image alone links nothing");
    let b = s.create_report(&second).await.unwrap();
    let c = s.create_report(&third).await.unwrap();
    assert!(b.campaign_id.is_some());
    let campaign = s.campaign(b.campaign_id.unwrap()).await.unwrap();
    assert_eq!(campaign.report_ids, vec![a.id, b.id]);
    assert_eq!(c.campaign_id, None);
}

async fn import_is_idempotent_and_shows_sources(f: Fixture) {
    let s = &f.store;
    let entries: Vec<ImportEntry> = (0..1200)
        .map(|i| ImportEntry {
            key: key("url", &format!("scam{i}.example")),
            source: "chongluadao".into(),
            tlp: None,
        })
        .chain([ImportEntry {
            key: key("btc", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"),
            source: "sextortion-btc".into(),
            tlp: None,
        }])
        .collect();
    let first = s.import(&entries).await.unwrap();
    assert_eq!(first.new_indicators, 1201);
    assert_eq!(first.new_sources, 1201);
    let again = s.import(&entries).await.unwrap();
    assert_eq!(again.new_indicators, 0);
    assert_eq!(again.new_sources, 0);
    let other_list = s
        .import(&[ImportEntry {
            key: key("url", "scam7.example"),
            source: "partner.csv".into(),
            tlp: None,
        }])
        .await
        .unwrap();
    assert_eq!(other_list.new_indicators, 0);
    assert_eq!(other_list.new_sources, 1);
    let lookup = s.lookup("url", "scam7.example").await.unwrap();
    assert_eq!(lookup.reports, 0);
    assert_eq!(lookup.sources, vec!["chongluadao", "partner.csv"]);
    let unknown = s.lookup("url", "nothing.example").await.unwrap();
    assert_eq!(unknown.reports, 0);
    assert!(unknown.sources.is_empty());
}

async fn invalid_reports_store_nothing(f: Fixture) {
    let s = &f.store;
    let before = s.totals().await.unwrap();
    let many: Vec<(String, String)> = (0..100_000)
        .map(|i| ("btc".to_string(), format!("v{i}")))
        .collect();
    let refs: Vec<(&str, &str)> = many.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut bad = vec![
        report("", &[]),
        report("nul \0 byte", &[]),
        report("ok", &refs),
        report(&"x".repeat((1 << 20) + 1), &[]),
    ];
    let mut negative = report("ok", &[]);
    negative.amount_paid = Some(-1.0);
    let mut nan = report("ok", &[]);
    nan.amount_demanded = Some(f64::NAN);
    let mut bad_hash = report("ok", &[]);
    bad_hash.fingerprints = vec!["zz".into()];
    bad.extend([negative, nan, bad_hash]);
    for r in &bad {
        assert!(
            matches!(s.create_report(r).await, Err(StoreError::Invalid(_))),
            "{:?} accepted",
            r.text.chars().take(20).collect::<String>()
        );
    }
    assert_eq!(s.totals().await.unwrap(), before);
}

async fn contact_is_encrypted_at_rest(f: Fixture) {
    let s = &f.store;
    let mut r = report("x", &[]);
    r.contact = Some("anh Minh 0901234567".into());
    let created = s.create_report(&r).await.unwrap();
    let raw = raw_pool(&f).await;
    let sealed: Vec<u8> = sqlx::query("SELECT contact_sealed FROM reports WHERE id = $1")
        .bind(created.id)
        .fetch_one(&raw)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    raw.close().await;
    assert!(!sealed.windows(7).any(|w| w == b"0901234"));
    assert!(!sealed.windows(4).any(|w| w == b"Minh"));
    let actor = analyst(s).await;
    let detail = s.report_detail(created.id, &actor).await.unwrap();
    assert_eq!(detail.contact.as_deref(), Some("anh Minh 0901234567"));
    // Another key cannot open it.
    drop(f.store);
    let other = Store::open(&f.url, Secrets::from_master(&[1; 32]))
        .await
        .unwrap();
    let (_, token) = other.add_user("other", Role::Admin).await.unwrap();
    let actor = other.authenticate(&token).await.unwrap().unwrap();
    assert!(other.report_detail(created.id, &actor).await.is_err());
}

fn raw_url(url: &str) -> String {
    sqlx::any::install_default_drivers();
    if url.starts_with("sqlite://") {
        format!("{url}?mode=rw")
    } else {
        url.to_string()
    }
}

async fn sql_looking_values_are_data(f: Fixture) {
    let s = &f.store;
    let evil = "x'); DROP TABLE reports; --";
    let created = s
        .create_report(&report(
            evil,
            &[("url", evil), ("email", "a@b.c' OR '1'='1")],
        ))
        .await
        .unwrap();
    assert_eq!(s.lookup("url", evil).await.unwrap().reports, 1);
    assert_eq!(s.lookup("url", "' OR 1=1 --").await.unwrap().reports, 0);
    let actor = analyst(s).await;
    let detail = s.report_detail(created.id, &actor).await.unwrap();
    assert_eq!(detail.summary.text, evil);
    let filter = ReportFilter {
        text: Some("%' OR '1'='1".into()),
        limit: 10,
        ..ReportFilter::default()
    };
    assert!(s.list_reports(&filter, &actor).await.unwrap().is_empty());
    assert_eq!(s.totals().await.unwrap().reports, 1);
}

async fn users_tokens_and_audit(f: Fixture) {
    let s = &f.store;
    let (admin, admin_token) = s.add_user("admin", Role::Admin).await.unwrap();
    assert!(admin_token.starts_with("cg_"));
    assert!(matches!(
        s.add_user("admin", Role::Analyst).await,
        Err(StoreError::Conflict(_))
    ));
    let actor = s.authenticate(&admin_token).await.unwrap().unwrap();
    assert_eq!(actor.role, Role::Admin);
    assert_eq!(s.authenticate("cg_nonsense").await.unwrap(), None);
    assert_eq!(s.authenticate("").await.unwrap(), None);
    let second = s.create_token(admin.id).await.unwrap();
    assert_ne!(second, admin_token);
    assert!(s.authenticate(&second).await.unwrap().is_some());
    assert_eq!(s.users().await.unwrap()[0].tokens, 2);
    let created = s.create_report(&report("x", &[])).await.unwrap();
    s.report_detail(created.id, &actor).await.unwrap();
    s.report_status(&created.reference, &created.pin)
        .await
        .unwrap();
    let log = s.audit_log(Some(created.id), 10).await.unwrap();
    let actions: Vec<(&str, &str)> = log
        .iter()
        .map(|e| (e.actor.as_str(), e.action.as_str()))
        .collect();
    assert_eq!(
        actions,
        vec![("reporter", "read_status"), ("admin", "read")]
    );
    s.set_user_disabled(admin.id, true).await.unwrap();
    assert_eq!(s.authenticate(&admin_token).await.unwrap(), None);
    assert_eq!(s.authenticate(&second).await.unwrap(), None);
}

async fn decisions_feed_lookups(f: Fixture) {
    let s = &f.store;
    let actor = analyst(s).await;
    let created = s
        .create_report(&report("x", &[("trx", "TCONFIRM")]))
        .await
        .unwrap();
    assert_eq!(s.lookup("trx", "TCONFIRM").await.unwrap().verdict, None);
    let decision = s
        .decide_report(
            created.id,
            ReportDecision::Confirmed,
            "matches campaign",
            &actor,
        )
        .await
        .unwrap();
    assert_eq!(decision.decision, "confirmed");
    assert_eq!(
        s.lookup("trx", "TCONFIRM")
            .await
            .unwrap()
            .verdict
            .as_deref(),
        Some("confirmed")
    );
    let detail = s.report_detail(created.id, &actor).await.unwrap();
    assert_eq!(detail.summary.status, "confirmed");
    assert_eq!(detail.decisions.len(), 1);
    assert_eq!(detail.decisions[0].user, "analyst-1");
    assert!(matches!(
        s.decide_report(424_242, ReportDecision::FalsePositive, "", &actor)
            .await,
        Err(StoreError::NotFound)
    ));
}

async fn concurrent_reports_share_one_campaign(f: Fixture) {
    let store = Arc::new(f.store);
    let mut tasks = Vec::new();
    for i in 0..40 {
        let store = Arc::clone(&store);
        tasks.push(tokio::spawn(async move {
            // Every report shares the wallet; each also brings its own phone, and pairs share
            // a second wallet, so campaigns get created and merged concurrently.
            let own = format!("+8490000{i:04}");
            let pair = format!("P{}", i / 2);
            let first = if i % 2 == 0 {
                ("trx", "TSHARED")
            } else {
                ("eth", pair.as_str())
            };
            let indicators = [first, ("phone", own.as_str()), ("trx", "TSHARED")];
            store
                .create_report(&report("x", &indicators))
                .await
                .unwrap()
        }));
    }
    let mut campaigns = std::collections::BTreeSet::new();
    for task in tasks {
        task.await.unwrap();
    }
    let lookup = store.lookup("trx", "TSHARED").await.unwrap();
    assert_eq!(lookup.reports, 40);
    let campaign = store.campaign(lookup.campaign_id.unwrap()).await.unwrap();
    assert_eq!(campaign.report_ids.len(), 40);
    campaigns.insert(campaign.summary.id);
    assert_eq!(store.campaigns(100, 0).await.unwrap().len(), 1);
    assert_eq!(store.totals().await.unwrap().reports, 40);
}

async fn data_survives_reopening(f: Fixture) {
    let created = f
        .store
        .create_report(&report("x", &[("btc", "KEEP")]))
        .await
        .unwrap();
    f.store.close().await;
    let again = Store::open(&f.url, Secrets::from_master(&MASTER))
        .await
        .unwrap();
    assert_eq!(again.lookup("btc", "KEEP").await.unwrap().reports, 1);
    assert_eq!(
        again
            .report_status(&created.reference, &created.pin)
            .await
            .unwrap()
            .status,
        "received"
    );
}

async fn analyst_list_filters(f: Fixture) {
    let s = &f.store;
    let actor = analyst(s).await;
    let one = s
        .create_report(&report("Thám tử tư gửi ảnh", &[("btc", "L1")]))
        .await
        .unwrap();
    let mut legit = report("Chào anh, mai họp lúc 9h", &[]);
    legit.analysis.label = "legit".into();
    legit.analysis.scam_type = None;
    s.create_report(&legit).await.unwrap();
    let all = s
        .list_reports(
            &ReportFilter {
                limit: 10,
                ..ReportFilter::default()
            },
            &actor,
        )
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    let scams = s
        .list_reports(
            &ReportFilter {
                label: Some("scam".into()),
                text: Some("THÁM".into()),
                campaign_id: one.campaign_id,
                limit: 10,
                ..ReportFilter::default()
            },
            &actor,
        )
        .await
        .unwrap();
    assert_eq!(scams.iter().map(|r| r.id).collect::<Vec<_>>(), vec![one.id]);
    let page = s
        .list_reports(
            &ReportFilter {
                limit: 1,
                offset: 1,
                ..ReportFilter::default()
            },
            &actor,
        )
        .await
        .unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].id, one.id);
}

fn fingerprint(value: &str) -> NewFingerprint {
    NewFingerprint {
        value: value.into(),
        quality: Some(90),
    }
}

/// `base` with the first `bits` bits flipped.
fn flipped(base: &str, bits: usize) -> String {
    let mut hash = canhgiac_core::fingerprint::PdqHash::parse(base).unwrap();
    for bit in 0..bits {
        hash.0[bit / 64] ^= 1 << (63 - bit % 64);
    }
    hash.to_hex()
}

async fn registrations_match_reports_and_withdraw(f: Fixture) {
    let s = &f.store;
    let image = "5a".repeat(32);
    let registered = s
        .register_fingerprints(&[fingerprint(&image), fingerprint(&"c3".repeat(32))])
        .await
        .unwrap();
    assert_eq!(registered.fingerprints, 2);
    assert_eq!(registered.pin.len(), 6);
    // A report carrying the same picture re-encoded (20 bits differ) matches the registration.
    let mut with_image = report("ảnh của anh", &[]);
    with_image.fingerprints = vec![flipped(&image, 20)];
    let r = s.create_report(&with_image).await.unwrap();
    let status = s
        .registration_status(&registered.reference, &registered.pin)
        .await
        .unwrap();
    assert_eq!(status.status, "active");
    assert_eq!((status.fingerprints, status.matching_reports), (2, 1));

    let found = s
        .match_fingerprints(&[flipped(&image, 10), flipped(&image, 40)], 31)
        .await
        .unwrap();
    assert_eq!(found.len(), 2);
    let near = &found[0];
    assert_eq!(near.len(), 2, "the registration and the report: {near:?}");
    // The query flips bits 0–9 of the image, the report's copy bits 0–19: 10 and 10 bits apart.
    assert!(near.iter().all(|m| m.distance == 10));
    assert!(near
        .iter()
        .any(|m| m.registration_id == Some(registered.id)));
    assert!(near
        .iter()
        .any(|m| m.report_id == Some(r.id) && m.registration_id.is_none()));
    assert!(found[1].iter().all(|m| m.distance <= 31));
    assert!(
        found[1].iter().all(|m| m.registration_id.is_none()),
        "40 bits is another picture"
    );

    // A wrong PIN opens nothing; the right one withdraws, and the hashes are gone.
    assert!(matches!(
        s.registration_status(&registered.reference, "000000").await,
        Err(StoreError::WrongPin) | Err(StoreError::Locked { .. })
    ));
    let withdrawn = s
        .withdraw_registration(&registered.reference, &registered.pin)
        .await
        .unwrap();
    assert_eq!(
        (withdrawn.status.as_str(), withdrawn.fingerprints),
        ("withdrawn", 0)
    );
    let after = s
        .match_fingerprints(std::slice::from_ref(&image), 31)
        .await
        .unwrap();
    assert!(after[0].iter().all(|m| m.registration_id.is_none()));
    assert_eq!(after[0].len(), 1, "the report still matches");
    let left: i64 =
        sqlx::query("SELECT COUNT(*) FROM fingerprints WHERE registration_id IS NOT NULL")
            .fetch_one(&raw_pool(&f).await)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
    assert_eq!(left, 0);
}

async fn invalid_registrations_store_nothing(f: Fixture) {
    let s = &f.store;
    let bad: Vec<Vec<NewFingerprint>> = vec![
        Vec::new(),
        vec![fingerprint("zz")],
        vec![fingerprint(&"ab".repeat(32)), fingerprint(&"ab".repeat(31))],
        vec![NewFingerprint {
            value: "ab".repeat(32),
            quality: Some(101),
        }],
        vec![fingerprint(&"ab".repeat(32)); canhgiac_store::MAX_REGISTRATION_FINGERPRINTS + 1],
    ];
    for fingerprints in bad {
        assert!(matches!(
            s.register_fingerprints(&fingerprints).await,
            Err(StoreError::Invalid(_))
        ));
    }
    assert!(matches!(
        s.match_fingerprints(&["ab".repeat(32)], canhgiac_store::MAX_MATCH_RADIUS + 1)
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        s.match_fingerprints(&["not a hash".into()], 31).await,
        Err(StoreError::Invalid(_))
    ));
    let pool = raw_pool(&f).await;
    for table in ["media_registrations", "fingerprints"] {
        let n: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();
        assert_eq!(n, 0, "{table}");
    }
}

async fn withdrawn_reports_stop_matching(f: Fixture) {
    let s = &f.store;
    let image = "96".repeat(32);
    let mut first = report("ảnh", &[]);
    first.fingerprints = vec![image.clone()];
    let a = s.create_report(&first).await.unwrap();
    assert_eq!(
        s.match_fingerprints(std::slice::from_ref(&image), 0)
            .await
            .unwrap()[0]
            .len(),
        1
    );
    s.withdraw_report(&a.reference, &a.pin).await.unwrap();
    assert!(s
        .match_fingerprints(std::slice::from_ref(&image), 31)
        .await
        .unwrap()[0]
        .is_empty());
    // A later report with the same picture no longer links to the withdrawn one.
    let mut second = report("ảnh", &[]);
    second.fingerprints = vec![image];
    assert_eq!(s.create_report(&second).await.unwrap().campaign_id, None);
}

/// A connection to the test database that bypasses the store.
async fn raw_pool(f: &Fixture) -> sqlx::AnyPool {
    sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(&raw_url(&f.url))
        .await
        .unwrap()
}

async fn partner_markings_keep_sources_out_of_public_lookups(f: Fixture) {
    let s = &f.store;
    let entry = |value: &str, source: &str, tlp: Option<Tlp>| ImportEntry {
        key: key("phone", value),
        source: source.into(),
        tlp,
    };
    let stats = s
        .import(&[
            entry("+84912345678", "cert-doi-tac", Some(Tlp::Amber)),
            entry("+84912345679", "cert-doi-tac", Some(Tlp::Clear)),
            entry("+84912345679", "chongluadao", None),
        ])
        .await
        .unwrap();
    assert_eq!(stats.new_indicators, 2);
    // Known only from an AMBER feed: the public sees nothing at all.
    let amber = s.lookup("phone", "+84912345678").await.unwrap();
    assert_eq!(amber.reports, 0);
    assert!(amber.sources.is_empty(), "{:?}", amber.sources);
    assert_eq!(amber.first_seen, None);
    let analysts = s
        .lookup_with_partners("phone", "+84912345678")
        .await
        .unwrap();
    assert_eq!(analysts.sources, vec!["cert-doi-tac (TLP:AMBER)"]);
    assert!(analysts.first_seen.is_some());
    // TLP:CLEAR and public lists show.
    let clear = s.lookup("phone", "+84912345679").await.unwrap();
    assert_eq!(clear.sources, vec!["cert-doi-tac", "chongluadao"]);
    // The partner re-marks the value: the marking follows, nothing new is counted.
    let remarked = s
        .import(&[entry("+84912345679", "cert-doi-tac", Some(Tlp::Red))])
        .await
        .unwrap();
    assert_eq!(remarked.new_indicators, 0);
    let clear = s.lookup("phone", "+84912345679").await.unwrap();
    assert_eq!(clear.sources, vec!["chongluadao"]);
}

fn advisory_content() -> AdvisoryContent {
    serde_json::from_value(serde_json::json!({
        "vietnamese": {
            "event": "Lừa đảo tống tiền bằng ảnh ghép mặt",
            "title": "Cảnh báo thủ đoạn tống tiền bằng ảnh, video ghép mặt",
            "body": "Các đối tượng ghép mặt nạn nhân vào ảnh nhạy cảm rồi đe doạ gửi cho gia đình.",
            "instruction": "Không chuyển tiền; báo ngay cho công an (113)."
        },
        "category": "Security", "urgency": "Expected", "severity": "Moderate",
        "certainty": "Observed", "scope": "Public",
        "indicators": [{"kind": "phone", "value": "+84923000471"}],
        "contact_person": "Bà Trần Thị Minh Hương", "hotline": "0899 252 555"
    }))
    .unwrap()
}

async fn advisories_publish_once_with_one_link_per_organisation(f: Fixture) {
    let s = &f.store;
    let (admin, _) = s.add_user("quantri", Role::Admin).await.unwrap();
    let actor = Actor {
        user_id: admin.id,
        name: admin.name.clone(),
        role: Role::Admin,
    };
    let department = s
        .add_organisation("Sở Tài chính", "Sở, ban, ngành", Some("stc@example.org"))
        .await
        .unwrap();
    s.add_organisation("Công ty Cảng", "Doanh nghiệp", None)
        .await
        .unwrap();
    s.add_organisation("Đài Phát thanh", "Báo chí", None)
        .await
        .unwrap();
    // Adding again returns the same organisation.
    let again = s
        .add_organisation("Sở Tài chính", "Sở, ban, ngành", None)
        .await
        .unwrap();
    assert_eq!(again.id, department.id);
    assert_eq!(again.email.as_deref(), Some("stc@example.org"));
    assert_eq!(s.organisations().await.unwrap().len(), 3);

    let groups = vec!["Sở, ban, ngành".to_string(), "Doanh nghiệp".to_string()];
    let draft = s
        .create_advisory("HP-2024-001", &advisory_content(), &groups, Some(&actor))
        .await
        .unwrap();
    assert_eq!(draft.published_at, None);
    assert!(
        s.advisories(false).await.unwrap().is_empty(),
        "drafts are not public"
    );
    assert_eq!(s.advisories(true).await.unwrap().len(), 1);
    assert!(matches!(
        s.create_advisory("HP-2024-001", &advisory_content(), &groups, Some(&actor))
            .await,
        Err(StoreError::Conflict(_))
    ));

    let (published, recipients) = s
        .publish_advisory("HP-2024-001", 1_733_367_600)
        .await
        .unwrap();
    assert_eq!(published.published_at, Some(1_733_367_600));
    assert_eq!(recipients.len(), 2, "the press group was not chosen");
    let tokens: Vec<&str> = recipients.iter().map(|r| r.token.as_str()).collect();
    assert!(tokens
        .iter()
        .all(|t| t.starts_with("ack_") && t.len() == 68));
    assert_ne!(tokens[0], tokens[1]);
    assert!(matches!(
        s.publish_advisory("HP-2024-001", 1_733_367_700).await,
        Err(StoreError::Conflict(_))
    ));
    let public = s.advisories(false).await.unwrap();
    assert_eq!(public.len(), 1);
    assert_eq!(public[0].content, advisory_content());

    // Only hashes of the tokens are stored.
    let pool = sqlx::AnyPool::connect(&f.url).await.unwrap();
    let stored: Vec<String> = sqlx::query("SELECT token_hash FROM advisory_recipients")
        .fetch_all(&pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(stored.iter().all(|h| !tokens.contains(&h.as_str())));

    let port = recipients
        .iter()
        .find(|r| r.organisation.name == "Công ty Cảng")
        .unwrap();
    s.record_email(port.recipient_id, Err("no address"))
        .await
        .unwrap();
    let department_recipient = recipients
        .iter()
        .find(|r| r.organisation.id == department.id)
        .unwrap();
    s.record_email(department_recipient.recipient_id, Ok(1_733_367_660))
        .await
        .unwrap();

    let ack = s
        .acknowledge(&port.token, "Nguyễn Văn An, Trưởng phòng Hành chính")
        .await
        .unwrap();
    assert_eq!(ack.advisory.identifier, "HP-2024-001");
    assert_eq!(ack.recipient.organisation.name, "Công ty Cảng");
    let first_at = ack.recipient.acknowledged_at.expect("acknowledged");
    // A second click does not overwrite the first acknowledgement.
    let twice = s.acknowledge(&port.token, "Người khác").await.unwrap();
    assert_eq!(twice.recipient.acknowledged_at, Some(first_at));
    assert_eq!(
        twice.recipient.acknowledged_by.as_deref(),
        Some("Nguyễn Văn An, Trưởng phòng Hành chính")
    );
    assert!(matches!(
        s.acknowledge("ack_0000", "X").await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        s.acknowledge(&port.token, "  ").await,
        Err(StoreError::Invalid(_))
    ));
    assert!(s.acknowledgement("cg_notanack").await.unwrap().is_none());

    let list = s.advisory_recipients(published.id).await.unwrap();
    assert_eq!(list.len(), 2);
    let port_status = list
        .iter()
        .find(|r| r.organisation.name == "Công ty Cảng")
        .unwrap();
    assert_eq!(port_status.email_error.as_deref(), Some("no address"));
    assert!(port_status.acknowledged_at.is_some());
    let department_status = list
        .iter()
        .find(|r| r.organisation.id == department.id)
        .unwrap();
    assert_eq!(department_status.emailed_at, Some(1_733_367_660));
    assert_eq!(department_status.acknowledged_at, None);
}

async fn invalid_advisories_store_nothing(f: Fixture) {
    let s = &f.store;
    let mut untitled = advisory_content();
    untitled.vietnamese.title = " ".into();
    let mut huge = advisory_content();
    huge.vietnamese.body = "x".repeat(MAX_ADVISORY_TEXT_BYTES + 1);
    let mut nul = advisory_content();
    nul.hotline = "0899\0".into();
    for (identifier, content) in [
        ("A-1", untitled),
        ("A-2", huge),
        ("A-3", nul),
        ("has space", advisory_content()),
        ("", advisory_content()),
    ] {
        let result = s.create_advisory(identifier, &content, &[], None).await;
        assert!(
            matches!(result, Err(StoreError::Invalid(_))),
            "{identifier}: {result:?}"
        );
    }
    assert!(s.advisories(true).await.unwrap().is_empty());
    assert!(matches!(
        s.publish_advisory("A-1", 0).await,
        Err(StoreError::NotFound)
    ));
    assert!(s.add_organisation("", "Nhóm", None).await.is_err());
    assert!(s
        .add_organisation("Tên", "Nhóm", Some("not an address"))
        .await
        .is_err());
    assert!(s.organisations().await.unwrap().is_empty());
}

async fn passwords_and_sessions(f: Fixture) {
    let s = &f.store;
    let (lan, _) = s.add_user("lan", Role::Analyst).await.unwrap();
    // No password yet: nobody gets in.
    assert_eq!(s.verify_password("lan", "").await.unwrap(), None);
    assert!(matches!(
        s.set_password("lan", "short").await,
        Err(StoreError::Invalid(_))
    ));
    assert!(matches!(
        s.set_password("nobody", "một mật khẩu đủ dài").await,
        Err(StoreError::NotFound)
    ));
    s.set_password("lan", "một mật khẩu đủ dài").await.unwrap();
    let stored: String = sqlx::query("SELECT password_hash FROM users WHERE name = 'lan'")
        .fetch_one(&raw_pool(&f).await)
        .await
        .unwrap()
        .get(0);
    assert!(stored.starts_with("$argon2id$"), "{stored}");
    assert!(!stored.contains("mật khẩu"));
    assert_eq!(
        s.verify_password("lan", "một mật khẩu đủ dàI")
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        s.verify_password("minh", "một mật khẩu đủ dài")
            .await
            .unwrap(),
        None
    );
    let actor = s
        .verify_password(" lan ", "một mật khẩu đủ dài")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((actor.name.as_str(), actor.role), ("lan", Role::Analyst));

    // Sessions: the token is kept as a hash; logging out ends only that session.
    let first = s.create_session(&actor).await.unwrap();
    let second = s.create_session(&actor).await.unwrap();
    assert!(canhgiac_store::is_session_token(&first.token));
    assert_eq!(s.session(&first.token).await.unwrap(), Some(actor.clone()));
    let kept: i64 = sqlx::query("SELECT COUNT(*) FROM sessions WHERE token_hash = $1")
        .bind(&first.token)
        .fetch_one(&raw_pool(&f).await)
        .await
        .unwrap()
        .get(0);
    assert_eq!(kept, 0, "the token itself is never stored");
    s.end_session(&first.token).await.unwrap();
    assert_eq!(s.session(&first.token).await.unwrap(), None);
    assert!(s.session(&second.token).await.unwrap().is_some());
    assert_eq!(s.session("cgs_nonsense").await.unwrap(), None);
    s.end_session("cgs_nonsense").await.unwrap();

    // An expired session is refused.
    sqlx::query("UPDATE sessions SET expires_at = 1")
        .execute(&raw_pool(&f).await)
        .await
        .unwrap();
    assert_eq!(s.session(&second.token).await.unwrap(), None);

    // Disabling the user ends their sessions and refuses their password.
    let third = s.create_session(&actor).await.unwrap();
    s.set_user_disabled(lan.id, true).await.unwrap();
    assert_eq!(s.session(&third.token).await.unwrap(), None);
    assert_eq!(
        s.verify_password("lan", "một mật khẩu đủ dài")
            .await
            .unwrap(),
        None
    );
    s.set_user_disabled(lan.id, false).await.unwrap();
    assert_eq!(
        s.session(&third.token).await.unwrap(),
        None,
        "revoked for good"
    );
    // A new password ends the sessions opened before it.
    let fourth = s.create_session(&actor).await.unwrap();
    s.set_password("lan", "mật khẩu mới cũng đủ dài")
        .await
        .unwrap();
    assert_eq!(s.session(&fourth.token).await.unwrap(), None);
}

async fn dashboard_counts_reports_money_and_indicators(f: Fixture) {
    let s = &f.store;
    let actor = analyst(s).await;
    let empty = s.dashboard(canhgiac_store::now()).await.unwrap();
    assert_eq!(empty.per_day.len(), canhgiac_store::DASHBOARD_DAYS);
    assert!(empty.per_day.iter().all(|d| d.reports == 0));
    assert!(empty.by_type.is_empty() && empty.top_indicators.is_empty() && empty.money.is_empty());

    let mut paid = report("Thám tử tư", &[("trx", "TDASH"), ("phone", "+84900000001")]);
    paid.amount_paid = Some(1000.0);
    paid.paid = Some(true);
    let a = s.create_report(&paid).await.unwrap();
    let b = s
        .create_report(&report("Thám tử tư lần hai", &[("trx", "TDASH")]))
        .await
        .unwrap();
    let mut other = report("Trúng thưởng", &[("phone", "+84900000002")]);
    other.currency = Some("VND".into());
    other.amount_demanded = Some(2_000_000.0);
    other.analysis.scam_type = Some("prize_fee".into());
    let c = s.create_report(&other).await.unwrap();
    let gone = s
        .create_report(&report("rút lại", &[("trx", "TGONE")]))
        .await
        .unwrap();
    s.withdraw_report(&gone.reference, &gone.pin).await.unwrap();
    s.decide_report(c.id, ReportDecision::FalsePositive, "quảng cáo", &actor)
        .await
        .unwrap();
    // One report filed three days ago, in Viet Nam's days.
    sqlx::query("UPDATE reports SET created_at = created_at - 3 * 86400 WHERE id = $1")
        .bind(b.id)
        .execute(&raw_pool(&f).await)
        .await
        .unwrap();

    let d = s.dashboard(canhgiac_store::now()).await.unwrap();
    assert_eq!(d.per_day.len(), canhgiac_store::DASHBOARD_DAYS);
    assert_eq!(d.per_day.iter().map(|x| x.reports).sum::<i64>(), 3);
    let last = d.per_day.len() - 1;
    assert_eq!(d.per_day[last].reports, 2, "{:?}", d.per_day);
    assert_eq!(d.per_day[last - 3].reports, 1, "{:?}", d.per_day);
    assert!(d.per_day.windows(2).all(|w| w[1].day - w[0].day == 86_400));
    assert_eq!(
        d.by_type
            .iter()
            .map(|t| (t.scam_type.as_deref(), t.reports))
            .collect::<Vec<_>>(),
        vec![(Some("deepfake_extortion"), 2), (Some("prize_fee"), 1)]
    );
    assert_eq!(d.top_indicators[0].value, "TDASH");
    assert_eq!(d.top_indicators[0].reports, 2);
    assert_eq!(d.top_indicators[0].campaign_id, a.campaign_id);
    assert!(
        d.top_indicators.iter().all(|i| i.value != "TGONE"),
        "withdrawn reports do not count"
    );
    let usdt = d
        .money
        .iter()
        .find(|m| m.currency.as_deref() == Some("USDT"))
        .unwrap();
    assert_eq!(
        (usdt.demanded, usdt.paid, usdt.reports_paid),
        (10_000.0, 1000.0, 1)
    );
    let vnd = d
        .money
        .iter()
        .find(|m| m.currency.as_deref() == Some("VND"))
        .unwrap();
    assert_eq!(vnd.demanded, 2_000_000.0);
    assert_eq!((d.reports, d.awaiting_review), (3, 2));
    assert!(d.campaigns >= 2);
}

/// The TAXII collection's `date_added`: a version keeps the time it was first served; a version
/// not served before is added after every time recorded, so a poller never misses it; one that
/// left the collection and came back counts as added again.
async fn shared_objects_keep_the_time_first_served(f: Fixture) {
    let store = &f.store;
    let version = |id: &str, v: &str| (id.to_owned(), v.to_owned());
    let before = canhgiac_store::now();
    let first = store
        .shared_since(&[version("campaign--a", "1"), version("indicator--b", "1")])
        .await
        .unwrap();
    assert_eq!(first.len(), 2);
    assert_eq!(first[0], first[1]);
    assert!(first[0] >= before, "{first:?} before {before}");
    let again = store
        .shared_since(&[version("campaign--a", "1"), version("indicator--b", "1")])
        .await
        .unwrap();
    assert_eq!(again, first, "an unchanged collection keeps its times");

    // A new version of one object and a new observable (no version of its own).
    let changed = store
        .shared_since(&[
            version("campaign--a", "1"),
            version("indicator--b", "2"),
            version("url--c", ""),
        ])
        .await
        .unwrap();
    assert_eq!(changed[0], first[0]);
    assert!(changed[1] > first[0], "{changed:?}");
    assert_eq!(changed[1], changed[2]);

    // `indicator--b` version 2 leaves, then comes back.
    let fewer = store
        .shared_since(&[version("campaign--a", "1"), version("url--c", "")])
        .await
        .unwrap();
    assert_eq!(fewer, vec![first[0], changed[2]]);
    let back = store
        .shared_since(&[version("campaign--a", "1"), version("indicator--b", "2")])
        .await
        .unwrap();
    assert!(back[1] > changed[1], "{back:?} after {changed:?}");
    assert!(store.shared_since(&[]).await.unwrap().is_empty());
}
