//! A status update (Sachstandsmeldung) and its rules, including Ampel discipline.

use chrono::NaiveDate;

use super::validation::FieldErrors;
use super::{Ampel, Status};

/// What the status form sends: strings only, exactly as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct StatusUpdateForm {
    pub status: String,
    pub ampel: String,
    pub progress: String,
    pub text: String,
    pub next_steps: String,
    pub blockers: String,
    pub reason: String,
    pub options: String,
    pub decision_by: String,
}

/// A checked status update, ready to be stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusUpdate {
    pub status: Status,
    pub ampel: Ampel,
    pub progress: i64,
    pub text: String,
    pub next_steps: String,
    pub blockers: String,
    pub reason: String,
    pub options: String,
    pub decision_by: Option<NaiveDate>,
}

pub const TEXT_MAX: usize = 4000;

impl StatusUpdateForm {
    /// Parses the form. Ampel discipline: Gelb or Rot need a reason, options for action
    /// and a "decision needed by" date. Abgeschlossen means 100 % (set automatically).
    pub fn parse(&self, today: NaiveDate) -> Result<StatusUpdate, FieldErrors> {
        let mut e = FieldErrors::default();
        let status = e.choice("status", "einen Status", &self.status, Status::parse);
        let ampel = e.choice("ampel", "eine Ampel", &self.ampel, Ampel::parse);
        let mut progress = e.int_in("progress", "Der Fortschritt", &self.progress, 0, 100);
        let text = e.text("text", "einen Sachstand", &self.text, TEXT_MAX);
        let next_steps =
            e.optional_text("next_steps", "Nächste Schritte", &self.next_steps, TEXT_MAX);
        let blockers = e.optional_text("blockers", "Hindernisse", &self.blockers, TEXT_MAX);
        let reason = e.optional_text("reason", "Die Begründung", &self.reason, TEXT_MAX);
        let options = e.optional_text("options", "Handlungsoptionen", &self.options, TEXT_MAX);
        let decision_by = e.optional_date("decision_by", &self.decision_by);

        if matches!(ampel, Some(Ampel::Gelb | Ampel::Rot)) {
            let colour = ampel.map(Ampel::short).unwrap_or_default();
            if reason.is_empty() {
                e.add(
                    "reason",
                    format!("Bei Ampel {colour} ist eine Begründung erforderlich."),
                );
            }
            if options.is_empty() {
                e.add(
                    "options",
                    format!("Bei Ampel {colour} sind Handlungsoptionen erforderlich."),
                );
            }
            if decision_by.is_none() && e.get("decision_by").is_none() {
                e.add(
                    "decision_by",
                    format!("Bei Ampel {colour} ist ein Datum „Entscheidung erforderlich bis“ anzugeben."),
                );
            }
            if let Some(d) = decision_by
                && d < today
            {
                e.add(
                    "decision_by",
                    "Das Entscheidungsdatum darf nicht in der Vergangenheit liegen.",
                );
            }
        }
        if status == Some(Status::Abgeschlossen) {
            progress = 100;
        }
        match (status, ampel, e.is_empty()) {
            (Some(status), Some(ampel), true) => Ok(StatusUpdate {
                status,
                ampel,
                progress,
                text,
                next_steps,
                blockers,
                reason,
                options,
                decision_by,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(ampel: &str) -> StatusUpdateForm {
        StatusUpdateForm {
            status: "umsetzung".into(),
            ampel: ampel.into(),
            progress: "40".into(),
            text: "Ausschreibung läuft.".into(),
            ..Default::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    #[test]
    fn green_needs_no_reason() {
        assert!(form("gruen").parse(today()).is_ok());
    }

    #[test]
    fn red_without_reason_options_and_date_is_rejected_at_each_field() {
        let e = form("rot").parse(today()).unwrap_err();
        assert!(e.get("reason").is_some());
        assert!(e.get("options").is_some());
        assert!(e.get("decision_by").is_some());
    }

    #[test]
    fn amber_with_everything_passes() {
        let mut f = form("gelb");
        f.reason = "Lieferverzug".into();
        f.options = "Anbieter wechseln".into();
        f.decision_by = "15.12.2026".into();
        let u = f.parse(today()).unwrap();
        assert_eq!(u.decision_by, NaiveDate::from_ymd_opt(2026, 12, 15));
    }

    #[test]
    fn completion_sets_full_progress() {
        let mut f = form("gruen");
        f.status = "abgeschlossen".into();
        assert_eq!(f.parse(today()).unwrap().progress, 100);
    }

    #[test]
    fn unknown_values_and_out_of_range_progress_are_field_errors() {
        let mut f = form("lila");
        f.progress = "140".into();
        let e = f.parse(today()).unwrap_err();
        assert!(e.get("ampel").is_some());
        assert!(e.get("progress").is_some());
    }
}
