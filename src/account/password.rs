//! Password change (ends all other sessions) and
//! extending the session before the idle timeout.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::audit::{self, Action, Entity};
use crate::auth::accounts as users;
use crate::auth::password::{blocking, check_policy, hash_password, verify_password};
use crate::auth::{AnyUser, session};
use crate::domain::dates::now_utc;
use crate::domain::validation::FieldErrors;
use crate::web::extract::safe_next;
use crate::web::{AppResult, AppState, CsrfForm, Flash, FlashQuery, Href, Layout, Require};
use crate::web::{form, paths, render};

#[derive(Template)]
#[template(path = "account/password.html")]
struct PasswordPage {
    layout: Layout,
    errors: FieldErrors,
    /// The password was set by someone else and must be replaced now.
    required: bool,
    /// A directory or SSO account: its password is the city's, not Sachstand's.
    external: bool,
}

pub async fn show(user: Require<AnyUser>, Query(q): Query<FlashQuery>) -> Response {
    render(&PasswordPage {
        layout: Layout::new("Passwort ändern", Some(&user), "").with_flash(q.flash()),
        errors: FieldErrors::default(),
        required: user.must_change_password,
        external: user.external,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    current: String,
    new_password: String,
    repeat: String,
}

pub async fn change(
    State(state): State<AppState>,
    user: Require<AnyUser>,
    CsrfForm(input): CsrfForm<PasswordForm>,
) -> AppResult<Response> {
    if user.external {
        // The form is not shown to these accounts; a hand-made request changes nothing.
        let page = PasswordPage {
            layout: Layout::new("Passwort ändern", Some(&user), ""),
            errors: FieldErrors::default(),
            required: false,
            external: true,
        };
        return Ok(crate::web::render_page(
            axum::http::StatusCode::FORBIDDEN,
            &page,
        ));
    }
    let mut e = FieldErrors::default();
    let stored = users::password_hash(&state.db.read, user.user_id)
        .await?
        .unwrap_or_default();
    let (current, new) = (input.current.clone(), input.new_password.clone());
    let (current_ok, new_hash) = blocking(move || {
        let ok = verify_password(&current, &stored);
        let hash = if ok && check_policy(&new).is_ok() {
            Some(hash_password(&new))
        } else {
            None
        };
        (ok, hash)
    })
    .await?;
    if !current_ok {
        e.add("current", "Das bisherige Passwort ist nicht korrekt.");
    }
    if let Err(msg) = check_policy(&input.new_password) {
        e.add("new_password", msg);
    }
    if user.must_change_password && current_ok && input.new_password == input.current {
        e.add(
            "new_password",
            "Bitte wählen Sie ein neues Passwort, das sich vom bisherigen unterscheidet.",
        );
    }
    if input.new_password != input.repeat {
        e.add(
            "repeat",
            "Die Wiederholung stimmt nicht mit dem neuen Passwort überein.",
        );
    }
    let hash = match new_hash {
        Some(h) if e.is_empty() => h?,
        _ => {
            let page = PasswordPage {
                layout: Layout::new("Passwort ändern", Some(&user), "").with_errors(true),
                errors: e,
                required: user.must_change_password,
                external: false,
            };
            return form::invalid(&page);
        }
    };
    let mut tx = state.db.begin_write().await?;
    users::set_password(&mut tx, user.user_id, &hash, &now_utc(), false).await?;
    session::delete_all_of_user_except(&mut tx, user.user_id, &user.id_hash).await?;
    let mut entry = audit::Entry::new(
        Action::PasswortAendern,
        Entity::Benutzer,
        Some(user.user_id),
    );
    entry = if user.must_change_password {
        entry
            .before(json!({"must_change_password": true}))
            .after(json!({"must_change_password": false, "andere_sitzungen_beendet": true}))
    } else {
        entry.after(json!({"andere_sitzungen_beendet": true}))
    };
    audit::record(&mut tx, &user.actor(), entry).await?;
    tx.commit().await?;
    Ok(paths::password().flash(Flash::Passwort).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExtendForm {
    next: String,
}

/// "Sitzung verlängern": the session was touched by loading it; answer where to go on.
pub async fn extend(
    State(state): State<AppState>,
    user: Require<AnyUser>,
    CsrfForm(form): CsrfForm<ExtendForm>,
) -> AppResult<Response> {
    session::touch(&state.db, &user.id_hash).await?;
    Ok(Href::checked(safe_next(Some(&form.next))).into_response())
}
