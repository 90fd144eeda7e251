//! Journey 1 and the measure pages: list, filters, detail, status updates with Ampel
//! discipline, create/edit with validation and optimistic locking, archive, CSV.

use sachstand::domain::Role;

use crate::support::{Audit, AuditRow, Browser, PASSWORD, spawn_app};

fn status_form<'a>(ampel: &'a str, text: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("status", "umsetzung"),
        ("ampel", ampel),
        ("progress", "60"),
        ("text", text),
        ("next_steps", "Abnahme im Januar"),
        ("blockers", ""),
        ("reason", ""),
        ("options", ""),
        ("decision_by", ""),
    ]
}

#[tokio::test]
async fn ag_member_posts_status_update_and_sees_it_in_history() {
    let app = spawn_app().await;
    let seed = app.seed(3).await;
    let id = seed.measures[1];
    let mut ag = app.signed_in("ag1", Role::Ag).await;

    let list = ag.get("/massnahmen?q=Nummer%202").await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains(&format!("href=\"/massnahmen/{id}\"")));
    let page = ag.get(&format!("/massnahmen/{id}")).await;
    assert!(page.body.contains("Sachstand melden"));

    let r = ag
        .post(
            &format!("/massnahmen/{id}/sachstand"),
            &status_form("gruen", "Vergabe erteilt, Einführung läuft."),
        )
        .await;
    assert_eq!(r.status, 303);
    let page = ag.follow(&r).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains(r#"role="status">Die Sachstandsmeldung wurde gespeichert."#)
    );
    let timeline = page
        .body
        .split("ol class=\"timeline\"")
        .nth(1)
        .expect("timeline");
    assert!(timeline.contains("Vergabe erteilt, Einführung läuft."));
    assert!(timeline.contains("Abnahme im Januar"));
    assert!(page.body.contains("60 %"));
    assert!(
        page.body.contains("heute"),
        "last update should read 'heute'"
    );

    assert_eq!(
        app.count(&format!("SELECT progress FROM measures WHERE id = {id}"))
            .await,
        60
    );
    app.assert_audited(Audit::action("sachstand_melden").id(id).by("ag1"), 1)
        .await;
}

#[tokio::test]
async fn amber_or_red_without_reason_options_and_date_is_refused_with_input_kept() {
    let app = spawn_app().await;
    let seed = app.seed(1).await;
    let id = seed.measures[0];
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    ag.get(&format!("/massnahmen/{id}")).await;
    let before = app.snapshot().await;
    let r = ag
        .post(
            &format!("/massnahmen/{id}/sachstand"),
            &status_form("rot", "Anbieter insolvent <b>dringend</b>"),
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("<title>Fehler:"));
    assert!(
        r.body
            .contains("Bei Ampel Rot ist eine Begründung erforderlich.")
    );
    assert!(
        r.body
            .contains("Bei Ampel Rot sind Handlungsoptionen erforderlich.")
    );
    assert!(r.body.contains("href=\"#f-reason\""));
    assert!(
        r.body
            .contains(r#"aria-invalid="true" aria-describedby="e-reason""#)
    );
    // the typed text comes back, escaped
    assert!(
        r.body
            .contains("Anbieter insolvent &#60;b&#62;dringend&#60;/b&#62;")
            || r.body
                .contains("Anbieter insolvent &lt;b&gt;dringend&lt;/b&gt;")
    );
    assert!(!r.body.contains("<b>dringend"));
    assert!(r.body.contains(r#"value="rot" checked"#));
    assert_eq!(before, app.snapshot().await, "nothing may be written");

    let mut ok = status_form("rot", "Anbieter insolvent");
    ok.retain(|(k, _)| !matches!(*k, "reason" | "options" | "decision_by"));
    ok.push(("reason", "Insolvenz des Anbieters"));
    ok.push(("options", "Neuvergabe oder Landeslösung"));
    ok.push(("decision_by", "2099-01-31"));
    let r = ag.post(&format!("/massnahmen/{id}/sachstand"), &ok).await;
    assert_eq!(r.status, 303);
    let page = ag.follow(&r).await;
    assert!(page.body.contains("Insolvenz des Anbieters"));
    assert!(page.body.contains("31.01.2099"));
}

#[tokio::test]
async fn completing_a_measure_sets_full_progress_and_the_actual_end() {
    let app = spawn_app().await;
    let seed = app.seed(1).await;
    let id = seed.measures[0];
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let mut form = status_form("gruen", "Abgenommen und in Betrieb.");
    form[0] = ("status", "abgeschlossen");
    form[2] = ("progress", "80");
    let r = ag.post(&format!("/massnahmen/{id}/sachstand"), &form).await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count(&format!("SELECT progress FROM measures WHERE id = {id}"))
            .await,
        100
    );
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM measures WHERE id = {id} AND actual_end = date('now')"
        ))
        .await,
        1
    );
    // updates are append-only: the database refuses to change or delete them
    let upd = sqlx::query("UPDATE status_updates SET text = 'x'")
        .execute(&app.db.write)
        .await;
    assert!(upd.is_err());
    let del = sqlx::query("DELETE FROM status_updates")
        .execute(&app.db.write)
        .await;
    assert!(del.is_err());
}

