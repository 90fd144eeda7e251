//! Argon2id password hashing (m = 19456 KiB, t = 2, p = 1: the OWASP baseline).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::Rng;

/// Accepted password length in characters (any Unicode, no composition rules).
pub const MIN_LEN: usize = 12;
pub const MAX_LEN: usize = 128;

/// Argon2 allocates 19 MiB per hash. glibc would raise its mmap threshold after the first
/// one and keep later blocks on the heap for good; a fixed threshold returns them to the
/// operating system, so the process stays small after logins and demo loading.
#[allow(unsafe_code)]
fn limit_malloc_retention() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator tuning and takes glibc's arena lock itself.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        // Two arenas instead of one per thread that ever allocated (tokio workers, the
        // SQLite connection threads): freed memory is kept in fewer places (issue 17).
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

fn argon2() -> anyhow::Result<Argon2<'static>> {
    limit_malloc_retention();
    let params = Params::new(19_456, 2, 1, None).map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt_bytes: [u8; 16] = rand::random();
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    let hash = argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    Ok(hash.to_string())
}

/// Runs Argon2 work (hashing, verifying) on a blocking thread, off the async workers.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> anyhow::Result<T> {
    Ok(tokio::task::spawn_blocking(work).await?)
}

/// Verifies in constant work whether or not the hash is well-formed.
pub fn verify_password(password: &str, hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return false;
    };
    argon2()
        .map(|a| a.verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

/// The policy check: German message or Ok.
pub fn check_policy(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n < MIN_LEN {
        return Err(format!(
            "Das Passwort muss mindestens {MIN_LEN} Zeichen lang sein."
        ));
    }
    if n > MAX_LEN {
        return Err(format!(
            "Das Passwort darf höchstens {MAX_LEN} Zeichen lang sein."
        ));
    }
    Ok(())
}

/// A readable random password of 20 characters (about 110 bits).
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..20)
        .map(|i| {
            if i > 0 && i % 5 == 0 {
                '-'
            } else {
                ALPHABET[rng.random_range(0..ALPHABET.len())] as char
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_salts_differ() {
        let a = hash_password("korrekt pferd batterie").unwrap();
        let b = hash_password("korrekt pferd batterie").unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("korrekt pferd batterie", &a));
        assert!(!verify_password("falsch", &a));
        assert!(!verify_password("x", "kein hash"));
    }

    #[test]
    fn policy_counts_characters_not_bytes() {
        assert!(check_policy("ääääääääääää").is_ok());
        assert!(check_policy("kurz").is_err());
        assert!(generate_password().len() == 20);
    }
}
