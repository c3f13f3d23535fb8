//! Display helpers shared by server and browser: Rupiah amounts and times in the user's zone.
//!
//! Times are stored in UTC and converted only for display. Indonesia's three zones have had
//! no daylight saving since 1964, so each is an exact fixed offset; this keeps the full tz
//! database out of the WASM bundle.

use crate::i18n::{Locale, Msg};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TimeZone {
    #[default]
    AsiaJakarta,
    AsiaMakassar,
    AsiaJayapura,
    Utc,
}

impl TimeZone {
    pub const ALL: [TimeZone; 4] = [
        TimeZone::AsiaJakarta,
        TimeZone::AsiaMakassar,
        TimeZone::AsiaJayapura,
        TimeZone::Utc,
    ];

    /// IANA name, as stored in the database.
    pub fn iana(self) -> &'static str {
        match self {
            TimeZone::AsiaJakarta => "Asia/Jakarta",
            TimeZone::AsiaMakassar => "Asia/Makassar",
            TimeZone::AsiaJayapura => "Asia/Jayapura",
            TimeZone::Utc => "UTC",
        }
    }

    pub fn from_iana(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|tz| tz.iana() == name)
    }

    pub fn label(self) -> Msg {
        match self {
            TimeZone::AsiaJakarta => Msg::TzJakarta,
            TimeZone::AsiaMakassar => Msg::TzMakassar,
            TimeZone::AsiaJayapura => Msg::TzJayapura,
            TimeZone::Utc => Msg::TzUtc,
        }
    }

    /// Short abbreviation shown after times.
    pub fn abbreviation(self) -> &'static str {
        match self {
            TimeZone::AsiaJakarta => "WIB",
            TimeZone::AsiaMakassar => "WITA",
            TimeZone::AsiaJayapura => "WIT",
            TimeZone::Utc => "UTC",
        }
    }

    pub fn offset(self) -> FixedOffset {
        let hours = match self {
            TimeZone::AsiaJakarta => 7,
            TimeZone::AsiaMakassar => 8,
            TimeZone::AsiaJayapura => 9,
            TimeZone::Utc => 0,
        };
        FixedOffset::east_opt(hours * 3600).expect("offset within a day")
    }

    /// The UTC instant at which the local calendar day `date` begins in this zone.
    pub fn start_of_day_utc(self, date: NaiveDate) -> DateTime<Utc> {
        let local_midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
        (local_midnight - self.offset()).and_utc()
    }
}

const MONTHS_ID: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "21 Nov 2026 14:05 WIB" (Indonesian month names in Indonesian).
pub fn date_time(at: DateTime<Utc>, zone: TimeZone, locale: Locale) -> String {
    use chrono::{Datelike, Timelike};
    let local = at.with_timezone(&zone.offset());
    let months = match locale {
        Locale::Id => &MONTHS_ID,
        Locale::En => &MONTHS_EN,
    };
    format!(
        "{} {} {} {:02}:{:02} {}",
        local.day(),
        months[local.month0() as usize],
        local.year(),
        local.hour(),
        local.minute(),
        zone.abbreviation()
    )
}

/// Rupiah with Indonesian digit grouping and no decimals: `Rp 1.250.000`, `-Rp 5.000`.
pub fn rupiah(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}Rp {grouped}")
}

/// Rupiah shortened for a chart's axis, one decimal at most: `Rp 1,2 jt`, `Rp 750 rb`,
/// `Rp 2,5 M` (miliar); in English `Rp 1.2M`, `Rp 750k`, `Rp 2.5B`.
pub fn compact_rupiah(amount: i64, locale: Locale) -> String {
    let units: [(i64, &str, &str); 3] = [
        (1_000_000_000, " M", "B"),
        (1_000_000, " jt", "M"),
        (1_000, " rb", "k"),
    ];
    let sign = if amount < 0 { "-" } else { "" };
    let value = amount.unsigned_abs() as i64;
    let Some((size, id, en)) = units.into_iter().find(|(size, _, _)| value >= *size) else {
        return format!("{sign}Rp {value}");
    };
    // Tenths, rounded half up; "1,0" is written "1".
    let tenths = (value * 10 + size / 2) / size;
    let (whole, tenth) = (tenths / 10, tenths % 10);
    let (separator, unit) = match locale {
        Locale::Id => (',', id),
        Locale::En => ('.', en),
    };
    if tenth == 0 {
        format!("{sign}Rp {whole}{unit}")
    } else {
        format!("{sign}Rp {whole}{separator}{tenth}{unit}")
    }
}

