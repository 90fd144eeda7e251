//! POST /bewertung/{id}/bewerten: a new assessment version (assessments are appended,
//! never changed).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::detail::{Kept, detail_page};
use crate::assessment::forms::AssessmentForm;
use crate::assessment::queries;
use crate::audit::{self, Action, Entity, Entry};
use crate::auth::Editors;
use crate::domain::wibe;
use crate::web::form::invalid;
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, Require, paths};

pub async fn assess(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<AssessmentForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let input = match form.parse() {
        Ok(i) => i,
        Err(errors) => {
            drop(tx);
            let kept = Kept {
                assessment: Some(form),
                errors,
                ..Kept::default()
            };
            return invalid(&detail_page(&state, &user, id, kept, None).await?);
        }
    };
    let aid = queries::insert_assessment(&mut tx, id, user.user_id, &input).await?;
    let benefit = wibe::benefit_index(input.urgency, input.strategic, input.external);
    let quadrant = wibe::quadrant(input.mandatory, benefit, input.effort_index);
    let mut new = json!(input);
    new["assessment_id"] = json!(aid);
    new["nutzen_index"] = json!(benefit);
    new["quadrant"] = json!(quadrant.label());
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(Action::Bewerten, Entity::Erwartung, Some(id)).after(new),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::expectation(id)
        .anchor("h-verlauf")
        .flash(Flash::Bewertet)
        .into_response())
}
