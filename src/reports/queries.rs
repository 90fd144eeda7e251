//! All SQL of the reports feature. Reads the goals and meetings tables directly
//! (schema of migrations/0001), so the report does not depend on those features' code.

use std::collections::HashMap;

use sqlx::{FromRow, SqliteConnection};

use crate::domain::report::{
    BudgetSnap, FieldSnap, GoalSnap, MeasureSnap, MeetingSnap, MilestoneSnap, ReportData,
    ReportMeta, public_responsible,
};

#[derive(Debug, Clone, FromRow)]
pub struct Report {
    pub id: i64,
    pub programme_id: i64,
    pub programme_title: String,
    pub period_label: String,
    pub period_start: String,
    pub cutoff_on: String,
    pub vorlage_no: String,
    pub addressee: String,
    pub committee_on: Option<String>,
    pub summary: String,
    pub outlook: String,
    pub state: String,
    pub author_id: Option<i64>,
    pub author_name: Option<String>,
    pub released_by_name: Option<String>,
    pub released_at: Option<String>,
    pub corrects_id: Option<i64>,
    pub corrects_label: Option<String>,
    pub request_due_on: Option<String>,
    pub request_started_at: Option<String>,
    pub version: i64,
}

impl Report {
    pub fn released(&self) -> bool {
        self.state == "freigegeben"
    }
}

const REPORT_SELECT: &str =
    "SELECT r.id, r.programme_id, p.title AS programme_title, r.period_label,
        r.period_start, r.cutoff_on, r.vorlage_no, r.addressee, r.committee_on, r.summary,
        r.outlook, r.state, r.author_id, a.display_name AS author_name,
        rb.display_name AS released_by_name, r.released_at, r.corrects_id,
        c.vorlage_no || ' (' || c.period_label || ')' AS corrects_label,
        r.request_due_on, r.request_started_at, r.version
    FROM reports r
    JOIN programmes p ON p.id = r.programme_id
    LEFT JOIN users a ON a.id = r.author_id
    LEFT JOIN users rb ON rb.id = r.released_by
    LEFT JOIN reports c ON c.id = r.corrects_id";

pub async fn list(conn: &mut SqliteConnection, drafts: bool) -> sqlx::Result<Vec<Report>> {
    let sql = format!(
        "{REPORT_SELECT} WHERE (? OR r.state = 'freigegeben') ORDER BY r.cutoff_on DESC, r.id DESC"
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(drafts)
        .fetch_all(conn)
        .await
}

pub async fn get(conn: &mut SqliteConnection, id: i64) -> sqlx::Result<Option<Report>> {
    let sql = format!("{REPORT_SELECT} WHERE r.id = ?");
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The stored snapshot of a released report: (html, pdf, json).
pub async fn snapshot(
    conn: &mut SqliteConnection,
    id: i64,
) -> sqlx::Result<Option<(String, Vec<u8>, String)>> {
    type Row = (Option<String>, Option<Vec<u8>>, Option<String>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT snapshot_html, snapshot_pdf, snapshot_json FROM reports WHERE id = ? AND state = 'freigegeben'",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|(h, p, j)| Some((h?, p?, j?))))
}

pub async fn snapshot_pdf(conn: &mut SqliteConnection, id: i64) -> sqlx::Result<Option<Vec<u8>>> {
    sqlx::query_scalar("SELECT snapshot_pdf FROM reports WHERE id = ? AND state = 'freigegeben'")
        .bind(id)
        .fetch_optional(conn)
        .await
        .map(Option::flatten)
}

/// The data snapshot of the latest released report of the programme before `cutoff_on`.
pub async fn previous_released(
    conn: &mut SqliteConnection,
    programme_id: i64,
    cutoff_on: &str,
    not_id: i64,
) -> sqlx::Result<Option<(i64, String)>> {
    let row: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT id, snapshot_json FROM reports
         WHERE programme_id = ? AND state = 'freigegeben' AND cutoff_on < ? AND id <> ?
         ORDER BY cutoff_on DESC, id DESC LIMIT 1",
    )
    .bind(programme_id)
    .bind(cutoff_on)
    .bind(not_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|(id, j)| Some((id, j?))))
}

pub struct NewReport<'a> {
    pub programme_id: i64,
    pub period_label: &'a str,
    pub period_start: &'a str,
    pub cutoff_on: &'a str,
    pub vorlage_no: &'a str,
    pub addressee: &'a str,
    pub committee_on: Option<&'a str>,
    pub summary: &'a str,
    pub outlook: &'a str,
    pub author_id: i64,
    pub corrects_id: Option<i64>,
}

