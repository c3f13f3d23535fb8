//! Server side of SLA: loading calendars, refreshing a ticket's clocks, announcing warnings
//! and breaches.

pub mod alerts;
pub mod calendar;
pub mod clocks;
pub mod job;
