//! Portal pages: my lines (on the home page), report a fault, my tickets, one ticket. Every
//! form is an `ActionForm`, so the portal works on a phone without JavaScript too.

mod lines;
mod report;
mod ticket;
mod tickets;

pub use lines::MyLines;
pub use report::ReportFaultPage;
pub use ticket::PortalTicketPage;
pub use tickets::PortalTicketsPage;
