//! Login with the city's directory against a real OpenLDAP server (`harness::slapd`, one
//! per test binary): account creation and person linking, roles from groups re-read at
//! every login, escaping, empty passwords, an unreachable or silent directory.

use std::time::{Duration, Instant};

use clap::Parser;
use sachstand::auth::ExternalLogin;
use sachstand::config::DirectoryArgs;
use sachstand::domain::Role;

use crate::harness::slapd::{self, GROUP_ADMIN, GROUP_AG, USER_PW};
use crate::support::{Audit, PASSWORD, TestApp, spawn_app_configured};

#[derive(Parser)]
struct Flags {
    #[command(flatten)]
    directory: DirectoryArgs,
}

/// The flags exactly as `serve` parses them.
pub fn external_login(flags: &[String]) -> ExternalLogin {
    let parsed =
        Flags::parse_from(std::iter::once("sachstand".to_string()).chain(flags.iter().cloned()));
    ExternalLogin::from_args(&parsed.directory, None).expect("valid directory flags")
}

async fn app_with(flags: Vec<String>) -> TestApp {
    let ext = external_login(&flags);
    spawn_app_configured(sachstand::web::serve::Limits::default(), move |s| {
        s.with_external_login(ext)
    })
    .await
}

async fn ldap_app() -> TestApp {
    let dir = tempfile::tempdir().expect("dir");
    let flags = slapd::serve_flags(dir.path());
    let app = app_with(flags).await;
    // the password file is read at start; the folder may go
    drop(dir);
    app
}

const NO_ROLE: &str = "nicht freigeschaltet";
const DOWN: &str = "Der Verzeichnisdienst der Stadt antwortet gerade nicht";
const BAD: &str = "Benutzername oder Passwort ist falsch.";

#[tokio::test]
async fn first_directory_login_creates_the_account_with_its_role_and_links_the_person() {
    let app = ldap_app().await;
    app.seed(0).await; // people 1 (erika@stadt.example) and 2
    let mut b = app.browser();
    let r = b.login("erika", USER_PW).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let home = b.get("/").await;
    assert_eq!(home.status, 200);
    // linked to the person with the same e-mail (case-insensitive): the person's name shows
    assert!(home.contains("Erika Beispiel"), "{}", home.body);

    let row: (String, String, String, Option<i64>, String, Option<String>) = sachstand::db::query_as(
        "SELECT username, role, source, person_id, external_id, directory_checked_at FROM users WHERE username = 'erika'",
    )
    .fetch_one(&app.db.read)
    .await
    .expect("account");
    assert_eq!(row.0, "erika");
    assert_eq!(row.1, "ag");
    assert_eq!(row.2, "ldap");
    assert_eq!(row.3, Some(1));
    assert_eq!(row.4, "uid=erika,ou=personen,dc=stadt,dc=example");
    assert!(row.5.is_some());
    app.assert_audited(Audit::action("benutzer_anlegen"), 1)
        .await;
    app.assert_audited(Audit::action("person_zuordnen"), 1)
        .await;

    // the session has a fixed end 60 minutes (the default) after the login
    let (created, expires): (String, String) = sachstand::db::query_as(
        "SELECT s.created_at, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'erika'",
    )
    .fetch_one(&app.db.read)
    .await
    .expect("session");
    let c = chrono::DateTime::parse_from_rfc3339(&created).expect("created");
    let e = chrono::DateTime::parse_from_rfc3339(&expires).expect("expires");
    let minutes = (e - c).num_minutes();
    assert!((59..=60).contains(&minutes), "{minutes}");

    // a second login reuses the account
    let mut b2 = app.browser();
    assert_eq!(b2.login("erika", USER_PW).await.status, 303);
    assert_eq!(app.count("SELECT count(*) FROM users").await, 1);
    app.assert_audited(Audit::action("benutzer_anlegen"), 1)
        .await;
}

