//! The list's query string: filters and sorting, parsed into checked values.

use serde::Deserialize;

use crate::domain::{Ampel, Status};

/// Raw query parameters as they come from the filter form.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct FilterQuery {
    pub programm: String,
    pub hf: String,
    pub status: String,
    pub ampel: String,
    pub einheit: String,
    pub q: String,
    pub sort: String,
    pub richtung: String,
    pub archiv: String,
    pub meine: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Code,
    Title,
    Field,
    Status,
    Ampel,
    Progress,
    Unit,
    Updated,
    End,
}

impl SortKey {
    pub const ALL: &'static [(SortKey, &'static str, &'static str)] = &[
        (SortKey::Code, "nr", "Nr."),
        (SortKey::Title, "titel", "Maßnahme"),
        (SortKey::Field, "hf", "Handlungsfeld"),
        (SortKey::Unit, "einheit", "Federführung"),
        (SortKey::Status, "status", "Status"),
        (SortKey::Ampel, "ampel", "Ampel"),
        (SortKey::Progress, "fortschritt", "Fortschritt"),
        (SortKey::End, "ende", "Geplantes Ende"),
        (SortKey::Updated, "aktualisiert", "Letzte Meldung"),
    ];

    pub fn key(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _, _)| *k == self)
            .map(|(_, key, _)| *key)
            .unwrap_or("nr")
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, key, _)| *key == s)
            .map(|(k, _, _)| *k)
    }
}

/// Checked filter values.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub programme: Option<i64>,
    pub field: Option<i64>,
    pub status: Option<Status>,
    pub ampel: Option<Ampel>,
    pub unit: Option<i64>,
    pub text: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
    pub archived: bool,
    /// Only the measures of this person ("Meine Maßnahmen").
    pub person: Option<i64>,
}

fn id(v: &str, what: &str) -> Result<Option<i64>, String> {
    let t = v.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .map(Some)
        .ok_or_else(|| format!("Der Filter „{what}“ hat einen ungültigen Wert."))
}

impl FilterQuery {
    /// Unknown values give a German message (shown with status 400).
    pub fn parse(&self, own_person: Option<i64>) -> Result<Filter, String> {
        let pick = |v: &str, what: &str, ok: Option<()>| -> Result<(), String> {
            if v.trim().is_empty() || ok.is_some() {
                Ok(())
            } else {
                Err(format!("Der Filter „{what}“ hat einen ungültigen Wert."))
            }
        };
        let status = Status::parse(self.status.trim());
        pick(&self.status, "Status", status.map(|_| ()))?;
        let ampel = Ampel::parse(self.ampel.trim());
        pick(&self.ampel, "Ampel", ampel.map(|_| ()))?;
        let sort = SortKey::parse(self.sort.trim());
        pick(&self.sort, "Sortierung", sort.map(|_| ()))?;
        let descending = match self.richtung.trim() {
            "" | "auf" => false,
            "ab" => true,
            _ => return Err("Die Sortierrichtung ist ungültig.".into()),
        };
        let text = self.q.trim();
        if text.chars().count() > 200 {
            return Err("Der Suchbegriff darf höchstens 200 Zeichen lang sein.".into());
        }
        Ok(Filter {
            programme: id(&self.programm, "Programm")?,
            field: id(&self.hf, "Handlungsfeld")?,
            status,
            ampel,
            unit: id(&self.einheit, "Federführung")?,
            text: (!text.is_empty()).then(|| text.to_string()),
            sort: sort.unwrap_or_default(),
            descending,
            archived: self.archiv == "1",
            person: if self.meine == "1" {
                own_person.or(Some(0))
            } else {
                None
            },
        })
    }

    /// The query string without sorting, to build the column-header links.
    pub fn without_sort(&self) -> String {
        let pairs = [
            ("programm", &self.programm),
            ("hf", &self.hf),
            ("status", &self.status),
            ("ampel", &self.ampel),
            ("einheit", &self.einheit),
            ("q", &self.q),
            ("archiv", &self.archiv),
            ("meine", &self.meine),
        ];
        let kept: Vec<(&str, &str)> = pairs
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (*k, v.trim()))
            .collect();
        serde_urlencoded::to_string(kept).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unknown_values_with_german_messages() {
        let q = FilterQuery {
            status: "kaputt".into(),
            ..Default::default()
        };
        assert!(q.parse(None).unwrap_err().contains("Status"));
        let q = FilterQuery {
            sort: "id; DROP TABLE measures".into(),
            ..Default::default()
        };
        assert!(q.parse(None).is_err());
        let q = FilterQuery {
            hf: "-3".into(),
            ..Default::default()
        };
        assert!(q.parse(None).is_err());
    }

    #[test]
    fn keeps_filters_for_sort_links() {
        let q = FilterQuery {
            ampel: "rot".into(),
            q: "E-Akte".into(),
            sort: "titel".into(),
            ..Default::default()
        };
        assert_eq!(q.without_sort(), "ampel=rot&q=E-Akte");
        let f = q.parse(None).unwrap();
        assert_eq!(f.sort, SortKey::Title);
        assert_eq!(f.ampel, Some(Ampel::Rot));
    }
}
