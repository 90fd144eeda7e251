//! CSRF protection for every form post: a synchronizer token stored with the session
//! (or, before login, a double-submit cookie) must come back in the field `csrf_token`.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

use super::AppState;
use super::error::AppError;
use crate::auth::session::{Session, cookie_value};

/// Cookie that carries the login form's token before there is a session.
pub const PRE_LOGIN_COOKIE: &str = "sachstand_csrf";

/// A url-encoded form whose CSRF token has been checked.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let expected = req
            .extensions()
            .get::<Session>()
            .map(|s| s.csrf_token.clone())
            .or_else(|| cookie_value(req.headers(), PRE_LOGIN_COOKIE).map(str::to_string));
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&bytes).map_err(|_| AppError::Csrf.into_response())?;
        let mut tokens = pairs.iter().filter(|(k, _)| k == "csrf_token");
        let valid = match (expected, tokens.next(), tokens.next()) {
            (Some(expected), Some((_, given)), None) if !expected.is_empty() => {
                bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
            }
            _ => false,
        };
        if !valid {
            return Err(AppError::Csrf.into_response());
        }
        serde_urlencoded::from_bytes(&bytes).map(CsrfForm).map_err(|_| {
            AppError::BadRequest(
                "Die Formulardaten sind ungültig (zum Beispiel ein doppelt gesendetes Feld). Bitte laden Sie das Formular neu."
                    .into(),
            )
            .into_response()
        })
    }
}

/// A form without fields of its own (logout, archive, …).
#[derive(serde::Deserialize)]
pub struct NoFields {}
