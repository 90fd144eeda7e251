//! Test harness: the real application on a random port over a temp-file SQLite
//! database, a cookie-keeping client that logs in through the real login form, and
//! small fixtures built with SQL.
#![allow(dead_code)]

use sachstand::domain::Role;
use sachstand::{AppState, Db};
use tempfile::TempDir;

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub dir: TempDir,
}

pub const PASSWORD: &str = "Richtig-Langes-Passwort-1";

/// Starts the application exactly as `sachstand serve` does (minus the CLI).
pub async fn spawn_app() -> TestApp {
    spawn_app_with(sachstand::web::serve::Limits::default()).await
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
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(&dir.path().join("test.db"))
        .await
        .expect("open db");
    db.migrate().await.expect("migrate");
    db.check_startup().await.expect("startup check");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = sachstand::app(configure(AppState::new(db.clone(), false)));
    tokio::spawn(sachstand::web::serve::serve(
        listener,
        app,
        limits,
        std::future::pending(),
    ));
    TestApp {
        base: format!("http://{addr}"),
        db,
        dir,
    }
}

pub struct Resp {
    pub status: u16,
    pub body: String,
    pub headers: reqwest::header::HeaderMap,
}

impl Resp {
    pub fn location(&self) -> &str {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
    /// Asserts the body contains the text (HTML-escaped form of `&`, `<`, `>` and quotes).
    pub fn contains(&self, text: &str) -> bool {
        self.body.contains(text) || self.body.contains(&escape_html(text))
    }
}

pub fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

/// A browser-like client: keeps cookies, does not follow redirects by itself (tests
/// follow them explicitly with `follow`), and sends the page's CSRF token with forms.
pub struct Browser {
    pub client: reqwest::Client,
    pub base: String,
    pub csrf: String,
}

pub fn csrf_in(html: &str) -> Option<String> {
    let re = regex_lite::Regex::new(r#"name="csrf_token" value="([0-9a-f]+)""#).ok()?;
    re.captures(html).map(|c| c[1].to_string())
}

impl Browser {
    pub fn new(base: &str) -> Self {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Self {
            client,
            base: base.to_string(),
            csrf: String::new(),
        }
    }

    async fn wrap(res: reqwest::Response) -> Resp {
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res.text().await.unwrap_or_default();
        Resp {
            status,
            body,
            headers,
        }
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        let res = self
            .client
            .get(format!("{}{}", self.base, path))
            .send()
            .await
            .expect("GET");
        let r = Self::wrap(res).await;
        if let Some(t) = csrf_in(&r.body) {
            self.csrf = t;
        }
        r
    }

    /// Posts a form with the current CSRF token added.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", self.csrf.as_str())];
        all.extend_from_slice(fields);
        let csrf = self.csrf.clone();
        let mut all_owned: Vec<(String, String)> = all
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        all_owned[0].1 = csrf;
        self.post_raw(path, &all_owned).await
    }

    /// Posts exactly these fields (no CSRF token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(String, String)]) -> Resp {
        let body = serde_urlencoded::to_string(fields).expect("encode");
        let res = self
            .client
            .post(format!("{}{}", self.base, path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("POST");
        let r = Self::wrap(res).await;
        if let Some(t) = csrf_in(&r.body) {
            self.csrf = t;
        }
        r
    }

    /// Follows a 303/302 answer with a GET, as a browser does.
    pub async fn follow(&mut self, r: &Resp) -> Resp {
        assert!(
            (300..400).contains(&r.status),
            "expected a redirect, got {}: {}",
            r.status,
            &r.body[..r.body.len().min(600)]
        );
        let to = r.location().to_string();
        self.get(&to).await
    }

    pub async fn login(&mut self, username: &str, password: &str) -> Resp {
        self.get("/anmelden").await;
        self.post(
            "/anmelden",
            &[
                ("username", username),
                ("password", password),
                ("next", "/"),
            ],
        )
        .await
    }
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
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
            .fetch_one(&self.db.read)
            .await
            .expect("count")
    }

    pub async fn exec(&self, sql: &str) {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&self.db.write)
            .await
            .expect("exec");
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
            let id: i64 = sqlx::query_scalar(
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

    /// A byte-for-byte copy of what the domain tables hold (for "nothing was written").
    pub async fn snapshot(&self) -> String {
        self.snapshot_except(&[]).await
    }

    /// The same, leaving out the named tables.
    pub async fn snapshot_except(&self, skip: &[&str]) -> String {
        let mut out = String::new();
        // every table but the session store and the migration bookkeeping
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sessions', '_sqlx_migrations') AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .fetch_all(&self.db.read)
        .await
        .expect("tables");
        for table in tables.iter().filter(|t| !skip.contains(&t.as_str())) {
            let cols: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?)")
                .bind(table)
                .fetch_all(&self.db.read)
                .await
                .expect("columns");
            let expr = cols
                .iter()
                .map(|c| format!("quote({c})"))
                .collect::<Vec<_>>()
                .join(" || '|' || ");
            let rows: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT {expr} FROM {table} ORDER BY rowid"
            )))
            .fetch_all(&self.db.read)
            .await
            .expect("snapshot");
            out.push_str(table);
            out.push('\n');
            out.push_str(&rows.join("\n"));
            out.push('\n');
        }
        out
    }
}

pub struct Seed {
    pub measures: Vec<i64>,
}
