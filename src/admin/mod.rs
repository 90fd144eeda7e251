//! Administration: user accounts and the audit log (admins only), and creating an
//! account from the command line.

pub mod audit_view;
pub mod forms;
pub mod handlers;
pub mod queries;
pub mod views;

use axum::Router;
use axum::routing::{get, post};

use crate::audit::{self, Action, Entity};
use crate::auth::accounts;
use crate::web::AppState;
use handlers::{account, audit_log, outbox, users};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/verwaltung/benutzer",
            get(users::users).post(users::create_user),
        )
        .route("/verwaltung/benutzer/{id}", get(account::show))
        .route(
            "/verwaltung/benutzer/{id}/person",
            post(account::set_person),
        )
        .route(
            "/verwaltung/benutzer/{id}/rolle",
            post(account::change_role),
        )
        .route("/verwaltung/benutzer/{id}/aktiv", post(account::set_active))
        .route(
            "/verwaltung/benutzer/{id}/deaktivieren",
            get(account::confirm_deactivate),
        )
        .route(
            "/verwaltung/benutzer/{id}/passwort",
            get(account::confirm_reset).post(account::reset_password),
        )
        .route("/verwaltung/protokoll", get(audit_log::audit_log))
        .route("/verwaltung/protokoll.csv", get(audit_log::audit_csv))
        .route("/verwaltung/postausgang", get(outbox::outbox))
        .route("/verwaltung/postausgang/{id}/erneut", post(outbox::retry))
}

/// Creates an account from the command line (audited as actor "cli") with a password
/// its owner chose.
pub async fn create_account(
    db: &crate::db::Db,
    username: &str,
    display_name: &str,
    role: crate::domain::Role,
    password: &str,
) -> anyhow::Result<i64> {
    create_account_with(db, username, display_name, role, password, false).await
}

/// The same; `must_change_password` for a generated password, which its owner must
/// replace at the first login.
pub async fn create_account_with(
    db: &crate::db::Db,
    username: &str,
    display_name: &str,
    role: crate::domain::Role,
    password: &str,
    must_change_password: bool,
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
    let new = accounts::NewAccount {
        username,
        display_name,
        role,
        person_id: None,
        must_change_password,
    };
    let id = accounts::insert_user(&mut tx, &new, &hash, &now).await?;
    audit::record(
        &mut tx,
        &audit::Actor::cli(),
        audit::Entry::new(Action::BenutzerAnlegen, Entity::Benutzer, Some(id))
            .after(forms::new_user_json(&new)),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}
