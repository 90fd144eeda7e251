//! Builds the report body's view model from the report's data and key figures.

use super::body::{
    ChangesView, DelayView, FieldView, FigureGroup, FigureRow, FinanceRow, FinanceSum, GoalView,
    MeasureView, MeetingView, ReportView,
};
use super::changes::changes_view;
use super::chart::{alt, bar_chart};
use super::labels::{Measures, measure_label};
use crate::domain::budget::Amounts;
use crate::domain::dates::format_iso;
use crate::domain::money::{format_euro, format_thousands};
use crate::domain::report::{
    Changes, KeyFigures, MeasureSnap, RULE_AMPEL, RULE_BUDGET, RULE_COMPLETED, RULE_STATUS,
    RULE_TOTAL, ReportData, budget_by_field, budget_by_year, delays, goal_attainment,
    overdue_milestones,
};

/// A reading with German thousands separators and decimal comma: `180.000`, `12,5`.
pub fn fmt_num(v: f64) -> String {
    if v.fract().abs() < 1e-9 {
        format_thousands(v as i64)
    } else {
        let tenths = (v * 10.0).round() as i64;
        let sign = if tenths < 0 { "−" } else { "" };
        let abs = tenths.abs();
        format!("{sign}{},{}", format_thousands(abs / 10), abs % 10)
    }
}

/// A reading with its unit; a bare count ("Anzahl") needs none: `17`, `180.000 Blatt/Jahr`.
pub fn with_unit(v: f64, unit: &str) -> String {
    let unit = unit.trim();
    if unit.is_empty() || unit.eq_ignore_ascii_case("anzahl") {
        fmt_num(v)
    } else {
        format!("{} {unit}", fmt_num(v))
    }
}

/// Appends "Label: value" to a running text as a new sentence, without a second full
/// stop when the text already ends with one.
pub fn append_sentence(text: &mut String, label: &str, value: &str) {
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    let t = text.trim_end().len();
    text.truncate(t);
    if !text.is_empty() {
        if !text.ends_with(['.', '!', '?', ':']) {
            text.push('.');
        }
        text.push(' ');
    }
    text.push_str(label);
    text.push_str(": ");
    text.push_str(value);
}

/// The note shown instead of cause and options for a measure listed under
/// "Verzug und Entscheidungsbedarf".
pub const SEE_DELAYS: &str =
    "Ursache, Handlungsoptionen und Fristen: siehe Abschnitt 2 „Verzug und Entscheidungsbedarf“.";

fn measure_view(
    m: &MeasureSnap,
    period_start: &str,
    cutoff_on: &str,
    delayed: bool,
) -> MeasureView {
    // cause, options and the decision date only where the report must explain them, and
    // only once: a delayed measure has them in "Verzug und Entscheidungsbedarf"
    let explained = m.needs_explanation() && !delayed;
    let explain = |v: String| if explained { v } else { String::new() };
    let on = m.text_on.as_deref();
    let stale = match on {
        Some(d) if d < period_start => {
            format!("keine neue Meldung seit {}", format_iso(Some(d)))
        }
        _ => String::new(),
    };
    let decision_by = match m.decision_by.as_deref().filter(|d| !d.is_empty()) {
        Some(d) if d.get(..10).unwrap_or(d) <= cutoff_on => {
            format!("{} (zum Stichtag überschritten)", format_iso(Some(d)))
        }
        Some(d) => format_iso(Some(d)),
        None => String::new(),
    };
    MeasureView {
        code: m.code.clone(),
        title: m.title.clone(),
        unit: m.unit.clone(),
        responsible: m.responsible.clone(),
        status: m.status,
        ampel: m.ampel,
        progress: m.progress,
        text: m.text.clone(),
        stand: on
            .map(|d| format!("Stand {}", format_iso(Some(d))))
            .unwrap_or_default(),
        stale,
        next_steps: m.next_steps.clone(),
        reason: explain(m.reason.clone()),
        options: explain(m.options.clone()),
        decision_by: explain(decision_by),
        overdue: if delayed {
            Vec::new()
        } else {
            overdue_milestones(m, cutoff_on)
                .into_iter()
                .map(|ms| format!("{} (fällig {})", ms.title, format_iso(Some(&ms.due_on))))
                .collect()
        },
        delayed,
        council: m
            .council_papers
            .iter()
            .map(|p| crate::lookups::council_papers::short(&p.reference, p.dated_on.as_deref()))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn field_views(data: &ReportData) -> Vec<FieldView> {
    let delayed: std::collections::HashSet<i64> =
        delays(data).iter().map(|d| d.measure.id).collect();
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
                .map(|m| {
                    measure_view(
                        m,
                        &data.meta.period_start,
                        &data.meta.cutoff_on,
                        delayed.contains(&m.id),
                    )
                })
                .collect(),
        })
        .filter(|f| !f.measures.is_empty() || !f.comment.is_empty())
        .collect()
}

