//! Internal errors and logs: a panic becomes a German 500 page with an incident id that
//! is also in the log; the server keeps serving; logs hold no secrets.

mod common;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};

use axum::Router;
use axum::routing::get;
use sachstand::{AppState, Db};

#[tokio::test]
async fn a_panicking_handler_gives_a_german_500_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("p.db")).await.unwrap();
    db.migrate().await.unwrap();
    let routes: Router<AppState> = Router::new()
        .route(
            "/kaputt",
            get(|| async {
                let fail = std::hint::black_box(true);
                if fail {
                    panic!("geheimes Detail aus dem Handler");
                }
                "nie"
            }),
        )
        .merge(sachstand::web::router());
    let app = sachstand::web::layers::wrap(routes, AppState::new(db, false));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    let client = reqwest::Client::new();
    let r = client
        .get(format!("http://{addr}/kaputt"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 500);
    assert!(r.headers().get("content-security-policy").is_some());
    let body = r.text().await.unwrap();
    assert!(body.contains("Interner Fehler"));
    assert!(body.contains("Vorfallsnummer"));
    assert!(
        !body.contains("geheimes Detail") && !body.contains("panicked") && !body.contains("src/")
    );
    let r = client
        .get(format!("http://{addr}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200, "server still serving");
}

#[test]
fn logs_contain_no_passwords_session_ids_or_csrf_tokens_and_no_forged_lines() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    let db = db.to_str().unwrap();
    let password = "Log-Test-Passwort-2026";
    let mut add = Command::new(env!("CARGO_BIN_EXE_sachstand"))
        .args([
            "user",
            "add",
            "logtest",
            "--role",
            "ag",
            "--password-stdin",
            "--db",
            db,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut add.stdin.take().unwrap(), password.as_bytes()).unwrap();
    assert!(add.wait().unwrap().success());

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_sachstand"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}"), "--db", db])
        .env_remove("RUST_LOG")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = server.stderr.take().unwrap();
    let lines = std::thread::spawn(move || {
        BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<String>>()
    });
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (sid, csrf) = rt.block_on(async {
        let base = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if reqwest::get(format!("{base}/healthz")).await.is_ok() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let mut b = common::Browser::new(&base);
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
        (sid, csrf)
    });
    server.kill().unwrap();
    server.wait().unwrap();
    let log = lines.join().unwrap().join("\n");
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
        lines_count(&log)
    );
}

fn lines_count(s: &str) -> usize {
    s.lines().count()
}
