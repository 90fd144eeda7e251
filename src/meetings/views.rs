//! View models of the meeting pages: rows turned into German text.

use chrono::{DateTime, NaiveDate, Utc};

use super::queries::{
    CommentRow, DecisionRow, ItemRow, LinkedMeasure, MeetingRow, ParticipantRow, PendingRow,
};
use crate::domain::dates::{ago, format_date, format_iso, format_timestamp};
use crate::domain::meetings::{Attendance, MeetingKind, MeetingState, ReleaseState, release_state};
use crate::lookups::tasks::{TaskRow, TaskView};

/// `2026-12-10T14:00` → ("10.12.2026", "14:00").
pub fn split_local(ts: &str) -> (String, String) {
    let date = format_iso(Some(ts));
    let time = ts.get(11..16).unwrap_or("").to_string();
    (date, time)
}

pub fn date_of(ts: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(ts.get(..10)?, "%Y-%m-%d").ok()
}

/// "AG-Sitzung am 10.12.2026"
pub fn meeting_title(m: &MeetingRow) -> String {
    format!("{} am {}", m.kind.label(), split_local(&m.starts_at).0)
}

pub struct MeetingView {
    pub id: i64,
    pub title: String,
    pub joint: bool,
    pub date: String,
    pub start: String,
    pub end: String,
    pub place: String,
    pub state: MeetingState,
    pub cancelled: bool,
    pub held: bool,
    pub moved_from: String,
    pub release: ReleaseState,
    pub released_by: String,
    pub released_at: String,
    pub length_minutes: i64,
    pub in_series: bool,
}

impl MeetingView {
    pub fn new(m: &MeetingRow) -> Self {
        let (date, start) = split_local(&m.starts_at);
        let (_, end) = split_local(&m.ends_at);
        Self {
            id: m.id,
            title: meeting_title(m),
            joint: m.kind == MeetingKind::Quartal,
            date,
            start,
            end,
            place: m.place.clone(),
            state: m.state,
            cancelled: m.state == MeetingState::Abgesagt,
            held: m.state == MeetingState::Durchgefuehrt,
            moved_from: m
                .moved_from
                .as_deref()
                .map(|t| {
                    let (d, s) = split_local(t);
                    format!("{d}, {s} Uhr")
                })
                .unwrap_or_default(),
            release: release_state(
                m.agenda_released_at.is_some(),
                m.agenda_changed_after_release,
            ),
            released_by: m.released_by_name.clone().unwrap_or_default(),
            released_at: m
                .agenda_released_at
                .as_deref()
                .map(format_timestamp)
                .unwrap_or_default(),
            length_minutes: m.length_minutes,
            in_series: m.series_id.is_some(),
        }
    }

    pub fn is_released(&self) -> bool {
        self.release == ReleaseState::Released
    }
    pub fn is_changed(&self) -> bool {
        self.release == ReleaseState::ChangedAfterRelease
    }
}

pub struct CommentView {
    pub author: String,
    pub at: String,
    pub text: String,
}

pub struct ItemView {
    pub id: i64,
    pub number: usize,
    pub title: String,
    pub public: bool,
    pub presenter: String,
    pub presenter_id: Option<i64>,
    pub planned_minutes: i64,
    pub reason: String,
    pub notes: String,
    pub outcome: String,
    pub dealt_with: bool,
    pub carried: bool,
    pub first: bool,
    pub last: bool,
    pub measures: Vec<LinkedMeasure>,
    /// Every linked measure is Gelb or Rot (the joint session's red/amber item, or an item
    /// about such a measure): cause, options and decision date are shown per measure.
    /// Items that merely mention such a measure among others do not repeat them.
    pub show_decisions: bool,
    pub comments: Vec<CommentView>,
    pub decisions: Vec<String>,
    pub tasks: Vec<TaskView>,
}

pub struct ItemParts<'a> {
    pub items: Vec<ItemRow>,
    pub measures: &'a [LinkedMeasure],
    pub comments: &'a [CommentRow],
    pub decisions: &'a [DecisionRow],
    pub tasks: &'a [TaskRow],
    pub today: &'a str,
}

pub fn item_views(p: ItemParts<'_>) -> Vec<ItemView> {
    let n = p.items.len();
    p.items
        .into_iter()
        .enumerate()
        .map(|(i, it)| {
            let measures: Vec<LinkedMeasure> = p
                .measures
                .iter()
                .filter(|m| m.item_id == it.id)
                .cloned()
                .map(|mut m| {
                    if let Some(d) = m.decision_by {
                        m.decision_by_text = format_date(d);
                        m.decision_overdue = d.to_string().as_str() < p.today;
                    }
                    m
                })
                .collect();
            ItemView {
                show_decisions: !measures.is_empty()
                    && measures.iter().all(LinkedMeasure::needs_decision),
                measures,
                id: it.id,
                number: i + 1,
                public: it.public,
                presenter: it.presenter.clone().unwrap_or_default(),
                presenter_id: it.presenter_id,
                planned_minutes: it.planned_minutes,
                dealt_with: it.dealt_with,
                carried: it.carried_from.is_some(),
                first: i == 0,
                last: i + 1 == n,
                comments: p
                    .comments
                    .iter()
                    .filter(|c| c.item_id == it.id)
                    .map(|c| CommentView {
                        author: c.author.clone(),
                        at: format_timestamp(&c.created_at),
                        text: c.text.clone(),
                    })
                    .collect(),
                decisions: p
                    .decisions
                    .iter()
                    .filter(|d| d.item_id == it.id)
                    .map(|d| d.text.clone())
                    .collect(),
                tasks: p
                    .tasks
                    .iter()
                    .filter(|t| t.item_id == Some(it.id))
                    .map(|t| TaskView::new(t, p.today))
                    .collect(),
                title: it.title,
                reason: it.reason,
                notes: it.notes,
                outcome: it.outcome,
            }
        })
        .collect()
}

