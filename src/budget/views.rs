//! View models of the budget plan: sum tables per field of action, kind and
//! Produkt/Sachkonto, the four-year medium-term view, the lines; the two pages.

use askama::Template;

use super::forms::LineForm;
use super::queries::LineRow;
use crate::domain::budget::{Amounts, BudgetKind, medium_term_years, sum_by};
use crate::domain::money::format_euro;
use crate::domain::validation::FieldErrors;
use crate::lookups::Choice;
use crate::web::Layout;
use crate::web::merge::MergeView;

fn amounts(l: &LineRow) -> Amounts {
    Amounts {
        planned: l.planned,
        approved: l.approved,
        actual: l.actual,
    }
}

pub struct SumRow {
    pub label: String,
    pub planned: String,
    pub approved: String,
    pub actual: String,
    pub approved_minus_planned: String,
    pub actual_minus_approved: String,
    pub used: String,
    pub over: bool,
}

impl SumRow {
    fn new(label: String, a: Amounts) -> Self {
        Self {
            label,
            planned: format_euro(a.planned),
            approved: format_euro(a.approved),
            actual: format_euro(a.actual),
            approved_minus_planned: format_euro(a.approved_minus_planned()),
            actual_minus_approved: format_euro(a.actual_minus_approved()),
            used: a
                .used_percent()
                .map(|p| format!("{p} %"))
                .unwrap_or_else(|| "–".into()),
            over: a.actual_minus_approved() > 0,
        }
    }
}

pub struct Table {
    pub rows: Vec<SumRow>,
    pub total: SumRow,
}

fn table<K: Ord + Clone>(
    lines: &[&LineRow],
    key: impl Fn(&LineRow) -> K,
    label: impl Fn(&K) -> String,
) -> Table {
    let (groups, total) = sum_by(lines, |l| key(l), |l| amounts(l));
    Table {
        rows: groups
            .into_iter()
            .map(|(k, a)| SumRow::new(label(&k), a))
            .collect(),
        total: SumRow::new("Summe".into(), total),
    }
}

/// A field of action, in programme and field order, with its label.
fn field_key(l: &LineRow) -> (i64, i64, String) {
    (
        l.programme_id,
        l.field_position,
        format!("{} {}", l.field_code, l.field_title),
    )
}

pub struct MediumRow {
    pub label: String,
    pub years: Vec<String>,
    pub total: String,
}

impl MediumRow {
    fn new(label: String, per_year: Vec<i64>) -> Self {
        Self {
            label,
            total: format_euro(per_year.iter().sum()),
            years: per_year.into_iter().map(format_euro).collect(),
        }
    }
}

pub struct LineView {
    pub id: i64,
    pub measure_id: i64,
    pub measure: String,
    pub kind: BudgetKind,
    pub product: String,
    pub account: String,
    pub planned: String,
    pub approved: String,
    pub actual: String,
    pub note: String,
}

/// Everything the budget plan shows for one fiscal year, from the lines of that year
/// and the three following.
pub struct Plan {
    pub by_field: Table,
    pub by_kind: Table,
    pub by_account: Table,
    pub years: [i32; 4],
    pub medium: Vec<MediumRow>,
    pub medium_total: MediumRow,
    pub lines: Vec<LineView>,
}

impl Plan {
    pub fn new(year: i64, all: &[LineRow]) -> Self {
        let current: Vec<&LineRow> = all.iter().filter(|l| l.fiscal_year == year).collect();
        let by_account = table(
            &current,
            |l| (l.product.clone(), l.account.clone()),
            |(p, a)| {
                let p = if p.is_empty() { "ohne Produkt" } else { p };
                let a = if a.is_empty() { "ohne Sachkonto" } else { a };
                format!("{p} / {a}")
            },
        );
        let years = medium_term_years(year as i32);
        let all_refs: Vec<&LineRow> = all.iter().collect();
        let (fields, _) = sum_by(&all_refs, |l| field_key(l), |_| Amounts::default());
        let planned_in = |pred: &dyn Fn(&LineRow) -> bool, y: i32| -> i64 {
            all.iter()
                .filter(|l| l.fiscal_year == i64::from(y) && pred(l))
                .map(|l| l.planned)
                .sum()
        };
        let medium = fields
            .into_iter()
            .map(|(k, _)| {
                let pred = |l: &LineRow| (l.programme_id, l.field_position) == (k.0, k.1);
                MediumRow::new(k.2, years.iter().map(|y| planned_in(&pred, *y)).collect())
            })
            .collect();
        let per_total = years.iter().map(|y| planned_in(&|_| true, *y)).collect();
        Self {
            by_field: table(&current, field_key, |k| k.2.clone()),
            by_kind: table(&current, |l| l.kind, |k| k.label().to_string()),
            by_account,
            years,
            medium,
            medium_total: MediumRow::new("Summe".into(), per_total),
            lines: current.iter().map(|l| line_view(l)).collect(),
        }
    }
}

fn line_view(l: &LineRow) -> LineView {
    LineView {
        id: l.id,
        measure_id: l.measure_id,
        measure: format!("{} {}", l.measure_code, l.measure_title),
        kind: l.kind,
        product: l.product.clone(),
        account: l.account.clone(),
        planned: format_euro(l.planned),
        approved: format_euro(l.approved),
        actual: format_euro(l.actual),
        note: l.note.clone(),
    }
}

#[derive(Template)]
#[template(path = "budget/page.html")]
pub struct Page {
    pub layout: Layout,
    pub year: i64,
    pub prev: i64,
    pub next: i64,
    pub programm: String,
    pub programmes: Vec<Choice>,
    pub plan: Plan,
    pub csv_href: String,
    pub can_edit: bool,
    pub form: LineForm,
    pub errors: FieldErrors,
    pub measures: Vec<Choice>,
    pub kinds: &'static [BudgetKind],
}

#[derive(Template)]
#[template(path = "budget/edit.html")]
pub struct EditPage {
    pub layout: Layout,
    pub id: i64,
    pub form: LineForm,
    pub errors: FieldErrors,
    pub measures: Vec<Choice>,
    pub kinds: &'static [BudgetKind],
    pub merge: MergeView,
}
