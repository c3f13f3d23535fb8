//! Where the CMDB graph draws each CI: layers from upstream (top) to downstream (bottom),
//! siblings of one class and health under one parent collapsed into a "×N" box (iTop's
//! grouping), the order within each layer chosen to cross few links (barycenter sweeps),
//! and each box placed under the boxes it hangs from. Pure and deterministic, so the
//! browser recomputes it when a group is expanded and the server renders the same picture.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{GraphCi, Health, Neighbourhood};
use crate::cmdb::model::RelationKind;

/// Siblings of one class and health collapse into one box from this many on.
pub const GROUP_FROM: usize = 5;
pub const BOX_WIDTH: f64 = 172.0;
pub const BOX_HEIGHT: f64 = 50.0;
const GAP_X: f64 = 22.0;
const GAP_Y: f64 = 80.0;
const MARGIN: f64 = 20.0;
const STEP_X: f64 = BOX_WIDTH + GAP_X;

/// Siblings drawn as one box until expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Stable across layouts of the same neighbourhood: the parent's key, the direction,
    /// the class and the health. The page keeps the expanded keys.
    pub key: String,
    pub class: String,
    pub health: Health,
    /// Indexes into `Neighbourhood::cis`.
    pub members: Vec<usize>,
    pub open_incidents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoxKind {
    /// An index into `Neighbourhood::cis`.
    Ci(usize),
    Group(Group),
}

/// A box's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub kind: BoxKind,
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLink {
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub kind: RelationKind,
    /// How many relations the line stands for (into a group, one per member).
    pub count: usize,
    /// Between two boxes of one layer (a backup, or a dependency cycle).
    pub beside: bool,
}

impl PlacedLink {
    /// An SVG path: a vertical S-curve between layers, a straight line beside.
    pub fn path(&self) -> String {
        let ((x1, y1), (x2, y2)) = (self.from, self.to);
        if self.beside {
            format!("M{x1:.1},{y1:.1} L{x2:.1},{y2:.1}")
        } else {
            let mid = (y1 + y2) / 2.0;
            format!("M{x1:.1},{y1:.1} C{x1:.1},{mid:.1} {x2:.1},{mid:.1} {x2:.1},{y2:.1}")
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub boxes: Vec<Placed>,
    pub links: Vec<PlacedLink>,
}

/// Lays out `hood`, with the groups whose keys are in `expanded` shown CI by CI.
pub fn layout(hood: &Neighbourhood, expanded: &HashSet<String>) -> Layout {
    let index: HashMap<i64, usize> = hood
        .cis
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id, i))
        .collect();
    let parents = parents(hood, &index);
    let (units, unit_of) = units(hood, &parents, expanded);
    let edges = unit_edges(hood, &index, &unit_of);
    let levels: Vec<i8> = units.iter().map(|u| level_of(hood, u)).collect();
    let mut layers = initial_layers(hood, &units, &levels, &parents, &unit_of);
    order_layers(&mut layers, &edges, &levels);
    let xs = place(&layers, &edges, units.len());
    assemble(units, &levels, &layers, xs, edges)
}

/// For each CI, the CI one step nearer the root it hangs from (lowest id when several).
fn parents(hood: &Neighbourhood, index: &HashMap<i64, usize>) -> Vec<Option<usize>> {
    let mut parent: Vec<Option<usize>> = vec![None; hood.cis.len()];
    let mut offer = |child: usize, candidate: usize| {
        let better = parent[child].is_none_or(|p| hood.cis[candidate].id < hood.cis[p].id);
        if better {
            parent[child] = Some(candidate);
        }
    };
    for link in &hood.links {
        let (Some(&a), Some(&b)) = (index.get(&link.from), index.get(&link.to)) else {
            continue;
        };
        // A backup sits beside its partner and hangs from nothing.
        if let Some((up, _)) = link.upstream_downstream() {
            let (u, d) = if up == link.from { (a, b) } else { (b, a) };
            let (lu, ld) = (hood.cis[u].level, hood.cis[d].level);
            if lu >= 0 && ld == lu + 1 {
                offer(d, u);
            } else if ld <= 0 && lu == ld - 1 {
                offer(u, d);
            }
        }
    }
    parent
}

enum Unit {
    Ci(usize),
    Group(Group),
}

fn unit_key(hood: &Neighbourhood, unit: &Unit) -> String {
    match unit {
        Unit::Ci(i) => format!("c{}", hood.cis[*i].id),
        Unit::Group(g) => g.key.clone(),
    }
}

