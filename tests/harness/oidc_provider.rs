//! A real OpenID Connect provider (npm `oidc-provider`, `tests/oidc/provider.mjs`) for the
//! single sign-on tests: started once per test binary on a free loopback port, ended when
//! the test binary exits (the script quits when its standard input, a pipe from this
//! process, closes).

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

pub const CLIENT_ID: &str = "sachstand";
pub const CLIENT_SECRET: &str = "sachstand-test-secret";
pub const TEST_PASSWORD: &str = "Stadt-Konto-Test-1";
/// Sachstand's callback path.
pub const CALLBACK: &str = "/anmelden/sso/rueckruf";

pub struct OidcProvider {
    pub issuer: String,
    _stdin: Mutex<ChildStdin>,
    _child: Mutex<Child>,
}

/// The shared provider, started on first use.
pub fn provider() -> &'static OidcProvider {
    static P: OnceLock<OidcProvider> = OnceLock::new();
    P.get_or_init(start)
}

fn start() -> OidcProvider {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oidc");
    assert!(
        std::path::Path::new(dir)
            .join("node_modules/oidc-provider")
            .is_dir(),
        "tests/oidc/node_modules missing: run `npm ci` in tests/oidc (test.sh does it)"
    );
    let mut child = Command::new("node")
        .arg("provider.mjs")
        .arg("0")
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start node tests/oidc/provider.mjs");
    let stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let issuer = loop {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(i) = line.strip_prefix("ready ") {
                    break i.trim().to_string();
                }
            }
            _ => panic!("oidc provider did not start"),
        }
    };
    // keep reading its output so that it never blocks on a full pipe
    std::thread::spawn(move || for _ in lines {});
    OidcProvider {
        issuer,
        _stdin: Mutex::new(stdin),
        _child: Mutex::new(child),
    }
}

/// The `--oidc-*` flags for this provider (the secret in a file in `dir`).
pub fn serve_flags(dir: &std::path::Path) -> Vec<String> {
    let p = provider();
    let secret = dir.join("oidc-client-secret");
    std::fs::write(&secret, format!("{CLIENT_SECRET}\n")).expect("write secret");
    vec![
        "--oidc-issuer".into(),
        p.issuer.clone(),
        "--oidc-client-id".into(),
        CLIENT_ID.into(),
        "--oidc-client-secret-file".into(),
        secret.display().to_string(),
        "--oidc-scopes".into(),
        "email profile roles".into(),
        "--oidc-roles-claim".into(),
        "roles".into(),
        "--oidc-role-map".into(),
        "sachstand-admin=admin;sachstand-leitung=leitung;sachstand-ag=ag".into(),
    ]
}

/// The user at the provider: its own cookies, its login form.
pub struct Idp {
    client: reqwest::Client,
    issuer: String,
}

impl Idp {
    pub fn new() -> Idp {
        Idp {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(10))
                .build()
                .expect("client"),
            issuer: provider().issuer.clone(),
        }
    }

    fn absolute(&self, loc: &str) -> String {
        if loc.starts_with("http") {
            loc.to_string()
        } else {
            format!("{}{loc}", self.issuer)
        }
    }

    /// Follows the provider from the authorization URL through its login form until it
    /// sends the browser back to the app; returns that callback URL.
    pub async fn login(&self, auth_url: &str, login: &str, password: &str) -> String {
        let mut url = auth_url.to_string();
        let mut posted = false;
        for _ in 0..12 {
            let r = self.client.get(&url).send().await.expect("provider GET");
            if r.status().is_redirection() {
                let loc = r.headers()["location"]
                    .to_str()
                    .expect("location")
                    .to_string();
                if loc.contains(CALLBACK) {
                    return loc;
                }
                url = self.absolute(&loc);
                continue;
            }
            let body = r.text().await.expect("body");
            assert!(!posted, "login did not go through: {body}");
            let action = body
                .split("action=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or_else(|| panic!("no login form: {body}"))
                .to_string();
            let r = self
                .client
                .post(self.absolute(&action))
                .form(&[
                    ("prompt", "login"),
                    ("login", login),
                    ("password", password),
                ])
                .send()
                .await
                .expect("provider POST");
            assert!(r.status().is_redirection(), "login refused: {}", r.status());
            url = self.absolute(r.headers()["location"].to_str().expect("location"));
            posted = true;
        }
        panic!("no callback from the provider");
    }
}
