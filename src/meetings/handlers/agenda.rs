//! The agenda (Tagesordnung): add, edit, reorder and remove items, and draft items from
//! the programme's state. Every change of a released agenda asks for a new release.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::audit::{self, Action, Entity};
use crate::auth::Editors;
use crate::domain::meetings::{DraftItem, move_item as reorder};
use crate::lookups::{Choice, person_choices};
use crate::meetings::forms::{ItemForm, MoveForm};
use crate::meetings::pages::{
    DetailInput, ItemInputs, agenda, agenda_section, detail_page, item_on_meeting, item_page, today,
};
use crate::meetings::views::{ItemView, MeetingView};
use crate::meetings::{checks, draft, queries};
use crate::web::merge::{self, LastChange, Outcome};
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, NoFields};
use crate::web::{Layout, Require, form, render};

pub async fn add_item(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(sent): CsrfForm<ItemForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let (input, ids) = match checks::item(&mut tx, m.programme_id, &sent).await? {
        Ok(checked) => checked,
        Err(errors) => {
            drop(tx);
            let input = DetailInput {
                item_form: Some(sent),
                errors,
                ..DetailInput::default()
            };
            return form::invalid(&detail_page(&state, &user, id, input).await?);
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
    Ok(agenda_section(id, Flash::Top).into_response())
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
    let proposed = draft::propose(&mut tx, &m, today()).await?;
    let items = draft::write(&mut tx, id, &proposed).await?;
    if items.is_empty() {
        // Nothing new to propose: no write, no audit row.
        return Ok(agenda_section(id, Flash::Unveraendert).into_response());
    }
    queries::mark_agenda_changed(&mut tx, id).await?;
    if m.kind == crate::domain::meetings::MeetingKind::Quartal {
        // The joint-session agenda now waits for the Leitung's release.
        let title = crate::meetings::views::meeting_title(&m);
        let base = crate::notify::base_url(&state);
        crate::notify::releases::agenda_waiting(&mut tx, &base, id, &title).await?;
    }
    let drafted: Vec<_> = items
        .iter()
        .map(|i| json!({"title": i.title, "reason": i.reason}))
        .collect();
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::TagesordnungEntwurf, Entity::Sitzung, Some(id))
            .after(json!({ "items": drafted })),
    )
    .await?;
    tx.commit().await?;
    Ok(agenda_section(id, Flash::Entwurf).into_response())
}

pub async fn edit_item(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path((id, top)): Path<(i64, i64)>,
    CsrfForm(sent): CsrfForm<ItemForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let old = queries::item(&mut tx, id, top)
        .await?
        .ok_or(AppError::NotFound)?;
    let old_measures = queries::item_measure_ids(&mut tx, top).await?;
    // Merge field by field against the stored item, inside the write transaction.
    let stored = ItemForm {
        title: old.title.clone(),
        public: if old.public { "1" } else { "0" }.into(),
        presenter_id: old.presenter_id.map(|p| p.to_string()).unwrap_or_default(),
        planned_minutes: old.planned_minutes.to_string(),
        measures: queries::item_measure_codes(&mut tx, top).await?.join(", "),
        version: old.version.to_string(),
        merge: Default::default(),
    };
    let people = person_choices(&mut tx).await?;
    let show = |key: &str, raw: &str| shown_item(&people, key, raw);
    let (sent, merged, retry) = match merge::resolve(sent, &stored, old.version, &show) {
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
            let subject = "Der Tagesordnungspunkt";
            let inputs = ItemInputs {
                form: Some(mine),
                merge: Some(view.with_conflict(subject, last, rows, choice_missing)),
                ..ItemInputs::default()
            };
            return form::conflict(&item_page(&state, &user, id, top, inputs).await?);
        }
    };
    let (input, ids) = match checks::item(&mut tx, m.programme_id, &sent).await? {
        Ok(checked) => checked,
        Err(errors) => {
            drop(tx);
            let inputs = ItemInputs {
                form: Some(sent),
                errors,
                merge: Some(retry),
                ..ItemInputs::default()
            };
            return form::invalid(&item_page(&state, &user, id, top, inputs).await?);
        }
    };
    if !queries::update_item(
        &mut tx,
        top,
        old.version,
        &input.title,
        input.public,
        input.presenter_id,
        input.planned_minutes,
    )
    .await?
    {
        // The write transaction holds the lock since the item was read: cannot happen.
        return Err(
            anyhow::anyhow!("agenda item {top} changed inside the write transaction").into(),
        );
    }
    queries::set_item_measures(&mut tx, top, &ids).await?;
    queries::mark_agenda_changed(&mut tx, id).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::TopBearbeiten, Entity::Tagesordnungspunkt, Some(top)).changed(
            &json!({"title": old.title, "public": old.public, "presenter_id": old.presenter_id,
                "planned_minutes": old.planned_minutes, "measure_ids": old_measures}),
            &json!({"title": input.title, "public": input.public,
                "presenter_id": input.presenter_id, "planned_minutes": input.planned_minutes,
                "measure_ids": ids}),
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

/// An agenda-item value as people read it.
fn shown_item(people: &[Choice], key: &str, raw: &str) -> String {
    match key {
        "public" if raw.trim() == "1" => "öffentlich".to_string(),
        "public" => "nicht öffentlich".to_string(),
        "presenter_id" if raw.trim().is_empty() => "niemand festgelegt".to_string(),
        "presenter_id" => people
            .iter()
            .find(|c| c.id.to_string() == raw.trim())
            .map_or_else(|| raw.to_string(), |c| c.label.clone()),
        "planned_minutes" => format!("{} Minuten", raw.trim()),
        _ => raw.to_string(),
    }
}

pub async fn move_item(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path((id, top)): Path<(i64, i64)>,
    CsrfForm(sent): CsrfForm<MoveForm>,
) -> AppResult<Response> {
    let up = match sent.richtung.as_str() {
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
        return Ok(item_on_meeting(id, top, Flash::Gespeichert).into_response());
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
    Ok(item_on_meeting(id, top, Flash::Gespeichert).into_response())
}

#[derive(Template)]
#[template(path = "meetings/remove.html")]
struct RemovePage {
    layout: Layout,
    m: MeetingView,
    it: ItemView,
    /// Comments, decisions or tasks hang on the item: it cannot be removed.
    blocked: bool,
}

/// GET: asks before an item is removed (the POST below removes it); changes nothing.
pub async fn confirm_delete(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path((id, top)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let mut conn = state.db.read.acquire().await?;
    let m = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let blocked = queries::item_dependents(&mut conn, top).await? > 0;
    drop(conn);
    let it = agenda(&state, id, false)
        .await?
        .into_iter()
        .find(|i| i.id == top)
        .ok_or(AppError::NotFound)?;
    let m = MeetingView::new(&m);
    Ok(render(&RemovePage {
        layout: Layout::new(
            format!("TOP {} entfernen – {}", it.number, m.title),
            Some(&user),
            "sitzungen",
        ),
        m,
        it,
        blocked,
    }))
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
        let inputs = ItemInputs::error(
            "title",
            "Dieser Tagesordnungspunkt hat Kommentare, Beschlüsse oder Aufgaben und kann nicht entfernt werden. Ändern Sie stattdessen den Titel.",
        );
        return form::conflict(&item_page(&state, &user, id, top, inputs).await?);
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
    Ok(agenda_section(id, Flash::Entfernt).into_response())
}
