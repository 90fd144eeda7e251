//! Hosting on PostgreSQL (issue 15), with the real binary as an IT provider runs it: the
//! owner adds two cities with `sachstand tenant add`, accounts come from `user add
//! --tenant`, and two `sachstand serve` instances serve both cities from one database.
//!
//! - Each city sees only its own accounts and data, chosen by the host name.
//! - A session opened on one instance works on the other (sessions and CSRF tokens are in
//!   the database), so a load balancer may send any request anywhere.
//! - One instance is killed with SIGKILL under write load; the clients carry on at the
//!   other. Then PostgreSQL itself restarts (`pg_ctl restart -m immediate`) under load:
//!   meanwhile the app answers 503 with a German page, and it recovers without a restart.
//! - Every status update the servers acknowledged (303) is in the database at the end.
//!
//! Needs the test cluster (`./test.sh` starts it; `tests/pg/cluster.sh start` by hand).

use std::collections::HashSet;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::harness::pg;
use crate::support::{Browser, PASSWORD, Server, run_cli};

const AGENTS: usize = 4;

fn cli_ok(args: &[&str], stdin: Option<&str>) -> String {
    let (code, out, err) = run_cli(args, stdin);
    assert_eq!(code, 0, "sachstand {args:?}: {out}\n{err}");
    out
}

/// One client session: posts status updates with unique keys to whichever instance.
struct Agent {
    client: Browser,
    measure: i64,
    no: usize,
    sent: usize,
}

#[derive(Default)]
struct Tally {
    acked: Vec<String>,
    unavailable: usize,
    german_503: usize,
    transport: usize,
    other: Vec<String>,
}

impl Agent {
    async fn post(&mut self, base: &str, tag: &str, tally: &mut Tally) -> bool {
        self.client.set_base(base);
        self.sent += 1;
        let key = format!("HOSTED-{tag}-a{}-n{}", self.no, self.sent);
        let text = format!("{key} Sachstand: Umsetzung läuft planmäßig.");
        let fields = [
            ("status", "umsetzung"),
            ("progress", "40"),
            ("ampel", "gruen"),
            ("text", text.as_str()),
            ("next_steps", "Abnahme planen"),
            ("blockers", ""),
            ("reason", ""),
            ("options", ""),
            ("decision_by", ""),
        ];
        let path = format!("/massnahmen/{}/sachstand", self.measure);
        match self.client.try_post(&path, &fields).await {
            Err(_) => {
                tally.transport += 1;
                false
            }
            Ok(r) if r.status == 303 && r.location().starts_with("/massnahmen/") => {
                tally.acked.push(key);
                true
            }
            Ok(r) if r.status == 503 => {
                tally.unavailable += 1;
                if r.body.contains("Datenbank ist gerade nicht erreichbar") {
                    tally.german_503 += 1;
                }
                false
            }
            Ok(r) => {
                tally.other.push(format!(
                    "HTTP {} {} {}",
                    r.status,
                    r.location(),
                    r.body.chars().take(200).collect::<String>()
                ));
                false
            }
        }
    }
}

async fn stored_keys(db: &sachstand::Db) -> HashSet<String> {
    let texts: Vec<String> =
        sachstand::db::query_scalar("SELECT text FROM status_updates WHERE text LIKE 'HOSTED-%'")
            .fetch_all(&db.read)
            .await
            .expect("status texts");
    texts
        .iter()
        .filter_map(|t| t.split_whitespace().next().map(str::to_string))
        .collect()
}

fn pg_ctl_restart(dir: &str) {
    let bin = std::fs::read_to_string(format!("{dir}/bindir")).expect("cluster bindir");
    let pg_ctl = format!("{}/pg_ctl", bin.trim());
    let data = format!("{dir}/data");
    // the restarted server logs to the cluster's file, and neither it nor pg_ctl keeps
    // this test's stdout open (test.sh reads it through a pipe until everyone closes it)
    let log = format!("{dir}/server.log");
    let args = [
        "restart",
        "-m",
        "immediate",
        "-w",
        "-t",
        "60",
        "-D",
        data.as_str(),
        "-l",
        log.as_str(),
    ];
    let mut cmd = if nix_is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--", pg_ctl.as_str()]);
        c
    } else {
        Command::new(&pg_ctl)
    };
    let status = cmd
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("pg_ctl");
    assert!(status.success(), "pg_ctl restart failed");
}

fn nix_is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

