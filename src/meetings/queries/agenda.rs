//! Agenda items (TOPs): reading, writing, reordering, their linked measures.

use crate::db::{Conn, Pool};
use crate::domain::meetings::DraftItem;
use crate::domain::{Ampel, Status};
use chrono::NaiveDate;
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct ItemRow {
    pub id: i64,
    pub meeting_id: i64,
    pub position: i64,
    pub title: String,
    pub public: bool,
    pub presenter_id: Option<i64>,
    pub presenter: Option<String>,
    pub planned_minutes: i64,
    pub reason: String,
    pub notes: String,
    pub outcome: String,
    pub dealt_with: bool,
    pub carried_from: Option<i64>,
    pub version: i64,
}

const ITEM_SELECT: &str = "SELECT a.id, a.meeting_id, a.position, a.title, a.public, a.presenter_id,
        p.name AS presenter, a.planned_minutes, a.reason, a.notes, a.outcome, a.dealt_with, a.carried_from, a.version
    FROM agenda_items a LEFT JOIN people p ON p.id = a.presenter_id";

pub async fn items(pool: &Pool, meeting: i64) -> sqlx::Result<Vec<ItemRow>> {
    crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "{ITEM_SELECT} WHERE a.meeting_id = ? ORDER BY a.position, a.id"
    )))
    .bind(meeting)
    .fetch_all(pool)
    .await
}

pub async fn item(conn: &mut Conn, meeting: i64, id: i64) -> sqlx::Result<Option<ItemRow>> {
    crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "{ITEM_SELECT} WHERE a.meeting_id = ? AND a.id = ?"
    )))
    .bind(meeting)
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub async fn item_titles(conn: &mut Conn, meeting: i64) -> sqlx::Result<Vec<String>> {
    crate::db::query_scalar("SELECT title FROM agenda_items WHERE meeting_id = ?")
        .bind(meeting)
        .fetch_all(conn)
        .await
}

pub async fn item_ids(conn: &mut Conn, meeting: i64) -> sqlx::Result<Vec<i64>> {
    crate::db::query_scalar(
        "SELECT id FROM agenda_items WHERE meeting_id = ? ORDER BY position, id",
    )
    .bind(meeting)
    .fetch_all(conn)
    .await
}

/// A measure linked to an agenda item, with its live status and Ampel.
#[derive(Debug, Clone, FromRow)]
pub struct LinkedMeasure {
    pub item_id: i64,
    pub id: i64,
    pub code: String,
    pub title: String,
    pub status: Status,
    pub ampel: Ampel,
    pub progress: i64,
    /// From the measure's latest status update: the cause of a Gelb or Rot, the options
    /// for action and the date by which a decision is needed.
    pub cause: String,
    pub options: String,
    #[sqlx(try_from = "crate::db::OptIsoDate")]
    pub decision_by: Option<NaiveDate>,
    /// Set by the view: `decision_by` as 28.11.2026, and whether it has passed.
    #[sqlx(skip)]
    pub decision_by_text: String,
    #[sqlx(skip)]
    pub decision_overdue: bool,
    /// The measure's latest status update (0: none): the basis of the status form on the
    /// item page, so that a stale one warns.
    pub latest_update: i64,
}

impl LinkedMeasure {
    /// Gelb or Rot: the agenda shows what the session has to decide.
    pub fn needs_decision(&self) -> bool {
        matches!(self.ampel, Ampel::Rot | Ampel::Gelb)
    }
}

pub async fn linked_measures(pool: &Pool, meeting: i64) -> sqlx::Result<Vec<LinkedMeasure>> {
    crate::db::query_as(
        "SELECT am.agenda_item_id AS item_id, m.id, m.code, m.title, m.status, m.ampel, m.progress,
            coalesce(s.reason, '') AS cause, coalesce(s.options, '') AS options,
            s.decision_by AS decision_by,
                (SELECT COALESCE(MAX(su.id), 0) FROM status_updates su WHERE su.measure_id = m.id)
                  AS latest_update
         FROM agenda_item_measures am
         JOIN agenda_items a ON a.id = am.agenda_item_id
         JOIN measures m ON m.id = am.measure_id
         LEFT JOIN status_updates s ON s.id = (
             SELECT s2.id FROM status_updates s2 WHERE s2.measure_id = m.id
             ORDER BY s2.created_at DESC, s2.id DESC LIMIT 1)
         WHERE a.meeting_id = ?
         ORDER BY CASE m.ampel WHEN 'rot' THEN 1 WHEN 'gelb' THEN 2 ELSE 3 END, m.code",
    )
    .bind(meeting)
    .fetch_all(pool)
    .await
}

