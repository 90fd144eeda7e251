//! Budget plan (/haushalt): sums per fiscal year by field of action, kind and
//! Produkt/Sachkonto (plan vs. Ansatz vs. Ist), the four-year medium-term view, the CSV
//! export and adding/editing budget lines (optimistic locking by version).

pub mod forms;
pub mod handlers;
pub mod queries;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/haushalt", get(handlers::page))
        .route("/haushalt.csv", get(handlers::csv))
        .route("/haushalt/zeilen", post(handlers::create))
        .route(
            "/haushalt/zeilen/{id}",
            get(handlers::edit_form).post(handlers::update),
        )
}
