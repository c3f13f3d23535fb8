//! The neighbourhood of a CI as the CMDB graph draws it: the CIs within a few relations up
//! and down, with their live health and open incidents. The layout lives in `layout`.

pub mod layout;

use super::attributes::Label;
use super::{Lifecycle, RelationKind};
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// How far the graph reaches each way, at most.
pub const MAX_DEPTH: u8 = 5;
/// How far it reaches when the page opens.
pub const DEFAULT_DEPTH: u8 = 2;
/// The most CIs one graph loads; deeper rings are cut (and said so) beyond it.
pub const MAX_GRAPH_CIS: usize = 3000;

/// The depth asked for, kept within 1..=MAX_DEPTH.
pub fn clamp_depth(depth: u8) -> u8 {
    depth.clamp(1, MAX_DEPTH)
}

/// What a CI's colour says, from the routers' monitor, the lines' sessions and the CI's
/// own lifecycle. The most urgent fact wins (see `Health::of`).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Health {
    /// Nothing live is known of it (an ODP, a cable) and nothing above it is down.
    #[default]
    Normal,
    /// A router the monitor reaches.
    Up,
    /// A router the monitor cannot reach.
    Down,
    /// Down because something above it is (impact analysis over the whole plant).
    Affected,
    Maintenance,
    /// Planned or retired: not carrying traffic.
    Idle,
    /// A line with a session on its router now.
    Online,
    /// A line its (reachable) router has no session for.
    Offline,
    /// A router not checked yet, or a line whose router did not answer.
    Unknown,
}

impl Health {
    pub const ALL: [Health; 9] = [
        Health::Normal,
        Health::Up,
        Health::Down,
        Health::Affected,
        Health::Maintenance,
        Health::Idle,
        Health::Online,
        Health::Offline,
        Health::Unknown,
    ];

    /// The CSS class suffix and test id.
    pub fn code(self) -> &'static str {
        match self {
            Health::Normal => "normal",
            Health::Up => "up",
            Health::Down => "down",
            Health::Affected => "affected",
            Health::Maintenance => "maintenance",
            Health::Idle => "idle",
            Health::Online => "online",
            Health::Offline => "offline",
            Health::Unknown => "unknown",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Health::Normal => Msg::HealthNormal,
            Health::Up => Msg::HealthUp,
            Health::Down => Msg::HealthDown,
            Health::Affected => Msg::HealthAffected,
            Health::Maintenance => Msg::HealthMaintenance,
            Health::Idle => Msg::HealthIdle,
            Health::Online => Msg::HealthOnline,
            Health::Offline => Msg::HealthOffline,
            Health::Unknown => Msg::HealthUnknown,
        }
    }

    /// A CI's health from what is known of it. A router's own state beats the failure
    /// above it (it is the cause, or it answers); otherwise being cut off beats the rest,
    /// since a line's session and a CI's lifecycle say nothing while the path is down.
    pub fn of(facts: &HealthFacts) -> Health {
        match (facts.router_up, facts.affected, facts.lifecycle) {
            (Some(false), _, _) => Health::Down,
            (_, true, _) => Health::Affected,
            (_, _, Lifecycle::Maintenance) => Health::Maintenance,
            (_, _, Lifecycle::Planned | Lifecycle::Retired) => Health::Idle,
            (Some(true), _, _) => Health::Up,
            _ if facts.is_router => Health::Unknown,
            _ => match facts.line_online {
                LineState::NotALine => Health::Normal,
                LineState::Online => Health::Online,
                LineState::Offline => Health::Offline,
                LineState::Unknown => Health::Unknown,
            },
        }
    }
}

/// A line's session as its router reported it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineState {
    #[default]
    NotALine,
    Online,
    Offline,
    /// The router was down, slow, or the line is not on a PPPoE or hotspot plan.
    Unknown,
}

