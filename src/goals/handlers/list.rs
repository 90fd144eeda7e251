//! GET /ziele: the goals with attainment, chart and readings, optionally for one
//! programme; also the page a failed reading answers with.

use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use crate::auth::{Internal, Session};
use crate::domain::validation::FieldErrors;
use crate::goals::forms::ReadingForm;
use crate::goals::queries::{self, ReadingRow};
use crate::goals::views::{GoalView, ListPage};
use crate::lookups::{self, programme_filter};
use crate::web::{AppResult, AppState, Flash, Layout, Require, render};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    programm: String,
    meldung: Option<String>,
}

pub async fn list_page(
    state: &AppState,
    user: &Session,
    q: &ListQuery,
    failed: Option<(i64, ReadingForm)>,
    errors: FieldErrors,
) -> AppResult<ListPage> {
    let programme = programme_filter(&q.programm)?;
    let rows = queries::goals(&state.db.read, programme).await?;
    let readings = queries::readings(&state.db.read).await?;
    let measures = queries::measures(&state.db.read).await?;
    let goals: Vec<GoalView> = rows
        .into_iter()
        .map(|goal| {
            let own: Vec<&ReadingRow> = readings.iter().filter(|r| r.goal_id == goal.id).collect();
            let ms = measures
                .iter()
                .filter(|m| m.goal_id == goal.id)
                .map(|m| (m.id, format!("{} {}", m.code, m.title)))
                .collect();
            let mut v = GoalView::new(goal, &own, ms);
            if let Some((id, form)) = &failed
                && *id == v.id
            {
                v.form = form.clone();
                v.failed = true;
            }
            v
        })
        .collect();
    Ok(ListPage {
        layout: Layout::new("Ziele und Zielerreichung", Some(user), "ziele")
            .with_errors(!errors.is_empty())
            .with_flash(Flash::from_key(q.meldung.as_deref())),
        goals,
        programmes: lookups::programme_choices(&state.db.read).await?,
        programm: q.programm.clone(),
        can_edit: user.role.can_edit_programme(),
        errors,
        today: chrono::Utc::now().date_naive().to_string(),
    })
}

pub async fn list(
    State(state): State<AppState>,
    user: Require<Internal>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    Ok(render(
        &list_page(&state, &user, &q, None, FieldErrors::default()).await?,
    ))
}
