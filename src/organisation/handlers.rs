//! Organisation pages: the overview with its forms (units, people, AG membership) and
//! the person edit page; every write audited.

use crate::db::Conn;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde_json::json;

use super::forms::{EndForm, MembershipForm, PersonForm, UnitForm};
use super::queries::{self, PersonInput, PersonRow};
use super::views::{MembershipView, OrganisationPage, PersonPage};
use crate::audit::{self, Action, Entity, Entry};
use crate::auth::{Editors, Internal, Session};
use crate::domain::organisation::AgRole;
use crate::domain::validation::FieldErrors;
use crate::lookups::{self, RefTable};
use crate::web::form::invalid;
use crate::web::{AppError, AppResult, AppState, CsrfForm, Flash, FlashQuery, Layout, Require};
use crate::web::{paths, render};

/// The forms of the overview as the user typed them (after a failed post).
#[derive(Default)]
struct Kept {
    unit: UnitForm,
    person: PersonForm,
    membership: MembershipForm,
}

async fn page(
    state: &AppState,
    user: &Session,
    kept: Kept,
    errors: FieldErrors,
    flash: Option<Flash>,
) -> AppResult<OrganisationPage> {
    let db = &state.db.read;
    let today = Utc::now().date_naive().to_string();
    let members = queries::memberships(db)
        .await?
        .into_iter()
        .map(|r| MembershipView::new(r, &today))
        .collect();
    Ok(OrganisationPage {
        layout: Layout::new(
            "Organisation und Zuständigkeiten",
            Some(user),
            "organisation",
        )
        .with_errors(!errors.is_empty())
        .with_flash(flash),
        units: queries::units(db).await?,
        people: queries::people(db).await?,
        members,
        can_edit: user.role.can_edit_programme(),
        errors,
        unit_form: kept.unit,
        person_form: kept.person,
        membership_form: kept.membership,
        ag_roles: AgRole::ALL,
    })
}

pub async fn show(
    State(state): State<AppState>,
    user: Require<Internal>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    let p = page(
        &state,
        &user,
        Kept::default(),
        FieldErrors::default(),
        q.flash(),
    )
    .await?;
    Ok(render(&p))
}

/// The overview again with one form as typed and its errors: 422.
async fn overview_invalid(
    state: &AppState,
    user: &Session,
    kept: Kept,
    errors: FieldErrors,
) -> AppResult<Response> {
    invalid(&page(state, user, kept, errors, None).await?)
}

fn saved() -> Response {
    paths::organisation()
        .flash(Flash::Gespeichert)
        .into_response()
}

pub async fn create_unit(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(form): CsrfForm<UnitForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let (code, name, parent) = form.parse(&mut e);
    let mut tx = state.db.begin_write().await?;
    if e.get("unit_code").is_none() && queries::unit_code_taken(&mut tx, &code).await? {
        e.add("unit_code", "Dieses Kürzel ist bereits vergeben.");
    }
    if let Some(p) = parent
        && !lookups::exists(&mut tx, RefTable::OrgUnit, p).await?
    {
        e.add(
            "unit_parent",
            "Bitte wählen Sie eine übergeordnete Einheit aus.",
        );
    }
    if !e.is_empty() {
        drop(tx);
        let kept = Kept {
            unit: form,
            ..Kept::default()
        };
        return overview_invalid(&state, &user, kept, e).await;
    }
    let id = queries::insert_unit(&mut tx, &code, &name, parent).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(
            Action::EinheitAnlegen,
            Entity::Organisationseinheit,
            Some(id),
        )
        .after(json!({"code": code, "name": name, "parent_id": parent})),
    )
    .await?;
    tx.commit().await?;
    Ok(saved())
}

/// The person form checked, also against the database (the unit exists).
async fn checked_person(
    conn: &mut Conn,
    form: &PersonForm,
) -> sqlx::Result<Result<PersonInput, FieldErrors>> {
    let mut e = FieldErrors::default();
    let input = form.parse(&mut e);
    if let Some(u) = input.org_unit_id
        && !lookups::exists(conn, RefTable::OrgUnit, u).await?
    {
        e.add(
            "person_unit",
            "Bitte wählen Sie eine Organisationseinheit aus.",
        );
    }
    Ok(if e.is_empty() { Ok(input) } else { Err(e) })
}

