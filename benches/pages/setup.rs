//! A fresh database with a data set and a signed-in AG member, and a round over every page.

use chrono::{TimeDelta, Utc};
use sachstand::domain::Role;
use sachstand::{AppState, Db};

use crate::harness::client::Browser;
use crate::memory::mark;
use crate::scenarios::update_form;
use crate::seed::load_bench_data;
use crate::{AnyResult, BENCH_PASSWORD, BENCH_USER, MEASURES};

pub struct Setup {
    pub _dir: tempfile::TempDir,
    /// The benchmark's own PostgreSQL database (dropped with the setup), on PostgreSQL.
    pub _pg: Option<crate::harness::pg::PgDatabase>,
    pub db: Db,
    pub browser: Browser,
    pub ids: Vec<i64>,
    pub label: String,
    /// A report whose page is computed from the live data (a draft).
    pub report: i64,
}

/// Whether this run measures PostgreSQL: `SACHSTAND_TEST_BACKEND=postgres`, with the test
/// cluster's URLs in the environment (`eval "$(tests/pg/cluster.sh start)"`), as for the tests.
pub fn on_postgres() -> bool {
    std::env::var("SACHSTAND_TEST_BACKEND").is_ok_and(|v| v == "postgres")
}

/// The benchmark's database: a SQLite file in `dir`, or on PostgreSQL a fresh database with
/// one tenant served as `localhost` (the in-process client's host), connected as the app role.
pub async fn bench_db(
    dir: &std::path::Path,
    file: &str,
) -> AnyResult<(Db, Option<crate::harness::pg::PgDatabase>)> {
    if !on_postgres() {
        let db = Db::open(&dir.join(file)).await?;
        db.migrate().await?;
        return Ok((db, None));
    }
    check!(
        crate::harness::pg::configured().is_some(),
        "SACHSTAND_TEST_BACKEND=postgres needs the test cluster: eval \"$(tests/pg/cluster.sh start)\""
    );
    let (db, database) =
        crate::harness::pg::tenant_db("Benchstadt", "localhost", &Default::default()).await;
    Ok((db, Some(database)))
}

/// A fresh database with the 500-measure benchmark data and a signed-in AG member.
pub async fn setup_bench(dir: tempfile::TempDir) -> AnyResult<Setup> {
    let (db, pg) = bench_db(dir.path(), "bench.db").await?;
    mark("after Db::open + migrate");
    let user_id = sachstand::admin::create_account(
        &db,
        BENCH_USER,
        "Bench AG-Mitglied",
        Role::Ag,
        BENCH_PASSWORD,
    )
    .await?;
    mark("after create_account (Argon2 hash)");
    load_bench_data(&db, user_id).await?;
    // A draft report of the first programme: its page is computed from the live data.
    let report = sachstand::db::query_scalar::<i64>(
        "INSERT INTO reports (programme_id, period_label, period_start, cutoff_on, vorlage_no, addressee, state, author_id)
         SELECT min(id), '2. Halbjahr 2026', '2026-07-01', '2026-11-30', 'V/2026/301', 'Hauptausschuss', 'entwurf', ? FROM programmes
         RETURNING id",
    )
    .bind(user_id)
    .fetch_one(&db.write)
    .await?;
    mark("after loading the data");
    let app = sachstand::app(AppState::new(db.clone(), false));
    mark("after AppState::new + app()");
    let mut browser = Browser::in_process(app);
    browser.try_login(BENCH_USER, BENCH_PASSWORD).await??;
    mark("after login (Argon2 verify)");
    let ids = sachstand::db::query_scalar(
        "SELECT id FROM measures WHERE archived_at IS NULL ORDER BY id",
    )
    .fetch_all(&db.read)
    .await?;
    Ok(Setup {
        _dir: dir,
        _pg: pg,
        db,
        browser,
        ids,
        label: format!("{MEASURES} Maßnahmen (Benchmarkdaten)"),
        report,
    })
}

/// A second app instance on the setup's PostgreSQL database and tenant, with its own pool
/// and a browser signed in there.
pub async fn second_instance(s: &Setup) -> AnyResult<Browser> {
    let pg = s._pg.as_ref().ok_or("a second instance needs PostgreSQL")?;
    // requests take their tenant from the host name, as on the first instance
    let db = Db::connect(&pg.app_url, &Default::default()).await?;
    let mut browser = Browser::in_process(sachstand::app(AppState::new(db, false)));
    browser.try_login(BENCH_USER, BENCH_PASSWORD).await??;
    Ok(browser)
}

