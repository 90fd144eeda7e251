//! The agenda (Tagesordnung): add, edit, reorder and remove items, draft from the data,
//! comments by the Leitung and the release of the joint-session agenda.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;
use sqlx::SqliteConnection;

use super::draft;
use super::forms::{ItemForm, ItemInput, MinutesForm, MoveForm, TaskForm, TextForm};
use super::handlers::{DetailInput, FlashQuery, detail_page};
use super::queries::{self, MeetingRow};
use super::views::{ItemParts, ItemView, MeetingView, item_views};
use crate::AppState;
use crate::audit;
use crate::auth::{CsrfForm, Editors, Internal, LeitungOnly, NoFields, Require, Session};
use crate::domain::dates::now_utc;
use crate::domain::meetings::{DraftItem, move_item as reorder};
use crate::domain::validation::FieldErrors;
use crate::error::{AppError, AppResult};
use crate::measures::queries::Choice;
use crate::web::{Layout, flash_message, render, render_page};

/// Codes → measure ids of the meeting's programme; unknown codes are field errors.
async fn resolve_codes(
    conn: &mut SqliteConnection,
    programme: i64,
    codes: &[String],
    errors: &mut FieldErrors,
) -> sqlx::Result<Vec<i64>> {
    let mut ids = Vec::new();
    let mut unknown = Vec::new();
    for c in codes {
        match queries::measure_by_code(conn, programme, c).await? {
            Some(id) if !ids.contains(&id) => ids.push(id),
            Some(_) => {}
            None => unknown.push(c.as_str()),
        }
    }
    if !unknown.is_empty() {
        errors.add(
            "measures",
            format!("Unbekannte Maßnahmennummer(n): {}.", unknown.join(", ")),
        );
    }
    Ok(ids)
}

async fn check_presenter(
    conn: &mut SqliteConnection,
    input: &ItemInput,
    errors: &mut FieldErrors,
) -> sqlx::Result<()> {
    if let Some(p) = input.presenter_id
        && !queries::people(conn).await?.iter().any(|x| x.id == p)
    {
        errors.add(
            "presenter_id",
            "Bitte wählen Sie eine Person aus der Liste.",
        );
    }
    Ok(())
}

fn back(id: i64, anchor: &str, flash: &str) -> Response {
    Redirect::to(&format!("/sitzungen/{id}?meldung={flash}{anchor}")).into_response()
}

pub async fn add_item(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ItemForm>,
) -> AppResult<Response> {
    let mut tx = state.db.write.begin().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let (input, mut errors) = match form.parse() {
        Ok(i) => (Some(i), FieldErrors::default()),
        Err(e) => (None, e),
    };
    let mut ids = Vec::new();
    if let Some(i) = &input {
        ids = resolve_codes(&mut tx, m.programme_id, &i.measure_codes, &mut errors).await?;
        check_presenter(&mut tx, i, &mut errors).await?;
    }
    let Some(input) = input.filter(|_| errors.is_empty()) else {
        drop(tx);
        let page = detail_page(
            &state,
            &user,
            id,
            DetailInput {
                item_form: Some(form),
                errors,
                ..Default::default()
            },
        )
        .await?;
        return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    let item = DraftItem {
        title: input.title.clone(),
        reason: String::new(),
        public: input.public,
        planned_minutes: input.planned_minutes,
        measure_ids: ids.clone(),
        carried_from: None,
    };
    let item_id = queries::insert_item(&mut tx, id, &item, input.presenter_id).await?;
    queries::mark_agenda_changed(&mut tx, id).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        "top_anlegen",
        "sitzung",
        Some(id),
        &json!({}),
        &json!({"item_id": item_id, "title": input.title, "public": input.public,
                "presenter_id": input.presenter_id, "planned_minutes": input.planned_minutes,
                "measure_ids": ids}),
    )
    .await?;
    tx.commit().await?;
    Ok(back(id, "#h-tagesordnung", "top"))
}

