//! Organisation pages: overview with forms, person edit; every write audited.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde_json::json;

use super::forms::{AG_ROLES, EndForm, MembershipForm, PersonForm, UnitForm};
use super::queries::{self, PersonRow, Table, UnitRow};
use crate::audit;
use crate::audit::{Action, Entity};
use crate::auth::{Editors, Internal, Session};
use crate::domain::dates::format_iso;
use crate::domain::validation::FieldErrors;
use crate::web::AppState;
use crate::web::Flash;
use crate::web::{AppError, AppResult};
use crate::web::{CsrfForm, Require};
use crate::web::{FlashQuery, Layout, render, render_page};

pub struct MembershipView {
    pub id: i64,
    pub name: String,
    pub function: String,
    pub role: &'static str,
    pub since: String,
    pub until: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "organisation.html")]
struct OrganisationPage {
    layout: Layout,
    units: Vec<UnitRow>,
    people: Vec<PersonRow>,
    members: Vec<MembershipView>,
    can_edit: bool,
    errors: FieldErrors,
    unit_form: UnitForm,
    person_form: PersonForm,
    membership_form: MembershipForm,
    ag_roles: &'static [(&'static str, &'static str)],
}

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
        .map(|r| MembershipView {
            id: r.id,
            role: AG_ROLES
                .iter()
                .find(|(k, _)| *k == r.ag_role)
                .map(|(_, l)| *l)
                .unwrap_or("Mitglied"),
            since: format_iso(Some(&r.since)),
            until: format_iso(r.until.as_deref()),
            current: r.since <= today && r.until.as_deref().is_none_or(|u| u >= today.as_str()),
            name: r.name,
            function: r.function,
        })
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
        ag_roles: AG_ROLES,
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

async fn invalid(
    state: &AppState,
    user: &Session,
    kept: Kept,
    errors: FieldErrors,
) -> AppResult<Response> {
    let p = page(state, user, kept, errors, None).await?;
    Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &p))
}

fn saved() -> Response {
    Redirect::to("/organisation?meldung=gespeichert").into_response()
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
        && !queries::exists(&mut tx, Table::Unit, p).await?
    {
        e.add(
            "unit_parent",
            "Bitte wählen Sie eine übergeordnete Einheit aus.",
        );
    }
    if !e.is_empty() {
        drop(tx);
        return invalid(
            &state,
            &user,
            Kept {
                unit: form,
                ..Kept::default()
            },
            e,
        )
        .await;
    }
    let id = queries::insert_unit(&mut tx, &code, &name, parent).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(
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

async fn check_person_unit(
    tx: &mut sqlx::SqliteConnection,
    e: &mut FieldErrors,
    unit: Option<i64>,
) -> sqlx::Result<()> {
    if let Some(u) = unit
        && !queries::exists(tx, Table::Unit, u).await?
    {
        e.add(
            "person_unit",
            "Bitte wählen Sie eine Organisationseinheit aus.",
        );
    }
    Ok(())
}

pub async fn create_person(
    State(state): State<AppState>,
    user: Require<Editors>,
    CsrfForm(form): CsrfForm<PersonForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let input = form.parse(&mut e);
    let mut tx = state.db.begin_write().await?;
    check_person_unit(&mut tx, &mut e, input.org_unit_id).await?;
    if !e.is_empty() {
        drop(tx);
        return invalid(
            &state,
            &user,
            Kept {
                person: form,
                ..Kept::default()
            },
            e,
        )
        .await;
    }
    let id = queries::insert_person(&mut tx, &input).await?;
    audit::record(&mut tx, &user.actor(), audit::Entry::new(Action::PersonAnlegen, Entity::Person, Some(id)).after(json!({"name": input.name, "function": input.function, "org_unit_id": input.org_unit_id, "email": input.email}))).await?;
    tx.commit().await?;
    Ok(saved())
}

#[derive(Template)]
#[template(path = "organisation_person.html")]
struct PersonPage {
    layout: Layout,
    id: i64,
    form: PersonForm,
    errors: FieldErrors,
    units: Vec<UnitRow>,
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
    Ok(render(&PersonPage {
        layout: Layout::new(
            format!("{} bearbeiten", p.name),
            Some(&user),
            "organisation",
        ),
        id,
        form: PersonForm::from_row(&p),
        errors: FieldErrors::default(),
        units: queries::units(&state.db.read).await?,
    }))
}

pub async fn update_person(
    State(state): State<AppState>,
    user: Require<Editors>,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<PersonForm>,
) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    let input = form.parse(&mut e);
    let mut tx = state.db.begin_write().await?;
    let old = queries::person(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    check_person_unit(&mut tx, &mut e, input.org_unit_id).await?;
    if !e.is_empty() {
        drop(tx);
        let page = PersonPage {
            layout: Layout::new(
                format!("{} bearbeiten", old.name),
                Some(&user),
                "organisation",
            )
            .with_errors(true),
            id,
            form,
            errors: e,
            units: queries::units(&state.db.read).await?,
        };
        return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &page));
    }
    queries::update_person(&mut tx, id, &input).await?;
    let (before, after) = audit::diff(
        &json!({"name": old.name, "function": old.function, "org_unit_id": old.org_unit_id, "email": old.email}),
        &json!({"name": input.name, "function": input.function, "org_unit_id": input.org_unit_id, "email": input.email}),
    );
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(Action::PersonBearbeiten, Entity::Person, Some(id))
            .before(before.clone())
            .after(after.clone()),
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
        && !queries::exists(&mut tx, Table::Person, person).await?
    {
        e.add("m_person", "Bitte wählen Sie eine Person aus.");
    }
    let Some((person, role, since)) = parsed.filter(|_| e.is_empty()) else {
        drop(tx);
        return invalid(
            &state,
            &user,
            Kept {
                membership: form,
                ..Kept::default()
            },
            e,
        )
        .await;
    };
    let id = queries::insert_membership(&mut tx, person, role, &since.to_string()).await?;
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(
            Action::MitgliedschaftAnlegen,
            Entity::AgMitgliedschaft,
            Some(id),
        )
        .after(json!({"person_id": person, "ag_role": role, "since": since.to_string()})),
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
    let until = e.optional_date("end_until", &form.end_until);
    let Some(until) = until else {
        if e.is_empty() {
            e.add(
                "end_until",
                "Bitte geben Sie das Ende der Mitgliedschaft an (TT.MM.JJJJ).",
            );
        }
        return invalid(&state, &user, Kept::default(), e).await;
    };
    let mut tx = state.db.begin_write().await?;
    let Some(since) = queries::end_membership(&mut tx, id, &until.to_string()).await? else {
        drop(tx);
        e.add("end_until", "Diese Mitgliedschaft ist bereits beendet, unbekannt, oder das Ende liegt vor ihrem Beginn.");
        return invalid(&state, &user, Kept::default(), e).await;
    };
    audit::record(
        &mut tx,
        &user.actor(),
        audit::Entry::new(
            Action::MitgliedschaftBeenden,
            Entity::AgMitgliedschaft,
            Some(id),
        )
        .before(json!({"since": since, "until": null}))
        .after(json!({"until": until.to_string()})),
    )
    .await?;
    tx.commit().await?;
    Ok(saved())
}
