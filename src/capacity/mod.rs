//! Capacity realism (/kapazitaet): planned effort of the measures a unit leads against the
//! person-days it can give per half-year; capacities are editable by admin and AG.

pub mod handlers;
pub mod queries;

use axum::Router;
use axum::routing::get;

use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/kapazitaet", get(handlers::page).post(handlers::save))
}
