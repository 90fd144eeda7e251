//! Report figures: draft figures against hand-worked values, the Stichtag at German
//! midnight, and the changes since the previous report.

use sachstand::domain::Role;

use super::{article, create_report, programme, release, update, update_with};
use crate::support::{Audit, spawn_app};

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
    // a measure silent in the period shows its latest Sachstand, flagged with its date
    assert!(a.contains("keine neue Meldung seit 01.10.2025"));
    // roles, not private persons
    assert!(a.contains("Leitung Amt 21"));
    assert!(!a.contains("Erika Beispiel"));
    // goal attainment: reading 30 on 01.06.2026 (45 is after the Stichtag): (30-10)/(50-10) = 50 %
    assert!(a.contains("<td class=\"num\">50 %</td>"), "{a}");
    // Plan over all years of the finance table: 1.000 + 2.000 + 5.000 €
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
            .contains("<h4>Neue Maßnahmen (1)</h4><ul><li>HF1-09 Neue Maßnahme Chatbot</li></ul>"),
        "{section}"
    );
    assert!(section.contains("<h4>Abgeschlossen (1)</h4><ul><li>HF1-01 Maßnahme Nummer 1: abgeschlossen am 01.03.2026</li></ul>"), "{section}");
    assert!(section.contains("<h4>Statusänderungen (1)</h4><ul><li>HF1-03 Maßnahme Nummer 3: In Umsetzung → In Vorbereitung</li></ul>"), "{section}");
    assert!(section.contains("<h4>Ampeländerungen (1)</h4>"));
    assert!(section.contains("HF2-02 Maßnahme Nummer 2"));
    assert!(section.contains("<strong>Ursache:</strong> Lieferant insolvent"));
    assert!(section.contains("<strong>Handlungsoptionen:</strong> Neuvergabe"));
    assert!(section.contains("<h4>Zurückgestellt oder verworfen (1)</h4><ul><li>HF2-04 Maßnahme Nummer 4: In Umsetzung → Verworfen</li></ul>"), "{section}");
    assert!(section.contains("<h4>Verzögerte Meilensteine (1)</h4><ul><li>HF2-02 Maßnahme Nummer 2: Meilenstein „Abnahme“ überfällig (fällig am 31.05.2026)</li></ul>"), "{section}");
    assert!(section.contains("<h4>Haushaltsveränderungen (1)</h4><ul><li>HF1-01 Maßnahme Nummer 1: Haushaltsjahr 2026: Ist 500,00\u{a0}€ → 800,00\u{a0}€</li></ul>"), "{section}");
    assert!(
        !section.contains("Plan 1.000,00\u{a0}€ → 1.000,00"),
        "unchanged amounts are noise"
    );
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
