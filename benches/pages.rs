//! Page benchmark of Sachstand: drives the real router in-process (everything but TCP).
//!
//! Run with `cargo bench --bench pages`. Every request goes through `sachstand::app`
//! with the real session cookie obtained by a browser-like login (GET /anmelden for
//! the pre-login CSRF cookie, POST /anmelden), so session lookup, role check, handler,
//! SQL, template and layout rendering and all middleware layers are measured.
//!
//! Figures: (1) GET /massnahmen with 500 measures, plain and filtered+sorted,
//! (2) GET /massnahmen/{id}, (3) GET /, (4) GET /massnahmen.csv,
//! (5) POST /massnahmen/{id}/sachstand from 16 concurrent writers (and 1 writer as a
//! baseline), verified against the row counts of `status_updates` and `audit_log`,
//! (6) resident memory (VmRSS) of a fresh child process that loaded a data set and
//! served every page above.
//!
//! Environment knobs (optional): `BENCH_SCALE` (float, default 1.0) multiplies the
//! iteration counts and time budgets; `BENCH_WRITES_PER_TASK` (default 60);
//! `BENCH_PRINT_MD=1` also prints the figures as a Markdown table.

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use chrono::{NaiveDate, TimeDelta, Utc};
use sachstand::domain::Role;
use sachstand::{AppState, Db};
use tower::ServiceExt;

const MEASURES: usize = 500;
const WRITERS: usize = 16;
const BENCH_USER: &str = "bench.ag";
const BENCH_PASSWORD: &str = "Benchmark-Passwort-2026";
const CHILD_ENV: &str = "SACHSTAND_BENCH_CHILD";

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

macro_rules! check {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+).into());
        }
    };
}

// ------------------------------------------------------------------ statistics

#[derive(Clone)]
struct Stats {
    name: String,
    n: usize,
    median: f64,
    p95: f64,
    p99: f64,
    mean: f64,
    max: f64,
    target: Option<f64>,
    /// Which statistic the target applies to ("median" or "p99").
    target_on: &'static str,
    extra: String,
}

impl Stats {
    fn from_samples(name: &str, mut ms: Vec<f64>) -> Self {
        ms.sort_by(|a, b| a.total_cmp(b));
        let q = |p: f64| -> f64 {
            if ms.is_empty() {
                return f64::NAN;
            }
            // nearest-rank percentile
            let rank = ((p * ms.len() as f64).ceil() as usize).clamp(1, ms.len());
            ms[rank - 1]
        };
        Self {
            name: name.to_string(),
            n: ms.len(),
            median: q(0.50),
            p95: q(0.95),
            p99: q(0.99),
            mean: ms.iter().sum::<f64>() / ms.len().max(1) as f64,
            max: ms.last().copied().unwrap_or(f64::NAN),
            target: None,
            target_on: "median",
            extra: String::new(),
        }
    }

    fn target(mut self, on: &'static str, ms: f64) -> Self {
        self.target = Some(ms);
        self.target_on = on;
        self
    }

    fn verdict(&self) -> String {
        match self.target {
            None => String::new(),
            Some(t) => {
                let v = if self.target_on == "p99" {
                    self.p99
                } else {
                    self.median
                };
                format!(
                    "target {} < {t} ms: {}",
                    self.target_on,
                    if v < t { "MET" } else { "MISSED" }
                )
            }
        }
    }

    fn line(&self) -> String {
        format!(
            "{:<22} n={:<6} median {:>8.3} ms  p95 {:>8.3} ms  p99 {:>8.3} ms  mean {:>8.3} ms  max {:>8.3} ms  {}{}",
            self.name,
            self.n,
            self.median,
            self.p95,
            self.p99,
            self.mean,
            self.max,
            self.verdict(),
            if self.extra.is_empty() {
                String::new()
            } else {
                format!("  {}", self.extra)
            }
        )
    }

