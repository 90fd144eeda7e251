//! Tenants on PostgreSQL (issue 15): the database itself keeps the cities apart. A query
//! written without any tenant filter sees only the current city's rows, an insert for
//! another city fails, a foreign key into another city fails, and a request is served as
//! the city its host name belongs to. (On SQLite a file is one city: nothing to test.)

use sachstand::domain::Role;

use crate::harness::pg::add_tenant;
use crate::support::{PASSWORD, TEST_HOST, on_postgres, spawn_app};

fn skip_on_sqlite(test: &str) -> bool {
    if !on_postgres() {
        println!("{test}: PostgreSQL only (a SQLite file holds one city)");
        return true;
    }
    false
}

#[tokio::test]
async fn a_query_without_a_tenant_filter_sees_only_its_own_city() {
    if skip_on_sqlite("tenancy") {
        return;
    }
    let app = spawn_app().await;
    let database = app.pg.as_ref().expect("PostgreSQL database");
    let other = add_tenant(database, "beispielstadt", "beispiel.localhost").await;
    let here = app.db.clone();
    let there = app.db.for_tenant(other);
    sachstand::admin::create_account(&here, "anna", "Anna Hier", Role::Ag, PASSWORD)
        .await
        .expect("account here");
    sachstand::admin::create_account(&there, "bert", "Bert Dort", Role::Ag, PASSWORD)
        .await
        .expect("account there");
    // the same user name may exist in both cities
    sachstand::admin::create_account(&there, "anna", "Anna Dort", Role::Ag, PASSWORD)
        .await
        .expect("same name in another city");

    // deliberately no tenant filter: row-level security filters
    let names = |db: sachstand::Db| async move {
        sachstand::db::query_scalar::<String>(
            "SELECT display_name FROM users ORDER BY display_name",
        )
        .fetch_all(&db.read)
        .await
        .expect("users")
    };
    assert_eq!(names(here.clone()).await, ["Anna Hier"]);
    assert_eq!(names(there.clone()).await, ["Anna Dort", "Bert Dort"]);

    // an insert naming the other city is refused (WITH CHECK), nothing is written
    let here_id: i64 = sachstand::db::query_scalar("SELECT sachstand_tenant()")
        .fetch_one(&here.read)
        .await
        .expect("current tenant");
    let foreign = sachstand::db::query(
        "INSERT INTO org_units (tenant_id, code, name) VALUES (?, 'X', 'Fremd')",
    )
    .bind(other)
    .execute(&here.write)
    .await;
    let err = foreign
        .expect_err("cross-tenant insert must fail")
        .to_string();
    assert!(err.contains("row-level security"), "{err}");
    assert_ne!(here_id, other);

    // a reference to the other city's row fails even with its id known
    let bert: i64 = sachstand::db::query_scalar("SELECT id FROM users WHERE username = 'bert'")
        .fetch_one(&there.read)
        .await
        .expect("bert");
    let link = sachstand::db::query(
        "INSERT INTO calendar_tokens (user_id, token_hash, created_at) VALUES (?, 'x', '2026-12-01T00:00:00Z')",
    )
    .bind(bert)
    .execute(&here.write)
    .await;
    assert!(link.is_err(), "a foreign key into another city must fail");

    // without a tenant nothing is visible at all
    let bare = sachstand::Db::connect(&database.app_url, &Default::default())
        .await
        .expect("connect");
    let n: i64 = sachstand::db::query_scalar("SELECT count(*) FROM users")
        .fetch_one(&bare.read)
        .await
        .expect("count");
    assert_eq!(n, 0);
}

#[tokio::test]
async fn each_host_name_is_served_as_its_city() {
    if skip_on_sqlite("tenancy hosts") {
        return;
    }
    let app = spawn_app().await;
    let database = app.pg.as_ref().expect("PostgreSQL database");
    let other = add_tenant(database, "beispielstadt", "localhost").await;
    app.account("anna", Role::Ag).await;
    sachstand::admin::create_account(
        &app.db.for_tenant(other),
        "bert",
        "bert",
        Role::Ag,
        PASSWORD,
    )
    .await
    .expect("account there");
    let port = app.base.rsplit(':').next().expect("port").to_string();

    // anna belongs to the city at 127.0.0.1, bert to the one at localhost
    let mut here = crate::support::Browser::new(&format!("http://{TEST_HOST}:{port}"));
    assert_eq!(here.login("anna", PASSWORD).await.status, 303);
    let mut there = crate::support::Browser::new(&format!("http://localhost:{port}"));
    let r = there.login("anna", PASSWORD).await;
    assert!(
        r.status != 303 || r.location().contains("anmelden"),
        "anna must not log in at the other city"
    );
    let mut bert = crate::support::Browser::new(&format!("http://localhost:{port}"));
    assert_eq!(bert.login("bert", PASSWORD).await.status, 303);

    // a host no city is set up for: a German page, no data
    let client = reqwest::Client::new();
    let ask = |path: &str| {
        client
            .get(format!("{}{path}", app.base))
            .header("host", format!("sachstand.fremde-stadt.de:{port}"))
            .send()
    };
    let r = ask("/anmelden").await.expect("answer");
    assert_eq!(r.status().as_u16(), 421);
    let body = r.text().await.expect("body");
    assert!(body.contains("keine Stadt eingerichtet"), "{body}");
    // the health check answers at any address (the load balancer asks the instance)
    assert_eq!(
        ask("/healthz").await.expect("answer").status().as_u16(),
        200
    );
}

/// With `--public-url` on PostgreSQL (one service for many cities) every city's host name is
/// served, not only the public address's, and absolute links (here the OParl system object)
/// name the city of the request with the public address's scheme.
#[tokio::test]
async fn with_a_public_url_every_city_is_served_under_its_own_host_name() {
    if skip_on_sqlite("tenancy public url") {
        return;
    }
    let site = sachstand::web::site::Site::new(Some("https://sachstand.kit-union.de"), &[], None)
        .expect("site")
        .hosted();
    let app =
        crate::support::spawn_app_configured(Default::default(), move |s| s.with_site(site)).await;
    let database = app.pg.as_ref().expect("PostgreSQL database");
    add_tenant(database, "beispielstadt", "beispiel.localhost").await;
    let port = app.base.rsplit(':').next().expect("port").to_string();
    let client = reqwest::Client::new();
    let ask = |host: &str, path: &str| {
        client
            .get(format!("{}{path}", app.base))
            .header("host", format!("{host}:{port}"))
            .send()
    };
    for (host, status) in [
        ("beispiel.localhost", 200),
        (TEST_HOST, 200),
        ("sachstand.kit-union.de", 421),
        ("sachstand.fremde-stadt.de", 421),
    ] {
        let r = ask(host, "/anmelden").await.expect("answer");
        assert_eq!(r.status().as_u16(), status, "{host}");
    }
    let system = ask("beispiel.localhost", "/oparl/v1.1")
        .await
        .expect("answer")
        .text()
        .await
        .expect("body");
    assert!(
        system.contains("\"https://beispiel.localhost/oparl/v1.1"),
        "{system}"
    );
    assert!(!system.contains("kit-union"), "{system}");
}
