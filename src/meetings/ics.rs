//! The iCalendar feed of the meetings (RFC 5545) and the page of the per-user secret
//! feed address. A calendar client cannot log in, so the feed also accepts a random
//! 256-bit token of which only the SHA-256 is stored.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveDateTime, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, EventStatus, Property};
use serde::Deserialize;
use serde_json::json;

use super::queries::{self, MeetingRow};
use super::views::meeting_title;
use crate::audit;
use crate::audit::{Action, Entity};
use crate::auth::session::{hash_id, random_token};
use crate::auth::{Internal, Session};
use crate::domain::Role;
use crate::domain::dates::{format_timestamp, now_utc};
use crate::web::AppState;
use crate::web::Flash;
use crate::web::{AppError, AppResult};
use crate::web::{CsrfForm, NoFields, Require};
use crate::web::{Layout, render};

pub const TZID: &str = "Europe/Berlin";

/// Europe/Berlin as a VTIMEZONE (EU rule since 1996: last Sunday of March and October).
pub const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nX-LIC-LOCATION:Europe/Berlin\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

fn local(ts: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(ts, "%Y-%m-%dT%H:%M").ok()
}

/// The feed text for these meetings; `stamp` is the DTSTAMP of every event.
pub fn calendar(meetings: &[MeetingRow], stamp: DateTime<Utc>) -> String {
    let mut cal = Calendar::new();
    cal.append_property(Property::new("PRODID", "-//Stadtverwaltung//Sachstand//DE"));
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    cal.name("Sitzungen AG Digitalisierung");
    cal.timezone(TZID);
    for m in meetings {
        let (Some(start), Some(end)) = (local(&m.starts_at), local(&m.ends_at)) else {
            continue;
        };
        let status = match m.state.as_str() {
            "abgesagt" => EventStatus::Cancelled,
            "terminiert" => EventStatus::Tentative,
            _ => EventStatus::Confirmed,
        };
        let mut summary = meeting_title(m);
        if m.state == "abgesagt" {
            summary = format!("Abgesagt: {summary}");
        }
        let ev = Event::new()
            .uid(&format!("sitzung-{}@sachstand", m.id))
            .timestamp(stamp)
            .summary(&summary)
            .location(&m.place)
            .starts(CalendarDateTime::WithTimezone {
                date_time: start,
                tzid: TZID.into(),
            })
            .ends(CalendarDateTime::WithTimezone {
                date_time: end,
                tzid: TZID.into(),
            })
            .sequence(u32::try_from(m.version).unwrap_or(0))
            .status(status)
            .done();
        cal.push(ev);
    }
    let text = cal.done().to_string();
    // icalendar has no VTIMEZONE component: insert the fixed definition after the header.
    match text
        .find("BEGIN:VEVENT")
        .or_else(|| text.find("END:VCALENDAR"))
    {
        Some(i) => format!("{}{VTIMEZONE}{}", &text[..i], &text[i..]),
        None => text,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FeedQuery {
    token: Option<String>,
}

pub async fn feed(
    State(state): State<AppState>,
    session: Option<Session>,
    Query(q): Query<FeedQuery>,
) -> AppResult<Response> {
    let role = match (&q.token, &session) {
        (Some(t), _) => {
            let t = t.trim();
            if t.len() != 64 || !t.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(AppError::NotFound);
            }
            let role = queries::calendar_token_role(&state.db.read, &hash_id(t))
                .await?
                .ok_or(AppError::NotFound)?;
            Role::parse(&role).ok_or(AppError::NotFound)?
        }
        (None, Some(s)) => s.role,
        (None, None) => return Ok(Redirect::to("/anmelden?next=%2Fsitzungen.ics").into_response()),
    };
    if !role.is_internal() {
        return Err(AppError::Forbidden);
    }
    let meetings = queries::list(&state.db.read).await?;
    let body = calendar(&meetings, Utc::now());
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
    }))
}

/// Creates or renews the secret feed address; the token is shown once, on this answer.
pub async fn renew_token(
    State(state): State<AppState>,
    user: Require<Internal>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    let token = random_token();
    let at = now_utc();
    let mut tx = state.db.begin_write().await?;
    let had = queries::calendar_token_created(&state.db.read, user.user_id)
        .await?
        .is_some();
    queries::set_calendar_token(&mut tx, user.user_id, &hash_id(&token), &at).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(
            if had {
                Action::KalenderTokenErneuern
            } else {
                Action::KalenderTokenAnlegen
            },
            Entity::Benutzer,
            Some(user.user_id),
        )
        // never the token itself
        .after(json!({"created_at": at})),
    )
    .await?;
    tx.commit().await?;
    let mut resp = render(&CalendarPage {
        layout: Layout::new("Kalender abonnieren", Some(&user), "sitzungen")
            .with_flash(Some(Flash::Kalenderadresse)),
        created: Some(format_timestamp(&at)),
        url: Some(format!("/sitzungen.ics?token={token}")),
    });
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(resp)
}
