//! Programmes: revisions side by side with the recorded changes; editing fields of action.

use sachstand::domain::Role;

use crate::support::{Audit, spawn_app};

#[tokio::test]
async fn two_revisions_are_compared_with_the_differences_marked() {
    let app = spawn_app().await;
    app.seed(2).await;
    app.exec(
        "INSERT INTO revisions (id, programme_id, version, revised_on, summary, resolution_ref) VALUES
           (1, 1, '1.0', '2024-03-21', 'Beschlossene Fassung', 'Beschluss-Nr. 567/24'),
           (2, 1, '1.1', '2025-11-20', 'Fortschreibung', 'IV/093/2025');
         INSERT INTO revision_changes (revision_id, entity, entity_id, label, change, note) VALUES
           (2, 'massnahme', 1, 'HF1-01 Maßnahme Nummer 1', 'neu', 'ergänzt'),
           (2, 'massnahme', 2, 'HF2-02 Maßnahme Nummer 2', 'entfallen', 'erledigt'),
           (1, 'ziel', NULL, 'Ursprüngliches Ziel', 'neu', '');",
    )
    .await;
    let mut ob = app.signed_in("ob1", Role::Leitung).await;
    let list = ob.get("/programme").await;
    assert_eq!(list.status, 200);
    assert!(list.contains("1.1 (gültig)"));
    let r = ob.get("/programme/1/vergleich?a=2&b=1").await;
    assert_eq!(r.status, 200);
    assert!(r.contains("Unterschiede (2)"));
    assert!(r.body.contains("<ins>HF1-01 Maßnahme Nummer 1</ins>"));
    assert!(r.body.contains("<del>HF2-02 Maßnahme Nummer 2</del>"));
    assert!(r.contains("Beschluss-Nr. 567/24"));
    assert!(
        !r.contains("Ursprüngliches Ziel"),
        "changes of 1.0 itself are not a difference"
    );
    assert_eq!(ob.get("/programme/1/vergleich?a=x").await.status, 400);
    assert_eq!(ob.get("/programme/1/vergleich?a=99").await.status, 404);
    let mut rat = app.signed_in("rat1", Role::Rat).await;
    assert_eq!(rat.get("/programme").await.status, 403);
}

