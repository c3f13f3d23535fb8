//! A work order's kinds, states and the moves between them.

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WorkOrderKind {
    Installation,
    Repair,
    Dismantle,
    Survey,
}

impl WorkOrderKind {
    pub const ALL: [WorkOrderKind; 4] = [
        WorkOrderKind::Installation,
        WorkOrderKind::Repair,
        WorkOrderKind::Dismantle,
        WorkOrderKind::Survey,
    ];

    pub fn code(self) -> &'static str {
        match self {
            WorkOrderKind::Installation => "installation",
            WorkOrderKind::Repair => "repair",
            WorkOrderKind::Dismantle => "dismantle",
            WorkOrderKind::Survey => "survey",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            WorkOrderKind::Installation => Msg::WoKindInstallation,
            WorkOrderKind::Repair => Msg::WoKindRepair,
            WorkOrderKind::Dismantle => Msg::WoKindDismantle,
            WorkOrderKind::Survey => Msg::WoKindSurvey,
        }
    }

    /// The skill a technician needs for this kind (auto-assign prefers those who have it).
    pub fn skill(self) -> Skill {
        match self {
            WorkOrderKind::Installation | WorkOrderKind::Dismantle | WorkOrderKind::Survey => {
                Skill::Installation
            }
            WorkOrderKind::Repair => Skill::FiberSplicing,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Skill {
    FiberSplicing,
    Wireless,
    Installation,
}

impl Skill {
    pub const ALL: [Skill; 3] = [Skill::FiberSplicing, Skill::Wireless, Skill::Installation];

    pub fn code(self) -> &'static str {
        match self {
            Skill::FiberSplicing => "fiber_splicing",
            Skill::Wireless => "wireless",
            Skill::Installation => "installation",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Skill::FiberSplicing => Msg::SkillFiberSplicing,
            Skill::Wireless => Msg::SkillWireless,
            Skill::Installation => Msg::SkillInstallation,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum WorkOrderState {
    New,
    Scheduled,
    OnTheWay,
    OnSite,
    Done,
    Failed,
    Rescheduled,
    Cancelled,
}

impl WorkOrderState {
    pub const ALL: [WorkOrderState; 8] = [
        WorkOrderState::New,
        WorkOrderState::Scheduled,
        WorkOrderState::OnTheWay,
        WorkOrderState::OnSite,
        WorkOrderState::Done,
        WorkOrderState::Failed,
        WorkOrderState::Rescheduled,
        WorkOrderState::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            WorkOrderState::New => "new",
            WorkOrderState::Scheduled => "scheduled",
            WorkOrderState::OnTheWay => "on_the_way",
            WorkOrderState::OnSite => "on_site",
            WorkOrderState::Done => "done",
            WorkOrderState::Failed => "failed",
            WorkOrderState::Rescheduled => "rescheduled",
            WorkOrderState::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            WorkOrderState::New => Msg::WoStateNew,
            WorkOrderState::Scheduled => Msg::WoStateScheduled,
            WorkOrderState::OnTheWay => Msg::WoStateOnTheWay,
            WorkOrderState::OnSite => Msg::WoStateOnSite,
            WorkOrderState::Done => Msg::WoStateDone,
            WorkOrderState::Failed => Msg::WoStateFailed,
            WorkOrderState::Rescheduled => Msg::WoStateRescheduled,
            WorkOrderState::Cancelled => Msg::WoStateCancelled,
        }
    }

    pub fn is_final(self) -> bool {
        matches!(self, WorkOrderState::Done | WorkOrderState::Cancelled)
    }

    /// Planned for a technician and a time, not yet started.
    pub fn is_planned(self) -> bool {
        matches!(
            self,
            WorkOrderState::Scheduled | WorkOrderState::Rescheduled
        )
    }

    /// The technician is out on it: it can no longer be moved to someone else.
    pub fn is_under_way(self) -> bool {
        matches!(self, WorkOrderState::OnTheWay | WorkOrderState::OnSite)
    }
}

/// Who asks for a move: the technician doing the work, or the desk planning it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mover {
    Technician,
    Dispatcher,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MoveError {
    Unchanged,
    Final,
    NotAllowed,
    /// Scheduling goes through `schedule` (a technician and a window), not a bare move.
    UseSchedule,
    NotYours,
}

impl MoveError {
    pub fn msg(self) -> Msg {
        match self {
            MoveError::Unchanged => Msg::ErrWoUnchanged,
            MoveError::Final => Msg::ErrWoFinal,
            MoveError::NotAllowed => Msg::ErrTransitionNotAllowed,
            MoveError::UseSchedule => Msg::ErrWoUseSchedule,
            MoveError::NotYours => Msg::ErrWoNotYours,
        }
    }
}

/// Whether `from → to` is a move `mover` may make. Evidence and the checklist are checked
/// separately (they need the order's data).
///
/// new → scheduled → on the way → on site → done; any open order may fail (with a reason)
/// and a failed one is rescheduled; the desk may cancel any open order.
pub fn check_move(from: WorkOrderState, to: WorkOrderState, mover: Mover) -> Result<(), MoveError> {
    use WorkOrderState::*;
    if from == to {
        return Err(MoveError::Unchanged);
    }
    if from.is_final() {
        return Err(MoveError::Final);
    }
    if matches!(to, Scheduled | Rescheduled) {
        return Err(MoveError::UseSchedule);
    }
    let path_ok = match to {
        OnTheWay => from.is_planned(),
        OnSite => from == OnTheWay,
        Done => from == OnSite,
        Failed => from.is_planned() || from.is_under_way(),
        Cancelled => true,
        New | Scheduled | Rescheduled => false,
    };
    if !path_ok {
        return Err(MoveError::NotAllowed);
    }
    let mover_ok = match mover {
        Mover::Technician => matches!(to, OnTheWay | OnSite | Done | Failed),
        // The desk records a failure a technician phoned in, and cancels.
        Mover::Dispatcher => matches!(to, Failed | Cancelled),
    };
    if mover_ok {
        Ok(())
    } else {
        Err(MoveError::NotAllowed)
    }
}

/// The state an order takes when the desk gives it a technician and a window.
pub fn state_after_schedule(from: WorkOrderState) -> Result<WorkOrderState, MoveError> {
    use WorkOrderState::*;
    match from {
        New => Ok(Scheduled),
        Failed => Ok(Rescheduled),
        // Moved to another time or technician: it stays planned.
        Scheduled | Rescheduled => Ok(from),
        OnTheWay | OnSite => Err(MoveError::NotAllowed),
        Done | Cancelled => Err(MoveError::Final),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FailureReason {
    CustomerAbsent,
    NoOdpPort,
    BadWeather,
    NoAccess,
    MaterialMissing,
    Other,
}

impl FailureReason {
    pub const ALL: [FailureReason; 6] = [
        FailureReason::CustomerAbsent,
        FailureReason::NoOdpPort,
        FailureReason::BadWeather,
        FailureReason::NoAccess,
        FailureReason::MaterialMissing,
        FailureReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FailureReason::CustomerAbsent => "customer_absent",
            FailureReason::NoOdpPort => "no_odp_port",
            FailureReason::BadWeather => "bad_weather",
            FailureReason::NoAccess => "no_access",
            FailureReason::MaterialMissing => "material_missing",
            FailureReason::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            FailureReason::CustomerAbsent => Msg::WoFailCustomerAbsent,
            FailureReason::NoOdpPort => Msg::WoFailNoOdpPort,
            FailureReason::BadWeather => Msg::WoFailBadWeather,
            FailureReason::NoAccess => Msg::WoFailNoAccess,
            FailureReason::MaterialMissing => Msg::WoFailMaterialMissing,
            FailureReason::Other => Msg::WoFailOther,
        }
    }

    /// Whether the wait is on the customer, so an incident's SLA clock pauses meanwhile.
    pub fn waits_for_customer(self) -> bool {
        matches!(
            self,
            FailureReason::CustomerAbsent | FailureReason::NoAccess
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use WorkOrderState::*;

    #[test]
    fn the_technician_walks_the_happy_path() {
        for (from, to) in [
            (Scheduled, OnTheWay),
            (Rescheduled, OnTheWay),
            (OnTheWay, OnSite),
            (OnSite, Done),
        ] {
            assert_eq!(
                check_move(from, to, Mover::Technician),
                Ok(()),
                "{from:?} → {to:?}"
            );
        }
    }

    #[test]
    fn steps_cannot_be_skipped() {
        assert_eq!(
            check_move(Scheduled, OnSite, Mover::Technician),
            Err(MoveError::NotAllowed)
        );
        assert_eq!(
            check_move(Scheduled, Done, Mover::Technician),
            Err(MoveError::NotAllowed)
        );
        assert_eq!(
            check_move(New, OnTheWay, Mover::Technician),
            Err(MoveError::NotAllowed)
        );
        assert_eq!(
            check_move(OnTheWay, Done, Mover::Technician),
            Err(MoveError::NotAllowed)
        );
    }

    #[test]
    fn only_the_desk_cancels_and_only_the_technician_works() {
        assert_eq!(
            check_move(OnSite, Cancelled, Mover::Technician),
            Err(MoveError::NotAllowed)
        );
        assert_eq!(check_move(OnSite, Cancelled, Mover::Dispatcher), Ok(()));
        assert_eq!(check_move(New, Cancelled, Mover::Dispatcher), Ok(()));
        assert_eq!(
            check_move(Scheduled, OnTheWay, Mover::Dispatcher),
            Err(MoveError::NotAllowed)
        );
        assert_eq!(
            check_move(OnSite, Done, Mover::Dispatcher),
            Err(MoveError::NotAllowed)
        );
        assert_eq!(check_move(OnSite, Failed, Mover::Dispatcher), Ok(()));
    }

    #[test]
    fn a_new_order_cannot_fail_before_it_is_planned() {
        assert_eq!(
            check_move(New, Failed, Mover::Dispatcher),
            Err(MoveError::NotAllowed)
        );
        assert_eq!(
            check_move(Failed, Failed, Mover::Dispatcher),
            Err(MoveError::Unchanged)
        );
    }

    #[test]
    fn final_orders_stay_final() {
        for to in WorkOrderState::ALL {
            if to != Done {
                assert_eq!(
                    check_move(Done, to, Mover::Dispatcher),
                    Err(MoveError::Final)
                );
            }
        }
        assert_eq!(state_after_schedule(Cancelled), Err(MoveError::Final));
    }

    #[test]
    fn scheduling_is_its_own_action() {
        assert_eq!(
            check_move(New, Scheduled, Mover::Dispatcher),
            Err(MoveError::UseSchedule)
        );
        assert_eq!(
            check_move(Failed, Rescheduled, Mover::Dispatcher),
            Err(MoveError::UseSchedule)
        );
        assert_eq!(state_after_schedule(New), Ok(Scheduled));
        assert_eq!(state_after_schedule(Failed), Ok(Rescheduled));
        assert_eq!(state_after_schedule(Rescheduled), Ok(Rescheduled));
        assert_eq!(state_after_schedule(OnTheWay), Err(MoveError::NotAllowed));
    }

    #[test]
    fn codes_round_trip() {
        for s in WorkOrderState::ALL {
            assert_eq!(WorkOrderState::from_code(s.code()), Some(s));
        }
        for k in WorkOrderKind::ALL {
            assert_eq!(WorkOrderKind::from_code(k.code()), Some(k));
        }
        for r in FailureReason::ALL {
            assert_eq!(FailureReason::from_code(r.code()), Some(r));
        }
        for s in Skill::ALL {
            assert_eq!(Skill::from_code(s.code()), Some(s));
        }
    }
}
