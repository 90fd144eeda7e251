//! The request handlers of /bewertung, one file per use case.

pub mod assess;
pub mod decide;
pub mod detail;
pub mod expectation;
pub mod list;
