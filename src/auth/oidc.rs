//! Single sign-on with OpenID Connect: authorization code flow with PKCE, `state` and
//! `nonce`. The flow's secrets wait server-side (`oidc_flows`, single use, 10 minutes);
//! the browser holds only the `state` in a cookie, so a callback from another browser
//! (login CSRF) or a second use of the same callback finds nothing.

use std::time::{Duration, Instant};

use crate::db::Conn;
use base64::Engine;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use serde_json::Value;

use crate::auth::directory::{parse_role_map, read_secret};
use crate::auth::session::hash_id;
use crate::config::DirectoryArgs;
use crate::domain::Role;
use crate::domain::dates::now_utc;

/// The callback path registered at the identity provider (with `--public-url` in front).
pub const CALLBACK_PATH: &str = "/anmelden/sso/rueckruf";
/// How long a started login may take at the provider.
pub const FLOW_LIFETIME: chrono::Duration = chrono::Duration::minutes(10);
/// Provider metadata (endpoints, signing keys) is fetched again after this long.
const METADATA_TTL: Duration = Duration::from_secs(600);
const HTTP_TIMEOUT: Duration = Duration::from_secs(5);

pub struct OidcConfig {
    pub issuer: IssuerUrl,
    client_id: ClientId,
    client_secret: ClientSecret,
    redirect: RedirectUrl,
    scopes: Vec<String>,
    pub roles_claim: String,
    pub role_map: Vec<(String, Role)>,
    http: openidconnect::reqwest::Client,
    metadata: tokio::sync::Mutex<Option<(Instant, CoreProviderMetadata)>>,
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer.as_str())
            .field("client_id", &self.client_id.as_str())
            .field("client_secret", &"<verborgen>")
            .field("redirect", &self.redirect.as_str())
            .field("roles_claim", &self.roles_claim)
            .field("role_map", &self.role_map)
            .finish()
    }
}

/// Why a single sign-on did not succeed.
#[derive(Debug, PartialEq, Eq)]
pub enum OidcError {
    /// The provider could not be reached or answered with an error.
    Unavailable(String),
    /// The provider's answer did not hold up (signature, nonce, issuer, audience, code).
    Rejected(String),
    /// The user has none of the mapped role values. Carries the external id.
    NoRole(String),
}

/// A started login: the browser goes to `url`; the rest waits in `oidc_flows`.
pub struct Started {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub verifier: String,
}

/// The user the provider confirmed.
#[derive(Debug, Clone)]
pub struct OidcUser {
    /// `issuer|sub`: stable and unique across providers.
    pub external_id: String,
    pub login: String,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub role: Role,
}

impl OidcConfig {
    /// The settings from the flags; `Ok(None)` without `--oidc-issuer`.
    pub fn from_args(
        args: &DirectoryArgs,
        public_url: Option<&url::Url>,
    ) -> Result<Option<Self>, String> {
        let Some(issuer) = args
            .oidc_issuer
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        else {
            return Ok(None);
        };
        let issuer = IssuerUrl::new(issuer.trim_end_matches('/').to_string())
            .map_err(|e| format!("--oidc-issuer {issuer:?} ist keine Adresse ({e})"))?;
        let Some(public) = public_url else {
            return Err(
                "--oidc-issuer braucht --public-url (die Rücksprungadresse nach der Anmeldung)"
                    .into(),
            );
        };
        let redirect = RedirectUrl::new(format!(
            "{}{CALLBACK_PATH}",
            public.origin().ascii_serialization()
        ))
        .map_err(|e| format!("Rücksprungadresse: {e}"))?;
        let client_id = args
            .oidc_client_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or("--oidc-issuer ist gesetzt, --oidc-client-id fehlt")?;
        let Some(secret_file) = &args.oidc_client_secret_file else {
            return Err("--oidc-issuer ist gesetzt, --oidc-client-secret-file fehlt".into());
        };
        let secret = read_secret(secret_file, "--oidc-client-secret-file")?;
        let role_map = parse_role_map(
            args.oidc_role_map
                .as_deref()
                .ok_or("--oidc-issuer ist gesetzt, --oidc-role-map fehlt")?,
            "--oidc-role-map",
        )?;
        let http = openidconnect::reqwest::ClientBuilder::new()
            // Following redirects would open the client to server-side request forgery.
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(HTTP_TIMEOUT)
            .connect_timeout(HTTP_TIMEOUT)
            .build()
            .map_err(|e| format!("HTTP-Client: {e}"))?;
        Ok(Some(Self {
            issuer,
            client_id: ClientId::new(client_id.to_string()),
            client_secret: ClientSecret::new(secret),
            redirect,
            scopes: args
                .oidc_scopes
                .split_whitespace()
                .filter(|s| *s != "openid")
                .map(str::to_string)
                .collect(),
            roles_claim: args.oidc_roles_claim.trim().to_string(),
            role_map,
            http,
            metadata: tokio::sync::Mutex::new(None),
        }))
    }

    /// Discovery, cached for a while (a provider that is down at start-up does not stop
    /// Sachstand from starting; local logins keep working).
    async fn metadata(&self) -> Result<CoreProviderMetadata, OidcError> {
        let mut cached = self.metadata.lock().await;
        if let Some((at, m)) = cached.as_ref()
            && at.elapsed() < METADATA_TTL
        {
            return Ok(m.clone());
        }
        let m = CoreProviderMetadata::discover_async(self.issuer.clone(), &self.http)
            .await
            .map_err(|e| OidcError::Unavailable(format!("Discovery: {e}")))?;
        *cached = Some((Instant::now(), m.clone()));
        Ok(m)
    }

