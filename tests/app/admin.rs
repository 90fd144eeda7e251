//! User administration and the audit log, as an administrator uses them.

use sachstand::domain::Role;

use crate::support::{Audit, AuditRow, Browser, PASSWORD, spawn_app};

#[tokio::test]
async fn admin_creates_an_account_with_a_generated_password_shown_once() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    let r = crate::support::add_katrin_with_generated_password(&mut admin).await;
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

/// The raw rows of `pending_secrets`: every column as the database holds it.
type PendingRow = (String, String, String, Vec<u8>, Vec<u8>, String);

async fn pending_rows(app: &crate::support::TestApp) -> Vec<PendingRow> {
    sachstand::db::query_as(
        "SELECT session_hash, purpose, label, nonce, ciphertext, created_at FROM pending_secrets",
    )
    .fetch_all(&app.db.read)
    .await
    .expect("pending secrets")
}

/// Whether `secret` appears anywhere in the row (text columns, and the bytes of the others).
fn row_contains(row: &PendingRow, secret: &str) -> bool {
    let (hash, purpose, label, nonce, sealed, at) = row;
    let in_bytes = |b: &[u8]| {
        b.windows(secret.len()).any(|w| w == secret.as_bytes())
            || hex::encode(b).contains(&hex::encode(secret))
    };
    [hash, purpose, label, at]
        .iter()
        .any(|t| t.contains(secret))
        || in_bytes(nonce)
        || in_bytes(sealed)
}

#[tokio::test]
async fn a_generated_password_waits_sealed_in_the_database_for_the_next_page_on_any_instance() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    // a second instance on the same database, as behind a load balancer
    let other = crate::support::serve(sachstand::app(sachstand::AppState::new(
        app.db.clone(),
        false,
    )))
    .await;
    let r = crate::support::add_katrin_with_generated_password(&mut admin).await;
    assert_eq!(r.status, 303);
    let target = r.location().to_string();
    assert_eq!(target, "/verwaltung/benutzer?meldung=benutzer_angelegt");
    // between POST and GET: one row, of this session, labelled with the account
    let rows = pending_rows(&app).await;
    assert_eq!(rows.len(), 1);
    let session_hash: String = sachstand::db::query_scalar(
        "SELECT s.id_hash FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'admin1'",
    )
    .fetch_one(&app.db.read)
    .await
    .expect("admin's session");
    assert_eq!(rows[0].0, session_hash);
    assert_eq!(
        (rows[0].1.as_str(), rows[0].2.as_str()),
        ("passwort", "k.vogel")
    );
    assert_eq!(rows[0].3.len(), 12, "96-bit nonce");
    assert_eq!(
        rows[0].4.len(),
        20 + 16,
        "20 characters sealed + 16-byte tag"
    );

    // another administrator's page does not take it
    let mut admin2 = app.signed_in("admin2", Role::Admin).await;
    let foreign = admin2.get(&target).await;
    assert_eq!(foreign.status, 200);
    assert!(
        !foreign.body.contains(r#"class="password""#),
        "no password for another session"
    );
    assert_eq!(pending_rows(&app).await.len(), 1);

    // (a) the page after the POST, served by the other instance, shows the password
    admin.set_base(&other);
    let shown = admin.get(&target).await;
    assert_eq!(shown.status, 200);
    assert!(shown.body.contains("Das Benutzerkonto wurde angelegt."));
    let re = regex_lite::Regex::new(r"<code>([A-Za-z0-9-]{20})</code>").expect("regex");
    let password = re.captures(&shown.body).expect("password shown")[1].to_string();
    // (c) the row held no plaintext
    assert!(!row_contains(&rows[0], &password), "sealed: {:?}", rows[0]);
    // it is the account's password
    let mut katrin = Browser::new(&app.base);
    assert_eq!(
        katrin.login("k.vogel", &password).await.location(),
        "/konto/passwort"
    );
    // (b) taken: the row is gone, and a reload on either instance shows nothing
    assert!(pending_rows(&app).await.is_empty());
    assert!(!admin.get(&target).await.body.contains(&password));
    admin.set_base(&app.base);
    assert!(!admin.get(&target).await.body.contains(&password));

    // the same for a reset password; without its row (nothing kept in an instance's
    // memory) no page can show it
    let id = app
        .count("SELECT id FROM users WHERE username = 'k.vogel'")
        .await;
    admin
        .get(&format!("/verwaltung/benutzer/{id}/passwort"))
        .await;
    let r = admin
        .post(&format!("/verwaltung/benutzer/{id}/passwort"), &[])
        .await;
    assert_eq!(r.status, 303);
    let rows = pending_rows(&app).await;
    assert_eq!(rows.len(), 1);
    app.exec("DELETE FROM pending_secrets").await;
    for base in [&other, &app.base] {
        admin.set_base(base);
        let page = admin.follow(&r).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Das Passwort wurde zurückgesetzt."));
        assert!(
            !page.body.contains(r#"class="password""#),
            "nothing shown without the row"
        );
    }
    // a second reset: shown by the other instance, sealed in the row
    admin
        .get(&format!("/verwaltung/benutzer/{id}/passwort"))
        .await;
    let r = admin
        .post(&format!("/verwaltung/benutzer/{id}/passwort"), &[])
        .await;
    let rows = pending_rows(&app).await;
    admin.set_base(&other);
    let page = admin.follow(&r).await;
    let reset = re.captures(&page.body).expect("reset password shown")[1].to_string();
    assert!(!row_contains(&rows[0], &reset));
    assert_eq!(
        katrin.login("k.vogel", &reset).await.location(),
        "/konto/passwort"
    );
}

#[tokio::test]
async fn a_pending_secret_older_than_five_minutes_is_not_shown_and_is_removed() {
    let app = spawn_app().await;
    let mut admin = app.signed_in("admin1", Role::Admin).await;
    let r = crate::support::add_katrin_with_generated_password(&mut admin).await;
    assert_eq!(r.status, 303);
    // the row is six minutes old: it would still open, but it counts as gone
    app.exec(&format!(
        "UPDATE pending_secrets SET created_at = '{}'",
        crate::support::seconds_ago(360)
    ))
    .await;
    let page = admin.follow(&r).await;
    assert!(page.body.contains("Das Benutzerkonto wurde angelegt."));
    assert!(!page.body.contains(r#"class="password""#));
    assert!(pending_rows(&app).await.is_empty(), "taken and gone");
    // an expired row of another session is removed by the next put
    sachstand::db::query(
        "INSERT INTO pending_secrets (session_hash, purpose, label, nonce, ciphertext, created_at)
         VALUES ('abandoned', 'passwort', 'x', ?, ?, ?)",
    )
    .bind(vec![0u8; 12])
    .bind(vec![0u8; 20])
    .bind(crate::support::seconds_ago(301))
    .execute(&app.db.write)
    .await
    .expect("abandoned row");
    admin.get("/verwaltung/benutzer").await;
    admin
        .post(
            "/verwaltung/benutzer",
            &[
                ("username", "m.kraus"),
                ("display_name", "Max Kraus"),
                ("role", "ag"),
                ("password", ""),
            ],
        )
        .await;
    let rows = pending_rows(&app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].2, "m.kraus");
}
