//! Issue 11: the audit log reads like a record — German actions, objects by the names
//! users know with links, local time, changed fields as old → new, no JSON — and can be
//! filtered by person, object and period, paged, and downloaded as CSV.

use sachstand::audit::{self, Action, Actor, Entity, Entry};
use sachstand::domain::Role;
use serde_json::json;

use crate::accounts::text;
use crate::support::{Audit, PASSWORD, TestApp, spawn_app};

/// A measure with a status update and a role change, a TOP edit and logins.
async fn some_history(app: &TestApp) -> (i64, i64, i64) {
    let seed = app.seed(1).await;
    let measure = seed.measures[0];
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    ag.get(&format!("/massnahmen/{measure}")).await;
    let r = ag
        .post(
            &format!("/massnahmen/{measure}/sachstand"),
            &[
                ("status", "umsetzung"),
                ("ampel", "gruen"),
                ("progress", "35"),
                ("text", "Pilot im Bürgerbüro läuft"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let ag_id = app
        .count("SELECT id FROM users WHERE username = 'ag1'")
        .await;
    app.exec(&format!(
        "UPDATE users SET person_id = 1, display_name = 'Erika Beispiel' WHERE id = {ag_id}"
    ))
    .await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    admin.get(&format!("/verwaltung/benutzer/{ag_id}")).await;
    let r = admin
        .post(
            &format!("/verwaltung/benutzer/{ag_id}/rolle"),
            &[("role", "leitung"), ("admin_password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, 303);
    // a TOP of a meeting, edited (recorded as the agenda pages record it)
    app.exec(
        "INSERT INTO meetings (id, programme_id, kind, starts_at, ends_at, place, state)
           VALUES (5, 1, 'ag', '2026-12-08T14:00', '2026-12-08T16:00', 'Rathaus', 'terminiert');
         INSERT INTO agenda_items (id, meeting_id, position, title) VALUES (9, 5, 2, 'E-Akte: Stand der Einführung');",
    )
    .await;
    let mut tx = app.db.begin_write().await.expect("tx");
    audit::record(
        &mut tx,
        &Actor {
            id: Some(ag_id),
            name: "ag1".into(),
            role: "ag".into(),
        },
        Entry::new(Action::TopBearbeiten, Entity::Tagesordnungspunkt, Some(9)).changed(
            &json!({"title": "E-Akte", "planned_minutes": 10, "presenter_id": null}),
            &json!({"title": "E-Akte: Stand der Einführung", "planned_minutes": 15, "presenter_id": 2}),
        ),
    )
    .await
    .expect("record");
    tx.commit().await.expect("commit");
    (measure, ag_id, admin_id(app).await)
}

async fn admin_id(app: &TestApp) -> i64 {
    app.count("SELECT id FROM users WHERE username = 'admin1'")
        .await
}

#[tokio::test]
async fn the_audit_log_reads_like_a_record() {
    let app = spawn_app().await;
    let (measure, ag_id, _) = some_history(&app).await;
    let mut admin = app.browser();
    admin.login("admin1", PASSWORD).await;
    let page = admin.get("/verwaltung/protokoll").await;
    assert_eq!(page.status, 200);
    let t = text(&page.body);
    // German actions and objects as users know them, with links
    assert!(t.contains("Sachstand gemeldet"), "{t}");
    assert!(t.contains("Rolle geändert"));
    assert!(t.contains("Rolle: AG-Mitglied → Leitung"), "{t}");
    assert!(page.body.contains(&format!(
        r#"<a href="/massnahmen/{measure}">HF1-01 Maßnahme Nummer 1</a>"#
    )));
    assert!(
        page.body
            .contains(r#"<a href="/sitzungen/5/tops/9">TOP 2 der Sitzung am 08.12.2026</a>"#)
    );
    assert!(page.body.contains(&format!(
        r#"<a href="/verwaltung/benutzer/{ag_id}">Erika Beispiel (ag1)</a>"#
    )));
    // only the changed fields, labelled, readable values (ids as names)
    assert!(
        t.contains("Titel: E-Akte → E-Akte: Stand der Einführung"),
        "{t}"
    );
    assert!(t.contains("Geplante Minuten: 10 → 15"));
    assert!(t.contains("Vortragende Person: — → Max Muster"));
    assert!(t.contains("Fortschritt: 10 % → 35 %"), "{t}");
    assert!(!t.contains("Status: Umsetzung → Umsetzung"));
    // logins read "Anmeldung" about the account, never "sitzung 2"
    assert!(t.contains("Anmeldung"));
    assert!(!t.contains("sitzung "), "{t}");
    // local time, no JSON anywhere in the page's main content
    let main = &page.body[page.body.find("<main").expect("main")..];
    assert!(
        !main.contains('{') && !main.contains('}'),
        "JSON in the page"
    );
    let re = regex_lite::Regex::new(r"\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr").expect("regex");
    assert!(re.is_match(&t), "German local time");
    assert!(!t.contains("sachstand_melden") && !t.contains("rolle_aendern"));
}

#[tokio::test]
async fn the_audit_log_filters_by_person_object_and_period() {
    let app = spawn_app().await;
    let (measure, ag_id, admin) = some_history(&app).await;
    let mut b = app.browser();
    b.login("admin1", PASSWORD).await;
    let rows = |body: &str| body.matches(r#"<tr id="eintrag-"#).count() as i64;

    // by person: the AG member's entries only (login, status update, TOP edit)
    let page = b
        .get(&format!("/verwaltung/protokoll?person={ag_id}"))
        .await;
    assert_eq!(
        rows(&page.body),
        app.count(&format!(
            "SELECT count(*) FROM audit_log WHERE actor_id = {ag_id}"
        ))
        .await
    );
    assert_eq!(rows(&page.body), 3);
    assert!(
        page.body
            .contains(&format!(r#"<option value="{ag_id}" selected>"#))
    );
    // by object type and one object
    let page = b
        .get(&format!(
            "/verwaltung/protokoll?art=massnahme&objekt={measure}"
        ))
        .await;
    assert_eq!(rows(&page.body), 1);
    assert!(text(&page.body).contains("Nur Einträge zu HF1-01 Maßnahme Nummer 1"));
    let page = b.get("/verwaltung/protokoll?art=anmeldung").await;
    assert_eq!(rows(&page.body), 3, "three logins");
    let page = b
        .get(&format!(
            "/verwaltung/protokoll?art=benutzer&objekt={ag_id}"
        ))
        .await;
    assert!(text(&page.body).contains("Rolle geändert"));
    assert!(!text(&page.body).contains("Anmeldung Benutzerkonto"));
    // by period: today holds everything, tomorrow nothing
    let today = chrono::Utc::now().date_naive();
    let fmt = |d: chrono::NaiveDate| d.format("%d.%m.%Y").to_string();
    let all = app.count("SELECT count(*) FROM audit_log").await;
    let page = b
        .get(&format!(
            "/verwaltung/protokoll?von={}&bis={}",
            fmt(today - chrono::Duration::days(1)),
            fmt(today + chrono::Duration::days(1))
        ))
        .await;
    assert_eq!(rows(&page.body), all);
    let page = b
        .get(&format!(
            "/verwaltung/protokoll?von={}",
            fmt(today + chrono::Duration::days(2))
        ))
        .await;
    assert_eq!(rows(&page.body), 0);
    assert!(text(&page.body).contains("Keine Einträge für diesen Filter."));
    let page = b
        .get(&format!(
            "/verwaltung/protokoll?person={admin}&art=benutzer"
        ))
        .await;
    assert_eq!(rows(&page.body), 1, "the role change");

    // bad dates: 422, a German message at the field, the input kept
    let page = b
        .get("/verwaltung/protokoll?von=30.02.2026&bis=gestern")
        .await;
    assert_eq!(page.status, 422);
    let t = text(&page.body);
    assert!(
        t.contains("Bitte geben Sie das Datum „von“ als TT.MM.JJJJ an"),
        "{t}"
    );
    assert!(t.contains("Bitte geben Sie das Datum „bis“ als TT.MM.JJJJ an"));
    assert!(page.body.contains(r#"value="30.02.2026""#));
    assert!(page.body.contains(r#"value="gestern""#));
    assert!(page.body.contains("<title>Fehler:"));
    let page = b
        .get("/verwaltung/protokoll?von=10.12.2026&bis=01.12.2026")
        .await;
    assert_eq!(page.status, 422);
    assert!(text(&page.body).contains("Das Datum „bis“ liegt vor dem Datum „von“."));
    let page = b.get("/verwaltung/protokoll?art=kaiser").await;
    assert_eq!(page.status, 422);
}

#[tokio::test]
async fn the_filtered_audit_log_downloads_as_csv() {
    let app = spawn_app().await;
    let (_, ag_id, _) = some_history(&app).await;
    let mut b = app.browser();
    b.login("admin1", PASSWORD).await;
    let page = b
        .get(&format!("/verwaltung/protokoll?person={ag_id}"))
        .await;
    assert!(page.body.contains(&format!(
        r#"href="/verwaltung/protokoll.csv?person={ag_id}""#
    )));
    let csv = b
        .get(&format!("/verwaltung/protokoll.csv?person={ag_id}"))
        .await;
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-type").starts_with("text/csv"));
    assert!(
        csv.header("content-disposition")
            .contains("aenderungsprotokoll.csv")
    );
    let lines: Vec<&str> = csv.body.trim_end().split("\r\n").collect();
    assert_eq!(
        lines[0],
        "\u{feff}Nr.;Zeitpunkt;Wer;Aktion;Objektart;Objekt;Änderungen"
    );
    let expected = app
        .count(&format!(
            "SELECT count(*) FROM audit_log WHERE actor_id = {ag_id}"
        ))
        .await;
    assert_eq!(lines.len() as i64 - 1, expected);
    assert!(
        csv.body
            .contains("Titel: E-Akte → E-Akte: Stand der Einführung")
    );
    assert!(csv.body.contains("Sachstand gemeldet"));
    assert!(!csv.body.contains('{'), "no JSON in the CSV");
    // the whole log: one line per entry; bad filters are refused as on the page
    let all = b.get("/verwaltung/protokoll.csv").await;
    assert_eq!(
        all.body.trim_end().split("\r\n").count() as i64 - 1,
        app.audit_count(Audit::all()).await
    );
    assert_eq!(
        b.get("/verwaltung/protokoll.csv?von=32.13.2026")
            .await
            .status,
        422
    );
}

#[tokio::test]
async fn the_audit_log_pages_keep_the_filter() {
    let app = spawn_app().await;
    let ag = app.account("ag1", Role::Ag).await;
    let mut tx = app.db.begin_write().await.expect("tx");
    let actor = Actor {
        id: Some(ag),
        name: "ag1".into(),
        role: "ag".into(),
    };
    for _ in 0..101 {
        let e = Entry::new(Action::Anmelden, Entity::Sitzung, Some(ag));
        audit::record(&mut tx, &actor, e).await.expect("record");
    }
    tx.commit().await.expect("commit");
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    let page = admin.get("/verwaltung/protokoll?art=anmeldung").await;
    assert_eq!(page.body.matches(r#"<tr id="eintrag-"#).count(), 100);
    assert!(text(&page.body).contains("102 Einträge"));
    let re = regex_lite::Regex::new(r#"href="(/verwaltung/protokoll\?vor=\d+&amp;art=anmeldung)""#)
        .expect("regex");
    let next = re.captures(&page.body).expect("older entries link")[1].replace("&amp;", "&");
    let older = admin.get(&next).await;
    assert_eq!(older.body.matches(r#"<tr id="eintrag-"#).count(), 2);
    assert!(
        !text(&older.body).contains("Benutzerkonto angelegt"),
        "the filter is kept"
    );
}
