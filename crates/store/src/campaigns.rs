//! Campaigns: reports that share an indicator or a near-identical image are one campaign.
//!
//! Maintained incrementally, union–find style: a new report joins the campaign of the reports
//! it links to; when it links several, they merge into the oldest (smallest id), the others are
//! marked `merged_into` and every report and indicator is relabelled, so readers never follow
//! chains. Each merge is recorded in `campaign_merges`.

use std::collections::BTreeSet;

use canhgiac_core::fingerprint::{PdqHash, PDQ_MATCH_DISTANCE};
use sqlx::{Any, Row, Transaction};

use crate::{
    now, status, CampaignDetail, CampaignIndicator, CampaignMerge, CampaignSummary, MoneyTotal,
    Store, StoreError,
};

impl Store {
    /// Chooses the campaign of a new report from its linking indicators (id, current campaign)
    /// and the reports whose images match its own: the oldest campaign among them (the others
    /// will merge into it), a new campaign when none has one yet, or `None` when nothing links
    /// the report to anything.
    pub(crate) async fn plan_campaign(
        &self,
        tx: &mut Transaction<'static, Any>,
        linking: &[(i64, Option<i64>)],
        similar_reports: &[i64],
    ) -> Result<Option<CampaignPlan>, StoreError> {
        if linking.is_empty() && similar_reports.is_empty() {
            return Ok(None);
        }
        // Indicator rows were just locked by the upsert and merges relabel eagerly, so their
        // campaigns stand; a matching image's report was read without a lock, so resolve it.
        let mut campaigns: BTreeSet<i64> = linking.iter().filter_map(|(_, c)| *c).collect();
        for other in similar_reports {
            let campaign: Option<i64> =
                sqlx::query("SELECT campaign_id FROM reports WHERE id = $1")
                    .bind(other)
                    .fetch_optional(&mut **tx)
                    .await?
                    .map(|row| row.try_get(0))
                    .transpose()?
                    .flatten();
            if let Some(campaign) = campaign {
                campaigns.insert(resolve(tx, campaign).await?);
            }
        }
        let mut campaigns = campaigns.into_iter();
        let target = match campaigns.next() {
            Some(first) => first,
            None => sqlx::query("INSERT INTO campaigns (created_at) VALUES ($1) RETURNING id")
                .bind(now())
                .fetch_one(&mut **tx)
                .await?
                .try_get(0)?,
        };
        Ok(Some(CampaignPlan {
            target,
            merge: campaigns.collect(),
        }))
    }

