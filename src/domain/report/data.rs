//! The content of a report as data: what it shows as of its cut-off date (Stichtag).
//! A released report stores this (as JSON) next to its rendered HTML and PDF; the
//! vocabulary fields are written as their keys, exactly as before they were typed, so
//! frozen snapshots read back unchanged.

use serde::{Deserialize, Serialize};

use crate::domain::meetings::MeetingKind;
use crate::domain::{Ampel, Status};

/// Everything a report shows, as of its cut-off date (Stichtag).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ReportData {
    pub meta: ReportMeta,
    pub fields: Vec<FieldSnap>,
    pub measures: Vec<MeasureSnap>,
    pub budget: Vec<BudgetSnap>,
    pub goals: Vec<GoalSnap>,
    pub meetings: Vec<MeetingSnap>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ReportMeta {
    pub programme: String,
    pub period_label: String,
    /// ISO dates.
    pub period_start: String,
    pub cutoff_on: String,
    pub vorlage_no: String,
    pub addressee: String,
    pub committee_on: Option<String>,
    pub summary: String,
    pub outlook: String,
    pub corrects: Option<String>,
    /// The city's letterhead as set at release (empty in reports frozen before it existed).
    #[serde(default)]
    pub letterhead: Letterhead,
    /// ISO date of the Vorlage: the day of its release (`None` for a draft).
    #[serde(default)]
    pub dated_on: Option<String>,
}

/// The letterhead of the city's council documents, edited by an admin
/// (`/verwaltung/briefkopf`): no code change for another city.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Letterhead {
    /// "Stadt Musterstadt"
    pub city: String,
    /// "Der Oberbürgermeister"
    pub head: String,
    /// The issuing unit: "Hauptamt – Stabsstelle Digitalisierung"
    pub unit: String,
    /// The Vorlage type: "Informationsvorlage"
    pub kind: String,
}

impl Letterhead {
    pub const DEFAULT_KIND: &'static str = "Informationsvorlage";

