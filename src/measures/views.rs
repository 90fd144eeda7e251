//! View models: database rows turned into what the templates show (German formats).

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::queries::{BudgetRow, MeasureRow, MilestoneRow, SignOffRow, StatusUpdateRow};
use crate::domain::dates::{ago_days, format_date, format_iso, format_timestamp};
use crate::domain::money::format_euro;
use crate::domain::{Ampel, SignOffState, SignOffTrack, Status};

/// Measures not updated for this many days are flagged.
pub const STALE_DAYS: i64 = 28;

pub fn status_label(key: &str) -> &'static str {
    Status::parse(key).map(Status::label).unwrap_or("unbekannt")
}

/// Measures that are still being worked on (and so need regular updates).
pub fn is_active(status: &str) -> bool {
    matches!(
        Status::parse(status),
        Some(Status::Geplant | Status::Vorbereitung | Status::Umsetzung)
    )
}

pub fn ampel_of(key: &str) -> Ampel {
    Ampel::parse(key).unwrap_or(Ampel::Gruen)
}

#[derive(Clone)]
pub struct RowView {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub field: Arc<str>,
    pub programme: Arc<str>,
    pub status: &'static str,
    pub ampel: Ampel,
    pub progress: i64,
    pub unit: Arc<str>,
    pub responsible: Arc<str>,
    pub updated_ago: String,
    pub updated_on: String,
    pub stale: bool,
    pub planned_end: String,
    pub archived: bool,
}

impl RowView {
    /// Council members see functions ("Leitung Standesamt"), not names.
    pub fn new(r: MeasureRow, internal: bool, now: DateTime<Utc>) -> Self {
        let responsible = if internal {
            r.person_name.clone()
        } else {
            r.person_function.clone()
        }
        .unwrap_or_default();
        // Parsed once: the list shows this timestamp three ways for hundreds of rows.
        let updated = DateTime::parse_from_rfc3339(&r.last_update_at)
            .ok()
            .map(|t| t.with_timezone(&Utc));
        let days = updated.map(|t| (now - t).num_days()).unwrap_or(i64::MAX);
        Self {
            id: r.id,
            status: status_label(&r.status),
            ampel: ampel_of(&r.ampel),
            progress: r.progress,
            unit: r.unit_code,
            responsible,
            updated_ago: ago_days(days),
            updated_on: updated
                .map(|t| format_date(t.date_naive()))
                .unwrap_or_default(),
            stale: is_active(&r.status) && days > STALE_DAYS,
            planned_end: format_iso(r.planned_end.as_deref()),
            archived: r.archived,
            field: r.field,
            programme: r.programme_short,
            code: r.code,
            title: r.title,
        }
    }
}

pub struct HistoryView {
    pub at: String,
    pub author: String,
    pub status: &'static str,
    pub ampel: Ampel,
    pub progress: i64,
    pub text: String,
    pub next_steps: String,
    pub blockers: String,
    pub reason: String,
    pub options: String,
    pub decision_by: String,
}

impl HistoryView {
    pub fn new(r: StatusUpdateRow, internal: bool) -> Self {
        Self {
            at: format_timestamp(&r.created_at),
            author: if internal {
                r.author.unwrap_or_default()
            } else {
                String::new()
            },
            status: status_label(&r.status),
            ampel: ampel_of(&r.ampel),
            progress: r.progress,
            text: r.text,
            next_steps: r.next_steps,
            blockers: r.blockers,
            reason: r.reason,
            options: r.options,
            decision_by: format_iso(r.decision_by.as_deref()),
        }
    }
}

pub struct MilestoneView {
    pub id: i64,
    pub title: String,
    pub due: String,
    pub done: String,
    pub overdue: bool,
}

impl MilestoneView {
    pub fn new(r: MilestoneRow, today: &str) -> Self {
        Self {
            id: r.id,
            overdue: r.done_on.is_none() && r.due_on.as_str() < today,
            due: format_iso(Some(&r.due_on)),
            done: format_iso(r.done_on.as_deref()),
            title: r.title,
        }
    }
}

pub struct BudgetView {
    pub year: i64,
    pub kind: &'static str,
    pub product: String,
    pub account: String,
    pub planned: String,
    pub approved: String,
    pub actual: String,
    pub over: bool,
}

impl BudgetView {
    pub fn new(r: &BudgetRow) -> Self {
        Self {
            year: r.fiscal_year,
            kind: if r.kind == "investiv" {
                "investiv"
            } else {
                "konsumtiv"
            },
            product: r.product.clone(),
            account: r.account.clone(),
            planned: format_euro(r.planned),
            approved: format_euro(r.approved),
            actual: format_euro(r.actual),
            over: r.actual > r.approved && r.approved > 0,
        }
    }
}

pub struct SignOffView {
    pub track: &'static str,
    pub state: &'static str,
    pub open: bool,
    pub note: String,
    pub decided_on: String,
}

impl SignOffView {
    pub fn all(rows: &[SignOffRow]) -> Vec<Self> {
        SignOffTrack::ALL
            .iter()
            .map(|t| {
                let row = rows.iter().find(|r| r.track == t.key());
                let state = row
                    .and_then(|r| SignOffState::parse(&r.state))
                    .unwrap_or(SignOffState::NichtErforderlich);
                Self {
                    track: t.label(),
                    state: state.label(),
                    open: state == SignOffState::Offen,
                    note: row.map(|r| r.note.clone()).unwrap_or_default(),
                    decided_on: format_iso(row.and_then(|r| r.decided_on.as_deref())),
                }
            })
            .collect()
    }
}
