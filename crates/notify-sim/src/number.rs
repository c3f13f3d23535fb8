//! Phone numbers as Fonnte treats them: `0812-3456-789`, `+62 812 3456 789` and
//! `628123456789` are one number. Spaces, dashes, dots and brackets go, a leading `+` goes,
//! a `|name|var` suffix (Fonnte's per-target variables) goes, and a leading `0` becomes the
//! country code (Fonnte's `countryCode`, default 62; `0` turns the replacement off).

pub(crate) const DEFAULT_COUNTRY: &str = "62";

/// Shortest and longest number accepted, in digits (E.164 allows at most 15).
const MIN_DIGITS: usize = 8;
const MAX_DIGITS: usize = 15;

/// The normalised number, or `None` if it is not one.
pub(crate) fn normalise(raw: &str, country: Option<&str>) -> Option<String> {
    let number = raw.split('|').next().unwrap_or("");
    let mut digits: String = number
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '(' | ')'))
        .collect();
    if let Some(rest) = digits.strip_prefix('+') {
        digits = rest.to_owned();
    }
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let (Some(rest), Some(country)) = (digits.strip_prefix('0'), country) {
        digits = format!("{country}{rest}");
    }
    (MIN_DIGITS..=MAX_DIGITS)
        .contains(&digits.len())
        .then_some(digits)
}

/// Fonnte's `countryCode` field: digits (a leading `+` tolerated), `0` for none.
/// `Err` if it is not a country code.
pub(crate) fn country_code(field: Option<&str>) -> Result<Option<String>, ()> {
    let code = field.map(str::trim).filter(|c| !c.is_empty());
    let Some(code) = code else {
        return Ok(Some(DEFAULT_COUNTRY.to_owned()));
    };
    let code = code.strip_prefix('+').unwrap_or(code);
    if code.is_empty() || code.len() > 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(());
    }
    Ok((code != "0").then(|| code.to_owned()))
}

/// Splits a comma-separated target list, dropping empty entries (a trailing comma).
pub(crate) fn split_targets(field: &str) -> Vec<&str> {
    field
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_indonesian_numbers() {
        let id = Some("62");
        assert_eq!(normalise("0812-3456-789", id).unwrap(), "628123456789");
        assert_eq!(normalise("+62 812 3456 789", id).unwrap(), "628123456789");
        assert_eq!(normalise("628123456789", id).unwrap(), "628123456789");
        assert_eq!(normalise("(0812) 3456.789", id).unwrap(), "628123456789");
        assert_eq!(
            normalise("08123456789|Budi|Admin", id).unwrap(),
            "628123456789"
        );
        assert_eq!(normalise("08123456789", None).unwrap(), "08123456789");
        assert_eq!(normalise("0812345678", Some("60")).unwrap(), "60812345678");
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        for bad in [
            "",
            "  ",
            "abc",
            "0812x456789",
            "12345",
            "+",
            "1234567890123456",
            "|x",
        ] {
            assert_eq!(normalise(bad, Some("62")), None, "{bad:?}");
        }
    }

    #[test]
    fn reads_country_codes() {
        assert_eq!(country_code(None), Ok(Some("62".into())));
        assert_eq!(country_code(Some("")), Ok(Some("62".into())));
        assert_eq!(country_code(Some("0")), Ok(None));
        assert_eq!(country_code(Some("+60")), Ok(Some("60".into())));
        assert_eq!(country_code(Some("id")), Err(()));
    }

    #[test]
    fn splits_targets() {
        assert_eq!(split_targets("0812, 0813,,"), vec!["0812", "0813"]);
        assert!(split_targets(" , ").is_empty());
    }
}