    fn md_row(&self) -> String {
        format!(
            "| {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {} |",
            self.name,
            self.n,
            self.median,
            self.p95,
            self.p99,
            self.mean,
            self.max,
            [self.verdict(), self.extra.clone()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("; ")
        )
    }
}

fn scale() -> f64 {
    std::env::var("BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| *s > 0.0)
        .unwrap_or(1.0)
}

// ------------------------------------------------------------------ HTTP client in-process

struct Resp {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Resp {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }
}

/// A signed-in browser: the router, its session cookie and the session's CSRF token.
#[derive(Clone)]
struct Browser {
    app: Router,
    cookie: String,
    csrf: String,
}

async fn send(app: &Router, req: Request<Body>) -> AnyResult<Resp> {
    let res = app.clone().oneshot(req).await?;
    let (parts, body) = res.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await?;
    Ok(Resp {
        status: parts.status,
        headers: parts.headers,
        body,
    })
}

fn get_req(uri: &str, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::builder()
        .method(Method::GET)
        .uri(uri)
        .header(header::HOST, "localhost")
        .header(header::ACCEPT, "text/html");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::empty()).expect("request")
}

fn post_req(uri: &str, cookie: &str, form: &[(&str, &str)]) -> Request<Body> {
    let body = serde_urlencoded::to_string(form).expect("form");
    Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost")
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .expect("request")
}

fn csrf_in(html: &str) -> Option<String> {
    let re = regex_lite::Regex::new(r#"name="csrf_token"\s+value="([^"]+)""#).ok()?;
    re.captures(html).map(|c| c[1].to_string())
}

impl Browser {
    /// Logs in exactly as a browser does: GET the form (pre-login CSRF cookie and
    /// hidden field), POST it, keep the session cookie, read the session's CSRF token
    /// from the next page.
    async fn login(app: Router, username: &str, password: &str) -> AnyResult<Self> {
        let form = send(&app, get_req("/anmelden", None)).await?;
        check!(
            form.status == StatusCode::OK,
            "GET /anmelden: {}",
            form.status
        );
        let pre = form
            .set_cookie("sachstand_csrf")
            .ok_or("GET /anmelden did not set sachstand_csrf")?;
        let token = csrf_in(&form.text()).ok_or("login form without csrf_token")?;
        let cookie = format!("sachstand_csrf={pre}");
        let res = send(
            &app,
            post_req(
                "/anmelden",
                &cookie,
                &[
                    ("csrf_token", token.as_str()),
                    ("username", username),
                    ("password", password),
                    ("next", "/"),
                ],
            ),
        )
        .await?;
        check!(
            res.status == StatusCode::SEE_OTHER,
            "POST /anmelden: expected 303, got {} — {}",
            res.status,
            res.text().chars().take(300).collect::<String>()
        );
        let sid = res
            .set_cookie("sachstand_sid")
            .ok_or("login did not set sachstand_sid")?;
        let cookie = format!("sachstand_sid={sid}");
        let home = send(&app, get_req("/", Some(&cookie))).await?;
        check!(
            home.status == StatusCode::OK,
            "GET / after login: {}",
            home.status
        );
        let csrf = csrf_in(&home.text()).ok_or("no csrf_token on / after login")?;
        Ok(Self { app, cookie, csrf })
    }

    async fn get(&self, uri: &str) -> AnyResult<Resp> {
        send(&self.app, get_req(uri, Some(&self.cookie))).await
    }

    async fn post(&self, uri: &str, form: &[(&str, &str)]) -> AnyResult<Resp> {
        let mut fields: Vec<(&str, &str)> = vec![("csrf_token", self.csrf.as_str())];
        fields.extend_from_slice(form);
        send(&self.app, post_req(uri, &self.cookie, &fields)).await
    }
}

// ------------------------------------------------------------------ data

/// A small deterministic PRNG (xorshift), so the data set is the same on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

const UNITS: &[(&str, &str)] = &[
    ("OB", "Oberbürgermeister"),
    ("10", "Hauptamt"),
    ("10.3", "Abteilung IT und Digitalisierung"),
    ("11", "Personalamt"),
    ("20", "Kämmerei"),
    ("32", "Ordnungsamt"),
    ("33", "Bürgeramt"),
    ("34", "Standesamt"),
    ("40", "Schulverwaltungsamt"),
    ("50", "Sozialamt"),
    ("51", "Jugendamt"),
    ("61", "Stadtplanungsamt"),
    ("63", "Bauordnungsamt"),
    ("66", "Tiefbauamt"),
];

const FIRST: &[&str] = &[
    "Anna", "Bernd", "Claudia", "Dieter", "Elif", "Frank", "Gabriele", "Hakan", "Ines", "Jörg",
    "Katrin", "Lars", "Monika", "Nils", "Özlem", "Peter", "Renate", "Stefan", "Tanja", "Uwe",
];
const LAST: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
];
const FUNCTIONS: &[&str] = &[
    "Amtsleitung",
    "Sachgebietsleitung",
    "Projektleitung",
    "Sachbearbeitung Organisation",
    "IT-Koordination",
    "Digitalisierungslotse",
    "Teamleitung",
];

const FIELDS: &[(usize, &str, &str)] = &[
    (0, "HF1", "Digitale Bürgerdienste"),
    (0, "HF2", "Elektronische Akte und Vorgangsbearbeitung"),
    (0, "HF3", "IT-Infrastruktur und Informationssicherheit"),
    (0, "HF4", "Digitale Arbeitsplätze und Kompetenzen"),
    (0, "HF5", "Daten und offene Verwaltung"),
    (1, "OZG1", "Leistungen Bürgerservice"),
    (1, "OZG2", "Leistungen Bauen und Wohnen"),
    (1, "OZG3", "Leistungen Familie und Soziales"),
];

const TOPICS: &[&str] = &[
    "Online-Antrag",
    "E-Akte",
    "Terminvergabe",
    "Bezahlschnittstelle",
    "Dokumentenmanagement",
    "Fachverfahren",
    "Schnittstelle",
    "Formularserver",
    "Ratsinformationssystem",
    "WLAN",
    "Telefonie",
    "Scanstrecke",
    "Posteingang",
    "Bürgerkonto",
    "Geodatenportal",
    "Rechnungseingang",
];
const OBJECTS: &[&str] = &[
    "Wohnsitzummeldung",
    "Bauantrag",
    "Kita-Anmeldung",
    "Gewerbeanmeldung",
    "Hundesteuer",
    "Personenstandsurkunden",
    "Wohngeld",
    "Sondernutzung",
    "Schülerbeförderung",
    "Parkausweise",
    "Elterngeld",
    "Friedhofsverwaltung",
    "Sitzungsdienst",
    "Beschaffung",
];
const VERBS: &[&str] = &[
    "einführen",
    "ausbauen",
    "ablösen",
    "migrieren",
    "pilotieren",
    "ausschreiben",
];

const TEXTS: &[&str] = &[
    "Die Anforderungsanalyse ist abgeschlossen; das Lastenheft wurde mit dem Fachamt abgestimmt und liegt der Vergabestelle vor.",
    "Der Pilotbetrieb läuft im Bürgeramt seit vier Wochen. Rückmeldungen der Mitarbeitenden werden gesammelt und wöchentlich ausgewertet.",
    "Die Schnittstelle zum Fachverfahren ist technisch angebunden; die Abnahme durch den Hersteller steht noch aus.",
    "Die Schulung der Multiplikatorinnen und Multiplikatoren ist durchgeführt, der Rollout in die Abteilungen beginnt im nächsten Monat.",
    "Die Datenschutz-Folgenabschätzung wurde dem DSB vorgelegt; Rückfragen zur Löschfrist sind beantwortet.",
    "Die Ausschreibung wurde veröffentlicht, es sind drei Angebote eingegangen. Die Wertung erfolgt bis Ende des Monats.",
];

fn stamp(date: NaiveDate, seq: usize) -> String {
    format!(
        "{}T{:02}:{:02}:00Z",
        date.format("%Y-%m-%d"),
        7 + seq % 10,
        (seq * 13) % 60
    )
}

/// Builds the 500-measure data set with raw SQL in one transaction.
async fn load_bench_data(db: &Db, user_id: i64) -> AnyResult<()> {
    let today = Utc::now().date_naive();
    let day = |offset: i64| today + TimeDelta::days(offset);
    let mut rng = Rng(0x5eed_cafe_f00d_1234);
    let mut tx = db.write.begin().await?;

    let mut unit_ids = Vec::new();
    for (code, name) in UNITS {
        let id = sqlx::query("INSERT INTO org_units (code, name, parent_id) VALUES (?, ?, ?)")
            .bind(*code)
            .bind(*name)
            .bind(unit_ids.first().copied())
            .execute(&mut *tx)
            .await?
            .last_insert_rowid();
        unit_ids.push(id);
    }
    let mut person_ids = Vec::new();
    for i in 0..48 {
        let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
        let id = sqlx::query(
            "INSERT INTO people (name, function, org_unit_id, email, public_name) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&name)
        .bind(format!("{} {}", rng.pick(FUNCTIONS), UNITS[i % UNITS.len()].1))
        .bind(unit_ids[i % unit_ids.len()])
        .bind(format!("person{i}@stadt.example"))
        .bind((i % 3 == 0) as i64)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        person_ids.push(id);
    }
    // The benchmark account is an AG member with a person: the overview then also
    // shows "Meine Maßnahmen" (one more list query, as for a real AG member).
    sqlx::query("UPDATE users SET person_id = ? WHERE id = ?")
        .bind(person_ids[0])
        .bind(user_id)
        .execute(&mut *tx)
        .await?;

    let mut programme_ids = Vec::new();
    for (title, short) in [
        (
            "Arbeitspapier zur Digitalisierung der Stadtverwaltung 2025–2030",
            "Digitalisierung",
        ),
        ("Umsetzung des Onlinezugangsgesetzes (OZG 2.0)", "OZG"),
    ] {
        let id = sqlx::query(
            "INSERT INTO programmes (title, short_title, scope, resolution_no, resolution_date, body, description)
             VALUES (?, ?, 'Gesamtverwaltung', 'V/2025/117', '2025-03-20', 'Stadtrat', '')",
        )
        .bind(title)
        .bind(short)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        programme_ids.push(id);
    }
    let mut field_ids = Vec::new();
    for (pos, (prog, code, title)) in FIELDS.iter().enumerate() {
        let id = sqlx::query(
            "INSERT INTO fields (programme_id, code, title, position) VALUES (?, ?, ?, ?)",
        )
        .bind(programme_ids[*prog])
        .bind(*code)
        .bind(*title)
        .bind(pos as i64)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        field_ids.push((id, programme_ids[*prog], *code));
    }

    let statuses = [
        "geplant",
        "vorbereitung",
        "umsetzung",
        "umsetzung",
        "umsetzung",
        "abgeschlossen",
        "zurueckgestellt",
        "verworfen",
    ];
    let mut seq_in_field = vec![0usize; field_ids.len()];
    for i in 0..MEASURES {
        let f = i % field_ids.len();
        seq_in_field[f] += 1;
        let (field_id, programme_id, field_code) = field_ids[f];
        let code = format!("{field_code}.{:03}", seq_in_field[f]);
        let title = format!(
            "{} {} {}",
            rng.pick(TOPICS),
            rng.pick(OBJECTS),
            rng.pick(VERBS)
        );
        let status = *rng.pick(&statuses);
        let ampel = match rng.below(100) {
            0..=64 => "gruen",
            65..=89 => "gelb",
            _ => "rot",
        };
        let progress: i64 = match status {
            "geplant" => 0,
            "abgeschlossen" => 100,
            _ => 5 + rng.below(90) as i64,
        };
        let start = day(-(rng.below(700) as i64) - 30);
        let end = start + TimeDelta::days(120 + rng.below(600) as i64);
        // last status update between 1 and 90 days ago: some are stale (> 28 days)
        let last_days_ago = 1 + rng.below(90) as i64;
        let created = stamp(day(-800), i);
        let last_update = stamp(day(-last_days_ago), i);
        let person = if i % 40 == 0 {
            person_ids[0]
        } else {
            *rng.pick(&person_ids)
        };
        let (dsb, isb, pr) = (rng.below(3) == 0, rng.below(4) == 0, rng.below(5) == 0);
        let measure_id = sqlx::query(
            "INSERT INTO measures (programme_id, field_id, code, title, description, org_unit_id, person_id,
                status, ampel, progress, planned_start, planned_end, actual_start, actual_end, priority,
                dsb_relevant, isb_relevant, pr_relevant, ozg_key, ozg_model, ozg_level, effort_days,
                version, created_at, updated_at, last_update_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
        )
        .bind(programme_id)
        .bind(field_id)
        .bind(&code)
        .bind(&title)
        .bind(format!(
            "Ziel der Maßnahme ist es, {title} stadtweit einheitlich umzusetzen. {} Beteiligt sind das Fachamt, die IT und der Personalrat.",
            rng.pick(TEXTS)
        ))
        .bind(*rng.pick(&unit_ids))
        .bind(person)
        .bind(status)
        .bind(ampel)
        .bind(progress)
        .bind(start.to_string())
        .bind(end.to_string())
        .bind((status != "geplant").then(|| start.to_string()))
        .bind((status == "abgeschlossen").then(|| day(-10).to_string()))
        .bind(*rng.pick(&["hoch", "mittel", "mittel", "niedrig"]))
        .bind(dsb)
        .bind(isb)
        .bind(pr)
        .bind((programme_id == programme_ids[1]).then(|| format!("99{:012}", i)))
        .bind((programme_id == programme_ids[1]).then_some("2.0"))
        .bind((programme_id == programme_ids[1]).then(|| (rng.below(5) + 1) as i64))
        .bind(rng.below(200) as i64)
        .bind(&created)
        .bind(&last_update)
        .bind(&last_update)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();

        // ~4 status updates, the last one being the current state
        for k in 0..4usize {
            let when = if k == 3 {
                last_update.clone()
            } else {
                stamp(day(-last_days_ago - (3 - k as i64) * 30), i + k)
            };
            let (a, reason, options, decision_by) = if k == 3 && ampel != "gruen" {
                (
                    ampel,
                    "Lieferverzug des Herstellers; Personalengpass im Fachamt.",
                    "Option A: Termin verschieben. Option B: externe Unterstützung beauftragen.",
                    Some(day(30).to_string()),
                )
            } else {
                ("gruen", "", "", None)
            };
            sqlx::query(
                "INSERT INTO status_updates (measure_id, author_id, created_at, status, ampel, progress, text,
                    next_steps, blockers, reason, options, decision_by)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(measure_id)
            .bind(user_id)
            .bind(&when)
            .bind(if k == 3 { status } else { "vorbereitung" })
            .bind(a)
            .bind((progress * (k as i64 + 1) / 4).min(100))
            .bind(*rng.pick(TEXTS))
            .bind("Abstimmung mit dem Fachamt; Vorlage für die nächste AG-Sitzung.")
            .bind(if k % 2 == 0 { "" } else { "Rückmeldung des Herstellers steht aus." })
            .bind(reason)
            .bind(options)
            .bind(decision_by)
            .execute(&mut *tx)
            .await?;
        }
        for (k, what) in ["Konzept abgenommen", "Produktivstart"].iter().enumerate() {
            let due = start + TimeDelta::days(60 + 200 * k as i64);
            sqlx::query(
                "INSERT INTO milestones (measure_id, title, due_on, done_on) VALUES (?, ?, ?, ?)",
            )
            .bind(measure_id)
            .bind(*what)
            .bind(due.to_string())
            .bind((due < today && rng.below(3) != 0).then(|| due.to_string()))
            .execute(&mut *tx)
            .await?;
        }
        for k in 0..3i64 {
            let planned = (10_000 + rng.below(250_000) as i64) * 100;
            sqlx::query(
                "INSERT INTO budget_lines (measure_id, fiscal_year, kind, product, account, planned, approved, actual, note)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, '')",
            )
            .bind(measure_id)
            .bind(2025 + k)
            .bind(if k == 1 { "investiv" } else { "konsumtiv" })
            .bind("1.1.1.01 Gemeindeorgane und Verwaltungsführung")
            .bind(format!("54310{k}"))
            .bind(planned)
            .bind(planned * 9 / 10)
            .bind(if k == 0 { planned * 8 / 10 } else { 0 })
            .execute(&mut *tx)
            .await?;
        }
        for (track, relevant) in [("dsb", dsb), ("isb", isb), ("pr", pr)] {
            let state = if !relevant {
                "nicht_erforderlich"
            } else {
                *rng.pick(&["offen", "erteilt", "mit_auflagen"])
            };
            sqlx::query("INSERT INTO sign_offs (measure_id, track, state, note, decided_on) VALUES (?, ?, ?, ?, ?)")
                .bind(measure_id)
                .bind(track)
                .bind(state)
                .bind(if state == "mit_auflagen" { "Löschkonzept bis Produktivstart vorlegen." } else { "" })
                .bind((state == "erteilt" || state == "mit_auflagen").then(|| day(-20).to_string()))
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

async fn count(db: &Db, table: &str) -> AnyResult<i64> {
    let sql = format!("SELECT count(*) FROM {table}");
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_one(&db.read)
        .await?)
}

// ------------------------------------------------------------------ measuring

/// Sequential requests: warm-up, then until `iters` or `budget` is reached.
async fn bench_get(
    b: &Browser,
    name: &str,
    uri: &str,
    warmup: usize,
    iters: usize,
    budget: Duration,
) -> AnyResult<(Stats, usize)> {
    let mut size = 0;
    for _ in 0..warmup {
        let r = b.get(uri).await?;
        check!(r.status == StatusCode::OK, "{uri}: status {}", r.status);
        size = r.body.len();
    }
    let mut ms = Vec::with_capacity(iters);
    let started = Instant::now();
    while ms.len() < iters && (started.elapsed() < budget || ms.len() < 50) {
        let t = Instant::now();
        let r = b.get(uri).await?;
        let el = t.elapsed();
        check!(r.status == StatusCode::OK, "{uri}: status {}", r.status);
        ms.push(el.as_secs_f64() * 1e3);
    }
    Ok((Stats::from_samples(name, ms), size))
}

/// A status update form for measure `i` (green, or amber/red with the discipline fields).
fn update_form(i: usize, decision_by: &str) -> Vec<(&'static str, String)> {
    let status = ["vorbereitung", "umsetzung", "umsetzung", "abgeschlossen"][i % 4];
    let ampel = ["gruen", "gruen", "gelb", "rot", "gruen"][i % 5];
    let mut f = vec![
        ("status", status.to_string()),
        ("ampel", ampel.to_string()),
        ("progress", ((i * 7) % 101).to_string()),
        (
            "text",
            format!("{} (Benchmark-Meldung {i})", TEXTS[i % TEXTS.len()]),
        ),
        (
            "next_steps",
            "Abstimmung in der nächsten AG-Sitzung.".to_string(),
        ),
        (
            "blockers",
            if i.is_multiple_of(3) {
                "Rückmeldung des Herstellers steht aus.".to_string()
            } else {
                String::new()
            },
        ),
    ];
    if ampel != "gruen" {
        f.push(("reason", "Lieferverzug des Herstellers.".to_string()));
        f.push((
            "options",
            "Termin verschieben oder externe Unterstützung beauftragen.".to_string(),
        ));
        f.push(("decision_by", decision_by.to_string()));
    } else {
        f.extend([
            ("reason", String::new()),
            ("options", String::new()),
            ("decision_by", String::new()),
        ]);
    }
    f
}

struct WriteResult {
    stats: Stats,
    posted: usize,
    throughput: f64,
    rows_before: i64,
    rows_after: i64,
    audit_before: i64,
    audit_after: i64,
}

/// `writers` concurrent tasks, each posting `per_task` updates to its own measures.
async fn bench_writes(
    b: &Browser,
    db: &Db,
    ids: &[i64],
    name: &str,
    writers: usize,
    per_task: usize,
) -> AnyResult<WriteResult> {
    let decision_by = (Utc::now().date_naive() + TimeDelta::days(30))
        .format("%d.%m.%Y")
        .to_string();
    let rows_before = count(db, "status_updates").await?;
    let audit_before = count(db, "audit_log").await?;
    let ids = Arc::new(ids.to_vec());
    let started = Instant::now();
    let mut tasks = Vec::new();
    for t in 0..writers {
        let b = b.clone();
        let ids = ids.clone();
        let decision_by = decision_by.clone();
        tasks.push(tokio::spawn(async move {
            let mut ms = Vec::with_capacity(per_task);
            for k in 0..per_task {
                // task t owns the measures at positions t, t+writers, t+2*writers, …
                let idx = (t + k * writers) % ids.len();
                let id = ids[idx];
                let form = update_form(idx + k, &decision_by);
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let uri = format!("/massnahmen/{id}/sachstand");
                let t0 = Instant::now();
                let r = b.post(&uri, &form).await?;
                let el = t0.elapsed();
                if r.status != StatusCode::SEE_OTHER {
                    return Err::<Vec<f64>, Box<dyn std::error::Error + Send + Sync>>(
                        format!(
                            "POST {uri}: expected 303, got {} — {}",
                            r.status,
                            r.text().chars().take(400).collect::<String>()
                        )
                        .into(),
                    );
                }
                ms.push(el.as_secs_f64() * 1e3);
            }
            Ok(ms)
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    let wall = started.elapsed();
    let posted = all.len();
    let rows_after = count(db, "status_updates").await?;
    let audit_after = count(db, "audit_log").await?;
    check!(
        rows_after - rows_before == posted as i64,
        "status_updates grew by {} but {posted} updates were posted",
        rows_after - rows_before
    );
    check!(
        audit_after - audit_before == posted as i64,
        "audit_log grew by {} but {posted} updates were posted",
        audit_after - audit_before
    );
    let throughput = posted as f64 / wall.as_secs_f64();
    let mut stats = Stats::from_samples(name, all);
    stats.extra = format!("{throughput:.0} updates/s, {writers} writer(s) x {per_task}");
    Ok(WriteResult {
        stats,
        posted,
        throughput,
        rows_before,
        rows_after,
        audit_before,
        audit_after,
    })
}

// ------------------------------------------------------------------ diagnostics

/// Median of `iters` runs of an async step, in ms.
async fn median_of<F, Fut>(iters: usize, mut step: F) -> AnyResult<f64>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = AnyResult<()>>,
{
    for _ in 0..10 {
        step().await?;
    }
    let mut ms = Vec::with_capacity(iters);
    for _ in 0..iters {
        let t = Instant::now();
        step().await?;
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    Ok(Stats::from_samples("", ms).median)
}

type StepFut<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = AnyResult<()>> + Send + 'a>>;

/// Medians (ms) of several steps run round-robin, so that drifting load hits all alike.
async fn interleaved<'a>(
    iters: usize,
    steps: &mut [Box<dyn FnMut() -> StepFut<'a> + Send + 'a>],
) -> AnyResult<Vec<f64>> {
    for _ in 0..5 {
        for step in steps.iter_mut() {
            step().await?;
        }
    }
    let mut ms = vec![Vec::with_capacity(iters); steps.len()];
    for _ in 0..iters {
        for (i, step) in steps.iter_mut().enumerate() {
            let t = Instant::now();
            step().await?;
            ms[i].push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    Ok(ms
        .into_iter()
        .map(|v| Stats::from_samples("", v).median)
        .collect())
}

/// Where the time of the list, detail and overview requests goes: the same SQL and
/// view-model code the handlers call, timed on their own (medians). The remainder of
/// a request is template rendering, extractors and the middleware stack.
async fn breakdown(s: &Setup, iters: usize) -> AnyResult<Vec<String>> {
    use sachstand::measures::filter::Filter;
    use sachstand::measures::queries;
    use sachstand::measures::views::RowView;
    let db = &s.db;
    let raw_owned = s
        .browser
        .cookie
        .trim_start_matches("sachstand_sid=")
        .to_string();
    let raw = raw_owned.as_str();
    let mut out = Vec::new();

    let floor = bench_get(
        &s.browser,
        "floor",
        "/barrierefreiheit",
        10,
        iters,
        Duration::from_secs(2),
    )
    .await?
    .0
    .median;
    let session = median_of(iters, move || async move {
        sachstand::auth::session::load(db, raw)
            .await?
            .ok_or("session vanished")?;
        Ok(())
    })
    .await?;
    out.push(format!(
        "floor: GET /barrierefreiheit (session lookup + layout + small template + all layers) median {floor:.3} ms; session::load alone {session:.3} ms"
    ));

    let all_owned = Filter::default();
    let all = &all_owned;
    // The list query and three variants, measured interleaved (A, B, C, D, A, B, …) so
    // that drifting load on the machine affects all four alike.
    const JOINS: &str = "FROM measures m JOIN fields f ON f.id = m.field_id
        JOIN programmes p ON p.id = m.programme_id JOIN org_units o ON o.id = m.org_unit_id
        LEFT JOIN people pe ON pe.id = m.person_id WHERE m.archived_at IS NULL";
    #[derive(sqlx::FromRow)]
    #[allow(dead_code)]
    struct NarrowRow {
        id: i64,
        code: String,
        title: String,
        field_id: i64,
        programme_id: i64,
        status: String,
        ampel: String,
        progress: i64,
        org_unit_id: i64,
        person_id: Option<i64>,
        last_update_at: String,
        planned_end: Option<String>,
        archived: bool,
    }
    let sqlite_only_sql = format!(
        "SELECT count(*) FROM (SELECT m.id, length(m.code) + length(m.title) + length(f.title)
             + length(p.short_title) + length(o.code) + coalesce(length(pe.name), 0)
             + coalesce(length(pe.function), 0) + length(m.last_update_at) AS w
         {JOINS} ORDER BY f.position, m.code LIMIT -1)"
    );
    let ids_sql = format!("SELECT m.id {JOINS} ORDER BY f.position, m.code");
    let narrow_sql = format!(
        "SELECT m.id, m.code, m.title, m.field_id, m.programme_id, m.status, m.ampel, m.progress,
                m.org_unit_id, m.person_id, m.last_update_at, m.planned_end,
                (m.archived_at IS NOT NULL) AS archived
         {JOINS} ORDER BY f.position, m.code"
    );
    let (q1, q2, q3) = (
        sqlite_only_sql.as_str(),
        ids_sql.as_str(),
        narrow_sql.as_str(),
    );
    let medians = interleaved(
        iters,
        &mut [
            Box::new(move || -> StepFut<'_> {
                Box::pin(async move {
                    let rows = queries::list(&db.read, all).await?;
                    check!(rows.len() == MEASURES, "list returned {}", rows.len());
                    Ok(())
                })
            }),
            Box::new(move || -> StepFut<'_> {
                Box::pin(async move {
                    let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(q1.to_string()))
                        .fetch_one(&db.read)
                        .await?;
                    check!(n == MEASURES as i64, "count {n}");
                    Ok(())
                })
            }),
            Box::new(move || -> StepFut<'_> {
                Box::pin(async move {
                    let v: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(q2.to_string()))
                        .fetch_all(&db.read)
                        .await?;
                    check!(v.len() == MEASURES, "ids {}", v.len());
                    Ok(())
                })
            }),
            Box::new(move || -> StepFut<'_> {
                Box::pin(async move {
                    let v: Vec<NarrowRow> = sqlx::query_as(sqlx::AssertSqlSafe(q3.to_string()))
                        .fetch_all(&db.read)
                        .await?;
                    check!(v.len() == MEASURES, "narrow {}", v.len());
                    Ok(())
                })
            }),
        ],
    )
    .await?;
    let (list_sql, sqlite_only, ids_only, narrow) =
        (medians[0], medians[1], medians[2], medians[3]);
    out.push(format!(
        "list SQL split: SQLite executing the joins + sort (one result row) {sqlite_only:.3} ms; 500 rows x 1 column through sqlx {ids_only:.3} ms; 500 rows x 15 columns (the real list query) {list_sql:.3} ms; same rows with ids instead of the 6 joined name columns (13 columns, 6 text) {narrow:.3} ms — the cost is sqlx's per-row/per-value transfer and decoding, not the query plan"
    ));
    let rows = queries::list(&db.read, all).await?;
    let rows = &rows;
    let views = median_of(iters, move || {
        let rows = rows.clone();
        async move {
            let now = Utc::now();
            let v: Vec<RowView> = rows
                .into_iter()
                .map(|r| RowView::new(r, true, now))
                .collect();
            std::hint::black_box(v);
            Ok(())
        }
    })
    .await?;
    let choices = median_of(iters, move || async move {
        sachstand::lookups::programme_choices(&db.read).await?;
        sachstand::lookups::field_choices(&db.read).await?;
        sachstand::lookups::unit_choices(&db.read).await?;
        Ok(())
    })
    .await?;
    out.push(format!(
        "list_500 parts: session {session:.3} + list SQL (500 rows, 4 joins) {list_sql:.3} + RowView x500 {views:.3} + 3 choice queries {choices:.3} = {:.3} ms; the rest of the request is askama rendering of ~270 KiB + layers",
        session + list_sql + views + choices
    ));

    let id = s.ids[MEASURES / 3];
    let detail_sql = median_of(iters, move || async move {
        let mut conn = db.read.acquire().await?;
        queries::get(&mut conn, id).await?.ok_or("no measure")?;
        queries::sign_offs(&mut conn, id).await?;
        drop(conn);
        queries::context(&db.read, id).await?.ok_or("no context")?;
        queries::budget(&db.read, id).await?;
        queries::history(&db.read, id, 0, 20).await?;
        queries::milestones(&db.read, id).await?;
        Ok(())
    })
    .await?;
    let one_query = median_of(iters, move || async move {
        let mut conn = db.read.acquire().await?;
        queries::get(&mut conn, id).await?.ok_or("no measure")?;
        Ok(())
    })
    .await?;
    out.push(format!(
        "detail parts: session {session:.3} + 6 SQL queries {detail_sql:.3} ms (one primary-key query incl. pool acquire: {one_query:.3} ms) — per-query round trip to the SQLite worker thread dominates"
    ));

    let person: Option<i64> = sqlx::query_scalar("SELECT person_id FROM users WHERE username = ?")
        .bind(BENCH_USER)
        .fetch_one(&db.read)
        .await?;
    let mine_owned = Filter {
        person,
        ..Filter::default()
    };
    let mine = &mine_owned;
    let mine_sql = median_of(iters, move || async move {
        queries::list(&db.read, mine).await?;
        Ok(())
    })
    .await?;
    let stale_before_owned = (Utc::now() - TimeDelta::days(28))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let stale_before = stale_before_owned.as_str();
    let attention_rows = queries::needing_attention(&db.read, stale_before)
        .await?
        .len();
    let attention = median_of(iters, move || async move {
        queries::needing_attention(&db.read, stale_before).await?;
        Ok(())
    })
    .await?;
    out.push(format!(
        "overview parts: session {session:.3} + red/stale rows SQL (needing_attention, {attention_rows} rows) {attention:.3} + 'Meine Maßnahmen' list SQL {mine_sql:.3} ms + counts query + open tasks query"
    ));
    Ok(out)
}

/// The `wal_autocheckpoint` setting (pages) of the single write connection.
async fn autocheckpoint_of(db: &Db) -> AnyResult<i64> {
    Ok(sqlx::query_scalar("PRAGMA wal_autocheckpoint")
        .fetch_one(&db.write)
        .await?)
}

/// Runs `f` with the write connection's WAL auto-checkpoint set to `pages` (0 = off),
/// then checkpoints and restores the setting found (diagnostic: what does a checkpoint
/// inside a committing request cost the write latency?).
async fn with_autocheckpoint<T>(
    db: &Db,
    pages: i64,
    f: impl std::future::Future<Output = AnyResult<T>>,
) -> AnyResult<T> {
    let before = autocheckpoint_of(db).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "PRAGMA wal_autocheckpoint = {pages}"
    )))
    .execute(&db.write)
    .await?;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&db.write)
        .await?;
    let r = f.await;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&db.write)
        .await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "PRAGMA wal_autocheckpoint = {before}"
    )))
    .execute(&db.write)
    .await?;
    check!(
        autocheckpoint_of(db).await? == before,
        "wal_autocheckpoint not restored"
    );
    r
}

