//! Redirect targets: control characters in `next` never leave the site, and static
//! directories are 404, not redirects.

use sachstand::domain::Role;

use crate::support::{PASSWORD, spawn_app};

#[tokio::test]
async fn tab_or_control_characters_in_next_never_leave_the_site() {
    let app = spawn_app().await;
    app.account("anna", Role::Ag).await;
    // Before login: the login page keeps only safe targets in its form.
    for raw in [
        "/%09/evil.example",
        "/%0b/x",
        "/%00/x",
        "/%01/x",
        "/%5C/evil.example",
    ] {
        let mut b = app.browser();
        let r = b.get(&format!("/anmelden?next={raw}")).await;
        assert_eq!(r.status, 200, "{raw}: {}", r.status);
        assert!(!r.body.contains("evil.example"), "{raw} kept in the form");
        // Logged in: the login page redirects to the target, which must be local.
        b.login("anna", PASSWORD).await;
        let r = b.get(&format!("/anmelden?next={raw}")).await;
        assert!(r.status < 500, "{raw}: {}", r.status);
        assert_eq!(r.location(), "/", "{raw} → {:?}", r.location());
    }
    // The login form itself and "Sitzung verlängern" take `next` from the body.
    let mut b = app.browser();
    b.get("/anmelden").await;
    let r = b
        .post(
            "/anmelden",
            &[
                ("username", "anna"),
                ("password", PASSWORD),
                ("next", "/\t/evil.example"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), "/");
    b.get("/").await;
    let r = b
        .post("/konto/sitzung", &[("next", "/\t/evil.example")])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location(), "/");
    let r = b.post("/konto/sitzung", &[("next", "/\u{1}x")]).await;
    assert_eq!(r.location(), "/");
}

#[tokio::test]
async fn a_static_directory_is_not_found_not_redirected() {
    let app = spawn_app().await;
    let mut b = app.browser();
    for path in ["/static/.", "/static/", "/static"] {
        let r = b.get(path).await;
        assert_eq!(r.status, 404, "{path}: {} → {:?}", r.status, r.location());
    }
}
