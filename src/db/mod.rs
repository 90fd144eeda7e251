//! Database access: the pools, migrations and start-up checks of both backends.
//!
//! SQLite (a file path, the embedded default): writes go through a pool of exactly one
//! connection, so write transactions queue in the application instead of failing with
//! "database is locked"; reads use their own pool. PostgreSQL (`postgres://…`, the
//! hosted backend): one pool, many tenants, isolated by row-level security
//! (`pg.rs`, `migrations_pg/`). The features use the same SQL on both (`query.rs`).

pub mod copy;
mod dialect;
mod lite;
mod pg;
mod query;
pub mod tenant;
pub mod tenants;
mod types;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};

pub use dialect::GERMAN_COLLATION;
pub use pg::PgSettings;
pub use query::{
    Arg, Backend, Bind, Conn, Done, Executor, NullKind, Pool, Query, QueryAs, QueryBuilder,
    QueryScalar, Target, WideRow, query, query_as, query_scalar, raw_sql,
};
pub use types::{IsoDate, OptIsoDate};

/// Busy timeout for every connection (ms); QUALITY.md asks for at least 5000.
pub const BUSY_TIMEOUT_MS: u64 = 5000;

#[derive(Clone, Debug)]
pub struct Db {
    pub read: Pool,
    pub write: Pool,
}

/// How long a RESTART/TRUNCATE checkpoint waits for readers (ms).
const CHECKPOINT_WAIT_MS: u64 = 20;
/// Above this many WAL frames (4 KiB pages) a busy writer gets a RESTART checkpoint.
pub const WAL_RESTART_FRAMES: i64 = 4096;
/// The WAL file is cut back to this size whenever it starts over (bytes).
pub const JOURNAL_SIZE_LIMIT: i64 = 16 * 1024 * 1024;

/// The answer of `PRAGMA wal_checkpoint`: busy flag, frames in the log, frames copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WalState {
    pub busy: i64,
    pub log: i64,
    pub done: i64,
}

impl WalState {
    /// PostgreSQL has no WAL file of ours to checkpoint.
    const NONE: WalState = WalState {
        busy: 0,
        log: 0,
        done: 0,
    };
}

/// What the start-up check found; logged at start and tested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pragmas {
    pub sqlite_version: String,
    pub journal_mode: String,
    pub foreign_keys: bool,
    pub busy_timeout_ms: i64,
    pub synchronous: i64,
}

impl Db {
    /// Opens the database named on the command line: a `postgres://` URL selects
    /// PostgreSQL, anything else is the path of a SQLite file.
    pub async fn connect(target: &str, settings: &PgSettings) -> anyhow::Result<Self> {
        if pg::is_url(target) {
            pg::open(target, settings).await
        } else {
            Self::open(Path::new(target)).await
        }
    }

    pub fn backend(&self) -> Backend {
        self.read.backend()
    }

    /// The same database, acting for one tenant outside a request (CLI, tests,
    /// background work). On SQLite the tenant is the file and this changes nothing.
    pub fn for_tenant(&self, tenant: i64) -> Self {
        Self {
            read: self.read.clone().with_tenant(tenant),
            write: self.write.clone().with_tenant(tenant),
        }
    }

    /// The SQLite pools, when this is a SQLite database (file maintenance).
    fn sqlite(&self) -> Option<(&lite::Lite, &lite::Lite)> {
        Some((self.read.as_sqlite()?, self.write.as_sqlite()?))
    }

