//! Proration by days and how an invoice line describes its period.
//!
//! The one rounding rule: a prorated amount is price × days billed / days in the cycle,
//! rounded to the nearest whole rupiah, halves away from zero (so a credit and the charge
//! it reverses round alike). PPN is then computed on the rounded amount (see `tax`).

use super::cycle::DateSpan;
use crate::i18n::Locale;
use chrono::Datelike;

/// `price × used / total`, rounded to the nearest rupiah, halves away from zero.
pub fn prorate(price: i64, used: i64, total: i64) -> i64 {
    if total <= 0 || used >= total {
        return price;
    }
    let numerator = i128::from(price) * i128::from(used.max(0));
    let total = i128::from(total);
    let rounded = (numerator.abs() * 2 + total) / (total * 2);
    let rounded = if numerator < 0 { -rounded } else { rounded };
    i64::try_from(rounded).unwrap_or(price)
}

const MONTHS_ID: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTH_NAMES_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTH_NAMES_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn short_month(locale: Locale, month: u32) -> &'static str {
    let i = (month as usize).saturating_sub(1).min(11);
    match locale {
        Locale::Id => MONTHS_ID[i],
        Locale::En => MONTHS_EN[i],
    }
}

/// "Desember 2026" / "December 2026": how a period is named in reasons and reminders.
pub fn month_name(locale: Locale, date: chrono::NaiveDate) -> String {
    let i = (date.month() as usize).saturating_sub(1).min(11);
    let name = match locale {
        Locale::Id => MONTH_NAMES_ID[i],
        Locale::En => MONTH_NAMES_EN[i],
    };
    format!("{name} {}", date.year())
}

/// "Des 26" / "Dec 26": a month on a chart's axis.
pub fn month_short_label(locale: Locale, date: chrono::NaiveDate) -> String {
    format!(
        "{} {:02}",
        short_month(locale, date.month()),
        date.year() % 100
    )
}

/// "14–31 Des 2026", "20 Nov – 19 Des 2026", "20 Des 2026 – 19 Jan 2027".
pub fn span_label(locale: Locale, span: DateSpan) -> String {
    let (a, b) = (span.start, span.end);
    let end = format!(
        "{} {} {}",
        b.day(),
        short_month(locale, b.month()),
        b.year()
    );
    if a.year() != b.year() {
        format!(
            "{} {} {} – {end}",
            a.day(),
            short_month(locale, a.month()),
            a.year()
        )
    } else if a.month() != b.month() {
        format!("{} {} – {end}", a.day(), short_month(locale, a.month()))
    } else if a.day() != b.day() {
        format!("{}–{end}", a.day())
    } else {
        end
    }
}

/// The period part of a service line: "1–31 Des 2026", or with proration
/// "14–31 Des 2026, 18 dari 31 hari".
pub fn period_label(locale: Locale, billed: DateSpan, cycle: DateSpan) -> String {
    let label = span_label(locale, billed);
    if billed == cycle {
        return label;
    }
    match locale {
        Locale::Id => format!("{label}, {} dari {} hari", billed.days(), cycle.days()),
        Locale::En => format!("{label}, {} of {} days", billed.days(), cycle.days()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn prorates_by_days_rounding_halves_away_from_zero() {
        // 18 of 31 days of Rp150.000 = 87.096,77 → 87.097
        assert_eq!(prorate(150_000, 18, 31), 87_097);
        // 1 of 30 days of Rp250.000 = 8.333,33 → 8.333
        assert_eq!(prorate(250_000, 1, 30), 8_333);
        // 15 of 30 days of Rp3 = 1,5 → 2, and the credit of it −2
        assert_eq!(prorate(3, 15, 30), 2);
        assert_eq!(prorate(-3, 15, 30), -2);
        assert_eq!(prorate(150_000, 31, 31), 150_000);
        assert_eq!(prorate(150_000, 0, 31), 0);
    }

    #[test]
    fn labels_read_like_an_indonesian_invoice() {
        let cycle = DateSpan {
            start: d(2026, 12, 1),
            end: d(2026, 12, 31),
        };
        let billed = DateSpan {
            start: d(2026, 12, 14),
            ..cycle
        };
        assert_eq!(period_label(Locale::Id, cycle, cycle), "1–31 Des 2026");
        assert_eq!(
            period_label(Locale::Id, billed, cycle),
            "14–31 Des 2026, 18 dari 31 hari"
        );
        assert_eq!(
            period_label(Locale::En, billed, cycle),
            "14–31 Dec 2026, 18 of 31 days"
        );
        let across = DateSpan {
            start: d(2026, 12, 20),
            end: d(2027, 1, 19),
        };
        assert_eq!(span_label(Locale::Id, across), "20 Des 2026 – 19 Jan 2027");
        let within = DateSpan {
            start: d(2026, 11, 20),
            end: d(2026, 12, 19),
        };
        assert_eq!(span_label(Locale::En, within), "20 Nov – 19 Dec 2026");
        assert_eq!(month_name(Locale::Id, d(2026, 10, 1)), "Oktober 2026");
    }
}
