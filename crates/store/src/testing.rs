//! Fresh databases for the workspace's test suites (feature `testing`): a SQLite file in its own
//! temporary directory, or a new database in the PostgreSQL cluster named by
//! `CANHGIAC_TEST_PG` (which `scripts/test.sh` starts). Without that variable the PostgreSQL
//! half of a suite is skipped with a notice, unless `CANHGIAC_REQUIRE_PG` is set.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::any::AnyPoolOptions;
use sqlx::Executor;

/// A test database; a SQLite one's directory is removed when dropped.
pub struct TestDb {
    pub url: String,
    dir: Option<PathBuf>,
}

impl TestDb {
    /// The SQLite file's directory (for key files and the like); `None` for PostgreSQL.
    #[must_use]
    pub fn dir(&self) -> Option<&std::path::Path> {
        self.dir.as_deref()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// A name unique to this process and call.
#[must_use]
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{prefix}_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// A SQLite file in a new temporary directory.
///
/// # Panics
/// When the directory cannot be created.
#[must_use]
pub fn sqlite() -> TestDb {
    let dir = std::env::temp_dir().join(unique("canhgiac-test"));
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    TestDb {
        url: format!("sqlite://{}", dir.join("store.db").display()),
        dir: Some(dir),
    }
}

/// A new, empty database in the test cluster, or `None` (with a notice) when there is none.
///
/// # Panics
/// When `CANHGIAC_REQUIRE_PG` is set without a cluster, or the cluster refuses the database.
pub async fn postgres() -> Option<TestDb> {
    let Ok(admin) = std::env::var("CANHGIAC_TEST_PG") else {
        assert!(
            std::env::var_os("CANHGIAC_REQUIRE_PG").is_none(),
            "CANHGIAC_REQUIRE_PG is set but CANHGIAC_TEST_PG is not"
        );
        eprintln!("CANHGIAC_TEST_PG not set: PostgreSQL half skipped");
        return None;
    };
    sqlx::any::install_default_drivers();
    let name = unique("t");
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(&admin)
        .await
        .expect("connect to the test cluster");
    pool.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("create a test database");
    pool.close().await;
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    Some(TestDb {
        url: format!("{base}/{name}"),
        dir: None,
    })
}

/// Runs each named `async fn(Fixture)` against both back ends: `conformance!(sqlite_fixture,
/// postgres_fixture; test_a, test_b)`, where `sqlite_fixture().await` gives a `Fixture` and
/// `postgres_fixture().await` an `Option<Fixture>`.
#[macro_export]
macro_rules! conformance {
    ($sqlite:ident, $postgres:ident; $($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(super::$sqlite().await).await;
                }
            )*
        }
        mod on_postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if let Some(fixture) = super::$postgres().await {
                        super::$name(fixture).await;
                    }
                }
            )*
        }
    };
}
