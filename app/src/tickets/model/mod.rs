//! Ticket types shared by server and browser.

mod board;
mod filter;
mod priority;
mod status;

pub use board::{Board, BoardLane, BOARD_LANES, LANE_LIMIT};
pub use filter::{AssigneeFilter, FilterPreset, TicketFilter, TicketSort};
pub use priority::{Level, Priority, PriorityMatrix};
pub use status::{allowed_targets, check_transition, Status, TransitionError, TransitionFacts};

use crate::auth::model::UserId;
pub use crate::customers::model::CustomerId;
use crate::i18n::Msg;
pub use crate::subscriptions::model::SubscriptionId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    )*};
}

id_type!(
    TicketId,
    CommentId,
    /// A configuration item in the CMDB (`cmdb::model`).
    ConfigItemId,
);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TicketKind {
    Incident,
    Request,
}

impl TicketKind {
    pub const ALL: [TicketKind; 2] = [TicketKind::Incident, TicketKind::Request];

    pub fn code(self) -> &'static str {
        match self {
            TicketKind::Incident => "incident",
            TicketKind::Request => "request",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn prefix(self) -> &'static str {
        match self {
            TicketKind::Incident => "INC",
            TicketKind::Request => "REQ",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            TicketKind::Incident => Msg::KindIncident,
            TicketKind::Request => Msg::KindRequest,
        }
    }
}

/// `INC-000123`; numbers past six digits are shown in full. Must match `tickets.number_text`.
pub fn ticket_number(kind: TicketKind, number: i64) -> String {
    format!("{}-{number:06}", kind.prefix())
}

/// Something referred to by id and shown by name (a group, a category, a person).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedRef {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SlaMetric {
    Response,
    Resolution,
}

impl SlaMetric {
    pub fn code(self) -> &'static str {
        match self {
            SlaMetric::Response => "response",
            SlaMetric::Resolution => "resolution",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [SlaMetric::Response, SlaMetric::Resolution]
            .into_iter()
            .find(|m| m.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            SlaMetric::Response => Msg::SlaResponse,
            SlaMetric::Resolution => Msg::SlaResolution,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SlaState {
    Met,
    Running,
    Paused,
    Warning,
    Breached,
}

impl SlaState {
    pub const ALL: [SlaState; 5] = [
        SlaState::Running,
        SlaState::Paused,
        SlaState::Warning,
        SlaState::Breached,
        SlaState::Met,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SlaState::Running => "running",
            SlaState::Paused => "paused",
            SlaState::Warning => "warning",
            SlaState::Breached => "breached",
            SlaState::Met => "met",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            SlaState::Running => Msg::SlaRunning,
            SlaState::Paused => Msg::SlaPaused,
            SlaState::Warning => Msg::SlaWarning,
            SlaState::Breached => Msg::SlaBreached,
            SlaState::Met => Msg::SlaMet,
        }
    }
}

/// One SLA clock as the UI shows it; the browser counts down from `due_at` by itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaClockView {
    pub metric: SlaMetric,
    pub policy: String,
    pub target_minutes: i32,
    pub state: SlaState,
    pub elapsed_seconds: i64,
    pub due_at: Option<DateTime<Utc>>,
    pub stopped_at: Option<DateTime<Utc>>,
}

impl SlaClockView {
    /// Business seconds left when the clock is frozen (paused); negative when breached.
    pub fn remaining_seconds(&self) -> i64 {
        i64::from(self.target_minutes) * 60 - self.elapsed_seconds
    }
}

/// A row of the ticket list and a card on the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketSummary {
    pub id: TicketId,
    pub kind: TicketKind,
    pub number: String,
    pub title: String,
    pub status: Status,
    pub priority: Priority,
    pub category: Option<NamedRef>,
    pub group: Option<NamedRef>,
    pub assignee: Option<NamedRef>,
    pub sla_state: Option<SlaState>,
    pub sla_due_at: Option<DateTime<Utc>>,
    pub comment_count: i32,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Everything the detail page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketDetail {
    pub summary: TicketSummary,
    pub description: String,
    /// `description` rendered from markdown on the server, with raw HTML escaped.
    pub description_html: String,
    pub impact: Level,
    pub urgency: Level,
    pub caller: Option<NamedRef>,
    pub caller_name: String,
    pub caller_contact: String,
    pub customer_id: Option<CustomerId>,
    pub subscription_id: Option<SubscriptionId>,
    pub config_item_id: Option<ConfigItemId>,
    pub assignment_reason: Option<AssignmentReason>,
    pub resolution: Option<String>,
    pub created_by: Option<NamedRef>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub watchers: Vec<NamedRef>,
    pub related: Vec<TicketSummary>,
    pub clocks: Vec<SlaClockView>,
    /// Where a person may move the ticket now (resolution notes are asked for separately).
    pub allowed_statuses: Vec<Status>,
    pub attachments: Vec<AttachmentView>,
}

/// A user's own named filter for the ticket list: the list's query string.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFilter {
    pub id: i64,
    pub name: String,
    pub query: String,
}

