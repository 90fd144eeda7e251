//! The command line as an operator uses it: clear errors, exit codes, no partial state.

use std::io::Write;
use std::process::Stdio;

use crate::support::{bin, run_cli};

#[test]
fn a_bad_flag_is_an_error_not_a_panic() {
    let (code, _, err) = run_cli(&["serve", "--gibt-es-nicht"], None);
    assert_ne!(code, 0);
    assert!(err.contains("--gibt-es-nicht"), "{err}");
    assert!(!err.contains("panicked"));
    let (code, _, err) = run_cli(&["serve", "--addr", "kein-port"], None);
    assert_ne!(code, 0);
    assert!(err.contains("kein-port"), "{err}");
}

#[test]
fn migrate_is_idempotent_and_user_add_prints_a_generated_password_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let db = db.to_str().unwrap();
    assert_eq!(run_cli(&["migrate", "--db", db], None).0, 0);
    assert_eq!(run_cli(&["migrate", "--db", db], None).0, 0);
    let (code, out, _) = run_cli(&["user", "add", "edv", "--role", "admin", "--db", db], None);
    assert_eq!(code, 0);
    assert!(
        out.contains("Passwort (wird nur einmal angezeigt): "),
        "{out}"
    );
    let (code, _, err) = run_cli(&["user", "add", "edv", "--role", "admin", "--db", db], None);
    assert_ne!(code, 0);
    assert!(err.contains("bereits vergeben"), "{err}");
    let (code, out, _) = run_cli(
        &[
            "user",
            "add",
            "rat1",
            "--role",
            "rat",
            "--password-stdin",
            "--db",
            db,
        ],
        Some("ein langes Passwort\n"),
    );
    assert_eq!(code, 0);
    assert!(
        !out.contains("Passwort ("),
        "no password printed with --password-stdin"
    );
    let (code, _, err) = run_cli(
        &[
            "user",
            "add",
            "rat2",
            "--role",
            "rat",
            "--password-stdin",
            "--db",
            db,
        ],
        Some("kurz\n"),
    );
    assert_ne!(code, 0);
    assert!(err.contains("mindestens 12 Zeichen"), "{err}");
    let (code, _, err) = run_cli(&["user", "add", "x", "--role", "kaiser", "--db", db], None);
    assert_ne!(code, 0);
    assert!(err.contains("kaiser"), "{err}");
}

#[test]
fn a_file_that_is_not_a_database_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kaputt.db");
    std::fs::write(
        &path,
        b"das ist keine SQLite-Datei, sondern Text. ".repeat(200),
    )
    .unwrap();
    let before = std::fs::read(&path).unwrap();
    let (code, _, err) = run_cli(&["migrate", "--db", path.to_str().unwrap()], None);
    assert_ne!(code, 0);
    assert!(err.contains("Fehler"), "{err}");
    assert!(!err.contains("panicked"));
    assert_eq!(before, std::fs::read(&path).unwrap());

    let (code, _, err) = run_cli(&["migrate", "--db", "/gibt/es/nicht/s.db"], None);
    assert_ne!(code, 0);
    assert!(err.contains("existiert nicht"), "{err}");
}

#[test]
fn a_port_in_use_fails_before_anything_is_written() {
    let holder = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = holder.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let (code, _, err) = run_cli(
        &[
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--db",
            db.to_str().unwrap(),
        ],
        None,
    );
    assert_ne!(code, 0);
    assert!(err.contains("nicht verfügbar"), "{err}");
    assert!(
        !db.exists(),
        "no database file for a server that never started"
    );
}

#[tokio::test]
async fn a_locked_database_is_reported_after_the_busy_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    assert_eq!(
        run_cli(&["migrate", "--db", path.to_str().unwrap()], None).0,
        0
    );
    // another process holds an exclusive lock
    let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(&path);
    let mut conn = sqlx::ConnectOptions::connect(&opts).await.unwrap();
    sqlx::query("PRAGMA locking_mode = EXCLUSIVE")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("BEGIN EXCLUSIVE")
        .execute(&mut conn)
        .await
        .unwrap();
    let p = path.to_str().unwrap().to_string();
    let (code, _, err) = tokio::task::spawn_blocking(move || {
        run_cli(
            &[
                "user",
                "add",
                "x",
                "--role",
                "ag",
                "--password-stdin",
                "--db",
                &p,
            ],
            Some("ein langes Passwort"),
        )
    })
    .await
    .unwrap();
    assert_ne!(code, 0);
    assert!(err.contains("Fehler"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    sqlx::query("ROLLBACK").execute(&mut conn).await.unwrap();
}

#[test]
fn demo_refuses_a_database_with_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let db = db.to_str().unwrap();
    assert_eq!(
        run_cli(&["user", "add", "edv", "--role", "admin", "--db", db], None).0,
        0
    );
    let (code, _, err) = run_cli(&["demo", "--db", db], None);
    assert_ne!(code, 0);
    assert!(err.contains("nicht leer"), "{err}");
}

