//! Signatures as the gateways compute them, plus the small formats they share (ids, times,
//! amounts). Written from the gateways' documentation, not from our own client, so a test
//! of the client against the simulator checks one reading of the docs against another.

use chrono::{DateTime, FixedOffset, Utc};
use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::{Digest, Sha512};

/// Midtrans: lowercase hex SHA512(order_id + status_code + gross_amount + server_key), over
/// the strings exactly as they appear in the notification.
pub fn midtrans_signature(
    order_id: &str,
    status_code: &str,
    gross_amount: &str,
    server_key: &str,
) -> String {
    let mut hash = Sha512::new();
    for part in [order_id, status_code, gross_amount, server_key] {
        hash.update(part.as_bytes());
    }
    hex::encode(hash.finalize())
}

/// Tripay: lowercase hex HMAC-SHA256 with the private key.
pub fn tripay_hmac(private_key: &str, message: &[u8]) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(private_key.as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// Tripay's create signature: HMAC(private_key, merchant_code + merchant_ref + amount).
pub fn tripay_create_signature(
    private_key: &str,
    merchant_code: &str,
    merchant_ref: &str,
    amount: i64,
) -> String {
    tripay_hmac(
        private_key,
        format!("{merchant_code}{merchant_ref}{amount}").as_bytes(),
    )
}

/// Compares in time that depends only on the lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A random (version 4) UUID in its usual text form.
pub fn uuid() -> String {
    let mut bytes: [u8; 16] = rand::thread_rng().gen();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = hex::encode(bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

pub fn jakarta() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// Midtrans' time format: `YYYY-MM-DD HH:MM:SS` in Asia/Jakarta (UTC+7, no DST).
pub fn midtrans_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&jakarta())
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// Midtrans' amount format: rupiah with two decimals, `150000.00`.
pub fn midtrans_amount(rupiah: i64) -> String {
    format!("{rupiah}.00")
}

/// `Rp150.000` for pages.
pub fn rupiah(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}Rp{grouped}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tripay_published_vector() {
        assert_eq!(
            tripay_create_signature(
                "ytf6ooi2gmlNPfpchd94jDOk8hRWOu",
                "T0001",
                "INV55567",
                1_500_000
            ),
            "9f167eba844d1fcb369404e2bda53702e2f78f7aa12e91da6715414e65b8c86a"
        );
    }

    #[test]
    fn midtrans_signature_is_sha512_of_the_concatenation() {
        let expected = hex::encode(Sha512::digest(b"ORDER-1200150000.00SB-Mid-server-x"));
        assert_eq!(
            midtrans_signature("ORDER-1", "200", "150000.00", "SB-Mid-server-x"),
            expected
        );
        assert_eq!(expected.len(), 128);
    }

    #[test]
    fn formats() {
        assert_eq!(rupiah(150_000), "Rp150.000");
        assert_eq!(rupiah(1_500_000), "Rp1.500.000");
        assert_eq!(rupiah(999), "Rp999");
        assert_eq!(rupiah(-5_000), "-Rp5.000");
        assert_eq!(midtrans_amount(24_145), "24145.00");
        let at = DateTime::parse_from_rfc3339("2024-12-31T20:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(midtrans_time(at), "2025-01-01 03:30:00");
        let id = uuid();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(constant_time_eq(b"ab", b"ab") && !constant_time_eq(b"ab", b"abc"));
    }
}
