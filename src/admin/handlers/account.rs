//! /verwaltung/benutzer/{id} — one account: whose it is (link to a person), its role
//! (with re-authentication), and the consequential steps — deactivate and reset the
//! password — each behind a confirmation page (GET changes nothing; the POST redirects).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::admin::forms::{ActiveForm, PersonForm, RoleForm};
use crate::admin::queries::{self, PersonOption};
use crate::admin::views::UserView;
use crate::audit::{self, Action, Entity};
use crate::auth::accounts;
use crate::auth::password::{blocking, generate_password, hash_password, verify_password};
use crate::auth::session::{delete_all_of_user, revoke_calendar_token};
use crate::auth::{Admins, Session};
use crate::domain::Role;
use crate::domain::dates::now_utc;
use crate::web::shown_once::{self, Purpose};
use crate::web::{AppError, AppResult, AppState, ConfirmPage, CsrfForm, Flash, FlashQuery};
use crate::web::{Layout, NoFields, Require, form, paths, render};

#[derive(Template)]
#[template(path = "admin/account.html")]
struct AccountPage {
    layout: Layout,
    u: UserView,
    roles: &'static [Role],
    people: Vec<PersonOption>,
    /// An error at one of the forms: ("person" | "rolle" | "aktiv", message).
    error: Option<(&'static str, String)>,
    /// Shown once after a password reset.
    new_password: Option<(String, String)>,
}

async fn target(state: &AppState, id: i64) -> AppResult<accounts::UserRow> {
    let mut conn = state.db.read.acquire().await?;
    accounts::user(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn account_page(
    state: &AppState,
    user: &Session,
    id: i64,
    error: Option<(&'static str, String)>,
    flash: Option<Flash>,
    new_password: Option<(String, String)>,
) -> AppResult<AccountPage> {
    let row = target(state, id).await?;
    let u = UserView::new(row, user.user_id);
    let new_password = new_password.filter(|(name, _)| *name == u.username);
    Ok(AccountPage {
        layout: Layout::new(
            format!("Benutzerkonto {}", u.name()),
            Some(user),
            "verwaltung",
        )
        .with_errors(error.is_some())
        .with_flash(flash),
        u,
        roles: Role::ALL,
        people: queries::people(&state.db.read).await?,
        error,
        new_password,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: Require<Admins>,
    key: shown_once::Key,
    Path(id): Path<i64>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let new_password = match q.flash() {
        Some(Flash::PasswortZurueckgesetzt) => {
            shown_once::take(&state.db, &key, Purpose::Password).await?
        }
        _ => None,
    };
    Ok(render(
        &account_page(&state, &user, id, None, q.flash(), new_password).await?,
    ))
}

/// The account page again with an error at one form (422).
async fn reject(
    state: &AppState,
    user: &Session,
    id: i64,
    at: &'static str,
    msg: &str,
) -> AppResult<Response> {
    form::invalid(&account_page(state, user, id, Some((at, msg.to_string())), None, None).await?)
}

/// Links the account to a person of the organisation (who has no account yet).
pub async fn set_person(
    State(state): State<AppState>,
    user: Require<Admins>,
    Path(id): Path<i64>,
    CsrfForm(typed): CsrfForm<PersonForm>,
) -> AppResult<Response> {
    let Ok(person_id) = typed.person.trim().parse::<i64>() else {
        return reject(
            &state,
            &user,
            id,
            "person",
            "Bitte wählen Sie eine Person aus.",
        )
        .await;
    };
    let mut tx = state.db.begin_write().await?;
    let before = accounts::user(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let name = match queries::person_for_account(&mut tx, person_id).await? {
        None => None,
        Some((_, Some(other))) if other != id => {
            drop(tx);
            let msg = "Diese Person hat bereits ein anderes Benutzerkonto.";
            return reject(&state, &user, id, "person", msg).await;
        }
        Some((name, _)) => Some(name),
    };
    let Some(name) = name else {
        drop(tx);
        return reject(
            &state,
            &user,
            id,
            "person",
            "Diese Person gibt es nicht (mehr).",
        )
        .await;
    };
    if before.person_id != Some(person_id) || before.display_name != name {
        accounts::set_person(&mut tx, id, person_id, &name).await?;
        audit::record(
            &mut tx,
            &user.actor(),
            audit::Entry::new(Action::PersonZuordnen, Entity::Benutzer, Some(id)).changed(
                &json!({"person_id": before.person_id, "display_name": before.display_name}),
                &json!({"person_id": person_id, "display_name": name}),
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(paths::user_account(id)
        .flash(Flash::Benutzer)
        .into_response())
}

/// Role changes need the administrator's own password again (re-authentication).
pub async fn change_role(
    State(state): State<AppState>,
    user: Require<Admins>,
    Path(id): Path<i64>,
    CsrfForm(typed): CsrfForm<RoleForm>,
) -> AppResult<Response> {
    let Some(role) = Role::parse(typed.role.trim()) else {
        let msg = "Bitte wählen Sie eine gültige Rolle aus.";
        return reject(&state, &user, id, "rolle", msg).await;
    };
    let own_hash = accounts::password_hash(&state.db.read, user.user_id)
        .await?
        .unwrap_or_default();
    let given = typed.admin_password;
    if !blocking(move || verify_password(&given, &own_hash)).await? {
        let msg = "Zur Bestätigung ist Ihr eigenes Passwort erforderlich; es war nicht korrekt.";
        return reject(&state, &user, id, "rolle", msg).await;
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
        let msg = "Das letzte aktive Administrationskonto kann seine Rolle nicht verlieren.";
        return reject(&state, &user, id, "rolle", msg).await;
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
    Ok(paths::user_account(id)
        .flash(Flash::Benutzer)
        .into_response())
}

/// GET: "Konto von … deaktivieren?" — changes nothing.
pub async fn confirm_deactivate(
    State(state): State<AppState>,
    user: Require<Admins>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let u = UserView::new(target(&state, id).await?, user.user_id);
    if u.is_self {
        let msg = "Sie können Ihr eigenes Konto nicht deaktivieren.";
        return reject(&state, &user, id, "aktiv", msg).await;
    }
    if !u.active {
        return Ok(paths::user_account(id).into_response());
    }
    let name = u.name();
    Ok(render(&ConfirmPage {
        layout: Layout::new(format!("Konto von {name} deaktivieren?"), Some(&user), "verwaltung"),
        heading: format!("Konto von {name} deaktivieren?"),
        consequences: vec![
            format!("{name} kann sich nicht mehr anmelden; laufende Anmeldungen enden sofort."),
            "Die geheime Kalenderadresse des Kontos wird ungültig.".to_string(),
            "Einträge, Meldungen und das Protokoll bleiben erhalten. Das Konto kann später wieder aktiviert werden.".to_string(),
        ],
        action: paths::user_active(id),
        fields: vec![("active", "0".to_string())],
        yes: "Ja, Konto deaktivieren".to_string(),
        cancel: paths::user_account(id),
    }))
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
        return reject(&state, &user, id, "aktiv", msg).await;
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
    Ok(paths::user_account(id)
        .flash(Flash::Benutzer)
        .into_response())
}

/// GET: "Passwort von … zurücksetzen?" — changes nothing.
pub async fn confirm_reset(
    State(state): State<AppState>,
    user: Require<Admins>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let u = UserView::new(target(&state, id).await?, user.user_id);
    let name = u.name();
    Ok(render(&ConfirmPage {
        layout: Layout::new(format!("Passwort von {name} zurücksetzen?"), Some(&user), "verwaltung"),
        heading: format!("Passwort von {name} zurücksetzen?"),
        consequences: vec![
            "Ein neues Passwort wird erzeugt und Ihnen einmal angezeigt; bitte übergeben Sie es sicher.".to_string(),
            format!("{name} muss es bei der nächsten Anmeldung durch ein eigenes ersetzen."),
            "Das bisherige Passwort gilt nicht mehr; alle Anmeldungen des Kontos enden, die geheime Kalenderadresse wird ungültig.".to_string(),
        ],
        action: paths::confirm_reset_password(id),
        fields: Vec::new(),
        yes: "Ja, Passwort zurücksetzen".to_string(),
        cancel: paths::user_account(id),
    }))
}

/// Sets a new generated password, shown once on the account page after the redirect,
/// and ends the account's sessions. It must be changed at the next login.
pub async fn reset_password(
    State(state): State<AppState>,
    user: Require<Admins>,
    key: shown_once::Key,
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
    if target.source != "local" {
        // A directory or SSO account logs in with the city's password only (issue 14).
        return Err(AppError::BadRequest(
            "Dieses Konto meldet sich mit dem Konto der Stadt an; sein Passwort wird im Verzeichnis der Stadt geändert, nicht in Sachstand.".into(),
        ));
    }
    let now = now_utc();
    accounts::set_password(&mut tx, id, &hash, &now, true).await?;
    delete_all_of_user(&mut tx, id).await?;
    revoke_calendar_token(&mut tx, id).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::PasswortZuruecksetzen, Entity::Benutzer, Some(id))
            .before(json!({"must_change_password": target.must_change_password}))
            .after(json!({"must_change_password": true, "password_changed_at": now})),
    )
    .await?;
    shown_once::put(
        &mut tx,
        &key,
        Purpose::Password,
        &target.username,
        &password,
    )
    .await?;
    tx.commit().await?;
    Ok(paths::user_account(id)
        .flash(Flash::PasswortZurueckgesetzt)
        .into_response())
}