    /// The Vorlage type, "Informationsvorlage" when none is set.
    pub fn kind_or_default(&self) -> &str {
        if self.kind.trim().is_empty() {
            Self::DEFAULT_KIND
        } else {
            &self.kind
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FieldSnap {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub comment: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MeasureSnap {
    pub id: i64,
    pub field_id: i64,
    pub code: String,
    pub title: String,
    pub unit: String,
    /// A role ("Leitung Amt 21"), or a name only where the person agreed to be named.
    pub responsible: String,
    #[serde(with = "key")]
    pub status: Status,
    #[serde(with = "key")]
    pub ampel: Ampel,
    pub progress: i64,
    /// Latest Sachstand up to the Stichtag ("" when there was none). Reports frozen
    /// before `text_on` existed hold the latest Sachstand inside the period only.
    pub text: String,
    /// ISO date of the status update `text` comes from.
    #[serde(default)]
    pub text_on: Option<String>,
    pub next_steps: String,
    pub reason: String,
    pub options: String,
    pub decision_by: Option<String>,
    pub planned_end: Option<String>,
    /// ISO date the measure was first reported as completed (if it is).
    pub completed_on: Option<String>,
    pub milestones: Vec<MilestoneSnap>,
    /// Decisions on agenda items about this measure, in meetings held in the period.
    #[serde(default)]
    pub decisions: Vec<DecisionSnap>,
    /// Council papers the measure references (reference and ISO date), frozen with the report.
    #[serde(default)]
    pub council_papers: Vec<CouncilPaperSnap>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct CouncilPaperSnap {
    pub reference: String,
    pub dated_on: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct DecisionSnap {
    /// ISO date of the meeting.
    pub on: String,
    pub text: String,
}

impl MeasureSnap {
    /// Running and not green: the report explains the cause and the options.
    pub fn needs_explanation(&self) -> bool {
        self.status.is_active() && self.ampel != Ampel::Gruen
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct MilestoneSnap {
    pub id: i64,
    pub title: String,
    pub due_on: String,
    pub done_on: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct BudgetSnap {
    pub measure_id: i64,
    pub fiscal_year: i64,
    /// Euro cents, summed over the measure's lines of that year.
    pub planned: i64,
    pub approved: i64,
    pub actual: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct GoalSnap {
    pub id: i64,
    pub title: String,
    pub indicator: String,
    pub unit: String,
    pub baseline: f64,
    pub target_value: f64,
    pub target_on: String,
    pub latest: Option<f64>,
    pub latest_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MeetingSnap {
    pub id: i64,
    #[serde(with = "key")]
    pub kind: MeetingKind,
    pub starts_at: String,
    pub place: String,
    pub decisions: Vec<String>,
}

/// The person shown in a council document: the role, or "Name (Rolle)" for a person
/// who agreed to be named.
pub fn public_responsible(name: Option<&str>, function: Option<&str>, public_name: bool) -> String {
    match (name, function) {
        (Some(n), Some(f)) if public_name && !f.is_empty() => format!("{n} ({f})"),
        (Some(n), _) if public_name => n.to_string(),
        (_, Some(f)) => f.to_string(),
        _ => String::new(),
    }
}

/// Serde for the vocabulary fields of a snapshot: written as the key, read back from
/// the key; an unknown key is an error, never a default.
mod key {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::domain::meetings::MeetingKind;
    use crate::domain::{Ampel, Status};

    pub trait Keyed: Sized + Copy {
        fn key(self) -> &'static str;
        fn parse(key: &str) -> Option<Self>;
    }

    macro_rules! keyed {
        ($($ty:ty),+) => {$(
            impl Keyed for $ty {
                fn key(self) -> &'static str {
                    <$ty>::key(self)
                }
                fn parse(key: &str) -> Option<Self> {
                    <$ty>::parse(key)
                }
            }
        )+};
    }
    keyed!(Status, Ampel, MeetingKind);

    pub fn serialize<T: Keyed, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(value.key())
    }

    pub fn deserialize<'de, T: Keyed, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
        let raw = String::deserialize(d)?;
        T::parse(&raw).ok_or_else(|| D::Error::custom(format!("unknown key {raw:?}")))
    }
}

#[cfg(test)]
pub(super) mod fixtures {
    use super::*;

    pub fn measure(id: i64, status: Status, ampel: Ampel) -> MeasureSnap {
        MeasureSnap {
            id,
            field_id: 1,
            code: format!("HF1-{id:02}"),
            title: format!("Maßnahme {id}"),
            unit: String::new(),
            responsible: String::new(),
            status,
            ampel,
            progress: 0,
            text: String::new(),
            text_on: None,
            next_steps: String::new(),
            reason: String::new(),
            options: String::new(),
            decision_by: None,
            planned_end: None,
            completed_on: None,
            milestones: Vec::new(),
            decisions: Vec::new(),
            council_papers: Vec::new(),
        }
    }

    pub fn data(start: &str, cutoff: &str, measures: Vec<MeasureSnap>) -> ReportData {
        ReportData {
            meta: ReportMeta {
                period_start: start.into(),
                cutoff_on: cutoff.into(),
                ..Default::default()
            },
            measures,
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::measure;
    use super::*;

    #[test]
    fn council_sees_roles_unless_a_person_agreed() {
        assert_eq!(
            public_responsible(Some("Erika"), Some("Leitung Amt 21"), false),
            "Leitung Amt 21"
        );
        assert_eq!(
            public_responsible(Some("Erika"), Some("Leitung Amt 21"), true),
            "Erika (Leitung Amt 21)"
        );
        assert_eq!(public_responsible(None, None, false), "");
    }

    #[test]
    fn vocabulary_fields_are_stored_as_their_keys() {
        let m = measure(1, Status::Umsetzung, Ampel::Rot);
        let json = serde_json::to_string(&m).expect("serialise");
        assert!(
            json.contains(r#""status":"umsetzung","ampel":"rot""#),
            "{json}"
        );
        let back: MeasureSnap = serde_json::from_str(&json).expect("read back");
        assert_eq!(back, m);
        let bad = json.replace(r#""rot""#, r#""lila""#);
        assert!(serde_json::from_str::<MeasureSnap>(&bad).is_err());
    }
}
