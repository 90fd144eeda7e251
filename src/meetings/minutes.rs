//! Minutes around the meeting: tasks done, approval of the previous minutes, the
//! decision register and the print views (invitation with agenda, minutes).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::handlers::{DetailInput, detail_again};
use super::queries;
use super::views::{DecisionView, ItemParts, ItemView, MeetingView, ParticipantView, item_views};
use crate::audit;
use crate::audit::{Action, Entity};
use crate::auth::{Editors, Internal};
use crate::domain::validation::FieldErrors;
use crate::web::AppState;
use crate::web::{AppError, AppResult};
use crate::web::{CsrfForm, NoFields, Require};
use crate::web::{Layout, render};

pub async fn task_done(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    let today = chrono::Utc::now().date_naive().to_string();
    let mut tx = state.db.begin_write().await?;
    let t = queries::task(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let target = match (t.meeting_id, t.item_id) {
        (Some(m), Some(i)) => format!("/sitzungen/{m}/tops/{i}?meldung=gespeichert"),
        _ => "/?meldung=gespeichert".to_string(),
    };
    if t.state == "erledigt" {
        return Ok(Redirect::to(&target).into_response());
    }
    queries::complete_task(&mut tx, id, &today).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::AufgabeErledigt, Entity::Aufgabe, Some(id))
            .before(json!({"state": t.state, "done_on": t.done_on}))
            .after(json!({"state": "erledigt", "done_on": today})),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&target).into_response())
}

/// In meeting `id`, approve the minutes of the previous held meeting of the same kind.
pub async fn approve_previous(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let prev = queries::previous(&mut tx, &m.kind, &m.starts_at).await?;
    let Some(prev) = prev.filter(|p| p.state == "durchgefuehrt" && p.minutes_approved_in.is_none())
    else {
        drop(tx);
        let mut errors = FieldErrors::default();
        errors.add(
            "genehmigung",
            "Es gibt kein noch nicht genehmigtes Protokoll einer vorherigen Sitzung.",
        );
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
    };
    queries::approve_minutes(&mut tx, prev.id, id).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::ProtokollGenehmigen, Entity::Sitzung, Some(prev.id))
            .before(json!({"minutes_approved_in": null}))
            .after(json!({"minutes_approved_in": id})),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/sitzungen/{id}?meldung=genehmigt")).into_response())
}

// ------------------------------------------------------------------ decision register

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchQuery {
    q: String,
}

#[derive(Template)]
#[template(path = "meetings/decisions.html")]
struct RegisterPage {
    layout: Layout,
    q: String,
    rows: Vec<DecisionView>,
}

pub async fn register(
    State(state): State<AppState>,
    user: Require<Internal>,
    Query(q): Query<SearchQuery>,
) -> AppResult<Response> {
    let term = q.q.trim().chars().take(200).collect::<String>();
    let rows = queries::decision_register(&state.db.read, &term).await?;
    Ok(render(&RegisterPage {
        layout: Layout::new("Beschlussregister", Some(&user), "sitzungen"),
        rows: rows.iter().map(DecisionView::new).collect(),
        q: term,
    }))
}

// ------------------------------------------------------------------ print views

#[derive(Template)]
#[template(path = "meetings/print.html")]
struct PrintPage {
    layout: Layout,
    m: MeetingView,
    items: Vec<ItemView>,
    participants: Vec<ParticipantView>,
    minutes: bool,
    total_minutes: i64,
    approved_in: String,
}

async fn print(
    state: &AppState,
    user: &crate::auth::Session,
    id: i64,
    minutes: bool,
) -> AppResult<Response> {
    let mut conn = state.db.read.acquire().await?;
    let m = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let approved_in = match m.minutes_approved_in {
        Some(a) => queries::get(&mut conn, a)
            .await?
            .map(|x| super::views::meeting_title(&x))
            .unwrap_or_default(),
        None => String::new(),
    };
    drop(conn);
    let today = chrono::Utc::now().date_naive().to_string();
    let measures = queries::linked_measures(&state.db.read, id).await?;
    let decisions = queries::decisions(&state.db.read, id).await?;
    let tasks = queries::tasks_of_meeting(&state.db.read, id).await?;
    let items = item_views(ItemParts {
        items: queries::items(&state.db.read, id).await?,
        measures: &measures,
        comments: &[],
        decisions: &decisions,
        tasks: &tasks,
        today: &today,
    });
    let view = MeetingView::new(&m);
    let title = if minutes {
        format!("Niederschrift – {}", view.title)
    } else {
        format!("Einladung – {}", view.title)
    };
    Ok(render(&PrintPage {
        layout: Layout::new(title, Some(user), "sitzungen"),
        total_minutes: items.iter().map(|i| i.planned_minutes).sum(),
        items,
        participants: queries::participants(&state.db.read, id)
            .await?
            .iter()
            .map(ParticipantView::new)
            .collect(),
        minutes,
        approved_in,
        m: view,
    }))
}

pub async fn invitation(
    State(state): State<AppState>,
    user: Require<Internal>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    print(&state, &user, id, false).await
}

pub async fn minutes_print(
    State(state): State<AppState>,
    user: Require<Internal>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    print(&state, &user, id, true).await
}
