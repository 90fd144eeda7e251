//! User administration and the audit log view.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::queries::{self, AuditRow, UserRow};
use crate::audit;
use crate::audit::{Action, Entity};
use crate::auth::password::{check_policy, generate_password, hash_password, verify_password};
use crate::auth::session::delete_all_of_user;
use crate::auth::{Admins, Session};
use crate::domain::Role;
use crate::domain::dates::{format_timestamp, now_utc};
use crate::domain::validation::FieldErrors;
use crate::web::AppState;
use crate::web::Flash;
use crate::web::{AppError, AppResult};
use crate::web::{CsrfForm, Require};
use crate::web::{FlashQuery, Layout, render, render_page};

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct NewUserForm {
    username: String,
    display_name: String,
    role: String,
    password: String,
}

pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub role_label: &'static str,
    pub active: bool,
    pub is_self: bool,
}

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

async fn users_page(
    state: &AppState,
    user: &Session,
    form: NewUserForm,
    errors: FieldErrors,
    row_error: Option<(i64, String)>,
    new_password: Option<(String, String)>,
    flash: Option<Flash>,
) -> AppResult<UsersPage> {
    let users = queries::users(&state.db.read)
        .await?
        .into_iter()
        .map(|u: UserRow| UserView {
            is_self: u.id == user.user_id,
            role_label: Role::parse(&u.role).map(Role::label).unwrap_or(""),
            id: u.id,
            username: u.username,
            display_name: u.display_name,
            role: u.role,
            active: u.active,
        })
        .collect();
    Ok(UsersPage {
        layout: Layout::new("Benutzerverwaltung", Some(user), "verwaltung")
            .with_errors(!errors.is_empty() || row_error.is_some())
            .with_flash(flash),
        users,
        roles: Role::ALL,
        form,
        errors,
        row_error,
        new_password,
    })
}

pub async fn users(
    State(state): State<AppState>,
    user: Require<Admins>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let form = NewUserForm {
        role: "ag".into(),
        ..Default::default()
    };
    let page = users_page(
        &state,
        &user,
        form,
        FieldErrors::default(),
        None,
        None,
        q.flash(),
    )
    .await?;
    Ok(render(&page))
}

