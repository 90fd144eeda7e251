//! Loading a report for a request: who may see it, whether it may still change, and
//! its data (live for a draft, the frozen snapshot for a released report).

use crate::auth::Session;
use crate::domain::report::ReportData;
use crate::reports::queries::{self, Report};
use crate::reports::snapshot::compose;
use crate::reports::views::body::ReportView;
use crate::web::{AppError, AppResult, AppState};

/// Loads a report the user may see: council members see released reports only.
pub async fn visible(state: &AppState, user: &Session, id: i64) -> AppResult<Report> {
    let r = report(state, id).await?;
    if !r.released() && !user.role.is_internal() {
        return Err(AppError::NotFound);
    }
    Ok(r)
}

/// Loads a report, or 404.
pub async fn report(state: &AppState, id: i64) -> AppResult<Report> {
    let mut conn = state.db.read.acquire().await?;
    queries::get(&mut conn, id).await?.ok_or(AppError::NotFound)
}

/// Loads a report that is still a draft (a released one cannot change: 400).
pub async fn draft(state: &AppState, id: i64) -> AppResult<Report> {
    let r = report(state, id).await?;
    if r.released() {
        return Err(not_a_draft());
    }
    Ok(r)
}

pub fn not_a_draft() -> AppError {
    AppError::BadRequest(
        "Dieser Bericht ist freigegeben und kann nicht mehr geändert werden. Eine Berichtigung legen Sie als neue Fassung an.".into(),
    )
}

pub fn missing_snapshot() -> AppError {
    AppError::Internal(anyhow::anyhow!("released report without snapshot"))
}

/// The frozen body HTML of a released report.
pub async fn released_html(state: &AppState, r: &Report) -> AppResult<String> {
    let mut conn = state.db.read.acquire().await?;
    let (html, _, _) = queries::snapshot(&mut conn, r.id)
        .await?
        .ok_or_else(missing_snapshot)?;
    Ok(html)
}

/// The report's data: the frozen snapshot of a released report, or the live data of a
/// draft together with its view.
pub async fn data_of(state: &AppState, r: &Report) -> AppResult<(ReportData, Option<ReportView>)> {
    let mut conn = state.db.read.acquire().await?;
    if r.released() {
        let (_, _, json) = queries::snapshot(&mut conn, r.id)
            .await?
            .ok_or_else(missing_snapshot)?;
        let data: ReportData = serde_json::from_str(&json).map_err(anyhow::Error::from)?;
        Ok((data, None))
    } else {
        let c = compose(&mut conn, r).await?;
        Ok((c.data, Some(c.view)))
    }
}
