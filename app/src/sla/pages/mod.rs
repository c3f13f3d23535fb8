//! SLA settings screens: policies at `/admin/desk/sla`, calendars and holidays at
//! `/admin/desk/calendars`.

mod calendars;
mod holidays;
mod policies;

pub use calendars::CalendarsPage;
pub use policies::SlaPoliciesPage;
