//! The closing report: the machine, how busy it was, every figure, memory, diagnostics,
//! and the same as Markdown for `benches/README-figures.md` (`BENCH_PRINT_MD=1`).

use crate::memory::Memory;
use crate::stats::Stats;
use crate::{MEASURES, WRITERS};

/// What a run measured, for the report.
pub struct Run {
    pub load_start: String,
    pub cpu_start: (u64, u64, u64, u64),
    pub results: Vec<Stats>,
    pub verified_line: String,
    pub throughput_1w: f64,
    pub throughput_16w: f64,
    pub sizes: Vec<(String, usize)>,
    /// The 500-measure data set and the demo data, each in a fresh child process.
    pub memory: [Result<Memory, String>; 2],
    pub rss_main: f64,
    pub hwm_main: f64,
    pub diagnostics: Vec<String>,
}

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
pub fn cpu_sample() -> (u64, u64, u64, u64) {
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

/// Prints the report (and the Markdown tables with `BENCH_PRINT_MD=1`).
pub fn print(r: &Run) {
    let (nproc, cpu) = machine();
    println!();
    println!(
        "=== Sachstand page benchmark — in-process router (tower::oneshot), {MEASURES} measures ==="
    );
    let load_end = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let cpu_end = cpu_sample();
    let (busy, steal, total, own) = (
        cpu_end.0.saturating_sub(r.cpu_start.0),
        cpu_end.1.saturating_sub(r.cpu_start.1),
        cpu_end.2.saturating_sub(r.cpu_start.2).max(1),
        cpu_end.3.saturating_sub(r.cpu_start.3),
    );
    let ncpu = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1) as f64;
    let others = busy.saturating_sub(own) as f64 / total as f64 * ncpu * 100.0;
    let load_line = format!(
        "load average (1/5/15 min) at start: {} — at end: {}; during the run other processes used {others:.0}% of one CPU on average (this benchmark {:.0}%), steal {:.1}%",
        r.load_start
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
    for st in &r.results {
        println!("{}", st.line());
    }
    println!("{}", r.verified_line);
    println!(
        "write throughput: 1 writer {:.0} updates/s, {WRITERS} writers {:.0} updates/s",
        r.throughput_1w, r.throughput_16w
    );
    for (name, size) in &r.sizes {
        println!("response size {name}: {:.1} KiB", *size as f64 / 1024.0);
    }
    let mut mem_lines = Vec::new();
    for m in &r.memory {
        match m {
            Ok(m) => mem_lines.push(format!(
                "memory {:<34} VmRSS {:>6.1} MiB after serving all pages, at rest ({:.1} MiB right after the last request; after load: {:.1} MiB, peak VmHWM {:.1} MiB; DB files {:.1} MiB) target < 40 MiB: {}",
                m.label,
                m.rss,
                m.rss_busy,
                m.rss_loaded,
                m.hwm,
                m.db_mib,
                if m.rss < 40.0 { "MET" } else { "MISSED" }
            )),
            Err(e) => mem_lines.push(format!("memory: not measured — {e}")),
        }
        if let Ok(m) = m {
            for note in &m.notes {
                mem_lines.push(format!("  [{}] {note}", m.label));
            }
            for st in &m.stages {
                mem_lines.push(format!("  VmRSS stage [{}]: {st}", m.label));
            }
        }
    }
    mem_lines.push(format!(
        "memory benchmark process itself (all of the above, incl. sample vectors): VmRSS {:.1} MiB, VmHWM {:.1} MiB",
        r.rss_main, r.hwm_main
    ));
    for l in &mem_lines {
        println!("{l}");
    }
    println!("diagnostics:");
    for l in &r.diagnostics {
        println!("  {l}");
    }

    // Markdown for benches/README-figures.md (printed; written when BENCH_WRITE_MD=1).
    let mut md = String::new();
    md.push_str("| figure | n | median ms | p95 ms | p99 ms | mean ms | max ms | verdict / note |\n|---|---|---|---|---|---|---|---|\n");
    for st in &r.results {
        md.push_str(&st.md_row());
        md.push('\n');
    }
    md.push_str(&format!("\nVerification: {}\n\n", r.verified_line));
    for l in &mem_lines {
        md.push_str(&format!("- {l}\n"));
    }
    for (name, size) in &r.sizes {
        md.push_str(&format!(
            "- response size {name}: {:.1} KiB\n",
            *size as f64 / 1024.0
        ));
    }
    md.push_str("\nDiagnostics:\n\n");
    for l in &r.diagnostics {
        md.push_str(&format!("- {l}\n"));
    }
    if std::env::var("BENCH_PRINT_MD").as_deref() == Ok("1") {
        println!(
            "\n--- markdown ---\nmachine: {nproc} CPUs, {cpu}; {load_line}\n\n{md}--- end markdown ---"
        );
    }
}