// ------------------------------------------------------------------ memory (child process)

fn proc_status(key: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

static STAGES: std::sync::Mutex<Vec<(String, u64, u64, u64)>> = std::sync::Mutex::new(Vec::new());

/// Records VmRSS (and its anonymous / file-backed parts) at a stage, in KiB.
fn mark(stage: &str) {
    let row = (
        stage.to_string(),
        proc_status("RssAnon:").unwrap_or(0),
        proc_status("RssFile:").unwrap_or(0),
        proc_status("VmRSS:").unwrap_or(0),
    );
    if let Ok(mut v) = STAGES.lock() {
        v.push(row);
    }
}

fn stages() -> Vec<(String, u64, u64, u64)> {
    STAGES.lock().map(|v| v.clone()).unwrap_or_default()
}

/// Asks every pooled connection to give its page cache back (diagnostic only).
async fn shrink_sqlite_caches(db: &Db) -> AnyResult<()> {
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(db.read.acquire().await?);
    }
    for c in held.iter_mut() {
        sqlx::query("PRAGMA shrink_memory")
            .execute(&mut **c)
            .await?;
    }
    drop(held);
    sqlx::query("PRAGMA shrink_memory")
        .execute(&db.write)
        .await?;
    Ok(())
}

/// Returns freed heap to the OS (glibc), to tell retained free memory from live data.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn trim_heap() {
    unsafe extern "C" {
        fn malloc_trim(pad: usize) -> i32;
    }
    // SAFETY: malloc_trim only releases free memory of glibc's allocator.
    unsafe {
        malloc_trim(0);
    }
}
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim_heap() {}

