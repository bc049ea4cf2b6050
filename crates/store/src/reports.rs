//! Reports: intake (with campaign linking), the reporter's PIN-protected view and withdrawal, the
//! analyst's list, detail and decisions.

use std::collections::BTreeSet;

use canhgiac_core::fingerprint::PdqHash;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::secrets::{canonical_reference, new_pin, new_reference};
use crate::{
    check_field, flag, now, status, Actor, CreatedReport, Decision, IndicatorKey, NewReport,
    ReportDecision, ReportDetail, ReportFilter, ReportStatus, ReportSummary, Store, StoreError,
    MAX_REPORT_FINGERPRINTS, MAX_REPORT_INDICATORS, MAX_TEXT_BYTES, PIN_ATTEMPTS, PIN_LOCK_SECONDS,
};

const SUMMARY_COLUMNS: &str = "id, created_at, received_at, channel, status, label, score, \
     scam_type, campaign_id, amount_demanded, amount_paid, currency, paid, text";

impl NewReport {
    /// Checks sizes and shapes before anything is written.
    pub fn validate(&self) -> Result<(), StoreError> {
        if self.text.trim().is_empty() {
            return Err(StoreError::Invalid("text is empty".into()));
        }
        if self.text.len() > MAX_TEXT_BYTES {
            return Err(StoreError::Invalid(format!(
                "text is longer than {MAX_TEXT_BYTES} bytes"
            )));
        }
        if self.text.contains('\0') {
            return Err(StoreError::Invalid("text contains a NUL character".into()));
        }
        for (name, value) in [
            ("channel", &self.channel),
            ("currency", &self.currency),
            ("contact", &self.contact),
        ] {
            if let Some(value) = value {
                check_field(name, value)?;
            }
        }
        for (name, amount) in [
            ("amount_demanded", self.amount_demanded),
            ("amount_paid", self.amount_paid),
        ] {
            if amount.is_some_and(|a| !a.is_finite() || !(0.0..=MAX_AMOUNT).contains(&a)) {
                return Err(StoreError::Invalid(format!(
                    "{name} must be a number from 0 to {MAX_AMOUNT:e}"
                )));
            }
        }
        if self.indicators.len() > MAX_REPORT_INDICATORS {
            return Err(StoreError::Invalid(format!(
                "a report carries at most {MAX_REPORT_INDICATORS} indicators"
            )));
        }
        for (key, _) in &self.indicators {
            check_field("indicator value", &key.value)?;
            check_field("indicator kind", &key.kind)?;
        }
        if self.fingerprints.len() > MAX_REPORT_FINGERPRINTS {
            return Err(StoreError::Invalid(format!(
                "a report carries at most {MAX_REPORT_FINGERPRINTS} fingerprints"
            )));
        }
        if let Some(bad) = self
            .fingerprints
            .iter()
            .find(|f| PdqHash::parse(f).is_none())
        {
            return Err(StoreError::Invalid(format!(
                "fingerprint {:?} is not a PDQ hash (64 hex digits)",
                bad.chars().take(80).collect::<String>()
            )));
        }
        Ok(())
    }
}

/// The tables whose rows a reference and PIN open.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PinTable {
    Reports,
    Registrations,
}

impl PinTable {
    fn name(self) -> &'static str {
        match self {
            PinTable::Reports => "reports",
            PinTable::Registrations => "media_registrations",
        }
    }
}

impl Store {
    /// Stores a report, links it into a campaign and returns its reference and PIN. Returns
    /// only after the transaction committed.
    pub async fn create_report(&self, report: &NewReport) -> Result<CreatedReport, StoreError> {
        report.validate()?;
        let contact = match &report.contact {
            Some(contact) if !contact.trim().is_empty() => Some(self.secrets.seal(contact)?),
            _ => None,
        };
        // One row per (kind, value): the text's own origin wins over the reporter's copy.
        let mut indicators: Vec<(IndicatorKey, crate::Origin)> = report.indicators.clone();
        indicators.sort();
        indicators.dedup_by(|a, b| a.0 == b.0);
        let hashes: Vec<PdqHash> = report
            .fingerprints
            .iter()
            .filter_map(|f| PdqHash::parse(f))
            .collect();
        let similar = self.similar_fingerprint_reports(&hashes).await?;
        self.write(|| async {
            let mut tx = self.pool.begin().await?;
            let created = insert_report(
                &mut tx,
                self,
                report,
                contact.clone(),
                &indicators,
                &hashes,
                &similar,
            )
            .await?;
            tx.commit().await?;
            Ok(created)
        })
        .await
    }

