//! All SQL of the organisation feature: units, people, AG membership.

use crate::db::{Conn, Pool};
use sqlx::FromRow;

use crate::domain::organisation::AgRole;

#[derive(FromRow)]
pub struct UnitRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub parent_code: Option<String>,
    pub measures: i64,
}

pub async fn units(db: &Pool) -> sqlx::Result<Vec<UnitRow>> {
    crate::db::query_as(
        "SELECT o.id, o.code, o.name, parent.code AS parent_code,
                (SELECT count(*) FROM measures m WHERE m.org_unit_id = o.id AND m.archived_at IS NULL) AS measures
         FROM org_units o LEFT JOIN org_units parent ON parent.id = o.parent_id ORDER BY o.code",
    )
    .fetch_all(db)
    .await
}

#[derive(FromRow, Clone)]
pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub function: String,
    pub org_unit_id: Option<i64>,
    pub unit_code: Option<String>,
    pub email: Option<String>,
    pub measures: i64,
}

const PERSON_SELECT: &str = "SELECT pe.id, pe.name, pe.function, pe.org_unit_id, o.code AS unit_code, pe.email,
        (SELECT count(*) FROM measures m WHERE m.person_id = pe.id AND m.archived_at IS NULL) AS measures
     FROM people pe LEFT JOIN org_units o ON o.id = pe.org_unit_id";

pub async fn people(db: &Pool) -> sqlx::Result<Vec<PersonRow>> {
    crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "{PERSON_SELECT} ORDER BY pe.name"
    )))
    .fetch_all(db)
    .await
}

pub async fn person(conn: &mut Conn, id: i64) -> sqlx::Result<Option<PersonRow>> {
    crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "{PERSON_SELECT} WHERE pe.id = ?"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await
}

#[derive(FromRow)]
pub struct MembershipRow {
    pub id: i64,
    pub name: String,
    pub function: String,
    pub ag_role: AgRole,
    pub since: String,
    pub until: Option<String>,
}

pub async fn memberships(db: &Pool) -> sqlx::Result<Vec<MembershipRow>> {
    crate::db::query_as(
        "SELECT a.id, pe.name, pe.function, a.ag_role, a.since, a.until
         FROM ag_memberships a JOIN people pe ON pe.id = a.person_id
         ORDER BY a.until IS NOT NULL, a.since, pe.name",
    )
    .fetch_all(db)
    .await
}

pub async fn unit_code_taken(conn: &mut Conn, code: &str) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar("SELECT count(*) FROM org_units WHERE code = ?")
        .bind(code)
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

pub async fn insert_unit(
    conn: &mut Conn,
    code: &str,
    name: &str,
    parent: Option<i64>,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO org_units (code, name, parent_id) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(code)
    .bind(name)
    .bind(parent)
    .fetch_one(conn)
    .await
}

pub struct PersonInput {
    pub name: String,
    pub function: String,
    pub org_unit_id: Option<i64>,
    pub email: Option<String>,
}

pub async fn insert_person(conn: &mut Conn, p: &PersonInput) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO people (name, function, org_unit_id, email) VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(&p.name)
    .bind(&p.function)
    .bind(p.org_unit_id)
    .bind(&p.email)
    .fetch_one(conn)
    .await
}

pub async fn update_person(conn: &mut Conn, id: i64, p: &PersonInput) -> sqlx::Result<()> {
    crate::db::query(
        "UPDATE people SET name = ?, function = ?, org_unit_id = ?, email = ? WHERE id = ?",
    )
    .bind(&p.name)
    .bind(&p.function)
    .bind(p.org_unit_id)
    .bind(&p.email)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn insert_membership(
    conn: &mut Conn,
    person_id: i64,
    ag_role: AgRole,
    since: &str,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO ag_memberships (person_id, ag_role, since) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(person_id)
    .bind(ag_role)
    .bind(since)
    .fetch_one(conn)
    .await
}

/// Ends an open membership; None if there is no open membership with this id.
pub async fn end_membership(conn: &mut Conn, id: i64, until: &str) -> sqlx::Result<Option<String>> {
    crate::db::query_scalar("UPDATE ag_memberships SET until = ? WHERE id = ? AND until IS NULL AND since <= ? RETURNING since")
        .bind(until)
        .bind(id)
        .bind(until)
        .fetch_optional(conn)
        .await
}
