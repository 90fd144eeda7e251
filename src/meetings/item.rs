//! One agenda item (TOP): its page with comments, and for the AG its edit form and the
//! minutes of the item: discussion, outcome, decisions (Beschlüsse) and tasks (Aufgaben).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::agenda::back;
use super::forms::{ItemForm, MinutesForm, TaskForm, TextForm};
use super::queries;
use super::views::{ItemParts, ItemView, MeetingView, item_views};
use crate::audit;
use crate::audit::{Action, Entity};
use crate::auth::{Editors, Internal, Session};
use crate::domain::validation::FieldErrors;
use crate::lookups::Choice;
use crate::web::AppState;
use crate::web::Flash;
use crate::web::{AppError, AppResult};
use crate::web::{ConflictRow, FlashQuery, Layout, render, render_page};
use crate::web::{CsrfForm, Require};

// ------------------------------------------------------------------ one item

#[derive(Template)]
#[template(path = "meetings/item.html")]
pub struct ItemPage {
    pub layout: Layout,
    pub m: MeetingView,
    pub it: ItemView,
    pub form: ItemForm,
    pub comment: TextForm,
    pub minutes: MinutesForm,
    pub decision: TextForm,
    pub task: TaskForm,
    pub people: Vec<Choice>,
    pub errors: FieldErrors,
    pub can_edit: bool,
    pub statuses: &'static [crate::domain::Status],
    pub ampels: &'static [crate::domain::Ampel],
    /// For a 409: what is stored now next to what the user typed.
    pub conflict: Option<Vec<ConflictRow>>,
}

#[derive(Default)]
pub struct ItemInputs {
    pub form: Option<ItemForm>,
    pub comment: Option<TextForm>,
    pub minutes: Option<MinutesForm>,
    pub decision: Option<TextForm>,
    pub task: Option<TaskForm>,
    pub errors: FieldErrors,
    pub flash: Option<Flash>,
    pub conflict: Option<Vec<ConflictRow>>,
}

/// The agenda item page again with the user's input kept (422 with errors, 409 on a
/// conflict). Callers drop their write transaction first.
pub async fn item_again(
    state: &AppState,
    user: &Session,
    id: i64,
    top: i64,
    status: StatusCode,
    inputs: ItemInputs,
) -> AppResult<Response> {
    Ok(render_page(
        status,
        &item_page(state, user, id, top, inputs).await?,
    ))
}

pub async fn item_page(
    state: &AppState,
    user: &Session,
    id: i64,
    top: i64,
    inputs: ItemInputs,
) -> AppResult<ItemPage> {
    let mut conn = state.db.read.acquire().await?;
    let m = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = queries::item(&mut conn, id, top)
        .await?
        .ok_or(AppError::NotFound)?;
    let codes = queries::item_measure_codes(&mut conn, top).await?;
    let people = queries::people(&mut conn).await?;
    drop(conn);
    let today = chrono::Utc::now().date_naive().to_string();
    let measures = queries::linked_measures(&state.db.read, id).await?;
    let comments = queries::comments(&state.db.read, id).await?;
    let decisions = queries::decisions(&state.db.read, id).await?;
    let tasks = queries::tasks_of_meeting(&state.db.read, id).await?;
    let it = item_views(ItemParts {
        items: queries::items(&state.db.read, id).await?,
        measures: &measures,
        comments: &comments,
        decisions: &decisions,
        tasks: &tasks,
        today: &today,
    })
    .into_iter()
    .find(|i| i.id == top)
    .ok_or(AppError::NotFound)?;
    let view = MeetingView::new(&m);
    let form = inputs.form.unwrap_or_else(|| ItemForm {
        title: it.title.clone(),
        public: if it.public { "1" } else { "0" }.into(),
        presenter_id: it.presenter_id.map(|p| p.to_string()).unwrap_or_default(),
        planned_minutes: it.planned_minutes.to_string(),
        measures: codes.join(", "),
        version: row.version.to_string(),
    });
    let minutes = inputs.minutes.unwrap_or_else(|| MinutesForm {
        notes: it.notes.clone(),
        outcome: it.outcome.clone(),
        dealt_with: it.dealt_with.then(|| "1".into()),
        version: row.version.to_string(),
    });
    Ok(ItemPage {
        layout: Layout::new(
            format!("TOP {} {} – {}", it.number, it.title, view.title),
            Some(user),
            "sitzungen",
        )
        .with_errors(!inputs.errors.is_empty() || inputs.conflict.is_some())
        .with_flash(inputs.flash),
        m: view,
        it,
        form,
        comment: inputs.comment.unwrap_or_default(),
        minutes,
        decision: inputs.decision.unwrap_or_default(),
        task: inputs.task.unwrap_or_default(),
        people: people
            .into_iter()
            .map(|p| Choice {
                id: p.id,
                label: format!("{} ({})", p.name, p.function),
            })
            .collect(),
        errors: inputs.errors,
        can_edit: user.role.can_edit_programme(),
        statuses: crate::domain::Status::ALL,
        ampels: crate::domain::Ampel::ALL,
        conflict: inputs.conflict,
    })
}

