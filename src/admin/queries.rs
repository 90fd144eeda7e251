//! SQL of user administration and the audit log view.

use sqlx::{FromRow, SqliteConnection, SqlitePool};

#[derive(Debug, Clone, FromRow)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub active: bool,
    pub created_at: String,
}

pub async fn users(pool: &SqlitePool) -> sqlx::Result<Vec<UserRow>> {
    sqlx::query_as(
        "SELECT id, username, display_name, role, active, created_at FROM users ORDER BY username",
    )
    .fetch_all(pool)
    .await
}

pub async fn user(conn: &mut SqliteConnection, id: i64) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(
        "SELECT id, username, display_name, role, active, created_at FROM users WHERE id = ?",
    )
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
    role: &str,
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

pub async fn set_role(conn: &mut SqliteConnection, id: i64, role: &str) -> sqlx::Result<()> {
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

#[derive(Debug, Clone, FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor_name: String,
    pub actor_role: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub old_values: String,
    pub new_values: String,
}

pub async fn audit_page(
    pool: &SqlitePool,
    before: Option<i64>,
    limit: i64,
) -> sqlx::Result<Vec<AuditRow>> {
    sqlx::query_as(
        "SELECT id, at, actor_name, actor_role, action, entity, entity_id, old_values, new_values
         FROM audit_log WHERE (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?",
    )
    .bind(before)
    .bind(before)
    .bind(limit)
    .fetch_all(pool)
    .await
}
