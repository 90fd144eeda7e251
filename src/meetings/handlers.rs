//! Meeting pages: list, plan a meeting or a series, the meeting page, state, moving a
//! date, participants and attendance.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use super::draft;
use super::forms::{ItemForm, ParticipantForm, SeriesForm, SlotForm, StateForm};
use super::queries::{self, NewMeeting};
use super::views::{
    ItemParts, ItemView, ListRow, MeetingView, ParticipantView, PendingView, date_of, item_views,
};
use crate::audit;
use crate::audit::{Action, Entity};
use crate::auth::{Editors, Internal, Session};
use crate::domain::dates::format_date;
use crate::domain::meetings::{
    Attendance, MeetingKind, MeetingState, is_joint_session_guest, series_dates,
};
use crate::domain::validation::FieldErrors;
use crate::lookups::Choice;
use crate::web::AppState;
use crate::web::Flash;
use crate::web::{AppError, AppResult};
use crate::web::{CsrfForm, Require};
use crate::web::{FlashQuery, Layout, render, render_page};

fn today() -> chrono::NaiveDate {
    Utc::now().date_naive()
}

// ------------------------------------------------------------------ list

#[derive(Template)]
#[template(path = "meetings/list.html")]
struct ListPage {
    layout: Layout,
    upcoming: Vec<ListRow>,
    past: Vec<ListRow>,
    can_edit: bool,
}

pub async fn list(
    State(state): State<AppState>,
    user: Require<Internal>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let now = today().to_string();
    let all = queries::list(&state.db.read).await?;
    let (past, upcoming): (Vec<_>, Vec<_>) = all.iter().partition(|m| m.starts_at < now);
    Ok(render(&ListPage {
        layout: Layout::new("Sitzungen", Some(&user), "sitzungen").with_flash(q.flash()),
        upcoming: upcoming.into_iter().map(ListRow::new).collect(),
        past: past.into_iter().rev().map(ListRow::new).collect(),
        can_edit: user.role.can_edit_programme(),
    }))
}

// ------------------------------------------------------------------ new meeting

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

/// Adds the AG members valid on the date and, for a joint session, its guests.
async fn add_participants(
    conn: &mut sqlx::SqliteConnection,
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
    CsrfForm(form): CsrfForm<SlotForm>,
) -> AppResult<Response> {
    let slot = match form.parse(true) {
        Ok(s) => s,
        Err(errors) => {
            return Ok(render_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                &new_page(&user, form, errors),
            ));
        }
    };
    let mut tx = state.db.begin_write().await?;
    let Some(programme_id) = queries::default_programme(&mut tx).await? else {
        let mut e = FieldErrors::default();
        e.add("kind", "Es ist noch kein Arbeitsprogramm angelegt.");
        drop(tx);
        return Ok(render_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &new_page(&user, form, e),
        ));
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
    Ok(Redirect::to(&format!("/sitzungen/{id}?meldung=sitzung")).into_response())
}

// ------------------------------------------------------------------ series

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

pub async fn series_form(user: Require<Editors>) -> Response {
    render(&series_page(
        &user,
        SeriesForm::blank(),
        FieldErrors::default(),
    ))
}

pub async fn create_series(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(form): CsrfForm<SeriesForm>,
) -> AppResult<Response> {
    let input = match form.parse() {
        Ok(i) => i,
        Err(errors) => {
            return Ok(render_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                &series_page(&user, form, errors),
            ));
        }
    };
    let dates = series_dates(input.first, input.until, 14, &input.skip);
    let mut tx = state.db.begin_write().await?;
    let Some(programme_id) = queries::default_programme(&mut tx).await? else {
        drop(tx);
        let mut e = FieldErrors::default();
        e.add("title", "Es ist noch kein Arbeitsprogramm angelegt.");
        return Ok(render_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &series_page(&user, form, e),
        ));
    };
    let minutes = (input.end - input.start).num_minutes();
    let series = queries::insert_series(
        &mut tx,
        programme_id,
        &input.title,
        &input.first.to_string(),
        &input.start.format("%H:%M").to_string(),
        minutes,
        &input.place,
        14,
    )
    .await?;
    for d in &dates {
        let id = queries::insert(
            &mut tx,
            &NewMeeting {
                programme_id,
                series_id: Some(series),
                kind: "ag",
                starts_at: format!("{d}T{}", input.start.format("%H:%M")),
                ends_at: format!("{d}T{}", input.end.format("%H:%M")),
                place: &input.place,
            },
        )
        .await?;
        add_participants(&mut tx, id, &d.to_string(), false).await?;
    }
    audit::record(&mut tx, &user.actor(), audit::Entry::new(Action::SerieAnlegen, Entity::Sitzungsserie, Some(series)).after(json!({
            "title": input.title, "first_on": input.first.to_string(), "until": input.until.to_string(),
            "interval_days": 14, "place": input.place,
            "skipped": input.skip.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            "meetings": dates.len(),
        })))
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/sitzungen?meldung=serie").into_response())
}

// ------------------------------------------------------------------ detail

