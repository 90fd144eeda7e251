//! A secret (a generated password, a new calendar address) is shown exactly once, on the page
//! the user is sent to after the POST (POST → redirect → GET). Between the two requests it waits
//! in the database (`pending_secrets`), so that the GET may reach any instance of a hosted set-up
//! (issue 15): one row per session and purpose, at most five minutes, deleted by the page that
//! shows it (`DELETE … RETURNING`), so a reload no longer shows it.
//!
//! The row holds the secret sealed with ChaCha20-Poly1305 under a key derived from the raw
//! session cookie. The database never sees that cookie (the session store keeps only its
//! SHA-256), so whoever reads the database or a backup cannot open the secret; only a request
//! that carries the session's cookie can. The associated data binds the ciphertext to its row
//! (session, purpose, label): a row moved to another session or relabelled does not open.
//! The secret is never written in the clear to the database, a URL or a log.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::{Duration, Utc};
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use sha2::{Digest, Sha256};

use super::AppState;
use super::extract::AuthRejection;
use crate::auth::session::{self, hash_id};
use crate::db::{Conn, Db};
use crate::domain::dates::now_utc;

/// How long a secret waits for its page.
const KEEP: Duration = Duration::minutes(5);

/// Domain separation: this key is not the session hash (`SHA-256(token)`) nor anything else
/// derived from the token.
const KEY_CONTEXT: &[u8] = b"sachstand/shown-once/v1\0";

/// What a waiting secret is for; a page takes only its own kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A generated password (new account, reset), labelled with the account name.
    Password,
    /// A new secret calendar feed address.
    Calendar,
}

impl Purpose {
    fn key(self) -> &'static str {
        match self {
            Purpose::Password => "passwort",
            Purpose::Calendar => "kalender",
        }
    }
}

/// The request's session as far as its waiting secrets are concerned: the session hash (the
/// row's key) and the sealing key, both derived from the cookie of this request.
pub struct Key {
    session_hash: String,
    key: [u8; 32],
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key")
            .field("session_hash", &self.session_hash)
            .finish_non_exhaustive()
    }
}

impl Key {
    /// The key of the session whose raw cookie value is `token`.
    pub fn from_token(token: &str) -> Key {
        let mut h = Sha256::new();
        h.update(KEY_CONTEXT);
        h.update(token.as_bytes());
        Key {
            session_hash: hash_id(token),
            key: h.finalize().into(),
        }
    }

    fn aead(&self) -> Option<LessSafeKey> {
        UnboundKey::new(&CHACHA20_POLY1305, &self.key)
            .ok()
            .map(LessSafeKey::new)
    }

    /// Seals `secret`; (nonce, ciphertext with tag). A random nonce per message: a session
    /// seals a handful of secrets at most, far from the 2^32 at which 96-bit nonces matter.
    pub fn seal(&self, aad: &[u8], secret: &str) -> Option<([u8; NONCE_LEN], Vec<u8>)> {
        let nonce: [u8; NONCE_LEN] = rand::random();
        let mut sealed = secret.as_bytes().to_vec();
        self.aead()?
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad),
                &mut sealed,
            )
            .ok()?;
        Some((nonce, sealed))
    }

    /// Opens what [`Key::seal`] sealed; `None` for another key, other associated data or a
    /// changed byte.
    pub fn open(&self, aad: &[u8], nonce: &[u8], sealed: &[u8]) -> Option<String> {
        let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
        let mut buf = sealed.to_vec();
        let plain = self
            .aead()?
            .open_in_place(nonce, Aad::from(aad), &mut buf)
            .ok()?;
        String::from_utf8(plain.to_vec()).ok()
    }
}

/// The cookie of the request (the handlers that use it also require a signed-in session).
impl FromRequestParts<AppState> for Key {
    type Rejection = AuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        session::cookie_value(
            &parts.headers,
            &session::cookie_name(session::COOKIE, state.auth.secure_cookies),
        )
        .map(Key::from_token)
        .ok_or(AuthRejection::Login { next: None })
    }
}

/// What the ciphertext is bound to besides the key.
fn associated(session_hash: &str, purpose: Purpose, label: &str) -> Vec<u8> {
    format!("{session_hash}\0{}\0{label}", purpose.key()).into_bytes()
}

