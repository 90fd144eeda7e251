//! /bewertung/neu: recording a new expectation (what an office, the council or the
//! public expects the programme to do).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde_json::json;

use crate::assessment::forms::ExpectationForm;
use crate::assessment::queries::{self, NewExpectation};
use crate::assessment::views::NewPage;
use crate::audit::{self, Action, Entity, Entry};
use crate::auth::{Editors, Session};
use crate::domain::validation::FieldErrors;
use crate::lookups;
use crate::web::form::invalid;
use crate::web::{AppResult, AppState, CsrfForm, Flash, Layout, Require, paths, render};

async fn new_page(
    state: &AppState,
    user: &Session,
    form: ExpectationForm,
    errors: FieldErrors,
) -> AppResult<NewPage> {
    Ok(NewPage {
        layout: Layout::new("Neue Erwartung erfassen", Some(user), "bewertung")
            .with_errors(!errors.is_empty()),
        form,
        errors,
        programmes: lookups::programme_choices(&state.db.read).await?,
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    user: Require<Editors>,
) -> AppResult<Response> {
    let form = ExpectationForm {
        raised_on: Utc::now().date_naive().to_string(),
        ..Default::default()
    };
    Ok(render(
        &new_page(&state, &user, form, FieldErrors::default()).await?,
    ))
}

pub async fn create(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(form): CsrfForm<ExpectationForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let parsed = match form.parse() {
        Ok(i) if lookups::programme_exists(&mut tx, i.programme_id).await? => Ok(i),
        Ok(_) => {
            let mut e = FieldErrors::default();
            e.add("programme_id", "Bitte wählen Sie ein Programm aus.");
            Err(e)
        }
        Err(e) => Err(e),
    };
    let input = match parsed {
        Ok(i) => i,
        Err(errors) => {
            drop(tx);
            return invalid(&new_page(&state, &user, form, errors).await?);
        }
    };
    let raised_on = input.raised_on.to_string();
    let id = queries::insert_expectation(
        &mut tx,
        &NewExpectation {
            programme_id: input.programme_id,
            title: &input.title,
            origin: &input.origin,
            description: &input.description,
            raised_on: &raised_on,
        },
    )
    .await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(Action::Anlegen, Entity::Erwartung, Some(id)).after(
            json!({"programme_id": input.programme_id, "title": input.title, "origin": input.origin,
                "description": input.description, "raised_on": raised_on}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::expectation(id)
        .flash(Flash::Erwartung)
        .into_response())
}
