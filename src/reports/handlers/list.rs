//! `/berichte`: the reports, newest first (council members see released ones only).

use axum::extract::{Query, State};
use axum::response::Response;

use crate::auth::AnyUser;
use crate::domain::dates::{format_iso, format_timestamp};
use crate::reports::queries;
use crate::reports::views::pages::{ListPage, ListRow};
use crate::web::{AppResult, AppState, FlashQuery, Layout, Require, render};

pub async fn list(
    State(state): State<AppState>,
    user: Require<AnyUser>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let mut conn = state.db.read.acquire().await?;
    let reports = queries::list(&mut conn, user.role.is_internal()).await?;
    let released: Vec<i64> = reports
        .iter()
        .filter(|r| r.released())
        .map(|r| r.id)
        .collect();
    let rows = reports
        .into_iter()
        .map(|r| ListRow {
            id: r.id,
            released: r.released(),
            released_at: r
                .released_at
                .as_deref()
                .map(format_timestamp)
                .unwrap_or_default(),
            corrects: r.corrects_label.clone().unwrap_or_default(),
            cutoff: format_iso(Some(&r.cutoff_on)),
            period_label: r.period_label,
            vorlage_no: r.vorlage_no,
        })
        .collect();
    Ok(render(&ListPage {
        layout: Layout::new("Berichte", Some(&user), "berichte").with_flash(q.flash()),
        rows,
        can_edit: user.role.can_edit_programme(),
        compare: match released.as_slice() {
            [newest, older, ..] => Some((*older, *newest)),
            _ => None,
        },
    }))
}
