//! The CMDB graph at the size of one OLT's plant (2,209 CIs five levels down): the
//! neighbourhood read from the database, and the layout the browser computes, grouped as
//! the page opens and with every group expanded.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use app::cmdb::model::graph::layout::{layout, BoxKind, Layout};
use app::cmdb::model::graph::Neighbourhood;
use app::cmdb::server::graph;
use sqlx::PgPool;

use super::support::{median, BoxError};

pub struct GraphFigures {
    pub cis: usize,
    pub read: Duration,
    pub grouped: Duration,
    pub grouped_boxes: usize,
    pub expanded: Duration,
    pub expanded_boxes: usize,
}

pub async fn measure(pool: &PgPool, olt: i64, runs: usize) -> Result<GraphFigures, BoxError> {
    let mut reads = Vec::new();
    let mut hood = Neighbourhood::default();
    for _ in 0..=runs {
        let started = Instant::now();
        let mut conn = pool.acquire().await?;
        // The database part of `graph::neighbourhood`; the bench's routers do not exist,
        // so no sessions are asked for (the lines show as unknown).
        let reach = graph::reach(&mut conn, olt, 1, 5).await?;
        hood = graph::describe(&mut conn, olt, 1, 5, reach, &Default::default()).await?;
        reads.push(started.elapsed());
    }
    reads.remove(0);
    let none = HashSet::new();
    let (grouped, grouped_layout) = time_layout(&hood, &none, runs);
    let all = every_group(&hood);
    let (expanded, expanded_layout) = time_layout(&hood, &all, runs);
    Ok(GraphFigures {
        cis: hood.cis.len(),
        read: median(reads),
        grouped,
        grouped_boxes: grouped_layout.boxes.len(),
        expanded,
        expanded_boxes: expanded_layout.boxes.len(),
    })
}

fn time_layout(
    hood: &Neighbourhood,
    expanded: &HashSet<String>,
    runs: usize,
) -> (Duration, Layout) {
    let mut last = layout(hood, expanded);
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        last = layout(hood, expanded);
        samples.push(started.elapsed());
    }
    (median(samples), last)
}

/// The keys of every group, nested ones included (expanding a group can reveal groups
/// below it), as a user clicking every ×N box would end up with.
fn every_group(hood: &Neighbourhood) -> HashSet<String> {
    let mut keys = HashSet::new();
    loop {
        let found: Vec<String> = layout(hood, &keys)
            .boxes
            .into_iter()
            .filter_map(|b| match b.kind {
                BoxKind::Group(g) => Some(g.key),
                BoxKind::Ci(_) => None,
            })
            .collect();
        if found.is_empty() {
            return keys;
        }
        keys.extend(found);
    }
}
