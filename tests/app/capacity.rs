//! Capacity realism: load per unit and half-year worked out by hand; the measure form's
//! "Auslastung prüfen" shows the effect before saving.

use sachstand::domain::Role;

use crate::support::{Audit, spawn_app};

#[tokio::test]
async fn over_commitment_is_named_in_words() {
    let app = spawn_app().await;
    let seed = app.seed(3).await;
    // Measures 1 and 3 are led by Amt 21 (unit 1), measure 2 by EDV (unit 2).
    app.exec(&format!(
        "UPDATE measures SET effort_days = 100, planned_start = '2027-01-01', planned_end = '2027-12-31' WHERE id = {};
         UPDATE measures SET effort_days = 90, planned_start = '2027-01-01', planned_end = '2027-06-30' WHERE id = {};
         UPDATE measures SET effort_days = 10, planned_start = '2027-01-01', planned_end = '2027-06-30' WHERE id = {};
         INSERT INTO capacities (org_unit_id, year, half, person_days) VALUES (1, 2027, 1, 90), (1, 2027, 2, 60), (2, 2027, 1, 30);",
        seed.measures[0], seed.measures[2], seed.measures[1]
    ))
    .await;
    let mut ob = app.signed_in("ob1", Role::Leitung).await;
    let r = ob.get("/kapazitaet").await;
    assert_eq!(r.status, 200);
    // Amt 21, 1. Hj. 2027: 100 · 181/365 + 90 = 49,6 + 90 = 139,6 → 140 of 90.
    assert!(
        r.contains("Amt 21: 140 von 90 Personentagen im 1. Halbjahr 2027 verplant"),
        "{}",
        r.body
    );
    // 2. Hj.: 100 · 184/365 = 50,4 → 50 of 60: fine. EDV: 10 of 30: fine.
    assert!(!r.contains("Amt 21: 50 von 60"));
    assert!(r.contains("50 / 60"));
    assert!(r.contains("10 / 30"));
    let mut rat = app.signed_in("rat1", Role::Rat).await;
    assert_eq!(rat.get("/kapazitaet").await.status, 403);
}

#[tokio::test]
async fn ag_member_sets_a_capacity_and_checks_a_new_measures_load_before_saving() {
    let app = spawn_app().await;
    app.seed(1).await;
    app.exec(
        "INSERT INTO capacities (org_unit_id, year, half, person_days) VALUES (2, 2027, 1, 30)",
    )
    .await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    ag.get("/kapazitaet").await;
    let before = app.snapshot().await;
    let r = ag
        .post(
            "/kapazitaet",
            &[
                ("org_unit_id", "1"),
                ("year", "27"),
                ("half", "3"),
                ("person_days", "-1"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Das Jahr muss eine ganze Zahl von 2000 bis 2100 sein."));
    assert!(r.contains("Das Halbjahr muss eine ganze Zahl von 1 bis 2 sein."));
    assert_eq!(before, app.snapshot().await);
    let r = ag
        .post(
            "/kapazitaet",
            &[
                ("org_unit_id", "1"),
                ("year", "2027"),
                ("half", "1"),
                ("person_days", "90"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count(
            "SELECT person_days FROM capacities WHERE org_unit_id = 1 AND year = 2027 AND half = 1"
        )
        .await,
        90
    );
    app.assert_audited(Audit::action("kapazitaet_setzen"), 1)
        .await;

    // New measure for EDV (unit 2): 40 PT over 01.01.–30.06.2027 against 30 PT capacity.
    ag.get("/massnahmen/neu").await;
    let before = app.snapshot().await;
    let r = ag
        .post(
            "/massnahmen/neu",
            &[
                ("code", "HF2-90"),
                ("title", "Neue Maßnahme"),
                ("field_id", "2"),
                ("org_unit_id", "2"),
                ("person_id", "2"),
                ("priority", "mittel"),
                ("planned_start", "2027-01-01"),
                ("planned_end", "2027-06-30"),
                ("effort_days", "40"),
                ("pruefen", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(r.contains("EDV: 40 von 30 Personentagen im 1. Halbjahr 2027 verplant (bisher 0 Personentage, mit dieser Maßnahme 40) – überlastet"), "{}", r.body);
    assert!(r.body.contains("value=\"HF2-90\""), "input kept");
    assert_eq!(
        before,
        app.snapshot().await,
        "checking the load saves nothing"
    );
}
