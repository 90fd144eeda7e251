//! A real OpenLDAP server (Debian's `slapd`) for the directory login tests: its own
//! cn=config (slapadd -F) and data in a temp folder, the memberOf overlay, started once
//! per test binary on a free loopback port, entries loaded with `ldapadd` after start.
//! It is stopped when the test binary ends: a shell holds it and kills it (and removes
//! the folder) as soon as its standard input — a pipe from this process — closes.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub const SUFFIX: &str = "dc=stadt,dc=example";
pub const ROOT_DN: &str = "cn=admin,dc=stadt,dc=example";
pub const ROOT_PW: &str = "Root-Passwort-Nur-Test";
pub const SERVICE_DN: &str = "cn=svc-sachstand,ou=dienste,dc=stadt,dc=example";
pub const SERVICE_PW: &str = "Dienst-Geheimnis-4711-nie-im-Log";
/// Every test user's password.
pub const USER_PW: &str = "Verzeichnis-Passwort-1";
pub const GROUP_ADMIN: &str = "cn=sachstand-admin,ou=gruppen,dc=stadt,dc=example";
pub const GROUP_AG: &str = "cn=sachstand-ag,ou=gruppen,dc=stadt,dc=example";
pub const GROUP_LEITUNG: &str = "cn=sachstand-leitung,ou=gruppen,dc=stadt,dc=example";

pub struct Slapd {
    pub url: String,
    pub port: u16,
    /// The same server over TLS (a certificate for 127.0.0.1 from a test CA).
    pub ldaps_url: String,
    /// PEM file of the test CA (for `--ldap-ca-file`).
    pub ca_file: PathBuf,
    /// Keeps the holding shell alive; dropped (closed) when the process exits.
    _stdin: std::sync::Mutex<std::process::ChildStdin>,
    /// The holding shell (it ends by itself when its input closes).
    _holder: std::sync::Mutex<std::process::Child>,
}

