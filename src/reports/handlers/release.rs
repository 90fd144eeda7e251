//! Releasing a draft (Leitung only, never its author) into an immutable snapshot, and
//! correcting a released report by a new draft that references it.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::load::not_a_draft;
use crate::audit::{self, Action, Entity, Entry};
use crate::auth::{Editors, LeitungOnly};
use crate::domain::dates::now_utc;
use crate::domain::report::ReportState;
use crate::reports::queries::{self, NewReport, Report};
use crate::reports::snapshot;
use crate::web::{AppError, AppResult, AppState, ConfirmPage, CsrfForm, Flash, Layout, NoFields};
use crate::web::{Require, paths, render};

/// A draft that someone other than its author may release.
fn may_release(r: &Report, user_id: i64) -> AppResult<()> {
    if r.released() {
        return Err(not_a_draft());
    }
    if r.author_id == Some(user_id) {
        // four-eyes principle: the author of the draft cannot release it
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// GET: "Bericht … freigeben?" — names what the release means and changes nothing.
pub async fn confirm_release(
    State(state): State<AppState>,
    user: Require<LeitungOnly>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let mut conn = state.db.read.acquire().await?;
    let r = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if r.released() {
        return Ok(paths::report(id).into_response());
    }
    may_release(&r, user.user_id)?;
    let heading = format!("Bericht {} ({}) freigeben?", r.period_label, r.vorlage_no);
    Ok(render(&ConfirmPage {
        layout: Layout::new(heading.clone(), Some(&user), "berichte"),
        heading,
        consequences: vec![
            "Der Bericht wird mit dem heutigen Stand eingefroren und ist danach unveränderlich.".to_string(),
            "Ratsmitglieder und die Öffentlichkeit (Transparenzseite) sehen ihn ab sofort.".to_string(),
            "Fehler lassen sich danach nur noch mit einer Berichtigung (neuer Entwurf) korrigieren.".to_string(),
        ],
        action: paths::confirm_release_report(id),
        fields: Vec::new(),
        yes: "Ja, Bericht freigeben".to_string(),
        cancel: paths::report(id),
    }))
}

pub async fn release(
    State(state): State<AppState>,
    user: Require<LeitungOnly>,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    // typeset from a consistent read snapshot first, outside the write transaction
    let at = now_utc();
    let prepared = {
        let mut read = state.db.read.begin().await?;
        let r = queries::get(&mut read, id)
            .await?
            .ok_or(AppError::NotFound)?;
        may_release(&r, user.user_id)?;
        let prepared = snapshot::prepare(&mut read, &r, &at).await?;
        read.rollback().await?;
        prepared
    };
    let mut tx = state.db.begin_write().await?;
    let r = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    may_release(&r, user.user_id)?;
    if !snapshot::release_prepared(&mut tx, &r, user.user_id, &at, prepared).await? {
        return Err(not_a_draft());
    }
    let entry = Entry::new(Action::BerichtFreigeben, Entity::Bericht, Some(id))
        .before(json!({"state": ReportState::Entwurf.key()}))
        .after(json!({"state": ReportState::Freigegeben.key(), "released_at": at}));
    audit::record(&mut tx, &user.actor(), entry).await?;
    let base = crate::notify::base_url(&state);
    let (label, author) = (&r.period_label, r.author_id);
    crate::notify::releases::report_released(&mut tx, &base, id, label, author, &user.display_name)
        .await?;
    tx.commit().await?;
    Ok(paths::report(id)
        .flash(Flash::BerichtFreigegeben)
        .into_response())
}

/// A correction of a released report: a new draft that references the old one.
pub async fn correct(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let r = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if !r.released() {
        return Err(AppError::BadRequest(
            "Nur ein freigegebener Bericht kann berichtigt werden; einen Entwurf bearbeiten Sie direkt.".into(),
        ));
    }
    let vorlage = format!("{}-B", r.vorlage_no);
    let new_id = queries::create(
        &mut tx,
        &NewReport::correction_of(&r, &vorlage, user.user_id),
    )
    .await?;
    let entry = Entry::new(Action::BerichtBerichtigen, Entity::Bericht, Some(new_id))
        .after(json!({"corrects_id": r.id, "vorlage_no": vorlage}));
    audit::record(&mut tx, &user.actor(), entry).await?;
    tx.commit().await?;
    Ok(paths::report(new_id)
        .flash(Flash::BerichtAngelegt)
        .into_response())
}
