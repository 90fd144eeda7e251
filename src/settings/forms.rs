//! The letterhead form and its validation.

use serde::Deserialize;

use crate::domain::report::Letterhead;
use crate::domain::validation::FieldErrors;

/// What the admin typed (kept as typed when the form is shown again).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LetterheadForm {
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub head: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub kind: String,
}

const MAX: usize = 120;

impl LetterheadForm {
    pub fn of(l: &Letterhead) -> Self {
        Self {
            city: l.city.clone(),
            head: l.head.clone(),
            unit: l.unit.clone(),
            kind: l.kind.clone(),
        }
    }

    /// A letterhead that can be printed: city, head and Vorlage type required, every
    /// line one line of at most 120 characters without invisible controls.
    pub fn parse(&self, e: &mut FieldErrors) -> Letterhead {
        let mut line = |name: &'static str, label: &str, value: &str, required: bool| {
            let v = value.trim();
            if required && v.is_empty() {
                e.add(name, format!("Bitte geben Sie {label} an."));
            } else if v.chars().count() > MAX {
                e.add(name, format!("Höchstens {MAX} Zeichen."));
            } else if v
                .chars()
                .any(|c| c.is_control() || crate::domain::text::is_invisible_control(c))
            {
                e.add(
                    name,
                    "Bitte nur eine Zeile ohne Steuerzeichen eingeben.".to_string(),
                );
            }
            v.to_string()
        };
        Letterhead {
            city: line("city", "den Namen der Stadt", &self.city, true),
            head: line("head", "die Behördenleitung", &self.head, true),
            unit: line("unit", "die federführende Stelle", &self.unit, false),
            kind: line("kind", "die Art der Vorlage", &self.kind, true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_lines_and_limits() {
        let mut e = FieldErrors::default();
        let f = LetterheadForm {
            city: "  ".into(),
            head: "Der Oberbürgermeister".into(),
            unit: "x".repeat(121),
            kind: "Informations\u{202E}vorlage".into(),
        };
        f.parse(&mut e);
        assert!(e.get("city").is_some());
        assert!(e.get("head").is_none());
        assert_eq!(e.get("unit"), Some("Höchstens 120 Zeichen."));
        assert!(e.get("kind").is_some());
        let mut e = FieldErrors::default();
        let ok = LetterheadForm {
            city: " Stadt Musterstadt ".into(),
            head: "Der Oberbürgermeister".into(),
            unit: String::new(),
            kind: "Informationsvorlage".into(),
        }
        .parse(&mut e);
        assert!(e.is_empty());
        assert_eq!(ok.city, "Stadt Musterstadt");
    }
}