/// Drafts items from the programme's state (AG pre-fill or joint-session draft).
pub async fn draft_agenda(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    let mut tx = state.db.write.begin().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let proposed = draft::propose(&mut tx, &m, chrono::Utc::now().date_naive()).await?;
    let items = draft::write(&mut tx, id, &proposed).await?;
    if items.is_empty() {
        // Nothing new to propose: no write, no audit row.
        return Ok(back(id, "#h-tagesordnung", "unveraendert"));
    }
    queries::mark_agenda_changed(&mut tx, id).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        "tagesordnung_entwurf",
        "sitzung",
        Some(id),
        &json!({}),
        &json!({"items": items.iter().map(|i| json!({"title": i.title, "reason": i.reason})).collect::<Vec<_>>()}),
    )
    .await?;
    tx.commit().await?;
    Ok(back(id, "#h-tagesordnung", "entwurf"))
}

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

pub struct ConflictRow {
    pub label: &'static str,
    pub mine: String,
    pub theirs: String,
}

#[derive(Default)]
pub struct ItemInputs {
    pub form: Option<ItemForm>,
    pub comment: Option<TextForm>,
    pub minutes: Option<MinutesForm>,
    pub decision: Option<TextForm>,
    pub task: Option<TaskForm>,
    pub errors: FieldErrors,
    pub flash: Option<&'static str>,
    pub conflict: Option<Vec<ConflictRow>>,
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
        flash: flash_message(q.meldung.as_deref()),
        ..ItemInputs::default()
    };
    Ok(render(&item_page(&state, &user, id, top, inputs).await?))
}

