//! View models of the report: the structured data turned into German text, tables and
//! server-rendered SVG charts (classes and presentation attributes only: the CSP
//! forbids inline styles; every chart has a text alternative and labels its bars, so
//! it reads without colour).

use std::collections::HashMap;
use std::fmt::Write;

use crate::domain::dates::format_iso;
use crate::domain::money::format_euro;
use crate::domain::report::{
    self, Changes, KeyFigures, MeasureSnap, RULE_AMPEL, RULE_BUDGET, RULE_COMPLETED, RULE_STATUS,
    RULE_TOTAL, ReportData, goal_attainment, is_active, overdue_milestones,
};
use crate::domain::{Ampel, Status};

pub fn status_label(key: &str) -> &'static str {
    Status::parse(key).map(Status::label).unwrap_or("unbekannt")
}

pub fn ampel_of(key: &str) -> Ampel {
    Ampel::parse(key).unwrap_or(Ampel::Gruen)
}

pub fn kind_label(kind: &str) -> &'static str {
    if kind == "quartal" {
        "Gemeinsame Quartalsberatung"
    } else {
        "AG-Sitzung"
    }
}

pub struct FigureRow {
    pub label: String,
    pub value: String,
}

pub struct MeasureView {
    pub code: String,
    pub title: String,
    pub unit: String,
    pub responsible: String,
    pub status: &'static str,
    pub ampel: Ampel,
    pub progress: i64,
    pub text: String,
    pub next_steps: String,
    pub reason: String,
    pub options: String,
    pub decision_by: String,
    pub overdue: Vec<String>,
}

pub struct FieldView {
    pub code: String,
    pub title: String,
    pub comment: String,
    pub measures: Vec<MeasureView>,
}

pub struct ChangeLine {
    pub measure: String,
    pub detail: String,
}

pub struct AmpelLine {
    pub measure: String,
    pub from: Ampel,
    pub to: Ampel,
    pub reason: String,
    pub options: String,
}

pub struct ChangesView {
    pub previous: String,
    pub new: Vec<ChangeLine>,
    pub completed: Vec<ChangeLine>,
    pub status: Vec<ChangeLine>,
    pub ampel: Vec<AmpelLine>,
    pub deferred: Vec<ChangeLine>,
    pub removed: Vec<ChangeLine>,
    pub slipped: Vec<ChangeLine>,
    pub budget: Vec<ChangeLine>,
    pub empty: bool,
}

pub struct FinanceRow {
    pub measure: String,
    pub year: i64,
    pub planned: String,
    pub approved: String,
    pub actual: String,
}

pub struct GoalView {
    pub title: String,
    pub indicator: String,
    pub baseline: String,
    pub target: String,
    pub latest: String,
    pub attainment: String,
}

pub struct MeetingView {
    pub date: String,
    pub kind: &'static str,
    pub place: String,
    pub decisions: Vec<String>,
}

/// Everything the report body template shows.
pub struct ReportView {
    pub programme: String,
    pub period_label: String,
    pub period: String,
    pub cutoff: String,
    pub vorlage_no: String,
    pub addressee: String,
    pub committee_on: String,
    pub corrects: String,
    pub summary: String,
    pub outlook: String,
    pub total: usize,
    pub rule_total: &'static str,
    pub by_status: Vec<FigureRow>,
    pub rule_status: &'static str,
    pub by_ampel: Vec<FigureRow>,
    pub rule_ampel: &'static str,
    pub completed: usize,
    pub rule_completed: &'static str,
    pub fiscal_year: i64,
    pub budget_planned: String,
    pub budget_approved: String,
    pub budget_actual: String,
    pub rule_budget: &'static str,
    pub chart_status: String,
    pub chart_ampel: String,
    pub chart_budget: String,
    pub chart_goals: String,
    pub changes: Option<ChangesView>,
    pub fields: Vec<FieldView>,
    pub finances: Vec<FinanceRow>,
    pub finance_totals: (String, String, String),
    pub goals: Vec<GoalView>,
    pub meetings: Vec<MeetingView>,
}

fn fmt_num(v: f64) -> String {
    if v.fract().abs() < 1e-9 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}").replace('.', ",")
    }
}

fn measure_label(m: &MeasureSnap) -> String {
    format!("{} {}", m.code, m.title)
}

