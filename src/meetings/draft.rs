//! Gathers the programme's state for the agenda rules in `domain::meetings` and writes
//! the drafted items. The rules themselves are pure and tested there.

use crate::db::Conn;
use chrono::{Datelike, Duration, NaiveDate};

use super::queries::{self, MeetingRow, RefRow};
use super::views::date_of;
use crate::domain::SignOffTrack;
use crate::domain::dates::now_utc;
use crate::domain::meetings::{
    BudgetDeviation, CarryOver, DraftItem, JointInput, MeasureRef, MeasureSignal, MeetingKind,
    MeetingState, PrefillInput, QuarterSummary, ReportState, draft_joint_agenda, prefill_ag_agenda,
    report_half_due,
};

fn to_ref(r: &RefRow) -> MeasureRef {
    MeasureRef {
        id: r.id,
        code: r.code.clone(),
        title: r.title.clone(),
        ampel: r.ampel,
    }
}

/// The items the rules propose for this meeting.
pub async fn propose(
    conn: &mut Conn,
    m: &MeetingRow,
    today: NaiveDate,
) -> sqlx::Result<Vec<DraftItem>> {
    let date = m.starts_on;
    let prev = queries::previous(conn, m.kind, &m.starts_at).await?;
    let prev_date = prev.as_ref().map(|p| p.starts_on);
    if m.kind == MeetingKind::Quartal {
        let since = prev_date.unwrap_or(date - Duration::days(91));
        let s = queries::quarter_summary(conn, m.programme_id, &since.to_string()).await?;
        let mut open = Vec::new();
        for track in SignOffTrack::ALL {
            let rows = queries::open_sign_offs(conn, m.programme_id, *track).await?;
            open.push((*track, rows.iter().map(to_ref).collect()));
        }
        let budget = queries::budget_deviations(conn, m.programme_id, i64::from(date.year()) - 1)
            .await?
            .into_iter()
            .map(|b| BudgetDeviation {
                measure: MeasureRef {
                    id: b.id,
                    code: b.code,
                    title: b.title,
                    ampel: b.ampel,
                },
                fiscal_year: b.fiscal_year,
                approved: b.approved,
                actual: b.actual,
            })
            .collect();
        let report = match report_half_due(date) {
            Some((year, half)) => {
                let start = if half == 1 {
                    format!("{year}-01-01")
                } else {
                    format!("{year}-07-01")
                };
                let label = format!("{half}. Halbjahr {year}");
                Some(
                    match queries::report_for(conn, m.programme_id, &start).await? {
                        None => ReportState::NotCreated { label },
                        Some(r) if r.released => ReportState::Released {
                            label: r.period_label,
                        },
                        Some(r) => ReportState::Draft {
                            label: r.period_label,
                            cutoff: r.cutoff_on,
                            request_started: r.request_started_at.as_deref().and_then(date_of),
                            request_due: r.request_due_on,
                        },
                    },
                )
            }
            None => None,
        };
        let input = JointInput {
            meeting_date: date,
            summary: QuarterSummary {
                since: prev_date,
                measures: s.measures,
                red: s.red,
                amber: s.amber,
                green: s.green,
                updates_in_period: s.updates,
                completed_in_period: s.completed,
            },
            red_amber: queries::red_amber(conn, m.programme_id)
                .await?
                .iter()
                .map(to_ref)
                .collect(),
            open_sign_offs: open,
            budget,
            report,
        };
        return Ok(draft_joint_agenda(&input));
    }

    let since = prev_date.unwrap_or(date - Duration::days(14));
    let rows = queries::signals(conn, m.programme_id, &since.to_string()).await?;
    let due = queries::milestones_due(conn, m.programme_id, &since.to_string(), &date.to_string())
        .await?;
    let signals = rows
        .into_iter()
        .map(|r| {
            let ampel = r.ampel;
            // Without updates in the period nothing changed, whatever came before.
            let ampel_before = if r.updates == 0 {
                Some(ampel)
            } else {
                r.ampel_before
            };
            let status_change = match (r.status_before, r.updates) {
                (Some(b), n) if n > 0 && b != r.status => {
                    Some((b.label().to_string(), r.status.label().to_string()))
                }
                _ => None,
            };
            MeasureSignal {
                milestones_due: due
                    .iter()
                    .filter(|d| d.measure_id == r.id)
                    .map(|d| (d.title.clone(), d.due_on))
                    .collect(),
                measure: MeasureRef {
                    id: r.id,
                    code: r.code,
                    title: r.title,
                    ampel,
                },
                ampel_before,
                status_change,
            }
        })
        .collect();
    let held_prev = prev.filter(|p| p.state == MeetingState::Durchgefuehrt);
    let mut carried = Vec::new();
    if let Some(p) = &held_prev {
        for it in queries::not_dealt_with(conn, p.id).await? {
            carried.push(CarryOver {
                measure_ids: queries::item_measure_ids(conn, it.id).await?,
                item_id: it.id,
                title: it.title,
                public: it.public,
                planned_minutes: it.planned_minutes,
            });
        }
    }
    let (open_tasks, overdue_tasks) = queries::open_task_counts(conn, &today.to_string()).await?;
    let input = PrefillInput {
        last_meeting: held_prev
            .as_ref()
            .map(|p| (p.starts_on, p.minutes_approved_in.is_some())),
        signals,
        open_tasks,
        overdue_tasks,
        carried,
    };
    Ok(prefill_ag_agenda(&input))
}

/// Writes the proposed items at the end of the agenda, leaving out those whose title is
/// already on it (drafting again only adds what is new); returns the items written.
pub async fn write(
    conn: &mut Conn,
    meeting: i64,
    items: &[DraftItem],
) -> sqlx::Result<Vec<DraftItem>> {
    let present = queries::item_titles(conn, meeting).await?;
    let fresh: Vec<DraftItem> = items
        .iter()
        .filter(|it| !present.contains(&it.title))
        .cloned()
        .collect();
    for it in &fresh {
        queries::insert_item(conn, meeting, it, None).await?;
    }
    queries::set_drafted(conn, meeting, &now_utc()).await?;
    Ok(fresh)
}