    /// Opens (and creates, if missing) the database file. Fails with a clear message
    /// when the file is unreadable, not a database, or locked by another process.
    pub async fn open(path: &Path) -> anyhow::Result<Self> {
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
            && !parent.is_dir()
        {
            anyhow::bail!(
                "Verzeichnis der Datenbank existiert nicht / directory does not exist: {}",
                parent.display()
            );
        }
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
            .with_context(|| {
                format!(
                    "Ungültiger Datenbankpfad / invalid path: {}",
                    path.display()
                )
            })?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_millis(BUSY_TIMEOUT_MS))
            .pragma("temp_store", "memory")
            .pragma("journal_size_limit", JOURNAL_SIZE_LIMIT.to_string())
            // 2 MiB of page cache per connection (five connections): the pages the
            // lists read fit, the rest comes from the OS file cache; 16 MiB each let
            // the resident memory grow with the database.
            .pragma("cache_size", "-2000");
        let open_err = || {
            format!(
                "Datenbank kann nicht geöffnet werden / cannot open database: {}",
                path.display()
            )
        };
        // The write connection does not checkpoint inside a commit (that would put a
        // multi-millisecond pause into whichever request commits); `checkpoint` does it.
        // No ping before handing out a pooled connection: a SQLite connection is a
        // file handle in this process and cannot go stale, and the ping is one more
        // round trip to the connection's worker thread for every query.
        // One write connection, four for reading (`db::lite`: handed over without the
        // release task and ping of sqlx's pool).
        let write_options = options.clone().pragma("wal_autocheckpoint", "0");
        let write = lite::Lite::connect(write_options, 1, Duration::from_secs(30))
            .await
            .with_context(open_err)?;
        let read = lite::Lite::connect(options, 4, Duration::from_secs(30))
            .await
            .with_context(open_err)?;
        let db = Self {
            read: Pool::sqlite(read, false),
            write: Pool::sqlite(write, true),
        };
        // The write connection does not checkpoint itself (see above): do it here, for
        // every user of the database (server, tests, benchmarks), not only `serve`.
        db.spawn_checkpointer();
        // Touch the schema so that "file is not a database" shows up here, not later.
        query("SELECT count(*) FROM sqlite_master")
            .execute(&db.read)
            .await
            .with_context(open_err)?;
        Ok(db)
    }

    /// Applies the embedded migrations (each in its own transaction).
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let Some((_, write)) = self.sqlite() else {
            return pg::migrate(self).await;
        };
        let mut conn = write.acquire().await?;
        // `run` would take the connection as `Acquire`, which leaves callers' futures not
        // provably `Send` (rustc's "not general enough"); `run` calls this itself.
        sqlx::migrate!("./migrations")
            .run_direct(None, &mut *conn, false)
            .await
            .context(
                "Migration fehlgeschlagen / migration failed (Datenbank gesperrt oder beschädigt?)",
            )?;
        Ok(())
    }

    /// Reads the SQLite version and the pragmas that durability depends on.
    pub async fn pragmas(&self) -> anyhow::Result<Pragmas> {
        let (_, write) = self.sqlite().context("keine SQLite-Datenbank")?;
        let mut conn = write.acquire().await?;
        let sqlite_version: String = sqlx::query_scalar("SELECT sqlite_version()")
            .fetch_one(&mut *conn)
            .await?;
        let journal_mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&mut *conn)
            .await?;
        let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&mut *conn)
            .await?;
        let busy_timeout_ms: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
            .fetch_one(&mut *conn)
            .await?;
        let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&mut *conn)
            .await?;
        Ok(Pragmas {
            sqlite_version,
            journal_mode,
            foreign_keys: foreign_keys == 1,
            busy_timeout_ms,
            synchronous,
        })
    }

    /// Checks the pragmas against the reliability bar and logs them.
    pub async fn check_startup(&self) -> anyhow::Result<Pragmas> {
        if self.backend() == Backend::Postgres {
            return pg::check_startup(self).await;
        }
        let p = self.pragmas().await?;
        tracing::info!(
            sqlite_version = %p.sqlite_version,
            journal_mode = %p.journal_mode,
            foreign_keys = p.foreign_keys,
            busy_timeout_ms = p.busy_timeout_ms,
            synchronous = p.synchronous,
            "SQLite bereit"
        );
        anyhow::ensure!(
            p.journal_mode.eq_ignore_ascii_case("wal"),
            "journal_mode ist nicht WAL"
        );
        anyhow::ensure!(p.foreign_keys, "foreign_keys ist nicht aktiv");
        anyhow::ensure!(p.busy_timeout_ms >= 5000, "busy_timeout < 5000 ms");
        anyhow::ensure!(
            version_at_least(&p.sqlite_version, (3, 51, 3)),
            "SQLite {} ist älter als 3.51.3",
            p.sqlite_version
        );
        Ok(p)
    }

    /// Consistent online backup: `VACUUM INTO` a temporary file next to the target,
    /// fsync it, check its integrity, then rename it into place. Refuses to overwrite.
    pub async fn backup(&self, target: &Path) -> anyhow::Result<()> {
        let (read, _) = self.sqlite().context(
            "Sicherung auf PostgreSQL mit pg_dump (README, Betrieb beim IT-Dienstleister)",
        )?;
        anyhow::ensure!(
            !target.exists(),
            "Zieldatei existiert bereits / target exists: {}",
            target.display()
        );
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        anyhow::ensure!(
            dir.is_dir(),
            "Zielverzeichnis fehlt / no such directory: {}",
            dir.display()
        );
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "backup".into());
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        let tmp_str = tmp
            .to_str()
            .context("Pfad ist kein gültiges UTF-8 / path is not UTF-8")?
            .to_string();
        let result = async {
            // VACUUM INTO reads one consistent snapshot; writers carry on meanwhile.
            let mut conn = read.acquire().await?;
            sqlx::query("VACUUM INTO ?")
                .bind(&tmp_str)
                .execute(&mut *conn)
                .await?;
            drop(conn);
            std::fs::File::open(&tmp)?.sync_all()?;
            let check = SqliteConnectOptions::new().filename(&tmp).read_only(true);
            let mut conn = sqlx::ConnectOptions::connect(&check).await?;
            let ok: String = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_one(&mut conn)
                .await?;
            sqlx::Connection::close(conn).await?;
            anyhow::ensure!(
                ok == "ok",
                "Integritätsprüfung der Sicherung fehlgeschlagen: {ok}"
            );
            // hard_link refuses an existing target, so a concurrent backup cannot be clobbered
            std::fs::hard_link(&tmp, target)?;
            std::fs::remove_file(&tmp)?;
            std::fs::File::open(&dir)?.sync_all()?;
            Ok(())
        }
        .await;
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    /// Starts a write transaction with `BEGIN IMMEDIATE`: the write lock is taken up
    /// front, so another process (the CLI, a second instance) makes it wait for the busy
    /// timeout instead of failing at the first write after a read (SQLITE_BUSY_SNAPSHOT).
    pub async fn begin_write(&self) -> sqlx::Result<Conn> {
        self.write.begin_write().await
    }

    /// A write transaction that shares the tenant's write lock (see
    /// [`Pool::begin_shared_write`]); on SQLite the same as `begin_write`.
    pub async fn begin_shared_write(&self) -> sqlx::Result<Conn> {
        self.write.begin_shared_write().await
    }

    /// Copies the WAL back into the database file without blocking writers (PASSIVE).
    pub async fn checkpoint(&self) -> sqlx::Result<WalState> {
        let Some((read, _)) = self.sqlite() else {
            return Ok(WalState::NONE);
        };
        let mut conn = read.acquire().await?;
        let (busy, log, done): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
            .fetch_one(&mut *conn)
            .await?;
        Ok(WalState { busy, log, done })
    }

    /// A checkpoint that also starts the WAL over (`RESTART`), or empties the file
    /// (`TRUNCATE`), on the write connection, so that it queues with the writes instead
    /// of competing with them. It waits for readers at most `CHECKPOINT_WAIT_MS` (a
    /// reader on an old snapshot makes it give up; the next tick tries again).
    pub async fn reset_wal(&self, truncate: bool) -> sqlx::Result<WalState> {
        let Some((_, write)) = self.sqlite() else {
            return Ok(WalState::NONE);
        };
        let mut conn = write.acquire().await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}"
        )))
        .execute(&mut *conn)
        .await?;
        let sql = if truncate {
            "PRAGMA wal_checkpoint(TRUNCATE)"
        } else {
            "PRAGMA wal_checkpoint(RESTART)"
        };
        let result: sqlx::Result<(i64, i64, i64)> = sqlx::query_as(sql).fetch_one(&mut *conn).await;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}"
        )))
        .execute(&mut *conn)
        .await?;
        let (busy, log, done) = result?;
        Ok(WalState { busy, log, done })
    }

    /// One round of the checkpointer: a PASSIVE checkpoint; then, when no frame was
    /// added since the last round (the writer is idle), a TRUNCATE that gives the file's
    /// space back, or, under a long burst of writes, a RESTART once the WAL holds more
    /// than `WAL_RESTART_FRAMES` (the next write then starts it over and
    /// `journal_size_limit` cuts the file down). Returns the log size now (frames).
    pub async fn checkpoint_round(&self, frames_before: i64) -> sqlx::Result<i64> {
        let passive = self.checkpoint().await?;
        if passive.log > 0 && passive.log == frames_before {
            self.reset_wal(true).await?;
        } else if passive.log > WAL_RESTART_FRAMES {
            self.reset_wal(false).await?;
        }
        // What PASSIVE saw: the same figure next round means nothing was written since.
        Ok(passive.log)
    }

    /// Runs `checkpoint_round` every second for as long as the process serves.
    pub fn spawn_checkpointer(&self) {
        if self.sqlite().is_none() {
            return;
        }
        let db = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            let mut frames = 0;
            loop {
                tick.tick().await;
                match db.checkpoint_round(frames).await {
                    Ok(now) => frames = now,
                    Err(e) => tracing::warn!(error = %e, "WAL-Checkpoint fehlgeschlagen"),
                }
            }
        });
    }

    /// Is the database answering? (for /healthz)
    pub async fn ping(&self) -> bool {
        query_scalar::<i64>("SELECT CAST(1 AS BIGINT)")
            .fetch_one(&self.read)
            .await
            .is_ok()
    }

    /// Does the database already hold programme data or accounts?
    pub async fn is_empty(&self) -> anyhow::Result<bool> {
        let n: i64 =
            query_scalar("SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM measures)")
                .fetch_one(&self.read)
                .await?;
        Ok(n == 0)
    }
}

