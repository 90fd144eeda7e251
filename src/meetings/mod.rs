//! Meetings (Sitzungen): AG meetings every 14 days and the quarterly joint session,
//! their agendas (drafted from the data, commented and released by the Leitung),
//! minutes with decisions and tasks, print views and the iCalendar feed.

pub mod agenda;
pub mod draft;
pub mod forms;
pub mod handlers;
pub mod ics;
pub mod item;
pub mod minutes;
pub mod queries;
pub mod views;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sitzungen", get(handlers::list))
        .route("/sitzungen.ics", get(ics::feed))
        .route(
            "/sitzungen/neu",
            get(handlers::new_form).post(handlers::create),
        )
        .route(
            "/sitzungen/serie",
            get(handlers::series_form).post(handlers::create_series),
        )
        .route("/sitzungen/beschluesse", get(minutes::register))
        .route(
            "/sitzungen/kalender",
            get(ics::calendar_page).post(ics::renew_token),
        )
        .route(
            "/sitzungen/aufgaben/{id}/erledigt",
            post(minutes::task_done),
        )
        .route("/sitzungen/{id}", get(handlers::show))
        .route("/sitzungen/{id}/einladung", get(minutes::invitation))
        .route("/sitzungen/{id}/niederschrift", get(minutes::minutes_print))
        .route("/sitzungen/{id}/status", post(handlers::set_state))
        .route("/sitzungen/{id}/verlegen", post(handlers::move_date))
        .route(
            "/sitzungen/{id}/teilnehmende",
            post(handlers::add_participant),
        )
        .route("/sitzungen/{id}/anwesenheit", post(handlers::attendance))
        .route(
            "/sitzungen/{id}/protokoll-genehmigen",
            post(minutes::approve_previous),
        )
        .route("/sitzungen/{id}/entwurf", post(agenda::draft_agenda))
        .route("/sitzungen/{id}/freigabe", post(agenda::release))
        .route("/sitzungen/{id}/tops", post(agenda::add_item))
        .route(
            "/sitzungen/{id}/tops/{top}",
            get(item::show_item).post(agenda::edit_item),
        )
        .route(
            "/sitzungen/{id}/tops/{top}/verschieben",
            post(agenda::move_item),
        )
        .route(
            "/sitzungen/{id}/tops/{top}/loeschen",
            post(agenda::delete_item),
        )
        .route(
            "/sitzungen/{id}/tops/{top}/kommentar",
            post(agenda::comment),
        )
        .route("/sitzungen/{id}/tops/{top}/protokoll", post(item::minutes))
        .route("/sitzungen/{id}/tops/{top}/beschluss", post(item::decision))
        .route("/sitzungen/{id}/tops/{top}/aufgabe", post(item::task))
}
