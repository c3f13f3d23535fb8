//! The ticket status machine, shared by server (which enforces it) and browser (which uses it
//! to say up front why a drag would be refused).

use crate::i18n::Msg;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    New,
    Assigned,
    InProgress,
    PendingCustomer,
    PendingThirdParty,
    /// Service requests waiting for their approvers; only the approval flow enters or leaves it.
    PendingApproval,
    Resolved,
    Closed,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::New,
        Status::Assigned,
        Status::InProgress,
        Status::PendingCustomer,
        Status::PendingThirdParty,
        Status::PendingApproval,
        Status::Resolved,
        Status::Closed,
        Status::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Assigned => "assigned",
            Status::InProgress => "in_progress",
            Status::PendingCustomer => "pending_customer",
            Status::PendingThirdParty => "pending_third_party",
            Status::PendingApproval => "pending_approval",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Status::New => Msg::StatusNew,
            Status::Assigned => Msg::StatusAssigned,
            Status::InProgress => Msg::StatusInProgress,
            Status::PendingCustomer => Msg::StatusPendingCustomer,
            Status::PendingThirdParty => Msg::StatusPendingThirdParty,
            Status::PendingApproval => Msg::StatusPendingApproval,
            Status::Resolved => Msg::StatusResolved,
            Status::Closed => Msg::StatusClosed,
            Status::Cancelled => Msg::StatusCancelled,
        }
    }

    /// SLA clocks do not run in these states.
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            Status::PendingCustomer | Status::PendingThirdParty | Status::PendingApproval
        )
    }

    /// Still work to do (counts towards an agent's load, shows on the board by default).
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Resolved | Status::Closed | Status::Cancelled)
    }

    pub fn is_final(self) -> bool {
        matches!(self, Status::Closed | Status::Cancelled)
    }

    /// States in which somebody must be named as the one working on the ticket.
    fn needs_assignee(self) -> bool {
        matches!(self, Status::Assigned | Status::InProgress)
    }
}

