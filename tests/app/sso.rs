//! Single sign-on against a real OpenID Connect provider (`harness::oidc_provider`, npm
//! oidc-provider, one per test binary), driven through its login form over HTTP: account
//! creation with the role from the claim, person linking, and every tampered callback
//! (provider error, wrong state, missing cookie, wrong nonce, replayed code) ends on a
//! German page without a session.

use std::time::{Duration, Instant};

use clap::Parser;
use sachstand::AppState;
use sachstand::auth::ExternalLogin;
use sachstand::config::DirectoryArgs;
use sachstand::domain::Role;

use crate::harness::oidc_provider::{self, CALLBACK, Idp, TEST_PASSWORD};
use crate::support::{Browser, PASSWORD, TestApp};

#[derive(Parser)]
struct Flags {
    #[command(flatten)]
    directory: DirectoryArgs,
}

const INVALID: &str = "ließ sich nicht bestätigen";
const DENIED: &str = "wurde abgebrochen oder abgelehnt";

/// The app as `serve --public-url http://127.0.0.1:PORT --oidc-* …` runs it.
async fn sso_app_with(flags: impl FnOnce(&std::path::Path) -> Vec<String>) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, pg) = crate::support::test_db(dir.path()).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let base = format!("http://{addr}");
    let site = sachstand::web::site::Site::new(Some(&base), &[], Some(addr)).expect("site");
    let args = flags(dir.path());
    let parsed = Flags::parse_from(std::iter::once("sachstand".to_string()).chain(args));
    let ext =
        ExternalLogin::from_args(&parsed.directory, site.public_url.as_ref()).expect("valid flags");
    let state = AppState::new(db.clone(), false)
        .with_site(site)
        .with_external_login(ext);
    tokio::spawn(sachstand::web::serve::serve(
        listener,
        sachstand::app(state),
        sachstand::web::serve::Limits::default(),
        std::future::pending(),
    ));
    TestApp { base, db, dir, pg }
}

async fn sso_app() -> TestApp {
    sso_app_with(oidc_provider::serve_flags).await
}

/// Starts a login at the app; the provider URL and the state the browser holds.
async fn start(b: &mut Browser) -> (String, String) {
    let r = b.get("/anmelden/sso?next=/massnahmen").await;
    assert_eq!(r.status, 303, "{}", r.body);
    let url = r.location().to_string();
    assert!(url.starts_with(&oidc_provider::provider().issuer), "{url}");
    assert!(url.contains("code_challenge_method=S256"), "{url}");
    assert!(url.contains("nonce="), "{url}");
    let state = b.cookie("sachstand_sso").expect("flow cookie").to_string();
    assert!(url.contains(&format!("state={state}")));
    (url, state)
}

/// The callback as a path with query (the app's part of the URL).
fn path_of(callback: &str) -> String {
    let i = callback.find(CALLBACK).expect("callback path");
    callback[i..].to_string()
}

async fn sessions(app: &TestApp) -> i64 {
    app.count("SELECT count(*) FROM sessions").await
}

#[tokio::test]
async fn sso_login_creates_the_account_with_the_role_from_the_claim_and_links_the_person() {
    let app = sso_app().await;
    app.seed(0).await; // person 1: erika@stadt.example
    let mut b = app.browser();
    let page = b.get("/anmelden").await;
    assert!(
        page.contains("Mit dem Konto der Stadt anmelden"),
        "{}",
        page.body
    );
    let (url, _) = start(&mut b).await;
    let idp = Idp::new();
    let back = idp.login(&url, "erika.sso", TEST_PASSWORD).await;
    assert!(back.starts_with(&app.base), "{back}");
    let r = b.get(&path_of(&back)).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location(), "/massnahmen");
    assert!(b.cookie("sachstand_sso").is_none(), "flow cookie ended");
    let home = b.get("/").await;
    assert_eq!(home.status, 200);
    assert!(home.contains("Erika Beispiel"));

    let row: (String, String, String, Option<i64>, String) =
        sachstand::db::query_as("SELECT username, role, source, person_id, external_id FROM users")
            .fetch_one(&app.db.read)
            .await
            .expect("one account");
    assert_eq!(row.0, "erika.sso");
    assert_eq!(row.1, "ag");
    assert_eq!(row.2, "oidc");
    assert_eq!(row.3, Some(1));
    assert_eq!(
        row.4,
        format!("{}|erika.sso", oidc_provider::provider().issuer)
    );
    assert_eq!(
        app.count("SELECT count(*) FROM sessions WHERE expires_at IS NOT NULL")
            .await,
        1
    );
    // the flow was used up
    assert_eq!(app.count("SELECT count(*) FROM oidc_flows").await, 0);

    // the same person again (the provider remembers the login): same account
    let mut b2 = app.browser();
    let (url, _) = start(&mut b2).await;
    let back = idp.login(&url, "erika.sso", TEST_PASSWORD).await;
    assert_eq!(b2.get(&path_of(&back)).await.status, 303);
    assert_eq!(app.count("SELECT count(*) FROM users").await, 1);
}

