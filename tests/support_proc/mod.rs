//! Shared harness for the process-level reliability tests (`durability.rs`, `load.rs`):
//! the real `sachstand` binary as a child process on a free 127.0.0.1 port over a temp-file
//! database, a cookie-keeping HTTP client that logs in through the real login form and
//! never panics on transport errors, a scraper for the edit form, and database checks.
#![allow(dead_code)]

use std::collections::HashSet;
use std::fs::File;
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sqlx::Connection;

pub const DEMO_AG_PASSWORD: &str = "Demo-AG-2026!";
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
        let mut last = String::new();
        for _ in 0..5 {
            let port = free_port();
            let file = File::create(log).expect("log file");
            let file2 = file.try_clone().expect("log file clone");
            let child = bin()
                .args([
                    "serve",
                    "--addr",
                    &format!("127.0.0.1:{port}"),
                    "--db",
                    db.to_str().expect("utf-8 path"),
                ])
                .env_remove("RUST_LOG")
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

/// One HTTP answer, read completely.
pub struct Resp {
    pub status: u16,
    pub location: String,
    pub body: String,
}

/// A browser-like session: own cookie jar, no automatic redirects, the CSRF token of the
/// last page seen. Transport errors are returned, never panicked on.
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub csrf: String,
}

pub fn csrf_in(html: &str) -> Option<String> {
    let re = regex_lite::Regex::new(r#"name="csrf_token" value="([0-9a-f]+)""#).ok()?;
    re.captures(html).map(|c| c[1].to_string())
}

impl Client {
    pub fn new(base: &str) -> Client {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client");
        Client {
            http,
            base: base.to_string(),
            csrf: String::new(),
        }
    }

    async fn wrap(res: reqwest::Response) -> Result<Resp, reqwest::Error> {
        let status = res.status().as_u16();
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = res.text().await?;
        Ok(Resp {
            status,
            location,
            body,
        })
    }

    pub async fn get(&mut self, path: &str) -> Result<Resp, reqwest::Error> {
        let res = self
            .http
            .get(format!("{}{}", self.base, path))
            .send()
            .await?;
        let r = Self::wrap(res).await?;
        if let Some(t) = csrf_in(&r.body) {
            self.csrf = t;
        }
        Ok(r)
    }

    /// Posts exactly these fields (the caller includes `csrf_token`).
    pub async fn post_raw(
        &mut self,
        path: &str,
        fields: &[(String, String)],
    ) -> Result<Resp, reqwest::Error> {
        let body = serde_urlencoded::to_string(fields).expect("urlencode");
        let res = self
            .http
            .post(format!("{}{}", self.base, path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await?;
        let r = Self::wrap(res).await?;
        if let Some(t) = csrf_in(&r.body) {
            self.csrf = t;
        }
        Ok(r)
    }

    /// Posts the fields with the current CSRF token added.
    pub async fn post(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
    ) -> Result<Resp, reqwest::Error> {
        let mut all = vec![("csrf_token".to_string(), self.csrf.clone())];
        all.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        self.post_raw(path, &all).await
    }

    /// Logs in through the real form; Ok(Ok(())) on success (303 away from the login page),
    /// then loads the start page for the session's CSRF token. A client that still holds a
    /// valid session (its login was answered, but the start page was cut off) is sent on by
    /// the login page and needs no new login. Ok(Err(answer)) when the login was refused.
    pub async fn login(
        &mut self,
        username: &str,
        password: &str,
    ) -> Result<Result<(), String>, reqwest::Error> {
        let form = self.get("/anmelden").await?;
        if form.status != 303 {
            let r = self
                .post(
                    "/anmelden",
                    &[
                        ("username", username),
                        ("password", password),
                        ("next", "/"),
                    ],
                )
                .await?;
            if r.status != 303 || r.location.contains("anmelden") {
                return Ok(Err(format!(
                    "login of {username}: HTTP {} {} {}",
                    r.status,
                    r.location,
                    r.body.chars().take(300).collect::<String>()
                )));
            }
        }
        let page = self.get("/").await?;
        if page.status == 200 && !self.csrf.is_empty() {
            Ok(Ok(()))
        } else {
            Ok(Err(format!(
                "start page after login of {username}: HTTP {} {}",
                page.status, page.location
            )))
        }
    }
}

/// A simple seeded linear congruential generator (Knuth's MMIX constants).
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    /// Uniform-ish in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

pub fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// Decodes the character references askama and browsers use.
pub fn unescape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn attrs(tag: &str) -> Vec<(String, Option<String>)> {
    let re = regex_lite::Regex::new(r#"([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*"([^"]*)")?"#)
        .expect("regex");
    re.captures_iter(tag)
        .map(|c| {
            (
                c[1].to_ascii_lowercase(),
                c.get(2).map(|v| unescape_html(v.as_str())),
            )
        })
        .collect()
}

fn attr<'a>(attrs: &'a [(String, Option<String>)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_deref().unwrap_or(""))
}

/// The fields a browser would submit for the first `<form>` whose action contains
/// `action_part`: inputs (checkboxes and radios only when checked), the selected option
/// of each select (or its first), textareas. None if there is no such form.
pub fn scrape_form(html: &str, action_part: &str) -> Option<Vec<(String, String)>> {
    let form_re = regex_lite::Regex::new(r#"(?s)<form\b([^>]*)>(.*?)</form>"#).expect("regex");
    let form = form_re
        .captures_iter(html)
        .find(|c| attr(&attrs(&c[1]), "action").is_some_and(|a| a.contains(action_part)))?;
    let inner = form.get(2)?.as_str();
    let mut fields: Vec<(usize, String, String)> = Vec::new();

    let input_re = regex_lite::Regex::new(r#"<input\b([^>]*)>"#).expect("regex");
    for c in input_re.captures_iter(inner) {
        let a = attrs(&c[1]);
        let Some(name) = attr(&a, "name") else {
            continue;
        };
        let kind = attr(&a, "type").unwrap_or("text").to_ascii_lowercase();
        if matches!(
            kind.as_str(),
            "submit" | "button" | "reset" | "image" | "file"
        ) {
            continue;
        }
        if matches!(kind.as_str(), "checkbox" | "radio") && attr(&a, "checked").is_none() {
            continue;
        }
        let default = if matches!(kind.as_str(), "checkbox" | "radio") {
            "on"
        } else {
            ""
        };
        let value = attr(&a, "value").unwrap_or(default).to_string();
        fields.push((c.get(0)?.start(), name.to_string(), value));
    }

    let select_re =
        regex_lite::Regex::new(r#"(?s)<select\b([^>]*)>(.*?)</select>"#).expect("regex");
    let option_re = regex_lite::Regex::new(r#"<option\b([^>]*)>"#).expect("regex");
    for c in select_re.captures_iter(inner) {
        let a = attrs(&c[1]);
        let Some(name) = attr(&a, "name") else {
            continue;
        };
        let options: Vec<_> = option_re
            .captures_iter(&c[2])
            .map(|o| attrs(&o[1]))
            .collect();
        let chosen = options
            .iter()
            .find(|o| attr(o, "selected").is_some())
            .or(options.first());
        let value = chosen
            .and_then(|o| attr(o, "value"))
            .unwrap_or("")
            .to_string();
        fields.push((c.get(0)?.start(), name.to_string(), value));
    }

    let textarea_re =
        regex_lite::Regex::new(r#"(?s)<textarea\b([^>]*)>(.*?)</textarea>"#).expect("regex");
    for c in textarea_re.captures_iter(inner) {
        let a = attrs(&c[1]);
        let Some(name) = attr(&a, "name") else {
            continue;
        };
        let raw = &c[2];
        // The HTML parser drops one newline right after the start tag.
        let raw = raw
            .strip_prefix("\r\n")
            .or_else(|| raw.strip_prefix('\n'))
            .unwrap_or(raw);
        fields.push((c.get(0)?.start(), name.to_string(), unescape_html(raw)));
    }

    fields.sort_by_key(|(pos, _, _)| *pos);
    Some(fields.into_iter().map(|(_, k, v)| (k, v)).collect())
}

/// Sets (or adds) a field in a scraped form.
pub fn set_field(fields: &mut Vec<(String, String)>, name: &str, value: &str) {
    match fields.iter_mut().find(|(k, _)| k == name) {
        Some(f) => f.1 = value.to_string(),
        None => fields.push((name.to_string(), value.to_string())),
    }
}

/// Opens the database file directly (read-write, so an interrupted WAL is recovered the
/// way the next server start would; never creates it).
pub async fn open_db(path: &Path) -> sqlx::SqliteConnection {
    let opts = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(10));
    sqlx::SqliteConnection::connect_with(&opts)
        .await
        .expect("open database file")
}

/// What `PRAGMA integrity_check` and `PRAGMA foreign_key_check` report.
pub struct Integrity {
    pub integrity: Vec<String>,
    pub fk_violations: usize,
}

impl Integrity {
    pub fn ok(&self) -> bool {
        self.integrity == ["ok"] && self.fk_violations == 0
    }
}

pub async fn integrity(conn: &mut sqlx::SqliteConnection) -> Integrity {
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *conn)
        .await
        .expect("integrity_check");
    let fk = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&mut *conn)
        .await
        .expect("foreign_key_check");
    Integrity {
        integrity,
        fk_violations: fk.len(),
    }
}

/// Every key matching `pattern` in the values the query returns (one text column).
pub async fn keys_in(
    conn: &mut sqlx::SqliteConnection,
    sql: &'static str,
    pattern: &regex_lite::Regex,
) -> HashSet<String> {
    let texts: Vec<String> = sqlx::query_scalar(sql)
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
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM measures WHERE archived_at IS NULL ORDER BY id")
            .fetch_all(&mut conn)
            .await
            .expect("measure ids");
    conn.close().await.expect("close");
    ids
}

/// Value at quantile `q` (0..=1) of an ascending list, in milliseconds.
pub fn percentile_ms(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}
