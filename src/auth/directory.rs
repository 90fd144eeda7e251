//! Login against the city's directory (LDAP / Active Directory): search the user as the
//! service account, read their groups, then bind as the found DN with the given password.
//! The service account's password is read from a file and never logged (`Debug` hides it).

use std::sync::Arc;
use std::time::Duration;

use ldap3::{LdapConnAsync, LdapConnSettings, Scope, SearchEntry, ldap_escape};

use crate::config::DirectoryArgs;
use crate::domain::Role;

/// LDAP result code "invalidCredentials" (RFC 4511).
const INVALID_CREDENTIALS: u32 = 49;

/// AD's LDAP_MATCHING_RULE_IN_CHAIN: group membership through nested groups.
const IN_CHAIN: &str = "1.2.840.113556.1.4.1941";

/// The directory settings (`--ldap-*`), ready to use.
#[derive(Clone)]
pub struct LdapConfig {
    pub url: String,
    pub starttls: bool,
    tls: Option<Arc<rustls::ClientConfig>>,
    pub bind_dn: String,
    bind_password: String,
    pub base_dn: String,
    pub user_filter: String,
    pub mail_attribute: String,
    pub name_attribute: String,
    /// Group DN and role, in the order given: the first group the user is in decides.
    pub role_map: Vec<(String, Role)>,
    pub nested_groups: bool,
    pub timeout: Duration,
}

impl std::fmt::Debug for LdapConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LdapConfig")
            .field("url", &self.url)
            .field("starttls", &self.starttls)
            .field("ca_file", &self.tls.is_some())
            .field("bind_dn", &self.bind_dn)
            .field("bind_password", &"<verborgen>")
            .field("base_dn", &self.base_dn)
            .field("user_filter", &self.user_filter)
            .field("role_map", &self.role_map)
            .field("nested_groups", &self.nested_groups)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// Why a directory login did not succeed.
#[derive(Debug, PartialEq, Eq)]
pub enum LdapLoginError {
    /// Refused before anything is sent: an empty password would be an anonymous bind.
    EmptyPassword,
    /// No such user, several matches, or the password is wrong.
    BadCredentials,
    /// The password is right, but the user is in none of the mapped groups. Carries the DN.
    NoRole(String),
    /// The server did not answer in time, refused the service account, or failed.
    Unavailable(String),
}

/// A user the directory confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryUser {
    pub dn: String,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub role: Role,
}

/// Reads a secret from the first line of a file (trailing line break removed).
pub fn read_secret(path: &std::path::Path, flag: &str) -> Result<String, String> {
    let raw = std::fs::read_to_string(path)
        .map_err(|e| format!("{flag} {}: nicht lesbar ({e})", path.display()))?;
    let secret = raw.lines().next().unwrap_or("").to_string();
    if secret.is_empty() {
        return Err(format!("{flag} {}: die Datei ist leer", path.display()));
    }
    Ok(secret)
}

/// `GROUP=ROLE;GROUP=ROLE`: the role is after the last `=` (a DN has `=` inside).
pub fn parse_role_map(raw: &str, flag: &str) -> Result<Vec<(String, Role)>, String> {
    let mut map = Vec::new();
    for item in raw.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        let Some((group, role)) = item.rsplit_once('=') else {
            return Err(format!("{flag}: {item:?} hat die Form GRUPPE=ROLLE nicht"));
        };
        let role = Role::parse(role.trim()).ok_or_else(|| {
            format!(
                "{flag}: {:?} ist keine Rolle (admin, ag, leitung oder rat)",
                role.trim()
            )
        })?;
        let group = group.trim();
        if group.is_empty() {
            return Err(format!("{flag}: {item:?} nennt keine Gruppe"));
        }
        map.push((group.to_string(), role));
    }
    if map.is_empty() {
        return Err(format!("{flag}: keine Zuordnung GRUPPE=ROLLE angegeben"));
    }
    Ok(map)
}

