//! Milestones of a measure: adding one, marking one as done.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde_json::json;

use super::detail::{Retry, detail_page};
use crate::audit::{self, Action, Entity};
use crate::auth::Editors;
use crate::domain::validation::FieldErrors;
use crate::measures::forms::MilestoneForm;
use crate::measures::queries;
use crate::web::paths;
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, Href, NoFields, Require, form};

/// Back to the milestones of the measure page.
fn back(id: i64) -> Href {
    paths::measure(id)
        .anchor("h-meilensteine")
        .flash(Flash::Gespeichert)
}

pub async fn add_milestone(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(milestone): CsrfForm<MilestoneForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let (title, due) = milestone.parse(&mut e);
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if m.archived_at.is_some() {
        e.add("ms_title", "Die Maßnahme ist archiviert.");
    }
    let Some(due) = due.filter(|_| e.is_empty()) else {
        drop(tx);
        let retry = Retry {
            milestone: Some(milestone),
            errors: e,
            ..Retry::default()
        };
        return form::invalid(&detail_page(&state, &user, id, retry, None, 1).await?);
    };
    let ms = queries::add_milestone(&mut tx, id, &title, &due.to_string()).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::MeilensteinAnlegen, Entity::Massnahme, Some(id))
            .after(json!({"milestone_id": ms, "title": title, "due_on": due.to_string()})),
    )
    .await?;
    tx.commit().await?;
    Ok(back(id).into_response())
}

pub async fn complete_milestone(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path((id, ms)): Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    let today = Utc::now().date_naive().to_string();
    let mut tx = state.db.begin_write().await?;
    if !queries::complete_milestone(&mut tx, id, ms, &today).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::MeilensteinErledigt, Entity::Massnahme, Some(id))
            .before(json!({"milestone_id": ms, "done_on": null}))
            .after(json!({"milestone_id": ms, "done_on": today})),
    )
    .await?;
    tx.commit().await?;
    Ok(back(id).into_response())
}
