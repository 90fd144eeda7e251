//! The real binary with a low soft limit of open files (as on many hosts: 1,024, here
//! 200) keeps answering while more idle and half-sent connections are held open than
//! that limit allows (issue 13, finding 3).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::free_port;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn healthz_answers_while_300_connections_are_held_under_a_low_fd_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("c.db");
    let port = free_port();
    let log = std::fs::File::create(dir.path().join("log")).expect("log");
    let cmd = format!(
        "ulimit -Sn 200 && exec '{}' serve --addr 127.0.0.1:{port} --db '{}'",
        env!("CARGO_BIN_EXE_sachstand"),
        db.display()
    );
    let mut child = Command::new("sh")
        .args(["-c", &cmd])
        .env_remove("SACHSTAND_DB")
        .env_remove("SACHSTAND_ADDR")
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log"))
        .stderr(log)
        .spawn()
        .expect("spawn");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    let start = Instant::now();
    while client.get(format!("{base}/healthz")).send().await.is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut held = Vec::new();
    for i in 0..300 {
        let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("connect");
        if i % 2 == 1 {
            let _ = s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await;
        }
        held.push(s);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let asked = Instant::now();
    let res = client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .expect("healthz must answer while 300 connections are held");
    assert_eq!(res.status().as_u16(), 200);
    assert!(
        asked.elapsed() < Duration::from_secs(3),
        "{:?}",
        asked.elapsed()
    );
    // The server closes a connection that sends no complete request head in time.
    let mut first = held.swap_remove(0);
    let mut buf = [0u8; 64];
    let closed = tokio::time::timeout(Duration::from_secs(15), first.read(&mut buf)).await;
    assert!(
        matches!(closed, Ok(Ok(0)) | Ok(Err(_))),
        "idle connection still open after the header deadline: {closed:?}"
    );
    drop(held);
    let _ = child.kill();
    let _ = child.wait();
}
