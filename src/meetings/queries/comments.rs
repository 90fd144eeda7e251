//! Comments on agenda items (by the Leitung and the AG).

use crate::db::{Conn, Pool};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct CommentRow {
    pub item_id: i64,
    pub author: String,
    pub created_at: String,
    pub text: String,
}

pub async fn comments(pool: &Pool, meeting: i64) -> sqlx::Result<Vec<CommentRow>> {
    crate::db::query_as(
        "SELECT c.agenda_item_id AS item_id, u.display_name AS author, c.created_at, c.text
         FROM agenda_comments c JOIN agenda_items a ON a.id = c.agenda_item_id
         JOIN users u ON u.id = c.author_id
         WHERE a.meeting_id = ? ORDER BY c.created_at, c.id",
    )
    .bind(meeting)
    .fetch_all(pool)
    .await
}

pub async fn add_comment(
    conn: &mut Conn,
    item: i64,
    author: i64,
    at: &str,
    text: &str,
) -> sqlx::Result<i64> {
    crate::db::query_scalar::<i64>(
        "INSERT INTO agenda_comments (agenda_item_id, author_id, created_at, text) VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(item)
    .bind(author)
    .bind(at)
    .bind(text)
    .fetch_one(conn)
    .await
}
