//! All SQL of the goals feature: goals, their readings and linked measures.

use crate::db::{Conn, Pool};
use chrono::NaiveDate;
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct GoalRow {
    pub id: i64,
    pub programme_short: String,
    pub field: Option<String>,
    pub title: String,
    pub indicator: String,
    pub unit: String,
    pub baseline: f64,
    pub target_value: f64,
    #[sqlx(try_from = "crate::db::IsoDate")]
    pub baseline_on: NaiveDate,
    #[sqlx(try_from = "crate::db::IsoDate")]
    pub target_on: NaiveDate,
}

pub async fn goals(pool: &Pool, programme: Option<i64>) -> sqlx::Result<Vec<GoalRow>> {
    crate::db::query_as(
        "SELECT g.id, p.short_title AS programme_short, f.code || ' ' || f.title AS field,
                g.title, g.indicator, g.unit, g.baseline, g.target_value, g.baseline_on, g.target_on
         FROM goals g JOIN programmes p ON p.id = g.programme_id
         LEFT JOIN fields f ON f.id = g.field_id
         WHERE (?1 IS NULL OR g.programme_id = ?1)
         ORDER BY g.programme_id, f.position NULLS FIRST, g.id",
    )
    .bind(programme)
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct ReadingRow {
    pub goal_id: i64,
    #[sqlx(try_from = "crate::db::IsoDate")]
    pub read_on: NaiveDate,
    pub value: f64,
    pub note: String,
}

pub async fn readings(pool: &Pool) -> sqlx::Result<Vec<ReadingRow>> {
    crate::db::query_as(
        "SELECT goal_id, read_on, value, note FROM goal_readings ORDER BY goal_id, read_on, id",
    )
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct GoalMeasure {
    pub goal_id: i64,
    pub id: i64,
    pub code: String,
    pub title: String,
}

pub async fn measures(pool: &Pool) -> sqlx::Result<Vec<GoalMeasure>> {
    crate::db::query_as(
        "SELECT mg.goal_id, m.id, m.code, m.title FROM measure_goals mg
         JOIN measures m ON m.id = mg.measure_id WHERE m.archived_at IS NULL ORDER BY m.code",
    )
    .fetch_all(pool)
    .await
}

pub async fn goal_exists(conn: &mut Conn, id: i64) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar("SELECT count(*) FROM goals WHERE id = ?")
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

pub async fn add_reading(
    conn: &mut Conn,
    goal_id: i64,
    read_on: &str,
    value: f64,
    note: &str,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO goal_readings (goal_id, read_on, value, note) VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(goal_id)
    .bind(read_on)
    .bind(value)
    .bind(note)
    .fetch_one(conn)
    .await
}

pub struct NewGoal {
    pub programme_id: i64,
    pub field_id: Option<i64>,
    pub title: String,
    pub indicator: String,
    pub unit: String,
    pub baseline: f64,
    pub target_value: f64,
    pub baseline_on: String,
    pub target_on: String,
}

pub async fn insert_goal(conn: &mut Conn, g: &NewGoal) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO goals (programme_id, field_id, title, indicator, unit, baseline, target_value,
            baseline_on, target_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(g.programme_id)
    .bind(g.field_id)
    .bind(&g.title)
    .bind(&g.indicator)
    .bind(&g.unit)
    .bind(g.baseline)
    .bind(g.target_value)
    .bind(&g.baseline_on)
    .bind(&g.target_on)
    .fetch_one(conn)
    .await
}

/// The measure with this code in the programme (None: unknown code).
pub async fn measure_by_code(
    conn: &mut Conn,
    programme: i64,
    code: &str,
) -> sqlx::Result<Option<i64>> {
    crate::db::query_scalar("SELECT id FROM measures WHERE programme_id = ? AND code = ?")
        .bind(programme)
        .bind(code)
        .fetch_optional(conn)
        .await
}

/// The measures a goal links: exactly `measures` afterwards.
pub async fn set_measures(conn: &mut Conn, goal: i64, measures: &[i64]) -> sqlx::Result<()> {
    crate::db::query("DELETE FROM measure_goals WHERE goal_id = ?")
        .bind(goal)
        .execute(&mut *conn)
        .await?;
    for measure in measures {
        crate::db::query("INSERT INTO measure_goals (measure_id, goal_id) VALUES (?, ?)")
            .bind(measure)
            .bind(goal)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A goal as stored (for the edit form and the audit log).
#[derive(Debug, Clone, FromRow)]
pub struct GoalRecord {
    pub id: i64,
    pub programme_id: i64,
    pub field_id: Option<i64>,
    pub title: String,
    pub indicator: String,
    pub unit: String,
    pub baseline: f64,
    pub target_value: f64,
    pub baseline_on: String,
    pub target_on: String,
    pub version: i64,
}

pub async fn goal(conn: &mut Conn, id: i64) -> sqlx::Result<Option<GoalRecord>> {
    crate::db::query_as(
        "SELECT id, programme_id, field_id, title, indicator, unit, baseline, target_value,
                baseline_on, target_on, version
         FROM goals WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// The measures a goal links (id, number), in number order.
pub async fn linked_measures(conn: &mut Conn, goal: i64) -> sqlx::Result<Vec<(i64, String)>> {
    crate::db::query_as(
        "SELECT m.id, m.code FROM measure_goals mg JOIN measures m ON m.id = mg.measure_id
         WHERE mg.goal_id = ? ORDER BY m.code",
    )
    .bind(goal)
    .fetch_all(conn)
    .await
}

/// Saves the goal if it still has `version`; false when someone else saved in between.
pub async fn update_goal(
    conn: &mut Conn,
    id: i64,
    version: i64,
    g: &NewGoal,
) -> sqlx::Result<bool> {
    let done = crate::db::query(
        "UPDATE goals SET programme_id = ?, field_id = ?, title = ?, indicator = ?, unit = ?,
            baseline = ?, target_value = ?, baseline_on = ?, target_on = ?, version = version + 1
         WHERE id = ? AND version = ?",
    )
    .bind(g.programme_id)
    .bind(g.field_id)
    .bind(&g.title)
    .bind(&g.indicator)
    .bind(&g.unit)
    .bind(g.baseline)
    .bind(g.target_value)
    .bind(&g.baseline_on)
    .bind(&g.target_on)
    .bind(id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
