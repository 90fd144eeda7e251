//! The PostgreSQL test harness itself (issue 15), with a stand-in migration until the real
//! PostgreSQL migrations exist: the template is migrated once, every test gets its own copy,
//! the roles of the test cluster behave as the app expects, and the copies are cheap.
//! Skipped (with a message) when no test cluster runs; `./test.sh` always starts one.

use std::time::{Duration, Instant};

use sqlx::{Connection, PgConnection};

use crate::harness::pg;

/// Stand-in for the real migrations: one table with the German ICU collation, the group
/// role's grants, and one row that every copy must start with.
async fn stand_in_migrate(url: &str) {
    let mut conn = PgConnection::connect(url)
        .await
        .expect("owner connects to the template");
    sqlx::raw_sql(
        r#"CREATE TABLE measures_probe (
               id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
               title text COLLATE "de-DE-x-icu" NOT NULL
           );
           GRANT SELECT, INSERT ON measures_probe TO sachstand_app;
           INSERT INTO measures_probe (title) VALUES ('Vorlage');"#,
    )
    .execute(&mut conn)
    .await
    .expect("stand-in migration");
    // left open on purpose: template() must end such connections before sealing
    std::mem::forget(conn);
}

async fn titles(url: &str) -> Vec<String> {
    let mut conn = PgConnection::connect(url).await.expect("connect");
    let rows = sqlx::query_scalar("SELECT title FROM measures_probe ORDER BY title")
        .fetch_all(&mut conn)
        .await
        .expect("titles");
    conn.close().await.expect("close");
    rows
}

#[tokio::test]
async fn pg_harness_smoke() {
    let Some(env) = pg::configured_or_skip("pg_harness_smoke") else {
        return;
    };
    pg::template(stand_in_migrate).await;
    println!(
        "template {} ready in {:?}",
        pg::template_name(),
        pg::template_time().expect("template time")
    );

    let a = pg::fresh_database().await;
    let b = pg::fresh_database().await;
    assert_ne!(a.name, b.name);
    assert!(a.app_url.contains("sachstand_web:") && a.app_url.ends_with(&format!("/{}", a.name)));

    // the app role writes through the group role's grants, in its own database only
    let app = a.app_pool().await;
    for t in ["Zebrastreifen", "Ärztehaus", "Birnen", "Amt", "baum"] {
        sqlx::query("INSERT INTO measures_probe (title) VALUES ($1)")
            .bind(t)
            .execute(&app)
            .await
            .expect("app inserts");
    }
    let who: (String, String, bool) = sqlx::query_as(
        "SELECT current_user::text, current_database()::text, pg_has_role('sachstand_app', 'member')",
    )
    .fetch_one(&app)
    .await
    .expect("who");
    assert_eq!(who, ("sachstand_web".into(), a.name.clone(), true));
    // the app role owns nothing and may not change the schema
    let ddl = sqlx::query("DROP TABLE measures_probe").execute(&app).await;
    assert!(
        ddl.is_err(),
        "sachstand_web must not drop the owner's table"
    );
    app.close().await;

    // German order (ICU): Ä beside A, lower case among upper; C order would give
    // Amt, Birnen, Vorlage, Zebrastreifen, baum, Ärztehaus
    assert_eq!(
        titles(&a.owner_url).await,
        [
            "Amt",
            "Ärztehaus",
            "baum",
            "Birnen",
            "Vorlage",
            "Zebrastreifen"
        ]
    );
    // b is an untouched copy of the template
    assert_eq!(titles(&b.owner_url).await, ["Vorlage"]);

    // passwords are checked on the loopback (scram-sha-256), only the superuser is trusted
    let wrong = a.app_url.replacen("sachstand_web:", "sachstand_web:x", 1);
    let err = PgConnection::connect(&wrong)
        .await
        .expect_err("wrong password must fail");
    assert!(
        err.to_string().contains("password authentication failed"),
        "{err}"
    );

    // the template itself takes no connections (it is sealed)
    let tpl = pg::with_database(&env.owner, &pg::template_name());
    assert!(PgConnection::connect(&tpl).await.is_err());
}

#[tokio::test]
async fn pg_harness_copies_are_cheap_concurrent_and_dropped() {
    let Some(env) = pg::configured_or_skip("pg_harness_copies_are_cheap_concurrent_and_dropped")
    else {
        return;
    };
    // the form the real migration takes: an async closure
    pg::template(async |url: &str| stand_in_migrate(url).await).await;

    // 20 in a row: the median is the per-test cost
    let mut times = Vec::new();
    let mut creates = Vec::new();
    let mut names = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let db = pg::fresh_database().await;
        times.push(started.elapsed());
        names.push(db.name.clone());
        creates.push(db.created_in);
        drop(db); // as at the end of a test: dropped in the background
    }
    times.sort();
    creates.sort();
    println!("CREATE DATABASE alone: median {:?}", creates[10]);
    println!(
        "fresh_database (incl. admin connect), 20 in a row: median {:?}, min {:?}, max {:?}",
        times[10], times[0], times[19]
    );
    assert!(times[10] < Duration::from_secs(2), "median {:?}", times[10]);

    // 8 at once from the same template (tests run in parallel)
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..8 {
        set.spawn(pg::fresh_database());
    }
    let dbs = set.join_all().await;
    assert_eq!(dbs.len(), 8);
    for db in &dbs {
        assert_eq!(titles(&db.app_url).await, ["Vorlage"]);
    }
    drop(dbs);

    // the dropped databases disappear (on background threads)
    let mut admin = PgConnection::connect(&env.admin).await.expect("admin");
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let left: i64 =
            sqlx::query_scalar("SELECT count(*) FROM pg_database WHERE datname = ANY($1)")
                .bind(&names)
                .fetch_one(&mut admin)
                .await
                .expect("count");
        if left == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{left} of 20 dropped databases still exist"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
