//! The application's own pages outside any feature: health, the accessibility
//! statement, static files and the 404 for unknown paths.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::AppState;
use super::error::AppError;
use super::layout::{Layout, render};
use crate::auth::Session;

#[derive(Template)]
#[template(path = "accessibility.html")]
struct AccessibilityPage {
    layout: Layout,
}

async fn accessibility(session: Option<Session>) -> Response {
    render(&AccessibilityPage {
        layout: Layout::new("Erklärung zur Barrierefreiheit", session.as_ref(), ""),
    })
}

async fn healthz(State(state): State<AppState>) -> Response {
    if state.db.ping().await {
        (StatusCode::OK, "ok").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "Datenbank antwortet nicht").into_response()
    }
}

/// Unknown paths: 404, with the navigation when someone is signed in.
async fn not_found(_session: Option<Session>) -> AppError {
    AppError::NotFound
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/barrierefreiheit", get(accessibility))
        .nest_service(
            "/static",
            tower_http::services::ServeDir::new(static_dir())
                // a directory (`/static/.`, `/static/css`) is no file: 404, never a redirect
                .append_index_html_on_directories(false)
                .fallback(tower::service_fn(|_req| async {
                    Ok::<_, std::convert::Infallible>(AppError::NotFound.into_response())
                })),
        )
        .fallback(not_found)
}

/// The static folder next to the crate (for `cargo run`) or next to the binary.
fn static_dir() -> std::path::PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static");
    if manifest.is_dir() {
        return manifest;
    }
    std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("static")))
        .unwrap_or_else(|| "static".into())
}
