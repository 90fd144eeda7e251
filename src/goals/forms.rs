//! The forms of the goals feature: the goal form (new and edit) and the reading form,
//! strings as typed, parsed with all field errors at once.

use crate::merge_field;
use crate::web::merge::{Field, MergeInput, Mergeable};
use chrono::NaiveDate;
use serde::Deserialize;

use super::queries::GoalRecord;
use crate::domain::goals::parse_number;
use crate::domain::validation::FieldErrors;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct GoalForm {
    pub programme_id: String,
    pub field_id: String,
    pub title: String,
    pub indicator: String,
    pub unit: String,
    pub baseline: String,
    pub target_value: String,
    pub baseline_on: String,
    pub target_on: String,
    /// Measure numbers of the programme, separated by commas (e.g. "HF2-01, HF2-04").
    pub measures: String,
    /// Edit only: the version the form was loaded with.
    pub version: String,
    /// Edit only: the values the form was opened with, for a field-wise merge.
    #[serde(flatten)]
    pub merge: MergeInput,
}

impl Mergeable for GoalForm {
    const FIELDS: &'static [Field<Self>] = &[
        merge_field!(GoalForm, programme_id, "Programm"),
        merge_field!(GoalForm, field_id, "Handlungsfeld"),
        merge_field!(GoalForm, title, "Titel"),
        merge_field!(GoalForm, indicator, "Indikator"),
        merge_field!(GoalForm, unit, "Einheit"),
        merge_field!(GoalForm, baseline, "Ausgangswert"),
        merge_field!(GoalForm, target_value, "Zielwert"),
        merge_field!(GoalForm, baseline_on, "Stand Ausgangswert"),
        merge_field!(GoalForm, target_on, "Zieldatum"),
        merge_field!(GoalForm, measures, "Beitragende Maßnahmen"),
    ];
    fn version_mut(&mut self) -> &mut String {
        &mut self.version
    }
    fn merge_input(&self) -> MergeInput {
        self.merge.clone()
    }
}

/// The goal form checked without the database; `programme_id` and the dates are None
/// when missing or invalid (the errors say which).
pub struct ParsedGoal {
    pub programme_id: Option<i64>,
    pub field_id: Option<i64>,
    pub title: String,
    pub indicator: String,
    pub unit: String,
    pub baseline: f64,
    pub target_value: f64,
    pub baseline_on: Option<NaiveDate>,
    pub target_on: Option<NaiveDate>,
}

impl GoalForm {
    /// The stored goal and its linked measures' numbers, as the edit form shows them.
    pub fn of(goal: &GoalRecord, linked: &[(i64, String)]) -> Self {
        Self {
            programme_id: goal.programme_id.to_string(),
            field_id: goal.field_id.map(|f| f.to_string()).unwrap_or_default(),
            title: goal.title.clone(),
            indicator: goal.indicator.clone(),
            unit: goal.unit.clone(),
            baseline: plain_number(goal.baseline),
            target_value: plain_number(goal.target_value),
            baseline_on: goal.baseline_on.clone(),
            target_on: goal.target_on.clone(),
            measures: linked
                .iter()
                .map(|(_, code)| code.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            version: goal.version.to_string(),
            merge: MergeInput::default(),
        }
    }

    /// Everything that can be checked without the database.
    pub fn parse_local(&self, e: &mut FieldErrors) -> ParsedGoal {
        let programme_id = self.programme_id.trim().parse::<i64>().ok();
        let field_id = match self.field_id.trim() {
            "" => None,
            s => match s.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    e.add("field_id", "Bitte wählen Sie ein Handlungsfeld aus.");
                    None
                }
            },
        };
        let title = e.text("title", "einen Titel", &self.title, 200);
        let indicator = e.text(
            "indicator",
            "den Indikator (was gemessen wird)",
            &self.indicator,
            500,
        );
        let unit = e.text("unit", "die Einheit (z. B. Anzahl, %)", &self.unit, 40);
        let baseline = number(e, "baseline", "den Ausgangswert", &self.baseline);
        let target_value = number(e, "target_value", "den Zielwert", &self.target_value);
        let baseline_on = e.required_date(
            "baseline_on",
            "das Datum des Ausgangswerts",
            &self.baseline_on,
        );
        let target_on = e.required_date("target_on", "das Zieldatum", &self.target_on);
        if let (Some(b), Some(t)) = (baseline_on, target_on)
            && t <= b
        {
            e.add(
                "target_on",
                "Das Zieldatum muss nach dem Datum des Ausgangswerts liegen.",
            );
        }
        if e.get("baseline").is_none()
            && e.get("target_value").is_none()
            && (target_value - baseline).abs() < f64::EPSILON
        {
            e.add(
                "target_value",
                "Zielwert und Ausgangswert dürfen nicht gleich sein.",
            );
        }
        ParsedGoal {
            programme_id,
            field_id,
            title,
            indicator,
            unit,
            baseline,
            target_value,
            baseline_on,
            target_on,
        }
    }

    /// The measure numbers typed into the form (separated by commas, semicolons, spaces).
    pub fn measure_codes(&self) -> impl Iterator<Item = &str> {
        self.measures
            .split([',', ';', ' '])
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }
}

/// A stored number as the form shows it: exact, decimal comma, no grouping (`12,55`).
fn plain_number(v: f64) -> String {
    v.to_string().replace('.', ",")
}

/// A number as Germans type it (`17`, `12,5`, `180.000`).
fn number(e: &mut FieldErrors, field: &'static str, label: &str, v: &str) -> f64 {
    parse_number(v).unwrap_or_else(|| {
        e.add(
            field,
            format!("Bitte geben Sie {label} als Zahl ein, z. B. 17 oder 12,5."),
        );
        0.0
    })
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReadingForm {
    pub read_on: String,
    pub value: String,
    pub note: String,
}

/// A checked reading.
pub struct ReadingInput {
    pub read_on: NaiveDate,
    pub value: f64,
    pub note: String,
}

impl ReadingForm {
    pub fn parse(&self) -> Result<ReadingInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let read_on = e.required_date("read_on", "das Datum des Messwerts", &self.read_on);
        let value = parse_number(&self.value);
        if value.is_none() {
            e.add(
                "value",
                "Bitte geben Sie den Messwert als Zahl ein, z. B. 41 oder 12,5.",
            );
        }
        let note = e.optional_text("note", "Die Anmerkung", &self.note, 500);
        match (read_on, value) {
            (Some(read_on), Some(value)) if e.is_empty() => Ok(ReadingInput {
                read_on,
                value,
                note,
            }),
            _ => Err(e),
        }
    }
}
