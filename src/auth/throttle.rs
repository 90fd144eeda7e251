//! Login throttling without a lock that anyone can trigger. Two counters of failed
//! attempts, neither of which refuses a correct password only because other clients
//! failed:
//!
//! - **per client address**: at most `ADDRESS_LIMIT` failures in a sliding minute, then
//!   429 with `Retry-After` (a guessing client, whatever accounts it tries). An address
//!   that signed in to an account before is not held back for that account, so the
//!   owner behind a busy NAT address still gets in.
//! - **per account and address**: after `PAIR_FREE` failures, each further attempt from
//!   that address for that account waits twice as long as the one before (1 s, 2 s, 4 s …
//!   at most 15 minutes). Ten failures from ten addresses no longer lock `admin`.
//!
//! A successful login clears its pair. The counters are in the database (migration
//! 0016), so every instance of a hosted set-up applies the same limits and a restart
//! forgets nothing; `sachstand user unlock NAME` is the administrators' way in besides: it
//! resets the account's stored failure count, and the next attempt for that account
//! sees that and forgets the account's delays (`LoginThrottle::unlock`).
//! (governor was tried first: it counts every attempt and cannot look without
//! consuming, so it either throttles successful logins or lets guesses be verified.)

use std::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::db::{Db, query, query_scalar};

/// Failures per address and minute before the address waits.
pub const ADDRESS_LIMIT: usize = 10;
pub const ADDRESS_WINDOW: Duration = Duration::from_secs(60);
/// Failures of one account from one address before delays start (the per-address limit
/// applies at the same count; the pair's delays outlast its minute).
pub const PAIR_FREE: u32 = 10;
/// The first delay of a pair; it doubles with every further failure.
pub const PAIR_FIRST_DELAY: Duration = Duration::from_secs(1);
/// The longest delay; a failure this long after the previous one starts counting afresh.
pub const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
/// How long an address that signed in successfully counts as the owner's client.
pub const KNOWN_FOR: Duration = Duration::from_secs(30 * 24 * 3600);
/// Failures older than this are deleted (the longest chain of delays is long over).
const FORGET_AFTER: Duration = Duration::from_secs(24 * 3600);
/// The pair's most recent failures looked at (the delay is at its maximum long before).
const PAIR_LOOKBACK: i64 = 64;

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(ms)
        .unwrap_or(0)
}

/// Time still to wait (ms) after `count` failures of a pair, the last at `last`:
/// `first · 2^(count - free)` after it, capped.
fn pair_wait(count: u32, last: i64, now: i64) -> Option<i64> {
    if count < PAIR_FREE {
        return None;
    }
    let exp = (count - PAIR_FREE).min(20);
    let delay = ms(PAIR_FIRST_DELAY.saturating_mul(1u32 << exp).min(MAX_DELAY));
    let passed = (now - last).max(0);
    (passed < delay).then(|| delay - passed)
}

/// The pair's count: its failures back from the latest, as long as each came less than
/// `MAX_DELAY` after the one before (newest first in `times`).
fn pair_count(times: &[i64]) -> u32 {
    let mut count = 0;
    let mut later: Option<i64> = None;
    for &t in times {
        if later.is_some_and(|l| l - t >= ms(MAX_DELAY)) {
            break;
        }
        count += 1;
        later = Some(t);
    }
    count
}

#[derive(Default)]
pub struct LoginThrottle;

/// Account names are compared case-insensitively, like the login does; control
/// characters (which no account name holds, and PostgreSQL text cannot carry) are left
/// out, so that "erika\0" counts against "erika".
fn key(username: &str) -> String {
    username
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .to_lowercase()
}

impl LoginThrottle {
    /// `Err(seconds)` when this attempt must wait; checked before the password is.
    pub async fn check(
        &self,
        db: &Db,
        username: &str,
        ip: IpAddr,
    ) -> sqlx::Result<Result<(), u64>> {
        check_at(db, username, ip, now_ms()).await
    }

    pub async fn record_failure(&self, db: &Db, username: &str, ip: IpAddr) -> sqlx::Result<()> {
        failure_at(db, username, ip, now_ms()).await
    }