pub fn build(
    data: &ReportData,
    k: &KeyFigures,
    changes: Option<(&str, &ReportData, &Changes)>,
) -> ReportView {
    let by_id: HashMap<i64, &MeasureSnap> = data.measures.iter().map(|m| (m.id, m)).collect();
    let label_of = |id: i64, prev: Option<&ReportData>| -> String {
        by_id
            .get(&id)
            .map(|m| measure_label(m))
            .or_else(|| {
                prev.and_then(|p| p.measures.iter().find(|m| m.id == id))
                    .map(measure_label)
            })
            .unwrap_or_else(|| format!("Maßnahme {id}"))
    };
    let changes = changes.map(|(previous, prev, c)| {
        let line = |id: i64, detail: String| ChangeLine {
            measure: label_of(id, Some(prev)),
            detail,
        };
        ChangesView {
            previous: previous.to_string(),
            new: c.new.iter().map(|id| line(*id, String::new())).collect(),
            completed: c
                .completed
                .iter()
                .map(|id| {
                    let on = by_id
                        .get(id)
                        .and_then(|m| m.completed_on.as_deref())
                        .map(|d| format!("abgeschlossen am {}", format_iso(Some(d))))
                        .unwrap_or_default();
                    line(*id, on)
                })
                .collect(),
            status: c
                .status
                .iter()
                .map(|s| {
                    line(
                        s.measure_id,
                        format!("{} → {}", status_label(&s.from), status_label(&s.to)),
                    )
                })
                .collect(),
            ampel: c
                .ampel
                .iter()
                .map(|a| {
                    let m = by_id.get(&a.measure_id);
                    AmpelLine {
                        measure: label_of(a.measure_id, Some(prev)),
                        from: ampel_of(&a.from),
                        to: ampel_of(&a.to),
                        reason: m.map(|m| m.reason.clone()).unwrap_or_default(),
                        options: m.map(|m| m.options.clone()).unwrap_or_default(),
                    }
                })
                .collect(),
            deferred: c
                .deferred_or_dropped
                .iter()
                .map(|s| {
                    line(
                        s.measure_id,
                        format!("{} → {}", status_label(&s.from), status_label(&s.to)),
                    )
                })
                .collect(),
            removed: c
                .removed
                .iter()
                .map(|id| line(*id, "nicht mehr im Programm (archiviert)".into()))
                .collect(),
            slipped: c
                .slipped
                .iter()
                .map(|s| {
                    let detail = match &s.due_before {
                        Some(b) if *b != s.due_now => format!(
                            "Meilenstein „{}“ verschoben vom {} auf den {}",
                            s.title,
                            format_iso(Some(b)),
                            format_iso(Some(&s.due_now))
                        ),
                        _ => format!(
                            "Meilenstein „{}“ überfällig (fällig am {})",
                            s.title,
                            format_iso(Some(&s.due_now))
                        ),
                    };
                    line(s.measure_id, detail)
                })
                .collect(),
            budget: c
                .budget
                .iter()
                .map(|b| {
                    line(
                        b.measure_id,
                        format!(
                            "Haushaltsjahr {}: Plan {} → {}, Ist {} → {}",
                            b.fiscal_year,
                            format_euro(b.planned_before),
                            format_euro(b.planned_now),
                            format_euro(b.actual_before),
                            format_euro(b.actual_now)
                        ),
                    )
                })
                .collect(),
            empty: c.is_empty(),
        }
    });

    let fields = data
        .fields
        .iter()
        .map(|f| FieldView {
            code: f.code.clone(),
            title: f.title.clone(),
            comment: f.comment.clone(),
            measures: data
                .measures
                .iter()
                .filter(|m| m.field_id == f.id)
                .map(|m| MeasureView {
                    code: m.code.clone(),
                    title: m.title.clone(),
                    unit: m.unit.clone(),
                    responsible: m.responsible.clone(),
                    status: status_label(&m.status),
                    ampel: ampel_of(&m.ampel),
                    progress: m.progress,
                    text: m.text.clone(),
                    next_steps: m.next_steps.clone(),
                    reason: if is_active(&m.status) && m.ampel != "gruen" {
                        m.reason.clone()
                    } else {
                        String::new()
                    },
                    options: if is_active(&m.status) && m.ampel != "gruen" {
                        m.options.clone()
                    } else {
                        String::new()
                    },
                    decision_by: if is_active(&m.status) && m.ampel != "gruen" {
                        format_iso(m.decision_by.as_deref())
                    } else {
                        String::new()
                    },
                    overdue: overdue_milestones(m, &data.meta.cutoff_on)
                        .into_iter()
                        .map(|ms| format!("{} (fällig {})", ms.title, format_iso(Some(&ms.due_on))))
                        .collect(),
                })
                .collect(),
        })
        .filter(|f| !f.measures.is_empty() || !f.comment.is_empty())
        .collect();

    let finances: Vec<FinanceRow> = data
        .budget
        .iter()
        .map(|b| FinanceRow {
            measure: label_of(b.measure_id, None),
            year: b.fiscal_year,
            planned: format_euro(b.planned),
            approved: format_euro(b.approved),
            actual: format_euro(b.actual),
        })
        .collect();
    let sum = |f: fn(&report::BudgetSnap) -> i64| format_euro(data.budget.iter().map(f).sum());

    let goals: Vec<GoalView> = data
        .goals
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
        .collect();

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
    let cutoff = format_iso(Some(&data.meta.cutoff_on));

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
        by_status: k
            .by_status
            .iter()
            .map(|(s, n)| FigureRow {
                label: s.label().into(),
                value: n.to_string(),
            })
            .collect(),
        rule_status: RULE_STATUS,
        by_ampel: k
            .by_ampel
            .iter()
            .map(|(a, n)| FigureRow {
                label: a.label().into(),
                value: n.to_string(),
            })
            .collect(),
        rule_ampel: RULE_AMPEL,
        completed: k.completed_in_period,
        rule_completed: RULE_COMPLETED,
        fiscal_year: k.fiscal_year,
        budget_planned: format_euro(k.planned),
        budget_approved: format_euro(k.approved),
        budget_actual: format_euro(k.actual),
        rule_budget: RULE_BUDGET,
        chart_status: bar_chart(
            "chart-status",
            &format!("Maßnahmen nach Status, Stand {cutoff}"),
            &status_bars,
            "",
            "bar-neutral",
        ),
        chart_ampel: bar_chart(
            "chart-ampel",
            &format!("Laufende Maßnahmen nach Ampel, Stand {cutoff}"),
            &ampel_bars,
            "",
            "bar-ampel",
        ),
        chart_budget: bar_chart(
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
        chart_goals: if goal_bars.is_empty() {
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
        cutoff,
        changes,
        fields,
        finance_totals: (sum(|b| b.planned), sum(|b| b.approved), sum(|b| b.actual)),
        finances,
        goals,
        meetings: data
            .meetings
            .iter()
            .map(|m| MeetingView {
                date: format_iso(Some(&m.starts_at)),
                kind: kind_label(&m.kind),
                place: m.place.clone(),
                decisions: m.decisions.clone(),
            })
            .collect(),
    }
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn group(n: i64) -> String {
    crate::domain::money::format_euro_rounded(n * 100)
        .trim_end_matches('€')
        .trim_end_matches('\u{a0}')
        .to_string()
}

/// A horizontal bar chart: every bar carries its label and value as text, so the
/// chart reads without colour; the `<title>`/`<desc>` pair is its text alternative.
pub fn bar_chart(id: &str, title: &str, bars: &[(String, i64)], unit: &str, class: &str) -> String {
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let row = 26;
    let label_w = 260;
    let bar_w = 300;
    let height = row * bars.len() as i64 + 10;
    let desc = bars
        .iter()
        .map(|(l, v)| format!("{l}: {}{unit}", group(*v)))
        .collect::<Vec<_>>()
        .join("; ");
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" id="{id}" viewBox="0 0 {w} {height}" width="100%" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{t}</title><desc id="{id}-d">{d}</desc>"#,
        w = label_w + bar_w + 120,
        t = escape(title),
        d = escape(&desc),
    );
    for (i, (label, value)) in bars.iter().enumerate() {
        let y = 5 + i as i64 * row;
        let w = (value * bar_w / max).max(if *value > 0 { 2 } else { 0 });
        let short: String = if label.chars().count() > 40 {
            format!("{}…", label.chars().take(39).collect::<String>())
        } else {
            label.clone()
        };
        let _ = write!(
            s,
            r##"<text x="{tx}" y="{ty}" text-anchor="end" class="chart-label">{l}</text><rect x="{bx}" y="{y}" width="{w}" height="18" class="{class} bar-{i}" fill="#4a5d7a" stroke="#000" stroke-width="0.5"/><text x="{vx}" y="{ty}" class="chart-value">{v}{u}</text>"##,
            tx = label_w - 8,
            ty = y + 14,
            l = escape(&short),
            bx = label_w,
            vx = label_w + w + 6,
            v = group(*value),
            u = escape(unit),
        );
    }
    s.push_str("</svg>");
    s
}

/// The status request round, summarised per person and per unit.
pub struct RequestGroup {
    pub name: String,
    pub total: usize,
    pub missing: usize,
}

pub fn group_requests<'a>(rows: impl Iterator<Item = (&'a str, bool)>) -> Vec<RequestGroup> {
    let mut map: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for (name, updated) in rows {
        let e = map.entry(name).or_default();
        e.0 += 1;
        if !updated {
            e.1 += 1;
        }
    }
    map.into_iter()
        .map(|(name, (total, missing))| RequestGroup {
            name: name.to_string(),
            total,
            missing,
        })
        .collect()
}
