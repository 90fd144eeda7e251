//! What the report body template (`reports/body.html`) and the PDF show.

use crate::domain::meetings::MeetingKind;
use crate::domain::{Ampel, Status};

pub struct FigureRow {
    pub label: String,
    pub value: String,
}

pub struct MeasureView {
    pub code: String,
    pub title: String,
    pub unit: String,
    pub responsible: String,
    pub status: Status,
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
    pub kind: MeetingKind,
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