#[tokio::test]
async fn backup_copies_a_live_database_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("live.db");
    let db = db_path.to_str().unwrap().to_string();
    assert_eq!(
        run_cli(
            &["user", "add", "edv", "--role", "admin", "--db", &db],
            None
        )
        .0,
        0
    );
    // keep writing while the backup runs
    let live = sachstand::Db::open(&db_path).await.unwrap();
    let writer = tokio::spawn(async move {
        for i in 0..200 {
            sachstand::db::query("INSERT INTO org_units (code, name) VALUES (?, 'Einheit')")
                .bind(format!("E{i}"))
                .execute(&live.write)
                .await
                .unwrap();
        }
        live
    });
    let target = dir.path().join("sicherung.db");
    let t = target.to_str().unwrap().to_string();
    let d = db.clone();
    let (code, out, err) =
        tokio::task::spawn_blocking(move || run_cli(&["backup", &t, "--db", &d], None))
            .await
            .unwrap();
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Sicherung geschrieben"));
    let live = writer.await.unwrap();
    // the backup is a consistent, complete database that serves the same accounts
    let copy = sachstand::Db::open(&target).await.unwrap();
    let ok: String = sachstand::db::query_scalar("PRAGMA integrity_check")
        .fetch_one(&copy.read)
        .await
        .unwrap();
    assert_eq!(ok, "ok");
    let users: i64 = sachstand::db::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&copy.read)
        .await
        .unwrap();
    assert_eq!(users, 1);
    let units: i64 = sachstand::db::query_scalar("SELECT count(*) FROM org_units")
        .fetch_one(&copy.read)
        .await
        .unwrap();
    assert!(units <= 200);
    drop(live);
    // a second backup to the same file is refused, the file untouched
    let before = std::fs::read(&target).unwrap();
    let (code, _, err) = run_cli(&["backup", target.to_str().unwrap(), "--db", &db], None);
    assert_ne!(code, 0);
    assert!(err.contains("existiert bereits"), "{err}");
    assert_eq!(before, std::fs::read(&target).unwrap());
    // no temporary files are left behind
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[tokio::test]
async fn audit_verify_finds_a_row_changed_behind_the_applications_back() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("a.db");
    let db = db_path.to_str().unwrap().to_string();
    for name in ["eins", "zwei", "drei"] {
        assert_eq!(
            run_cli(&["user", "add", name, "--role", "ag", "--db", &db], None).0,
            0
        );
    }
    let (code, out, _) = run_cli(&["audit", "verify", "--db", &db], None);
    assert_eq!(code, 0);
    assert!(out.contains("intakt: 3 Einträge"), "{out}");
    // side channel: drop the trigger, change row 2, as an attacker with file access would
    let pool = sachstand::Db::open(std::path::Path::new(&db))
        .await
        .unwrap()
        .write;
    sachstand::db::query("DROP TRIGGER audit_log_no_update")
        .execute(&pool)
        .await
        .unwrap();
    sachstand::db::query("UPDATE audit_log SET new_values = '{\"role\":\"admin\"}' WHERE id = 2")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let (code, _, err) = run_cli(&["audit", "verify", "--db", &db], None);
    assert_ne!(code, 0);
    assert!(err.contains("ab Eintrag 2"), "{err}");
    println!("audit verify: tampered row 2 detected");
}

#[test]
fn typeset_worker_turns_typst_source_into_the_same_pdf_as_in_process() {
    // The server typesets report PDFs with `sachstand typeset` in a child process.
    // a PDF/UA-1 document needs a title and a language
    let source = "#set document(title: \"Sachstandsbericht\")\n#set text(lang: \"de\")\n#set page(paper: \"a4\")\n#par(\"Sachstandsbericht 1. Halbjahr 2026\")\n";
    let out = bin()
        .args(["typeset", "--ident", "sachstand-IV/12/2026"])
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(source.as_bytes())?;
            child.wait_with_output()
        })
        .expect("typeset");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.starts_with(b"%PDF-"));
    let in_process =
        sachstand::reports::pdf::typeset("sachstand-IV/12/2026", source).expect("in-process");
    assert_eq!(out.stdout, in_process, "child and in-process PDFs differ");

    // broken source: a German error and a failure exit code, no PDF on stdout
    let (code, stdout, stderr) = run_cli(&["typeset", "--ident", "x"], Some("#par(\"offen"));
    assert_ne!(code, 0);
    assert!(stdout.is_empty());
    assert!(stderr.contains("Fehler"), "{stderr}");
}

#[test]
fn demo_load_typesets_the_released_reports_in_the_worker() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    let (code, _, stderr) = run_cli(&["demo", "--db", db.to_str().expect("path")], None);
    assert_eq!(code, 0, "{stderr}");
    assert!(released_pdfs(&db) >= 1, "no released report with a PDF");
}

/// Released reports whose stored PDF starts with `%PDF-`.
fn released_pdfs(db: &std::path::Path) -> i64 {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let d = sachstand::Db::open(db).await.expect("open");
        sachstand::db::query_scalar(
            "SELECT COUNT(*) FROM reports WHERE state = 'freigegeben' AND substr(snapshot_pdf, 1, 5) = CAST('%PDF-' AS BLOB)",
        )
        .fetch_one(&d.read)
        .await
        .expect("count")
    })
}
