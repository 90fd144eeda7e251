//! Journey 2 over HTTP: preparing, releasing and reading the half-yearly report.

mod council;
mod docx;
mod figures;
mod forms;
mod reading;
mod release;

use crate::support::{Browser, Resp, TestApp};

/// The report body (cover to outlook) of a report page.
pub(super) fn article(r: &Resp) -> String {
    let start = r
        .body
        .find("<article class=\"report\"")
        .expect("report article");
    let end = r.body[start..].find("</article>").expect("article end") + start;
    r.body[start..end].to_string()
}

/// Four measures in HF1/HF2 created in 2025, with a baseline update on 01.10.2025.
pub(super) async fn programme(app: &TestApp) -> Vec<i64> {
    let seed = app.seed(4).await;
    app.exec(
        "UPDATE measures SET created_at = '2025-06-01T08:00:00Z';
         UPDATE people SET function = 'Leitung Amt 21' WHERE id = 1;",
    )
    .await;
    for id in &seed.measures {
        update(
            app,
            *id,
            "2025-10-01T09:00:00Z",
            "umsetzung",
            "gruen",
            20,
            "Start",
        )
        .await;
    }
    app.exec(&format!(
        "INSERT INTO budget_lines (measure_id, fiscal_year, kind, planned, approved, actual) VALUES
           ({m1}, 2026, 'investiv', 100000, 90000, 50000),
           ({m2}, 2026, 'konsumtiv', 200000, 200000, 25000),
           ({m2}, 2027, 'konsumtiv', 500000, 0, 0);
         INSERT INTO goals (id, programme_id, title, indicator, unit, baseline, target_value, baseline_on, target_on)
           VALUES (1, 1, 'Mehr Online-Dienste', 'Online verfügbare Leistungen', 'Leistungen', 10, 50, '2024-01-01', '2027-12-31');
         INSERT INTO goal_readings (goal_id, read_on, value) VALUES (1, '2026-06-01', 30), (1, '2026-09-01', 45);",
        m1 = seed.measures[0],
        m2 = seed.measures[1]
    ))
    .await;
    seed.measures
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn update(
    app: &TestApp,
    id: i64,
    at: &str,
    status: &str,
    ampel: &str,
    progress: i64,
    text: &str,
) {
    update_with(app, id, at, status, ampel, progress, text, "", "").await;
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn update_with(
    app: &TestApp,
    id: i64,
    at: &str,
    status: &str,
    ampel: &str,
    progress: i64,
    text: &str,
    reason: &str,
    options: &str,
) {
    sachstand::db::query(
        "INSERT INTO status_updates (measure_id, created_at, status, ampel, progress, text, next_steps, reason, options)
         VALUES (?, ?, ?, ?, ?, ?, 'Weiter wie geplant', ?, ?)",
    )
    .bind(id)
    .bind(at)
    .bind(status)
    .bind(ampel)
    .bind(progress)
    .bind(text)
    .bind(reason)
    .bind(options)
    .execute(&app.db.write)
    .await
    .expect("status update");
}

pub(super) async fn create_report(
    b: &mut Browser,
    label: &str,
    start: &str,
    cutoff: &str,
    vorlage: &str,
) -> i64 {
    b.get("/berichte/neu").await;
    let r = b
        .post(
            "/berichte/neu",
            &[
                ("programme_id", "1"),
                ("period_label", label),
                ("period_start", start),
                ("cutoff_on", cutoff),
                ("vorlage_no", vorlage),
                ("addressee", "Finanz- und Verwaltungsausschuss"),
                ("committee_on", "15.09.2026"),
                ("summary", "Das Programm liegt im Wesentlichen im Plan."),
                ("outlook", "Im nächsten Halbjahr folgt die E-Akte."),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let loc = r.location().to_string();
    loc.trim_start_matches("/berichte/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .expect("report id")
}

pub(super) async fn release(b: &mut Browser, id: i64) -> Resp {
    b.get(&format!("/berichte/{id}")).await;
    b.post(&format!("/berichte/{id}/freigeben"), &[]).await
}

pub(super) async fn reports_dump(app: &TestApp) -> String {
    let rows: Vec<String> = sachstand::db::query_scalar(
        // SQLite's quote(), written portably: 'text' with inner quotes doubled, or NULL
        "SELECT id || '|' || state || '|' || version || '|' ||
            COALESCE('''' || replace(request_due_on, '''', '''''') || '''', 'NULL') || '|' ||
            COALESCE('''' || replace(summary, '''', '''''') || '''', 'NULL') || '|' ||
            length(coalesce(snapshot_pdf, '')) FROM reports ORDER BY id",
    )
    .fetch_all(&app.db.read)
    .await
    .unwrap();
    rows.join("\n")
}
