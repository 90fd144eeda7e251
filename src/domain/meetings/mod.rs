//! Meeting rules as pure functions: the vocabularies and state changes, the biweekly
//! series and who takes part, the AG agenda pre-fill and the joint-session draft (each
//! item with the reason why it is there), and the agenda release state.

mod agenda;
mod joint;
mod schedule;
mod states;

pub use agenda::{
    CarryOver, DraftItem, MeasureRef, MeasureSignal, PrefillInput, move_item, prefill_ag_agenda,
};
pub use joint::{BudgetDeviation, JointInput, QuarterSummary, ReportState, draft_joint_agenda};
pub use schedule::{
    is_joint_session_guest, member_on, quarter_label, report_half_due, series_dates,
};
pub use states::{Attendance, MeetingKind, MeetingState, ReleaseState, TaskState, release_state};
