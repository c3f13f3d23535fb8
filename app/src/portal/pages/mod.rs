//! Portal pages: my lines (on the home page), my invoices and receipts, one invoice, paying
//! online (choose a way, then the attempt's status), report
//! a fault, my tickets, one ticket. Every
//! form is an `ActionForm`, so the portal works on a phone without JavaScript too.

mod invoices;
mod lines;
mod pay;
mod report;
mod ticket;
mod tickets;

pub use invoices::{PortalInvoicePage, PortalInvoicesPage};
pub use lines::MyLines;
pub use pay::{PortalPayPage, PortalPaymentPage};
pub use report::ReportFaultPage;
pub use ticket::PortalTicketPage;
pub use tickets::PortalTicketsPage;
