//! PostgreSQL, the hosted backend: one pool per instance, tenants isolated by row-level
//! security (`migrations_pg/README.md`). The application connects as a role that owns
//! nothing and cannot bypass the policies; the migrations run as the schema's owner.

use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use super::{Db, Pool, Pragmas};

/// Pool limits of one instance. The connection budget of a hosting set-up is
/// `instances × pool_size` (+ the CLI and the migrations), which must stay below the
/// server's `max_connections` (README, Betrieb beim IT-Dienstleister).
#[derive(Debug, Clone)]
pub struct PgSettings {
    pub pool_size: u32,
    /// How long a request waits for a connection (or the database) before it is
    /// answered with 503 and a German page.
    pub acquire_timeout: Duration,
    /// The longest a single statement may run.
    pub statement_timeout: Duration,
}

impl Default for PgSettings {
    fn default() -> Self {
        Self {
            pool_size: 10,
            acquire_timeout: Duration::from_secs(3),
            statement_timeout: Duration::from_secs(15),
        }
    }
}

pub fn is_url(target: &str) -> bool {
    target.starts_with("postgres://") || target.starts_with("postgresql://")
}

pub async fn open(url: &str, settings: &PgSettings) -> anyhow::Result<Db> {
    let options: PgConnectOptions = url
        .parse()
        .context("Ungültige PostgreSQL-Adresse / invalid PostgreSQL URL")?;
    let options = options.application_name("sachstand").options([(
        "statement_timeout",
        format!("{}", settings.statement_timeout.as_millis()),
    )]);
    let pool = PgPoolOptions::new()
        .max_connections(settings.pool_size)
        .min_connections(0)
        .acquire_timeout(settings.acquire_timeout)
        .idle_timeout(Duration::from_secs(300))
        .connect_with(options)
        .await
        .context("PostgreSQL ist nicht erreichbar / cannot connect to PostgreSQL")?;
    Ok(Db {
        read: Pool::pg(pool.clone(), false),
        write: Pool::pg(pool, true),
    })
}

/// Applies the PostgreSQL migrations (as the schema's owner).
pub async fn migrate(db: &Db) -> anyhow::Result<()> {
    let pool = db.write.as_pg().context("keine PostgreSQL-Datenbank")?;
    sqlx::migrate!("./migrations_pg")
        .run(pool)
        .await
        .context("Migration fehlgeschlagen / migration failed")?;
    Ok(())
}

/// Logs the server version and the connected role; refuses a server older than 15.
pub async fn check_startup(db: &Db) -> anyhow::Result<Pragmas> {
    let pool = db.read.as_pg().context("keine PostgreSQL-Datenbank")?;
    let (version, version_num, role, superuser, bypass): (String, String, String, bool, bool) =
        sqlx::query_as(
            "SELECT current_setting('server_version'), current_setting('server_version_num'),
                    current_user::text, r.rolsuper, r.rolbypassrls
             FROM pg_roles r WHERE r.rolname = current_user",
        )
        .fetch_one(pool)
        .await
        .context("PostgreSQL antwortet nicht / PostgreSQL does not answer")?;
    tracing::info!(
        postgres_version = %version,
        role = %role,
        superuser,
        bypass_rls = bypass,
        "PostgreSQL bereit"
    );
    let num: u32 = version_num.parse().unwrap_or(0);
    anyhow::ensure!(num >= 150_000, "PostgreSQL {version} ist älter als 15");
    Ok(Pragmas {
        sqlite_version: String::new(),
        journal_mode: "postgresql".into(),
        foreign_keys: true,
        busy_timeout_ms: 0,
        synchronous: 2,
    })
}
