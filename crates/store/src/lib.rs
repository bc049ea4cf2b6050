//! Cảnh Giác store: the only code that knows SQL.
//!
//! One [`Store`] over sqlx's `Any` driver speaks to SQLite (a file, WAL, created and migrated on
//! first open) or PostgreSQL (`postgres://…`). The SQL is written once in the subset both
//! understand: `$N` placeholders, `INSERT … ON CONFLICT … RETURNING`, times as Unix seconds and
//! booleans as 0/1 integers. Each back end has its own migrations (`migrations/sqlite`,
//! `migrations/postgres`) and one conformance suite (`tests/store.rs`) runs against both.
//!
//! Durability: a write returns only after its transaction committed (SQLite `synchronous=FULL`,
//! PostgreSQL's default `synchronous_commit`), so whatever a caller acknowledges survives a crash.
//! Write transactions that lose a race (PostgreSQL deadlock or serialisation failure, SQLite busy)
//! are retried whole.

mod advisories;
mod campaigns;
mod dashboard;
mod export;
mod media;
mod people;
mod registry;
mod reports;
pub mod secrets;
mod sessions;
#[cfg(feature = "testing")]
pub mod testing;
mod types;

use std::future::Future;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

pub use advisories::{
    Acknowledgement, NewRecipient, Organisation, RecipientStatus, StoredAdvisory,
    MAX_ADVISORY_LINKS, MAX_ADVISORY_TEXT_BYTES,
};
pub use dashboard::{Dashboard, DayCount, IndicatorCount, TypeCount, DASHBOARD_DAYS};
pub use media::{
    registration_status, CreatedRegistration, FingerprintMatch, NewFingerprint, RegistrationStatus,
    MAX_MATCH_RADIUS, MAX_REGISTRATION_FINGERPRINTS,
};
pub use registry::{partner_entries, partner_source};
pub use secrets::Secrets;
pub use sessions::{
    is_session_token, NewSession, MAX_PASSWORD_BYTES, MIN_PASSWORD_CHARS, SESSION_SECONDS,
};
pub use types::*;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Most indicators one report may carry (text and reporter together).
pub const MAX_REPORT_INDICATORS: usize = 500;
/// Most image fingerprints one report may carry.
pub const MAX_REPORT_FINGERPRINTS: usize = 50;
/// Longest report text, in bytes.
pub const MAX_TEXT_BYTES: usize = 1 << 20;
/// Longest short field (channel, currency, contact, indicator value, source), in bytes.
pub const MAX_FIELD_BYTES: usize = 2048;
/// Wrong PINs in a row before a report is locked for [`PIN_LOCK_SECONDS`].
pub const PIN_ATTEMPTS: i64 = 5;
pub const PIN_LOCK_SECONDS: i64 = 15 * 60;

const WRITE_ATTEMPTS: u32 = 8;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Invalid(String),
    #[error("not found")]
    NotFound,
    #[error("the reference or the PIN is wrong")]
    WrongPin,
    #[error("too many wrong PINs; try again in {retry_after} seconds")]
    Locked { retry_after: i64 },
    #[error("{0}")]
    Conflict(String),
    #[error("configuration: {0}")]
    Config(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// A lost race that the same transaction, run again, will likely win.
    fn is_transient(&self) -> bool {
        let StoreError::Database(sqlx::Error::Database(db)) = self else {
            return false;
        };
        matches!(
            db.code().as_deref(),
            // PostgreSQL serialisation failure and deadlock; SQLite busy, busy snapshot, locked;
            // a unique clash on a random reference (SQLite 2067, PostgreSQL 23505 on reports).
            Some("40001" | "40P01" | "5" | "517" | "6" | "2067")
        ) || (db.code().as_deref() == Some("23505")
            && db.constraint().is_some_and(|c| c.contains("reference")))
    }
}

/// Which database a store speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The store. Cheap to share behind an `Arc`; every method is safe to call concurrently, and
/// several processes may share one PostgreSQL database.
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    secrets: Secrets,
    /// SQLite has one writer at a time; queueing writers here instead of in SQLite's busy
    /// handler (which sleeps in steps of milliseconds) keeps ingestion fast and fair.
    write_gate: tokio::sync::Mutex<()>,
    fingerprints: Mutex<media::FingerprintIndex>,
}

