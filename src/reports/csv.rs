//! CSV of the report's measure table (German Excel: BOM, `;`, RFC 4180), with the
//! same formula neutralisation as the measure export.

use crate::domain::report::ReportData;
use crate::measures::csv::neutralise;

use super::views::{ampel_of, status_label};

pub fn render(data: &ReportData) -> Result<Vec<u8>, csv::Error> {
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
        for m in &data.measures {
            let field = data
                .fields
                .iter()
                .find(|f| f.id == m.field_id)
                .map(|f| format!("{} {}", f.code, f.title))
                .unwrap_or_default();
            let cells = [
                m.code.clone(),
                m.title.clone(),
                field,
                m.unit.clone(),
                m.responsible.clone(),
                status_label(&m.status).to_string(),
                ampel_of(&m.ampel).short().to_string(),
                m.progress.to_string(),
                m.text.clone(),
                m.next_steps.clone(),
                crate::domain::dates::format_iso(Some(&data.meta.cutoff_on)),
            ];
            w.write_record(cells.iter().map(|c| neutralise(c)))?;
        }
        w.flush()?;
    }
    Ok(out)
}
