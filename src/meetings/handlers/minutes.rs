//! The minutes (Niederschrift): per item the discussion and outcome, decisions
//! (Beschlüsse) and tasks (Aufgaben); tasks done; approving the previous minutes.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::audit::{self, Action, Entity};
use crate::auth::Editors;
use crate::domain::meetings::TaskState;
use crate::domain::validation::FieldErrors;
use crate::lookups::tasks;
use crate::meetings::checks;
use crate::meetings::forms::{MinutesForm, TaskForm, TextForm};
use crate::meetings::pages::{
    DetailInput, ItemInputs, detail_page, item_on_meeting, item_page, today,
};
use crate::meetings::queries;
use crate::web::merge::{self, LastChange, Outcome};
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, NoFields, Require};
use crate::web::{form, paths};

pub async fn minutes(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path((id, top)): Path<(i64, i64)>,
    CsrfForm(sent): CsrfForm<MinutesForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let old = queries::item(&mut tx, id, top)
        .await?
        .ok_or(AppError::NotFound)?;
    // Merge field by field against the stored minutes, inside the write transaction.
    let stored = MinutesForm {
        notes: old.notes.clone(),
        outcome: old.outcome.clone(),
        dealt_with: old.dealt_with.then(|| "1".into()),
        version: old.version.to_string(),
        merge: Default::default(),
    };
    let (sent, merged, retry) = match merge::resolve(sent, &stored, old.version, &shown_minutes) {
        Outcome::Save {
            form,
            merged,
            retry,
        } => (form, merged, retry),
        Outcome::Conflict {
            form: mine,
            view,
            rows,
            choice_missing,
        } => {
            let last = LastChange::of(&mut tx, Entity::Tagesordnungspunkt, top).await?;
            drop(tx);
            let subject = "Das Protokoll des Tagesordnungspunkts";
            let inputs = ItemInputs {
                minutes: Some(mine),
                minutes_merge: Some(view.with_conflict(subject, last, rows, choice_missing)),
                ..ItemInputs::default()
            };
            return form::conflict(&item_page(&state, &user, id, top, inputs).await?);
        }
    };
    let mut errors = FieldErrors::default();
    let notes = errors.optional_text("notes", "Die Niederschrift", &sent.notes, 8000);
    let outcome = errors.optional_text("outcome", "Das Ergebnis", &sent.outcome, 2000);
    let dealt = sent.dealt_with.is_some();
    if !errors.is_empty() {
        drop(tx);
        let inputs = ItemInputs {
            minutes: Some(sent),
            minutes_merge: Some(retry),
            errors,
            ..ItemInputs::default()
        };
        return form::invalid(&item_page(&state, &user, id, top, inputs).await?);
    }
    if !queries::set_minutes(&mut tx, top, Some(old.version), &notes, &outcome, dealt).await? {
        // The write transaction holds the lock since the item was read: cannot happen.
        return Err(
            anyhow::anyhow!("minutes of item {top} changed inside the write transaction").into(),
        );
    }
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::ProtokollTop, Entity::Tagesordnungspunkt, Some(top)).changed(
            &json!({"notes": old.notes, "outcome": old.outcome, "dealt_with": old.dealt_with}),
            &json!({"notes": notes, "outcome": outcome, "dealt_with": dealt}),
        ),
    )
    .await?;
    tx.commit().await?;
    let flash = if merged {
        Flash::Zusammengefuehrt
    } else {
        Flash::Gespeichert
    };
    Ok(item_on_meeting(id, top, flash).into_response())
}

/// A minutes value as people read it.
fn shown_minutes(key: &str, raw: &str) -> String {
    match key {
        "dealt_with" if raw.trim().is_empty() => "nicht behandelt".to_string(),
        "dealt_with" => "behandelt".to_string(),
        _ => raw.to_string(),
    }
}

pub async fn decision(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path((id, top)): Path<(i64, i64)>,
    CsrfForm(sent): CsrfForm<TextForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let text = errors.text("decision", "den Wortlaut des Beschlusses", &sent.text, 4000);
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    queries::item(&mut tx, id, top)
        .await?
        .ok_or(AppError::NotFound)?;
    if !errors.is_empty() {
        drop(tx);
        let inputs = ItemInputs {
            decision: Some(sent),
            errors,
            ..ItemInputs::default()
        };
        return form::invalid(&item_page(&state, &user, id, top, inputs).await?);
    }
    let on = m.starts_on.to_string();
    let d = queries::add_decision(&mut tx, top, &text, &on).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(
            Action::BeschlussAnlegen,
            Entity::Tagesordnungspunkt,
            Some(top),
        )
        .after(json!({"decision_id": d, "text": text, "decided_on": on})),
    )
    .await?;
    tx.commit().await?;
    Ok(item_on_meeting(id, top, Flash::Beschluss).into_response())
}

pub async fn task(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path((id, top)): Path<(i64, i64)>,
    CsrfForm(sent): CsrfForm<TaskForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    queries::item(&mut tx, id, top)
        .await?
        .ok_or(AppError::NotFound)?;
    let (input, measure) = match checks::task(&mut tx, m.programme_id, &sent).await? {
        Ok(checked) => checked,
        Err(errors) => {
            drop(tx);
            let inputs = ItemInputs {
                task: Some(sent),
                errors,
                ..ItemInputs::default()
            };
            return form::invalid(&item_page(&state, &user, id, top, inputs).await?);
        }
    };
    let due = input.due_on.map(|d| d.to_string());
    let t = queries::add_task(
        &mut tx,
        &queries::NewTask {
            item: top,
            measure,
            owner: input.owner_id,
            title: &input.title,
            due_on: due.clone(),
        },
    )
    .await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::AufgabeAnlegen, Entity::Aufgabe, Some(t)).after(
            json!({"item_id": top, "title": input.title, "owner_id": input.owner_id,
                "due_on": due, "measure_id": measure}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(item_on_meeting(id, top, Flash::Aufgabe).into_response())
}

pub async fn task_done(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    let today = today().to_string();
    let mut tx = state.db.begin_write().await?;
    let t = tasks::task(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let target = match (t.meeting_id, t.item_id) {
        (Some(m), Some(i)) => paths::agenda_item(m, i),
        _ => paths::home(),
    }
    .flash(Flash::Gespeichert);
    if t.state == TaskState::Erledigt {
        return Ok(target.into_response());
    }
    queries::complete_task(&mut tx, id, &today).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::AufgabeErledigt, Entity::Aufgabe, Some(id))
            .before(json!({"state": t.state.key(), "done_on": t.done_on}))
            .after(json!({"state": TaskState::Erledigt.key(), "done_on": today})),
    )
    .await?;
    tx.commit().await?;
    Ok(target.into_response())
}

/// In meeting `id`, approve the minutes of the previous held meeting of the same kind.
pub async fn approve_previous(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let prev = queries::previous(&mut tx, m.kind, &m.starts_at).await?;
    let Some(prev) = prev.filter(queries::MeetingRow::awaits_approval) else {
        drop(tx);
        let input = DetailInput::error(
            "genehmigung",
            "Es gibt kein noch nicht genehmigtes Protokoll einer vorherigen Sitzung.",
        );
        return form::conflict(&detail_page(&state, &user, id, input).await?);
    };
    queries::approve_minutes(&mut tx, prev.id, id).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::ProtokollGenehmigen, Entity::Sitzung, Some(prev.id))
            .before(json!({"minutes_approved_in": null}))
            .after(json!({"minutes_approved_in": id})),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::meeting(id).flash(Flash::Genehmigt).into_response())
}
