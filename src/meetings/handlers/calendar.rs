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
use crate::web::shown_once::{self, Purpose};
use crate::web::{
    AppError, AppResult, AppState, ConfirmPage, CsrfForm, Flash, FlashQuery, Layout, Require,
};
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
    key: shown_once::Key,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let created = queries::calendar_token_created(&state.db.read, user.user_id)
        .await?
        .map(|c| format_timestamp(&c));
    // the freshly created address waits, sealed, for this page after the redirect
    // (`web::shown_once`); only that page takes it
    let url = match q.flash() {
        Some(Flash::Kalenderadresse | Flash::KalenderadresseAngelegt) => {
            shown_once::take(&state.db, &key, Purpose::Calendar)
                .await?
                .map(|(_, url)| url)
        }
        _ => None,
    };
    let mut resp = render(&CalendarPage {
        layout: Layout::new("Kalender abonnieren", Some(&user), "sitzungen").with_flash(q.flash()),
        created,
        webcal: url.as_deref().map(webcal).unwrap_or_default(),
        url,
    });
    // the address is a secret: no copy in a cache
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(resp)
}

/// The confirmation before a new address replaces the existing one (GET: changes nothing).
pub async fn confirm_renew(
    State(state): State<AppState>,
    user: Require<Internal>,
) -> AppResult<Response> {
    let Some(created) = queries::calendar_token_created(&state.db.read, user.user_id).await? else {
        // nothing to replace: the calendar page creates the first address directly
        return Ok(paths::calendar().into_response());
    };
    let heading = "Neue Kalenderadresse erzeugen?".to_string();
    Ok(render(&ConfirmPage {
        layout: Layout::new(heading.clone(), Some(&user), "sitzungen"),
        heading,
        consequences: vec![
            format!(
                "Ihre bisherige Adresse (erzeugt am {}) wird sofort ungültig.",
                format_timestamp(&created)
            ),
            "Kalenderprogramme, die die bisherige Adresse abonniert haben, erhalten keine Termine mehr; tragen Sie dort die neue Adresse ein.".to_string(),
            "Die neue Adresse wird Ihnen einmal angezeigt.".to_string(),
        ],
        action: paths::calendar(),
        fields: vec![("bestaetigt", "ja".to_string())],
        yes: "Ja, neue Adresse erzeugen".to_string(),
        cancel: paths::calendar(),
    })
    .into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RenewForm {
    /// "ja" from the confirmation page; needed when an address exists already.
    bestaetigt: String,
}

/// Creates or (after the confirmation) renews the secret feed address, then redirects to
/// the calendar page, which shows the new address once.
pub async fn renew_token(
    State(state): State<AppState>,
    user: Require<Internal>,
    key: shown_once::Key,
    headers: axum::http::HeaderMap,
    CsrfForm(form): CsrfForm<RenewForm>,
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
    if had && form.bestaetigt != "ja" {
        // an existing address ends only after the confirmation page
        return Ok(paths::confirm_renew_calendar().into_response());
    }
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
    let url = state
        .site
        .absolute(&format!("{}?token={token}", paths::calendar_feed()), host);
    shown_once::put(&mut tx, &key, Purpose::Calendar, "", &url).await?;
    tx.commit().await?;
    let flash = if had {
        Flash::Kalenderadresse
    } else {
        Flash::KalenderadresseAngelegt
    };
    Ok(paths::calendar().flash(flash).into_response())
}
