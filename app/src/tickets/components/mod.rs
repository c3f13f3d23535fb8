//! Pieces every ticket screen shares: badges, the SLA countdown, the card.

mod badges;
mod card;

pub use badges::{format_remaining, PriorityBadge, SlaBadge, SlaCountdown, StatusBadge};
pub use card::TicketCard;
