//! All SQL of the meetings feature (runtime queries, bound parameters only), by topic;
//! re-exported here so that callers write `queries::x`.

mod agenda;
mod calendar;
mod comments;
mod drafting;
mod freshness;
mod meetings;
mod minutes;
mod participants;
mod pending;
mod series;
mod tasks;

pub use agenda::*;
pub use calendar::*;
pub use comments::*;
pub use drafting::*;
pub use freshness::*;
pub use meetings::*;
pub use minutes::*;
pub use participants::*;
pub use pending::*;
pub use series::*;
pub use tasks::*;
