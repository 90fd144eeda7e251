//! POST /ziele/{id}/messwerte: a dated reading of a goal's indicator.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::list::{ListQuery, list_page};
use crate::audit::{self, Action, Entity, Entry};
use crate::auth::Editors;
use crate::goals::forms::ReadingForm;
use crate::goals::queries;
use crate::web::form::invalid;
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, Require, paths};

pub async fn add_reading(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ReadingForm>,
) -> AppResult<Response> {
    let parsed = form.parse();
    let mut tx = state.db.begin_write().await?;
    if !queries::goal_exists(&mut tx, id).await? {
        return Err(AppError::NotFound);
    }
    let input = match parsed {
        Ok(input) => input,
        Err(errors) => {
            drop(tx);
            let q = ListQuery::default();
            return invalid(&list_page(&state, &user, &q, Some((id, form)), errors).await?);
        }
    };
    let read_on = input.read_on.to_string();
    let rid = queries::add_reading(&mut tx, id, &read_on, input.value, &input.note).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(Action::MesswertErfassen, Entity::Ziel, Some(id)).after(
            json!({"reading_id": rid, "read_on": read_on, "value": input.value, "note": input.note}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::goal(id).flash(Flash::Messwert).into_response())
}