#[tokio::test]
async fn a_provider_error_gives_a_german_page_and_no_session() {
    let app = sso_app().await;
    let mut b = app.browser();
    let (_, state) = start(&mut b).await;
    let r = b
        .get(&format!(
            "{CALLBACK}?error=access_denied&error_description=End-User+aborted&state={state}"
        ))
        .await;
    assert_eq!(r.status, 401, "{}", r.body);
    assert!(r.contains(DENIED), "{}", r.body);
    assert!(r.contains("<html lang=\"de\""), "a German page");
    assert_eq!(sessions(&app).await, 0);
    assert_eq!(app.count("SELECT count(*) FROM oidc_flows").await, 0);
}

#[tokio::test]
async fn a_wrong_state_or_a_callback_in_another_browser_is_refused() {
    let app = sso_app().await;
    let idp = Idp::new();
    let mut b = app.browser();
    let (url, state) = start(&mut b).await;
    let back = path_of(&idp.login(&url, "olaf.sso", TEST_PASSWORD).await);

    // the same code in another browser (login CSRF): no flow cookie there
    let mut other = app.browser();
    let r = other.get(&back).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.contains(INVALID));
    assert_eq!(sessions(&app).await, 0);

    // a changed state in the right browser
    let mut b2 = app.browser();
    let (url2, state2) = start(&mut b2).await;
    let back2 = path_of(&idp.login(&url2, "olaf.sso", TEST_PASSWORD).await);
    let tampered = back2.replace(&state2, &format!("{state2}x"));
    let r = b2.get(&tampered).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.contains(INVALID));
    assert_eq!(sessions(&app).await, 0);
    assert_eq!(app.count("SELECT count(*) FROM users").await, 0);
    let _ = state;
}

#[tokio::test]
async fn a_wrong_nonce_is_refused() {
    let app = sso_app().await;
    let idp = Idp::new();
    let mut b = app.browser();
    let (url, _) = start(&mut b).await;
    let back = path_of(&idp.login(&url, "erika.sso", TEST_PASSWORD).await);
    // the nonce the ID token carries no longer matches the one the flow expects
    app.exec("UPDATE oidc_flows SET nonce = 'eine-andere-nonce'")
        .await;
    let r = b.get(&back).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.contains(INVALID));
    assert_eq!(sessions(&app).await, 0);
    assert_eq!(app.count("SELECT count(*) FROM users").await, 0);
}

#[tokio::test]
async fn a_replayed_code_is_refused() {
    let app = sso_app().await;
    let idp = Idp::new();
    let mut b = app.browser();
    let (url, _) = start(&mut b).await;
    let back = path_of(&idp.login(&url, "ada.sso", TEST_PASSWORD).await);
    assert_eq!(b.get(&back).await.status, 303);
    assert_eq!(sessions(&app).await, 1);

    // the same callback again: the flow is used up
    let mut again = app.browser();
    let r = again.get(&back).await;
    assert_eq!(r.status, 400);
    assert!(r.contains(INVALID));

    // the old code with a fresh, valid state of this browser: the provider refuses it
    let (_, fresh_state) = start(&mut again).await;
    let code = back
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("code="))
        .expect("code");
    let r = again
        .get(&format!("{CALLBACK}?code={code}&state={fresh_state}"))
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.contains(INVALID));
    assert_eq!(
        sessions(&app).await,
        1,
        "only the first login has a session"
    );
}

#[tokio::test]
async fn a_user_without_a_mapped_role_is_refused() {
    let app = sso_app().await;
    let idp = Idp::new();
    let mut b = app.browser();
    let (url, _) = start(&mut b).await;
    let back = path_of(&idp.login(&url, "otto.sso", TEST_PASSWORD).await);
    let r = b.get(&back).await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(r.contains("nicht freigeschaltet"));
    assert_eq!(sessions(&app).await, 0);
    assert_eq!(app.count("SELECT count(*) FROM users").await, 0);
}

#[tokio::test]
async fn an_unreachable_provider_gives_a_german_message_and_local_login_works() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let app = sso_app_with(|dir| {
        let mut f = oidc_provider::serve_flags(dir);
        f[1] = format!("http://127.0.0.1:{port}");
        f
    })
    .await;
    app.account("notfall", Role::Admin).await;
    let mut b = app.browser();
    let t = Instant::now();
    let r = b.get("/anmelden/sso").await;
    assert!(t.elapsed() < Duration::from_secs(6), "{:?}", t.elapsed());
    assert_eq!(r.status, 401, "{}", r.body);
    assert!(r.contains("Die Anmeldeseite der Stadt ist gerade nicht erreichbar"));
    assert_eq!(b.login("notfall", PASSWORD).await.status, 303);
}

#[tokio::test]
async fn without_sso_settings_there_is_no_button_and_no_sso_route() {
    let app = crate::support::spawn_app().await;
    let mut b = app.browser();
    assert!(!b.get("/anmelden").await.contains("Mit dem Konto der Stadt"));
    assert_eq!(b.get("/anmelden/sso").await.status, 404);
    assert_eq!(b.get(CALLBACK).await.status, 404);
}
