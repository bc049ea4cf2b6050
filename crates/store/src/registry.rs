//! Indicators: the public look-up, imports of public lists, analyst verdicts and the allow-list.

use std::collections::BTreeMap;

use canhgiac_share::import::Imported;
use sqlx::Row;

use crate::reports::insert_decision;
use crate::{
    check_field, now, Actor, Decision, ImportEntry, ImportStats, IndicatorDecision, IndicatorKey,
    Lookup, Store, StoreError, Totals,
};

/// Numbers that must never link reports, present from the first start: the anti-fraud hotline
/// every advice page tells people to call.
const BUILTIN_ALLOWLIST: &[(&str, &str)] = &[("phone", "+84899252555")];

/// Rows per statement when importing.
const IMPORT_CHUNK: usize = 500;

/// Whether an indicator with this verdict links reports into campaigns.
pub(crate) fn links_reports(verdict: Option<&str>) -> bool {
    !matches!(verdict, Some("allowlisted" | "false_positive"))
}

/// The name a partner's document is recorded under: `source` when given, else the format and
/// the producer the document names (`stix:CERT đối tác`), else the format alone.
#[must_use]
pub fn partner_source(imported: &Imported, source: Option<&str>) -> String {
    match (
        source.map(str::trim).filter(|s| !s.is_empty()),
        &imported.producer,
    ) {
        (Some(source), _) => source.to_owned(),
        (None, Some(producer)) => format!("{}:{producer}", imported.format.as_str()),
        (None, None) => imported.format.as_str().to_owned(),
    }
    .chars()
    .take(200)
    .collect()
}

/// The entries a partner's document adds, each under `source` with its marking.
#[must_use]
pub fn partner_entries(imported: &Imported, source: &str) -> Vec<ImportEntry> {
    imported
        .indicators
        .iter()
        .map(|i| ImportEntry {
            key: IndicatorKey {
                kind: i.kind.as_str().to_owned(),
                value: i.value.clone(),
            },
            source: source.to_owned(),
            tlp: Some(i.tlp),
        })
        .collect()
}

impl Store {
    pub(crate) async fn seed_allowlist(&self) -> Result<(), StoreError> {
        for (kind, value) in BUILTIN_ALLOWLIST {
            self.write(|| async {
                let at = now();
                let mut tx = self.pool.begin().await?;
                let id: i64 = sqlx::query(
                    "INSERT INTO indicators (kind, value, first_seen, last_seen, verdict) \
                     VALUES ($1, $2, $3, $3, 'allowlisted') \
                     ON CONFLICT (kind, value) DO UPDATE SET verdict = 'allowlisted' \
                     RETURNING id",
                )
                .bind(*kind)
                .bind(*value)
                .bind(at)
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                sqlx::query(
                    "INSERT INTO indicator_sources (indicator_id, source, added_at) \
                     VALUES ($1, 'builtin-allowlist', $2) ON CONFLICT DO NOTHING",
                )
                .bind(id)
                .bind(at)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            })
            .await?;
        }
        Ok(())
    }

    /// The public look-up of one normalised indicator. Counts, dates, campaign, verdict and the
    /// public lists that name it; what only partners shared under a TLP marking stays out, and
    /// a value known only from them answers like an unknown one (zero reports).
    pub async fn lookup(&self, kind: &str, value: &str) -> Result<Lookup, StoreError> {
        self.lookup_for(kind, value, false).await
    }

    /// The look-up as analysts see it: partners' marked sources too, each with its marking
    /// (`cert-x (TLP:AMBER)`).
    pub async fn lookup_with_partners(
        &self,
        kind: &str,
        value: &str,
    ) -> Result<Lookup, StoreError> {
        self.lookup_for(kind, value, true).await
    }

    async fn lookup_for(
        &self,
        kind: &str,
        value: &str,
        partners: bool,
    ) -> Result<Lookup, StoreError> {
        let rows = sqlx::query(
            "SELECT i.report_count, i.first_seen, i.last_seen, i.campaign_id, i.verdict, s.source, s.tlp \
             FROM indicators i LEFT JOIN indicator_sources s ON s.indicator_id = i.id \
             WHERE i.kind = $1 AND i.value = $2 ORDER BY s.source",
        )
        .bind(kind)
        .bind(value)
        .fetch_all(&self.pool)
        .await?;
        let mut lookup = Lookup {
            kind: kind.to_string(),
            value: value.to_string(),
            reports: 0,
            first_seen: None,
            last_seen: None,
            campaign_id: None,
            verdict: None,
            sources: Vec::new(),
        };
        for row in &rows {
            lookup.reports = row.try_get(0)?;
            lookup.first_seen = row.try_get(1)?;
            lookup.last_seen = row.try_get(2)?;
            lookup.campaign_id = row.try_get(3)?;
            lookup.verdict = row.try_get(4)?;
            let Some(source) = row.try_get::<Option<String>, _>(5)? else {
                continue;
            };
            match row.try_get::<Option<String>, _>(6)?.as_deref() {
                None | Some("clear") => lookup.sources.push(source),
                Some(tlp) if partners => {
                    lookup
                        .sources
                        .push(format!("{source} (TLP:{})", tlp.to_ascii_uppercase()));
                }
                Some(_) => {}
            }
        }
        let known_publicly = lookup.reports > 0
            || !lookup.sources.is_empty()
            || lookup.verdict.is_some()
            || lookup.campaign_id.is_some();
        if !known_publicly {
            lookup.first_seen = None;
            lookup.last_seen = None;
        }
        Ok(lookup)
    }

