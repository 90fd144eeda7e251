//! The demo accounts: one login per role, created with hashed passwords.

use crate::db::Conn;
use anyhow::Context;
use chrono::Utc;

use super::context::{Ids, id_of};
use super::organisation::PEOPLE;
use crate::auth::password::hash_password;
use crate::domain::Role;

/// A demo account as printed after loading.
pub struct DemoLogin {
    pub username: String,
    pub password: String,
    /// The role's key (`admin`, `ag`, `leitung`, `rat`).
    pub role: &'static str,
    pub label: &'static str,
}

struct Login {
    username: &'static str,
    password: &'static str,
    role: Role,
    label: &'static str,
    /// Fixed display name; `None` uses the linked person's name.
    display: Option<&'static str>,
    person: Option<&'static str>,
}

#[rustfmt::skip]
const LOGINS: &[Login] = &[
    Login { username: "admin", password: "Demo-Admin-2026", role: Role::Admin, label: "Administration", display: Some("Administration (EDV)"), person: None },
    Login { username: "ag", password: "Demo-AG-2026!", role: Role::Ag, label: "AG-Mitglied", display: None, person: Some("sbdig") },
    Login { username: "ob", password: "Demo-Leitung-2026", role: Role::Leitung, label: "Leitung (OB)", display: None, person: Some("ob") },
    Login { username: "rat", password: "Demo-Rat-2026!", role: Role::Rat, label: "Ratsmitglied", display: Some("Ratsmitglied (Demo)"), person: None },
];

/// Hashes the passwords of the demo logins (Argon2 is slow: do it before the write
/// transaction is opened).
pub(super) fn hash_passwords() -> anyhow::Result<Vec<String>> {
    LOGINS
        .iter()
        .map(|login| hash_password(login.password))
        .collect()
}

/// The logins as printed after loading.
pub(super) fn logins() -> Vec<DemoLogin> {
    LOGINS
        .iter()
        .map(|login| DemoLogin {
            username: login.username.to_owned(),
            password: login.password.to_owned(),
            role: login.role.key(),
            label: login.label,
        })
        .collect()
}

/// Creates the demo accounts and returns the id of the AG member's account.
pub(super) async fn insert(
    conn: &mut Conn,
    people: &Ids,
    hashes: &[String],
) -> anyhow::Result<i64> {
    let now = Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut ag_user = None;
    for (login, hash) in LOGINS.iter().zip(hashes) {
        let person_id = login
            .person
            .map(|p| id_of(people, p, "Person"))
            .transpose()?;
        let display = match (login.display, login.person) {
            (Some(display), _) => display,
            (None, Some(key)) => PEOPLE
                .iter()
                .find(|person| person.0 == key)
                .map(|person| person.1)
                .with_context(|| format!("Demodaten: unbekannte Person „{key}“"))?,
            (None, None) => login.username,
        };
        let id = crate::db::query_scalar::<i64>(
            "INSERT INTO users (username, display_name, role, password_hash, active, person_id,
                                failed_logins, created_at, password_changed_at)
             VALUES (?, ?, ?, ?, TRUE, ?, 0, ?, ?) RETURNING id",
        )
        .bind(login.username)
        .bind(display)
        .bind(login.role)
        .bind(hash)
        .bind(person_id)
        .bind(&now)
        .bind(&now)
        .fetch_one(&mut *conn)
        .await?;
        if login.role == Role::Ag {
            ag_user = Some(id);
        }
    }
    ag_user.context("Demodaten: kein AG-Konto definiert")
}
