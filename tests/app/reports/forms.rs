//! Report forms: the status-request round and its counts, bad form input (422, input kept)
//! and locked edits.

use sachstand::domain::Role;

use super::{create_report, programme, reports_dump};
use crate::support::{Audit, spawn_app};

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
