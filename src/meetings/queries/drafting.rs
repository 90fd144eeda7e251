//! What the agenda rules read from the programme: measure signals, due milestones,
//! open sign-offs, budget deviations, the quarter's figures and the half-year report.

use crate::db::Conn;
use crate::domain::{Ampel, SignOffTrack, Status};
use chrono::NaiveDate;
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct SignalRow {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub status: Status,
    pub ampel: Ampel,
    pub status_before: Option<Status>,
    pub ampel_before: Option<Ampel>,
    pub updates: i64,
}

/// Every active measure of the programme with its state before `since` and the number
/// of status updates since then.
pub async fn signals(conn: &mut Conn, programme: i64, since: &str) -> sqlx::Result<Vec<SignalRow>> {
    crate::db::query_as(
        "SELECT m.id, m.code, m.title, m.status, m.ampel,
            (SELECT s.status FROM status_updates s WHERE s.measure_id = m.id AND s.created_at < ?1
             ORDER BY s.created_at DESC, s.id DESC LIMIT 1) AS status_before,
            (SELECT s.ampel FROM status_updates s WHERE s.measure_id = m.id AND s.created_at < ?1
             ORDER BY s.created_at DESC, s.id DESC LIMIT 1) AS ampel_before,
            (SELECT count(*) FROM status_updates s WHERE s.measure_id = m.id AND s.created_at >= ?1) AS updates
         FROM measures m
         WHERE m.programme_id = ?2 AND m.archived_at IS NULL
         ORDER BY CASE m.ampel WHEN 'rot' THEN 1 WHEN 'gelb' THEN 2 ELSE 3 END, m.code",
    )
    .bind(since)
    .bind(programme)
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct DueMilestone {
    pub measure_id: i64,
    pub title: String,
    #[sqlx(try_from = "crate::db::IsoDate")]
    pub due_on: NaiveDate,
}

pub async fn milestones_due(
    conn: &mut Conn,
    programme: i64,
    from: &str,
    to: &str,
) -> sqlx::Result<Vec<DueMilestone>> {
    crate::db::query_as(
        "SELECT ms.measure_id, ms.title, ms.due_on FROM milestones ms
         JOIN measures m ON m.id = ms.measure_id
         WHERE m.programme_id = ? AND m.archived_at IS NULL AND ms.done_on IS NULL
           AND ms.due_on >= ? AND ms.due_on <= ? ORDER BY ms.due_on",
    )
    .bind(programme)
    .bind(from)
    .bind(to)
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct RefRow {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub ampel: Ampel,
}

pub async fn open_sign_offs(
    conn: &mut Conn,
    programme: i64,
    track: SignOffTrack,
) -> sqlx::Result<Vec<RefRow>> {
    crate::db::query_as(
        "SELECT m.id, m.code, m.title, m.ampel FROM sign_offs so JOIN measures m ON m.id = so.measure_id
         WHERE m.programme_id = ? AND m.archived_at IS NULL AND so.track = ? AND so.state = 'offen'
         ORDER BY m.code",
    )
    .bind(programme)
    .bind(track)
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct DeviationRow {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub ampel: Ampel,
    pub fiscal_year: i64,
    pub approved: i64,
    pub actual: i64,
}

/// Budget lines of the current and the previous fiscal year whose actual exceeds the
/// approved amount (older years are closed and not discussed again).
pub async fn budget_deviations(
    conn: &mut Conn,
    programme: i64,
    from_year: i64,
) -> sqlx::Result<Vec<DeviationRow>> {
    crate::db::query_as(
        "SELECT m.id, m.code, m.title, m.ampel, b.fiscal_year, b.approved, b.actual
         FROM budget_lines b JOIN measures m ON m.id = b.measure_id
         WHERE m.programme_id = ? AND m.archived_at IS NULL AND b.actual > b.approved
           AND b.fiscal_year >= ?
         ORDER BY m.code, b.fiscal_year",
    )
    .bind(programme)
    .bind(from_year)
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct SummaryRow {
    pub measures: i64,
    pub red: i64,
    pub amber: i64,
    pub green: i64,
    pub updates: i64,
    pub completed: i64,
}

pub async fn quarter_summary(
    conn: &mut Conn,
    programme: i64,
    since: &str,
) -> sqlx::Result<SummaryRow> {
    crate::db::query_as(
        "SELECT
           (SELECT count(*) FROM measures WHERE programme_id = ?1 AND archived_at IS NULL
              AND status IN ('geplant', 'vorbereitung', 'umsetzung')) AS measures,
           (SELECT count(*) FROM measures WHERE programme_id = ?1 AND archived_at IS NULL
              AND status IN ('geplant', 'vorbereitung', 'umsetzung') AND ampel = 'rot') AS red,
           (SELECT count(*) FROM measures WHERE programme_id = ?1 AND archived_at IS NULL
              AND status IN ('geplant', 'vorbereitung', 'umsetzung') AND ampel = 'gelb') AS amber,
           (SELECT count(*) FROM measures WHERE programme_id = ?1 AND archived_at IS NULL
              AND status IN ('geplant', 'vorbereitung', 'umsetzung') AND ampel = 'gruen') AS green,
           (SELECT count(*) FROM status_updates s JOIN measures m ON m.id = s.measure_id
              WHERE m.programme_id = ?1 AND s.created_at >= ?2) AS updates,
           (SELECT count(*) FROM measures WHERE programme_id = ?1 AND status = 'abgeschlossen'
              AND actual_end >= ?2) AS completed",
    )
    .bind(programme)
    .bind(since)
    .fetch_one(conn)
    .await
}

/// Red and amber active measures of the programme.
pub async fn red_amber(conn: &mut Conn, programme: i64) -> sqlx::Result<Vec<RefRow>> {
    crate::db::query_as(
        "SELECT id, code, title, ampel FROM measures
         WHERE programme_id = ? AND archived_at IS NULL AND ampel IN ('rot', 'gelb')
           AND status IN ('geplant', 'vorbereitung', 'umsetzung')
         ORDER BY CASE ampel WHEN 'rot' THEN 1 ELSE 2 END, code",
    )
    .bind(programme)
    .fetch_all(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct ReportRow {
    pub period_label: String,
    #[sqlx(try_from = "crate::db::IsoDate")]
    pub cutoff_on: NaiveDate,
    /// The report is released (immutable).
    pub released: bool,
    pub request_started_at: Option<String>,
    #[sqlx(try_from = "crate::db::OptIsoDate")]
    pub request_due_on: Option<NaiveDate>,
}

/// The report of the half-year starting on `period_start` (newest first if several).
pub async fn report_for(
    conn: &mut Conn,
    programme: i64,
    period_start: &str,
) -> sqlx::Result<Option<ReportRow>> {
    crate::db::query_as(
        "SELECT period_label, cutoff_on, state = 'freigegeben' AS released, request_started_at, request_due_on FROM reports
         WHERE programme_id = ? AND period_start = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(programme)
    .bind(period_start)
    .fetch_optional(conn)
    .await
}
