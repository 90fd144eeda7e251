//! The start page: where the programme stands at a glance.

pub mod handlers;
pub mod queries;
pub mod views;

use axum::Router;
use axum::routing::get;

use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(handlers::overview))
}
