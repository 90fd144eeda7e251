//! The real server with directory login and single sign-on, logging at trace level: the
//! service account's password, the OIDC client secret and the users' passwords appear
//! nowhere in its output, however the logins went.

use crate::harness::oidc_provider::{self, CALLBACK, Idp, TEST_PASSWORD};
use crate::harness::slapd::{self, SERVICE_PW, USER_PW};
use crate::support::{Browser, Server};

#[tokio::test]
async fn service_password_and_client_secret_never_appear_in_the_logs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    let secrets = dir.path().to_path_buf();
    let mut server = Server::start_with(
        &db,
        &dir.path().join("serve.log"),
        |port| {
            let mut f = slapd::serve_flags(&secrets);
            f.extend(oidc_provider::serve_flags(&secrets));
            f.extend(["--public-url".into(), format!("http://127.0.0.1:{port}")]);
            f
        },
        Some("trace"),
    )
    .await;
    let mut b = Browser::new(&server.base);
    // a directory login, a wrong password, an empty one, an unknown user
    assert_eq!(b.login("logtest", USER_PW).await.status, 303);
    let mut b2 = Browser::new(&server.base);
    assert_eq!(
        b2.login("logtest", "Falsches-Passwort-123").await.status,
        401
    );
    assert_eq!(b2.login("logtest", "").await.status, 422);
    assert_eq!(b2.login("niemand", USER_PW).await.status, 401);
    // a single sign-on through the provider's form
    let mut b3 = Browser::new(&server.base);
    let r = b3.get("/anmelden/sso").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let back = Idp::new()
        .login(r.location(), "erika.sso", TEST_PASSWORD)
        .await;
    let path = &back[back.find(CALLBACK).expect("callback")..];
    assert_eq!(b3.get(path).await.status, 303);
    server.kill();

    let log = server.log_text();
    assert!(log.contains("Anmeldung mit dem Verzeichnis"), "{log}");
    assert!(
        log.contains("TRACE") || log.contains("DEBUG"),
        "trace level was on"
    );
    for secret in [
        SERVICE_PW,
        oidc_provider::CLIENT_SECRET,
        USER_PW,
        TEST_PASSWORD,
    ] {
        assert!(!log.contains(secret), "secret found in log: {secret}");
    }
    println!(
        "directory logs: {} lines at trace level, 0 secrets",
        log.lines().count()
    );
}
