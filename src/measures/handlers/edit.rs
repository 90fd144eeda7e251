//! Creating and editing a measure: the form, its 422/409 answers, and "Auslastung
//! prüfen" (the form again with the unit's load, nothing saved).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};

use crate::audit::{self, Action, Entity};
use crate::auth::{Editors, Session};
use crate::domain::dates::{format_date, now_utc, parse_date};
use crate::domain::validation::FieldErrors;
use crate::domain::{Priority, SignOffState};
use crate::lookups;
use crate::measures::forms::MeasureForm;
use crate::measures::queries;
use crate::measures::views::{FormChoices, SignOffInput};
use crate::web::merge::{self, LastChange, MergeView, Outcome};
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, Href};
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
    /// The hidden snapshot for a field-wise merge, and on a 409 the conflict panel.
    merge: MergeView,
    /// "Auslastung prüfen": the unit's load with this measure, per half-year.
    load: Option<Vec<String>>,
}

async fn choices(db: &crate::db::Pool) -> AppResult<FormChoices> {
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
    merge: MergeView,
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
            .with_errors(!errors.is_empty() || merge.conflict.is_some()),
        heading,
        action,
        errors,
        choices: choices(&state.db.read).await?,
        priorities: Priority::ALL,
        sign_off_states: SignOffState::ALL,
        sign_offs: SignOffInput::all(&form),
        cancel_href,
        merge,
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
    // The hidden merge state travels on unchanged.
    let merge = MergeView {
        orig: form.merge.orig.clone(),
        offen: form.merge.offen.clone(),
        conflict: None,
    };
    let mut page = form_page(state, user, id, form, FieldErrors::default(), merge).await?;
    page.load = Some(lines);
    Ok(render(&page))
}

pub async fn new_form(
    State(state): State<AppState>,
    user: Require<Editors>,
) -> AppResult<Response> {
    let blank = MeasureForm::blank();
    let none = MergeView::default();
    let page = form_page(&state, &user, None, blank, FieldErrors::default(), none).await?;
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
            let none = MergeView::default();
            let page = form_page(&state, &user, None, input_form, errors, none).await?;
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
    let merge = MergeView::opened(&filled);
    let page = form_page(
        &state,
        &user,
        Some(id),
        filled,
        FieldErrors::default(),
        merge,
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
    let stored = MeasureForm::from_measure(&current, &current_sign_offs);
    // Merge field by field against the stored row, inside the write transaction, so a
    // third save in between conflicts again instead of being overwritten.
    let choices = choices(&state.db.read).await?;
    let show = |key: &str, raw: &str| shown(&choices, key, raw);
    let (input_form, merged, retry) =
        match merge::resolve(input_form, &stored, current.version, &show) {
            Outcome::Save {
                form,
                merged,
                retry,
            } => (form, merged, retry),
            Outcome::Conflict {
                form,
                view,
                rows,
                choice_missing,
            } => {
                let last = LastChange::of(&mut tx, Entity::Massnahme, id).await?;
                drop(tx);
                let view = view.with_conflict("Die Maßnahme", last, rows, choice_missing);
                let none = FieldErrors::default();
                let page = form_page(&state, &user, Some(id), form, none, view).await?;
                return form::conflict(&page);
            }
        };
    let input = match input_form.parse(&mut tx, Some(id)).await? {
        Ok(i) => i,
        Err(errors) => {
            drop(tx);
            let page = form_page(&state, &user, Some(id), input_form, errors, retry).await?;
            return form::invalid(&page);
        }
    };
    if !queries::update(&mut tx, id, current.version, &input, &now_utc()).await? {
        // The write transaction holds the lock since the row was read: cannot happen.
        return Err(anyhow::anyhow!("measure {id} changed inside the write transaction").into());
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
    let flash = if merged {
        Flash::Zusammengefuehrt
    } else {
        Flash::Gespeichert
    };
    Ok(paths::measure(id).flash(flash).into_response())
}

/// A form value as people read it: names instead of ids, German dates and labels.
fn shown(choices: &FormChoices, key: &str, raw: &str) -> String {
    let label_of = |list: &[lookups::Choice]| {
        list.iter()
            .find(|c| c.id.to_string() == raw.trim())
            .map_or_else(|| raw.to_string(), |c| c.label.clone())
    };
    match key {
        "field_id" => label_of(&choices.fields),
        "org_unit_id" => label_of(&choices.units),
        "person_id" => label_of(&choices.people),
        "priority" => Priority::parse(raw).map_or(raw.to_string(), |p| p.label().to_string()),
        "dsb_state" | "isb_state" | "pr_state" => {
            SignOffState::parse(raw).map_or(raw.to_string(), |s| s.label().to_string())
        }
        "dsb_relevant" | "isb_relevant" | "pr_relevant" | "public" => {
            if raw.trim().is_empty() { "nein" } else { "ja" }.to_string()
        }
        "planned_start" | "planned_end" | "actual_start" | "dsb_date" | "isb_date" | "pr_date" => {
            match parse_date(raw) {
                Some(d) => format_date(d),
                None => raw.to_string(),
            }
        }
        "effort_days" if !raw.trim().is_empty() => format!("{} Personentage", raw.trim()),
        _ => raw.to_string(),
    }
}
