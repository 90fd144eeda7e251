//! Durability: the real binary under concurrent write load is killed with SIGKILL at a
//! random moment, many rounds in a row; every write the server acknowledged (303) must be
//! in the database afterwards, and `PRAGMA integrity_check` / `foreign_key_check` must be
//! clean after every kill. Also: the start-up check of the SQLite settings is logged.
//!
//! Rounds: `SACHSTAND_KILL_ROUNDS` (CI default 30, full run 200), delay seed:
//! `SACHSTAND_KILL_SEED`. Figures: `cargo test --test proc durability -- --nocapture`, e.g.
//! `SACHSTAND_KILL_ROUNDS=200 cargo test --release --test proc durability -- --nocapture`.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::harness::audit::{Audit, audit_rows};
use crate::harness::client::Resp;
use crate::harness::html::{scrape_form, set_field};
use crate::harness::random::Lcg;
use crate::harness::tables::{Integrity, integrity};
use crate::support::{
    Browser, PASSWORD, Server, active_measures, add_users, demo_db, env_u64, keys_in,
    machine_to_myself, open_db,
};

const CLIENTS: usize = 8;
const DEFAULT_ROUNDS: u64 = 30;
/// Share of operations that are measure edits (the rest are status updates), in percent.
const EDIT_PERCENT: u64 = 20;

/// One session of the load: its own account, cookie jar and CSRF token, kept across
/// restarts (sessions live in the database, so they survive a kill).
struct Agent {
    no: usize,
    user: String,
    client: Browser,
    logged_in: bool,
}

#[derive(Default)]
struct Outcome {
    status_acks: Vec<String>,
    edit_acks: Vec<String>,
    conflicts: usize,
    /// Writes sent but cut off by the kill (no answer): may or may not be committed.
    in_flight: Vec<String>,
    unexpected: Vec<String>,
}

enum Step {
    Go,
    /// The server is gone (transport error): this agent is done for the round.
    Gone,
}

impl Agent {
    async fn ensure_login(&mut self, out: &mut Outcome) -> Step {
        if self.logged_in {
            return Step::Go;
        }
        match self.client.try_login(&self.user, PASSWORD).await {
            Ok(Ok(())) => {
                self.logged_in = true;
                Step::Go
            }
            Ok(Err(answer)) => {
                out.unexpected.push(format!("client {}: {answer}", self.no));
                Step::Gone
            }
            Err(_) => Step::Gone,
        }
    }

    /// Sorts an answer that is neither an acknowledgement nor a legitimate refusal.
    fn other(&mut self, out: &mut Outcome, what: &str, r: &Resp) {
        if r.status == 303 && r.location().contains("/anmelden") {
            self.logged_in = false;
        } else {
            out.unexpected.push(format!(
                "client {} {what}: HTTP {} {} {}",
                self.no,
                r.status,
                r.location(),
                excerpt(&r.body)
            ));
        }
    }

    async fn status_update(
        &mut self,
        out: &mut Outcome,
        id: i64,
        key: &str,
        rng: &mut Lcg,
    ) -> Step {
        let text = format!("{key} Sachstand: Arbeiten laufen, Abnahme in Vorbereitung.");
        let progress = rng.range(0, 99).to_string();
        let amber = rng.range(0, 3) == 0;
        let mut fields = vec![
            ("status", "umsetzung"),
            ("progress", progress.as_str()),
            ("text", text.as_str()),
            ("next_steps", "Abnahme planen"),
            ("blockers", ""),
        ];
        if amber {
            fields.extend([
                ("ampel", "gelb"),
                ("reason", "Lieferverzug beim Anbieter"),
                ("options", "Nachfrist setzen oder Anbieter wechseln"),
                ("decision_by", "2099-12-31"),
            ]);
        } else {
            fields.extend([
                ("ampel", "gruen"),
                ("reason", ""),
                ("options", ""),
                ("decision_by", ""),
            ]);
        }
        let path = format!("/massnahmen/{id}/sachstand");
        match self.client.try_post(&path, &fields).await {
            Err(_) => {
                out.in_flight.push(key.to_string());
                Step::Gone
            }
            Ok(r) => {
                if r.status == 303 && r.location().starts_with(&format!("/massnahmen/{id}?")) {
                    out.status_acks.push(key.to_string());
                } else {
                    self.other(out, "status update", &r);
                }
                Step::Go
            }
        }
    }

