//! Concurrency under load: the real binary on the demo database, 50 concurrent clients
//! (each its own account and session, logged in through the login form) mixing reads
//! (list, detail, overview, CSV) and writes (status updates, about 20 %) for a while:
//! 0 answers ≥ 500, 0 "database is locked", 0 transport errors, and every acknowledged
//! write is in the database afterwards.
//!
//! Duration: `SACHSTAND_LOAD_SECONDS` (CI default 8, full run 60), e.g.
//! `SACHSTAND_LOAD_SECONDS=60 cargo test --test load -- --nocapture`.

mod support_proc;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::Connection;
use support_proc::{
    Client, Lcg, PASSWORD, Server, active_measures, add_users, demo_db, env_u64, integrity,
    keys_in, open_db, percentile_ms,
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
    mut c: Client,
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
            let r = c.post(&path, &fields).await;
            (format!("POST {path}"), r, Some(key))
        } else {
            let path = match rng.range(0, 9) {
                0 | 1 => "/massnahmen".to_string(),
                2..=5 => format!("/massnahmen/{id}"),
                6 | 7 => "/".to_string(),
                _ => "/massnahmen.csv".to_string(),
            };
            let r = c.get(&path).await;
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
                if r.status == 303 && r.location.starts_with(&format!("/massnahmen/{id}?")) {
                    s.acks.push(key);
                } else {
                    s.unexpected.push(format!(
                        "client {no} {what}: HTTP {} {}",
                        r.status, r.location
                    ));
                }
            }
            None if r.status != 200 => {
                s.unexpected.push(format!(
                    "client {no} {what}: HTTP {} {}",
                    r.status, r.location
                ));
            }
            None => {}
        }
    }
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_clients_mixing_reads_and_writes_get_no_5xx_and_no_locked_database() {
    let seconds = env_u64("SACHSTAND_LOAD_SECONDS", DEFAULT_SECONDS).max(1);
    let seed = env_u64("SACHSTAND_LOAD_SEED", 0x10ad);
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
            let mut c = Client::new(&base);
            let ok = c.login(&user, PASSWORD).await;
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
            Ok(true) => clients.push(c),
            Ok(false) => panic!("login of {user} refused"),
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
    let mut total = Stats::default();
    for t in tasks {
        let s = tokio::time::timeout(Duration::from_secs(seconds + 120), t)
            .await
            .expect("a client did not finish")
            .expect("client task panicked");
        total.merge(s);
    }
    let elapsed = started.elapsed().as_secs_f64();
    server.kill();
    let log = server.log_text();

    let key = regex_lite::Regex::new(r"LOAD-c\d+-s\d+").expect("regex");
    let mut conn = open_db(&db).await;
    let check = integrity(&mut conn).await;
    let stored: HashSet<String> = keys_in(
        &mut conn,
        "SELECT text FROM status_updates WHERE instr(text, 'LOAD-c') > 0",
        &key,
    )
    .await;
    conn.close().await.expect("close");
    let missing: Vec<&String> = total.acks.iter().filter(|k| !stored.contains(*k)).collect();

    total.latencies.sort();
    println!(
        "load: {CLIENTS} clients, {seconds} s, {} requests ({} writes, {} acknowledged), {} 5xx, {} locked, {} transport errors, {} unexpected, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {:.0} requests/s, {} acknowledged writes missing, integrity {:?}",
        total.requests,
        total.writes,
        total.acks.len(),
        total.server_errors.len(),
        total.locked.len(),
        total.transport.len(),
        total.unexpected.len(),
        percentile_ms(&total.latencies, 0.50),
        percentile_ms(&total.latencies, 0.99),
        percentile_ms(&total.latencies, 1.0),
        total.requests as f64 / elapsed,
        missing.len(),
        check.integrity,
    );

    let first = |v: &[String]| v.iter().take(5).cloned().collect::<Vec<_>>();
    assert!(
        total.server_errors.is_empty(),
        "5xx: {:?}",
        first(&total.server_errors)
    );
    assert!(
        total.locked.is_empty(),
        "database is locked: {:?}",
        first(&total.locked)
    );
    assert!(
        total.transport.is_empty(),
        "transport errors: {:?}",
        first(&total.transport)
    );
    assert!(
        total.unexpected.is_empty(),
        "unexpected answers: {:?}",
        first(&total.unexpected)
    );
    assert!(
        total.writes > 0 && total.acks.len() == total.writes,
        "every write should be acknowledged"
    );
    assert!(
        missing.is_empty(),
        "acknowledged writes missing: {missing:?}"
    );
    assert!(
        check.ok(),
        "integrity {:?}, foreign key violations {}",
        check.integrity,
        check.fk_violations
    );
    for bad in ["database is locked", "panicked", "Panik"] {
        assert!(!log.contains(bad), "server log contains {bad:?}:\n{log}");
    }
}
