//! The capacity form: unit, half-year and person-days as typed, parsed and checked.

use serde::Deserialize;

use crate::domain::validation::FieldErrors;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CapacityForm {
    pub org_unit_id: String,
    pub year: String,
    pub half: String,
    pub person_days: String,
    /// The value the user saw (empty: none); a different stored value is a conflict.
    pub bisher: String,
}

/// A checked capacity (the unit's existence is checked against the database separately).
pub struct CapacityInput {
    pub unit: i64,
    pub year: i64,
    pub half: i64,
    pub days: i64,
}

pub const NO_UNIT: &str = "Bitte wählen Sie eine Organisationseinheit aus.";

impl CapacityForm {
    /// Everything that can be checked without the database; errors are added to `e`.
    pub fn parse(&self, e: &mut FieldErrors) -> CapacityInput {
        let unit = match self.org_unit_id.trim().parse::<i64>() {
            Ok(id) if id > 0 => id,
            _ => {
                e.add("org_unit_id", NO_UNIT);
                0
            }
        };
        CapacityInput {
            unit,
            year: e.int_in("year", "Das Jahr", &self.year, 2000, 2100),
            half: e.int_in("half", "Das Halbjahr", &self.half, 1, 2),
            days: e.int_in(
                "person_days",
                "Die Kapazität (Personentage)",
                &self.person_days,
                0,
                100_000,
            ),
        }
    }

    /// The value the user saw, if they saw one: `Some(None)` means "none was stored".
    pub fn seen(&self) -> Option<Option<i64>> {
        let t = self.bisher.trim();
        (!t.is_empty()).then(|| t.parse::<i64>().ok())
    }
}
