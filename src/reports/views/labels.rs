//! How a report names a measure: "HF1-02 Title", looked up by id in the report (and,
//! for measures that are gone, in the previous report).

use std::collections::HashMap;

use crate::domain::report::{MeasureSnap, ReportData};

pub fn measure_label(m: &MeasureSnap) -> String {
    format!("{} {}", m.code, m.title)
}

/// The measures of a report by id.
pub struct Measures<'a> {
    by_id: HashMap<i64, &'a MeasureSnap>,
}

impl<'a> Measures<'a> {
    pub fn of(data: &'a ReportData) -> Self {
        Self {
            by_id: data.measures.iter().map(|m| (m.id, m)).collect(),
        }
    }

    pub fn get(&self, id: i64) -> Option<&'a MeasureSnap> {
        self.by_id.get(&id).copied()
    }

    /// The measure's label; one missing here is looked up in `prev`.
    pub fn label(&self, id: i64, prev: Option<&ReportData>) -> String {
        self.get(id)
            .map(measure_label)
            .or_else(|| {
                prev.and_then(|p| p.measures.iter().find(|m| m.id == id))
                    .map(measure_label)
            })
            .unwrap_or_else(|| format!("Maßnahme {id}"))
    }
}

/// How a report is named next to another: "1. Halbjahr 2026 (Vorlage …, Stichtag …)".
pub fn report_label(d: &ReportData) -> String {
    format!(
        "{} (Vorlage {}, Stichtag {})",
        d.meta.period_label,
        d.meta.vorlage_no,
        crate::domain::dates::format_iso(Some(&d.meta.cutoff_on))
    )
}