#[derive(Template)]
#[template(path = "meetings/detail.html")]
pub struct DetailPage {
    pub layout: Layout,
    pub m: MeetingView,
    pub items: Vec<ItemView>,
    pub total_minutes: i64,
    pub participants: Vec<ParticipantView>,
    pub people: Vec<Choice>,
    pub attendances: &'static [Attendance],
    pub next_states: Vec<MeetingState>,
    pub can_edit: bool,
    pub can_release: bool,
    pub item_form: ItemForm,
    pub slot_form: SlotForm,
    pub errors: FieldErrors,
    pub prev_unapproved: Option<(i64, String)>,
    pub pending: Option<PendingView>,
}

#[derive(Default)]
pub struct DetailInput {
    pub item_form: Option<ItemForm>,
    pub slot_form: Option<SlotForm>,
    pub errors: FieldErrors,
    pub flash: Option<Flash>,
}

/// The meeting page again with the user's input kept (422 with errors, 409 on a
/// conflict). Callers drop their write transaction first.
pub async fn detail_again(
    state: &AppState,
    user: &Session,
    id: i64,
    status: StatusCode,
    input: DetailInput,
) -> AppResult<Response> {
    Ok(render_page(
        status,
        &detail_page(state, user, id, input).await?,
    ))
}

pub async fn detail_page(
    state: &AppState,
    user: &Session,
    id: i64,
    input: DetailInput,
) -> AppResult<DetailPage> {
    let mut conn = state.db.read.acquire().await?;
    let m = queries::get(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let prev = queries::previous(&mut conn, &m.kind, &m.starts_at).await?;
    let people = queries::people(&mut conn).await?;
    let view = MeetingView::new(&m);
    // Before the next meeting: who has not reported since the previous one (or in the 14
    // days before the first). Not for meetings held or cancelled, nor for later ones whose
    // previous meeting is still ahead.
    let since = match (&prev, date_of(&m.starts_at)) {
        _ if view.held || view.cancelled => None,
        (Some(p), _) => {
            date_of(&p.starts_at).map(|d| (d, format!("der letzten Sitzung am {}", format_date(d))))
        }
        (None, Some(d)) => {
            let since = d - chrono::Duration::days(14);
            let basis = format!("dem {} (14 Tage vor dieser Sitzung)", format_date(since));
            Some((since, basis))
        }
        (None, None) => None,
    }
    .filter(|(since, _)| *since <= today());
    let pending = match since {
        Some((since, basis)) => {
            let rows =
                queries::not_updated_since(&mut conn, m.programme_id, &since.to_string()).await?;
            Some(PendingView::new(basis, rows, Utc::now()))
        }
        None => None,
    };
    drop(conn);
    let today = today().to_string();
    let measures = queries::linked_measures(&state.db.read, id).await?;
    let comments = queries::comments(&state.db.read, id).await?;
    let decisions = queries::decisions(&state.db.read, id).await?;
    let tasks = queries::tasks_of_meeting(&state.db.read, id).await?;
    let items = item_views(ItemParts {
        items: queries::items(&state.db.read, id).await?,
        measures: &measures,
        comments: &comments,
        decisions: &decisions,
        tasks: &tasks,
        today: &today,
    });
    let state_now = MeetingState::parse(&m.state).unwrap_or(MeetingState::Terminiert);
    let slot_form = input.slot_form.unwrap_or_else(|| SlotForm {
        kind: m.kind.clone(),
        date: m.starts_at.get(..10).unwrap_or("").to_string(),
        start: view.start.clone(),
        end: view.end.clone(),
        place: m.place.clone(),
    });
    let prev_unapproved = prev
        .filter(|p| p.state == "durchgefuehrt" && p.minutes_approved_in.is_none())
        .map(|p| (p.id, super::views::split_local(&p.starts_at).0));
    Ok(DetailPage {
        layout: Layout::new(view.title.clone(), Some(user), "sitzungen")
            .with_errors(!input.errors.is_empty())
            .with_flash(input.flash),
        total_minutes: items.iter().map(|i| i.planned_minutes).sum(),
        items,
        participants: queries::participants(&state.db.read, id)
            .await?
            .iter()
            .map(ParticipantView::new)
            .collect(),
        people: people
            .into_iter()
            .map(|p| Choice {
                id: p.id,
                label: format!("{} ({})", p.name, p.function),
            })
            .collect(),
        attendances: Attendance::ALL,
        next_states: MeetingState::ALL
            .iter()
            .copied()
            .filter(|s| state_now.may_become(*s))
            .collect(),
        can_edit: user.role.can_edit_programme(),
        can_release: user.role == crate::domain::Role::Leitung && view.joint,
        item_form: input.item_form.unwrap_or_else(ItemForm::blank),
        slot_form,
        errors: input.errors,
        prev_unapproved,
        pending,
        m: view,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: Require<Internal>,
    Path(id): Path<i64>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let page = detail_page(
        &state,
        &user,
        id,
        DetailInput {
            flash: q.flash(),
            ..DetailInput::default()
        },
    )
    .await?;
    Ok(render(&page))
}

// ------------------------------------------------------------------ state and date

pub async fn set_state(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<StateForm>,
) -> AppResult<Response> {
    let next = MeetingState::parse(form.state.trim()).ok_or_else(|| {
        AppError::BadRequest("Unbekannter Sitzungsstatus. Bitte laden Sie die Seite neu.".into())
    })?;
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let now = MeetingState::parse(&m.state).unwrap_or(MeetingState::Terminiert);
    if !now.may_become(next) {
        drop(tx);
        let mut errors = FieldErrors::default();
        errors.add(
            "state",
            format!(
                "Eine Sitzung im Status „{}“ kann nicht „{}“ werden.",
                now.label(),
                next.label()
            ),
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
    }
    queries::set_state(&mut tx, id, next.key()).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::SitzungStatus, Entity::Sitzung, Some(id))
            .before(json!({"state": m.state}))
            .after(json!({"state": next.key()})),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/sitzungen/{id}?meldung=gespeichert")).into_response())
}

/// Moves one date of a series (or a single meeting) without touching the others.
pub async fn move_date(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<SlotForm>,
) -> AppResult<Response> {
    let slot = match form.parse(false) {
        Ok(s) => s,
        Err(errors) => {
            return detail_again(
                &state,
                &user,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                DetailInput {
                    slot_form: Some(form),
                    errors,
                    ..Default::default()
                },
            )
            .await;
        }
    };
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    if m.state == "durchgefuehrt" {
        drop(tx);
        let mut errors = FieldErrors::default();
        errors.add(
            "date",
            "Eine durchgeführte Sitzung kann nicht verlegt werden.",
        );
        return detail_again(
            &state,
            &user,
            id,
            StatusCode::CONFLICT,
            DetailInput {
                slot_form: Some(form),
                errors,
                ..Default::default()
            },
        )
        .await;
    }
    queries::move_meeting(&mut tx, id, &slot.starts_at(), &slot.ends_at(), &slot.place).await?;
    audit::record(&mut tx, &user.actor(), audit::Entry::new(Action::SitzungVerlegen, Entity::Sitzung, Some(id)).before(json!({"starts_at": m.starts_at, "ends_at": m.ends_at, "place": m.place})).after(json!({"starts_at": slot.starts_at(), "ends_at": slot.ends_at(), "place": slot.place})))
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/sitzungen/{id}?meldung=gespeichert")).into_response())
}

// ------------------------------------------------------------------ participants

pub async fn add_participant(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ParticipantForm>,
) -> AppResult<Response> {
    let person: i64 =
        form.person_id.trim().parse().map_err(|_| {
            AppError::BadRequest("Bitte wählen Sie eine Person aus der Liste.".into())
        })?;
    let mut tx = state.db.begin_write().await?;
    let m = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let people = queries::people(&mut tx).await?;
    if !people.iter().any(|p| p.id == person) {
        return Err(AppError::BadRequest(
            "Diese Person gibt es nicht. Bitte wählen Sie aus der Liste.".into(),
        ));
    }
    let date = m.starts_at.get(..10).unwrap_or("").to_string();
    let member = queries::members_on(&mut tx, &date).await?.contains(&person);
    if queries::add_participant(&mut tx, id, person, !member).await? {
        audit::record(
            &mut tx,
            &user.actor(),
            audit::Entry::new(Action::TeilnehmendeHinzufuegen, Entity::Sitzung, Some(id))
                .after(json!({"person_id": person, "guest": !member})),
        )
        .await?;
        tx.commit().await?;
    }
    Ok(Redirect::to(&format!(
        "/sitzungen/{id}?meldung=gespeichert#h-teilnehmende"
    ))
    .into_response())
}

/// Attendance per participant: fields `a-{person_id}` = anwesend | entschuldigt | abwesend.
pub async fn attendance(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let known: Vec<i64> = queries::participants(&state.db.read, id)
        .await?
        .iter()
        .map(|p| p.person_id)
        .collect();
    let mut changes = Vec::new();
    for (k, v) in &pairs {
        let Some(pid) = k.strip_prefix("a-") else {
            continue;
        };
        let pid: i64 = pid
            .parse()
            .map_err(|_| AppError::BadRequest("Ungültige Teilnehmerangabe.".into()))?;
        if !known.contains(&pid) {
            return Err(AppError::BadRequest("Ungültige Teilnehmerangabe.".into()));
        }
        let a = match v.as_str() {
            "" => None,
            v => Some(Attendance::parse(v).ok_or_else(|| {
                AppError::BadRequest("Unbekannte Angabe zur Anwesenheit.".into())
            })?),
        };
        queries::set_attendance(&mut tx, id, pid, a.map(Attendance::key)).await?;
        changes.push(json!({"person_id": pid, "attendance": a.map(Attendance::key)}));
    }
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::Anwesenheit, Entity::Sitzung, Some(id))
            .after(json!({"attendance": changes})),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!(
        "/sitzungen/{id}?meldung=gespeichert#h-teilnehmende"
    ))
    .into_response())
}

pub fn meeting_date(m: &queries::MeetingRow) -> chrono::NaiveDate {
    date_of(&m.starts_at).unwrap_or_else(today)
}
