//! Responsibilities: units, people, dated AG membership — maintained by the AG.

use sachstand::domain::Role;

use crate::support::{Audit, AuditRow, spawn_app};

#[tokio::test]
async fn ag_member_adds_a_unit_a_person_and_a_dated_membership() {
    let app = spawn_app().await;
    app.seed(1).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let page = ag.get("/organisation").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Erika Beispiel"));

    let r = ag
        .post(
            "/organisation/einheiten",
            &[
                ("unit_code", "Dezernat I"),
                ("unit_name", "Dezernat I – Verwaltung"),
                ("unit_parent", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let unit = app
        .count("SELECT id FROM org_units WHERE code = 'Dezernat I'")
        .await;
    ag.get("/organisation").await;
    let r = ag
        .post(
            "/organisation/personen",
            &[
                ("person_name", "Jana Richter"),
                ("person_function", "Dezernentin I"),
                ("person_unit", &unit.to_string()),
                ("person_email", "jana.richter@stadt.example"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let person = app
        .count("SELECT id FROM people WHERE name = 'Jana Richter'")
        .await;
    ag.get("/organisation").await;
    let r = ag
        .post(
            "/organisation/mitgliedschaften",
            &[
                ("m_person", &person.to_string()),
                ("m_role", "mitglied"),
                ("m_since", "01.08.2023"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = ag.follow(&r).await;
    assert!(page.body.contains("Die Änderungen wurden gespeichert."));
    assert!(page.body.contains("01.08.2023"));
    let membership = app.count("SELECT id FROM ag_memberships").await;
    let r = ag
        .post(
            &format!("/organisation/mitgliedschaften/{membership}/ende"),
            &[("end_until", "2023-01-01")],
        )
        .await;
    assert_eq!(r.status, 422, "an end before the start is refused");
    ag.get("/organisation").await;
    let r = ag
        .post(
            &format!("/organisation/mitgliedschaften/{membership}/ende"),
            &[("end_until", "31.12.2025")],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = ag.follow(&r).await;
    assert!(page.body.contains("ausgeschieden"));
    app.assert_audited(
        Audit::actions(&[
            "einheit_anlegen",
            "person_anlegen",
            "mitgliedschaft_anlegen",
            "mitgliedschaft_beenden",
        ]),
        4,
    )
    .await;
}

#[tokio::test]
async fn invalid_organisation_input_is_refused_with_messages_and_nothing_written() {
    let app = spawn_app().await;
    app.seed(1).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    ag.get("/organisation").await;
    let before = app.snapshot().await;
    let r = ag
        .post(
            "/organisation/einheiten",
            &[
                ("unit_code", "Amt 21"),
                ("unit_name", ""),
                ("unit_parent", "999"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Dieses Kürzel ist bereits vergeben."));
    assert!(r.body.contains("Bitte geben Sie eine Bezeichnung ein."));
    let r = ag
        .post(
            "/organisation/personen",
            &[
                ("person_name", "Ohne Funktion"),
                ("person_function", " "),
                ("person_email", "kein-at-zeichen"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("gültige E-Mail-Adresse"));
    assert!(r.body.contains(r#"value="Ohne Funktion""#));
    let r = ag
        .post(
            "/organisation/mitgliedschaften",
            &[
                ("m_person", "1"),
                ("m_role", "kaiser"),
                ("m_since", "32.01.2024"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Rolle in der AG"));
    assert!(r.body.contains("gültiges Datum"));
    assert_eq!(before, app.snapshot().await);
}

#[tokio::test]
async fn a_persons_function_and_email_can_be_corrected() {
    let app = spawn_app().await;
    app.seed(1).await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    let page = admin.get("/organisation/personen/1").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(r#"value="Erika Beispiel""#));
    let r = admin
        .post(
            "/organisation/personen/1",
            &[
                ("person_name", "Erika Beispiel"),
                ("person_function", "Leitung Amt 21 (Finanzen)"),
                ("person_unit", "1"),
                ("person_email", "e.beispiel@stadt.example"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let AuditRow {
        old_values: old,
        new_values: new,
        ..
    } = app.audit_row(Audit::action("person_bearbeiten")).await;
    assert!(old.contains("erika@stadt.example") && new.contains("e.beispiel@stadt.example"));
    assert!(
        !new.contains("\"name\""),
        "only changed fields are recorded"
    );
    assert_eq!(admin.get("/organisation/personen/999").await.status, 404);
}
