//! The user accounts table: the queries that login, the own account (password change)
//! and user administration share. Auth owns accounts; the pages live in the features.

use sqlx::{FromRow, SqliteConnection, SqlitePool};

use crate::domain::Role;

#[derive(Debug, Clone, FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub created_at: String,
}

const USER_SELECT: &str = "SELECT id, username, display_name, role, active, created_at FROM users";

pub async fn users(pool: &SqlitePool) -> sqlx::Result<Vec<UserRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{USER_SELECT} ORDER BY username"
    )))
    .fetch_all(pool)
    .await
}

pub async fn user(conn: &mut SqliteConnection, id: i64) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("{USER_SELECT} WHERE id = ?")))
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub async fn username_taken(conn: &mut SqliteConnection, username: &str) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM users WHERE username = ?")
        .bind(username)
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

pub async fn insert_user(
    conn: &mut SqliteConnection,
    username: &str,
    display_name: &str,
    role: Role,
    password_hash: &str,
    now: &str,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO users (username, display_name, role, password_hash, active, created_at, password_changed_at)
         VALUES (?, ?, ?, ?, 1, ?, ?) RETURNING id",
    )
    .bind(username)
    .bind(display_name)
    .bind(role)
    .bind(password_hash)
    .bind(now)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn set_role(conn: &mut SqliteConnection, id: i64, role: Role) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET role = ? WHERE id = ?")
        .bind(role)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_active(conn: &mut SqliteConnection, id: i64, active: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET active = ? WHERE id = ?")
        .bind(active)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn set_password(
    conn: &mut SqliteConnection,
    id: i64,
    hash: &str,
    now: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE users SET password_hash = ?, password_changed_at = ?, failed_logins = 0, locked_until = NULL WHERE id = ?",
    )
    .bind(hash)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn password_hash(pool: &SqlitePool, id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE id = ?")
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn active_admins(conn: &mut SqliteConnection) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM users WHERE role = 'admin' AND active = 1")
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
}

pub async fn active_account(
    pool: &SqlitePool,
    username: &str,
) -> sqlx::Result<Option<LoginAccount>> {
    sqlx::query_as(
        "SELECT id, username, role, password_hash FROM users WHERE username = ? AND active = 1",
    )
    .bind(username)
    .fetch_optional(pool)
    .await
}

/// Failed attempts since the last unlock or password reset (a successful login does
/// not reset it, so 0 while delays are in force means an administrator lifted them).
pub async fn stored_failures(pool: &SqlitePool, username: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT failed_logins FROM users WHERE username = ? AND active = 1")
        .bind(username)
        .fetch_optional(pool)
        .await
}

/// Counts a failed attempt (it locks nothing: `auth::throttle` delays instead).
pub async fn count_failure(pool: &SqlitePool, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// `sachstand user unlock`: the stored count back to 0.
pub async fn clear_failures(conn: &mut SqliteConnection, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
