//! /verwaltung/benutzer — user accounts: create, change role (with re-authentication),
//! activate/deactivate, reset the password.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::admin::forms::{ActiveForm, NewUserForm, RoleForm, new_user_json};
use crate::admin::views::UserView;
use crate::audit::{self, Action, Entity};
use crate::auth::accounts;
use crate::auth::password::verify_password;
use crate::auth::password::{blocking, check_policy, generate_password, hash_password};
use crate::auth::session::{delete_all_of_user, revoke_calendar_token};
use crate::auth::{Admins, Session};
use crate::domain::Role;
use crate::domain::dates::now_utc;
use crate::domain::validation::FieldErrors;
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, FlashQuery, Layout, NoFields};
use crate::web::{Require, form, paths, render};

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    layout: Layout,
    users: Vec<UserView>,
    roles: &'static [Role],
    form: NewUserForm,
    errors: FieldErrors,
    /// (user id, message) for an error at one user's row.
    row_error: Option<(i64, String)>,
    /// Shown once after creating an account or resetting a password.
    new_password: Option<(String, String)>,
}

/// What the page shows besides the list: the new-user form (blank unless given), its
/// errors, an error at one row, a password shown once, a success message.
#[derive(Default)]
struct Shown {
    form: Option<NewUserForm>,
    errors: FieldErrors,
    row_error: Option<(i64, String)>,
    new_password: Option<(String, String)>,
    flash: Option<Flash>,
}

async fn users_page(state: &AppState, user: &Session, shown: Shown) -> AppResult<UsersPage> {
    let users = accounts::users(&state.db.read)
        .await?
        .into_iter()
        .map(|u| UserView::new(u, user.user_id))
        .collect();
    Ok(UsersPage {
        layout: Layout::new("Benutzerverwaltung", Some(user), "verwaltung")
            .with_errors(!shown.errors.is_empty() || shown.row_error.is_some())
            .with_flash(shown.flash),
        users,
        roles: Role::ALL,
        form: shown.form.unwrap_or_else(NewUserForm::blank),
        errors: shown.errors,
        row_error: shown.row_error,
        new_password: shown.new_password,
    })
}

pub async fn users(
    State(state): State<AppState>,
    user: Require<Admins>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let shown = Shown {
        flash: q.flash(),
        ..Shown::default()
    };
    Ok(render(&users_page(&state, &user, shown).await?))
}

pub async fn create_user(
    State(state): State<AppState>,
    user: Require<Admins>,
    CsrfForm(typed): CsrfForm<NewUserForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let new = typed.parse(&mut e);
    let generated = typed.password.is_empty();
    let password = if generated {
        generate_password()
    } else {
        typed.password.clone()
    };
    if let Err(msg) = check_policy(&password) {
        e.add("password", msg);
    }
    let mut tx = state.db.begin_write().await?;
    if e.get("username").is_none() && accounts::username_taken(&mut tx, &new.username).await? {
        e.add("username", "Dieser Benutzername ist bereits vergeben.");
    }
    let Some(role) = new.role.filter(|_| e.is_empty()) else {
        drop(tx);
        let mut kept = typed;
        kept.password.clear();
        let shown = Shown {
            form: Some(kept),
            errors: e,
            ..Shown::default()
        };
        return form::invalid(&users_page(&state, &user, shown).await?);
    };
    let (hash, password) =
        blocking(move || hash_password(&password).map(|h| (h, password))).await??;
    let (username, display_name) = (new.username, new.display_name);
    let id =
        accounts::insert_user(&mut tx, &username, &display_name, role, &hash, &now_utc()).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::BenutzerAnlegen, Entity::Benutzer, Some(id))
            .after(new_user_json(&username, &display_name, role)),
    )
    .await?;
    tx.commit().await?;
    let shown = Shown {
        new_password: generated.then_some((username, password)),
        flash: Some(Flash::BenutzerAngelegt),
        ..Shown::default()
    };
    Ok(render(&users_page(&state, &user, shown).await?))
}

