//! All SQL of the reports feature, by topic. Reads the goals and meetings tables
//! directly (schema of migrations/0001), so the report does not depend on those
//! features' code.

mod as_of;
mod report;
mod request;
mod snapshot;

pub use as_of::load_data;
pub use report::{
    NewReport, Report, create, fields, get, list, set_field_comment, start_request, update_draft,
};
pub use request::{RequestRow, request_rows};
pub use snapshot::{Frozen, previous_released, release, snapshot, snapshot_docx, snapshot_pdf};