    async fn edit(&mut self, out: &mut Outcome, id: i64, key: &str) -> Step {
        let path = format!("/massnahmen/{id}/bearbeiten");
        let form = match self.client.try_get(&path).await {
            Err(_) => return Step::Gone,
            Ok(r) if r.status == 200 => r,
            Ok(r) => {
                self.other(out, "edit form", &r);
                return Step::Go;
            }
        };
        let Some(mut fields) = scrape_form(&form.body, "/bearbeiten") else {
            out.unexpected
                .push(format!("client {}: no edit form on {path}", self.no));
            return Step::Go;
        };
        set_field(&mut fields, "title", &format!("Dauertest {key}"));
        match self.client.try_post_raw(&path, &fields).await {
            Err(_) => {
                out.in_flight.push(key.to_string());
                Step::Gone
            }
            Ok(r) => {
                if r.status == 303 && r.location().starts_with(&format!("/massnahmen/{id}?")) {
                    out.edit_acks.push(key.to_string());
                } else if r.status == 409 {
                    // someone saved this measure between our GET and POST: not acknowledged
                    out.conflicts += 1;
                } else {
                    self.other(out, "edit", &r);
                }
                Step::Go
            }
        }
    }
}

fn excerpt(body: &str) -> String {
    let summary = body.split("class=\"error-summary").nth(1).unwrap_or(body);
    summary.chars().take(300).collect()
}

/// What the agents of one round share with the harness.
struct Round {
    no: u64,
    measures: Arc<Vec<i64>>,
    /// Set after the kill.
    stop: AtomicBool,
    /// Acknowledged writes so far.
    acked: AtomicUsize,
    /// Agents that are signed in and sending writes.
    ready: AtomicUsize,
}

/// One agent's traffic until the server is gone or `stop` is set.
async fn drive(mut agent: Agent, round: Arc<Round>, seed: u64) -> (Agent, Outcome) {
    let mut out = Outcome::default();
    let mut rng = Lcg::new(seed);
    let mut seq = 0u64;
    let mut counted = false;
    let measures = &round.measures;
    while !round.stop.load(Ordering::SeqCst) {
        if let Step::Gone = agent.ensure_login(&mut out).await {
            break;
        }
        if !counted {
            round.ready.fetch_add(1, Ordering::SeqCst);
            counted = true;
        }
        seq += 1;
        let key = format!("DUR-r{}-c{}-s{seq}", round.no, agent.no);
        let id = measures[rng.range(0, measures.len() as u64 - 1) as usize];
        let before = out.status_acks.len() + out.edit_acks.len();
        let step = if rng.range(1, 100) <= EDIT_PERCENT {
            agent.edit(&mut out, id, &key).await
        } else {
            agent.status_update(&mut out, id, &key, &mut rng).await
        };
        round.acked.fetch_add(
            out.status_acks.len() + out.edit_acks.len() - before,
            Ordering::SeqCst,
        );
        if let Step::Gone = step {
            break;
        }
        if out.unexpected.len() > 20 {
            break;
        }
    }
    (agent, out)
}

struct Check {
    integrity: Integrity,
    status_keys: HashSet<String>,
    edit_keys: HashSet<String>,
}

/// Copies the database files a killed server left behind (main file, WAL, shared memory)
/// so that the check recovers the copy and the next server start recovers the original.
fn snapshot(db: &Path, dir: &Path) -> std::path::PathBuf {
    let target = dir.join("geprueft.db");
    for suffix in ["", "-wal", "-shm"] {
        let to = std::path::PathBuf::from(format!("{}{suffix}", target.display()));
        let _ = std::fs::remove_file(&to);
        let from = std::path::PathBuf::from(format!("{}{suffix}", db.display()));
        if from.exists() {
            std::fs::copy(&from, &to).expect("copy database file");
        }
    }
    target
}

async fn check_db(db: &Path) -> Check {
    let key = regex_lite::Regex::new(r"DUR-r\d+-c\d+-s\d+").expect("regex");
    let mut conn = open_db(db).await;
    let integrity = integrity(&mut conn).await;
    let status_keys = keys_in(
        &mut conn,
        "SELECT text FROM status_updates WHERE instr(text, 'DUR-r') > 0",
        &key,
    )
    .await;
    // A later edit of the same measure overwrites the title; the audit row of every
    // acknowledged edit (same transaction as the edit) must stay.
    let edit_keys = audit_rows(&mut conn, &Audit::action("bearbeiten").new_has("DUR-r"))
        .await
        .iter()
        .flat_map(|r| key.find_iter(&r.new_values).map(|m| m.as_str().to_string()))
        .collect();
    conn.rollback().await.expect("close");
    Check {
        integrity,
        status_keys,
        edit_keys,
    }
}

