//! The forms of the measures feature: strings as typed, parsed into checked values
//! (the measure form into a `MeasureInput`, the milestone form, the archive form).

use crate::db::Conn;
use chrono::NaiveDate;
use serde::Deserialize;

pub use super::input::MeasureInput;
use super::input::SignOff;
use super::queries::{self, Measure};
use crate::domain::validation::FieldErrors;
use crate::domain::{Priority, SignOffState, SignOffTrack};
use crate::lookups::RefTable;
use crate::merge_field;
use crate::web::merge::{Field, MergeInput, Mergeable};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MeasureForm {
    pub code: String,
    pub title: String,
    pub description: String,
    /// "Öffentlich zeigen" (a checkbox: present when ticked).
    pub public: Option<String>,
    /// The description the council and the public read (may differ from the internal one).
    pub public_description: String,
    pub field_id: String,
    pub org_unit_id: String,
    pub person_id: String,
    pub priority: String,
    pub planned_start: String,
    pub planned_end: String,
    pub actual_start: String,
    pub effort_days: String,
    pub dsb_relevant: Option<String>,
    pub isb_relevant: Option<String>,
    pub pr_relevant: Option<String>,
    pub dsb_state: String,
    pub dsb_note: String,
    pub dsb_date: String,
    pub isb_state: String,
    pub isb_note: String,
    pub isb_date: String,
    pub pr_state: String,
    pub pr_note: String,
    pub pr_date: String,
    pub ozg_key: String,
    pub ozg_model: String,
    pub ozg_level: String,
    pub version: String,
    /// Set by the "Auslastung prüfen" button: re-render with the unit's load, save nothing.
    pub pruefen: Option<String>,
    /// The values the form was opened with, for a field-wise merge after a conflict.
    #[serde(flatten)]
    pub merge: MergeInput,
}

fn checkbox(v: &Option<String>) -> String {
    if v.is_some() {
        "on".into()
    } else {
        String::new()
    }
}

fn set_checkbox(v: String) -> Option<String> {
    (!v.trim().is_empty()).then_some(v)
}

impl Mergeable for MeasureForm {
    const FIELDS: &'static [Field<Self>] = &[
        merge_field!(MeasureForm, code, "Nummer"),
        merge_field!(MeasureForm, title, "Titel"),
        merge_field!(MeasureForm, description, "Beschreibung"),
        Field {
            key: "public",
            label: "Öffentlich zeigen",
            get: |f| checkbox(&f.public),
            set: |f, v| f.public = set_checkbox(v),
        },
        merge_field!(MeasureForm, public_description, "Öffentliche Beschreibung"),
        merge_field!(MeasureForm, field_id, "Handlungsfeld"),
        merge_field!(MeasureForm, priority, "Priorität"),
        merge_field!(
            MeasureForm,
            org_unit_id,
            "Federführende Organisationseinheit"
        ),
        merge_field!(MeasureForm, person_id, "Verantwortliche Person"),
        merge_field!(MeasureForm, planned_start, "Geplanter Beginn"),
        merge_field!(MeasureForm, planned_end, "Geplantes Ende"),
        merge_field!(MeasureForm, actual_start, "Tatsächlicher Beginn"),
        merge_field!(MeasureForm, effort_days, "Interner Aufwand (Personentage)"),
        Field {
            key: "dsb_relevant",
            label: "Datenschutz: Beteiligung erforderlich",
            get: |f| checkbox(&f.dsb_relevant),
            set: |f, v| f.dsb_relevant = set_checkbox(v),
        },
        merge_field!(MeasureForm, dsb_state, "Stand Datenschutz"),
        merge_field!(MeasureForm, dsb_date, "Datum der Entscheidung Datenschutz"),
        merge_field!(MeasureForm, dsb_note, "Anmerkung Datenschutz"),
        Field {
            key: "isb_relevant",
            label: "Informationssicherheit: Beteiligung erforderlich",
            get: |f| checkbox(&f.isb_relevant),
            set: |f, v| f.isb_relevant = set_checkbox(v),
        },
        merge_field!(MeasureForm, isb_state, "Stand Informationssicherheit"),
        merge_field!(
            MeasureForm,
            isb_date,
            "Datum der Entscheidung Informationssicherheit"
        ),
        merge_field!(MeasureForm, isb_note, "Anmerkung Informationssicherheit"),
        Field {
            key: "pr_relevant",
            label: "Personalrat: Beteiligung erforderlich",
            get: |f| checkbox(&f.pr_relevant),
            set: |f, v| f.pr_relevant = set_checkbox(v),
        },
        merge_field!(MeasureForm, pr_state, "Stand Personalrat"),
        merge_field!(MeasureForm, pr_date, "Datum der Entscheidung Personalrat"),
        merge_field!(MeasureForm, pr_note, "Anmerkung Personalrat"),
        merge_field!(MeasureForm, ozg_key, "LeiKa-Schlüssel"),
        merge_field!(MeasureForm, ozg_model, "Reifegradmodell"),
        merge_field!(MeasureForm, ozg_level, "Reifegrad"),
    ];
    fn version_mut(&mut self) -> &mut String {
        &mut self.version
    }
    fn merge_input(&self) -> MergeInput {
        self.merge.clone()
    }
}

