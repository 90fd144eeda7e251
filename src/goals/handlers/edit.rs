//! Creating and editing a goal (/ziele/neu, /ziele/{id}/bearbeiten): one form, one check
//! against the database, optimistic locking on edit.

use crate::db::Conn;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::audit::{self, Action, Entity, Entry};
use crate::auth::{Editors, Session};
use crate::domain::validation::{FieldErrors, form_version};
use crate::goals::forms::GoalForm;
use crate::goals::queries::{self, NewGoal};
use crate::goals::views::{FormPage, Target};
use crate::lookups;
// Whether a field of action belongs to a programme is answered by the measures' SQL.
use crate::domain::dates::{format_date, parse_date};
use crate::lookups::Choice;
use crate::measures::queries as mq;
use crate::web::form::{conflict, invalid};
use crate::web::merge::{self, LastChange, MergeView, Outcome};
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, Layout, Require, paths, render};

async fn form_page(
    state: &AppState,
    user: &Session,
    target: Target,
    form: GoalForm,
    errors: FieldErrors,
    merge: MergeView,
) -> AppResult<FormPage> {
    Ok(FormPage {
        layout: Layout::new(target.heading.clone(), Some(user), "ziele")
            .with_errors(!errors.is_empty() || merge.conflict.is_some()),
        heading: target.heading,
        action: target.action,
        form,
        errors,
        merge,
        programmes: lookups::programme_choices(&state.db.read).await?,
        fields: lookups::field_choices(&state.db.read).await?,
    })
}

/// The goal form checked, also against the database (the programme exists, the field
/// belongs to it, the measure numbers are the programme's): the goal and its measures.
async fn checked_goal(
    conn: &mut Conn,
    form: &GoalForm,
) -> sqlx::Result<Result<(NewGoal, Vec<i64>), FieldErrors>> {
    let mut e = FieldErrors::default();
    let g = form.parse_local(&mut e);
    let programme_ok = match g.programme_id {
        Some(p) => lookups::programme_exists(conn, p).await?,
        None => false,
    };
    if !programme_ok {
        e.add("programme_id", "Bitte wählen Sie ein Programm aus.");
    }
    if let (Some(f), Some(p)) = (g.field_id, g.programme_id)
        && mq::programme_of_field(conn, f).await? != Some(p)
    {
        e.add(
            "field_id",
            "Bitte wählen Sie ein Handlungsfeld des gewählten Programms.",
        );
    }
    let mut measure_ids = Vec::new();
    if let Some(p) = g.programme_id.filter(|_| programme_ok) {
        for code in form.measure_codes() {
            match queries::measure_by_code(conn, p, code).await? {
                Some(id) if !measure_ids.contains(&id) => measure_ids.push(id),
                Some(_) => {}
                None => e.add(
                    "measures",
                    format!("Die Maßnahme „{code}“ gibt es im gewählten Programm nicht."),
                ),
            }
        }
    }
    Ok(match (g.programme_id, g.baseline_on, g.target_on) {
        (Some(programme_id), Some(baseline_on), Some(target_on)) if e.is_empty() => Ok((
            NewGoal {
                programme_id,
                field_id: g.field_id,
                title: g.title,
                indicator: g.indicator,
                unit: g.unit,
                baseline: g.baseline,
                target_value: g.target_value,
                baseline_on: baseline_on.to_string(),
                target_on: target_on.to_string(),
            },
            measure_ids,
        )),
        _ => Err(e),
    })
}

/// The goal as the audit log records it.
fn audit_json(goal: &NewGoal, measure_ids: &[i64]) -> serde_json::Value {
    json!({"programme_id": goal.programme_id, "field_id": goal.field_id, "title": goal.title,
           "indicator": goal.indicator, "unit": goal.unit, "baseline": goal.baseline,
           "target_value": goal.target_value, "baseline_on": goal.baseline_on,
           "target_on": goal.target_on, "measure_ids": measure_ids})
}

pub async fn new_form(
    State(state): State<AppState>,
    user: Require<Editors>,
) -> AppResult<Response> {
    let page = form_page(
        &state,
        &user,
        Target::new_goal(),
        GoalForm::default(),
        FieldErrors::default(),
        MergeView::default(),
    )
    .await?;
    Ok(render(&page))
}

