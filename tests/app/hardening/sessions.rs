//! Tokens and sessions: pre-login tokens must be the server's, a new login ends the
//! previous session, and a password reset or deactivation revokes the calendar address.

use sachstand::domain::Role;

use crate::support::{PASSWORD, spawn_app};

#[tokio::test]
async fn a_pre_login_token_must_be_one_the_server_made() {
    let app = spawn_app().await;
    app.account("anna", Role::Ag).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    for token in ["a", "zz", &"g".repeat(64)] {
        let res = client
            .post(format!("{}/anmelden", app.base))
            .header("cookie", format!("sachstand_csrf={token}"))
            .form(&[
                ("csrf_token", token),
                ("username", "anna"),
                ("password", PASSWORD),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(res.status().as_u16(), 403, "token {token:?} accepted");
    }
}

/// Logging in again in the same browser ends the previous session on the server.
#[tokio::test]
async fn a_new_login_ends_the_previous_session_of_the_browser() {
    let app = spawn_app().await;
    let mut b = app.signed_in("anna", Role::Ag).await;
    let first = app.count("SELECT count(*) FROM sessions").await;
    assert_eq!(first, 1);
    b.get("/anmelden").await;
    let r = b
        .post(
            "/anmelden",
            &[("username", "anna"), ("password", PASSWORD), ("next", "/")],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        app.count("SELECT count(*) FROM sessions").await,
        1,
        "old session still valid"
    );
    assert_eq!(b.get("/massnahmen").await.status, 200);
}

/// A calendar feed address must not outlive the account's other credentials: an
/// administrator's password reset and a deactivation revoke it.
#[tokio::test]
async fn a_password_reset_or_deactivation_revokes_the_calendar_address() {
    let app = spawn_app().await;
    let anna = app.account("anna", Role::Ag).await;
    let mut admin = app.signed_in("chef", Role::Admin).await;
    for step in ["passwort", "aktiv"] {
        let mut b = app.browser();
        b.login("anna", PASSWORD).await;
        b.get("/sitzungen/kalender").await;
        let page = b.post("/sitzungen/kalender", &[]).await;
        let page = b.follow(&page).await;
        let token = page
            .body
            .split("token=")
            .nth(1)
            .and_then(|t| t.split(['"', '<', '&']).next())
            .expect("feed token on the page")
            .to_string();
        let feed = format!("/sitzungen.ics?token={token}");
        assert_eq!(
            app.browser().get(&feed).await.status,
            200,
            "{step}: feed works"
        );
        admin.get("/verwaltung/benutzer").await;
        let fields: &[(&str, &str)] = if step == "aktiv" {
            &[("active", "0")]
        } else {
            &[]
        };
        let r = admin
            .post(&format!("/verwaltung/benutzer/{anna}/{step}"), fields)
            .await;
        assert!(r.status < 400, "{step}: {}", r.status);
        assert_ne!(
            app.browser().get(&feed).await.status,
            200,
            "{step}: feed still served"
        );
        // as if anna had chosen her own password again (a reset requires a change)
        app.exec(&format!("UPDATE users SET active = TRUE, must_change_password = FALSE, password_hash = (SELECT password_hash FROM users WHERE username = 'chef') WHERE id = {anna}")).await;
    }
}