pub struct ParticipantView {
    pub person_id: i64,
    pub name: String,
    pub function: String,
    pub guest: bool,
    pub attendance: Option<Attendance>,
    pub attendance_label: &'static str,
}

impl ParticipantView {
    pub fn new(p: &ParticipantRow) -> Self {
        Self {
            person_id: p.person_id,
            name: p.name.clone(),
            function: p.function.clone(),
            guest: p.guest,
            attendance: p.attendance,
            attendance_label: p.attendance.map_or("nicht erfasst", Attendance::label),
        }
    }

    /// Is this the recorded attendance (the selected option)?
    pub fn attended_as(&self, a: &Attendance) -> bool {
        self.attendance == Some(*a)
    }
}

pub struct ListRow {
    pub id: i64,
    pub title: String,
    pub kind: &'static str,
    pub date: String,
    pub time: String,
    pub place: String,
    pub state: &'static str,
    pub cancelled: bool,
    pub release: &'static str,
}

impl ListRow {
    /// The (local) year of the meeting, from its date `28.11.2026`.
    pub fn year(&self) -> Option<i32> {
        self.date.rsplit('.').next()?.parse().ok()
    }

    pub fn new(m: &MeetingRow) -> Self {
        let (date, time) = split_local(&m.starts_at);
        let release = match (
            m.kind,
            release_state(
                m.agenda_released_at.is_some(),
                m.agenda_changed_after_release,
            ),
        ) {
            (MeetingKind::Quartal, ReleaseState::NotReleased) => "Entwurf, nicht freigegeben",
            (MeetingKind::Quartal, ReleaseState::Released) => "freigegeben",
            (MeetingKind::Quartal, ReleaseState::ChangedAfterRelease) => "geändert nach Freigabe",
            (MeetingKind::Ag, _) => "",
        };
        Self {
            id: m.id,
            title: meeting_title(m),
            kind: m.kind.label(),
            date,
            time,
            place: m.place.clone(),
            state: m.state.label(),
            cancelled: m.state == MeetingState::Abgesagt,
            release,
        }
    }
}

pub struct DecisionView {
    pub meeting_id: i64,
    pub meeting: String,
    pub item: String,
    pub text: String,
    pub decided_on: String,
}

impl DecisionView {
    pub fn new(d: &DecisionRow) -> Self {
        Self {
            meeting_id: d.meeting_id,
            meeting: format!("{} am {}", d.kind.label(), format_iso(Some(&d.decided_on))),
            item: format!("TOP {} {}", d.position, d.item_title),
            text: d.text.clone(),
            decided_on: format_iso(Some(&d.decided_on)),
        }
    }
}

/// Before a meeting: whose active measures have no status update since the previous
/// meeting (SPEC "update cycle": listed before each AG meeting).
pub struct PendingView {
    /// "der letzten Sitzung am 12.11.2026" or "dem 26.11.2026 (14 Tage vor dieser Sitzung)"
    pub since: String,
    pub count: usize,
    pub people: Vec<PendingPerson>,
}

pub struct PendingPerson {
    pub who: String,
    pub measures: Vec<PendingMeasure>,
}

pub struct PendingMeasure {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub ago: String,
}

impl PendingView {
    /// `rows` sorted by person (as `not_updated_since` returns them).
    pub fn new(since: String, rows: Vec<PendingRow>, now: DateTime<Utc>) -> Self {
        let count = rows.len();
        let mut people: Vec<PendingPerson> = Vec::new();
        for r in rows {
            let who = match (r.person, r.function) {
                (Some(name), Some(function)) if !function.is_empty() => {
                    format!("{name} ({function})")
                }
                (Some(name), _) => name,
                (None, _) => "ohne verantwortliche Person".into(),
            };
            let measure = PendingMeasure {
                ago: ago(&r.last_update_at, now),
                id: r.id,
                code: r.code,
                title: r.title,
            };
            match people.last_mut() {
                Some(p) if p.who == who => p.measures.push(measure),
                _ => people.push(PendingPerson {
                    who,
                    measures: vec![measure],
                }),
            }
        }
        Self {
            since,
            count,
            people,
        }
    }
}
