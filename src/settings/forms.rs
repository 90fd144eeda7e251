//! The letterhead form and its validation.

use serde::Deserialize;

use crate::domain::money::format_thousands;
use crate::domain::report::Letterhead;
use crate::domain::validation::FieldErrors;
use crate::lookups::transparency::Settings;

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

/// The transparency page's settings as the admin typed them.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TransparencyForm {
    /// The checkbox: present ("1") when switched on.
    #[serde(default)]
    pub enabled: Option<String>,
    #[serde(default)]
    pub licence_name: String,
    #[serde(default)]
    pub licence_url: String,
    #[serde(default)]
    pub intro: String,
}

const MAX_INTRO: usize = 2000;
const MAX_URL: usize = 500;

impl TransparencyForm {
    pub fn of(s: &Settings) -> Self {
        Self {
            enabled: s.enabled.then(|| "1".to_string()),
            licence_name: s.licence_name.clone(),
            licence_url: s.licence_url.clone(),
            intro: s.intro.clone(),
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled.as_deref().is_some_and(|v| !v.is_empty())
    }

    /// Licence name (one line, at most 120 characters) and an http(s) address are
    /// required: public data without a licence cannot be reused. The intro is optional
    /// (at most 2,000 characters, line breaks allowed).
    pub fn parse(&self, e: &mut FieldErrors) -> Settings {
        let invisible = |v: &str, lines: bool| {
            v.chars().any(|c| {
                (c.is_control() && !(lines && matches!(c, '\n' | '\r' | '\t')))
                    || crate::domain::text::is_invisible_control(c)
            })
        };
        let name = self.licence_name.trim();
        if name.is_empty() {
            e.add(
                "licence_name",
                "Bitte geben Sie den Namen der Lizenz an, zum Beispiel „Datenlizenz Deutschland – Namensnennung – 2.0“.".to_string(),
            );
        } else if name.chars().count() > MAX {
            e.add("licence_name", format!("Höchstens {MAX} Zeichen."));
        } else if invisible(name, false) {
            e.add(
                "licence_name",
                "Bitte nur eine Zeile ohne Steuerzeichen eingeben.".to_string(),
            );
        }
        let url = self.licence_url.trim();
        let parsed = url::Url::parse(url).ok().filter(|u| {
            matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
        });
        if url.is_empty() {
            e.add(
                "licence_url",
                "Bitte geben Sie die Adresse des Lizenztextes an.".to_string(),
            );
        } else if url.chars().count() > MAX_URL {
            e.add("licence_url", format!("Höchstens {MAX_URL} Zeichen."));
        } else if parsed.is_none() || invisible(url, false) || url.contains(char::is_whitespace) {
            e.add(
                "licence_url",
                "Bitte eine vollständige Adresse angeben, die mit https:// oder http:// beginnt."
                    .to_string(),
            );
        }
        let intro = self.intro.trim();
        if intro.chars().count() > MAX_INTRO {
            e.add(
                "intro",
                format!(
                    "Höchstens {} Zeichen (jetzt {}).",
                    format_thousands(MAX_INTRO as i64),
                    format_thousands(intro.chars().count() as i64)
                ),
            );
        } else if invisible(intro, true) {
            e.add(
                "intro",
                "Der Text enthält unsichtbare Steuerzeichen. Bitte entfernen Sie sie.".to_string(),
            );
        }
        Settings {
            enabled: self.is_enabled(),
            licence_name: name.to_string(),
            licence_url: url.to_string(),
            intro: intro.replace("\r\n", "\n"),
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

    #[test]
    fn transparency_needs_a_licence_with_an_address() {
        let mut e = FieldErrors::default();
        let f = TransparencyForm {
            enabled: Some("1".into()),
            licence_name: " ".into(),
            licence_url: "javascript:alert(1)".into(),
            intro: "x".repeat(2001),
        };
        let s = f.parse(&mut e);
        assert!(s.enabled);
        assert!(e.get("licence_name").is_some());
        assert!(e.get("licence_url").is_some());
        assert_eq!(
            e.get("intro"),
            Some("Höchstens 2.000 Zeichen (jetzt 2.001).")
        );
        let mut e = FieldErrors::default();
        let ok = TransparencyForm {
            enabled: None,
            licence_name: "Datenlizenz Deutschland – Namensnennung – 2.0".into(),
            licence_url: " https://www.govdata.de/dl-de/by-2-0 ".into(),
            intro: "Zeile 1\r\nZeile 2".into(),
        }
        .parse(&mut e);
        assert!(e.is_empty(), "{e:?}");
        assert!(!ok.enabled);
        assert_eq!(ok.licence_url, "https://www.govdata.de/dl-de/by-2-0");
        assert_eq!(ok.intro, "Zeile 1\nZeile 2");
    }
}