    pub async fn record_success(&self, db: &Db, username: &str, ip: IpAddr) -> sqlx::Result<()> {
        success_at(db, username, ip, now_ms()).await
    }

    /// Forgets the delays of every address for this account (after `sachstand user
    /// unlock` or a password reset, seen through the database).
    pub async fn unlock(&self, db: &Db, username: &str) -> sqlx::Result<()> {
        query("DELETE FROM login_pair_failures WHERE username = ?")
            .bind(key(username))
            .execute(&db.write)
            .await?;
        Ok(())
    }
}

async fn check_at(db: &Db, username: &str, ip: IpAddr, now: i64) -> sqlx::Result<Result<(), u64>> {
    let k = key(username);
    let ip = ip.to_string();
    let mut conn = db.read.acquire().await?;
    let known: i64 = query_scalar(
        "SELECT count(*) FROM login_known WHERE username = ? AND ip = ? AND at_ms > ?",
    )
    .bind(&k)
    .bind(&ip)
    .bind(now - ms(KNOWN_FOR))
    .fetch_one(&mut conn)
    .await?;
    let window: Vec<i64> = query_scalar(
        "SELECT at_ms FROM login_address_failures WHERE ip = ? AND at_ms > ? ORDER BY at_ms",
    )
    .bind(&ip)
    .bind(now - ms(ADDRESS_WINDOW))
    .fetch_all(&mut conn)
    .await?;
    let pair: Vec<i64> = query_scalar(
        "SELECT at_ms FROM login_pair_failures WHERE username = ? AND ip = ?
         ORDER BY at_ms DESC LIMIT ?",
    )
    .bind(&k)
    .bind(&ip)
    .bind(PAIR_LOOKBACK)
    .fetch_all(&mut conn)
    .await?;
    let mut wait = 0;
    if window.len() >= ADDRESS_LIMIT
        && known == 0
        && let Some(oldest) = window.first()
    {
        wait = wait.max(ms(ADDRESS_WINDOW) - (now - oldest));
    }
    if let Some(&last) = pair.first()
        && let Some(w) = pair_wait(pair_count(&pair), last, now)
    {
        wait = wait.max(w);
    }
    Ok(if wait <= 0 {
        Ok(())
    } else {
        Err(u64::try_from(wait / 1000).unwrap_or(0).max(1))
    })
}

async fn failure_at(db: &Db, username: &str, ip: IpAddr, now: i64) -> sqlx::Result<()> {
    let ip = ip.to_string();
    let mut tx = db.write.begin().await?;
    for table in ["login_address_failures", "login_pair_failures"] {
        query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE at_ms < ?"
        )))
        .bind(now - ms(FORGET_AFTER))
        .execute(&mut tx)
        .await?;
    }
    query("INSERT INTO login_address_failures (ip, at_ms) VALUES (?, ?)")
        .bind(&ip)
        .bind(now)
        .execute(&mut tx)
        .await?;
    query("INSERT INTO login_pair_failures (username, ip, at_ms) VALUES (?, ?, ?)")
        .bind(key(username))
        .bind(&ip)
        .bind(now)
        .execute(&mut tx)
        .await?;
    tx.commit().await
}