#[tokio::test]
async fn role_is_reread_at_every_login_and_a_user_without_groups_loses_access() {
    let app = ldap_app().await;
    // bernd: AG, then also admin (admin comes first in the map), then in no group
    let mut first = app.browser();
    assert_eq!(first.login("bernd", USER_PW).await.status, 303);
    assert_eq!(
        app.count("SELECT count(*) FROM users WHERE username = 'bernd' AND role = 'ag'")
            .await,
        1
    );
    assert_eq!(first.get("/verwaltung/benutzer").await.status, 403);

    slapd::add_member(GROUP_ADMIN, "bernd");
    let mut second = app.browser();
    assert_eq!(second.login("bernd", USER_PW).await.status, 303);
    assert_eq!(
        app.count("SELECT count(*) FROM users WHERE username = 'bernd' AND role = 'admin'")
            .await,
        1
    );
    app.assert_audited(Audit::action("rolle_aendern"), 1).await;
    assert_eq!(second.get("/verwaltung/benutzer").await.status, 200);

    slapd::remove_member(GROUP_ADMIN, "bernd");
    slapd::remove_member(GROUP_AG, "bernd");
    let mut third = app.browser();
    let r = third.login("bernd", USER_PW).await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(r.contains(NO_ROLE), "{}", r.body);
    assert!(third.cookie("sachstand_sid").is_none_or(|c| c.is_empty()));
    // the refusal also ended the sessions the account still had
    assert_eq!(
        app.count("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'bernd'")
            .await,
        0
    );
    let r = second.get("/").await;
    assert_eq!(r.status, 303, "an open session must end");
    assert!(r.location().starts_with("/anmelden"), "{}", r.location());
    slapd::add_member(GROUP_AG, "bernd");
}

#[tokio::test]
async fn a_user_in_no_mapped_group_is_refused_in_german_and_gets_no_account() {
    let app = ldap_app().await;
    let mut b = app.browser();
    let r = b.login("carla", USER_PW).await;
    assert_eq!(r.status, 403);
    assert!(
        r.contains("Ihr Konto der Stadt ist für Sachstand nicht freigeschaltet"),
        "{}",
        r.body
    );
    assert_eq!(app.count("SELECT count(*) FROM users").await, 0);
    assert_eq!(app.count("SELECT count(*) FROM sessions").await, 0);
}

#[tokio::test]
async fn empty_and_wrong_passwords_are_refused() {
    let app = ldap_app().await;
    let mut b = app.browser();
    let r = b.login("erika", "").await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(
        r.contains("Bitte geben Sie Ihr Passwort ein."),
        "{}",
        r.body
    );
    // the form keeps the user name
    assert!(r.contains("value=\"erika\""), "{}", r.body);
    let r = b.login("erika", "falsch-falsch-falsch").await;
    assert_eq!(r.status, 401);
    assert!(r.contains(BAD));
    let r = b.login("niemand", USER_PW).await;
    assert_eq!(r.status, 401);
    assert!(r.contains(BAD));
    assert_eq!(app.count("SELECT count(*) FROM users").await, 0);
    assert_eq!(app.count("SELECT count(*) FROM sessions").await, 0);
}