    /// Imports entries of public lists: new indicators are added, known ones gain the source.
    /// Idempotent: importing the same list again changes nothing.
    pub async fn import(&self, entries: &[ImportEntry]) -> Result<ImportStats, StoreError> {
        for entry in entries {
            check_field("value", &entry.key.value)?;
            check_field("source", &entry.source)?;
            check_field("kind", &entry.key.kind)?;
        }
        let mut groups: BTreeMap<(&str, &str, Option<&str>), Vec<&str>> = BTreeMap::new();
        for entry in entries {
            groups
                .entry((
                    entry.key.kind.as_str(),
                    entry.source.as_str(),
                    entry.tlp.map(canhgiac_share::Tlp::as_str),
                ))
                .or_default()
                .push(entry.key.value.as_str());
        }
        self.write(|| async {
            let at = now();
            let mut stats = ImportStats::default();
            let mut tx = self.pool.begin().await?;
            for ((kind, source, tlp), values) in &groups {
                for chunk in values.chunks(IMPORT_CHUNK) {
                    let placeholders = |first: usize| {
                        (0..chunk.len())
                            .map(|i| format!("${}", first + i))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    let rows = (0..chunk.len())
                        .map(|i| format!("($1, ${}, $2, $2)", i + 3))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let insert_sql = format!(
                        "INSERT INTO indicators (kind, value, first_seen, last_seen) VALUES {rows} \
                         ON CONFLICT (kind, value) DO NOTHING"
                    );
                    let mut insert = sqlx::query(&insert_sql).bind(*kind).bind(at);
                    for value in chunk {
                        insert = insert.bind(*value);
                    }
                    stats.new_indicators += insert.execute(&mut *tx).await?.rows_affected();
                    // A partner that re-marks a value changes its marking here.
                    let link_sql = format!(
                        "INSERT INTO indicator_sources (indicator_id, source, added_at, tlp) \
                         SELECT id, $2, $3, $4 FROM indicators WHERE kind = $1 AND value IN ({}) \
                         ON CONFLICT (indicator_id, source) DO UPDATE SET tlp = excluded.tlp \
                         WHERE indicator_sources.tlp IS DISTINCT FROM excluded.tlp",
                        placeholders(5)
                    );
                    let mut link = sqlx::query(&link_sql)
                        .bind(*kind)
                        .bind(*source)
                        .bind(at)
                        .bind(*tlp);
                    for value in chunk {
                        link = link.bind(*value);
                    }
                    stats.new_sources += link.execute(&mut *tx).await?.rows_affected();
                }
            }
            tx.commit().await?;
            Ok(stats)
        })
        .await
    }

    /// An analyst's verdict on an indicator (which need not have been reported yet: a bank's own
    /// number can be allow-listed ahead). Allow-listed and false-positive indicators stop
    /// linking new reports.
    pub async fn decide_indicator(
        &self,
        key: &IndicatorKey,
        decision: IndicatorDecision,
        reason: &str,
        actor: &Actor,
    ) -> Result<Decision, StoreError> {
        check_field("reason", reason)?;
        check_field("value", &key.value)?;
        let at = now();
        let (indicator_id, decision_id) = self
            .write(|| async {
                let mut tx = self.pool.begin().await?;
                let indicator_id: i64 = sqlx::query(
                    "INSERT INTO indicators (kind, value, first_seen, last_seen, verdict) \
                     VALUES ($1, $2, $3, $3, $4) \
                     ON CONFLICT (kind, value) DO UPDATE SET verdict = excluded.verdict \
                     RETURNING id",
                )
                .bind(&key.kind)
                .bind(&key.value)
                .bind(at)
                .bind(decision.as_str())
                .fetch_one(&mut *tx)
                .await?
                .try_get(0)?;
                let decision_id = insert_decision(
                    &mut tx,
                    "indicator",
                    indicator_id,
                    decision.as_str(),
                    reason,
                    actor.user_id,
                    at,
                )
                .await?;
                tx.commit().await?;
                Ok((indicator_id, decision_id))
            })
            .await?;
        Ok(Decision {
            id: decision_id,
            target: "indicator".into(),
            target_id: indicator_id,
            decision: decision.as_str().into(),
            reason: reason.into(),
            user: actor.name.clone(),
            at,
        })
    }

    /// Counts for `/metrics`.
    pub async fn totals(&self) -> Result<Totals, StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM reports), (SELECT COUNT(*) FROM indicators), \
             (SELECT COUNT(*) FROM campaigns WHERE merged_into IS NULL)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(Totals {
            reports: row.try_get(0)?,
            indicators: row.try_get(1)?,
            campaigns: row.try_get(2)?,
        })
    }
}
