//! The budget line form: amounts parsed with `domain::money::parse_euro`.

use chrono::{Datelike, Utc};
use serde::Deserialize;

use super::queries::{Line, LineInput};
use crate::domain::budget::BudgetKind;
use crate::domain::money::{format_plain, parse_euro};
use crate::domain::validation::FieldErrors;
use crate::merge_field;
use crate::web::merge::{Field, MergeInput, Mergeable};
use crate::web::{AppError, AppResult};

/// `/haushalt?jahr=…&programm=…`: the fiscal year shown and the programme filter.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct YearQuery {
    pub jahr: String,
    pub programm: String,
    pub meldung: Option<String>,
}

impl YearQuery {
    /// The fiscal year (this year when none is given), or 400.
    pub fn year(&self) -> AppResult<i64> {
        match self.jahr.trim() {
            "" => Ok(i64::from(Utc::now().year())),
            s => match s.parse::<i64>() {
                Ok(y) if (2000..=2100).contains(&y) => Ok(y),
                _ => Err(AppError::BadRequest(
                    "Das Haushaltsjahr muss eine Jahreszahl von 2000 bis 2100 sein.".into(),
                )),
            },
        }
    }

    /// The page of the form's fiscal year (when it is a valid one), to show it again.
    pub fn of_form(form: &LineForm) -> Self {
        YearQuery {
            jahr: form
                .fiscal_year
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .map(|y| y.to_string())
                .unwrap_or_default(),
            ..Default::default()
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LineForm {
    pub measure_id: String,
    pub fiscal_year: String,
    pub kind: String,
    pub product: String,
    pub account: String,
    pub planned: String,
    pub approved: String,
    pub actual: String,
    pub note: String,
    pub version: String,
    /// Edit only: the values the form was opened with, for a field-wise merge.
    #[serde(flatten)]
    pub merge: MergeInput,
}

impl Mergeable for LineForm {
    const FIELDS: &'static [Field<Self>] = &[
        merge_field!(LineForm, measure_id, "Maßnahme"),
        merge_field!(LineForm, fiscal_year, "Haushaltsjahr"),
        merge_field!(LineForm, kind, "Art"),
        merge_field!(LineForm, product, "Produkt"),
        merge_field!(LineForm, account, "Sachkonto"),
        merge_field!(LineForm, planned, "Plan"),
        merge_field!(LineForm, approved, "Ansatz"),
        merge_field!(LineForm, actual, "Ist"),
        merge_field!(LineForm, note, "Anmerkung"),
    ];
    fn version_mut(&mut self) -> &mut String {
        &mut self.version
    }
    fn merge_input(&self) -> MergeInput {
        self.merge.clone()
    }
}

pub const KINDS: &[BudgetKind] = BudgetKind::ALL;

impl LineForm {
    pub fn from_line(l: &Line) -> Self {
        Self {
            measure_id: l.measure_id.to_string(),
            fiscal_year: l.fiscal_year.to_string(),
            kind: l.kind.key().to_string(),
            product: l.product.clone(),
            account: l.account.clone(),
            planned: format_plain(l.planned),
            approved: format_plain(l.approved),
            actual: format_plain(l.actual),
            note: l.note.clone(),
            version: l.version.to_string(),
            merge: MergeInput::default(),
        }
    }

    pub fn parse(&self) -> Result<LineInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let measure_id = match self.measure_id.trim().parse::<i64>() {
            Ok(id) if id > 0 => id,
            _ => {
                e.add("measure_id", "Bitte wählen Sie eine Maßnahme aus.");
                0
            }
        };
        let fiscal_year = e.int_in(
            "fiscal_year",
            "Das Haushaltsjahr",
            &self.fiscal_year,
            2000,
            2100,
        );
        let kind = BudgetKind::parse(self.kind.trim());
        if kind.is_none() {
            e.add(
                "kind",
                "Bitte wählen Sie die Art (investiv oder konsumtiv) aus.",
            );
        }
        let product = e.optional_text("product", "Das Produkt", &self.product, 120);
        let account = e.optional_text("account", "Das Sachkonto", &self.account, 60);
        let mut money = |field: &'static str, label: &str, v: &str| -> i64 {
            if v.trim().is_empty() {
                return 0;
            }
            parse_euro(v).unwrap_or_else(|| {
                e.add(
                    field,
                    format!("{label}: Bitte geben Sie einen Betrag in Euro ohne Vorzeichen ein, z. B. 12.500,00."),
                );
                0
            })
        };
        let planned = money("planned", "Plan", &self.planned);
        let approved = money("approved", "Ansatz", &self.approved);
        let actual = money("actual", "Ist", &self.actual);
        let note = e.optional_text("note", "Die Bemerkung", &self.note, 1000);
        match kind {
            Some(kind) if e.is_empty() => Ok(LineInput {
                measure_id,
                fiscal_year,
                kind,
                product,
                account,
                planned,
                approved,
                actual,
                note,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_german_euro_and_never_negative() {
        let f = LineForm {
            measure_id: "3".into(),
            fiscal_year: "2027".into(),
            kind: "investiv".into(),
            planned: "12.500,50".into(),
            approved: "".into(),
            actual: "-5".into(),
            ..Default::default()
        };
        let e = f.parse().err().unwrap();
        assert!(e.get("actual").is_some());
        let ok = LineForm {
            actual: "1000".into(),
            ..f
        }
        .parse()
        .unwrap();
        assert_eq!(ok.planned, 1_250_050);
        assert_eq!(ok.approved, 0);
        assert_eq!(ok.actual, 100_000);
    }
}
