//! Billing cycles and the periods a line is billed for.
//!
//! * **Postpaid** lines are billed in arrears on a fixed billing day D (1–28): a cycle runs
//!   from D of one month to D−1 of the next, and its invoice is issued on the day after it
//!   ends. A line that starts mid-cycle is billed for its days only (prorated).
//! * **Prepaid** lines are billed in advance by period from the anniversary of the day
//!   billing started: a cycle runs from that day of one month to the day before it in the
//!   next (a start on the 31st gives 28 February, then 31 March), and its invoice is issued
//!   on its first day.
//! * A run on a date bills every period whose issue date has come and that starts after
//!   what the line was last billed for, so a missed day is caught up and a repeated run
//!   finds nothing new.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Catch-up limit per line and run: a line never gets more than this many invoices at once.
pub const MAX_PERIODS_PER_RUN: usize = 36;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BillingMode {
    #[default]
    Postpaid,
    Prepaid,
}

impl BillingMode {
    pub const ALL: [BillingMode; 2] = [BillingMode::Postpaid, BillingMode::Prepaid];

    pub fn as_str(self) -> &'static str {
        match self {
            BillingMode::Postpaid => "postpaid",
            BillingMode::Prepaid => "prepaid",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

/// Dates from `start` to `end`, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateSpan {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl DateSpan {
    pub fn days(self) -> i64 {
        (self.end - self.start).num_days() + 1
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// One period to bill: the part of a cycle the line is billed for, and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuePeriod {
    pub cycle: DateSpan,
    pub billed: DateSpan,
    pub issue_date: NaiveDate,
}

impl DuePeriod {
    /// Billed for fewer days than the whole cycle.
    pub fn is_partial(&self) -> bool {
        self.billed != self.cycle
    }
}

/// The postpaid cycle (billing day `day`) that holds `date`.
pub fn postpaid_cycle(day: u32, date: NaiveDate) -> DateSpan {
    let day = day.clamp(1, 28);
    let this_month = date.with_day(day).unwrap_or(date);
    let start = if date.day() >= day {
        this_month
    } else {
        this_month - Months::new(1)
    };
    DateSpan {
        start,
        end: start + Months::new(1) - Days::new(1),
    }
}

/// The `k`-th prepaid cycle from `anchor` (k = 0 starts on the anchor).
pub fn prepaid_cycle(anchor: NaiveDate, k: u32) -> DateSpan {
    // Months from the anchor each time (not chained), so the 31st comes back after February.
    let start = anchor + Months::new(k);
    DateSpan {
        start,
        end: anchor + Months::new(k + 1) - Days::new(1),
    }
}

/// The prepaid cycle from `anchor` that holds `date` (on or after the anchor).
fn prepaid_cycle_holding(anchor: NaiveDate, date: NaiveDate) -> DateSpan {
    let months = (date.year() - anchor.year()) * 12 + date.month() as i32 - anchor.month() as i32;
    let mut k = months.max(0) as u32;
    while k > 0 && prepaid_cycle(anchor, k).start > date {
        k -= 1;
    }
    while prepaid_cycle(anchor, k).end < date {
        k += 1;
    }
    prepaid_cycle(anchor, k)
}

/// The periods to bill by `run_date` for a line billed from `billing_start`, last billed
/// up to `billed_through` (None: never).
pub fn periods_due(
    mode: BillingMode,
    billing_day: u32,
    billing_start: NaiveDate,
    billed_through: Option<NaiveDate>,
    run_date: NaiveDate,
) -> Vec<DuePeriod> {
    periods_due_skipping(
        mode,
        billing_day,
        billing_start,
        billed_through,
        run_date,
        Some,
    )
}

/// As [`periods_due`], for a line that is not charged every day: `next_billable(day)` is
/// the first charged day on or after `day` (None: none yet). A period starts on its first
/// charged day; stretches with none (a suspension) get no period at all.
pub fn periods_due_skipping(
    mode: BillingMode,
    billing_day: u32,
    billing_start: NaiveDate,
    billed_through: Option<NaiveDate>,
    run_date: NaiveDate,
    next_billable: impl Fn(NaiveDate) -> Option<NaiveDate>,
) -> Vec<DuePeriod> {
    let mut from = match billed_through {
        Some(last) if last >= billing_start => last + Days::new(1),
        _ => billing_start,
    };
    let mut due = Vec::new();
    while due.len() < MAX_PERIODS_PER_RUN && from <= run_date {
        let Some(charged) = next_billable(from).filter(|day| *day <= run_date) else {
            break;
        };
        from = charged;
        let (cycle, issue_date) = match mode {
            BillingMode::Postpaid => {
                let cycle = postpaid_cycle(billing_day, from);
                (cycle, cycle.end + Days::new(1))
            }
            BillingMode::Prepaid => (prepaid_cycle_holding(billing_start, from), from),
        };
        if issue_date > run_date {
            break;
        }
        due.push(DuePeriod {
            cycle,
            billed: DateSpan {
                start: from,
                end: cycle.end,
            },
            issue_date,
        });
        from = cycle.end + Days::new(1);
    }
    due
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn span(a: NaiveDate, b: NaiveDate) -> DateSpan {
        DateSpan { start: a, end: b }
    }

    #[test]
    fn postpaid_cycles_run_from_the_billing_day() {
        assert_eq!(
            postpaid_cycle(1, d(2026, 12, 14)),
            span(d(2026, 12, 1), d(2026, 12, 31))
        );
        assert_eq!(
            postpaid_cycle(20, d(2026, 12, 14)),
            span(d(2026, 11, 20), d(2026, 12, 19))
        );
        assert_eq!(
            postpaid_cycle(20, d(2026, 12, 20)),
            span(d(2026, 12, 20), d(2027, 1, 19))
        );
        assert_eq!(
            postpaid_cycle(28, d(2028, 2, 29)),
            span(d(2028, 2, 28), d(2028, 3, 27))
        );
    }

    #[test]
    fn a_postpaid_line_starting_mid_month_is_billed_for_its_days_after_the_cycle() {
        let start = d(2026, 12, 14);
        assert!(periods_due(BillingMode::Postpaid, 1, start, None, d(2026, 12, 31)).is_empty());
        let due = periods_due(BillingMode::Postpaid, 1, start, None, d(2027, 1, 1));
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].billed, span(d(2026, 12, 14), d(2026, 12, 31)));
        assert_eq!(due[0].billed.days(), 18);
        assert_eq!(due[0].cycle.days(), 31);
        assert_eq!(due[0].issue_date, d(2027, 1, 1));
        assert!(due[0].is_partial());
    }

