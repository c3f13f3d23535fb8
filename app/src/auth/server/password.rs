//! Password hashing with Argon2id.
//!
//! Parameters follow the OWASP Password Storage Cheat Sheet's first Argon2id option:
//! 19 MiB of memory, 2 iterations, 1 lane (about 20–40 ms per hash on one core here). Hashes
//! are PHC strings, so the parameters travel with each hash and can be raised later without
//! invalidating stored passwords. Hashing runs on the blocking pool so it never stalls the
//! async workers.

use crate::error::server::{ServiceError, ServiceResult};
use crate::error::FieldErrors;
use crate::i18n::Msg;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 128;

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("static Argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Length rules, counted in characters (not bytes) so that non-Latin passwords are fair.
pub fn check_strength(field: &str, password: &str) -> Result<(), FieldErrors> {
    let chars = password.chars().count();
    let mut errors = FieldErrors::new();
    if chars < MIN_LENGTH {
        errors.add(field, Msg::ValPasswordTooShort);
    } else if chars > MAX_LENGTH {
        errors.add(field, Msg::ValPasswordTooLong);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

pub fn hash_blocking(password: &str) -> ServiceResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Hashing(e.to_string()))
}

/// True when `password` matches the stored PHC string. A malformed hash never matches.
pub fn verify_blocking(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

pub async fn hash(password: String) -> ServiceResult<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(|e| ServiceError::Internal(format!("hashing task failed: {e}")))?
}

pub async fn verify(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || verify_blocking(&password, &stored))
        .await
        .unwrap_or(false)
}

/// Burns the same time as a real verification, for sign-ins naming no account, so response
/// times do not reveal which accounts exist.
pub async fn verify_against_dummy(password: String) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let stored = DUMMY
        .get_or_init(|| hash_blocking("dummy password for timing").unwrap_or_default())
        .clone();
    let _ = verify(password, stored).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_differ_per_salt() {
        let a = hash_blocking("correct horse battery").unwrap();
        let b = hash_blocking("correct horse battery").unwrap();
        assert_ne!(a, b, "each hash has its own salt");
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert!(verify_blocking("correct horse battery", &a));
        assert!(!verify_blocking("correct horse batterY", &a));
        assert!(!verify_blocking("", &a));
    }

    #[test]
    fn malformed_hashes_never_match() {
        assert!(!verify_blocking("anything", ""));
        assert!(!verify_blocking("anything", "plaintext"));
        assert!(!verify_blocking("anything", "$argon2id$v=19$broken"));
    }

    #[test]
    fn strength_counts_characters() {
        assert!(check_strength("p", "short").is_err());
        assert!(check_strength("p", "exactly10!").is_ok());
        // ten non-ASCII characters are more than ten bytes but still ten characters
        assert!(check_strength("p", "ééééééééé").is_err());
        assert!(check_strength("p", "éééééééééé").is_ok());
        assert_eq!(
            check_strength("p", &"x".repeat(129)).unwrap_err().get("p"),
            Some(Msg::ValPasswordTooLong)
        );
    }
}
