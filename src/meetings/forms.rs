//! The meeting forms: strings as typed, parsed into checked values with German errors.

use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;

use crate::domain::dates::{berlin_local_problem, local_problem_message, parse_date};
use crate::domain::meetings::MeetingKind;
use crate::domain::meetings::series_dates;
use crate::domain::validation::FieldErrors;
use crate::merge_field;
use crate::web::merge::{Field, MergeInput, Mergeable};

fn time(e: &mut FieldErrors, field: &'static str, label: &str, v: &str) -> Option<NaiveTime> {
    match NaiveTime::parse_from_str(v.trim(), "%H:%M") {
        Ok(t) => Some(t),
        Err(_) => {
            e.add(
                field,
                format!("Bitte geben Sie {label} als Uhrzeit ein (SS:MM, zum Beispiel 14:00)."),
            );
            None
        }
    }
}

/// Start and end time; the end must come after the start.
fn start_and_end(
    e: &mut FieldErrors,
    start: &str,
    end: &str,
) -> (Option<NaiveTime>, Option<NaiveTime>) {
    let start = time(e, "start", "den Beginn", start);
    let end = time(e, "end", "das Ende", end);
    if let (Some(s), Some(x)) = (start, end)
        && x <= s
    {
        e.add("end", "Das Ende muss nach dem Beginn liegen.");
    }
    (start, end)
}

/// Refuses a start or end that does not exist or exists twice on the day the clocks
/// change in Europe/Berlin (a calendar program would place it an hour off).
fn check_local(
    e: &mut FieldErrors,
    date: NaiveDate,
    start: Option<NaiveTime>,
    end: Option<NaiveTime>,
) {
    for (field, what, t) in [("start", "Der Beginn", start), ("end", "Das Ende", end)] {
        if let Some(t) = t
            && e.get(field).is_none()
            && let Some(problem) = berlin_local_problem(date, t)
        {
            e.add(field, local_problem_message(what, date, problem));
        }
    }
}

fn required_date(e: &mut FieldErrors, field: &'static str, v: &str) -> Option<NaiveDate> {
    let d = e.optional_date(field, v);
    if d.is_none() && e.get(field).is_none() {
        e.add(field, "Bitte geben Sie ein Datum ein (TT.MM.JJJJ).");
    }
    d
}

/// Date, start and end time and place: shared by the new-meeting and move forms.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SlotForm {
    pub kind: String,
    pub date: String,
    pub start: String,
    pub end: String,
    pub place: String,
}

#[derive(Debug, Clone)]
pub struct Slot {
    pub kind: MeetingKind,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub place: String,
}

impl Slot {
    pub fn starts_at(&self) -> String {
        format!("{}T{}", self.date, self.start.format("%H:%M"))
    }
    pub fn ends_at(&self) -> String {
        format!("{}T{}", self.date, self.end.format("%H:%M"))
    }
}

impl SlotForm {
    pub fn blank(kind: MeetingKind) -> Self {
        Self {
            kind: kind.key().into(),
            start: "14:00".into(),
            end: if kind == MeetingKind::Quartal {
                "16:00".into()
            } else {
                "15:30".into()
            },
            place: "Rathaus, Beratungsraum 2".into(),
            ..Self::default()
        }
    }

    pub fn parse(&self, with_kind: bool) -> Result<Slot, FieldErrors> {
        let mut e = FieldErrors::default();
        let kind = if with_kind {
            e.choice(
                "kind",
                "die Art der Sitzung",
                &self.kind,
                MeetingKind::parse,
            )
        } else {
            Some(MeetingKind::Ag)
        };
        let date = required_date(&mut e, "date", &self.date);
        let (start, end) = start_and_end(&mut e, &self.start, &self.end);
        if let Some(d) = date {
            check_local(&mut e, d, start, end);
        }
        let place = e.text("place", "den Ort", &self.place, 200);
        match (kind, date, start, end) {
            (Some(kind), Some(date), Some(start), Some(end)) if e.is_empty() => Ok(Slot {
                kind,
                date,
                start,
                end,
                place,
            }),
            _ => Err(e),
        }
    }
}

/// Days between two meetings of a series.
pub const SERIES_INTERVAL_DAYS: i64 = 14;

