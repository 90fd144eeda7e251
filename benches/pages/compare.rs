//! Side-by-side comparison of two server binaries (e.g. a baseline commit and this one):
//! both serve copies of the same seeded database over TCP, the pages are requested in
//! interleaved rounds, and the server's own CPU time per request is read from the
//! kernel (`/proc/<pid>/task/*/schedstat`, nanoseconds on CPU summed over all threads,
//! SQLite's worker threads included). CPU time, not wall time: it counts the work the
//! server does, which the other load on the machine does not inflate much.
//!
//! `BENCH_COMPARE="base=/path/a,new=/path/b"`; optional `BENCH_COMPARE_ROUNDS` (default 7)
//! and `BENCH_COMPARE_REQS` (requests per page per round, default 200).
//! `BENCH_SEED_ONLY=/dir` writes the seeded database and the session cookie there and
//! stops (for a profile of one server under `valgrind --tool=callgrind`).

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::AnyResult;
use crate::harness::client::Browser;
use crate::setup::setup_bench;
use crate::stats::Stats;

/// The pages compared: what users do most, with the bench data set.
pub fn pages(measure: i64, report: i64) -> Vec<(&'static str, String)> {
    vec![
        (
            "list_26_filtered",
            "/massnahmen?ampel=rot&sort=titel&richtung=ab".to_string(),
        ),
        ("list_101_search", format!("/massnahmen?q={SEARCH_101}")),
        ("list_500", "/massnahmen".to_string()),
        ("measure_page", format!("/massnahmen/{measure}")),
        ("overview", "/".to_string()),
        ("programme_report", format!("/berichte/{report}")),
    ]
}

/// A text search that finds 101 of the 500 bench measures (checked by the bench).
pub const SEARCH_101: &str = "Hersteller";

