//! SLA policies and how one is chosen for a ticket; calendars, holidays and working hours.

pub mod hours;
pub mod settings;

pub use settings::{BusinessCalendar, CalendarDraft, Holiday, SlaPolicy, SlaSettings};

use crate::tickets::model::{Priority, TicketKind};
use serde::{Deserialize, Serialize};

/// The matching criteria of a policy; `None` matches anything.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyCriteria {
    pub id: i64,
    pub ticket_kind: Option<TicketKind>,
    pub priority: Option<Priority>,
    pub category_id: Option<i64>,
}

/// Picks the policy for a ticket. A policy applies when each criterion it sets matches (its
/// category may be the ticket's category or any ancestor). The most specific one wins: the
/// most criteria set, then the nearest category, then the oldest policy.
///
/// `category_path` is the ticket's category followed by its ancestors, nearest first.
pub fn select_policy(
    policies: &[PolicyCriteria],
    kind: TicketKind,
    priority: Priority,
    category_path: &[i64],
) -> Option<i64> {
    policies
        .iter()
        .filter_map(|p| {
            if p.ticket_kind.is_some_and(|k| k != kind) || p.priority.is_some_and(|x| x != priority)
            {
                return None;
            }
            let distance = match p.category_id {
                None => usize::MAX,
                Some(c) => category_path.iter().position(|id| *id == c)?,
            };
            let criteria = usize::from(p.ticket_kind.is_some())
                + usize::from(p.priority.is_some())
                + usize::from(p.category_id.is_some());
            Some((std::cmp::Reverse(criteria), distance, p.id))
        })
        .min()
        .map(|(_, _, id)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(
        id: i64,
        kind: Option<TicketKind>,
        priority: Option<u8>,
        category: Option<i64>,
    ) -> PolicyCriteria {
        PolicyCriteria {
            id,
            ticket_kind: kind,
            priority: priority.and_then(|p| Priority::new(i64::from(p))),
            category_id: category,
        }
    }

    #[test]
    fn the_most_specific_matching_policy_wins() {
        let policies = [
            policy(1, None, Some(1), None),
            policy(2, Some(TicketKind::Incident), Some(1), None),
            policy(3, Some(TicketKind::Incident), Some(1), Some(10)),
            policy(4, None, None, None),
        ];
        let p1 = Priority::CRITICAL;
        // category 11 is below 10
        assert_eq!(
            select_policy(&policies, TicketKind::Incident, p1, &[11, 10]),
            Some(3)
        );
        assert_eq!(
            select_policy(&policies, TicketKind::Incident, p1, &[20]),
            Some(2)
        );
        assert_eq!(
            select_policy(&policies, TicketKind::Request, p1, &[]),
            Some(1)
        );
        assert_eq!(
            select_policy(&policies, TicketKind::Request, Priority::LOW, &[]),
            Some(4)
        );
    }

    #[test]
    fn a_nearer_category_beats_an_ancestor() {
        let policies = [
            policy(1, None, None, Some(10)),
            policy(2, None, None, Some(11)),
        ];
        assert_eq!(
            select_policy(&policies, TicketKind::Incident, Priority::LOW, &[11, 10]),
            Some(2)
        );
        assert_eq!(
            select_policy(&policies, TicketKind::Incident, Priority::LOW, &[12, 10]),
            Some(1)
        );
    }

    #[test]
    fn nothing_matches_means_no_clock() {
        let policies = [policy(1, Some(TicketKind::Request), None, None)];
        assert_eq!(
            select_policy(&policies, TicketKind::Incident, Priority::LOW, &[]),
            None
        );
        assert_eq!(
            select_policy(&[], TicketKind::Incident, Priority::LOW, &[]),
            None
        );
    }

    #[test]
    fn ties_go_to_the_oldest_policy() {
        let policies = [
            policy(7, None, Some(3), None),
            policy(5, None, Some(3), None),
        ];
        assert_eq!(
            select_policy(&policies, TicketKind::Incident, Priority::MODERATE, &[]),
            Some(5)
        );
    }
}
