//! The application in-process: the real router on a random port over a temp-file SQLite
//! database (as `sachstand serve` runs it, minus the CLI), accounts, small SQL fixtures,
//! and the harness's database checks bound to the app's database.

use sachstand::domain::Role;
use sachstand::{AppState, Db};
use tempfile::TempDir;

pub use crate::harness::audit::{Audit, AuditRow};
pub use crate::harness::client::{Browser, Resp};
use crate::harness::{audit, tables};

pub const PASSWORD: &str = "Richtig-Langes-Passwort-1";

/// The checked-in route × role matrix (read by the routes and the bad-input tests).
pub const ROUTE_MATRIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/route_matrix.txt");

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub dir: TempDir,
    /// The test's own PostgreSQL database (dropped with the app), when the tests run on
    /// PostgreSQL (`SACHSTAND_TEST_BACKEND=postgres`).
    #[allow(dead_code)]
    pub pg: Option<crate::harness::pg::PgDatabase>,
}

/// Whether this run tests the PostgreSQL backend (test.sh runs the app tests twice).
pub fn on_postgres() -> bool {
    std::env::var("SACHSTAND_TEST_BACKEND").is_ok_and(|v| v == "postgres")
}

/// The host name the test tenant is served under (the test client connects to it).
pub const TEST_HOST: &str = "127.0.0.1";

/// A fresh migrated database for one test: a temp SQLite file, or on PostgreSQL a copy
/// of the migrated template with one tenant (host `TEST_HOST`), opened as the
/// application's role and bound to that tenant.
pub async fn test_db(dir: &std::path::Path) -> (Db, Option<crate::harness::pg::PgDatabase>) {
    test_db_with(dir, &Default::default()).await
}

/// The same with other PostgreSQL pool settings (ignored on SQLite).
pub async fn test_db_with(
    dir: &std::path::Path,
    settings: &sachstand::db::PgSettings,
) -> (Db, Option<crate::harness::pg::PgDatabase>) {
    // The server's warnings and errors go to the test's captured output (shown when it fails).
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_test_writer()
        .try_init();
    if !on_postgres() {
        let db = Db::open(&dir.join("test.db")).await.expect("open db");
        db.migrate().await.expect("migrate");
        db.check_startup().await.expect("startup check");
        return (db, None);
    }
    use crate::harness::pg;
    assert!(
        pg::configured().is_some(),
        "SACHSTAND_TEST_BACKEND=postgres needs the test cluster (tests/pg/cluster.sh)"
    );
    let (db, database) = pg::tenant_db("Teststadt", TEST_HOST, settings).await;
    db.check_startup().await.expect("startup check");
    (db, Some(database))
}

/// The UTC time `seconds` ago as the app stores timestamps (`2026-12-01T18:47:24Z`),
/// for fixtures that date rows relative to now on either backend.
pub fn seconds_ago(seconds: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::seconds(seconds))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// Serves the router on a random 127.0.0.1 port for the rest of the test; its base URL.
pub async fn serve(app: axum::Router) -> String {
    serve_with(app, sachstand::web::serve::Limits::default()).await
}

/// The same with other connection limits.
pub async fn serve_with(app: axum::Router, limits: sachstand::web::serve::Limits) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(sachstand::web::serve::serve(
        listener,
        app,
        limits,
        std::future::pending(),
    ));
    format!("http://{addr}")
}

/// Starts the application exactly as `sachstand serve` does (minus the CLI).
pub async fn spawn_app() -> TestApp {
    spawn_app_configured(sachstand::web::serve::Limits::default(), |s| s).await
}

/// The same with other connection limits.
pub async fn spawn_app_with(limits: sachstand::web::serve::Limits) -> TestApp {
    spawn_app_configured(limits, |s| s).await
}

/// The same with the state adjusted (site settings, secure cookies).
pub async fn spawn_app_configured(
    limits: sachstand::web::serve::Limits,
    configure: impl FnOnce(AppState) -> AppState,
) -> TestApp {
    spawn_app_pooled(limits, configure, &Default::default()).await
}

/// The same with other PostgreSQL pool settings (ignored on SQLite).
pub async fn spawn_app_pooled(
    limits: sachstand::web::serve::Limits,
    configure: impl FnOnce(AppState) -> AppState,
    settings: &sachstand::db::PgSettings,
) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, pg) = test_db_with(dir.path(), settings).await;
    let base = serve_with(
        sachstand::app(configure(AppState::new(db.clone(), false))),
        limits,
    )
    .await;
    TestApp { base, db, dir, pg }
}

impl TestApp {
    pub fn browser(&self) -> Browser {
        Browser::new(&self.base)
    }

    pub async fn account(&self, username: &str, role: Role) -> i64 {
        sachstand::admin::create_account(&self.db, username, username, role, PASSWORD)
            .await
            .expect("create account")
    }

    /// A signed-in browser for a fresh account of the given role.
    pub async fn signed_in(&self, username: &str, role: Role) -> Browser {
        self.account(username, role).await;
        let mut b = self.browser();
        let r = b.login(username, PASSWORD).await;
        assert_eq!(r.status, 303, "login failed: {}", r.body);
        b.get("/").await;
        b
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sachstand::db::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
            .fetch_one(&self.db.read)
            .await
            .expect("count")
    }

    pub async fn exec(&self, sql: &str) {
        sachstand::db::raw_sql(sqlx::AssertSqlSafe(sql.to_string()), &self.db.write)
            .await
            .expect("exec");
        if sql.to_ascii_uppercase().contains("INSERT") {
            self.advance_sequences().await;
        }
    }

