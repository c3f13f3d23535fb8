//! The kanban board: one lane per status.

use super::{Status, TicketSummary};
use serde::{Deserialize, Serialize};

/// Lanes in board order. Cancelled tickets are not shown; resolved ones stay a week, closed
/// ones a day, so that recent work is visible and cards can be dropped there.
pub const BOARD_LANES: [Status; 8] = [
    Status::New,
    Status::Assigned,
    Status::InProgress,
    Status::PendingCustomer,
    Status::PendingThirdParty,
    Status::PendingApproval,
    Status::Resolved,
    Status::Closed,
];

/// Cards sent per lane; the lane shows how many more there are.
pub const LANE_LIMIT: i64 = 100;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardLane {
    pub status: Status,
    /// Most urgent first: priority, then nearest SLA deadline.
    pub tickets: Vec<TicketSummary>,
    /// All tickets in this lane matching the filter, including those not sent.
    pub total: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub lanes: Vec<BoardLane>,
}