/// DNs compared as a directory would, roughly: case and spaces after separators ignored.
pub fn same_dn(a: &str, b: &str) -> bool {
    fn norm(dn: &str) -> String {
        dn.split(',')
            .map(|rdn| {
                rdn.split('=')
                    .map(|p| p.trim().to_lowercase())
                    .collect::<Vec<_>>()
                    .join("=")
            })
            .collect::<Vec<_>>()
            .join(",")
    }
    norm(a) == norm(b)
}

/// The search filter for a login name, escaped per RFC 4515 (no filter injection).
pub fn user_filter(template: &str, user: &str) -> String {
    template.replace("{user}", &ldap_escape(user))
}

/// AD's transitive membership test for one group, evaluated on the user's entry.
pub fn nested_group_filter(group_dn: &str) -> String {
    format!("(memberOf:{IN_CHAIN}:={})", ldap_escape(group_dn))
}

fn tls_config(path: &std::path::Path) -> Result<Arc<rustls::ClientConfig>, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| format!("--ldap-ca-file {}: nicht lesbar ({e})", path.display()))?;
    for cert in certs {
        let cert =
            cert.map_err(|e| format!("--ldap-ca-file {}: kein PEM ({e})", path.display()))?;
        roots
            .add(cert)
            .map_err(|e| format!("--ldap-ca-file {}: {e}", path.display()))?;
    }
    if roots.is_empty() {
        return Err(format!(
            "--ldap-ca-file {}: enthält kein Zertifikat",
            path.display()
        ));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

impl LdapConfig {
    /// The settings from the flags; `Ok(None)` without `--ldap-url`.
    pub fn from_args(args: &DirectoryArgs) -> Result<Option<Self>, String> {
        let Some(url) = args
            .ldap_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        else {
            return Ok(None);
        };
        let parsed = url::Url::parse(url)
            .map_err(|e| format!("--ldap-url {url:?} ist keine Adresse ({e})"))?;
        if !matches!(parsed.scheme(), "ldap" | "ldaps") {
            return Err(format!(
                "--ldap-url {url:?} muss mit ldap:// oder ldaps:// beginnen"
            ));
        }
        if args.ldap_starttls && parsed.scheme() == "ldaps" {
            return Err("--ldap-starttls gilt nur für ldap://, nicht für ldaps://".into());
        }
        let need = |v: &Option<String>, flag: &str| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .ok_or_else(|| format!("--ldap-url ist gesetzt, {flag} fehlt"))
        };
        let bind_dn = need(&args.ldap_bind_dn, "--ldap-bind-dn")?;
        let base_dn = need(&args.ldap_base_dn, "--ldap-base-dn")?;
        let role_map = parse_role_map(
            &need(&args.ldap_role_map, "--ldap-role-map")?,
            "--ldap-role-map",
        )?;
        let Some(pw_file) = &args.ldap_bind_password_file else {
            return Err("--ldap-url ist gesetzt, --ldap-bind-password-file fehlt".into());
        };
        let bind_password = read_secret(pw_file, "--ldap-bind-password-file")?;
        if !args.ldap_user_filter.contains("{user}") {
            return Err("--ldap-user-filter muss {user} enthalten".into());
        }
        let tls = args.ldap_ca_file.as_deref().map(tls_config).transpose()?;
        Ok(Some(Self {
            url: url.to_string(),
            starttls: args.ldap_starttls,
            tls,
            bind_dn,
            bind_password,
            base_dn,
            user_filter: args.ldap_user_filter.clone(),
            mail_attribute: args.ldap_mail_attribute.clone(),
            name_attribute: args.ldap_name_attribute.clone(),
            role_map,
            nested_groups: args.ldap_nested_groups,
            timeout: Duration::from_secs(args.ldap_timeout.max(1)),
        }))
    }

    /// Search, then bind as the user. The whole exchange is bounded by the timeout.
    pub async fn authenticate(
        &self,
        user: &str,
        password: &str,
    ) -> Result<DirectoryUser, LdapLoginError> {
        if password.is_empty() {
            return Err(LdapLoginError::EmptyPassword);
        }
        if user.is_empty() {
            return Err(LdapLoginError::BadCredentials);
        }
        // Connect, two binds and up to one search per mapped group: a generous bound that
        // still answers within a few seconds times the configured timeout.
        let overall = self.timeout * 2;
        match tokio::time::timeout(overall, self.exchange(user, password)).await {
            Ok(r) => r,
            Err(_) => Err(LdapLoginError::Unavailable(format!(
                "keine Antwort innerhalb von {} s",
                overall.as_secs()
            ))),
        }
    }

    async fn exchange(&self, user: &str, password: &str) -> Result<DirectoryUser, LdapLoginError> {
        let unavailable =
            |what: &str, e: ldap3::LdapError| LdapLoginError::Unavailable(format!("{what}: {e}"));
        let mut settings = LdapConnSettings::new()
            .set_conn_timeout(self.timeout)
            .set_starttls(self.starttls);
        if let Some(tls) = &self.tls {
            settings = settings.set_config(tls.clone());
        }
        let (conn, mut ldap) = LdapConnAsync::with_settings(settings, &self.url)
            .await
            .map_err(|e| unavailable("Verbindung", e))?;
        tokio::spawn(async move {
            if let Err(e) = conn.drive().await {
                tracing::debug!(error = %e, "LDAP-Verbindung beendet");
            }
        });
        ldap.with_timeout(self.timeout);
        let bound = ldap
            .simple_bind(&self.bind_dn, &self.bind_password)
            .await
            .map_err(|e| unavailable("Anmeldung des Dienstkontos", e))?;
        if bound.rc != 0 {
            return Err(LdapLoginError::Unavailable(format!(
                "Dienstkonto {} abgewiesen (LDAP-Code {})",
                self.bind_dn, bound.rc
            )));
        }
        let filter = user_filter(&self.user_filter, user);
        let attrs = vec![
            self.mail_attribute.as_str(),
            self.name_attribute.as_str(),
            "memberOf",
        ];
        ldap.with_timeout(self.timeout);
        let (entries, res) = ldap
            .search(&self.base_dn, Scope::Subtree, &filter, attrs)
            .await
            .map_err(|e| unavailable("Suche", e))?
            .non_error()
            .map_err(|e| unavailable("Suche", e))?;
        if res.rc != 0 {
            // e.g. sizeLimitExceeded: more than one match is treated as none below
            tracing::warn!(rc = res.rc, "LDAP-Suche unvollständig");
        }
        if entries.len() != 1 {
            if entries.len() > 1 {
                tracing::warn!(
                    matches = entries.len(),
                    "LDAP-Suche nach dem Benutzernamen ist nicht eindeutig"
                );
            }
            let _ = ldap.unbind().await;
            return Err(LdapLoginError::BadCredentials);
        }
        let Some(first) = entries.into_iter().next() else {
            return Err(LdapLoginError::BadCredentials);
        };
        let entry = SearchEntry::construct(first);
        let first_value = |attr: &str| {
            entry
                .attrs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(attr))
                .and_then(|(_, v)| v.first())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let email = first_value(&self.mail_attribute);
        let display_name = first_value(&self.name_attribute);
        let member_of: Vec<String> = entry
            .attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("memberOf"))
            .map(|(_, v)| v.clone())
            .unwrap_or_default();

        // The role, still as the service account (nested lookups need its rights).
        let mut role = None;
        for (group, r) in &self.role_map {
            let direct = member_of.iter().any(|m| same_dn(m, group));
            let member = if direct {
                true
            } else if self.nested_groups {
                let f = nested_group_filter(group);
                ldap.with_timeout(self.timeout);
                match ldap.search(&entry.dn, Scope::Base, &f, vec!["1.1"]).await {
                    Ok(r) => r.0.len() == 1,
                    Err(e) => return Err(unavailable("Gruppensuche", e)),
                }
            } else {
                false
            };
            if member {
                role = Some(*r);
                break;
            }
        }

        // Finally the user's own bind: proves the password.
        ldap.with_timeout(self.timeout);
        let bound = ldap
            .simple_bind(&entry.dn, password)
            .await
            .map_err(|e| unavailable("Anmeldung", e))?;
        let _ = ldap.unbind().await;
        match bound.rc {
            0 => {}
            INVALID_CREDENTIALS => return Err(LdapLoginError::BadCredentials),
            rc => {
                return Err(LdapLoginError::Unavailable(format!(
                    "Anmeldung abgewiesen (LDAP-Code {rc})"
                )));
            }
        }
        let Some(role) = role else {
            return Err(LdapLoginError::NoRole(entry.dn));
        };
        Ok(DirectoryUser {
            dn: entry.dn,
            email,
            display_name,
            role,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_escapes_rfc4515_specials() {
        assert_eq!(
            user_filter("(uid={user})", "a*b(c)d\\e\0f"),
            "(uid=a\\2ab\\28c\\29d\\5ce\\00f)"
        );
        assert_eq!(
            user_filter("(&(objectClass=user)(sAMAccountName={user}))", "*)(uid=*"),
            "(&(objectClass=user)(sAMAccountName=\\2a\\29\\28uid=\\2a))"
        );
    }

    #[test]
    fn role_map_takes_the_role_after_the_last_equals_sign() {
        let map = parse_role_map(
            "cn=sachstand-admin,ou=groups,dc=stadt,dc=example=admin; cn=ag,dc=x=ag",
            "--ldap-role-map",
        )
        .expect("valid");
        assert_eq!(
            map,
            vec![
                (
                    "cn=sachstand-admin,ou=groups,dc=stadt,dc=example".to_string(),
                    Role::Admin
                ),
                ("cn=ag,dc=x".to_string(), Role::Ag),
            ]
        );
        let err = parse_role_map("cn=x,dc=y=chef", "--ldap-role-map").expect_err("bad role");
        assert!(err.contains("\"chef\" ist keine Rolle"), "{err}");
        assert!(parse_role_map(" ; ", "--ldap-role-map").is_err());
    }

    #[test]
    fn nested_groups_use_the_in_chain_matching_rule() {
        assert_eq!(
            nested_group_filter("CN=Sachstand (AG),OU=Gruppen,DC=stadt,DC=example"),
            "(memberOf:1.2.840.113556.1.4.1941:=CN=Sachstand \\28AG\\29,OU=Gruppen,DC=stadt,DC=example)"
        );
    }

    #[test]
    fn dns_compare_without_case_and_spaces() {
        assert!(same_dn(
            "CN=Sachstand-AG, OU=Gruppen,DC=stadt,DC=example",
            "cn=sachstand-ag,ou=gruppen,dc=stadt,dc=example"
        ));
        assert!(!same_dn("cn=a,dc=x", "cn=b,dc=x"));
    }

    #[tokio::test]
    async fn empty_password_is_refused_before_connecting() {
        // The URL points nowhere: an attempt to connect would give `Unavailable`.
        let cfg = LdapConfig {
            url: "ldap://127.0.0.1:1".into(),
            starttls: false,
            tls: None,
            bind_dn: "cn=svc".into(),
            bind_password: "geheim".into(),
            base_dn: "dc=x".into(),
            user_filter: "(uid={user})".into(),
            mail_attribute: "mail".into(),
            name_attribute: "displayName".into(),
            role_map: vec![("cn=g".into(), Role::Ag)],
            nested_groups: false,
            timeout: Duration::from_secs(1),
        };
        assert_eq!(
            cfg.authenticate("erika", "").await,
            Err(LdapLoginError::EmptyPassword)
        );
        assert!(!format!("{cfg:?}").contains("geheim"));
        assert!(matches!(
            cfg.authenticate("erika", "x").await,
            Err(LdapLoginError::Unavailable(_))
        ));
    }
}
