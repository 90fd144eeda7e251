//! Archiving and restoring a measure (optimistic locking on its version). Archiving
//! asks first: GET shows a confirmation page, the POST archives and redirects.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::detail::{Retry, detail_page};
use crate::audit::{self, Action, Entity};
use crate::auth::{Editors, Session};
use crate::domain::dates::now_utc;
use crate::measures::forms::VersionForm;
use crate::measures::queries;
use crate::web::merge::LastChange;
use crate::web::{AppError, AppResult, AppState, ConfirmPage, CsrfForm, Flash, Layout, Require};
use crate::web::{form, paths, render};

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
        // A button, no form fields to merge: say who changed what was confirmed, and
        // let the user look before trying again.
        let last = LastChange::of(&mut tx, Entity::Massnahme, id).await?;
        drop(tx);
        let by = match (last.who.is_empty(), last.when.is_empty()) {
            (false, false) => format!(" – von {} am {}", last.who, last.when),
            (false, true) => format!(" – von {}", last.who),
            _ => String::new(),
        };
        let what = if archive {
            "archivieren Sie sie dann erneut"
        } else {
            "stellen Sie sie dann erneut wieder her"
        };
        let message = format!(
            "Die Maßnahme wurde inzwischen geändert{by}; sie wurde noch nicht {}. Bitte prüfen Sie den aktuellen Stand und {what}.",
            if archive {
                "archiviert"
            } else {
                "wiederhergestellt"
            }
        );
        let retry = Retry::status_error(None, &message);
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

/// GET: "Maßnahme … archivieren?" — changes nothing; an archived one goes back to its page.
pub async fn confirm_archive(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let mut conn = state.db.read.acquire().await?;
    let m = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if m.archived_at.is_some() {
        return Ok(paths::measure(id).into_response());
    }
    let name = format!("{} {}", m.code, m.title);
    Ok(render(&ConfirmPage {
        layout: Layout::new(format!("Maßnahme {} archivieren?", m.code), Some(&user), "massnahmen"),
        heading: format!("Maßnahme {name} archivieren?"),
        consequences: vec![
            "Die Maßnahme erscheint nicht mehr in der Maßnahmenliste, in Auswertungen und in neuen Berichten.".to_string(),
            "Sie wird nicht gelöscht: Verlauf, Meldungen und Protokoll bleiben erhalten, und sie kann jederzeit wiederhergestellt werden.".to_string(),
        ],
        action: paths::confirm_archive_measure(id),
        fields: vec![("version", m.version.to_string())],
        yes: "Ja, Maßnahme archivieren".to_string(),
        cancel: paths::measure(id),
    }))
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
