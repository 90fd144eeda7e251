//! Capacity realism (/kapazitaet): planned effort of the measures a unit leads against the
//! person-days it can give per half-year; capacities are editable by admin and AG. The
//! load preview of the measure form lives here too (`preview`, no HTTP).

pub mod forms;
pub mod handlers;
pub mod preview;
pub mod queries;
pub mod views;

use axum::Router;
use axum::routing::get;

use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/kapazitaet", get(handlers::page).post(handlers::save))
}
