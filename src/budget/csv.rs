//! The budget lines of a fiscal year as CSV, through the one German-Excel writer
//! (`web::csv`): amounts are number cells, free text is formula-guarded.

use super::queries::LineRow;
use crate::domain::money::format_plain;
use crate::web::csv::{Cell, Table};

pub fn render(rows: &[LineRow]) -> Result<Vec<u8>, csv::Error> {
    let mut table = Table::new(&[
        "Haushaltsjahr",
        "Nr.",
        "Maßnahme",
        "Handlungsfeld",
        "Art",
        "Produkt",
        "Sachkonto",
        "Plan (EUR)",
        "Ansatz (EUR)",
        "Ist (EUR)",
        "Ist minus Ansatz (EUR)",
        "Bemerkung",
    ])?;
    for r in rows {
        table.row([
            Cell::number(r.fiscal_year),
            Cell::text(&r.measure_code),
            Cell::text(&r.measure_title),
            Cell::text(format!("{} {}", r.field_code, r.field_title)),
            Cell::text(r.kind.key()),
            Cell::text(&r.product),
            Cell::text(&r.account),
            Cell::number(format_plain(r.planned)),
            Cell::number(format_plain(r.approved)),
            Cell::number(format_plain(r.actual)),
            Cell::number(format_plain(r.actual - r.approved)),
            Cell::text(&r.note),
        ])?;
    }
    table.finish()
}