/// The page again with an error at one user's row (422).
async fn reject_row(state: &AppState, user: &Session, id: i64, msg: &str) -> AppResult<Response> {
    let shown = Shown {
        row_error: Some((id, msg.to_string())),
        ..Shown::default()
    };
    form::invalid(&users_page(state, user, shown).await?)
}

/// Role changes need the administrator's own password again (re-authentication).
pub async fn change_role(
    State(state): State<AppState>,
    user: Require<Admins>,
    Path(id): Path<i64>,
    CsrfForm(typed): CsrfForm<RoleForm>,
) -> AppResult<Response> {
    let Some(role) = Role::parse(typed.role.trim()) else {
        return reject_row(
            &state,
            &user,
            id,
            "Bitte wählen Sie eine gültige Rolle aus.",
        )
        .await;
    };
    let own_hash = accounts::password_hash(&state.db.read, user.user_id)
        .await?
        .unwrap_or_default();
    let given = typed.admin_password;
    if !blocking(move || verify_password(&given, &own_hash)).await? {
        return reject_row(
            &state,
            &user,
            id,
            "Zur Bestätigung ist Ihr eigenes Passwort erforderlich; es war nicht korrekt.",
        )
        .await;
    }
    let mut tx = state.db.begin_write().await?;
    let target = accounts::user(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if target.role == Role::Admin
        && role != Role::Admin
        && accounts::active_admins(&mut tx).await? <= 1
    {
        drop(tx);
        return reject_row(
            &state,
            &user,
            id,
            "Das letzte aktive Administrationskonto kann seine Rolle nicht verlieren.",
        )
        .await;
    }
    if target.role != role {
        accounts::set_role(&mut tx, id, role).await?;
        delete_all_of_user(&mut tx, id).await?;
        audit::record(
            &mut tx,
            &user.actor(),
            audit::Entry::new(Action::RolleAendern, Entity::Benutzer, Some(id))
                .before(json!({"role": target.role.key()}))
                .after(json!({"role": role.key()})),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(paths::users().flash(Flash::Benutzer).into_response())
}

pub async fn set_active(
    State(state): State<AppState>,
    user: Require<Admins>,
    Path(id): Path<i64>,
    CsrfForm(typed): CsrfForm<ActiveForm>,
) -> AppResult<Response> {
    let Some(active) = typed.parse() else {
        return Err(AppError::BadRequest("Ungültiger Wert für „aktiv“.".into()));
    };
    if id == user.user_id && !active {
        let msg = "Sie können Ihr eigenes Konto nicht deaktivieren.";
        return reject_row(&state, &user, id, msg).await;
    }
    let mut tx = state.db.begin_write().await?;
    let target = accounts::user(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if target.active != active {
        accounts::set_active(&mut tx, id, active).await?;
        if !active {
            delete_all_of_user(&mut tx, id).await?;
            // a reactivated account must create a new calendar address
            revoke_calendar_token(&mut tx, id).await?;
        }
        let action = if active {
            Action::BenutzerAktivieren
        } else {
            Action::BenutzerDeaktivieren
        };
        audit::record(
            &mut tx,
            &user.actor(),
            audit::Entry::new(action, Entity::Benutzer, Some(id))
                .before(json!({"active": target.active}))
                .after(json!({"active": active})),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(paths::users().flash(Flash::Benutzer).into_response())
}

/// Sets a new generated password, shown once, and ends the account's sessions.
pub async fn reset_password(
    State(state): State<AppState>,
    user: Require<Admins>,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    let password = generate_password();
    let pw = password.clone();
    let hash = blocking(move || hash_password(&pw)).await??;
    let mut tx = state.db.begin_write().await?;
    let target = accounts::user(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    accounts::set_password(&mut tx, id, &hash, &now_utc()).await?;
    delete_all_of_user(&mut tx, id).await?;
    revoke_calendar_token(&mut tx, id).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::PasswortZuruecksetzen, Entity::Benutzer, Some(id)),
    )
    .await?;
    tx.commit().await?;
    let shown = Shown {
        new_password: Some((target.username, password)),
        flash: Some(Flash::PasswortZurueckgesetzt),
        ..Shown::default()
    };
    Ok(render(&users_page(&state, &user, shown).await?))
}
