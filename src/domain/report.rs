//! The half-yearly status report (Sachstandsbericht): its content as data, the key
//! figures with their counting rules, goal attainment, and "changes since the
//! previous report" as a pure function over two report snapshots.
//!
//! A released report stores this data (as JSON) next to its rendered HTML and PDF, so
//! the next report can be compared with exactly what the council saw last time.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Ampel, Status};

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
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FieldSnap {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub comment: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct MeasureSnap {
    pub id: i64,
    pub field_id: i64,
    pub code: String,
    pub title: String,
    pub unit: String,
    /// A role ("Leitung Amt 21"), or a name only where the person agreed to be named.
    pub responsible: String,
    pub status: String,
    pub ampel: String,
    pub progress: i64,
    /// Latest Sachstand inside the period ("" when there was none).
    pub text: String,
    pub next_steps: String,
    pub reason: String,
    pub options: String,
    pub decision_by: Option<String>,
    pub planned_end: Option<String>,
    /// ISO date the measure was first reported as completed (if it is).
    pub completed_on: Option<String>,
    pub milestones: Vec<MilestoneSnap>,
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

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct MeetingSnap {
    pub id: i64,
    /// "ag" or "quartal".
    pub kind: String,
    pub starts_at: String,
    pub place: String,
    pub decisions: Vec<String>,
}

// ------------------------------------------------------------------ goal attainment

/// Share of the way from the baseline to the target that the latest reading has
/// covered, in percent, clamped to 0–100. `None` without a reading or when baseline
/// and target coincide. Works for falling targets (e.g. processing days) as well.
pub fn goal_attainment(baseline: f64, target: f64, latest: Option<f64>) -> Option<i64> {
    let latest = latest?;
    let span = target - baseline;
    if span.abs() < f64::EPSILON {
        return None;
    }
    let share = ((latest - baseline) / span).clamp(0.0, 1.0);
    Some((share * 100.0).round() as i64)
}

// ------------------------------------------------------------------ key figures

/// One counted figure with the rule it was counted by.
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    pub label: &'static str,
    pub value: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeyFigures {
    pub total: usize,
    pub by_status: Vec<(Status, usize)>,
    pub by_ampel: Vec<(Ampel, usize)>,
    pub completed_in_period: usize,
    pub fiscal_year: i64,
    pub planned: i64,
    pub approved: i64,
    pub actual: i64,
}

pub const RULE_TOTAL: &str =
    "Gezählt: alle Maßnahmen des Programms, die zum Stichtag angelegt und nicht archiviert waren.";
pub const RULE_STATUS: &str = "Gezählt: jede Maßnahme genau einmal, mit dem Status ihrer letzten Sachstandsmeldung bis zum Stichtag.";
pub const RULE_AMPEL: &str = "Gezählt: Maßnahmen, die zum Stichtag nicht abgeschlossen, zurückgestellt oder verworfen waren, nach der Ampel ihrer letzten Meldung bis zum Stichtag.";
pub const RULE_COMPLETED: &str = "Gezählt: Maßnahmen, die zum Stichtag abgeschlossen waren und deren erste Meldung „Abgeschlossen“ im Berichtszeitraum liegt.";
pub const RULE_BUDGET: &str = "Summiert: alle Haushaltsansätze der Maßnahmen im Haushaltsjahr des Stichtags (Plan, Ansatz, Ist).";

/// Whether a status still counts as running work (for the Ampel distribution).
pub fn is_active(status: &str) -> bool {
    !matches!(status, "abgeschlossen" | "zurueckgestellt" | "verworfen")
}

fn in_period(date: &str, start: &str, cutoff: &str) -> bool {
    let d = date.get(..10).unwrap_or(date);
    d >= start && d <= cutoff
}

pub fn fiscal_year(cutoff_on: &str) -> i64 {
    cutoff_on
        .get(..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or_default()
}

pub fn key_figures(data: &ReportData) -> KeyFigures {
    let m = &data.measures;
    let by_status = Status::ALL
        .iter()
        .map(|s| (*s, m.iter().filter(|x| x.status == s.key()).count()))
        .collect();
    let by_ampel = Ampel::ALL
        .iter()
        .map(|a| {
            (
                *a,
                m.iter()
                    .filter(|x| is_active(&x.status) && x.ampel == a.key())
                    .count(),
            )
        })
        .collect();
    let completed_in_period = m
        .iter()
        .filter(|x| x.status == "abgeschlossen")
        .filter(|x| {
            x.completed_on
                .as_deref()
                .is_some_and(|d| in_period(d, &data.meta.period_start, &data.meta.cutoff_on))
        })
        .count();
    let year = fiscal_year(&data.meta.cutoff_on);
    let lines = data.budget.iter().filter(|b| b.fiscal_year == year);
    let (mut planned, mut approved, mut actual) = (0, 0, 0);
    for b in lines {
        planned += b.planned;
        approved += b.approved;
        actual += b.actual;
    }
    KeyFigures {
        total: m.len(),
        by_status,
        by_ampel,
        completed_in_period,
        fiscal_year: year,
        planned,
        approved,
        actual,
    }
}

/// Milestones due on or before the cut-off that were not done by then.
pub fn overdue_milestones<'a>(m: &'a MeasureSnap, cutoff: &str) -> Vec<&'a MilestoneSnap> {
    m.milestones
        .iter()
        .filter(|ms| {
            ms.due_on.as_str() <= cutoff && ms.done_on.as_deref().is_none_or(|d| d > cutoff)
        })
        .collect()
}

// ------------------------------------------------------------------ changes

#[derive(Debug, Clone, PartialEq)]
pub struct StatusChange {
    pub measure_id: i64,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AmpelChange {
    pub measure_id: i64,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneSlip {
    pub measure_id: i64,
    pub title: String,
    pub due_before: Option<String>,
    pub due_now: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BudgetDelta {
    pub measure_id: i64,
    pub fiscal_year: i64,
    pub planned_before: i64,
    pub planned_now: i64,
    pub actual_before: i64,
    pub actual_now: i64,
}

/// What changed between the previous released report and this one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes {
    pub new: Vec<i64>,
    pub completed: Vec<i64>,
    /// Status changes other than to completed, deferred or dropped.
    pub status: Vec<StatusChange>,
    pub ampel: Vec<AmpelChange>,
    pub deferred_or_dropped: Vec<StatusChange>,
    pub removed: Vec<i64>,
    pub slipped: Vec<MilestoneSlip>,
    pub budget: Vec<BudgetDelta>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }
}

/// Changes from `prev` (the previous released report) to `cur`. Measures are matched
/// by id; a measure new in `cur` is listed as new only (not again as a status change).
pub fn changes(prev: &ReportData, cur: &ReportData) -> Changes {
    let before: BTreeMap<i64, &MeasureSnap> = prev.measures.iter().map(|m| (m.id, m)).collect();
    let mut c = Changes::default();
    for m in &cur.measures {
        let Some(p) = before.get(&m.id) else {
            c.new.push(m.id);
            continue;
        };
        if m.status != p.status {
            let change = StatusChange {
                measure_id: m.id,
                from: p.status.clone(),
                to: m.status.clone(),
            };
            match m.status.as_str() {
                "abgeschlossen" => c.completed.push(m.id),
                "zurueckgestellt" | "verworfen" => c.deferred_or_dropped.push(change),
                _ => c.status.push(change),
            }
        }
        if m.ampel != p.ampel && is_active(&m.status) {
            c.ampel.push(AmpelChange {
                measure_id: m.id,
                from: p.ampel.clone(),
                to: m.ampel.clone(),
            });
        }
        let old_ms: BTreeMap<i64, &MilestoneSnap> =
            p.milestones.iter().map(|x| (x.id, x)).collect();
        for ms in &m.milestones {
            let old = old_ms.get(&ms.id);
            let moved = old.is_some_and(|o| ms.due_on > o.due_on);
            let newly_overdue = ms.due_on.as_str() <= cur.meta.cutoff_on.as_str()
                && ms
                    .done_on
                    .as_deref()
                    .is_none_or(|d| d > cur.meta.cutoff_on.as_str())
                && !old.is_some_and(|o| {
                    o.due_on.as_str() <= prev.meta.cutoff_on.as_str()
                        && o.done_on
                            .as_deref()
                            .is_none_or(|d| d > prev.meta.cutoff_on.as_str())
                });
            if moved || newly_overdue {
                c.slipped.push(MilestoneSlip {
                    measure_id: m.id,
                    title: ms.title.clone(),
                    due_before: old.map(|o| o.due_on.clone()),
                    due_now: ms.due_on.clone(),
                });
            }
        }
    }
    let now_ids: BTreeMap<i64, ()> = cur.measures.iter().map(|m| (m.id, ())).collect();
    c.removed = prev
        .measures
        .iter()
        .filter(|m| !now_ids.contains_key(&m.id))
        .map(|m| m.id)
        .collect();
    let key = |b: &BudgetSnap| (b.measure_id, b.fiscal_year);
    let old_budget: BTreeMap<(i64, i64), &BudgetSnap> =
        prev.budget.iter().map(|b| (key(b), b)).collect();
    let new_budget: BTreeMap<(i64, i64), &BudgetSnap> =
        cur.budget.iter().map(|b| (key(b), b)).collect();
    let mut keys: Vec<(i64, i64)> = old_budget
        .keys()
        .chain(new_budget.keys())
        .copied()
        .collect();
    keys.sort_unstable();
    keys.dedup();
    for k in keys {
        let o = old_budget.get(&k);
        let n = new_budget.get(&k);
        let (pb, ab) = o.map_or((0, 0), |b| (b.planned, b.actual));
        let (pn, an) = n.map_or((0, 0), |b| (b.planned, b.actual));
        if pb != pn || ab != an {
            c.budget.push(BudgetDelta {
                measure_id: k.0,
                fiscal_year: k.1,
                planned_before: pb,
                planned_now: pn,
                actual_before: ab,
                actual_now: an,
            });
        }
    }
    c
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

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(id: i64, status: &str, ampel: &str) -> MeasureSnap {
        MeasureSnap {
            id,
            field_id: 1,
            code: format!("HF1-{id:02}"),
            title: format!("Maßnahme {id}"),
            status: status.into(),
            ampel: ampel.into(),
            ..Default::default()
        }
    }

    fn data(start: &str, cutoff: &str, measures: Vec<MeasureSnap>) -> ReportData {
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

    #[test]
    fn attainment_is_share_of_the_way_to_the_target() {
        assert_eq!(goal_attainment(10.0, 50.0, Some(30.0)), Some(50));
        assert_eq!(goal_attainment(10.0, 50.0, Some(60.0)), Some(100));
        assert_eq!(goal_attainment(10.0, 50.0, Some(5.0)), Some(0));
        // falling target: 20 days → 10 days, now 17.5 days = 25 %
        assert_eq!(goal_attainment(20.0, 10.0, Some(17.5)), Some(25));
        assert_eq!(goal_attainment(10.0, 10.0, Some(10.0)), None);
        assert_eq!(goal_attainment(0.0, 10.0, None), None);
    }

    #[test]
    fn key_figures_follow_the_counting_rules() {
        let mut done_in = measure(3, "abgeschlossen", "gruen");
        done_in.completed_on = Some("2026-03-01".into());
        let mut done_before = measure(4, "abgeschlossen", "gruen");
        done_before.completed_on = Some("2025-11-30".into());
        let mut d = data(
            "2026-01-01",
            "2026-06-30",
            vec![
                measure(1, "umsetzung", "gruen"),
                measure(2, "umsetzung", "rot"),
                done_in,
                done_before,
                measure(5, "zurueckgestellt", "gelb"),
            ],
        );
        d.budget = vec![
            BudgetSnap {
                measure_id: 1,
                fiscal_year: 2026,
                planned: 10_000,
                approved: 9_000,
                actual: 4_000,
            },
            BudgetSnap {
                measure_id: 2,
                fiscal_year: 2026,
                planned: 5_000,
                approved: 5_000,
                actual: 1_000,
            },
            BudgetSnap {
                measure_id: 2,
                fiscal_year: 2027,
                planned: 99_900,
                approved: 0,
                actual: 0,
            },
        ];
        let k = key_figures(&d);
        assert_eq!(k.total, 5);
        assert_eq!(
            k.by_status,
            vec![
                (Status::Geplant, 0),
                (Status::Vorbereitung, 0),
                (Status::Umsetzung, 2),
                (Status::Abgeschlossen, 2),
                (Status::Zurueckgestellt, 1),
                (Status::Verworfen, 0)
            ]
        );
        // only running measures count for the Ampel
        assert_eq!(
            k.by_ampel,
            vec![(Ampel::Gruen, 1), (Ampel::Gelb, 0), (Ampel::Rot, 1)]
        );
        assert_eq!(k.completed_in_period, 1);
        assert_eq!(
            (k.fiscal_year, k.planned, k.approved, k.actual),
            (2026, 15_000, 14_000, 5_000)
        );
    }

    #[test]
    fn changes_list_exactly_what_changed() {
        let mut p2 = measure(2, "umsetzung", "gruen");
        p2.milestones = vec![MilestoneSnap {
            id: 7,
            title: "Vergabe".into(),
            due_on: "2026-03-31".into(),
            done_on: None,
        }];
        let prev = ReportData {
            budget: vec![BudgetSnap {
                measure_id: 1,
                fiscal_year: 2026,
                planned: 100,
                approved: 100,
                actual: 0,
            }],
            ..data(
                "2025-07-01",
                "2025-12-31",
                vec![
                    measure(1, "umsetzung", "gruen"),
                    p2,
                    measure(3, "umsetzung", "gruen"),
                    measure(4, "geplant", "gruen"),
                    measure(5, "geplant", "gruen"),
                    measure(9, "geplant", "gruen"),
                ],
            )
        };
        let mut c2 = measure(2, "umsetzung", "rot");
        c2.milestones = vec![MilestoneSnap {
            id: 7,
            title: "Vergabe".into(),
            due_on: "2026-09-30".into(),
            done_on: None,
        }];
        let cur = ReportData {
            budget: vec![BudgetSnap {
                measure_id: 1,
                fiscal_year: 2026,
                planned: 100,
                approved: 100,
                actual: 60,
            }],
            ..data(
                "2026-01-01",
                "2026-06-30",
                vec![
                    measure(1, "umsetzung", "gruen"),
                    c2,
                    measure(3, "abgeschlossen", "gruen"),
                    measure(4, "vorbereitung", "gruen"),
                    measure(5, "zurueckgestellt", "gruen"),
                    measure(6, "geplant", "gruen"),
                ],
            )
        };
        let c = changes(&prev, &cur);
        assert_eq!(c.new, vec![6]);
        assert_eq!(c.completed, vec![3]);
        assert_eq!(
            c.status,
            vec![StatusChange {
                measure_id: 4,
                from: "geplant".into(),
                to: "vorbereitung".into()
            }]
        );
        assert_eq!(
            c.ampel,
            vec![AmpelChange {
                measure_id: 2,
                from: "gruen".into(),
                to: "rot".into()
            }]
        );
        assert_eq!(c.deferred_or_dropped.len(), 1);
        assert_eq!(c.deferred_or_dropped[0].measure_id, 5);
        assert_eq!(c.removed, vec![9]);
        assert_eq!(c.slipped.len(), 1);
        assert_eq!(c.slipped[0].due_before.as_deref(), Some("2026-03-31"));
        assert_eq!(c.budget.len(), 1);
        assert_eq!((c.budget[0].actual_before, c.budget[0].actual_now), (0, 60));
        assert!(changes(&cur, &cur).is_empty());
    }

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
}