#[derive(Default)]
struct Totals {
    rounds: u64,
    status_acks: usize,
    edit_acks: usize,
    conflicts: usize,
    in_flight: usize,
    in_flight_committed: usize,
    lost: usize,
    integrity_ok: bool,
}

impl Totals {
    fn figure(&self) -> String {
        format!(
            "kill -9: {} rounds, {} acknowledged, {} lost, integrity {} ({} status updates, {} edits acknowledged, {} edits refused with 409; {} writes cut off by the kill, {} of them committed)",
            self.rounds,
            self.status_acks + self.edit_acks,
            self.lost,
            if self.integrity_ok { "ok" } else { "FAILED" },
            self.status_acks,
            self.edit_acks,
            self.conflicts,
            self.in_flight,
            self.in_flight_committed
        )
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_kill_9_in_every_round() {
    let rounds = env_u64("SACHSTAND_KILL_ROUNDS", DEFAULT_ROUNDS).max(1);
    let seed = env_u64("SACHSTAND_KILL_SEED", 0x5ac4_57a4d);
    let _alone = machine_to_myself().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_db(dir.path());
    let users: Vec<String> = (1..=CLIENTS).map(|i| format!("dauer{i}")).collect();
    add_users(&db, &users, "ag");
    let measures = Arc::new(active_measures(&db).await);
    assert!(measures.len() >= 10, "demo data should have measures");

    let mut agents: Vec<Agent> = users
        .iter()
        .enumerate()
        .map(|(i, u)| Agent {
            no: i + 1,
            user: u.clone(),
            client: Browser::new("http://127.0.0.1:1"),
            logged_in: false,
        })
        .collect();
    let mut rng = Lcg::new(seed);
    let mut totals = Totals {
        integrity_ok: true,
        ..Totals::default()
    };
    let mut all_status: Vec<String> = Vec::new();
    let mut all_edits: Vec<String> = Vec::new();
    let started = Instant::now();
    println!("kill -9 harness: {rounds} rounds, {CLIENTS} clients, seed {seed:#x}");

    for round in 1..=rounds {
        let log = dir.path().join(format!("serve-{round}.log"));
        let mut server = Server::start(&db, &log).await;
        let shared = Arc::new(Round {
            no: round,
            measures: measures.clone(),
            stop: AtomicBool::new(false),
            acked: AtomicUsize::new(0),
            ready: AtomicUsize::new(0),
        });
        let mut tasks = Vec::new();
        for mut agent in agents.drain(..) {
            agent.client.set_base(&server.base);
            let agent_seed = seed ^ (round << 16) ^ agent.no as u64;
            tasks.push(tokio::spawn(drive(agent, shared.clone(), agent_seed)));
        }
        // Kill at a random moment once every client is signed in and writes are flowing
        // (bounded wait).
        let wait_start = Instant::now();
        while (shared.acked.load(Ordering::SeqCst) == 0
            || shared.ready.load(Ordering::SeqCst) < CLIENTS)
            && wait_start.elapsed() < Duration::from_secs(20)
            && !tasks.iter().all(|t| t.is_finished())
        {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let delay = rng.range(100, 800);
        tokio::time::sleep(Duration::from_millis(delay)).await;
        server.kill();
        shared.stop.store(true, Ordering::SeqCst);

        let mut round_out = Outcome::default();
        for t in tasks {
            let (agent, out) = tokio::time::timeout(Duration::from_secs(60), t)
                .await
                .expect("client did not stop after the kill")
                .expect("client task panicked");
            agents.push(agent);
            round_out.status_acks.extend(out.status_acks);
            round_out.edit_acks.extend(out.edit_acks);
            round_out.conflicts += out.conflicts;
            round_out.in_flight.extend(out.in_flight);
            round_out.unexpected.extend(out.unexpected);
        }
        agents.sort_by_key(|a| a.no);

        let check = check_db(&snapshot(&db, dir.path())).await;
        all_status.extend(round_out.status_acks.iter().cloned());
        all_edits.extend(round_out.edit_acks.iter().cloned());
        let lost_status: Vec<&String> = all_status
            .iter()
            .filter(|k| !check.status_keys.contains(*k))
            .collect();
        let lost_edits: Vec<&String> = all_edits
            .iter()
            .filter(|k| !check.edit_keys.contains(*k))
            .collect();
        let round_acks = round_out.status_acks.len() + round_out.edit_acks.len();
        totals.rounds = round;
        totals.status_acks += round_out.status_acks.len();
        totals.edit_acks += round_out.edit_acks.len();
        totals.conflicts += round_out.conflicts;
        totals.in_flight += round_out.in_flight.len();
        totals.in_flight_committed += round_out
            .in_flight
            .iter()
            .filter(|k| check.status_keys.contains(*k) || check.edit_keys.contains(*k))
            .count();
        totals.lost = lost_status.len() + lost_edits.len();
        totals.integrity_ok &= check.integrity.ok();
        println!(
            "  round {round:>3}: kill after {delay:>3} ms, {round_acks:>4} acknowledged ({} edits, {} × 409), lost so far {}, integrity {:?}, foreign key violations {}",
            round_out.edit_acks.len(),
            round_out.conflicts,
            totals.lost,
            check.integrity.integrity,
            check.integrity.fk_violations
        );

        let log_text = server.log_text();
        let mut problems = Vec::new();
        if round_acks == 0 {
            problems.push("no acknowledged write in this round".to_string());
        }
        if !lost_status.is_empty() || !lost_edits.is_empty() {
            problems.push(format!(
                "lost acknowledged writes: status updates {lost_status:?}, edits {lost_edits:?}"
            ));
        }
        if !check.integrity.ok() {
            problems.push(format!(
                "integrity_check {:?}, foreign_key_check {} rows",
                check.integrity.integrity, check.integrity.fk_violations
            ));
        }
        if !round_out.unexpected.is_empty() {
            problems.push(format!(
                "unexpected answers: {:?}",
                &round_out.unexpected[..round_out.unexpected.len().min(5)]
            ));
        }
        for bad in ["panicked", "database is locked", "Panik"] {
            if log_text.contains(bad) {
                problems.push(format!("server log contains {bad:?}:\n{log_text}"));
            }
        }
        if !problems.is_empty() {
            println!("{}", totals.figure());
            panic!("round {round}: {}", problems.join("\n"));
        }
    }

    // The last crash is recovered by a server start (as in operation), then the original
    // file is checked once more.
    let mut server = Server::start(&db, &dir.path().join("serve-final.log")).await;
    server.kill();
    let check = check_db(&db).await;
    totals.lost = all_status
        .iter()
        .filter(|k| !check.status_keys.contains(*k))
        .count()
        + all_edits
            .iter()
            .filter(|k| !check.edit_keys.contains(*k))
            .count();
    totals.integrity_ok &= check.integrity.ok();

    println!(
        "{} ({:.1} s)",
        totals.figure(),
        started.elapsed().as_secs_f64()
    );
    assert_eq!(totals.lost, 0);
    assert!(totals.integrity_ok);
    assert!(totals.status_acks > 0 && totals.edit_acks > 0);
}

/// `sachstand serve` logs the SQLite settings durability depends on before it serves.
#[tokio::test]
async fn startup_logs_wal_foreign_keys_busy_timeout_and_sqlite_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("neu.db");
    let mut server = Server::start(&db, &dir.path().join("serve.log")).await;
    server.kill();
    let log = server.log_text();
    let line = log
        .lines()
        .find(|l| l.contains("SQLite bereit"))
        .unwrap_or_else(|| panic!("no start-up check in the log:\n{log}"));
    let re = regex_lite::Regex::new(r#"(\w+)=("[^"]*"|\S+)"#).expect("regex");
    let field = |name: &str| -> String {
        re.captures_iter(line)
            .find(|c| &c[1] == name)
            .map(|c| c[2].trim_matches('"').to_string())
            .unwrap_or_else(|| panic!("{name} missing in: {line}"))
    };
    assert_eq!(field("journal_mode").to_ascii_lowercase(), "wal", "{line}");
    assert_eq!(field("foreign_keys"), "true", "{line}");
    let busy: u64 = field("busy_timeout_ms").parse().expect("busy_timeout_ms");
    assert!(busy >= 5000, "{line}");
    let version: Vec<u32> = field("sqlite_version")
        .split('.')
        .map(|p| p.parse().unwrap_or(0))
        .collect();
    assert!(
        version.as_slice() >= [3, 51, 3].as_slice(),
        "SQLite {version:?} is older than 3.51.3 (WAL-reset bug): {line}"
    );
    println!(
        "start-up check: journal_mode {}, foreign_keys {}, busy_timeout_ms {busy}, sqlite_version {}",
        field("journal_mode"),
        field("foreign_keys"),
        field("sqlite_version")
    );
}