/// The user DN of a uid.
pub fn user_dn(uid: &str) -> String {
    format!("uid={},ou=personen,{SUFFIX}", escape_dn_value(uid))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn config_ldif(dir: &std::path::Path) -> String {
    let d = dir.display();
    format!(
        "dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: {d}/slapd.pid
olcTLSCACertificateFile: {d}/tls/ca.pem
olcTLSCertificateFile: {d}/tls/server.pem
olcTLSCertificateKeyFile: {d}/tls/server.key

dn: cn=module{{0}},cn=config
objectClass: olcModuleList
cn: module{{0}}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb
olcModuleLoad: memberof

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file:///etc/ldap/schema/core.ldif
include: file:///etc/ldap/schema/cosine.ldif
include: file:///etc/ldap/schema/inetorgperson.ldif

dn: olcDatabase={{-1}}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {{-1}}frontend

dn: olcDatabase={{0}}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {{0}}config
olcAccess: {{0}}to * by * none

dn: olcDatabase={{1}}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {{1}}mdb
olcSuffix: {SUFFIX}
olcRootDN: {ROOT_DN}
olcRootPW: {ROOT_PW}
olcDbDirectory: {d}/data
olcDbMaxSize: 104857600
olcAccess: {{0}}to attrs=userPassword by self write by anonymous auth by * none
olcAccess: {{1}}to * by dn.exact=\"{SERVICE_DN}\" read by self read by * none

dn: olcOverlay={{0}}memberof,olcDatabase={{1}}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcMemberOf
olcOverlay: {{0}}memberof
olcMemberOfRefInt: FALSE
olcMemberOfGroupOC: groupOfNames
olcMemberOfMemberAD: member
olcMemberOfMemberOfAD: memberOf
"
    )
}

/// Users: uid, display name, mail, groups. Each test that changes groups has its own.
pub const USERS: &[(&str, &str, &str, &[&str])] = &[
    (
        "erika",
        "Erika Beispiel",
        "Erika@Stadt.Example",
        &[GROUP_AG],
    ),
    (
        "anna",
        "Anna Admin",
        "anna@stadt.example",
        &[GROUP_ADMIN, GROUP_AG],
    ),
    ("bernd", "Bernd Wechsel", "bernd@stadt.example", &[GROUP_AG]),
    (
        "dora",
        "Dora Entzug",
        "dora@stadt.example",
        &[GROUP_LEITUNG],
    ),
    ("carla", "Carla Ohnegruppe", "carla@stadt.example", &[]),
    (
        "k(a)rl*\\",
        "Karl Sonderzeichen",
        "karl@stadt.example",
        &[GROUP_AG],
    ),
    (
        "lokal",
        "Lokal Doppelt",
        "lokal@stadt.example",
        &[GROUP_ADMIN],
    ),
    ("pwtest", "Pw Test", "pwtest@stadt.example", &[GROUP_AG]),
    ("zeit", "Zeit Ablauf", "zeit@stadt.example", &[GROUP_AG]),
    ("logtest", "Log Test", "logtest@stadt.example", &[GROUP_AG]),
];

/// An LDIF attribute line; values that LDIF cannot hold as plain text go base64.
fn attr(name: &str, value: &str) -> String {
    use base64::Engine;
    let plain = value.is_ascii()
        && !value.starts_with([' ', ':', '<'])
        && !value.contains(['\n', '\r', '\0']);
    if plain {
        format!("{name}: {value}\n")
    } else {
        format!(
            "{name}:: {}\n",
            base64::engine::general_purpose::STANDARD.encode(value)
        )
    }
}

fn escape_dn_value(v: &str) -> String {
    ldap3::dn_escape(v).into_owned()
}

fn data_ldif() -> String {
    let mut s = format!(
        "dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: stadt\no: Stadt Beispiel\n\n\
         dn: ou=personen,{SUFFIX}\nobjectClass: organizationalUnit\nou: personen\n\n\
         dn: ou=gruppen,{SUFFIX}\nobjectClass: organizationalUnit\nou: gruppen\n\n\
         dn: ou=dienste,{SUFFIX}\nobjectClass: organizationalUnit\nou: dienste\n\n\
         dn: {SERVICE_DN}\nobjectClass: person\ncn: svc-sachstand\nsn: Dienstkonto\nuserPassword: {SERVICE_PW}\n\n"
    );
    for (uid, name, mail, _) in USERS {
        s.push_str(&attr("dn", &user_dn(uid)));
        s.push_str("objectClass: inetOrgPerson\n");
        s.push_str(&attr("uid", uid));
        s.push_str(&attr("cn", name));
        s.push_str(&attr("sn", name.rsplit(' ').next().unwrap_or(name)));
        s.push_str(&attr("displayName", name));
        s.push_str(&attr("mail", mail));
        s.push_str(&attr("userPassword", USER_PW));
        s.push('\n');
    }
    for group in [GROUP_ADMIN, GROUP_AG, GROUP_LEITUNG] {
        s.push_str(&attr("dn", group));
        s.push_str("objectClass: groupOfNames\n");
        let cn = group
            .split(',')
            .next()
            .unwrap_or("")
            .trim_start_matches("cn=");
        s.push_str(&attr("cn", cn));
        // groupOfNames needs a member: the service account is in every group
        s.push_str(&attr("member", SERVICE_DN));
        for (uid, _, _, groups) in USERS {
            if groups.contains(&group) {
                s.push_str(&attr("member", &user_dn(uid)));
            }
        }
        s.push('\n');
    }
    s
}

fn run(cmd: &mut Command, stdin: Option<&str>) -> String {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("{cmd:?}: {e} (slapd and ldap-utils installed? test.sh does it)")
        });
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().expect("wait");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{cmd:?} failed: {text}");
    text
}

/// The shared server, started on first use.
pub fn slapd() -> &'static Slapd {
    static SERVER: OnceLock<Slapd> = OnceLock::new();
    SERVER.get_or_init(start)
}

