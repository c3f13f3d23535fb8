//! Time as RouterOS prints it.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// `1w2d3h4m5s`, `45s`, `0s`: the uptime format of RouterOS.
pub fn uptime(duration: Duration) -> String {
    let mut seconds = duration.as_secs();
    if seconds == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    for (unit, size) in [
        ("w", 604_800),
        ("d", 86_400),
        ("h", 3_600),
        ("m", 60),
        ("s", 1),
    ] {
        let count = seconds / size;
        seconds %= size;
        if count > 0 {
            out.push_str(&format!("{count}{unit}"));
        }
    }
    out
}

/// `2026-11-22 10:04:05`, the date-time format of RouterOS 7.
pub fn router_date_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_uptimes_like_routeros() {
        assert_eq!(uptime(Duration::ZERO), "0s");
        assert_eq!(uptime(Duration::from_secs(45)), "45s");
        assert_eq!(uptime(Duration::from_secs(3_600 + 5)), "1h5s");
        assert_eq!(
            uptime(Duration::from_secs(
                604_800 + 2 * 86_400 + 3 * 3_600 + 4 * 60 + 5
            )),
            "1w2d3h4m5s"
        );
    }
}