#[tokio::test]
async fn two_instances_serve_two_cities_survive_a_kill_and_a_database_restart() {
    let Some(env) = pg::configured_or_skip("hosted") else {
        return;
    };
    let database = pg::migrated_database().await;
    let owner = database.owner_url.as_str();
    let app = database.app_url.as_str();

    // the provider sets up two cities; the first gets the demo programme
    cli_ok(
        &[
            "tenant",
            "add",
            "musterstadt",
            "--host",
            "127.0.0.1",
            "--db",
            owner,
        ],
        None,
    );
    cli_ok(
        &[
            "tenant",
            "add",
            "beispielstadt",
            "--host",
            "localhost",
            "--db",
            owner,
        ],
        None,
    );
    let list = cli_ok(&["tenant", "list", "--db", owner], None);
    assert!(
        list.contains("musterstadt") && list.contains("beispielstadt"),
        "{list}"
    );
    cli_ok(&["demo", "--db", app, "--tenant", "musterstadt"], None);
    for a in 0..AGENTS {
        let name = format!("ag{a}");
        cli_ok(
            &[
                "user",
                "add",
                &name,
                "--role",
                "ag",
                "--password-stdin",
                "--db",
                app,
                "--tenant",
                "musterstadt",
            ],
            Some(PASSWORD),
        );
    }
    cli_ok(
        &[
            "user",
            "add",
            "erika",
            "--role",
            "ag",
            "--password-stdin",
            "--db",
            app,
            "--tenant",
            "beispielstadt",
        ],
        Some(PASSWORD),
    );
    // a command for one city without naming it is refused in German
    let (code, _, err) = run_cli(&["user", "unlock", "erika", "--db", app], None);
    assert_ne!(code, 0);
    assert!(err.contains("--tenant"), "{err}");

    let dir = tempfile::tempdir().expect("temp dir");
    let mut a = Server::start_on(app, &dir.path().join("a.log"), |_| Vec::new(), None).await;
    let b = Server::start_on(app, &dir.path().join("b.log"), |_| Vec::new(), None).await;
    let port = |base: &str| base.rsplit(':').next().unwrap_or_default().to_string();
    let (pa, pb) = (port(&a.base), port(&b.base));

    // each city by its host name: erika exists only in beispielstadt (localhost)
    let mut m = Browser::new(&a.base);
    assert!(
        m.try_login("erika", PASSWORD)
            .await
            .expect("answer")
            .is_err()
    );
    let mut e = Browser::new(&format!("http://localhost:{pb}"));
    e.try_login("erika", PASSWORD)
        .await
        .expect("answer")
        .expect("erika logs in at her city");
    let list = e.get("/massnahmen").await;
    assert_eq!(list.status, 200);
    assert!(
        !list.body.contains("HF1"),
        "beispielstadt shows musterstadt's measures"
    );

    // the demo's measures of musterstadt, as the load's targets
    let city = sachstand::Db::connect(app, &Default::default())
        .await
        .expect("connect");
    let tenant = sachstand::db::tenants::id_by_name(&city, "musterstadt")
        .await
        .expect("tenant");
    let city = city.for_tenant(tenant);
    let measures: Vec<i64> = sachstand::db::query_scalar(
        "SELECT id FROM measures WHERE archived_at IS NULL AND status IN ('vorbereitung', 'umsetzung') ORDER BY id LIMIT 4",
    )
    .fetch_all(&city.read)
    .await
    .expect("measures");
    assert_eq!(measures.len(), AGENTS);

    // log in on A, then use the same session on B
    let mut agents = Vec::new();
    for (no, &measure) in measures.iter().enumerate() {
        let mut client = Browser::new(&a.base);
        client
            .try_login(&format!("ag{no}"), PASSWORD)
            .await
            .expect("answer")
            .expect("login");
        agents.push(Agent {
            client,
            measure,
            no,
            sent: 0,
        });
    }
    let mut tally = Tally::default();
    let a_base = format!("http://127.0.0.1:{pa}");
    let b_base = format!("http://127.0.0.1:{pb}");
    for agent in &mut agents {
        assert!(
            agent.post(&b_base, "warm", &mut tally).await,
            "session of A works on B: {:?}",
            tally.other
        );
    }

    // phase 1: alternate between A and B; A is killed halfway; the agents carry on at B
    let start = Instant::now();
    let mut killed = false;
    let mut round = 0usize;
    while start.elapsed() < Duration::from_secs(4) {
        if !killed && start.elapsed() > Duration::from_secs(2) {
            a.kill();
            killed = true;
        }
        for agent in &mut agents {
            let base = if round.is_multiple_of(2) && !killed {
                &a_base
            } else {
                &b_base
            };
            if !agent.post(base, "kill", &mut tally).await && base == &a_base {
                // A went away mid-request: the same request again at B
                agent.post(&b_base, "kill", &mut tally).await;
            }
        }
        round += 1;
    }
    let after_kill = tally.acked.len();
    assert!(after_kill > 20, "too little load: {after_kill}");

    // phase 2: PostgreSQL restarts (immediate: a crash) under load on B
    let pg_dir = env
        .dir
        .clone()
        .expect("cluster folder (SACHSTAND_TEST_PG_DIR)");
    let restart = tokio::task::spawn_blocking(move || {
        std::thread::sleep(Duration::from_millis(500));
        pg_ctl_restart(&pg_dir);
    });
    let start = Instant::now();
    let mut recovered_at = None;
    while start.elapsed() < Duration::from_secs(60) {
        for agent in &mut agents {
            let ok = agent.post(&b_base, "restart", &mut tally).await;
            if ok && restart.is_finished() && recovered_at.is_none() {
                recovered_at = Some(start.elapsed());
            }
        }
        if recovered_at.is_some_and(|t| start.elapsed() > t + Duration::from_secs(1)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    restart.await.expect("restart thread");
    let recovered =
        recovered_at.expect("B serves again after the database restart, without its own restart");
    println!(
        "hosted: {} acknowledged updates ({} before the restart), {} answered 503 ({} with the German page), {} transport errors (the killed instance), recovered {:?} after the restart began",
        tally.acked.len(),
        after_kill,
        tally.unavailable,
        tally.german_503,
        tally.transport,
        recovered
    );
    assert!(
        tally.other.is_empty(),
        "unexpected answers: {:?}",
        tally.other
    );
    assert_eq!(
        tally.unavailable, tally.german_503,
        "every 503 is the German page"
    );

    // every acknowledged write is there
    let stored = stored_keys(&city).await;
    let lost: Vec<&String> = tally
        .acked
        .iter()
        .filter(|k| !stored.contains(*k))
        .collect();
    assert!(
        lost.is_empty(),
        "{} acknowledged writes lost: {lost:?}",
        lost.len()
    );
    // and none of them reached the other city
    let erika = city.for_tenant(
        sachstand::db::tenants::id_by_name(&city, "beispielstadt")
            .await
            .expect("tenant"),
    );
    assert!(stored_keys(&erika).await.is_empty());
    drop(b);
}

/// The rows of every table of a SQLite file, sorted (row order is not data).
async fn sorted_rows(file: &std::path::Path) -> Vec<String> {
    let db = sachstand::Db::open(file).await.expect("open file");
    let snap = crate::harness::tables::snapshot(&db.read, &["oidc_flows"]).await;
    let mut lines: Vec<String> = snap.lines().map(str::to_string).collect();
    lines.sort();
    lines
}

#[tokio::test]
async fn a_city_moves_from_its_file_into_a_tenant_and_back_unchanged() {
    if pg::configured_or_skip("copy").is_none() {
        return;
    }
    let database = pg::migrated_database().await;
    let owner = database.owner_url.as_str();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("stadt.db");
    let file_arg = file.to_str().expect("utf-8");
    cli_ok(&["demo", "--db", file_arg], None);
    for name in ["erika", "fritz"] {
        // audited writes, so that the chain has links to verify on arrival
        cli_ok(
            &[
                "user",
                "add",
                name,
                "--role",
                "ag",
                "--password-stdin",
                "--db",
                file_arg,
            ],
            Some(PASSWORD),
        );
    }
    cli_ok(
        &[
            "tenant",
            "add",
            "musterstadt",
            "--host",
            "musterstadt.localhost",
            "--db",
            owner,
        ],
        None,
    );
    let out = cli_ok(
        &[
            "copy",
            "--from",
            file_arg,
            "--to",
            owner,
            "--tenant",
            "musterstadt",
        ],
        None,
    );
    assert!(
        out.contains("Änderungsprotokoll am Ziel intakt: 2 Einträge"),
        "{out}"
    );
    assert!(out.contains("measures 51"), "{out}");
    // a second copy into the same city is refused, and changes nothing
    let (code, _, err) = run_cli(
        &[
            "copy",
            "--from",
            file_arg,
            "--to",
            owner,
            "--tenant",
            "musterstadt",
        ],
        None,
    );
    assert_ne!(code, 0);
    assert!(err.contains("enthält schon Daten"), "{err}");
    // and back into a new file: every row as it was
    let back = dir.path().join("zurueck.db");
    let back_arg = back.to_str().expect("utf-8");
    let out = cli_ok(
        &[
            "copy",
            "--from",
            owner,
            "--from-tenant",
            "musterstadt",
            "--to",
            back_arg,
        ],
        None,
    );
    assert!(out.contains("intakt: 2 Einträge"), "{out}");
    let (before, after) = (sorted_rows(&file).await, sorted_rows(&back).await);
    assert!(before.len() > 2000, "{} rows", before.len());
    assert_eq!(before, after, "the round trip changed rows");
    // the moved city keeps working: new rows get fresh ids after the copied ones
    cli_ok(
        &[
            "user",
            "add",
            "gerda",
            "--role",
            "ag",
            "--password-stdin",
            "--db",
            &database.app_url,
            "--tenant",
            "musterstadt",
        ],
        Some(PASSWORD),
    );
}
