//! Budget plan (/haushalt): sums per fiscal year by field of action, kind and
//! Produkt/Sachkonto (plan vs. Ansatz vs. Ist), the four-year medium-term view, the CSV
//! export and adding/editing budget lines (optimistic locking by version).

pub mod csv;
pub mod forms;
pub mod handlers;
pub mod queries;
pub mod views;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;

pub fn router() -> Router<AppState> {
    use handlers::{lines, plan};
    Router::new()
        .route("/haushalt", get(plan::page))
        .route("/haushalt.csv", get(plan::csv))
        .route("/haushalt/zeilen", post(lines::create))
        .route(
            "/haushalt/zeilen/{id}",
            get(lines::edit_form).post(lines::update),
        )
}
