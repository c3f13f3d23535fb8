//! Clock behaviour over nights, weekends, holidays, pauses and odd calendars. All local times
//! are Asia/Jakarta (UTC+7) unless a test says otherwise; 2026-11-23 is a Monday.

use super::*;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};

const WIB: i32 = 7 * 3600;

fn wib(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    chrono::FixedOffset::east_opt(WIB)
        .unwrap()
        .with_ymd_and_hms(2026, 11, day, hour, minute, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn date(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
}

fn hours(h: i64) -> Duration {
    Duration::hours(h)
}

/// Monday to Friday, 08:00–17:00.
fn office() -> Calendar {
    Calendar::weekdays(WIB, &[Segment::hm((8, 0), (17, 0))], []).unwrap()
}

/// Monday to Friday, 08:00–12:00 and 13:00–17:00 (lunch break).
fn split() -> Calendar {
    Calendar::weekdays(
        WIB,
        &[Segment::hm((8, 0), (12, 0)), Segment::hm((13, 0), (17, 0))],
        [],
    )
    .unwrap()
}

#[test]
fn the_test_week_starts_on_monday() {
    assert_eq!(date(23).weekday(), Weekday::Mon);
}

#[test]
fn within_one_day() {
    assert_eq!(
        due_at(&office(), wib(23, 9, 0), hours(4), &[]),
        Some(wib(23, 13, 0))
    );
}

#[test]
fn a_target_that_ends_exactly_at_closing_is_due_at_closing() {
    assert_eq!(
        due_at(&office(), wib(23, 8, 0), hours(9), &[]),
        Some(wib(23, 17, 0))
    );
}

#[test]
fn over_a_night() {
    // 2 h on Monday (15–17), 2 h on Tuesday (08–10).
    assert_eq!(
        due_at(&office(), wib(23, 15, 0), hours(4), &[]),
        Some(wib(24, 10, 0))
    );
}

#[test]
fn over_a_weekend() {
    // Friday 27th 15:00 + 4 h → Monday 30th 10:00.
    assert_eq!(
        due_at(&office(), wib(27, 15, 0), hours(4), &[]),
        Some(wib(30, 10, 0))
    );
}

#[test]
fn over_a_holiday() {
    let calendar = Calendar::weekdays(WIB, &[Segment::hm((8, 0), (17, 0))], [date(24)]).unwrap();
    // Tuesday is a holiday: Monday 15–17, then Wednesday 08–10.
    assert_eq!(
        due_at(&calendar, wib(23, 15, 0), hours(4), &[]),
        Some(wib(25, 10, 0))
    );
}

#[test]
fn consecutive_holidays_and_a_weekend() {
    let calendar =
        Calendar::weekdays(WIB, &[Segment::hm((8, 0), (17, 0))], [date(26), date(27)]).unwrap();
    // Wednesday 16:00 + 2 h: 1 h Wednesday, Thu/Fri holidays, weekend, 1 h Monday.
    assert_eq!(
        due_at(&calendar, wib(25, 16, 0), hours(2), &[]),
        Some(wib(30, 9, 0))
    );
}

#[test]
fn split_segments_skip_lunch() {
    assert_eq!(
        due_at(&split(), wib(23, 11, 0), hours(2), &[]),
        Some(wib(23, 14, 0))
    );
    // Starting during lunch counts from 13:00.
    assert_eq!(
        due_at(&split(), wib(23, 12, 30), hours(1), &[]),
        Some(wib(23, 14, 0))
    );
    // A target of exactly the morning ends at noon, not at 13:00.
    assert_eq!(
        due_at(&split(), wib(23, 8, 0), hours(4), &[]),
        Some(wib(23, 12, 0))
    );
}

#[test]
fn start_outside_business_hours() {
    assert_eq!(
        due_at(&office(), wib(23, 6, 0), hours(1), &[]),
        Some(wib(23, 9, 0))
    );
    assert_eq!(
        due_at(&office(), wib(23, 20, 0), hours(1), &[]),
        Some(wib(24, 9, 0))
    );
    // Saturday morning counts from Monday.
    assert_eq!(
        due_at(&office(), wib(28, 10, 0), hours(1), &[]),
        Some(wib(30, 9, 0))
    );
}

#[test]
fn a_pause_spanning_days() {
    // 2 h Monday 09–11, paused until Wednesday 10:00, then 6 h → Wednesday 16:00.
    let pause = Pause::closed(wib(23, 11, 0), wib(25, 10, 0));
    assert_eq!(
        due_at(&office(), wib(23, 9, 0), hours(8), &[pause]),
        Some(wib(25, 16, 0))
    );
    assert_eq!(
        elapsed(&office(), wib(23, 9, 0), wib(25, 16, 0), &[pause]),
        hours(8)
    );
}

#[test]
fn pauses_outside_business_hours_change_nothing() {
    let night = Pause::closed(wib(23, 18, 0), wib(24, 7, 0));
    assert_eq!(
        due_at(&office(), wib(23, 15, 0), hours(4), &[night]),
        Some(wib(24, 10, 0))
    );
}

#[test]
fn overlapping_and_unsorted_pauses_count_once() {
    let pauses = [
        Pause::closed(wib(23, 10, 0), wib(23, 12, 0)),
        Pause::closed(wib(23, 9, 0), wib(23, 11, 0)),
        Pause::closed(wib(23, 11, 30), wib(23, 11, 45)),
    ];
    // 08–09 counts, 09–12 paused, 12–17 counts: 6 h by 17:00.
    assert_eq!(
        elapsed(&office(), wib(23, 8, 0), wib(23, 17, 0), &pauses),
        hours(6)
    );
    assert_eq!(
        due_at(&office(), wib(23, 8, 0), hours(6), &pauses),
        Some(wib(23, 17, 0))
    );
}

#[test]
fn targets_longer_than_a_week() {
    // 45 business hours a week; 50 h from Monday 08:00 ends Monday next week at 13:00.
    assert_eq!(
        due_at(&office(), wib(23, 8, 0), hours(50), &[]),
        Some(wib(30, 13, 0))
    );
    // Three weeks and a bit, across a holiday.
    let calendar = Calendar::weekdays(WIB, &[Segment::hm((8, 0), (17, 0))], [date(30)]).unwrap();
    let due = due_at(&calendar, wib(23, 8, 0), hours(45 * 3 + 1), &[]).unwrap();
    assert_eq!(due, wib(23, 9, 0) + Duration::days(22));
}

#[test]
fn an_open_pause_has_no_due_time_and_freezes_elapsed_time() {
    let pauses = [Pause::open(wib(23, 10, 0))];
    assert_eq!(due_at(&office(), wib(23, 8, 0), hours(4), &pauses), None);
    assert_eq!(
        elapsed(&office(), wib(23, 8, 0), wib(27, 17, 0), &pauses),
        hours(2)
    );
    // The same holds on a 24×7 calendar.
    let always = Calendar::always_open();
    assert_eq!(due_at(&always, wib(23, 8, 0), hours(4), &pauses), None);
}

#[test]
fn a_calendar_without_working_time_never_comes_due() {
    let empty = Calendar::weekly(WIB, Default::default(), []).unwrap();
    assert_eq!(due_at(&empty, wib(23, 8, 0), hours(1), &[]), None);
    assert_eq!(
        elapsed(&empty, wib(23, 8, 0), wib(30, 8, 0), &[]),
        Duration::zero()
    );
}

#[test]
fn always_open_is_wall_time_minus_pauses() {
    let always = Calendar::always_open();
    let start = wib(28, 23, 0);
    assert_eq!(
        due_at(&always, start, hours(72), &[]),
        Some(start + hours(72))
    );
    let pause = Pause::closed(start + hours(1), start + hours(2));
    assert_eq!(
        due_at(&always, start, hours(72), &[pause]),
        Some(start + hours(73))
    );
    assert_eq!(
        elapsed(&always, start, start + hours(73), &[pause]),
        hours(72)
    );
}

#[test]
fn segments_ending_at_midnight_join_the_next_day() {
    let full_day = vec![Segment::new(0, 24 * 60)];
    let calendar = Calendar::weekly(WIB, std::array::from_fn(|_| full_day.clone()), []).unwrap();
    assert_eq!(
        due_at(&calendar, wib(23, 22, 0), hours(4), &[]),
        Some(wib(24, 2, 0))
    );
}

#[test]
fn the_calendar_zone_decides_where_the_day_starts() {
    // The same 08–17 hours in UTC+8 (WITA) open an hour earlier in absolute time.
    let wita = Calendar::weekdays(8 * 3600, &[Segment::hm((8, 0), (17, 0))], []).unwrap();
    assert_eq!(
        due_at(&wita, wib(23, 6, 0), hours(1), &[]),
        Some(wib(23, 8, 0))
    );
    // Monday 07:30 WIB is Monday 00:30 UTC; a UTC calendar is open then only from 08:00 UTC.
    let utc = Calendar::weekdays(0, &[Segment::hm((8, 0), (17, 0))], []).unwrap();
    let due = due_at(&utc, wib(23, 7, 30), hours(1), &[]).unwrap();
    assert_eq!(due, Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap());
}

#[test]
fn elapsed_is_the_inverse_of_due_at() {
    let calendars = [office(), split(), Calendar::always_open()];
    let pauses = [
        Pause::closed(wib(24, 10, 0), wib(24, 15, 30)),
        Pause::closed(wib(26, 16, 0), wib(30, 9, 15)),
    ];
    for calendar in &calendars {
        for start_hour in 0..24 {
            for start_day in [23, 24, 27, 28] {
                let start = wib(start_day, start_hour, 17);
                for minutes in [1, 59, 60, 61, 239, 480, 541, 2700, 6001] {
                    let target = Duration::minutes(minutes);
                    let due = due_at(calendar, start, target, &pauses).unwrap();
                    assert_eq!(
                        elapsed(calendar, start, due, &pauses),
                        target,
                        "start {start}, target {minutes} min"
                    );
                    // One second earlier the target has not yet been reached.
                    assert!(elapsed(calendar, start, due - Duration::seconds(1), &pauses) < target);
                }
            }
        }
    }
}

#[test]
fn recomputing_with_a_new_target_keeps_every_paused_interval() {
    // The GLPI failure: after a priority change the waiting time was lost. Here the clock is
    // recomputed from the full pause history, so a shorter target still skips the wait.
    let pauses = [Pause::closed(wib(23, 9, 0), wib(23, 15, 0))];
    let eight = due_at(&office(), wib(23, 8, 0), hours(8), &pauses).unwrap();
    let four = due_at(&office(), wib(23, 8, 0), hours(4), &pauses).unwrap();
    assert_eq!(eight, wib(24, 13, 0));
    assert_eq!(four, wib(24, 9, 0));
}

#[test]
fn invalid_calendars_are_refused() {
    let bad = Segment::hm((17, 0), (8, 0));
    assert_eq!(
        Calendar::weekdays(WIB, &[bad], []),
        Err(CalendarError::BadSegment {
            weekday: 0,
            segment: bad
        })
    );
    let past_midnight = Segment::new(60, 24 * 60 + 1);
    assert!(Calendar::weekdays(WIB, &[past_midnight], []).is_err());
    let overlapping = [Segment::hm((8, 0), (12, 0)), Segment::hm((11, 0), (13, 0))];
    assert_eq!(
        Calendar::weekdays(WIB, &overlapping, []),
        Err(CalendarError::Overlap { weekday: 0 })
    );
    assert_eq!(
        Calendar::weekdays(100_000, &[], []),
        Err(CalendarError::BadOffset(100_000))
    );
}

fn reading(
    pauses: &[Pause],
    stopped_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ClockReading {
    read_clock(&ClockInput {
        calendar: &office(),
        start: wib(23, 8, 0),
        target: hours(8),
        warning_percent: 75,
        pauses,
        stopped_at,
        now,
    })
}

#[test]
fn clock_states() {
    let running = reading(&[], None, wib(23, 10, 0));
    assert_eq!(running.state, ClockState::Running);
    assert_eq!(running.elapsed, hours(2));
    assert_eq!(running.remaining, hours(6));
    assert_eq!(running.due_at, Some(wib(23, 16, 0)));
    assert_eq!(running.warning_at, Some(wib(23, 14, 0)));

    assert_eq!(
        reading(&[], None, wib(23, 14, 0)).state,
        ClockState::Warning
    );
    assert_eq!(
        reading(&[], None, wib(23, 13, 59)).state,
        ClockState::Running
    );

    let breached = reading(&[], None, wib(24, 9, 0));
    assert_eq!(breached.state, ClockState::Breached);
    assert_eq!(breached.remaining, hours(-2));

    let paused = reading(&[Pause::open(wib(23, 10, 0))], None, wib(25, 10, 0));
    assert_eq!(paused.state, ClockState::Paused);
    assert!(paused.paused);
    assert_eq!(paused.due_at, None);
    assert_eq!(paused.remaining, hours(6));

    assert_eq!(
        reading(&[], Some(wib(23, 12, 0)), wib(24, 12, 0)).state,
        ClockState::Met
    );
    // Met exactly on time is met; a minute late is a breach, even read later.
    assert_eq!(
        reading(&[], Some(wib(23, 16, 0)), wib(30, 8, 0)).state,
        ClockState::Met
    );
    assert_eq!(
        reading(&[], Some(wib(23, 16, 1)), wib(30, 8, 0)).state,
        ClockState::Breached
    );
}

#[test]
fn a_breach_is_not_undone_by_pausing() {
    let late_pause = [Pause::open(wib(24, 9, 0))];
    assert_eq!(
        reading(&late_pause, None, wib(25, 9, 0)).state,
        ClockState::Breached
    );
}

#[test]
fn resumed_time_after_a_pause_counts_again() {
    let pauses = [Pause::closed(wib(23, 10, 0), wib(24, 10, 0))];
    let read = reading(&pauses, None, wib(24, 12, 0));
    assert_eq!(read.state, ClockState::Running);
    assert_eq!(read.elapsed, hours(4));
    assert_eq!(read.due_at, Some(wib(24, 16, 0)));
}
