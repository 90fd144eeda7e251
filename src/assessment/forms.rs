//! Forms of the cost-benefit gate: strings as typed, parsed with all field errors at once.

use chrono::NaiveDate;
use serde::Deserialize;

use super::queries::{AssessmentRow, Expectation, NewAssessment};
use crate::domain::dates::format_iso;
use crate::domain::money::format_plain;
use crate::domain::validation::{FieldErrors, form_version};
use crate::domain::wibe::{self, Decision};
use crate::merge_field;
use crate::web::merge::{Field, MergeInput, Mergeable};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ExpectationForm {
    pub programme_id: String,
    pub title: String,
    pub origin: String,
    pub description: String,
    pub raised_on: String,
}

pub struct ExpectationInput {
    pub programme_id: i64,
    pub title: String,
    pub origin: String,
    pub description: String,
    pub raised_on: NaiveDate,
}

impl ExpectationForm {
    pub fn parse(&self) -> Result<ExpectationInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let programme_id = e.id("programme_id", "ein Programm", &self.programme_id);
        let title = e.text("title", "einen Titel", &self.title, 200);
        let origin = e.text(
            "origin",
            "die Herkunft (z. B. ein Amt, der Stadtrat, Bürgerinnen und Bürger)",
            &self.origin,
            200,
        );
        let description =
            e.optional_text("description", "Die Beschreibung", &self.description, 8000);
        let raised_on = e.required_date("raised_on", "das Datum", &self.raised_on);
        match (programme_id, raised_on) {
            (Some(programme_id), Some(raised_on)) if e.is_empty() => Ok(ExpectationInput {
                programme_id,
                title,
                origin,
                description,
                raised_on,
            }),
            _ => Err(e),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AssessmentForm {
    pub assessed_on: String,
    pub mandatory: Option<String>,
    pub one_time_cost: String,
    pub yearly_cost: String,
    pub person_days: String,
    pub urgency: String,
    pub strategic: String,
    pub external: String,
    pub effort_index: String,
    pub justification: String,
}

impl AssessmentForm {
    /// A new assessment starts from the latest one, so a re-assessment changes only what
    /// moved; the first one starts empty. Both are dated `today`.
    pub fn starting_from(latest: Option<&AssessmentRow>, today: &str) -> Self {
        match latest {
            Some(a) => Self {
                assessed_on: today.to_string(),
                mandatory: a.mandatory.then(|| "on".to_string()),
                one_time_cost: format_plain(a.one_time_cost),
                yearly_cost: format_plain(a.yearly_cost),
                person_days: a.person_days.to_string(),
                urgency: a.urgency.to_string(),
                strategic: a.strategic.to_string(),
                external: a.external.to_string(),
                effort_index: wibe::format_index(a.effort_index),
                justification: String::new(),
            },
            None => Self {
                assessed_on: today.to_string(),
                ..Default::default()
            },
        }
    }
}

/// `2,5` or `2.5` → 2.5 within 1–5, at most one decimal.
pub fn parse_effort(v: &str) -> Option<f64> {
    let t = v.trim().replace(',', ".");
    if t.is_empty() || t.len() > 4 || !t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    if t.split_once('.').is_some_and(|(_, f)| f.len() > 1) {
        return None;
    }
    let n: f64 = t.parse().ok()?;
    (1.0..=5.0).contains(&n).then_some(n)
}

impl AssessmentForm {
    pub fn parse(&self) -> Result<NewAssessment, FieldErrors> {
        let mut e = FieldErrors::default();
        let assessed_on =
            e.required_date("assessed_on", "das Datum der Bewertung", &self.assessed_on);
        let one_time_cost = e.optional_euro(
            "one_time_cost",
            &self.one_time_cost,
            "Einmalige Kosten: Bitte geben Sie einen Betrag in Euro ein, z. B. 12.500,00.",
        );
        let yearly_cost = e.optional_euro(
            "yearly_cost",
            &self.yearly_cost,
            "Jährliche Kosten: Bitte geben Sie einen Betrag in Euro ein, z. B. 12.500,00.",
        );
        let person_days = if self.person_days.trim().is_empty() {
            0
        } else {
            e.int_in(
                "person_days",
                "Der interne Aufwand (Personentage)",
                &self.person_days,
                0,
                100_000,
            )
        };
        let urgency = e.int_in("urgency", "Die Dringlichkeit D", &self.urgency, 0, 100);
        let strategic = e.int_in(
            "strategic",
            "Die strategische Qualität Q",
            &self.strategic,
            0,
            100,
        );
        let external = e.int_in("external", "Der externe Nutzen E", &self.external, 0, 100);
        let effort_index = parse_effort(&self.effort_index).unwrap_or_else(|| {
            e.add(
                "effort_index",
                "Der Aufwands-Index muss zwischen 1 und 5 liegen (z. B. 2,5).",
            );
            1.0
        });
        let justification = e.text(
            "justification",
            "eine Begründung der Bewertung",
            &self.justification,
            4000,
        );
        match assessed_on {
            Some(d) if e.is_empty() => Ok(NewAssessment {
                assessed_on: d.to_string(),
                mandatory: self.mandatory.is_some(),
                one_time_cost,
                yearly_cost,
                person_days,
                urgency,
                strategic,
                external,
                effort_index,
                justification,
            }),
            _ => Err(e),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    pub version: String,
    pub recommendation: String,
    pub decision: String,
    pub decision_reason: String,
    pub decided_on: String,
    pub code: String,
    pub field_id: String,
    pub org_unit_id: String,
    pub person_id: String,
    /// The values the form was opened with, for a field-wise merge.
    #[serde(flatten)]
    pub merge: MergeInput,
}

/// The stored fields of the decision merge; the new measure's master data (number,
/// field, unit, person) is stored nowhere before the save and stays as typed.
impl Mergeable for DecisionForm {
    const FIELDS: &'static [Field<Self>] = &[
        merge_field!(DecisionForm, recommendation, "Empfehlung der AG"),
        merge_field!(DecisionForm, decision, "Entscheidung"),
        merge_field!(DecisionForm, decision_reason, "Begründung der Entscheidung"),
        merge_field!(DecisionForm, decided_on, "Datum der Entscheidung"),
    ];
    fn version_mut(&mut self) -> &mut String {
        &mut self.version
    }
    fn merge_input(&self) -> MergeInput {
        self.merge.clone()
    }
}

/// A decision value as people read it: the decision's label, dates as 28.11.2026.
pub fn shown_decision(key: &str, raw: &str) -> String {
    match key {
        "decision" => Decision::label_or_open(Decision::parse(raw.trim())).to_string(),
        "decided_on" => {
            let d = format_iso(Some(raw.trim()));
            if d.is_empty() { raw.to_string() } else { d }
        }
        _ => raw.to_string(),
    }
}

impl DecisionForm {
    /// The stored recommendation and decision; an open decision is dated `today`.
    pub fn of(e: &Expectation, today: String) -> Self {
        Self {
            version: e.version.to_string(),
            recommendation: e.recommendation.clone(),
            decision: e
                .decision
                .map(Decision::key)
                .unwrap_or_default()
                .to_string(),
            decision_reason: e.decision_reason.clone(),
            decided_on: e.decided_on.clone().unwrap_or(today),
            ..Default::default()
        }
    }
}

/// The new measure's master data when an expectation is accepted.
pub struct NewMeasure {
    pub code: String,
    pub field_id: i64,
    pub org_unit_id: i64,
    pub person_id: i64,
}

pub struct DecisionInput {
    pub version: i64,
    pub recommendation: String,
    pub decision: Option<Decision>,
    pub reason: String,
    pub decided_on: Option<NaiveDate>,
    pub measure: Option<NewMeasure>,
}

impl DecisionForm {
    /// Checks what needs no database; `mandatory` is the latest assessment's Pflicht flag,
    /// `assessed` whether any assessment exists (the cost-benefit gate).
    pub fn parse(&self, assessed: bool, mandatory: bool) -> Result<DecisionInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let recommendation = e.optional_text(
            "recommendation",
            "Die Empfehlung der AG",
            &self.recommendation,
            4000,
        );
        let decision = match self.decision.trim() {
            "" => None,
            s => e.choice("decision", "eine Entscheidung", s, Decision::parse),
        };
        let reason = e.optional_text(
            "decision_reason",
            "Die Begründung",
            &self.decision_reason,
            4000,
        );
        let decided_on = e.optional_date("decided_on", &self.decided_on);
        let mut measure = None;
        if let Some(d) = decision {
            if reason.is_empty() {
                e.add("decision_reason", "Bitte begründen Sie die Entscheidung.");
            }
            if decided_on.is_none() && e.get("decided_on").is_none() {
                e.add(
                    "decided_on",
                    "Bitte geben Sie das Datum der Entscheidung an (TT.MM.JJJJ).",
                );
            }
            if !assessed {
                e.add(
                    "decision",
                    "Vor der Entscheidung muss die Erwartung bewertet werden (Aufwand-Nutzen-Analyse).",
                );
            }
            if d == Decision::Rejected && mandatory {
                e.add(
                    "decision",
                    "Eine Pflichtaufgabe kann nicht abgelehnt werden; zu entscheiden ist nur, wie sie umgesetzt wird.",
                );
            }
            if d == Decision::Accepted {
                let code = e.measure_code(
                    "code",
                    "die Nummer der neuen Maßnahme (z. B. HF2-15)",
                    &self.code,
                );
                let field_id = e.id("field_id", "ein Handlungsfeld", &self.field_id);
                let org_unit_id = e.id(
                    "org_unit_id",
                    "die federführende Organisationseinheit",
                    &self.org_unit_id,
                );
                let person_id = e.id("person_id", "eine verantwortliche Person", &self.person_id);
                if let (Some(field_id), Some(org_unit_id), Some(person_id)) =
                    (field_id, org_unit_id, person_id)
                {
                    measure = Some(NewMeasure {
                        code,
                        field_id,
                        org_unit_id,
                        person_id,
                    });
                }
            }
        } else if !self.decision_reason.trim().is_empty() || !self.decided_on.trim().is_empty() {
            e.add(
                "decision",
                "Bitte wählen Sie die Entscheidung, zu der Begründung und Datum gehören.",
            );
        }
        let version = form_version(&self.version);
        if e.is_empty() {
            Ok(DecisionInput {
                version,
                recommendation,
                decision,
                reason,
                decided_on,
                measure,
            })
        } else {
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effort_index_accepts_german_decimals_in_range() {
        assert_eq!(parse_effort("2,5"), Some(2.5));
        assert_eq!(parse_effort("5"), Some(5.0));
        assert_eq!(parse_effort("0,9"), None);
        assert_eq!(parse_effort("5,1"), None);
        assert_eq!(parse_effort("2,55"), None);
        assert_eq!(parse_effort("NaN"), None);
        assert_eq!(parse_effort(""), None);
    }

    #[test]
    fn decision_needs_reason_date_and_an_assessment() {
        let f = DecisionForm {
            decision: "abgelehnt".into(),
            ..Default::default()
        };
        let e = f.parse(false, false).err().unwrap();
        assert!(e.get("decision_reason").is_some());
        assert!(e.get("decided_on").is_some());
        assert!(e.get("decision").is_some());
        let g = DecisionForm {
            decision: "abgelehnt".into(),
            decision_reason: "zu teuer".into(),
            decided_on: "01.02.2027".into(),
            ..Default::default()
        };
        assert!(g.parse(true, false).is_ok());
        assert!(g.parse(true, true).is_err(), "Pflicht cannot be rejected");
    }
}