impl Store {
    /// Opens (creating and migrating when needed) the store at `url`: `sqlite://PATH`,
    /// `sqlite:PATH`, a bare file path, or `postgres://…`.
    pub async fn open(url: &str, secrets: Secrets) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let (url, backend) = database_url(url)?;
        let options = AnyConnectOptions::from_str(&url)
            .map_err(|e| StoreError::Config(format!("database URL: {e}")))?;
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                             PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        match backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&pool).await?,
        }
        let store = Store {
            pool,
            backend,
            secrets,
            write_gate: tokio::sync::Mutex::new(()),
            fingerprints: Mutex::new(media::FingerprintIndex::default()),
        };
        store.seed_allowlist().await?;
        Ok(store)
    }

    #[must_use]
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes the pool, waiting for connections to finish.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Runs one write transaction, retrying it whole when it loses a race. On SQLite the
    /// in-process writers take turns first.
    async fn write<T, F, Fut>(&self, mut attempt: F) -> Result<T, StoreError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, StoreError>>,
    {
        let _turn = match self.backend {
            Backend::Sqlite => Some(self.write_gate.lock().await),
            Backend::Postgres => None,
        };
        let mut tries = 0;
        loop {
            match attempt().await {
                Err(e) if e.is_transient() && tries + 1 < WRITE_ATTEMPTS => {
                    tries += 1;
                    tokio::time::sleep(Duration::from_millis(5 << tries)).await;
                }
                other => return other,
            }
        }
    }
}

/// The database URL sqlx understands, and its back end.
fn database_url(url: &str) -> Result<(String, Backend), StoreError> {
    let url = url.trim();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((url.to_string(), Backend::Postgres));
    }
    if url.contains("://") && !url.starts_with("sqlite://") {
        return Err(StoreError::Config(format!(
            "unsupported database URL {url:?}: use sqlite://PATH or postgres://…"
        )));
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    if path.is_empty() {
        return Err(StoreError::Config("the SQLite path is empty".into()));
    }
    let mut full = format!("sqlite://{path}");
    if !path.contains("mode=") {
        full.push_str(if path.contains('?') { "&" } else { "?" });
        full.push_str("mode=rwc");
    }
    Ok((full, Backend::Sqlite))
}

/// The file a SQLite URL names (without its query), `None` for PostgreSQL, an error for any
/// other URL: what [`Store::open`] would open, for callers that keep files beside the database.
pub fn sqlite_file(url: &str) -> Result<Option<String>, StoreError> {
    let (full, backend) = database_url(url)?;
    Ok(match backend {
        Backend::Postgres => None,
        Backend::Sqlite => {
            let path = full.trim_start_matches("sqlite://");
            Some(path.split('?').next().unwrap_or(path).to_string())
        }
    })
}

/// Now, in Unix seconds.
#[must_use]
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn check_field(name: &str, value: &str) -> Result<(), StoreError> {
    if value.len() > MAX_FIELD_BYTES {
        return Err(StoreError::Invalid(format!(
            "{name} is longer than {MAX_FIELD_BYTES} bytes"
        )));
    }
    if value.contains('\0') {
        return Err(StoreError::Invalid(format!(
            "{name} contains a NUL character"
        )));
    }
    Ok(())
}

fn flag(value: bool) -> i64 {
    i64::from(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            database_url("sqlite:///tmp/a.db").unwrap(),
            ("sqlite:///tmp/a.db?mode=rwc".into(), Backend::Sqlite)
        );
        assert_eq!(
            database_url("data/cg.db").unwrap(),
            ("sqlite://data/cg.db?mode=rwc".into(), Backend::Sqlite)
        );
        assert_eq!(
            database_url("postgres://u@h/db").unwrap().1,
            Backend::Postgres
        );
        assert!(database_url("mysql://x").is_err());
        assert!(database_url("sqlite://").is_err());
        assert_eq!(
            sqlite_file("sqlite://a/b.db?mode=rwc").unwrap().as_deref(),
            Some("a/b.db")
        );
        assert_eq!(sqlite_file("postgres://x").unwrap(), None);
        assert!(sqlite_file("mysql://x/y").is_err());
    }
}
