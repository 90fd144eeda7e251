//! The WAL stays bounded: when the writer goes idle, the checkpointer copies the WAL into
//! the database and empties the file; a reader on an old snapshot makes it wait (and try
//! again), never the writers. The long burst (100,000 updates) is in `cargo bench`.

use std::path::Path;
use std::time::{Duration, Instant};

use sachstand::Db;

fn wal_len(db: &Path) -> u64 {
    let wal = db.with_file_name(format!(
        "{}-wal",
        db.file_name().and_then(|n| n.to_str()).unwrap_or_default()
    ));
    std::fs::metadata(wal).map(|m| m.len()).unwrap_or(0)
}

/// Writes `tx` transactions of 20 rows with 2 KiB each; returns the slowest commit.
async fn write_rows(db: &Db, tx: usize) -> Duration {
    let mut slowest = Duration::ZERO;
    for _ in 0..tx {
        let t = Instant::now();
        let mut w = db.begin_write().await.expect("begin");
        for _ in 0..20 {
            sachstand::db::query("INSERT INTO probe (pad) VALUES (randomblob(2048))")
                .execute(&mut w)
                .await
                .expect("insert");
        }
        w.commit().await.expect("commit");
        slowest = slowest.max(t.elapsed());
    }
    slowest
}

async fn wait_for_empty_wal(path: &Path, within: Duration) -> Option<Duration> {
    let t = Instant::now();
    while t.elapsed() < within {
        if wal_len(path) == 0 {
            return Some(t.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wal_is_emptied_once_the_writer_is_idle_and_a_reader_only_delays_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wal.db");
    let db = Db::open(&path).await.unwrap();
    db.migrate().await.unwrap();
    sachstand::db::query("CREATE TABLE probe (id INTEGER PRIMARY KEY, pad BLOB NOT NULL)")
        .execute(&db.write)
        .await
        .unwrap();

    // 300 commits of 40 KiB: the WAL holds several MB right after.
    write_rows(&db, 300).await;
    let grown = wal_len(&path);
    assert!(
        grown > 1024 * 1024,
        "WAL only {grown} bytes after the writes"
    );
    let emptied = wait_for_empty_wal(&path, Duration::from_secs(6)).await;
    assert!(
        emptied.is_some(),
        "WAL still {} bytes 6 s after the last write",
        wal_len(&path)
    );
    let n: i64 = sachstand::db::query_scalar("SELECT count(*) FROM probe")
        .fetch_one(&db.read)
        .await
        .unwrap();
    assert_eq!(n, 300 * 20, "every committed row is there");

    // A reader keeps an old snapshot open: the WAL cannot be emptied, but writes go on.
    let mut reader = db.read.acquire().await.unwrap();
    sachstand::db::query("BEGIN")
        .execute(&mut reader)
        .await
        .unwrap();
    let seen: i64 = sachstand::db::query_scalar("SELECT count(*) FROM probe")
        .fetch_one(&mut reader)
        .await
        .unwrap();
    assert_eq!(seen, 6000);
    write_rows(&db, 50).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let slowest = write_rows(&db, 20).await;
    assert!(
        slowest < Duration::from_millis(1000),
        "a commit took {slowest:?} while the checkpointer waited for the reader"
    );
    assert!(
        wal_len(&path) > 0,
        "the reader's snapshot is still in the WAL"
    );
    let still: i64 = sachstand::db::query_scalar("SELECT count(*) FROM probe")
        .fetch_one(&mut reader)
        .await
        .unwrap();
    assert_eq!(still, 6000, "the reader keeps its snapshot");
    sachstand::db::query("COMMIT")
        .execute(&mut reader)
        .await
        .unwrap();
    drop(reader);

    // Reader gone: the next idle rounds empty the file.
    let emptied = wait_for_empty_wal(&path, Duration::from_secs(6)).await;
    assert!(
        emptied.is_some(),
        "WAL still {} bytes 6 s after the reader finished",
        wal_len(&path)
    );
    let n: i64 = sachstand::db::query_scalar("SELECT count(*) FROM probe")
        .fetch_one(&db.read)
        .await
        .unwrap();
    assert_eq!(n, (300 + 50 + 20) * 20);
}
