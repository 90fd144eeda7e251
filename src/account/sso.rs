//! Single sign-on pages: the start (redirect to the identity provider) and the callback.
//! Every failure shows the login page with a German message and starts no session.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::login::{
    DEACTIVATED, NO_ROLE, end_sessions_of, login_page_with, sign_in_external, signed_in,
};
use crate::auth::external;
use crate::auth::oidc::{self, OidcError};
use crate::auth::session::{self, Session, cookie_value, set_cookie};
use crate::web::csrf::PRE_LOGIN_COOKIE;
use crate::web::extract::safe_next;
use crate::web::{AppError, AppResult, AppState, Href};

/// The browser's half of a login under way: the `state` it must bring back.
pub const FLOW_COOKIE: &str = "sachstand_sso";

const SSO_DOWN: &str = "Die Anmeldeseite der Stadt ist gerade nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut oder melden Sie sich mit Benutzername und Passwort an.";
const SSO_DENIED: &str = "Die Anmeldung mit dem Konto der Stadt wurde abgebrochen oder abgelehnt. Sie sind nicht angemeldet.";
const SSO_INVALID: &str = "Die Anmeldung mit dem Konto der Stadt ließ sich nicht bestätigen (abgelaufen, schon verwendet oder verändert). Bitte starten Sie die Anmeldung erneut.";

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StartQuery {
    next: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

fn pre_login_token(state: &AppState, headers: &HeaderMap) -> String {
    cookie_value(
        headers,
        &session::cookie_name(PRE_LOGIN_COOKIE, state.auth.secure_cookies),
    )
    .filter(|t| t.len() == 64 && t.chars().all(|c| c.is_ascii_hexdigit()))
    .map(str::to_string)
    .unwrap_or_else(session::random_token)
}

/// The login page with a message, and the flow cookie ended.
fn failed(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    msg: &'static str,
) -> Response {
    let token = pre_login_token(state, headers);
    let mut res = login_page_with(status, &token, "", "/", Some(msg), None, state, true);
    if let Ok(v) = set_cookie(FLOW_COOKIE, "", state.auth.secure_cookies, Some(0)).parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

pub async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<StartQuery>,
) -> AppResult<Response> {
    let Some(oidc) = state.auth.external.oidc.clone() else {
        return Err(AppError::NotFound);
    };
    let next = safe_next(q.next.as_deref()).to_string();
    let started = match oidc.start().await {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(error = ?e, "Single Sign-on nicht verfügbar");
            return Ok(failed(&state, &headers, StatusCode::UNAUTHORIZED, SSO_DOWN));
        }
    };
    let mut tx = state.db.begin_write().await?;
    oidc::save_flow(&mut tx, &started, &next).await?;
    tx.commit().await?;
    let mut res = (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, started.url.clone())],
    )
        .into_response();
    let max_age = oidc::FLOW_LIFETIME.num_seconds();
    if let Ok(v) = set_cookie(
        FLOW_COOKIE,
        &started.state,
        state.auth.secure_cookies,
        Some(max_age),
    )
    .parse()
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

pub async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    current: Option<Session>,
    Query(q): Query<CallbackQuery>,
) -> AppResult<Response> {
    let Some(oidc) = state.auth.external.oidc.clone() else {
        return Err(AppError::NotFound);
    };
    let cookie = cookie_value(
        &headers,
        &session::cookie_name(FLOW_COOKIE, state.auth.secure_cookies),
    )
    .map(str::to_string);
    // The flow is used up whatever happens next.
    let flow = match q
        .state
        .as_deref()
        .filter(|s| !s.is_empty() && s.len() <= 200)
    {
        Some(s) => {
            let mut tx = state.db.begin_write().await?;
            let flow = oidc::take_flow(&mut tx, s).await?;
            tx.commit().await?;
            flow
        }
        None => None,
    };
    if let Some(err) = q.error.as_deref() {
        tracing::info!(error = %err.chars().take(100).collect::<String>(), "Anmeldeseite der Stadt meldet einen Fehler");
        return Ok(failed(
            &state,
            &headers,
            StatusCode::UNAUTHORIZED,
            SSO_DENIED,
        ));
    }
    // The state must be the one this browser started with (no login CSRF) and still open.
    let state_matches = matches!((&cookie, &q.state), (Some(c), Some(s)) if c == s);
    let (Some(flow), true, Some(code)) = (flow, state_matches, q.code.as_deref()) else {
        tracing::info!("Rückruf der Anmeldeseite ohne passenden Vorgang abgewiesen");
        return Ok(failed(
            &state,
            &headers,
            StatusCode::BAD_REQUEST,
            SSO_INVALID,
        ));
    };
    let user = match oidc.finish(code, &flow.nonce, &flow.pkce_verifier).await {
        Ok(u) => u,
        Err(OidcError::Rejected(why)) => {
            tracing::warn!(%why, "Antwort der Anmeldeseite abgewiesen");
            return Ok(failed(
                &state,
                &headers,
                StatusCode::BAD_REQUEST,
                SSO_INVALID,
            ));
        }
        Err(OidcError::Unavailable(why)) => {
            tracing::warn!(%why, "Single Sign-on nicht verfügbar");
            return Ok(failed(&state, &headers, StatusCode::UNAUTHORIZED, SSO_DOWN));
        }
        Err(OidcError::NoRole(id)) => {
            end_sessions_of(&state, external::Source::Oidc, &id).await?;
            return Ok(failed(&state, &headers, StatusCode::FORBIDDEN, NO_ROLE));
        }
    };
    let who = external::Identity {
        source: external::Source::Oidc,
        external_id: user.external_id,
        login: user.login,
        email: user.email,
        display_name: user.display_name,
        role: user.role,
    };
    let Ok(raw) = sign_in_external(&state, current.as_ref(), &who).await? else {
        return Ok(failed(&state, &headers, StatusCode::FORBIDDEN, DEACTIVATED));
    };
    let mut res = signed_in(&state, Href::checked(safe_next(Some(&flow.next))), &raw);
    if let Ok(v) = set_cookie(FLOW_COOKIE, "", state.auth.secure_cookies, Some(0)).parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}
