//! Clients for the two payment gateways Indonesian ISPs use, written from their public API
//! documentation: Midtrans (Snap checkout, Core API status, HTTP notifications) and Tripay
//! (closed payment: channels, transactions, callbacks).
//!
//! Nothing here knows about invoices or the database: the application decides what an
//! outcome means for its ledger. What this crate guarantees is the wire format and the
//! signatures, checked against the gateways' published examples.
//!
//! - [`midtrans`]: `signature_key = SHA512(order_id + status_code + gross_amount + server_key)`
//!   over the strings exactly as received; Snap create; `GET /v2/{order_id}/status`.
//! - [`tripay`]: `HMAC-SHA256(private_key, merchant_code + merchant_ref + amount)` on create;
//!   `X-Callback-Signature = HMAC-SHA256(private_key, raw body)` on callbacks.

mod error;
pub mod midtrans;
mod money;
pub mod tripay;

pub use error::{Error, Result};
pub use money::parse_rupiah;

/// Compares two byte strings in time that depends only on their lengths, so a forger
/// cannot learn a signature byte by byte from response times.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq_compares_whole_strings() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(constant_time_eq(b"", b""));
    }
}
