//! Creating and editing a measure: the form, its 422/409 answers, and "Auslastung
//! prüfen" (the form again with the unit's load, nothing saved).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};

use crate::audit::{self, Action, Entity};
use crate::auth::{Editors, Session};
use crate::domain::dates::{now_utc, parse_date};
use crate::domain::validation::FieldErrors;
use crate::domain::{Priority, SignOffState};
use crate::lookups;
use crate::measures::forms::MeasureForm;
use crate::measures::queries;
use crate::measures::views::{FormChoices, SignOffInput};
use crate::web::{AppError, AppResult, AppState, Conflict, ConflictRow, CsrfForm, Flash, Href};
use crate::web::{Layout, Require, form, paths, render};

#[derive(Template)]
#[template(path = "measures/form.html")]
struct FormPage {
    layout: Layout,
    heading: String,
    action: Href,
    form: MeasureForm,
    errors: FieldErrors,
    choices: FormChoices,
    priorities: &'static [Priority],
    sign_off_states: &'static [SignOffState],
    sign_offs: Vec<SignOffInput>,
    cancel_href: Href,
    /// For a 409: the values stored now, shown next to the user's input.
    conflict: Option<Vec<ConflictRow>>,
    /// "Auslastung prüfen": the unit's load with this measure, per half-year.
    load: Option<Vec<String>>,
}

async fn choices(db: &sqlx::SqlitePool) -> AppResult<FormChoices> {
    Ok(FormChoices {
        fields: lookups::field_choices(db).await?,
        units: lookups::unit_choices(db).await?,
        people: lookups::person_choices(db).await?,
    })
}

async fn form_page(
    state: &AppState,
    user: &Session,
    id: Option<i64>,
    form: MeasureForm,
    errors: FieldErrors,
    conflict: Option<Vec<ConflictRow>>,
) -> AppResult<FormPage> {
    let (heading, action, cancel_href) = match id {
        Some(id) => (
            format!("Maßnahme {} bearbeiten", form.code),
            paths::edit_measure(id),
            paths::measure(id),
        ),
        None => (
            "Neue Maßnahme".to_string(),
            paths::new_measure(),
            paths::measures(),
        ),
    };
    Ok(FormPage {
        layout: Layout::new(heading.clone(), Some(user), "massnahmen")
            .with_errors(!errors.is_empty() || conflict.is_some()),
        heading,
        action,
        errors,
        choices: choices(&state.db.read).await?,
        priorities: Priority::ALL,
        sign_off_states: SignOffState::ALL,
        sign_offs: SignOffInput::all(&form),
        cancel_href,
        conflict,
        form,
        load: None,
    })
}

/// "Auslastung prüfen": the form again with the load of its unit, nothing saved.
async fn load_preview(
    state: &AppState,
    user: &Session,
    id: Option<i64>,
    form: MeasureForm,
) -> AppResult<Response> {
    let lines = match form.org_unit_id.trim().parse::<i64>() {
        Ok(unit) => {
            let effort = form.effort_days.trim().parse::<i64>().unwrap_or(0);
            crate::capacity::preview::preview(
                &state.db.read,
                unit,
                id,
                effort,
                parse_date(&form.planned_start),
                parse_date(&form.planned_end),
            )
            .await?
        }
        Err(_) => {
            vec!["Bitte wählen Sie zuerst die federführende Organisationseinheit.".to_string()]
        }
    };
    let mut page = form_page(state, user, id, form, FieldErrors::default(), None).await?;
    page.load = Some(lines);
    Ok(render(&page))
}

pub async fn new_form(
    State(state): State<AppState>,
    user: Require<Editors>,
) -> AppResult<Response> {
    let blank = MeasureForm::blank();
    let page = form_page(&state, &user, None, blank, FieldErrors::default(), None).await?;
    Ok(render(&page))
}

