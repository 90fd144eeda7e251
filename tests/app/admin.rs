//! User administration and the audit log, as an administrator uses them.

use sachstand::domain::Role;

use crate::support::{Audit, AuditRow, PASSWORD, spawn_app};

#[tokio::test]
async fn admin_creates_an_account_with_a_generated_password_shown_once() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    admin.get("/verwaltung/benutzer").await;
    let r = admin
        .post(
            "/verwaltung/benutzer",
            &[
                ("username", "k.vogel"),
                ("display_name", "Katrin Vogel"),
                ("role", "ag"),
                ("password", ""),
            ],
        )
        .await;
    // POST → redirect → GET: the password is shown once on the page after the redirect
    assert_eq!(r.status, 303);
    let target = r.location().to_string();
    let r = admin.follow(&r).await;
    assert!(r.body.contains("Das Benutzerkonto wurde angelegt."));
    let re = regex_lite::Regex::new(r"<code>([A-Za-z0-9-]{20})</code>").unwrap();
    let password = re.captures(&r.body).expect("password shown")[1].to_string();
    let mut new_user = app.browser();
    let login = new_user.login("k.vogel", &password).await;
    assert_eq!(login.status, 303);
    assert_eq!(
        login.location(),
        "/konto/passwort",
        "generated: change first"
    );
    // it is not shown again, not even on a reload of the result page
    let again = admin.get(&target).await;
    assert!(!again.body.contains(&password));
    assert!(
        !admin
            .get("/verwaltung/benutzer")
            .await
            .body
            .contains(&password)
    );
    app.assert_audited(Audit::action("benutzer_anlegen"), 2)
        .await;
}

