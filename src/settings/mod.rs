//! Settings of the city: the letterhead of its council documents (city, head of the
//! administration, issuing unit, Vorlage type) at `/verwaltung/briefkopf`, edited by an
//! admin. A report copies the letterhead into its snapshot at release, so a released
//! Vorlage keeps the letterhead it was issued with. Also whether the public transparency
//! page is published, under which open-data licence, with which intro
//! (`/verwaltung/transparenz`).

pub mod forms;
pub mod handlers;
pub mod queries;

use axum::Router;
use axum::routing::get;

use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/verwaltung/briefkopf",
            get(handlers::letterhead::show).post(handlers::letterhead::save),
        )
        .route(
            "/verwaltung/transparenz",
            get(handlers::transparency::show).post(handlers::transparency::save),
        )
}