pub async fn create(conn: &mut SqliteConnection, r: &NewReport<'_>) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO reports (programme_id, period_label, period_start, cutoff_on, vorlage_no,
            addressee, committee_on, summary, outlook, state, author_id, corrects_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'entwurf', ?, ?) RETURNING id",
    )
    .bind(r.programme_id)
    .bind(r.period_label)
    .bind(r.period_start)
    .bind(r.cutoff_on)
    .bind(r.vorlage_no)
    .bind(r.addressee)
    .bind(r.committee_on)
    .bind(r.summary)
    .bind(r.outlook)
    .bind(r.author_id)
    .bind(r.corrects_id)
    .fetch_one(conn)
    .await
}

/// Updates a draft's header and editorial text if it still has `version`.
/// Returns false when someone else saved in between (or it is no longer a draft).
pub async fn update_draft(
    conn: &mut SqliteConnection,
    id: i64,
    version: i64,
    r: &NewReport<'_>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE reports SET period_label = ?, period_start = ?, cutoff_on = ?, vorlage_no = ?,
            addressee = ?, committee_on = ?, summary = ?, outlook = ?, version = version + 1
         WHERE id = ? AND version = ? AND state = 'entwurf'",
    )
    .bind(r.period_label)
    .bind(r.period_start)
    .bind(r.cutoff_on)
    .bind(r.vorlage_no)
    .bind(r.addressee)
    .bind(r.committee_on)
    .bind(r.summary)
    .bind(r.outlook)
    .bind(id)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn set_field_comment(
    conn: &mut SqliteConnection,
    report_id: i64,
    field_id: i64,
    comment: &str,
) -> sqlx::Result<()> {
    if comment.is_empty() {
        sqlx::query("DELETE FROM report_field_comments WHERE report_id = ? AND field_id = ?")
            .bind(report_id)
            .bind(field_id)
            .execute(conn)
            .await?;
    } else {
        sqlx::query(
            "INSERT INTO report_field_comments (report_id, field_id, comment) VALUES (?, ?, ?)
             ON CONFLICT (report_id, field_id) DO UPDATE SET comment = excluded.comment",
        )
        .bind(report_id)
        .bind(field_id)
        .bind(comment)
        .execute(conn)
        .await?;
    }
    Ok(())
}

pub async fn start_request(
    conn: &mut SqliteConnection,
    id: i64,
    due_on: &str,
    started_at: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE reports SET request_due_on = ?, request_started_at = ?, version = version + 1
         WHERE id = ? AND state = 'entwurf'",
    )
    .bind(due_on)
    .bind(started_at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Freezes a draft: state, releaser and the three snapshots in one statement.
pub async fn release(
    conn: &mut SqliteConnection,
    id: i64,
    released_by: i64,
    at: &str,
    html: &str,
    pdf: &[u8],
    json: &str,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE reports SET state = 'freigegeben', released_by = ?, released_at = ?,
            snapshot_html = ?, snapshot_pdf = ?, snapshot_json = ?, version = version + 1
         WHERE id = ? AND state = 'entwurf'",
    )
    .bind(released_by)
    .bind(at)
    .bind(html)
    .bind(pdf)
    .bind(json)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn fields(conn: &mut SqliteConnection, report_id: i64) -> sqlx::Result<Vec<FieldSnap>> {
    let rows: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT f.id, f.code, f.title, c.comment FROM reports r
         JOIN fields f ON f.programme_id = r.programme_id
         LEFT JOIN report_field_comments c ON c.report_id = r.id AND c.field_id = f.id
         WHERE r.id = ? ORDER BY f.position, f.code",
    )
    .bind(report_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, code, title, comment)| FieldSnap {
            id,
            code,
            title,
            comment: comment.unwrap_or_default(),
        })
        .collect())
}

#[derive(FromRow)]
struct MeasureAsOf {
    id: i64,
    field_id: i64,
    code: String,
    title: String,
    unit_code: String,
    person_name: Option<String>,
    person_function: Option<String>,
    public_name: Option<bool>,
    status: String,
    ampel: String,
    progress: i64,
    planned_end: Option<String>,
    actual_end: Option<String>,
    su_at: Option<String>,
    su_status: Option<String>,
    su_ampel: Option<String>,
    su_progress: Option<i64>,
    su_text: Option<String>,
    su_next: Option<String>,
    su_reason: Option<String>,
    su_options: Option<String>,
    su_decision_by: Option<String>,
    completed_at: Option<String>,
}