    #[test]
    fn a_repeated_or_late_run_bills_each_period_once() {
        let start = d(2026, 9, 1);
        let late = periods_due(BillingMode::Postpaid, 1, start, None, d(2026, 12, 3));
        let billed: Vec<_> = late.iter().map(|p| p.billed).collect();
        assert_eq!(
            billed,
            vec![
                span(d(2026, 9, 1), d(2026, 9, 30)),
                span(d(2026, 10, 1), d(2026, 10, 31)),
                span(d(2026, 11, 1), d(2026, 11, 30)),
            ]
        );
        assert!(late.iter().all(|p| !p.is_partial()));
        let again = periods_due(
            BillingMode::Postpaid,
            1,
            start,
            Some(d(2026, 11, 30)),
            d(2026, 12, 3),
        );
        assert!(again.is_empty());
    }

    #[test]
    fn prepaid_periods_start_on_the_anniversary_and_are_billed_in_advance() {
        let start = d(2026, 1, 31);
        let due = periods_due(BillingMode::Prepaid, 1, start, None, d(2026, 3, 31));
        let billed: Vec<_> = due.iter().map(|p| (p.billed, p.issue_date)).collect();
        assert_eq!(
            billed,
            vec![
                (span(d(2026, 1, 31), d(2026, 2, 27)), d(2026, 1, 31)),
                (span(d(2026, 2, 28), d(2026, 3, 30)), d(2026, 2, 28)),
                (span(d(2026, 3, 31), d(2026, 4, 29)), d(2026, 3, 31)),
            ]
        );
        assert!(due.iter().all(|p| !p.is_partial()));
    }

    #[test]
    fn prepaid_billing_continues_from_what_was_billed() {
        let start = d(2026, 10, 15);
        let due = periods_due(
            BillingMode::Prepaid,
            1,
            start,
            Some(d(2026, 11, 14)),
            d(2026, 11, 15),
        );
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].billed, span(d(2026, 11, 15), d(2026, 12, 14)));
    }

    #[test]
    fn nothing_is_billed_before_billing_starts_and_catch_up_is_bounded() {
        assert!(periods_due(
            BillingMode::Prepaid,
            1,
            d(2027, 1, 1),
            None,
            d(2026, 12, 31)
        )
        .is_empty());
        let many = periods_due(
            BillingMode::Postpaid,
            1,
            d(2000, 1, 1),
            None,
            d(2026, 12, 1),
        );
        assert_eq!(many.len(), MAX_PERIODS_PER_RUN);
    }

    #[test]
    fn a_suspension_skips_to_the_first_charged_day_and_its_cycle() {
        // Suspended from 1 Feb to 14 Apr: February and March get no invoice; April is billed
        // from the 15th.
        let resumed = d(2026, 4, 15);
        let charged = |day: NaiveDate| {
            if day < d(2026, 2, 1) || day >= resumed {
                Some(day)
            } else if day <= d(2026, 12, 31) {
                Some(resumed)
            } else {
                None
            }
        };
        let due = periods_due_skipping(
            BillingMode::Postpaid,
            1,
            d(2026, 1, 1),
            Some(d(2026, 1, 31)),
            d(2026, 6, 1),
            charged,
        );
        let billed: Vec<_> = due.iter().map(|p| p.billed).collect();
        assert_eq!(
            billed,
            vec![
                span(d(2026, 4, 15), d(2026, 4, 30)),
                span(d(2026, 5, 1), d(2026, 5, 31)),
            ]
        );
        assert_eq!(due[0].issue_date, d(2026, 5, 1));
        // Nothing charged any more: nothing due.
        assert!(periods_due_skipping(
            BillingMode::Postpaid,
            1,
            d(2026, 1, 1),
            Some(d(2026, 1, 31)),
            d(2026, 6, 1),
            |_| None,
        )
        .is_empty());
    }
}
