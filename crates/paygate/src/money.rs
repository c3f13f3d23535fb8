/// Reads an amount of rupiah as gateways write it: `"150000"`, `"150000.00"` or a JSON
/// number. Rupiah has no cents in practice; a fraction other than zero is refused rather
/// than rounded, so a strange amount is held for review instead of silently changed.
pub fn parse_rupiah(text: &str) -> Option<i64> {
    let text = text.trim();
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (text, ""),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !fraction.bytes().all(|b| b == b'0') {
        return None;
    }
    if whole.len() > 15 {
        return None;
    }
    whole.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_gateway_amounts() {
        assert_eq!(parse_rupiah("150000.00"), Some(150_000));
        assert_eq!(parse_rupiah("150000"), Some(150_000));
        assert_eq!(parse_rupiah("24145.0"), Some(24_145));
        assert_eq!(parse_rupiah("0.00"), Some(0));
    }

    #[test]
    fn refuses_fractions_signs_and_junk() {
        for bad in [
            "150000.50",
            "-1",
            "",
            ".00",
            "1e5",
            "15 000",
            "1234567890123456",
            "abc",
        ] {
            assert_eq!(parse_rupiah(bad), None, "{bad}");
        }
    }
}
