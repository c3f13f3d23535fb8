//! From what is known of each router (its pools, its prefixes, the addresses its lines
//! hold) to usage and conflicts. Pure, so every rule has a unit test.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use crate::ipam::model::{
    AddressSource, Assignment, Conflict, ConflictKind, LineRef, PoolUse, PrefixUse, RouterIpam,
    Usage,
};
use crate::nas::server::pools::{parse_ranges, AddressPool};

/// A prefix as stored: id, `a.b.c.d/n`, description.
pub type StoredPrefix = (i64, String, String);

/// What one router's analysis starts from.
pub struct RouterFacts {
    pub nas_id: i64,
    pub name: String,
    pub pools_read_at: Option<chrono::DateTime<chrono::Utc>>,
    pub pools: Vec<AddressPool>,
    pub prefixes: Vec<StoredPrefix>,
    /// Fixed addresses and session addresses; a line's session on its own fixed address
    /// counts once, as fixed.
    pub assignments: Vec<Assignment>,
    pub sessions_read: bool,
}

type Span = (Ipv4Addr, Ipv4Addr);

fn holds(spans: &[Span], ip: Ipv4Addr) -> bool {
    spans.iter().any(|(from, to)| (*from..=*to).contains(&ip))
}

fn overlap(a: &[Span], b: &[Span]) -> bool {
    a.iter()
        .any(|(a0, a1)| b.iter().any(|(b0, b1)| a0 <= b1 && b0 <= a1))
}

/// Distinct addresses in the spans (overlapping parts of one pool count once).
fn size(spans: &[Span]) -> u64 {
    let mut sorted: Vec<(u32, u32)> = spans
        .iter()
        .map(|(a, b)| (u32::from(*a), u32::from(*b)))
        .collect();
    sorted.sort_unstable();
    let mut total = 0u64;
    let mut reach: Option<u32> = None;
    for (from, to) in sorted {
        let start = match reach {
            Some(r) if r >= to => continue,
            Some(r) if r >= from => r + 1,
            _ => from,
        };
        total += u64::from(to - start) + 1;
        reach = Some(to);
    }
    total
}

fn usage(spans: &[Span], addresses: &BTreeSet<Ipv4Addr>) -> Usage {
    Usage {
        used: addresses.iter().filter(|ip| holds(spans, **ip)).count() as u64,
        size: size(spans),
    }
}

/// Keeps one entry per line and address: the fixed one when a session uses it.
fn dedupe(assignments: Vec<Assignment>) -> Vec<Assignment> {
    let mut kept: BTreeMap<(Ipv4Addr, i64), Assignment> = BTreeMap::new();
    for a in assignments {
        let key = (a.address, a.subscription_id);
        match kept.get(&key) {
            Some(existing) if existing.source == AddressSource::Static => {}
            _ => {
                kept.insert(key, a);
            }
        }
    }
    kept.into_values().collect()
}