fn level_of(hood: &Neighbourhood, unit: &Unit) -> i8 {
    match unit {
        Unit::Ci(i) => hood.cis[*i].level,
        Unit::Group(g) => hood.cis[g.members[0]].level,
    }
}

/// The boxes: CIs nearest the root first, so a CI's parent already has its box when the
/// CI's siblings are bucketed under it.
fn units(
    hood: &Neighbourhood,
    parents: &[Option<usize>],
    expanded: &HashSet<String>,
) -> (Vec<Unit>, Vec<usize>) {
    let mut order: Vec<usize> = (0..hood.cis.len()).collect();
    order.sort_by_key(|&i| (hood.cis[i].level.unsigned_abs(), hood.cis[i].level, i));
    let mut units: Vec<Unit> = Vec::new();
    let mut unit_of = vec![usize::MAX; hood.cis.len()];
    let mut start = 0;
    while start < order.len() {
        let level = hood.cis[order[start]].level;
        let end = start
            + order[start..]
                .iter()
                .take_while(|&&i| hood.cis[i].level == level)
                .count();
        // Buckets of siblings, in a stable order.
        let mut buckets: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &i in &order[start..end] {
            let ci = &hood.cis[i];
            let parent = match parents[i] {
                Some(p) if level != 0 && unit_of[p] != usize::MAX => {
                    unit_key(hood, &units[unit_of[p]])
                }
                _ => format!("solo{}", ci.id),
            };
            let direction = if level < 0 { '<' } else { '>' };
            let key = format!("{parent}{direction}{}:{}", ci.class, ci.health.code());
            buckets.entry(key).or_default().push(i);
        }
        for (key, members) in buckets {
            if members.len() >= GROUP_FROM && !expanded.contains(&key) {
                let first = &hood.cis[members[0]];
                let group = Group {
                    class: first.class.clone(),
                    health: first.health,
                    open_incidents: members.iter().map(|&i| hood.cis[i].open_incidents).sum(),
                    key,
                    members,
                };
                for &i in &group.members {
                    unit_of[i] = units.len();
                }
                units.push(Unit::Group(group));
            } else {
                for i in members {
                    unit_of[i] = units.len();
                    units.push(Unit::Ci(i));
                }
            }
        }
        start = end;
    }
    (units, unit_of)
}

/// Links between boxes: (box a, box b, kind) → how many relations, upstream box first.
type UnitEdges = BTreeMap<(usize, usize, RelationKind), usize>;

fn unit_edges(hood: &Neighbourhood, index: &HashMap<i64, usize>, unit_of: &[usize]) -> UnitEdges {
    let mut edges = UnitEdges::new();
    for link in &hood.links {
        let (up, down) = link.upstream_downstream().unwrap_or((link.from, link.to));
        let (Some(&a), Some(&b)) = (index.get(&up), index.get(&down)) else {
            continue;
        };
        let (ua, ub) = (unit_of[a], unit_of[b]);
        if ua != ub {
            *edges.entry((ua, ub, link.kind)).or_default() += 1;
        }
    }
    edges
}

/// Boxes per level, each layer first ordered by its parents' order, then class and code.
fn initial_layers(
    hood: &Neighbourhood,
    units: &[Unit],
    levels: &[i8],
    parents: &[Option<usize>],
    unit_of: &[usize],
) -> BTreeMap<i8, Vec<usize>> {
    let mut layers: BTreeMap<i8, Vec<usize>> = BTreeMap::new();
    for (u, level) in levels.iter().enumerate() {
        layers.entry(*level).or_default().push(u);
    }
    let first_ci = |u: usize| match &units[u] {
        Unit::Ci(i) => *i,
        Unit::Group(g) => g.members[0],
    };
    let mut position = vec![0usize; units.len()];
    let mut outward: Vec<i8> = layers.keys().copied().collect();
    outward.sort_by_key(|l| (l.unsigned_abs(), *l));
    for level in outward {
        let Some(layer) = layers.get_mut(&level) else {
            continue;
        };
        layer.sort_by_key(|&u| {
            let ci = first_ci(u);
            let parent_position = parents[ci].map_or(0, |p| position[unit_of[p]]);
            let not_root = hood.cis[ci].id != hood.root;
            (
                not_root,
                parent_position,
                hood.cis[ci].class.clone(),
                hood.cis[ci].code.clone(),
            )
        });
        for (p, &u) in layer.iter().enumerate() {
            position[u] = p;
        }
    }
    layers
}

