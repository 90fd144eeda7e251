//! Archiving and restoring a measure (optimistic locking on its version).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::detail::{Retry, detail_page};
use crate::audit::{self, Action, Entity};
use crate::auth::{Editors, Session};
use crate::domain::dates::now_utc;
use crate::measures::forms::VersionForm;
use crate::measures::queries;
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, Require, form, paths};

async fn set_archived(
    state: &AppState,
    user: &Session,
    id: i64,
    version: &str,
    archive: bool,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let version: i64 = version
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("Die Versionsangabe fehlt.".into()))?;
    let now = now_utc();
    let stamp = archive.then_some(now.as_str());
    if m.archived_at.is_some() == archive {
        return Ok(paths::measure(id).into_response());
    }
    if !queries::set_archived(&mut tx, id, version, stamp, &now).await? {
        drop(tx);
        let retry = Retry::status_error(
            None,
            "Die Maßnahme wurde inzwischen geändert. Bitte prüfen Sie den aktuellen Stand und wiederholen Sie die Aktion.",
        );
        return form::conflict(&detail_page(state, user, id, retry, None, 1).await?);
    }
    let (action, flash) = if archive {
        (Action::Archivieren, Flash::Archiviert)
    } else {
        (Action::Wiederherstellen, Flash::Wiederhergestellt)
    };
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(action, Entity::Massnahme, Some(id))
            .before(json!({"archived_at": m.archived_at}))
            .after(json!({"archived_at": stamp})),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::measure(id).flash(flash).into_response())
}

pub async fn archive(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> AppResult<Response> {
    set_archived(&state, &user, id, &form.version, true).await
}

pub async fn restore(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<VersionForm>,
) -> AppResult<Response> {
    set_archived(&state, &user, id, &form.version, false).await
}
