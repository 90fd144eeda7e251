//! Resident memory: a fresh child process (this binary again) loads one data set, serves
//! every page and reports VmRSS per stage.

use std::process::Command;

use sachstand::Db;

use crate::setup::{serve_all, setup_bench, setup_demo};
use crate::{AnyResult, CHILD_ENV};

pub fn proc_status(key: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

static STAGES: std::sync::Mutex<Vec<(String, u64, u64, u64)>> = std::sync::Mutex::new(Vec::new());

/// Records VmRSS (and its anonymous / file-backed parts) at a stage, in KiB.
pub fn mark(stage: &str) {
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
        sachstand::db::query("PRAGMA shrink_memory")
            .execute(&mut *c)
            .await?;
    }
    drop(held);
    sachstand::db::query("PRAGMA shrink_memory")
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

/// Child mode: load one data set, serve everything, print VmRSS/VmHWM (KiB).
pub fn child_main(which: &str) -> AnyResult<()> {
    mark("process start");
    // as `sachstand serve`: report PDFs are typeset by the binary in a child process
    sachstand::reports::pdf::use_worker(std::path::PathBuf::from(env!("CARGO_BIN_EXE_sachstand")));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        // as `sachstand serve`: freed heap goes back after a second without requests
        sachstand::web::heap::spawn_trimmer();
        let dir = tempfile::tempdir()?;
        let s = match which {
            "demo" => setup_demo(dir).await?,
            _ => setup_bench(dir).await?,
        };
        let rss_loaded = proc_status("VmRSS:").unwrap_or(0);
        serve_all(&s, 20).await?;
        if which == "bench" {
            mark("after 20 rounds of every page (before the burst)");
            let updates = std::env::var("BENCH_BURST")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(100_000);
            for line in crate::burst::burst(&s, updates, crate::WRITERS).await? {
                println!("NOTE {line}");
            }
            mark("after the burst of status updates");
            serve_all(&s, 2).await?;
        }
        let rss_busy = proc_status("VmRSS:").unwrap_or(0);
        mark("after serving all pages");
        // The server at rest: the idle trim (`web::heap`) has run once.
        tokio::time::sleep(sachstand::web::heap::IDLE * 3).await;
        let rss = proc_status("VmRSS:").unwrap_or(0);
        let hwm = proc_status("VmHWM:").unwrap_or(0);
        mark("after three seconds without requests (the idle trim has run)");
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
            "MEMORY label={:?} measures={} rss_loaded_kib={rss_loaded} rss_busy_kib={rss_busy} rss_kib={rss} hwm_kib={hwm} db_files_bytes={db_bytes}",
            s.label,
            s.ids.len()
        );
        s.db.read.close().await;
        s.db.write.close().await;
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(())
    })
}

pub struct Memory {
    pub label: String,
    pub rss_loaded: f64,
    /// At rest, a few seconds after the last request (the idle trim has run).
    pub rss: f64,
    /// Right after the last request.
    pub rss_busy: f64,
    pub hwm: f64,
    pub db_mib: f64,
    pub stages: Vec<String>,
    /// What the child reported besides (the burst of status updates).
    pub notes: Vec<String>,
}

pub fn run_child(which: &str) -> Result<Memory, String> {
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
        rss_busy: mib("rss_busy_kib"),
        hwm: mib("hwm_kib"),
        db_mib: field("db_files_bytes").parse::<f64>().unwrap_or(f64::NAN) / 1048576.0,
        notes: stdout
            .lines()
            .filter_map(|l| l.strip_prefix("NOTE "))
            .map(str::to_string)
            .collect(),
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
