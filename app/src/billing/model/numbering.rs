//! Document numbers such as `INV/2026/12/000123`: a pattern with `{YYYY}`, `{YY}`, `{MM}`
//! and `{SEQ:n}` (the yearly sequence, zero-padded to n digits). The sequence restarts each
//! year, so a pattern must name the year to keep numbers unique.

use crate::i18n::Msg;
use chrono::{Datelike, NaiveDate};

/// Checks a pattern an admin typed.
pub fn check_pattern(pattern: &str) -> Result<(), Msg> {
    if pattern.trim() != pattern || pattern.is_empty() || pattern.chars().count() > 60 {
        return Err(Msg::ValNumberFormat);
    }
    let mut seq = 0;
    let mut year = false;
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return Err(Msg::ValNumberFormat);
        };
        if rest[..open].contains('}') {
            return Err(Msg::ValNumberFormat);
        }
        let token = &rest[open + 1..open + close];
        match token {
            "YYYY" | "YY" => year = true,
            "MM" => {}
            _ => match token
                .strip_prefix("SEQ:")
                .and_then(|n| n.parse::<u8>().ok())
            {
                Some(1..=12) => seq += 1,
                _ => return Err(Msg::ValNumberFormat),
            },
        }
        rest = &rest[open + close + 1..];
    }
    if rest.contains('}') || seq != 1 || !year {
        return Err(Msg::ValNumberFormat);
    }
    Ok(())
}

/// The number of the `seq`-th document of the year of `date`.
pub fn format_number(pattern: &str, date: NaiveDate, seq: i64) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let token = &rest[open + 1..open + close];
        match token {
            "YYYY" => out.push_str(&format!("{:04}", date.year())),
            "YY" => out.push_str(&format!("{:02}", date.year().rem_euclid(100))),
            "MM" => out.push_str(&format!("{:02}", date.month())),
            _ => {
                let width = token
                    .strip_prefix("SEQ:")
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or(6);
                out.push_str(&format!("{seq:0width$}"));
            }
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_the_default_patterns() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(
            format_number("INV/{YYYY}/{MM}/{SEQ:6}", date, 123),
            "INV/2026/12/000123"
        );
        assert_eq!(
            format_number("KW-{YY}{MM}-{SEQ:4}", date, 7),
            "KW-2612-0007"
        );
        // a sequence longer than its padding is printed whole, never cut
        assert_eq!(format_number("{YYYY}-{SEQ:2}", date, 1234), "2026-1234");
    }

    #[test]
    fn a_pattern_needs_the_year_and_exactly_one_sequence() {
        assert!(check_pattern("INV/{YYYY}/{MM}/{SEQ:6}").is_ok());
        assert!(check_pattern("{YY}{SEQ:5}").is_ok());
        for bad in [
            "INV/{MM}/{SEQ:6}",
            "INV/{YYYY}",
            "INV/{YYYY}/{SEQ:6}/{SEQ:2}",
            "INV/{YYYY}/{SEQ:0}",
            "INV/{YYYY}/{SEQ:13}",
            "INV/{YYYY}/{DD}/{SEQ:6}",
            "INV/{YYYY/{SEQ:6}",
            "INV}/{YYYY}/{SEQ:6}",
            " INV/{YYYY}/{SEQ:6}",
            "",
        ] {
            assert_eq!(check_pattern(bad), Err(Msg::ValNumberFormat), "{bad}");
        }
    }
}
