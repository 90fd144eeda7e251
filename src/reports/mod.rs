//! The half-yearly status report to the Finanz- und Verwaltungsausschuss: drafts
//! rendered live as of the Stichtag, a status request round, release by Leitung into
//! an immutable snapshot (HTML, PDF, data), CSV, corrections and comparison.

pub mod csv;
pub mod docx;
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
    use handlers::{compare, edit, list, release, request_round, show};
    Router::new()
        .route("/berichte", get(list::list))
        .route("/berichte/neu", get(edit::new_form).post(edit::create))
        // `{id}`, `{id}.pdf`, `{id}.docx` and `{id}.csv` (the router has no suffix patterns)
        .route("/berichte/{id}", get(show::show))
        .route(
            "/berichte/{id}/bearbeiten",
            get(edit::edit_form).post(edit::update),
        )
        .route("/berichte/{id}/abfrage", post(request_round::start_request))
        .route(
            "/berichte/{id}/freigeben",
            get(release::confirm_release).post(release::release),
        )
        .route("/berichte/{id}/berichtigen", post(release::correct))
        .route("/berichte/{id}/vergleich/{other}", get(compare::compare))
}