    /// On PostgreSQL, registers the test's tenant under `host` instead of `TEST_HOST`, as a
    /// hosting set-up registers a city under its public host name (`sachstand tenant add
    /// NAME --host …`): requests for that host then reach the tenant, others get the
    /// "unknown address" page. Nothing to do on SQLite (the file is the one city).
    /// Call it before the first request (the app caches host lookups for a few seconds).
    pub async fn serve_tenant_at(&self, host: &str) {
        let Some(pg) = &self.pg else { return };
        let tenant: String = sachstand::db::query_scalar("SELECT current_setting('app.tenant')")
            .fetch_one(&self.db.read)
            .await
            .expect("current tenant");
        let owner = pg.owner_pool().await;
        let changed = sqlx::query("UPDATE tenants SET host = $1 WHERE id = CAST($2 AS BIGINT)")
            .bind(host)
            .bind(&tenant)
            .execute(&owner)
            .await
            .expect("tenant host")
            .rows_affected();
        assert_eq!(changed, 1, "the test tenant {tenant} exists");
        owner.close().await;
    }

    /// On PostgreSQL, moves the identity sequences past the ids a fixture inserted
    /// explicitly (as `sachstand copy` does after copying a city's rows), so that the
    /// app's next insert does not collide with them. Nothing to do on SQLite.
    pub async fn advance_sequences(&self) {
        let Some(pg) = &self.pg else { return };
        let tenant: String = sachstand::db::query_scalar("SELECT current_setting('app.tenant')")
            .fetch_one(&self.db.read)
            .await
            .expect("current tenant");
        let owner = pg.owner_pool().await;
        let mut tx = owner.begin().await.expect("owner transaction");
        sqlx::query("SELECT set_config('app.tenant', $1, true)")
            .bind(&tenant)
            .execute(&mut *tx)
            .await
            .expect("set tenant");
        sqlx::query("SELECT sachstand_advance_sequences()")
            .execute(&mut *tx)
            .await
            .expect("advance sequences");
        tx.commit().await.expect("commit");
        owner.close().await;
    }

    /// How many audit rows match.
    pub async fn audit_count(&self, which: Audit) -> i64 {
        audit::audit_count(&self.db.read, &which).await
    }

    /// Asserts that exactly `expected` audit rows match.
    pub async fn assert_audited(&self, which: Audit, expected: i64) {
        audit::assert_audited(&self.db.read, &which, expected).await
    }

    /// The matching audit rows, oldest first.
    pub async fn audit_rows(&self, which: Audit) -> Vec<AuditRow> {
        audit::audit_rows(&self.db.read, &which).await
    }

    /// The oldest matching audit row; panics if there is none.
    pub async fn audit_row(&self, which: Audit) -> AuditRow {
        let rows = self.audit_rows(which.clone()).await;
        rows.into_iter()
            .next()
            .unwrap_or_else(|| panic!("no audit row for {which:?}"))
    }

    /// A programme with two fields, two units, two people, and `n` measures.
    pub async fn seed(&self, n: usize) -> Seed {
        self.exec(
            "INSERT INTO org_units (id, code, name) VALUES (1, 'Amt 21', 'Finanzen'), (2, 'EDV', 'EDV-Abteilung');
             INSERT INTO people (id, name, function, org_unit_id, email) VALUES
               (1, 'Erika Beispiel', 'Leitung Amt 21', 1, 'erika@stadt.example'),
               (2, 'Max Muster', 'Leitung EDV-Abteilung', 2, 'max@stadt.example');
             INSERT INTO programmes (id, title, short_title, scope) VALUES (1, 'Arbeitspapier zur Digitalisierung', 'Arbeitspapier', 'Kernverwaltung');
             INSERT INTO fields (id, programme_id, code, title, position) VALUES
               (1, 1, 'HF1', 'Steuerung', 1), (2, 1, 'HF2', 'Online-Dienste', 2);",
        )
        .await;
        let mut ids = Vec::new();
        for i in 0..n {
            let id: i64 = sachstand::db::query_scalar(
                "INSERT INTO measures (programme_id, field_id, code, title, description, org_unit_id, person_id,
                    status, ampel, progress, version, created_at, updated_at, last_update_at)
                 VALUES (1, ?, ?, ?, 'Beschreibung', ?, ?, 'umsetzung', 'gruen', 10, 1,
                    '2026-01-01T10:00:00Z', '2026-01-01T10:00:00Z', '2026-01-01T10:00:00Z') RETURNING id",
            )
            .bind(1 + (i % 2) as i64)
            .bind(format!("HF{}-{:02}", 1 + i % 2, i + 1))
            .bind(format!("Maßnahme Nummer {}", i + 1))
            .bind(1 + (i % 2) as i64)
            .bind(1 + (i % 2) as i64)
            .fetch_one(&self.db.write)
            .await
            .expect("seed measure");
            ids.push(id);
        }
        Seed { measures: ids }
    }

    /// What the domain tables hold (for "nothing was written").
    pub async fn snapshot(&self) -> String {
        tables::snapshot(&self.db.read, &[]).await
    }

    /// The same, leaving out the named tables.
    pub async fn snapshot_except(&self, skip: &[&str]) -> String {
        tables::snapshot(&self.db.read, skip).await
    }
}

pub struct Seed {
    pub measures: Vec<i64>,
}

/// The administrator adds the AG account `k.vogel` (Katrin Vogel) with a generated password,
/// as the user list's form does; the answer to the POST.
pub async fn add_katrin_with_generated_password(admin: &mut Browser) -> Resp {
    admin.get("/verwaltung/benutzer").await;
    admin
        .post(
            "/verwaltung/benutzer",
            &[
                ("username", "k.vogel"),
                ("display_name", "Katrin Vogel"),
                ("role", "ag"),
                ("password", ""),
            ],
        )
        .await
}
