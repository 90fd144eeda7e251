//! Plain domain types and rules: no HTTP, no SQL.

pub mod dates;
pub mod enums;
pub mod money;
pub mod report;
pub mod status_update;
pub mod validation;

pub use enums::{Ampel, Priority, Role, SignOffState, SignOffTrack, Status};