#[tokio::test]
async fn user_names_are_escaped_in_the_search_filter() {
    let app = ldap_app().await;
    let mut b = app.browser();
    // unescaped, (uid=eri*) would find erika and her password would let this in
    for name in [
        "eri*",
        "*",
        "erika)(uid=*",
        "erika\0",
        "erika\\",
        "(uid=erika)",
    ] {
        let r = b.login(name, USER_PW).await;
        assert_eq!(r.status, 401, "{name:?}: {}", r.body);
        assert!(r.contains(BAD), "{name:?}");
    }
    assert_eq!(app.count("SELECT count(*) FROM users").await, 0);
    // a real name with the special characters logs in
    let r = b.login("k(a)rl*\\", USER_PW).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        app.count("SELECT count(*) FROM users WHERE username = 'k(a)rl*\\' AND role = 'ag'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_directory_account_has_no_local_password_and_cannot_change_it() {
    let app = ldap_app().await;
    let mut b = app.browser();
    assert_eq!(b.login("pwtest", USER_PW).await.status, 303);
    // Give the account a local password hash (as an administrator's reset would):
    // logging in with it must still fail, the directory decides.
    let helper = app.account("helfer", Role::Rat).await;
    app.exec(&format!(
        "UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE id = {helper}) WHERE username = 'pwtest'"
    ))
    .await;
    let mut other = app.browser();
    let r = other.login("pwtest", PASSWORD).await;
    assert_eq!(r.status, 401, "{}", r.body);

    let page = b.get("/konto/passwort").await;
    assert_eq!(page.status, 200);
    assert!(
        page.contains("Ihr Passwort wird nicht in Sachstand verwaltet."),
        "{}",
        page.body
    );
    assert!(!page.contains("name=\"new_password\""));
    let before = app.snapshot().await;
    let r = b
        .post(
            "/konto/passwort",
            &[
                ("current", USER_PW),
                ("new_password", "Ganz-Neues-Passwort-9"),
                ("repeat", "Ganz-Neues-Passwort-9"),
            ],
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(app.snapshot().await, before);
    // no "Passwort ändern" link in the header of a directory account
    let home = b.get("/").await;
    assert!(!home.contains("href=\"/konto/passwort\""), "{}", home.body);

    // an administrator cannot reset the password of a directory account either
    let id: i64 = sachstand::db::query_scalar("SELECT id FROM users WHERE username = 'pwtest'")
        .fetch_one(&app.db.read)
        .await
        .expect("id");
    let mut admin = app.signed_in("chef", Role::Admin).await;
    let before = app.snapshot_except(&["sessions", "audit_log"]).await;
    let r = admin
        .post(&format!("/verwaltung/benutzer/{id}/passwort"), &[])
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.contains("meldet sich mit dem Konto der Stadt an"),
        "{}",
        r.body
    );
    assert_eq!(
        app.snapshot_except(&["sessions", "audit_log"]).await,
        before
    );
    assert_eq!(
        app.count("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'pwtest'").await,
        1,
        "the directory account's session stays"
    );
}

#[tokio::test]
async fn a_directory_session_ends_at_its_fixed_end() {
    let app = ldap_app().await;
    let mut b = app.browser();
    assert_eq!(b.login("zeit", USER_PW).await.status, 303);
    assert_eq!(b.get("/").await.status, 200);
    app.exec("UPDATE sessions SET expires_at = '2020-01-01T00:00:00Z'")
        .await;
    let r = b.get("/").await;
    assert_eq!(r.status, 303);
    assert!(r.location().starts_with("/anmelden"));
}

#[tokio::test]
async fn a_local_account_with_the_same_name_logs_in_locally() {
    let app = ldap_app().await;
    app.account("lokal", Role::Rat).await;
    let mut b = app.browser();
    // the directory password does not open the local account
    assert_eq!(b.login("lokal", USER_PW).await.status, 401);
    assert_eq!(b.login("lokal", PASSWORD).await.status, 303);
    assert_eq!(
        app.count("SELECT count(*) FROM users WHERE source = 'ldap'")
            .await,
        0
    );
}

async fn assert_down_but_local_login_works(flags: Vec<String>) {
    let app = app_with(flags).await;
    app.account("notfall", Role::Admin).await;
    let mut b = app.browser();
    let t = Instant::now();
    let r = b.login("erika", USER_PW).await;
    let took = t.elapsed();
    assert_eq!(r.status, 401, "{}", r.body);
    assert!(r.contains(DOWN), "{}", r.body);
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let r = b.login("notfall", PASSWORD).await;
    assert_eq!(r.status, 303, "local login while the directory is down");
}

#[tokio::test]
async fn an_unreachable_directory_gives_a_german_message_and_local_login_still_works() {
    let dir = tempfile::tempdir().expect("dir");
    let mut flags = slapd::serve_flags(dir.path());
    // a port nobody listens on
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let i = flags
        .iter()
        .position(|f| f == "--ldap-url")
        .expect("url flag");
    flags[i + 1] = format!("ldap://127.0.0.1:{port}");
    assert_down_but_local_login_works(flags).await;
}

#[tokio::test]
async fn a_silent_directory_times_out_within_seconds() {
    let dir = tempfile::tempdir().expect("dir");
    let mut flags = slapd::serve_flags(dir.path());
    // accepts connections and never answers
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = silent.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = silent.accept().await {
            held.push(s);
        }
    });
    let i = flags
        .iter()
        .position(|f| f == "--ldap-url")
        .expect("url flag");
    flags[i + 1] = format!("ldap://127.0.0.1:{port}");
    let t = flags
        .iter()
        .position(|f| f == "--ldap-timeout")
        .expect("timeout flag");
    flags[t + 1] = "1".into();
    assert_down_but_local_login_works(flags).await;
}

