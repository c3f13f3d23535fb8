//! What the IPAM page shows, and the rule for a prefix typed by staff.

use crate::error::FieldErrors;
use crate::i18n::Msg;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

/// How full a pool or prefix is: addresses held out of addresses it has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub used: u64,
    pub size: u64,
}

impl Usage {
    /// Whole percent, rounded down (a pool is not "100 %" while one address is left).
    pub fn percent(self) -> u64 {
        (self.used * 100).checked_div(self.size).unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoolUse {
    pub name: String,
    /// As the router prints it: `10.0.0.2-10.0.0.254,10.1.0.0/24`.
    pub ranges: String,
    pub usage: Usage,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefixUse {
    pub id: i64,
    pub prefix: String,
    pub description: String,
    pub usage: Usage,
}

/// Where a line's address comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AddressSource {
    /// Fixed on the line in Simpul (and so on the router).
    Static,
    /// Handed out by the router to an active session now.
    Session,
}

impl AddressSource {
    pub fn code(self) -> &'static str {
        match self {
            AddressSource::Static => "static",
            AddressSource::Session => "session",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            AddressSource::Static => Msg::IpamSourceStatic,
            AddressSource::Session => Msg::IpamSourceSession,
        }
    }
}

/// One address held by one line on one router.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub address: Ipv4Addr,
    pub subscription_id: i64,
    pub username: String,
    pub customer_name: String,
    pub source: AddressSource,
    /// The router pool holding it, if any.
    pub pool: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouterIpam {
    pub nas_id: i64,
    pub name: String,
    /// When the monitor last read the router's pools (None: never reached).
    pub pools_read_at: Option<DateTime<Utc>>,
    pub pools: Vec<PoolUse>,
    pub prefixes: Vec<PrefixUse>,
    pub assignments: Vec<Assignment>,
    /// The router answered the session listing just now (else only fixed addresses show).
    pub sessions_read: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ConflictKind {
    /// One address held by two or more lines of one router.
    SharedAddress,
    /// A fixed address inside a pool: the router may hand it to someone else.
    StaticInPool,
    /// An address in none of the router's pools or prefixes.
    OutsidePools,
    /// Two pools of one router share addresses.
    PoolsOverlap,
    /// Two prefixes of one router share addresses.
    PrefixesOverlap,
}

impl ConflictKind {
    pub fn code(self) -> &'static str {
        match self {
            ConflictKind::SharedAddress => "shared-address",
            ConflictKind::StaticInPool => "static-in-pool",
            ConflictKind::OutsidePools => "outside-pools",
            ConflictKind::PoolsOverlap => "pools-overlap",
            ConflictKind::PrefixesOverlap => "prefixes-overlap",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            ConflictKind::SharedAddress => Msg::IpamConflictShared,
            ConflictKind::StaticInPool => Msg::IpamConflictStaticInPool,
            ConflictKind::OutsidePools => Msg::IpamConflictOutside,
            ConflictKind::PoolsOverlap => Msg::IpamConflictPoolsOverlap,
            ConflictKind::PrefixesOverlap => Msg::IpamConflictPrefixesOverlap,
        }
    }
}

/// A line a conflict names, for its link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineRef {
    pub subscription_id: i64,
    pub username: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub kind: ConflictKind,
    pub nas_id: i64,
    pub nas_name: String,
    pub address: Option<Ipv4Addr>,
    pub lines: Vec<LineRef>,
    /// The pools or prefixes involved.
    pub blocks: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpamOverview {
    pub routers: Vec<RouterIpam>,
    pub conflicts: Vec<Conflict>,
    /// Whether this user may add and remove prefixes.
    pub can_manage: bool,
}

/// A prefix as staff type it: `10.20.0.0/22`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrefixDraft {
    pub nas_id: i64,
    pub prefix: String,
    pub description: String,
}

/// The smallest block worth recording, and the largest.
pub const PREFIX_MIN_LEN: u8 = 8;
pub const PREFIX_MAX_LEN: u8 = 32;

impl PrefixDraft {
    /// The network and its length. A host address with bits past the length is refused
    /// (`10.20.1.7/22` is almost always a typo for `10.20.0.0/22`), naming the network.
    pub fn check(&self) -> Result<(Ipv4Addr, u8), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.nas_id <= 0 {
            errors.add("nas_id", Msg::ValRequired);
        }
        if self.description.chars().count() > 200 {
            errors.add("description", Msg::ValTooLong);
        }
        let parsed = parse_prefix(self.prefix.trim());
        match parsed {
            None => errors.add("prefix", Msg::ValIpPrefix),
            Some((address, len)) if network_of(address, len) != address => {
                errors.add("prefix", Msg::ValIpPrefixHostBits)
            }
            Some(_) => {}
        }
        match (errors.is_empty(), parsed) {
            (true, Some(found)) => Ok(found),
            _ => Err(errors),
        }
    }
}

/// `a.b.c.d/n` with n in PREFIX_MIN_LEN..=PREFIX_MAX_LEN.
pub fn parse_prefix(text: &str) -> Option<(Ipv4Addr, u8)> {
    let (address, len) = text.split_once('/')?;
    let address: Ipv4Addr = address.trim().parse().ok()?;
    let len: u8 = len.trim().parse().ok()?;
    (PREFIX_MIN_LEN..=PREFIX_MAX_LEN)
        .contains(&len)
        .then_some((address, len))
}

pub fn network_of(address: Ipv4Addr, len: u8) -> Ipv4Addr {
    let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
    Ipv4Addr::from(u32::from(address) & mask)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(prefix: &str) -> PrefixDraft {
        PrefixDraft {
            nas_id: 1,
            prefix: prefix.into(),
            description: String::new(),
        }
    }

    #[test]
    fn a_prefix_is_a_network_with_its_length() {
        assert_eq!(
            draft(" 10.20.0.0/22 ").check(),
            Ok(("10.20.0.0".parse().unwrap(), 22))
        );
        assert_eq!(draft("192.0.2.8/29").check().map(|p| p.1), Ok(29));
        assert_eq!(draft("192.0.2.9/32").check().map(|p| p.1), Ok(32));
        let host_bits = draft("10.20.1.7/22").check().unwrap_err();
        assert_eq!(host_bits.get("prefix"), Some(Msg::ValIpPrefixHostBits));
        for wrong in [
            "10.20.0.0",
            "10.20.0.0/33",
            "10.0.0.0/4",
            "10.20.0/22",
            "x/24",
            "",
        ] {
            assert_eq!(
                draft(wrong).check().unwrap_err().get("prefix"),
                Some(Msg::ValIpPrefix),
                "{wrong}"
            );
        }
    }

    #[test]
    fn usage_rounds_down() {
        assert_eq!(
            Usage {
                used: 252,
                size: 253
            }
            .percent(),
            99
        );
        assert_eq!(Usage { used: 0, size: 0 }.percent(), 0);
        assert_eq!(Usage { used: 8, size: 8 }.percent(), 100);
    }
}
