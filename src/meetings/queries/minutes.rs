//! The minutes of an item and the decisions (Beschlüsse), also the decision register.

use crate::db::{Conn, Pool};
use crate::domain::meetings::MeetingKind;
use sqlx::FromRow;

/// Writes the minutes of an item; with `version`, only if the item still has it.
pub async fn set_minutes(
    conn: &mut Conn,
    item: i64,
    version: Option<i64>,
    notes: &str,
    outcome: &str,
    dealt_with: bool,
) -> sqlx::Result<bool> {
    let r = crate::db::query(
        "UPDATE agenda_items SET notes = ?, outcome = ?, dealt_with = ?, version = version + 1
         WHERE id = ? AND (? IS NULL OR version = ?)",
    )
    .bind(notes)
    .bind(outcome)
    .bind(dealt_with)
    .bind(item)
    .bind(version)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

#[derive(Debug, Clone, FromRow)]
pub struct DecisionRow {
    pub id: i64,
    pub item_id: i64,
    pub text: String,
    pub decided_on: String,
    pub meeting_id: i64,
    pub kind: MeetingKind,
    pub item_title: String,
    pub position: i64,
}

const DECISION_SELECT: &str = "SELECT d.id, d.agenda_item_id AS item_id, d.text, d.decided_on,
        a.meeting_id, mt.kind, a.title AS item_title, a.position
    FROM decisions d JOIN agenda_items a ON a.id = d.agenda_item_id
    JOIN meetings mt ON mt.id = a.meeting_id";

pub async fn decisions(pool: &Pool, meeting: i64) -> sqlx::Result<Vec<DecisionRow>> {
    crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "{DECISION_SELECT} WHERE a.meeting_id = ? ORDER BY a.position, d.id"
    )))
    .bind(meeting)
    .fetch_all(pool)
    .await
}

/// The decision register: every decision, newest first, optionally searched.
/// One page of the register (newest first) and how many decisions match in all.
pub async fn decision_register(
    pool: &Pool,
    q: &str,
    offset: i64,
    limit: i64,
) -> sqlx::Result<(Vec<DecisionRow>, i64)> {
    let like = format!(
        "%{}%",
        q.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let rows = crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "{DECISION_SELECT} WHERE (lower(d.text) LIKE lower(?1) ESCAPE '\\' OR lower(a.title) LIKE lower(?1) ESCAPE '\\')
         ORDER BY d.decided_on DESC, d.id DESC LIMIT ?2 OFFSET ?3"
    )))
    .bind(&like)
    .bind(limit)
    .bind(offset)
    .fetch_all(pool)
    .await?;
    let total = crate::db::query_scalar(
        "SELECT count(*) FROM decisions d JOIN agenda_items a ON a.id = d.agenda_item_id
         WHERE (lower(d.text) LIKE lower(?1) ESCAPE '\\' OR lower(a.title) LIKE lower(?1) ESCAPE '\\')",
    )
    .bind(&like)
    .fetch_one(pool)
    .await?;
    Ok((rows, total))
}

pub async fn add_decision(conn: &mut Conn, item: i64, text: &str, on: &str) -> sqlx::Result<i64> {
    crate::db::query_scalar::<i64>(
        "INSERT INTO decisions (agenda_item_id, text, decided_on) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(item)
    .bind(text)
    .bind(on)
    .fetch_one(conn)
    .await
}
