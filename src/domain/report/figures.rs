//! The key figures of a report with their counting rules, goal attainment and overdue
//! milestones: pure functions over the report's data.

use super::data::{BudgetSnap, MeasureSnap, MilestoneSnap, ReportData};
use crate::domain::budget::{Amounts, sum_by};
use crate::domain::{Ampel, Status};

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
        .map(|s| (*s, m.iter().filter(|x| x.status == *s).count()))
        .collect();
    let by_ampel = Ampel::ALL
        .iter()
        .map(|a| {
            (
                *a,
                m.iter()
                    .filter(|x| x.status.shown_ampel(x.ampel) == Some(*a))
                    .count(),
            )
        })
        .collect();
    let completed_in_period = m
        .iter()
        .filter(|x| x.status == Status::Abgeschlossen)
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
        .filter(|ms| is_overdue(ms, cutoff))
        .collect()
}

/// Due on or before `cutoff` and not done by then.
pub fn is_overdue(ms: &MilestoneSnap, cutoff: &str) -> bool {
    ms.due_on.as_str() <= cutoff && ms.done_on.as_deref().is_none_or(|d| d > cutoff)
}

/// A running measure that is late at the Stichtag: its decision-by date passed, or
/// milestones are overdue.
#[derive(Debug, Clone, PartialEq)]
pub struct Delay<'a> {
    pub measure: &'a MeasureSnap,
    /// The decision-by date (ISO) when it lies on or before the Stichtag.
    pub decision_passed: Option<&'a str>,
    pub overdue: Vec<&'a MilestoneSnap>,
}

/// The measures for "Verzug und Entscheidungsbedarf", in report order: running (not
/// completed, deferred or dropped), with a decision-by date on or before the Stichtag
/// or a milestone overdue at the Stichtag.
pub fn delays(data: &ReportData) -> Vec<Delay<'_>> {
    let cutoff = data.meta.cutoff_on.as_str();
    data.measures
        .iter()
        .filter(|m| m.status.is_active())
        .filter_map(|m| {
            let decision_passed = m
                .decision_by
                .as_deref()
                .filter(|d| !d.is_empty() && d.get(..10).unwrap_or(d) <= cutoff);
            let overdue = overdue_milestones(m, cutoff);
            (decision_passed.is_some() || !overdue.is_empty()).then_some(Delay {
                measure: m,
                decision_passed,
                overdue,
            })
        })
        .collect()
}

fn amounts(b: &BudgetSnap) -> Amounts {
    Amounts {
        planned: b.planned,
        approved: b.approved,
        actual: b.actual,
    }
}

/// Plan, Ansatz and Ist per fiscal year (ascending) and over all years.
pub fn budget_by_year(data: &ReportData) -> (Vec<(i64, Amounts)>, Amounts) {
    sum_by(&data.budget, |b| b.fiscal_year, amounts)
}

/// Plan, Ansatz and Ist of one fiscal year per field of action (in the report's field
/// order, as indexes into `data.fields`; measures of an unknown field come last as
/// `None`), and the year's total.
pub fn budget_by_field(data: &ReportData, year: i64) -> (Vec<(Option<usize>, Amounts)>, Amounts) {
    let field_of: std::collections::HashMap<i64, i64> =
        data.measures.iter().map(|m| (m.id, m.field_id)).collect();
    let position = |measure_id: i64| {
        field_of
            .get(&measure_id)
            .and_then(|f| data.fields.iter().position(|x| x.id == *f))
    };
    let lines: Vec<&BudgetSnap> = data
        .budget
        .iter()
        .filter(|b| b.fiscal_year == year)
        .collect();
    // `None` sorts before `Some`: key on (unknown, position) so unknown fields come last
    let (groups, total) = sum_by(
        &lines,
        |b| {
            let p = position(b.measure_id);
            (p.is_none(), p)
        },
        |b| amounts(b),
    );
    (
        groups.into_iter().map(|((_, p), a)| (p, a)).collect(),
        total,
    )
}