fn delay_views(data: &ReportData) -> Vec<DelayView> {
    delays(data)
        .into_iter()
        .map(|d| {
            let m = d.measure;
            let decisions: Vec<String> = m
                .decisions
                .iter()
                .map(|x| format!("Beschluss vom {}: {}", format_iso(Some(&x.on)), x.text))
                .collect();
            DelayView {
                label: measure_label(m),
                status: m.status,
                ampel: m.ampel,
                decision_by: d
                    .decision_passed
                    .map(|on| format!("{} – zum Stichtag überschritten", format_iso(Some(on))))
                    .unwrap_or_default(),
                overdue: d
                    .overdue
                    .iter()
                    .map(|ms| format!("{} (fällig {})", ms.title, format_iso(Some(&ms.due_on))))
                    .collect(),
                reason: m.reason.clone(),
                options: m.options.clone(),
                decided: !decisions.is_empty(),
                decisions: if decisions.is_empty() {
                    vec!["Im Berichtszeitraum wurde dazu kein Beschluss gefasst.".into()]
                } else {
                    decisions
                },
            }
        })
        .collect()
}

fn goal_views(data: &ReportData) -> Vec<GoalView> {
    data.goals
        .iter()
        .map(|g| GoalView {
            title: g.title.clone(),
            indicator: g.indicator.clone(),
            baseline: with_unit(g.baseline, &g.unit),
            target: format!(
                "{} bis {}",
                with_unit(g.target_value, &g.unit),
                format_iso(Some(&g.target_on))
            ),
            latest: match (g.latest, &g.latest_on) {
                (Some(v), Some(on)) => {
                    format!("{} ({})", with_unit(v, &g.unit), format_iso(Some(on)))
                }
                _ => "keine Messung bis zum Stichtag".into(),
            },
            attainment: goal_attainment(g.baseline, g.target_value, g.latest)
                .map(|p| format!("{p} %"))
                .unwrap_or_else(|| "–".into()),
        })
        .collect()
}

