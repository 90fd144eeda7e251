//! The administrators' way in from the command line (issue 13, finding 6):
//! `sachstand user unlock NAME` and `sachstand user password NAME`.

use crate::support::{add_user, open_db, run_cli};

#[tokio::test]
async fn unlock_and_password_reset_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("r.db");
    let dbs = db.to_str().expect("utf-8");
    let (code, out, err) = add_user(dbs, "chef", "admin");
    assert_eq!(code, 0, "{out}{err}");
    let mut conn = open_db(&db).await;
    sachstand::db::query("UPDATE users SET failed_logins = 12")
        .execute(&mut conn)
        .await
        .expect("update");
    sachstand::db::query(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at)
         SELECT 'x', id, 't', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM users",
    )
    .execute(&mut conn)
    .await
    .expect("session");
    sachstand::db::query(
        "INSERT INTO calendar_tokens (user_id, token_hash, created_at)
         SELECT id, 'h', '2026-01-01T00:00:00Z' FROM users",
    )
    .execute(&mut conn)
    .await
    .expect("token");

    let (code, out, err) = run_cli(&["user", "unlock", "chef", "--db", dbs], None);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Anmeldesperre für „chef“ aufgehoben"), "{out}");
    let failed: i64 = sachstand::db::query_scalar("SELECT failed_logins FROM users")
        .fetch_one(&mut conn)
        .await
        .expect("count");
    assert_eq!(failed, 0);

    let (code, out, err) = run_cli(
        &["user", "password", "chef", "--password-stdin", "--db", dbs],
        Some("Ein-Ganz-Neues-Passwort-7\n"),
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Neues Passwort für „chef“ gesetzt"), "{out}");
    for (sql, want) in [
        ("SELECT count(*) FROM sessions", 0),
        ("SELECT count(*) FROM calendar_tokens", 0),
        (
            "SELECT count(*) FROM audit_log WHERE action IN ('benutzer_entsperren', 'passwort_zuruecksetzen') AND actor_name = 'cli'",
            2,
        ),
    ] {
        let n: i64 = sachstand::db::query_scalar(sql)
            .fetch_one(&mut conn)
            .await
            .expect("count");
        assert_eq!(n, want, "{sql}");
    }
    // unknown account and a password against the policy: German error, exit 1
    let (code, _, err) = run_cli(&["user", "unlock", "niemand", "--db", dbs], None);
    assert_eq!(code, 1);
    assert!(err.contains("gibt es nicht"), "{err}");
    let (code, _, err) = run_cli(
        &["user", "password", "chef", "--password-stdin", "--db", dbs],
        Some("kurz\n"),
    );
    assert_eq!(code, 1, "{err}");
}
