//! What the customer portal shows and sends: the customer's lines with their state now, and
//! fault reports.

use crate::customers::model::CustomerCategory;
use crate::i18n::Msg;
use crate::subscriptions::model::{LineSession, SubscriptionStatus};
use crate::tickets::model::Level;
use serde::{Deserialize, Serialize};

/// What the customer notices; decides urgency and the desk category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Symptom {
    #[default]
    NoInternet,
    Slow,
    Intermittent,
    Other,
}

impl Symptom {
    pub const ALL: [Symptom; 4] = [
        Symptom::NoInternet,
        Symptom::Slow,
        Symptom::Intermittent,
        Symptom::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Symptom::NoInternet => "no_internet",
            Symptom::Slow => "slow",
            Symptom::Intermittent => "intermittent",
            Symptom::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> Msg {
        match self {
            Symptom::NoInternet => Msg::SymptomNoInternet,
            Symptom::Slow => Msg::SymptomSlow,
            Symptom::Intermittent => Msg::SymptomIntermittent,
            Symptom::Other => Msg::SymptomOther,
        }
    }

    /// The ticket's title, in Indonesian (the desk's working language), with the line.
    pub fn title(self, username: &str) -> String {
        let what = match self {
            Symptom::NoInternet => "Internet mati",
            Symptom::Slow => "Internet lambat",
            Symptom::Intermittent => "Internet putus-sambung",
            Symptom::Other => "Gangguan lain",
        };
        format!("{what} — {username}")
    }
}

/// Impact from who is affected (a business line hurts more people and money than a home),
/// urgency from how bad it is (no service at all is the most urgent).
pub fn fault_levels(symptom: Symptom, category: CustomerCategory) -> (Level, Level) {
    let impact = match category {
        CustomerCategory::Business => Level::MEDIUM,
        CustomerCategory::Residential => Level::LOW,
    };
    let urgency = match symptom {
        Symptom::NoInternet => Level::HIGH,
        Symptom::Intermittent | Symptom::Slow => Level::MEDIUM,
        Symptom::Other => Level::LOW,
    };
    (impact, urgency)
}

/// A fault report from the portal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FaultReport {
    pub subscription_id: i64,
    pub symptom: Symptom,
    pub description: String,
}

/// One of the customer's lines as the portal shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalLine {
    pub id: i64,
    pub plan_name: String,
    pub plan_speed: String,
    pub price_rupiah: i64,
    pub status: SubscriptionStatus,
    pub status_reason: String,
    pub username: String,
    pub install_address: String,
    /// `None` when the router could not be asked just now.
    pub session: Option<LineSession>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_symptom_and_category() {
        assert_eq!(
            fault_levels(Symptom::NoInternet, CustomerCategory::Business),
            (Level::MEDIUM, Level::HIGH)
        );
        assert_eq!(
            fault_levels(Symptom::NoInternet, CustomerCategory::Residential),
            (Level::LOW, Level::HIGH)
        );
        assert_eq!(
            fault_levels(Symptom::Other, CustomerCategory::Residential),
            (Level::LOW, Level::LOW)
        );
        assert_eq!(Symptom::parse("slow"), Some(Symptom::Slow));
        assert_eq!(Symptom::NoInternet.title("ahmad"), "Internet mati — ahmad");
    }
}

/// One of the customer's tickets, without the desk's internals (who works it, groups).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalTicket {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub status: crate::tickets::model::Status,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
    /// Rendered on the server (markdown, raw HTML escaped).
    pub description_html: String,
    pub resolution: Option<String>,
    /// Public replies, oldest first: (when, who, rendered body).
    pub replies: Vec<PortalReply>,
}

/// A ticket in the customer's list: only what the customer may know (no assignee, group,
/// tags, SLA or counts that include internal notes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalTicketRow {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub status: crate::tickets::model::Status,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalReply {
    pub at: chrono::DateTime<chrono::Utc>,
    pub author: String,
    /// Whether the customer wrote it (shown on the other side).
    pub mine: bool,
    pub body_html: String,
}