#[tokio::test]
async fn bad_status_values_are_field_errors_not_server_errors() {
    let app = spawn_app().await;
    let seed = app.seed(1).await;
    let id = seed.measures[0];
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let cases: Vec<Vec<(&str, &str)>> = vec![
        vec![
            ("status", "fertig"),
            ("ampel", "gruen"),
            ("progress", "10"),
            ("text", "x"),
        ],
        vec![
            ("status", "umsetzung"),
            ("ampel", "lila"),
            ("progress", "10"),
            ("text", "x"),
        ],
        vec![
            ("status", "umsetzung"),
            ("ampel", "gruen"),
            ("progress", "101"),
            ("text", "x"),
        ],
        vec![
            ("status", "umsetzung"),
            ("ampel", "gruen"),
            ("progress", "-1"),
            ("text", "x"),
        ],
        vec![
            ("status", "umsetzung"),
            ("ampel", "gruen"),
            ("progress", "zehn"),
            ("text", "x"),
        ],
        vec![
            ("status", "umsetzung"),
            ("ampel", "gruen"),
            ("progress", "10"),
            ("text", "   "),
        ],
        vec![
            ("status", "umsetzung"),
            ("ampel", "gelb"),
            ("progress", "10"),
            ("text", "x"),
            ("reason", "r"),
            ("options", "o"),
            ("decision_by", "30.02.2027"),
        ],
    ];
    for form in cases {
        let r = ag.post(&format!("/massnahmen/{id}/sachstand"), &form).await;
        assert_eq!(r.status, 422, "{form:?}");
        assert!(r.body.contains("error-summary"));
    }
    let long = "x".repeat(5000);
    let r = ag
        .post(
            &format!("/massnahmen/{id}/sachstand"),
            &status_form("gruen", &long),
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("höchstens 4000 Zeichen"));
    // a duplicated field is a 400, not a silently picked value
    let dup = vec![
        ("csrf_token".to_string(), ag.csrf.clone()),
        ("status".into(), "umsetzung".into()),
        ("status".into(), "abgeschlossen".into()),
        ("ampel".into(), "gruen".into()),
        ("progress".into(), "1".into()),
        ("text".into(), "x".into()),
    ];
    let r = ag
        .post_raw(&format!("/massnahmen/{id}/sachstand"), &dup)
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(app.count("SELECT count(*) FROM status_updates").await, 0);
    // unknown measure
    let r = ag
        .post("/massnahmen/999999/sachstand", &status_form("gruen", "x"))
        .await;
    assert_eq!(r.status, 404);
    let r = ag.get("/massnahmen/abc").await;
    assert_eq!(r.status, 400);
    assert!(r.body.contains("ungültig"));
}

