//! The vocabulary of the organisation: roles within the AG Digitalisierung.

use super::enums::vocabulary;

vocabulary!(
    /// The role of a person within the AG (not an account role).
    AgRole {
        Leitung => ("leitung", "Leitung der AG"),
        Mitglied => ("mitglied", "Mitglied"),
        Gast => ("gast", "ständiger Gast"),
    }
);
