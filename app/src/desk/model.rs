use crate::tickets::model::{Level, NamedRef};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportGroup {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub supervisor: Option<NamedRef>,
    pub members: Vec<NamedRef>,
    pub active: bool,
}

/// A category with its full path ("Gangguan › Internet mati") for pickers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub path: String,
    pub group_id: Option<i64>,
    pub default_impact: Option<Level>,
    pub default_urgency: Option<Level>,
    pub active: bool,
}

/// What the new-ticket form needs to offer choices and preview priority without a round trip.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketFormData {
    pub categories: Vec<Category>,
    pub groups: Vec<SupportGroup>,
    pub matrix: crate::tickets::model::PriorityMatrix,
    /// Staff who can be assigned tickets, by name.
    pub assignees: Vec<NamedRef>,
    /// Customer accounts that can be named as the caller.
    pub callers: Vec<NamedRef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskConfig {
    pub matrix: crate::tickets::model::PriorityMatrix,
    pub reopen_window_hours: i32,
}
