//! The storage contract: pragmas checked at start-up, and a restored backup serves the
//! same data over HTTP.

use sachstand::domain::Role;
use sachstand::{AppState, Db};

use crate::support::{Browser, PASSWORD, serve, spawn_app};

#[tokio::test]
async fn start_up_check_reports_wal_foreign_keys_busy_timeout_and_a_recent_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("s.db")).await.unwrap();
    db.migrate().await.unwrap();
    let p = db.check_startup().await.unwrap();
    assert_eq!(p.journal_mode, "wal");
    assert!(p.foreign_keys);
    assert!(p.busy_timeout_ms >= 5000);
    let v: Vec<u32> = p
        .sqlite_version
        .split('.')
        .map(|x| x.parse().unwrap())
        .collect();
    assert!(
        (v[0], v[1], v[2]) >= (3, 51, 3),
        "bundled SQLite {} < 3.51.3",
        p.sqlite_version
    );
    // foreign keys are really enforced on the write connection
    let bad = sachstand::db::query(
        "INSERT INTO fields (programme_id, code, title, position) VALUES (999, 'X', 'x', 1)",
    )
    .execute(&db.write)
    .await;
    assert!(bad.is_err());
    println!(
        "sqlite {} journal_mode={} foreign_keys={} busy_timeout={}",
        p.sqlite_version, p.journal_mode, p.foreign_keys, p.busy_timeout_ms
    );
}

#[tokio::test]
async fn a_restored_backup_serves_the_same_data() {
    if crate::support::on_postgres() {
        println!(
            "a_restored_backup_serves_the_same_data: SQLite only (the backup is a copy of the database file; on PostgreSQL it is pg_dump, README \"Betrieb beim IT-Dienstleister\")"
        );
        return;
    }
    let app = spawn_app().await;
    let seed = app.seed(3).await;
    let mut ag = app.signed_in("ag1", Role::Ag).await;
    let id = seed.measures[1];
    ag.get(&format!("/massnahmen/{id}")).await;
    ag.post(
        &format!("/massnahmen/{id}/sachstand"),
        &[
            ("status", "umsetzung"),
            ("ampel", "gruen"),
            ("progress", "70"),
            ("text", "Vor der Sicherung gemeldet"),
        ],
    )
    .await;
    let original = ag.get(&format!("/massnahmen/{id}")).await;

    let backup = app.dir.path().join("sicherung.db");
    app.db.backup(&backup).await.unwrap();
    // restore = the backup file becomes the database of a new server
    let restored_path = app.dir.path().join("wiederhergestellt.db");
    std::fs::copy(&backup, &restored_path).unwrap();
    let restored = Db::open(&restored_path).await.unwrap();
    restored.migrate().await.unwrap();
    let base = serve(sachstand::app(AppState::new(restored, false))).await;
    let mut b = Browser::new(&base);
    assert_eq!(b.login("ag1", PASSWORD).await.status, 303);
    let page = b.get(&format!("/massnahmen/{id}")).await;
    assert!(page.body.contains("Vor der Sicherung gemeldet"));
    let main_of = |html: &str| {
        html.split_once("<main")
            .map(|(_, m)| {
                m.split_once("</main>")
                    .map(|x| x.0.to_string())
                    .unwrap_or_default()
            })
            .unwrap_or_default()
    };
    // identical content apart from the per-session CSRF token
    let strip = |s: String| {
        regex_lite::Regex::new("[0-9a-f]{64}")
            .unwrap()
            .replace_all(&s, "TOKEN")
            .into_owned()
    };
    assert_eq!(strip(main_of(&original.body)), strip(main_of(&page.body)));
    // refuses to overwrite
    assert!(app.db.backup(&backup).await.is_err());
}
