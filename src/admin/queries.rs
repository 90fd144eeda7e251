//! SQL of user administration (people and units to choose from) and of the audit log
//! view (the account queries are `crate::auth::accounts`).

use crate::db::{Conn, Pool, QueryBuilder};
use sqlx::FromRow;

/// A person as the account form offers it.
#[derive(Debug, Clone, FromRow)]
pub struct PersonOption {
    pub id: i64,
    pub name: String,
    pub function: String,
    pub unit_code: Option<String>,
    /// The username of an account already linked to this person.
    pub account: Option<String>,
}

pub async fn people(pool: &Pool) -> sqlx::Result<Vec<PersonOption>> {
    crate::db::query_as(
        "SELECT p.id, p.name, p.function, o.code AS unit_code,
                (SELECT min(u.username) FROM users u WHERE u.person_id = p.id) AS account
         FROM people p LEFT JOIN org_units o ON o.id = p.org_unit_id
         ORDER BY p.name, p.id",
    )
    .fetch_all(pool)
    .await
}

/// The name of a person and the account already linked to it, if any.
pub async fn person_for_account(
    conn: &mut Conn,
    person_id: i64,
) -> sqlx::Result<Option<(String, Option<i64>)>> {
    crate::db::query_as(
        "SELECT p.name, (SELECT min(u.id) FROM users u WHERE u.person_id = p.id)
         FROM people p WHERE p.id = ?",
    )
    .bind(person_id)
    .fetch_optional(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct UnitOption {
    pub id: i64,
    pub code: String,
    pub name: String,
}

impl UnitOption {
    pub fn label(&self) -> String {
        super::views::unit_label(&self.code, &self.name)
    }
}

pub async fn units(pool: &Pool) -> sqlx::Result<Vec<UnitOption>> {
    crate::db::query_as("SELECT id, code, name FROM org_units ORDER BY code")
        .fetch_all(pool)
        .await
}

pub async fn unit_exists(conn: &mut Conn, id: i64) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar("SELECT count(*) FROM org_units WHERE id = ?")
        .bind(id)
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

pub async fn insert_person(
    conn: &mut Conn,
    name: &str,
    function: &str,
    org_unit: Option<i64>,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO people (name, function, org_unit_id) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(name)
    .bind(function)
    .bind(org_unit)
    .fetch_one(conn)
    .await
}

// ------------------------------------------------------------------ audit log

#[derive(Debug, Clone, FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub actor_role: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub old_values: String,
    pub new_values: String,
}

/// The filters of the log page (all optional; checked by the handler).
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor_id: Option<i64>,
    /// `audit_log.entity` keys (logins are stored as `sitzung` with the user's id).
    pub entities: Vec<&'static str>,
    pub entity_id: Option<i64>,
    /// Stored UTC timestamps: entries after `after`, up to `until` inclusive.
    pub after: Option<String>,
    pub until: Option<String>,
    /// Only entries with an id below this (paging).
    pub before: Option<i64>,
    /// Actions to leave out (with `entities`: logins are not meeting entries).
    pub exclude_actions: Vec<&'static str>,
    pub only_actions: Vec<&'static str>,
}

fn push_filter(q: &mut QueryBuilder, f: &AuditFilter) {
    q.push(" WHERE 1 = 1");
    if let Some(a) = f.actor_id {
        q.push(" AND actor_id = ").push_bind(a);
    }
    let list = |q: &mut QueryBuilder, col: &str, not: bool, vals: &[&'static str]| {
        q.push(format!(" AND {col} {}IN (", if not { "NOT " } else { "" }));
        q.push_list(vals.iter().copied(), ", ").push(")");
    };
    if !f.entities.is_empty() {
        list(q, "entity", false, &f.entities);
    }
    if !f.only_actions.is_empty() {
        list(q, "action", false, &f.only_actions);
    }
    if !f.exclude_actions.is_empty() {
        list(q, "action", true, &f.exclude_actions);
    }
    if let Some(id) = f.entity_id {
        q.push(" AND entity_id = ").push_bind(id);
    }
    if let Some(after) = &f.after {
        q.push(" AND at > ").push_bind(after.clone());
    }
    if let Some(until) = &f.until {
        q.push(" AND at <= ").push_bind(until.clone());
    }
    if let Some(b) = f.before {
        q.push(" AND id < ").push_bind(b);
    }
}

const AUDIT_COLUMNS: &str = "SELECT id, at, actor_id, actor_name, actor_role, action, entity, entity_id, old_values, new_values FROM audit_log";

/// One page of the filtered log, newest first (`limit` None: all of it, for the CSV).
pub async fn audit_page(
    pool: &Pool,
    filter: &AuditFilter,
    limit: Option<i64>,
) -> sqlx::Result<Vec<AuditRow>> {
    let mut q = QueryBuilder::new(AUDIT_COLUMNS);
    push_filter(&mut q, filter);
    q.push(" ORDER BY id DESC");
    if let Some(l) = limit {
        q.push(" LIMIT ").push_bind(l);
    }
    q.build_query_as().fetch_all(pool).await
}

/// How many entries the filter matches.
pub async fn audit_count(pool: &Pool, filter: &AuditFilter) -> sqlx::Result<i64> {
    let mut q = QueryBuilder::new("SELECT count(*) FROM audit_log");
    push_filter(
        &mut q,
        &AuditFilter {
            before: None,
            ..filter.clone()
        },
    );
    q.build_query_scalar().fetch_one(pool).await
}

/// The people who acted (for the person filter): account id and name.
pub async fn actors(pool: &Pool) -> sqlx::Result<Vec<(i64, String, String)>> {
    crate::db::query_as(
        "SELECT u.id, u.display_name, u.username FROM users u
         WHERE EXISTS (SELECT 1 FROM audit_log a WHERE a.actor_id = u.id)
         ORDER BY u.display_name, u.username",
    )
    .fetch_all(pool)
    .await
}

/// `(id, a, b, parent)` rows for a set of ids from one table, in one query. `sql`
/// selects those four columns and ends with `WHERE <id column> IN (`.
pub async fn labels(
    pool: &Pool,
    sql: &'static str,
    ids: &[i64],
) -> sqlx::Result<Vec<(i64, String, String, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = QueryBuilder::new(sql);
    q.push_list(ids.iter().copied(), ", ").push(")");
    q.build_query_as().fetch_all(pool).await
}