/// A file attached to a ticket; downloaded from `/api/attachments/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_by: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Why a ticket went to its group or person without anyone choosing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssignmentReason {
    /// The category routes to this group.
    Category { group: String },
    /// The member of the group with the fewest open tickets at the time.
    LeastLoaded { group: String, open_tickets: i64 },
}

/// A new ticket as staff enter it. Impact and urgency default from the category.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewTicket {
    pub kind: Option<TicketKind>,
    pub title: String,
    pub description: String,
    pub impact: Option<Level>,
    pub urgency: Option<Level>,
    pub category_id: Option<i64>,
    pub group_id: Option<i64>,
    pub assignee_id: Option<UserId>,
    pub caller_id: Option<UserId>,
    pub caller_name: String,
    pub caller_contact: String,
    pub tags: Vec<String>,
    pub subscription_id: Option<SubscriptionId>,
    pub config_item_id: Option<ConfigItemId>,
}

/// Fields edited together on the detail page; impact/urgency and assignment have their own
/// actions because they carry extra rules (work note, notifications).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TicketEdit {
    pub title: String,
    pub description: String,
    pub category_id: Option<i64>,
    pub caller_name: String,
    pub caller_contact: String,
    pub tags: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Visibility {
    /// Shown to the customer.
    Public,
    /// Work notes for staff only.
    Internal,
}

impl Visibility {
    pub fn code(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Internal => "internal",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "public" => Some(Visibility::Public),
            "internal" => Some(Visibility::Internal),
            _ => None,
        }
    }
}

/// One entry of the ticket timeline: a comment, or a recorded change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub item: TimelineItem,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimelineItem {
    Comment {
        id: CommentId,
        visibility: Visibility,
        body_html: String,
    },
    /// A recorded action (`ticket.create`, `ticket.transition`, …) with its field changes.
    Change {
        action: String,
        changes: Vec<FieldChange>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Normalizes tags: trimmed, lower-case, `-` for spaces, unique, at most 10 of 32 characters.
pub fn normalize_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag: String = tag
            .trim()
            .to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("-")
            .chars()
            .take(32)
            .collect();
        if !tag.is_empty() && !out.contains(&tag) && out.len() < 10 {
            out.push(tag);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_prefixed_and_padded() {
        assert_eq!(ticket_number(TicketKind::Incident, 123), "INC-000123");
        assert_eq!(ticket_number(TicketKind::Request, 45), "REQ-000045");
        assert_eq!(
            ticket_number(TicketKind::Incident, 1_234_567),
            "INC-1234567"
        );
    }

    #[test]
    fn tags_are_normalized() {
        let tags = normalize_tags(&[
            " Fiber Cut ".into(),
            "fiber   cut".into(),
            "".into(),
            "ODP".into(),
        ]);
        assert_eq!(tags, vec!["fiber-cut".to_owned(), "odp".to_owned()]);
    }
}