/// CPU time (ns) the process has spent on all its threads.
pub fn cpu_ns(pid: u32) -> u64 {
    let Ok(dir) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0;
    };
    dir.filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read_to_string(e.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

struct Server {
    name: String,
    child: Child,
    browser: Browser,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Seeds the bench database, checkpoints it into one file, returns (dir, cookie, ids).
async fn seed() -> AnyResult<(tempfile::TempDir, String, i64, i64)> {
    let s = setup_bench(tempfile::tempdir()?).await?;
    let cookie = s
        .browser
        .cookie("sachstand_sid")
        .ok_or("no session cookie")?
        .to_string();
    let measure = s.ids[s.ids.len() / 2];
    let report = s.report;
    let hits: i64 = sachstand::db::query_scalar(
        "SELECT count(*) FROM measures WHERE archived_at IS NULL AND (title LIKE ? OR description LIKE ?)",
    )
    .bind(format!("%{SEARCH_101}%"))
    .bind(format!("%{SEARCH_101}%"))
    .fetch_one(&s.db.read)
    .await?;
    println!("compare: search '{SEARCH_101}' matches {hits} titles/descriptions");
    sachstand::db::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&s.db.write)
        .await?;
    s.db.read.close().await;
    s.db.write.close().await;
    let dir = tempfile::tempdir()?;
    std::fs::copy(s._dir.path().join("bench.db"), dir.path().join("seed.db"))?;
    Ok((dir, cookie, measure, report))
}

/// `BENCH_SEED_ONLY=/dir`: the seeded database and cookie for a manual profile.
pub async fn seed_only(target: &str) -> AnyResult<()> {
    let (dir, cookie, measure, report) = seed().await?;
    std::fs::create_dir_all(target)?;
    std::fs::copy(dir.path().join("seed.db"), format!("{target}/seed.db"))?;
    std::fs::write(format!("{target}/cookie.txt"), &cookie)?;
    for (name, uri) in pages(measure, report) {
        println!("{name} {uri}");
    }
    println!("seeded {target}/seed.db, cookie in {target}/cookie.txt");
    Ok(())
}

async fn start(name: &str, bin: &str, db: &std::path::Path, port: u16) -> AnyResult<Server> {
    let child = Command::new(bin)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db"])
        .arg(db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{bin}: {e}"))?;
    let mut browser = Browser::new(&format!("http://127.0.0.1:{port}"));
    let started = Instant::now();
    loop {
        if let Ok(r) = browser.try_get_raw("/healthz").await
            && r.status == 200
        {
            break;
        }
        check!(
            started.elapsed() < Duration::from_secs(20),
            "{name} did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(Server {
        name: name.to_string(),
        child,
        browser,
    })
}

/// Runs the comparison and prints per page the CPU time per request of each binary and
/// the ratio first/second (median over rounds, with its range).
pub async fn compare(spec: &str) -> AnyResult<()> {
    let rounds: usize = env_or("BENCH_COMPARE_ROUNDS", 7);
    let reqs: usize = env_or("BENCH_COMPARE_REQS", 200);
    let bins: Vec<(String, String)> = spec
        .split(',')
        .filter_map(|p| p.split_once('='))
        .map(|(n, b)| (n.to_string(), b.to_string()))
        .collect();
    check!(bins.len() == 2, "BENCH_COMPARE needs two name=path entries");
    let load_start = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let (dir, cookie, measure, report) = seed().await?;
    let cookie_header = format!("sachstand_sid={cookie}");
    let mut servers = Vec::new();
    for (i, (name, bin)) in bins.iter().enumerate() {
        let db = dir.path().join(format!("{name}.db"));
        std::fs::copy(dir.path().join("seed.db"), &db)?;
        servers.push(start(name, bin, &db, 4106 + i as u16).await?);
    }
    let pages = pages(measure, report);
    // Same bytes from both (nothing gets faster by showing less); warm-up.
    for (name, uri) in &pages {
        let mut sizes = Vec::new();
        for s in servers.iter_mut() {
            for _ in 0..20 {
                let r = s
                    .browser
                    .try_request(
                        axum::http::Method::GET,
                        uri,
                        &[("cookie", &cookie_header)],
                        None,
                    )
                    .await?;
                check!(r.status == 200, "{} {uri}: {}", s.name, r.status);
                sizes.push(r.bytes.len());
            }
        }
        println!(
            "compare: {name} {uri}: {} bytes from {}, {} bytes from {}",
            sizes[0], servers[0].name, sizes[20], servers[1].name
        );
    }
    // cpu[page][server] = per-round µs per request
    let mut cpu = vec![vec![Vec::new(); servers.len()]; pages.len()];
    for round in 0..rounds {
        for (p, (_, uri)) in pages.iter().enumerate() {
            // alternate which server goes first
            let order: Vec<usize> = if round % 2 == 0 {
                vec![0, 1]
            } else {
                vec![1, 0]
            };
            for k in order {
                let s = &mut servers[k];
                let pid = s.child.id();
                let before = cpu_ns(pid);
                for _ in 0..reqs {
                    let r = s
                        .browser
                        .try_request(
                            axum::http::Method::GET,
                            uri,
                            &[("cookie", &cookie_header)],
                            None,
                        )
                        .await?;
                    check!(r.status == 200, "{} {uri}: {}", s.name, r.status);
                }
                let after = cpu_ns(pid);
                cpu[p][k].push((after - before) as f64 / reqs as f64 / 1e3);
            }
        }
    }
    let load_end = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "\nserver CPU per request (µs, median of {rounds} interleaved rounds x {reqs} requests); ratio {a}/{b} per round: median [min–max]",
        a = servers[0].name,
        b = servers[1].name
    );
    println!(
        "| page | {} µs | {} µs | ratio median | range |",
        servers[0].name, servers[1].name
    );
    println!("|---|---:|---:|---:|---|");
    for (p, (name, _)) in pages.iter().enumerate() {
        let ratios: Vec<f64> = cpu[p][0]
            .iter()
            .zip(&cpu[p][1])
            .map(|(a, b)| a / b)
            .collect();
        let r = Stats::from_samples("", ratios.clone());
        let min = ratios.iter().cloned().fold(f64::INFINITY, f64::min);
        let max = ratios.iter().cloned().fold(0.0, f64::max);
        println!(
            "| {name} | {:.0} | {:.0} | {:.2}× | {min:.2}–{max:.2} |",
            Stats::from_samples("", cpu[p][0].clone()).median,
            Stats::from_samples("", cpu[p][1].clone()).median,
            r.median
        );
    }
    println!(
        "load average at start: {}; at end: {}",
        load_start.trim(),
        load_end.trim()
    );
    Ok(())
}

fn env_or(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
