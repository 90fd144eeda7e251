//! A long burst of status updates (default 100,000 from 16 writers) with a reader beside
//! it, then the minute after: how large the `-wal` file grew, how soon the checkpointer
//! brought it back under 64 MiB, whether every write arrived, and how long the reader
//! waited at worst while that happened. Runs in the memory child (its RSS afterwards is
//! the "after 100,000 updates" figure). `BENCH_BURST` changes the number of updates.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};

use crate::AnyResult;
use crate::harness::audit::{Audit, audit_count};
use crate::harness::tables::row_count;
use crate::scenarios::update_form;
use crate::setup::Setup;
use crate::stats::Stats;

const LIMIT: u64 = 64 * 1024 * 1024;

fn wal_bytes(s: &Setup) -> u64 {
    std::fs::metadata(s._dir.path().join("bench.db-wal"))
        .map(|m| m.len())
        .unwrap_or(0)
}

/// Runs the burst and the minute after; returns report lines (prefixed by the caller).
pub async fn burst(s: &Setup, updates: usize, writers: usize) -> AnyResult<Vec<String>> {
    let decision_by = (Utc::now().date_naive() + TimeDelta::days(30))
        .format("%d.%m.%Y")
        .to_string();
    let rows_before = row_count(&s.db.read, "status_updates").await;
    let audit_before = audit_count(&s.db.read, &Audit::all()).await;
    let ids = Arc::new(s.ids.clone());
    let stop_reader = Arc::new(AtomicBool::new(false));
    let writing = Arc::new(AtomicBool::new(true));
    let peak = Arc::new(AtomicU64::new(0));

    // The reader: one measure page after the other, each latency with its phase.
    let reader = {
        let mut b = s.browser.clone();
        let ids = ids.clone();
        let stop = stop_reader.clone();
        let writing = writing.clone();
        tokio::spawn(async move {
            let (mut during, mut after) = (Vec::new(), Vec::new());
            let mut k = 0usize;
            while !stop.load(Ordering::Relaxed) {
                let uri = format!("/massnahmen/{}", ids[(k * 37) % ids.len()]);
                k += 1;
                let in_burst = writing.load(Ordering::Relaxed);
                let t = Instant::now();
                let r = b.try_get_raw(&uri).await?;
                let ms = t.elapsed().as_secs_f64() * 1e3;
                if r.status != 200 {
                    return Err::<_, Box<dyn std::error::Error + Send + Sync>>(
                        format!("reader {uri}: {}", r.status).into(),
                    );
                }
                if in_burst { &mut during } else { &mut after }.push(ms);
                // a user clicking, not a loop: leaves the CPUs to the writers
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            Ok((during, after))
        })
    };
    // WAL size sampler (peak during the burst).
    let sampler = {
        let path = s._dir.path().join("bench.db-wal");
        let writing = writing.clone();
        let peak = peak.clone();
        tokio::spawn(async move {
            while writing.load(Ordering::Relaxed) {
                let n = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                peak.fetch_max(n, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    };

    let started = Instant::now();
    let per_task = updates.div_ceil(writers);
    let mut tasks = Vec::new();
    for t in 0..writers {
        let mut b = s.browser.clone();
        let ids = ids.clone();
        let decision_by = decision_by.clone();
        tasks.push(tokio::spawn(async move {
            let mut ms = Vec::with_capacity(per_task);
            for k in 0..per_task {
                let idx = (t + k * writers) % ids.len();
                let form = update_form(idx + k, &decision_by);
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let uri = format!("/massnahmen/{}/sachstand", ids[idx]);
                let t0 = Instant::now();
                let r = b.try_post(&uri, &form).await?;
                ms.push(t0.elapsed().as_secs_f64() * 1e3);
                if r.status != 303 {
                    return Err::<Vec<f64>, Box<dyn std::error::Error + Send + Sync>>(
                        format!("POST {uri}: {}", r.status).into(),
                    );
                }
            }
            Ok(ms)
        }));
    }
    let mut write_ms = Vec::new();
    for t in tasks {
        write_ms.extend(t.await??);
    }
    let burst_s = started.elapsed().as_secs_f64();
    writing.store(false, Ordering::Relaxed);
    sampler.await?;
    let at_end = wal_bytes(s);
    let peak = peak.load(Ordering::Relaxed).max(at_end);

    // The minute after: when is the WAL under 64 MiB (and where does it settle)?
    let quiet = Instant::now();
    let mut under_after: Option<f64> = (at_end < LIMIT).then_some(0.0);
    let mut samples = Vec::new();
    while quiet.elapsed() < Duration::from_secs(60) {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let n = wal_bytes(s);
        samples.push(n);
        if n < LIMIT && under_after.is_none() {
            under_after = Some(quiet.elapsed().as_secs_f64());
        }
        // 5 s of reading after the WAL is small again are enough
        if under_after.is_some_and(|t| quiet.elapsed().as_secs_f64() > t + 5.0) {
            break;
        }
    }
    stop_reader.store(true, Ordering::Relaxed);
    let (during, after) = reader.await??;
    let settled = wal_bytes(s);

    let posted = write_ms.len() as i64;
    let rows_after = row_count(&s.db.read, "status_updates").await;
    let audit_after = audit_count(&s.db.read, &Audit::all()).await;
    check!(
        rows_after - rows_before == posted && audit_after - audit_before == posted,
        "lost writes: {posted} posted, status_updates +{}, audit_log +{}",
        rows_after - rows_before,
        audit_after - audit_before
    );
    let mib = |b: u64| b as f64 / 1048576.0;
    let w = Stats::from_samples("burst_writes", write_ms);
    let rd = Stats::from_samples("", during);
    let ra = Stats::from_samples("", after);
    Ok(vec![
        format!(
            "burst: {posted} status updates from {writers} writers in {burst_s:.1} s ({:.0}/s; p99 {:.2} ms, max {:.1} ms); status_updates +{} and audit_log +{} (no write lost)",
            posted as f64 / burst_s,
            w.p99,
            w.max,
            rows_after - rows_before,
            audit_after - audit_before
        ),
        format!(
            "WAL: peak {:.1} MiB during the burst, {:.1} MiB at its end, under 64 MiB {} after it ended, settled at {:.1} MiB — target under 64 MiB within 60 s: {}",
            mib(peak),
            mib(at_end),
            under_after
                .map(|t| format!("{t:.1} s"))
                .unwrap_or_else(|| "not within 60 s".into()),
            mib(settled),
            if under_after.is_some_and(|t| t <= 60.0) {
                "MET"
            } else {
                "MISSED"
            }
        ),
        format!(
            "reader beside it (GET measure page every 5 ms): during the burst n={} median {:.2} ms p99 {:.2} ms max {:.1} ms; after the burst, while the WAL shrinks, n={} median {:.2} ms p99 {:.2} ms max {:.1} ms — target max < 50 ms: {}",
            rd.n,
            rd.median,
            rd.p99,
            rd.max,
            ra.n,
            ra.median,
            ra.p99,
            ra.max,
            if ra.max < 50.0 { "MET" } else { "MISSED" }
        ),
    ])
}
