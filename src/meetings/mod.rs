//! Meetings (Sitzungen): AG meetings every 14 days and the quarterly joint session,
//! their agendas (drafted from the data, commented and released by the Leitung),
//! minutes with decisions and tasks, print views and the iCalendar feed.

pub mod checks;
pub mod draft;
pub mod forms;
pub mod freshness;
pub mod handlers;
pub mod ics;
pub mod pages;
pub mod prompts;
pub mod queries;
pub mod views;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;
use handlers::{
    agenda, calendar, list, meeting, minutes, participants, plan, print, refresh, register, review,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sitzungen", get(list::list))
        .route("/sitzungen.ics", get(calendar::feed))
        .route("/sitzungen/neu", get(plan::new_form).post(plan::create))
        .route(
            "/sitzungen/serie",
            get(plan::series_form).post(plan::create_series),
        )
        .route("/sitzungen/beschluesse", get(register::register))
        .route(
            "/sitzungen/kalender",
            get(calendar::calendar_page).post(calendar::renew_token),
        )
        .route("/sitzungen/kalender/erneuern", get(calendar::confirm_renew))
        .route(
            "/sitzungen/aufgaben/{id}/erledigt",
            post(minutes::task_done),
        )
        .route("/sitzungen/{id}", get(meeting::show))
        .route("/sitzungen/{id}/einladung", get(print::invitation))
        .route("/sitzungen/{id}/niederschrift", get(print::minutes_print))
        .route("/sitzungen/{id}/status", post(meeting::set_state))
        .route("/sitzungen/{id}/verlegen", post(meeting::move_date))
        .route(
            "/sitzungen/{id}/teilnehmende",
            post(participants::add_participant),
        )
        .route(
            "/sitzungen/{id}/anwesenheit",
            post(participants::attendance),
        )
        .route(
            "/sitzungen/{id}/protokoll-genehmigen",
            post(minutes::approve_previous),
        )
        .route("/sitzungen/{id}/entwurf", post(agenda::draft_agenda))
        .route(
            "/sitzungen/{id}/entwurf/aktualisieren",
            get(refresh::preview).post(refresh::update),
        )
        .route("/sitzungen/{id}/freigabe", post(review::release))
        .route("/sitzungen/{id}/tops", post(agenda::add_item))
        .route(
            "/sitzungen/{id}/tops/{top}",
            get(meeting::show_item).post(agenda::edit_item),
        )
        .route(
            "/sitzungen/{id}/tops/{top}/verschieben",
            post(agenda::move_item),
        )
        .route(
            "/sitzungen/{id}/tops/{top}/loeschen",
            get(agenda::confirm_delete).post(agenda::delete_item),
        )
        .route(
            "/sitzungen/{id}/tops/{top}/kommentar",
            post(review::comment),
        )
        .route(
            "/sitzungen/{id}/tops/{top}/protokoll",
            post(minutes::minutes),
        )
        .route(
            "/sitzungen/{id}/tops/{top}/beschluss",
            post(minutes::decision),
        )
        .route("/sitzungen/{id}/tops/{top}/aufgabe", post(minutes::task))
}