async fn success_at(db: &Db, username: &str, ip: IpAddr, now: i64) -> sqlx::Result<()> {
    let k = key(username);
    let ip = ip.to_string();
    let mut tx = db.write.begin().await?;
    query("DELETE FROM login_pair_failures WHERE username = ? AND ip = ?")
        .bind(&k)
        .bind(&ip)
        .execute(&mut tx)
        .await?;
    query("DELETE FROM login_address_failures WHERE ip = ?")
        .bind(&ip)
        .execute(&mut tx)
        .await?;
    query(
        "INSERT INTO login_known (username, ip, at_ms) VALUES (?, ?, ?)
         ON CONFLICT (username, ip) DO UPDATE SET at_ms = excluded.at_ms",
    )
    .bind(&k)
    .bind(&ip)
    .bind(now)
    .execute(&mut tx)
    .await?;
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse()
            .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
    }

    async fn db() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Db::open(&dir.path().join("t.db")).await.expect("open");
        db.migrate().await.expect("migrate");
        (dir, db)
    }

    const S: i64 = 1000;

    #[tokio::test]
    async fn ten_failures_from_one_address_make_it_wait_a_minute() {
        let (_d, db) = db().await;
        let now = now_ms();
        for i in 0..ADDRESS_LIMIT {
            let user = format!("user{i}");
            assert_eq!(
                check_at(&db, &user, ip("10.0.0.1"), now).await.unwrap(),
                Ok(())
            );
            failure_at(&db, &user, ip("10.0.0.1"), now).await.unwrap();
        }
        let wait = check_at(&db, "someone", ip("10.0.0.1"), now)
            .await
            .unwrap()
            .unwrap_err();
        assert!((1..=60).contains(&wait), "{wait}");
        assert_eq!(
            check_at(&db, "someone", ip("10.0.0.2"), now).await.unwrap(),
            Ok(())
        );
        let later = now + ms(ADDRESS_WINDOW);
        assert_eq!(
            check_at(&db, "someone", ip("10.0.0.1"), later)
                .await
                .unwrap(),
            Ok(())
        );
    }

    #[tokio::test]
    async fn failures_for_one_account_from_one_address_grow_the_delay() {
        let (_d, db) = db().await;
        let a = ip("192.0.2.1");
        let mut now = now_ms();
        for _ in 0..PAIR_FREE {
            assert_eq!(check_at(&db, "admin", a, now).await.unwrap(), Ok(()));
            failure_at(&db, "admin", a, now).await.unwrap();
            now += 7 * S; // stay under the address limit (10 a minute)
        }
        // further failures: 2 s, then 4 s, then 8 s
        let mut delay = 2;
        for _ in 0..3 {
            failure_at(&db, "admin", a, now).await.unwrap();
            assert_eq!(check_at(&db, "admin", a, now).await.unwrap(), Err(delay));
            now += i64::try_from(delay).unwrap() * S;
            assert_eq!(check_at(&db, "admin", a, now).await.unwrap(), Ok(()));
            delay *= 2;
        }
        // other accounts from the same address, and this account elsewhere, are free
        assert_eq!(check_at(&db, "anna", a, now).await.unwrap(), Ok(()));
        assert_eq!(
            check_at(&db, "admin", ip("192.0.2.2"), now).await.unwrap(),
            Ok(())
        );
        // after `unlock` only the address's minute remains
        LoginThrottle.unlock(&db, "ADMIN").await.unwrap();
        let later = now + ms(ADDRESS_WINDOW);
        assert_eq!(check_at(&db, "admin", a, later).await.unwrap(), Ok(()));
    }

    #[tokio::test]
    async fn the_owner_is_not_held_back_by_others_failing_from_the_same_address() {
        let (_d, db) = db().await;
        let nat = ip("198.51.100.7");
        let now = now_ms();
        success_at(&db, "erika", nat, now).await.unwrap();
        for i in 0..ADDRESS_LIMIT {
            failure_at(&db, &format!("guess{i}"), nat, now)
                .await
                .unwrap();
        }
        assert!(check_at(&db, "someone", nat, now).await.unwrap().is_err());
        assert_eq!(check_at(&db, "erika", nat, now).await.unwrap(), Ok(()));
        // the delay never exceeds the maximum
        for _ in 0..40 {
            failure_at(&db, "victim", nat, now).await.unwrap();
        }
        let wait = check_at(&db, "victim", nat, now)
            .await
            .unwrap()
            .unwrap_err();
        assert!(wait <= MAX_DELAY.as_secs(), "{wait}");
    }

    #[test]
    fn a_long_pause_starts_the_count_afresh() {
        let m = ms(MAX_DELAY);
        assert_eq!(pair_count(&[10 * m, 10 * m - 1, 10 * m - 2]), 3);
        assert_eq!(pair_count(&[10 * m, 9 * m, 9 * m - 1]), 1);
        assert_eq!(pair_count(&[]), 0);
    }
}
