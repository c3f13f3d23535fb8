//! What the ticket page and the portal show of a mass outage.

use crate::cmdb::model::CiRef;
use crate::portal::model::PortalReply;
use crate::tickets::model::Status;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A ticket's place in a mass outage, for its page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketOutageView {
    pub ticket_id: i64,
    /// The CI the ticket is about.
    pub ci: Option<CiRef>,
    /// Lines that fail with that CI now (impact analysis), terminated ones left out.
    pub affected_lines: i64,
    /// Lines attached to this ticket as an outage.
    pub attached_lines: i64,
    /// Whether lines can be attached: an open incident with a CI.
    pub can_attach: bool,
    /// The outage this ticket was reported under.
    pub parent: Option<TicketLink>,
    /// Incidents reported under this outage.
    pub children: Vec<OutageChild>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketLink {
    pub id: i64,
    pub number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutageChild {
    pub id: i64,
    pub number: String,
    pub status: Status,
    pub caller: String,
}

/// An open outage on one of the signed-in customer's lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalOutage {
    pub number: String,
    pub since: DateTime<Utc>,
    /// The customer's lines it cuts off (usernames).
    pub lines: Vec<String>,
    /// The desk's public updates, oldest first.
    pub updates: Vec<PortalReply>,
}
