//! Concurrency under load: the real binary on the demo database, 50 concurrent clients
//! (each its own account and session, logged in through the login form) mixing reads
//! (list, detail, overview, CSV) and writes (status updates, about 20 %) for a while:
//! 0 answers ≥ 500, 0 "database is locked", 0 transport errors, and every acknowledged
//! write is in the database afterwards.
//!
//! Duration: `SACHSTAND_LOAD_SECONDS` (CI default 8, full run 60), e.g.
//! `SACHSTAND_LOAD_SECONDS=60 cargo test --test proc load -- --nocapture`.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::harness::random::Lcg;
use crate::harness::stats::percentile;
use crate::harness::tables::{Integrity, integrity};
use crate::support::{
    Browser, PASSWORD, Server, active_measures, add_user, add_users, demo_db, env_u64, keys_in,
    machine_to_myself, open_db,
};

const CLIENTS: usize = 50;
const DEFAULT_SECONDS: u64 = 8;
const WRITE_PERCENT: u64 = 20;

#[derive(Default)]
struct Stats {
    requests: usize,
    writes: usize,
    server_errors: Vec<String>,
    locked: Vec<String>,
    transport: Vec<String>,
    unexpected: Vec<String>,
    latencies: Vec<Duration>,
    acks: Vec<String>,
}

impl Stats {
    fn merge(&mut self, o: Stats) {
        self.requests += o.requests;
        self.writes += o.writes;
        self.server_errors.extend(o.server_errors);
        self.locked.extend(o.locked);
        self.transport.extend(o.transport);
        self.unexpected.extend(o.unexpected);
        self.latencies.extend(o.latencies);
        self.acks.extend(o.acks);
    }
}

async fn drive(
    mut c: Browser,
    no: usize,
    measures: Arc<Vec<i64>>,
    until: Instant,
    seed: u64,
) -> Stats {
    let mut s = Stats::default();
    let mut rng = Lcg::new(seed);
    let mut seq = 0u64;
    while Instant::now() < until {
        let id = measures[rng.range(0, measures.len() as u64 - 1) as usize];
        let write = rng.range(1, 100) <= WRITE_PERCENT;
        let started = Instant::now();
        let (what, result, key) = if write {
            seq += 1;
            let key = format!("LOAD-c{no}-s{seq}");
            let text = format!("{key} Sachstand unter Last gemeldet.");
            let progress = rng.range(0, 99).to_string();
            let fields = [
                ("status", "umsetzung"),
                ("ampel", "gruen"),
                ("progress", progress.as_str()),
                ("text", text.as_str()),
                ("next_steps", "weiter wie geplant"),
                ("blockers", ""),
                ("reason", ""),
                ("options", ""),
                ("decision_by", ""),
            ];
            let path = format!("/massnahmen/{id}/sachstand");
            let r = c.try_post(&path, &fields).await;
            (format!("POST {path}"), r, Some(key))
        } else {
            let path = match rng.range(0, 9) {
                0 | 1 => "/massnahmen".to_string(),
                2..=5 => format!("/massnahmen/{id}"),
                6 | 7 => "/".to_string(),
                _ => "/massnahmen.csv".to_string(),
            };
            let r = c.try_get(&path).await;
            (format!("GET {path}"), r, None)
        };
        s.latencies.push(started.elapsed());
        s.requests += 1;
        if write {
            s.writes += 1;
        }
        let r = match result {
            Ok(r) => r,
            Err(e) => {
                s.transport.push(format!("client {no} {what}: {e}"));
                continue;
            }
        };
        if r.status >= 500 {
            s.server_errors
                .push(format!("client {no} {what}: HTTP {}", r.status));
        }
        if r.body.contains("database is locked") {
            s.locked
                .push(format!("client {no} {what}: HTTP {}", r.status));
        }
        match key {
            Some(key) => {
                if r.status == 303 && r.location().starts_with(&format!("/massnahmen/{id}?")) {
                    s.acks.push(key);
                } else {
                    s.unexpected.push(format!(
                        "client {no} {what}: HTTP {} {}",
                        r.status,
                        r.location()
                    ));
                }
            }
            None if r.status != 200 => {
                s.unexpected.push(format!(
                    "client {no} {what}: HTTP {} {}",
                    r.status,
                    r.location()
                ));
            }
            None => {}
        }
    }
    s
}