/// A biweekly series: first date, last date, times, place and dates to skip.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SeriesForm {
    pub title: String,
    pub first: String,
    pub until: String,
    pub start: String,
    pub end: String,
    pub place: String,
    pub skip: String,
}

pub struct SeriesInput {
    pub title: String,
    pub first: NaiveDate,
    pub until: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub place: String,
    pub skip: Vec<NaiveDate>,
}

impl SeriesForm {
    pub fn blank() -> Self {
        Self {
            title: "AG Digitalisierung der Verwaltung".into(),
            start: "14:00".into(),
            end: "15:30".into(),
            place: "Rathaus, Beratungsraum 2".into(),
            ..Self::default()
        }
    }

    pub fn parse(&self) -> Result<SeriesInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let title = e.text("title", "eine Bezeichnung der Serie", &self.title, 200);
        let first = required_date(&mut e, "first", &self.first);
        let until = required_date(&mut e, "until", &self.until);
        if let (Some(f), Some(u)) = (first, until) {
            if u < f {
                e.add(
                    "until",
                    "Das Ende der Serie muss nach dem ersten Termin liegen.",
                );
            } else if (u - f).num_days() > 2 * 366 {
                e.add("until", "Eine Serie darf höchstens zwei Jahre umfassen.");
            }
        }
        let (start, end) = start_and_end(&mut e, &self.start, &self.end);
        let place = e.text("place", "den Ort", &self.place, 200);
        let mut skip = Vec::new();
        for part in self.skip.split([',', ';', '\n']) {
            let p = part.trim();
            if p.is_empty() {
                continue;
            }
            match parse_date(p) {
                Some(d) => skip.push(d),
                None => e.add(
                    "skip",
                    format!("„{p}“ ist kein gültiges Datum (TT.MM.JJJJ, durch Komma getrennt)."),
                ),
            }
        }
        if let (Some(f), Some(u)) = (first, until)
            && e.get("until").is_none()
        {
            // the first date of the series that falls on a switch day names the problem
            if let Some(d) = series_dates(f, u, SERIES_INTERVAL_DAYS, &skip)
                .into_iter()
                .find(|d| {
                    [start, end]
                        .iter()
                        .flatten()
                        .any(|t| berlin_local_problem(*d, *t).is_some())
                })
            {
                check_local(&mut e, d, start, end);
            }
        }
        match (first, until, start, end) {
            (Some(first), Some(until), Some(start), Some(end)) if e.is_empty() => Ok(SeriesInput {
                title,
                first,
                until,
                start,
                end,
                place,
                skip,
            }),
            _ => Err(e),
        }
    }
}

/// An agenda item (TOP) as typed: linked measures as codes separated by commas.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ItemForm {
    pub title: String,
    pub public: String,
    pub presenter_id: String,
    pub planned_minutes: String,
    pub measures: String,
    pub version: String,
    /// Edit only: the values the form was opened with, for a field-wise merge.
    #[serde(flatten)]
    pub merge: MergeInput,
}

impl Mergeable for ItemForm {
    const FIELDS: &'static [Field<Self>] = &[
        merge_field!(ItemForm, title, "Titel"),
        merge_field!(ItemForm, public, "Öffentlich"),
        merge_field!(ItemForm, presenter_id, "Vortragende Person"),
        merge_field!(ItemForm, planned_minutes, "Dauer (Minuten)"),
        merge_field!(ItemForm, measures, "Verknüpfte Maßnahmen"),
    ];
    fn version_mut(&mut self) -> &mut String {
        &mut self.version
    }
    fn merge_input(&self) -> MergeInput {
        self.merge.clone()
    }
}

pub struct ItemInput {
    pub title: String,
    pub public: bool,
    pub presenter_id: Option<i64>,
    pub planned_minutes: i64,
    pub measure_codes: Vec<String>,
}

impl ItemForm {
    pub fn blank() -> Self {
        Self {
            public: "1".into(),
            planned_minutes: "10".into(),
            ..Self::default()
        }
    }

