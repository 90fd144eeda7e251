//! A fixed set of SQLite connections, handed out in the order they were asked for.
//!
//! sqlx's pool returns a connection by spawning a task that pings it (a round trip to
//! the connection's worker thread) before the next request may have it. With one write
//! connection and 16 writers that hand-over is the bottleneck: the connection idles
//! while the returning task waits its turn on the runtime (issue 17: 16 writers got
//! fewer updates through than 4). Here a connection goes back to the set when its lease
//! is dropped, in the same instant, and the next waiter (first come, first served) has
//! it. A SQLite connection is a file handle of this process: it cannot go stale, so
//! nothing is tested on the way.

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteTransactionManager};
use sqlx_core::transaction::TransactionManager;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

#[derive(Debug, Clone)]
pub struct Lite {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    free: Mutex<Vec<SqliteConnection>>,
    permits: Arc<Semaphore>,
    acquire_timeout: Duration,
}

impl Lite {
    /// Opens `size` connections with `options`.
    pub async fn connect(
        options: SqliteConnectOptions,
        size: usize,
        acquire_timeout: Duration,
    ) -> sqlx::Result<Self> {
        let mut free = Vec::with_capacity(size);
        for _ in 0..size {
            free.push(sqlx::ConnectOptions::connect(&options).await?);
        }
        Ok(Self {
            inner: Arc::new(Inner {
                free: Mutex::new(free),
                permits: Arc::new(Semaphore::new(size)),
                acquire_timeout,
            }),
        })
    }

    /// A connection for as long as the lease lives.
    pub async fn acquire(&self) -> sqlx::Result<Lease> {
        let permit = tokio::time::timeout(
            self.inner.acquire_timeout,
            self.inner.permits.clone().acquire_owned(),
        )
        .await
        .map_err(|_| sqlx::Error::PoolTimedOut)?
        .map_err(|_| sqlx::Error::PoolClosed)?;
        // A permit stands for a connection in `free` (see `Lease::drop`).
        let conn = self.free().pop().ok_or(sqlx::Error::PoolClosed)?;
        Ok(Lease {
            conn: Some(conn),
            inner: self.inner.clone(),
            _permit: permit,
        })
    }

    /// A connection inside a transaction begun with `statement` (`BEGIN` when `None`).
    pub async fn begin(&self, statement: Option<&'static str>) -> sqlx::Result<Lease> {
        let mut lease = self.acquire().await?;
        let statement = statement.map(sqlx::SqlSafeStr::into_sql_str);
        SqliteTransactionManager::begin(&mut lease, statement).await?;
        Ok(lease)
    }

    /// Refuses new leases and closes the connections that are back.
    pub async fn close(&self) {
        self.inner.permits.close();
        let conns = std::mem::take(&mut *self.free());
        for conn in conns {
            let _ = sqlx::Connection::close(conn).await;
        }
    }

    fn free(&self) -> std::sync::MutexGuard<'_, Vec<SqliteConnection>> {
        self.inner.free.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A connection of a [`Lite`] set; it goes back when dropped. A transaction still open
/// then is rolled back first (queued on the connection, as sqlx's `Transaction` does).
#[derive(Debug)]
pub struct Lease {
    conn: Option<SqliteConnection>,
    inner: Arc<Inner>,
    // Dropped after `drop` has put the connection back.
    _permit: OwnedSemaphorePermit,
}

impl Lease {
    pub async fn commit(mut self) -> sqlx::Result<()> {
        SqliteTransactionManager::commit(&mut self).await
    }

    pub async fn rollback(mut self) -> sqlx::Result<()> {
        SqliteTransactionManager::rollback(&mut self).await
    }
}

impl Deref for Lease {
    type Target = SqliteConnection;

    fn deref(&self) -> &SqliteConnection {
        // Only `drop` takes the connection out.
        self.conn.as_ref().unwrap_or_else(|| unreachable!())
    }
}

impl DerefMut for Lease {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        self.conn.as_mut().unwrap_or_else(|| unreachable!())
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        let Some(mut conn) = self.conn.take() else {
            return;
        };
        if SqliteTransactionManager::get_transaction_depth(&conn) > 0 {
            SqliteTransactionManager::start_rollback(&mut conn);
        }
        if self.inner.permits.is_closed() {
            // The set was closed meanwhile: the connection is closed as it is dropped.
            return;
        }
        self.inner
            .free
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(conn);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn set(size: usize) -> (tempfile::TempDir, Lite) {
        let dir = tempfile::tempdir().expect("tempdir");
        let options = SqliteConnectOptions::new()
            .filename(dir.path().join("t.db"))
            .create_if_missing(true)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal);
        let lite = Lite::connect(options, size, Duration::from_millis(200))
            .await
            .expect("connect");
        (dir, lite)
    }

    #[tokio::test]
    async fn a_dropped_transaction_is_rolled_back_before_the_next_lease() {
        let (_dir, lite) = set(1).await;
        let mut c = lite.acquire().await.expect("lease");
        sqlx::query("CREATE TABLE t (x INTEGER)")
            .execute(&mut *c)
            .await
            .expect("create");
        drop(c);
        let mut tx = lite.begin(Some("BEGIN IMMEDIATE")).await.expect("begin");
        sqlx::query("INSERT INTO t VALUES (1)")
            .execute(&mut *tx)
            .await
            .expect("insert");
        drop(tx); // no commit
        assert_eq!(rows(&lite).await, 0);
        let mut tx = lite.begin(None).await.expect("begin");
        sqlx::query("INSERT INTO t VALUES (2)")
            .execute(&mut *tx)
            .await
            .expect("insert");
        tx.commit().await.expect("commit");
        assert_eq!(rows(&lite).await, 1);
    }

    async fn rows(lite: &Lite) -> i64 {
        let mut c = lite.acquire().await.expect("lease");
        sqlx::query_scalar("SELECT count(*) FROM t")
            .fetch_one(&mut *c)
            .await
            .expect("count")
    }

    #[tokio::test]
    async fn waiters_get_the_connection_in_turn_and_time_out_with_an_error() {
        let (_dir, lite) = set(1).await;
        let held = lite.acquire().await.expect("lease");
        // The only connection is out: the next one waits and gives up after its timeout.
        assert!(matches!(
            lite.acquire().await,
            Err(sqlx::Error::PoolTimedOut)
        ));
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut waiters = Vec::new();
        for i in 0..3 {
            let (lite, order) = (lite.clone(), order.clone());
            waiters.push(tokio::spawn(async move {
                let _c = lite.acquire().await.expect("lease");
                order.lock().expect("order").push(i);
            }));
            // Each waiter is queued before the next one starts.
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        drop(held);
        for w in waiters {
            w.await.expect("waiter");
        }
        assert_eq!(*order.lock().expect("order"), vec![0, 1, 2]);
        lite.close().await;
        assert!(matches!(lite.acquire().await, Err(sqlx::Error::PoolClosed)));
    }
}
