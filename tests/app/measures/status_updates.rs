//! Status updates: posting and history, Ampel discipline for amber and red, completion, and
//! bad status values as field errors.

use sachstand::domain::Role;

use super::status_form;
use crate::support::{Audit, spawn_app};

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
            "SELECT count(*) FROM measures WHERE id = {id} AND actual_end = '{}'",
            chrono::Utc::now().date_naive()
        ))
        .await,
        1
    );
    // updates are append-only: the database refuses to change or delete them
    let upd = sachstand::db::query("UPDATE status_updates SET text = 'x'")
        .execute(&app.db.write)
        .await;
    assert!(upd.is_err());
    let del = sachstand::db::query("DELETE FROM status_updates")
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

/// Status updates at once: of different measures, all saved, while measures are edited at the
/// same time (on PostgreSQL the updates share the city's write lock, the edits hold it alone),
/// with the audit chain intact and one entry per save; of one measure, opened from the same
/// page, exactly one saved and every other author shown the newer update (409).
#[tokio::test]
async fn parallel_status_updates_keep_the_audit_chain_and_one_page_saves_once() {
    let app = spawn_app().await;
    let seed = app.seed(16).await;
    let saves = "SELECT count(*) FROM audit_log WHERE action IN ('sachstand_melden', 'bearbeiten')";
    let audit_before = app.count(saves).await;
    let updates_before = app.count("SELECT count(*) FROM status_updates").await;
    let mut tasks = Vec::new();
    for (i, id) in seed.measures.iter().copied().enumerate() {
        let mut b = app.signed_in(&format!("melder{i}"), Role::Ag).await;
        tasks.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            for k in 0..5 {
                b.get(&format!("/massnahmen/{id}")).await;
                let text = format!("Meldung {k} von melder{i}");
                let r = b
                    .post(
                        &format!("/massnahmen/{id}/sachstand"),
                        &status_form("gruen", &text),
                    )
                    .await;
                statuses.push(r.status);
            }
            statuses
        }));
    }
    for (i, id) in seed.measures.iter().copied().enumerate().take(4) {
        let mut b = app.signed_in(&format!("bearbeiter{i}"), Role::Ag).await;
        tasks.push(tokio::spawn(async move {
            b.get(&format!("/massnahmen/{id}/bearbeiten")).await;
            let title = format!("Neuer Titel {i}");
            let code = format!("HF{}-{:02}", 1 + i % 2, i + 1);
            let r = b
                .post(
                    &format!("/massnahmen/{id}/bearbeiten"),
                    &super::editing::measure_form(&code, &title, "1"),
                )
                .await;
            vec![r.status]
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.extend(t.await.expect("task"));
    }
    assert!(statuses.iter().all(|s| *s == 303), "{statuses:?}");
    assert_eq!(
        app.count("SELECT count(*) FROM status_updates").await - updates_before,
        16 * 5
    );
    assert_eq!(app.count(saves).await - audit_before, 16 * 5 + 4);
    let chain = sachstand::audit::verify_chain(&app.db.read)
        .await
        .expect("audit chain read");
    assert!(
        matches!(chain, sachstand::audit::ChainCheck::Intact { .. }),
        "{chain:?}"
    );

    // sixteen authors open the same measure, then all save at once
    let id = seed.measures[5];
    let mut tasks = Vec::new();
    let mut opened = Vec::new();
    for i in 0..16 {
        let mut b = app.signed_in(&format!("gleichzeitig{i}"), Role::Ag).await;
        let page = b.get(&format!("/massnahmen/{id}")).await;
        let basis = page
            .body
            .split("name=\"basis\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("basis on the form")
            .to_string();
        opened.push((i, b, basis));
    }
    for (i, mut b, basis) in opened {
        tasks.push(tokio::spawn(async move {
            let text = format!("Gleichzeitige Meldung {i}");
            let mut form = status_form("gruen", &text);
            form.push(("basis", &basis));
            let r = b.post(&format!("/massnahmen/{id}/sachstand"), &form).await;
            (
                r.status,
                r.body
                    .contains("Inzwischen wurde ein neuerer Sachstand gemeldet"),
            )
        }));
    }
    let mut saved = 0;
    for t in tasks {
        match t.await.expect("task") {
            (303, _) => saved += 1,
            (409, true) => {}
            other => panic!("unexpected answer {other:?}"),
        }
    }
    assert_eq!(saved, 1, "one save from the same page");
    assert_eq!(
        app.count(&format!(
            "SELECT count(*) FROM status_updates WHERE measure_id = {id} AND text LIKE 'Gleichzeitige Meldung%'"
        ))
        .await,
        1
    );
}
