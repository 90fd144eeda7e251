//! The report as a file: the PDF (frozen for a released report, typeset live for a
//! draft) and the CSV of its measure table.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::load::{data_of, missing_snapshot};
use crate::reports::pdf::queue::{Outcome, draft_pdfs};
use crate::reports::queries::{self, Report};
use crate::reports::{csv as report_csv, pdf as report_pdf};
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
        match draft_pdfs().pdf(ident, source).await? {
            Outcome::Pdf(pdf) => pdf.as_ref().clone(),
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

pub async fn csv(state: &AppState, r: &Report) -> AppResult<Response> {
    let (data, _) = data_of(state, r).await?;
    let bytes = report_csv::render(&data).map_err(anyhow::Error::from)?;
    Ok(csv::download(&file_name(r, "csv"), bytes))
}
