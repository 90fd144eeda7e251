//! CSV export for German Excel: UTF-8 with BOM, `;` separator, RFC 4180 quoting, and
//! cells that a spreadsheet would run as a formula neutralised with a leading `'`.

use super::queries::MeasureRow;
use super::views::status_label;
use crate::domain::Ampel;
use crate::domain::dates::format_iso;

/// Cells starting with these characters are formulas in Excel/LibreOffice.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

pub fn render(rows: &[MeasureRow], internal: bool) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .quote_style(csv::QuoteStyle::Necessary)
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record([
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
        ])?;
        for r in rows {
            let responsible = if internal {
                &r.person_name
            } else {
                &r.person_function
            };
            let cells = [
                r.code.clone(),
                r.title.clone(),
                r.programme_short.to_string(),
                r.field.to_string(),
                r.unit_code.to_string(),
                responsible.as_deref().unwrap_or_default().to_string(),
                status_label(&r.status).to_string(),
                Ampel::parse(&r.ampel)
                    .map(Ampel::short)
                    .unwrap_or("")
                    .to_string(),
                r.progress.to_string(),
                format_iso(r.planned_end.as_deref()),
                format_iso(Some(&r.last_update_at)),
                if r.archived { "ja" } else { "nein" }.to_string(),
            ];
            w.write_record(cells.iter().map(|c| neutralise(c)))?;
        }
        w.flush()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("@SUM"), "'@SUM");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("E-Akte"), "E-Akte");
    }
}
