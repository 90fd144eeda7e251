//! The one CSV writer, for German Excel and LibreOffice: UTF-8 with BOM, `;` as separator,
//! CRLF, RFC 4180 quoting. Text cells that a spreadsheet would run as a formula are
//! neutralised with a leading `'`, and lose bidirectional controls and zero-width
//! characters (`domain::text`); number cells are written as numbers.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// One cell of a row.
pub enum Cell {
    /// Free text (names, titles, notes): neutralised if it could start a formula.
    Text(String),
    /// A number the spreadsheet should compute with (amounts, percentages, years).
    Number(String),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Self {
        Cell::Text(s.into())
    }

    pub fn number(n: impl ToString) -> Self {
        Cell::Number(n.to_string())
    }

    fn render(&self) -> String {
        match self {
            Cell::Text(s) => neutralise(&crate::domain::text::visible(s)),
            Cell::Number(n) => n.clone(),
        }
    }
}

/// Cells starting with these characters are formulas in Excel/LibreOffice.
pub fn neutralise(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// A table being written; `finish` returns the file's bytes.
pub struct Table {
    writer: csv::Writer<Vec<u8>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Result<Self, csv::Error> {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .quote_style(csv::QuoteStyle::Necessary)
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::from("\u{feff}".as_bytes()));
        writer.write_record(header)?;
        Ok(Self { writer })
    }

    pub fn row(&mut self, cells: impl IntoIterator<Item = Cell>) -> Result<(), csv::Error> {
        self.writer
            .write_record(cells.into_iter().map(|c| c.render()))
    }

    pub fn finish(self) -> Result<Vec<u8>, csv::Error> {
        self.writer
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))
    }
}

/// The file as a download named `filename`.
pub fn download(filename: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("@SUM"), "'@SUM");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("E-Akte"), "E-Akte");
    }

    #[test]
    fn numbers_stay_numbers_and_text_is_guarded() -> Result<(), csv::Error> {
        let mut t = Table::new(&["Betrag", "Bemerkung"])?;
        t.row([Cell::number("-1234.5"), Cell::text("-Minus")])?;
        t.row([Cell::number(1), Cell::text("\u{202E}gnp.exe")])?;
        let bytes = t.finish()?;
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("-1234.5;'-Minus\r\n"), "{text}");
        assert!(text.contains("1;gnp.exe\r\n"), "{text}");
        Ok(())
    }
}
