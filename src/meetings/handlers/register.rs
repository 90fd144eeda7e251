//! The decision register (Beschlussregister): every decision, newest first, searchable.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use crate::auth::Internal;
use crate::meetings::queries;
use crate::meetings::views::DecisionView;
use crate::web::{AppResult, AppState, Layout, Require, render};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchQuery {
    q: String,
}

#[derive(Template)]
#[template(path = "meetings/decisions.html")]
struct RegisterPage {
    layout: Layout,
    q: String,
    rows: Vec<DecisionView>,
}

pub async fn register(
    State(state): State<AppState>,
    user: Require<Internal>,
    Query(q): Query<SearchQuery>,
) -> AppResult<Response> {
    let term = q.q.trim().chars().take(200).collect::<String>();
    let rows = queries::decision_register(&state.db.read, &term).await?;
    Ok(render(&RegisterPage {
        layout: Layout::new("Beschlussregister", Some(&user), "sitzungen"),
        rows: rows.iter().map(DecisionView::new).collect(),
        q: term,
    }))
}