/// What one load run produced.
struct Run {
    seconds: u64,
    total: Stats,
    elapsed: f64,
    missing: Vec<String>,
    integrity: Integrity,
    log: String,
    /// `sachstand user add` runs during the load (only with `cli_writer`): ok, failures.
    cli_ok: usize,
    cli_failures: Vec<String>,
}

/// Demo database, 50 accounts, the server, 50 logged-in clients, `seconds` of mixed traffic;
/// optionally an operator adding accounts with the CLI in a loop at the same time.
async fn run_load(seconds: u64, seed: u64, cli_writer: bool) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_db(dir.path());
    let users: Vec<String> = (1..=CLIENTS).map(|i| format!("last{i:02}")).collect();
    add_users(&db, &users, "ag");
    let measures = Arc::new(active_measures(&db).await);
    assert!(measures.len() >= 10, "demo data should have measures");

    let mut server = Server::start(&db, &dir.path().join("serve.log")).await;

    // Every client logs in through the form, concurrently (only failed logins are throttled).
    let mut logins = Vec::new();
    for user in users.iter().cloned() {
        let base = server.base.clone();
        logins.push(tokio::spawn(async move {
            let mut c = Browser::new(&base);
            let ok = c.try_login(&user, PASSWORD).await;
            (user, c, ok)
        }));
    }
    let mut clients = Vec::new();
    for l in logins {
        let (user, c, ok) = tokio::time::timeout(Duration::from_secs(120), l)
            .await
            .expect("logins took too long")
            .expect("login task panicked");
        match ok {
            Ok(Ok(())) => clients.push(c),
            Ok(Err(answer)) => panic!("{answer}"),
            Err(e) => panic!("login of {user}: {e}"),
        }
    }

    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for (i, c) in clients.into_iter().enumerate() {
        tasks.push(tokio::spawn(drive(
            c,
            i + 1,
            measures.clone(),
            until,
            seed ^ ((i as u64 + 1) << 20),
        )));
    }
    let operator = cli_writer.then(|| {
        let db = db.to_str().expect("utf-8 path").to_string();
        std::thread::spawn(move || {
            let (mut ok, mut failures) = (0, Vec::new());
            let mut n = 0;
            while Instant::now() < until {
                n += 1;
                let (code, out, err) = add_user(&db, &format!("nachtrag{n}"), "rat");
                if code == 0 {
                    ok += 1;
                } else {
                    failures.push(format!("{}{}", out.trim(), err.trim()));
                }
            }
            (ok, failures)
        })
    });
    let mut total = Stats::default();
    for t in tasks {
        let s = tokio::time::timeout(Duration::from_secs(seconds + 120), t)
            .await
            .expect("a client did not finish")
            .expect("client task panicked");
        total.merge(s);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let (cli_ok, cli_failures) = match operator {
        Some(h) => h.join().expect("operator thread"),
        None => (0, Vec::new()),
    };
    server.kill();
    let log = server.log_text();

    let key = regex_lite::Regex::new(r"LOAD-c\d+-s\d+").expect("regex");
    let mut conn = open_db(&db).await;
    let integrity = integrity(&mut conn).await;
    let stored: HashSet<String> = keys_in(
        &mut conn,
        "SELECT text FROM status_updates WHERE instr(text, 'LOAD-c') > 0",
        &key,
    )
    .await;
    conn.rollback().await.expect("close");
    let missing = total
        .acks
        .iter()
        .filter(|k| !stored.contains(*k))
        .cloned()
        .collect();
    total.latencies.sort();
    Run {
        seconds,
        total,
        elapsed,
        missing,
        integrity,
        log,
        cli_ok,
        cli_failures,
    }
}

