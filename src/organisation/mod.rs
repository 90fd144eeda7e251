//! Responsibilities: org units, people, and the AG membership with dates.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use chrono::Utc;
use sqlx::FromRow;

use crate::AppState;
use crate::auth::{Internal, Require};
use crate::domain::dates::format_iso;
use crate::error::AppResult;
use crate::web::{Layout, render};

#[derive(FromRow)]
pub struct UnitRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub parent_code: Option<String>,
    pub measures: i64,
}

#[derive(FromRow)]
pub struct PersonRow {
    pub name: String,
    pub function: String,
    pub unit_code: Option<String>,
    pub email: Option<String>,
    pub measures: i64,
}

#[derive(FromRow)]
struct MembershipRow {
    name: String,
    function: String,
    ag_role: String,
    since: String,
    until: Option<String>,
}

pub struct MembershipView {
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
}

async fn page(State(state): State<AppState>, user: Require<Internal>) -> AppResult<Response> {
    let db = &state.db.read;
    let units: Vec<UnitRow> = sqlx::query_as(
        "SELECT o.id, o.code, o.name, parent.code AS parent_code,
                (SELECT count(*) FROM measures m WHERE m.org_unit_id = o.id AND m.archived_at IS NULL) AS measures
         FROM org_units o LEFT JOIN org_units parent ON parent.id = o.parent_id ORDER BY o.code",
    )
    .fetch_all(db)
    .await?;
    let people: Vec<PersonRow> = sqlx::query_as(
        "SELECT pe.name, pe.function, o.code AS unit_code, pe.email,
                (SELECT count(*) FROM measures m WHERE m.person_id = pe.id AND m.archived_at IS NULL) AS measures
         FROM people pe LEFT JOIN org_units o ON o.id = pe.org_unit_id ORDER BY pe.name",
    )
    .fetch_all(db)
    .await?;
    let rows: Vec<MembershipRow> = sqlx::query_as(
        "SELECT pe.name, pe.function, a.ag_role, a.since, a.until
         FROM ag_memberships a JOIN people pe ON pe.id = a.person_id
         ORDER BY a.until IS NOT NULL, a.since, pe.name",
    )
    .fetch_all(db)
    .await?;
    let today = Utc::now().date_naive().to_string();
    let members = rows
        .into_iter()
        .map(|r| MembershipView {
            role: match r.ag_role.as_str() {
                "leitung" => "Leitung der AG",
                "gast" => "ständiger Gast",
                _ => "Mitglied",
            },
            since: format_iso(Some(&r.since)),
            until: format_iso(r.until.as_deref()),
            current: r.since <= today && r.until.as_deref().is_none_or(|u| u >= today.as_str()),
            name: r.name,
            function: r.function,
        })
        .collect();
    Ok(render(&OrganisationPage {
        layout: Layout::new(
            "Organisation und Zuständigkeiten",
            Some(&user),
            "organisation",
        ),
        units,
        people,
        members,
    }))
}

pub fn router() -> Router<AppState> {
    Router::new().route("/organisation", get(page))
}
