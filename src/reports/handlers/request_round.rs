//! Starting the status request round of a draft: everyone responsible for a running
//! measure is asked for a Sachstand by a due date.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde_json::json;

use super::load::{draft, not_a_draft};
use super::show::show_page;
use crate::audit::{self, Action, Entity, Entry};
use crate::auth::Editors;
use crate::domain::dates::now_utc;
use crate::notify;
use crate::reports::forms::RequestForm;
use crate::reports::queries;
use crate::web::{AppResult, AppState, CsrfForm, Flash, Require, form, paths};

pub async fn start_request(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(request): CsrfForm<RequestForm>,
) -> AppResult<Response> {
    let r = draft(&state, id).await?;
    let due = match request.parse(Utc::now().date_naive()) {
        Ok(d) => d,
        Err(errors) => {
            return form::invalid(&show_page(&state, &user, &r, request, errors, None).await?);
        }
    };
    let started = now_utc();
    let mut tx = state.db.begin_write().await?;
    if !queries::start_request(&mut tx, id, &due.to_string(), &started).await? {
        return Err(not_a_draft());
    }
    // One mail per responsible person, queued with the start of the round.
    let base = notify::base_url(&state);
    notify::round::queue_round(
        &mut tx,
        &base,
        id,
        r.programme_id,
        &r.period_label,
        &started,
        due,
    )
    .await?;
    let entry = Entry::new(Action::SachstandsabfrageStarten, Entity::Bericht, Some(id))
        .before(
            json!({"request_due_on": r.request_due_on, "request_started_at": r.request_started_at}),
        )
        .after(json!({"request_due_on": due.to_string(), "request_started_at": started}));
    audit::record(&mut tx, &user.actor(), entry).await?;
    tx.commit().await?;
    Ok(paths::report(id)
        .anchor("abfrage")
        .flash(Flash::Abfrage)
        .into_response())
}
