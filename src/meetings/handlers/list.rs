//! The list of meetings: upcoming first, then the past ones, newest first.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;

use crate::auth::Internal;
use crate::meetings::pages::today;
use crate::meetings::queries;
use crate::meetings::views::ListRow;
use crate::web::{AppResult, AppState, FlashQuery, Layout, Require, render};

#[derive(Template)]
#[template(path = "meetings/list.html")]
struct ListPage {
    layout: Layout,
    upcoming: Vec<ListRow>,
    past: Vec<ListRow>,
    can_edit: bool,
}

pub async fn list(
    State(state): State<AppState>,
    user: Require<Internal>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let now = today().to_string();
    let all = queries::list(&state.db.read).await?;
    let (past, upcoming): (Vec<_>, Vec<_>) = all.iter().partition(|m| m.starts_at < now);
    Ok(render(&ListPage {
        layout: Layout::new("Sitzungen", Some(&user), "sitzungen").with_flash(q.flash()),
        upcoming: upcoming.into_iter().map(ListRow::new).collect(),
        past: past.into_iter().rev().map(ListRow::new).collect(),
        can_edit: user.role.can_edit_programme(),
    }))
}
