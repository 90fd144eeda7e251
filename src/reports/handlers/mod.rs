//! Report pages, one file per use case: the list, creating and editing a draft, the
//! report itself (HTML, PDF, CSV), the status request round, release and correction,
//! the side-by-side comparison.

pub mod compare;
pub mod edit;
pub mod files;
pub mod list;
mod load;
pub mod release;
pub mod request_round;
pub mod show;
