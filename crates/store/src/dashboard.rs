//! The analysts' dashboard: reports per day, by scam type, the most reported indicators and the
//! money demanded and paid, in SQL both back ends run alike. Withdrawn reports never count.

use serde::Serialize;
use sqlx::Row;

use crate::{status, MoneyTotal, Store, StoreError};

/// Days the per-day chart covers, today included.
pub const DASHBOARD_DAYS: usize = 30;
/// Indicators the dashboard lists at most.
const TOP_INDICATORS: i64 = 10;
/// Viet Nam's offset from UTC (UTC+7, no daylight saving): days start at its midnight.
const VIETNAM_OFFSET_SECONDS: i64 = 7 * 60 * 60;
const DAY_SECONDS: i64 = 24 * 60 * 60;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayCount {
    /// The day's start (midnight in Viet Nam), Unix seconds.
    pub day: i64,
    pub reports: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeCount {
    /// The SPEC name of the scam type; `None` for messages not judged scams.
    pub scam_type: Option<String>,
    pub reports: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorCount {
    pub kind: String,
    pub value: String,
    pub reports: i64,
    pub verdict: Option<String>,
    pub campaign_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    /// One entry per day, oldest first, the last one today; days without reports count 0.
    pub per_day: Vec<DayCount>,
    pub by_type: Vec<TypeCount>,
    /// The indicators in most reports (allow-listed and false positives left out).
    pub top_indicators: Vec<IndicatorCount>,
    /// Money demanded and paid per currency.
    pub money: Vec<MoneyTotal>,
    /// Reports not withdrawn.
    pub reports: i64,
    /// Reports no analyst has decided on yet.
    pub awaiting_review: i64,
    pub campaigns: i64,
}

/// The day number (days since 1970-01-01 in Viet Nam) of a time.
fn day_number(at: i64) -> i64 {
    (at + VIETNAM_OFFSET_SECONDS).div_euclid(DAY_SECONDS)
}

impl Store {
    /// The dashboard as of `now` (Unix seconds).
    pub async fn dashboard(&self, now: i64) -> Result<Dashboard, StoreError> {
        let today = day_number(now);
        let days = i64::try_from(DASHBOARD_DAYS).unwrap_or(30);
        let first_day = today - days + 1;
        let since = first_day * DAY_SECONDS - VIETNAM_OFFSET_SECONDS;
        let mut conn = self.pool.begin().await?;
        // Constants written into the SQL, so both back ends group by the same expression.
        let counted = sqlx::query(&format!(
            "SELECT (created_at + {VIETNAM_OFFSET_SECONDS}) / {DAY_SECONDS}, COUNT(*) FROM reports \
             WHERE created_at >= $1 AND status != $2 GROUP BY 1 ORDER BY 1"
        ))
        .bind(since)
        .bind(status::WITHDRAWN)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get::<i64, _>(0)?, r.try_get::<i64, _>(1)?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let per_day = (first_day..=today)
            .map(|day| DayCount {
                day: day * DAY_SECONDS - VIETNAM_OFFSET_SECONDS,
                reports: counted
                    .iter()
                    .find(|(d, _)| *d == day)
                    .map_or(0, |(_, n)| *n),
            })
            .collect();
        let by_type = sqlx::query(
            "SELECT scam_type, COUNT(*) FROM reports WHERE status != $1 \
             GROUP BY scam_type ORDER BY 2 DESC, 1",
        )
        .bind(status::WITHDRAWN)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(TypeCount {
                scam_type: r.try_get(0)?,
                reports: r.try_get(1)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let top_indicators = sqlx::query(
            "SELECT i.kind, i.value, i.verdict, i.campaign_id, COUNT(*) FROM report_indicators ri \
             JOIN indicators i ON i.id = ri.indicator_id JOIN reports r ON r.id = ri.report_id \
             WHERE r.status != $1 AND (i.verdict IS NULL OR i.verdict = 'confirmed') \
             GROUP BY i.id, i.kind, i.value, i.verdict, i.campaign_id \
             ORDER BY 5 DESC, 1, 2 LIMIT $2",
        )
        .bind(status::WITHDRAWN)
        .bind(TOP_INDICATORS)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(IndicatorCount {
                kind: r.try_get(0)?,
                value: r.try_get(1)?,
                verdict: r.try_get(2)?,
                campaign_id: r.try_get(3)?,
                reports: r.try_get(4)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let money = crate::campaigns::money_totals(&mut conn, None).await?;
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM reports WHERE status != $1), \
             (SELECT COUNT(*) FROM reports WHERE status = $2), \
             (SELECT COUNT(*) FROM campaigns WHERE merged_into IS NULL)",
        )
        .bind(status::WITHDRAWN)
        .bind(status::RECEIVED)
        .fetch_one(&mut *conn)
        .await?;
        let dashboard = Dashboard {
            per_day,
            by_type,
            top_indicators,
            money,
            reports: row.try_get(0)?,
            awaiting_review: row.try_get(1)?,
            campaigns: row.try_get(2)?,
        };
        conn.commit().await?;
        Ok(dashboard)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_start_at_midnight_in_viet_nam() {
        // 2025-11-23T17:00:00Z is midnight of 24 November in Viet Nam.
        let midnight = 1_763_917_200;
        assert_eq!(day_number(midnight), day_number(midnight + DAY_SECONDS - 1));
        assert_eq!(day_number(midnight - 1) + 1, day_number(midnight));
    }
}
