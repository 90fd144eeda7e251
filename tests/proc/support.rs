//! The real `sachstand` binary for the process-level tests: CLI runs, `sachstand serve` as a
//! child process on a free 127.0.0.1 port over a temp-file database, the database file opened
//! directly afterwards, and the lock that keeps the tests that load both cores apart.

use std::collections::HashSet;
use std::fs::File;
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use crate::harness::client::Browser;

pub const PASSWORD: &str = "Zuverlaessigkeit-Test-2026";

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sachstand"));
    c.env_remove("SACHSTAND_DB")
        .env_remove("SACHSTAND_ADDR")
        .env_remove("SACHSTAND_SECURE_COOKIES")
        .env("NO_COLOR", "1");
    c
}

/// Runs a CLI command to completion: (exit code, stdout, stderr).
pub fn run_cli(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = bin()
        .args(args)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sachstand");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(s) = stdin {
        input.write_all(s.as_bytes()).expect("write stdin");
    }
    drop(input);
    let out = child.wait_with_output().expect("wait for sachstand");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `sachstand demo --db FILE` into a fresh file in `dir`.
pub fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("sachstand.db");
    let (code, out, err) = run_cli(&["demo", "--db", db.to_str().expect("utf-8 path")], None);
    assert_eq!(code, 0, "demo failed: {out}\n{err}");
    assert!(out.contains("Demodaten geladen"), "{out}");
    db
}

/// Creates accounts with `sachstand user add NAME --role ROLE --password-stdin`, one
/// process after the other (concurrent CLI writers fail with "database is locked", see
/// `load.rs`, `cli_user_add_during_write_load_…`).
pub fn add_users(db: &Path, names: &[String], role: &str) {
    let db = db.to_str().expect("utf-8 path");
    for name in names {
        let (code, out, err) = add_user(db, name, role);
        assert_eq!(code, 0, "user add {name} failed: {out}\n{err}");
    }
}

pub fn add_user(db: &str, name: &str, role: &str) -> (i32, String, String) {
    run_cli(
        &[
            "user",
            "add",
            name,
            "--role",
            role,
            "--password-stdin",
            "--db",
            db,
        ],
        Some(&format!("{PASSWORD}\n")),
    )
}

/// A port that was free a moment ago (the server start retries if it was taken since).
pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    l.local_addr().expect("local addr").port()
}

/// Removes ANSI colour sequences (the log format colours by default).
pub fn strip_ansi(s: &str) -> String {
    let re = regex_lite::Regex::new(r"\x1b\[[0-9;]*[A-Za-z]").expect("regex");
    re.replace_all(s, "").into_owned()
}

/// `sachstand serve` as a child process; SIGKILLed and reaped on drop.
pub struct Server {
    child: Option<Child>,
    pub base: String,
    pub log: PathBuf,
}

impl Server {
    /// Starts the server on a free port with stdout and stderr going to `log`, and waits
    /// until `/healthz` answers 200. Retries with another port if the port was taken.
    pub async fn start(db: &Path, log: &Path) -> Server {
        Server::start_with(db, log, |_| Vec::new(), None).await
    }

    /// The same with more `serve` flags (given the port) and a `RUST_LOG` level.
    pub async fn start_with(
        db: &Path,
        log: &Path,
        extra: impl Fn(u16) -> Vec<String>,
        rust_log: Option<&str>,
    ) -> Server {
        Server::start_on(db.to_str().expect("utf-8 path"), log, extra, rust_log).await
    }

    /// The same for any `--db` (a file path or a PostgreSQL URL).
    pub async fn start_on(
        db: &str,
        log: &Path,
        extra: impl Fn(u16) -> Vec<String>,
        rust_log: Option<&str>,
    ) -> Server {
        let mut last = String::new();
        for _ in 0..5 {
            let port = free_port();
            let file = File::create(log).expect("log file");
            let file2 = file.try_clone().expect("log file clone");
            let mut cmd = bin();
            cmd.args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db", db])
                .args(extra(port))
                .env_remove("RUST_LOG");
            if let Some(level) = rust_log {
                cmd.env("RUST_LOG", level);
            }
            let child = cmd
                .stdin(Stdio::null())
                .stdout(file)
                .stderr(file2)
                .spawn()
                .expect("spawn sachstand serve");
            let mut server = Server {
                child: Some(child),
                base: format!("http://127.0.0.1:{port}"),
                log: log.to_path_buf(),
            };
            match server.wait_healthy(Duration::from_secs(60)).await {
                Ok(()) => return server,
                Err(e) => {
                    server.kill();
                    last = format!("{e}\n--- log ---\n{}", server.log_text());
                    if !last.contains("nicht verfügbar") {
                        break;
                    }
                }
            }
        }
        panic!("server did not become healthy: {last}");
    }

    async fn wait_healthy(&mut self, limit: Duration) -> Result<(), String> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .expect("client");
        let start = Instant::now();
        loop {
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                return Err(format!("server exited early with {status}"));
            }
            if let Ok(r) = client.get(format!("{}/healthz", self.base)).send().await
                && r.status().as_u16() == 200
            {
                return Ok(());
            }
            if start.elapsed() > limit {
                return Err(format!("no healthy answer within {limit:?}"));
            }
            tokio::time::sleep(Duration::from_millis(15)).await;
        }
    }

    /// SIGKILL (what `Child::kill` sends on Unix) and reap.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn log_text(&self) -> String {
        strip_ansi(&std::fs::read_to_string(&self.log).unwrap_or_default())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

pub fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// Opens the database file directly (read-write, so an interrupted WAL is recovered the
/// way the next server start would; never creates it).
pub async fn open_db(path: &Path) -> sachstand::db::Conn {
    assert!(path.exists(), "no database file {}", path.display());
    let db = sachstand::Db::open(path).await.expect("open database file");
    db.read.acquire().await.expect("database connection")
}

/// Every key matching `pattern` in the values the query returns (one text column).
pub async fn keys_in(
    conn: &mut sachstand::db::Conn,
    sql: &'static str,
    pattern: &regex_lite::Regex,
) -> HashSet<String> {
    let texts: Vec<String> = sachstand::db::query_scalar(sql)
        .fetch_all(&mut *conn)
        .await
        .expect("read keys");
    texts
        .iter()
        .flat_map(|t| pattern.find_iter(t).map(|m| m.as_str().to_string()))
        .collect()
}

/// Ids of measures that accept status updates and edits (not archived).
pub async fn active_measures(db: &Path) -> Vec<i64> {
    let mut conn = open_db(db).await;
    let ids: Vec<i64> = sachstand::db::query_scalar(
        "SELECT id FROM measures WHERE archived_at IS NULL ORDER BY id",
    )
    .fetch_all(&mut conn)
    .await
    .expect("measure ids");
    conn.rollback().await.expect("close");
    ids
}

/// The kill -9 and load tests each keep both cores busy for a while and judge the server
/// under that load: they run one after the other (the rest of the tier runs beside them).
pub async fn machine_to_myself() -> tokio::sync::MutexGuard<'static, ()> {
    static HEAVY: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    HEAVY.lock().await
}
