//! The user accounts table: the queries that login, the own account (password change)
//! and user administration share. Auth owns accounts; the pages live in the features.

use crate::db::{Conn, Pool};
use sqlx::FromRow;

use crate::domain::Role;

#[derive(Debug, Clone, FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub created_at: String,
    /// The person of the organisation this account belongs to, with their unit.
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
    /// Someone else set the password: it must be changed at the next login.
    pub must_change_password: bool,
    /// `local`, or `ldap` / `oidc` for accounts of the city's directory or SSO.
    pub source: String,
}

const USER_SELECT: &str = "SELECT u.id, u.username, u.display_name, u.role, u.active, u.created_at,
        u.person_id, p.name AS person_name, o.code AS unit_code, o.name AS unit_name,
        u.must_change_password, u.source
     FROM users u LEFT JOIN people p ON p.id = u.person_id
     LEFT JOIN org_units o ON o.id = p.org_unit_id";

pub async fn users(pool: &Pool) -> sqlx::Result<Vec<UserRow>> {
    crate::db::query_as(sqlx::AssertSqlSafe(format!(
        "{USER_SELECT} ORDER BY u.username"
    )))
    .fetch_all(pool)
    .await
}

pub async fn user(conn: &mut Conn, id: i64) -> sqlx::Result<Option<UserRow>> {
    crate::db::query_as(sqlx::AssertSqlSafe(format!("{USER_SELECT} WHERE u.id = ?")))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn username_taken(conn: &mut Conn, username: &str) -> sqlx::Result<bool> {
    let n: i64 = crate::db::query_scalar("SELECT count(*) FROM users WHERE username = ?")
        .bind(username)
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

/// A new account's fields besides its password hash.
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub person_id: Option<i64>,
    /// The password was generated or chosen by someone else.
    pub must_change_password: bool,
}

pub async fn insert_user(
    conn: &mut Conn,
    new: &NewAccount<'_>,
    password_hash: &str,
    now: &str,
) -> sqlx::Result<i64> {
    crate::db::query_scalar(
        "INSERT INTO users (username, display_name, role, password_hash, active, created_at, password_changed_at, person_id, must_change_password)
         VALUES (?, ?, ?, ?, TRUE, ?, ?, ?, ?) RETURNING id",
    )
    .bind(new.username)
    .bind(new.display_name)
    .bind(new.role)
    .bind(password_hash)
    .bind(now)
    .bind(now)
    .bind(new.person_id)
    .bind(new.must_change_password)
    .fetch_one(conn)
    .await
}

/// Links an account to a person (and shows the person's name as the account's name).
pub async fn set_person(
    conn: &mut Conn,
    id: i64,
    person_id: i64,
    display_name: &str,
) -> sqlx::Result<()> {
    crate::db::query("UPDATE users SET person_id = ?, display_name = ? WHERE id = ?")
        .bind(person_id)
        .bind(display_name)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_role(conn: &mut Conn, id: i64, role: Role) -> sqlx::Result<()> {
    crate::db::query("UPDATE users SET role = ? WHERE id = ?")
        .bind(role)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_active(conn: &mut Conn, id: i64, active: bool) -> sqlx::Result<()> {
    crate::db::query("UPDATE users SET active = ? WHERE id = ?")
        .bind(active)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_password(
    conn: &mut Conn,
    id: i64,
    hash: &str,
    now: &str,
    must_change: bool,
) -> sqlx::Result<()> {
    crate::db::query(
        "UPDATE users SET password_hash = ?, password_changed_at = ?, must_change_password = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
    )
    .bind(hash)
    .bind(now)
    .bind(must_change)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn password_hash(pool: &Pool, id: i64) -> sqlx::Result<Option<String>> {
    crate::db::query_scalar("SELECT password_hash FROM users WHERE id = ?")
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn active_admins(conn: &mut Conn) -> sqlx::Result<i64> {
    crate::db::query_scalar("SELECT count(*) FROM users WHERE role = 'admin' AND active = TRUE")
        .fetch_one(conn)
        .await
}

// ------------------------------------------------------------------ login

/// An active account as the login checks it.
#[derive(Debug, Clone, FromRow)]
pub struct LoginAccount {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub password_hash: String,
    pub must_change_password: bool,
}

pub async fn active_account(pool: &Pool, username: &str) -> sqlx::Result<Option<LoginAccount>> {
    crate::db::query_as(
        "SELECT id, username, role, password_hash, must_change_password FROM users WHERE username = ? AND active = TRUE AND source = 'local'",
    )
    .bind(username)
    .fetch_optional(pool)
    .await
}

/// Failed attempts since the last unlock or password reset (a successful login does
/// not reset it, so 0 while delays are in force means an administrator lifted them).
pub async fn stored_failures(pool: &Pool, username: &str) -> sqlx::Result<Option<i64>> {
    crate::db::query_scalar("SELECT failed_logins FROM users WHERE username = ? AND active = TRUE")
        .bind(username)
        .fetch_optional(pool)
        .await
}

/// Counts a failed attempt (it locks nothing: `auth::throttle` delays instead).
pub async fn count_failure(pool: &Pool, id: i64) -> sqlx::Result<()> {
    crate::db::query("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// `sachstand user unlock`: the stored count back to 0.
pub async fn clear_failures(conn: &mut Conn, id: i64) -> sqlx::Result<()> {
    crate::db::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