pub async fn create_user(
    State(state): State<AppState>,
    user: Require<Admins>,
    CsrfForm(form): CsrfForm<NewUserForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let username = e.text("username", "einen Benutzernamen", &form.username, 64);
    if !username.is_empty()
        && !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        e.add("username", "Der Benutzername darf nur Buchstaben (a–z), Ziffern, Punkt, Binde- und Unterstrich enthalten.");
    }
    let display_name = e.text(
        "display_name",
        "einen Anzeigenamen",
        &form.display_name,
        120,
    );
    let role = e.choice("role", "eine Rolle", &form.role, Role::parse);
    let generated = form.password.is_empty();
    let password = if generated {
        generate_password()
    } else {
        form.password.clone()
    };
    if let Err(msg) = check_policy(&password) {
        e.add("password", msg);
    }
    let mut tx = state.db.begin_write().await?;
    if e.get("username").is_none() && queries::username_taken(&mut tx, &username).await? {
        e.add("username", "Dieser Benutzername ist bereits vergeben.");
    }
    let Some(role) = role.filter(|_| e.is_empty()) else {
        drop(tx);
        let mut kept = form;
        kept.password.clear();
        let page = users_page(&state, &user, kept, e, None, None, None).await?;
        return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
    };
    let hash = tokio::task::spawn_blocking(move || hash_password(&password).map(|h| (h, password)))
        .await
        .map_err(|e| AppError::Internal(e.into()))??;
    let now = now_utc();
    let id =
        queries::insert_user(&mut tx, &username, &display_name, role.key(), &hash.0, &now).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::BenutzerAnlegen, Entity::Benutzer, Some(id))
            .after(json!({"username": username, "display_name": display_name, "role": role.key()})),
    )
    .await?;
    tx.commit().await?;
    let shown = generated.then(|| (username.clone(), hash.1));
    let blank = NewUserForm {
        role: "ag".into(),
        ..Default::default()
    };
    let page = users_page(
        &state,
        &user,
        blank,
        FieldErrors::default(),
        None,
        shown,
        Some(Flash::BenutzerAngelegt),
    )
    .await?;
    Ok(render(&page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RoleForm {
    role: String,
    admin_password: String,
}

/// Role changes need the administrator's own password again (re-authentication).
pub async fn change_role(
    State(state): State<AppState>,
    user: Require<Admins>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<RoleForm>,
) -> AppResult<Response> {
    let row_error = |msg: &str| Some((id, msg.to_string()));
    let Some(role) = Role::parse(form.role.trim()) else {
        return reject_row(
            &state,
            &user,
            row_error("Bitte wählen Sie eine gültige Rolle aus."),
        )
        .await;
    };
    let own_hash = queries::password_hash(&state.db.read, user.user_id)
        .await?
        .unwrap_or_default();
    let given = form.admin_password.clone();
    let ok = tokio::task::spawn_blocking(move || verify_password(&given, &own_hash))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    if !ok {
        return reject_row(
            &state,
            &user,
            row_error(
                "Zur Bestätigung ist Ihr eigenes Passwort erforderlich; es war nicht korrekt.",
            ),
        )
        .await;
    }
    let mut tx = state.db.begin_write().await?;
    let target = queries::user(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if target.role == "admin" && role != Role::Admin && queries::active_admins(&mut tx).await? <= 1
    {
        drop(tx);
        return reject_row(
            &state,
            &user,
            row_error("Das letzte aktive Administrationskonto kann seine Rolle nicht verlieren."),
        )
        .await;
    }
    if target.role != role.key() {
        queries::set_role(&mut tx, id, role.key()).await?;
        delete_all_of_user(&mut tx, id).await?;
        audit::record(
            &mut tx,
            &user.actor(),
            audit::Entry::new(Action::RolleAendern, Entity::Benutzer, Some(id))
                .before(json!({"role": target.role}))
                .after(json!({"role": role.key()})),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Redirect::to("/verwaltung/benutzer?meldung=benutzer").into_response())
}

async fn reject_row(
    state: &AppState,
    user: &Session,
    row_error: Option<(i64, String)>,
) -> AppResult<Response> {
    let form = NewUserForm {
        role: "ag".into(),
        ..Default::default()
    };
    let page = users_page(
        state,
        user,
        form,
        FieldErrors::default(),
        row_error,
        None,
        None,
    )
    .await?;
    Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActiveForm {
    active: String,
}

pub async fn set_active(
    State(state): State<AppState>,
    user: Require<Admins>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ActiveForm>,
) -> AppResult<Response> {
    let active = match form.active.as_str() {
        "1" => true,
        "0" => false,
        _ => return Err(AppError::BadRequest("Ungültiger Wert für „aktiv“.".into())),
    };
    if id == user.user_id && !active {
        return reject_row(
            &state,
            &user,
            Some((
                id,
                "Sie können Ihr eigenes Konto nicht deaktivieren.".into(),
            )),
        )
        .await;
    }
    let mut tx = state.db.begin_write().await?;
    let target = queries::user(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if target.active != active {
        queries::set_active(&mut tx, id, active).await?;
        if !active {
            delete_all_of_user(&mut tx, id).await?;
        }
        audit::record(
            &mut tx,
            &user.actor(),
            audit::Entry::new(
                if active {
                    Action::BenutzerAktivieren
                } else {
                    Action::BenutzerDeaktivieren
                },
                Entity::Benutzer,
                Some(id),
            )
            .before(json!({"active": target.active}))
            .after(json!({"active": active})),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Redirect::to("/verwaltung/benutzer?meldung=benutzer").into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EmptyForm {}

/// Sets a new generated password, shown once, and ends the account's sessions.
pub async fn reset_password(
    State(state): State<AppState>,
    user: Require<Admins>,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<EmptyForm>,
) -> AppResult<Response> {
    let password = generate_password();
    let pw = password.clone();
    let hash = tokio::task::spawn_blocking(move || hash_password(&pw))
        .await
        .map_err(|e| AppError::Internal(e.into()))??;
    let mut tx = state.db.begin_write().await?;
    let target = queries::user(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    queries::set_password(&mut tx, id, &hash, &now_utc()).await?;
    delete_all_of_user(&mut tx, id).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::PasswortZuruecksetzen, Entity::Benutzer, Some(id)),
    )
    .await?;
    tx.commit().await?;
    let form = NewUserForm {
        role: "ag".into(),
        ..Default::default()
    };
    let page = users_page(
        &state,
        &user,
        form,
        FieldErrors::default(),
        None,
        Some((target.username, password)),
        Some(Flash::PasswortZurueckgesetzt),
    )
    .await?;
    Ok(render(&page))
}

// ------------------------------------------------------------------ audit log

pub struct AuditView {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub old_values: String,
    pub new_values: String,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    layout: Layout,
    rows: Vec<AuditView>,
    next_before: Option<i64>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AuditQuery {
    vor: String,
}

const AUDIT_PAGE: i64 = 100;

pub async fn audit_log(
    State(state): State<AppState>,
    user: Require<Admins>,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    let before = match q.vor.trim() {
        "" => None,
        v => Some(
            v.parse::<i64>()
                .map_err(|_| AppError::BadRequest("Ungültige Seitenangabe.".into()))?,
        ),
    };
    let rows: Vec<AuditRow> = queries::audit_page(&state.db.read, before, AUDIT_PAGE).await?;
    let next_before = (rows.len() as i64 == AUDIT_PAGE)
        .then(|| rows.last().map(|r| r.id))
        .flatten();
    let rows = rows
        .into_iter()
        .map(|r| AuditView {
            id: r.id,
            at: format_timestamp(&r.at),
            actor: format!("{} ({})", r.actor_name, r.actor_role),
            action: r.action,
            entity: match r.entity_id {
                Some(id) => format!("{} {id}", r.entity),
                None => r.entity,
            },
            old_values: r.old_values,
            new_values: r.new_values,
        })
        .collect();
    Ok(render(&AuditPage {
        layout: Layout::new("Änderungsprotokoll", Some(&user), "verwaltung"),
        rows,
        next_before,
    }))
}
