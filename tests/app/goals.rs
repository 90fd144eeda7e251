//! Goals: attainment and on-track status worked out by hand, the chart, adding readings.

use sachstand::domain::Role;

use crate::support::{Audit, TestApp, spawn_app};

async fn goals(app: &TestApp) {
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
    app.assert_audited(Audit::action("messwert_erfassen").id(1), 1)
        .await;
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
    app.assert_audited(Audit::action("anlegen").entity("ziel"), 1)
        .await;
}

#[tokio::test]
async fn ag_member_edits_a_goal_and_a_stale_save_gets_409_with_both_versions() {
    let app = spawn_app().await;
    app.seed(2).await;
    goals(&app).await;
    app.exec("INSERT INTO measure_goals (measure_id, goal_id) VALUES (1, 1)")
        .await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let list = ag.get("/ziele").await;
    assert!(list.contains("href=\"/ziele/1/bearbeiten\""));
    // the form holds the stored goal, numbers with a decimal comma, the linked measures
    let form = ag.get("/ziele/1/bearbeiten").await;
    assert_eq!(form.status, 200);
    assert!(form.contains("<h1>Ziel bearbeiten: Online verfügbare Leistungen</h1>"));
    for v in [
        "value=\"Leistungen ab Reifegrad 2\"",
        "value=\"17\"",
        "value=\"60\"",
        "value=\"2023-01-01\"",
        "value=\"HF1-01\"",
        "name=\"version\" value=\"1\"",
    ] {
        assert!(form.body.contains(v), "{v} missing");
    }
    let edit = |title: &'static str, version: &'static str| {
        vec![
            ("programme_id", "1"),
            ("field_id", "2"),
            ("title", title),
            ("indicator", "Leistungen ab Reifegrad 3"),
            ("unit", "Anzahl"),
            ("baseline", "17"),
            ("baseline_on", "2023-01-01"),
            ("target_value", "62,5"),
            ("target_on", "2027-12-31"),
            ("measures", "HF2-02"),
            ("version", version),
        ]
    };
    // bad input: 422, input kept, nothing written
    let before = app.snapshot().await;
    let mut bad = edit("Online-Dienste", "1");
    bad[7] = ("target_value", "viele");
    let r = ag.post("/ziele/1/bearbeiten", &bad).await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Bitte geben Sie den Zielwert als Zahl ein"));
    assert!(r.body.contains("value=\"viele\""));
    assert_eq!(before, app.snapshot().await);
    // saved: values, links and an audit row with the differences
    let r = ag
        .post("/ziele/1/bearbeiten", &edit("Online-Dienste", "1"))
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = ag.follow(&r).await;
    assert!(page.contains("Das Ziel wurde geändert."));
    assert!(page.contains("Online-Dienste"));
    assert!(page.contains("HF2-02 Maßnahme Nummer 2"));
    assert_eq!(
        app.count(
            "SELECT count(*) FROM goals WHERE id = 1 AND target_value = 62.5 AND version = 2"
        )
        .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM measure_goals WHERE goal_id = 1 AND measure_id = 2")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM measure_goals WHERE goal_id = 1")
            .await,
        1
    );
    app.assert_audited(
        Audit::action("bearbeiten")
            .entity("ziel")
            .id(1)
            .old_has("\"target_value\":60.0")
            .new_has("\"target_value\":62.5")
            .old_lacks("unit"),
        1,
    )
    .await;
    // a second editor still holding version 1: 409, both versions, own input kept, no write
    let before = app.snapshot().await;
    let r = ag
        .post("/ziele/1/bearbeiten", &edit("Veralteter Titel", "1"))
        .await;
    assert_eq!(r.status, 409);
    assert!(r.contains("Das Ziel wurde inzwischen geändert – von ag1 am"));
    // without the values it was opened with, every differing field needs a choice
    assert!(r.body.contains(r#"name="wahl_title" value="gespeichert""#));
    assert!(r.contains("<dd class=\"prewrap\">Online-Dienste</dd>"));
    assert!(r.contains("<dd class=\"prewrap\">Veralteter Titel</dd>"));
    assert!(r.body.contains("value=\"Veralteter Titel\""));
    assert!(r.body.contains("name=\"version\" value=\"2\""));
    assert_eq!(before, app.snapshot().await);
    // unknown goal: 404; council members may not edit
    assert_eq!(ag.get("/ziele/99/bearbeiten").await.status, 404);
    let mut rat = app.signed_in("rat1", Role::Rat).await;
    assert_eq!(rat.get("/ziele/1/bearbeiten").await.status, 403);
}
