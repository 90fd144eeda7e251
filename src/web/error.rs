//! The one error type of request handlers: German error pages, 4xx for the user's
//! mistakes, 500 with an incident id (also logged) for ours.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::layout::{ErrorPage, render_page};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("csrf")]
    Csrf,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("unsupported form encoding")]
    UnsupportedForm,
    #[error("busy")]
    Busy { retry_after_secs: u64 },
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// The database cannot be reached right now (restart, network, pool exhausted).
    #[error("database unavailable: {0}")]
    DatabaseUnavailable(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        if database_unavailable(&e) {
            return AppError::DatabaseUnavailable(e.to_string());
        }
        if control_character_refused(&e) {
            return AppError::BadRequest(
                "Die Eingabe enthält ein unzulässiges Steuerzeichen (etwa ein Nullzeichen). Bitte entfernen Sie es und versuchen Sie es erneut."
                    .to_string(),
            );
        }
        AppError::Internal(e.into())
    }
}

/// Errors that say "the database is away", not "the query is wrong": no connection in
/// time, a broken connection, or PostgreSQL shutting down or starting up (SQLSTATE
/// class 08 and 57P01–57P03).
fn database_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => true,
        sqlx::Error::Tls(_) | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(d) => d
            .code()
            .is_some_and(|c| c.starts_with("08") || matches!(&*c, "57P01" | "57P02" | "57P03")),
        _ => false,
    }
}

/// PostgreSQL refuses a NUL character in text (SQLSTATE 22021) and in JSON (22P05); SQLite
/// stores it. Input that carries one is the user's mistake, not the server's.
fn control_character_refused(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.code().is_some_and(|c| matches!(&*c, "22021" | "22P05")))
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(e.into())
    }
}

pub type AppResult<T> = Result<T, AppError>;

pub use super::layout::incident_id;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, heading, message, incident) = match &self {
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                "Seite nicht gefunden",
                "Die angeforderte Seite gibt es nicht (mehr). Bitte prüfen Sie die Adresse.".to_string(),
                None,
            ),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                "Keine Berechtigung",
                "Für diese Aktion fehlt Ihrer Rolle die Berechtigung.".to_string(),
                None,
            ),
            AppError::Csrf => (
                StatusCode::FORBIDDEN,
                "Formular abgelaufen",
                "Das Formular ist abgelaufen oder stammt nicht von dieser Anwendung. Bitte laden Sie die Seite neu und senden Sie es erneut.".to_string(),
                None,
            ),
            AppError::UnsupportedForm => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Ungültige Anfrage",
                "Das Formular wurde in einer unbekannten Form gesendet. Bitte senden Sie es aus der Anwendung heraus erneut.".to_string(),
                None,
            ),
            AppError::Busy { .. } => (
                StatusCode::SERVICE_UNAVAILABLE,
                "Gerade ausgelastet",
                "Es werden gerade viele PDF-Dateien erzeugt. Bitte versuchen Sie es in einigen Sekunden erneut.".to_string(),
                None,
            ),
            AppError::BadRequest(msg) => (
                StatusCode::BAD_REQUEST,
                "Ungültige Anfrage",
                msg.clone(),
                None,
            ),
            AppError::TooManyRequests { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "Zu viele Versuche",
                "Zu viele Anmeldeversuche. Bitte warten Sie eine Minute und versuchen Sie es dann erneut.".to_string(),
                None,
            ),
            AppError::DatabaseUnavailable(err) => {
                tracing::warn!(error = %err, "Datenbank nicht erreichbar");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "Datenbank nicht erreichbar",
                    "Die Datenbank ist gerade nicht erreichbar. Ihre Eingaben wurden nicht gespeichert. Bitte versuchen Sie es in einigen Sekunden erneut.".to_string(),
                    None,
                )
            }
            AppError::Internal(err) => {
                let id = incident_id();
                tracing::error!(incident = %id, error = ?err, "interner Fehler");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Interner Fehler",
                    "Es ist ein unerwarteter Fehler aufgetreten. Bitte versuchen Sie es später erneut und nennen Sie bei Rückfragen die Vorfallsnummer.".to_string(),
                    Some(id),
                )
            }
        };
        let mut response = render_page(status, &ErrorPage::new(heading, &message, incident));
        if let AppError::TooManyRequests { retry_after_secs } | AppError::Busy { retry_after_secs } =
            self
            && let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        if matches!(self, AppError::DatabaseUnavailable(_)) {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}
