//! CSV of the report's measure table, through the one German-Excel writer (`web::csv`).

use crate::domain::dates::format_iso;
use crate::domain::report::ReportData;
use crate::web::csv::{Cell, Table};

pub fn render(data: &ReportData) -> Result<Vec<u8>, csv::Error> {
    let mut table = Table::new(&[
        "Nr.",
        "Maßnahme",
        "Handlungsfeld",
        "Federführung",
        "Verantwortlich",
        "Status",
        "Ampel",
        "Fortschritt (%)",
        "Sachstand",
        "Nächste Schritte",
        "Stichtag",
    ])?;
    let cutoff = format_iso(Some(&data.meta.cutoff_on));
    for m in &data.measures {
        let field = data
            .fields
            .iter()
            .find(|f| f.id == m.field_id)
            .map(|f| format!("{} {}", f.code, f.title))
            .unwrap_or_default();
        table.row([
            Cell::text(&m.code),
            Cell::text(&m.title),
            Cell::text(field),
            Cell::text(&m.unit),
            Cell::text(&m.responsible),
            Cell::text(m.status.label()),
            Cell::text(
                m.status
                    .shown_ampel(m.ampel)
                    .map(|a| a.short())
                    .unwrap_or_default(),
            ),
            Cell::number(m.progress),
            Cell::text(&m.text),
            Cell::text(&m.next_steps),
            Cell::text(&cutoff),
        ])?;
    }
    table.finish()
}
