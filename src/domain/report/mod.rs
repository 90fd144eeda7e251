//! The half-yearly status report (Sachstandsbericht): its content as data, the key
//! figures with their counting rules, goal attainment, and "changes since the
//! previous report" as a pure function over two report snapshots.
//!
//! A released report stores this data (as JSON) next to its rendered HTML and PDF, so
//! the next report can be compared with exactly what the council saw last time.

pub mod changes;
pub mod data;
pub mod figures;

pub use changes::{AmpelChange, BudgetDelta, Changes, MilestoneSlip, StatusChange, changes};
pub use data::{
    BudgetSnap, CouncilPaperSnap, DecisionSnap, FieldSnap, GoalSnap, Letterhead, MeasureSnap,
    MeetingSnap, MilestoneSnap, ReportData, ReportMeta, public_responsible,
};
pub use figures::{
    Delay, KeyFigures, RULE_AMPEL, RULE_BUDGET, RULE_COMPLETED, RULE_STATUS, RULE_TOTAL,
    budget_by_field, budget_by_year, delays, fiscal_year, goal_attainment, key_figures,
    overdue_milestones,
};

crate::domain::enums::vocabulary!(
    /// Where a report is in its life: a draft rendered live, or released and frozen.
    ReportState {
        Entwurf => ("entwurf", "Entwurf"),
        Freigegeben => ("freigegeben", "freigegeben"),
    }
);
