//! Subscriptions: one customer's line on one router under one plan, its lifecycle, and what
//! the router should hold for each status.

use crate::error::FieldErrors;
use crate::i18n::Msg;
use crate::plans::model::ConnectionType;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SubscriptionId(pub i64);

impl std::fmt::Display for SubscriptionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for SubscriptionId {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(SubscriptionId)
    }
}

/// pending install → active → isolated ⇄ active → suspended → terminated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum SubscriptionStatus {
    /// Created; the secret is on the router but disabled until the line is installed.
    #[default]
    PendingInstall,
    Active,
    /// Connected but sent to the isolir page (unpaid invoice, abuse); restored later.
    Isolated,
    /// Switched off on the router.
    Suspended,
    /// Ended; removed from the router. Final.
    Terminated,
}

impl SubscriptionStatus {
    pub const ALL: [SubscriptionStatus; 5] = [
        SubscriptionStatus::PendingInstall,
        SubscriptionStatus::Active,
        SubscriptionStatus::Isolated,
        SubscriptionStatus::Suspended,
        SubscriptionStatus::Terminated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionStatus::PendingInstall => "pending_install",
            SubscriptionStatus::Active => "active",
            SubscriptionStatus::Isolated => "isolated",
            SubscriptionStatus::Suspended => "suspended",
            SubscriptionStatus::Terminated => "terminated",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> Msg {
        match self {
            SubscriptionStatus::PendingInstall => Msg::SubStatusPending,
            SubscriptionStatus::Active => Msg::SubStatusActive,
            SubscriptionStatus::Isolated => Msg::SubStatusIsolated,
            SubscriptionStatus::Suspended => Msg::SubStatusSuspended,
            SubscriptionStatus::Terminated => Msg::SubStatusTerminated,
        }
    }

    pub fn can_become(self, next: SubscriptionStatus) -> bool {
        use SubscriptionStatus::*;
        matches!(
            (self, next),
            (PendingInstall, Active)
                | (PendingInstall, Terminated)
                | (Active, Isolated)
                | (Active, Suspended)
                | (Active, Terminated)
                | (Isolated, Active)
                | (Isolated, Suspended)
                | (Isolated, Terminated)
                | (Suspended, Active)
                | (Suspended, Terminated)
        )
    }

    /// The button that moves a line here.
    pub fn action_label(self) -> Msg {
        match self {
            SubscriptionStatus::PendingInstall => Msg::SubStatusPending,
            SubscriptionStatus::Active => Msg::LineActivate,
            SubscriptionStatus::Isolated => Msg::LineIsolate,
            SubscriptionStatus::Suspended => Msg::LineSuspend,
            SubscriptionStatus::Terminated => Msg::LineTerminate,
        }
    }

    /// Every change but the first activation after installation says why.
    pub fn needs_reason(self, next: SubscriptionStatus) -> bool {
        !(self == SubscriptionStatus::PendingInstall && next == SubscriptionStatus::Active)
    }

    pub fn next_states(self) -> Vec<SubscriptionStatus> {
        Self::ALL
            .into_iter()
            .filter(|n| self.can_become(*n))
            .collect()
    }

    /// Whether the router keeps an object for the line at all.
    pub fn on_router(self) -> bool {
        self != SubscriptionStatus::Terminated
    }

    /// Whether the line may connect (pending and suspended lines are disabled).
    pub fn enabled_on_router(self) -> bool {
        matches!(
            self,
            SubscriptionStatus::Active | SubscriptionStatus::Isolated
        )
    }

    /// Whether moving here must end the live session so the router applies the change.
    pub fn kicks_when_entered(self, from: SubscriptionStatus) -> bool {
        from != SubscriptionStatus::PendingInstall
    }
}

/// Where the worker stands with a subscription's router objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum ProvisionState {
    #[default]
    Queued,
    Applied,
    Failed,
}

impl ProvisionState {
    pub fn parse(text: &str) -> Self {
        match text {
            "applied" => ProvisionState::Applied,
            "failed" => ProvisionState::Failed,
            _ => ProvisionState::Queued,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ProvisionState::Queued => "queued",
            ProvisionState::Applied => "applied",
            ProvisionState::Failed => "failed",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            ProvisionState::Queued => Msg::ProvisionQueued,
            ProvisionState::Applied => Msg::ProvisionApplied,
            ProvisionState::Failed => Msg::ProvisionFailed,
        }
    }
}

