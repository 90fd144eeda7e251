//! Benchmark of the half-yearly report for 500 measures (SPEC §6).
//!
//! Run with `cargo bench --bench reports`. Builds a temp database with 500 measures in
//! 8 fields (each with two status updates, a milestone and two budget lines), 6 goals and
//! a released previous report, then measures at library level (SQL + domain + template /
//! typesetting; no HTTP or session layer):
//! (1) the draft report's HTML body as of the Stichtag, including "changes since the
//!     previous report" (target < 10 ms),
//! (2) the PDF typeset by Typst (target < 1 s),
//! (3) reading a released report's stored HTML and PDF (what a request serves).

use std::time::Instant;

use sachstand::Db;
use sachstand::reports::{pdf, queries, snapshot};

#[path = "../tests/harness/stats.rs"]
mod stats;

const MEASURES: usize = 500;

fn print_stats(name: &str, ms: Vec<f64>, target: Option<f64>) {
    let ms = stats::sorted(ms);
    let median = stats::percentile(&ms, 0.5);
    let p95 = stats::percentile(&ms, 0.95);
    let verdict = match target {
        Some(t) if median < t => format!("target < {t} ms: met"),
        Some(t) => format!("target < {t} ms: MISSED"),
        None => String::new(),
    };
    println!(
        "{name:<55} n={:<4} median {median:>9.2} ms  p95 {p95:>9.2} ms  {verdict}",
        ms.len()
    );
}