struct Setup {
    _dir: tempfile::TempDir,
    db: Db,
    browser: Browser,
    ids: Vec<i64>,
    label: String,
}

/// A fresh database with the 500-measure benchmark data and a signed-in AG member.
async fn setup_bench(dir: tempfile::TempDir) -> AnyResult<Setup> {
    let db = Db::open(&dir.path().join("bench.db")).await?;
    db.migrate().await?;
    mark("after Db::open + migrate");
    let user_id = sachstand::admin::create_account(
        &db,
        BENCH_USER,
        "Bench AG-Mitglied",
        Role::Ag,
        BENCH_PASSWORD,
    )
    .await?;
    mark("after create_account (Argon2 hash)");
    load_bench_data(&db, user_id).await?;
    mark("after loading the data");
    let app = sachstand::app(AppState::new(db.clone(), false));
    mark("after AppState::new + app()");
    let browser = Browser::login(app, BENCH_USER, BENCH_PASSWORD).await?;
    mark("after login (Argon2 verify)");
    let ids = sqlx::query_scalar("SELECT id FROM measures WHERE archived_at IS NULL ORDER BY id")
        .fetch_all(&db.read)
        .await?;
    Ok(Setup {
        _dir: dir,
        db,
        browser,
        ids,
        label: format!("{MEASURES} Maßnahmen (Benchmarkdaten)"),
    })
}

