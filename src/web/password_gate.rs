//! An account whose password someone else set (generated, reset by an administrator or
//! from the command line) may use only the password change page until it has chosen
//! its own: every other page redirects there. Logging out stays possible.

use axum::extract::{OptionalFromRequestParts, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::paths;
use crate::auth::session::Session;

/// Paths open to such an account (and to everyone): the change page itself, logout,
/// keeping the session alive, login, static files, the health check and the
/// accessibility statement.
fn open_while_pending(path: &str) -> bool {
    matches!(
        path,
        "/konto/passwort"
            | "/abmelden"
            | "/konto/sitzung"
            | "/anmelden"
            | "/healthz"
            | "/barrierefreiheit"
    ) || path.starts_with("/static/")
}

pub async fn require_own_password(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if open_while_pending(req.uri().path()) {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    // The session found here stays in the request's extensions: the handler's own
    // extractor reuses it instead of loading it again.
    let session =
        <Session as OptionalFromRequestParts<AppState>>::from_request_parts(&mut parts, &state)
            .await;
    if let Ok(Some(s)) = session
        && s.must_change_password
    {
        return paths::password().into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}