#[tokio::test]
async fn settings_are_checked_at_start_and_the_password_is_never_shown() {
    let dir = tempfile::tempdir().expect("dir");
    let flags = slapd::serve_flags(dir.path());
    let ext = external_login(&flags);
    let shown = format!("{ext:?}");
    assert!(!shown.contains(slapd::SERVICE_PW), "{shown}");
    assert!(shown.contains("<verborgen>"));

    let bad = |change: &dyn Fn(&mut Vec<String>)| {
        let mut f = flags.clone();
        change(&mut f);
        let parsed = Flags::parse_from(std::iter::once("sachstand".to_string()).chain(f));
        ExternalLogin::from_args(&parsed.directory, None).expect_err("must be refused")
    };
    let set = |name: &'static str, value: &'static str| {
        move |f: &mut Vec<String>| {
            let i = f.iter().position(|x| x == name).expect("flag");
            f[i + 1] = value.to_string();
        }
    };
    assert!(bad(&set("--ldap-url", "http://x")).contains("ldap://"));
    assert!(bad(&set("--ldap-role-map", "cn=x=chef")).contains("keine Rolle"));
    assert!(bad(&set("--ldap-user-filter", "(uid=x)")).contains("{user}"));
    assert!(bad(&set("--ldap-bind-password-file", "/nicht/da")).contains("nicht lesbar"));
}

/// The flags with another URL (and optionally StartTLS and the test CA).
fn tls_flags(dir: &std::path::Path, url: &str, starttls: bool, ca: bool) -> Vec<String> {
    let mut flags = slapd::serve_flags(dir);
    let i = flags
        .iter()
        .position(|f| f == "--ldap-url")
        .expect("url flag");
    flags[i + 1] = url.to_string();
    if starttls {
        flags.push("--ldap-starttls".into());
    }
    if ca {
        flags.push("--ldap-ca-file".into());
        flags.push(slapd::slapd().ca_file.display().to_string());
    }
    flags
}

#[tokio::test]
async fn ldaps_and_starttls_check_the_certificate_against_the_ca_file() {
    let dir = tempfile::tempdir().expect("dir");
    let s = slapd::slapd();
    // ldaps:// with the city's CA: logs in
    let app = app_with(tls_flags(dir.path(), &s.ldaps_url, false, true)).await;
    let mut b = app.browser();
    let r = b.login("erika", USER_PW).await;
    assert_eq!(r.status, 303, "ldaps: {}", r.body);
    // ldap:// upgraded with StartTLS: logs in
    let app = app_with(tls_flags(dir.path(), &s.url, true, true)).await;
    let mut b = app.browser();
    assert_eq!(b.login("erika", USER_PW).await.status, 303, "starttls");
    // ldaps:// without the CA file: the test CA is not in the system store, so the
    // certificate is not trusted and nothing is sent
    let app = app_with(tls_flags(dir.path(), &s.ldaps_url, false, false)).await;
    let mut b = app.browser();
    let r = b.login("erika", USER_PW).await;
    assert_eq!(r.status, 401);
    assert!(r.contains(DOWN), "{}", r.body);
}
