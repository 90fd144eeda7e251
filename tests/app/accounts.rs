//! Issue 11: accounts belong to people, a password someone else set is changed at the
//! first login, and consequential one-click actions ask first (GET confirms, POST acts,
//! the result page can be reloaded without repeating anything).

use sachstand::domain::Role;

use crate::harness::html::unescape_html;
use crate::support::{Audit, PASSWORD, spawn_app};

/// The page's visible text: tags removed, entities decoded, whitespace collapsed.
pub fn text(body: &str) -> String {
    let tags = regex_lite::Regex::new(r"(?s)<[^>]*>").expect("regex");
    let plain = unescape_html(&tags.replace_all(body, " "));
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn generated_password(body: &str) -> String {
    let re = regex_lite::Regex::new(r"<code>([A-Za-z0-9-]{20})</code>").expect("regex");
    re.captures(body).expect("password shown")[1].to_string()
}

#[tokio::test]
async fn admin_creates_an_account_for_a_new_person_and_the_list_says_who_it_is() {
    let app = spawn_app().await;
    app.seed(0).await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    admin.get("/verwaltung/benutzer").await;
    let r = admin
        .post(
            "/verwaltung/benutzer",
            &[
                ("person", "neu"),
                ("display_name", "Katrin Vogel"),
                ("function", "Sachbearbeitung E-Akte"),
                ("org_unit", "1"),
                ("username", "k.vogel"),
                ("role", "ag"),
                ("password", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // the person and the account, linked, in one step
    let person: i64 = app
        .count("SELECT id FROM people WHERE name = 'Katrin Vogel' AND org_unit_id = 1 AND function = 'Sachbearbeitung E-Akte'")
        .await;
    assert_eq!(
        app.count("SELECT person_id FROM users WHERE username = 'k.vogel'")
            .await,
        person
    );
    app.assert_audited(Audit::action("person_anlegen"), 1).await;
    let list = admin.follow(&r).await;
    let t = text(&list.body);
    assert!(
        t.contains("Katrin Vogel Amt 21 – Finanzen AG-Mitglied k.vogel"),
        "{t}"
    );
    assert!(!t.contains("Amt 21 – Amt 21"));
    // the new person is not offered again for a second account
    let select_start = list.body.find(r#"name="person""#).expect("person select");
    let select = &list.body[select_start..];
    let select = &select[..select.find("</select>").expect("end of select")];
    assert!(!select.contains("Katrin Vogel"), "{select}");
    assert!(select.contains("Erika Beispiel"), "{select}");
}

#[tokio::test]
async fn admin_links_new_and_existing_accounts_to_existing_people() {
    let app = spawn_app().await;
    app.seed(0).await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    admin.get("/verwaltung/benutzer").await;
    let r = admin
        .post(
            "/verwaltung/benutzer",
            &[
                ("person", "2"),
                ("display_name", ""),
                ("username", "m.muster"),
                ("role", "leitung"),
                ("password", "Ein-Eigenes-Passwort-2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        app.count("SELECT person_id FROM users WHERE username = 'm.muster' AND display_name = 'Max Muster'")
            .await,
        2
    );
    let t = text(&admin.follow(&r).await.body);
    assert!(
        t.contains("Max Muster EDV-Abteilung Leitung m.muster"),
        "{t}"
    );
    // a chosen password is not forced to change; no person row was added
    assert_eq!(
        app.count("SELECT CAST(CASE WHEN must_change_password THEN 1 ELSE 0 END AS BIGINT) FROM users WHERE username = 'm.muster'")
            .await,
        0
    );
    assert_eq!(app.count("SELECT count(*) FROM people").await, 2);

    // the same person cannot get a second account: 422, input kept, nothing written
    admin.get("/verwaltung/benutzer").await;
    let before = app.snapshot().await;
    let r = admin
        .post(
            "/verwaltung/benutzer",
            &[
                ("person", "2"),
                ("username", "max.zwei"),
                ("role", "ag"),
                ("password", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body
            .contains("Diese Person hat bereits ein Benutzerkonto.")
    );
    assert!(r.body.contains(r#"value="max.zwei""#));
    assert_eq!(before, app.snapshot().await);

    // an existing account without a person gets one on its own page
    let ag = app.account("ag1", Role::Ag).await;
    let page = admin.get(&format!("/verwaltung/benutzer/{ag}")).await;
    assert!(page.body.contains("keiner Person zugeordnet"));
    let r = admin
        .post(
            &format!("/verwaltung/benutzer/{ag}/person"),
            &[("person", "1")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count(&format!("SELECT person_id FROM users WHERE id = {ag}"))
            .await,
        1
    );
    let t = text(&admin.get("/verwaltung/benutzer").await.body);
    assert!(
        t.contains("Erika Beispiel Amt 21 – Finanzen AG-Mitglied ag1"),
        "{t}"
    );
    let row = app.audit_row(Audit::action("person_zuordnen")).await;
    assert_eq!(
        row.new_values,
        r#"{"display_name":"Erika Beispiel","person_id":1}"#
    );
    // the person of another account is refused
    admin.get(&format!("/verwaltung/benutzer/{ag}")).await;
    let r = admin
        .post(
            &format!("/verwaltung/benutzer/{ag}/person"),
            &[("person", "2")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("bereits ein anderes Benutzerkonto"));
}

#[tokio::test]
async fn a_generated_password_must_be_changed_at_the_first_login() {
    let app = spawn_app().await;
    let seed = app.seed(1).await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    admin.get("/verwaltung/benutzer").await;
    let r = admin
        .post(
            "/verwaltung/benutzer",
            &[
                ("person", "neu"),
                ("display_name", "Katrin Vogel"),
                ("username", "k.vogel"),
                ("role", "ag"),
                ("password", ""),
            ],
        )
        .await;
    let generated = generated_password(&admin.follow(&r).await.body);

    let mut kv = app.browser();
    let login = kv.login("k.vogel", &generated).await;
    assert_eq!(login.location(), "/konto/passwort");
    // every other page leads back to the change page, writes included
    for path in [
        "/",
        "/massnahmen",
        &format!("/massnahmen/{}", seed.measures[0]),
    ] {
        let r = kv.get(path).await;
        assert_eq!((r.status, r.location()), (303, "/konto/passwort"), "{path}");
    }
    let page = kv.get("/konto/passwort").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("Bitte wählen Sie jetzt Ihr eigenes Passwort.")
    );
    let before = app.snapshot().await;
    let r = kv
        .post(
            &format!("/massnahmen/{}/sachstand", seed.measures[0]),
            &[
                ("status", "umsetzung"),
                ("ampel", "gruen"),
                ("progress", "50"),
                ("text", "x"),
            ],
        )
        .await;
    assert_eq!((r.status, r.location()), (303, "/konto/passwort"));
    assert_eq!(before, app.snapshot().await, "nothing written");

    // the same password again is refused
    kv.get("/konto/passwort").await;
    let r = kv
        .post(
            "/konto/passwort",
            &[
                ("current", &generated),
                ("new_password", &generated),
                ("repeat", &generated),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("unterscheidet"));
    let own = "Mein-Eigenes-Passwort-2026";
    let r = kv
        .post(
            "/konto/passwort",
            &[
                ("current", &generated),
                ("new_password", own),
                ("repeat", own),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count("SELECT CAST(CASE WHEN must_change_password THEN 1 ELSE 0 END AS BIGINT) FROM users WHERE username = 'k.vogel'")
            .await,
        0
    );
    assert_eq!(kv.get("/massnahmen").await.status, 200, "normal again");
    let row = app.audit_row(Audit::action("passwort_aendern")).await;
    assert_eq!(row.old_values, r#"{"must_change_password":true}"#);
    assert!(row.new_values.contains(r#""must_change_password":false"#));
    // logging in again goes where the user wanted
    let mut again = app.browser();
    assert_eq!(again.login("k.vogel", own).await.location(), "/");
}

#[tokio::test]
async fn the_command_line_reset_and_generated_accounts_also_require_a_change() {
    let app = spawn_app().await;
    app.account("ag1", Role::Ag).await;
    sachstand::auth::recovery::reset_password(&app.db, "ag1", "Vom-Betrieb-Gesetzt-2026")
        .await
        .expect("reset");
    let mut ag = app.browser();
    assert_eq!(
        ag.login("ag1", "Vom-Betrieb-Gesetzt-2026").await.location(),
        "/konto/passwort"
    );
    sachstand::admin::create_account_with(
        &app.db,
        "erstadmin",
        "erstadmin",
        Role::Admin,
        PASSWORD,
        true,
    )
    .await
    .expect("create");
    let mut first = app.browser();
    assert_eq!(
        first.login("erstadmin", PASSWORD).await.location(),
        "/konto/passwort"
    );
    assert_eq!(
        first.get("/verwaltung/benutzer").await.location(),
        "/konto/passwort"
    );
    // logging out stays possible
    first.get("/konto/passwort").await;
    let r = first.post("/abmelden", &[]).await;
    assert_eq!(r.status, 303);
    assert!(r.location().starts_with("/anmelden"));
}

#[tokio::test]
async fn deactivating_asks_first_and_a_reload_repeats_nothing() {
    let app = spawn_app().await;
    app.seed(0).await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    let ag = app.account("ag1", Role::Ag).await;
    app.exec(&format!(
        "UPDATE users SET person_id = 1, display_name = 'Erika Beispiel' WHERE id = {ag}"
    ))
    .await;
    let account = admin.get(&format!("/verwaltung/benutzer/{ag}")).await;
    assert!(
        account
            .body
            .contains(&format!(r#"href="/verwaltung/benutzer/{ag}/deaktivieren""#))
    );
    let before = app.snapshot().await;
    let confirm = admin
        .get(&format!("/verwaltung/benutzer/{ag}/deaktivieren"))
        .await;
    assert_eq!(confirm.status, 200);
    let t = text(&confirm.body);
    assert!(t.contains("Konto von Erika Beispiel deaktivieren?"), "{t}");
    assert!(t.contains("kann sich nicht mehr anmelden"));
    assert!(t.contains("Ja, Konto deaktivieren"));
    assert!(
        confirm
            .body
            .contains(&format!(r#"href="/verwaltung/benutzer/{ag}">Abbrechen"#))
    );
    assert_eq!(before, app.snapshot().await, "GET changes nothing");
    assert_eq!(
        app.count(&format!(
            "SELECT CAST(CASE WHEN active THEN 1 ELSE 0 END AS BIGINT) FROM users WHERE id = {ag}"
        ))
        .await,
        1
    );
    // "Ja" posts the form of the confirmation page
    let r = admin
        .post(
            &format!("/verwaltung/benutzer/{ag}/aktiv"),
            &[("active", "0")],
        )
        .await;
    assert_eq!(r.status, 303);
    let result = r.location().to_string();
    let shown = admin.get(&result).await;
    assert!(
        text(&shown.body).contains("Status deaktiviert"),
        "{}",
        text(&shown.body)
    );
    admin.get(&result).await;
    app.assert_audited(Audit::action("benutzer_deaktivieren"), 1)
        .await;
}

#[tokio::test]
async fn resetting_a_password_asks_first_and_a_reload_shows_and_repeats_nothing() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    let ag = app.account("ag1", Role::Ag).await;
    let before = app.snapshot().await;
    let confirm = admin
        .get(&format!("/verwaltung/benutzer/{ag}/passwort"))
        .await;
    assert_eq!(confirm.status, 200);
    assert!(text(&confirm.body).contains("Passwort von ag1 zurücksetzen?"));
    assert!(text(&confirm.body).contains("Ja, Passwort zurücksetzen"));
    assert_eq!(before, app.snapshot().await, "GET changes nothing");
    let r = admin
        .post(&format!("/verwaltung/benutzer/{ag}/passwort"), &[])
        .await;
    assert_eq!(r.status, 303);
    let result = r.location().to_string();
    let shown = admin.get(&result).await;
    let password = generated_password(&shown.body);
    let hash_after: String =
        sachstand::db::query_scalar("SELECT password_hash FROM users WHERE username = 'ag1'")
            .fetch_one(&app.db.read)
            .await
            .expect("hash");
    // the reload neither shows the password again nor sets another one
    let reload = admin.get(&result).await;
    assert_eq!(reload.status, 200);
    assert!(!reload.body.contains(&password));
    let hash_now: String =
        sachstand::db::query_scalar("SELECT password_hash FROM users WHERE username = 'ag1'")
            .fetch_one(&app.db.read)
            .await
            .expect("hash");
    assert_eq!(hash_after, hash_now);
    app.assert_audited(Audit::action("passwort_zuruecksetzen"), 1)
        .await;
    let mut user = app.browser();
    assert_eq!(
        user.login("ag1", &password).await.location(),
        "/konto/passwort"
    );
}

#[tokio::test]
async fn archiving_a_measure_asks_first() {
    let app = spawn_app().await;
    let seed = app.seed(1).await;
    let id = seed.measures[0];
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let detail = ag.get(&format!("/massnahmen/{id}")).await;
    assert!(
        detail
            .body
            .contains(&format!(r#"href="/massnahmen/{id}/archivieren""#))
    );
    let before = app.snapshot().await;
    let confirm = ag.get(&format!("/massnahmen/{id}/archivieren")).await;
    assert_eq!(confirm.status, 200);
    assert!(text(&confirm.body).contains("Maßnahme HF1-01 Maßnahme Nummer 1 archivieren?"));
    assert!(confirm.body.contains(r#"name="version" value="1""#));
    assert_eq!(before, app.snapshot().await, "GET changes nothing");
    let r = ag
        .post(
            &format!("/massnahmen/{id}/archivieren"),
            &[("version", "1")],
        )
        .await;
    assert_eq!(r.status, 303);
    let result = r.location().to_string();
    assert!(text(&ag.get(&result).await.body).contains("wurde am"));
    ag.get(&result).await;
    app.assert_audited(Audit::action("archivieren"), 1).await;
    // an archived measure's confirmation page leads back to the measure
    let again = ag.get(&format!("/massnahmen/{id}/archivieren")).await;
    assert_eq!(again.status, 303);
}
