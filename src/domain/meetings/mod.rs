//! Meeting rules as pure functions: the vocabularies and state changes, the biweekly
//! series and who takes part, the AG agenda pre-fill and the joint-session draft (each
//! item with the reason why it is there), and the agenda release state.

mod agenda;
mod freshness;
mod joint;
mod schedule;
mod states;

pub use agenda::{
    CarryOver, DraftItem, MeasureRef, MeasureSignal, PrefillInput, move_item, prefill_ag_agenda,
};
pub use freshness::{
    DraftPlan, ItemUpdate, SnapshotItem, StoredItem, plan_update, release_changes,
};
pub use joint::{
    BudgetDeviation, JointInput, QuarterSummary, RED_AMBER_TITLE, ReportState, draft_joint_agenda,
};
pub use schedule::{
    is_joint_session_guest, member_on, quarter_label, report_half_due, series_dates,
};
pub use states::{Attendance, MeetingKind, MeetingState, ReleaseState, TaskState, release_state};