#[tokio::test]
async fn invalid_accounts_are_refused_with_messages_and_nothing_written() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    admin.get("/verwaltung/benutzer").await;
    let before = app.snapshot().await;
    let r = admin
        .post(
            "/verwaltung/benutzer",
            &[
                ("username", "admin1"),
                ("display_name", ""),
                ("role", "kaiser"),
                ("password", "kurz"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Dieser Benutzername ist bereits vergeben."));
    assert!(r.body.contains("Bitte geben Sie den Namen der Person ein."));
    assert!(r.body.contains("Bitte wählen Sie eine Rolle aus."));
    assert!(r.body.contains("mindestens 12 Zeichen"));
    assert!(r.body.contains(r#"value="admin1""#));
    assert!(!r.body.contains("kurz\""), "the password is not echoed");
    assert_eq!(before, app.snapshot().await);
}

#[tokio::test]
async fn role_change_needs_the_admins_password_and_ends_the_users_sessions() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let ag_id = app
        .count("SELECT id FROM users WHERE username = 'ag1'")
        .await;
    admin.get("/verwaltung/benutzer").await;
    let r = admin
        .post(
            &format!("/verwaltung/benutzer/{ag_id}/rolle"),
            &[("role", "leitung"), ("admin_password", "falsch-falsch-1")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("nicht korrekt"));
    assert_eq!(
        app.count("SELECT count(*) FROM users WHERE role = 'leitung'")
            .await,
        0
    );
    let r = admin
        .post(
            &format!("/verwaltung/benutzer/{ag_id}/rolle"),
            &[("role", "leitung"), ("admin_password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count("SELECT count(*) FROM users WHERE role = 'leitung'")
            .await,
        1
    );
    assert_eq!(ag.get("/massnahmen").await.status, 303, "old session ended");
    let AuditRow {
        old_values: old,
        new_values: new,
        ..
    } = app.audit_row(Audit::action("rolle_aendern")).await;
    assert_eq!(
        (old.as_str(), new.as_str()),
        (r#"{"role":"ag"}"#, r#"{"role":"leitung"}"#)
    );
    // the last admin cannot lose the role
    let me = app
        .count("SELECT id FROM users WHERE username = 'admin1'")
        .await;
    admin.get("/verwaltung/benutzer").await;
    let r = admin
        .post(
            &format!("/verwaltung/benutzer/{me}/rolle"),
            &[("role", "ag"), ("admin_password", PASSWORD)],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("letzte aktive Administrationskonto"));
}

#[tokio::test]
async fn deactivation_and_password_reset_end_sessions() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let ag_id = app
        .count("SELECT id FROM users WHERE username = 'ag1'")
        .await;
    admin.get("/verwaltung/benutzer").await;
    let r = admin
        .post(
            &format!("/verwaltung/benutzer/{ag_id}/aktiv"),
            &[("active", "0")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(ag.get("/").await.status, 303);
    assert_eq!(ag.login("ag1", PASSWORD).await.status, 401);
    admin.get("/verwaltung/benutzer").await;
    admin
        .post(
            &format!("/verwaltung/benutzer/{ag_id}/aktiv"),
            &[("active", "1")],
        )
        .await;
    assert_eq!(ag.login("ag1", PASSWORD).await.status, 303);

    admin.get("/verwaltung/benutzer").await;
    let r = admin
        .post(&format!("/verwaltung/benutzer/{ag_id}/passwort"), &[])
        .await;
    assert_eq!(r.status, 303);
    let r = admin.follow(&r).await;
    assert!(r.body.contains("Das Passwort wurde zurückgesetzt."));
    assert_eq!(ag.get("/").await.status, 303, "sessions end on reset");
    assert_eq!(
        ag.login("ag1", PASSWORD).await.status,
        401,
        "old password is gone"
    );
    let re = regex_lite::Regex::new(r"<code>([A-Za-z0-9-]{20})</code>").unwrap();
    let new_pw = re.captures(&r.body).unwrap()[1].to_string();
    let login = ag.login("ag1", &new_pw).await;
    assert_eq!(login.status, 303);
    assert_eq!(
        login.location(),
        "/konto/passwort",
        "a reset password: change first"
    );
    // admins cannot deactivate themselves
    let me = app
        .count("SELECT id FROM users WHERE username = 'admin1'")
        .await;
    admin.get("/verwaltung/benutzer").await;
    let r = admin
        .post(
            &format!("/verwaltung/benutzer/{me}/aktiv"),
            &[("active", "0")],
        )
        .await;
    assert_eq!(r.status, 422);
}

#[tokio::test]
async fn the_audit_log_is_for_admins_hash_chained_and_append_only() {
    let app = spawn_app().await;
    let seed = app.seed(1).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    ag.get(&format!("/massnahmen/{}", seed.measures[0])).await;
    ag.post(
        &format!("/massnahmen/{}/sachstand", seed.measures[0]),
        &[
            ("status", "umsetzung"),
            ("ampel", "gruen"),
            ("progress", "20"),
            ("text", "Weiter so"),
        ],
    )
    .await;
    assert_eq!(ag.get("/verwaltung/protokoll").await.status, 403);
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    let page = admin.get("/verwaltung/protokoll").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Sachstand gemeldet"));
    assert!(
        page.body
            .contains(r#"ag1</a><br><span class="muted">AG-Mitglied</span>"#)
    );

    // every row links to its predecessor
    let rows: Vec<(String, String)> = app
        .audit_rows(Audit::all())
        .await
        .into_iter()
        .map(|r| (r.prev_hash, r.hash))
        .collect();
    assert!(rows.len() >= 4);
    assert_eq!(rows[0].0, sachstand::audit::GENESIS);
    for pair in rows.windows(2) {
        assert_eq!(pair[1].0, pair[0].1);
    }
    assert!(
        sachstand::db::query("UPDATE audit_log SET actor_name = 'x'")
            .execute(&app.db.write)
            .await
            .is_err()
    );
    assert!(
        sachstand::db::query("DELETE FROM audit_log")
            .execute(&app.db.write)
            .await
            .is_err()
    );
}
