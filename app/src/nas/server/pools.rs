//! The router's address pools (`/ip/pool`), read by the monitor and kept on the NAS row so a
//! static address can be checked against them even while the router is down. RouterOS hands
//! out pool addresses dynamically, so a fixed address inside a pool would sooner or later be
//! given to someone else as well.

use std::net::Ipv4Addr;

use chrono::{DateTime, Utc};
use routeros::{Command, RouterApi};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;

use crate::error::server::ServiceResult;

/// One pool as stored on the NAS row (`nas.address_pools`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressPool {
    pub name: String,
    /// As the router prints it: `10.0.0.2-10.0.0.254,10.1.0.0/24`.
    pub ranges: String,
}

/// The inclusive IPv4 spans a `ranges` value covers. Parts that are not IPv4 (RouterOS 7
/// also has IPv6 pools) are ignored rather than refused: this is read from the router.
pub fn parse_ranges(ranges: &str) -> Vec<(Ipv4Addr, Ipv4Addr)> {
    ranges
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .filter_map(parse_span)
        .collect()
}

fn parse_span(part: &str) -> Option<(Ipv4Addr, Ipv4Addr)> {
    if let Some((from, to)) = part.split_once('-') {
        let (from, to): (Ipv4Addr, Ipv4Addr) = (from.trim().parse().ok()?, to.trim().parse().ok()?);
        return Some(if from <= to { (from, to) } else { (to, from) });
    }
    if let Some((net, len)) = part.split_once('/') {
        let net: Ipv4Addr = net.trim().parse().ok()?;
        let len: u32 = len.trim().parse().ok().filter(|l| *l <= 32)?;
        let mask = u32::MAX.checked_shl(32 - len).unwrap_or(0);
        let start = u32::from(net) & mask;
        return Some((Ipv4Addr::from(start), Ipv4Addr::from(start | !mask)));
    }
    let single: Ipv4Addr = part.parse().ok()?;
    Some((single, single))
}

/// The first pool whose ranges hold `ip`.
pub fn pool_holding(pools: &[AddressPool], ip: Ipv4Addr) -> Option<&AddressPool> {
    pools.iter().find(|pool| {
        parse_ranges(&pool.ranges)
            .iter()
            .any(|(from, to)| (*from..=*to).contains(&ip))
    })
}

/// Reads every pool from the router.
pub async fn read_pools(api: &dyn RouterApi) -> Result<Vec<AddressPool>, routeros::Error> {
    let reply = api
        .execute(Command::new("/ip/pool/print").proplist(&["name", "ranges"]))
        .await?;
    Ok(reply
        .rows
        .into_iter()
        .map(|row| AddressPool {
            name: row.get("name").unwrap_or_default().to_owned(),
            ranges: row.get("ranges").unwrap_or_default().to_owned(),
        })
        .collect())
}

pub async fn store(
    conn: &mut PgConnection,
    nas_id: i64,
    pools: &[AddressPool],
    at: DateTime<Utc>,
) -> ServiceResult<()> {
    sqlx::query!(
        "UPDATE nas SET address_pools = $2, pools_read_at = $3 WHERE id = $1",
        nas_id,
        serde_json::to_value(pools).unwrap_or_default(),
        at
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The pools last read from the router; empty when it was never reached.
pub async fn stored(conn: &mut PgConnection, nas_id: i64) -> ServiceResult<Vec<AddressPool>> {
    let value = sqlx::query_scalar!("SELECT address_pools FROM nas WHERE id = $1", nas_id)
        .fetch_optional(conn)
        .await?;
    Ok(value
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    #[test]
    fn ranges_read_as_routeros_prints_them() {
        assert_eq!(
            parse_ranges("10.0.0.2-10.0.0.254,10.1.0.0/24, 10.2.0.9"),
            vec![
                (ip("10.0.0.2"), ip("10.0.0.254")),
                (ip("10.1.0.0"), ip("10.1.0.255")),
                (ip("10.2.0.9"), ip("10.2.0.9")),
            ]
        );
        // A reversed range still means the same addresses; /0 and /32 are the extremes.
        assert_eq!(
            parse_ranges("10.0.0.9-10.0.0.3"),
            vec![(ip("10.0.0.3"), ip("10.0.0.9"))]
        );
        assert_eq!(
            parse_ranges("0.0.0.0/0"),
            vec![(ip("0.0.0.0"), ip("255.255.255.255"))]
        );
        assert_eq!(
            parse_ranges("192.0.2.7/32"),
            vec![(ip("192.0.2.7"), ip("192.0.2.7"))]
        );
        // A host address with a prefix covers its whole network, as RouterOS reads it.
        assert_eq!(
            parse_ranges("10.9.0.77/30"),
            vec![(ip("10.9.0.76"), ip("10.9.0.79"))]
        );
    }

    #[test]
    fn what_is_not_ipv4_is_ignored() {
        assert!(parse_ranges("").is_empty());
        assert!(parse_ranges("2001:db8::/64,garbage,10.0.0.1/33,-,10.0.0.1-").is_empty());
    }

    #[test]
    fn the_pool_holding_an_address_is_named() {
        let pools = vec![
            AddressPool {
                name: "pool-a".into(),
                ranges: "10.10.0.2-10.10.0.254".into(),
            },
            AddressPool {
                name: "pool-b".into(),
                ranges: "10.20.0.0/24".into(),
            },
        ];
        assert_eq!(
            pool_holding(&pools, ip("10.20.0.200")).map(|p| p.name.as_str()),
            Some("pool-b")
        );
        assert_eq!(
            pool_holding(&pools, ip("10.10.0.254")).map(|p| p.name.as_str()),
            Some("pool-a")
        );
        assert_eq!(pool_holding(&pools, ip("10.10.0.1")), None);
        assert_eq!(pool_holding(&pools, ip("203.0.113.9")), None);
    }
}
