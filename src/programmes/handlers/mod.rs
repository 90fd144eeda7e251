//! The request handlers of /programme, one file per use case.

pub mod compare;
pub mod fields;
pub mod list;
pub mod revisions;
