//! Connection limits: idle and half-sent connections do not starve the server.

use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;

use crate::support::spawn_app_with;

/// Idle and half-sent connections are closed after the header deadline, and at most
/// `max_connections` are served at once, so a normal client still gets its answer.
#[tokio::test]
async fn idle_and_half_sent_connections_do_not_starve_the_server() {
    let limits = sachstand::web::serve::Limits {
        max_connections: 64,
        header_timeout: Duration::from_millis(500),
        ..Default::default()
    };
    let app = spawn_app_with(limits).await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut held = Vec::new();
    for i in 0..100 {
        let mut s = tokio::net::TcpStream::connect(&addr)
            .await
            .expect("connect");
        if i % 2 == 0 {
            // half a request head, never finished
            let _ = s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await;
        }
        held.push(s);
    }
    let started = Instant::now();
    let res = reqwest::Client::new()
        .get(format!("{}/healthz", app.base))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .expect("healthz answered while 100 connections were held");
    assert_eq!(res.status().as_u16(), 200);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    drop(held);
}
