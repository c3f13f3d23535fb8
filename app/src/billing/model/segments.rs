//! What a line was, day by day: its billing-state history (plan, and whether it is charged)
//! cut into the parts of a period that are billed at one plan. A plan change mid-cycle gives
//! two parts (the old plan up to the day before, the new plan from the day of the change);
//! days suspended or after termination are not billed.

use super::cycle::DateSpan;
use chrono::{Days, NaiveDate};

/// From `from` on (until the next state), the line is on `plan_id` and is charged when
/// `billable` (active or isolated; not suspended, terminated or awaiting installation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineState {
    pub from: NaiveDate,
    pub plan_id: i64,
    pub billable: bool,
}

/// Days of a period billed at one plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub plan_id: i64,
    pub span: DateSpan,
}

/// The state in force on `day` (states sorted by `from`), if the line existed then.
pub fn state_on(states: &[LineState], day: NaiveDate) -> Option<&LineState> {
    states.iter().rev().find(|s| s.from <= day)
}

/// The first day on or after `from` (and on or before `until`) on which the line is
/// charged: where billing picks up after a suspension.
pub fn first_billable_day(
    states: &[LineState],
    from: NaiveDate,
    until: NaiveDate,
) -> Option<NaiveDate> {
    if from > until {
        return None;
    }
    if state_on(states, from).is_some_and(|s| s.billable) {
        return Some(from);
    }
    states
        .iter()
        .find(|s| s.from > from && s.from <= until && s.billable)
        .map(|s| s.from)
}

/// The billed parts of `span`, in order; consecutive days on the same plan form one part.
pub fn billed_segments(states: &[LineState], span: DateSpan) -> Vec<Segment> {
    let mut segments: Vec<Segment> = Vec::new();
    let mut day = span.start;
    while day <= span.end {
        let state = state_on(states, day);
        // The next day the state may change, or the day after the span.
        let next_change = states
            .iter()
            .map(|s| s.from)
            .find(|from| *from > day)
            .filter(|from| *from <= span.end)
            .unwrap_or(span.end + Days::new(1));
        let last = next_change - Days::new(1);
        if let Some(state) = state.filter(|s| s.billable) {
            match segments.last_mut() {
                Some(previous)
                    if previous.plan_id == state.plan_id
                        && previous.span.end + Days::new(1) == day =>
                {
                    previous.span.end = last;
                }
                _ => segments.push(Segment {
                    plan_id: state.plan_id,
                    span: DateSpan {
                        start: day,
                        end: last,
                    },
                }),
            }
        }
        day = next_change;
    }
    segments
}

/// Days of one plan that were charged (`count` > 0) or credited (`count` < 0) for a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Coverage {
    pub plan_id: i64,
    pub span: DateSpan,
    pub count: i64,
}