fn opt(v: &str) -> Option<String> {
    let t = v.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl MeasureForm {
    /// Pre-fills the form from a stored measure.
    pub fn from_measure(m: &Measure, sign_offs: &[SignOff]) -> Self {
        use SignOffTrack::{Dsb, Isb, Pr};
        let so = |track: SignOffTrack| sign_offs.iter().find(|s| s.track == track);
        // A track without a stored row is "nicht erforderlich".
        let state = |t| {
            so(t)
                .map_or(SignOffState::NichtErforderlich, |s| s.state)
                .key()
                .to_string()
        };
        let note = |t| so(t).map(|s| s.note.clone()).unwrap_or_default();
        let date = |t| so(t).and_then(|s| s.decided_on.clone()).unwrap_or_default();
        let flag = |b: bool| b.then(|| "on".to_string());
        Self {
            code: m.code.clone(),
            title: m.title.clone(),
            description: m.description.clone(),
            public: flag(m.public),
            public_description: m.public_description.clone(),
            field_id: m.field_id.to_string(),
            org_unit_id: m.org_unit_id.to_string(),
            person_id: m.person_id.map(|p| p.to_string()).unwrap_or_default(),
            priority: m.priority.key().to_string(),
            planned_start: m.planned_start.clone().unwrap_or_default(),
            planned_end: m.planned_end.clone().unwrap_or_default(),
            actual_start: m.actual_start.clone().unwrap_or_default(),
            effort_days: m.effort_days.to_string(),
            dsb_relevant: flag(m.dsb_relevant),
            isb_relevant: flag(m.isb_relevant),
            pr_relevant: flag(m.pr_relevant),
            dsb_state: state(Dsb),
            dsb_note: note(Dsb),
            dsb_date: date(Dsb),
            isb_state: state(Isb),
            isb_note: note(Isb),
            isb_date: date(Isb),
            pr_state: state(Pr),
            pr_note: note(Pr),
            pr_date: date(Pr),
            ozg_key: m.ozg_key.clone().unwrap_or_default(),
            ozg_model: m.ozg_model.clone().unwrap_or_default(),
            ozg_level: m.ozg_level.map(|l| l.to_string()).unwrap_or_default(),
            version: m.version.to_string(),
            pruefen: None,
            merge: MergeInput::default(),
        }
    }

    /// A blank form for a new measure.
    pub fn blank() -> Self {
        Self {
            priority: "mittel".into(),
            effort_days: "0".into(),
            dsb_state: "nicht_erforderlich".into(),
            isb_state: "nicht_erforderlich".into(),
            pr_state: "nicht_erforderlich".into(),
            ..Default::default()
        }
    }

    pub fn sign_off_fields(&self, track: SignOffTrack) -> (&str, &str, &str, bool) {
        match track {
            SignOffTrack::Dsb => (
                &self.dsb_state,
                &self.dsb_note,
                &self.dsb_date,
                self.dsb_relevant.is_some(),
            ),
            SignOffTrack::Isb => (
                &self.isb_state,
                &self.isb_note,
                &self.isb_date,
                self.isb_relevant.is_some(),
            ),
            SignOffTrack::Pr => (
                &self.pr_state,
                &self.pr_note,
                &self.pr_date,
                self.pr_relevant.is_some(),
            ),
        }
    }

    /// Everything that can be checked without the database.
    fn parse_local(&self, e: &mut FieldErrors) -> Option<MeasureInput> {
        let code = e.name("code", "eine Nummer (z. B. HF2-04)", &self.code, 20);
        if !code.is_empty()
            && !code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_')
        {
            e.add(
                "code",
                "Die Nummer darf nur Buchstaben, Ziffern, Punkt, Binde- und Unterstrich enthalten.",
            );
        }
        let title = e.text("title", "einen Titel", &self.title, 200);
        let description =
            e.optional_text("description", "Die Beschreibung", &self.description, 8000);
        let public = self.public.is_some();
        let public_description = e.optional_text(
            "public_description",
            "Die öffentliche Beschreibung",
            &self.public_description,
            8000,
        );
        // Nothing goes public without a text written for the public: the internal
        // description is never shown in its place.
        if public && public_description.is_empty() && e.get("public_description").is_none() {
            e.add(
                "public_description",
                "Bitte geben Sie eine öffentliche Beschreibung ein, bevor die Maßnahme öffentlich wird.",
            );
        }
        let field_id = parse_id(e, "field_id", &self.field_id, "ein Handlungsfeld");
        let org_unit_id = parse_id(
            e,
            "org_unit_id",
            &self.org_unit_id,
            "die federführende Organisationseinheit",
        );
        // Every measure has a responsible person (SPEC §3, issue: responsibilities).
        let person_id = parse_id(
            e,
            "person_id",
            &self.person_id,
            "eine verantwortliche Person",
        );
        let priority = e.choice(
            "priority",
            "eine Priorität",
            &self.priority,
            Priority::parse,
        );
        let planned_start = e.optional_date("planned_start", &self.planned_start);
        let planned_end = e.optional_date("planned_end", &self.planned_end);
        let actual_start = e.optional_date("actual_start", &self.actual_start);
        if let (Some(s), Some(end)) = (planned_start, planned_end)
            && end < s
        {
            e.add(
                "planned_end",
                "Das geplante Ende darf nicht vor dem geplanten Beginn liegen.",
            );
        }
        let effort_days = if self.effort_days.trim().is_empty() {
            0
        } else {
            e.int_in(
                "effort_days",
                "Der interne Aufwand (Personentage)",
                &self.effort_days,
                0,
                100_000,
            )
        };

        let ozg_key = opt(&self.ozg_key);
        if let Some(k) = &ozg_key
            && (k.len() > 20 || !k.chars().all(|c| c.is_ascii_digit()))
        {
            e.add(
                "ozg_key",
                "Der LeiKa-Schlüssel besteht aus höchstens 20 Ziffern.",
            );
        }
        let ozg_model = opt(&self.ozg_model);
        let max_level = match ozg_model.as_deref() {
            None => None,
            Some("1.1") => Some(4),
            Some("2.0") => Some(7),
            Some(_) => {
                e.add(
                    "ozg_model",
                    "Bitte wählen Sie das Reifegradmodell 1.1 oder 2.0.",
                );
                None
            }
        };
        let ozg_level = match (opt(&self.ozg_level), max_level) {
            (None, _) => None,
            (Some(_), None) => {
                if e.get("ozg_model").is_none() {
                    e.add(
                        "ozg_model",
                        "Zum Reifegrad gehört die Angabe des Reifegradmodells.",
                    );
                }
                None
            }
            (Some(l), Some(max)) => Some(e.int_in("ozg_level", "Der Reifegrad", &l, 0, max)),
        };

        let mut sign_offs = Vec::new();
        for track in SignOffTrack::ALL {
            let (state, note, date, relevant) = self.sign_off_fields(*track);
            let state_field: &'static str = match track {
                SignOffTrack::Dsb => "dsb_state",
                SignOffTrack::Isb => "isb_state",
                SignOffTrack::Pr => "pr_state",
            };
            let note_field: &'static str = match track {
                SignOffTrack::Dsb => "dsb_note",
                SignOffTrack::Isb => "isb_note",
                SignOffTrack::Pr => "pr_note",
            };
            let date_field: &'static str = match track {
                SignOffTrack::Dsb => "dsb_date",
                SignOffTrack::Isb => "isb_date",
                SignOffTrack::Pr => "pr_date",
            };
            let st = e.choice(
                state_field,
                "einen Stand der Beteiligung",
                state,
                SignOffState::parse,
            );
            let note = e.optional_text(note_field, "Die Anmerkung", note, 2000);
            let decided = e.optional_date(date_field, date);
            let st = match (relevant, st) {
                (false, _) => SignOffState::NichtErforderlich,
                (true, Some(SignOffState::NichtErforderlich)) => {
                    e.add(state_field, "Die Maßnahme ist als beteiligungspflichtig markiert: bitte „offen“, „erteilt“ oder „mit Auflagen“ wählen.");
                    SignOffState::Offen
                }
                (true, Some(s)) => s,
                (true, None) => SignOffState::Offen,
            };
            if matches!(st, SignOffState::Erteilt | SignOffState::MitAuflagen)
                && decided.is_none()
                && e.get(date_field).is_none()
            {
                e.add(
                    date_field,
                    "Bitte geben Sie das Datum der Zustimmung an (TT.MM.JJJJ).",
                );
            }
            if st == SignOffState::MitAuflagen && note.is_empty() {
                e.add(note_field, "Bitte nennen Sie die Auflagen.");
            }
            sign_offs.push(SignOff {
                track: *track,
                state: st,
                note,
                decided_on: decided.map(|d| d.to_string()),
            });
        }

        Some(MeasureInput {
            programme_id: 0,
            field_id: field_id?,
            code,
            title,
            description,
            public,
            public_description,
            org_unit_id: org_unit_id?,
            person_id,
            priority: priority?,
            planned_start,
            planned_end,
            actual_start,
            effort_days,
            dsb_relevant: self.dsb_relevant.is_some(),
            isb_relevant: self.isb_relevant.is_some(),
            pr_relevant: self.pr_relevant.is_some(),
            ozg_key,
            ozg_model,
            ozg_level,
            sign_offs,
        })
    }

    /// Parses and checks references against the database (inside the write transaction).
    pub async fn parse(
        &self,
        conn: &mut Conn,
        except: Option<i64>,
    ) -> sqlx::Result<Result<MeasureInput, FieldErrors>> {
        let mut e = FieldErrors::default();
        let input = self.parse_local(&mut e);
        let Some(mut input) = input else {
            return Ok(Err(e));
        };
        match queries::programme_of_field(conn, input.field_id).await? {
            Some(p) => input.programme_id = p,
            None => e.add("field_id", "Bitte wählen Sie ein Handlungsfeld aus."),
        }
        if !crate::lookups::exists(conn, RefTable::OrgUnit, input.org_unit_id).await? {
            e.add(
                "org_unit_id",
                "Bitte wählen Sie die federführende Organisationseinheit aus.",
            );
        }
        if let Some(p) = input.person_id
            && !crate::lookups::exists(conn, RefTable::Person, p).await?
        {
            e.add(
                "person_id",
                "Bitte wählen Sie eine verantwortliche Person aus.",
            );
        }
        if input.programme_id > 0
            && queries::code_taken(conn, input.programme_id, &input.code, except).await?
        {
            e.add("code", "Diese Nummer ist im Programm bereits vergeben.");
        }
        Ok(if e.is_empty() { Ok(input) } else { Err(e) })
    }
}

