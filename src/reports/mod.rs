//! The half-yearly status report to the Finanz- und Verwaltungsausschuss: drafts
//! rendered live as of the Stichtag, a status request round, release by Leitung into
//! an immutable snapshot (HTML, PDF, data), CSV, corrections and comparison.

pub mod csv;
pub mod forms;
pub mod handlers;
pub mod pdf;
pub mod queries;
pub mod snapshot;
pub mod views;

use axum::Router;
use axum::routing::{get, post};

use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/berichte", get(handlers::list))
        .route(
            "/berichte/neu",
            get(handlers::new_form).post(handlers::create),
        )
        // `{id}`, `{id}.pdf` and `{id}.csv` (the router has no suffix patterns)
        .route("/berichte/{id}", get(handlers::show))
        .route(
            "/berichte/{id}/bearbeiten",
            get(handlers::edit_form).post(handlers::update),
        )
        .route("/berichte/{id}/abfrage", post(handlers::start_request))
        .route("/berichte/{id}/freigeben", post(handlers::release))
        .route("/berichte/{id}/berichtigen", post(handlers::correct))
        .route("/berichte/{id}/vergleich/{other}", get(handlers::compare))
}
