//! Image fingerprints: registrations (a person's PDQ hashes kept under a reference and PIN,
//! without the image) and matching of hashes against everything stored.
//!
//! The database is the truth; an in-memory [`PdqIndex`] over every fingerprint row finds
//! candidates within a Hamming radius quickly, and each candidate is confirmed in the database
//! (so rows erased by a withdrawal, or written by another process, are handled alike).

use std::collections::HashMap;

use canhgiac_core::fingerprint::PdqHash;
use canhgiac_core::pdq_index::PdqIndex;
use serde::Serialize;
use sqlx::Row;

use crate::reports::PinTable;
use crate::secrets::{new_pin, new_reference};
use crate::{now, status, Store, StoreError};

/// Most fingerprints one registration may carry: the frames of an hour of video at one a second.
pub const MAX_REGISTRATION_FINGERPRINTS: usize = 3_600;
/// Most stored fingerprints one query hash may return.
pub const MAX_MATCHES_PER_HASH: usize = 1_000;
/// Largest radius a match may ask for: beyond it two PDQ hashes say nothing about each other.
pub const MAX_MATCH_RADIUS: u32 = 64;
/// Pending index entries merged into the index's tables at once.
const COMPACT_AFTER: usize = 50_000;

/// Registration statuses.
pub mod registration_status {
    pub const ACTIVE: &str = "active";
    pub const WITHDRAWN: &str = "withdrawn";
}

/// The in-memory index over fingerprint rows, kept current by reading rows newer than the last
/// seen id; index ids are row ids.
#[derive(Default)]
pub(crate) struct FingerprintIndex {
    last_id: i64,
    index: PdqIndex,
}

/// One PDQ hash to register, with its quality when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFingerprint {
    /// 64 hex digits.
    pub value: String,
    /// PDQ quality, 0–100.
    pub quality: Option<u8>,
}

/// What the person gets back: the reference and PIN are shown once and never again.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreatedRegistration {
    pub id: i64,
    pub reference: String,
    pub pin: String,
    pub fingerprints: usize,
}

/// What a person may read of their registration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegistrationStatus {
    pub reference: String,
    pub status: String,
    pub created_at: i64,
    pub fingerprints: i64,
    /// Reports (not withdrawn) carrying a fingerprint within match distance of this one's.
    pub matching_reports: i64,
}

/// A stored fingerprint within the radius of a query hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FingerprintMatch {
    pub distance: u32,
    /// The report carrying it, if a report does.
    pub report_id: Option<i64>,
    pub campaign_id: Option<i64>,
    /// The registration carrying it, if one does.
    pub registration_id: Option<i64>,
    pub created_at: i64,
}

