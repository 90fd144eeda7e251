//! A real OpenID Connect provider (npm `oidc-provider`, `tests/oidc/provider.mjs`) for the
//! single sign-on tests: started once per test binary on a free loopback port, ended when
//! the test binary exits (the script quits when its standard input, a pipe from this
//! process, closes).

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};

pub const CLIENT_ID: &str = "sachstand";
pub const CLIENT_SECRET: &str = "sachstand-test-secret";
pub const TEST_PASSWORD: &str = "Stadt-Konto-Test-1";

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
