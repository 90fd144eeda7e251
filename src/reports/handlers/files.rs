//! The report as a file: the PDF and the DOCX (frozen for a released report, rendered
//! live for a draft) and the CSV of its measure table.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::load::{data_of, missing_snapshot};
use crate::reports::queries::{self, Report};
use crate::reports::snapshot::{previous, view_of};
use crate::reports::{csv as report_csv, docx as report_docx, pdf as report_pdf};
use crate::web::render_queue::Outcome;
use crate::web::{AppError, AppResult, AppState, csv};

fn file_name(r: &Report, ext: &str) -> String {
    let safe: String = r
        .vorlage_no
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("Sachstandsbericht-{safe}.{ext}")
}

pub async fn pdf(state: &AppState, r: &Report) -> AppResult<Response> {
    let bytes = if r.released() {
        let mut conn = state.db.read.acquire().await?;
        queries::snapshot_pdf(&mut conn, r.id)
            .await?
            .ok_or_else(missing_snapshot)?
    } else {
        let (_, view) = data_of(state, r).await?;
        let view = view.ok_or_else(|| AppError::Internal(anyhow::anyhow!("no view")))?;
        let (ident, source) = (report_pdf::ident(&view), report_pdf::source(&view));
        match state
            .draft_pdfs
            .file(ident, source, report_pdf::render_source)
            .await?
        {
            Outcome::File(pdf) => pdf.as_ref().clone(),
            Outcome::Busy(retry_after_secs) => {
                return Err(AppError::Busy { retry_after_secs });
            }
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{}\"", file_name(r, "pdf")),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The Word copy for the council information system: same access as the PDF; a released
/// report serves the bytes frozen at release.
pub async fn docx(state: &AppState, r: &Report) -> AppResult<Response> {
    let stored = if r.released() {
        let mut conn = state.db.read.acquire().await?;
        queries::snapshot_docx(&mut conn, r.id).await?
    } else {
        None
    };
    let bytes = match stored {
        Some(bytes) => bytes,
        None => {
            // a draft, or a report released before DOCX files were frozen: rendered from
            // the live (draft) or frozen (released) data, the same every time
            let (data, view) = data_of(state, r).await?;
            let view = match view {
                Some(view) => view,
                None => {
                    let mut conn = state.db.read.acquire().await?;
                    let prev = previous(&mut conn, r).await?;
                    view_of(&data, prev.as_ref())
                }
            };
            tokio::task::spawn_blocking(move || report_docx::render(&view))
                .await
                .map_err(anyhow::Error::from)??
        }
    };
    Ok((
        [
            (header::CONTENT_TYPE, report_docx::CONTENT_TYPE.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", docx_file_name(r)),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// "Sachstandsbericht-1-Halbjahr-2026.docx": named after the period, as the clerk files it.
fn docx_file_name(r: &Report) -> String {
    let mut safe = String::new();
    for c in r.period_label.chars() {
        let c = match c {
            'ä' => "ae".to_string(),
            'ö' => "oe".to_string(),
            'ü' => "ue".to_string(),
            'Ä' => "Ae".to_string(),
            'Ö' => "Oe".to_string(),
            'Ü' => "Ue".to_string(),
            'ß' => "ss".to_string(),
            c if c.is_ascii_alphanumeric() => c.to_string(),
            _ => "-".to_string(),
        };
        if c == "-" && (safe.is_empty() || safe.ends_with('-')) {
            continue;
        }
        safe.push_str(&c);
    }
    let safe = safe.trim_end_matches('-');
    if safe.is_empty() {
        file_name(r, "docx")
    } else {
        format!("Sachstandsbericht-{safe}.docx")
    }
}

pub async fn csv(state: &AppState, r: &Report) -> AppResult<Response> {
    let (data, _) = data_of(state, r).await?;
    let bytes = report_csv::render(&data).map_err(anyhow::Error::from)?;
    Ok(csv::download(&file_name(r, "csv"), bytes))
}

/// The report's page furniture for the browser's A4 print, as the PDF has it: "Vorlage-Nr.
/// IV/7/2026 · Stichtag 30.06.2026" at the foot of every page (print.css adds "Seite x von y").
pub fn print_css(r: &Report) -> Response {
    let furniture = format!(
        "Vorlage-Nr. {} · Stichtag {}",
        r.vorlage_no,
        crate::domain::dates::format_iso(Some(&r.cutoff_on))
    );
    let css = format!(
        "@page {{ @bottom-left {{ content: \"{}\"; font-size: 8pt; }} }}\n",
        css_string(&furniture)
    );
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "private, max-age=300"),
        ],
        css,
    )
        .into_response()
}

/// Escapes text for a CSS string: everything but letters, digits, space and a few
/// punctuation marks becomes a hex escape, so no input can end the string or the rule.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || matches!(c, ' ' | '.' | '/' | '-' | ',' | ':') {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", c as u32));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::css_string;

    #[test]
    fn css_strings_cannot_be_escaped_from() {
        assert_eq!(css_string("IV/7/2026"), "IV/7/2026");
        assert_eq!(css_string("a\"; } x"), "a\\22 \\3b  \\7d  x");
        assert_eq!(css_string("·"), "\\b7 ");
    }
}