type Bars = Vec<(String, i64, &'static str)>;

/// The bars of the four charts: status, Ampel, budget (whole euros), goals.
fn chart_bars(data: &ReportData, k: &KeyFigures) -> [Bars; 4] {
    [
        k.by_status
            .iter()
            .map(|(s, n)| (s.label().to_string(), *n as i64, "neutral"))
            .collect(),
        k.by_ampel
            .iter()
            .map(|(a, n)| (format!("{} {}", a.symbol(), a.label()), *n as i64, a.key()))
            .collect(),
        vec![
            ("Plan".into(), (k.planned + 50) / 100, "neutral"),
            ("Ansatz".into(), (k.approved + 50) / 100, "neutral"),
            ("Ist".into(), (k.actual + 50) / 100, "neutral"),
        ],
        data.goals
            .iter()
            .map(|g| {
                (
                    g.title.clone(),
                    goal_attainment(g.baseline, g.target_value, g.latest).unwrap_or(0),
                    "neutral",
                )
            })
            .collect(),
    ]
}

fn chart_titles(k: &KeyFigures, cutoff: &str) -> [(String, &'static str); 4] {
    [
        (format!("Maßnahmen nach Status, Stand {cutoff}"), ""),
        (format!("Laufende Maßnahmen nach Ampel, Stand {cutoff}"), ""),
        (
            format!(
                "Haushaltsjahr {}: Plan, Ansatz und Ist in Euro",
                k.fiscal_year
            ),
            " €",
        ),
        (format!("Zielerreichung in Prozent, Stand {cutoff}"), " %"),
    ]
}

fn figure_rows<T: Copy>(counts: &[(T, usize)], label: impl Fn(T) -> String) -> Vec<FigureRow> {
    counts
        .iter()
        .map(|(x, n)| FigureRow {
            label: label(*x),
            value: format_thousands(*n as i64),
        })
        .collect()
}

fn figure_groups(k: &KeyFigures) -> Vec<FigureGroup> {
    let row = |label: String, value: String| FigureRow { label, value };
    vec![
        FigureGroup {
            rows: vec![row("Maßnahmen insgesamt".into(), k.total.to_string())],
            rule: RULE_TOTAL,
        },
        FigureGroup {
            rows: figure_rows(&k.by_status, |s| format!("Status: {}", s.label())),
            rule: RULE_STATUS,
        },
        FigureGroup {
            rows: figure_rows(&k.by_ampel, |a| format!("Ampel: {}", a.label())),
            rule: RULE_AMPEL,
        },
        FigureGroup {
            rows: vec![row(
                "Im Berichtszeitraum abgeschlossen".into(),
                k.completed_in_period.to_string(),
            )],
            rule: RULE_COMPLETED,
        },
        FigureGroup {
            rows: [
                ("Plan", k.planned),
                ("Ansatz", k.approved),
                ("Ist", k.actual),
            ]
            .into_iter()
            .map(|(l, v)| row(format!("Haushalt {}: {l}", k.fiscal_year), format_euro(v)))
            .collect(),
            rule: RULE_BUDGET,
        },
    ]
}

fn signed_euro(cents: i64) -> String {
    if cents > 0 {
        format!("+{}", format_euro(cents))
    } else {
        format_euro(cents)
    }
}

fn finance_sum(label: String, a: &Amounts) -> FinanceSum {
    FinanceSum {
        label,
        planned: format_euro(a.planned),
        approved: format_euro(a.approved),
        actual: format_euro(a.actual),
        approved_minus_planned: signed_euro(a.approved_minus_planned()),
        actual_minus_approved: signed_euro(a.actual_minus_approved()),
        used: a
            .used_percent()
            .map(|p| format!("{p} %"))
            .unwrap_or_else(|| "–".into()),
    }
}

struct Finances {
    rows: Vec<FinanceRow>,
    years: Vec<FinanceSum>,
    years_total: Option<FinanceSum>,
    fields: Vec<FinanceSum>,
    fields_total: Option<FinanceSum>,
    effects: String,
}

fn finances(data: &ReportData, k: &KeyFigures, measures: &Measures<'_>) -> Finances {
    let year = k.fiscal_year;
    let rows = data
        .budget
        .iter()
        .filter(|b| b.fiscal_year == year)
        .filter(|b| b.planned != 0 || b.approved != 0 || b.actual != 0)
        .map(|b| FinanceRow {
            measure: measures.label(b.measure_id, None),
            year: b.fiscal_year,
            planned: format_euro(b.planned),
            approved: format_euro(b.approved),
            actual: format_euro(b.actual),
            deviation: signed_euro(b.actual - b.approved),
        })
        .collect();
    let (by_year, all) = budget_by_year(data);
    let (by_field, field_total) = budget_by_field(data, year);
    let field_name = |p: Option<usize>| {
        p.and_then(|i| data.fields.get(i))
            .map(|f| format!("{} {}", f.code, f.title))
            .unwrap_or_else(|| "ohne Handlungsfeld".into())
    };
    let empty = data.budget.is_empty();
    let effects = if empty {
        "Die Kenntnisnahme des Berichts hat keine finanziellen Auswirkungen. Für die Maßnahmen sind keine Haushaltsansätze erfasst.".to_string()
    } else {
        let used = Amounts {
            planned: k.planned,
            approved: k.approved,
            actual: k.actual,
        }
        .used_percent()
        .map(|p| format!(" ({p} % des Ansatzes)"))
        .unwrap_or_default();
        format!(
            "Die Kenntnisnahme des Berichts hat keine finanziellen Auswirkungen. Die Mittel der Maßnahmen sind im Haushalt veranschlagt: im Haushaltsjahr {year} ein Ansatz von {}, davon bis zum Stichtag {} ausgegeben{used}. Über alle Haushaltsjahre sind {} geplant und {} veranschlagt (Einzelheiten im Abschnitt „Finanzen“).",
            format_euro(k.approved),
            format_euro(k.actual),
            format_euro(all.planned),
            format_euro(all.approved),
        )
    };
    Finances {
        rows,
        years: by_year
            .iter()
            .map(|(y, a)| finance_sum(y.to_string(), a))
            .collect(),
        years_total: (!empty).then(|| finance_sum("Summe aller Haushaltsjahre".into(), &all)),
        fields: by_field
            .iter()
            .map(|(p, a)| finance_sum(field_name(*p), a))
            .collect(),
        fields_total: (!by_field.is_empty())
            .then(|| finance_sum(format!("Summe Haushaltsjahr {year}"), &field_total)),
        effects,
    }
}

pub fn build(
    data: &ReportData,
    k: &KeyFigures,
    changes: Option<(&str, &ReportData, &Changes)>,
) -> ReportView {
    let measures = Measures::of(data);
    let changes: Option<ChangesView> =
        changes.map(|(previous, prev, c)| changes_view(&measures, previous, prev, c));
    let cutoff = format_iso(Some(&data.meta.cutoff_on));
    let bars = chart_bars(data, k);
    let titles = chart_titles(k, &cutoff);
    let ids = ["chart-status", "chart-ampel", "chart-budget", "chart-goals"];
    let svg = |i: usize| {
        if bars[i].is_empty() {
            String::new()
        } else {
            bar_chart(ids[i], &titles[i].0, &bars[i], titles[i].1)
        }
    };
    let [chart_status, chart_ampel, chart_budget, chart_goals] = [svg(0), svg(1), svg(2), svg(3)];
    let chart_alts = [0, 1, 2, 3].map(|i| alt(&titles[i].0, &bars[i], titles[i].1));
    let f = finances(data, k, &measures);
    let lh = &data.meta.letterhead;
    let meta = &data.meta;

    ReportView {
        city: lh.city.clone(),
        head: lh.head.clone(),
        issuing_unit: lh.unit.clone(),
        kind: lh.kind_or_default().to_string(),
        dated: match meta.dated_on.as_deref() {
            Some(d) => format_iso(Some(d)),
            None => "Entwurf".into(),
        },
        subject: format!(
            "Sachstandsbericht {} zum {}",
            meta.period_label, meta.programme
        ),
        information: format!(
            "Der {} nimmt den Sachstandsbericht {} zur Kenntnis.",
            meta.addressee, meta.period_label
        ),
        programme: meta.programme.clone(),
        period_label: meta.period_label.clone(),
        period: format!("{} bis {}", format_iso(Some(&meta.period_start)), cutoff),
        vorlage_no: meta.vorlage_no.clone(),
        addressee: meta.addressee.clone(),
        committee_on: format_iso(meta.committee_on.as_deref()),
        corrects: meta.corrects.clone().unwrap_or_default(),
        summary: meta.summary.clone(),
        outlook: meta.outlook.clone(),
        total: k.total,
        completed: k.completed_in_period,
        fiscal_year: k.fiscal_year,
        figures: figure_groups(k),
        chart_alts,
        chart_bars: bars,
        chart_status,
        chart_ampel,
        chart_budget,
        chart_goals,
        cutoff,
        changes,
        delays: delay_views(data),
        fields: field_views(data),
        finances: f.rows,
        finance_years: f.years,
        finance_years_total: f.years_total,
        finance_fields: f.fields,
        finance_fields_total: f.fields_total,
        financial_effects: f.effects,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_have_separators_and_units() {
        assert_eq!(with_unit(180_000.0, "Blatt/Jahr"), "180.000 Blatt/Jahr");
        assert_eq!(with_unit(17.0, "Anzahl"), "17");
        assert_eq!(with_unit(12.5, "Tage"), "12,5 Tage");
        assert_eq!(fmt_num(1234.25), "1.234,3");
    }

    #[test]
    fn sentences_never_get_two_full_stops() {
        let mut t = "Lieferverzug.".to_string();
        append_sentence(&mut t, "Handlungsoptionen", "a) warten");
        assert_eq!(t, "Lieferverzug. Handlungsoptionen: a) warten");
        let mut t = "Gelb → Rot".to_string();
        append_sentence(&mut t, "Ursache", "Personal fehlt.");
        append_sentence(&mut t, "Handlungsoptionen", "");
        assert_eq!(t, "Gelb → Rot. Ursache: Personal fehlt.");
    }
}
