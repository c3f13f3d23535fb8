//! Server side of SLA: loading calendars, refreshing a ticket's clocks, announcing warnings
//! and breaches, and the settings admins edit (policies, calendars, holidays).

pub mod alerts;
pub mod calendar;
pub mod calendars;
pub mod clocks;
pub mod holidays;
pub mod job;
pub mod policies;
pub mod recompute;