/// The report's content as of its cut-off date, read from the live tables: per
/// measure the latest status update up to the end of the Stichtag (a measure without
/// any update up to then shows its stored values).
pub async fn load_data(conn: &mut SqliteConnection, r: &Report) -> sqlx::Result<ReportData> {
    // the Stichtag ends at midnight German time
    let end = crate::domain::dates::end_of_day_utc(&r.cutoff_on);
    let rows: Vec<MeasureAsOf> = sqlx::query_as(
        "SELECT m.id, m.field_id, m.code, m.title, o.code AS unit_code,
            pe.name AS person_name, pe.function AS person_function, pe.public_name,
            m.status, m.ampel, m.progress, m.planned_end, m.actual_end,
            su.created_at AS su_at, su.status AS su_status, su.ampel AS su_ampel,
            su.progress AS su_progress, su.text AS su_text, su.next_steps AS su_next,
            su.reason AS su_reason, su.options AS su_options, su.decision_by AS su_decision_by,
            (SELECT MIN(s3.created_at) FROM status_updates s3
              WHERE s3.measure_id = m.id AND s3.status = 'abgeschlossen' AND s3.created_at <= ?)
              AS completed_at
         FROM measures m
         JOIN fields f ON f.id = m.field_id
         JOIN org_units o ON o.id = m.org_unit_id
         LEFT JOIN people pe ON pe.id = m.person_id
         LEFT JOIN status_updates su ON su.id = (
             SELECT s2.id FROM status_updates s2
             WHERE s2.measure_id = m.id AND s2.created_at <= ?
             ORDER BY s2.created_at DESC, s2.id DESC LIMIT 1)
         WHERE m.programme_id = ? AND m.created_at <= ?
           AND (m.archived_at IS NULL OR m.archived_at > ?)
         ORDER BY f.position, m.code",
    )
    .bind(&end)
    .bind(&end)
    .bind(r.programme_id)
    .bind(&end)
    .bind(&end)
    .fetch_all(&mut *conn)
    .await?;

    let milestone_rows: Vec<(i64, i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT ms.id, ms.measure_id, ms.title, ms.due_on, ms.done_on FROM milestones ms
         JOIN measures m ON m.id = ms.measure_id WHERE m.programme_id = ?
         ORDER BY ms.due_on, ms.id",
    )
    .bind(r.programme_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut milestones: HashMap<i64, Vec<MilestoneSnap>> = HashMap::new();
    for (id, measure_id, title, due_on, done_on) in milestone_rows {
        milestones
            .entry(measure_id)
            .or_default()
            .push(MilestoneSnap {
                id,
                title,
                due_on,
                // done after the Stichtag: not done as of the report
                done_on: done_on.filter(|d| d.as_str() <= r.cutoff_on.as_str()),
            });
    }

    let measures: Vec<MeasureSnap> = rows
        .into_iter()
        .map(|x| {
            let in_period = x
                .su_at
                .as_deref()
                .is_some_and(|at| at.get(..10).unwrap_or(at) >= r.period_start.as_str());
            let status = x.su_status.unwrap_or(x.status);
            let completed_on = if status == "abgeschlossen" {
                x.completed_at
                    .map(|c| c.get(..10).unwrap_or(&c).to_string())
                    .or(x.actual_end)
            } else {
                None
            };
            MeasureSnap {
                id: x.id,
                field_id: x.field_id,
                code: x.code,
                title: x.title,
                unit: x.unit_code,
                responsible: public_responsible(
                    x.person_name.as_deref(),
                    x.person_function.as_deref(),
                    x.public_name.unwrap_or(false),
                ),
                ampel: x.su_ampel.unwrap_or(x.ampel),
                progress: x.su_progress.unwrap_or(x.progress),
                text: if in_period {
                    x.su_text.unwrap_or_default()
                } else {
                    String::new()
                },
                next_steps: if in_period {
                    x.su_next.unwrap_or_default()
                } else {
                    String::new()
                },
                reason: x.su_reason.unwrap_or_default(),
                options: x.su_options.unwrap_or_default(),
                decision_by: x.su_decision_by,
                planned_end: x.planned_end,
                completed_on,
                milestones: milestones.remove(&x.id).unwrap_or_default(),
                status,
            }
        })
        .collect();

    let ids: std::collections::HashSet<i64> = measures.iter().map(|m| m.id).collect();
    let budget: Vec<BudgetSnap> = sqlx::query_as::<_, (i64, i64, i64, i64, i64)>(
        "SELECT b.measure_id, b.fiscal_year, SUM(b.planned), SUM(b.approved), SUM(b.actual)
         FROM budget_lines b JOIN measures m ON m.id = b.measure_id
         WHERE m.programme_id = ?
         GROUP BY b.measure_id, b.fiscal_year ORDER BY b.measure_id, b.fiscal_year",
    )
    .bind(r.programme_id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .filter(|b| ids.contains(&b.0))
    .map(
        |(measure_id, fiscal_year, planned, approved, actual)| BudgetSnap {
            measure_id,
            fiscal_year,
            planned,
            approved,
            actual,
        },
    )
    .collect();

    type GoalRow = (
        i64,
        String,
        String,
        String,
        f64,
        f64,
        String,
        Option<f64>,
        Option<String>,
    );
    let goals: Vec<GoalSnap> = sqlx::query_as::<_, GoalRow>(
        "SELECT g.id, g.title, g.indicator, g.unit, g.baseline, g.target_value, g.target_on,
            gr.value, gr.read_on
         FROM goals g
         LEFT JOIN goal_readings gr ON gr.id = (
             SELECT g2.id FROM goal_readings g2 WHERE g2.goal_id = g.id AND g2.read_on <= ?
             ORDER BY g2.read_on DESC, g2.id DESC LIMIT 1)
         WHERE g.programme_id = ? ORDER BY g.id",
    )
    .bind(&r.cutoff_on)
    .bind(r.programme_id)
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(
        |(id, title, indicator, unit, baseline, target_value, target_on, latest, latest_on)| {
            GoalSnap {
                id,
                title,
                indicator,
                unit,
                baseline,
                target_value,
                target_on,
                latest,
                latest_on,
            }
        },
    )
    .collect();

    let meeting_rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT id, kind, starts_at, place FROM meetings
         WHERE programme_id = ? AND state = 'durchgefuehrt'
           AND substr(starts_at, 1, 10) >= ? AND substr(starts_at, 1, 10) <= ?
         ORDER BY starts_at, id",
    )
    .bind(r.programme_id)
    .bind(&r.period_start)
    .bind(&r.cutoff_on)
    .fetch_all(&mut *conn)
    .await?;
    let decision_rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT ai.meeting_id, d.text FROM decisions d
         JOIN agenda_items ai ON ai.id = d.agenda_item_id
         JOIN meetings mt ON mt.id = ai.meeting_id
         WHERE mt.programme_id = ? AND mt.state = 'durchgefuehrt'
           AND substr(mt.starts_at, 1, 10) >= ? AND substr(mt.starts_at, 1, 10) <= ?
         ORDER BY ai.meeting_id, ai.position, d.id",
    )
    .bind(r.programme_id)
    .bind(&r.period_start)
    .bind(&r.cutoff_on)
    .fetch_all(&mut *conn)
    .await?;
    let mut decisions: HashMap<i64, Vec<String>> = HashMap::new();
    for (meeting, text) in decision_rows {
        decisions.entry(meeting).or_default().push(text);
    }
    let meetings = meeting_rows
        .into_iter()
        .map(|(id, kind, starts_at, place)| MeetingSnap {
            decisions: decisions.remove(&id).unwrap_or_default(),
            id,
            kind,
            starts_at,
            place,
        })
        .collect();

    Ok(ReportData {
        meta: ReportMeta {
            programme: r.programme_title.clone(),
            period_label: r.period_label.clone(),
            period_start: r.period_start.clone(),
            cutoff_on: r.cutoff_on.clone(),
            vorlage_no: r.vorlage_no.clone(),
            addressee: r.addressee.clone(),
            committee_on: r.committee_on.clone(),
            summary: r.summary.clone(),
            outlook: r.outlook.clone(),
            corrects: r.corrects_label.clone(),
        },
        fields: fields(conn, r.id).await?,
        measures,
        budget,
        goals,
        meetings,
    })
}

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
    conn: &mut SqliteConnection,
    programme_id: i64,
    started_at: &str,
) -> sqlx::Result<Vec<RequestRow>> {
    sqlx::query_as(
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
