//! Portal pages: my lines (on the home page), my invoices and receipts, one invoice, report
//! a fault, my tickets, one ticket. Every
//! form is an `ActionForm`, so the portal works on a phone without JavaScript too.

mod invoices;
mod lines;
mod report;
mod ticket;
mod tickets;

pub use invoices::{PortalInvoicePage, PortalInvoicesPage};
pub use lines::MyLines;
pub use report::ReportFaultPage;
pub use ticket::PortalTicketPage;
pub use tickets::PortalTicketsPage;