/// What the subscription form sends. Empty user name or password: Simpul makes one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SubscriptionDraft {
    pub id: i64,
    pub customer_id: i64,
    pub plan_id: i64,
    pub nas_id: i64,
    pub username: String,
    /// Empty keeps the stored password (or generates one on create).
    pub password: String,
    pub static_ip: String,
    pub install_address: String,
    /// `YYYY-MM-DD`; empty for not yet known.
    pub start_date: String,
    /// Create as active (line already installed) rather than pending installation.
    pub activate_now: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedSubscription {
    pub username: Option<String>,
    pub password: Option<String>,
    pub static_ip: Option<Ipv4Addr>,
    pub install_address: String,
    pub start_date: Option<NaiveDate>,
}

pub const PASSWORD_MIN: usize = 6;

/// PPPoE and hotspot user names Simpul accepts (RouterOS takes more; these survive every
/// CPE's configuration screen).
pub fn username_ok(name: &str) -> bool {
    (3..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'@'))
}

impl SubscriptionDraft {
    pub fn check(&self, connection: ConnectionType) -> Result<CheckedSubscription, FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.customer_id <= 0 {
            errors.add("customer_id", Msg::ValRequired);
        }
        if self.plan_id <= 0 {
            errors.add("plan_id", Msg::ValRequired);
        }
        if self.nas_id <= 0 {
            errors.add("nas_id", Msg::ValRequired);
        }
        let username = self.username.trim();
        if !username.is_empty() && !username_ok(username) {
            errors.add("username", Msg::ValPppUsername);
        }
        let password = self.password.trim();
        if !password.is_empty()
            && (password.len() < PASSWORD_MIN
                || password.len() > 64
                || !password.bytes().all(|b| b.is_ascii_graphic()))
        {
            errors.add("password", Msg::ValPppPassword);
        }
        let static_ip = match self.static_ip.trim() {
            "" => None,
            text => match text.trim_end_matches("/32").parse::<Ipv4Addr>() {
                Ok(ip) if !ip.is_unspecified() && !ip.is_broadcast() && !ip.is_multicast() => {
                    Some(ip)
                }
                _ => {
                    errors.add("static_ip", Msg::ValIpAddress);
                    None
                }
            },
        };
        if connection == ConnectionType::Static
            && static_ip.is_none()
            && self.static_ip.trim().is_empty()
        {
            errors.add("static_ip", Msg::ValStaticIpRequired);
        }
        let install_address = self.install_address.trim().to_owned();
        if install_address.chars().count() > 500 {
            errors.add("install_address", Msg::ValTooLong);
        }
        let start_date = match self.start_date.trim() {
            "" => None,
            text => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.add("start_date", Msg::ValDateInvalid);
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CheckedSubscription {
            username: (!username.is_empty()).then(|| username.to_owned()),
            password: (!password.is_empty()).then(|| password.to_owned()),
            static_ip,
            install_address,
            start_date,
        })
    }
}

/// A suggested user name from the customer's first name and code: `ahmad00001`.
pub fn suggested_username(full_name: &str, customer_code: &str) -> String {
    let first: String = full_name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .filter_map(|c| {
            let c = c.to_ascii_lowercase();
            c.is_ascii_alphanumeric().then_some(c)
        })
        .take(20)
        .collect();
    let digits: String = customer_code.chars().filter(char::is_ascii_digit).collect();
    let base = if first.is_empty() {
        "pelanggan".to_owned()
    } else {
        first
    };
    format!("{base}{digits}")
}

/// A status change with its reason (isolate, restore, suspend, terminate, activate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubscriptionStatusChange {
    pub id: i64,
    pub status: SubscriptionStatus,
    pub reason: String,
}

/// A subscription as staff see it. The password is never here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub id: i64,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub plan_id: i64,
    pub plan_name: String,
    pub plan_speed: String,
    pub price_rupiah: i64,
    pub nas_id: i64,
    pub nas_name: String,
    pub connection_type: ConnectionType,
    pub username: String,
    pub static_ip: Option<String>,
    pub install_address: String,
    pub status: SubscriptionStatus,
    pub status_reason: String,
    pub status_changed_at: DateTime<Utc>,
    pub start_date: Option<NaiveDate>,
    pub provision_state: ProvisionState,
    pub provisioned_at: Option<DateTime<Utc>>,
    pub provision_error: Option<String>,
    /// Outbox rows still waiting for this line.
    pub pending_jobs: i64,
    pub created_at: DateTime<Utc>,
}

