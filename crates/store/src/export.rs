//! Campaigns as they may leave the authority: confirmed campaigns with their indicators, money
//! and image fingerprints, in the model of `canhgiac-share`. Nothing about reporters is read.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use canhgiac_share::{Campaign, CampaignStatus, Fingerprint, Indicator, Money, Tlp};
use sqlx::Row;

use crate::registry::links_reports;
use crate::{now, status, Store, StoreError};

impl Store {
    /// Every campaign with at least one confirmed report, oldest first. Indicators an analyst
    /// allow-listed or rejected are left out; withdrawn reports count for nothing.
    pub async fn export_campaigns(&self, tlp: Tlp) -> Result<Vec<Campaign>, StoreError> {
        let ids: Vec<i64> = sqlx::query(
            "SELECT DISTINCT campaign_id FROM reports WHERE status = $1 \
             AND campaign_id IS NOT NULL ORDER BY campaign_id",
        )
        .bind(status::CONFIRMED)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| row.try_get(0))
        .collect::<Result<_, _>>()?;
        let mut campaigns = Vec::with_capacity(ids.len());
        for id in ids {
            campaigns.push(self.export_campaign(id, tlp).await?);
        }
        Ok(campaigns)
    }

    async fn export_campaign(&self, id: i64, tlp: Tlp) -> Result<Campaign, StoreError> {
        let detail = self.campaign(id).await?;
        let scam_type: Option<String> = sqlx::query(
            "SELECT scam_type FROM reports WHERE campaign_id = $1 AND status = $2 \
             AND scam_type IS NOT NULL GROUP BY scam_type ORDER BY COUNT(*) DESC, scam_type LIMIT 1",
        )
        .bind(id)
        .bind(status::CONFIRMED)
        .fetch_optional(&self.pool)
        .await?
        .map(|row| row.try_get(0))
        .transpose()?;
        let indicator_rows = sqlx::query(
            "SELECT i.kind, i.value, COUNT(DISTINCT r.id), i.first_seen, i.last_seen, i.verdict \
             FROM indicators i JOIN report_indicators ri ON ri.indicator_id = i.id \
             JOIN reports r ON r.id = ri.report_id \
             WHERE r.campaign_id = $1 AND r.status != $2 \
             GROUP BY i.id, i.kind, i.value, i.first_seen, i.last_seen, i.verdict \
             ORDER BY i.kind, i.value",
        )
        .bind(id)
        .bind(status::WITHDRAWN)
        .fetch_all(&self.pool)
        .await?;
        let mut indicators = Vec::with_capacity(indicator_rows.len());
        for row in &indicator_rows {
            let kind: String = row.try_get(0)?;
            let verdict: Option<String> = row.try_get(5)?;
            let Ok(core_kind) = canhgiac_core::indicators::IndicatorKind::from_str(&kind) else {
                continue;
            };
            if !links_reports(verdict.as_deref()) {
                continue;
            }
            indicators.push(Indicator {
                kind: core_kind.into(),
                value: row.try_get(1)?,
                bank: None,
                reports: u64::try_from(row.try_get::<i64, _>(2)?).unwrap_or(0),
                first_seen: row.try_get(3)?,
                last_seen: row.try_get(4)?,
                tlp: None,
            });
        }
        let fingerprints = sqlx::query(
            "SELECT f.value, COUNT(DISTINCT f.report_id) FROM fingerprints f \
             JOIN reports r ON r.id = f.report_id \
             WHERE r.campaign_id = $1 AND r.status != $2 GROUP BY f.value ORDER BY f.value",
        )
        .bind(id)
        .bind(status::WITHDRAWN)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| {
            Ok(Fingerprint {
                pdq: row.try_get(0)?,
                reports: u64::try_from(row.try_get::<i64, _>(1)?).unwrap_or(0),
                tlp: None,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let summary = &detail.summary;
        let scam_type = scam_type.unwrap_or_else(|| "other".into());
        Ok(Campaign {
            id: summary.id.to_string(),
            name: format!("Cảnh Giác campaign {}", summary.id),
            summary: format!(
                "{} reports linked by shared indicators or images ({scam_type})",
                summary.report_count
            ),
            scam_type,
            first_seen: summary.first_report.unwrap_or(summary.created_at),
            last_seen: summary.last_report.unwrap_or(summary.created_at),
            reports: u64::try_from(summary.report_count).unwrap_or(0),
            money: detail
                .money
                .iter()
                .map(|m| Money {
                    currency: m.currency.clone().unwrap_or_default(),
                    demanded: m.demanded,
                    paid: m.paid,
                })
                .collect(),
            tlp,
            status: CampaignStatus::Confirmed,
            indicators,
            fingerprints,
        })
    }

    /// For each `(object id, version)` of the TAXII collection as served now, the time (Unix
    /// seconds) it was first served, recorded on the way: versions not seen before are added
    /// one second after the latest recorded, or now if later, so a client polling with
    /// `added_after` the last `date_added` it read never misses them. Versions no longer
    /// served are forgotten.
    pub async fn shared_since(&self, objects: &[(String, String)]) -> Result<Vec<i64>, StoreError> {
        self.write(|| async {
            let mut tx = self.pool.begin().await?;
            let mut recorded = HashMap::new();
            for row in sqlx::query("SELECT object_id, version, added_at FROM shared_objects")
                .fetch_all(&mut *tx)
                .await?
            {
                let key: (String, String) = (row.try_get(0)?, row.try_get(1)?);
                recorded.insert(key, row.try_get::<i64, _>(2)?);
            }
            let latest = recorded.values().copied().max().unwrap_or(i64::MIN);
            let added_now = now().max(latest.saturating_add(1));
            let current: HashSet<(&str, &str)> = objects
                .iter()
                .map(|(id, version)| (id.as_str(), version.as_str()))
                .collect();
            for (id, version) in recorded.keys() {
                if !current.contains(&(id.as_str(), version.as_str())) {
                    sqlx::query("DELETE FROM shared_objects WHERE object_id = $1 AND version = $2")
                        .bind(id)
                        .bind(version)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            let mut times = Vec::with_capacity(objects.len());
            for key in objects {
                let time = match recorded.get(key) {
                    Some(&time) => time,
                    None => {
                        // ON CONFLICT: two requests may meet the same new version at once.
                        let row = sqlx::query(
                            "INSERT INTO shared_objects (object_id, version, added_at) \
                             VALUES ($1, $2, $3) ON CONFLICT (object_id, version) \
                             DO UPDATE SET added_at = shared_objects.added_at RETURNING added_at",
                        )
                        .bind(&key.0)
                        .bind(&key.1)
                        .bind(added_now)
                        .fetch_one(&mut *tx)
                        .await?;
                        let time: i64 = row.try_get(0)?;
                        recorded.insert(key.clone(), time);
                        time
                    }
                };
                times.push(time);
            }
            tx.commit().await?;
            Ok(times)
        })
        .await
    }
}
