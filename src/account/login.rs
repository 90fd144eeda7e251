//! Login and logout pages (the account feature; sessions and passwords are `crate::auth`).

use anyhow::Context;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::audit::{self, Actor};
use crate::audit::{Action, Entity};
use crate::auth::directory::{LdapConfig, LdapLoginError};
use crate::auth::session::{self, Session, cookie_value, set_cookie};
use crate::auth::{AnyUser, accounts, external, password};
use crate::web::AppState;
use crate::web::csrf::{CsrfForm, NoFields, PRE_LOGIN_COOKIE};
use crate::web::extract::{Require, safe_next};
use crate::web::site::ClientIp;
use crate::web::{AppError, AppResult, Flash, Href, Layout, paths, render_page};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    csrf_token: String,
    username: String,
    next: String,
    error: Option<&'static str>,
    /// Single sign-on is configured: the "Mit dem Konto der Stadt anmelden" button.
    sso: bool,
    /// The error is about what was typed (not a single sign-on failure): fields marked.
    fields_invalid: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginQuery {
    next: Option<String>,
    meldung: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    username: String,
    password: String,
    next: String,
}

const BAD_LOGIN: &str = "Benutzername oder Passwort ist falsch.";
const EMPTY_PASSWORD: &str = "Bitte geben Sie Ihr Passwort ein.";
pub(crate) const NO_ROLE: &str = "Ihr Konto der Stadt ist für Sachstand nicht freigeschaltet: Es gehört zu keiner der Gruppen, die Sachstand eine Rolle geben. Bitte wenden Sie sich an die Administration.";
const DIRECTORY_DOWN: &str = "Der Verzeichnisdienst der Stadt antwortet gerade nicht. Bitte versuchen Sie es in einigen Minuten erneut. Konten, die in Sachstand selbst angelegt sind, können sich weiterhin anmelden.";
pub(crate) const DEACTIVATED: &str =
    "Dieses Konto ist in Sachstand deaktiviert. Bitte wenden Sie sich an die Administration.";

pub(crate) fn login_page(
    status: StatusCode,
    token: &str,
    username: &str,
    next: &str,
    error: Option<&'static str>,
    flash: Option<Flash>,
    state: &AppState,
) -> Response {
    login_page_with(status, token, username, next, error, flash, state, false)
}

