//! The fields of action of a programme: renaming/reordering one (optimistic locking)
//! and adding one.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::list::{ListInput, list_page};
use crate::audit::{self, Action, Entity, Entry};
use crate::auth::Editors;
use crate::domain::validation::FieldErrors;
use crate::lookups;
use crate::programmes::forms::{FieldForm, NewFieldForm};
use crate::programmes::queries;
use crate::web::form::{conflict, invalid};
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, Require, paths};

pub async fn update_field(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<FieldForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let input = form.parse(&mut e);
    let mut tx = state.db.begin_write().await?;
    let current = queries::field(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !e.is_empty() {
        drop(tx);
        let kept = ListInput {
            failed: Some((id, form)),
            errors: e,
            ..ListInput::default()
        };
        return invalid(&list_page(&state, &user, kept).await?);
    }
    if !queries::update_field(&mut tx, id, input.version, &input.title, input.position).await? {
        drop(tx);
        e.add(
            "field_title",
            format!(
                "Das Handlungsfeld wurde inzwischen geändert (jetzt: „{}“, Position {}). Ihre Eingabe ist erhalten; speichern Sie erneut, um sie zu übernehmen.",
                current.title, current.position
            ),
        );
        // The input is kept with the current version, so that saving again overwrites.
        let mut kept_form = form;
        kept_form.version = current.version.to_string();
        let kept = ListInput {
            failed: Some((id, kept_form)),
            errors: e,
            conflict: true,
            ..ListInput::default()
        };
        return conflict(&list_page(&state, &user, kept).await?);
    }
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(Action::Bearbeiten, Entity::Handlungsfeld, Some(id))
            .before(json!({"title": current.title, "position": current.position}))
            .after(json!({"title": input.title, "position": input.position})),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::programmes()
        .flash(Flash::Handlungsfeld)
        .into_response())
}

pub async fn add_field(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(programme): Path<i64>,
    CsrfForm(form): CsrfForm<NewFieldForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let input = form.parse(&mut e);
    let mut tx = state.db.begin_write().await?;
    if !lookups::programme_exists(&mut tx, programme).await? {
        return Err(AppError::NotFound);
    }
    if e.get("new_field_code").is_none()
        && queries::field_code_taken(&mut tx, programme, &input.code).await?
    {
        e.add(
            "new_field_code",
            format!("Das Kürzel „{}“ hat dieses Programm schon.", input.code),
        );
    }
    if !e.is_empty() {
        drop(tx);
        let kept = ListInput {
            adding: Some((programme, form)),
            errors: e,
            ..ListInput::default()
        };
        return invalid(&list_page(&state, &user, kept).await?);
    }
    let id = queries::insert_field(
        &mut tx,
        programme,
        &input.code,
        &input.title,
        input.position,
    )
    .await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(Action::Anlegen, Entity::Handlungsfeld, Some(id)).after(json!({
            "programme_id": programme, "code": input.code, "title": input.title,
            "position": input.position
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::programmes()
        .flash(Flash::HandlungsfeldNeu)
        .into_response())
}