/// Reorders layers by the mean position of each box's neighbours in the layer nearer the
/// root, then farther from it, then nearer again; boxes without such neighbours keep their
/// place.
fn order_layers(layers: &mut BTreeMap<i8, Vec<usize>>, edges: &UnitEdges, levels: &[i8]) {
    let mut neighbours: HashMap<usize, Vec<usize>> = HashMap::new();
    for &(a, b, _) in edges.keys() {
        neighbours.entry(a).or_default().push(b);
        neighbours.entry(b).or_default().push(a);
    }
    let mut keys: Vec<i8> = layers.keys().copied().collect();
    keys.sort_by_key(|l| (l.unsigned_abs(), *l));
    let mut position: HashMap<usize, f64> = HashMap::new();
    for layer in layers.values() {
        for (p, &u) in layer.iter().enumerate() {
            position.insert(u, p as f64);
        }
    }
    let nearer = |level: i8| if level > 0 { level - 1 } else { level + 1 };
    let farther = |level: i8| if level > 0 { level + 1 } else { level - 1 };
    for pass in 0..3 {
        let towards_root = pass == 1;
        let order: Vec<i8> = if towards_root {
            keys.iter().rev().copied().collect()
        } else {
            keys.clone()
        };
        for level in order {
            if level == 0 {
                continue;
            }
            let other = if towards_root {
                farther(level)
            } else {
                nearer(level)
            };
            let Some(layer) = layers.get_mut(&level) else {
                continue;
            };
            let mut keyed: Vec<(f64, usize)> = layer
                .iter()
                .map(|&u| {
                    let around: Vec<f64> = neighbours
                        .get(&u)
                        .into_iter()
                        .flatten()
                        .filter(|&&n| levels[n] == other)
                        .map(|n| position[n])
                        .collect();
                    let here = position[&u];
                    let centre = if around.is_empty() {
                        here
                    } else {
                        around.iter().sum::<f64>() / around.len() as f64
                    };
                    (centre, u)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            *layer = keyed.into_iter().map(|(_, u)| u).collect();
            for (p, &u) in layer.iter().enumerate() {
                position.insert(u, p as f64);
            }
        }
    }
}

/// The x of each box's centre: the root's layer centred on 0, every other layer laid out
/// under (or over) the boxes it links to nearer the root, without overlaps.
fn place(layers: &BTreeMap<i8, Vec<usize>>, edges: &UnitEdges, unit_count: usize) -> Vec<f64> {
    let mut toward_root: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut levels = vec![0i8; unit_count];
    for (level, layer) in layers {
        for &u in layer {
            levels[u] = *level;
        }
    }
    for &(a, b, _) in edges.keys() {
        if levels[a].unsigned_abs() < levels[b].unsigned_abs() {
            toward_root.entry(b).or_default().push(a);
        } else if levels[b].unsigned_abs() < levels[a].unsigned_abs() {
            toward_root.entry(a).or_default().push(b);
        }
    }
    let mut xs = vec![0.0; unit_count];
    let mut keys: Vec<i8> = layers.keys().copied().collect();
    keys.sort_by_key(|l| (l.unsigned_abs(), *l));
    for level in keys {
        let layer = &layers[&level];
        let wanted: Vec<f64> = layer
            .iter()
            .enumerate()
            .map(|(p, u)| match toward_root.get(u) {
                Some(near) if level != 0 => {
                    near.iter().map(|n| xs[*n]).sum::<f64>() / near.len() as f64
                }
                _ => (p as f64 - (layer.len() as f64 - 1.0) / 2.0) * STEP_X,
            })
            .collect();
        let mut placed = Vec::with_capacity(layer.len());
        for want in &wanted {
            let x = match placed.last() {
                Some(&prev) => f64::max(*want, prev + STEP_X),
                None => *want,
            };
            placed.push(x);
        }
        // Pushing right only drifts the layer; shift it back so it sits, on average, where
        // its boxes wanted to be.
        let drift =
            placed.iter().zip(&wanted).map(|(x, w)| x - w).sum::<f64>() / placed.len() as f64;
        for (&u, x) in layer.iter().zip(placed) {
            xs[u] = x - drift;
        }
    }
    xs
}

fn assemble(
    units: Vec<Unit>,
    levels: &[i8],
    layers: &BTreeMap<i8, Vec<usize>>,
    xs: Vec<f64>,
    edges: UnitEdges,
) -> Layout {
    if units.is_empty() {
        return Layout::default();
    }
    let top = *layers.keys().next().unwrap_or(&0);
    let bottom = *layers.keys().next_back().unwrap_or(&0);
    let left = xs.iter().copied().fold(f64::INFINITY, f64::min) - BOX_WIDTH / 2.0;
    let right = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max) + BOX_WIDTH / 2.0;
    let x_of = |u: usize| xs[u] - left + MARGIN - BOX_WIDTH / 2.0;
    let y_of = |u: usize| f64::from(levels[u] - top) * (BOX_HEIGHT + GAP_Y) + MARGIN;
    let links = edges
        .into_iter()
        .map(|(key, count)| link_between(key, count, &x_of, &y_of))
        .collect();
    let boxes = units
        .into_iter()
        .enumerate()
        .map(|(u, unit)| Placed {
            x: x_of(u),
            y: y_of(u),
            kind: match unit {
                Unit::Ci(i) => BoxKind::Ci(i),
                Unit::Group(g) => BoxKind::Group(g),
            },
        })
        .collect();
    let layer_count = f64::from(bottom - top) + 1.0;
    Layout {
        width: right - left + 2.0 * MARGIN,
        height: layer_count * (BOX_HEIGHT + GAP_Y) - GAP_Y + 2.0 * MARGIN,
        boxes,
        links,
    }
}

fn link_between(
    (a, b, kind): (usize, usize, RelationKind),
    count: usize,
    x_of: &impl Fn(usize) -> f64,
    y_of: &impl Fn(usize) -> f64,
) -> PlacedLink {
    let (ya, yb) = (y_of(a), y_of(b));
    let centre = |u: usize| x_of(u) + BOX_WIDTH / 2.0;
    if (ya - yb).abs() < f64::EPSILON {
        let (left, right) = if x_of(a) < x_of(b) { (a, b) } else { (b, a) };
        let y = ya + BOX_HEIGHT / 2.0;
        return PlacedLink {
            from: (x_of(left) + BOX_WIDTH, y),
            to: (x_of(right), y),
            kind,
            count,
            beside: true,
        };
    }
    let (upper, lower) = if ya < yb { (a, b) } else { (b, a) };
    PlacedLink {
        from: (centre(upper), y_of(upper) + BOX_HEIGHT),
        to: (centre(lower), y_of(lower)),
        kind,
        count,
        beside: false,
    }
}

impl GraphCi {
    /// The text of a CI's box: its code, shortened to fit.
    pub fn short_code(&self) -> String {
        shorten(&self.code, 22)
    }

    pub fn short_name(&self) -> String {
        shorten(&self.name, 26)
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmdb::model::graph::GraphLink;
    use crate::cmdb::model::Lifecycle;

    fn ci(id: i64, class: &str, level: i8, health: Health) -> GraphCi {
        GraphCi {
            id,
            class: class.into(),
            code: format!("{}-{id}", class.to_uppercase()),
            name: format!("{class} {id}"),
            lifecycle: Lifecycle::Active,
            health,
            open_incidents: id % 2,
            level,
        }
    }

    fn feeds(from: i64, to: i64) -> GraphLink {
        GraphLink {
            from,
            to,
            kind: RelationKind::Feeds,
            from_port: None,
        }
    }

    /// ODC 1 above ODP 2; ONTs 100.. on the ODP, each feeding premise 200..; the first
    /// `affected` ONTs and their premises are cut off.
    fn odp(onts: i64, affected: i64) -> Neighbourhood {
        let mut cis = vec![
            ci(2, "odp", 0, Health::Normal),
            ci(1, "odc", -1, Health::Normal),
        ];
        let mut links = vec![feeds(1, 2)];
        for n in 0..onts {
            let health = if n < affected {
                Health::Affected
            } else {
                Health::Normal
            };
            cis.push(ci(100 + n, "ont", 1, health));
            cis.push(ci(200 + n, "premise", 2, health));
            links.push(feeds(2, 100 + n));
            links.push(feeds(100 + n, 200 + n));
        }
        Neighbourhood {
            root: 2,
            up: 1,
            down: 2,
            cis,
            links,
            ..Neighbourhood::default()
        }
    }

    fn groups(layout: &Layout) -> Vec<(String, usize)> {
        let mut found: Vec<(String, usize)> = layout
            .boxes
            .iter()
            .filter_map(|b| match &b.kind {
                BoxKind::Group(g) => {
                    Some((format!("{}:{}", g.class, g.health.code()), g.members.len()))
                }
                BoxKind::Ci(_) => None,
            })
            .collect();
        found.sort();
        found
    }

    #[test]
    fn many_siblings_collapse_and_what_hangs_below_them_too() {
        let hood = odp(12, 0);
        let drawn = layout(&hood, &HashSet::new());
        assert_eq!(
            groups(&drawn),
            vec![("ont:normal".into(), 12), ("premise:normal".into(), 12)]
        );
        // ODC, ODP, one ONT box, one premise box.
        assert_eq!(drawn.boxes.len(), 4);
        // The ODP → ONT box line stands for twelve relations.
        assert!(drawn.links.iter().any(|l| l.count == 12));
    }

    #[test]
    fn expanding_a_group_shows_its_members_and_their_children() {
        let hood = odp(12, 0);
        let collapsed = layout(&hood, &HashSet::new());
        let key = collapsed
            .boxes
            .iter()
            .find_map(|b| match &b.kind {
                BoxKind::Group(g) if g.class == "ont" => Some(g.key.clone()),
                _ => None,
            })
            .expect("an ONT group");
        let drawn = layout(&hood, &HashSet::from([key]));
        assert!(groups(&drawn).is_empty());
        assert_eq!(drawn.boxes.len(), 2 + 12 + 12);
        assert_eq!(drawn.links.len(), 1 + 12 + 12);
    }

    #[test]
    fn siblings_in_another_state_are_not_hidden_in_the_group() {
        // Three cut-off ONTs stay in sight beside the group of nine.
        let drawn = layout(&odp(12, 3), &HashSet::new());
        assert_eq!(
            groups(&drawn),
            vec![("ont:normal".into(), 9), ("premise:normal".into(), 9)]
        );
        assert_eq!(drawn.boxes.len(), 2 + 1 + 3 + 1 + 3);
    }

    #[test]
    fn few_siblings_stay_single() {
        let drawn = layout(&odp(GROUP_FROM as i64 - 1, 0), &HashSet::new());
        assert!(groups(&drawn).is_empty());
    }

    #[test]
    fn layers_run_top_down_without_overlaps() {
        let hood = odp(30, 3);
        let all: HashSet<String> = HashSet::new();
        let drawn = layout(&hood, &all);
        let y_of = |id: i64| {
            drawn
                .boxes
                .iter()
                .find(|b| matches!(b.kind, BoxKind::Ci(i) if hood.cis[i].id == id))
                .map(|b| b.y)
                .expect("drawn")
        };
        assert!(y_of(1) < y_of(2), "the ODC is above the ODP");
        assert!(y_of(2) < y_of(100), "the ODP is above its ONTs");
        for (i, a) in drawn.boxes.iter().enumerate() {
            for b in &drawn.boxes[i + 1..] {
                let apart = (a.x - b.x).abs() >= BOX_WIDTH || (a.y - b.y).abs() >= BOX_HEIGHT;
                assert!(apart, "boxes overlap: {a:?} {b:?}");
            }
            assert!(a.x >= 0.0 && a.x + BOX_WIDTH <= drawn.width + 0.001);
            assert!(a.y >= 0.0 && a.y + BOX_HEIGHT <= drawn.height + 0.001);
        }
        for link in &drawn.links {
            assert!(link.from.1 < link.to.1 || link.beside);
        }
    }

    #[test]
    fn a_backup_sits_beside_its_partner() {
        // Router 1 (root) fed by uplink 2, which uplink 3 backs up.
        let hood = Neighbourhood {
            root: 1,
            cis: vec![
                ci(1, "nas", 0, Health::Up),
                ci(2, "link", -1, Health::Normal),
                ci(3, "link", -1, Health::Normal),
            ],
            links: vec![
                feeds(2, 1),
                GraphLink {
                    from: 3,
                    to: 2,
                    kind: RelationKind::BackupOf,
                    from_port: None,
                },
            ],
            ..Neighbourhood::default()
        };
        let drawn = layout(&hood, &HashSet::new());
        let beside: Vec<&PlacedLink> = drawn.links.iter().filter(|l| l.beside).collect();
        assert_eq!(beside.len(), 1);
        assert!(beside[0].path().contains('L'));
    }

    #[test]
    fn the_same_neighbourhood_draws_the_same_picture() {
        let hood = odp(40, 11);
        assert_eq!(
            layout(&hood, &HashSet::new()),
            layout(&hood, &HashSet::new())
        );
        assert_eq!(
            layout(&Neighbourhood::default(), &HashSet::new()),
            Layout::default()
        );
    }

    #[test]
    fn long_codes_are_shortened_on_a_character_boundary() {
        let mut long = ci(1, "ont", 0, Health::Normal);
        long.code = "ÖNT-ÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄÄ".into();
        assert_eq!(long.short_code().chars().count(), 22);
        assert!(long.short_code().ends_with('…'));
    }
}