impl Subscription {
    pub fn draft(&self) -> SubscriptionDraft {
        SubscriptionDraft {
            id: self.id,
            customer_id: self.customer_id,
            plan_id: self.plan_id,
            nas_id: self.nas_id,
            username: self.username.clone(),
            password: String::new(),
            static_ip: self.static_ip.clone().unwrap_or_default(),
            install_address: self.install_address.clone(),
            start_date: self
                .start_date
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            activate_now: false,
        }
    }
}

/// The line as the router sees it right now (from `/ppp/active` or `/ip/hotspot/active`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LineSession {
    /// Whether the router can tell (static lines have no session to look at).
    pub watched: bool,
    pub online: bool,
    pub address: String,
    pub uptime: String,
    pub caller_id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifecycle() {
        use SubscriptionStatus::*;
        assert!(PendingInstall.can_become(Active));
        assert!(!PendingInstall.can_become(Isolated));
        assert!(Active.can_become(Isolated) && Isolated.can_become(Active));
        assert!(Suspended.can_become(Active) && !Suspended.can_become(Isolated));
        assert!(Terminated.next_states().is_empty());
        assert!(!PendingInstall.needs_reason(Active));
        assert!(Active.needs_reason(Isolated) && Isolated.needs_reason(Active));
        assert!(!PendingInstall.enabled_on_router() && !Suspended.enabled_on_router());
        assert!(Isolated.enabled_on_router() && !Terminated.on_router());
    }

    #[test]
    fn drafts() {
        let draft = SubscriptionDraft {
            customer_id: 1,
            plan_id: 2,
            nas_id: 3,
            username: "ahmad 01".into(),
            password: "abc".into(),
            static_ip: "10.0.0.300".into(),
            start_date: "2026-02-30".into(),
            ..Default::default()
        };
        let errors = draft.check(ConnectionType::Pppoe).unwrap_err();
        assert_eq!(errors.get("username"), Some(Msg::ValPppUsername));
        assert_eq!(errors.get("password"), Some(Msg::ValPppPassword));
        assert_eq!(errors.get("static_ip"), Some(Msg::ValIpAddress));
        assert_eq!(errors.get("start_date"), Some(Msg::ValDateInvalid));
        let ok = SubscriptionDraft {
            username: "ahmad01".into(),
            password: String::new(),
            static_ip: "10.20.0.5/32".into(),
            start_date: "2026-11-01".into(),
            ..draft.clone()
        }
        .check(ConnectionType::Pppoe)
        .unwrap();
        assert_eq!(ok.static_ip, Some(Ipv4Addr::new(10, 20, 0, 5)));
        assert_eq!(ok.password, None);
        let static_line = SubscriptionDraft {
            username: "kantor01".into(),
            password: String::new(),
            static_ip: String::new(),
            start_date: String::new(),
            ..draft
        };
        assert_eq!(
            static_line
                .check(ConnectionType::Static)
                .unwrap_err()
                .get("static_ip"),
            Some(Msg::ValStaticIpRequired)
        );
    }

    #[test]
    fn usernames_from_names() {
        assert_eq!(
            suggested_username("Ahmad Fauzi", "CUST-00001"),
            "ahmad00001"
        );
        assert_eq!(suggested_username("Ni Luh Putu", "CUST-00042"), "ni00042");
        assert_eq!(suggested_username("Ñoño", "CUST-00003"), "oo00003");
        assert_eq!(suggested_username("", "CUST-00004"), "pelanggan00004");
        assert!(username_ok("ahmad00001") && !username_ok("ab") && !username_ok("a b c"));
    }
}

/// What the isolir page tells the visitor whose address belongs to an isolated line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct IsolirNotice {
    pub isp_name: String,
    pub isp_contact: String,
    /// Set when the visitor's address is an isolated line: only the first name and code,
    /// the page is public.
    pub line: Option<IsolatedLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsolatedLine {
    pub first_name: String,
    pub customer_code: String,
    pub username: String,
    pub reason: String,
    pub since: DateTime<Utc>,
}
