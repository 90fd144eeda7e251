//! PostgreSQL for the tests (issue 15): the throwaway cluster `tests/pg/cluster.sh` starts
//! (test.sh does it before the Rust tests and exports its URLs), one migrated template
//! database per test process, and one fresh database per test copied from it.
//!
//! ```ignore
//! let Some(_) = pg::configured_or_skip("my_test") else { return };
//! pg::template(async |url| { /* migrate the database at `url` */ }).await;
//! let db = pg::fresh_database().await; // db.owner_url, db.app_url
//! ```
//!
//! Clean-up: a `PgDatabase` drops its database when it goes out of scope (in the background,
//! best effort); the template (one per test binary, about 8 MB) and whatever else is left go
//! with the cluster: `cluster.sh stop` removes its whole folder at the end of the run. (Dropping
//! the template at process exit would need `atexit`, i.e. unsafe code, which the crate forbids.)
//!
//! Nothing here keeps a pool or a connection in a static: every `#[tokio::test]` has its own
//! runtime, and a connection opened on one runtime is dead on the next. Each call opens its own
//! admin connection (trust on the loopback: a few milliseconds).

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use sqlx::{AssertSqlSafe, Connection, PgConnection, PgPool};
use tokio::sync::OnceCell;

/// The cluster's URLs, as `cluster.sh start` exports them.
#[derive(Clone, Debug)]
pub struct PgEnv {
    /// The superuser `postgres`, database `postgres` (`SACHSTAND_TEST_PG_ADMIN`).
    pub admin: String,
    /// `sachstand_owner` with its password, no database (`SACHSTAND_TEST_PG_OWNER`).
    pub owner: String,
    /// `sachstand_web` (member of `sachstand_app`), no database (`SACHSTAND_TEST_PG_APP`).
    pub app: String,
    /// The cluster's folder (`SACHSTAND_TEST_PG_DIR`), when known.
    pub dir: Option<String>,
}

/// The cluster from the environment, or `None` when the test command did not start one
/// (`cargo test` run by hand): the PostgreSQL tests are then skipped.
pub fn configured() -> Option<PgEnv> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    Some(PgEnv {
        admin: var("SACHSTAND_TEST_PG_ADMIN")?,
        owner: var("SACHSTAND_TEST_PG_OWNER")?,
        app: var("SACHSTAND_TEST_PG_APP")?,
        dir: var("SACHSTAND_TEST_PG_DIR"),
    })
}

/// `configured()`, printing why the test is skipped when there is no cluster.
pub fn configured_or_skip(test: &str) -> Option<PgEnv> {
    let env = configured();
    if env.is_none() {
        println!(
            "{test}: skipped, no PostgreSQL test cluster (SACHSTAND_TEST_PG_ADMIN/_OWNER/_APP \
             unset; ./test.sh starts one, or: eval \"$(tests/pg/cluster.sh start)\")"
        );
    }
    env
}

fn env() -> PgEnv {
    configured().expect(
        "no PostgreSQL test cluster: SACHSTAND_TEST_PG_* unset (check pg::configured() first)",
    )
}

/// `url` with its database (the path) replaced by `db`; the query string is kept.
pub fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    // the path starts at the first '/' after "scheme://" and the authority
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[after_scheme..]
        .find('/')
        .map_or(base.len(), |i| after_scheme + i);
    let mut out = format!("{}/{db}", &base[..host_end]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// The name of this test process's template database.
pub fn template_name() -> String {
    format!("sachstand_tpl_{}", std::process::id())
}

async fn admin() -> PgConnection {
    let url = env().admin;
    PgConnection::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("connecting to the PostgreSQL test cluster as admin: {e}"))
}

