//! Administration: user accounts and the audit log (admins only), and creating an
//! account from the command line.

pub mod forms;
pub mod handlers;
pub mod queries;
pub mod views;

use axum::Router;
use axum::routing::{get, post};

use crate::audit::{self, Action, Entity};
use crate::auth::accounts;
use crate::web::AppState;
use handlers::{audit_log, users};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/verwaltung/benutzer",
            get(users::users).post(users::create_user),
        )
        .route("/verwaltung/benutzer/{id}/rolle", post(users::change_role))
        .route("/verwaltung/benutzer/{id}/aktiv", post(users::set_active))
        .route(
            "/verwaltung/benutzer/{id}/passwort",
            post(users::reset_password),
        )
        .route("/verwaltung/protokoll", get(audit_log::audit_log))
}

/// Creates an account from the command line (audited as actor "cli").
pub async fn create_account(
    db: &crate::db::Db,
    username: &str,
    display_name: &str,
    role: crate::domain::Role,
    password: &str,
) -> anyhow::Result<i64> {
    anyhow::ensure!(
        !username.is_empty() && username.len() <= 64 && forms::valid_username(username),
        "Ungültiger Benutzername (erlaubt: a–z, 0–9, . - _)"
    );
    let hash = crate::auth::password::hash_password(password)?;
    let mut tx = db.begin_write().await?;
    anyhow::ensure!(
        !accounts::username_taken(&mut tx, username).await?,
        "Benutzername „{username}“ ist bereits vergeben"
    );
    let now = crate::domain::dates::now_utc();
    let id = accounts::insert_user(&mut tx, username, display_name, role, &hash, &now).await?;
    audit::record(
        &mut tx,
        &audit::Actor::cli(),
        audit::Entry::new(Action::BenutzerAnlegen, Entity::Benutzer, Some(id))
            .after(forms::new_user_json(username, display_name, role)),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
