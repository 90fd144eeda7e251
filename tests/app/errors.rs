//! Internal errors: a panic becomes a German 500 page with an incident id that is also in
//! the log; the server keeps serving. (That logs hold no secrets is checked against the
//! real binary in `tests/proc/logs.rs`.)

use axum::Router;
use axum::routing::get;
use sachstand::{AppState, Db};

use crate::support::{Browser, serve};

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
    let mut client = Browser::new(&serve(app).await);
    let r = client.get("/kaputt").await;
    assert_eq!(r.status, 500);
    assert!(r.headers.get("content-security-policy").is_some());
    let body = r.body;
    assert!(body.contains("Interner Fehler"));
    assert!(body.contains("Vorfallsnummer"));
    assert!(
        !body.contains("geheimes Detail") && !body.contains("panicked") && !body.contains("src/")
    );
    let r = client.get("/healthz").await;
    assert_eq!(r.status, 200, "server still serving");
}
