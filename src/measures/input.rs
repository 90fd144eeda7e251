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
    /// Shown on the transparency page (the council sees every measure's public view).
    pub public: bool,
    pub public_description: String,
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
    pub public: bool,
    pub public_description: &'a str,
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

/// Builds the `MeasureAudit` of anything with the measure's editable fields (the input
/// and the stored row share their names); `$date` turns a stored or typed date into text.
macro_rules! measure_audit {
    ($m:expr, $date:expr, $sign_offs:expr) => {
        $crate::measures::input::MeasureAudit {
            code: &$m.code,
            title: &$m.title,
            description: &$m.description,
            public: $m.public,
            public_description: &$m.public_description,
            programme_id: $m.programme_id,
            field_id: $m.field_id,
            org_unit_id: $m.org_unit_id,
            person_id: $m.person_id,
            priority: $m.priority.key(),
            planned_start: $date(&$m.planned_start),
            planned_end: $date(&$m.planned_end),
            actual_start: $date(&$m.actual_start),
            effort_days: $m.effort_days,
            dsb_relevant: $m.dsb_relevant,
            isb_relevant: $m.isb_relevant,
            pr_relevant: $m.pr_relevant,
            ozg_key: $m.ozg_key.as_deref(),
            ozg_model: $m.ozg_model.as_deref(),
            ozg_level: $m.ozg_level,
            sign_offs: $crate::measures::input::SignOff::audit_json($sign_offs),
        }
        .json()
    };
}
pub(crate) use measure_audit;

impl MeasureInput {
    /// The values the audit log records for this input.
    pub fn audit_json(&self) -> Value {
        let date = |d: &Option<NaiveDate>| d.map(|d| d.to_string());
        measure_audit!(self, date, &self.sign_offs)
    }
}
