//! `/berichte/{a}/vergleich/{b}`: two released reports side by side.

use axum::extract::{Path, State};
use axum::response::Response;

use super::load::{data_of, visible};
use crate::auth::AnyUser;
use crate::domain::report::key_figures;
use crate::reports::snapshot;
use crate::reports::views::compare::{figure_rows, measure_rows};
use crate::reports::views::labels::report_label;
use crate::reports::views::pages::ComparePage;
use crate::web::{AppError, AppResult, AppState, Layout, Require, render};

pub async fn compare(
    State(state): State<AppState>,
    user: Require<AnyUser>,
    Path((a, b)): Path<(String, String)>,
) -> AppResult<Response> {
    let parse = |s: &str| s.parse::<i64>().map_err(|_| AppError::NotFound);
    let (a, b) = (parse(&a)?, parse(&b)?);
    let ra = visible(&state, &user, a).await?;
    let rb = visible(&state, &user, b).await?;
    if !ra.released() || !rb.released() {
        return Err(AppError::BadRequest(
            "Verglichen werden können nur freigegebene Berichte.".into(),
        ));
    }
    let (da, _) = data_of(&state, &ra).await?;
    let (db, _) = data_of(&state, &rb).await?;
    let (a_label, b_label) = (report_label(&da), report_label(&db));
    let figures = figure_rows(&key_figures(&da), &key_figures(&db));
    let measures = measure_rows(&da, &db);
    let title = format!(
        "Vergleich {} und {}",
        da.meta.period_label, db.meta.period_label
    );
    let changes = snapshot::view_of(&db, Some(&(a_label.clone(), da)));
    Ok(render(&ComparePage {
        layout: Layout::new(title, Some(&user), "berichte"),
        a_id: a,
        b_id: b,
        a_label,
        b_label,
        figures,
        measures,
        changes,
    }))
}