/// A target in working time, in hours and minutes: `4 jam 30 mnt`, `4 h 30 min`. Days are
/// left out on purpose: a "day" of business time depends on the calendar.
pub fn work_minutes(minutes: i64, locale: Locale) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let (hours, mins) = match locale {
        Locale::Id => ("jam", "mnt"),
        Locale::En => ("h", "min"),
    };
    match (h, m) {
        (0, m) => format!("{m} {mins}"),
        (h, 0) => format!("{h} {hours}"),
        (h, m) => format!("{h} {hours} {m} {mins}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    #[test]
    fn compact_rupiah_keeps_one_decimal() {
        assert_eq!(compact_rupiah(0, Locale::Id), "Rp 0");
        assert_eq!(compact_rupiah(950, Locale::Id), "Rp 950");
        assert_eq!(compact_rupiah(750_000, Locale::Id), "Rp 750 rb");
        assert_eq!(compact_rupiah(1_250_000, Locale::Id), "Rp 1,3 jt");
        assert_eq!(compact_rupiah(1_250_000, Locale::En), "Rp 1.3M");
        assert_eq!(compact_rupiah(2_000_000, Locale::Id), "Rp 2 jt");
        assert_eq!(compact_rupiah(2_500_000_000, Locale::En), "Rp 2.5B");
        assert_eq!(compact_rupiah(-150_000, Locale::Id), "-Rp 150 rb");
    }

    #[test]
    fn rupiah_groups_thousands_with_dots() {
        assert_eq!(rupiah(0), "Rp 0");
        assert_eq!(rupiah(999), "Rp 999");
        assert_eq!(rupiah(1_000), "Rp 1.000");
        assert_eq!(rupiah(1_250_000), "Rp 1.250.000");
        assert_eq!(rupiah(-5_000), "-Rp 5.000");
        assert_eq!(rupiah(i64::MIN), "-Rp 9.223.372.036.854.775.808");
    }

    #[test]
    fn times_shift_into_the_users_zone() {
        let at = Utc.with_ymd_and_hms(2026, 11, 21, 17, 30, 0).unwrap();
        assert_eq!(
            date_time(at, TimeZone::AsiaJakarta, Locale::Id),
            "22 Nov 2026 00:30 WIB"
        );
        assert_eq!(
            date_time(at, TimeZone::AsiaJayapura, Locale::En),
            "22 Nov 2026 02:30 WIT"
        );
        assert_eq!(
            date_time(at, TimeZone::Utc, Locale::En),
            "21 Nov 2026 17:30 UTC"
        );
        let may = Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap();
        assert_eq!(
            date_time(may, TimeZone::AsiaJakarta, Locale::Id),
            "1 Mei 2026 07:00 WIB"
        );
    }

    #[test]
    fn start_of_local_day_is_previous_utc_evening() {
        let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let start = TimeZone::AsiaJakarta.start_of_day_utc(date);
        assert_eq!(start, Utc.with_ymd_and_hms(2025, 12, 31, 17, 0, 0).unwrap());
    }

    #[test]
    fn iana_names_round_trip() {
        for tz in TimeZone::ALL {
            assert_eq!(TimeZone::from_iana(tz.iana()), Some(tz));
        }
        assert_eq!(TimeZone::from_iana("Europe/Paris"), None);
    }
}