/// Facts about a ticket that decide whether a move is allowed.
#[derive(Clone, Copy, Debug)]
pub struct TransitionFacts {
    pub has_assignee: bool,
    /// Whether the request carries a resolution note (required to resolve).
    pub has_resolution: bool,
    pub resolved_at: Option<DateTime<Utc>>,
    pub reopen_window: Duration,
    pub now: DateTime<Utc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TransitionError {
    Unchanged,
    /// The ticket is closed or cancelled: nothing moves it any more.
    Final,
    NotAllowed,
    NeedsAssignee,
    NeedsResolution,
    ReopenWindowPassed,
    /// Only approving or rejecting moves a request into or out of pending approval.
    ApprovalOnly,
}

impl TransitionError {
    pub fn msg(self) -> Msg {
        match self {
            TransitionError::Unchanged => Msg::ErrStatusUnchanged,
            TransitionError::Final => Msg::ErrTicketFinal,
            TransitionError::NotAllowed => Msg::ErrTransitionNotAllowed,
            TransitionError::NeedsAssignee => Msg::ErrNeedsAssignee,
            TransitionError::NeedsResolution => Msg::ErrNeedsResolution,
            TransitionError::ReopenWindowPassed => Msg::ErrReopenWindowPassed,
            TransitionError::ApprovalOnly => Msg::ErrApprovalOnly,
        }
    }
}

/// Whether a person may move a ticket from `from` to `to`. The approval flow moves requests
/// in and out of `PendingApproval` without asking this.
pub fn check_transition(
    from: Status,
    to: Status,
    facts: &TransitionFacts,
) -> Result<(), TransitionError> {
    use Status::*;
    if from == to {
        return Err(TransitionError::Unchanged);
    }
    if from.is_final() {
        return Err(TransitionError::Final);
    }
    if to == PendingApproval || (from == PendingApproval && to != Cancelled) {
        return Err(TransitionError::ApprovalOnly);
    }
    let allowed = match from {
        New | Assigned | InProgress | PendingCustomer | PendingThirdParty => {
            !matches!(to, New | Closed)
        }
        Resolved => matches!(to, InProgress | Closed),
        PendingApproval => to == Cancelled,
        Closed | Cancelled => false,
    };
    if !allowed {
        return Err(TransitionError::NotAllowed);
    }
    if from == Resolved && to == InProgress {
        let within_window = facts
            .resolved_at
            .is_none_or(|resolved| facts.now - resolved <= facts.reopen_window);
        if !within_window {
            return Err(TransitionError::ReopenWindowPassed);
        }
    }
    if to.needs_assignee() && !facts.has_assignee {
        return Err(TransitionError::NeedsAssignee);
    }
    if to == Resolved && !facts.has_resolution {
        return Err(TransitionError::NeedsResolution);
    }
    Ok(())
}

/// The statuses a person could move the ticket to right now, for menus and drop targets.
pub fn allowed_targets(from: Status, facts: &TransitionFacts) -> Vec<Status> {
    let with_resolution = TransitionFacts {
        has_resolution: true,
        ..*facts
    };
    Status::ALL
        .into_iter()
        .filter(|to| check_transition(from, *to, &with_resolution).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    fn facts() -> TransitionFacts {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        TransitionFacts {
            has_assignee: true,
            has_resolution: true,
            resolved_at: Some(now - Duration::days(1)),
            reopen_window: Duration::days(7),
            now,
        }
    }

    #[test]
    fn the_happy_path_is_allowed() {
        let f = facts();
        for (from, to) in [
            (New, Assigned),
            (Assigned, InProgress),
            (InProgress, PendingCustomer),
            (PendingCustomer, InProgress),
            (InProgress, PendingThirdParty),
            (PendingThirdParty, PendingCustomer),
            (PendingThirdParty, Resolved),
            (Resolved, Closed),
            (Resolved, InProgress),
            (New, Resolved),
            (New, Cancelled),
            (PendingApproval, Cancelled),
        ] {
            assert_eq!(check_transition(from, to, &f), Ok(()), "{from:?} → {to:?}");
        }
    }

    #[test]
    fn illegal_moves_are_refused_with_a_reason() {
        let f = facts();
        assert_eq!(
            check_transition(New, Closed, &f),
            Err(TransitionError::NotAllowed)
        );
        assert_eq!(
            check_transition(InProgress, New, &f),
            Err(TransitionError::NotAllowed)
        );
        assert_eq!(
            check_transition(Resolved, Assigned, &f),
            Err(TransitionError::NotAllowed)
        );
        assert_eq!(
            check_transition(Closed, InProgress, &f),
            Err(TransitionError::Final)
        );
        assert_eq!(
            check_transition(Cancelled, New, &f),
            Err(TransitionError::Final)
        );
        assert_eq!(
            check_transition(New, New, &f),
            Err(TransitionError::Unchanged)
        );
        assert_eq!(
            check_transition(New, PendingApproval, &f),
            Err(TransitionError::ApprovalOnly)
        );
        assert_eq!(
            check_transition(PendingApproval, InProgress, &f),
            Err(TransitionError::ApprovalOnly)
        );
    }

    #[test]
    fn working_states_need_an_assignee() {
        let f = TransitionFacts {
            has_assignee: false,
            ..facts()
        };
        assert_eq!(
            check_transition(New, Assigned, &f),
            Err(TransitionError::NeedsAssignee)
        );
        assert_eq!(
            check_transition(New, InProgress, &f),
            Err(TransitionError::NeedsAssignee)
        );
        assert_eq!(check_transition(New, PendingCustomer, &f), Ok(()));
    }

    #[test]
    fn resolving_needs_a_resolution_note() {
        let f = TransitionFacts {
            has_resolution: false,
            ..facts()
        };
        assert_eq!(
            check_transition(InProgress, Resolved, &f),
            Err(TransitionError::NeedsResolution)
        );
        assert!(allowed_targets(InProgress, &f).contains(&Resolved));
    }

    #[test]
    fn reopening_only_within_the_window() {
        let mut f = facts();
        f.resolved_at = Some(f.now - Duration::days(7));
        assert_eq!(check_transition(Resolved, InProgress, &f), Ok(()));
        f.resolved_at = Some(f.now - Duration::days(7) - Duration::seconds(1));
        assert_eq!(
            check_transition(Resolved, InProgress, &f),
            Err(TransitionError::ReopenWindowPassed)
        );
    }

    #[test]
    fn allowed_targets_lists_what_the_board_may_accept() {
        assert_eq!(
            allowed_targets(Resolved, &facts()),
            vec![InProgress, Closed]
        );
        assert!(allowed_targets(Closed, &facts()).is_empty());
        let codes: Vec<_> = Status::ALL.iter().map(|s| s.code()).collect();
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
        assert_eq!(codes.len(), 9);
    }
}
