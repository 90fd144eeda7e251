//! Builds the report body's view model from the report's data and key figures.

use super::body::{
    ChangesView, FieldView, FigureRow, FinanceRow, GoalView, MeasureView, MeetingView, ReportView,
};
use super::changes::changes_view;
use super::chart::bar_chart;
use super::labels::Measures;
use crate::domain::dates::format_iso;
use crate::domain::money::format_euro;
use crate::domain::report::{
    BudgetSnap, Changes, KeyFigures, MeasureSnap, RULE_AMPEL, RULE_BUDGET, RULE_COMPLETED,
    RULE_STATUS, RULE_TOTAL, ReportData, goal_attainment, overdue_milestones,
};

fn fmt_num(v: f64) -> String {
    if v.fract().abs() < 1e-9 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}").replace('.', ",")
    }
}

fn measure_view(m: &MeasureSnap, cutoff_on: &str) -> MeasureView {
    // cause, options and the decision date only where the report must explain them
    let explained = m.needs_explanation();
    let explain = |v: String| if explained { v } else { String::new() };
    MeasureView {
        code: m.code.clone(),
        title: m.title.clone(),
        unit: m.unit.clone(),
        responsible: m.responsible.clone(),
        status: m.status,
        ampel: m.ampel,
        progress: m.progress,
        text: m.text.clone(),
        next_steps: m.next_steps.clone(),
        reason: explain(m.reason.clone()),
        options: explain(m.options.clone()),
        decision_by: explain(format_iso(m.decision_by.as_deref())),
        overdue: overdue_milestones(m, cutoff_on)
            .into_iter()
            .map(|ms| format!("{} (fällig {})", ms.title, format_iso(Some(&ms.due_on))))
            .collect(),
    }
}

fn field_views(data: &ReportData) -> Vec<FieldView> {
    data.fields
        .iter()
        .map(|f| FieldView {
            code: f.code.clone(),
            title: f.title.clone(),
            comment: f.comment.clone(),
            measures: data
                .measures
                .iter()
                .filter(|m| m.field_id == f.id)
                .map(|m| measure_view(m, &data.meta.cutoff_on))
                .collect(),
        })
        .filter(|f| !f.measures.is_empty() || !f.comment.is_empty())
        .collect()
}

fn goal_views(data: &ReportData) -> Vec<GoalView> {
    data.goals
        .iter()
        .map(|g| GoalView {
            title: g.title.clone(),
            indicator: g.indicator.clone(),
            baseline: format!("{} {}", fmt_num(g.baseline), g.unit),
            target: format!(
                "{} {} bis {}",
                fmt_num(g.target_value),
                g.unit,
                format_iso(Some(&g.target_on))
            ),
            latest: match (g.latest, &g.latest_on) {
                (Some(v), Some(on)) => {
                    format!("{} {} ({})", fmt_num(v), g.unit, format_iso(Some(on)))
                }
                _ => "keine Messung bis zum Stichtag".into(),
            },
            attainment: goal_attainment(g.baseline, g.target_value, g.latest)
                .map(|p| format!("{p} %"))
                .unwrap_or_else(|| "–".into()),
        })
        .collect()
}

