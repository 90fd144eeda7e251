//! The iCalendar feed of the meetings and the page of the per-user secret feed address.
//! A calendar client cannot log in, so the feed also accepts a random 256-bit token of
//! which only the SHA-256 is stored.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use crate::audit::{self, Action, Entity};
use crate::auth::session::{hash_id, random_token};
use crate::auth::{Internal, Session};
use crate::domain::dates::{format_timestamp, now_utc};
use crate::meetings::ics::{EventExtras, calendar};
use crate::meetings::queries;
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, Layout, NoFields, Require};
use crate::web::{paths, render};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FeedQuery {
    token: Option<String>,
}

pub async fn feed(
    State(state): State<AppState>,
    session: Option<Session>,
    headers: axum::http::HeaderMap,
    Query(q): Query<FeedQuery>,
) -> AppResult<Response> {
    let role = match (&q.token, &session) {
        (Some(t), _) => {
            let t = t.trim();
            if t.len() != 64 || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(AppError::NotFound);
            }
            queries::calendar_token_role(&state.db.read, &hash_id(t))
                .await?
                .ok_or(AppError::NotFound)?
        }
        (None, Some(s)) => s.role,
        (None, None) => {
            return Ok(paths::login_then(paths::calendar_feed().as_str()).into_response());
        }
    };
    if !role.is_internal() {
        return Err(AppError::Forbidden);
    }
    let meetings = queries::list(&state.db.read).await?;
    let mut agendas: HashMap<i64, Vec<String>> = HashMap::new();
    for (meeting, title) in queries::agenda_titles(&state.db.read).await? {
        agendas.entry(meeting).or_default().push(title);
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let body = calendar(&meetings, Utc::now(), |m| EventExtras {
        agenda: agendas.get(&m.id).cloned().unwrap_or_default(),
        url: state.site.absolute(paths::meeting(m.id).as_str(), host),
    });
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "inline; filename=\"sitzungen.ics\"",
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "meetings/calendar.html")]
struct CalendarPage {
    layout: Layout,
    created: Option<String>,
    url: Option<String>,
    /// The same address as `webcal:`, which calendar programs open as a subscription.
    webcal: String,
}

/// `https://…` → `webcal://…` (the scheme calendar programs register for subscriptions).
fn webcal(url: &str) -> String {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    format!("webcal://{rest}")
}

pub async fn calendar_page(
    State(state): State<AppState>,
    user: Require<Internal>,
) -> AppResult<Response> {
    let created = queries::calendar_token_created(&state.db.read, user.user_id)
        .await?
        .map(|c| format_timestamp(&c));
    Ok(render(&CalendarPage {
        layout: Layout::new("Kalender abonnieren", Some(&user), "sitzungen"),
        created,
        url: None,
        webcal: String::new(),
    }))
}

/// Creates or renews the secret feed address; the token is shown once, on this answer.
pub async fn renew_token(
    State(state): State<AppState>,
    user: Require<Internal>,
    headers: axum::http::HeaderMap,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    // the full address for the calendar program: the public address (`--public-url`),
    // or the host this request came to
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok());
    let token = random_token();
    let at = now_utc();
    let mut tx = state.db.begin_write().await?;
    let had = queries::calendar_token_created(&state.db.read, user.user_id)
        .await?
        .is_some();
    queries::set_calendar_token(&mut tx, user.user_id, &hash_id(&token), &at).await?;
    let action = if had {
        Action::KalenderTokenErneuern
    } else {
        Action::KalenderTokenAnlegen
    };
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(action, Entity::Benutzer, Some(user.user_id))
            // never the token itself
            .after(json!({"created_at": at})),
    )
    .await?;
    tx.commit().await?;
    let url = state
        .site
        .absolute(&format!("{}?token={token}", paths::calendar_feed()), host);
    let mut resp = render(&CalendarPage {
        layout: Layout::new("Kalender abonnieren", Some(&user), "sitzungen")
            .with_flash(Some(Flash::Kalenderadresse)),
        created: Some(format_timestamp(&at)),
        webcal: webcal(&url),
        url: Some(url),
    });
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(resp)
}