/// The oldest `created_at` that still counts (timestamps are fixed-width UTC text).
fn cutoff() -> String {
    (Utc::now() - KEEP).format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Keeps `secret` (labelled `label`, e.g. the account name) for the session's next page,
/// replacing a secret of the same purpose still waiting; removes expired ones of any session.
/// Runs on `conn`, ideally the transaction of the write that generated the secret.
pub async fn put(
    conn: &mut Conn,
    key: &Key,
    purpose: Purpose,
    label: &str,
    secret: &str,
) -> sqlx::Result<()> {
    let created_at = now_utc();
    let aad = associated(&key.session_hash, purpose, label);
    let (nonce, sealed) = key
        .seal(&aad, secret)
        .ok_or_else(|| sqlx::Error::Protocol("sealing the secret failed".into()))?;
    crate::db::query("DELETE FROM pending_secrets WHERE created_at < ?")
        .bind(cutoff())
        .execute(&mut *conn)
        .await?;
    crate::db::query(
        "INSERT INTO pending_secrets (session_hash, purpose, label, nonce, ciphertext, created_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (session_hash, purpose) DO UPDATE SET label = excluded.label,
             nonce = excluded.nonce, ciphertext = excluded.ciphertext, created_at = excluded.created_at",
    )
    .bind(&key.session_hash)
    .bind(purpose.key())
    .bind(label)
    .bind(nonce.to_vec())
    .bind(sealed)
    .bind(&created_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Pending {
    label: String,
    nonce: Vec<u8>,
    ciphertext: Vec<u8>,
    created_at: String,
}

/// Takes the waiting secret of the session and purpose, if any and not expired: (label,
/// secret). The row is gone afterwards, whether it could be opened or not.
pub async fn take(db: &Db, key: &Key, purpose: Purpose) -> sqlx::Result<Option<(String, String)>> {
    let row: Option<Pending> = crate::db::query_as(
        "DELETE FROM pending_secrets WHERE session_hash = ? AND purpose = ?
         RETURNING label, nonce, ciphertext, created_at",
    )
    .bind(&key.session_hash)
    .bind(purpose.key())
    .fetch_optional(&db.write)
    .await?;
    Ok(row.and_then(|p| {
        if p.created_at < cutoff() {
            return None;
        }
        let aad = associated(&key.session_hash, purpose, &p.label);
        key.open(&aad, &p.nonce, &p.ciphertext)
            .map(|secret| (p.label, secret))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "5f0c3e9a1b7d4c2e8f6a0b9c7d5e3f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e";

    #[test]
    fn a_sealed_secret_opens_with_its_token_only() {
        let key = Key::from_token(TOKEN);
        let aad = associated(&key.session_hash, Purpose::Password, "k.vogel");
        let (nonce, sealed) = key.seal(&aad, "Geheim-Generiert-42").expect("sealed");
        assert!(
            !sealed.windows(6).any(|w| w == b"Geheim"),
            "no plaintext in the ciphertext"
        );
        assert_eq!(
            sealed.len(),
            "Geheim-Generiert-42".len() + 16,
            "text + 16-byte tag"
        );
        assert_eq!(
            key.open(&aad, &nonce, &sealed).as_deref(),
            Some("Geheim-Generiert-42")
        );
        // another session's cookie (one hex digit changed) does not open it
        let other = Key::from_token(&TOKEN.replacen('5', "6", 1));
        assert_eq!(other.open(&aad, &nonce, &sealed), None);
        // nor does the row moved to another label or purpose, or one changed byte
        let relabelled = associated(&key.session_hash, Purpose::Password, "admin1");
        assert_eq!(key.open(&relabelled, &nonce, &sealed), None);
        let repurposed = associated(&key.session_hash, Purpose::Calendar, "k.vogel");
        assert_eq!(key.open(&repurposed, &nonce, &sealed), None);
        let mut flipped = sealed.clone();
        flipped[0] ^= 1;
        assert_eq!(key.open(&aad, &nonce, &flipped), None);
        assert_eq!(key.open(&aad, &nonce[..8], &sealed), None, "short nonce");
    }

    #[test]
    fn the_key_is_neither_the_session_hash_nor_the_same_for_two_tokens() {
        let a = Key::from_token(TOKEN);
        let b = Key::from_token(&TOKEN.replacen('5', "6", 1));
        assert_eq!(a.session_hash, hash_id(TOKEN));
        assert_ne!(hex::encode(a.key), a.session_hash);
        assert_ne!(a.key, b.key);
        assert!(
            !format!("{a:?}").contains(&hex::encode(a.key)),
            "Debug hides the key"
        );
    }
}