fn version_at_least(version: &str, min: (u32, u32, u32)) -> bool {
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let v = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    v >= min
}

#[cfg(test)]
mod tests {
    use super::version_at_least;
    use super::{Db, WideRow, query, query_as, raw_sql};

    #[derive(Debug, PartialEq, sqlx::FromRow, serde::Deserialize)]
    struct Wide {
        id: i64,
        name: String,
        note: Option<String>,
        flag: bool,
    }

    impl WideRow for Wide {
        const JSON_COLUMNS: &'static str =
            "id, name, note, json(CASE WHEN flag THEN 'true' ELSE 'false' END)";
    }

    #[tokio::test]
    async fn wide_rows_read_as_json_equal_the_rows_in_their_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = Db::open(&dir.path().join("w.db")).await.expect("open");
        raw_sql(
            "CREATE TABLE w (id INTEGER, name TEXT, note TEXT, flag INTEGER)",
            &db.write,
        )
        .await
        .expect("create");
        let names = [
            "Zoë \"zitiert\" \\ Rückstrich",
            "Bürgerbüro – 1.234,56 €",
            "Tab\tund\nZeile",
            "",
            "🙂",
            "Ärger",
        ];
        for (i, name) in names.iter().enumerate() {
            let id = if i == 2 {
                4_611_686_018_427_387_904
            } else {
                i as i64 + 1
            };
            query("INSERT INTO w VALUES (?, ?, ?, ?)")
                .bind(id)
                .bind(*name)
                .bind((i % 2 == 0).then(|| format!("Notiz {i}")))
                .bind(i % 3 == 0)
                .execute(&db.write)
                .await
                .expect("insert");
        }
        let q = |min: i64| {
            query_as::<Wide>(
                "SELECT id, name, note, flag FROM w WHERE id > ? ORDER BY name DESC, id",
            )
            .bind(min)
        };
        let rows = q(0).fetch_all(&db.read).await.expect("rows");
        let wide = q(0).fetch_all_wide(&db.read).await.expect("wide");
        assert_eq!(rows.len(), names.len());
        assert_eq!(wide, rows);
        let none = q(i64::MAX).fetch_all_wide(&db.read).await.expect("empty");
        assert!(none.is_empty());
    }

    #[test]
    fn compares_versions_numerically() {
        assert!(version_at_least("3.51.3", (3, 51, 3)));
        assert!(version_at_least("3.52.0", (3, 51, 3)));
        assert!(!version_at_least("3.46.1", (3, 51, 3)));
        assert!(!version_at_least("3.9.9", (3, 51, 3)));
    }
}