#[tokio::test]
async fn ag_member_reorders_a_field_with_validation_and_locking() {
    let app = spawn_app().await;
    app.seed(1).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    ag.get("/programme").await;
    let before = app.snapshot().await;
    let r = ag
        .post(
            "/programme/handlungsfelder/2",
            &[("title", ""), ("position", "0"), ("version", "1")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Bitte geben Sie einen Titel des Handlungsfelds ein."));
    assert_eq!(before, app.snapshot().await);
    let r = ag
        .post(
            "/programme/handlungsfelder/2",
            &[
                ("title", "Bürgerservice und Online-Dienste"),
                ("position", "1"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count("SELECT position FROM fields WHERE id = 2").await,
        1
    );
    app.assert_audited(Audit::on("handlungsfeld").id(2), 1)
        .await;
    let before = app.snapshot().await;
    let r = ag
        .post(
            "/programme/handlungsfelder/2",
            &[("title", "Alt"), ("position", "3"), ("version", "1")],
        )
        .await;
    assert_eq!(r.status, 409);
    assert!(r.contains("inzwischen geändert"));
    assert_eq!(before, app.snapshot().await);
}

#[tokio::test]
async fn ag_member_records_a_fortschreibung_and_its_changes_which_the_comparison_shows() {
    let app = spawn_app().await;
    app.seed(1).await;
    app.exec(
        "INSERT INTO revisions (id, programme_id, version, revised_on, summary) VALUES (1, 1, '1.0', '2024-03-21', 'Beschlossen');",
    )
    .await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    ag.get("/programme/1/fortschreibungen").await;
    let before = app.snapshot().await;
    let r = ag
        .post(
            "/programme/1/fortschreibungen",
            &[
                ("version", "1.0"),
                ("revised_on", "2026-13-01"),
                ("summary", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Diese Versionsnummer ist für das Programm bereits vergeben."));
    assert!(r.contains("Bitte geben Sie ein gültiges Datum ein (TT.MM.JJJJ)."));
    assert_eq!(before, app.snapshot().await);
    assert_eq!(app.count("SELECT count(*) FROM revisions").await, 1);

    let r = ag
        .post(
            "/programme/1/fortschreibungen",
            &[
                ("version", "1.1"),
                ("revised_on", "20.11.2026"),
                ("summary", "Fortschreibung 2026"),
                ("resolution_ref", "IV/101/2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let rev = app
        .count("SELECT id FROM revisions WHERE version = '1.1'")
        .await
        .to_string();
    let r = ag
        .post(
            "/programme/1/aenderungen",
            &[
                ("revision_id", &rev),
                ("entity", "massnahme"),
                ("change", "neu"),
                ("label", "HF2-15 Mängelmelder"),
                ("note", "aus Erwartung"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = ag
        .post(
            "/programme/1/aenderungen",
            &[
                ("revision_id", "999"),
                ("entity", "x"),
                ("change", "neu"),
                ("label", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Bitte wählen Sie eine Fassung dieses Programms aus."));
    app.assert_audited(Audit::on("programm").id(1), 2).await;
    let cmp = ag.get("/programme/1/vergleich").await;
    assert!(cmp.body.contains("<ins>HF2-15 Mängelmelder</ins>"));
    assert!(cmp.contains("IV/101/2026"));
}

#[tokio::test]
async fn ag_member_adds_a_field_of_action_which_measures_can_then_use() {
    let app = spawn_app().await;
    app.seed(1).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let page = ag.get("/programme").await;
    // the form proposes the next code and position after HF2 (position 2)
    assert!(
        page.body
            .contains("name=\"code\" type=\"text\" value=\"HF3\""),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("name=\"position\" type=\"number\" min=\"1\" max=\"999\" value=\"3\"")
    );
    // bad input: a taken code, an empty title, a position out of range → 422, input kept,
    // nothing written
    let before = app.snapshot().await;
    let r = ag
        .post(
            "/programme/1/handlungsfelder",
            &[("code", "HF2"), ("title", ""), ("position", "1000")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.contains("Das Kürzel „HF2“ hat dieses Programm schon."));
    assert!(
        r.contains("Bitte geben Sie einen Titel des Handlungsfelds ein."),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("id=\"f-new_field_code\" name=\"code\" type=\"text\" value=\"HF2\"")
    );
    assert!(r.body.contains("value=\"1000\""));
    assert_eq!(before, app.snapshot().await);
    let r = ag
        .post(
            "/programme/1/handlungsfelder",
            &[("code", "HF2 neu!"), ("title", "KI"), ("position", "3")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.contains(
        "Das Kürzel darf nur Buchstaben, Ziffern, Punkt, Binde- und Unterstrich enthalten."
    ));
    // saved, audited, listed, and offered on the measure form
    let r = ag
        .post(
            "/programme/1/handlungsfelder",
            &[
                ("code", "HF3"),
                ("title", "Künstliche Intelligenz"),
                ("position", "3"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let page = ag.follow(&r).await;
    assert!(page.contains("Das Handlungsfeld wurde angelegt."));
    assert!(page.contains("value=\"Künstliche Intelligenz\""));
    assert!(
        page.body
            .contains("name=\"code\" type=\"text\" value=\"HF4\"")
    );
    app.assert_audited(
        Audit::action("anlegen")
            .entity("handlungsfeld")
            .new_has("Künstliche Intelligenz"),
        1,
    )
    .await;
    let form = ag.get("/massnahmen/neu").await;
    assert!(form.contains("HF3 Künstliche Intelligenz"), "{}", form.body);
    // unknown programme: 404
    assert_eq!(
        ag.post(
            "/programme/99/handlungsfelder",
            &[("code", "X1"), ("title", "X"), ("position", "1")]
        )
        .await
        .status,
        404
    );
}
