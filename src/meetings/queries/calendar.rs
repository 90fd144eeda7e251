//! The secret calendar feed tokens (only their SHA-256 is stored).

use crate::db::{Conn, Pool};
use crate::domain::Role;

pub async fn set_calendar_token(
    conn: &mut Conn,
    user: i64,
    hash: &str,
    at: &str,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO calendar_tokens (user_id, token_hash, created_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
    )
    .bind(user)
    .bind(hash)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn calendar_token_created(pool: &Pool, user: i64) -> sqlx::Result<Option<String>> {
    crate::db::query_scalar("SELECT created_at FROM calendar_tokens WHERE user_id = ?")
        .bind(user)
        .fetch_optional(pool)
        .await
}

/// The role of the active account that owns the token hash.
pub async fn calendar_token_role(pool: &Pool, hash: &str) -> sqlx::Result<Option<Role>> {
    crate::db::query_scalar(
        "SELECT u.role FROM calendar_tokens c JOIN users u ON u.id = c.user_id
         WHERE c.token_hash = ? AND u.active = TRUE",
    )
    .bind(hash)
    .fetch_optional(pool)
    .await
}

/// Every agenda title of every meeting, in agenda order (for the feed's DESCRIPTION).
pub async fn agenda_titles(pool: &Pool) -> sqlx::Result<Vec<(i64, String)>> {
    crate::db::query_as(
        "SELECT meeting_id, title FROM agenda_items ORDER BY meeting_id, position, id",
    )
    .fetch_all(pool)
    .await
}
