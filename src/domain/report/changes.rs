//! "Changes since the previous report" as a pure function over two report snapshots.

use std::collections::{BTreeMap, BTreeSet};

use super::data::{BudgetSnap, MeasureSnap, MilestoneSnap, ReportData};
use super::figures::is_overdue;
use crate::domain::{Ampel, Status};

#[derive(Debug, Clone, PartialEq)]
pub struct StatusChange {
    pub measure_id: i64,
    pub from: Status,
    pub to: Status,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AmpelChange {
    pub measure_id: i64,
    pub from: Ampel,
    pub to: Ampel,
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
                from: p.status,
                to: m.status,
            };
            match m.status {
                Status::Abgeschlossen => c.completed.push(m.id),
                Status::Zurueckgestellt | Status::Verworfen => c.deferred_or_dropped.push(change),
                _ => c.status.push(change),
            }
        }
        if m.ampel != p.ampel && m.status.is_active() {
            c.ampel.push(AmpelChange {
                measure_id: m.id,
                from: p.ampel,
                to: m.ampel,
            });
        }
        c.slipped.extend(slipped_milestones(prev, cur, p, m));
    }
    let now_ids: BTreeSet<i64> = cur.measures.iter().map(|m| m.id).collect();
    c.removed = prev
        .measures
        .iter()
        .filter(|m| !now_ids.contains(&m.id))
        .map(|m| m.id)
        .collect();
    c.budget = budget_deltas(&prev.budget, &cur.budget);
    c
}

/// Milestones of one measure that moved to a later date or became overdue.
fn slipped_milestones(
    prev: &ReportData,
    cur: &ReportData,
    p: &MeasureSnap,
    m: &MeasureSnap,
) -> Vec<MilestoneSlip> {
    let old_ms: BTreeMap<i64, &MilestoneSnap> = p.milestones.iter().map(|x| (x.id, x)).collect();
    m.milestones
        .iter()
        .filter_map(|ms| {
            let old = old_ms.get(&ms.id);
            let moved = old.is_some_and(|o| ms.due_on > o.due_on);
            let newly_overdue = is_overdue(ms, &cur.meta.cutoff_on)
                && !old.is_some_and(|o| is_overdue(o, &prev.meta.cutoff_on));
            (moved || newly_overdue).then(|| MilestoneSlip {
                measure_id: m.id,
                title: ms.title.clone(),
                due_before: old.map(|o| o.due_on.clone()),
                due_now: ms.due_on.clone(),
            })
        })
        .collect()
}

/// Per measure and fiscal year: plan or actual that differ between the two reports.
fn budget_deltas(prev: &[BudgetSnap], cur: &[BudgetSnap]) -> Vec<BudgetDelta> {
    let key = |b: &BudgetSnap| (b.measure_id, b.fiscal_year);
    let old_budget: BTreeMap<(i64, i64), &BudgetSnap> = prev.iter().map(|b| (key(b), b)).collect();
    let new_budget: BTreeMap<(i64, i64), &BudgetSnap> = cur.iter().map(|b| (key(b), b)).collect();
    let keys: BTreeSet<(i64, i64)> = old_budget
        .keys()
        .chain(new_budget.keys())
        .copied()
        .collect();
    keys.into_iter()
        .filter_map(|k| {
            let (pb, ab) = old_budget.get(&k).map_or((0, 0), |b| (b.planned, b.actual));
            let (pn, an) = new_budget.get(&k).map_or((0, 0), |b| (b.planned, b.actual));
            (pb != pn || ab != an).then_some(BudgetDelta {
                measure_id: k.0,
                fiscal_year: k.1,
                planned_before: pb,
                planned_now: pn,
                actual_before: ab,
                actual_now: an,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::data::fixtures::{data, measure};
    use super::*;

    #[test]
    fn changes_list_exactly_what_changed() {
        use Ampel::{Gruen, Rot};
        use Status::{Abgeschlossen, Geplant, Umsetzung, Vorbereitung, Zurueckgestellt};
        let mut p2 = measure(2, Umsetzung, Gruen);
        p2.milestones = vec![MilestoneSnap {
            id: 7,
            title: "Vergabe".into(),
            due_on: "2026-03-31".into(),
            done_on: None,
        }];
        let budget = |actual| BudgetSnap {
            measure_id: 1,
            fiscal_year: 2026,
            planned: 100,
            approved: 100,
            actual,
        };
        let prev = ReportData {
            budget: vec![budget(0)],
            ..data(
                "2025-07-01",
                "2025-12-31",
                vec![
                    measure(1, Umsetzung, Gruen),
                    p2,
                    measure(3, Umsetzung, Gruen),
                    measure(4, Geplant, Gruen),
                    measure(5, Geplant, Gruen),
                    measure(9, Geplant, Gruen),
                ],
            )
        };
        let mut c2 = measure(2, Umsetzung, Rot);
        c2.milestones = vec![MilestoneSnap {
            id: 7,
            title: "Vergabe".into(),
            due_on: "2026-09-30".into(),
            done_on: None,
        }];
        let cur = ReportData {
            budget: vec![budget(60)],
            ..data(
                "2026-01-01",
                "2026-06-30",
                vec![
                    measure(1, Umsetzung, Gruen),
                    c2,
                    measure(3, Abgeschlossen, Gruen),
                    measure(4, Vorbereitung, Gruen),
                    measure(5, Zurueckgestellt, Gruen),
                    measure(6, Geplant, Gruen),
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
                from: Geplant,
                to: Vorbereitung
            }]
        );
        assert_eq!(
            c.ampel,
            vec![AmpelChange {
                measure_id: 2,
                from: Gruen,
                to: Rot
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
}
