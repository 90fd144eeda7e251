//! Logs of the real server hold no secrets: no password, session id, CSRF token or
//! query-string secret, and a user name with a newline cannot forge a line.

use crate::support::{Browser, Server, run_cli};

#[tokio::test]
async fn logs_contain_no_passwords_session_ids_or_csrf_tokens_and_no_forged_lines() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    let password = "Log-Test-Passwort-2026";
    let (code, out, err) = run_cli(
        &[
            "user",
            "add",
            "logtest",
            "--role",
            "ag",
            "--password-stdin",
            "--db",
            db.to_str().unwrap(),
        ],
        Some(password),
    );
    assert_eq!(code, 0, "user add failed: {out}\n{err}");

    let mut server = Server::start(&db, &dir.path().join("serve.log")).await;
    let mut b = Browser::new(&server.base);
    // a user name with control characters must not forge a log line
    b.get("/anmelden").await;
    b.post(
        "/anmelden",
        &[
            ("username", "x\n2026-01-01T00:00:00Z  INFO gefälscht"),
            ("password", password),
            ("next", "/"),
        ],
    )
    .await;
    let r = b.login("logtest", password).await;
    let sid = r
        .header("set-cookie")
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("sachstand_sid=")
        .to_string();
    b.get("/massnahmen?token=geheimer-feed-token").await;
    let csrf = b.csrf.clone();
    b.post("/abmelden", &[]).await;
    server.kill();

    let log = server.log_text();
    assert!(log.contains("SQLite bereit"), "log captured: {log}");
    assert!(log.contains("Anmeldung fehlgeschlagen"));
    for secret in [password, sid.as_str(), csrf.as_str(), "geheimer-feed-token"] {
        assert!(!secret.is_empty());
        assert!(!log.contains(secret), "secret found in log: {secret}");
    }
    assert!(
        !log.lines().any(|l| l.contains("gefälscht")),
        "forged line in log"
    );
    println!(
        "logs: {} lines checked, 0 secrets, 0 forged lines",
        log.lines().count()
    );
}
