//! The agenda (Tagesordnung): add, edit, reorder and remove items, draft from the data,
//! comments by the Leitung and the release of the joint-session agenda.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::json;
use sqlx::SqliteConnection;

use super::draft;
use super::forms::{ItemForm, ItemInput, MoveForm, TextForm};
use super::handlers::{DetailInput, detail_again};
use super::item::{ItemInputs, item_again};
use super::queries::{self, MeetingRow};
use crate::audit;
use crate::audit::{Action, Entity};
use crate::auth::{Editors, Internal, LeitungOnly};
use crate::domain::dates::now_utc;
use crate::domain::meetings::{DraftItem, move_item as reorder};
use crate::domain::validation::FieldErrors;
use crate::web::AppState;
use crate::web::ConflictRow;
use crate::web::{AppError, AppResult};
use crate::web::{CsrfForm, NoFields, Require};

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

/// The agenda item form checked against the database too (measure codes of the
/// meeting's programme, an existing presenter): the input and the linked measure ids.
async fn checked_item(
    conn: &mut SqliteConnection,
    programme: i64,
    form: &ItemForm,
) -> sqlx::Result<Result<(ItemInput, Vec<i64>), FieldErrors>> {
    let input = match form.parse() {
        Ok(input) => input,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut errors = FieldErrors::default();
    let ids = resolve_codes(conn, programme, &input.measure_codes, &mut errors).await?;
    check_presenter(conn, &input, &mut errors).await?;
    Ok(if errors.is_empty() {
        Ok((input, ids))
    } else {
        Err(errors)
    })
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

pub(super) fn back(id: i64, anchor: &str, flash: &str) -> Response {
    Redirect::to(&format!("/sitzungen/{id}?meldung={flash}{anchor}")).into_response()
}

pub async fn add_item(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ItemForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let (input, ids) = match checked_item(&mut tx, m.programme_id, &form).await? {
        Ok(checked) => checked,
        Err(errors) => {
            drop(tx);
            return detail_again(
                &state,
                &user,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                DetailInput {
                    item_form: Some(form),
                    errors,
                    ..Default::default()
                },
            )
            .await;
        }
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
        audit::Entry::new(Action::TopAnlegen, Entity::Sitzung, Some(id)).after(
            json!({"item_id": item_id, "title": input.title, "public": input.public,
                "presenter_id": input.presenter_id, "planned_minutes": input.planned_minutes,
                "measure_ids": ids}),
        ),
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
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let proposed = draft::propose(&mut tx, &m, chrono::Utc::now().date_naive()).await?;
    let items = draft::write(&mut tx, id, &proposed).await?;
    if items.is_empty() {
        // Nothing new to propose: no write, no audit row.
        return Ok(back(id, "#h-tagesordnung", "unveraendert"));
    }
    queries::mark_agenda_changed(&mut tx, id).await?;
    audit::record(&mut tx, &user.actor(), audit::Entry::new(Action::TagesordnungEntwurf, Entity::Sitzung, Some(id)).after(json!({"items": items.iter().map(|i| json!({"title": i.title, "reason": i.reason})).collect::<Vec<_>>()})))
    .await?;
    tx.commit().await?;
    Ok(back(id, "#h-tagesordnung", "entwurf"))
}

pub async fn edit_item(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path((id, top)): Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<ItemForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let old = queries::item(&mut tx, id, top)
        .await?
        .ok_or(AppError::NotFound)?;
    let old_measures = queries::item_measure_ids(&mut tx, top).await?;
    let (input, ids) = match checked_item(&mut tx, m.programme_id, &form).await? {
        Ok(checked) => checked,
        Err(errors) => {
            drop(tx);
            return item_again(
                &state,
                &user,
                id,
                top,
                StatusCode::UNPROCESSABLE_ENTITY,
                ItemInputs {
                    form: Some(form),
                    errors,
                    ..Default::default()
                },
            )
            .await;
        }
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
        return item_again(
            &state,
            &user,
            id,
            top,
            StatusCode::CONFLICT,
            ItemInputs {
                form: Some(mine),
                conflict: Some(conflict),
                ..Default::default()
            },
        )
        .await;
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
        audit::Entry::new(Action::TopBearbeiten, Entity::Tagesordnungspunkt, Some(top))
            .before(o.clone())
            .after(n.clone()),
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
    let mut tx = state.db.begin_write().await?;
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
        audit::Entry::new(Action::TopVerschieben, Entity::Sitzung, Some(id))
            .before(json!({"order": ids}))
            .after(json!({"order": order})),
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
    let mut tx = state.db.begin_write().await?;
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
        return item_again(
            &state,
            &user,
            id,
            top,
            StatusCode::CONFLICT,
            ItemInputs {
                errors,
                ..Default::default()
            },
        )
        .await;
    }
    queries::delete_item(&mut tx, top).await?;
    let rest = queries::item_ids(&mut tx, id).await?;
    queries::set_positions(&mut tx, &rest).await?;
    queries::mark_agenda_changed(&mut tx, id).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::TopEntfernen, Entity::Sitzung, Some(id))
            .before(json!({"item_id": top, "title": old.title, "reason": old.reason})),
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
    let mut tx = state.db.begin_write().await?;
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
                comment: Some(form),
                errors,
                ..Default::default()
            },
        )
        .await;
    }
    let c = queries::add_comment(&mut tx, top, user.user_id, &now_utc(), &text).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(
            Action::TopKommentieren,
            Entity::Tagesordnungspunkt,
            Some(top),
        )
        .after(json!({"comment_id": c, "text": text})),
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
    let mut tx = state.db.begin_write().await?;
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
        return detail_again(
            &state,
            &user,
            id,
            StatusCode::CONFLICT,
            DetailInput {
                errors,
                ..Default::default()
            },
        )
        .await;
    }
    let at = now_utc();
    queries::release(&mut tx, id, user.user_id, &at).await?;
    audit::record(&mut tx, &user.actor(), audit::Entry::new(Action::TagesordnungFreigeben, Entity::Sitzung, Some(id)).before(json!({"agenda_released_by": m.agenda_released_by, "agenda_released_at": m.agenda_released_at,
                "changed_after_release": m.agenda_changed_after_release})).after(json!({"agenda_released_by": user.user_id, "agenda_released_at": at})))
    .await?;
    tx.commit().await?;
    Ok(back(id, "#h-freigabe", "freigegeben"))
}
