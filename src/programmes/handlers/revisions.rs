//! /programme/{id}/fortschreibungen: a programme's revisions with their recorded changes,
//! and the forms to record a new revision and what it added, removed or changed.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::audit::{self, Action, Entity, Entry};
use crate::auth::{Editors, Internal, Session};
use crate::domain::dates::format_iso;
use crate::domain::validation::FieldErrors;
use crate::programmes::forms::{ChangeForm, RevisionForm};
use crate::programmes::queries;
use crate::programmes::views::{RevisionView, RevisionsPage};
use crate::web::form::invalid;
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, FlashQuery, Layout, Require};
use crate::web::{paths, render};

/// What a failed post puts back on the page: one of the two forms, with its errors.
#[derive(Default)]
struct Kept {
    revision: Option<RevisionForm>,
    change: Option<ChangeForm>,
    errors: FieldErrors,
}

async fn build(
    state: &AppState,
    user: &Session,
    id: i64,
    kept: Kept,
    flash: Option<Flash>,
) -> AppResult<RevisionsPage> {
    let p = queries::programme(&state.db.read, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let changes = queries::changes(&state.db.read, id).await?;
    let revisions: Vec<RevisionView> = queries::revisions_of(&state.db.read, id)
        .await?
        .into_iter()
        .map(|r| RevisionView {
            date: format_iso(Some(&r.revised_on)),
            changes: changes
                .iter()
                .filter(|c| c.revision_id == r.id)
                .cloned()
                .collect(),
            r,
        })
        .collect();
    let latest = revisions.last().map(|r| r.r.id);
    Ok(RevisionsPage {
        layout: Layout::new(
            format!("Fortschreibungen: {}", p.short_title),
            Some(user),
            "programme",
        )
        .with_errors(!kept.errors.is_empty())
        .with_flash(flash),
        p,
        revisions,
        can_edit: user.role.can_edit_programme(),
        rev_form: kept.revision.unwrap_or_default(),
        change_form: kept.change.unwrap_or_else(|| ChangeForm::blank(latest)),
        errors: kept.errors,
    })
}

pub async fn page(
    State(state): State<AppState>,
    user: Require<Internal>,
    Path(id): Path<i64>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    Ok(render(
        &build(&state, &user, id, Kept::default(), q.flash()).await?,
    ))
}

pub async fn create_revision(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<RevisionForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let input = form.parse(&mut e);
    let mut tx = state.db.begin_write().await?;
    if queries::programme(&state.db.read, id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    if !input.version.is_empty() && queries::version_taken(&mut tx, id, &input.version).await? {
        e.add(
            "version",
            "Diese Versionsnummer ist für das Programm bereits vergeben.",
        );
    }
    let Some(revised_on) = input.revised_on.filter(|_| e.is_empty()) else {
        drop(tx);
        let kept = Kept {
            revision: Some(form),
            errors: e,
            ..Kept::default()
        };
        return invalid(&build(&state, &user, id, kept, None).await?);
    };
    let revised_on = revised_on.to_string();
    let rid = queries::insert_revision(
        &mut tx,
        id,
        &input.version,
        &revised_on,
        &input.summary,
        input.reference.as_deref(),
    )
    .await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(Action::FortschreibungAnlegen, Entity::Programm, Some(id)).after(
            json!({"revision_id": rid, "version": input.version, "revised_on": revised_on,
                "summary": input.summary, "resolution_ref": input.reference}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::revisions(id)
        .flash(Flash::Fortschreibung)
        .into_response())
}

pub async fn record_change(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ChangeForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let input = form.parse(&mut e);
    let mut tx = state.db.begin_write().await?;
    match input.revision {
        Some(r) if queries::revision_programme(&mut tx, r).await? == Some(id) => {}
        _ => e.add(
            "revision_id",
            "Bitte wählen Sie eine Fassung dieses Programms aus.",
        ),
    }
    let checked = match (input.revision, input.entity, input.change) {
        (Some(r), Some(en), Some(c)) if e.is_empty() => Some((r, en, c)),
        _ => None,
    };
    let Some((revision, entity, change)) = checked else {
        drop(tx);
        let kept = Kept {
            change: Some(form),
            errors: e,
            ..Kept::default()
        };
        return invalid(&build(&state, &user, id, kept, None).await?);
    };
    let cid = queries::insert_change(&mut tx, revision, entity, &input.label, change, &input.note)
        .await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(Action::FortschreibungAenderung, Entity::Programm, Some(id)).after(json!({
            "revision_id": revision, "change_id": cid, "entity": entity.key(),
            "label": input.label, "change": change.key(), "note": input.note
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::revisions(id).flash(Flash::Aenderung).into_response())
}