/// A fresh database with the demo loader's data, signed in as the demo AG member.
async fn setup_demo(dir: tempfile::TempDir) -> AnyResult<Setup> {
    let db = Db::open(&dir.path().join("demo.db")).await?;
    db.migrate().await?;
    mark("after Db::open + migrate");
    let logins = sachstand::demo::load(&db.write, Utc::now().date_naive()).await?;
    let ag = logins
        .iter()
        .find(|l| l.role == "ag")
        .ok_or("demo loader returned no AG login")?;
    mark("after demo::load (Argon2 hashes, report PDF)");
    let app = sachstand::app(AppState::new(db.clone(), false));
    mark("after AppState::new + app()");
    let browser = Browser::login(app, &ag.username, &ag.password).await?;
    mark("after login (Argon2 verify)");
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM measures WHERE archived_at IS NULL ORDER BY id")
            .fetch_all(&db.read)
            .await?;
    let n = ids.len();
    Ok(Setup {
        _dir: dir,
        db,
        browser,
        ids,
        label: format!("Demodaten ({n} Maßnahmen)"),
    })
}

/// Serves every benchmarked page a number of times (and some status updates).
async fn serve_all(s: &Setup, rounds: usize) -> AnyResult<()> {
    let decision_by = (Utc::now().date_naive() + TimeDelta::days(30))
        .format("%d.%m.%Y")
        .to_string();
    for r in 0..rounds {
        for uri in [
            "/massnahmen",
            "/massnahmen?ampel=rot&sort=titel&richtung=ab",
            "/",
            "/massnahmen.csv",
        ] {
            let res = s.browser.get(uri).await?;
            check!(res.status == StatusCode::OK, "{uri}: {}", res.status);
        }
        for (k, id) in s.ids.iter().enumerate().skip(r % 7).step_by(7) {
            let res = s.browser.get(&format!("/massnahmen/{id}")).await?;
            check!(
                res.status == StatusCode::OK,
                "/massnahmen/{id}: {}",
                res.status
            );
            if k % 5 == 0 {
                let form = update_form(k, &decision_by);
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let res = s
                    .browser
                    .post(&format!("/massnahmen/{id}/sachstand"), &form)
                    .await?;
                check!(
                    res.status == StatusCode::SEE_OTHER,
                    "POST sachstand {id}: {}",
                    res.status
                );
            }
        }
    }
    Ok(())
}

