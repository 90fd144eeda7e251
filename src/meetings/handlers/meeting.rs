//! The meeting page and an agenda item's page, the meeting's state (terminiert → eingeladen → durchgeführt, abgesagt) and
//! moving its date without touching the rest of the series.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::audit::{self, Action, Entity};
use crate::auth::{Editors, Internal};
use crate::domain::meetings::MeetingState;
use crate::meetings::forms::{SlotForm, StateForm};
use crate::meetings::pages::{DetailInput, ItemInputs, detail_page, item_page};
use crate::meetings::queries;
use crate::notify;
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, FlashQuery, Require};
use crate::web::{form, paths, render};

pub async fn show(
    State(state): State<AppState>,
    user: Require<Internal>,
    Path(id): Path<i64>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let input = DetailInput {
        flash: q.flash(),
        ..DetailInput::default()
    };
    Ok(render(&detail_page(&state, &user, id, input).await?))
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

pub async fn set_state(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(sent): CsrfForm<StateForm>,
) -> AppResult<Response> {
    let next = MeetingState::parse(sent.state.trim()).ok_or_else(|| {
        AppError::BadRequest("Unbekannter Sitzungsstatus. Bitte laden Sie die Seite neu.".into())
    })?;
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if !m.state.may_become(next) {
        drop(tx);
        let message = format!(
            "Eine Sitzung im Status „{}“ kann nicht „{}“ werden.",
            m.state.label(),
            next.label()
        );
        let input = DetailInput::error("state", message);
        return form::conflict(&detail_page(&state, &user, id, input).await?);
    }
    queries::set_state(&mut tx, id, next.key()).await?;
    let change = match next {
        MeetingState::Eingeladen => Some(notify::meetings::Change::Invited),
        MeetingState::Abgesagt => Some(notify::meetings::Change::Cancelled),
        _ => None,
    };
    if let Some(change) = change {
        let base = notify::base_url(&state);
        notify::meetings::queue_change(&mut tx, &state.mail, &base, id, change).await?;
    }
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::SitzungStatus, Entity::Sitzung, Some(id))
            .before(json!({"state": m.state.key()}))
            .after(json!({"state": next.key()})),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::meeting(id).flash(Flash::Gespeichert).into_response())
}

/// Moves one date of a series (or a single meeting) without touching the others.
pub async fn move_date(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(sent): CsrfForm<SlotForm>,
) -> AppResult<Response> {
    let slot = match sent.parse(false) {
        Ok(s) => s,
        Err(errors) => {
            let input = DetailInput {
                slot_form: Some(sent),
                errors,
                ..DetailInput::default()
            };
            return form::invalid(&detail_page(&state, &user, id, input).await?);
        }
    };
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if m.state == MeetingState::Durchgefuehrt {
        drop(tx);
        let input = DetailInput {
            slot_form: Some(sent),
            ..DetailInput::error(
                "date",
                "Eine durchgeführte Sitzung kann nicht verlegt werden.",
            )
        };
        return form::conflict(&detail_page(&state, &user, id, input).await?);
    }
    queries::move_meeting(&mut tx, id, &slot.starts_at(), &slot.ends_at(), &slot.place).await?;
    if m.state != MeetingState::Abgesagt {
        let base = notify::base_url(&state);
        let moved = notify::meetings::Change::Moved;
        notify::meetings::queue_change(&mut tx, &state.mail, &base, id, moved).await?;
    }
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::SitzungVerlegen, Entity::Sitzung, Some(id))
            .before(json!({"starts_at": m.starts_at, "ends_at": m.ends_at, "place": m.place}))
            .after(json!({
                "starts_at": slot.starts_at(), "ends_at": slot.ends_at(), "place": slot.place,
            })),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::meeting(id).flash(Flash::Gespeichert).into_response())
}