/// A second city on the setup's PostgreSQL database (host `zweitstadt.localhost`) with the
/// same 500-measure data and account, served by a router over the same pools: its `Db`, a
/// browser signed in there, and its measure ids.
pub async fn second_tenant(s: &Setup) -> AnyResult<(Db, Browser, Vec<i64>)> {
    const HOST: &str = "zweitstadt.localhost";
    let pg = s._pg.as_ref().ok_or("a second city needs PostgreSQL")?;
    let tenant = crate::harness::pg::add_tenant(pg, "Zweitstadt", HOST).await;
    let db = s.db.for_tenant(tenant);
    let user_id = sachstand::admin::create_account(
        &db,
        BENCH_USER,
        "Bench AG-Mitglied",
        Role::Ag,
        BENCH_PASSWORD,
    )
    .await?;
    load_bench_data(&db, user_id).await?;
    let app = sachstand::app(AppState::new(s.db.clone(), false));
    let mut browser = Browser::in_process_at(app, HOST);
    browser.try_login(BENCH_USER, BENCH_PASSWORD).await??;
    let ids = sachstand::db::query_scalar(
        "SELECT id FROM measures WHERE archived_at IS NULL ORDER BY id",
    )
    .fetch_all(&db.read)
    .await?;
    Ok((db, browser, ids))
}

/// A fresh database with the demo loader's data, signed in as the demo AG member.
pub async fn setup_demo(dir: tempfile::TempDir) -> AnyResult<Setup> {
    let (db, pg) = bench_db(dir.path(), "demo.db").await?;
    mark("after Db::open + migrate");
    let logins = sachstand::demo::load(&db.write, Utc::now().date_naive()).await?;
    let ag = logins
        .iter()
        .find(|l| l.role == "ag")
        .ok_or("demo loader returned no AG login")?;
    mark("after demo::load (Argon2 hashes, report PDF)");
    let app = sachstand::app(AppState::new(db.clone(), false));
    mark("after AppState::new + app()");
    let mut browser = Browser::in_process(app);
    browser.try_login(&ag.username, &ag.password).await??;
    mark("after login (Argon2 verify)");
    let ids: Vec<i64> = sachstand::db::query_scalar(
        "SELECT id FROM measures WHERE archived_at IS NULL ORDER BY id",
    )
    .fetch_all(&db.read)
    .await?;
    let n = ids.len();
    let report: i64 = sachstand::db::query_scalar("SELECT coalesce(min(id), 0) FROM reports")
        .fetch_one(&db.read)
        .await?;
    Ok(Setup {
        report,
        _dir: dir,
        _pg: pg,
        db,
        browser,
        ids,
        label: format!("Demodaten ({n} Maßnahmen)"),
    })
}

/// Serves every benchmarked page a number of times (and some status updates).
pub async fn serve_all(s: &Setup, rounds: usize) -> AnyResult<()> {
    let decision_by = (Utc::now().date_naive() + TimeDelta::days(30))
        .format("%d.%m.%Y")
        .to_string();
    let mut b = s.browser.clone();
    for r in 0..rounds {
        let report = format!("/berichte/{}", s.report);
        let search = format!("/massnahmen?q={}", crate::compare::SEARCH_101);
        let mut uris = vec![
            "/massnahmen",
            "/massnahmen?ampel=rot&sort=titel&richtung=ab",
            search.as_str(),
            "/",
            "/massnahmen.csv",
        ];
        if s.report > 0 {
            uris.push(report.as_str());
        }
        // and every entry of the navigation
        let nav = nav_links(&mut b).await?;
        uris.extend(nav.iter().map(String::as_str));
        for uri in uris {
            let res = b.try_get_raw(uri).await?;
            check!(res.status == 200, "{uri}: {}", res.status);
        }
        for (k, id) in s.ids.iter().enumerate().skip(r % 7).step_by(7) {
            let res = b.try_get_raw(&format!("/massnahmen/{id}")).await?;
            check!(res.status == 200, "/massnahmen/{id}: {}", res.status);
            if k % 5 == 0 {
                let form = update_form(k, &decision_by);
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let res = b
                    .try_post(&format!("/massnahmen/{id}/sachstand"), &form)
                    .await?;
                check!(res.status == 303, "POST sachstand {id}: {}", res.status);
            }
        }
    }
    Ok(())
}

/// The pages the main navigation links to (as the signed-in user sees it).
pub async fn nav_links(b: &mut Browser) -> AnyResult<Vec<String>> {
    let home = b.try_get("/").await?;
    let nav = home
        .body
        .split_once("<nav")
        .and_then(|(_, rest)| rest.split_once("</nav>"))
        .map(|(nav, _)| nav)
        .unwrap_or("");
    let mut links: Vec<String> = nav
        .split("href=\"")
        .skip(1)
        .filter_map(|h| h.split('"').next())
        .filter(|h| h.starts_with('/') && !h.starts_with("/static/"))
        .map(|h| h.replace("&amp;", "&"))
        .collect();
    links.sort();
    links.dedup();
    Ok(links)
}