    async fn client(
        &self,
    ) -> Result<
        CoreClient<
            openidconnect::EndpointSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointNotSet,
            openidconnect::EndpointMaybeSet,
            openidconnect::EndpointMaybeSet,
        >,
        OidcError,
    > {
        let m = self.metadata().await?;
        Ok(CoreClient::from_provider_metadata(
            m,
            self.client_id.clone(),
            Some(self.client_secret.clone()),
        )
        .set_redirect_uri(self.redirect.clone()))
    }

    /// The provider's authorization URL with fresh `state`, `nonce` and PKCE challenge.
    pub async fn start(&self) -> Result<Started, OidcError> {
        let client = self.client().await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut req = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for s in &self.scopes {
            req = req.add_scope(Scope::new(s.clone()));
        }
        let (url, state, nonce) = req.url();
        Ok(Started {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            verifier: verifier.secret().clone(),
        })
    }

    /// Exchanges the code (with the PKCE verifier), verifies the ID token (signature,
    /// issuer, audience, expiry, nonce) and reads the user and role from its claims.
    pub async fn finish(
        &self,
        code: &str,
        nonce: &str,
        verifier: &str,
    ) -> Result<OidcUser, OidcError> {
        let client = self.client().await?;
        let tokens = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| OidcError::Unavailable(format!("Token-Endpunkt: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_string()))
            .request_async(&self.http)
            .await
            .map_err(|e| OidcError::Rejected(format!("Code-Einlösung: {e}")))?;
        let id_token = tokens
            .id_token()
            .ok_or_else(|| OidcError::Rejected("kein ID-Token".into()))?;
        let verifier = client.id_token_verifier();
        let claims = id_token
            .claims(&verifier, &Nonce::new(nonce.to_string()))
            .map_err(|e| OidcError::Rejected(format!("ID-Token: {e}")))?;
        let sub = claims.subject().as_str().to_string();
        let external_id = format!("{}|{sub}", self.issuer.as_str());
        let email = claims.email().map(|e| e.as_str().to_string());
        let display_name = claims
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().to_string());
        let login = claims
            .preferred_username()
            .map(|u| u.as_str().to_string())
            .or_else(|| email.clone())
            .unwrap_or_else(|| sub.clone());
        // The signature was checked above; the payload is read once more for the
        // configured roles claim, which the typed claims do not carry.
        let payload = jwt_payload(&id_token.to_string())
            .ok_or_else(|| OidcError::Rejected("ID-Token nicht lesbar".into()))?;
        let values = claim_values(&payload, &self.roles_claim);
        let role = self
            .role_map
            .iter()
            .find(|(v, _)| values.iter().any(|have| have == v))
            .map(|(_, r)| *r);
        let Some(role) = role else {
            return Err(OidcError::NoRole(external_id));
        };
        Ok(OidcUser {
            external_id,
            login,
            email,
            display_name,
            role,
        })
    }
}

fn jwt_payload(jwt: &str) -> Option<Value> {
    let part = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The string values of a claim: a string, a list of strings, or a dotted path into
/// nested objects (`realm_access.roles` as Keycloak puts realm roles).
pub fn claim_values(payload: &Value, claim: &str) -> Vec<String> {
    let direct = payload.get(claim);
    let found = direct.or_else(|| claim.split('.').try_fold(payload, |v, key| v.get(key)));
    match found {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

// ------------------------------------------------------------------ flows under way

#[derive(Debug, sqlx::FromRow)]
pub struct Flow {
    pub nonce: String,
    pub pkce_verifier: String,
    pub next: String,
    pub created_at: String,
}

pub async fn save_flow(conn: &mut Conn, started: &Started, next: &str) -> sqlx::Result<()> {
    // Flows older than their lifetime are of no use; keep the table small.
    let cutoff = (chrono::Utc::now() - FLOW_LIFETIME)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    crate::db::query("DELETE FROM oidc_flows WHERE created_at < ?")
        .bind(cutoff)
        .execute(&mut *conn)
        .await?;
    crate::db::query(
        "INSERT INTO oidc_flows (state_hash, nonce, pkce_verifier, next, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(hash_id(&started.state))
    .bind(&started.nonce)
    .bind(&started.verifier)
    .bind(next)
    .bind(now_utc())
    .execute(conn)
    .await?;
    Ok(())
}

/// Takes a flow by its `state` (deleted: a second callback finds nothing); `None` if
/// unknown or older than [`FLOW_LIFETIME`].
pub async fn take_flow(conn: &mut Conn, state: &str) -> sqlx::Result<Option<Flow>> {
    let flow: Option<Flow> = crate::db::query_as(
        "DELETE FROM oidc_flows WHERE state_hash = ? RETURNING nonce, pkce_verifier, next, created_at",
    )
    .bind(hash_id(state))
    .fetch_optional(conn)
    .await?;
    Ok(flow.filter(|f| {
        chrono::DateTime::parse_from_rfc3339(&f.created_at)
            .map(|t| chrono::Utc::now() - t.with_timezone(&chrono::Utc) <= FLOW_LIFETIME)
            .unwrap_or(false)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn roles_claim_as_string_list_or_nested_path() {
        let p = json!({
            "roles": ["sachstand-ag", 7, "x"],
            "group": "sachstand-rat",
            "realm_access": { "roles": ["sachstand-admin"] }
        });
        assert_eq!(claim_values(&p, "roles"), vec!["sachstand-ag", "x"]);
        assert_eq!(claim_values(&p, "group"), vec!["sachstand-rat"]);
        assert_eq!(
            claim_values(&p, "realm_access.roles"),
            vec!["sachstand-admin"]
        );
        assert!(claim_values(&p, "missing").is_empty());
    }
}