/// What `Health::of` decides from.
#[derive(Debug, Clone, Copy, Default)]
pub struct HealthFacts {
    pub lifecycle: Lifecycle,
    pub is_router: bool,
    /// The router's last check: Some(true) up, Some(false) down, None unknown or not a router.
    pub router_up: Option<bool>,
    /// Something it needs is down (and no redundant path carries it).
    pub affected: bool,
    pub line_online: LineState,
}

/// One CI in the graph. `level` counts relations from the CI the graph is about: negative
/// above it, positive below it, 0 for the CI itself and for backups beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphCi {
    pub id: i64,
    pub class: String,
    pub code: String,
    pub name: String,
    pub lifecycle: Lifecycle,
    pub health: Health,
    pub open_incidents: i64,
    pub level: i8,
}

/// One relation between two CIs of the graph, as stored (`from` feeds / depends on /
/// is hosted on / backs up `to`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphLink {
    pub from: i64,
    pub to: i64,
    pub kind: RelationKind,
    pub from_port: Option<i32>,
}

impl GraphLink {
    /// The link's ends as upstream → downstream (what fails → what fails with it); None for
    /// a backup, which runs beside its primary.
    pub fn upstream_downstream(&self) -> Option<(i64, i64)> {
        match self.kind {
            RelationKind::Feeds => Some((self.from, self.to)),
            RelationKind::DependsOn | RelationKind::HostedOn => Some((self.to, self.from)),
            RelationKind::BackupOf => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Neighbourhood {
    pub root: i64,
    pub up: u8,
    pub down: u8,
    pub cis: Vec<GraphCi>,
    pub links: Vec<GraphLink>,
    /// The names of the classes in the graph, for "×12 ONT".
    pub class_names: Vec<(String, Label)>,
    /// More CIs were within reach than MAX_GRAPH_CIS; the farthest ring was cut.
    pub truncated: bool,
}

impl Neighbourhood {
    pub fn class_name(&self, code: &str) -> Option<&Label> {
        self.class_names
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, label)| label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> HealthFacts {
        HealthFacts::default()
    }

    #[test]
    fn a_down_router_is_down_even_when_cut_off_itself() {
        let f = HealthFacts {
            is_router: true,
            router_up: Some(false),
            affected: true,
            ..facts()
        };
        assert_eq!(Health::of(&f), Health::Down);
    }

    #[test]
    fn being_cut_off_hides_a_stale_session_and_the_lifecycle() {
        let f = HealthFacts {
            affected: true,
            line_online: LineState::Online,
            lifecycle: Lifecycle::Maintenance,
            ..facts()
        };
        assert_eq!(Health::of(&f), Health::Affected);
    }

    #[test]
    fn lifecycle_then_live_state() {
        let maintenance = HealthFacts {
            lifecycle: Lifecycle::Maintenance,
            router_up: Some(true),
            is_router: true,
            ..facts()
        };
        assert_eq!(Health::of(&maintenance), Health::Maintenance);
        let planned = HealthFacts {
            lifecycle: Lifecycle::Planned,
            ..facts()
        };
        assert_eq!(Health::of(&planned), Health::Idle);
        let unchecked_router = HealthFacts {
            is_router: true,
            ..facts()
        };
        assert_eq!(Health::of(&unchecked_router), Health::Unknown);
        let offline = HealthFacts {
            line_online: LineState::Offline,
            ..facts()
        };
        assert_eq!(Health::of(&offline), Health::Offline);
        assert_eq!(Health::of(&facts()), Health::Normal);
    }

    #[test]
    fn links_read_upstream_to_downstream() {
        let link = |kind| GraphLink {
            from: 1,
            to: 2,
            kind,
            from_port: None,
        };
        assert_eq!(
            link(RelationKind::Feeds).upstream_downstream(),
            Some((1, 2))
        );
        assert_eq!(
            link(RelationKind::HostedOn).upstream_downstream(),
            Some((2, 1))
        );
        assert_eq!(link(RelationKind::BackupOf).upstream_downstream(), None);
    }
}
