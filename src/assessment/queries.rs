//! All SQL of the assessment feature: expectations, assessments, decisions, the
//! portfolio and the OZG maturity count.

use crate::db::{Conn, Pool};
use sqlx::FromRow;

use crate::domain::wibe::{Decision, Subject};

#[derive(Debug, Clone, FromRow)]
pub struct Expectation {
    pub id: i64,
    pub programme_id: i64,
    pub title: String,
    pub origin: String,
    pub description: String,
    pub raised_on: String,
    pub recommendation: String,
    pub decision: Option<Decision>,
    pub decision_reason: String,
    pub decided_on: Option<String>,
    pub version: i64,
}

pub async fn get(conn: &mut Conn, id: i64) -> sqlx::Result<Option<Expectation>> {
    crate::db::query_as(
        "SELECT id, programme_id, title, origin, description, raised_on, recommendation,
                decision, decision_reason, decided_on, version
         FROM expectations WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// One row of the expectation list with its latest assessment (if any).
#[derive(Debug, Clone, FromRow)]
pub struct ListRow {
    pub id: i64,
    pub title: String,
    pub origin: String,
    pub raised_on: String,
    pub programme_short: String,
    pub decision: Option<Decision>,
    pub measure_id: Option<i64>,
    pub measure_code: Option<String>,
    pub assessments: i64,
    pub mandatory: Option<bool>,
    pub urgency: Option<i64>,
    pub strategic: Option<i64>,
    pub external: Option<i64>,
    pub effort_index: Option<f64>,
}

pub async fn list(pool: &Pool, programme: Option<i64>) -> sqlx::Result<Vec<ListRow>> {
    crate::db::query_as(
        "SELECT e.id, e.title, e.origin, e.raised_on, p.short_title AS programme_short, e.decision,
                m.id AS measure_id, m.code AS measure_code,
                (SELECT count(*) FROM assessments a WHERE a.expectation_id = e.id) AS assessments,
                la.mandatory, la.urgency, la.strategic, la.external, la.effort_index
         FROM expectations e
         JOIN programmes p ON p.id = e.programme_id
         LEFT JOIN measures m ON m.expectation_id = e.id
         LEFT JOIN assessments la ON la.id =
             (SELECT a.id FROM assessments a WHERE a.expectation_id = e.id
              ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1)
         WHERE (?1 IS NULL OR e.programme_id = ?1)
         ORDER BY e.decision IS NOT NULL, e.raised_on DESC, e.id DESC",
    )
    .bind(programme)
    .fetch_all(pool)
    .await
}

/// The latest assessment of every assessed measure and expectation (portfolio).
#[derive(Debug, Clone, FromRow)]
pub struct PortfolioRow {
    pub kind: Subject,
    pub subject_id: i64,
    pub label: String,
    pub title: String,
    pub mandatory: bool,
    pub urgency: i64,
    pub strategic: i64,
    pub external: i64,
    pub effort_index: f64,
}

pub async fn portfolio(pool: &Pool, programme: Option<i64>) -> sqlx::Result<Vec<PortfolioRow>> {
    crate::db::query_as(
        "SELECT 'massnahme' AS kind, m.id AS subject_id, m.code AS label, m.title,
                a.mandatory, a.urgency, a.strategic, a.external, a.effort_index
         FROM assessments a JOIN measures m ON m.id = a.measure_id
         WHERE a.id = (SELECT b.id FROM assessments b WHERE b.measure_id = a.measure_id
                       ORDER BY b.assessed_on DESC, b.id DESC LIMIT 1)
           AND m.archived_at IS NULL AND (?1 IS NULL OR m.programme_id = ?1)
         UNION ALL
         SELECT 'erwartung' AS kind, e.id AS subject_id, 'E' || e.id AS label, e.title,
                a.mandatory, a.urgency, a.strategic, a.external, a.effort_index
         FROM assessments a JOIN expectations e ON e.id = a.expectation_id
         WHERE a.id = (SELECT b.id FROM assessments b WHERE b.expectation_id = a.expectation_id
                       ORDER BY b.assessed_on DESC, b.id DESC LIMIT 1)
           AND NOT EXISTS (SELECT 1 FROM measures m WHERE m.expectation_id = e.id)
           AND (?1 IS NULL OR e.programme_id = ?1)
         ORDER BY 1, 3",
    )
    .bind(programme)
    .fetch_all(pool)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct AssessmentRow {
    pub id: i64,
    pub assessed_on: String,
    pub assessor: Option<String>,
    pub mandatory: bool,
    pub one_time_cost: i64,
    pub yearly_cost: i64,
    pub person_days: i64,
    pub urgency: i64,
    pub strategic: i64,
    pub external: i64,
    pub effort_index: f64,
    pub justification: String,
}

/// All versions, newest first.
pub async fn assessments(conn: &mut Conn, expectation_id: i64) -> sqlx::Result<Vec<AssessmentRow>> {
    crate::db::query_as(
        "SELECT a.id, a.assessed_on, u.display_name AS assessor, a.mandatory, a.one_time_cost,
                a.yearly_cost, a.person_days, a.urgency, a.strategic, a.external, a.effort_index,
                a.justification
         FROM assessments a LEFT JOIN users u ON u.id = a.assessed_by
         WHERE a.expectation_id = ? ORDER BY a.assessed_on DESC, a.id DESC",
    )
    .bind(expectation_id)
    .fetch_all(conn)
    .await
}

pub struct NewExpectation<'a> {
    pub programme_id: i64,
    pub title: &'a str,
    pub origin: &'a str,
    pub description: &'a str,
    pub raised_on: &'a str,
}

pub async fn insert_expectation(conn: &mut Conn, e: &NewExpectation<'_>) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO expectations (programme_id, title, origin, description, raised_on)
         VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(e.programme_id)
    .bind(e.title)
    .bind(e.origin)
    .bind(e.description)
    .bind(e.raised_on)
    .fetch_one(conn)
    .await
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct NewAssessment {
    pub assessed_on: String,
    pub mandatory: bool,
    pub one_time_cost: i64,
    pub yearly_cost: i64,
    pub person_days: i64,
    pub urgency: i64,
    pub strategic: i64,
    pub external: i64,
    pub effort_index: f64,
    pub justification: String,
}

/// Appends a new assessment version; assessments are never updated.
pub async fn insert_assessment(
    conn: &mut Conn,
    expectation_id: i64,
    user_id: i64,
    a: &NewAssessment,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO assessments (expectation_id, assessed_by, assessed_on, mandatory,
            one_time_cost, yearly_cost, person_days, urgency, strategic, external,
            effort_index, justification)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(expectation_id)
    .bind(user_id)
    .bind(&a.assessed_on)
    .bind(a.mandatory)
    .bind(a.one_time_cost)
    .bind(a.yearly_cost)
    .bind(a.person_days)
    .bind(a.urgency)
    .bind(a.strategic)
    .bind(a.external)
    .bind(a.effort_index)
    .bind(&a.justification)
    .fetch_one(conn)
    .await
}

/// Records recommendation and decision; false when the version changed meanwhile.
pub async fn decide(
    conn: &mut Conn,
    id: i64,
    version: i64,
    recommendation: &str,
    decision: Option<Decision>,
    reason: &str,
    decided_on: Option<&str>,
) -> sqlx::Result<bool> {
    let done = crate::db::query(
        "UPDATE expectations SET recommendation = ?, decision = ?, decision_reason = ?,
                decided_on = ?, version = version + 1
         WHERE id = ? AND version = ?",
    )
    .bind(recommendation)
    .bind(decision)
    .bind(reason)
    .bind(decided_on)
    .bind(id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn link_measure(
    conn: &mut Conn,
    measure_id: i64,
    expectation_id: i64,
) -> sqlx::Result<()> {
    crate::db::query("UPDATE measures SET expectation_id = ? WHERE id = ?")
        .bind(expectation_id)
        .bind(measure_id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct LinkedMeasure {
    pub id: i64,
    pub code: String,
    pub title: String,
}

pub async fn measure_of(
    conn: &mut Conn,
    expectation_id: i64,
) -> sqlx::Result<Option<LinkedMeasure>> {
    crate::db::query_as("SELECT id, code, title FROM measures WHERE expectation_id = ? LIMIT 1")
        .bind(expectation_id)
        .fetch_optional(conn)
        .await
}

/// OZG maturity counts: services (measures with a model and a level) per model and level.
#[derive(Debug, Clone, FromRow)]
pub struct OzgCount {
    pub model: String,
    pub level: i64,
    pub n: i64,
}

pub async fn ozg_counts(pool: &Pool, programme: Option<i64>) -> sqlx::Result<Vec<OzgCount>> {
    crate::db::query_as(
        "SELECT ozg_model AS model, ozg_level AS level, count(*) AS n FROM measures
         WHERE ozg_model IS NOT NULL AND ozg_level IS NOT NULL AND archived_at IS NULL
           AND status <> 'verworfen' AND (?1 IS NULL OR programme_id = ?1)
         GROUP BY ozg_model, ozg_level ORDER BY ozg_model, ozg_level",
    )
    .bind(programme)
    .fetch_all(pool)
    .await
}