fn parse_id(e: &mut FieldErrors, field: &'static str, v: &str, what: &str) -> Option<i64> {
    match v.trim().parse::<i64>() {
        Ok(n) if n > 0 => Some(n),
        _ => {
            e.add(field, format!("Bitte wählen Sie {what} aus."));
            None
        }
    }
}

/// The "add milestone" form on the measure page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MilestoneForm {
    pub ms_title: String,
    pub ms_due: String,
}

impl MilestoneForm {
    /// Title and due date; the errors are added to `e`.
    pub fn parse(&self, e: &mut FieldErrors) -> (String, Option<NaiveDate>) {
        let title = e.text(
            "ms_title",
            "eine Bezeichnung des Meilensteins",
            &self.ms_title,
            200,
        );
        let due = e.optional_date("ms_due", &self.ms_due);
        if due.is_none() && e.get("ms_due").is_none() {
            e.add(
                "ms_due",
                "Bitte geben Sie das Fälligkeitsdatum an (TT.MM.JJJJ).",
            );
        }
        (title, due)
    }
}

/// Archive / restore: the version the user saw.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VersionForm {
    pub version: String,
}

/// A council paper to link to the measure (issue 16): the reference is required; name,
/// date and address come from the city's OParl system when it is configured, or are typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CouncilPaperForm {
    pub rb_reference: String,
    pub rb_name: String,
    pub rb_date: String,
    pub rb_url: String,
}

