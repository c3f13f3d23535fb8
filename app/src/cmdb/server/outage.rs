//! Which CIs fail when one fails: pure logic over the relations impact analysis loaded.
//!
//! A CI fails when anything it depends on or is hosted on fails, or when every CI that
//! feeds it is down. A feeder with a backup counts as down only when its backups are down
//! too. Starting from the failed CI alone and adding failures until nothing changes gives
//! the least set that is consistent with those rules, so a cycle of dependencies that
//! nothing outside breaks stays up instead of failing itself.

use std::collections::{HashMap, HashSet, VecDeque};

/// One relation along which failure can travel, `upstream` → `downstream`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub upstream: i64,
    pub downstream: i64,
    /// Feeds (one of several supplies) rather than a hard need (depends on, hosted on).
    pub feed: bool,
}

/// `backup` carries what `primary` carries when `primary` is down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backup {
    pub backup: i64,
    pub primary: i64,
}

/// The relations along which failure travels, indexed both ways; built once and asked
/// many times (the topology cache keeps one for the whole plant).
#[derive(Debug, Default)]
pub struct Graph {
    below: HashMap<i64, Vec<i64>>,
    above: HashMap<i64, Vec<Edge>>,
    backups_of: HashMap<i64, Vec<i64>>,
    backed_up_by: HashMap<i64, Vec<i64>>,
}

impl Graph {
    pub fn new(edges: &[Edge], backups: &[Backup]) -> Graph {
        let mut graph = Graph::default();
        for edge in edges {
            graph
                .below
                .entry(edge.upstream)
                .or_default()
                .push(edge.downstream);
            graph.above.entry(edge.downstream).or_default().push(*edge);
        }
        for b in backups {
            graph
                .backups_of
                .entry(b.primary)
                .or_default()
                .push(b.backup);
            graph
                .backed_up_by
                .entry(b.backup)
                .or_default()
                .push(b.primary);
        }
        graph
    }

    /// Every CI below `root` along the relations (cycles end), `root` included.
    pub fn below(&self, root: i64) -> HashSet<i64> {
        let mut seen = HashSet::from([root]);
        let mut queue = VecDeque::from([root]);
        while let Some(ci) = queue.pop_front() {
            for next in self.below.get(&ci).into_iter().flatten() {
                if seen.insert(*next) {
                    queue.push_back(*next);
                }
            }
        }
        seen
    }

    /// The failed set when `root` fails, `root` included.
    pub fn affected(&self, root: i64) -> HashSet<i64> {
        let mut failed = HashSet::from([root]);
        let mut queue = VecDeque::from([root]);
        while let Some(down) = queue.pop_front() {
            // What hangs below the failed CI, and below every primary it was a backup for.
            let backed = self.backed_up_by.get(&down).into_iter().flatten();
            let touched =
                self.below.get(&down).into_iter().flatten().chain(
                    backed.flat_map(|primary| self.below.get(primary).into_iter().flatten()),
                );
            for &candidate in touched {
                if failed.contains(&candidate) {
                    continue;
                }
                let supplies = self
                    .above
                    .get(&candidate)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                if fails(supplies, &failed, &self.backups_of) {
                    failed.insert(candidate);
                    queue.push_back(candidate);
                }
            }
        }
        failed
    }
}

/// The failed set, `root` included.
pub fn affected(root: i64, edges: &[Edge], backups: &[Backup]) -> HashSet<i64> {
    Graph::new(edges, backups).affected(root)
}

fn fails(supplies: &[Edge], failed: &HashSet<i64>, backups_of: &HashMap<i64, Vec<i64>>) -> bool {
    let is_down = |ci: i64| {
        failed.contains(&ci)
            && backups_of
                .get(&ci)
                .is_none_or(|backups| backups.iter().all(|b| failed.contains(b)))
    };
    let need_down = supplies.iter().any(|e| !e.feed && is_down(e.upstream));
    let mut feeders = supplies.iter().filter(|e| e.feed).peekable();
    let has_feeders = feeders.peek().is_some();
    need_down || (has_feeders && feeders.all(|e| is_down(e.upstream)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(upstream: i64, downstream: i64) -> Edge {
        Edge {
            upstream,
            downstream,
            feed: true,
        }
    }

    fn need(upstream: i64, downstream: i64) -> Edge {
        Edge {
            upstream,
            downstream,
            feed: false,
        }
    }

    fn set(ids: &[i64]) -> HashSet<i64> {
        ids.iter().copied().collect()
    }

    #[test]
    fn a_chain_fails_below_the_failure() {
        // OLT 1 → ODC 2 → ODP 3 → ONT 4 → premise 5
        let edges = [feed(1, 2), feed(2, 3), feed(3, 4), feed(4, 5)];
        assert_eq!(affected(2, &edges, &[]), set(&[2, 3, 4, 5]));
        assert_eq!(affected(5, &edges, &[]), set(&[5]));
        assert_eq!(Graph::new(&edges, &[]).below(3), set(&[3, 4, 5]));
    }

    #[test]
    fn a_second_feed_keeps_a_ci_up_until_both_fail() {
        // Two uplinks 1 and 2 both feed router 3, which feeds 4.
        let edges = [feed(1, 3), feed(2, 3), feed(3, 4)];
        assert_eq!(affected(1, &edges, &[]), set(&[1]));
    }

    #[test]
    fn a_backup_keeps_what_its_primary_feeds() {
        // Uplink 1 feeds router 3; uplink 2 is its backup. Router 3 needs server 6.
        let edges = [feed(1, 3), feed(3, 4), need(6, 3)];
        let backups = [Backup {
            backup: 2,
            primary: 1,
        }];
        assert_eq!(affected(1, &edges, &backups), set(&[1]));
        // The backup alone failing harms nothing while the primary is up.
        assert_eq!(affected(2, &edges, &backups), set(&[2]));
        // A hard need has no backup: the server takes the router down.
        assert_eq!(affected(6, &edges, &backups), set(&[6, 3, 4]));
    }

    #[test]
    fn dependency_cycles_end_and_stay_up_unless_broken_from_outside() {
        // 2 and 3 depend on each other; 1 feeds 2.
        let edges = [need(2, 3), need(3, 2), feed(1, 2)];
        assert_eq!(affected(1, &edges, &[]), set(&[1, 2, 3]));
        assert_eq!(affected(9, &edges, &[]), set(&[9]));
        assert_eq!(affected(3, &edges, &[]), set(&[3, 2]));
    }
}