fn start() -> Slapd {
    let dir: PathBuf = tempfile::Builder::new()
        .prefix("sachstand-slapd-")
        .tempdir()
        .expect("temp dir")
        .keep();
    let conf = dir.join("config");
    std::fs::create_dir_all(&conf).expect("config dir");
    std::fs::create_dir_all(dir.join("data")).expect("data dir");
    make_certificates(&dir.join("tls"));
    let ldif = dir.join("config.ldif");
    std::fs::write(&ldif, config_ldif(&dir)).expect("write config");
    run(
        Command::new("/usr/sbin/slapadd")
            .args(["-n", "0", "-F"])
            .arg(&conf)
            .arg("-l")
            .arg(&ldif),
        None,
    );
    let port = free_port();
    let url = format!("ldap://127.0.0.1:{port}");
    let ldaps_url = format!("ldaps://127.0.0.1:{}", free_port());
    // slapd in the foreground (-d 0); the shell kills it and removes the folder when
    // its standard input closes, i.e. when this test binary exits in any way.
    let script = format!(
        "/usr/sbin/slapd -d 0 -h '{url}/ {ldaps_url}/' -F '{}' >'{}/slapd.log' 2>&1 & p=$!; cat >/dev/null; kill $p; wait $p; rm -rf '{}'",
        conf.display(),
        dir.display(),
        dir.display()
    );
    let mut holder = Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start slapd");
    let stdin = holder.stdin.take().expect("stdin");
    // Wait until it answers.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let ok = Command::new("ldapsearch")
            .args([
                "-x",
                "-H",
                &url,
                "-b",
                "",
                "-s",
                "base",
                "-LLL",
                "namingContexts",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if ok {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "slapd did not start: {}",
            std::fs::read_to_string(dir.join("slapd.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    ldap_modify(&url, &data_ldif(), true);
    Slapd {
        url,
        port,
        ldaps_url,
        ca_file: dir.join("tls/ca.pem"),
        _stdin: std::sync::Mutex::new(stdin),
        _holder: std::sync::Mutex::new(holder),
    }
}

/// A test CA and a server certificate for 127.0.0.1 signed by it (openssl).
fn make_certificates(tls: &std::path::Path) {
    std::fs::create_dir_all(tls).expect("tls dir");
    let p = |f: &str| tls.join(f).display().to_string();
    std::fs::write(
        tls.join("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    )
    .expect("ext file");
    run(
        Command::new("openssl").args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=Test-CA Sachstand",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
            "-keyout",
            &p("ca.key"),
            "-out",
            &p("ca.pem"),
        ]),
        None,
    );
    run(
        Command::new("openssl").args([
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            &p("server.key"),
            "-out",
            &p("server.csr"),
        ]),
        None,
    );
    run(
        Command::new("openssl").args([
            "x509",
            "-req",
            "-in",
            &p("server.csr"),
            "-CA",
            &p("ca.pem"),
            "-CAkey",
            &p("ca.key"),
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            &p("server.ext"),
            "-out",
            &p("server.pem"),
        ]),
        None,
    );
}

/// `ldapadd` (add) or `ldapmodify` as the root DN.
pub fn ldap_modify(url: &str, ldif: &str, add: bool) {
    let mut cmd = Command::new("ldapmodify");
    if add {
        cmd.arg("-a");
    }
    cmd.args(["-x", "-H", url, "-D", ROOT_DN, "-w", ROOT_PW]);
    run(&mut cmd, Some(ldif));
}

/// Removes a user from a group (the memberOf overlay updates the user's memberOf).
pub fn remove_member(group: &str, uid: &str) {
    let s = slapd();
    ldap_modify(
        &s.url,
        &format!(
            "dn: {group}\nchangetype: modify\ndelete: member\nmember: {}\n",
            user_dn(uid)
        ),
        false,
    );
}

/// Adds a user to a group.
pub fn add_member(group: &str, uid: &str) {
    let s = slapd();
    ldap_modify(
        &s.url,
        &format!(
            "dn: {group}\nchangetype: modify\nadd: member\nmember: {}\n",
            user_dn(uid)
        ),
        false,
    );
}

/// The `--ldap-*` flags for this server as `serve` takes them (the service password in
/// a file in `dir`).
pub fn serve_flags(dir: &std::path::Path) -> Vec<String> {
    let s = slapd();
    let pw = dir.join("ldap-bind-password");
    std::fs::write(&pw, format!("{SERVICE_PW}\n")).expect("write password file");
    vec![
        "--ldap-url".into(),
        s.url.clone(),
        "--ldap-bind-dn".into(),
        SERVICE_DN.into(),
        "--ldap-bind-password-file".into(),
        pw.display().to_string(),
        "--ldap-base-dn".into(),
        format!("ou=personen,{SUFFIX}"),
        "--ldap-user-filter".into(),
        "(&(objectClass=inetOrgPerson)(uid={user}))".into(),
        "--ldap-role-map".into(),
        format!("{GROUP_ADMIN}=admin;{GROUP_LEITUNG}=leitung;{GROUP_AG}=ag"),
        "--ldap-timeout".into(),
        "2".into(),
    ]
}