async fn seed(db: &Db) -> anyhow::Result<(i64, i64)> {
    let mut sql = String::from(
        "INSERT INTO org_units (id, code, name) VALUES (1, 'Amt 21', 'Finanzen'), (2, 'EDV', 'EDV-Abteilung');
         INSERT INTO people (id, name, function, org_unit_id) VALUES (1, 'Erika Beispiel', 'Leitung Amt 21', 1), (2, 'Max Muster', 'Leitung EDV', 2);
         INSERT INTO users (id, username, display_name, role, password_hash, created_at, password_changed_at)
           VALUES (1, 'ag', 'AG', 'ag', 'x', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),
                  (2, 'ob', 'OB', 'leitung', 'x', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
         INSERT INTO programmes (id, title, short_title, scope) VALUES (1, 'Arbeitspapier zur Digitalisierung', 'Arbeitspapier', 'Kernverwaltung');\n",
    );
    for f in 1..=8 {
        sql.push_str(&format!(
            "INSERT INTO fields (id, programme_id, code, title, position) VALUES ({f}, 1, 'HF{f}', 'Handlungsfeld {f}', {f});\n"
        ));
    }
    for g in 1..=6 {
        sql.push_str(&format!(
            "INSERT INTO goals (programme_id, title, indicator, unit, baseline, target_value, baseline_on, target_on)
               VALUES (1, 'Ziel {g}', 'Indikator {g}', 'Stück', 0, 100, '2024-01-01', '2027-12-31');
             INSERT INTO goal_readings (goal_id, read_on, value) VALUES ({g}, '2026-03-01', {});\n",
            g * 12
        ));
    }
    let statuses = [
        "geplant",
        "vorbereitung",
        "umsetzung",
        "umsetzung",
        "abgeschlossen",
    ];
    let ampels = ["gruen", "gruen", "gelb", "rot"];
    for i in 1..=MEASURES {
        let (s, a) = (statuses[i % 5], ampels[i % 4]);
        sql.push_str(&format!(
            "INSERT INTO measures (id, programme_id, field_id, code, title, description, org_unit_id, person_id, status, ampel, progress, created_at, updated_at, last_update_at)
               VALUES ({i}, 1, {f}, 'HF{f}-{i:03}', 'Maßnahme {i} mit einem realistisch langen Titel', '', {u}, {u}, '{s}', '{a}', 50, '2025-01-01T00:00:00Z', '2026-05-01T00:00:00Z', '2026-05-01T00:00:00Z');
             INSERT INTO status_updates (measure_id, created_at, status, ampel, progress, text, next_steps, reason, options)
               VALUES ({i}, '2025-10-01T09:00:00Z', 'umsetzung', 'gruen', 30, 'Sachstand Herbst 2025', 'Weiter', '', ''),
                      ({i}, '2026-05-01T09:00:00Z', '{s}', '{a}', 50, 'Der Sachstand im Frühjahr 2026 mit zwei, drei Sätzen Text, wie ihn die Fachämter melden.', 'Nächste Schritte im zweiten Halbjahr.', 'Ursache', 'Optionen');
             INSERT INTO milestones (measure_id, title, due_on) VALUES ({i}, 'Meilenstein', '2026-04-30');
             INSERT INTO budget_lines (measure_id, fiscal_year, kind, planned, approved, actual) VALUES ({i}, 2026, 'konsumtiv', 1000000, 900000, 400000), ({i}, 2027, 'investiv', 2000000, 0, 0);\n",
            f = 1 + i % 8,
            u = 1 + i % 2,
        ));
    }
    sql.push_str(
        "INSERT INTO reports (id, programme_id, period_label, period_start, cutoff_on, vorlage_no, addressee, state, author_id)
           VALUES (1, 1, '2. Halbjahr 2025', '2025-07-01', '2025-12-31', 'IV/1/2026', 'Finanz- und Verwaltungsausschuss', 'entwurf', 1),
                  (2, 1, '1. Halbjahr 2026', '2026-01-01', '2026-06-30', 'IV/2/2026', 'Finanz- und Verwaltungsausschuss', 'entwurf', 1);",
    );
    sachstand::db::raw_sql(sqlx::AssertSqlSafe(sql), &db.write).await?;
    // the previous report is released through the real snapshot path
    let mut tx = db.write.begin().await?;
    let r1 = queries::get(&mut tx, 1).await?.expect("report 1");
    snapshot::release(&mut tx, &r1, 2, "2026-01-20T09:00:00Z").await?;
    tx.commit().await?;
    Ok((1, 2))
}

fn main() -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let dir = tempfile::tempdir()?;
        let db = Db::open(&dir.path().join("bench.db")).await?;
        db.migrate().await?;
        let (released, draft) = seed(&db).await?;
        let mut conn = db.read.acquire().await?;
        let report = queries::get(&mut conn, draft).await?.expect("draft");

        // REPORTS_BENCH_ONLY=pdf: only the PDF figure (with its compile / export split)
        let only_pdf = std::env::var("REPORTS_BENCH_ONLY").is_ok_and(|v| v == "pdf");
        if !only_pdf {
            let mut html_ms = Vec::new();
            let mut size = 0;
            for _ in 0..60 {
                let t = Instant::now();
                let c = snapshot::compose(&mut conn, &report).await?;
                let html = snapshot::body_html(&c.view)?;
                html_ms.push(t.elapsed().as_secs_f64() * 1000.0);
                size = html.len();
            }
            print_stats(
                &format!(
                    "draft report HTML, {MEASURES} measures ({} KiB)",
                    size / 1024
                ),
                html_ms,
                Some(10.0),
            );
        }

        let view = snapshot::compose(&mut conn, &report).await?.view;
        let ident = pdf::ident(&view);
        let mut typ = pdf::source(&view);
        // REPORTS_BENCH_DUMP=file writes the report's Typst source; REPORTS_BENCH_TYP=file
        // typesets that file instead (to try a change of the source without a rebuild)
        if let Ok(path) = std::env::var("REPORTS_BENCH_DUMP") {
            std::fs::write(&path, &typ)?;
        }
        if let Ok(path) = std::env::var("REPORTS_BENCH_TYP") {
            typ = std::fs::read_to_string(&path)?;
        }
        let runs: usize = std::env::var("REPORTS_BENCH_RUNS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(8);
        let (mut pdf_ms, mut compile_ms, mut export_ms) = (Vec::new(), Vec::new(), Vec::new());
        let mut size = 0;
        for _ in 0..runs {
            // Typst memoises layout across compilations; evict so every run is a fresh one
            // (as for a new report). The first run also loads the embedded fonts.
            typst::comemo::evict(0);
            let t = Instant::now();
            let (bytes, phases) = pdf::typeset_timed(&ident, &typ)?;
            pdf_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            compile_ms.push(phases.compile.as_secs_f64() * 1000.0);
            export_ms.push(phases.export.as_secs_f64() * 1000.0);
            size = bytes.len();
        }
        print_stats(
            &format!(
                "report PDF (Typst), {MEASURES} measures ({} KiB)",
                size / 1024
            ),
            pdf_ms,
            Some(1000.0),
        );
        print_stats("  of which compile (evaluation, layout)", compile_ms, None);
        print_stats("  of which PDF export (tags, fonts)", export_ms, None);
        if only_pdf {
            return anyhow::Ok(());
        }

        let mut stored_ms = Vec::new();
        for _ in 0..200 {
            let t = Instant::now();
            let s = queries::snapshot(&mut conn, released).await?;
            assert!(s.is_some());
            stored_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        print_stats("released report: stored HTML + PDF read", stored_ms, None);
        anyhow::Ok(())
    })
}
