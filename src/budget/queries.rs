//! All SQL of the budget plan (/haushalt).

use crate::db::{Conn, Pool};
use sqlx::FromRow;

use crate::domain::budget::BudgetKind;
use crate::lookups::Choice;

#[derive(Debug, Clone, FromRow)]
pub struct LineRow {
    pub id: i64,
    pub measure_id: i64,
    pub measure_code: String,
    pub measure_title: String,
    pub field_code: String,
    pub field_title: String,
    pub field_position: i64,
    pub programme_id: i64,
    pub fiscal_year: i64,
    pub kind: BudgetKind,
    pub product: String,
    pub account: String,
    pub planned: i64,
    pub approved: i64,
    pub actual: i64,
    pub note: String,
}

const SELECT: &str = "SELECT b.id, b.measure_id, m.code AS measure_code, m.title AS measure_title,
        f.code AS field_code, f.title AS field_title, f.position AS field_position,
        m.programme_id, b.fiscal_year, b.kind, b.product, b.account, b.planned, b.approved,
        b.actual, b.note
    FROM budget_lines b
    JOIN measures m ON m.id = b.measure_id
    JOIN fields f ON f.id = m.field_id";

/// Lines of the fiscal years `from..=to`, optionally of one programme.
pub async fn lines(
    pool: &Pool,
    from: i64,
    to: i64,
    programme: Option<i64>,
) -> sqlx::Result<Vec<LineRow>> {
    crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE b.fiscal_year BETWEEN ?1 AND ?2 AND (?3 IS NULL OR m.programme_id = ?3)
         ORDER BY b.fiscal_year, m.programme_id, f.position, m.code, b.kind, b.id"
    )))
    .bind(from)
    .bind(to)
    .bind(programme)
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Line {
    pub id: i64,
    pub measure_id: i64,
    pub fiscal_year: i64,
    pub kind: BudgetKind,
    pub product: String,
    pub account: String,
    pub planned: i64,
    pub approved: i64,
    pub actual: i64,
    pub note: String,
    pub version: i64,
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Line>> {
    crate::db::query_as(
        "SELECT id, measure_id, fiscal_year, kind, product, account, planned, approved, actual,
                note, version FROM budget_lines WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct LineInput {
    pub measure_id: i64,
    pub fiscal_year: i64,
    pub kind: BudgetKind,
    pub product: String,
    pub account: String,
    pub planned: i64,
    pub approved: i64,
    pub actual: i64,
    pub note: String,
}

pub async fn insert(conn: &mut Conn, l: &LineInput) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO budget_lines (measure_id, fiscal_year, kind, product, account, planned,
            approved, actual, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(l.measure_id)
    .bind(l.fiscal_year)
    .bind(l.kind)
    .bind(&l.product)
    .bind(&l.account)
    .bind(l.planned)
    .bind(l.approved)
    .bind(l.actual)
    .bind(&l.note)
    .fetch_one(conn)
    .await
}

/// False when the version changed meanwhile (optimistic locking).
pub async fn update(conn: &mut Conn, id: i64, version: i64, l: &LineInput) -> sqlx::Result<bool> {
    let done = crate::db::query(
        "UPDATE budget_lines SET measure_id = ?, fiscal_year = ?, kind = ?, product = ?,
            account = ?, planned = ?, approved = ?, actual = ?, note = ?, version = version + 1
         WHERE id = ? AND version = ?",
    )
    .bind(l.measure_id)
    .bind(l.fiscal_year)
    .bind(l.kind)
    .bind(&l.product)
    .bind(&l.account)
    .bind(l.planned)
    .bind(l.approved)
    .bind(l.actual)
    .bind(&l.note)
    .bind(id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn measure_exists(conn: &mut Conn, id: i64) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar("SELECT count(*) FROM measures WHERE id = ?")
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

/// Measures for the select box: `HF2-04 Titel`.
pub async fn measure_choices(pool: &Pool) -> sqlx::Result<Vec<Choice>> {
    crate::db::query_as(
        "SELECT m.id, p.short_title || ' – ' || m.code || ' ' || m.title AS label
         FROM measures m JOIN programmes p ON p.id = m.programme_id
         WHERE m.archived_at IS NULL ORDER BY m.programme_id, m.code",
    )
    .fetch_all(pool)
    .await
}
