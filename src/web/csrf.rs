//! CSRF protection for every form post: a synchronizer token stored with the session
//! (or, before login, a double-submit cookie) must come back in the field `csrf_token`.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

use super::AppState;
use super::error::AppError;
use crate::auth::session::{Session, cookie_name, cookie_value};

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
            .or_else(|| {
                cookie_value(
                    req.headers(),
                    &cookie_name(PRE_LOGIN_COOKIE, state.auth.secure_cookies),
                )
                .filter(|t| is_server_token(t))
                .map(str::to_string)
            });
        if !is_form(req.headers()) {
            return Err(AppError::UnsupportedForm.into_response());
        }
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

/// Tokens this server hands out are 256 random bits as 64 hex digits; a cookie holding
/// anything else (say, one character chosen by an attacker on a sibling domain, with the
/// same character in the form) is not a token.
fn is_server_token(t: &str) -> bool {
    t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Form posts must say they are forms (`application/x-www-form-urlencoded`).
fn is_form(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// A form without fields of its own (logout, archive, …).
#[derive(serde::Deserialize)]
pub struct NoFields {}
