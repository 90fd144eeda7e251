//! Plain domain types and rules: no HTTP, no SQL.

pub mod budget;
pub mod capacity;
pub mod dates;
pub mod enums;
pub mod goals;
pub mod meetings;
pub mod money;
pub mod organisation;
pub mod programme;
pub mod report;
pub mod status_update;
pub mod text;
pub mod validation;
pub mod wibe;
pub mod wording;

pub use enums::{Ampel, Priority, Role, SignOffState, SignOffTrack, Status};
