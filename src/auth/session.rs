//! Server-side sessions in SQLite. The cookie holds 256 random bits; the table holds
//! only their SHA-256, so a copy of the database does not hand out live sessions.

use crate::db::Conn;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use crate::db::Db;
use crate::domain::Role;
use crate::domain::dates::now_utc;

pub const COOKIE: &str = "sachstand_sid";
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
/// last_seen_at is written at most this often (keeps reads cheap).
const TOUCH_EVERY: Duration = Duration::seconds(60);

/// The signed-in user of a request.
#[derive(Debug, Clone)]
pub struct Session {
    pub id_hash: String,
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub person_id: Option<i64>,
    pub csrf_token: String,
    /// The password was set by someone else: only the password change page is open.
    pub must_change_password: bool,
    /// The account comes from the directory or SSO (no local password to change).
    pub external: bool,
}

impl Session {
    /// The actor recorded in the audit log.
    pub fn actor(&self) -> crate::audit::Actor {
        crate::audit::Actor {
            id: Some(self.user_id),
            name: self.username.clone(),
            role: self.role.key().to_string(),
        }
    }
}

pub fn random_token() -> String {
    let bytes: [u8; 32] = rand::random();
    hex::encode(bytes)
}

pub fn hash_id(raw: &str) -> String {
    hex::encode(Sha256::digest(raw.as_bytes()))
}

/// Creates a session with a fresh id; returns the raw cookie value.
pub async fn create(conn: &mut Conn, user_id: i64) -> sqlx::Result<String> {
    create_bounded(conn, user_id, None).await
}

/// The same with a fixed end (sessions of directory accounts: `--directory-session-minutes`).
pub async fn create_bounded(
    conn: &mut Conn,
    user_id: i64,
    lifetime: Option<Duration>,
) -> sqlx::Result<String> {
    let raw = random_token();
    let now = now_utc();
    let expires =
        lifetime.map(|d| (Utc::now() + d).to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    crate::db::query(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(hash_id(&raw))
    .bind(user_id)
    .bind(random_token())
    .bind(&now)
    .bind(&now)
    .bind(expires)
    .execute(conn)
    .await?;
    Ok(raw)
}

#[derive(sqlx::FromRow)]
struct Row {
    user_id: i64,
    csrf_token: String,
    created_at: String,
    last_seen_at: String,
    username: String,
    display_name: String,
    role: String,
    person_id: Option<i64>,
    must_change_password: bool,
    expires_at: Option<String>,
    source: String,
}

/// Looks up a live session; expired ones are treated as absent.
pub async fn load(db: &Db, raw: &str) -> sqlx::Result<Option<Session>> {
    let id_hash = hash_id(raw);
    let row: Option<Row> = crate::db::query_as(
        "SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen_at, u.username, u.display_name, u.role, u.person_id, u.must_change_password, s.expires_at, u.source
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id_hash = ? AND u.active = TRUE",
    )
    .bind(&id_hash)
    .fetch_optional(&db.read)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let now = Utc::now();
    let parse = |s: &str| DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc));
    let (Ok(created), Ok(seen)) = (parse(&row.created_at), parse(&row.last_seen_at)) else {
        return Ok(None);
    };
    if now - seen > IDLE_TIMEOUT || now - created > ABSOLUTE_TIMEOUT {
        return Ok(None);
    }
    // A directory session's fixed end; an unreadable end counts as passed.
    if let Some(end) = &row.expires_at {
        match parse(end) {
            Ok(end) if now < end => {}
            _ => return Ok(None),
        }
    }
    let Some(role) = Role::parse(&row.role) else {
        return Ok(None);
    };
    if now - seen > TOUCH_EVERY {
        crate::db::query("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?")
            .bind(now_utc())
            .bind(&id_hash)
            .execute(&db.write)
            .await?;
    }
    Ok(Some(Session {
        id_hash,
        user_id: row.user_id,
        username: row.username,
        display_name: row.display_name,
        role,
        person_id: row.person_id,
        csrf_token: row.csrf_token,
        must_change_password: row.must_change_password,
        external: row.source != "local",
    }))
}

pub async fn delete(conn: &mut Conn, id_hash: &str) -> sqlx::Result<()> {
    crate::db::query("DELETE FROM sessions WHERE id_hash = ?")
        .bind(id_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of a user (password change, deactivation, role change).
pub async fn delete_all_of_user(conn: &mut Conn, user_id: i64) -> sqlx::Result<()> {
    crate::db::query("DELETE FROM sessions WHERE user_id = ?")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every other session of a user (own password change keeps the current one).
pub async fn delete_all_of_user_except(
    conn: &mut Conn,
    user_id: i64,
    keep_id_hash: &str,
) -> sqlx::Result<()> {
    crate::db::query("DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?")
        .bind(user_id)
        .bind(keep_id_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks the session as active now ("Sitzung verlängern").
/// Ends the account's calendar feed address (password reset, deactivation): a feed
/// token must not outlive the account's other credentials.
pub async fn revoke_calendar_token(conn: &mut Conn, user_id: i64) -> sqlx::Result<()> {
    crate::db::query("DELETE FROM calendar_tokens WHERE user_id = ?")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn touch(db: &Db, id_hash: &str) -> sqlx::Result<()> {
    crate::db::query("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?")
        .bind(now_utc())
        .bind(id_hash)
        .execute(&db.write)
        .await?;
    Ok(())
}

/// Reads one cookie from the request headers.
pub fn cookie_value<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// `Set-Cookie` value for a cookie that JavaScript cannot read.
/// The cookie's name: over HTTPS with the `__Host-` prefix, which the browser accepts
/// only from this host, `Secure`, with `Path=/` and no `Domain` — so a sibling
/// subdomain cannot plant or overwrite it.
pub fn cookie_name(base: &str, secure: bool) -> String {
    if secure {
        format!("__Host-{base}")
    } else {
        base.to_string()
    }
}

pub fn set_cookie(name: &str, value: &str, secure: bool, max_age: Option<i64>) -> String {
    let name = cookie_name(name, secure);
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        c.push_str("; Secure");
    }
    c
}
