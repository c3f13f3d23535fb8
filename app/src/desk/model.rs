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
    /// The portal symptom whose fault reports file under this category.
    pub portal_symptom: Option<crate::portal::model::Symptom>,
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

fn check_name(errors: &mut crate::error::FieldErrors, name: &str) {
    if name.trim().is_empty() {
        errors.add("name", crate::i18n::Msg::ValRequired);
    } else if name.trim().chars().count() > 80 {
        errors.add("name", crate::i18n::Msg::ValTooLong);
    }
}

/// A support group as the admin submits it (`id == 0` creates).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GroupDraft {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub supervisor_id: Option<i64>,
    pub member_ids: Vec<i64>,
    pub active: bool,
}

impl GroupDraft {
    pub fn validate(&self) -> crate::error::FieldErrors {
        let mut errors = crate::error::FieldErrors::new();
        check_name(&mut errors, &self.name);
        if self.description.chars().count() > 500 {
            errors.add("description", crate::i18n::Msg::ValTooLong);
        }
        errors
    }
}

/// A category as the admin submits it (`id == 0` creates).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CategoryDraft {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub name: String,
    pub group_id: Option<i64>,
    pub default_impact: Option<Level>,
    pub default_urgency: Option<Level>,
    pub active: bool,
    /// Fault reports with this symptom file here; choosing it moves it from any other
    /// category (one category per symptom).
    pub portal_symptom: Option<crate::portal::model::Symptom>,
}

impl CategoryDraft {
    pub fn validate(&self) -> crate::error::FieldErrors {
        let mut errors = crate::error::FieldErrors::new();
        check_name(&mut errors, &self.name);
        if self.id != 0 && self.parent_id == Some(self.id) {
            errors.add("parent_id", crate::i18n::Msg::ValCategoryCycle);
        }
        errors
    }
}

/// What the group and category screens offer as choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskDirectory {
    pub groups: Vec<SupportGroup>,
    pub categories: Vec<Category>,
    /// Staff who may be members (they can hold tickets).
    pub staff: Vec<NamedRef>,
    /// Staff who may supervise a group (supervisors and admins).
    pub supervisors: Vec<NamedRef>,
}
