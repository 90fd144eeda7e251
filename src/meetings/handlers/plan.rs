//! Planning meetings: one meeting (AG or joint session, with its participants and a
//! drafted agenda) or a biweekly series of AG meetings.

use crate::db::Conn;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::audit::{self, Action, Entity};
use crate::auth::{Editors, Session};
use crate::domain::meetings::{MeetingKind, is_joint_session_guest, series_dates};
use crate::domain::validation::FieldErrors;
use crate::meetings::draft;
use crate::meetings::forms::{SeriesForm, SlotForm};
use crate::meetings::pages::today;
use crate::meetings::queries::{self, NewMeeting};
use crate::web::render;
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, Layout, Require, form, paths};

/// Days between two AG meetings of a series.
const INTERVAL_DAYS: i64 = crate::meetings::forms::SERIES_INTERVAL_DAYS;

#[derive(Template)]
#[template(path = "meetings/new.html")]
struct NewPage {
    layout: Layout,
    form: SlotForm,
    errors: FieldErrors,
    kinds: &'static [MeetingKind],
}

fn new_page(user: &Session, form: SlotForm, errors: FieldErrors) -> NewPage {
    NewPage {
        layout: Layout::new("Sitzung planen", Some(user), "sitzungen")
            .with_errors(!errors.is_empty()),
        form,
        errors,
        kinds: MeetingKind::ALL,
    }
}

#[derive(Template)]
#[template(path = "meetings/series.html")]
struct SeriesPage {
    layout: Layout,
    form: SeriesForm,
    errors: FieldErrors,
}

fn series_page(user: &Session, form: SeriesForm, errors: FieldErrors) -> SeriesPage {
    SeriesPage {
        layout: Layout::new("Sitzungsserie anlegen", Some(user), "sitzungen")
            .with_errors(!errors.is_empty()),
        form,
        errors,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct KindQuery {
    art: Option<String>,
}

pub async fn new_form(user: Require<Editors>, Query(q): Query<KindQuery>) -> Response {
    let kind = q
        .art
        .as_deref()
        .and_then(MeetingKind::parse)
        .unwrap_or(MeetingKind::Ag);
    render(&new_page(
        &user,
        SlotForm::blank(kind),
        FieldErrors::default(),
    ))
}

pub async fn series_form(user: Require<Editors>) -> Response {
    render(&series_page(
        &user,
        SeriesForm::blank(),
        FieldErrors::default(),
    ))
}

/// The programme new meetings belong to; without one, the error for the form's `field`.
async fn programme(conn: &mut Conn, field: &'static str) -> sqlx::Result<Result<i64, FieldErrors>> {
    Ok(queries::default_programme(conn).await?.ok_or_else(|| {
        let mut e = FieldErrors::default();
        e.add(field, "Es ist noch kein Arbeitsprogramm angelegt.");
        e
    }))
}

/// Adds the AG members valid on the date and, for a joint session, its guests.
async fn add_participants(
    conn: &mut Conn,
    meeting: i64,
    date: &str,
    joint: bool,
) -> sqlx::Result<usize> {
    let members = queries::members_on(conn, date).await?;
    let mut n = 0;
    for p in &members {
        n += usize::from(queries::add_participant(conn, meeting, *p, false).await?);
    }
    if joint {
        for p in queries::people(conn).await? {
            if is_joint_session_guest(&p.function) && !members.contains(&p.id) {
                n += usize::from(queries::add_participant(conn, meeting, p.id, true).await?);
            }
        }
    }
    Ok(n)
}

pub async fn create(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(input): CsrfForm<SlotForm>,
) -> AppResult<Response> {
    let slot = match input.parse(true) {
        Ok(s) => s,
        Err(errors) => return form::invalid(&new_page(&user, input, errors)),
    };
    let mut tx = state.db.begin_write().await?;
    let programme_id = match programme(&mut tx, "kind").await? {
        Ok(p) => p,
        Err(errors) => {
            drop(tx);
            return form::invalid(&new_page(&user, input, errors));
        }
    };
    let id = queries::insert(
        &mut tx,
        &NewMeeting {
            programme_id,
            series_id: None,
            kind: slot.kind.key(),
            starts_at: slot.starts_at(),
            ends_at: slot.ends_at(),
            place: &slot.place,
        },
    )
    .await?;
    let joint = slot.kind == MeetingKind::Quartal;
    let participants = add_participants(&mut tx, id, &slot.date.to_string(), joint).await?;
    let meeting = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let proposed = draft::propose(&mut tx, &meeting, today()).await?;
    let items = draft::write(&mut tx, id, &proposed).await?;
    if joint && !items.is_empty() {
        // The drafted joint-session agenda waits for the Leitung's release.
        let title = crate::meetings::views::meeting_title(&meeting);
        let base = crate::notify::base_url(&state);
        crate::notify::releases::agenda_waiting(&mut tx, &base, id, &title).await?;
    }
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::SitzungAnlegen, Entity::Sitzung, Some(id)).after(json!({
            "kind": slot.kind.key(), "starts_at": slot.starts_at(), "ends_at": slot.ends_at(),
            "place": slot.place, "participants": participants,
            "agenda": items.iter().map(|i| &i.title).collect::<Vec<_>>(),
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::meeting(id).flash(Flash::Sitzung).into_response())
}

pub async fn create_series(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(sent): CsrfForm<SeriesForm>,
) -> AppResult<Response> {
    let input = match sent.parse() {
        Ok(i) => i,
        Err(errors) => return form::invalid(&series_page(&user, sent, errors)),
    };
    let dates = series_dates(input.first, input.until, INTERVAL_DAYS, &input.skip);
    let mut tx = state.db.begin_write().await?;
    let programme_id = match programme(&mut tx, "title").await? {
        Ok(p) => p,
        Err(errors) => {
            drop(tx);
            return form::invalid(&series_page(&user, sent, errors));
        }
    };
    let start = input.start.format("%H:%M").to_string();
    let end = input.end.format("%H:%M").to_string();
    let series = queries::insert_series(
        &mut tx,
        programme_id,
        &input.title,
        &input.first.to_string(),
        &start,
        (input.end - input.start).num_minutes(),
        &input.place,
        INTERVAL_DAYS,
    )
    .await?;
    for d in &dates {
        let id = queries::insert(
            &mut tx,
            &NewMeeting {
                programme_id,
                series_id: Some(series),
                kind: MeetingKind::Ag.key(),
                starts_at: format!("{d}T{start}"),
                ends_at: format!("{d}T{end}"),
                place: &input.place,
            },
        )
        .await?;
        add_participants(&mut tx, id, &d.to_string(), false).await?;
    }
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::SerieAnlegen, Entity::Sitzungsserie, Some(series)).after(json!({
            "title": input.title, "first_on": input.first.to_string(),
            "until": input.until.to_string(), "interval_days": INTERVAL_DAYS,
            "place": input.place,
            "skipped": input.skip.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            "meetings": dates.len(),
        })),
    )
    .await?;
    tx.commit().await?;
    Ok(paths::meetings().flash(Flash::Serie).into_response())
}
