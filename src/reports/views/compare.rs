//! The side-by-side comparison of two released reports: key figures and measures.

use std::collections::BTreeSet;

use crate::domain::money::format_euro;
use crate::domain::report::{KeyFigures, MeasureSnap, ReportData};

pub struct CompareRow {
    pub label: String,
    pub a: String,
    pub b: String,
    pub differs: bool,
}

impl CompareRow {
    fn new(label: String, a: String, b: String) -> Self {
        Self {
            differs: a != b,
            label,
            a,
            b,
        }
    }
}

/// The key figures of report `a` next to those of report `b`.
pub fn figure_rows(ka: &KeyFigures, kb: &KeyFigures) -> Vec<CompareRow> {
    let mut rows = vec![CompareRow::new(
        "Maßnahmen insgesamt".into(),
        ka.total.to_string(),
        kb.total.to_string(),
    )];
    for ((s, na), (_, nb)) in ka.by_status.iter().zip(&kb.by_status) {
        rows.push(CompareRow::new(
            format!("Status: {}", s.label()),
            na.to_string(),
            nb.to_string(),
        ));
    }
    for ((x, na), (_, nb)) in ka.by_ampel.iter().zip(&kb.by_ampel) {
        rows.push(CompareRow::new(
            format!("Ampel: {}", x.label()),
            na.to_string(),
            nb.to_string(),
        ));
    }
    rows.push(CompareRow::new(
        "Im Berichtszeitraum abgeschlossen".into(),
        ka.completed_in_period.to_string(),
        kb.completed_in_period.to_string(),
    ));
    let money = |k: &KeyFigures, cents: i64| format!("{} ({})", format_euro(cents), k.fiscal_year);
    rows.push(CompareRow::new(
        "Haushalt des Stichtagsjahres: Plan".into(),
        money(ka, ka.planned),
        money(kb, kb.planned),
    ));
    rows.push(CompareRow::new(
        "Haushalt des Stichtagsjahres: Ist".into(),
        money(ka, ka.actual),
        money(kb, kb.actual),
    ));
    rows
}

fn cell(m: Option<&MeasureSnap>) -> String {
    m.map(|m| {
        format!(
            "{} · {} · {} %",
            m.status.label(),
            m.status
                .shown_ampel(m.ampel)
                .map_or("keine Ampel", |a| a.short()),
            m.progress
        )
    })
    .unwrap_or_else(|| "nicht enthalten".into())
}

/// Every measure of either report, by code: status, Ampel and progress in each.
pub fn measure_rows(da: &ReportData, db: &ReportData) -> Vec<CompareRow> {
    let ids: BTreeSet<(String, i64)> = da
        .measures
        .iter()
        .chain(&db.measures)
        .map(|m| (m.code.clone(), m.id))
        .collect();
    ids.into_iter()
        .map(|(code, id)| {
            let ma = da.measures.iter().find(|m| m.id == id);
            let mb = db.measures.iter().find(|m| m.id == id);
            let title = mb.or(ma).map(|m| m.title.clone()).unwrap_or_default();
            CompareRow::new(format!("{code} {title}"), cell(ma), cell(mb))
        })
        .collect()
}