#[cfg(test)]
mod tests {
    use super::super::data::BudgetSnap;
    use super::super::data::fixtures::{data, measure};
    use super::*;

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
    fn delays_are_passed_decisions_and_overdue_milestones_of_running_measures() {
        use super::super::data::MilestoneSnap;
        use Ampel::{Gelb, Gruen};
        use Status::{Abgeschlossen, Umsetzung};
        let mut passed = measure(1, Umsetzung, Gelb);
        passed.decision_by = Some("2026-01-27".into());
        let mut future = measure(2, Umsetzung, Gelb);
        future.decision_by = Some("2026-07-01".into());
        let mut on_cutoff = measure(3, Umsetzung, Gruen);
        on_cutoff.decision_by = Some("2026-06-30".into());
        let mut late = measure(4, Umsetzung, Gruen);
        late.milestones = vec![
            MilestoneSnap {
                id: 1,
                title: "Zuschlag".into(),
                due_on: "2026-05-31".into(),
                done_on: None,
            },
            MilestoneSnap {
                id: 2,
                title: "Pilot".into(),
                due_on: "2026-04-30".into(),
                done_on: Some("2026-04-29".into()),
            },
        ];
        let mut done = measure(5, Abgeschlossen, Gruen);
        done.decision_by = Some("2026-01-01".into());
        let d = data(
            "2026-01-01",
            "2026-06-30",
            vec![passed, future, on_cutoff, late, done],
        );
        let got: Vec<(i64, Option<&str>, Vec<i64>)> = delays(&d)
            .iter()
            .map(|x| {
                (
                    x.measure.id,
                    x.decision_passed,
                    x.overdue.iter().map(|m| m.id).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (1, Some("2026-01-27"), vec![]),
                (3, Some("2026-06-30"), vec![]),
                (4, None, vec![1]),
            ]
        );
    }

    #[test]
    fn budget_sums_per_year_and_per_field() {
        use super::super::data::FieldSnap;
        let mut m3 = measure(3, Status::Umsetzung, Ampel::Gruen);
        m3.field_id = 2;
        let mut d = data(
            "2026-01-01",
            "2026-06-30",
            vec![
                measure(1, Status::Umsetzung, Ampel::Gruen),
                measure(2, Status::Umsetzung, Ampel::Gruen),
                m3,
            ],
        );
        d.fields = vec![
            FieldSnap {
                id: 2,
                code: "HF2".into(),
                ..Default::default()
            },
            FieldSnap {
                id: 1,
                code: "HF1".into(),
                ..Default::default()
            },
        ];
        let b = |measure_id, fiscal_year, planned, approved, actual| BudgetSnap {
            measure_id,
            fiscal_year,
            planned,
            approved,
            actual,
        };
        d.budget = vec![
            b(1, 2026, 10_000, 9_000, 4_000),
            b(2, 2026, 5_000, 5_000, 1_000),
            b(3, 2026, 2_000, 1_000, 1_500),
            b(3, 2027, 7_000, 0, 0),
            b(99, 2026, 1, 1, 1),
        ];
        let (years, all) = budget_by_year(&d);
        let a = |planned, approved, actual| Amounts {
            planned,
            approved,
            actual,
        };
        assert_eq!(
            years,
            vec![(2026, a(17_001, 15_001, 6_501)), (2027, a(7_000, 0, 0))]
        );
        assert_eq!(all, a(24_001, 15_001, 6_501));
        let (fields, total) = budget_by_field(&d, 2026);
        // HF2 (position 0) first, then HF1, the unknown measure last
        assert_eq!(
            fields,
            vec![
                (Some(0), a(2_000, 1_000, 1_500)),
                (Some(1), a(15_000, 14_000, 5_000)),
                (None, a(1, 1, 1)),
            ]
        );
        assert_eq!(total, a(17_001, 15_001, 6_501));
    }

    #[test]
    fn key_figures_follow_the_counting_rules() {
        use Ampel::{Gelb, Gruen, Rot};
        use Status::{Abgeschlossen, Umsetzung, Zurueckgestellt};
        let mut done_in = measure(3, Abgeschlossen, Gruen);
        done_in.completed_on = Some("2026-03-01".into());
        let mut done_before = measure(4, Abgeschlossen, Gruen);
        done_before.completed_on = Some("2025-11-30".into());
        let mut d = data(
            "2026-01-01",
            "2026-06-30",
            vec![
                measure(1, Umsetzung, Gruen),
                measure(2, Umsetzung, Rot),
                done_in,
                done_before,
                measure(5, Zurueckgestellt, Gelb),
            ],
        );
        let budget = |measure_id, fiscal_year, planned, approved, actual| BudgetSnap {
            measure_id,
            fiscal_year,
            planned,
            approved,
            actual,
        };
        d.budget = vec![
            budget(1, 2026, 10_000, 9_000, 4_000),
            budget(2, 2026, 5_000, 5_000, 1_000),
            budget(2, 2027, 99_900, 0, 0),
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
        assert_eq!(k.by_ampel, vec![(Gruen, 1), (Gelb, 0), (Rot, 1)]);
        assert_eq!(k.completed_in_period, 1);
        assert_eq!(
            (k.fiscal_year, k.planned, k.approved, k.actual),
            (2026, 15_000, 14_000, 5_000)
        );
    }
}
