//! All SQL of the measures feature, by topic: the list, one measure and its writes, what
//! its page shows around it, status updates.

mod detail;
mod list;
mod measure;
mod status;
// issue 16: links to council decisions
mod council;

pub use council::{NewCouncilPaper, add_council_paper, council_paper_taken, remove_council_paper};
pub use detail::{
    BudgetRow, MeasureContext, MilestoneRow, StatusUpdateRow, add_milestone, budget,
    complete_milestone, context, history, milestones,
};
pub use list::{
    ListChoices, MeasureRow, list, list_with_choices, needing_attention, overview_rows,
};
pub use measure::{
    Measure, code_taken, get, insert, programme_of_field, replace_sign_offs, set_archived,
    sign_offs, update,
};
pub use status::{add_status_update, get_for_update, latest_update_id};
