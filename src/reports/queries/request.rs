//! The status request round: who has posted a Sachstand since it began.

use crate::db::Conn;
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct RequestRow {
    pub code: String,
    pub title: String,
    pub unit: String,
    pub person: String,
    pub updated: bool,
}

/// The status request round: every running measure of the programme and whether a
/// status update was posted since the round began.
pub async fn request_rows(
    conn: &mut Conn,
    programme_id: i64,
    started_at: &str,
) -> sqlx::Result<Vec<RequestRow>> {
    crate::db::query_as(
        "SELECT m.code, m.title, o.code AS unit,
            COALESCE(pe.name || ' (' || pe.function || ')', 'ohne Verantwortliche/n') AS person,
            EXISTS (SELECT 1 FROM status_updates s WHERE s.measure_id = m.id AND s.created_at >= ?)
              AS updated
         FROM measures m
         JOIN fields f ON f.id = m.field_id
         JOIN org_units o ON o.id = m.org_unit_id
         LEFT JOIN people pe ON pe.id = m.person_id
         WHERE m.programme_id = ? AND m.archived_at IS NULL
           AND m.status NOT IN ('abgeschlossen', 'verworfen')
         ORDER BY f.position, m.code",
    )
    .bind(started_at)
    .bind(programme_id)
    .fetch_all(conn)
    .await
}
