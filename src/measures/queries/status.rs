//! SQL of a status update (Sachstandsmeldung): the history row and the measure's state.

use crate::db::Conn;

use super::measure::Measure;
use crate::domain::Status;
use crate::domain::status_update::StatusUpdate;

/// Appends a status update and moves the measure's current state to it.
/// Reads a measure and locks its row until the end of the transaction (PostgreSQL; SQLite's
/// one writer already excludes every other write): a status update reads the measure and
/// its latest update and writes both, in a transaction that shares the tenant's write lock.
pub async fn get_for_update(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Measure>> {
    let sql = match conn.backend() {
        crate::db::Backend::Postgres => "SELECT * FROM measures WHERE id = ? FOR UPDATE",
        crate::db::Backend::Sqlite => "SELECT * FROM measures WHERE id = ?",
    };
    crate::db::query_as(sql).bind(id).fetch_optional(conn).await
}

pub async fn add_status_update(
    conn: &mut Conn,
    measure: &Measure,
    author_id: i64,
    u: &StatusUpdate,
    now: &str,
    today: &str,
) -> sqlx::Result<()> {
    crate::db::query(
        "INSERT INTO status_updates (measure_id, author_id, created_at, status, ampel, progress, text,
            next_steps, blockers, reason, options, decision_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(measure.id)
    .bind(author_id)
    .bind(now)
    .bind(u.status)
    .bind(u.ampel)
    .bind(u.progress)
    .bind(&u.text)
    .bind(&u.next_steps)
    .bind(&u.blockers)
    .bind(&u.reason)
    .bind(&u.options)
    .bind(u.decision_by.map(|d| d.to_string()))
    .execute(&mut *conn)
    .await?;
    let actual_end = match u.status {
        Status::Abgeschlossen => measure
            .actual_end
            .clone()
            .or_else(|| Some(today.to_string())),
        _ => None,
    };
    let actual_start = if u.status.work_started() {
        measure
            .actual_start
            .clone()
            .or_else(|| Some(today.to_string()))
    } else {
        measure.actual_start.clone()
    };
    crate::db::query(
        "UPDATE measures SET status = ?, ampel = ?, progress = ?, actual_start = ?, actual_end = ?,
            last_update_at = ?, updated_at = ? WHERE id = ?",
    )
    .bind(u.status)
    .bind(u.ampel)
    .bind(u.progress)
    .bind(actual_start)
    .bind(actual_end)
    .bind(now)
    .bind(now)
    .bind(measure.id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The id of a measure's latest status update (0 when there is none): what a status form
/// is based on, so that a form opened before a newer update can warn.
pub async fn latest_update_id(conn: &mut Conn, measure: i64) -> sqlx::Result<i64> {
    crate::db::query_scalar("SELECT COALESCE(MAX(id), 0) FROM status_updates WHERE measure_id = ?")
        .bind(measure)
        .fetch_one(conn)
        .await
}