    pub fn parse(&self) -> Result<ItemInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let title = e.text(
            "title",
            "einen Titel des Tagesordnungspunkts",
            &self.title,
            300,
        );
        let public = match self.public.trim() {
            "1" => true,
            "0" => false,
            _ => {
                e.add(
                    "public",
                    "Bitte wählen Sie öffentlich oder nicht öffentlich.",
                );
                true
            }
        };
        let presenter_id = match self.presenter_id.trim() {
            "" => None,
            v => match v.parse::<i64>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    e.add(
                        "presenter_id",
                        "Bitte wählen Sie eine Person aus der Liste.",
                    );
                    None
                }
            },
        };
        let planned_minutes = e.int_in(
            "planned_minutes",
            "Die geplante Dauer",
            &self.planned_minutes,
            1,
            240,
        );
        let codes = e.optional_text("measures", "Die Maßnahmen", &self.measures, 500);
        let measure_codes = codes
            .split([',', ';', ' ', '\n'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        if e.is_empty() {
            Ok(ItemInput {
                title,
                public,
                presenter_id,
                planned_minutes,
                measure_codes,
            })
        } else {
            Err(e)
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TextForm {
    pub text: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MinutesForm {
    pub notes: String,
    pub outcome: String,
    pub dealt_with: Option<String>,
    pub version: String,
    /// The values the form was opened with, for a field-wise merge.
    #[serde(flatten)]
    pub merge: MergeInput,
}

impl Mergeable for MinutesForm {
    const FIELDS: &'static [Field<Self>] = &[
        merge_field!(MinutesForm, notes, "Beratung (Niederschrift)"),
        merge_field!(MinutesForm, outcome, "Ergebnis"),
        Field {
            key: "dealt_with",
            label: "Behandelt",
            get: |f| if f.dealt_with.is_some() { "1" } else { "" }.to_string(),
            set: |f, v| f.dealt_with = (!v.trim().is_empty()).then(|| "1".to_string()),
        },
    ];
    fn version_mut(&mut self) -> &mut String {
        &mut self.version
    }
    fn merge_input(&self) -> MergeInput {
        self.merge.clone()
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TaskForm {
    pub task_title: String,
    pub owner_id: String,
    pub due_on: String,
    pub measure_code: String,
}

pub struct TaskInput {
    pub title: String,
    pub owner_id: i64,
    pub due_on: Option<NaiveDate>,
    pub measure_code: Option<String>,
}

impl TaskForm {
    pub fn parse(&self) -> Result<TaskInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let title = e.text("task_title", "eine Aufgabe", &self.task_title, 500);
        let owner_id = match self.owner_id.trim().parse::<i64>() {
            Ok(n) if n > 0 => n,
            _ => {
                e.add(
                    "owner_id",
                    "Bitte wählen Sie aus, wer die Aufgabe übernimmt.",
                );
                0
            }
        };
        let due_on = required_date(&mut e, "due_on", &self.due_on);
        let code = e.optional_text("measure_code", "Die Maßnahme", &self.measure_code, 40);
        if e.is_empty() {
            Ok(TaskInput {
                title,
                owner_id,
                due_on,
                measure_code: (!code.is_empty()).then_some(code),
            })
        } else {
            Err(e)
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StateForm {
    pub state: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ParticipantForm {
    pub person_id: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MoveForm {
    pub richtung: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_rejects_end_before_start_and_bad_dates() {
        let f = SlotForm {
            kind: "quartal".into(),
            date: "30.02.2026".into(),
            start: "15:00".into(),
            end: "14:00".into(),
            place: "".into(),
        };
        let e = f.parse(true).unwrap_err();
        assert!(e.get("date").is_some());
        assert_eq!(e.get("end"), Some("Das Ende muss nach dem Beginn liegen."));
        assert!(e.get("place").is_some());
    }

    #[test]
    fn item_codes_are_split() {
        let f = ItemForm {
            title: "TOP".into(),
            public: "0".into(),
            presenter_id: "".into(),
            planned_minutes: "15".into(),
            measures: "HF1-01, HF2-02;HF3-03".into(),
            version: String::new(),
            merge: MergeInput::default(),
        };
        let i = f.parse().unwrap();
        assert_eq!(i.measure_codes, vec!["HF1-01", "HF2-02", "HF3-03"]);
        assert!(!i.public);
    }
}