pub async fn create(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(form): CsrfForm<GoalForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let (goal, measure_ids) = match checked_goal(&mut tx, &form).await? {
        Ok(checked) => checked,
        Err(errors) => {
            drop(tx);
            let target = Target::new_goal();
            let none = MergeView::default();
            return invalid(&form_page(&state, &user, target, form, errors, none).await?);
        }
    };
    let id = queries::insert_goal(&mut tx, &goal).await?;
    queries::set_measures(&mut tx, id, &measure_ids).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(Action::Anlegen, Entity::Ziel, Some(id)).after(audit_json(&goal, &measure_ids)),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::goal(id).flash(Flash::Ziel).into_response())
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let mut conn = state.db.read.acquire().await?;
    let goal = queries::goal(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let linked = queries::linked_measures(&mut conn, id).await?;
    drop(conn);
    let form = GoalForm::of(&goal, &linked);
    let target = Target::edit(id, &goal.title);
    let merge = MergeView::opened(&form);
    let page = form_page(&state, &user, target, form, FieldErrors::default(), merge).await?;
    Ok(render(&page))
}

pub async fn update(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<GoalForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let old = queries::goal(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let old_linked = queries::linked_measures(&mut tx, id).await?;
    let old_ids: Vec<i64> = old_linked.iter().map(|(id, _)| *id).collect();
    let target = Target::edit(id, &old.title);
    // Merge field by field against the stored goal, inside the write transaction.
    let stored = GoalForm::of(&old, &old_linked);
    let programmes = lookups::programme_choices(&mut tx).await?;
    let fields = lookups::field_choices(&mut tx).await?;
    let show = |key: &str, raw: &str| shown(&programmes, &fields, key, raw);
    let (form, merged, retry) = match merge::resolve(form, &stored, old.version, &show) {
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
            let last = LastChange::of(&mut tx, Entity::Ziel, id).await?;
            drop(tx);
            let view = view.with_conflict("Das Ziel", last, rows, choice_missing);
            let errors = FieldErrors::default();
            return conflict(&form_page(&state, &user, target, form, errors, view).await?);
        }
    };
    let (goal, measure_ids) = match checked_goal(&mut tx, &form).await? {
        Ok(checked) => checked,
        Err(errors) => {
            drop(tx);
            return invalid(&form_page(&state, &user, target, form, errors, retry).await?);
        }
    };
    if !queries::update_goal(&mut tx, id, form_version(&form.version), &goal).await? {
        // The write transaction holds the lock since the goal was read: cannot happen.
        return Err(anyhow::anyhow!("goal {id} changed inside the write transaction").into());
    }
    queries::set_measures(&mut tx, id, &measure_ids).await?;
    let before = NewGoal {
        programme_id: old.programme_id,
        field_id: old.field_id,
        title: old.title,
        indicator: old.indicator,
        unit: old.unit,
        baseline: old.baseline,
        target_value: old.target_value,
        baseline_on: old.baseline_on,
        target_on: old.target_on,
    };
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(Action::Bearbeiten, Entity::Ziel, Some(id)).changed(
            &audit_json(&before, &old_ids),
            &audit_json(&goal, &measure_ids),
        ),
    )
    .await?;
    tx.commit().await?;
    let flash = if merged {
        Flash::Zusammengefuehrt
    } else {
        Flash::ZielGeaendert
    };
    Ok(paths::goal(id).flash(flash).into_response())
}

/// A form value as people read it: names instead of ids, German dates.
fn shown(programmes: &[Choice], fields: &[Choice], key: &str, raw: &str) -> String {
    let label_of = |list: &[Choice]| {
        list.iter()
            .find(|c| c.id.to_string() == raw.trim())
            .map_or_else(|| raw.to_string(), |c| c.label.clone())
    };
    match key {
        "programme_id" => label_of(programmes),
        "field_id" => label_of(fields),
        "baseline_on" | "target_on" => parse_date(raw).map_or(raw.to_string(), format_date),
        _ => raw.to_string(),
    }
}
