//! The report's content as of its cut-off date, read from the live tables (measures
//! with their latest status update, milestones, budget, goals, meetings).

use std::collections::{HashMap, HashSet};

use crate::db::Conn;
use sqlx::FromRow;

use super::report::{Report, fields};
use crate::domain::meetings::MeetingKind;
use crate::domain::report::{
    BudgetSnap, CouncilPaperSnap, DecisionSnap, GoalSnap, Letterhead, MeasureSnap, MeetingSnap,
    MilestoneSnap, ReportData, ReportMeta, public_responsible,
};
use crate::domain::{Ampel, Status};

/// The report's content as of its cut-off date, read from the live tables: per
/// measure the latest status update up to the end of the Stichtag (a measure without
/// any update up to then shows its stored values).
pub async fn load_data(conn: &mut Conn, r: &Report) -> sqlx::Result<ReportData> {
    let measures = measures(&mut *conn, r).await?;
    let ids: HashSet<i64> = measures.iter().map(|m| m.id).collect();
    let budget = budget(&mut *conn, r.programme_id)
        .await?
        .into_iter()
        .filter(|b| ids.contains(&b.measure_id))
        .collect();
    let goals = goals(&mut *conn, r).await?;
    let letterhead = letterhead(&mut *conn).await?;
    let meetings = meetings(&mut *conn, r).await?;
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
            letterhead,
            dated_on: r.released_at.as_deref().map(|at| date_part(at).to_string()),
        },
        fields: fields(conn, r.id).await?,
        measures,
        budget,
        goals,
        meetings,
    })
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
    status: Status,
    ampel: Ampel,
    progress: i64,
    planned_end: Option<String>,
    actual_end: Option<String>,
    su_at: Option<String>,
    su_status: Option<Status>,
    su_ampel: Option<Ampel>,
    su_progress: Option<i64>,
    su_text: Option<String>,
    su_next: Option<String>,
    su_reason: Option<String>,
    su_options: Option<String>,
    su_decision_by: Option<String>,
    completed_at: Option<String>,
}

fn date_part(at: &str) -> &str {
    at.get(..10).unwrap_or(at)
}

