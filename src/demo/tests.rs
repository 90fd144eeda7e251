//! Consistency of the demo tables and a full load into a fresh database.

use chrono::NaiveDate;

use super::budget;
use super::catalogue::{CORE_MEASURES, ENTERPRISE_MEASURES, each};
use super::organisation::{PEOPLE, UNITS};
use super::spec::{Kind, Measure, When};
use crate::domain::{Ampel, SignOffState, Status};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default()
}

fn all_measures() -> impl Iterator<Item = &'static Measure> {
    each(CORE_MEASURES).chain(each(ENTERPRISE_MEASURES))
}

#[test]
fn every_measure_history_is_consistent_with_its_rules() {
    for m in all_measures() {
        let t = m.title;
        assert!((2..=6).contains(&m.history.len()), "{t}: 2–6 updates");
        assert!(UNITS.iter().any(|u| u.0 == m.unit), "{t}: unit {}", m.unit);
        assert!(
            PEOPLE.iter().any(|p| p.0 == m.person),
            "{t}: person {}",
            m.person
        );
        assert!(m.planned.0 < m.planned.1, "{t}: planned start before end");
        for u in m.history {
            assert!((0..=100).contains(&u.3), "{t}: progress");
            if u.1 == Status::Abgeschlossen {
                assert_eq!(
                    (u.2, u.3),
                    (Ampel::Gruen, 100),
                    "{t}: completed is green and 100 %"
                );
            }
            if u.1 == Status::Geplant {
                assert_eq!(u.3, 0, "{t}: planned measures have no progress");
            }
            if u.2 != Ampel::Gruen {
                assert!(m.risk.is_some(), "{t}: amber/red needs reason and options");
            }
            assert!(u.0.date(today()).is_ok(), "{t}: date");
        }
        for w in m.history.windows(2) {
            assert!(w[0].3 <= w[1].3, "{t}: progress never falls");
        }
        if let Some(ozg) = m.ozg {
            assert!(
                ozg.0.len() == 14 && ozg.0.bytes().all(|b| b.is_ascii_digit()),
                "{t}: LeiKa key"
            );
            let max = if ozg.1 == "1.1" { 4 } else { 7 };
            assert!((0..=max).contains(&ozg.2), "{t}: maturity level");
        }
        for s in m.sign_offs {
            assert_eq!(
                s.3.is_none(),
                s.1 == SignOffState::Offen,
                "{t}: decided sign-offs carry a date"
            );
        }
    }
}

#[test]
fn status_and_ampel_spread_is_realistic() {
    let current: Vec<_> = each(CORE_MEASURES)
        .filter_map(|m| m.history.last())
        .collect();
    let count_status = |s| current.iter().filter(|u| u.1 == s).count();
    let count_ampel = |a| current.iter().filter(|u| u.2 == a).count();
    assert!(each(CORE_MEASURES).count() >= 43);
    assert!(count_status(Status::Abgeschlossen) >= 5);
    assert_eq!(count_status(Status::Zurueckgestellt), 2);
    assert_eq!(count_status(Status::Verworfen), 1);
    assert_eq!(count_ampel(Ampel::Gelb), 6);
    assert_eq!(count_ampel(Ampel::Rot), 3);
    let stale = each(CORE_MEASURES)
        .filter_map(|m| m.history.last())
        .filter(|u| matches!(u.0, When::Rel(days) if days < -28))
        .count();
    assert_eq!(stale, 5, "five measures wait for an update");
}

#[test]
fn budget_shows_adopted_years_actuals_and_deviations() {
    let seed = 7;
    let e_invoice = each(CORE_MEASURES)
        .find(|m| m.title.starts_with("E-Rechnung"))
        .expect("E-Rechnung exists");
    let lines = budget::lines(e_invoice, Status::Umsetzung, today(), seed);
    let once = lines.iter().find(|l| l.year == 2025 && l.kind == Kind::Inv);
    assert!(
        once.is_some_and(|l| l.actual > l.approved),
        "overrun on the one-time line"
    );
    for l in &lines {
        if l.year > 2026 {
            assert_eq!((l.approved, l.actual), (0, 0), "future years: plan only");
        }
        assert!(l.planned > 0);
    }
    assert!(budget::lines(e_invoice, Status::Verworfen, today(), seed).is_empty());
    let preparing = budget::lines(e_invoice, Status::Vorbereitung, today(), seed);
    assert!(
        preparing.iter().all(|l| l.actual == 0),
        "no spending before implementation"
    );
}

/// A migrated database in a temp folder (kept alive by the returned guard).
async fn fresh_pool() -> anyhow::Result<Fresh> {
    let dir = tempfile::tempdir()?;
    let db = crate::db::Db::open(&dir.path().join("demo.db")).await?;
    db.migrate().await?;
    Ok(Fresh { _dir: dir, db })
}

struct Fresh {
    _dir: tempfile::TempDir,
    db: crate::db::Db,
}

impl std::ops::Deref for Fresh {
    type Target = crate::db::Pool;
    fn deref(&self) -> &crate::db::Pool {
        &self.db.write
    }
}

async fn count(pool: &crate::db::Pool, sql: &'static str) -> anyhow::Result<i64> {
    Ok(crate::db::query_scalar(sql).fetch_one(pool).await?)
}

#[tokio::test]
async fn loads_into_an_empty_database_and_refuses_a_second_time() -> anyhow::Result<()> {
    let pool = fresh_pool().await?;
    let logins = super::load(&pool, today()).await?;
    assert_eq!(logins.len(), 4);
    assert!(logins.iter().all(|l| l.password.chars().count() >= 12));

    assert_eq!(count(&pool, "SELECT COUNT(*) FROM measures").await?, 51);
    assert_eq!(
        count(&pool, "SELECT COUNT(*) FROM pragma_foreign_key_check").await?,
        0
    );
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM audit_log").await?, 0);
    let mismatched = "SELECT COUNT(*) FROM measures m JOIN status_updates s ON s.measure_id = m.id
        WHERE s.created_at = (SELECT MAX(created_at) FROM status_updates WHERE measure_id = m.id)
          AND (s.status, s.ampel, s.progress, s.created_at)
              IS NOT (m.status, m.ampel, m.progress, m.last_update_at)";
    assert_eq!(
        count(&pool, mismatched).await?,
        0,
        "latest update equals the measure"
    );
    let own = "SELECT COUNT(*) FROM measures m JOIN users u ON u.person_id = m.person_id
        WHERE u.username = 'ag' AND m.archived_at IS NULL";
    assert!(
        count(&pool, own).await? >= 3,
        "the AG login has own measures"
    );
    let offen = "SELECT COUNT(*) FROM sign_offs WHERE state = 'offen'";
    assert!(count(&pool, offen).await? >= 4);

    let again = super::load(&pool, today()).await;
    let message = again.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("nicht leer"), "{message}");
    Ok(())
}
