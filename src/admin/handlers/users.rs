//! /verwaltung/benutzer — the list of accounts (who each one is: name, unit, role) and
//! creating an account for a person of the organisation, chosen or created in the same
//! step. A generated password is shown once on the page after the redirect.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};

use crate::admin::forms::{NewUserForm, PersonChoice, new_user_json};
use crate::admin::queries::{self, PersonOption, UnitOption};
use crate::admin::views::UserView;
use crate::audit::{self, Action, Entity};
use crate::auth::accounts::{self, NewAccount};
use crate::auth::password::{blocking, check_policy, generate_password, hash_password};
use crate::auth::{Admins, Session};
use crate::domain::Role;
use crate::domain::dates::now_utc;
use crate::domain::validation::FieldErrors;
use crate::web::shown_once::{self, Purpose};
use crate::web::{AppResult, AppState, CsrfForm, Flash, FlashQuery, Layout};
use crate::web::{Require, form, paths, render};

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    layout: Layout,
    users: Vec<UserView>,
    roles: &'static [Role],
    people: Vec<PersonOption>,
    units: Vec<UnitOption>,
    form: NewUserForm,
    errors: FieldErrors,
    /// Shown once after creating an account with a generated password.
    new_password: Option<(String, String)>,
}

async fn users_page(
    state: &AppState,
    user: &Session,
    form: Option<NewUserForm>,
    errors: FieldErrors,
    flash: Option<Flash>,
    new_password: Option<(String, String)>,
) -> AppResult<UsersPage> {
    let users = accounts::users(&state.db.read)
        .await?
        .into_iter()
        .map(|u| UserView::new(u, user.user_id))
        .collect();
    Ok(UsersPage {
        layout: Layout::new("Benutzerverwaltung", Some(user), "verwaltung")
            .with_errors(!errors.is_empty())
            .with_flash(flash),
        users,
        roles: Role::ALL,
        people: queries::people(&state.db.read).await?,
        units: queries::units(&state.db.read).await?,
        form: form.unwrap_or_else(NewUserForm::blank),
        errors,
        new_password,
    })
}

pub async fn users(
    State(state): State<AppState>,
    user: Require<Admins>,
    key: shown_once::Key,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let new_password = match q.flash() {
        Some(Flash::BenutzerAngelegt) => {
            shown_once::take(&state.db, &key, Purpose::Password).await?
        }
        _ => None,
    };
    let page = users_page(
        &state,
        &user,
        None,
        FieldErrors::default(),
        q.flash(),
        new_password,
    )
    .await?;
    Ok(render(&page))
}

pub async fn create_user(
    State(state): State<AppState>,
    user: Require<Admins>,
    key: shown_once::Key,
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
    // The person: an existing one without an account, or a new one with a known unit.
    let mut person_name = None;
    match &new.person {
        Some(PersonChoice::Existing(pid)) => {
            match queries::person_for_account(&mut tx, *pid).await? {
                None => e.add("person", "Diese Person gibt es nicht (mehr)."),
                Some((_, Some(_))) => e.add(
                    "person",
                    "Diese Person hat bereits ein Benutzerkonto. Bitte wählen Sie eine andere Person.",
                ),
                Some((name, None)) => person_name = Some(name),
            }
        }
        Some(PersonChoice::New {
            org_unit: Some(unit),
            ..
        }) if !queries::unit_exists(&mut tx, *unit).await? => {
            e.add(
                "org_unit",
                "Diese Organisationseinheit gibt es nicht (mehr).",
            );
        }
        _ => {}
    }
    let (Some(role), Some(person)) = (new.role, new.person.filter(|_| e.is_empty())) else {
        drop(tx);
        let mut kept = typed;
        kept.password.clear();
        return form::invalid(&users_page(&state, &user, Some(kept), e, None, None).await?);
    };
    let (hash, password) =
        blocking(move || hash_password(&password).map(|h| (h, password))).await??;
    let (person_id, display_name) = match person {
        PersonChoice::Existing(pid) => (pid, person_name.unwrap_or_default()),
        PersonChoice::New {
            name,
            function,
            org_unit,
        } => {
            let pid = queries::insert_person(&mut tx, &name, &function, org_unit).await?;
            audit::record(
                &mut tx,
                &user.actor(),
                audit::Entry::new(Action::PersonAnlegen, Entity::Person, Some(pid)).after(
                    serde_json::json!({"name": name, "function": function, "org_unit_id": org_unit}),
                ),
            )
            .await?;
            (pid, name)
        }
    };
    let account = NewAccount {
        username: &new.username,
        display_name: &display_name,
        role,
        person_id: Some(person_id),
        must_change_password: generated,
    };
    let id = accounts::insert_user(&mut tx, &account, &hash, &now_utc()).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::BenutzerAnlegen, Entity::Benutzer, Some(id))
            .after(new_user_json(&account)),
    )
    .await?;
    if generated {
        shown_once::put(&mut tx, &key, Purpose::Password, &new.username, &password).await?;
    }
    tx.commit().await?;
    Ok(paths::users()
        .flash(Flash::BenutzerAngelegt)
        .into_response())
}