/// The four charts: status, Ampel, budget, goals (empty without goals).
fn charts(data: &ReportData, k: &KeyFigures, cutoff: &str) -> [String; 4] {
    let status_bars: Vec<(String, i64)> = k
        .by_status
        .iter()
        .map(|(s, n)| (s.label().to_string(), *n as i64))
        .collect();
    let ampel_bars: Vec<(String, i64)> = k
        .by_ampel
        .iter()
        .map(|(a, n)| (format!("{} {}", a.symbol(), a.label()), *n as i64))
        .collect();
    let goal_bars: Vec<(String, i64)> = data
        .goals
        .iter()
        .map(|g| {
            (
                g.title.clone(),
                goal_attainment(g.baseline, g.target_value, g.latest).unwrap_or(0),
            )
        })
        .collect();
    [
        bar_chart(
            "chart-status",
            &format!("Maßnahmen nach Status, Stand {cutoff}"),
            &status_bars,
            "",
            "bar-neutral",
        ),
        bar_chart(
            "chart-ampel",
            &format!("Laufende Maßnahmen nach Ampel, Stand {cutoff}"),
            &ampel_bars,
            "",
            "bar-ampel",
        ),
        bar_chart(
            "chart-budget",
            &format!(
                "Haushaltsjahr {}: Plan, Ansatz und Ist in Euro",
                k.fiscal_year
            ),
            &[
                ("Plan".into(), k.planned / 100),
                ("Ansatz".into(), k.approved / 100),
                ("Ist".into(), k.actual / 100),
            ],
            " €",
            "bar-neutral",
        ),
        if goal_bars.is_empty() {
            String::new()
        } else {
            bar_chart(
                "chart-goals",
                &format!("Zielerreichung in Prozent, Stand {cutoff}"),
                &goal_bars,
                " %",
                "bar-neutral",
            )
        },
    ]
}

fn figure_rows<T: Copy>(
    counts: &[(T, usize)],
    label: impl Fn(T) -> &'static str,
) -> Vec<FigureRow> {
    counts
        .iter()
        .map(|(x, n)| FigureRow {
            label: label(*x).into(),
            value: n.to_string(),
        })
        .collect()
}

pub fn build(
    data: &ReportData,
    k: &KeyFigures,
    changes: Option<(&str, &ReportData, &Changes)>,
) -> ReportView {
    let measures = Measures::of(data);
    let changes: Option<ChangesView> =
        changes.map(|(previous, prev, c)| changes_view(&measures, previous, prev, c));
    let finances: Vec<FinanceRow> = data
        .budget
        .iter()
        .map(|b| FinanceRow {
            measure: measures.label(b.measure_id, None),
            year: b.fiscal_year,
            planned: format_euro(b.planned),
            approved: format_euro(b.approved),
            actual: format_euro(b.actual),
        })
        .collect();
    let sum = |f: fn(&BudgetSnap) -> i64| format_euro(data.budget.iter().map(f).sum());
    let cutoff = format_iso(Some(&data.meta.cutoff_on));
    let [chart_status, chart_ampel, chart_budget, chart_goals] = charts(data, k, &cutoff);

    ReportView {
        programme: data.meta.programme.clone(),
        period_label: data.meta.period_label.clone(),
        period: format!(
            "{} bis {}",
            format_iso(Some(&data.meta.period_start)),
            cutoff
        ),
        vorlage_no: data.meta.vorlage_no.clone(),
        addressee: data.meta.addressee.clone(),
        committee_on: format_iso(data.meta.committee_on.as_deref()),
        corrects: data.meta.corrects.clone().unwrap_or_default(),
        summary: data.meta.summary.clone(),
        outlook: data.meta.outlook.clone(),
        total: k.total,
        rule_total: RULE_TOTAL,
        by_status: figure_rows(&k.by_status, |s| s.label()),
        rule_status: RULE_STATUS,
        by_ampel: figure_rows(&k.by_ampel, |a| a.label()),
        rule_ampel: RULE_AMPEL,
        completed: k.completed_in_period,
        rule_completed: RULE_COMPLETED,
        fiscal_year: k.fiscal_year,
        budget_planned: format_euro(k.planned),
        budget_approved: format_euro(k.approved),
        budget_actual: format_euro(k.actual),
        rule_budget: RULE_BUDGET,
        chart_status,
        chart_ampel,
        chart_budget,
        chart_goals,
        cutoff,
        changes,
        fields: field_views(data),
        finance_totals: (sum(|b| b.planned), sum(|b| b.approved), sum(|b| b.actual)),
        finances,
        goals: goal_views(data),
        meetings: data
            .meetings
            .iter()
            .map(|m| MeetingView {
                date: format_iso(Some(&m.starts_at)),
                kind: m.kind,
                place: m.place.clone(),
                decisions: m.decisions.clone(),
            })
            .collect(),
    }
}
