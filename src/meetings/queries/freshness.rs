//! What keeps an agenda true: its items as the draft update and the release snapshot
//! read them, when it was drafted, and the data that changed since.

use crate::db::Conn;
use crate::domain::{Ampel, SignOffTrack};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct StoredItemRow {
    pub id: i64,
    pub title: String,
    pub public: bool,
    pub planned_minutes: i64,
    pub reason: String,
    pub has_dependents: bool,
    /// Linked measures as `id:code` separated by commas, in code order.
    pub measures: Option<String>,
}

impl StoredItemRow {
    /// (id, code) of the linked measures.
    pub fn measures(&self) -> Vec<(i64, String)> {
        self.measures
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter_map(|p| {
                let (id, code) = p.split_once(':')?;
                Some((id.parse().ok()?, code.to_string()))
            })
            .collect()
    }
}

/// The items of an agenda in order, with their linked measures and whether comments,
/// decisions or tasks hang on them.
pub async fn stored_items(conn: &mut Conn, meeting: i64) -> sqlx::Result<Vec<StoredItemRow>> {
    crate::db::query_as(
        "SELECT a.id, a.title, a.public, a.planned_minutes, a.reason,
            (EXISTS (SELECT 1 FROM agenda_comments c WHERE c.agenda_item_id = a.id)
             OR EXISTS (SELECT 1 FROM decisions d WHERE d.agenda_item_id = a.id)
             OR EXISTS (SELECT 1 FROM tasks t WHERE t.agenda_item_id = a.id)
             OR EXISTS (SELECT 1 FROM agenda_items n WHERE n.carried_from = a.id)) AS has_dependents,
            (SELECT group_concat(x.id || ':' || x.code, ',') FROM
                (SELECT m.id, m.code FROM agenda_item_measures am JOIN measures m ON m.id = am.measure_id
                 WHERE am.agenda_item_id = a.id ORDER BY m.code) x) AS measures
         FROM agenda_items a WHERE a.meeting_id = ? ORDER BY a.position, a.id",
    )
    .bind(meeting)
    .fetch_all(conn)
    .await
}

pub async fn set_drafted(conn: &mut Conn, meeting: i64, at: &str) -> sqlx::Result<()> {
    crate::db::query("UPDATE meetings SET agenda_drafted_at = ? WHERE id = ?")
        .bind(at)
        .bind(meeting)
        .execute(conn)
        .await?;
    Ok(())
}

/// A drafted item's reason follows the data (a new version: an open edit form conflicts).
pub async fn set_item_reason(conn: &mut Conn, item: i64, reason: &str) -> sqlx::Result<()> {
    crate::db::query("UPDATE agenda_items SET reason = ?, version = version + 1 WHERE id = ?")
        .bind(reason)
        .bind(item)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct StatusChangeRow {
    pub code: String,
    pub created_at: String,
    pub ampel: Ampel,
    pub ampel_before: Option<Ampel>,
}

/// Status updates of the programme's measures from `since` on (the same second counts:
/// timestamps have whole seconds), newest first, each with the
/// Ampel of the update before it.
pub async fn status_changes_since(
    conn: &mut Conn,
    programme: i64,
    since: &str,
) -> sqlx::Result<Vec<StatusChangeRow>> {
    crate::db::query_as(
        "SELECT m.code, s.created_at, s.ampel,
            (SELECT p.ampel FROM status_updates p WHERE p.measure_id = s.measure_id
               AND (p.created_at < s.created_at OR (p.created_at = s.created_at AND p.id < s.id))
             ORDER BY p.created_at DESC, p.id DESC LIMIT 1) AS ampel_before
         FROM status_updates s JOIN measures m ON m.id = s.measure_id
         WHERE m.programme_id = ? AND m.archived_at IS NULL AND s.created_at >= ?
         ORDER BY s.created_at DESC, s.id DESC",
    )
    .bind(programme)
    .bind(since)
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct SignOffChangeRow {
    pub code: String,
    pub track: SignOffTrack,
    pub state: String,
    pub decided_on: String,
}

/// Sign-offs decided on or after the day of `since_date` (they carry a date, no time).
pub async fn sign_offs_decided_since(
    conn: &mut Conn,
    programme: i64,
    since_date: &str,
) -> sqlx::Result<Vec<SignOffChangeRow>> {
    crate::db::query_as(
        "SELECT m.code, so.track, so.state, so.decided_on FROM sign_offs so
         JOIN measures m ON m.id = so.measure_id
         WHERE m.programme_id = ? AND m.archived_at IS NULL AND so.decided_on >= ?
           AND so.state IN ('erteilt', 'mit_auflagen')
         ORDER BY so.decided_on, m.code",
    )
    .bind(programme)
    .bind(since_date)
    .fetch_all(conn)
    .await
}

/// Codes of measures by id (for the preview of linked measures).
pub async fn measure_codes(conn: &mut Conn, programme: i64) -> sqlx::Result<Vec<(i64, String)>> {
    crate::db::query_as("SELECT id, code FROM measures WHERE programme_id = ?")
        .bind(programme)
        .fetch_all(conn)
        .await
}
