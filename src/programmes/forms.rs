//! The forms of the programmes feature: a field of action (edit, new), a revision and a
//! recorded change; strings as typed, parsed with all field errors at once.

use chrono::NaiveDate;
use serde::Deserialize;

use super::queries::Field;
use crate::domain::programme::{ChangeKind, ChangeSubject};
use crate::domain::validation::{FieldErrors, form_version};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FieldForm {
    pub title: String,
    pub position: String,
    pub version: String,
}

/// A checked edit of a field of action.
pub struct FieldInput {
    pub title: String,
    pub position: i64,
    pub version: i64,
}

impl FieldForm {
    pub fn parse(&self, e: &mut FieldErrors) -> FieldInput {
        FieldInput {
            title: e.text(
                "field_title",
                "einen Titel des Handlungsfelds",
                &self.title,
                200,
            ),
            position: e.int_in("field_position", "Die Reihenfolge", &self.position, 1, 999),
            version: form_version(&self.version),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewFieldForm {
    pub code: String,
    pub title: String,
    pub position: String,
}

/// A checked new field of action.
pub struct NewFieldInput {
    pub code: String,
    pub title: String,
    pub position: i64,
}

impl NewFieldForm {
    /// The next code and position after the programme's fields ("HF6" after "HF5").
    pub fn proposal(fields: &[&Field]) -> Self {
        let last = fields.iter().max_by_key(|f| f.position);
        let code = last
            .and_then(|f| {
                let digits = f.code.trim_start_matches(|c: char| !c.is_ascii_digit());
                let n: u32 = digits.parse().ok()?;
                Some(format!(
                    "{}{}",
                    &f.code[..f.code.len() - digits.len()],
                    n + 1
                ))
            })
            .unwrap_or_default();
        Self {
            code,
            title: String::new(),
            position: last.map_or(1, |f| f.position + 1).to_string(),
        }
    }

    pub fn parse(&self, e: &mut FieldErrors) -> NewFieldInput {
        let code = e.name("new_field_code", "ein Kürzel (z. B. HF7)", &self.code, 20);
        if !code.is_empty()
            && !code
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_'))
        {
            e.add(
                "new_field_code",
                "Das Kürzel darf nur Buchstaben, Ziffern, Punkt, Binde- und Unterstrich enthalten.",
            );
        }
        let title = e.text(
            "new_field_title",
            "einen Titel des Handlungsfelds",
            &self.title,
            200,
        );
        let position = e.int_in(
            "new_field_position",
            "Die Reihenfolge",
            &self.position,
            1,
            999,
        );
        NewFieldInput {
            code,
            title,
            position,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RevisionForm {
    pub version: String,
    pub revised_on: String,
    pub summary: String,
    pub resolution_ref: String,
}

/// A revision as parsed; `revised_on` is None when missing or invalid.
pub struct RevisionInput {
    pub version: String,
    pub revised_on: Option<NaiveDate>,
    pub summary: String,
    pub reference: Option<String>,
}

impl RevisionForm {
    pub fn parse(&self, e: &mut FieldErrors) -> RevisionInput {
        let version = e.text(
            "version",
            "die Versionsnummer (z. B. 1.2)",
            &self.version,
            20,
        );
        let revised_on = e.required_date(
            "revised_on",
            "das Datum der Fortschreibung",
            &self.revised_on,
        );
        let summary = e.text(
            "summary",
            "eine Zusammenfassung der Änderungen",
            &self.summary,
            4000,
        );
        let reference = e.optional_text(
            "resolution_ref",
            "Der Beschluss- oder Vorlagenbezug",
            &self.resolution_ref,
            200,
        );
        RevisionInput {
            version,
            revised_on,
            summary,
            reference: (!reference.is_empty()).then_some(reference),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ChangeForm {
    pub revision_id: String,
    pub entity: String,
    pub label: String,
    pub change: String,
    pub note: String,
}

impl ChangeForm {
    /// A blank form for the latest revision, preset to "new measure".
    pub fn blank(latest_revision: Option<i64>) -> Self {
        Self {
            revision_id: latest_revision.map(|id| id.to_string()).unwrap_or_default(),
            entity: ChangeSubject::Massnahme.key().into(),
            change: ChangeKind::Neu.key().into(),
            ..Default::default()
        }
    }
}

/// A recorded change as parsed; the revision is checked against the database after.
pub struct ChangeInput {
    pub revision: Option<i64>,
    pub entity: Option<ChangeSubject>,
    pub change: Option<ChangeKind>,
    pub label: String,
    pub note: String,
}

impl ChangeForm {
    pub fn parse(&self, e: &mut FieldErrors) -> ChangeInput {
        let revision = self.revision_id.trim().parse::<i64>().ok();
        let entity = ChangeSubject::parse(self.entity.trim());
        if entity.is_none() {
            e.add(
                "entity",
                "Bitte wählen Sie, ob ein Ziel oder eine Maßnahme betroffen ist.",
            );
        }
        let change = e.choice(
            "change",
            "die Art der Änderung",
            &self.change,
            ChangeKind::parse,
        );
        let label = e.text(
            "label",
            "die betroffene Maßnahme oder das Ziel (Nummer und Titel)",
            &self.label,
            300,
        );
        let note = e.optional_text("note", "Die Anmerkung", &self.note, 1000);
        ChangeInput {
            revision,
            entity,
            change,
            label,
            note,
        }
    }
}