async fn measures(conn: &mut Conn, r: &Report) -> sqlx::Result<Vec<MeasureSnap>> {
    // the Stichtag ends at midnight German time
    let end = crate::domain::dates::end_of_day_utc(&r.cutoff_on);
    let rows: Vec<MeasureAsOf> = crate::db::query_as(
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
    let mut milestones = milestones(&mut *conn, r).await?;
    let mut decisions = decisions(conn, r).await?;
    let mut council = crate::lookups::council_papers::by_measure(conn).await?;
    Ok(rows
        .into_iter()
        .map(|x| {
            let status = x.su_status.unwrap_or(x.status);
            let completed_on = if status == Status::Abgeschlossen {
                x.completed_at
                    .map(|c| date_part(&c).to_string())
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
                status,
                ampel: x.su_ampel.unwrap_or(x.ampel),
                progress: x.su_progress.unwrap_or(x.progress),
                text: x.su_text.unwrap_or_default(),
                text_on: x.su_at.as_deref().map(|at| date_part(at).to_string()),
                next_steps: x.su_next.unwrap_or_default(),
                reason: x.su_reason.unwrap_or_default(),
                options: x.su_options.unwrap_or_default(),
                decision_by: x.su_decision_by,
                planned_end: x.planned_end,
                completed_on,
                milestones: milestones.remove(&x.id).unwrap_or_default(),
                decisions: decisions.remove(&x.id).unwrap_or_default(),
                council_papers: council
                    .remove(&x.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|p| CouncilPaperSnap {
                        reference: p.reference,
                        dated_on: p.dated_on,
                    })
                    .collect(),
            }
        })
        .collect())
}

/// The letterhead the admin set (empty before one was set).
async fn letterhead(conn: &mut Conn) -> sqlx::Result<Letterhead> {
    let row: Option<(String, String, String, String)> =
        crate::db::query_as("SELECT city, head, unit, kind FROM letterhead WHERE id = 1")
            .fetch_optional(conn)
            .await?;
    Ok(row
        .map(|(city, head, unit, kind)| Letterhead {
            city,
            head,
            unit,
            kind,
        })
        .unwrap_or_default())
}

/// Decisions on agenda items about a measure, in meetings held in the report's period,
/// per measure.
async fn decisions(conn: &mut Conn, r: &Report) -> sqlx::Result<HashMap<i64, Vec<DecisionSnap>>> {
    let rows: Vec<(i64, String, String)> = crate::db::query_as(
        "SELECT aim.measure_id, d.decided_on, d.text FROM decisions d
         JOIN agenda_items ai ON ai.id = d.agenda_item_id
         JOIN agenda_item_measures aim ON aim.agenda_item_id = ai.id
         JOIN meetings mt ON mt.id = ai.meeting_id
         WHERE mt.programme_id = ? AND mt.state = 'durchgefuehrt'
           AND substr(mt.starts_at, 1, 10) >= ? AND substr(mt.starts_at, 1, 10) <= ?
         ORDER BY aim.measure_id, d.decided_on, ai.position, d.id",
    )
    .bind(r.programme_id)
    .bind(&r.period_start)
    .bind(&r.cutoff_on)
    .fetch_all(conn)
    .await?;
    let mut out: HashMap<i64, Vec<DecisionSnap>> = HashMap::new();
    for (measure, on, text) in rows {
        out.entry(measure)
            .or_default()
            .push(DecisionSnap { on, text });
    }
    Ok(out)
}

/// The milestones of the programme's measures, per measure, as of the Stichtag.
async fn milestones(conn: &mut Conn, r: &Report) -> sqlx::Result<HashMap<i64, Vec<MilestoneSnap>>> {
    let rows: Vec<(i64, i64, String, String, Option<String>)> = crate::db::query_as(
        "SELECT ms.id, ms.measure_id, ms.title, ms.due_on, ms.done_on FROM milestones ms
         JOIN measures m ON m.id = ms.measure_id WHERE m.programme_id = ?
         ORDER BY ms.due_on, ms.id",
    )
    .bind(r.programme_id)
    .fetch_all(conn)
    .await?;
    let mut milestones: HashMap<i64, Vec<MilestoneSnap>> = HashMap::new();
    for (id, measure_id, title, due_on, done_on) in rows {
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
    Ok(milestones)
}

#[derive(FromRow)]
struct BudgetSum {
    measure_id: i64,
    fiscal_year: i64,
    planned: i64,
    approved: i64,
    actual: i64,
}

async fn budget(conn: &mut Conn, programme_id: i64) -> sqlx::Result<Vec<BudgetSnap>> {
    let rows: Vec<BudgetSum> = crate::db::query_as(
        "SELECT b.measure_id, b.fiscal_year, CAST(SUM(b.planned) AS BIGINT) AS planned,
            CAST(SUM(b.approved) AS BIGINT) AS approved, CAST(SUM(b.actual) AS BIGINT) AS actual
         FROM budget_lines b JOIN measures m ON m.id = b.measure_id
         WHERE m.programme_id = ?
         GROUP BY b.measure_id, b.fiscal_year ORDER BY b.measure_id, b.fiscal_year",
    )
    .bind(programme_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|b| BudgetSnap {
            measure_id: b.measure_id,
            fiscal_year: b.fiscal_year,
            planned: b.planned,
            approved: b.approved,
            actual: b.actual,
        })
        .collect())
}

#[derive(FromRow)]
struct GoalAsOf {
    id: i64,
    title: String,
    indicator: String,
    unit: String,
    baseline: f64,
    target_value: f64,
    target_on: String,
    latest: Option<f64>,
    latest_on: Option<String>,
}

/// The programme's goals with their latest reading up to the Stichtag.
async fn goals(conn: &mut Conn, r: &Report) -> sqlx::Result<Vec<GoalSnap>> {
    let rows: Vec<GoalAsOf> = crate::db::query_as(
        "SELECT g.id, g.title, g.indicator, g.unit, g.baseline, g.target_value, g.target_on,
            gr.value AS latest, gr.read_on AS latest_on
         FROM goals g
         LEFT JOIN goal_readings gr ON gr.id = (
             SELECT g2.id FROM goal_readings g2 WHERE g2.goal_id = g.id AND g2.read_on <= ?
             ORDER BY g2.read_on DESC, g2.id DESC LIMIT 1)
         WHERE g.programme_id = ? ORDER BY g.id",
    )
    .bind(&r.cutoff_on)
    .bind(r.programme_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|g| GoalSnap {
            id: g.id,
            title: g.title,
            indicator: g.indicator,
            unit: g.unit,
            baseline: g.baseline,
            target_value: g.target_value,
            target_on: g.target_on,
            latest: g.latest,
            latest_on: g.latest_on,
        })
        .collect())
}

/// Meetings held in the report's period, with their decisions.
async fn meetings(conn: &mut Conn, r: &Report) -> sqlx::Result<Vec<MeetingSnap>> {
    let meeting_rows: Vec<(i64, MeetingKind, String, String)> = crate::db::query_as(
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
    let decision_rows: Vec<(i64, String)> = crate::db::query_as(
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
    .fetch_all(conn)
    .await?;
    let mut decisions: HashMap<i64, Vec<String>> = HashMap::new();
    for (meeting, text) in decision_rows {
        decisions.entry(meeting).or_default().push(text);
    }
    Ok(meeting_rows
        .into_iter()
        .map(|(id, kind, starts_at, place)| MeetingSnap {
            decisions: decisions.remove(&id).unwrap_or_default(),
            id,
            kind,
            starts_at,
            place,
        })
        .collect())
}
