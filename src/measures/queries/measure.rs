//! SQL of one measure: reading it, creating and editing it, its sign-offs, archiving.

use crate::db::Conn;
use sqlx::FromRow;

use crate::domain::{Ampel, Priority, Status};
use crate::measures::input::{MeasureInput, SignOff, measure_audit};

#[derive(Debug, Clone, FromRow)]
pub struct Measure {
    pub id: i64,
    pub programme_id: i64,
    pub field_id: i64,
    pub code: String,
    pub title: String,
    pub description: String,
    pub org_unit_id: i64,
    pub person_id: Option<i64>,
    pub status: Status,
    pub ampel: Ampel,
    pub progress: i64,
    pub planned_start: Option<String>,
    pub planned_end: Option<String>,
    pub actual_start: Option<String>,
    pub actual_end: Option<String>,
    pub priority: Priority,
    pub dsb_relevant: bool,
    pub isb_relevant: bool,
    pub pr_relevant: bool,
    pub ozg_key: Option<String>,
    pub ozg_model: Option<String>,
    pub ozg_level: Option<i64>,
    pub effort_days: i64,
    pub expectation_id: Option<i64>,
    pub archived_at: Option<String>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
    pub last_update_at: String,
    pub public: bool,
    pub public_description: String,
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Measure>> {
    crate::db::query_as("SELECT * FROM measures WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await
}

impl Measure {
    /// The stored editable values as the audit log records them (see `MeasureAudit`).
    pub fn audit_json(&self, sign_offs: &[SignOff]) -> serde_json::Value {
        measure_audit!(self, Option::clone, sign_offs)
    }
}

pub async fn sign_offs(conn: &mut Conn, id: i64) -> sqlx::Result<Vec<SignOff>> {
    crate::db::query_as("SELECT track, state, note, decided_on FROM sign_offs WHERE measure_id = ?")
        .bind(id)
        .fetch_all(conn)
        .await
}

/// The programme a field belongs to (None: no such field).
pub async fn programme_of_field(conn: &mut Conn, field_id: i64) -> sqlx::Result<Option<i64>> {
    crate::db::query_scalar("SELECT programme_id FROM fields WHERE id = ?")
        .bind(field_id)
        .fetch_optional(conn)
        .await
}

pub async fn code_taken(
    conn: &mut Conn,
    programme_id: i64,
    code: &str,
    except: Option<i64>,
) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar(
        "SELECT count(*) FROM measures WHERE programme_id = ? AND code = ? AND id IS DISTINCT FROM ?",
    )
    .bind(programme_id)
    .bind(code)
    .bind(except)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

/// Binds the editable columns in the order both INSERT and UPDATE list them.
fn bind_editable(q: crate::db::Query, m: &MeasureInput) -> crate::db::Query {
    q.bind(m.programme_id)
        .bind(m.field_id)
        .bind(&m.code)
        .bind(&m.title)
        .bind(&m.description)
        .bind(m.org_unit_id)
        .bind(m.person_id)
        .bind(m.planned_start.map(|d| d.to_string()))
        .bind(m.planned_end.map(|d| d.to_string()))
        .bind(m.actual_start.map(|d| d.to_string()))
        .bind(m.priority)
        .bind(m.dsb_relevant)
        .bind(m.isb_relevant)
        .bind(m.pr_relevant)
        .bind(&m.ozg_key)
        .bind(&m.ozg_model)
        .bind(m.ozg_level)
        .bind(m.effort_days)
        .bind(m.public)
        .bind(&m.public_description)
}

/// Creates a measure (status Geplant, Ampel Grün, version 1).
pub async fn insert(conn: &mut Conn, m: &MeasureInput, now: &str) -> sqlx::Result<i64> {
    let q = crate::db::query(
        "INSERT INTO measures (programme_id, field_id, code, title, description, org_unit_id, person_id,
            planned_start, planned_end, actual_start, priority,
            dsb_relevant, isb_relevant, pr_relevant, ozg_key, ozg_model, ozg_level, effort_days,
            public, public_description,
            status, ampel, progress, version, created_at, updated_at, last_update_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'geplant', 'gruen', 0, 1, ?, ?, ?)
         RETURNING id",
    );
    bind_editable(q, m)
        .bind(now)
        .bind(now)
        .bind(now)
        .scalar::<i64>()
        .fetch_one(&mut *conn)
        .await
}

/// Writes the editable columns; returns false when the version no longer matches
/// (someone saved in between), so nothing is overwritten silently.
pub async fn update(
    conn: &mut Conn,
    id: i64,
    version: i64,
    m: &MeasureInput,
    now: &str,
) -> sqlx::Result<bool> {
    let q = crate::db::query(
        "UPDATE measures SET programme_id = ?, field_id = ?, code = ?, title = ?, description = ?,
            org_unit_id = ?, person_id = ?, planned_start = ?, planned_end = ?, actual_start = ?,
            priority = ?, dsb_relevant = ?, isb_relevant = ?, pr_relevant = ?, ozg_key = ?,
            ozg_model = ?, ozg_level = ?, effort_days = ?, public = ?, public_description = ?,
            version = version + 1, updated_at = ?
         WHERE id = ? AND version = ? AND archived_at IS NULL",
    );
    let done = bind_editable(q, m)
        .bind(now)
        .bind(id)
        .bind(version)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn replace_sign_offs(conn: &mut Conn, id: i64, rows: &[SignOff]) -> sqlx::Result<()> {
    crate::db::query("DELETE FROM sign_offs WHERE measure_id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for r in rows {
        crate::db::query("INSERT INTO sign_offs (measure_id, track, state, note, decided_on) VALUES (?, ?, ?, ?, ?)")
            .bind(id)
            .bind(r.track)
            .bind(r.state)
            .bind(&r.note)
            .bind(&r.decided_on)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn set_archived(
    conn: &mut Conn,
    id: i64,
    version: i64,
    archived_at: Option<&str>,
    now: &str,
) -> sqlx::Result<bool> {
    let done = crate::db::query(
        "UPDATE measures SET archived_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
    )
    .bind(archived_at)
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
