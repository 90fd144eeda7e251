//! The request handlers of /ziele, one file per use case.

pub mod edit;
pub mod list;
pub mod readings;
