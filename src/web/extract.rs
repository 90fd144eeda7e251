//! Authorisation as types: a handler that takes `Require<Editors>` cannot run for a
//! role outside that policy (policies: `crate::auth::policy`). Anonymous visitors are
//! sent to the login page. Also the session extractor and the post-login target check.

use std::marker::PhantomData;

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::Method;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::AppError;
use super::layout::remember_session;
use super::paths;
use crate::auth::policy::Policy;
use crate::auth::session::{self, Session};

/// The session of a user whose role the policy `P` allows.
pub struct Require<P: Policy>(pub Session, PhantomData<P>);

impl<P: Policy> std::ops::Deref for Require<P> {
    type Target = Session;
    fn deref(&self) -> &Session {
        &self.0
    }
}

pub enum AuthRejection {
    Login { next: Option<String> },
    Forbidden,
    Internal(AppError),
}

impl IntoResponse for AuthRejection {
    fn into_response(self) -> Response {
        match self {
            AuthRejection::Login { next } => match next {
                Some(n) => paths::login_then(&n),
                None => paths::login(),
            }
            .into_response(),
            AuthRejection::Forbidden => AppError::Forbidden.into_response(),
            AuthRejection::Internal(e) => e.into_response(),
        }
    }
}

async fn lookup(parts: &mut Parts, state: &AppState) -> Result<Option<Session>, AuthRejection> {
    if let Some(s) = parts.extensions.get::<Session>() {
        return Ok(Some(s.clone()));
    }
    let Some(raw) = session::cookie_value(
        &parts.headers,
        &session::cookie_name(session::COOKIE, state.auth.secure_cookies),
    ) else {
        return Ok(None);
    };
    let found = session::load(&state.db, raw)
        .await
        .map_err(|e| AuthRejection::Internal(e.into()))?;
    if let Some(s) = &found {
        parts.extensions.insert(s.clone());
        remember_session(s);
    }
    Ok(found)
}

impl FromRequestParts<AppState> for Session {
    type Rejection = AuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match lookup(parts, state).await? {
            Some(s) => Ok(s),
            None => {
                // Only a GET target is worth returning to after login.
                let next = (parts.method == Method::GET)
                    .then(|| parts.uri.path_and_query().map(|p| p.as_str().to_string()))
                    .flatten();
                Err(AuthRejection::Login { next })
            }
        }
    }
}

impl OptionalFromRequestParts<AppState> for Session {
    type Rejection = AuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Self::Rejection> {
        lookup(parts, state).await
    }
}

impl<P: Policy> FromRequestParts<AppState> for Require<P> {
    type Rejection = AuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session =
            <Session as FromRequestParts<AppState>>::from_request_parts(parts, state).await?;
        if P::allows(session.role) {
            Ok(Require(session, PhantomData))
        } else {
            Err(AuthRejection::Forbidden)
        }
    }
}

/// Only same-origin relative paths are accepted as a post-login target; anything else
/// falls back to `/`. Only visible ASCII passes: browsers drop TAB, CR and LF inside a
/// URL (so `/\t/evil.example` would become `//evil.example`), and control characters
/// cannot go into a `Location` header. The rest is decided by a URL parser: the path,
/// resolved against our own origin, must stay on it.
pub fn safe_next(next: Option<&str>) -> &str {
    const BASE: &str = "http://sachstand.invalid/";
    let Some(n) = next else { return "/" };
    let visible_ascii = n.bytes().all(|b| (0x21..=0x7e).contains(&b));
    if !visible_ascii
        || !n.starts_with('/')
        || n.starts_with("//")
        || n.contains('\\')
        || n.starts_with("/anmelden")
    {
        return "/";
    }
    let Ok(base) = url::Url::parse(BASE) else {
        return "/";
    };
    match base.join(n) {
        Ok(target) if target.origin() == base.origin() => n,
        _ => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_only_allows_local_paths() {
        assert_eq!(
            safe_next(Some("/massnahmen?status=rot")),
            "/massnahmen?status=rot"
        );
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
        // issue 13: TAB, control characters, backslashes anywhere
        assert_eq!(safe_next(Some("/\t/evil.example")), "/");
        assert_eq!(safe_next(Some("/%09/evil.example")), "/%09/evil.example");
        assert_eq!(safe_next(Some("/\u{0}x")), "/");
        assert_eq!(safe_next(Some("/\u{b}x")), "/");
        assert_eq!(safe_next(Some("/a\\b")), "/");
        assert_eq!(safe_next(Some("/ evil")), "/");
        assert_eq!(safe_next(Some("/sitzungen/3#top")), "/sitzungen/3#top");
    }
}