    /// The reporter's view of their report, given the reference and PIN. Wrong PINs count
    /// towards a lock of the report.
    pub async fn report_status(
        &self,
        reference: &str,
        pin: &str,
    ) -> Result<ReportStatus, StoreError> {
        let id = self.check_pin(PinTable::Reports, reference, pin).await?;
        self.audit(None, "reporter", "read_status", Some(id))
            .await?;
        self.status_of(id).await
    }

    /// Withdraws a report (reference and PIN): its text and contact are erased, its indicators
    /// no longer count it.
    pub async fn withdraw_report(
        &self,
        reference: &str,
        pin: &str,
    ) -> Result<ReportStatus, StoreError> {
        let id = self.check_pin(PinTable::Reports, reference, pin).await?;
        self.write(|| async {
            let mut tx = self.pool.begin().await?;
            let current: String =
                sqlx::query("UPDATE reports SET status = status WHERE id = $1 RETURNING status")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get(0)?;
            if current != status::WITHDRAWN {
                sqlx::query(
                    "UPDATE indicators SET report_count = report_count - 1 WHERE id IN \
                     (SELECT indicator_id FROM report_indicators WHERE report_id = $1) \
                     AND report_count > 0",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
                sqlx::query("DELETE FROM report_indicators WHERE report_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "UPDATE reports SET status = $2, text = '', contact_sealed = NULL, \
                     analysis = '{}' WHERE id = $1",
                )
                .bind(id)
                .bind(status::WITHDRAWN)
                .execute(&mut *tx)
                .await?;
                insert_audit(&mut tx, None, "reporter", "withdraw", Some(id)).await?;
            }
            tx.commit().await?;
            Ok(())
        })
        .await?;
        self.status_of(id).await
    }

    async fn status_of(&self, id: i64) -> Result<ReportStatus, StoreError> {
        let row = sqlx::query(
            "SELECT reference, status, created_at, campaign_id FROM reports WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        let campaign_id: Option<i64> = row.try_get(3)?;
        let campaign_reports = match campaign_id {
            Some(c) => {
                sqlx::query("SELECT COUNT(*) FROM reports WHERE campaign_id = $1 AND status != $2")
                    .bind(c)
                    .bind(status::WITHDRAWN)
                    .fetch_one(&self.pool)
                    .await?
                    .try_get(0)?
            }
            None => 0,
        };
        Ok(ReportStatus {
            reference: row.try_get(0)?,
            status: row.try_get(1)?,
            created_at: row.try_get(2)?,
            campaign_id,
            campaign_reports,
        })
    }

    /// Verifies a PIN, counting failures; returns the row id.
    pub(crate) async fn check_pin(
        &self,
        table: PinTable,
        reference: &str,
        pin: &str,
    ) -> Result<i64, StoreError> {
        let table = table.name();
        let reference = canonical_reference(reference);
        if reference.len() > 32 || pin.len() > 32 || reference.contains('\0') || pin.contains('\0')
        {
            return Err(StoreError::WrongPin);
        }
        let row = sqlx::query(&format!(
            "SELECT id, pin_hash, pin_failures, pin_locked_until FROM {table} WHERE reference = $1"
        ))
        .bind(&reference)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Err(StoreError::WrongPin);
        };
        let id: i64 = row.try_get(0)?;
        let stored: String = row.try_get(1)?;
        let locked_until: i64 = row.try_get(3)?;
        let now = now();
        if locked_until > now {
            return Err(StoreError::Locked {
                retry_after: locked_until - now,
            });
        }
        if self.secrets.pin_matches(&reference, pin.trim(), &stored) {
            if row.try_get::<i64, _>(2)? > 0 {
                self.write(|| async {
                    sqlx::query(&format!(
                        "UPDATE {table} SET pin_failures = 0 WHERE id = $1"
                    ))
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                    Ok(())
                })
                .await?;
            }
            return Ok(id);
        }
        self.write(|| async {
            sqlx::query(&format!(
                "UPDATE {table} SET \
                 pin_locked_until = CASE WHEN pin_failures + 1 >= $2 THEN $3 ELSE pin_locked_until END, \
                 pin_failures = CASE WHEN pin_failures + 1 >= $2 THEN 0 ELSE pin_failures + 1 END \
                 WHERE id = $1"
            ))
            .bind(id)
            .bind(PIN_ATTEMPTS)
            .bind(now + PIN_LOCK_SECONDS)
            .execute(&self.pool)
            .await?;
            Ok(())
        })
        .await?;
        Err(StoreError::WrongPin)
    }

    /// Reports for an analyst, newest first. Each report listed is an audited read.
    pub async fn list_reports(
        &self,
        filter: &ReportFilter,
        actor: &Actor,
    ) -> Result<Vec<ReportSummary>, StoreError> {
        for (name, value) in [
            ("status", &filter.status),
            ("scam_type", &filter.scam_type),
            ("label", &filter.label),
            ("text", &filter.text),
        ] {
            if let Some(value) = value {
                check_field(name, value)?;
            }
        }
        let mut sql = format!("SELECT {SUMMARY_COLUMNS} FROM reports WHERE 1 = 1");
        let mut params: Vec<Param> = Vec::new();
        for (column, value) in [
            ("status", &filter.status),
            ("scam_type", &filter.scam_type),
            ("label", &filter.label),
        ] {
            if let Some(value) = value {
                params.push(Param::Text(value.clone()));
                sql.push_str(&format!(" AND {column} = ${}", params.len()));
            }
        }
        if let Some(text) = &filter.text {
            params.push(Param::Text(format!("%{}%", text.to_lowercase())));
            sql.push_str(&format!(" AND LOWER(text) LIKE ${}", params.len()));
        }
        for (clause, value) in [
            ("campaign_id =", filter.campaign_id),
            ("created_at >=", filter.since),
            ("created_at <=", filter.until),
        ] {
            if let Some(value) = value {
                params.push(Param::Int(value));
                sql.push_str(&format!(" AND {clause} ${}", params.len()));
            }
        }
        params.push(Param::Int(filter.limit.clamp(1, 500)));
        params.push(Param::Int(filter.offset.max(0)));
        sql.push_str(&format!(
            " ORDER BY created_at DESC, id DESC LIMIT ${} OFFSET ${}",
            params.len() - 1,
            params.len()
        ));
        let mut query = sqlx::query(&sql);
        for param in params {
            query = match param {
                Param::Text(text) => query.bind(text),
                Param::Int(int) => query.bind(int),
            };
        }
        let rows = query.fetch_all(&self.pool).await?;
        let reports = rows.iter().map(summary).collect::<Result<Vec<_>, _>>()?;
        if reports.is_empty() {
            return Ok(reports);
        }
        // One audit row per report listed, written in one statement.
        let rows = (0..reports.len())
            .map(|i| format!("($1, $2, $3, 'list', ${})", i + 4))
            .collect::<Vec<_>>()
            .join(", ");
        let audit_sql =
            format!("INSERT INTO audit_log (at, user_id, actor, action, report_id) VALUES {rows}");
        self.write(|| async {
            let mut tx = self.pool.begin().await?;
            let mut insert = sqlx::query(&audit_sql)
                .bind(now())
                .bind(actor.user_id)
                .bind(&actor.name);
            for report in &reports {
                insert = insert.bind(report.id);
            }
            insert.execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(())
        })
        .await?;
        Ok(reports)
    }

    /// One report with contact, indicators and decisions. An audited read.
    pub async fn report_detail(&self, id: i64, actor: &Actor) -> Result<ReportDetail, StoreError> {
        let row = sqlx::query(&format!(
            "SELECT {SUMMARY_COLUMNS}, contact_sealed, consent_police, analysis \
             FROM reports WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        let summary = summary(&row)?;
        let sealed: Option<Vec<u8>> = row.try_get(14)?;
        let contact = sealed.map(|s| self.secrets.open(&s)).transpose()?;
        let consent: i64 = row.try_get(15)?;
        let analysis: String = row.try_get(16)?;
        let indicators = sqlx::query(
            "SELECT i.kind, i.value FROM report_indicators ri JOIN indicators i \
             ON i.id = ri.indicator_id WHERE ri.report_id = $1 ORDER BY i.kind, i.value",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(IndicatorKey {
                kind: r.try_get(0)?,
                value: r.try_get(1)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let fingerprints =
            sqlx::query("SELECT value FROM fingerprints WHERE report_id = $1 ORDER BY id")
                .bind(id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<Result<Vec<String>, _>>()?;
        let decisions = self.decisions_on("report", id).await?;
        self.audit(Some(actor.user_id), &actor.name, "read", Some(id))
            .await?;
        Ok(ReportDetail {
            summary,
            contact,
            consent_police: consent != 0,
            indicators,
            fingerprints,
            analysis: serde_json::from_str(&analysis).unwrap_or(serde_json::Value::Null),
            decisions,
        })
    }

    /// An analyst confirms a report or calls it a false positive. Confirming marks the report's
    /// indicators that have no verdict yet as confirmed, which look-ups then show.
    pub async fn decide_report(
        &self,
        id: i64,
        decision: ReportDecision,
        reason: &str,
        actor: &Actor,
    ) -> Result<Decision, StoreError> {
        check_field("reason", reason)?;
        let at = now();
        let decision_id = self
            .write(|| async {
                let mut tx = self.pool.begin().await?;
                let updated = sqlx::query(
                    "UPDATE reports SET status = $2 WHERE id = $1 AND status != $3 RETURNING id",
                )
                .bind(id)
                .bind(decision.as_str())
                .bind(status::WITHDRAWN)
                .fetch_optional(&mut *tx)
                .await?;
                if updated.is_none() {
                    return Err(StoreError::NotFound);
                }
                if decision == ReportDecision::Confirmed {
                    sqlx::query(
                        "UPDATE indicators SET verdict = 'confirmed' WHERE verdict IS NULL AND id IN \
                         (SELECT indicator_id FROM report_indicators WHERE report_id = $1)",
                    )
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                }
                let decision_id: i64 = insert_decision(&mut tx, "report", id, decision.as_str(), reason, actor.user_id, at).await?;
                tx.commit().await?;
                Ok(decision_id)
            })
            .await?;
        Ok(Decision {
            id: decision_id,
            target: "report".into(),
            target_id: id,
            decision: decision.as_str().into(),
            reason: reason.into(),
            user: actor.name.clone(),
            at,
        })
    }

    pub(crate) async fn decisions_on(
        &self,
        target: &str,
        id: i64,
    ) -> Result<Vec<Decision>, StoreError> {
        sqlx::query(
            "SELECT d.id, d.target, d.target_id, d.decision, d.reason, u.name, d.at \
             FROM decisions d JOIN users u ON u.id = d.user_id \
             WHERE d.target = $1 AND d.target_id = $2 ORDER BY d.id",
        )
        .bind(target)
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Decision {
                id: r.try_get(0)?,
                target: r.try_get(1)?,
                target_id: r.try_get(2)?,
                decision: r.try_get(3)?,
                reason: r.try_get(4)?,
                user: r.try_get(5)?,
                at: r.try_get(6)?,
            })
        })
        .collect()
    }

    /// Reports (not withdrawn) with a fingerprint within PDQ match distance of any of `hashes`.
    async fn similar_fingerprint_reports(
        &self,
        hashes: &[PdqHash],
    ) -> Result<Vec<i64>, StoreError> {
        let found: BTreeSet<i64> = self
            .fingerprint_matches(hashes, canhgiac_core::fingerprint::PDQ_MATCH_DISTANCE)
            .await?
            .into_iter()
            .flatten()
            .filter_map(|m| m.report_id)
            .collect();
        Ok(found.into_iter().collect())
    }

    pub(crate) async fn audit(
        &self,
        user_id: Option<i64>,
        actor: &str,
        action: &str,
        report_id: Option<i64>,
    ) -> Result<(), StoreError> {
        self.write(|| async {
            let mut tx = self.pool.begin().await?;
            insert_audit(&mut tx, user_id, actor, action, report_id).await?;
            tx.commit().await?;
            Ok(())
        })
        .await
    }
}

/// A bound value of a query built at run time.
enum Param {
    Text(String),
    Int(i64),
}

/// Largest amount of money a report may state: far above any real demand, far below where
/// sums over a campaign could overflow.
const MAX_AMOUNT: f64 = 1e15;

/// An optional amount bound so that a missing one reaches PostgreSQL as a `float8` NULL:
/// sqlx 0.8's `Any` driver sends `Option::<f64>::None` as a `float4` NULL, and a cached
/// statement first prepared that way then rejects real amounts. `None::<f32>` is the NULL it
/// maps to `float8`.
struct NullableAmount(Option<f64>);

impl<'q> sqlx::Encode<'q, Any> for NullableAmount {
    fn encode_by_ref(
        &self,
        buf: &mut <Any as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        match self.0 {
            Some(amount) => <f64 as sqlx::Encode<'q, Any>>::encode_by_ref(&amount, buf),
            None => <Option<f32> as sqlx::Encode<'q, Any>>::encode_by_ref(&None, buf),
        }
    }
}

impl sqlx::Type<Any> for NullableAmount {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <f64 as sqlx::Type<Any>>::type_info()
    }
}

/// An indicator row as the report's upsert left it.
struct UpsertedIndicator {
    id: i64,
    campaign: Option<i64>,
    links: bool,
}

/// Adds one report's indicators (sorted, distinct) in one statement and counts the report
/// for each. PostgreSQL locks the rows in the statement's order, so concurrent reports that
/// share indicators wait for each other instead of deadlocking.
async fn upsert_indicators(
    tx: &mut Transaction<'static, Any>,
    indicators: &[(IndicatorKey, crate::Origin)],
    seen_at: i64,
) -> Result<Vec<UpsertedIndicator>, StoreError> {
    if indicators.is_empty() {
        return Ok(Vec::new());
    }
    let rows = (0..indicators.len())
        .map(|i| format!("(${}, ${}, 1, $1, $1)", 2 * i + 2, 2 * i + 3))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "INSERT INTO indicators (kind, value, report_count, first_seen, last_seen) VALUES {rows} \
         ON CONFLICT (kind, value) DO UPDATE SET report_count = indicators.report_count + 1, \
         first_seen = CASE WHEN excluded.first_seen < indicators.first_seen \
                      THEN excluded.first_seen ELSE indicators.first_seen END, \
         last_seen = CASE WHEN excluded.last_seen > indicators.last_seen \
                     THEN excluded.last_seen ELSE indicators.last_seen END \
         RETURNING id, kind, value, campaign_id, verdict"
    );
    let mut query = sqlx::query(&sql).bind(seen_at);
    for (key, _) in indicators {
        query = query.bind(&key.kind).bind(&key.value);
    }
    let returned = query.fetch_all(&mut **tx).await?;
    let mut by_key = std::collections::HashMap::with_capacity(returned.len());
    for row in &returned {
        let kind: String = row.try_get(1)?;
        let value: String = row.try_get(2)?;
        let verdict: Option<String> = row.try_get(4)?;
        by_key.insert(
            (kind, value),
            UpsertedIndicator {
                id: row.try_get(0)?,
                campaign: row.try_get(3)?,
                links: crate::registry::links_reports(verdict.as_deref()),
            },
        );
    }
    indicators
        .iter()
        .map(|(key, _)| {
            by_key
                .remove(&(key.kind.clone(), key.value.clone()))
                .ok_or_else(|| StoreError::Conflict("an indicator row went missing".into()))
        })
        .collect()
}

/// Writes one report and everything hanging from it inside `tx`.
async fn insert_report(
    tx: &mut Transaction<'static, Any>,
    store: &Store,
    report: &NewReport,
    contact: Option<Vec<u8>>,
    indicators: &[(IndicatorKey, crate::Origin)],
    hashes: &[PdqHash],
    similar: &[i64],
) -> Result<CreatedReport, StoreError> {
    let reference = new_reference();
    let pin = new_pin();
    let created_at = now();
    let seen_at = report.received_at.unwrap_or(created_at);
    // A write first: on SQLite it takes the write lock at once.
    let upserted = upsert_indicators(tx, indicators, seen_at).await?;
    let linking: Vec<(i64, Option<i64>)> = upserted
        .iter()
        .filter(|i| i.links)
        .map(|i| (i.id, i.campaign))
        .collect();
    let plan = store.plan_campaign(tx, &linking, similar).await?;
    let id: i64 = sqlx::query(
        "INSERT INTO reports (reference, pin_hash, text, channel, received_at, created_at, \
         amount_demanded, amount_paid, currency, paid, contact_sealed, consent_police, status, \
         label, score, scam_type, analysis, campaign_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) \
         RETURNING id",
    )
    .bind(&reference)
    .bind(store.secrets.pin_hash(&reference, &pin))
    .bind(&report.text)
    .bind(&report.channel)
    .bind(report.received_at)
    .bind(created_at)
    .bind(NullableAmount(report.amount_demanded))
    .bind(NullableAmount(report.amount_paid))
    .bind(&report.currency)
    .bind(report.paid.map(flag))
    .bind(contact)
    .bind(flag(report.consent_police))
    .bind(status::RECEIVED)
    .bind(&report.analysis.label)
    .bind(report.analysis.score)
    .bind(&report.analysis.scam_type)
    .bind(&report.analysis.json)
    .bind(plan.as_ref().map(|p| p.target))
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    if !upserted.is_empty() {
        let rows = (0..upserted.len())
            .map(|i| format!("($1, ${}, ${})", 2 * i + 2, 2 * i + 3))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO report_indicators (report_id, indicator_id, origin) VALUES {rows}"
        );
        let mut query = sqlx::query(&sql).bind(id);
        for (row, (_, origin)) in upserted.iter().zip(indicators) {
            query = query.bind(row.id).bind(origin.to_string());
        }
        query.execute(&mut **tx).await?;
    }
    for hash in hashes {
        sqlx::query(
            "INSERT INTO fingerprints (report_id, kind, value, created_at) VALUES ($1, 'pdq', $2, $3)",
        )
        .bind(id)
        .bind(hash.to_hex())
        .bind(created_at)
        .execute(&mut **tx)
        .await?;
    }
    if let Some(plan) = &plan {
        store
            .apply_campaign(tx, id, plan, &linking, similar)
            .await?;
    }
    Ok(CreatedReport {
        id,
        reference,
        pin,
        indicators: indicators.iter().map(|(k, _)| k.clone()).collect(),
        campaign_id: plan.map(|p| p.target),
    })
}

pub(crate) async fn insert_audit(
    tx: &mut Transaction<'static, Any>,
    user_id: Option<i64>,
    actor: &str,
    action: &str,
    report_id: Option<i64>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, actor, action, report_id) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(now())
    .bind(user_id)
    .bind(actor)
    .bind(action)
    .bind(report_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(crate) async fn insert_decision(
    tx: &mut Transaction<'static, Any>,
    target: &str,
    target_id: i64,
    decision: &str,
    reason: &str,
    user_id: i64,
    at: i64,
) -> Result<i64, StoreError> {
    Ok(sqlx::query(
        "INSERT INTO decisions (target, target_id, decision, reason, user_id, at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(target)
    .bind(target_id)
    .bind(decision)
    .bind(reason)
    .bind(user_id)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?)
}

fn summary(row: &AnyRow) -> Result<ReportSummary, sqlx::Error> {
    Ok(ReportSummary {
        id: row.try_get(0)?,
        created_at: row.try_get(1)?,
        received_at: row.try_get(2)?,
        channel: row.try_get(3)?,
        status: row.try_get(4)?,
        label: row.try_get(5)?,
        score: row.try_get(6)?,
        scam_type: row.try_get(7)?,
        campaign_id: row.try_get(8)?,
        amount_demanded: row.try_get(9)?,
        amount_paid: row.try_get(10)?,
        currency: row.try_get(11)?,
        paid: row.try_get::<Option<i64>, _>(12)?.map(|p| p != 0),
        text: row.try_get(13)?,
    })
}
