//! What the board and the list filter and sort by. Also the shape of saved filters.

use super::{Priority, SlaState, Status, TicketKind};
use crate::auth::model::UserId;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AssigneeFilter {
    #[default]
    Anyone,
    Me,
    Unassigned,
    User(UserId),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TicketSort {
    /// Most recently changed first.
    #[default]
    Updated,
    /// Newest first.
    Created,
    /// Most urgent first (1 critical), then most recently changed.
    Priority,
    /// Nearest SLA deadline first; tickets without a running clock last.
    SlaDue,
    /// Best full-text match first (only with search text; otherwise like `Updated`).
    Relevance,
}

impl TicketSort {
    pub const ALL: [TicketSort; 5] = [
        TicketSort::Updated,
        TicketSort::Created,
        TicketSort::Priority,
        TicketSort::SlaDue,
        TicketSort::Relevance,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TicketSort::Updated => "updated",
            TicketSort::Created => "created",
            TicketSort::Priority => "priority",
            TicketSort::SlaDue => "sla",
            TicketSort::Relevance => "relevance",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            TicketSort::Updated => Msg::SortUpdated,
            TicketSort::Created => Msg::SortCreated,
            TicketSort::Priority => Msg::SortPriority,
            TicketSort::SlaDue => Msg::SortSlaDue,
            TicketSort::Relevance => Msg::SortRelevance,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TicketFilter {
    pub kind: Option<TicketKind>,
    /// Any of these statuses; empty means any.
    pub statuses: Vec<Status>,
    /// Only tickets still being worked on (not resolved, closed or cancelled).
    pub open_only: bool,
    pub group_id: Option<i64>,
    /// Only tickets of the groups the viewer belongs to.
    pub my_groups: bool,
    pub assignee: AssigneeFilter,
    pub priority: Option<Priority>,
    /// This category or any below it.
    pub category_id: Option<i64>,
    pub sla_state: Option<SlaState>,
    /// Only tickets whose next SLA deadline falls before the end of today (viewer's zone).
    pub due_today: bool,
    /// Full-text search over number, title, description and comments.
    pub text: Option<String>,
}

/// The built-in saved filters every agent has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FilterPreset {
    MyOpen,
    UnassignedInMyGroups,
    BreachingToday,
}

impl FilterPreset {
    pub const ALL: [FilterPreset; 3] = [
        FilterPreset::MyOpen,
        FilterPreset::UnassignedInMyGroups,
        FilterPreset::BreachingToday,
    ];

    pub fn label(self) -> Msg {
        match self {
            FilterPreset::MyOpen => Msg::PresetMyOpen,
            FilterPreset::UnassignedInMyGroups => Msg::PresetUnassignedInMyGroups,
            FilterPreset::BreachingToday => Msg::PresetBreachingToday,
        }
    }

    pub fn filter(self) -> (TicketFilter, TicketSort) {
        match self {
            FilterPreset::MyOpen => (
                TicketFilter {
                    open_only: true,
                    assignee: AssigneeFilter::Me,
                    ..Default::default()
                },
                TicketSort::Priority,
            ),
            FilterPreset::UnassignedInMyGroups => (
                TicketFilter {
                    open_only: true,
                    my_groups: true,
                    assignee: AssigneeFilter::Unassigned,
                    ..Default::default()
                },
                TicketSort::Priority,
            ),
            FilterPreset::BreachingToday => (
                TicketFilter {
                    open_only: true,
                    due_today: true,
                    ..Default::default()
                },
                TicketSort::SlaDue,
            ),
        }
    }
}

impl TicketFilter {
    /// The search text, trimmed, or `None` when blank.
    pub fn search_text(&self) -> Option<&str> {
        self.text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }
}