fn measure_form<'a>(code: &'a str, title: &'a str, version: &'a str) -> Vec<(&'a str, &'a str)> {
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
    let title: String = sqlx::query_scalar("SELECT title FROM measures WHERE id = ?")
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
async fn measures_are_archived_not_deleted_and_can_be_restored() {
    let app = spawn_app().await;
    let seed = app.seed(2).await;
    let id = seed.measures[0];
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    ag.get(&format!("/massnahmen/{id}")).await;
    let r = ag
        .post(
            &format!("/massnahmen/{id}/archivieren"),
            &[("version", "1")],
        )
        .await;
    assert_eq!(r.status, 303);
    let list = ag.get("/massnahmen").await;
    assert!(!list.body.contains(&format!("href=\"/massnahmen/{id}\"")));
    assert!(list.body.contains("<strong>1 Maßnahmen</strong>"));
    let list = ag.get("/massnahmen?archiv=1").await;
    assert!(list.body.contains(&format!("href=\"/massnahmen/{id}\"")));
    assert!(list.body.contains("archiviert"));
    // an archived measure takes no status updates and no edits
    let r = ag
        .post(
            &format!("/massnahmen/{id}/sachstand"),
            &status_form("gruen", "x"),
        )
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(
        ag.get(&format!("/massnahmen/{id}/bearbeiten")).await.status,
        400
    );
    ag.get(&format!("/massnahmen/{id}")).await;
    let r = ag
        .post(
            &format!("/massnahmen/{id}/wiederherstellen"),
            &[("version", "2")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count("SELECT count(*) FROM measures WHERE archived_at IS NULL")
            .await,
        2
    );
    app.assert_audited(Audit::actions(&["archivieren", "wiederherstellen"]), 2)
        .await;
}

#[tokio::test]
async fn the_list_filters_sorts_and_counts() {
    let app = spawn_app().await;
    let seed = app.seed(6).await;
    app.exec(&format!(
        "UPDATE measures SET ampel = 'rot' WHERE id = {}",
        seed.measures[2]
    ))
    .await;
    app.exec(&format!(
        "UPDATE measures SET status = 'geplant', title = 'Aaa zuerst' WHERE id = {}",
        seed.measures[5]
    ))
    .await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;

    let all = ag.get("/massnahmen").await;
    assert!(all.body.contains("<strong>6 Maßnahmen</strong>"));
    assert!(all.body.contains("In Umsetzung: 5"));
    assert!(all.body.contains("Geplant: 1"));
    assert!(all.body.contains("Rot: 1"));

    let red = ag.get("/massnahmen?ampel=rot").await;
    assert!(red.body.contains("<strong>1 Maßnahmen</strong>"));
    assert!(red.body.contains("Maßnahme Nummer 3"));

    let field = ag.get("/massnahmen?hf=2&einheit=2").await;
    assert!(field.body.contains("<strong>3 Maßnahmen</strong>"));

    let text = ag.get("/massnahmen?q=nummer+4").await;
    assert!(text.body.contains("<strong>1 Maßnahmen</strong>"));
    // LIKE wildcards are taken literally
    let wild = ag.get("/massnahmen?q=%25").await;
    assert!(wild.body.contains("<strong>0 Maßnahmen</strong>"));

    let by_title = ag.get("/massnahmen?sort=titel&richtung=auf").await;
    let first = by_title.body.find("Aaa zuerst").unwrap();
    let other = by_title.body.find("Maßnahme Nummer 1<").unwrap();
    assert!(first < other);
    assert!(by_title.body.contains(r#"aria-sort="ascending""#));
    let desc = ag.get("/massnahmen?sort=titel&richtung=ab").await;
    assert!(desc.body.find("Aaa zuerst").unwrap() > desc.body.find("Maßnahme Nummer 1<").unwrap());

    for bad in [
        "?status=fertig",
        "?sort=id;drop",
        "?hf=x",
        "?richtung=seitwaerts",
        "?ampel=blau",
    ] {
        let r = ag.get(&format!("/massnahmen{bad}")).await;
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.body.contains("ungültig"), "{bad}");
    }
}

#[tokio::test]
async fn csv_export_suits_german_excel_and_neutralises_formulas() {
    let app = spawn_app().await;
    let seed = app.seed(3).await;
    app.exec(&format!(
        "UPDATE measures SET title = '=HYPERLINK(\"http://evil.example\";\"klick\")' WHERE id = {}",
        seed.measures[0]
    ))
    .await;
    app.exec(&format!(
        "UPDATE measures SET title = 'Titel; mit \"Zitat\"', ampel = 'rot' WHERE id = {}",
        seed.measures[1]
    ))
    .await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let r = ag.get("/massnahmen.csv").await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").starts_with("text/csv"));
    assert!(r.header("content-disposition").contains("attachment"));
    assert!(r.body.starts_with('\u{feff}'), "BOM for Excel");
    let lines: Vec<&str> = r
        .body
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .collect();
    assert!(lines[0].starts_with("Nr.;Maßnahme;Programm;Handlungsfeld;"));
    assert_eq!(
        lines.len(),
        5,
        "header + 3 rows + trailing empty: {lines:?}"
    );
    assert!(
        r.body
            .contains("\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"klick\"\")\"")
    );
    assert!(r.body.contains("\"Titel; mit \"\"Zitat\"\"\""));
    // the export follows the list's filter
    let red = ag.get("/massnahmen.csv?ampel=rot").await;
    assert_eq!(
        red.body
            .trim_start_matches('\u{feff}')
            .trim_end()
            .split("\r\n")
            .count(),
        2
    );
    assert!(red.body.contains("Zitat"));
}

#[tokio::test]
async fn council_members_read_the_public_view_and_write_nothing() {
    let app = spawn_app().await;
    let seed = app.seed(2).await;
    let id = seed.measures[0];
    let mut rat = app.signed_in("rat1", Role::Rat).await;
    let page = rat.get(&format!("/massnahmen/{id}")).await;
    assert_eq!(page.status, 200);
    assert!(
        !page.body.contains("Erika Beispiel"),
        "council view names roles, not persons"
    );
    assert!(page.body.contains("Leitung Amt 21"));
    assert!(!page.body.contains("Sachstand melden"));
    let list = rat.get("/massnahmen").await;
    assert!(!list.body.contains("Erika Beispiel"));
    assert!(!list.body.contains("Neue Maßnahme"));
    let csv = rat.get("/massnahmen.csv").await;
    assert!(!csv.body.contains("Erika Beispiel"));

    let before = app.snapshot().await;
    for path in [
        format!("/massnahmen/{id}/sachstand"),
        format!("/massnahmen/{id}/bearbeiten"),
        format!("/massnahmen/{id}/archivieren"),
        "/massnahmen/neu".to_string(),
    ] {
        let r = rat.post(&path, &status_form("gruen", "x")).await;
        assert_eq!(r.status, 403, "{path}");
    }
    assert_eq!(before, app.snapshot().await, "database unchanged");
}

#[tokio::test]
async fn overview_shows_counts_red_stale_and_own_measures() {
    let app = spawn_app().await;
    let seed = app.seed(4).await;
    app.exec(&format!(
        "UPDATE measures SET ampel = 'rot', title = 'Rote Maßnahme' WHERE id = {}",
        seed.measures[0]
    ))
    .await;
    app.exec(&format!(
        "UPDATE measures SET last_update_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id IN ({}, {})",
        seed.measures[1], seed.measures[3]
    ))
    .await;
    let uid = app.account("erika", Role::Ag).await;
    app.exec(&format!("UPDATE users SET person_id = 1 WHERE id = {uid}"))
        .await;
    let mut b = Browser::new(&app.base);
    b.login("erika", PASSWORD).await;
    let page = b.get("/").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Rote Maßnahme"));
    // two measures have not been updated since 2026-01-01
    let stale = page
        .body
        .split_once("id=\"h-veraltet\"")
        .unwrap()
        .1
        .split("</section>")
        .next()
        .unwrap();
    assert_eq!(stale.matches("<li>").count(), 2);
    let mine = page.body.split_once("id=\"h-meine\"").unwrap().1;
    assert_eq!(
        mine.matches("<tr><td>HF1-").count(),
        2,
        "person 1 leads the HF1 measures"
    );
    assert!(
        page.body
            .contains("<td class=\"num\">4</td>\n    </tr>\n  </tfoot>")
            || page.body.contains(">4</td>")
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
        app.count("SELECT count(*) FROM milestones WHERE done_on = date('now')")
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