async fn exec(conn: &mut PgConnection, sql: String) {
    // Simple-query protocol: CREATE/DROP DATABASE cannot run in a transaction block, and the
    // names are this module's own (letters, digits, underscores), never input.
    sqlx::raw_sql(AssertSqlSafe(sql.clone()))
        .execute(conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Drops a database and any connections still open to it (a template is unmarked first).
async fn drop_database(conn: &mut PgConnection, name: &str) {
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(name)
            .fetch_one(&mut *conn)
            .await
            .unwrap_or_else(|e| panic!("looking up database {name}: {e}"));
    if exists {
        exec(
            conn,
            format!(r#"ALTER DATABASE "{name}" IS_TEMPLATE false"#),
        )
        .await;
        exec(
            conn,
            format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#),
        )
        .await;
    }
}

static TEMPLATE: OnceCell<()> = OnceCell::const_new();

/// How long creating the template took (creation, `migrate`, sealing), once it exists.
static TEMPLATE_TIME: std::sync::OnceLock<Duration> = std::sync::OnceLock::new();

pub fn template_time() -> Option<Duration> {
    TEMPLATE_TIME.get().copied()
}

/// Creates this process's template database once (`sachstand_tpl_<pid>`, owned by
/// `sachstand_owner`), runs `migrate` with the owner's URL of it, then seals it: no more
/// connections allowed, the open ones (a pool `migrate` left behind) ended, `IS_TEMPLATE`.
/// Later calls return at once and ignore their `migrate`. `migrate` panics on failure; the
/// next call then starts over with a new template.
pub async fn template(migrate: impl AsyncFnOnce(&str)) {
    TEMPLATE
        .get_or_init(|| async move {
            let started = Instant::now();
            let env = env();
            let name = template_name();
            let mut conn = admin().await;
            drop_database(&mut conn, &name).await; // a half-made one from a panicked attempt
            exec(
                &mut conn,
                format!(r#"CREATE DATABASE "{name}" OWNER sachstand_owner"#),
            )
            .await;
            migrate(&with_database(&env.owner, &name)).await;
            exec(
                &mut conn,
                format!(r#"ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false IS_TEMPLATE true"#),
            )
            .await;
            // CREATE DATABASE … TEMPLATE fails while anyone is connected to the template
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                let open: i64 = sqlx::query_scalar(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                )
                .bind(&name)
                .fetch_one(&mut conn)
                .await
                .expect("connections to the template");
                if open == 0 {
                    break;
                }
                assert!(
                    Instant::now() < deadline,
                    "{open} connection(s) to the template {name} still open after 10 s"
                );
                sqlx::query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                )
                .bind(&name)
                .execute(&mut conn)
                .await
                .expect("ending connections to the template");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            let _ = conn.close().await;
            let _ = TEMPLATE_TIME.set(started.elapsed());
        })
        .await;
}

/// One test's own database, copied from the template.
#[derive(Debug)]
pub struct PgDatabase {
    pub name: String,
    /// As `sachstand_owner` (owns everything in it; runs migrations).
    pub owner_url: String,
    /// As `sachstand_web` (the app's role, member of `sachstand_app`).
    pub app_url: String,
    /// How long `CREATE DATABASE … TEMPLATE` took (waiting for the turn included).
    pub created_in: Duration,
    keep: bool,
}

impl PgDatabase {
    pub async fn owner_pool(&self) -> PgPool {
        PgPool::connect(&self.owner_url)
            .await
            .unwrap_or_else(|e| panic!("connecting to {} as owner: {e}", self.name))
    }

    pub async fn app_pool(&self) -> PgPool {
        PgPool::connect(&self.app_url)
            .await
            .unwrap_or_else(|e| panic!("connecting to {} as app: {e}", self.name))
    }

    /// Leaves the database in the cluster after the test (to look at it with psql; it goes
    /// with the cluster at the end of the run).
    pub fn keep(mut self) -> Self {
        self.keep = true;
        println!(
            "keeping PostgreSQL database {} ({})",
            self.name, self.owner_url
        );
        self
    }
}

impl Drop for PgDatabase {
    /// Drops the database on a thread of its own (a `Drop` cannot await, and the test's
    /// runtime may be shutting down), ending the connections still open to it. Not waited
    /// for: if the process exits first, the database goes with the cluster.
    fn drop(&mut self) {
        if self.keep {
            return;
        }
        let name = std::mem::take(&mut self.name);
        let _ = std::thread::Builder::new()
            .name(format!("drop {name}"))
            .spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                rt.block_on(async {
                    let _ = tokio::time::timeout(Duration::from_secs(10), async {
                        let mut conn = PgConnection::connect(&env().admin).await.ok()?;
                        let sql = format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#);
                        let _guard = DDL.lock().await;
                        sqlx::raw_sql(AssertSqlSafe(sql))
                            .execute(&mut conn)
                            .await
                            .ok()?;
                        conn.close().await.ok()
                    })
                    .await;
                });
            });
    }
}

static NEXT: AtomicU32 = AtomicU32::new(1);

/// One CREATE or DROP DATABASE at a time in this process: run side by side they slow each
/// other down about tenfold (a DROP waits for every backend to take note of it, the copying one
/// included), one after the other each takes 5-20 ms. A tokio mutex works across the tests'
/// runtimes and the drop threads'.
static DDL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A new database `t_<pid>_<n>` from this process's template, owned by `sachstand_owner`.
/// Call `template(..)` first.
pub async fn fresh_database() -> PgDatabase {
    assert!(
        TEMPLATE.initialized(),
        "pg::fresh_database() before pg::template(..): migrate the template first"
    );
    let env = env();
    let name = format!(
        "t_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let tpl = template_name();
    let mut conn = admin().await;
    let started = Instant::now();
    let guard = DDL.lock().await;
    // FILE_COPY (copy the folder, checkpoint) beats PostgreSQL 15's default WAL_LOG (every
    // block through the WAL) for a template this small: about 17 against 24 ms.
    exec(
        &mut conn,
        format!(
            r#"CREATE DATABASE "{name}" TEMPLATE "{tpl}" OWNER sachstand_owner STRATEGY FILE_COPY"#
        ),
    )
    .await;
    drop(guard);
    let created_in = started.elapsed();
    let _ = conn.close().await;
    PgDatabase {
        owner_url: with_database(&env.owner, &name),
        app_url: with_database(&env.app, &name),
        name,
        created_in,
        keep: false,
    }
}

/// Adds a tenant as the owner does (`sachstand tenant add`), with its seed rows.
pub async fn add_tenant(database: &PgDatabase, name: &str, host: &str) -> i64 {
    let owner = database.owner_pool().await;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO tenants (name, host, created_at) VALUES ($1, $2, '2026-01-01T00:00:00Z') RETURNING id",
    )
    .bind(name)
    .bind(host)
    .fetch_one(&owner)
    .await
    .expect("add tenant");
    sqlx::query("SELECT sachstand_init_tenant($1)")
        .bind(id)
        .execute(&owner)
        .await
        .expect("tenant seed rows");
    owner.close().await;
    id
}

/// A fresh database copied from this process's template, migrated as `sachstand migrate`
/// does (the template is migrated on first use).
pub async fn migrated_database() -> PgDatabase {
    template(async |url: &str| {
        let db = sachstand::Db::connect(url, &Default::default())
            .await
            .expect("connect template");
        db.migrate().await.expect("migrate template");
        db.read.close().await;
    })
    .await;
    fresh_database().await
}

/// A fresh migrated database with one tenant served under `host`, and the app's `Db` for
/// it, connected as the app role (what `sachstand serve` runs as). The database goes when
/// the returned `PgDatabase` is dropped.
pub async fn tenant_db(
    name: &str,
    host: &str,
    settings: &sachstand::db::PgSettings,
) -> (sachstand::Db, PgDatabase) {
    let database = migrated_database().await;
    let tenant = add_tenant(&database, name, host).await;
    let db = sachstand::Db::connect(&database.app_url, settings)
        .await
        .expect("connect as the app role")
        .for_tenant(tenant);
    (db, database)
}