/// A person as the audit log records it.
fn person_json(p: &PersonInput) -> serde_json::Value {
    json!({"name": p.name, "function": p.function, "org_unit_id": p.org_unit_id, "email": p.email})
}

pub async fn create_person(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(form): CsrfForm<PersonForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let input = match checked_person(&mut tx, &form).await? {
        Ok(input) => input,
        Err(e) => {
            drop(tx);
            let kept = Kept {
                person: form,
                ..Kept::default()
            };
            return overview_invalid(&state, &user, kept, e).await;
        }
    };
    let id = queries::insert_person(&mut tx, &input).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(Action::PersonAnlegen, Entity::Person, Some(id)).after(person_json(&input)),
    )
    .await?;
    tx.commit().await?;
    Ok(saved())
}

async fn person_page(
    state: &AppState,
    user: &Session,
    person: &PersonRow,
    form: PersonForm,
    errors: FieldErrors,
) -> AppResult<PersonPage> {
    Ok(PersonPage {
        layout: Layout::new(
            format!("{} bearbeiten", person.name),
            Some(user),
            "organisation",
        )
        .with_errors(!errors.is_empty()),
        id: person.id,
        form,
        errors,
        units: queries::units(&state.db.read).await?,
    })
}

pub async fn edit_person_form(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let mut conn = state.db.read.acquire().await?;
    let p = queries::person(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(conn);
    let form = PersonForm::from_row(&p);
    Ok(render(
        &person_page(&state, &user, &p, form, FieldErrors::default()).await?,
    ))
}

pub async fn update_person(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<PersonForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    let old = queries::person(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let input = match checked_person(&mut tx, &form).await? {
        Ok(input) => input,
        Err(e) => {
            drop(tx);
            return invalid(&person_page(&state, &user, &old, form, e).await?);
        }
    };
    queries::update_person(&mut tx, id, &input).await?;
    let before = PersonInput {
        name: old.name,
        function: old.function,
        org_unit_id: old.org_unit_id,
        email: old.email,
    };
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(Action::PersonBearbeiten, Entity::Person, Some(id))
            .changed(&person_json(&before), &person_json(&input)),
    )
    .await?;
    tx.commit().await?;
    Ok(saved())
}

pub async fn add_membership(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(form): CsrfForm<MembershipForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let parsed = form.parse(&mut e);
    let mut tx = state.db.begin_write().await?;
    if let Some((person, _, _)) = parsed
        && !lookups::exists(&mut tx, RefTable::Person, person).await?
    {
        e.add("m_person", "Bitte wählen Sie eine Person aus.");
    }
    let Some((person, role, since)) = parsed.filter(|_| e.is_empty()) else {
        drop(tx);
        let kept = Kept {
            membership: form,
            ..Kept::default()
        };
        return overview_invalid(&state, &user, kept, e).await;
    };
    let since = since.to_string();
    let id = queries::insert_membership(&mut tx, person, role, &since).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(
            Action::MitgliedschaftAnlegen,
            Entity::AgMitgliedschaft,
            Some(id),
        )
        .after(json!({"person_id": person, "ag_role": role.key(), "since": since})),
    )
    .await?;
    tx.commit().await?;
    Ok(saved())
}

pub async fn end_membership(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<EndForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let Some(until) = form.parse(&mut e) else {
        return overview_invalid(&state, &user, Kept::default(), e).await;
    };
    let until = until.to_string();
    let mut tx = state.db.begin_write().await?;
    let Some(since) = queries::end_membership(&mut tx, id, &until).await? else {
        drop(tx);
        e.add("end_until", "Diese Mitgliedschaft ist bereits beendet, unbekannt, oder das Ende liegt vor ihrem Beginn.");
        return overview_invalid(&state, &user, Kept::default(), e).await;
    };
    audit::record(
        &mut tx,
        &user.actor(),
        Entry::new(
            Action::MitgliedschaftBeenden,
            Entity::AgMitgliedschaft,
            Some(id),
        )
        .before(json!({"since": since, "until": null}))
        .after(json!({"until": until})),
    )
    .await?;
    tx.commit().await?;
    Ok(saved())
}
