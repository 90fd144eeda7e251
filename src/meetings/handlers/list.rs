//! The list of meetings: upcoming first, then the past ones of one year, newest first
//! (`?jahr=`, by default the current year or the latest one with meetings), so the
//! page stays the same size however many years the AG has met.

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
    /// The year whose past meetings are shown, and the other years with past meetings.
    year: i32,
    other_years: Vec<i32>,
    can_edit: bool,
}

/// `?meldung=` (success message) and `?jahr=` (year of the past meetings).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    meldung: Option<String>,
    jahr: Option<i32>,
}

pub async fn list(
    State(state): State<AppState>,
    user: Require<Internal>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let today = today();
    let now = today.to_string();
    let all = queries::list(&state.db.read).await?;
    let (past, upcoming): (Vec<_>, Vec<_>) = all.iter().partition(|m| m.starts_at < now);
    let past: Vec<ListRow> = past.into_iter().rev().map(ListRow::new).collect();
    let mut years: Vec<i32> = past.iter().filter_map(ListRow::year).collect();
    years.dedup();
    let current = chrono::Datelike::year(&today);
    let year = q
        .jahr
        .or_else(|| years.contains(&current).then_some(current))
        .or_else(|| years.first().copied())
        .unwrap_or(current);
    let flash = FlashQuery { meldung: q.meldung }.flash();
    Ok(render(&ListPage {
        layout: Layout::new("Sitzungen", Some(&user), "sitzungen").with_flash(flash),
        upcoming: upcoming.into_iter().map(ListRow::new).collect(),
        past: past
            .into_iter()
            .filter(|r| r.year() == Some(year))
            .collect(),
        other_years: years.into_iter().filter(|y| *y != year).collect(),
        year,
        can_edit: user.role.can_edit_programme(),
    }))
}
