//! The measures list as a CSV file for German Excel (written by `web::csv`).

use super::queries::MeasureRow;
use crate::domain::Ampel;
use crate::domain::dates::format_iso;
use crate::web::csv::{Cell, Table};

const HEADER: [&str; 12] = [
    "Nr.",
    "Maßnahme",
    "Programm",
    "Handlungsfeld",
    "Federführung",
    "Verantwortlich",
    "Status",
    "Ampel",
    "Fortschritt (%)",
    "Geplantes Ende",
    "Letzte Meldung",
    "Archiviert",
];

/// Council members see the responsible person's function, not the name.
pub fn render(rows: &[MeasureRow], internal: bool) -> anyhow::Result<Vec<u8>> {
    let mut table = Table::new(&HEADER)?;
    for r in rows {
        let responsible = if internal {
            &r.person_name
        } else {
            &r.person_function
        };
        table.row([
            Cell::text(r.code.clone()),
            Cell::text(r.title.clone()),
            Cell::text(&*r.programme_short),
            Cell::text(&*r.field),
            Cell::text(&*r.unit_code),
            Cell::text(responsible.as_deref().unwrap_or_default()),
            Cell::text(r.status.label()),
            Cell::text(
                r.status
                    .shown_ampel(r.ampel)
                    .map(Ampel::short)
                    .unwrap_or_default(),
            ),
            Cell::number(r.progress),
            Cell::text(format_iso(r.planned_end.as_deref())),
            Cell::text(format_iso(Some(&r.last_update_at))),
            Cell::text(if r.archived { "ja" } else { "nein" }),
        ])?;
    }
    Ok(table.finish()?)
}
