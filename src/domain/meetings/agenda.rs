//! The AG agenda rules: the items proposed from the programme's state since the last
//! meeting (each with the reason why it is there), and reordering an agenda.

use chrono::NaiveDate;

use crate::domain::Ampel;
use crate::domain::dates::format_date;

/// One agenda item proposed by a rule, with the reason shown to the reader.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftItem {
    pub title: String,
    pub reason: String,
    pub public: bool,
    pub planned_minutes: i64,
    pub measure_ids: Vec<i64>,
    pub carried_from: Option<i64>,
}

impl DraftItem {
    pub(super) fn new(title: impl Into<String>, reason: impl Into<String>, minutes: i64) -> Self {
        Self {
            title: title.into(),
            reason: reason.into(),
            public: true,
            planned_minutes: minutes,
            measure_ids: Vec::new(),
            carried_from: None,
        }
    }
}

/// A measure as the agenda rules see it.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureRef {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub ampel: Ampel,
}

impl MeasureRef {
    fn label(&self) -> String {
        format!("{} {}", self.code, self.title)
    }
}

/// What happened to a measure since the last AG meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureSignal {
    pub measure: MeasureRef,
    /// Ampel before the period (None: no earlier update known).
    pub ampel_before: Option<Ampel>,
    /// Status label before and now, when it changed in the period.
    pub status_change: Option<(String, String)>,
    /// Milestones (title, due date) that fell due in the period and are not done.
    pub milestones_due: Vec<(String, NaiveDate)>,
}

/// A not-dealt-with item of the previous meeting, to be carried over.
#[derive(Debug, Clone, PartialEq)]
pub struct CarryOver {
    pub item_id: i64,
    pub title: String,
    pub public: bool,
    pub planned_minutes: i64,
    pub measure_ids: Vec<i64>,
}

/// Input of the AG agenda pre-fill.
#[derive(Debug, Clone, Default)]
pub struct PrefillInput {
    /// Date of the last AG meeting held, and whether its minutes are approved.
    pub last_meeting: Option<(NaiveDate, bool)>,
    pub signals: Vec<MeasureSignal>,
    pub open_tasks: i64,
    pub overdue_tasks: i64,
    pub carried: Vec<CarryOver>,
}

/// The AG agenda drafted from the programme's state since the last meeting.
pub fn prefill_ag_agenda(input: &PrefillInput) -> Vec<DraftItem> {
    let mut items = Vec::new();
    if let Some((date, approved)) = input.last_meeting
        && !approved
    {
        items.push(DraftItem::new(
            format!(
                "Genehmigung des Protokolls der Sitzung vom {}",
                format_date(date)
            ),
            "Das Protokoll der letzten Sitzung ist noch nicht genehmigt.",
            5,
        ));
    }
    for c in &input.carried {
        items.push(DraftItem {
            title: c.title.clone(),
            reason: "In der letzten Sitzung nicht behandelt – übertragen.".into(),
            public: c.public,
            planned_minutes: c.planned_minutes,
            measure_ids: c.measure_ids.clone(),
            carried_from: Some(c.item_id),
        });
    }
    let since = input
        .last_meeting
        .map(|(d, _)| format!("seit der letzten Sitzung am {}", format_date(d)))
        .unwrap_or_else(|| "seit Beginn".into());
    for s in &input.signals {
        let m = &s.measure;
        let turned = matches!(m.ampel, Ampel::Rot | Ampel::Gelb) && s.ampel_before != Some(m.ampel);
        if m.ampel == Ampel::Rot || turned {
            let reason = if turned {
                format!("Ampel {since} auf {} gewechselt.", m.ampel.short())
            } else {
                "Ampel Rot: rote Maßnahmen stehen automatisch auf der Tagesordnung.".to_string()
            };
            let mut it = DraftItem::new(
                format!("{} – Ampel {}", m.label(), m.ampel.short()),
                reason,
                10,
            );
            it.measure_ids.push(m.id);
            items.push(it);
        }
    }
    let changed: Vec<&MeasureSignal> = input
        .signals
        .iter()
        .filter(|s| s.status_change.is_some())
        .collect();
    if !changed.is_empty() {
        let reason = changed
            .iter()
            .filter_map(|s| {
                s.status_change
                    .as_ref()
                    .map(|(a, b)| format!("{}: {a} → {b}", s.measure.code))
            })
            .collect::<Vec<_>>()
            .join("; ");
        let mut it = DraftItem::new(
            "Statusänderungen seit der letzten Sitzung",
            format!("Status geändert {since}: {reason}."),
            5 + 2 * changed.len() as i64,
        );
        it.measure_ids = changed.iter().map(|s| s.measure.id).collect();
        items.push(it);
    }
    let due: Vec<&MeasureSignal> = input
        .signals
        .iter()
        .filter(|s| !s.milestones_due.is_empty())
        .collect();
    if !due.is_empty() {
        let reason = due
            .iter()
            .flat_map(|s| {
                s.milestones_due.iter().map(|(t, d)| {
                    format!("{}: „{t}“ fällig am {}", s.measure.code, format_date(*d))
                })
            })
            .collect::<Vec<_>>()
            .join("; ");
        let mut it = DraftItem::new(
            "Fällige Meilensteine",
            format!("Meilensteine {since} fällig und nicht erledigt: {reason}."),
            5 + 2 * due.len() as i64,
        );
        it.measure_ids = due.iter().map(|s| s.measure.id).collect();
        items.push(it);
    }
    if input.open_tasks > 0 {
        items.push(DraftItem::new(
            "Offene Aufgaben (Wiedervorlage)",
            format!(
                "{} offene Aufgabe(n) aus früheren Sitzungen, davon {} überfällig.",
                input.open_tasks, input.overdue_tasks
            ),
            10,
        ));
    }
    items.push(DraftItem::new(
        "Verschiedenes",
        "Ständiger Tagesordnungspunkt.",
        5,
    ));
    items
}