/// Child mode: load one data set, serve everything, print VmRSS/VmHWM (KiB).
fn child_main(which: &str) -> AnyResult<()> {
    mark("process start");
    // as `sachstand serve`: report PDFs are typeset by the binary in a child process
    sachstand::reports::pdf::use_worker(std::path::PathBuf::from(env!("CARGO_BIN_EXE_sachstand")));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let dir = tempfile::tempdir()?;
        let s = match which {
            "demo" => setup_demo(dir).await?,
            _ => setup_bench(dir).await?,
        };
        let rss_loaded = proc_status("VmRSS:").unwrap_or(0);
        serve_all(&s, 20).await?;
        let rss = proc_status("VmRSS:").unwrap_or(0);
        let hwm = proc_status("VmHWM:").unwrap_or(0);
        mark("after serving all pages");
        // Diagnostics: what part is SQLite's page caches, what part freed-but-kept heap.
        shrink_sqlite_caches(&s.db).await?;
        mark("after PRAGMA shrink_memory on all 5 connections");
        trim_heap();
        mark("after malloc_trim(0)");
        for (stage, anon, file, total) in stages() {
            println!("STAGE {total} {anon} {file} {stage}");
        }
        let db_bytes: u64 = std::fs::read_dir(s._dir.path())?
            .filter_map(|e| e.ok()?.metadata().ok())
            .map(|m| m.len())
            .sum();
        println!(
            "MEMORY label={:?} measures={} rss_loaded_kib={rss_loaded} rss_kib={rss} hwm_kib={hwm} db_files_bytes={db_bytes}",
            s.label,
            s.ids.len()
        );
        s.db.read.close().await;
        s.db.write.close().await;
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
    })
}

struct Memory {
    label: String,
    rss_loaded: f64,
    rss: f64,
    hwm: f64,
    db_mib: f64,
    stages: Vec<String>,
}

fn run_child(which: &str) -> Result<Memory, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(exe)
        .env(CHILD_ENV, which)
        .output()
        .map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("MEMORY "))
        .ok_or_else(|| {
            format!(
                "child `{which}` failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            )
        })?;
    let field = |key: &str| -> String {
        let start = line
            .find(&format!("{key}="))
            .map(|i| i + key.len() + 1)
            .unwrap_or(line.len());
        let rest = &line[start..];
        if let Some(stripped) = rest.strip_prefix('"') {
            stripped.split('"').next().unwrap_or("").to_string()
        } else {
            rest.split_whitespace().next().unwrap_or("").to_string()
        }
    };
    let mib = |key: &str| field(key).parse::<f64>().unwrap_or(f64::NAN) / 1024.0;
    Ok(Memory {
        label: field("label"),
        rss_loaded: mib("rss_loaded_kib"),
        rss: mib("rss_kib"),
        hwm: mib("hwm_kib"),
        db_mib: field("db_files_bytes").parse::<f64>().unwrap_or(f64::NAN) / 1048576.0,
        stages: stdout
            .lines()
            .filter_map(|l| l.strip_prefix("STAGE "))
            .filter_map(|l| {
                let mut it = l.splitn(4, ' ');
                let kib = |v: Option<&str>| {
                    v.and_then(|v| v.parse::<f64>().ok()).unwrap_or(f64::NAN) / 1024.0
                };
                let (total, anon, file) = (kib(it.next()), kib(it.next()), kib(it.next()));
                Some(format!(
                    "{total:>6.1} MiB (anon {anon:>5.1}, file {file:>5.1})  {}",
                    it.next()?
                ))
            })
            .collect(),
    })
}