    /// Carries out a plan once report `report_id` exists: merges the other campaigns into the
    /// target (recorded), and labels the report's indicators and matching reports.
    pub(crate) async fn apply_campaign(
        &self,
        tx: &mut Transaction<'static, Any>,
        report_id: i64,
        plan: &CampaignPlan,
        linking: &[(i64, Option<i64>)],
        similar_reports: &[i64],
    ) -> Result<(), StoreError> {
        let target = plan.target;
        let at = now();
        for &other in &plan.merge {
            sqlx::query("UPDATE campaigns SET merged_into = $1 WHERE id = $2")
                .bind(target)
                .bind(other)
                .execute(&mut **tx)
                .await?;
            for table in ["reports", "indicators"] {
                sqlx::query(&format!(
                    "UPDATE {table} SET campaign_id = $1 WHERE campaign_id = $2"
                ))
                .bind(target)
                .bind(other)
                .execute(&mut **tx)
                .await?;
            }
            sqlx::query(
                "INSERT INTO campaign_merges (from_campaign, into_campaign, report_id, at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(other)
            .bind(target)
            .bind(report_id)
            .bind(at)
            .execute(&mut **tx)
            .await?;
        }
        let unlabelled: Vec<i64> = linking
            .iter()
            .filter(|(_, campaign)| campaign.is_none())
            .map(|(id, _)| *id)
            .collect();
        if !unlabelled.is_empty() {
            let placeholders = (0..unlabelled.len())
                .map(|i| format!("${}", i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let sql =
                format!("UPDATE indicators SET campaign_id = $1 WHERE id IN ({placeholders})");
            let mut query = sqlx::query(&sql).bind(target);
            for id in &unlabelled {
                query = query.bind(id);
            }
            query.execute(&mut **tx).await?;
        }
        // A report whose image matches an unlinked report pulls that report in too.
        for other in similar_reports {
            sqlx::query(
                "UPDATE reports SET campaign_id = $1 WHERE id = $2 AND campaign_id IS NULL",
            )
            .bind(target)
            .bind(other)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// Campaigns with at least one standing report, most recently active first.
    pub async fn campaigns(
        &self,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<CampaignSummary>, StoreError> {
        let rows = sqlx::query(
            "SELECT c.id, c.created_at, COUNT(r.id), MIN(r.created_at), MAX(r.created_at), \
             (SELECT COUNT(*) FROM indicators i WHERE i.campaign_id = c.id) \
             FROM campaigns c JOIN reports r ON r.campaign_id = c.id \
             WHERE c.merged_into IS NULL AND r.status != $1 \
             GROUP BY c.id, c.created_at ORDER BY MAX(r.created_at) DESC, c.id DESC \
             LIMIT $2 OFFSET $3",
        )
        .bind(status::WITHDRAWN)
        .bind(limit.clamp(1, 500))
        .bind(offset.max(0))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(campaign_summary).collect()
    }

    /// One campaign: its reports, indicators, money totals, merges and the report graph. A
    /// merged campaign answers with the campaign it became.
    pub async fn campaign(&self, id: i64) -> Result<CampaignDetail, StoreError> {
        let mut conn = self.pool.begin().await?;
        let exists = sqlx::query("SELECT id FROM campaigns WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound);
        }
        let id = resolve(&mut conn, id).await?;
        let row = sqlx::query(
            "SELECT c.id, c.created_at, \
             (SELECT COUNT(*) FROM reports r WHERE r.campaign_id = c.id AND r.status != $2), \
             (SELECT MIN(created_at) FROM reports r WHERE r.campaign_id = c.id AND r.status != $2), \
             (SELECT MAX(created_at) FROM reports r WHERE r.campaign_id = c.id AND r.status != $2), \
             (SELECT COUNT(*) FROM indicators i WHERE i.campaign_id = c.id) \
             FROM campaigns c WHERE c.id = $1",
        )
        .bind(id)
        .bind(status::WITHDRAWN)
        .fetch_one(&mut *conn)
        .await?;
        let summary = campaign_summary(&row)?;
        let report_ids = sqlx::query(
            "SELECT id FROM reports WHERE campaign_id = $1 AND status != $2 ORDER BY id",
        )
        .bind(id)
        .bind(status::WITHDRAWN)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<Vec<i64>, _>>()?;
        let indicators = sqlx::query(
            "SELECT kind, value, report_count, verdict FROM indicators WHERE campaign_id = $1 \
             ORDER BY report_count DESC, kind, value",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(CampaignIndicator {
                kind: r.try_get(0)?,
                value: r.try_get(1)?,
                reports: r.try_get(2)?,
                verdict: r.try_get(3)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let money = money_totals(&mut conn, Some(id)).await?;
        let merges = sqlx::query(
            "SELECT from_campaign, report_id, at FROM campaign_merges WHERE into_campaign = $1 \
             ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(CampaignMerge {
                from_campaign: r.try_get(0)?,
                report_id: r.try_get(1)?,
                at: r.try_get(2)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let links = sqlx::query(
            "SELECT DISTINCT a.report_id, b.report_id FROM report_indicators a \
             JOIN report_indicators b ON a.indicator_id = b.indicator_id AND a.report_id < b.report_id \
             JOIN reports ra ON ra.id = a.report_id JOIN reports rb ON rb.id = b.report_id \
             WHERE ra.campaign_id = $1 AND rb.campaign_id = $1 ORDER BY a.report_id, b.report_id \
             LIMIT 5000",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<Vec<(i64, i64)>, sqlx::Error>>()?;
        let fingerprints = sqlx::query(
            "SELECT f.report_id, f.value FROM fingerprints f JOIN reports r ON r.id = f.report_id \
             WHERE r.campaign_id = $1 AND r.status != $2 ORDER BY f.report_id, f.id LIMIT 2000",
        )
        .bind(id)
        .bind(status::WITHDRAWN)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<Result<Vec<(i64, String)>, sqlx::Error>>()?;
        conn.commit().await?;
        Ok(CampaignDetail {
            summary,
            report_ids,
            indicators,
            money,
            merges,
            links,
            image_links: image_links(&fingerprints),
        })
    }
}

/// Pairs of reports whose images match (PDQ within the match distance), as reports are linked
/// by images when they are filed.
fn image_links(fingerprints: &[(i64, String)]) -> Vec<(i64, i64)> {
    let hashes: Vec<(i64, PdqHash)> = fingerprints
        .iter()
        .filter_map(|(report, value)| Some((*report, PdqHash::parse(value)?)))
        .collect();
    let mut pairs = BTreeSet::new();
    for (i, (a, first)) in hashes.iter().enumerate() {
        for (b, second) in &hashes[i + 1..] {
            if a != b && first.distance(second) <= PDQ_MATCH_DISTANCE {
                pairs.insert(((*a).min(*b), (*a).max(*b)));
            }
        }
    }
    pairs.into_iter().collect()
}

/// The campaign a new report joins, and the campaigns that merge into it.
pub(crate) struct CampaignPlan {
    pub target: i64,
    pub merge: Vec<i64>,
}

/// Follows `merged_into` to the campaign that stands.
async fn resolve(tx: &mut Transaction<'static, Any>, mut campaign: i64) -> Result<i64, StoreError> {
    // Merges relabel eagerly, so chains are short; the bound guards against a cycle.
    for _ in 0..64 {
        let next: Option<i64> = sqlx::query("SELECT merged_into FROM campaigns WHERE id = $1")
            .bind(campaign)
            .fetch_optional(&mut **tx)
            .await?
            .map(|row| row.try_get(0))
            .transpose()?
            .flatten();
        match next {
            Some(next) if next != campaign => campaign = next,
            _ => return Ok(campaign),
        }
    }
    Ok(campaign)
}

fn campaign_summary(row: &sqlx::any::AnyRow) -> Result<CampaignSummary, StoreError> {
    Ok(CampaignSummary {
        id: row.try_get(0)?,
        created_at: row.try_get(1)?,
        report_count: row.try_get(2)?,
        first_report: row.try_get(3)?,
        last_report: row.try_get(4)?,
        indicator_count: row.try_get(5)?,
    })
}

/// Money demanded and paid per currency over the reports not withdrawn: of one campaign, or of
/// every report when `campaign` is `None`.
pub(crate) async fn money_totals(
    conn: &mut Transaction<'static, Any>,
    campaign: Option<i64>,
) -> Result<Vec<MoneyTotal>, sqlx::Error> {
    sqlx::query(
        "SELECT currency, SUM(amount_demanded), SUM(amount_paid), \
         SUM(CASE WHEN paid = 1 THEN 1 ELSE 0 END) \
         FROM reports WHERE status != $1 AND ($2 IS NULL OR campaign_id = $2) \
         AND (amount_demanded IS NOT NULL OR amount_paid IS NOT NULL OR paid = 1) \
         GROUP BY currency ORDER BY currency",
    )
    .bind(status::WITHDRAWN)
    .bind(campaign)
    .fetch_all(&mut **conn)
    .await?
    .iter()
    .map(|r| {
        Ok(MoneyTotal {
            currency: r.try_get(0)?,
            demanded: r.try_get::<Option<f64>, _>(1)?.unwrap_or(0.0),
            paid: r.try_get::<Option<f64>, _>(2)?.unwrap_or(0.0),
            reports_paid: r.try_get::<Option<i64>, _>(3)?.unwrap_or(0),
        })
    })
    .collect()
}
