//! /programme/{id}/fortschreibungen: a programme's revisions with their recorded changes,
//! and the forms to record a new revision and what it added, removed or changed.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::queries::{self, Change, Programme, Revision};
use crate::audit;
use crate::audit::{Action, Entity};
use crate::auth::{Editors, Internal, Session};
use crate::domain::dates::format_iso;
use crate::domain::validation::FieldErrors;
use crate::web::AppState;
use crate::web::Flash;
use crate::web::{AppError, AppResult};
use crate::web::{CsrfForm, Require};
use crate::web::{FlashQuery, Layout, render, render_page};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RevisionForm {
    pub version: String,
    pub revised_on: String,
    pub summary: String,
    pub resolution_ref: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ChangeForm {
    pub revision_id: String,
    pub entity: String,
    pub label: String,
    pub change: String,
    pub note: String,
}

pub struct RevisionView {
    pub r: Revision,
    pub date: String,
    pub changes: Vec<Change>,
}

#[derive(Template)]
#[template(path = "programmes/revisions.html")]
struct Page {
    layout: Layout,
    p: Programme,
    revisions: Vec<RevisionView>,
    can_edit: bool,
    rev_form: RevisionForm,
    change_form: ChangeForm,
    errors: FieldErrors,
}

async fn build(
    state: &AppState,
    user: &Session,
    id: i64,
    rev_form: Option<RevisionForm>,
    change_form: Option<ChangeForm>,
    errors: FieldErrors,
    flash: Option<Flash>,
) -> AppResult<Page> {
    let p = queries::programmes(&state.db.read)
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(AppError::NotFound)?;
    let changes = queries::changes(&state.db.read, id).await?;
    let revisions: Vec<RevisionView> = queries::revisions(&state.db.read)
        .await?
        .into_iter()
        .filter(|r| r.programme_id == id)
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
    let latest = revisions
        .last()
        .map(|r| r.r.id.to_string())
        .unwrap_or_default();
    Ok(Page {
        layout: Layout::new(
            format!("Fortschreibungen: {}", p.short_title),
            Some(user),
            "programme",
        )
        .with_errors(!errors.is_empty())
        .with_flash(flash),
        p,
        revisions,
        can_edit: user.role.can_edit_programme(),
        rev_form: rev_form.unwrap_or_default(),
        change_form: change_form.unwrap_or(ChangeForm {
            revision_id: latest,
            entity: "massnahme".into(),
            change: "neu".into(),
            ..Default::default()
        }),
        errors,
    })
}

pub async fn page(
    State(state): State<AppState>,
    user: Require<Internal>,
    Path(id): Path<i64>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let page = build(
        &state,
        &user,
        id,
        None,
        None,
        FieldErrors::default(),
        q.flash(),
    )
    .await?;
    Ok(render(&page))
}

pub async fn create_revision(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<RevisionForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let version = e.text(
        "version",
        "die Versionsnummer (z. B. 1.2)",
        &form.version,
        20,
    );
    let revised_on = e.optional_date("revised_on", &form.revised_on);
    if revised_on.is_none() && e.get("revised_on").is_none() {
        e.add(
            "revised_on",
            "Bitte geben Sie das Datum der Fortschreibung an (TT.MM.JJJJ).",
        );
    }
    let summary = e.text(
        "summary",
        "eine Zusammenfassung der Änderungen",
        &form.summary,
        4000,
    );
    let reference = e.optional_text(
        "resolution_ref",
        "Der Beschluss- oder Vorlagenbezug",
        &form.resolution_ref,
        200,
    );
    let mut tx = state.db.begin_write().await?;
    if !queries::programmes(&state.db.read)
        .await?
        .iter()
        .any(|p| p.id == id)
    {
        return Err(AppError::NotFound);
    }
    if !version.is_empty() && queries::version_taken(&mut tx, id, &version).await? {
        e.add(
            "version",
            "Diese Versionsnummer ist für das Programm bereits vergeben.",
        );
    }
    let Some(revised_on) = revised_on.filter(|_| e.is_empty()) else {
        drop(tx);
        let page = build(&state, &user, id, Some(form), None, e, None).await?;
        return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    let reference = (!reference.is_empty()).then_some(reference);
    let rid = queries::insert_revision(
        &mut tx,
        id,
        &version,
        &revised_on.to_string(),
        &summary,
        reference.as_deref(),
    )
    .await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::FortschreibungAnlegen, Entity::Programm, Some(id)).after(
            json!({"revision_id": rid, "version": version, "revised_on": revised_on.to_string(),
                "summary": summary, "resolution_ref": reference}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!(
        "/programme/{id}/fortschreibungen?meldung=fortschreibung"
    ))
    .into_response())
}

pub async fn record_change(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ChangeForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let revision = form.revision_id.trim().parse::<i64>().ok();
    let entity = match form.entity.trim() {
        k @ ("ziel" | "massnahme") => k,
        _ => {
            e.add(
                "entity",
                "Bitte wählen Sie, ob ein Ziel oder eine Maßnahme betroffen ist.",
            );
            ""
        }
    };
    let change = match form.change.trim() {
        k @ ("neu" | "entfallen" | "geaendert") => k,
        _ => {
            e.add("change", "Bitte wählen Sie die Art der Änderung aus.");
            ""
        }
    };
    let label = e.text(
        "label",
        "die betroffene Maßnahme oder das Ziel (Nummer und Titel)",
        &form.label,
        300,
    );
    let note = e.optional_text("note", "Die Anmerkung", &form.note, 1000);
    let mut tx = state.db.begin_write().await?;
    match revision {
        Some(r) if queries::revision_programme(&mut tx, r).await? == Some(id) => {}
        _ => e.add(
            "revision_id",
            "Bitte wählen Sie eine Fassung dieses Programms aus.",
        ),
    }
    let Some(revision) = revision.filter(|_| e.is_empty()) else {
        drop(tx);
        let page = build(&state, &user, id, None, Some(form), e, None).await?;
        return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    let cid = queries::insert_change(&mut tx, revision, entity, &label, change, &note).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::FortschreibungAenderung, Entity::Programm, Some(id)).after(
            json!({"revision_id": revision, "change_id": cid, "entity": entity, "label": label,
                "change": change, "note": note}),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!(
        "/programme/{id}/fortschreibungen?meldung=aenderung"
    ))
    .into_response())
}