pub async fn create(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(input_form): CsrfForm<MeasureForm>,
) -> AppResult<Response> {
    if input_form.pruefen.is_some() {
        return load_preview(&state, &user, None, input_form).await;
    }
    let mut tx = state.db.begin_write().await?;
    let input = match input_form.parse(&mut tx, None).await? {
        Ok(i) => i,
        Err(errors) => {
            drop(tx);
            let page = form_page(&state, &user, None, input_form, errors, None).await?;
            return form::invalid(&page);
        }
    };
    let id = queries::insert(&mut tx, &input, &now_utc()).await?;
    queries::replace_sign_offs(&mut tx, id, &input.sign_offs).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::Anlegen, Entity::Massnahme, Some(id)).after(input.audit_json()),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::measure(id).flash(Flash::Angelegt).into_response())
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let mut conn = state.db.read.acquire().await?;
    let m = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let sign_offs = queries::sign_offs(&mut conn, id).await?;
    drop(conn);
    if m.archived_at.is_some() {
        return Err(AppError::BadRequest(
            "Archivierte Maßnahmen können nicht bearbeitet werden. Bitte stellen Sie die Maßnahme zuerst wieder her.".into(),
        ));
    }
    let filled = MeasureForm::from_measure(&m, &sign_offs);
    let page = form_page(
        &state,
        &user,
        Some(id),
        filled,
        FieldErrors::default(),
        None,
    )
    .await?;
    Ok(render(&page))
}

pub async fn update(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(input_form): CsrfForm<MeasureForm>,
) -> AppResult<Response> {
    if input_form.pruefen.is_some() {
        return load_preview(&state, &user, Some(id), input_form).await;
    }
    let mut tx = state.db.begin_write().await?;
    let current = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let current_sign_offs = queries::sign_offs(&mut tx, id).await?;
    let input = match input_form.parse(&mut tx, Some(id)).await? {
        Ok(i) => i,
        Err(errors) => {
            drop(tx);
            let page = form_page(&state, &user, Some(id), input_form, errors, None).await?;
            return form::invalid(&page);
        }
    };
    let version: i64 = input_form.version.trim().parse().unwrap_or(-1);
    if version != current.version
        || !queries::update(&mut tx, id, version, &input, &now_utc()).await?
    {
        drop(tx);
        let theirs = MeasureForm::from_measure(&current, &current_sign_offs);
        let rows = conflict_rows(&input_form, &theirs);
        // The form keeps the user's input but carries the current version, so saving
        // again is a deliberate decision to overwrite with what is shown.
        let mut mine = input_form;
        mine.version = current.version.to_string();
        let none = FieldErrors::default();
        let page = form_page(&state, &user, Some(id), mine, none, Some(rows)).await?;
        return form::conflict(&page);
    }
    queries::replace_sign_offs(&mut tx, id, &input.sign_offs).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::Bearbeiten, Entity::Massnahme, Some(id))
            .changed(&current.audit_json(&current_sign_offs), &input.audit_json()),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::measure(id).flash(Flash::Gespeichert).into_response())
}

/// The fields a 409 page compares, as typed (`mine`) and as stored now (`theirs`).
fn conflict_rows(mine: &MeasureForm, theirs: &MeasureForm) -> Vec<ConflictRow> {
    type Field = (&'static str, fn(&MeasureForm) -> &String);
    let fields: [Field; 10] = [
        ("Nummer", |f| &f.code),
        ("Titel", |f| &f.title),
        ("Beschreibung", |f| &f.description),
        ("Handlungsfeld (Nr.)", |f| &f.field_id),
        ("Federführung (Nr.)", |f| &f.org_unit_id),
        ("Verantwortlich (Nr.)", |f| &f.person_id),
        ("Priorität", |f| &f.priority),
        ("Geplanter Beginn", |f| &f.planned_start),
        ("Geplantes Ende", |f| &f.planned_end),
        ("Aufwand (PT)", |f| &f.effort_days),
    ];
    fields
        .iter()
        .fold(Conflict::new(), |c, (label, get)| {
            c.field(label, get(mine).trim(), get(theirs).trim())
        })
        .rows()
}