impl Run {
    fn figure(&self) -> String {
        let t = &self.total;
        let ms: Vec<f64> = t.latencies.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        format!(
            "load: {CLIENTS} clients, {} s, {} requests ({} writes, {} acknowledged), {} 5xx, {} locked, {} transport errors, {} unexpected, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {:.0} requests/s, {} acknowledged writes missing, integrity {:?}",
            self.seconds,
            t.requests,
            t.writes,
            t.acks.len(),
            t.server_errors.len(),
            t.locked.len(),
            t.transport.len(),
            t.unexpected.len(),
            percentile(&ms, 0.50),
            percentile(&ms, 0.99),
            percentile(&ms, 1.0),
            t.requests as f64 / self.elapsed,
            self.missing.len(),
            self.integrity.integrity,
        )
    }

    fn assert_clean(&self) {
        let t = &self.total;
        let first = |v: &[String]| v.iter().take(5).cloned().collect::<Vec<_>>();
        let log_errors: Vec<String> = self
            .log
            .lines()
            .filter(|l| l.contains("ERROR") || l.contains("locked"))
            .map(str::to_string)
            .collect();
        assert!(
            t.server_errors.is_empty(),
            "5xx: {:?}\nserver log: {:?}",
            first(&t.server_errors),
            first(&log_errors)
        );
        assert!(
            t.locked.is_empty(),
            "database is locked: {:?}",
            first(&t.locked)
        );
        assert!(
            t.transport.is_empty(),
            "transport errors: {:?}",
            first(&t.transport)
        );
        assert!(
            t.unexpected.is_empty(),
            "unexpected answers: {:?}",
            first(&t.unexpected)
        );
        assert!(
            t.writes > 0 && t.acks.len() == t.writes,
            "every write should be acknowledged"
        );
        assert!(
            self.missing.is_empty(),
            "acknowledged writes missing: {:?}",
            first(&self.missing)
        );
        assert!(
            self.integrity.ok(),
            "integrity {:?}, foreign key violations {}",
            self.integrity.integrity,
            self.integrity.fk_violations
        );
        for bad in ["database is locked", "panicked", "Panik"] {
            assert!(
                !self.log.contains(bad),
                "server log contains {bad:?}:\n{}",
                self.log
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_clients_mixing_reads_and_writes_get_no_5xx_and_no_locked_database() {
    let seconds = env_u64("SACHSTAND_LOAD_SECONDS", DEFAULT_SECONDS).max(1);
    let seed = env_u64("SACHSTAND_LOAD_SEED", 0x10ad);
    let _alone = machine_to_myself().await;
    let run = run_load(seconds, seed, false).await;
    println!("{}", run.figure());
    run.assert_clean();
}

/// The same load while an operator adds accounts with `sachstand user add` (a second
/// process writing the same database). Write transactions start as deferred `BEGIN`, read,
/// then write; when another connection has committed in between, SQLite answers
/// SQLITE_BUSY(_SNAPSHOT) at once, without waiting for the busy timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn cli_user_add_during_write_load_is_not_refused_and_causes_no_5xx() {
    let seconds = env_u64("SACHSTAND_LOAD_SECONDS", DEFAULT_SECONDS).max(1);
    let seed = env_u64("SACHSTAND_LOAD_SEED", 0x10ad);
    let _alone = machine_to_myself().await;
    let run = run_load(seconds, seed, true).await;
    println!(
        "{}; concurrently `sachstand user add`: {} ok, {} failed",
        run.figure(),
        run.cli_ok,
        run.cli_failures.len()
    );
    run.assert_clean();
    assert!(
        run.cli_failures.is_empty(),
        "user add failed during load: {:?}",
        &run.cli_failures[..run.cli_failures.len().min(5)]
    );
}
