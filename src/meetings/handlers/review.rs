//! The Leitung's part in the joint session: comments on agenda items (all internal
//! roles may comment) and the release of the joint-session agenda.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::audit::{self, Action, Entity};
use crate::auth::{Internal, LeitungOnly};
use crate::domain::dates::now_utc;
use crate::domain::meetings::{MeetingKind, MeetingState};
use crate::domain::validation::FieldErrors;
use crate::meetings::forms::TextForm;
use crate::meetings::pages::{DetailInput, ItemInputs, detail_page, item_on_meeting, item_page};
use crate::meetings::{freshness, queries};
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, NoFields, Require};
use crate::web::{form, paths};

pub async fn comment(
    State(state): State<AppState>,
    user: Require<Internal>,
    Path((id, top)): Path<(i64, i64)>,
    CsrfForm(sent): CsrfForm<TextForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let text = errors.text("text", "einen Kommentar", &sent.text, 2000);
    let mut tx = state.db.begin_write().await?;
    queries::item(&mut tx, id, top)
        .await?
        .ok_or(AppError::NotFound)?;
    if !errors.is_empty() {
        drop(tx);
        let inputs = ItemInputs {
            comment: Some(sent),
            errors,
            ..ItemInputs::default()
        };
        return form::invalid(&item_page(&state, &user, id, top, inputs).await?);
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
    Ok(item_on_meeting(id, top, Flash::Kommentar).into_response())
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
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let problem = if m.kind != MeetingKind::Quartal {
        Some("Nur die Tagesordnung einer gemeinsamen Quartalsberatung wird freigegeben.")
    } else if m.state == MeetingState::Abgesagt {
        Some("Die Sitzung ist abgesagt.")
    } else if m.agenda_released_at.is_some() && !m.agenda_changed_after_release {
        Some("Die Tagesordnung ist bereits freigegeben und seitdem unverändert.")
    } else if queries::item_ids(&mut tx, id).await?.is_empty() {
        Some("Die Tagesordnung ist leer.")
    } else {
        None
    };
    if let Some(message) = problem {
        drop(tx);
        let input = DetailInput::error("freigabe", message);
        return form::conflict(&detail_page(&state, &user, id, input).await?);
    }
    let at = now_utc();
    let items = freshness::snapshot(&mut tx, id).await?;
    queries::release(
        &mut tx,
        id,
        user.user_id,
        &at,
        &freshness::snapshot_json(&items),
    )
    .await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::TagesordnungFreigeben, Entity::Sitzung, Some(id))
            .before(json!({"agenda_released_by": m.agenda_released_by,
                "agenda_released_at": m.agenda_released_at,
                "changed_after_release": m.agenda_changed_after_release}))
            .after(json!({"agenda_released_by": user.user_id, "agenda_released_at": at})),
    )
    .await?;
    let title = crate::meetings::views::meeting_title(&m);
    let base = crate::notify::base_url(&state);
    crate::notify::releases::agenda_released(&mut tx, &base, id, &title, &user.display_name)
        .await?;
    tx.commit().await?;
    Ok(paths::meeting(id)
        .anchor("h-freigabe")
        .flash(Flash::Freigegeben)
        .into_response())
}
