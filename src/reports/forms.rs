//! Report forms: header and editorial text of a draft, the status request round.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::validation::FieldErrors;

/// The create / edit form. Field comments come as `hf_<field id>` keys.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReportForm {
    pub programme_id: String,
    pub period_label: String,
    pub period_start: String,
    pub cutoff_on: String,
    pub vorlage_no: String,
    pub addressee: String,
    pub committee_on: String,
    pub summary: String,
    pub outlook: String,
    pub version: String,
    #[serde(flatten)]
    pub rest: HashMap<String, String>,
}

pub struct ReportInput {
    pub programme_id: i64,
    pub period_label: String,
    pub period_start: NaiveDate,
    pub cutoff_on: NaiveDate,
    pub vorlage_no: String,
    pub addressee: String,
    pub committee_on: Option<NaiveDate>,
    pub summary: String,
    pub outlook: String,
    pub version: i64,
    pub comments: Vec<(i64, String)>,
}

/// The dates of a validated form as they are stored (ISO `YYYY-MM-DD`).
pub struct IsoDates {
    pub period_start: String,
    pub cutoff_on: String,
    pub committee_on: Option<String>,
}

impl ReportInput {
    pub fn iso_dates(&self) -> IsoDates {
        IsoDates {
            period_start: self.period_start.to_string(),
            cutoff_on: self.cutoff_on.to_string(),
            committee_on: self.committee_on.map(|d| d.to_string()),
        }
    }
}

pub const DEFAULT_ADDRESSEE: &str = "Finanz- und Verwaltungsausschuss";

impl ReportForm {
    pub fn comment(&self, field_id: &i64) -> &str {
        self.rest
            .get(&format!("hf_{field_id}"))
            .map(String::as_str)
            .unwrap_or("")
    }

    /// Validates; `field_ids` are the fields whose comment may be set.
    pub fn parse(&self, field_ids: &[i64]) -> Result<ReportInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let programme_id = match self.programme_id.trim().parse::<i64>() {
            Ok(id) if id > 0 => id,
            _ => {
                e.add("programme_id", "Bitte wählen Sie das Programm aus.");
                0
            }
        };
        let period_label = e.text(
            "period_label",
            "den Berichtszeitraum (z. B. „1. Halbjahr 2026“)",
            &self.period_label,
            80,
        );
        let period_start = e.optional_date("period_start", &self.period_start);
        if period_start.is_none() && e.get("period_start").is_none() {
            e.add(
                "period_start",
                "Bitte geben Sie den Beginn des Berichtszeitraums an (TT.MM.JJJJ).",
            );
        }
        let cutoff_on = e.optional_date("cutoff_on", &self.cutoff_on);
        if cutoff_on.is_none() && e.get("cutoff_on").is_none() {
            e.add("cutoff_on", "Bitte geben Sie den Stichtag an (TT.MM.JJJJ).");
        }
        if let (Some(s), Some(c)) = (period_start, cutoff_on)
            && c < s
        {
            e.add(
                "cutoff_on",
                "Der Stichtag darf nicht vor dem Beginn des Berichtszeitraums liegen.",
            );
        }
        let vorlage_no = e.text("vorlage_no", "die Vorlage-Nummer", &self.vorlage_no, 40);
        let addressee = e.text("addressee", "das Gremium", &self.addressee, 120);
        let committee_on = e.optional_date("committee_on", &self.committee_on);
        let summary = e.optional_text("summary", "Die Zusammenfassung", &self.summary, 8000);
        let outlook = e.optional_text("outlook", "Der Ausblick", &self.outlook, 8000);
        let version = self.version.trim().parse::<i64>().unwrap_or(0);
        let mut comments = Vec::new();
        for id in field_ids {
            let v = self.comment(id).trim().to_string();
            if v.chars().count() > 4000 {
                e.add(
                    "comments",
                    "Ein Kommentar zu einem Handlungsfeld darf höchstens 4000 Zeichen lang sein.",
                );
            }
            if v.chars()
                .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
            {
                e.add(
                    "comments",
                    "Ein Kommentar enthält unzulässige Steuerzeichen.",
                );
            }
            comments.push((*id, v));
        }
        match (period_start, cutoff_on, e.is_empty()) {
            (Some(period_start), Some(cutoff_on), true) => Ok(ReportInput {
                programme_id,
                period_label,
                period_start,
                cutoff_on,
                vorlage_no,
                addressee,
                committee_on,
                summary,
                outlook,
                version,
                comments,
            }),
            _ => Err(e),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RequestForm {
    pub due_on: String,
}

impl RequestForm {
    pub fn parse(&self, today: NaiveDate) -> Result<NaiveDate, FieldErrors> {
        let mut e = FieldErrors::default();
        match e.optional_date("due_on", &self.due_on) {
            Some(d) if d >= today => Ok(d),
            Some(_) => {
                e.add(
                    "due_on",
                    "Die Frist darf nicht in der Vergangenheit liegen.",
                );
                Err(e)
            }
            None => {
                e.add(
                    "due_on",
                    "Bitte geben Sie die Frist für die Sachstandsabfrage an (TT.MM.JJJJ).",
                );
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complete_form_parses_and_bad_dates_are_reported() {
        let mut f = ReportForm {
            programme_id: "1".into(),
            period_label: "1. Halbjahr 2026".into(),
            period_start: "01.01.2026".into(),
            cutoff_on: "30.06.2026".into(),
            vorlage_no: "IV/12/2026".into(),
            addressee: DEFAULT_ADDRESSEE.into(),
            ..Default::default()
        };
        let ok = f.parse(&[]).expect("valid");
        assert_eq!(ok.cutoff_on.to_string(), "2026-06-30");
        f.cutoff_on = "30.02.2026".into();
        f.vorlage_no = String::new();
        let e = f.parse(&[]).err().expect("invalid");
        assert!(e.get("cutoff_on").is_some());
        assert!(e.get("vorlage_no").is_some());
        f.cutoff_on = "31.12.2025".into();
        assert!(
            f.parse(&[])
                .err()
                .expect("before start")
                .get("cutoff_on")
                .is_some()
        );
    }
}
