//! Accounts from the city's directory or identity provider: the first login creates the
//! account with the role from its groups and links it to the person with the same e-mail;
//! every later login re-reads the role. Such accounts have no usable local password.

use crate::db::Conn;
use serde_json::json;

use crate::audit::{self, Action, Actor, Entity};
use crate::domain::Role;
use crate::domain::dates::now_utc;

/// Where an account comes from (`users.source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Ldap,
    Oidc,
}

impl Source {
    pub fn key(self) -> &'static str {
        match self {
            Source::Ldap => "ldap",
            Source::Oidc => "oidc",
        }
    }
}

/// What the directory or provider said about the user.
#[derive(Debug, Clone)]
pub struct Identity {
    pub source: Source,
    /// The DN (LDAP) or `issuer|sub` (OIDC): stable across logins.
    pub external_id: String,
    /// The login name for a new account (made unique if taken).
    pub login: String,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub role: Role,
}

/// The account a directory login signs in as.
#[derive(Debug, Clone)]
pub struct Account {
    pub id: i64,
    pub username: String,
    pub role: Role,
}

/// A stored password hash that no password matches (not a PHC string).
const NO_PASSWORD: &str = "!extern";

#[derive(sqlx::FromRow)]
struct Existing {
    id: i64,
    username: String,
    role: Role,
    active: bool,
    person_id: Option<i64>,
}

/// Creates or updates the account for a confirmed identity, in the caller's
/// transaction. `Ok(None)`: the account exists but an administrator deactivated it.
pub async fn sign_in(conn: &mut Conn, who: &Identity) -> sqlx::Result<Option<Account>> {
    let now = now_utc();
    let existing: Option<Existing> = crate::db::query_as(
        "SELECT id, username, role, active, person_id FROM users WHERE source = ? AND external_id = ?",
    )
    .bind(who.source.key())
    .bind(&who.external_id)
    .fetch_optional(&mut *conn)
    .await?;
    let account = match existing {
        Some(e) if !e.active => return Ok(None),
        Some(e) => {
            let actor = Actor {
                id: Some(e.id),
                name: e.username.clone(),
                role: who.role.key().to_string(),
            };
            if e.role != who.role {
                crate::auth::accounts::set_role(conn, e.id, who.role).await?;
                audit::record(
                    conn,
                    &actor,
                    audit::Entry::new(Action::RolleAendern, Entity::Benutzer, Some(e.id))
                        .before(json!({ "role": e.role.key() }))
                        .after(json!({ "role": who.role.key(), "quelle": who.source.key() })),
                )
                .await?;
            }
            if e.person_id.is_none() {
                link_person(conn, e.id, who, &actor).await?;
            }
            Account {
                id: e.id,
                username: e.username,
                role: who.role,
            }
        }
        None => {
            let username = free_username(conn, &who.login).await?;
            let display = who.display_name.clone().unwrap_or_else(|| username.clone());
            let id: i64 = crate::db::query_scalar(
                "INSERT INTO users (username, display_name, role, password_hash, active, created_at,
                    password_changed_at, source, external_id)
                 VALUES (?, ?, ?, ?, TRUE, ?, ?, ?, ?) RETURNING id",
            )
            .bind(&username)
            .bind(&display)
            .bind(who.role)
            .bind(NO_PASSWORD)
            .bind(&now)
            .bind(&now)
            .bind(who.source.key())
            .bind(&who.external_id)
            .fetch_one(&mut *conn)
            .await?;
            let actor = Actor {
                id: Some(id),
                name: username.clone(),
                role: who.role.key().to_string(),
            };
            audit::record(
                conn,
                &actor,
                audit::Entry::new(Action::BenutzerAnlegen, Entity::Benutzer, Some(id)).after(
                    json!({
                        "username": username,
                        "role": who.role.key(),
                        "quelle": who.source.key(),
                        "kennung": who.external_id,
                    }),
                ),
            )
            .await?;
            link_person(conn, id, who, &actor).await?;
            Account {
                id,
                username,
                role: who.role,
            }
        }
    };
    crate::db::query("UPDATE users SET directory_checked_at = ? WHERE id = ?")
        .bind(&now)
        .bind(account.id)
        .execute(&mut *conn)
        .await?;
    Ok(Some(account))
}

/// The id of the account an identity had, if any (to end its sessions on refusal).
pub async fn known_account(
    conn: &mut Conn,
    source: Source,
    external_id: &str,
) -> sqlx::Result<Option<i64>> {
    crate::db::query_scalar("SELECT id FROM users WHERE source = ? AND external_id = ?")
        .bind(source.key())
        .bind(external_id)
        .fetch_optional(conn)
        .await
}

/// `login`, or `login-2`, `login-3`, … when a local account already has the name.
async fn free_username(conn: &mut Conn, login: &str) -> sqlx::Result<String> {
    let base: String = login.trim().chars().take(90).collect();
    let base = if base.is_empty() {
        "konto".to_string()
    } else {
        base
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while crate::auth::accounts::username_taken(conn, &candidate).await? {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    Ok(candidate)
}

/// Links the account to the one person with the same e-mail address (case-insensitive)
/// that no other account belongs to yet.
async fn link_person(
    conn: &mut Conn,
    user_id: i64,
    who: &Identity,
    actor: &Actor,
) -> sqlx::Result<()> {
    let Some(email) = who
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    else {
        return Ok(());
    };
    let people: Vec<(i64, String)> = crate::db::query_as(
        "SELECT p.id, p.name FROM people p
         WHERE lower(trim(p.email)) = lower(?)
           AND NOT EXISTS (SELECT 1 FROM users u WHERE u.person_id = p.id)",
    )
    .bind(email)
    .fetch_all(&mut *conn)
    .await?;
    let [(person_id, name)] = people.as_slice() else {
        return Ok(());
    };
    crate::auth::accounts::set_person(conn, user_id, *person_id, name).await?;
    audit::record(
        conn,
        actor,
        audit::Entry::new(Action::PersonZuordnen, Entity::Benutzer, Some(user_id))
            .after(json!({ "person_id": person_id, "email": email })),
    )
    .await?;
    Ok(())
}
