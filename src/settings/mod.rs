//! Settings of the city: the letterhead of its council documents (city, head of the
//! administration, issuing unit, Vorlage type) at `/verwaltung/briefkopf`, edited by an
//! admin. A report copies the letterhead into its snapshot at release, so a released
//! Vorlage keeps the letterhead it was issued with.

pub mod forms;
pub mod handlers;
pub mod queries;

use axum::Router;
use axum::routing::get;

use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/verwaltung/briefkopf",
        get(handlers::show).post(handlers::save),
    )
}