pub async fn item_measure_codes(conn: &mut Conn, item: i64) -> sqlx::Result<Vec<String>> {
    crate::db::query_scalar(
        "SELECT m.code FROM agenda_item_measures am JOIN measures m ON m.id = am.measure_id
         WHERE am.agenda_item_id = ? ORDER BY m.code",
    )
    .bind(item)
    .fetch_all(conn)
    .await
}

/// Measure ids for codes of a programme (unknown codes are missing from the answer).
pub async fn measure_by_code(
    conn: &mut Conn,
    programme: i64,
    code: &str,
) -> sqlx::Result<Option<i64>> {
    crate::db::query_scalar(
        "SELECT id FROM measures WHERE programme_id = ? AND lower(code) = lower(?)",
    )
    .bind(programme)
    .bind(code)
    .fetch_optional(conn)
    .await
}

pub async fn insert_item(
    conn: &mut Conn,
    meeting: i64,
    item: &DraftItem,
    presenter: Option<i64>,
) -> sqlx::Result<i64> {
    let id = crate::db::query_scalar::<i64>(
        "INSERT INTO agenda_items (meeting_id, position, title, public, presenter_id, planned_minutes, reason, carried_from)
         VALUES (?, (SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?), ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(meeting)
    .bind(meeting)
    .bind(&item.title)
    .bind(item.public)
    .bind(presenter)
    .bind(item.planned_minutes)
    .bind(&item.reason)
    .bind(item.carried_from)
    .fetch_one(&mut *conn)
    .await?;
    set_item_measures(conn, id, &item.measure_ids).await?;
    Ok(id)
}

pub async fn set_item_measures(conn: &mut Conn, item: i64, measures: &[i64]) -> sqlx::Result<()> {
    crate::db::query("DELETE FROM agenda_item_measures WHERE agenda_item_id = ?")
        .bind(item)
        .execute(&mut *conn)
        .await?;
    for m in measures {
        crate::db::query(
            "INSERT INTO agenda_item_measures (agenda_item_id, measure_id) VALUES (?, ?)
             ON CONFLICT DO NOTHING",
        )
        .bind(item)
        .bind(m)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Updates an item if it still has `version`; false when someone else changed it first.
#[allow(clippy::too_many_arguments)]
pub async fn update_item(
    conn: &mut Conn,
    id: i64,
    version: i64,
    title: &str,
    public: bool,
    presenter: Option<i64>,
    minutes: i64,
) -> sqlx::Result<bool> {
    let r = crate::db::query(
        "UPDATE agenda_items SET title = ?, public = ?, presenter_id = ?, planned_minutes = ?,
            version = version + 1 WHERE id = ? AND version = ?",
    )
    .bind(title)
    .bind(public)
    .bind(presenter)
    .bind(minutes)
    .bind(id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(r.rows_affected() == 1)
}

pub async fn set_positions(conn: &mut Conn, ids: &[i64]) -> sqlx::Result<()> {
    for (i, id) in ids.iter().enumerate() {
        crate::db::query("UPDATE agenda_items SET position = ? WHERE id = ?")
            .bind(i as i64 + 1)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Comments, decisions and tasks hanging on an item (an item with any is not deleted).
pub async fn item_dependents(conn: &mut Conn, item: i64) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "SELECT (SELECT count(*) FROM agenda_comments WHERE agenda_item_id = ?1)
              + (SELECT count(*) FROM decisions WHERE agenda_item_id = ?1)
              + (SELECT count(*) FROM tasks WHERE agenda_item_id = ?1)
              + (SELECT count(*) FROM agenda_items WHERE carried_from = ?1)",
    )
    .bind(item)
    .fetch_one(conn)
    .await
}

pub async fn delete_item(conn: &mut Conn, item: i64) -> sqlx::Result<()> {
    crate::db::query("DELETE FROM agenda_item_measures WHERE agenda_item_id = ?")
        .bind(item)
        .execute(&mut *conn)
        .await?;
    crate::db::query("DELETE FROM agenda_items WHERE id = ?")
        .bind(item)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Items of a meeting that were not dealt with (carried to the next meeting).
pub async fn not_dealt_with(conn: &mut Conn, meeting: i64) -> sqlx::Result<Vec<ItemRow>> {
    crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "{ITEM_SELECT} WHERE a.meeting_id = ? AND a.dealt_with = FALSE ORDER BY a.position"
    )))
    .bind(meeting)
    .fetch_all(conn)
    .await
}

pub async fn item_measure_ids(conn: &mut Conn, item: i64) -> sqlx::Result<Vec<i64>> {
    crate::db::query_scalar("SELECT measure_id FROM agenda_item_measures WHERE agenda_item_id = ?")
        .bind(item)
        .fetch_all(conn)
        .await
}
