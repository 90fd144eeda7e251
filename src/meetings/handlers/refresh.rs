//! Updating a drafted agenda from today's data: a preview of the items that would be
//! added, removed or rewritten (GET, writes nothing), then the update (POST, audited,
//! redirect). The AG and the Leitung may update; comments stay.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::audit::{self, Action, Entity};
use crate::auth::Internal;
use crate::auth::session::hash_id;
use crate::domain::meetings::{DraftPlan, MeetingState};
use crate::meetings::freshness;
use crate::meetings::pages::{agenda_section, today};
use crate::meetings::queries;
use crate::meetings::views::MeetingView;
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, Layout, Require};
use crate::web::{form, render};

/// One line of the preview.
pub struct PlanLine {
    pub title: String,
    pub detail: String,
    pub measures: String,
}

#[derive(Template)]
#[template(path = "meetings/refresh.html")]
struct PreviewPage {
    layout: Layout,
    m: MeetingView,
    drafted_at: String,
    changes: Vec<String>,
    add: Vec<PlanLine>,
    remove: Vec<String>,
    update: Vec<PlanLine>,
    kept: Vec<String>,
    empty: bool,
    /// The preview's fingerprint: the update applies only what was shown.
    token: String,
    /// The data changed again between preview and update.
    moved_on: bool,
}

fn codes_of(ids: &[i64], codes: &HashMap<i64, String>) -> String {
    ids.iter()
        .filter_map(|i| codes.get(i).cloned())
        .collect::<Vec<_>>()
        .join(", ")
}

async fn preview_page(
    state: &AppState,
    user: &crate::auth::Session,
    id: i64,
    moved_on: bool,
) -> AppResult<Response> {
    let mut conn = state.db.read.acquire().await?;
    let m = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let plan = freshness::plan(&mut conn, &m, today()).await?;
    let codes = freshness::codes(&mut conn, m.programme_id).await?;
    let since = m.agenda_drafted_at.clone().unwrap_or_default();
    let changes = if since.is_empty() {
        Vec::new()
    } else {
        freshness::data_changes(&mut conn, m.programme_id, &since).await?
    };
    drop(conn);
    let page = PreviewPage {
        layout: Layout::new(
            format!(
                "Tagesordnung aktualisieren – {}",
                MeetingView::new(&m).title
            ),
            Some(user),
            "sitzungen",
        )
        .with_errors(moved_on),
        drafted_at: m
            .agenda_drafted_at
            .as_deref()
            .map(crate::domain::dates::format_timestamp)
            .unwrap_or_default(),
        changes,
        add: plan
            .add
            .iter()
            .map(|a| PlanLine {
                title: a.title.clone(),
                detail: a.reason.clone(),
                measures: codes_of(&a.measure_ids, &codes),
            })
            .collect(),
        remove: plan.remove.iter().map(|(_, t)| t.clone()).collect(),
        update: plan
            .update
            .iter()
            .map(|u| {
                let mut measures = Vec::new();
                if !u.measures_added.is_empty() {
                    measures.push(format!("neu: {}", codes_of(&u.measures_added, &codes)));
                }
                if !u.measures_dropped.is_empty() {
                    measures.push(format!(
                        "nicht mehr: {}",
                        codes_of(&u.measures_dropped, &codes)
                    ));
                }
                PlanLine {
                    title: u.title.clone(),
                    detail: u.reason_after.clone(),
                    measures: measures.join("; "),
                }
            })
            .collect(),
        kept: plan.kept.iter().map(|(_, t)| t.clone()).collect(),
        empty: plan.is_empty(),
        token: token(&plan),
        moved_on,
        m: MeetingView::new(&m),
    };
    if moved_on {
        form::conflict(&page)
    } else {
        Ok(render(&page))
    }
}

fn token(plan: &DraftPlan) -> String {
    hash_id(&plan.fingerprint())
}

/// GET: what an update would do; writes nothing.
pub async fn preview(
    State(state): State<AppState>,
    user: Require<Internal>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    preview_page(&state, &user, id, false).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UpdateForm {
    pub plan: String,
}

/// POST: applies the plan the preview showed; when the data changed meanwhile, the new
/// preview is shown instead (409) and nothing is written.
pub async fn update(
    State(state): State<AppState>,
    user: Require<Internal>,
    Path(id): Path<i64>,
    CsrfForm(sent): CsrfForm<UpdateForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if matches!(
        m.state,
        MeetingState::Durchgefuehrt | MeetingState::Abgesagt
    ) {
        return Err(AppError::BadRequest(
            "Die Tagesordnung einer durchgeführten oder abgesagten Sitzung wird nicht mehr aktualisiert."
                .into(),
        ));
    }
    let plan = freshness::plan(&mut tx, &m, today()).await?;
    if token(&plan) != sent.plan.trim() {
        drop(tx);
        return preview_page(&state, &user, id, true).await;
    }
    if plan.is_empty() {
        return Ok(agenda_section(id, Flash::Unveraendert).into_response());
    }
    freshness::apply(&mut tx, id, &plan).await?;
    queries::mark_agenda_changed(&mut tx, id).await?;
    let added: Vec<_> = plan
        .add
        .iter()
        .map(|a| json!({"title": a.title, "reason": a.reason}))
        .collect();
    let removed: Vec<_> = plan
        .remove
        .iter()
        .map(|(i, t)| json!({"item_id": i, "title": t}))
        .collect();
    let before: Vec<_> = plan
        .update
        .iter()
        .map(|u| json!({"item_id": u.id, "title": u.title, "reason": u.reason_before}))
        .collect();
    let after: Vec<_> = plan
        .update
        .iter()
        .map(|u| {
            json!({"item_id": u.id, "title": u.title, "reason": u.reason_after,
            "measure_ids": u.measure_ids})
        })
        .collect();
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::TagesordnungAktualisieren, Entity::Sitzung, Some(id))
            .before(json!({"removed": removed, "updated": before}))
            .after(json!({"added": added, "updated": after})),
    )
    .await?;
    tx.commit().await?;
    Ok(agenda_section(id, Flash::EntwurfAktualisiert).into_response())
}
