//! Login throttling behind a trusted proxy: other clients' failures do not block a correct
//! password, and nobody can lock a known account out.

use axum::http::Method;
use sachstand::domain::Role;

use crate::support::{Browser, PASSWORD, spawn_app, spawn_app_configured};

/// Behind a reverse proxy every client arrives from the proxy's address. With the proxy
/// trusted, `X-Forwarded-For` names the client: one client's failures do not stop
/// another client's correct password.
#[tokio::test]
async fn behind_a_trusted_proxy_other_clients_failures_do_not_block_a_correct_password() {
    let app = spawn_app_configured(Default::default(), |s| {
        let site =
            sachstand::web::site::Site::new(None, &["127.0.0.1".into()], None).expect("site");
        s.with_site(site)
    })
    .await;
    app.account("anna", Role::Ag).await;
    let attempt = |who: &'static str, user: &'static str, password: &'static str| {
        let base = app.base.clone();
        async move { login_from(&mut Browser::new(&base), who, user, password).await }
    };
    for _ in 0..12 {
        attempt("203.0.113.66", "anna", "falsch-falsch-falsch").await;
    }
    assert_eq!(
        attempt("203.0.113.66", "anna", "falsch-falsch-falsch").await,
        429
    );
    // another client behind the same proxy, correct password
    assert_eq!(attempt("198.51.100.20", "anna", PASSWORD).await, 303);
    // an untrusted client cannot pick its address: the header is ignored
    let plain = spawn_app().await;
    plain.account("bert", Role::Ag).await;
    let mut b = plain.browser();
    for i in 0..11 {
        let status = login_from(&mut b, &format!("192.0.2.{i}"), "bert", "falsch-falsch-1").await;
        if i == 10 {
            assert_eq!(status, 429, "X-Forwarded-For trusted without a proxy");
        }
    }
}

/// Failures from many addresses no longer lock `admin`: the owner logs in with the
/// right password from anywhere; an address that keeps failing waits (growing delays,
/// no hard lock), and `sachstand user unlock` lifts that.
#[tokio::test]
async fn nobody_can_lock_a_known_account_out() {
    let app = spawn_app_configured(Default::default(), |s| {
        let site =
            sachstand::web::site::Site::new(None, &["127.0.0.1".into()], None).expect("site");
        s.with_site(site)
    })
    .await;
    app.account("admin", Role::Admin).await;
    let login = |who: String, password: &'static str| {
        let base = app.base.clone();
        async move { login_from(&mut Browser::new(&base), &who, "admin", password).await }
    };
    // the owner's usual client
    assert_eq!(login("198.51.100.7".into(), PASSWORD).await, 303);
    // 15 failures from 15 addresses: each is answered, none locks the account
    for i in 0..15 {
        let status = login(format!("203.0.113.{i}"), "falsch-falsch-1").await;
        assert_eq!(status, 401, "attempt {i}");
    }
    // the owner gets in with the right password, from the usual client or a new one
    assert_eq!(login("198.51.100.7".into(), PASSWORD).await, 303);
    assert_eq!(login("192.0.2.44".into(), PASSWORD).await, 303);
    // the owner's client, failing for admin again and again, waits (growing delays) …
    let home = "198.51.100.7".to_string();
    let mut answers = Vec::new();
    for _ in 0..11 {
        answers.push(login(home.clone(), "falsch-falsch-1").await);
    }
    assert_eq!(
        answers.iter().filter(|s| **s == 401).count(),
        10,
        "{answers:?}"
    );
    assert_eq!(answers[10], 429, "{answers:?}");
    assert_eq!(login(home.clone(), PASSWORD).await, 429);
    // … until `sachstand user unlock admin` (the function the CLI calls) resets the
    // stored count, which the running server sees at the next attempt
    sachstand::auth::recovery::unlock(&app.db, "admin")
        .await
        .expect("unlock");
    assert_eq!(login(home.clone(), PASSWORD).await, 303);
    // inactive accounts cannot log in
    app.exec("UPDATE users SET active = FALSE WHERE username = 'admin'")
        .await;
    assert_eq!(login("198.51.100.7".into(), PASSWORD).await, 401);
}

/// A login form post from a browser that (through the proxy) says it is `who`.
async fn login_from(b: &mut Browser, who: &str, user: &str, password: &str) -> u16 {
    b.get("/anmelden").await;
    let body = serde_urlencoded::to_string([
        ("csrf_token", b.csrf.as_str()),
        ("username", user),
        ("password", password),
        ("next", "/"),
    ])
    .expect("encode");
    b.request(
        Method::POST,
        "/anmelden",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("x-forwarded-for", who),
        ],
        Some(body.into_bytes()),
    )
    .await
    .status
}
