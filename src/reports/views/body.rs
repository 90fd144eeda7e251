//! What the report body template (`reports/body.html`) and the PDF show.

use crate::domain::meetings::MeetingKind;
use crate::domain::{Ampel, Status};

pub struct FigureRow {
    pub label: String,
    pub value: String,
}

/// A group of key figures counted by one rule (the rule is shown once per group).
pub struct FigureGroup {
    pub rows: Vec<FigureRow>,
    pub rule: &'static str,
}

/// A measure that is late at the Stichtag ("Verzug und Entscheidungsbedarf").
pub struct DelayView {
    pub label: String,
    pub status: Status,
    pub ampel: Ampel,
    /// "27.01.2026 (am Stichtag überschritten)" or "".
    pub decision_by: String,
    pub overdue: Vec<String>,
    pub reason: String,
    pub options: String,
    /// "Beschluss vom 12.03.2026: …" lines, or one "Kein Beschluss …" line.
    pub decisions: Vec<String>,
    pub decided: bool,
}

/// Plan, Ansatz and Ist of a year or a field of action, with the deviations.
pub struct FinanceSum {
    pub label: String,
    pub planned: String,
    pub approved: String,
    pub actual: String,
    /// Ansatz − Plan
    pub approved_minus_planned: String,
    /// Ist − Ansatz
    pub actual_minus_approved: String,
    /// Ist as a share of the Ansatz ("61 %" or "–").
    pub used: String,
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
    /// "Stand 12.05.2026" (the date of the Sachstand), or "".
    pub stand: String,
    /// "keine neue Meldung seit 01.10.2025" when the Sachstand predates the period.
    pub stale: String,
    pub next_steps: String,
    pub reason: String,
    pub options: String,
    pub decision_by: String,
    pub overdue: Vec<String>,
    /// Listed under "Verzug und Entscheidungsbedarf" (cause, options, dates shown there).
    pub delayed: bool,
    /// The council papers it references: "567/24 (28.11.2024), 12/25" or "".
    pub council: String,
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
    /// Ist − Ansatz
    pub deviation: String,
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
    pub city: String,
    pub head: String,
    pub issuing_unit: String,
    pub kind: String,
    /// The Vorlage's date ("15.09.2026"), "Entwurf" for a draft.
    pub dated: String,
    pub subject: String,
    /// The information sentence ("Der Ausschuss nimmt … zur Kenntnis.").
    pub information: String,
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
    pub completed: usize,
    pub fiscal_year: i64,
    pub figures: Vec<FigureGroup>,
    /// Alternative texts of the four charts (also the SVG's `<desc>`).
    pub chart_alts: [String; 4],
    /// The bars of the four charts (label, value, class), for the PDF.
    pub chart_bars: [Vec<(String, i64, &'static str)>; 4],
    pub chart_status: String,
    pub chart_ampel: String,
    pub chart_budget: String,
    pub chart_goals: String,
    pub changes: Option<ChangesView>,
    pub delays: Vec<DelayView>,
    pub fields: Vec<FieldView>,
    /// Per measure, fiscal year of the Stichtag only.
    pub finances: Vec<FinanceRow>,
    pub finance_years: Vec<FinanceSum>,
    pub finance_years_total: Option<FinanceSum>,
    pub finance_fields: Vec<FinanceSum>,
    pub finance_fields_total: Option<FinanceSum>,
    /// The "Finanzielle Auswirkungen" paragraph.
    pub financial_effects: String,
    pub goals: Vec<GoalView>,
    pub meetings: Vec<MeetingView>,
}
