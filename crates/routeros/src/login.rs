//! The two login forms. Since RouterOS 6.43: `/login =name= =password=`. Before it, `/login`
//! answers `=ret=<challenge>` and wants `=response=00` followed by the hex MD5 of a zero
//! byte, the password and the challenge bytes.

use md5::{Digest, Md5};

/// The `=response=` of the pre-6.43 challenge login, or `None` if the challenge is not hex.
pub fn challenge_response(password: &str, challenge_hex: &str) -> Option<String> {
    let challenge = hex::decode(challenge_hex).ok()?;
    let mut md5 = Md5::new();
    md5.update([0u8]);
    md5.update(password.as_bytes());
    md5.update(&challenge);
    Some(format!("00{}", hex::encode(md5.finalize())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_vector_in_mikrotiks_manual() {
        assert_eq!(
            challenge_response("", "856780b7411eefd3abadee2058c149a3").as_deref(),
            Some("005062f7a5ef124d34675bf3e81f56c556")
        );
    }

    #[test]
    fn refuses_a_challenge_that_is_not_hex() {
        assert_eq!(challenge_response("x", "zz"), None);
    }
}
