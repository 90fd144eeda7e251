//! The outbox table: queueing inside the caller's transaction, claiming due messages,
//! recording the outcome, and what the admin page lists.

use crate::db::{Conn, Pool};
use chrono::{DateTime, Duration, Utc};
use sqlx::FromRow;

use super::compose::{Attachment, Mail};

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Queues a mail in the open transaction of the event that causes it: if that
/// transaction rolls back, no mail is sent; if it commits, the mail is sent eventually.
pub async fn queue(tx: &mut Conn, mail: &Mail) -> sqlx::Result<i64> {
    let now = stamp(Utc::now());
    let (name, ctype, body) = match &mail.attachment {
        Some(a) => (
            Some(a.name.as_str()),
            Some(a.content_type.as_str()),
            Some(a.body.as_str()),
        ),
        None => (None, None, None),
    };
    crate::db::query_scalar(
        "INSERT INTO outbox (kind, recipient, recipient_name, subject, body_text, body_html,
            attachment_name, attachment_type, attachment, created_at, next_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(mail.kind)
    .bind(&mail.to)
    .bind(&mail.to_name)
    .bind(&mail.subject)
    .bind(&mail.text)
    .bind(&mail.html)
    .bind(name)
    .bind(ctype)
    .bind(body)
    .bind(&now)
    .bind(&now)
    .fetch_one(&mut *tx)
    .await
}

/// A message as the worker sends it.
#[derive(Debug, Clone, FromRow)]
pub struct Queued {
    pub id: i64,
    pub recipient: String,
    pub recipient_name: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub attachment_name: Option<String>,
    pub attachment_type: Option<String>,
    pub attachment: Option<String>,
    pub created_at: String,
    pub attempts: i64,
}

impl Queued {
    pub fn attachment(&self) -> Option<Attachment> {
        match (
            &self.attachment_name,
            &self.attachment_type,
            &self.attachment,
        ) {
            (Some(n), Some(t), Some(b)) => Some(Attachment {
                name: n.clone(),
                content_type: t.clone(),
                body: b.clone(),
            }),
            _ => None,
        }
    }
}

/// A claim older than this belongs to a worker that died (the send timeout is seconds).
const STALE_CLAIM_SECS: i64 = 120;

/// Forgets every claim: at start-up no message of this database is being sent (one server
/// per SQLite file), so a message claimed before a crash is sent again.
pub async fn release_claims(pool: &Pool) -> sqlx::Result<u64> {
    Ok(crate::db::query(
        "UPDATE outbox SET sending_since = NULL
         WHERE sending_since IS NOT NULL AND sent_at IS NULL",
    )
    .execute(pool)
    .await?
    .rows_affected())
}

/// Claims up to `limit` due messages for sending (marks them `sending_since` now), in one
/// short write transaction, and returns them.
pub async fn claim_due(pool: &Pool, limit: i64) -> sqlx::Result<Vec<Queued>> {
    let now = Utc::now();
    let stale = stamp(now - Duration::seconds(STALE_CLAIM_SECS));
    let now = stamp(now);
    // SQLite: the write lock makes the claim exclusive. PostgreSQL: several instances
    // claim at once; each takes only rows nobody else holds (SKIP LOCKED), without
    // waiting for the city's other writes.
    let pg = pool.backend() == crate::db::Backend::Postgres;
    let mut tx = if pg {
        pool.begin_unlocked().await?
    } else {
        pool.begin_write().await?
    };
    let lock = if pg { " FOR UPDATE SKIP LOCKED" } else { "" };
    let rows: Vec<Queued> = crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, recipient, recipient_name, subject, body_text, body_html, attachment_name,
                attachment_type, attachment, created_at, attempts
         FROM outbox
         WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?
           AND (sending_since IS NULL OR sending_since < ?)
         ORDER BY next_attempt_at, id LIMIT ?{lock}"
    )))
    .bind(&now)
    .bind(&stale)
    .bind(limit)
    .fetch_all(&mut tx)
    .await?;
    for r in &rows {
        crate::db::query("UPDATE outbox SET sending_since = ? WHERE id = ?")
            .bind(&now)
            .bind(r.id)
            .execute(&mut tx)
            .await?;
    }
    tx.commit().await?;
    Ok(rows)
}

