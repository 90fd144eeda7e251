//! Who gets a mail: people with an address, the Leitung's accounts, an account's person.

use crate::db::Conn;
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct Recipient {
    pub person_id: i64,
    pub name: String,
    pub email: String,
}

/// "Guten Tag Erika Muster,"
pub fn greeting(name: &str) -> String {
    format!("Guten Tag {name},")
}

/// A meeting title after "der" / "zur" (genitive and dative):
/// "Gemeinsame Quartalsberatung am …" → "Gemeinsamen Quartalsberatung am …".
pub fn after_article(title: &str) -> String {
    match title.strip_prefix("Gemeinsame ") {
        Some(rest) => format!("Gemeinsamen {rest}"),
        None => title.to_string(),
    }
}

/// The active Leitung accounts linked to a person with an e-mail address.
pub async fn leitung(conn: &mut Conn) -> sqlx::Result<Vec<Recipient>> {
    crate::db::query_as(
        "SELECT DISTINCT p.id AS person_id, p.name, p.email FROM users u
         JOIN people p ON p.id = u.person_id
         WHERE u.role = 'leitung' AND u.active = TRUE AND COALESCE(trim(p.email), '') <> ''
         ORDER BY p.name",
    )
    .fetch_all(conn)
    .await
}

/// The person of an account, if it has an address.
pub async fn of_user(conn: &mut Conn, user_id: i64) -> sqlx::Result<Option<Recipient>> {
    crate::db::query_as(
        "SELECT p.id AS person_id, p.name, p.email FROM users u JOIN people p ON p.id = u.person_id
         WHERE u.id = ? AND COALESCE(trim(p.email), '') <> ''",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await
}
