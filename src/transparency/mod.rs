//! The public transparency page `/transparenz` (no login; an admin switches it on at
//! `/verwaltung/transparenz`): the programme by field of action with the measures the AG
//! marked public, charts with text, a page per measure, the released reports (HTML, PDF,
//! DOCX as frozen at release), their Atom feed, and the public data as CSV and JSON under
//! the admin's open-data licence. Everything is read through `lookups::public` and
//! `lookups::transparency`; the answers are cacheable (`web::public_cache`) and set no
//! cookie. `lib.rs` wraps this router in the per-client limit (`web::public_limit`).

pub mod data;
pub mod feed;
pub mod handlers;
pub mod views;

use axum::Router;
use axum::routing::get;

use crate::web::AppState;

/// The public routes, answering with `ETag` and `Cache-Control: public`.
pub fn router() -> Router<AppState> {
    crate::web::public_cache::layer(routes())
}

fn routes() -> Router<AppState> {
    Router::new()
        .route("/transparenz", get(handlers::index))
        .route("/transparenz/massnahmen/{id}", get(handlers::measure))
        .route("/transparenz/berichte/{id}", get(handlers::report))
        .route("/transparenz/berichte.atom", get(handlers::atom))
        .route("/transparenz/daten.csv", get(handlers::data_csv))
        .route("/transparenz/daten.json", get(handlers::data_json))
}
