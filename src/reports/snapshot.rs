//! Building a report from the data as of its Stichtag, and freezing it at release:
//! the same code path renders a draft live and produces the stored snapshot (HTML
//! body, PDF and DOCX bytes, JSON data) of a released report.

use crate::db::Conn;
use askama::Template;

use super::queries::{self, Report};
use super::views::body::ReportView;
use super::views::build::build;
use super::views::labels::report_label;
use super::{docx, pdf};
use crate::domain::report::{ReportData, changes, key_figures};

#[derive(Template)]
#[template(path = "reports/body.html")]
pub struct Body<'a> {
    pub r: &'a ReportView,
}

/// The report as it is rendered now: live data for a draft.
pub struct Composed {
    pub data: ReportData,
    pub view: ReportView,
}

/// The previous released report's label and data (for "changes since").
pub async fn previous(conn: &mut Conn, r: &Report) -> anyhow::Result<Option<(String, ReportData)>> {
    let Some((_, json)) =
        queries::previous_released(conn, r.programme_id, &r.cutoff_on, r.id).await?
    else {
        return Ok(None);
    };
    let prev: ReportData = serde_json::from_str(&json)?;
    Ok(Some((report_label(&prev), prev)))
}

pub fn view_of(data: &ReportData, prev: Option<&(String, ReportData)>) -> ReportView {
    let k = key_figures(data);
    match prev {
        Some((label, p)) => {
            let c = changes(p, data);
            build(data, &k, Some((label.as_str(), p, &c)))
        }
        None => build(data, &k, None),
    }
}

pub async fn compose(conn: &mut Conn, r: &Report) -> anyhow::Result<Composed> {
    let data = queries::load_data(&mut *conn, r).await?;
    let prev = previous(&mut *conn, r).await?;
    let view = view_of(&data, prev.as_ref());
    Ok(Composed { data, view })
}

pub fn body_html(view: &ReportView) -> anyhow::Result<String> {
    Ok(Body { r: view }.render()?)
}

/// Renders and stores the snapshot, all inside the caller's transaction (the demo loader;
/// the release handler prepares on a read connection first). Returns false when the report
/// is no longer a draft.
pub async fn release(
    conn: &mut Conn,
    r: &Report,
    released_by: i64,
    at: &str,
) -> anyhow::Result<bool> {
    let prepared = prepare(&mut *conn, r, at).await?;
    release_prepared(conn, r, released_by, at, prepared).await
}

/// A release rendered ahead of the write transaction: typesetting the PDF takes ~0.6 s,
/// which must neither hold the single write connection nor block the async runtime.
pub struct Prepared {
    data: ReportData,
    prev: Option<(String, ReportData)>,
    html: String,
    pdf: Vec<u8>,
    docx: Vec<u8>,
}

/// The report's data as released at `at`: the Vorlage is dated on the day of release.
async fn release_data(conn: &mut Conn, r: &Report, at: &str) -> anyhow::Result<ReportData> {
    let mut data = queries::load_data(&mut *conn, r).await?;
    data.meta.dated_on = Some(at.get(..10).unwrap_or(at).to_string());
    Ok(data)
}

/// Reads the report's data (on a read connection) and renders HTML and PDF on a
/// blocking thread; `at` is the intended release time (it dates the Vorlage).
pub async fn prepare(conn: &mut Conn, r: &Report, at: &str) -> anyhow::Result<Prepared> {
    let data = release_data(&mut *conn, r, at).await?;
    let prev = previous(&mut *conn, r).await?;
    tokio::task::spawn_blocking(move || {
        let view = view_of(&data, prev.as_ref());
        let html = body_html(&view)?;
        let pdf = pdf::render(&view)?;
        let docx = docx::render(&view)?;
        Ok(Prepared {
            data,
            prev,
            html,
            pdf,
            docx,
        })
    })
    .await?
}

/// Stores a prepared snapshot inside the caller's write transaction. When the data the
/// transaction sees differs from what was rendered (someone wrote in between), the
/// snapshot is rendered again from the transaction's data, so the frozen report is
/// always the data as of the release. Returns false when the report is no longer a draft.
pub async fn release_prepared(
    conn: &mut Conn,
    r: &Report,
    released_by: i64,
    at: &str,
    prepared: Prepared,
) -> anyhow::Result<bool> {
    let data = release_data(&mut *conn, r, at).await?;
    let prev = previous(&mut *conn, r).await?;
    let (html, pdf, docx) = if data == prepared.data && prev == prepared.prev {
        (prepared.html, prepared.pdf, prepared.docx)
    } else {
        tracing::info!(
            report = r.id,
            "report data changed while rendering; rendering again"
        );
        let view = view_of(&data, prev.as_ref());
        (body_html(&view)?, pdf::render(&view)?, docx::render(&view)?)
    };
    let json = serde_json::to_string(&data)?;
    let frozen = queries::Frozen {
        html: &html,
        pdf: &pdf,
        docx: &docx,
        json: &json,
    };
    Ok(queries::release(conn, r.id, released_by, at, frozen).await?)
}