pub async fn edit_item(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path((id, top)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<ItemForm>,
) -> AppResult<Response> {
    let mut tx = state.db.write.begin().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let old = queries::item(&mut tx, id, top)
        .await?
        .ok_or(AppError::NotFound)?;
    let old_measures = queries::item_measure_ids(&mut tx, top).await?;
    let (input, mut errors) = match form.parse() {
        Ok(i) => (Some(i), FieldErrors::default()),
        Err(e) => (None, e),
    };
    let mut ids = Vec::new();
    if let Some(i) = &input {
        ids = resolve_codes(&mut tx, m.programme_id, &i.measure_codes, &mut errors).await?;
        check_presenter(&mut tx, i, &mut errors).await?;
    }
    let Some(input) = input.filter(|_| errors.is_empty()) else {
        drop(tx);
        let page = item_page(
            &state,
            &user,
            id,
            top,
            ItemInputs {
                form: Some(form),
                errors,
                ..Default::default()
            },
        )
        .await?;
        return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    let version: i64 = form.version.trim().parse().unwrap_or(-1);
    if !queries::update_item(
        &mut tx,
        top,
        version,
        &input.title,
        input.public,
        input.presenter_id,
        input.planned_minutes,
    )
    .await?
    {
        drop(tx);
        let conflict = vec![
            ConflictRow {
                label: "Titel",
                mine: input.title.clone(),
                theirs: old.title.clone(),
            },
            ConflictRow {
                label: "Dauer (Minuten)",
                mine: input.planned_minutes.to_string(),
                theirs: old.planned_minutes.to_string(),
            },
        ];
        // The user's input stays, with the current version: saving again overwrites on purpose.
        let mut mine = form;
        mine.version = old.version.to_string();
        let page = item_page(
            &state,
            &user,
            id,
            top,
            ItemInputs {
                form: Some(mine),
                conflict: Some(conflict),
                ..Default::default()
            },
        )
        .await?;
        return Ok(render_page(StatusCode::CONFLICT, &page));
    }
    queries::set_item_measures(&mut tx, top, &ids).await?;
    queries::mark_agenda_changed(&mut tx, id).await?;
    let (o, n) = audit::diff(
        &json!({"title": old.title, "public": old.public, "presenter_id": old.presenter_id,
                "planned_minutes": old.planned_minutes, "measure_ids": old_measures}),
        &json!({"title": input.title, "public": input.public, "presenter_id": input.presenter_id,
                "planned_minutes": input.planned_minutes, "measure_ids": ids}),
    );
    audit::record(
        &mut tx,
        &user.actor(),
        "top_bearbeiten",
        "tagesordnungspunkt",
        Some(top),
        &o,
        &n,
    )
    .await?;
    tx.commit().await?;
    Ok(back(id, &format!("#top-{top}"), "gespeichert"))
}

pub async fn move_item(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path((id, top)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<MoveForm>,
) -> AppResult<Response> {
    let up = match form.richtung.as_str() {
        "hoch" => true,
        "runter" => false,
        _ => {
            return Err(AppError::BadRequest(
                "Bitte wählen Sie „nach oben“ oder „nach unten“.".into(),
            ));
        }
    };
    let mut tx = state.db.write.begin().await?;
    queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let ids = queries::item_ids(&mut tx, id).await?;
    let index = ids
        .iter()
        .position(|i| *i == top)
        .ok_or(AppError::NotFound)?;
    let Some(order) = reorder(&ids, index, up) else {
        // Already first or last: nothing to do.
        return Ok(back(id, &format!("#top-{top}"), "gespeichert"));
    };
    queries::set_positions(&mut tx, &order).await?;
    queries::mark_agenda_changed(&mut tx, id).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        "top_verschieben",
        "sitzung",
        Some(id),
        &json!({"order": ids}),
        &json!({"order": order}),
    )
    .await?;
    tx.commit().await?;
    Ok(back(id, &format!("#top-{top}"), "gespeichert"))
}

pub async fn delete_item(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path((id, top)): Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    let mut tx = state.db.write.begin().await?;
    let old = queries::item(&mut tx, id, top)
        .await?
        .ok_or(AppError::NotFound)?;
    if queries::item_dependents(&mut tx, top).await? > 0 {
        drop(tx);
        let mut errors = FieldErrors::default();
        errors.add(
            "title",
            "Dieser Tagesordnungspunkt hat Kommentare, Beschlüsse oder Aufgaben und kann nicht entfernt werden. Ändern Sie stattdessen den Titel.",
        );
        let page = item_page(
            &state,
            &user,
            id,
            top,
            ItemInputs {
                errors,
                ..Default::default()
            },
        )
        .await?;
        return Ok(render_page(StatusCode::CONFLICT, &page));
    }
    queries::delete_item(&mut tx, top).await?;
    let rest = queries::item_ids(&mut tx, id).await?;
    queries::set_positions(&mut tx, &rest).await?;
    queries::mark_agenda_changed(&mut tx, id).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        "top_entfernen",
        "sitzung",
        Some(id),
        &json!({"item_id": top, "title": old.title, "reason": old.reason}),
        &json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(back(id, "#h-tagesordnung", "entfernt"))
}

// ------------------------------------------------------------------ comments and release

pub async fn comment(
    State(state): State<AppState>,
    user: Require<Internal>,
    Path((id, top)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<TextForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let text = errors.text("text", "einen Kommentar", &form.text, 2000);
    let mut tx = state.db.write.begin().await?;
    queries::item(&mut tx, id, top)
        .await?
        .ok_or(AppError::NotFound)?;
    if !errors.is_empty() {
        drop(tx);
        let page = item_page(
            &state,
            &user,
            id,
            top,
            ItemInputs {
                comment: Some(form),
                errors,
                ..Default::default()
            },
        )
        .await?;
        return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    let c = queries::add_comment(&mut tx, top, user.user_id, &now_utc(), &text).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        "top_kommentieren",
        "tagesordnungspunkt",
        Some(top),
        &json!({}),
        &json!({"comment_id": c, "text": text}),
    )
    .await?;
    tx.commit().await?;
    Ok(back(id, &format!("#top-{top}"), "kommentar"))
}

/// Only the Leitung releases the joint-session agenda; the release is audited and shown
/// with name and time, and any later change of the agenda asks for a new release.
pub async fn release(
    State(state): State<AppState>,
    user: Require<LeitungOnly>,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    let mut tx = state.db.write.begin().await?;
    let m: MeetingRow = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let problem = if m.kind != "quartal" {
        Some("Nur die Tagesordnung einer gemeinsamen Quartalsberatung wird freigegeben.")
    } else if m.state == "abgesagt" {
        Some("Die Sitzung ist abgesagt.")
    } else if m.agenda_released_at.is_some() && !m.agenda_changed_after_release {
        Some("Die Tagesordnung ist bereits freigegeben und seitdem unverändert.")
    } else if queries::item_ids(&mut tx, id).await?.is_empty() {
        Some("Die Tagesordnung ist leer.")
    } else {
        None
    };
    if let Some(msg) = problem {
        drop(tx);
        let mut errors = FieldErrors::default();
        errors.add("freigabe", msg);
        let page = detail_page(
            &state,
            &user,
            id,
            DetailInput {
                errors,
                ..Default::default()
            },
        )
        .await?;
        return Ok(render_page(StatusCode::CONFLICT, &page));
    }
    let at = now_utc();
    queries::release(&mut tx, id, user.user_id, &at).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        "tagesordnung_freigeben",
        "sitzung",
        Some(id),
        &json!({"agenda_released_by": m.agenda_released_by, "agenda_released_at": m.agenda_released_at,
                "changed_after_release": m.agenda_changed_after_release}),
        &json!({"agenda_released_by": user.user_id, "agenda_released_at": at}),
    )
    .await?;
    tx.commit().await?;
    Ok(back(id, "#h-freigabe", "freigegeben"))
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
    let mut tx = state.db.write.begin().await?;
    let old = queries::item(&mut tx, id, top)
        .await?
        .ok_or(AppError::NotFound)?;
    if !errors.is_empty() {
        drop(tx);
        let page = item_page(
            &state,
            &user,
            id,
            top,
            ItemInputs {
                minutes: Some(form),
                errors,
                ..Default::default()
            },
        )
        .await?;
        return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
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
        let page = item_page(
            &state,
            &user,
            id,
            top,
            ItemInputs {
                minutes: Some(mine),
                conflict: Some(conflict),
                ..Default::default()
            },
        )
        .await?;
        return Ok(render_page(StatusCode::CONFLICT, &page));
    }
    let (o, n) = audit::diff(
        &json!({"notes": old.notes, "outcome": old.outcome, "dealt_with": old.dealt_with}),
        &json!({"notes": notes, "outcome": outcome, "dealt_with": dealt}),
    );
    audit::record(
        &mut tx,
        &user.actor(),
        "protokoll_top",
        "tagesordnungspunkt",
        Some(top),
        &o,
        &n,
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
    let mut tx = state.db.write.begin().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    queries::item(&mut tx, id, top)
        .await?
        .ok_or(AppError::NotFound)?;
    if !errors.is_empty() {
        drop(tx);
        let page = item_page(
            &state,
            &user,
            id,
            top,
            ItemInputs {
                decision: Some(form),
                errors,
                ..Default::default()
            },
        )
        .await?;
        return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    let on = m.starts_at.get(..10).unwrap_or("").to_string();
    let d = queries::add_decision(&mut tx, top, &text, &on).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        "beschluss_anlegen",
        "tagesordnungspunkt",
        Some(top),
        &json!({}),
        &json!({"decision_id": d, "text": text, "decided_on": on}),
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
    let mut tx = state.db.write.begin().await?;
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
        let page = item_page(
            &state,
            &user,
            id,
            top,
            ItemInputs {
                task: Some(form),
                errors,
                ..Default::default()
            },
        )
        .await?;
        return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
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
        "aufgabe_anlegen",
        "aufgabe",
        Some(t),
        &json!({}),
        &json!({"item_id": top, "title": input.title, "owner_id": input.owner_id,
                "due_on": due, "measure_id": measure}),
    )
    .await?;
    tx.commit().await?;
    Ok(back(id, &format!("#top-{top}"), "aufgabe"))
}
