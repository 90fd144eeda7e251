//! View models: database rows turned into what the templates show (German formats).

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::filter::{Filter, SortKey};
use super::forms::MeasureForm;
use super::input::SignOff;
use super::queries::{
    BudgetRow, Measure, MeasureContext, MeasureRow, MilestoneRow, StatusUpdateRow,
};
use crate::domain::dates::{ago, ago_days, format_date, format_iso, format_timestamp};
use crate::domain::money::format_euro;
use crate::domain::{Ampel, Priority, SignOffState, SignOffTrack, Status};
use crate::lookups::Choice;
use crate::web::{Href, paths};

/// Measures not updated for this many days are flagged.
pub const STALE_DAYS: i64 = 28;

#[derive(Clone)]
pub struct RowView {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub field: Arc<str>,
    pub programme: Arc<str>,
    pub status: Status,
    /// `None` for a measure that is not running (the one Ampel rule).
    pub ampel: Option<Ampel>,
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
            status: r.status,
            ampel: r.status.shown_ampel(r.ampel),
            progress: r.progress,
            unit: r.unit_code,
            responsible,
            updated_ago: ago_days(days),
            updated_on: updated
                .map(|t| format_date(t.date_naive()))
                .unwrap_or_default(),
            stale: r.status.is_active() && days > STALE_DAYS,
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
    pub status: Status,
    /// The Ampel reported with this update, if the measure was running then.
    pub ampel: Option<Ampel>,
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
            status: r.status,
            ampel: r.status.shown_ampel(r.ampel),
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
    /// The sums of planned, approved and actual amounts (formatted).
    pub fn totals(rows: &[BudgetRow]) -> (String, String, String) {
        let sum = |f: fn(&BudgetRow) -> i64| format_euro(rows.iter().map(f).sum());
        (sum(|b| b.planned), sum(|b| b.approved), sum(|b| b.actual))
    }

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
    /// All three tracks; a track without a stored row is "nicht erforderlich".
    pub fn all(rows: &[SignOff]) -> Vec<Self> {
        SignOffTrack::ALL
            .iter()
            .map(|t| {
                let row = rows.iter().find(|r| r.track == *t);
                let state = row.map_or(SignOffState::NichtErforderlich, |r| r.state);
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

/// The measure itself on its page.
pub struct MeasureView {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub description: String,
    pub programme: String,
    pub field: String,
    pub unit: String,
    pub responsible: String,
    pub email: String,
    pub status: Status,
    pub ampel: Option<Ampel>,
    pub progress: i64,
    pub priority: Priority,
    pub planned_start: String,
    pub planned_end: String,
    pub actual_start: String,
    pub actual_end: String,
    pub effort_days: i64,
    pub flags: Vec<&'static str>,
    pub ozg: Option<String>,
    pub last_update: String,
    pub last_update_ago: String,
    pub archived: Option<String>,
    pub version: i64,
    /// The expectation this measure came from (link to its cost-benefit assessment).
    pub expectation_id: Option<i64>,
}

impl MeasureView {
    /// Council members see the responsible person's function, not name or e-mail.
    pub fn new(m: &Measure, ctx: MeasureContext, internal: bool, now: DateTime<Utc>) -> Self {
        let flags = [
            (m.dsb_relevant, "datenschutzrelevant (DSB)"),
            (m.isb_relevant, "informationssicherheitsrelevant (ISB)"),
            (m.pr_relevant, "mitbestimmungspflichtig (Personalrat)"),
        ]
        .into_iter()
        .filter_map(|(on, flag)| on.then_some(flag))
        .collect();
        let ozg = match (&m.ozg_key, &m.ozg_model, m.ozg_level) {
            (None, None, None) => None,
            (key, model, level) => Some(format!(
                "LeiKa {} · Reifegrad {} (Reifegradmodell {})",
                key.as_deref().unwrap_or("–"),
                level.map(|l| l.to_string()).unwrap_or_else(|| "–".into()),
                model.as_deref().unwrap_or("–")
            )),
        };
        let responsible = if internal {
            ctx.person_name
        } else {
            ctx.person_function
        };
        Self {
            id: m.id,
            code: m.code.clone(),
            title: m.title.clone(),
            description: m.description.clone(),
            programme: ctx.programme_title,
            field: format!("{} {}", ctx.field_code, ctx.field_title),
            unit: crate::domain::wording::unit_label(&ctx.unit_code, &ctx.unit_name),
            responsible: responsible.unwrap_or_default(),
            email: ctx.person_email.filter(|_| internal).unwrap_or_default(),
            status: m.status,
            ampel: m.status.shown_ampel(m.ampel),
            progress: m.progress,
            priority: m.priority,
            planned_start: format_iso(m.planned_start.as_deref()),
            planned_end: format_iso(m.planned_end.as_deref()),
            actual_start: format_iso(m.actual_start.as_deref()),
            actual_end: format_iso(m.actual_end.as_deref()),
            effort_days: m.effort_days,
            flags,
            ozg,
            last_update: format_timestamp(&m.last_update_at),
            last_update_ago: ago(&m.last_update_at, now),
            archived: m.archived_at.as_deref().map(|a| format_iso(Some(a))),
            version: m.version,
            expectation_id: m.expectation_id.filter(|_| internal),
        }
    }
}

/// A sortable column header of the list: a link that sorts by it (or reverses).
pub struct SortLink {
    pub label: &'static str,
    pub href: Href,
    pub aria_sort: &'static str,
    pub arrow: &'static str,
}

impl SortLink {
    /// One link per column; `base` is the list's query string without sorting.
    pub fn all(base: &str, filter: &Filter) -> Vec<Self> {
        SortKey::ALL
            .iter()
            .map(|(key, param, label)| {
                let active = filter.sort == *key;
                let descending_next = active && !filter.descending;
                let (aria_sort, arrow) = match (active, filter.descending) {
                    (false, _) => ("none", ""),
                    (true, false) => ("ascending", " ▲"),
                    (true, true) => ("descending", " ▼"),
                };
                SortLink {
                    label,
                    href: paths::measures().query(&sorted_query(base, param, descending_next)),
                    aria_sort,
                    arrow,
                }
            })
            .collect()
    }
}

/// `base` (the filters) with a sort column and direction appended.
pub fn sorted_query(base: &str, sort: &str, descending: bool) -> String {
    let sep = if base.is_empty() { "" } else { "&" };
    let dir = if descending { "ab" } else { "auf" };
    format!("{base}{sep}sort={sort}&richtung={dir}")
}

/// The select boxes of the measure form.
pub struct FormChoices {
    pub fields: Vec<Choice>,
    pub units: Vec<Choice>,
    pub people: Vec<Choice>,
}

/// One sign-off track of the measure form, as typed.
pub struct SignOffInput {
    pub track: SignOffTrack,
    pub state: String,
    pub note: String,
    pub date: String,
    pub relevant: bool,
}

impl SignOffInput {
    pub fn all(form: &MeasureForm) -> Vec<Self> {
        SignOffTrack::ALL
            .iter()
            .map(|t| {
                let (state, note, date, relevant) = form.sign_off_fields(*t);
                SignOffInput {
                    track: *t,
                    state: state.to_string(),
                    note: note.to_string(),
                    date: date.to_string(),
                    relevant,
                }
            })
            .collect()
    }
}
