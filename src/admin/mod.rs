//! Administration: user accounts and the audit log (admins only).

pub mod handlers;
pub mod queries;

use axum::Router;
use axum::routing::{get, post};

use crate::audit::{Action, Entity};
use crate::web::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/verwaltung/benutzer",
            get(handlers::users).post(handlers::create_user),
        )
        .route(
            "/verwaltung/benutzer/{id}/rolle",
            post(handlers::change_role),
        )
        .route(
            "/verwaltung/benutzer/{id}/aktiv",
            post(handlers::set_active),
        )
        .route(
            "/verwaltung/benutzer/{id}/passwort",
            post(handlers::reset_password),
        )
        .route("/verwaltung/protokoll", get(handlers::audit_log))
}

/// Creates an account from the command line (audited as actor "cli").
pub async fn create_account(
    db: &crate::Db,
    username: &str,
    display_name: &str,
    role: crate::domain::Role,
    password: &str,
) -> anyhow::Result<i64> {
    anyhow::ensure!(
        !username.is_empty()
            && username.len() <= 64
            && username
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')),
        "Ungültiger Benutzername (erlaubt: a–z, 0–9, . - _)"
    );
    let hash = crate::auth::password::hash_password(password)?;
    let mut tx = db.begin_write().await?;
    anyhow::ensure!(
        !queries::username_taken(&mut tx, username).await?,
        "Benutzername „{username}“ ist bereits vergeben"
    );
    let now = crate::domain::dates::now_utc();
    let id = queries::insert_user(&mut tx, username, display_name, role.key(), &hash, &now).await?;
    crate::audit::record(&mut tx, &crate::audit::Actor::cli(), crate::audit::Entry::new(Action::BenutzerAnlegen, Entity::Benutzer, Some(id)).before(serde_json::json!({}).clone()).after(serde_json::json!({"username": username, "display_name": display_name, "role": role.key()}).clone()))
    .await?;
    tx.commit().await?;
    Ok(id)
}