/// The same; `sso_error`: the message is about single sign-on, the fields stay unmarked.
#[allow(clippy::too_many_arguments)]
pub(crate) fn login_page_with(
    status: StatusCode,
    token: &str,
    username: &str,
    next: &str,
    error: Option<&'static str>,
    flash: Option<Flash>,
    state: &AppState,
    sso_error: bool,
) -> Response {
    let secure = state.auth.secure_cookies;
    let layout = Layout::new("Anmelden", None, "")
        .with_errors(error.is_some())
        .with_flash(flash);
    let mut res = render_page(
        status,
        &LoginPage {
            layout,
            csrf_token: token.to_string(),
            username: username.to_string(),
            next: next.to_string(),
            error,
            sso: state.auth.external.oidc.is_some(),
            fields_invalid: error.is_some() && !sso_error,
        },
    );
    if let Ok(v) = set_cookie(PRE_LOGIN_COOKIE, token, secure, None).parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

pub async fn show(
    State(state): State<AppState>,
    session: Option<Session>,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Response {
    let next = safe_next(q.next.as_deref()).to_string();
    if session.is_some() {
        return Href::checked(&next).into_response();
    }
    let token = cookie_value(
        &headers,
        &session::cookie_name(PRE_LOGIN_COOKIE, state.auth.secure_cookies),
    )
    .filter(|t| t.len() == 64 && t.chars().all(|c| c.is_ascii_hexdigit()))
    .map(str::to_string)
    .unwrap_or_else(session::random_token);
    login_page(
        StatusCode::OK,
        &token,
        "",
        &next,
        None,
        Flash::from_key(q.meldung.as_deref()),
        &state,
    )
}

pub async fn submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    // Loaded so that a signed-in user's form token is checked against the session, and
    // so that logging in again ends the session this browser had.
    current: Option<Session>,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> AppResult<Response> {
    // A name that cannot be an account's (empty, too long, or with control characters,
    // which no account name holds and PostgreSQL text cannot even carry) is looked up
    // nowhere: it fails as a wrong name or password does.
    let plausible =
        |name: &str| !name.is_empty() && name.len() <= 100 && !name.chars().any(char::is_control);
    if let Err(wait) = state
        .auth
        .login_throttle
        .check(&state.db, &form.username, ip)
        .await?
    {
        // `sachstand user unlock` or a password reset set the stored count to 0: the
        // account's delays are lifted (the per-address limit stays).
        let name = form.username.trim();
        if !plausible(name) || accounts::stored_failures(&state.db.read, name).await? != Some(0) {
            return Err(AppError::TooManyRequests {
                retry_after_secs: wait,
            });
        }
        state
            .auth
            .login_throttle
            .unlock(&state.db, &form.username)
            .await?;
        if let Err(wait) = state
            .auth
            .login_throttle
            .check(&state.db, &form.username, ip)
            .await?
        {
            return Err(AppError::TooManyRequests {
                retry_after_secs: wait,
            });
        }
    }
    let token = cookie_value(
        &headers,
        &session::cookie_name(PRE_LOGIN_COOKIE, state.auth.secure_cookies),
    )
    .unwrap_or_default()
    .to_string();
    let username = form.username.trim().to_string();
    let next = safe_next(Some(&form.next)).to_string();

    let account = if !plausible(&username) {
        None
    } else {
        accounts::active_account(&state.db.read, &username).await?
    };
    // Not a local account: the city's directory, when one is configured. Local accounts
    // come first, so a local administrator gets in while the directory is down.
    if account.is_none()
        && plausible(&username)
        && let Some(ldap) = state.auth.external.ldap.clone()
    {
        return directory_login(
            &state,
            ip,
            current,
            &token,
            &username,
            &form.password,
            &next,
            &ldap,
        )
        .await;
    }

    let hash = account
        .as_ref()
        .map(|a| a.password_hash.clone())
        .unwrap_or_else(|| crate::auth::DUMMY_HASH.to_string());
    let pw = form.password.clone();
    let _permit = state
        .auth
        .hash_permits
        .acquire()
        .await
        .context("Argon2-Semaphore geschlossen")?;
    let verified = password::blocking(move || {
        pw.chars().count() <= password::MAX_LEN && password::verify_password(&pw, &hash)
    })
    .await?;

    let failed_id = account.as_ref().filter(|_| !verified).map(|a| a.id);
    let Some(account) = account.filter(|_| verified) else {
        if let Some(id) = failed_id {
            accounts::count_failure(&state.db.write, id).await?;
        }
        state
            .auth
            .login_throttle
            .record_failure(&state.db, &username, ip)
            .await?;
        tracing::info!(%ip, "Anmeldung fehlgeschlagen");
        return Ok(login_page(
            StatusCode::UNAUTHORIZED,
            &token,
            &username,
            &next,
            Some(BAD_LOGIN),
            None,
            &state,
        ));
    };

    let mut tx = state.db.begin_write().await?;
    if let Some(old) = &current {
        // A new login in this browser replaces its session: the old one ends on the server.
        session::delete(&mut tx, &old.id_hash).await?;
    }
    let raw = session::create(&mut tx, account.id).await?;
    record_login(&mut tx, account.id, &account.username, account.role).await?;
    tx.commit().await?;
    state
        .auth
        .login_throttle
        .record_success(&state.db, &username, ip)
        .await?;

    // A password someone else set must be replaced first (`web::password_gate`).
    let target = if account.must_change_password {
        paths::password()
    } else {
        Href::checked(&next)
    };
    Ok(signed_in(&state, target, &raw))
}

async fn record_login(
    conn: &mut crate::db::Conn,
    id: i64,
    username: &str,
    role: crate::domain::Role,
) -> AppResult<()> {
    let actor = Actor {
        id: Some(id),
        name: username.to_string(),
        role: role.key().to_string(),
    };
    audit::record(
        conn,
        &actor,
        audit::Entry::new(Action::Anmelden, Entity::Sitzung, Some(id)),
    )
    .await?;
    Ok(())
}

/// The redirect after a login, with the session cookie set and the pre-login one ended.
pub(crate) fn signed_in(state: &AppState, target: Href, raw: &str) -> Response {
    let mut res = target.into_response();
    let h = res.headers_mut();
    if let Ok(v) = set_cookie(session::COOKIE, raw, state.auth.secure_cookies, None).parse() {
        h.append(header::SET_COOKIE, v);
    }
    if let Ok(v) = set_cookie(PRE_LOGIN_COOKIE, "", state.auth.secure_cookies, Some(0)).parse() {
        h.append(header::SET_COOKIE, v);
    }
    res
}

/// Signs in a confirmed directory or SSO identity: creates or updates the account
/// (role re-read, person linked by e-mail) and starts a session of bounded lifetime.
/// `Err(page)` when the account is deactivated in Sachstand.
pub(crate) async fn sign_in_external(
    state: &AppState,
    current: Option<&Session>,
    who: &external::Identity,
) -> AppResult<Result<String, ()>> {
    let mut tx = state.db.begin_write().await?;
    let Some(account) = external::sign_in(&mut tx, who).await? else {
        tx.commit().await?;
        return Ok(Err(()));
    };
    if let Some(old) = current {
        session::delete(&mut tx, &old.id_hash).await?;
    }
    let raw = session::create_bounded(
        &mut tx,
        account.id,
        Some(state.auth.external.session_lifetime),
    )
    .await?;
    record_login(&mut tx, account.id, &account.username, account.role).await?;
    tx.commit().await?;
    Ok(Ok(raw))
}

/// Ends the sessions of the account an identity had (it lost its role in the directory).
pub(crate) async fn end_sessions_of(
    state: &AppState,
    source: external::Source,
    external_id: &str,
) -> AppResult<()> {
    let mut tx = state.db.begin_write().await?;
    if let Some(id) = external::known_account(&mut tx, source, external_id).await? {
        session::delete_all_of_user(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn directory_login(
    state: &AppState,
    ip: std::net::IpAddr,
    current: Option<Session>,
    token: &str,
    username: &str,
    password: &str,
    next: &str,
    ldap: &LdapConfig,
) -> AppResult<Response> {
    let page = |status, msg| login_page(status, token, username, next, Some(msg), None, state);
    if password.chars().count() > password::MAX_LEN {
        state
            .auth
            .login_throttle
            .record_failure(&state.db, username, ip)
            .await?;
        return Ok(page(StatusCode::UNAUTHORIZED, BAD_LOGIN));
    }
    let user = match ldap.authenticate(username, password).await {
        Ok(u) => u,
        Err(LdapLoginError::EmptyPassword) => {
            return Ok(page(StatusCode::UNPROCESSABLE_ENTITY, EMPTY_PASSWORD));
        }
        Err(LdapLoginError::BadCredentials) => {
            state
                .auth
                .login_throttle
                .record_failure(&state.db, username, ip)
                .await?;
            tracing::info!(%ip, "Anmeldung am Verzeichnis fehlgeschlagen");
            return Ok(page(StatusCode::UNAUTHORIZED, BAD_LOGIN));
        }
        Err(LdapLoginError::NoRole(dn)) => {
            end_sessions_of(state, external::Source::Ldap, &dn).await?;
            tracing::info!(%ip, %dn, "Verzeichniskonto ohne Sachstand-Gruppe abgewiesen");
            return Ok(page(StatusCode::FORBIDDEN, NO_ROLE));
        }
        Err(LdapLoginError::Unavailable(why)) => {
            tracing::warn!(%why, "Verzeichnisdienst nicht verfügbar");
            return Ok(page(StatusCode::UNAUTHORIZED, DIRECTORY_DOWN));
        }
    };
    let who = external::Identity {
        source: external::Source::Ldap,
        external_id: user.dn,
        login: username.to_string(),
        email: user.email,
        display_name: user.display_name,
        role: user.role,
    };
    let Ok(raw) = sign_in_external(state, current.as_ref(), &who).await? else {
        return Ok(page(StatusCode::FORBIDDEN, DEACTIVATED));
    };
    state
        .auth
        .login_throttle
        .record_success(&state.db, username, ip)
        .await?;
    Ok(signed_in(state, Href::checked(next), &raw))
}

pub async fn logout(
    State(state): State<AppState>,
    user: Require<AnyUser>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    session::delete(&mut tx, &user.id_hash).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::Abmelden, Entity::Sitzung, Some(user.user_id)),
    )
    .await?;
    tx.commit().await?;
    let mut res = paths::login().flash(Flash::Abgemeldet).into_response();
    if let Ok(v) = set_cookie(session::COOKIE, "", state.auth.secure_cookies, Some(0)).parse() {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}