pub fn analyse(facts: RouterFacts, conflicts: &mut Vec<Conflict>) -> RouterIpam {
    let pools: Vec<(&AddressPool, Vec<Span>)> = facts
        .pools
        .iter()
        .map(|p| (p, parse_ranges(&p.ranges)))
        .collect();
    let prefixes: Vec<(&StoredPrefix, Vec<Span>)> = facts
        .prefixes
        .iter()
        .map(|p| (p, parse_ranges(&p.1)))
        .collect();
    let mut assignments = dedupe(facts.assignments);
    for a in &mut assignments {
        a.pool = pools
            .iter()
            .find(|(_, spans)| holds(spans, a.address))
            .map(|(p, _)| p.name.clone());
    }
    let addresses: BTreeSet<Ipv4Addr> = assignments.iter().map(|a| a.address).collect();
    let conflict = |kind, address, lines: Vec<LineRef>, blocks: Vec<String>| Conflict {
        kind,
        nas_id: facts.nas_id,
        nas_name: facts.name.clone(),
        address,
        lines,
        blocks,
    };
    let line = |a: &Assignment| LineRef {
        subscription_id: a.subscription_id,
        username: a.username.clone(),
    };

    let mut by_address: BTreeMap<Ipv4Addr, Vec<&Assignment>> = BTreeMap::new();
    for a in &assignments {
        by_address.entry(a.address).or_default().push(a);
    }
    for (address, holders) in &by_address {
        if holders.len() > 1 {
            conflicts.push(conflict(
                ConflictKind::SharedAddress,
                Some(*address),
                holders.iter().map(|a| line(a)).collect(),
                Vec::new(),
            ));
        }
    }
    // Whether an address is "outside" can only be judged once something is known of
    // where addresses should be: pools read from the router, or prefixes recorded.
    let judged = !pools.is_empty() || !prefixes.is_empty();
    for a in &assignments {
        let in_prefix = prefixes.iter().any(|(_, spans)| holds(spans, a.address));
        match (a.source, &a.pool) {
            (AddressSource::Static, Some(pool)) => conflicts.push(conflict(
                ConflictKind::StaticInPool,
                Some(a.address),
                vec![line(a)],
                vec![pool.clone()],
            )),
            (AddressSource::Static, None) if !prefixes.is_empty() && !in_prefix => {
                conflicts.push(conflict(
                    ConflictKind::OutsidePools,
                    Some(a.address),
                    vec![line(a)],
                    Vec::new(),
                ))
            }
            (AddressSource::Session, None) if judged && !in_prefix => conflicts.push(conflict(
                ConflictKind::OutsidePools,
                Some(a.address),
                vec![line(a)],
                Vec::new(),
            )),
            _ => {}
        }
    }
    for (i, (a, a_spans)) in pools.iter().enumerate() {
        for (b, b_spans) in &pools[i + 1..] {
            if overlap(a_spans, b_spans) {
                conflicts.push(conflict(
                    ConflictKind::PoolsOverlap,
                    None,
                    Vec::new(),
                    vec![a.name.clone(), b.name.clone()],
                ));
            }
        }
    }
    for (i, (a, a_spans)) in prefixes.iter().enumerate() {
        for (b, b_spans) in &prefixes[i + 1..] {
            if overlap(a_spans, b_spans) {
                conflicts.push(conflict(
                    ConflictKind::PrefixesOverlap,
                    None,
                    Vec::new(),
                    vec![a.1.clone(), b.1.clone()],
                ));
            }
        }
    }
    RouterIpam {
        nas_id: facts.nas_id,
        name: facts.name,
        pools_read_at: facts.pools_read_at,
        pools: pools
            .iter()
            .map(|(p, spans)| PoolUse {
                name: p.name.clone(),
                ranges: p.ranges.clone(),
                usage: usage(spans, &addresses),
            })
            .collect(),
        prefixes: prefixes
            .iter()
            .map(|(p, spans)| PrefixUse {
                id: p.0,
                prefix: p.1.clone(),
                description: p.2.clone(),
                usage: usage(spans, &addresses),
            })
            .collect(),
        assignments,
        sessions_read: facts.sessions_read,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    fn held(address: &str, line: i64, source: AddressSource) -> Assignment {
        Assignment {
            address: ip(address),
            subscription_id: line,
            username: format!("line{line}"),
            customer_name: String::new(),
            source,
            pool: None,
        }
    }

    fn router(
        pools: &[(&str, &str)],
        prefixes: &[&str],
        assignments: Vec<Assignment>,
    ) -> RouterFacts {
        RouterFacts {
            nas_id: 7,
            name: "NAS Uji".into(),
            pools_read_at: None,
            pools: pools
                .iter()
                .map(|(name, ranges)| AddressPool {
                    name: (*name).into(),
                    ranges: (*ranges).into(),
                })
                .collect(),
            prefixes: prefixes
                .iter()
                .enumerate()
                .map(|(i, p)| (i as i64 + 1, (*p).into(), String::new()))
                .collect(),
            assignments,
            sessions_read: true,
        }
    }

    #[test]
    fn usage_counts_distinct_addresses_in_each_block() {
        use AddressSource::*;
        let mut conflicts = Vec::new();
        let view = analyse(
            router(
                &[
                    ("pppoe", "10.1.1.2-10.1.1.254"),
                    ("isolir", "10.1.250.0/24"),
                ],
                &["10.1.0.0/16"],
                vec![
                    held("10.1.1.2", 1, Session),
                    held("10.1.1.3", 2, Session),
                    held("10.1.250.9", 3, Session),
                    // A fixed line online on its own address counts once, as fixed.
                    held("10.1.100.5", 4, Static),
                    held("10.1.100.5", 4, Session),
                ],
            ),
            &mut conflicts,
        );
        assert_eq!(view.pools[0].usage, Usage { used: 2, size: 253 });
        assert_eq!(view.pools[1].usage, Usage { used: 1, size: 256 });
        assert_eq!(
            view.prefixes[0].usage,
            Usage {
                used: 4,
                size: 65_536
            }
        );
        assert_eq!(view.assignments.len(), 4);
        assert_eq!(view.assignments[0].pool.as_deref(), Some("pppoe"));
        assert!(conflicts.is_empty(), "{conflicts:?}");
    }

    #[test]
    fn conflicts_name_the_lines_and_blocks() {
        use AddressSource::*;
        let mut conflicts = Vec::new();
        analyse(
            router(
                &[
                    ("pppoe", "10.1.1.2-10.1.1.254"),
                    ("extra", "10.1.1.200-10.1.2.10"),
                ],
                &["10.1.0.0/16", "10.1.1.0/24", "192.0.2.0/29"],
                vec![
                    // The router handed a fixed line's address to someone else.
                    held("10.1.1.50", 1, Static),
                    held("10.1.1.50", 2, Session),
                    // An address from nowhere the ISP knows.
                    held("172.16.0.9", 3, Session),
                    // A fixed public address outside every prefix.
                    held("203.0.113.7", 4, Static),
                ],
            ),
            &mut conflicts,
        );
        let kinds: Vec<ConflictKind> = conflicts.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            vec![
                ConflictKind::SharedAddress,
                ConflictKind::StaticInPool,
                ConflictKind::OutsidePools,
                ConflictKind::OutsidePools,
                ConflictKind::PoolsOverlap,
                ConflictKind::PrefixesOverlap,
            ]
        );
        assert_eq!(conflicts[0].lines.len(), 2);
        assert_eq!(conflicts[1].blocks, vec!["pppoe".to_string()]);
        assert_eq!(conflicts[2].address, Some(ip("172.16.0.9")));
        assert_eq!(
            conflicts[4].blocks,
            vec!["pppoe".to_string(), "extra".to_string()]
        );
        assert_eq!(
            conflicts[5].blocks,
            vec!["10.1.0.0/16".to_string(), "10.1.1.0/24".to_string()]
        );
        assert!(conflicts.iter().all(|c| c.nas_id == 7));
    }

    #[test]
    fn nothing_is_outside_while_nothing_is_known_of_the_router() {
        let mut conflicts = Vec::new();
        analyse(
            router(
                &[],
                &[],
                vec![held("172.16.0.9", 3, AddressSource::Session)],
            ),
            &mut conflicts,
        );
        assert!(conflicts.is_empty());
    }

    #[test]
    fn overlapping_parts_of_one_pool_count_once() {
        let spans = parse_ranges("10.0.0.1-10.0.0.10,10.0.0.5-10.0.0.20,10.0.0.20");
        assert_eq!(size(&spans), 20);
    }
}