impl Store {
    /// Brings the index up to date with rows written since the last look, by any process.
    async fn refresh_fingerprint_index(&self) -> Result<(), StoreError> {
        let last_id = self.fingerprints.lock().map_or(0, |cache| cache.last_id);
        let rows = sqlx::query("SELECT id, value FROM fingerprints WHERE id > $1 ORDER BY id")
            .bind(last_id)
            .fetch_all(&self.pool)
            .await?;
        if rows.is_empty() {
            return Ok(());
        }
        let mut fresh = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: i64 = row.try_get(0)?;
            let value: String = row.try_get(1)?;
            if let (Some(hash), Ok(id)) = (PdqHash::parse(&value), u64::try_from(id)) {
                fresh.push((hash, id));
            }
        }
        let max_id: i64 = rows.last().map_or(Ok(last_id), |row| row.try_get(0))?;
        let Ok(mut cache) = self.fingerprints.lock() else {
            return Err(StoreError::Conflict(
                "the fingerprint index is unusable".into(),
            ));
        };
        // Another task may have read the same rows meanwhile: take only what is still new.
        if max_id > cache.last_id {
            let seen = cache.last_id;
            cache.index.extend(
                fresh
                    .into_iter()
                    .filter(|&(_, id)| i64::try_from(id).is_ok_and(|id| id > seen)),
            );
            cache.last_id = max_id;
            if cache.index.pending_len() > COMPACT_AFTER {
                cache.index.compact();
            }
        }
        Ok(())
    }

    /// For each of `hashes`, the stored fingerprints within `radius` whose report is not
    /// withdrawn or whose registration is active, nearest first.
    pub(crate) async fn fingerprint_matches(
        &self,
        hashes: &[PdqHash],
        radius: u32,
    ) -> Result<Vec<Vec<FingerprintMatch>>, StoreError> {
        if hashes.is_empty() {
            return Ok(Vec::new());
        }
        self.refresh_fingerprint_index().await?;
        let candidates: Vec<Vec<(u64, u32)>> = {
            let Ok(cache) = self.fingerprints.lock() else {
                return Err(StoreError::Conflict(
                    "the fingerprint index is unusable".into(),
                ));
            };
            hashes
                .iter()
                .map(|hash| {
                    cache
                        .index
                        .query(hash, radius)
                        .into_iter()
                        .take(MAX_MATCHES_PER_HASH)
                        .map(|m| (m.id, m.distance))
                        .collect()
                })
                .collect()
        };
        let mut ids: Vec<i64> = candidates
            .iter()
            .flatten()
            .filter_map(|&(id, _)| i64::try_from(id).ok())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut confirmed: HashMap<i64, FingerprintMatch> = HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let placeholders = (1..=chunk.len())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT f.id, f.report_id, r.campaign_id, f.registration_id, f.created_at, \
                 r.status, g.status FROM fingerprints f \
                 LEFT JOIN reports r ON r.id = f.report_id \
                 LEFT JOIN media_registrations g ON g.id = f.registration_id \
                 WHERE f.id IN ({placeholders})"
            );
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind(*id);
            }
            for row in query.fetch_all(&self.pool).await? {
                let report_status: Option<String> = row.try_get(5)?;
                let registration_status: Option<String> = row.try_get(6)?;
                let live = report_status.is_some_and(|s| s != status::WITHDRAWN)
                    || registration_status.is_some_and(|s| s == registration_status::ACTIVE);
                if live {
                    confirmed.insert(
                        row.try_get(0)?,
                        FingerprintMatch {
                            distance: 0,
                            report_id: row.try_get(1)?,
                            campaign_id: row.try_get(2)?,
                            registration_id: row.try_get(3)?,
                            created_at: row.try_get(4)?,
                        },
                    );
                }
            }
        }
        Ok(candidates
            .into_iter()
            .map(|found| {
                found
                    .into_iter()
                    .filter_map(|(id, distance)| {
                        let id = i64::try_from(id).ok()?;
                        let mut m = confirmed.get(&id)?.clone();
                        m.distance = distance;
                        Some(m)
                    })
                    .collect()
            })
            .collect())
    }

    /// Matches query hashes against every stored fingerprint (reports and registrations).
    pub async fn match_fingerprints(
        &self,
        hashes: &[String],
        radius: u32,
    ) -> Result<Vec<Vec<FingerprintMatch>>, StoreError> {
        if radius > MAX_MATCH_RADIUS {
            return Err(StoreError::Invalid(format!(
                "the radius is at most {MAX_MATCH_RADIUS}"
            )));
        }
        if hashes.len() > MAX_REGISTRATION_FINGERPRINTS {
            return Err(StoreError::Invalid(format!(
                "at most {MAX_REGISTRATION_FINGERPRINTS} hashes at once"
            )));
        }
        let parsed = parse_hashes(hashes)?;
        self.fingerprint_matches(&parsed, radius).await
    }

    /// Keeps a person's fingerprints under a new reference and PIN. Returns only after the
    /// transaction committed.
    pub async fn register_fingerprints(
        &self,
        fingerprints: &[NewFingerprint],
    ) -> Result<CreatedRegistration, StoreError> {
        if fingerprints.is_empty() || fingerprints.len() > MAX_REGISTRATION_FINGERPRINTS {
            return Err(StoreError::Invalid(format!(
                "a registration carries from 1 to {MAX_REGISTRATION_FINGERPRINTS} fingerprints"
            )));
        }
        if let Some(bad) = fingerprints
            .iter()
            .find(|f| f.quality.is_some_and(|q| q > 100))
        {
            return Err(StoreError::Invalid(format!(
                "quality {:?} is not from 0 to 100",
                bad.quality
            )));
        }
        let values: Vec<String> = fingerprints.iter().map(|f| f.value.clone()).collect();
        let hashes = parse_hashes(&values)?;
        self.write(|| async {
            let mut tx = self.pool.begin().await?;
            let reference = new_reference();
            let pin = new_pin();
            let created_at = now();
            let id: i64 = sqlx::query(
                "INSERT INTO media_registrations (reference, pin_hash, status, created_at) \
                 VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(&reference)
            .bind(self.secrets.pin_hash(&reference, &pin))
            .bind(registration_status::ACTIVE)
            .bind(created_at)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
            let rows: Vec<(&PdqHash, Option<i64>)> = hashes
                .iter()
                .zip(fingerprints)
                .map(|(hash, f)| (hash, f.quality.map(i64::from)))
                .collect();
            for chunk in rows.chunks(200) {
                let values = (0..chunk.len())
                    .map(|i| format!("($1, 'pdq', ${}, ${}, $2)", 2 * i + 3, 2 * i + 4))
                    .collect::<Vec<_>>()
                    .join(", ");
                let sql = format!(
                    "INSERT INTO fingerprints (registration_id, kind, value, quality, created_at) \
                     VALUES {values}"
                );
                let mut query = sqlx::query(&sql).bind(id).bind(created_at);
                for (hash, quality) in chunk {
                    query = query.bind(hash.to_hex()).bind(*quality);
                }
                query.execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok(CreatedRegistration {
                id,
                reference,
                pin,
                fingerprints: fingerprints.len(),
            })
        })
        .await
    }

    /// The person's view of their registration, given the reference and PIN.
    pub async fn registration_status(
        &self,
        reference: &str,
        pin: &str,
    ) -> Result<RegistrationStatus, StoreError> {
        let id = self
            .check_pin(PinTable::Registrations, reference, pin)
            .await?;
        self.registration_status_of(id).await
    }

    /// Withdraws a registration: its fingerprints are erased and match nothing any more.
    pub async fn withdraw_registration(
        &self,
        reference: &str,
        pin: &str,
    ) -> Result<RegistrationStatus, StoreError> {
        let id = self
            .check_pin(PinTable::Registrations, reference, pin)
            .await?;
        self.write(|| async {
            let mut tx = self.pool.begin().await?;
            sqlx::query("DELETE FROM fingerprints WHERE registration_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE media_registrations SET status = $2 WHERE id = $1")
                .bind(id)
                .bind(registration_status::WITHDRAWN)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        })
        .await?;
        self.registration_status_of(id).await
    }

    async fn registration_status_of(&self, id: i64) -> Result<RegistrationStatus, StoreError> {
        let row = sqlx::query(
            "SELECT reference, status, created_at FROM media_registrations WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&self.pool)
        .await?;
        let values: Vec<String> =
            sqlx::query("SELECT value FROM fingerprints WHERE registration_id = $1 ORDER BY id")
                .bind(id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<Result<_, _>>()?;
        let hashes: Vec<PdqHash> = values.iter().filter_map(|v| PdqHash::parse(v)).collect();
        let mut reports: Vec<i64> = self
            .fingerprint_matches(&hashes, canhgiac_core::fingerprint::PDQ_MATCH_DISTANCE)
            .await?
            .into_iter()
            .flatten()
            .filter_map(|m| m.report_id)
            .collect();
        reports.sort_unstable();
        reports.dedup();
        Ok(RegistrationStatus {
            reference: row.try_get(0)?,
            status: row.try_get(1)?,
            created_at: row.try_get(2)?,
            fingerprints: i64::try_from(values.len()).unwrap_or(i64::MAX),
            matching_reports: i64::try_from(reports.len()).unwrap_or(i64::MAX),
        })
    }
}

fn parse_hashes(values: &[String]) -> Result<Vec<PdqHash>, StoreError> {
    values
        .iter()
        .map(|v| {
            PdqHash::parse(v).ok_or_else(|| {
                StoreError::Invalid(format!(
                    "fingerprint {:?} is not a PDQ hash (64 hex digits)",
                    v.chars().take(80).collect::<String>()
                ))
            })
        })
        .collect()
}
