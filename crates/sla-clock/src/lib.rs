//! SLA clocks on business-hours calendars.
//!
//! A clock is a pure function of its start, a [`Calendar`], a target and the full list of
//! pause intervals. Nothing is accumulated incrementally: whenever the priority, the policy
//! or the status history changes, the caller recomputes from the history, so waiting time is
//! never lost or double-counted (the failure mode of GLPI #6902, #15605 and #24481, where
//! waiting time was added to a stored deadline and dropped when the deadline was replaced).

mod calendar;
mod clock;
mod pauses;

pub use calendar::{Calendar, CalendarError, Segment, Windows, MAX_LOOKAHEAD_DAYS};
pub use clock::{due_at, elapsed, read_clock, ClockInput, ClockReading, ClockState};
pub use pauses::Pause;

#[cfg(test)]
mod tests;
