use crate::i18n::Msg;
use crate::tickets::model::{SlaMetric, TicketId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NotificationKind {
    SlaWarning,
    SlaBreached,
    TicketAssigned,
    ApprovalRequested,
    /// Someone commented on a ticket the recipient watches.
    WatchedComment,
    /// A ticket the recipient watches changed status.
    WatchedStatus,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 6] = [
        NotificationKind::SlaWarning,
        NotificationKind::SlaBreached,
        NotificationKind::TicketAssigned,
        NotificationKind::ApprovalRequested,
        NotificationKind::WatchedComment,
        NotificationKind::WatchedStatus,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NotificationKind::SlaWarning => "sla_warning",
            NotificationKind::SlaBreached => "sla_breached",
            NotificationKind::TicketAssigned => "ticket_assigned",
            NotificationKind::ApprovalRequested => "approval_requested",
            NotificationKind::WatchedComment => "watched_comment",
            NotificationKind::WatchedStatus => "watched_status",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            NotificationKind::SlaWarning => Msg::NotifySlaWarning,
            NotificationKind::SlaBreached => Msg::NotifySlaBreached,
            NotificationKind::TicketAssigned => Msg::NotifyTicketAssigned,
            NotificationKind::ApprovalRequested => Msg::NotifyApprovalRequested,
            NotificationKind::WatchedComment => Msg::NotifyWatchedComment,
            NotificationKind::WatchedStatus => Msg::NotifyWatchedStatus,
        }
    }
}

/// A notification as its recipient sees it, rendered in their language by the client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub kind: NotificationKind,
    pub ticket_id: Option<TicketId>,
    pub ticket_number: Option<String>,
    pub ticket_title: Option<String>,
    pub metric: Option<SlaMetric>,
    pub created_at: DateTime<Utc>,
    pub read: bool,
}
