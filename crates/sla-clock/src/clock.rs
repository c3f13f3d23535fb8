//! Due times, elapsed business time and the state of one clock.

use crate::calendar::Calendar;
use crate::pauses::{Pause, PauseSet};
use chrono::{DateTime, Duration, Utc};

/// When `target` of business time, not counting `pauses`, has passed since `start`.
/// `None` when it never will: the clock is paused with no end, or the calendar has no
/// working time within [`crate::MAX_LOOKAHEAD_DAYS`].
pub fn due_at(
    calendar: &Calendar,
    start: DateTime<Utc>,
    target: Duration,
    pauses: &[Pause],
) -> Option<DateTime<Utc>> {
    if target <= Duration::zero() {
        return Some(start);
    }
    let mut remaining = target;
    let mut pause_set = PauseSet::new(pauses);
    for (window_start, window_end) in calendar.windows_from(start) {
        if pause_set.paused_forever_from(window_start) {
            return None;
        }
        for (from, to) in pause_set.counting_parts(window_start, window_end) {
            let available = to - from;
            if available >= remaining {
                return Some(from + remaining);
            }
            remaining -= available;
        }
    }
    None
}

/// Business time between `start` and `end`, not counting `pauses`: the reverse of [`due_at`].
pub fn elapsed(
    calendar: &Calendar,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    pauses: &[Pause],
) -> Duration {
    let mut total = Duration::zero();
    if end <= start {
        return total;
    }
    let mut pause_set = PauseSet::new(pauses);
    for (window_start, window_end) in calendar.windows_from(start) {
        if window_start >= end {
            break;
        }
        for (from, to) in pause_set.counting_parts(window_start, window_end.min(end)) {
            total += to - from;
        }
    }
    total
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ClockState {
    Running,
    Paused,
    /// Running (or paused) with at least the warning share of the target used.
    Warning,
    /// The target has passed, whether the clock is still running, paused or stopped late.
    Breached,
    /// Stopped within the target.
    Met,
}

/// Everything a clock depends on. Recomputing from this after any change is always correct.
#[derive(Clone, Debug)]
pub struct ClockInput<'a> {
    pub calendar: &'a Calendar,
    pub start: DateTime<Utc>,
    pub target: Duration,
    /// Share of the target, in percent, after which the clock warns (e.g. 75).
    pub warning_percent: u8,
    pub pauses: &'a [Pause],
    /// When the clock's goal was reached (first response, resolution), if it was.
    pub stopped_at: Option<DateTime<Utc>>,
    pub now: DateTime<Utc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockReading {
    pub state: ClockState,
    /// Business time used so far (until `stopped_at` when stopped).
    pub elapsed: Duration,
    /// Target minus elapsed; negative once breached.
    pub remaining: Duration,
    /// `None` while paused with no end in sight.
    pub due_at: Option<DateTime<Utc>>,
    pub warning_at: Option<DateTime<Utc>>,
    /// Whether a pause covers `now`.
    pub paused: bool,
}

/// Reads a clock at `input.now`.
pub fn read_clock(input: &ClockInput<'_>) -> ClockReading {
    let until = input.stopped_at.unwrap_or(input.now).min(input.now);
    let used = elapsed(input.calendar, input.start, until, input.pauses);
    let paused = input.stopped_at.is_none() && input.pauses.iter().any(|p| p.contains(input.now));
    let warning_target = input.target * i32::from(input.warning_percent.min(100)) / 100;
    let state = if input.stopped_at.is_some() {
        if used <= input.target {
            ClockState::Met
        } else {
            ClockState::Breached
        }
    } else if used >= input.target {
        ClockState::Breached
    } else if paused {
        ClockState::Paused
    } else if used >= warning_target {
        ClockState::Warning
    } else {
        ClockState::Running
    };
    ClockReading {
        state,
        elapsed: used,
        remaining: input.target - used,
        due_at: due_at(input.calendar, input.start, input.target, input.pauses),
        warning_at: due_at(input.calendar, input.start, warning_target, input.pauses),
        paused,
    }
}
