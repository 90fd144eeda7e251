//! A checked measure as the form and other features (an accepted expectation) hand it
//! to the queries, its sign-offs, and the values the audit log records for it.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use sqlx::FromRow;

use crate::domain::{Priority, SignOffState, SignOffTrack};

/// A checked measure, ready to be written.
#[derive(Debug, Clone)]
pub struct MeasureInput {
    pub programme_id: i64,
    pub field_id: i64,
    pub code: String,
    pub title: String,
    pub description: String,
    pub org_unit_id: i64,
    pub person_id: Option<i64>,
    pub priority: Priority,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub actual_start: Option<NaiveDate>,
    pub effort_days: i64,
    pub dsb_relevant: bool,
    pub isb_relevant: bool,
    pub pr_relevant: bool,
    pub ozg_key: Option<String>,
    pub ozg_model: Option<String>,
    pub ozg_level: Option<i64>,
    pub sign_offs: Vec<SignOff>,
}

/// One DSB / ISB / Personalrat sign-off of a measure, as stored and as checked.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct SignOff {
    pub track: SignOffTrack,
    pub state: SignOffState,
    pub note: String,
    pub decided_on: Option<String>,
}

impl SignOff {
    /// The sign-offs as the audit log records them (keys, not labels).
    pub fn audit_json(rows: &[SignOff]) -> Value {
        rows.iter()
            .map(|r| {
                serde_json::json!({
                    "track": r.track.key(), "state": r.state.key(),
                    "note": r.note, "decided_on": r.decided_on,
                })
            })
            .collect()
    }
}

/// The editable values of a measure as the audit log records them, whether they come
/// from the form (`MeasureInput`) or from the stored row (`queries::Measure`), so that
/// `audit::Entry::changed` compares like with like.
#[derive(Serialize)]
pub struct MeasureAudit<'a> {
    pub code: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub programme_id: i64,
    pub field_id: i64,
    pub org_unit_id: i64,
    pub person_id: Option<i64>,
    pub priority: &'static str,
    pub planned_start: Option<String>,
    pub planned_end: Option<String>,
    pub actual_start: Option<String>,
    pub effort_days: i64,
    pub dsb_relevant: bool,
    pub isb_relevant: bool,
    pub pr_relevant: bool,
    pub ozg_key: Option<&'a str>,
    pub ozg_model: Option<&'a str>,
    pub ozg_level: Option<i64>,
    pub sign_offs: Value,
}

impl MeasureAudit<'_> {
    pub fn json(&self) -> Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

impl MeasureInput {
    /// The values the audit log records for this input.
    pub fn audit_json(&self) -> Value {
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        MeasureAudit {
            code: &self.code,
            title: &self.title,
            description: &self.description,
            programme_id: self.programme_id,
            field_id: self.field_id,
            org_unit_id: self.org_unit_id,
            person_id: self.person_id,
            priority: self.priority.key(),
            planned_start: date(self.planned_start),
            planned_end: date(self.planned_end),
            actual_start: date(self.actual_start),
            effort_days: self.effort_days,
            dsb_relevant: self.dsb_relevant,
            isb_relevant: self.isb_relevant,
            pr_relevant: self.pr_relevant,
            ozg_key: self.ozg_key.as_deref(),
            ozg_model: self.ozg_model.as_deref(),
            ozg_level: self.ozg_level,
            sign_offs: SignOff::audit_json(&self.sign_offs),
        }
        .json()
    }
}
