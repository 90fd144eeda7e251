//! Goals: attainment and on-track status worked out by hand, the chart, adding readings.

mod common;

use common::spawn_app;
use sachstand::domain::Role;

async fn goals(app: &common::TestApp) {
    app.exec(
        "INSERT INTO goals (id, programme_id, field_id, title, indicator, unit, baseline, target_value, baseline_on, target_on) VALUES
           (1, 1, 2, 'Online verfügbare Leistungen', 'Leistungen ab Reifegrad 2', 'Anzahl', 17, 60, '2023-01-01', '2027-12-31'),
           (2, 1, 1, 'Papierverbrauch Gremien', 'Blatt je Jahr', 'Blatt', 180000, 40000, '2024-01-01', '2026-01-01');
         INSERT INTO goal_readings (goal_id, read_on, value, note) VALUES
           (1, '2026-06-30', 41, 'u. a. ePayment'),
           (2, '2025-01-01', 100000, '');",
    )
    .await;
}

#[tokio::test]
async fn goal_page_shows_attainment_status_and_an_accessible_chart() {
    let app = spawn_app().await;
    app.seed(1).await;
    goals(&app).await;
    let mut ob = app.signed_in("ob1", Role::Leitung).await;
    let r = ob.get("/ziele").await;
    assert_eq!(r.status, 200);
    // Goal 1: (41 − 17) / (60 − 17) = 24/43 = 55,8 % → 56 %. The line expects on 30.06.2026
    // (1276 of 1825 days) 69,9 % → behind.
    assert!(
        r.body
            .contains("im Verzug</strong> · 56 % des Weges erreicht (Stand 30.06.2026)")
    );
    // Goal 2 (falling): (100.000 − 180.000)/(40.000 − 180.000) = 80/140 = 57 %; the line expects
    // 366 of 731 days = 50 % on 01.01.2025 → on track.
    assert!(
        r.body
            .contains("im Plan</strong> · 57 % des Weges erreicht (Stand 01.01.2025)")
    );
    assert!(r.contains("Ausgangswert 180.000 Blatt am 01.01.2024"));
    assert!(r.body.contains("<svg viewBox=\"0 0 360 190\" role=\"img\""));
    assert!(!r.body.contains("style="), "no inline style under the CSP");
    assert!(r.body.contains("<polyline points="));
    let mut rat = app.signed_in("rat1", Role::Rat).await;
    assert_eq!(rat.get("/ziele").await.status, 403);
}

#[tokio::test]
async fn ag_member_adds_a_reading_and_bad_input_is_refused() {
    let app = spawn_app().await;
    app.seed(1).await;
    goals(&app).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    ag.get("/ziele").await;
    let before = app.snapshot().await;
    let r = ag
        .post(
            "/ziele/1/messwerte",
            &[("read_on", "31.02.2026"), ("value", "viele"), ("note", "x")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Bitte geben Sie ein gültiges Datum ein (TT.MM.JJJJ)."));
    assert!(r.contains("Bitte geben Sie den Messwert als Zahl ein"));
    assert!(r.body.contains("value=\"viele\""));
    assert_eq!(before, app.snapshot().await);
    assert_eq!(app.count("SELECT count(*) FROM goal_readings").await, 2);

    let r = ag
        .post(
            "/ziele/1/messwerte",
            &[("read_on", "30.09.2026"), ("value", "60"), ("note", "")],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = ag.follow(&r).await;
    assert!(
        page.body
            .contains("Ziel erreicht</strong> · 100 % des Weges erreicht (Stand 30.09.2026)")
    );
    assert_eq!(
        app.count(
            "SELECT count(*) FROM audit_log WHERE action = 'messwert_erfassen' AND entity_id = 1"
        )
        .await,
        1
    );
    assert_eq!(
        ag.post(
            "/ziele/999/messwerte",
            &[("read_on", "30.09.2026"), ("value", "1")]
        )
        .await
        .status,
        404
    );
}

#[tokio::test]
async fn ag_member_creates_a_goal_linked_to_measures_and_bad_input_is_refused() {
    let app = spawn_app().await;
    app.seed(2).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    ag.get("/ziele/neu").await;
    let before = app.snapshot().await;
    let r = ag
        .post(
            "/ziele/neu",
            &[
                ("programme_id", "1"),
                ("field_id", ""),
                ("title", "E-Rechnungen"),
                ("indicator", "Anteil"),
                ("unit", "%"),
                ("baseline", "4"),
                ("baseline_on", "2026-01-01"),
                ("target_value", "4"),
                ("target_on", "2025-01-01"),
                ("measures", "HF1-01, XX-99"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Das Zieldatum muss nach dem Datum des Ausgangswerts liegen."));
    assert!(r.contains("Zielwert und Ausgangswert dürfen nicht gleich sein."));
    assert!(r.contains("Die Maßnahme „XX-99“ gibt es im gewählten Programm nicht."));
    assert!(r.body.contains("value=\"HF1-01, XX-99\""));
    assert_eq!(before, app.snapshot().await);
    assert_eq!(app.count("SELECT count(*) FROM goals").await, 0);
    let r = ag
        .post(
            "/ziele/neu",
            &[
                ("programme_id", "1"),
                ("field_id", "2"),
                ("title", "E-Rechnungen"),
                ("indicator", "Anteil"),
                ("unit", "%"),
                ("baseline", "4"),
                ("baseline_on", "2024-01-01"),
                ("target_value", "80"),
                ("target_on", "2027-12-31"),
                ("measures", "HF1-01 HF2-02"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = ag.follow(&r).await;
    assert!(page.contains("Das Ziel wurde angelegt."));
    assert!(page.contains("HF2-02 Maßnahme Nummer 2"));
    assert_eq!(app.count("SELECT count(*) FROM measure_goals").await, 2);
    assert_eq!(
        app.count("SELECT count(*) FROM audit_log WHERE entity = 'ziel' AND action = 'anlegen'")
            .await,
        1
    );
}