/// New positions after moving the item at `index` one place up or down; `None` when it
/// is already at that end.
pub fn move_item(ids: &[i64], index: usize, up: bool) -> Option<Vec<i64>> {
    let other = if up { index.checked_sub(1)? } else { index + 1 };
    if other >= ids.len() || index >= ids.len() {
        return None;
    }
    let mut v = ids.to_vec();
    v.swap(index, other);
    Some(v)
}

/// Helpers of the rule tests (also of the joint-session rules).
#[cfg(test)]
pub(super) mod test_support {
    use super::*;

    pub fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A measure titled "Titel {code}".
    pub fn m(id: i64, code: &str, ampel: Ampel) -> MeasureRef {
        MeasureRef {
            id,
            code: code.into(),
            title: format!("Titel {code}"),
            ampel,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{d, m};
    use super::*;

    #[test]
    fn ag_prefill_lists_red_turned_changed_due_tasks_and_minutes() {
        let input = PrefillInput {
            last_meeting: Some((d("2026-11-12"), false)),
            signals: vec![
                MeasureSignal {
                    measure: m(1, "HF1-01", Ampel::Rot),
                    ampel_before: Some(Ampel::Rot),
                    status_change: None,
                    milestones_due: vec![],
                },
                MeasureSignal {
                    measure: m(2, "HF1-02", Ampel::Gelb),
                    ampel_before: Some(Ampel::Gruen),
                    status_change: Some(("Geplant".into(), "In Umsetzung".into())),
                    milestones_due: vec![("Vergabe".into(), d("2026-11-20"))],
                },
                MeasureSignal {
                    measure: m(3, "HF1-03", Ampel::Gruen),
                    ampel_before: Some(Ampel::Gruen),
                    status_change: None,
                    milestones_due: vec![],
                },
            ],
            open_tasks: 3,
            overdue_tasks: 1,
            carried: vec![CarryOver {
                item_id: 99,
                title: "Telefonanlage".into(),
                public: true,
                planned_minutes: 15,
                measure_ids: vec![],
            }],
        };
        let items = prefill_ag_agenda(&input);
        let titles: Vec<&str> = items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "Genehmigung des Protokolls der Sitzung vom 12.11.2026",
                "Telefonanlage",
                "HF1-01 Titel HF1-01 – Ampel Rot",
                "HF1-02 Titel HF1-02 – Ampel Gelb",
                "Statusänderungen seit der letzten Sitzung",
                "Fällige Meilensteine",
                "Offene Aufgaben (Wiedervorlage)",
                "Verschiedenes",
            ]
        );
        assert_eq!(items[1].carried_from, Some(99));
        assert_eq!(
            items[3].reason,
            "Ampel seit der letzten Sitzung am 12.11.2026 auf Gelb gewechselt."
        );
        assert!(items[4].reason.contains("HF1-02: Geplant → In Umsetzung"));
        assert!(items[5].reason.contains("„Vergabe“ fällig am 20.11.2026"));
        assert_eq!(
            items[6].reason,
            "3 offene Aufgabe(n) aus früheren Sitzungen, davon 1 überfällig."
        );
    }

    #[test]
    fn reorder() {
        assert_eq!(move_item(&[1, 2, 3], 0, true), None);
        assert_eq!(move_item(&[1, 2, 3], 2, false), None);
        assert_eq!(move_item(&[1, 2, 3], 1, true), Some(vec![2, 1, 3]));
    }
}
