//! The cities (tenants) of a hosted PostgreSQL database: added, listed, disabled by the
//! database owner (`sachstand tenant …`); looked up by name for the CLI's `--tenant`.

use anyhow::Context;

use super::{Backend, Db, query, query_as, query_scalar};

/// One row of `sachstand tenant list`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Tenant {
    pub id: i64,
    pub name: String,
    pub host: String,
    pub active: bool,
    pub created_at: String,
}

fn ensure_pg(db: &Db) -> anyhow::Result<()> {
    anyhow::ensure!(
        db.backend() == Backend::Postgres,
        "Mandanten gibt es nur auf PostgreSQL; eine SQLite-Datei ist eine Stadt"
    );
    Ok(())
}

/// A tenant's name: lower-case letters, digits and hyphens (it appears in logs and URLs).
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Adds a city with its per-city seed rows (`sachstand_init_tenant`); as the owner.
pub async fn add(db: &Db, name: &str, host: &str) -> anyhow::Result<i64> {
    ensure_pg(db)?;
    anyhow::ensure!(
        valid_name(name),
        "Name „{name}“: nur Kleinbuchstaben, Ziffern und Bindestriche (höchstens 63 Zeichen)"
    );
    let host = crate::db::tenant::host_name(host);
    anyhow::ensure!(
        !host.is_empty() && !host.contains('/') && !host.contains(' '),
        "Ungültiger Hostname „{host}“ (z. B. sachstand.musterstadt.de)"
    );
    let mut tx = db.write.begin().await?;
    let taken: i64 = query_scalar("SELECT count(*) FROM tenants WHERE name = ? OR host = ?")
        .bind(name)
        .bind(&host)
        .fetch_one(&mut tx)
        .await?;
    anyhow::ensure!(
        taken == 0,
        "Eine Stadt mit dem Namen „{name}“ oder dem Host „{host}“ gibt es schon"
    );
    let id: i64 = query_scalar(
        "INSERT INTO tenants (name, host, active, created_at) VALUES (?, ?, TRUE, ?) RETURNING id",
    )
    .bind(name)
    .bind(&host)
    .bind(crate::domain::dates::now_utc())
    .fetch_one(&mut tx)
    .await
    .context("Stadt nicht angelegt (als Eigentümer der Datenbank verbunden?)")?;
    query("SELECT sachstand_init_tenant(?)")
        .bind(id)
        .execute(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn list(db: &Db) -> anyhow::Result<Vec<Tenant>> {
    ensure_pg(db)?;
    Ok(
        query_as("SELECT id, name, host, active, created_at FROM tenants ORDER BY name")
            .fetch_all(&db.read)
            .await?,
    )
}

/// Serves (`active`) a city or stops serving it; its data stays.
pub async fn set_active(db: &Db, name: &str, active: bool) -> anyhow::Result<()> {
    ensure_pg(db)?;
    let n = query("UPDATE tenants SET active = ? WHERE name = ?")
        .bind(active)
        .bind(name)
        .execute(&db.write)
        .await?
        .rows_affected();
    anyhow::ensure!(n == 1, "Keine Stadt mit dem Namen „{name}“");
    Ok(())
}

/// The id of the tenant called `name` (the CLI's `--tenant`).
pub async fn id_by_name(db: &Db, name: &str) -> anyhow::Result<i64> {
    ensure_pg(db)?;
    let id: Option<i64> = query_scalar("SELECT id FROM tenants WHERE name = ?")
        .bind(name)
        .fetch_optional(&db.read)
        .await?;
    id.with_context(|| {
        format!("Keine Stadt mit dem Namen „{name}“ (sachstand tenant list zeigt alle)")
    })
}

/// The ids of the cities being served (background work runs once for each).
pub async fn active_ids(db: &Db) -> sqlx::Result<Vec<i64>> {
    query_scalar("SELECT id FROM tenants WHERE active = TRUE ORDER BY id")
        .fetch_all(&db.read)
        .await
}

/// Refuses to serve as a role that row-level security does not bind (a superuser or
/// a role with BYPASSRLS would see every city).
pub async fn ensure_isolated_role(db: &Db) -> anyhow::Result<()> {
    let (superuser, bypass, owns): (bool, bool, bool) = query_as(
        "SELECT r.rolsuper, r.rolbypassrls,
                EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public' AND t.tableowner = current_user)
         FROM pg_roles r WHERE r.rolname = current_user",
    )
    .fetch_one(&db.read)
    .await?;
    anyhow::ensure!(
        !superuser && !bypass && !owns,
        "Sachstand verbindet sich hier als Eigentümer oder Superuser der Datenbank; die Trennung der Städte \
         wäre damit nicht sicher. Bitte als Anwendungsrolle (Mitglied von sachstand_app) verbinden (README, Betrieb beim IT-Dienstleister)."
    );
    Ok(())
}
