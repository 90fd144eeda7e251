//! Realistic, deterministic demo data for an empty database (`sachstand demo`, `serve --demo`).
//!
//! [`load`] runs the loaders in order; the data is written in the types of `spec` and
//! uses the domain's vocabularies and rules.

mod accounts;
mod assessments;
mod budget;
mod catalogue;
mod context;
mod measures;
mod meetings;
mod minutes;
mod organisation;
mod programme;
mod reports;
mod revisions;
mod spec;

use crate::db::{Conn, Pool};
use anyhow::bail;
use chrono::NaiveDate;

pub use accounts::DemoLogin;
use context::Ctx;

/// Loads the demo data in ONE transaction; refuses (Err with a German+English message "Die Datenbank ist nicht leer / database is not empty") when the tables users or measures already have rows.
pub async fn load(pool: &Pool, today: NaiveDate) -> anyhow::Result<Vec<DemoLogin>> {
    let hashes = accounts::hash_passwords()?;

    let mut tx = pool.begin_write().await?;
    ensure_empty(&mut tx).await?;
    let (units, people) = organisation::insert(&mut tx).await?;
    let ag_user = accounts::insert(&mut tx, &people, &hashes).await?;
    let ctx = Ctx {
        today,
        units,
        people,
        ag_user,
    };
    let programmes = programme::insert(&mut tx, &ctx).await?;
    let measure_ids = measures::insert(&mut tx, &ctx, &programmes).await?;
    assessments::insert(&mut tx, &ctx, &programmes, &measure_ids).await?;
    revisions::insert(&mut tx, &programmes).await?;
    meetings::insert(&mut tx, &ctx).await?;
    reports::insert(&mut tx, programmes.ids[programme::CORE], today).await?;
    meetings::draft_upcoming_joint_session(&mut tx, &ctx).await?;
    // the demo city publishes its transparency page (a fresh installation starts with it off)
    crate::db::query("UPDATE transparency_settings SET enabled = TRUE WHERE id = 1")
        .execute(&mut tx)
        .await?;
    tx.commit().await?;

    Ok(accounts::logins())
}

async fn ensure_empty(conn: &mut Conn) -> anyhow::Result<()> {
    let rows: i64 = crate::db::query_scalar(
        "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM measures)",
    )
    .fetch_one(&mut *conn)
    .await?;
    if rows > 0 {
        bail!("Die Datenbank ist nicht leer / database is not empty");
    }
    Ok(())
}

#[cfg(test)]
mod tests;
