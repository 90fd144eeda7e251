//! Who still owes a Sachstand before a meeting.

use crate::db::Conn;
use sqlx::FromRow;

/// An active measure without a status update since a date, with its responsible person.
#[derive(Debug, FromRow)]
pub struct PendingRow {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub last_update_at: String,
    pub person: Option<String>,
    pub function: Option<String>,
}

/// Who still owes a Sachstand before a meeting: the programme's active measures whose
/// latest status update is from before `since` (an ISO date), by person, then code.
pub async fn not_updated_since(
    conn: &mut Conn,
    programme: i64,
    since: &str,
) -> sqlx::Result<Vec<PendingRow>> {
    crate::db::query_as(
        "SELECT m.id, m.code, m.title, m.last_update_at, pe.name AS person, pe.function
         FROM measures m LEFT JOIN people pe ON pe.id = m.person_id
         WHERE m.programme_id = ? AND m.archived_at IS NULL
           AND m.status IN ('geplant', 'vorbereitung', 'umsetzung')
           AND m.last_update_at < ?
         ORDER BY pe.name IS NULL, pe.name, m.code",
    )
    .bind(programme)
    .bind(since)
    .fetch_all(conn)
    .await
}

/// One person's active measures of a programme whose latest status update is from
/// before `since` (an ISO date), by code.
pub async fn owed_by_person(
    conn: &mut Conn,
    programme: i64,
    person: i64,
    since: &str,
) -> sqlx::Result<Vec<PendingRow>> {
    crate::db::query_as(
        "SELECT m.id, m.code, m.title, m.last_update_at, pe.name AS person, pe.function
         FROM measures m LEFT JOIN people pe ON pe.id = m.person_id
         WHERE m.programme_id = ? AND m.person_id = ? AND m.archived_at IS NULL
           AND m.status IN ('geplant', 'vorbereitung', 'umsetzung')
           AND m.last_update_at < ?
         ORDER BY m.code",
    )
    .bind(programme)
    .bind(person)
    .bind(since)
    .fetch_all(conn)
    .await
}
