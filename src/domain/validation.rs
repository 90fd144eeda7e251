//! Collecting field errors of a form, so all of them are shown at once.

use chrono::NaiveDate;

use super::dates::parse_date;

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