// ------------------------------------------------------------------ main

fn machine() -> (String, String) {
    let nproc = std::thread::available_parallelism()
        .map(|n| n.get().to_string())
        .unwrap_or_default();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unbekannt".into());
    (nproc, cpu)
}

/// (busy, steal, total) jiffies of the whole machine, and this process's own CPU jiffies
/// (with waited-for children), to tell how much other processes competed for the CPUs.
fn cpu_sample() -> (u64, u64, u64, u64) {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let v: Vec<u64> = stat
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(1)
        .filter_map(|x| x.parse().ok())
        .collect();
    let get = |i: usize| v.get(i).copied().unwrap_or(0);
    let total: u64 = v.iter().take(8).sum();
    let busy = total - get(3) - get(4);
    let own_stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_comm = own_stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    // tokens[0] is field 3 (state); utime, stime, cutime, cstime are fields 14–17
    let f: Vec<&str> = after_comm.split_whitespace().collect();
    let tok = |i: usize| {
        f.get(i)
            .and_then(|x| x.parse::<i64>().ok())
            .unwrap_or(0)
            .max(0) as u64
    };
    let own = tok(11) + tok(12) + tok(13) + tok(14);
    (busy, get(7), total, own)
}

async fn run() -> AnyResult<()> {
    let sc = scale();
    let n = |x: usize| ((x as f64 * sc).round() as usize).max(20);
    let budget = |s: f64| Duration::from_secs_f64(s * sc);
    let per_task: usize = std::env::var("BENCH_WRITES_PER_TASK")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);

    let load_start = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let cpu_start = cpu_sample();
    let t_setup = Instant::now();
    let s = setup_bench(tempfile::tempdir()?).await?;
    let setup_ms = t_setup.elapsed().as_secs_f64() * 1e3;
    let b = &s.browser;
    let db = &s.db;
    check!(
        s.ids.len() == MEASURES,
        "expected {MEASURES} measures, found {}",
        s.ids.len()
    );
    let red: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM measures WHERE ampel = 'rot' AND archived_at IS NULL",
    )
    .fetch_one(&db.read)
    .await?;
    println!(
        "setup: {} measures, {} status updates, {} milestones, {} budget lines, {} sign-offs; login ok ({setup_ms:.0} ms incl. Argon2)",
        s.ids.len(),
        count(db, "status_updates").await?,
        count(db, "milestones").await?,
        count(db, "budget_lines").await?,
        count(db, "sign_offs").await?,
    );

    // Sanity: the pages contain what they should (a benchmark of error pages is worthless).
    let list = b.get("/massnahmen").await?;
    check!(
        list.text()
            .contains(&format!("{MEASURES} Maßnahmen</strong>")),
        "list does not show {MEASURES} measures"
    );
    let filtered = b
        .get("/massnahmen?ampel=rot&sort=titel&richtung=ab")
        .await?;
    check!(
        filtered
            .text()
            .contains(&format!("{red} Maßnahmen</strong>")),
        "filtered list does not show {red} red measures"
    );
    let mid = s.ids[MEASURES / 2];
    let detail = b.get(&format!("/massnahmen/{mid}")).await?;
    check!(
        detail.status == StatusCode::OK
            && detail
                .text()
                .contains(&format!("/massnahmen/{mid}/sachstand")),
        "detail page lacks the status form"
    );
    let csv = b.get("/massnahmen.csv").await?;
    let csv_lines = csv.text().lines().count();
    check!(
        csv_lines == MEASURES + 1,
        "CSV has {csv_lines} lines, expected {}",
        MEASURES + 1
    );
    let home = b.get("/").await?;
    check!(
        home.text().contains(&format!("{MEASURES} insgesamt")),
        "overview does not count {MEASURES}"
    );

    let mut results: Vec<Stats> = Vec::new();
    let mut sizes: Vec<(String, usize)> = Vec::new();

    let (st, size) = bench_get(b, "list_500", "/massnahmen", 30, n(1500), budget(6.0)).await?;
    println!("{}", st.line());
    results.push(st.target("median", 3.0));
    sizes.push(("list_500".into(), size));

    let (st, size) = bench_get(
        b,
        "list_filtered_sorted",
        "/massnahmen?ampel=rot&sort=titel&richtung=ab",
        30,
        n(3000),
        budget(4.0),
    )
    .await?;
    println!("{}", st.line());
    results.push(st.target("median", 3.0));
    sizes.push((format!("list_filtered_sorted ({red} rows)"), size));

    // Detail: cycle over all measures so that the page cache is not one hot row.
    {
        let name = "detail";
        for id in s.ids.iter().take(50) {
            let r = b.get(&format!("/massnahmen/{id}")).await?;
            check!(r.status == StatusCode::OK, "detail {id}: {}", r.status);
        }
        let uris: Vec<String> = s.ids.iter().map(|id| format!("/massnahmen/{id}")).collect();
        let mut ms = Vec::new();
        let started = Instant::now();
        let mut size = 0;
        while ms.len() < n(5000) && (started.elapsed() < budget(5.0) || ms.len() < 50) {
            let uri = &uris[(ms.len() * 37) % uris.len()];
            let t = Instant::now();
            let r = b.get(uri).await?;
            let el = t.elapsed();
            check!(r.status == StatusCode::OK, "{uri}: {}", r.status);
            size = r.body.len();
            ms.push(el.as_secs_f64() * 1e3);
        }
        let st = Stats::from_samples(name, ms).target("median", 0.5);
        println!("{}", st.line());
        results.push(st);
        sizes.push(("detail".into(), size));
    }

    let (st, size) = bench_get(b, "overview", "/", 30, n(1500), budget(5.0)).await?;
    println!("{}", st.line());
    results.push(st);
    sizes.push(("overview".into(), size));

    let (st, size) = bench_get(b, "csv_500", "/massnahmen.csv", 30, n(1500), budget(5.0)).await?;
    println!("{}", st.line());
    results.push(st);
    sizes.push(("csv_500".into(), size));

    // Writes: 1 writer as the service-time baseline, then 16 concurrent writers.
    let single = bench_writes(b, db, &s.ids, "status_update_1w", 1, n(300)).await?;
    println!("{}", single.stats.line());
    let multi = bench_writes(b, db, &s.ids, "status_update_16w", WRITERS, per_task).await?;
    println!("{}", multi.stats.line());
    println!(
        "writes verified: status_updates {} -> {} (+{}), audit_log {} -> {} (+{}), posted {} (all 303)",
        multi.rows_before,
        multi.rows_after,
        multi.rows_after - multi.rows_before,
        multi.audit_before,
        multi.audit_after,
        multi.audit_after - multi.audit_before,
        multi.posted
    );
    let verified_line = format!(
        "16 writers x {per_task}: status_updates {} → {} (+{}), audit_log +{}, posted {}, every response 303; 1 writer: +{} rows for {} posts",
        multi.rows_before,
        multi.rows_after,
        multi.rows_after - multi.rows_before,
        multi.audit_after - multi.audit_before,
        multi.posted,
        single.rows_after - single.rows_before,
        single.posted
    );
    results.push(single.stats.clone().target("p99", 2.0));
    results.push(multi.stats.clone().target("p99", 2.0));

    // Diagnostics (not product behaviour): the same writes with the write connection's
    // WAL auto-checkpoint set the other way (in-request checkpoint every 1000 pages, or
    // off), to show what a checkpoint inside a committing request costs the tail.
    let mut diagnostics: Vec<String> = Vec::new();
    let shipped = autocheckpoint_of(db).await?;
    let other = if shipped == 0 { 1000 } else { 0 };
    let label = |pages: i64| {
        if pages == 0 {
            "wal_autocheckpoint=0 (no checkpoint inside requests)".to_string()
        } else {
            format!("wal_autocheckpoint={pages} (checkpoint inside a committing request)")
        }
    };
    diagnostics.push(format!(
        "write connection as shipped: {}; the figures status_update_1w/16w above use it",
        label(shipped)
    ));
    let four = bench_writes(b, db, &s.ids, "diag_update_4w", 4, per_task).await?;
    println!("{}", four.stats.line());
    diagnostics.push(format!(
        "{} (as shipped; verified +{} rows)",
        four.stats.line().trim_end(),
        four.rows_after - four.rows_before
    ));
    let tag = if other == 0 { "ckpt_off" } else { "ckpt_1000" };
    let single_alt = with_autocheckpoint(
        db,
        other,
        bench_writes(b, db, &s.ids, &format!("diag_update_1w_{tag}"), 1, n(300)),
    )
    .await?;
    let multi_alt = with_autocheckpoint(
        db,
        other,
        bench_writes(
            b,
            db,
            &s.ids,
            &format!("diag_update_16w_{tag}"),
            WRITERS,
            per_task,
        ),
    )
    .await?;
    for w in [&single_alt, &multi_alt] {
        println!("{}", w.stats.line());
        diagnostics.push(format!(
            "{} ({}, verified +{} rows)",
            w.stats.line().trim_end(),
            label(other),
            w.rows_after - w.rows_before
        ));
    }
    diagnostics.push(format!(
        "write service time (wall / updates): 1 writer {:.3} ms, {WRITERS} writers {:.3} ms — with one write connection a 16-deep queue waits ~{WRITERS} x service time",
        1e3 / single.throughput,
        1e3 / multi.throughput
    ));
    for l in breakdown(&s, n(300)).await? {
        println!("{l}");
        diagnostics.push(l);
    }

    // The list after ~2,000 more status updates (the list query does not read them,
    // but the measures rows were rewritten).
    let (st, _) = bench_get(
        b,
        "list_500_after_writes",
        "/massnahmen",
        10,
        n(400),
        budget(2.0),
    )
    .await?;
    println!("{}", st.line());
    results.push(st.target("median", 3.0));

    let rss_main = proc_status("VmRSS:").unwrap_or(0) as f64 / 1024.0;
    let hwm_main = proc_status("VmHWM:").unwrap_or(0) as f64 / 1024.0;
    s.db.read.close().await;
    s.db.write.close().await;

    // Memory of fresh processes (no benchmark sample vectors, one data set each).
    let mem_bench = run_child("bench");
    let mem_demo = run_child("demo");

    // ---------------------------------------------------------------- report
    let (nproc, cpu) = machine();
    println!();
    println!(
        "=== Sachstand page benchmark — in-process router (tower::oneshot), {MEASURES} measures ==="
    );
    let load_end = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let cpu_end = cpu_sample();
    let (busy, steal, total, own) = (
        cpu_end.0.saturating_sub(cpu_start.0),
        cpu_end.1.saturating_sub(cpu_start.1),
        cpu_end.2.saturating_sub(cpu_start.2).max(1),
        cpu_end.3.saturating_sub(cpu_start.3),
    );
    let ncpu = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1) as f64;
    let others = busy.saturating_sub(own) as f64 / total as f64 * ncpu * 100.0;
    let load_line = format!(
        "load average (1/5/15 min) at start: {} — at end: {}; during the run other processes used {others:.0}% of one CPU on average (this benchmark {:.0}%), steal {:.1}%",
        load_start
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
        load_end
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
        own as f64 / total as f64 * ncpu * 100.0,
        steal as f64 / total as f64 * 100.0
    );
    println!("machine: {nproc} CPUs, {cpu}; release build; tokio multi-thread runtime");
    println!("{load_line}");
    for st in &results {
        println!("{}", st.line());
    }
    println!("{verified_line}");
    println!(
        "write throughput: 1 writer {:.0} updates/s, {WRITERS} writers {:.0} updates/s",
        single.throughput, multi.throughput
    );
    for (name, size) in &sizes {
        println!("response size {name}: {:.1} KiB", *size as f64 / 1024.0);
    }
    let mut mem_lines = Vec::new();
    for m in [&mem_bench, &mem_demo] {
        match m {
            Ok(m) => mem_lines.push(format!(
                "memory {:<34} VmRSS {:>6.1} MiB after serving all pages (after load: {:.1} MiB, peak VmHWM {:.1} MiB; DB files {:.1} MiB) target < 50 MiB: {}",
                m.label,
                m.rss,
                m.rss_loaded,
                m.hwm,
                m.db_mib,
                if m.rss < 50.0 { "MET" } else { "MISSED" }
            )),
            Err(e) => mem_lines.push(format!("memory: not measured — {e}")),
        }
        if let Ok(m) = m {
            for st in &m.stages {
                mem_lines.push(format!("  VmRSS stage [{}]: {st}", m.label));
            }
        }
    }
    mem_lines.push(format!(
        "memory benchmark process itself (all of the above, incl. sample vectors): VmRSS {rss_main:.1} MiB, VmHWM {hwm_main:.1} MiB"
    ));
    for l in &mem_lines {
        println!("{l}");
    }
    println!("diagnostics:");
    for l in &diagnostics {
        println!("  {l}");
    }

    // Markdown for benches/README-figures.md (printed; written when BENCH_WRITE_MD=1).
    let mut md = String::new();
    md.push_str("| figure | n | median ms | p95 ms | p99 ms | mean ms | max ms | verdict / note |\n|---|---|---|---|---|---|---|---|\n");
    for st in &results {
        md.push_str(&st.md_row());
        md.push('\n');
    }
    md.push_str(&format!("\nVerification: {verified_line}\n\n"));
    for l in &mem_lines {
        md.push_str(&format!("- {l}\n"));
    }
    for (name, size) in &sizes {
        md.push_str(&format!(
            "- response size {name}: {:.1} KiB\n",
            *size as f64 / 1024.0
        ));
    }
    md.push_str("\nDiagnostics:\n\n");
    for l in &diagnostics {
        md.push_str(&format!("- {l}\n"));
    }
    if std::env::var("BENCH_PRINT_MD").as_deref() == Ok("1") {
        println!(
            "\n--- markdown ---\nmachine: {nproc} CPUs, {cpu}; {load_line}\n\n{md}--- end markdown ---"
        );
    }
    Ok(())
}

fn main() {
    if let Ok(which) = std::env::var(CHILD_ENV) {
        if let Err(e) = child_main(&which) {
            eprintln!("child {which}: {e}");
            std::process::exit(1);
        }
        return;
    }
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass nothing or a filter.
    let started = Instant::now();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    // Run on a worker thread, as a request handler would in the server.
    let result = rt.block_on(async { tokio::spawn(run()).await });
    match result {
        Ok(Ok(())) => println!(
            "total benchmark time: {:.1} s",
            started.elapsed().as_secs_f64()
        ),
        Ok(Err(e)) => {
            eprintln!("BENCHMARK FAILED: {e}");
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("BENCHMARK PANICKED: {e}");
            std::process::exit(1);
        }
    }
}
