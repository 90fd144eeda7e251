//! Journey 2 over HTTP: preparing, releasing and reading the half-yearly report.

use sachstand::domain::Role;

use crate::support::{Audit, Browser, Resp, TestApp, spawn_app};

/// The report body (cover to outlook) of a report page.
fn article(r: &Resp) -> String {
    let start = r
        .body
        .find("<article class=\"report\"")
        .expect("report article");
    let end = r.body[start..].find("</article>").expect("article end") + start;
    r.body[start..end].to_string()
}

/// Four measures in HF1/HF2 created in 2025, with a baseline update on 01.10.2025.
async fn programme(app: &TestApp) -> Vec<i64> {
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
async fn update(
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
async fn update_with(
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
    sqlx::query(
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

async fn create_report(
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

async fn release(b: &mut Browser, id: i64) -> Resp {
    b.get(&format!("/berichte/{id}")).await;
    b.post(&format!("/berichte/{id}/freigeben"), &[]).await
}

async fn reports_dump(app: &TestApp) -> String {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT id || '|' || state || '|' || version || '|' || quote(request_due_on) || '|' ||
            quote(summary) || '|' || length(coalesce(snapshot_pdf, '')) FROM reports ORDER BY id",
    )
    .fetch_all(&app.db.read)
    .await
    .unwrap();
    rows.join("\n")
}

#[tokio::test]
async fn draft_figures_match_hand_worked_values() {
    let app = spawn_app().await;
    let m = programme(&app).await;
    // 1st half 2026: m1 completed, m2 red (and completed only after the Stichtag),
    // m3 without an update in the period, m4 deferred.
    update(
        &app,
        m[0],
        "2026-03-01T10:00:00Z",
        "abgeschlossen",
        "gruen",
        100,
        "E-Rechnung produktiv",
    )
    .await;
    update_with(
        &app,
        m[1],
        "2026-04-01T10:00:00Z",
        "umsetzung",
        "rot",
        40,
        "Lieferverzug beim Dienstleister",
        "Lieferant insolvent",
        "Neuvergabe oder Eigenentwicklung",
    )
    .await;
    update(
        &app,
        m[1],
        "2026-07-15T10:00:00Z",
        "abgeschlossen",
        "gruen",
        100,
        "NACH DEM STICHTAG",
    )
    .await;
    update(
        &app,
        m[3],
        "2026-05-01T10:00:00Z",
        "zurueckgestellt",
        "gelb",
        0,
        "Zurückgestellt wegen Haushaltssperre",
    )
    .await;

    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let id = create_report(
        &mut ag,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/12/2026",
    )
    .await;
    let page = ag.get(&format!("/berichte/{id}")).await;
    assert_eq!(page.status, 200);
    let a = article(&page);
    let figure = |label: &str, value: &str| {
        format!("<th scope=\"row\">{label}</th><td class=\"num\">{value}</td>")
    };
    for (label, value) in [
        ("Maßnahmen insgesamt", "4"),
        ("Status: Geplant", "0"),
        ("Status: In Umsetzung", "2"),
        ("Status: Abgeschlossen", "1"),
        ("Status: Zurückgestellt", "1"),
        ("Ampel: Grün – im Plan", "1"),
        ("Ampel: Gelb – Verzug/Risiko", "0"),
        ("Ampel: Rot – gefährdet", "1"),
        ("Im Berichtszeitraum abgeschlossen", "1"),
        ("Haushalt 2026: Plan", "3.000,00\u{a0}€"),
        ("Haushalt 2026: Ansatz", "2.900,00\u{a0}€"),
        ("Haushalt 2026: Ist", "750,00\u{a0}€"),
    ] {
        assert!(a.contains(&figure(label, value)), "{label} = {value}\n{a}");
    }
    // counting rules next to the counts, Stichtag on every figure
    assert!(a.contains("Gezählt: jede Maßnahme genau einmal"));
    assert!(a.contains("Kennzahlen zum Stichtag 30.06.2026"));
    // the latest update inside the period, never one after the Stichtag
    assert!(a.contains("Lieferverzug beim Dienstleister"));
    assert!(!a.contains("NACH DEM STICHTAG"));
    assert!(a.contains("Lieferant insolvent") && a.contains("Neuvergabe oder Eigenentwicklung"));
    assert!(a.contains("keine Meldung im Berichtszeitraum"));
    // roles, not private persons
    assert!(a.contains("Leitung Amt 21"));
    assert!(!a.contains("Erika Beispiel"));
    // goal attainment: reading 30 on 01.06.2026 (45 is after the Stichtag): (30-10)/(50-10) = 50 %
    assert!(a.contains("<td class=\"num\">50 %</td>"), "{a}");
    // total over all years of the finance table: 1.000 + 2.000 + 5.000 €
    assert!(a.contains("8.000,00\u{a0}€"));
    // charts with a text alternative, no inline styles
    assert!(a.contains("<svg class=\"chart\" id=\"chart-status\""));
    assert!(a.contains("<desc id=\"chart-ampel-d\">● Grün – im Plan: 1; ▲ Gelb – Verzug/Risiko: 0; ■ Rot – gefährdet: 1</desc>"));
    assert!(!page.body.contains("style="));
    assert!(a.contains("Dies ist der erste freigegebene Bericht"));
    app.assert_audited(Audit::action("bericht_anlegen").id(id), 1)
        .await;
}

#[tokio::test]
async fn the_stichtag_ends_at_midnight_german_time() {
    let app = spawn_app().await;
    let m = programme(&app).await;
    // 30.06.2026 23:30 in Berlin (summer time, UTC+2) belongs to the Stichtag;
    // 01.07.2026 00:30 in Berlin is 30.06.2026 22:30 UTC and does not.
    update(
        &app,
        m[0],
        "2026-06-30T21:30:00Z",
        "umsetzung",
        "gruen",
        60,
        "VOR MITTERNACHT",
    )
    .await;
    update(
        &app,
        m[1],
        "2026-06-30T22:30:00Z",
        "umsetzung",
        "gruen",
        70,
        "NACH MITTERNACHT",
    )
    .await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let id = create_report(
        &mut ag,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/13/2026",
    )
    .await;
    let a = article(&ag.get(&format!("/berichte/{id}")).await);
    assert!(a.contains("VOR MITTERNACHT"), "{a}");
    assert!(!a.contains("NACH MITTERNACHT"), "{a}");
}

#[tokio::test]
async fn changes_since_the_previous_report_list_exactly_the_expected_changes() {
    let app = spawn_app().await;
    let m = programme(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let mut leitung = app.signed_in("ob", Role::Leitung).await;
    let first = create_report(
        &mut ag,
        "2. Halbjahr 2025",
        "01.07.2025",
        "31.12.2025",
        "IV/40/2025",
    )
    .await;
    let r = release(&mut leitung, first).await;
    assert_eq!(r.status, 303, "{}", r.body);

    // what happens in the 1st half of 2026
    update(
        &app,
        m[0],
        "2026-03-01T10:00:00Z",
        "abgeschlossen",
        "gruen",
        100,
        "Fertig",
    )
    .await;
    update_with(
        &app,
        m[1],
        "2026-04-01T10:00:00Z",
        "umsetzung",
        "rot",
        40,
        "Verzug",
        "Lieferant insolvent",
        "Neuvergabe",
    )
    .await;
    update(
        &app,
        m[2],
        "2026-04-02T10:00:00Z",
        "vorbereitung",
        "gruen",
        20,
        "Neu geplant",
    )
    .await;
    update(
        &app,
        m[3],
        "2026-05-01T10:00:00Z",
        "verworfen",
        "gruen",
        0,
        "Entfällt",
    )
    .await;
    app.exec(&format!(
        "INSERT INTO measures (programme_id, field_id, code, title, org_unit_id, status, ampel, progress, created_at, updated_at, last_update_at)
           VALUES (1, 1, 'HF1-09', 'Neue Maßnahme Chatbot', 1, 'geplant', 'gruen', 0, '2026-02-01T08:00:00Z', '2026-02-01T08:00:00Z', '2026-02-01T08:00:00Z');
         UPDATE budget_lines SET actual = 80000 WHERE measure_id = {} AND fiscal_year = 2026;
         INSERT INTO milestones (measure_id, title, due_on) VALUES ({}, 'Abnahme', '2026-05-31');",
        m[0], m[1]
    ))
    .await;

    let second = create_report(
        &mut ag,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/12/2026",
    )
    .await;
    let page = ag.get(&format!("/berichte/{second}")).await;
    let a = article(&page);
    let section =
        &a[a.find("id=\"veraenderungen\"").unwrap()..a.find("id=\"massnahmen\"").unwrap()];
    assert!(section.contains("Verglichen mit dem freigegebenen Bericht 2. Halbjahr 2025 (Vorlage IV/40/2025, Stichtag 31.12.2025)"));
    assert!(
        section
            .contains("<h3>Neue Maßnahmen (1)</h3><ul><li>HF1-09 Neue Maßnahme Chatbot</li></ul>"),
        "{section}"
    );
    assert!(section.contains("<h3>Abgeschlossen (1)</h3><ul><li>HF1-01 Maßnahme Nummer 1: abgeschlossen am 01.03.2026</li></ul>"), "{section}");
    assert!(section.contains("<h3>Statusänderungen (1)</h3><ul><li>HF1-03 Maßnahme Nummer 3: In Umsetzung → In Vorbereitung</li></ul>"), "{section}");
    assert!(section.contains("<h3>Ampeländerungen (1)</h3>"));
    assert!(section.contains("HF2-02 Maßnahme Nummer 2"));
    assert!(section.contains("<strong>Ursache:</strong> Lieferant insolvent"));
    assert!(section.contains("<strong>Handlungsoptionen:</strong> Neuvergabe"));
    assert!(section.contains("<h3>Zurückgestellt oder verworfen (1)</h3><ul><li>HF2-04 Maßnahme Nummer 4: In Umsetzung → Verworfen</li></ul>"), "{section}");
    assert!(section.contains("<h3>Verzögerte Meilensteine (1)</h3><ul><li>HF2-02 Maßnahme Nummer 2: Meilenstein „Abnahme“ überfällig (fällig am 31.05.2026)</li></ul>"), "{section}");
    assert!(section.contains("<h3>Haushaltsveränderungen (1)</h3><ul><li>HF1-01 Maßnahme Nummer 1: Haushaltsjahr 2026: Plan 1.000,00\u{a0}€ → 1.000,00\u{a0}€, Ist 500,00\u{a0}€ → 800,00\u{a0}€</li></ul>"), "{section}");
    assert!(!section.contains("Nicht mehr enthalten"));

    // released, the two reports can be compared side by side
    let r = release(&mut leitung, second).await;
    assert_eq!(r.status, 303);
    let mut rat = app.signed_in("rat1", Role::Rat).await;
    let cmp = rat
        .get(&format!("/berichte/{first}/vergleich/{second}"))
        .await;
    assert_eq!(cmp.status, 200, "{}", cmp.body);
    assert!(cmp.contains("<th scope=\"row\">Status: Abgeschlossen <span class=\"tag warn\">abweichend</span></th><td class=\"num\">0</td><td class=\"num\">1</td>"), "{}", cmp.body);
    assert!(cmp.contains("HF1-09 Neue Maßnahme Chatbot"));
    // a draft cannot be compared; nonsense ids are 404
    let third = create_report(
        &mut ag,
        "2. Halbjahr 2026",
        "01.07.2026",
        "31.12.2026",
        "IV/50/2026",
    )
    .await;
    assert_eq!(
        ag.get(&format!("/berichte/{first}/vergleich/{third}"))
            .await
            .status,
        400
    );
    assert_eq!(
        rat.get(&format!("/berichte/{first}/vergleich/{third}"))
            .await
            .status,
        404
    );
    assert_eq!(
        rat.get(&format!("/berichte/{first}/vergleich/abc"))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn a_release_rendered_before_a_concurrent_change_stores_the_data_as_of_the_release() {
    // The release typesets outside the write transaction; if a status update lands in
    // between, the stored snapshot must still hold the data the transaction sees.
    use sachstand::reports::{queries, snapshot};
    let app = spawn_app().await;
    let m = programme(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let id = create_report(
        &mut ag,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/14/2026",
    )
    .await;
    let mut read = app.db.read.acquire().await.expect("read");
    let r = queries::get(&mut read, id)
        .await
        .expect("get")
        .expect("report");
    let prepared = snapshot::prepare(&mut read, &r).await.expect("prepare");
    drop(read);
    update(
        &app,
        m[2],
        "2026-06-15T10:00:00Z",
        "umsetzung",
        "rot",
        35,
        "ZWISCHENDURCH GEMELDET",
    )
    .await;
    let mut tx = app.db.begin_write().await.expect("tx");
    let released = snapshot::release_prepared(&mut tx, &r, 1, "2026-07-01T08:00:00Z", prepared)
        .await
        .expect("release");
    tx.commit().await.expect("commit");
    assert!(released);
    let (html, json): (String, String) =
        sqlx::query_as("SELECT snapshot_html, snapshot_json FROM reports WHERE id = ?")
            .bind(id)
            .fetch_one(&app.db.read)
            .await
            .expect("snapshot");
    assert!(html.contains("ZWISCHENDURCH GEMELDET"));
    assert!(json.contains("ZWISCHENDURCH GEMELDET"));
}

#[tokio::test]
async fn released_report_is_frozen_byte_for_byte() {
    let app = spawn_app().await;
    let m = programme(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let mut leitung = app.signed_in("ob", Role::Leitung).await;
    let id = create_report(
        &mut ag,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/12/2026",
    )
    .await;
    let r = release(&mut leitung, id).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = leitung.follow(&r).await;
    assert!(page.contains("Der Bericht wurde freigegeben"));
    app.assert_audited(Audit::action("bericht_freigeben").id(id), 1)
        .await;

    let mut rat = app.signed_in("rat1", Role::Rat).await;
    let html_before = article(&rat.get(&format!("/berichte/{id}")).await);
    let pdf_before = rat.get_raw(&format!("/berichte/{id}.pdf")).await.bytes;
    let csv_before = rat.get(&format!("/berichte/{id}.csv")).await.body;
    assert!(pdf_before.starts_with(b"%PDF"));

    // measures, budget, goals and field comments change afterwards
    ag.get(&format!("/massnahmen/{}", m[0])).await;
    let r = ag
        .post(
            &format!("/massnahmen/{}/sachstand", m[0]),
            &[
                ("status", "umsetzung"),
                ("ampel", "rot"),
                ("progress", "5"),
                ("text", "Alles anders"),
                ("next_steps", ""),
                ("blockers", ""),
                ("reason", "Neuer Grund"),
                ("options", "Neue Option"),
                ("decision_by", "31.12.2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    app.exec(
        "UPDATE budget_lines SET planned = planned * 3, actual = actual + 1;
         UPDATE goals SET target_value = 999; INSERT INTO goal_readings (goal_id, read_on, value) VALUES (1, '2026-01-02', 11);
         UPDATE measures SET title = 'Umbenannt';",
    )
    .await;

    let html_after = article(&rat.get(&format!("/berichte/{id}")).await);
    let pdf_after = rat.get_raw(&format!("/berichte/{id}.pdf")).await.bytes;
    let csv_after = rat.get(&format!("/berichte/{id}.csv")).await.body;
    assert_eq!(html_before, html_after);
    assert_eq!(pdf_before, pdf_after);
    assert_eq!(csv_before, csv_after);
    assert!(!html_after.contains("Umbenannt"));

    // and it cannot be edited or released again, not even by an admin
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    let before = reports_dump(&app).await;
    let audit = app.audit_count(Audit::all()).await;
    assert_eq!(
        admin
            .get(&format!("/berichte/{id}/bearbeiten"))
            .await
            .status,
        400
    );
    admin.get(&format!("/berichte/{id}")).await;
    let r = admin
        .post(
            &format!("/berichte/{id}/bearbeiten"),
            &[("period_label", "x"), ("summary", "Geändert")],
        )
        .await;
    assert_eq!(r.status, 400);
    // releasing is the Leitung's decision: an administrator may not release at all
    assert_eq!(
        admin
            .post(&format!("/berichte/{id}/freigeben"), &[])
            .await
            .status,
        403
    );
    assert_eq!(
        admin
            .post(
                &format!("/berichte/{id}/abfrage"),
                &[("due_on", "31.12.2099")]
            )
            .await
            .status,
        400
    );
    assert_eq!(before, reports_dump(&app).await);
    assert_eq!(audit, app.audit_count(Audit::all()).await);
    // the database itself refuses changes to a released report
    assert!(
        sqlx::query("UPDATE reports SET summary = 'x' WHERE id = ?")
            .bind(id)
            .execute(&app.db.write)
            .await
            .is_err()
    );

    // a correction is a new draft referencing the old one
    let r = admin
        .post(&format!("/berichte/{id}/berichtigen"), &[])
        .await;
    assert_eq!(r.status, 303);
    let corr = admin.follow(&r).await;
    assert!(corr.contains("Diese Fassung ersetzt die Vorlage IV/12/2026 (1. Halbjahr 2026)."));
    assert_eq!(
        app.count(&format!(
            "SELECT COUNT(*) FROM reports WHERE corrects_id = {id} AND state = 'entwurf'"
        ))
        .await,
        1
    );
    app.assert_audited(Audit::action("bericht_berichtigen"), 1)
        .await;
}

#[tokio::test]
async fn release_only_by_leitung_and_never_by_the_author() {
    let app = spawn_app().await;
    programme(&app).await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let id = create_report(
        &mut admin,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/12/2026",
    )
    .await;
    let before = reports_dump(&app).await;
    // the author (an admin) may not release their own draft
    let r = release(&mut admin, id).await;
    assert_eq!(r.status, 403);
    // an AG member may not release at all
    let r = release(&mut ag, id).await;
    assert_eq!(r.status, 403);
    // nor may a council member
    let mut rat = app.signed_in("rat1", Role::Rat).await;
    rat.get("/berichte").await;
    assert_eq!(
        rat.post(&format!("/berichte/{id}/freigeben"), &[])
            .await
            .status,
        403
    );
    assert_eq!(before, reports_dump(&app).await);
    app.assert_audited(Audit::action("bericht_freigeben"), 0)
        .await;
    // Leitung, not the author: released
    let mut leitung = app.signed_in("ob", Role::Leitung).await;
    let page = leitung.get(&format!("/berichte/{id}")).await;
    assert!(page.contains("Bericht freigeben"));
    let r = release(&mut leitung, id).await;
    assert_eq!(r.status, 303);
    assert_eq!(app.count(&format!("SELECT COUNT(*) FROM reports WHERE id = {id} AND state = 'freigegeben' AND snapshot_pdf IS NOT NULL AND snapshot_html IS NOT NULL")).await, 1);
}

#[tokio::test]
async fn council_members_see_released_reports_only() {
    let app = spawn_app().await;
    programme(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let mut leitung = app.signed_in("ob", Role::Leitung).await;
    let released = create_report(
        &mut ag,
        "2. Halbjahr 2025",
        "01.07.2025",
        "31.12.2025",
        "IV/40/2025",
    )
    .await;
    assert_eq!(release(&mut leitung, released).await.status, 303);
    let draft = create_report(
        &mut ag,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/12/2026",
    )
    .await;

    let mut rat = app.signed_in("rat1", Role::Rat).await;
    let list = rat.get("/berichte").await;
    assert_eq!(list.status, 200);
    assert!(list.contains("2. Halbjahr 2025"));
    assert!(!list.contains("1. Halbjahr 2026"));
    assert!(!list.contains("Entwurf"));
    assert!(
        list.body
            .contains("<a href=\"/berichte\" aria-current=\"page\">Berichte</a>")
    );
    for suffix in ["", ".pdf", ".csv", "/bearbeiten"] {
        let r = rat.get(&format!("/berichte/{draft}{suffix}")).await;
        assert!(r.status == 404 || r.status == 403, "{suffix}: {}", r.status);
    }
    assert_eq!(rat.get(&format!("/berichte/{released}")).await.status, 200);
    let csv = rat.get(&format!("/berichte/{released}.csv")).await;
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").starts_with("text/csv"));
    assert!(csv.body.starts_with("\u{feff}Nr.;Maßnahme;"));
    // the AG sees both
    let list = ag.get("/berichte").await;
    assert!(list.contains("1. Halbjahr 2026") && list.contains("Entwurf"));
    // anonymous visitors are sent to the login page, for every format
    let mut anon = Browser::new(&app.base);
    for suffix in ["", ".pdf", ".csv"] {
        let r = anon.get(&format!("/berichte/{released}{suffix}")).await;
        assert_eq!(r.status, 303, "{suffix}");
        assert!(r.location().starts_with("/anmelden"));
    }
    // bad ids
    for bad in [
        "/berichte/abc",
        "/berichte/0",
        "/berichte/999999",
        "/berichte/1.exe",
        "/berichte/-1.pdf",
    ] {
        assert_eq!(ag.get(bad).await.status, 404, "{bad}");
    }
}

#[tokio::test]
async fn status_request_round_counts_updates_per_person_and_unit() {
    let app = spawn_app().await;
    let m = programme(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let id = create_report(
        &mut ag,
        "2. Halbjahr 2026",
        "01.07.2026",
        "31.12.2026",
        "IV/50/2026",
    )
    .await;
    ag.get(&format!("/berichte/{id}")).await;
    // a due date in the past: 422 with the input kept, nothing written
    let before = reports_dump(&app).await;
    let audit = app.audit_count(Audit::all()).await;
    let r = ag
        .post(
            &format!("/berichte/{id}/abfrage"),
            &[("due_on", "01.01.2020")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("<title>Fehler:"));
    assert!(r.body.contains("value=\"01.01.2020\""));
    assert!(
        r.body
            .contains("Die Frist darf nicht in der Vergangenheit liegen.")
    );
    assert_eq!(before, reports_dump(&app).await);
    assert_eq!(audit, app.audit_count(Audit::all()).await);

    let r = ag
        .post(
            &format!("/berichte/{id}/abfrage"),
            &[("due_on", "31.12.2099")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = ag.follow(&r).await;
    assert!(page.contains("4 von 4 fehlen noch."), "{}", page.body);
    app.assert_audited(Audit::action("sachstandsabfrage_starten"), 1)
        .await;

    // an update posted now counts; m1 belongs to Erika (Amt 21), as does m3
    let r = ag
        .post(
            &format!("/massnahmen/{}/sachstand", m[0]),
            &[
                ("status", "umsetzung"),
                ("ampel", "gruen"),
                ("progress", "50"),
                ("text", "Läuft"),
                ("next_steps", ""),
                ("blockers", ""),
                ("reason", ""),
                ("options", ""),
                ("decision_by", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = ag.get(&format!("/berichte/{id}")).await;
    assert!(page.contains("3 von 4 fehlen noch."), "{}", page.body);
    assert!(page.contains("<th scope=\"row\">Erika Beispiel (Leitung Amt 21)</th><td class=\"num\">2</td><td class=\"num\">1</td>"), "{}", page.body);
    assert!(page.contains("<th scope=\"row\">Max Muster (Leitung EDV-Abteilung)</th><td class=\"num\">2</td><td class=\"num\">2</td>"));
    assert!(
        page.contains(
            "<th scope=\"row\">Amt 21</th><td class=\"num\">2</td><td class=\"num\">1</td>"
        )
    );
    assert!(
        page.contains("<th scope=\"row\">EDV</th><td class=\"num\">2</td><td class=\"num\">2</td>")
    );
}

#[tokio::test]
async fn bad_report_forms_get_422_with_input_kept_and_edits_are_locked() {
    let app = spawn_app().await;
    programme(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    ag.get("/berichte/neu").await;
    let r = ag
        .post(
            "/berichte/neu",
            &[
                ("programme_id", "1"),
                ("period_label", "1. Halbjahr 2026"),
                ("period_start", "01.01.2026"),
                ("cutoff_on", "30.02.2026"),
                ("vorlage_no", ""),
                ("addressee", "Finanz- und Verwaltungsausschuss"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("<title>Fehler: Neuer Bericht"));
    assert!(r.body.contains("href=\"#f-cutoff_on\""));
    assert!(r.body.contains("value=\"30.02.2026\""));
    assert!(r.body.contains("Bitte geben Sie die Vorlage-Nummer ein."));
    let r = ag
        .post(
            "/berichte/neu",
            &[
                ("programme_id", "77"),
                ("period_label", "x"),
                ("period_start", "01.01.2026"),
                ("cutoff_on", "30.06.2026"),
                ("vorlage_no", "1"),
                ("addressee", "FVA"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(app.count("SELECT COUNT(*) FROM reports").await, 0);

    let id = create_report(
        &mut ag,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/12/2026",
    )
    .await;
    let form = ag.get(&format!("/berichte/{id}/bearbeiten")).await;
    assert_eq!(form.status, 200);
    let fields = |summary: &'static str, version: &'static str| {
        vec![
            ("version", version),
            ("period_label", "1. Halbjahr 2026"),
            ("period_start", "01.01.2026"),
            ("cutoff_on", "30.06.2026"),
            ("vorlage_no", "IV/12/2026"),
            ("addressee", "Finanz- und Verwaltungsausschuss"),
            ("committee_on", ""),
            ("summary", summary),
            ("outlook", ""),
            ("hf_1", "Kommentar zu Steuerung"),
        ]
    };
    let r = ag
        .post(
            &format!("/berichte/{id}/bearbeiten"),
            &fields("Erste Fassung", "1"),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = ag.follow(&r).await;
    assert!(page.contains("Erste Fassung") && page.contains("Kommentar zu Steuerung"));
    // a stale version: 409, input kept, nothing written
    let before = reports_dump(&app).await;
    ag.get(&format!("/berichte/{id}/bearbeiten")).await;
    let r = ag
        .post(
            &format!("/berichte/{id}/bearbeiten"),
            &fields("Zweite Fassung", "1"),
        )
        .await;
    assert_eq!(r.status, 409);
    assert!(r.body.contains("Zweite Fassung"));
    assert_eq!(before, reports_dump(&app).await);
    app.assert_audited(Audit::action("bericht_bearbeiten"), 1)
        .await;
}

/// The PDF, checked for real with poppler's `pdftotext` and `pdfinfo`.
#[tokio::test]
async fn released_pdf_parses_and_holds_cover_titles_and_totals() {
    let app = spawn_app().await;
    programme(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let mut leitung = app.signed_in("ob", Role::Leitung).await;
    let id = create_report(
        &mut ag,
        "1. Halbjahr 2026",
        "01.01.2026",
        "30.06.2026",
        "IV/12/2026",
    )
    .await;
    assert_eq!(release(&mut leitung, id).await.status, 303);
    let res = leitung.get_raw(&format!("/berichte/{id}.pdf")).await;
    assert_eq!(res.headers["content-type"], "application/pdf");
    let bytes = res.bytes;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bericht.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let info = std::process::Command::new("pdfinfo")
        .arg(&file)
        .output()
        .expect("pdfinfo (poppler-utils, installed by ./test.sh)");
    assert!(
        info.status.success(),
        "pdfinfo failed: {}",
        String::from_utf8_lossy(&info.stderr)
    );
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|p| p.trim().parse().ok())
        .expect("page count");
    assert!((4..=20).contains(&pages), "{pages} pages");
    assert!(info.contains("A4"), "{info}");
    let fonts = std::process::Command::new("pdffonts")
        .arg(&file)
        .output()
        .unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout).to_string();
    assert!(
        fonts.lines().skip(2).all(|l| l.contains(" yes ")),
        "fonts not embedded:\n{fonts}"
    );
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).replace('\u{a0}', " ");
    for needle in [
        "IV/12/2026",
        "Finanz- und Verwaltungsausschuss",
        "15.09.2026",
        "Sachstandsbericht 1. Halbjahr 2026",
        "30.06.2026",
        "Stichtag 30.06.2026",
        "Seite 1 von",
        "Maßnahme Nummer 1",
        "Maßnahme Nummer 2",
        "Maßnahme Nummer 3",
        "Maßnahme Nummer 4",
        "3.000,00 €",
        "8.000,00 €",
        "Mehr Online-Dienste",
    ] {
        assert!(text.contains(needle), "PDF text lacks {needle:?}:\n{text}");
    }
}
