//! Staff ticket screens: board, list, detail, new.

mod board;
mod detail;
mod detail_attachments;
mod detail_edit;
mod detail_side;
mod detail_timeline;
mod filter_bar;
mod list;
mod new;
pub mod query;
mod saved_filters;

pub use board::BoardPage;
pub use detail::TicketPage;
pub use list::TicketListPage;
pub use new::NewTicketPage;
