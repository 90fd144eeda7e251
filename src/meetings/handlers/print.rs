//! The print views of a meeting: the invitation with the agenda, and the minutes.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use crate::auth::{Internal, Session};
use crate::meetings::pages::{agenda, participants};
use crate::meetings::queries;
use crate::meetings::views::{ItemView, MeetingView, ParticipantView, meeting_title};
use crate::web::{AppError, AppResult, AppState, Layout, Require, render};

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

async fn print(state: &AppState, user: &Session, id: i64, minutes: bool) -> AppResult<Response> {
    let mut conn = state.db.read.acquire().await?;
    let m = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let approved_in = match m.minutes_approved_in {
        Some(a) => queries::get(&mut conn, a)
            .await?
            .map(|x| meeting_title(&x))
            .unwrap_or_default(),
        None => String::new(),
    };
    drop(conn);
    let items = agenda(state, id, false).await?;
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
        participants: participants(state, id).await?,
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
