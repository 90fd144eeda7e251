//! Creating and editing measures: validation, optimistic locking under stale and parallel
//! saves, columns the form does not own, and milestones.

use sachstand::domain::Role;

use crate::support::{Audit, AuditRow, spawn_app};

pub(super) fn measure_form<'a>(
    code: &'a str,
    title: &'a str,
    version: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("code", code),
        ("title", title),
        ("description", "Neue Beschreibung"),
        ("field_id", "2"),
        ("org_unit_id", "2"),
        ("person_id", "2"),
        ("priority", "hoch"),
        ("planned_start", "01.02.2027"),
        ("planned_end", "2027-12-31"),
        ("actual_start", ""),
        ("effort_days", "40"),
        ("dsb_relevant", "on"),
        ("dsb_state", "offen"),
        ("dsb_note", ""),
        ("dsb_date", ""),
        ("isb_state", "nicht_erforderlich"),
        ("isb_note", ""),
        ("isb_date", ""),
        ("pr_state", "nicht_erforderlich"),
        ("pr_note", ""),
        ("pr_date", ""),
        ("ozg_key", "99123456789012"),
        ("ozg_model", "2.0"),
        ("ozg_level", "5"),
        ("version", version),
    ]
}

#[tokio::test]
async fn ag_member_creates_a_measure_and_invalid_input_comes_back_with_messages() {
    let app = spawn_app().await;
    app.seed(1).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let page = ag.get("/massnahmen/neu").await;
    assert_eq!(page.status, 200);

    let before = app.snapshot().await;
    let mut bad = measure_form("HF1-01", "", "");
    bad.retain(|(k, _)| !matches!(*k, "planned_end" | "ozg_level" | "field_id"));
    bad.push(("planned_end", "01.01.2020"));
    bad.push(("ozg_level", "9"));
    bad.push(("field_id", "77"));
    let r = ag.post("/massnahmen/neu", &bad).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Bitte geben Sie einen Titel ein."));
    assert!(
        r.body
            .contains("Das geplante Ende darf nicht vor dem geplanten Beginn liegen.")
    );
    assert!(
        r.body
            .contains("Der Reifegrad muss eine ganze Zahl von 0 bis 7 sein.")
    );
    assert!(
        r.body.contains(r#"value="Neue Beschreibung"#)
            || r.body.contains(">Neue Beschreibung</textarea>")
    );
    assert!(r.body.contains(r#"value="99123456789012""#));
    assert_eq!(before, app.snapshot().await);

    // duplicate code within the programme
    let r = ag
        .post("/massnahmen/neu", &measure_form("HF1-01", "Doppelt", ""))
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body
            .contains("Diese Nummer ist im Programm bereits vergeben.")
    );

    let r = ag
        .post(
            "/massnahmen/neu",
            &measure_form("HF2-10", "E-Rechnung Workflow", ""),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = ag.follow(&r).await;
    assert!(page.body.contains("Die Maßnahme wurde angelegt."));
    assert!(page.body.contains("E-Rechnung Workflow"));
    assert!(page.body.contains("Reifegrad 5 (Reifegradmodell 2.0)"));
    assert_eq!(
        app.count("SELECT count(*) FROM sign_offs WHERE track = 'dsb' AND state = 'offen'")
            .await,
        1
    );
    app.assert_audited(Audit::action("anlegen").entity("massnahme"), 1)
        .await;
}

#[tokio::test]
async fn a_stale_edit_gets_409_with_both_versions_and_never_overwrites() {
    let app = spawn_app().await;
    let seed = app.seed(1).await;
    let id = seed.measures[0];
    let mut alice = app.signed_in("alice", Role::Ag).await;
    let mut bob = app.signed_in("bob", Role::Ag).await;
    let a_form = alice.get(&format!("/massnahmen/{id}/bearbeiten")).await;
    bob.get(&format!("/massnahmen/{id}/bearbeiten")).await;
    assert!(a_form.body.contains(r#"name="version" value="1""#));

    let r = alice
        .post(
            &format!("/massnahmen/{id}/bearbeiten"),
            &measure_form("HF1-01", "Titel von Alice", "1"),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = bob
        .post(
            &format!("/massnahmen/{id}/bearbeiten"),
            &measure_form("HF1-01", "Titel von Bob", "1"),
        )
        .await;
    assert_eq!(r.status, 409);
    assert!(r.contains("Titel von Bob"), "Bob's input is kept");
    assert!(r.contains("Titel von Alice"), "the current value is shown");
    assert!(r.body.contains("nicht</strong> gespeichert"));
    assert!(r.body.contains(r#"name="version" value="2""#));
    let title: String = sachstand::db::query_scalar("SELECT title FROM measures WHERE id = ?")
        .bind(id)
        .fetch_one(&app.db.read)
        .await
        .unwrap();
    assert_eq!(title, "Titel von Alice");
    // the audit row shows old -> new of the successful edit only
    let AuditRow {
        old_values: old,
        new_values: new,
        ..
    } = app.audit_row(Audit::action("bearbeiten")).await;
    assert!(old.contains("Maßnahme Nummer 1") && new.contains("Titel von Alice"));
}

#[tokio::test]
async fn twenty_parallel_saves_of_one_version_give_exactly_one_success() {
    let app = spawn_app().await;
    let seed = app.seed(1).await;
    let id = seed.measures[0];
    let mut tasks = Vec::new();
    for i in 0..20 {
        let mut b = app.signed_in(&format!("user{i}"), Role::Ag).await;
        b.get(&format!("/massnahmen/{id}/bearbeiten")).await;
        tasks.push(tokio::spawn(async move {
            let title = format!("Titel {i}");
            b.post(
                &format!("/massnahmen/{id}/bearbeiten"),
                &measure_form("HF1-01", &title, "1"),
            )
            .await
            .status
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        19,
        "{statuses:?}"
    );
    assert_eq!(
        app.count(&format!("SELECT version FROM measures WHERE id = {id}"))
            .await,
        2
    );
}

#[tokio::test]
async fn extra_fields_cannot_change_columns_the_form_does_not_own() {
    let app = spawn_app().await;
    let seed = app.seed(1).await;
    let id = seed.measures[0];
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    ag.get(&format!("/massnahmen/{id}/bearbeiten")).await;
    let mut form = measure_form("HF1-01", "Neu", "1");
    form.extend([
        ("status", "abgeschlossen"),
        ("progress", "100"),
        ("archived_at", "2020-01-01"),
        ("id", "5"),
        ("role", "admin"),
    ]);
    let r = ag
        .post(&format!("/massnahmen/{id}/bearbeiten"), &form)
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM measures WHERE id = {id} AND status = 'umsetzung' AND progress = 10 AND archived_at IS NULL"
        ))
        .await,
        1
    );
    assert_eq!(
        app.count("SELECT count(*) FROM users WHERE role = 'admin'")
            .await,
        0
    );
}

#[tokio::test]
async fn milestones_are_added_with_validation_and_marked_done() {
    let app = spawn_app().await;
    let seed = app.seed(1).await;
    let id = seed.measures[0];
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    ag.get(&format!("/massnahmen/{id}")).await;
    let r = ag
        .post(
            &format!("/massnahmen/{id}/meilensteine"),
            &[("ms_title", "Zuschlag erteilt"), ("ms_due", "31.02.2027")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("gültiges Datum"));
    assert!(r.body.contains(r#"value="Zuschlag erteilt""#));
    assert_eq!(app.count("SELECT count(*) FROM milestones").await, 0);
    let r = ag
        .post(
            &format!("/massnahmen/{id}/meilensteine"),
            &[("ms_title", "Zuschlag erteilt"), ("ms_due", "2027-02-28")],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = ag.follow(&r).await;
    assert!(page.body.contains("Zuschlag erteilt") && page.body.contains("28.02.2027"));
    let ms = app.count("SELECT id FROM milestones").await;
    let r = ag
        .post(&format!("/massnahmen/{id}/meilensteine/{ms}/erledigt"), &[])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM milestones WHERE done_on = '{}'",
            chrono::Utc::now().date_naive()
        ))
        .await,
        1
    );
    // twice is not found: nothing left to complete
    ag.get(&format!("/massnahmen/{id}")).await;
    let r = ag
        .post(&format!("/massnahmen/{id}/meilensteine/{ms}/erledigt"), &[])
        .await;
    assert_eq!(r.status, 404);
    app.assert_audited(Audit::action_prefix("meilenstein_"), 2)
        .await;
}
