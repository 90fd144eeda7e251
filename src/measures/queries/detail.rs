//! SQL of what the measure page shows around the measure: names, history, milestones,
//! budget lines; and the milestone writes.

use crate::db::Conn;
use sqlx::FromRow;

use crate::domain::{Ampel, Status};

/// Names around a measure for its page.
#[derive(Debug, Clone, FromRow)]
pub struct MeasureContext {
    pub programme_title: String,
    pub field_code: String,
    pub field_title: String,
    pub unit_code: String,
    pub unit_name: String,
    pub person_name: Option<String>,
    pub person_function: Option<String>,
    pub person_email: Option<String>,
}

pub async fn context(conn: &mut Conn, id: i64) -> sqlx::Result<Option<MeasureContext>> {
    crate::db::query_as(
        "SELECT p.title AS programme_title, f.code AS field_code, f.title AS field_title,
                o.code AS unit_code, o.name AS unit_name, pe.name AS person_name,
                pe.function AS person_function, pe.email AS person_email
         FROM measures m
         JOIN programmes p ON p.id = m.programme_id
         JOIN fields f ON f.id = m.field_id
         JOIN org_units o ON o.id = m.org_unit_id
         LEFT JOIN people pe ON pe.id = m.person_id
         WHERE m.id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct StatusUpdateRow {
    pub created_at: String,
    pub author: Option<String>,
    pub status: Status,
    pub ampel: Ampel,
    pub progress: i64,
    pub text: String,
    pub next_steps: String,
    pub blockers: String,
    pub reason: String,
    pub options: String,
    pub decision_by: Option<String>,
}

/// One page of a measure's status updates, newest first, and how many there are.
pub async fn history(
    conn: &mut Conn,
    id: i64,
    offset: i64,
    limit: i64,
) -> sqlx::Result<(Vec<StatusUpdateRow>, i64)> {
    let rows = crate::db::query_as(
        "SELECT su.created_at, u.display_name AS author, su.status, su.ampel, su.progress, su.text,
                su.next_steps, su.blockers, su.reason, su.options, su.decision_by
         FROM status_updates su LEFT JOIN users u ON u.id = su.author_id
         WHERE su.measure_id = ? ORDER BY su.created_at DESC, su.id DESC LIMIT ? OFFSET ?",
    )
    .bind(id)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    let total = crate::db::query_scalar("SELECT count(*) FROM status_updates WHERE measure_id = ?")
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    Ok((rows, total))
}

#[derive(Debug, Clone, FromRow)]
pub struct MilestoneRow {
    pub id: i64,
    pub title: String,
    pub due_on: String,
    pub done_on: Option<String>,
}

pub async fn milestones(conn: &mut Conn, id: i64) -> sqlx::Result<Vec<MilestoneRow>> {
    crate::db::query_as("SELECT id, title, due_on, done_on FROM milestones WHERE measure_id = ? ORDER BY due_on, id")
        .bind(id)
        .fetch_all(conn)
        .await
}

#[derive(Debug, Clone, FromRow)]
pub struct BudgetRow {
    pub fiscal_year: i64,
    pub kind: String,
    pub product: String,
    pub account: String,
    pub planned: i64,
    pub approved: i64,
    pub actual: i64,
}

pub async fn budget(conn: &mut Conn, id: i64) -> sqlx::Result<Vec<BudgetRow>> {
    crate::db::query_as(
        "SELECT fiscal_year, kind, product, account, planned, approved, actual
         FROM budget_lines WHERE measure_id = ? ORDER BY fiscal_year, kind, id",
    )
    .bind(id)
    .fetch_all(conn)
    .await
}

pub async fn add_milestone(
    conn: &mut Conn,
    measure_id: i64,
    title: &str,
    due_on: &str,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO milestones (measure_id, title, due_on) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(measure_id)
    .bind(title)
    .bind(due_on)
    .fetch_one(conn)
    .await
}

/// Marks an open milestone of this measure as done; false if there is none such.
pub async fn complete_milestone(
    conn: &mut Conn,
    measure_id: i64,
    milestone_id: i64,
    done_on: &str,
) -> sqlx::Result<bool> {
    let done = crate::db::query(
        "UPDATE milestones SET done_on = ? WHERE id = ? AND measure_id = ? AND done_on IS NULL",
    )
    .bind(done_on)
    .bind(milestone_id)
    .bind(measure_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
