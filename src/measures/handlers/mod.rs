//! The measure pages, one file per use case: the list (and its CSV), the detail page,
//! status updates, milestones, create/edit, archive/restore.

pub mod archive;
pub mod detail;
pub mod edit;
pub mod list;
pub mod milestones;
pub mod public;
pub mod status;
// issue 16: links to council decisions
pub mod council;
