//! The measured request sequences: sequential GETs and concurrent status updates.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use sachstand::Db;

use crate::AnyResult;
use crate::harness::audit::{Audit, audit_count};
use crate::harness::client::Browser;
use crate::harness::tables::row_count;
use crate::seed::TEXTS;
use crate::stats::Stats;

/// Sequential requests: warm-up, then until `iters` or `budget` is reached.
pub async fn bench_get(
    b: &mut Browser,
    name: &str,
    uri: &str,
    warmup: usize,
    iters: usize,
    budget: Duration,
) -> AnyResult<(Stats, usize)> {
    let mut size = 0;
    for _ in 0..warmup {
        let r = b.try_get_raw(uri).await?;
        check!(r.status == 200, "{uri}: status {}", r.status);
        size = r.bytes.len();
    }
    let mut ms = Vec::with_capacity(iters);
    let started = Instant::now();
    while ms.len() < iters && (started.elapsed() < budget || ms.len() < 50) {
        let t = Instant::now();
        let r = b.try_get_raw(uri).await?;
        let el = t.elapsed();
        check!(r.status == 200, "{uri}: status {}", r.status);
        ms.push(el.as_secs_f64() * 1e3);
    }
    Ok((Stats::from_samples(name, ms), size))
}

/// A status update form for measure `i` (green, or amber/red with the discipline fields).
pub fn update_form(i: usize, decision_by: &str) -> Vec<(&'static str, String)> {
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

pub struct WriteResult {
    pub stats: Stats,
    /// Every update's time in ms (to merge runs side by side).
    pub samples: Vec<f64>,
    pub posted: usize,
    pub throughput: f64,
    pub rows_before: i64,
    pub rows_after: i64,
    pub audit_before: i64,
    pub audit_after: i64,
}

/// `writers` concurrent tasks, each posting `per_task` updates to its own measures.
pub async fn bench_writes(
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
    let rows_before = row_count(&db.read, "status_updates").await;
    let audit_before = audit_count(&db.read, &Audit::all()).await;
    let ids = Arc::new(ids.to_vec());
    let cpu_before = MachineCpu::now();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for t in 0..writers {
        let mut b = b.clone();
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
                let r = b.try_post(&uri, &form).await?;
                let el = t0.elapsed();
                if r.status != 303 {
                    return Err::<Vec<f64>, Box<dyn std::error::Error + Send + Sync>>(
                        format!(
                            "POST {uri}: expected 303, got {} — {}",
                            r.status,
                            r.body.chars().take(400).collect::<String>()
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
    let cpu = cpu_before.and_then(|b| Some(MachineCpu::now()?.since(&b)));
    let posted = all.len();
    let rows_after = row_count(&db.read, "status_updates").await;
    let audit_after = audit_count(&db.read, &Audit::all()).await;
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
    let mut stats = Stats::from_samples(name, all.clone());
    stats.extra = format!("{throughput:.0} updates/s, {writers} writer(s) x {per_task}");
    if let Some((busy, busy_ms)) = cpu {
        let per_update = busy_ms / posted.max(1) as f64;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
        // Little's law: `writers` requests always in flight at the CPU-bound rate
        // cores / per_update wait at least writers × per_update / cores on average.
        stats.extra.push_str(&format!(
            "; machine CPU {:.0} % busy, {per_update:.2} core-ms per update (every process: app, client{}), so at most {:.0} updates/s on {cores:.0} cores and a mean of at least {:.1} ms at {writers} writers",
            busy * 100.0,
            if db.backend() == sachstand::db::Backend::Postgres { ", PostgreSQL" } else { "" },
            cores / per_update * 1e3,
            writers as f64 * per_update / cores,
        ));
    }
    Ok(WriteResult {
        stats,
        samples: all,
        posted,
        throughput,
        rows_before,
        rows_after,
        audit_before,
        audit_after,
    })
}

pub struct MixedResult {
    pub reads: Stats,
    pub writes: Stats,
    pub throughput: f64,
}

/// What an office does at once: `conns` concurrent users, each request a read of one of
/// `pages` (cycling) except every tenth, which is a status update; every write verified.
/// User `t` goes to instance `t % browsers.len()` (one browser per app instance). The
/// figures are named `{name}_reads` and `{name}_updates` and printed.
pub async fn bench_mixed(
    name: &str,
    browsers: &[Browser],
    (db, ids, pages): (&Db, &[i64], &[String]),
    conns: usize,
    per_task: usize,
) -> AnyResult<MixedResult> {
    let decision_by = (Utc::now().date_naive() + TimeDelta::days(30))
        .format("%d.%m.%Y")
        .to_string();
    let rows_before = row_count(&db.read, "status_updates").await;
    let ids = Arc::new(ids.to_vec());
    let pages = Arc::new(pages.to_vec());
    let started = Instant::now();
    let mut tasks = Vec::new();
    for t in 0..conns {
        let mut b = browsers[t % browsers.len()].clone();
        let (ids, pages, decision_by) = (ids.clone(), pages.clone(), decision_by.clone());
        tasks.push(tokio::spawn(async move {
            let (mut reads, mut writes) = (Vec::new(), Vec::new());
            for k in 0..per_task {
                let t0 = Instant::now();
                if (k + t) % 10 == 9 {
                    let idx = (t + k * conns) % ids.len();
                    let form = update_form(idx + k, &decision_by);
                    let form: Vec<(&str, &str)> =
                        form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    let uri = format!("/massnahmen/{}/sachstand", ids[idx]);
                    let r = b.try_post(&uri, &form).await?;
                    if r.status != 303 {
                        return Err::<_, Box<dyn std::error::Error + Send + Sync>>(
                            format!("POST {uri}: {}", r.status).into(),
                        );
                    }
                    writes.push(t0.elapsed().as_secs_f64() * 1e3);
                } else {
                    let uri = &pages[(k * 7 + t) % pages.len()];
                    let r = b.try_get_raw(uri).await?;
                    if r.status != 200 {
                        return Err(format!("GET {uri}: {}", r.status).into());
                    }
                    reads.push(t0.elapsed().as_secs_f64() * 1e3);
                }
            }
            Ok((reads, writes))
        }));
    }
    let (mut reads, mut writes) = (Vec::new(), Vec::new());
    for t in tasks {
        let (r, w) = t.await??;
        reads.extend(r);
        writes.extend(w);
    }
    let wall = started.elapsed().as_secs_f64();
    let rows_after = row_count(&db.read, "status_updates").await;
    check!(
        rows_after - rows_before == writes.len() as i64,
        "mixed load: {} updates posted, status_updates +{}",
        writes.len(),
        rows_after - rows_before
    );
    let throughput = (reads.len() + writes.len()) as f64 / wall;
    let mut reads = Stats::from_samples(&format!("{name}_reads"), reads);
    reads.extra = format!("{throughput:.0} requests/s in all, {conns} connections x {per_task}");
    let mut writes = Stats::from_samples(&format!("{name}_updates"), writes);
    writes.extra = format!(
        "every 10th request; verified +{} rows",
        rows_after - rows_before
    );
    println!("{}", reads.line());
    println!("{}", writes.line());
    Ok(MixedResult {
        reads,
        writes,
        throughput,
    })
}

/// The machine's CPU time from `/proc/stat` (all cores, every process), in jiffies.
struct MachineCpu {
    busy: u64,
    total: u64,
}

impl MachineCpu {
    fn now() -> Option<Self> {
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
        let line = stat.lines().find(|l| l.starts_with("cpu "))?;
        let v: Vec<u64> = line
            .split_whitespace()
            .skip(1)
            .filter_map(|x| x.parse().ok())
            .collect();
        // user nice system idle iowait irq softirq steal
        let idle = v.get(3)? + v.get(4).unwrap_or(&0);
        let total: u64 = v.iter().take(8).sum();
        Some(Self {
            busy: total - idle,
            total,
        })
    }

    /// The busy fraction of all cores since `before`, and the busy time in ms.
    fn since(&self, before: &Self) -> (f64, f64) {
        let busy = self.busy.saturating_sub(before.busy) as f64;
        let total = self.total.saturating_sub(before.total).max(1) as f64;
        // USER_HZ is 100 on Linux: a jiffy is 10 ms.
        (busy / total, busy * 10.0)
    }
}