pub async fn mark_sent(pool: &Pool, id: i64) -> sqlx::Result<()> {
    crate::db::query(
        "UPDATE outbox SET sent_at = ?, sending_since = NULL, attempts = attempts + 1,
            last_error = NULL WHERE id = ?",
    )
    .bind(stamp(Utc::now()))
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

/// The wait before attempt `attempts + 1`: base, 2·base, 4·base, … at most 6 hours.
pub fn backoff_secs(base: i64, attempts: i64) -> i64 {
    let shift = attempts.clamp(0, 20) as u32;
    base.max(1).saturating_mul(1_i64 << shift).min(6 * 3600)
}

/// Records a failed attempt: retried later with backoff, or failed for good after the
/// last attempt.
pub async fn mark_attempt_failed(
    pool: &Pool,
    q: &Queued,
    error: &str,
    retry_base_secs: i64,
    max_attempts: i64,
) -> sqlx::Result<()> {
    let now = Utc::now();
    let attempts = q.attempts + 1;
    let error: String = error.chars().take(1000).collect();
    if attempts >= max_attempts {
        crate::db::query(
            "UPDATE outbox SET attempts = ?, sending_since = NULL, failed_at = ?, last_error = ?
             WHERE id = ?",
        )
        .bind(attempts)
        .bind(stamp(now))
        .bind(&error)
        .bind(q.id)
        .execute(pool)
        .await?;
    } else {
        let next = now + Duration::seconds(backoff_secs(retry_base_secs, q.attempts));
        crate::db::query(
            "UPDATE outbox SET attempts = ?, sending_since = NULL, next_attempt_at = ?,
                last_error = ? WHERE id = ?",
        )
        .bind(attempts)
        .bind(stamp(next))
        .bind(&error)
        .bind(q.id)
        .execute(pool)
        .await?;
    }
    Ok(())
}

/// One row of the admin page.
#[derive(Debug, Clone, FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub recipient_name: String,
    pub subject: String,
    pub created_at: String,
    pub next_attempt_at: String,
    pub attempts: i64,
    pub sending_since: Option<String>,
    pub sent_at: Option<String>,
    pub failed_at: Option<String>,
    pub last_error: Option<String>,
}

/// Which messages the admin page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    Queued,
    Sent,
    Failed,
}

impl Filter {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "" | "wartend" => Some(Self::Queued),
            "versandt" => Some(Self::Sent),
            "fehlgeschlagen" => Some(Self::Failed),
            _ => None,
        }
    }

    fn condition(self) -> &'static str {
        match self {
            Self::Queued => "sent_at IS NULL AND failed_at IS NULL",
            Self::Sent => "sent_at IS NOT NULL",
            Self::Failed => "failed_at IS NOT NULL",
        }
    }
}

/// Newest first, at most `limit` rows.
pub async fn list(conn: &mut Conn, filter: Filter, limit: i64) -> sqlx::Result<Vec<OutboxRow>> {
    let sql = format!(
        "SELECT id, kind, recipient, recipient_name, subject, created_at, next_attempt_at,
            attempts, sending_since, sent_at, failed_at, last_error
         FROM outbox WHERE {} ORDER BY id DESC LIMIT ?",
        filter.condition()
    );
    crate::db::query_as(sqlx::AssertSqlSafe(sql))
        .bind(limit)
        .fetch_all(conn)
        .await
}

/// (queued, sent, failed)
pub async fn counts(conn: &mut Conn) -> sqlx::Result<(i64, i64, i64)> {
    crate::db::query_as(
        "SELECT count(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL),
                count(*) FILTER (WHERE sent_at IS NOT NULL),
                count(*) FILTER (WHERE failed_at IS NOT NULL)
         FROM outbox",
    )
    .fetch_one(conn)
    .await
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<OutboxRow>> {
    crate::db::query_as(
        "SELECT id, kind, recipient, recipient_name, subject, created_at, next_attempt_at,
            attempts, sending_since, sent_at, failed_at, last_error
         FROM outbox WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Puts a failed message back into the queue, due now, with a fresh count of attempts.
/// False if it is not failed (sent or still queued).
pub async fn retry(tx: &mut Conn, id: i64) -> sqlx::Result<bool> {
    Ok(crate::db::query(
        "UPDATE outbox SET failed_at = NULL, attempts = 0, next_attempt_at = ?
         WHERE id = ? AND failed_at IS NOT NULL",
    )
    .bind(stamp(Utc::now()))
    .bind(id)
    .execute(tx)
    .await?
    .rows_affected()
        == 1)
}

#[cfg(test)]
mod tests {
    use super::backoff_secs;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff_secs(60, 0), 60);
        assert_eq!(backoff_secs(60, 1), 120);
        assert_eq!(backoff_secs(60, 3), 480);
        assert_eq!(backoff_secs(60, 30), 6 * 3600);
    }
}
