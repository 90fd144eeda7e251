//! The administrators' way in from the command line, for when nobody can log in:
//! `sachstand user unlock NAME` lifts the login delays of an account, `sachstand user
//! password NAME` sets a new password. Both are audited as done by the command line.

use anyhow::{Context, bail};
use serde_json::json;

use crate::audit::{self, Action, Actor, Entity, Entry};
use crate::db::Db;
use crate::domain::dates::now_utc;

async fn user_id(conn: &mut crate::db::Conn, username: &str) -> anyhow::Result<i64> {
    let id: Option<i64> = crate::db::query_scalar("SELECT id FROM users WHERE username = ?")
        .bind(username)
        .fetch_optional(&mut *conn)
        .await?;
    match id {
        Some(id) => Ok(id),
        None => bail!("Benutzer „{username}“ gibt es nicht"),
    }
}

/// Resets the stored failure count; a running server sees the reset at the account's
/// next login attempt and lifts the account-wide delay (`auth::throttle`).
pub async fn unlock(db: &Db, username: &str) -> anyhow::Result<()> {
    let mut tx = db.begin_write().await?;
    let id = user_id(&mut tx, username).await?;
    let before: i64 = crate::db::query_scalar("SELECT failed_logins FROM users WHERE id = ?")
        .bind(id)
        .fetch_one(&mut tx)
        .await?;
    super::accounts::clear_failures(&mut tx, id).await?;
    audit::record(
        &mut tx,
        &Actor::cli(),
        Entry::new(Action::BenutzerEntsperren, Entity::Benutzer, Some(id))
            .before(json!({"failed_logins": before}))
            .after(json!({"failed_logins": 0})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a new password (already checked against the policy), ends every session of
/// the account and revokes its calendar feed address. The account must choose its own
/// password at the next login (the operator knows this one).
pub async fn reset_password(db: &Db, username: &str, password: &str) -> anyhow::Result<()> {
    let hash = super::password::hash_password(password).context("Passwort hashen")?;
    let mut tx = db.begin_write().await?;
    let id = user_id(&mut tx, username).await?;
    let now = now_utc();
    super::accounts::set_password(&mut tx, id, &hash, &now, true).await?;
    super::session::delete_all_of_user(&mut tx, id).await?;
    super::session::revoke_calendar_token(&mut tx, id).await?;
    audit::record(
        &mut tx,
        &Actor::cli(),
        Entry::new(Action::PasswortZuruecksetzen, Entity::Benutzer, Some(id))
            .after(json!({"password_changed_at": now, "must_change_password": true})),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