pub async fn show_item(
    State(state): State<AppState>,
    user: Require<Internal>,
    Path((id, top)): Path<(i64, i64)>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let inputs = ItemInputs {
        flash: q.flash(),
        ..ItemInputs::default()
    };
    Ok(render(&item_page(&state, &user, id, top, inputs).await?))
}

// ------------------------------------------------------------------ minutes per item

pub async fn minutes(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path((id, top)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<MinutesForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let notes = errors.optional_text("notes", "Die Niederschrift", &form.notes, 8000);
    let outcome = errors.optional_text("outcome", "Das Ergebnis", &form.outcome, 2000);
    let dealt = form.dealt_with.is_some();
    let mut tx = state.db.begin_write().await?;
    let old = queries::item(&mut tx, id, top)
        .await?
        .ok_or(AppError::NotFound)?;
    if !errors.is_empty() {
        drop(tx);
        return item_again(
            &state,
            &user,
            id,
            top,
            StatusCode::UNPROCESSABLE_ENTITY,
            ItemInputs {
                minutes: Some(form),
                errors,
                ..Default::default()
            },
        )
        .await;
    }
    let version: i64 = form.version.trim().parse().unwrap_or(-1);
    if !queries::set_minutes(&mut tx, top, Some(version), &notes, &outcome, dealt).await? {
        drop(tx);
        let conflict = vec![
            ConflictRow {
                label: "Beratung (Niederschrift)",
                mine: notes,
                theirs: old.notes.clone(),
            },
            ConflictRow {
                label: "Ergebnis",
                mine: outcome,
                theirs: old.outcome.clone(),
            },
        ];
        let mut mine = form;
        mine.version = old.version.to_string();
        return item_again(
            &state,
            &user,
            id,
            top,
            StatusCode::CONFLICT,
            ItemInputs {
                minutes: Some(mine),
                conflict: Some(conflict),
                ..Default::default()
            },
        )
        .await;
    }
    let (o, n) = audit::diff(
        &json!({"notes": old.notes, "outcome": old.outcome, "dealt_with": old.dealt_with}),
        &json!({"notes": notes, "outcome": outcome, "dealt_with": dealt}),
    );
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::ProtokollTop, Entity::Tagesordnungspunkt, Some(top))
            .before(o.clone())
            .after(n.clone()),
    )
    .await?;
    tx.commit().await?;
    Ok(back(id, &format!("#top-{top}"), "gespeichert"))
}

pub async fn decision(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path((id, top)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<TextForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let text = errors.text("decision", "den Wortlaut des Beschlusses", &form.text, 4000);
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    queries::item(&mut tx, id, top)
        .await?
        .ok_or(AppError::NotFound)?;
    if !errors.is_empty() {
        drop(tx);
        return item_again(
            &state,
            &user,
            id,
            top,
            StatusCode::UNPROCESSABLE_ENTITY,
            ItemInputs {
                decision: Some(form),
                errors,
                ..Default::default()
            },
        )
        .await;
    }
    let on = m.starts_at.get(..10).unwrap_or("").to_string();
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
    Ok(back(id, &format!("#top-{top}"), "beschluss"))
}

pub async fn task(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path((id, top)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<TaskForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    queries::item(&mut tx, id, top)
        .await?
        .ok_or(AppError::NotFound)?;
    let (input, mut errors) = match form.parse() {
        Ok(i) => (Some(i), FieldErrors::default()),
        Err(e) => (None, e),
    };
    let mut measure = None;
    if let Some(i) = &input {
        if !queries::people(&mut tx)
            .await?
            .iter()
            .any(|p| p.id == i.owner_id)
        {
            errors.add("owner_id", "Bitte wählen Sie eine Person aus der Liste.");
        }
        if let Some(code) = &i.measure_code {
            measure = queries::measure_by_code(&mut tx, m.programme_id, code).await?;
            if measure.is_none() {
                errors.add(
                    "measure_code",
                    format!("Unbekannte Maßnahmennummer: {code}."),
                );
            }
        }
    }
    let Some(input) = input.filter(|_| errors.is_empty()) else {
        drop(tx);
        return item_again(
            &state,
            &user,
            id,
            top,
            StatusCode::UNPROCESSABLE_ENTITY,
            ItemInputs {
                task: Some(form),
                errors,
                ..Default::default()
            },
        )
        .await;
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
    Ok(back(id, &format!("#top-{top}"), "aufgabe"))
}
