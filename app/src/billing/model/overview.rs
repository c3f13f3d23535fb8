//! The finance dashboard's figures: receivables by age, what was invoiced and collected per
//! month, how much of each month's invoices has been paid, and payments by channel.

use super::PaymentMethod;
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How late the open part of an invoice is, counted from its due date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AgingBand {
    NotDue,
    Days0To30,
    Days31To60,
    Days61To90,
    Over90,
}

impl AgingBand {
    pub const ALL: [AgingBand; 5] = [
        AgingBand::NotDue,
        AgingBand::Days0To30,
        AgingBand::Days31To60,
        AgingBand::Days61To90,
        AgingBand::Over90,
    ];

    /// The band of an invoice due on `due` seen on `today`: due today is not yet late.
    pub fn of(due: NaiveDate, today: NaiveDate) -> AgingBand {
        match (today - due).num_days() {
            ..=0 => AgingBand::NotDue,
            1..=30 => AgingBand::Days0To30,
            31..=60 => AgingBand::Days31To60,
            61..=90 => AgingBand::Days61To90,
            _ => AgingBand::Over90,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgingBucket {
    pub band: AgingBand,
    pub invoices: i64,
    pub amount: i64,
}

/// One calendar month (Asia/Jakarta) of money.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFigures {
    /// The first day of the month.
    pub month: NaiveDate,
    /// Totals of the invoices issued in the month, cancelled ones included.
    pub invoiced: i64,
    /// Credit notes made in the month.
    pub credited: i64,
    /// Payments received in the month, less reversals of them and refunds made in it.
    pub collected: i64,
    /// Of the month's invoices that stand (not cancelled): their totals and what of them is
    /// paid by now.
    pub standing: i64,
    pub standing_paid: i64,
}

impl MonthFigures {
    /// Invoiced less credit notes: the month's revenue.
    pub fn revenue(&self) -> i64 {
        self.invoiced - self.credited
    }

    /// Share of the month's standing invoices paid so far, in per mille (None: nothing
    /// invoiced).
    pub fn collection_rate_permille(&self) -> Option<i64> {
        (self.standing > 0).then(|| self.standing_paid * 1000 / self.standing)
    }
}

/// Payments of one channel: a manual method, or a gateway and the channel the customer
/// chose in it (a Tripay method such as BRIVA or QRIS, a Midtrans payment type).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelTotal {
    pub method: PaymentMethod,
    /// The gateway's name for the channel; empty for manual payments.
    pub channel: String,
    pub payments: i64,
    pub amount: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinanceOverview {
    pub today: NaiveDate,
    /// Every band, in order, empty ones included.
    pub aging: Vec<AgingBucket>,
    /// The last twelve months, oldest first, the current one last.
    pub months: Vec<MonthFigures>,
    /// The month the channels are counted in.
    pub channel_month: NaiveDate,
    /// Largest amount first.
    pub channels: Vec<ChannelTotal>,
}

impl FinanceOverview {
    pub fn receivable(&self) -> i64 {
        self.aging.iter().map(|b| b.amount).sum()
    }

    pub fn overdue(&self) -> i64 {
        self.aging
            .iter()
            .filter(|b| b.band != AgingBand::NotDue)
            .map(|b| b.amount)
            .sum()
    }
}

/// The first day of `day`'s month.
pub fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// `YYYY-MM` as the first day of that month, if it is one.
pub fn parse_month(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d").ok()
}

/// The twelve months ending with `today`'s, oldest first.
pub fn last_twelve_months(today: NaiveDate) -> Vec<NaiveDate> {
    let current = month_of(today);
    (0..12)
        .rev()
        .filter_map(|back| current.checked_sub_months(Months::new(back)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn bands_count_days_past_the_due_date() {
        let today = d(2026, 12, 31);
        assert_eq!(AgingBand::of(d(2027, 1, 5), today), AgingBand::NotDue);
        assert_eq!(AgingBand::of(today, today), AgingBand::NotDue);
        assert_eq!(AgingBand::of(d(2026, 12, 30), today), AgingBand::Days0To30);
        assert_eq!(AgingBand::of(d(2026, 12, 1), today), AgingBand::Days0To30);
        assert_eq!(AgingBand::of(d(2026, 11, 30), today), AgingBand::Days31To60);
        assert_eq!(AgingBand::of(d(2026, 10, 2), today), AgingBand::Days61To90);
        assert_eq!(AgingBand::of(d(2026, 9, 30), today), AgingBand::Over90);
    }

    #[test]
    fn twelve_months_end_with_the_current_one() {
        let months = last_twelve_months(d(2026, 3, 31));
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], d(2025, 4, 1));
        assert_eq!(months[11], d(2026, 3, 1));
        assert_eq!(parse_month("2026-02"), Some(d(2026, 2, 1)));
        assert_eq!(parse_month("2026-13"), None);
        assert_eq!(parse_month("kemarin"), None);
    }

    #[test]
    fn the_collection_rate_is_of_invoices_that_stand() {
        let month = MonthFigures {
            month: d(2026, 11, 1),
            invoiced: 1_000_000,
            credited: 200_000,
            collected: 700_000,
            standing: 800_000,
            standing_paid: 600_000,
        };
        assert_eq!(month.revenue(), 800_000);
        assert_eq!(month.collection_rate_permille(), Some(750));
        let quiet = MonthFigures {
            standing: 0,
            standing_paid: 0,
            ..month
        };
        assert_eq!(quiet.collection_rate_permille(), None);
    }
}
