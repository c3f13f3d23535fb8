//! Secrets at rest (router passwords, RADIUS secrets, later gateway keys): sealed with
//! AES-256-GCM under one key from the config, never stored or sent in the clear.
//!
//! A sealed value is `[version 1][nonce 12][tag 16][ciphertext]`. The purpose (e.g.
//! `nas.password`) is authenticated with it, so a value copied into another column does not
//! open. The key comes from `SIMPUL_SECRET_KEY` (base64 of 32 bytes) or, on a machine
//! without one, from `<data dir>/secret.key`, created once with owner-only permissions.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use base64::Engine;
use openssl::symm::{decrypt_aead, encrypt_aead, Cipher};
use rand::RngCore;
use sha2::Sha256;

const VERSION: u8 = 1;
const NONCE: usize = 12;
const TAG: usize = 16;

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("secret key must be 32 bytes of base64: {0}")]
    BadKey(String),
    #[error("cannot read or create the secret key file {path}: {source}")]
    KeyFile {
        path: String,
        source: std::io::Error,
    },
    #[error("a sealed secret could not be opened (wrong key or damaged value)")]
    Open,
    #[error("sealing failed: {0}")]
    Seal(String),
}

/// Seals and opens secrets. Cheap to clone; `Debug` never shows the key.
#[derive(Clone)]
pub struct SecretBox {
    key: Arc<[u8; 32]>,
}

impl fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretBox([redacted])")
    }
}

impl SecretBox {
    pub fn from_key(key: [u8; 32]) -> Self {
        SecretBox { key: Arc::new(key) }
    }

    /// A key given as base64 (standard alphabet, with or without padding).
    pub fn from_base64(text: &str) -> Result<Self, SecretError> {
        let text = text.trim();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text)
            .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(text))
            .map_err(|e| SecretError::BadKey(e.to_string()))?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|b: Vec<u8>| SecretError::BadKey(format!("{} bytes", b.len())))?;
        Ok(SecretBox::from_key(key))
    }

    /// Reads the key file, creating it with a fresh random key when missing.
    pub fn load_or_create(path: &Path) -> Result<Self, SecretError> {
        let failed = |source| SecretError::KeyFile {
            path: path.display().to_string(),
            source,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => SecretBox::from_base64(&text),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; 32];
                rand::thread_rng().fill_bytes(&mut key);
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(failed)?;
                }
                write_private(path, &base64::engine::general_purpose::STANDARD.encode(key))
                    .map_err(failed)?;
                tracing::warn!(path = %path.display(), "created a new secret key; back it up or set SIMPUL_SECRET_KEY");
                Ok(SecretBox::from_key(key))
            }
            Err(error) => Err(failed(error)),
        }
    }

    pub fn seal(&self, purpose: &str, plaintext: &str) -> Result<Vec<u8>, SecretError> {
        let mut nonce = [0u8; NONCE];
        rand::thread_rng().fill_bytes(&mut nonce);
        let mut tag = [0u8; TAG];
        let ciphertext = encrypt_aead(
            Cipher::aes_256_gcm(),
            &self.key[..],
            Some(&nonce),
            purpose.as_bytes(),
            plaintext.as_bytes(),
            &mut tag,
        )
        .map_err(|e| SecretError::Seal(e.to_string()))?;
        let mut sealed = Vec::with_capacity(1 + NONCE + TAG + ciphertext.len());
        sealed.push(VERSION);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&tag);
        sealed.extend_from_slice(&ciphertext);
        Ok(sealed)
    }

    /// An HMAC-SHA256 tag of `message` under a key derived from the master key for
    /// `purpose` (signed links), so a tag made for one purpose is worthless for another.
    pub fn mac(&self, purpose: &str, message: &[u8]) -> [u8; 32] {
        use hmac::{Hmac, Mac};
        type HmacSha256 = Hmac<Sha256>;
        let mut derive = HmacSha256::new_from_slice(&self.key[..]).expect("any key length");
        derive.update(b"simpul mac key v1\0");
        derive.update(purpose.as_bytes());
        let key = derive.finalize().into_bytes();
        let mut tag = HmacSha256::new_from_slice(&key).expect("any key length");
        tag.update(message);
        tag.finalize().into_bytes().into()
    }

    pub fn open(&self, purpose: &str, sealed: &[u8]) -> Result<String, SecretError> {
        if sealed.len() < 1 + NONCE + TAG || sealed[0] != VERSION {
            return Err(SecretError::Open);
        }
        let (nonce, rest) = sealed[1..].split_at(NONCE);
        let (tag, ciphertext) = rest.split_at(TAG);
        let plaintext = decrypt_aead(
            Cipher::aes_256_gcm(),
            &self.key[..],
            Some(nonce),
            purpose.as_bytes(),
            ciphertext,
            tag,
        )
        .map_err(|_| SecretError::Open)?;
        String::from_utf8(plaintext).map_err(|_| SecretError::Open)
    }
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(contents.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macs_depend_on_key_purpose_and_message() {
        let a = SecretBox::from_key([7; 32]);
        let b = SecretBox::from_key([8; 32]);
        assert_eq!(a.mac("doc", b"1"), a.mac("doc", b"1"));
        assert_ne!(a.mac("doc", b"1"), a.mac("doc", b"2"));
        assert_ne!(a.mac("doc", b"1"), a.mac("other", b"1"));
        assert_ne!(a.mac("doc", b"1"), b.mac("doc", b"1"));
    }

    #[test]
    fn seals_and_opens_for_the_same_purpose_only() {
        let secrets = SecretBox::from_key([7; 32]);
        let sealed = secrets.seal("nas.password", "rahasia").unwrap();
        assert!(!sealed.windows(7).any(|w| w == b"rahasia"));
        assert_eq!(secrets.open("nas.password", &sealed).unwrap(), "rahasia");
        assert!(secrets.open("nas.radius_secret", &sealed).is_err());
        assert!(SecretBox::from_key([8; 32])
            .open("nas.password", &sealed)
            .is_err());
        let mut damaged = sealed.clone();
        *damaged.last_mut().unwrap() ^= 1;
        assert!(secrets.open("nas.password", &damaged).is_err());
        assert!(secrets.open("nas.password", &[1, 2, 3]).is_err());
        // Two seals of one value differ (fresh nonce each time).
        assert_ne!(sealed, secrets.seal("nas.password", "rahasia").unwrap());
    }

    #[test]
    fn keys_from_base64_and_from_a_created_file() {
        assert!(SecretBox::from_base64("c2hvcnQ=").is_err());
        let encoded = base64::engine::general_purpose::STANDARD.encode([1u8; 32]);
        assert!(SecretBox::from_base64(&encoded).is_ok());
        let dir = std::env::temp_dir().join(format!("simpul-key-{}", std::process::id()));
        let path = dir.join("secret.key");
        let _ = std::fs::remove_file(&path);
        let first = SecretBox::load_or_create(&path).unwrap();
        let second = SecretBox::load_or_create(&path).unwrap();
        let sealed = first.seal("x", "y").unwrap();
        assert_eq!(second.open("x", &sealed).unwrap(), "y");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