/// A checked council paper.
pub struct CouncilPaperInput {
    pub reference: String,
    pub name: String,
    pub dated_on: Option<NaiveDate>,
    /// `None` when left empty (to be looked up).
    pub url: Option<String>,
}

impl CouncilPaperForm {
    pub fn parse(&self, e: &mut FieldErrors) -> CouncilPaperInput {
        let reference = e.name(
            "rb_reference",
            "die Nummer des Ratsbeschlusses (z. B. 567/24)",
            &self.rb_reference,
            40,
        );
        let name = e.optional_text("rb_name", "Der Titel", &self.rb_name, 300);
        let dated_on = e.optional_date("rb_date", &self.rb_date);
        let raw = self.rb_url.trim();
        let url = if raw.is_empty() {
            None
        } else {
            match url::Url::parse(raw) {
                Ok(u)
                    if matches!(u.scheme(), "http" | "https")
                        && u.host_str().is_some()
                        && raw.len() <= 2000 =>
                {
                    Some(raw.to_string())
                }
                _ => {
                    e.add(
                        "rb_url",
                        "Bitte geben Sie eine Adresse an, die mit http:// oder https:// beginnt.",
                    );
                    None
                }
            }
        };
        CouncilPaperInput {
            reference,
            name,
            dated_on,
            url,
        }
    }
}
