//! View models of the reports feature: the report body (data turned into German text,
//! tables and server-rendered SVG charts), its "changes since" section, the pages
//! around it (list, form, report page, comparison).

pub mod body;
pub mod build;
pub mod changes;
pub mod chart;
pub mod compare;
pub mod labels;
pub mod pages;
