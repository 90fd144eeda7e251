//! The decision register (Beschlussregister): every decision, newest first, searchable,
//! 50 to a page (`?seite=`).

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
    seite: Option<u32>,
}

/// Decisions per page of the register.
pub const PER_PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "meetings/decisions.html")]
struct RegisterPage {
    layout: Layout,
    q: String,
    rows: Vec<DecisionView>,
    /// How many decisions match, `1.234`.
    total: String,
    newer: Option<String>,
    older: Option<String>,
}

pub async fn register(
    State(state): State<AppState>,
    user: Require<Internal>,
    Query(q): Query<SearchQuery>,
) -> AppResult<Response> {
    let term = q.q.trim().chars().take(200).collect::<String>();
    let page = i64::from(q.seite.unwrap_or(1).max(1));
    let (rows, total) = queries::decision_register(
        &state.db.read,
        &term,
        (page - 1).saturating_mul(PER_PAGE),
        PER_PAGE,
    )
    .await?;
    let link = |p: i64| {
        let query = crate::web::paths::url_encode(&term);
        format!("/sitzungen/beschluesse?q={query}&seite={p}")
    };
    let shown_until = (page - 1) * PER_PAGE + rows.len() as i64;
    Ok(render(&RegisterPage {
        layout: Layout::new("Beschlussregister", Some(&user), "sitzungen"),
        rows: rows.iter().map(DecisionView::new).collect(),
        total: crate::domain::money::format_thousands(total),
        newer: (page > 1).then(|| link(page - 1)),
        older: (shown_until < total).then(|| link(page + 1)),
        q: term,
    }))
}