/// What must still be charged (count > 0) or credited (count < 0) so that the days of
/// `period` are paid for exactly as the line was: `billed` is what its invoice and earlier
/// corrections cover, `expected` the segments the history gives now. Consecutive days of a
/// plan with the same correction form one part, in order of plan, then day.
pub fn corrections(period: DateSpan, billed: &[Coverage], expected: &[Segment]) -> Vec<Coverage> {
    let mut plans: Vec<i64> = billed
        .iter()
        .map(|c| c.plan_id)
        .chain(expected.iter().map(|s| s.plan_id))
        .collect();
    plans.sort_unstable();
    plans.dedup();
    let mut out: Vec<Coverage> = Vec::new();
    for plan_id in plans {
        let mut day = period.start;
        while day <= period.end {
            let have: i64 = billed
                .iter()
                .filter(|c| c.plan_id == plan_id && c.span.contains(day))
                .map(|c| c.count)
                .sum();
            let want = i64::from(
                expected
                    .iter()
                    .any(|s| s.plan_id == plan_id && s.span.contains(day)),
            );
            let count = want - have;
            if count != 0 {
                match out.last_mut() {
                    Some(last)
                        if last.plan_id == plan_id
                            && last.count == count
                            && last.span.end + Days::new(1) == day =>
                    {
                        last.span.end = day;
                    }
                    _ => out.push(Coverage {
                        plan_id,
                        span: DateSpan {
                            start: day,
                            end: day,
                        },
                        count,
                    }),
                }
            }
            day = day + Days::new(1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn state(from: NaiveDate, plan_id: i64, billable: bool) -> LineState {
        LineState {
            from,
            plan_id,
            billable,
        }
    }

    fn span(a: NaiveDate, b: NaiveDate) -> DateSpan {
        DateSpan { start: a, end: b }
    }

    const DEC: fn() -> DateSpan = || span(d(12, 1), d(12, 31));

    #[test]
    fn an_unchanged_line_is_one_segment() {
        let states = [state(d(1, 10), 1, true)];
        assert_eq!(
            billed_segments(&states, DEC()),
            vec![Segment {
                plan_id: 1,
                span: DEC()
            }]
        );
    }

    #[test]
    fn an_upgrade_on_the_15th_bills_the_old_plan_to_the_14th_and_the_new_from_the_15th() {
        let states = [state(d(1, 10), 1, true), state(d(12, 15), 2, true)];
        assert_eq!(
            billed_segments(&states, DEC()),
            vec![
                Segment {
                    plan_id: 1,
                    span: span(d(12, 1), d(12, 14))
                },
                Segment {
                    plan_id: 2,
                    span: span(d(12, 15), d(12, 31))
                },
            ]
        );
    }

    #[test]
    fn suspended_days_are_not_billed_and_isolation_does_not_split() {
        let states = [
            state(d(1, 10), 1, true),
            state(d(12, 5), 1, true), // isolated: still billed, same plan
            state(d(12, 10), 1, false),
            state(d(12, 20), 1, true),
        ];
        assert_eq!(
            billed_segments(&states, DEC()),
            vec![
                Segment {
                    plan_id: 1,
                    span: span(d(12, 1), d(12, 9))
                },
                Segment {
                    plan_id: 1,
                    span: span(d(12, 20), d(12, 31))
                },
            ]
        );
    }

    #[test]
    fn termination_ends_billing_the_day_before() {
        let states = [state(d(1, 10), 1, true), state(d(12, 18), 1, false)];
        assert_eq!(
            billed_segments(&states, DEC()),
            vec![Segment {
                plan_id: 1,
                span: span(d(12, 1), d(12, 17))
            }]
        );
        assert_eq!(first_billable_day(&states, d(12, 18), d(12, 31)), None);
    }

    #[test]
    fn billing_picks_up_on_the_first_charged_day_after_a_suspension() {
        let states = [
            state(d(1, 10), 1, true),
            state(d(3, 1), 1, false),
            state(d(9, 12), 1, true),
        ];
        assert_eq!(
            first_billable_day(&states, d(2, 1), d(12, 31)),
            Some(d(2, 1))
        );
        assert_eq!(
            first_billable_day(&states, d(3, 1), d(12, 31)),
            Some(d(9, 12))
        );
        assert_eq!(first_billable_day(&states, d(3, 1), d(9, 11)), None);
        // Before the line existed nothing is billed.
        assert_eq!(first_billable_day(&states, d(1, 1), d(1, 5)), None);
        assert_eq!(
            first_billable_day(&states, d(1, 1), d(1, 31)),
            Some(d(1, 10))
        );
    }

    fn covered(plan_id: i64, a: NaiveDate, b: NaiveDate, count: i64) -> Coverage {
        Coverage {
            plan_id,
            span: span(a, b),
            count,
        }
    }

    #[test]
    fn an_upgrade_in_a_prepaid_month_credits_the_old_plan_and_charges_the_new_for_the_rest() {
        let month = span(d(11, 1), d(11, 30));
        let billed = [covered(1, d(11, 1), d(11, 30), 1)];
        let states = [state(d(1, 1), 1, true), state(d(11, 15), 2, true)];
        let expected = billed_segments(&states, month);
        assert_eq!(
            corrections(month, &billed, &expected),
            vec![
                covered(1, d(11, 15), d(11, 30), -1),
                covered(2, d(11, 15), d(11, 30), 1),
            ]
        );
        // Once those are recorded, nothing more is due.
        let mut done = billed.to_vec();
        done.extend(corrections(month, &billed, &expected));
        assert!(corrections(month, &done, &expected).is_empty());
    }

    #[test]
    fn a_suspension_and_its_end_in_one_prepaid_month_credit_only_the_days_off() {
        let month = span(d(11, 1), d(11, 30));
        let billed = [covered(1, d(11, 1), d(11, 30), 1)];
        // Seen while suspended: the rest of the month is credited.
        let suspended = [state(d(1, 1), 1, true), state(d(11, 10), 1, false)];
        let first = corrections(month, &billed, &billed_segments(&suspended, month));
        assert_eq!(first, vec![covered(1, d(11, 10), d(11, 30), -1)]);
        // Resumed on the 20th: those days are charged again.
        let resumed = [
            state(d(1, 1), 1, true),
            state(d(11, 10), 1, false),
            state(d(11, 20), 1, true),
        ];
        let mut known = billed.to_vec();
        known.extend(first);
        assert_eq!(
            corrections(month, &known, &billed_segments(&resumed, month)),
            vec![covered(1, d(11, 20), d(11, 30), 1)]
        );
    }

    #[test]
    fn an_unchanged_line_needs_no_correction() {
        let month = span(d(11, 1), d(11, 30));
        let billed = [covered(1, d(11, 1), d(11, 30), 1)];
        let states = [state(d(1, 1), 1, true)];
        assert!(corrections(month, &billed, &billed_segments(&states, month)).is_empty());
    }
}
