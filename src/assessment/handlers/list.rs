//! GET /bewertung: the expectations with their latest assessment, the portfolio chart
//! and the OZG maturity count, optionally for one programme.

use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use crate::assessment::chart;
use crate::assessment::queries;
use crate::assessment::views::{ListPage, ozg_rows};
use crate::auth::Internal;
use crate::lookups::{self, programme_filter};
use crate::web::{AppResult, AppState, Flash, Layout, Require, render};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    programm: String,
    meldung: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    user: Require<Internal>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let programme = programme_filter(&q.programm)?;
    let db = &state.db.read;
    let rows = queries::list(db, programme).await?;
    let portfolio = queries::portfolio(db, programme).await?;
    let counts = queries::ozg_counts(db, programme).await?;
    let page = ListPage {
        layout: Layout::new("Aufwand-Nutzen-Bewertung", Some(&user), "bewertung")
            .with_flash(Flash::from_key(q.meldung.as_deref())),
        rows: rows.into_iter().map(Into::into).collect(),
        portfolio: portfolio.into_iter().map(Into::into).collect(),
        axes: chart::axes(),
        width: chart::WIDTH,
        height: chart::HEIGHT,
        programmes: lookups::programme_choices(db).await?,
        programm: q.programm,
        ozg: ozg_rows(&counts),
        can_edit: user.role.can_edit_programme(),
    };
    Ok(render(&page))
}
