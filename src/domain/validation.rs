//! Collecting field errors of a form, so all of them are shown at once.

use chrono::NaiveDate;

use super::dates::parse_date;
use super::money::parse_euro;

/// One German message per form field, in form order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<(&'static str, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.0.push((field, message.into()));
        }
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Required, trimmed text of bounded length.
    pub fn text(&mut self, field: &'static str, label: &str, v: &str, max: usize) -> String {
        let t = v.trim();
        if t.is_empty() {
            self.add(field, format!("Bitte geben Sie {label} ein."));
        }
        self.optional_text(field, label, t, max)
    }

    /// Required text that names or identifies something (codes, names of units and
    /// people): like `text`, and bidirectional controls or zero-width characters are
    /// refused, since they make one name look like another.
    pub fn name(&mut self, field: &'static str, label: &str, v: &str, max: usize) -> String {
        let t = self.text(field, label, v, max);
        if t.chars().any(crate::domain::text::is_invisible_control) {
            self.add(
                field,
                "Bitte entfernen Sie unsichtbare Steuerzeichen (z. B. Zeichen für die Schreibrichtung) aus der Eingabe.",
            );
        }
        t
    }

    /// Optional, trimmed text of bounded length; control characters are rejected.
    pub fn optional_text(
        &mut self,
        field: &'static str,
        label: &str,
        v: &str,
        max: usize,
    ) -> String {
        let t = v.trim();
        if t.chars().count() > max {
            self.add(
                field,
                format!("{label} darf höchstens {max} Zeichen lang sein."),
            );
        }
        if t.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            self.add(field, format!("{label} enthält unzulässige Steuerzeichen."));
        }
        t.to_string()
    }

    /// Optional date (`TT.MM.JJJJ` or ISO), within 2000–2100.
    pub fn optional_date(&mut self, field: &'static str, v: &str) -> Option<NaiveDate> {
        let t = v.trim();
        if t.is_empty() {
            return None;
        }
        match parse_date(t) {
            Some(d) if (2000..=2100).contains(&chrono::Datelike::year(&d)) => Some(d),
            _ => {
                self.add(
                    field,
                    "Bitte geben Sie ein gültiges Datum ein (TT.MM.JJJJ).",
                );
                None
            }
        }
    }

    /// Required date (`TT.MM.JJJJ` or ISO): "Bitte geben Sie {label} an (TT.MM.JJJJ)."
    /// when empty, the date message of `optional_date` when invalid.
    pub fn required_date(
        &mut self,
        field: &'static str,
        label: &str,
        v: &str,
    ) -> Option<NaiveDate> {
        let d = self.optional_date(field, v);
        if d.is_none() && self.get(field).is_none() {
            self.add(field, format!("Bitte geben Sie {label} an (TT.MM.JJJJ)."));
        }
        d
    }

    /// A required reference chosen in a select box: a positive id.
    pub fn id(&mut self, field: &'static str, label: &str, v: &str) -> Option<i64> {
        match v.trim().parse::<i64>() {
            Ok(id) if id > 0 => Some(id),
            _ => {
                self.add(field, format!("Bitte wählen Sie {label} aus."));
                None
            }
        }
    }

    /// An optional reference: empty is none, anything else must be a positive id.
    pub fn optional_id(&mut self, field: &'static str, label: &str, v: &str) -> Option<i64> {
        if v.trim().is_empty() {
            return None;
        }
        self.id(field, label, v)
    }

    /// An optional amount in euro (cents; empty is 0); `message` when it is no amount.
    pub fn optional_euro(&mut self, field: &'static str, v: &str, message: &str) -> i64 {
        if v.trim().is_empty() {
            return 0;
        }
        parse_euro(v).unwrap_or_else(|| {
            self.add(field, message);
            0
        })
    }

    /// The number of a measure (e.g. `HF2-04`): required, ASCII letters, digits, `.-_`.
    pub fn measure_code(&mut self, field: &'static str, label: &str, v: &str) -> String {
        let code = self.name(field, label, v, 20);
        if !code.is_empty()
            && !code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || c == '_')
        {
            self.add(
                field,
                "Die Nummer darf nur Buchstaben, Ziffern, Punkt, Binde- und Unterstrich enthalten.",
            );
        }
        code
    }

    /// Whole number in a range.
    pub fn int_in(&mut self, field: &'static str, label: &str, v: &str, min: i64, max: i64) -> i64 {
        match v.trim().parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => n,
            _ => {
                self.add(
                    field,
                    format!("{label} muss eine ganze Zahl von {min} bis {max} sein."),
                );
                min
            }
        }
    }

    /// A value from a closed vocabulary.
    pub fn choice<T>(
        &mut self,
        field: &'static str,
        label: &str,
        v: &str,
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let r = parse(v.trim());
        if r.is_none() {
            self.add(field, format!("Bitte wählen Sie {label} aus."));
        }
        r
    }
}

/// The version a form was loaded with (optimistic locking); a missing or garbled value
/// matches no stored version, so saving answers with the conflict page.
pub fn form_version(v: &str) -> i64 {
    v.trim().parse::<i64>().unwrap_or(-1)
}
