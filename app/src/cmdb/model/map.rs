//! The network map: the plant's placed CIs by layer, coloured by what matters on site (an
//! ODP's port occupancy, a premise's line state), the cables between them, and the
//! background the operator configured. Pure types and rules; the query is in
//! `server/map.rs`, the drawing in `pages/map.rs` and `public/map/simpul-map.js`.

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// The most points one map answer carries; past it the map asks for what is in view.
pub const MAX_MAP_POINTS: usize = 4000;

/// What the map can show, each switchable on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MapLayer {
    Routers,
    Olts,
    Odcs,
    Odps,
    Premises,
    Cables,
}

impl MapLayer {
    pub const ALL: [MapLayer; 6] = [
        MapLayer::Routers,
        MapLayer::Olts,
        MapLayer::Odcs,
        MapLayer::Odps,
        MapLayer::Premises,
        MapLayer::Cables,
    ];

    /// The address's and test ids' name.
    pub fn code(self) -> &'static str {
        match self {
            MapLayer::Routers => "routers",
            MapLayer::Olts => "olts",
            MapLayer::Odcs => "odcs",
            MapLayer::Odps => "odps",
            MapLayer::Premises => "premises",
            MapLayer::Cables => "cables",
        }
    }

    pub fn parse(code: &str) -> Option<MapLayer> {
        MapLayer::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The CI class a point layer draws (cables are relations, not CIs).
    pub fn class(self) -> Option<&'static str> {
        match self {
            MapLayer::Routers => Some("nas"),
            MapLayer::Olts => Some("olt"),
            MapLayer::Odcs => Some("odc"),
            MapLayer::Odps => Some("odp"),
            MapLayer::Premises => Some("premise"),
            MapLayer::Cables => None,
        }
    }

    pub fn of_class(class: &str) -> Option<MapLayer> {
        MapLayer::ALL.into_iter().find(|l| l.class() == Some(class))
    }

    pub fn label(self) -> Msg {
        match self {
            MapLayer::Routers => Msg::MapLayerRouters,
            MapLayer::Olts => Msg::MapLayerOlts,
            MapLayer::Odcs => Msg::MapLayerOdcs,
            MapLayer::Odps => Msg::MapLayerOdps,
            MapLayer::Premises => Msg::MapLayerPremises,
            MapLayer::Cables => Msg::MapLayerCables,
        }
    }
}

/// Which part of the plant to draw: the layers shown, one router's plant or all, and,
/// once the whole plant is too big for one answer, the box in view.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MapFilter {
    /// Empty means every layer.
    pub layers: Vec<MapLayer>,
    /// The NAS record (not its CI) whose plant is drawn; None for all routers.
    pub nas_id: Option<i64>,
    pub bounds: Option<MapBounds>,
}

impl MapFilter {
    pub fn shows(&self, layer: MapLayer) -> bool {
        self.layers.is_empty() || self.layers.contains(&layer)
    }
}

/// South-west and north-east corners, in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MapBounds {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

impl MapBounds {
    /// A box the map could have sent: finite, in range, south below north. A box across
    /// the antimeridian is not one Indonesia needs; it is refused like nonsense.
    pub fn is_valid(&self) -> bool {
        let all = [self.south, self.west, self.north, self.east];
        all.iter().all(|v| v.is_finite())
            && (-90.0..=90.0).contains(&self.south)
            && (-90.0..=90.0).contains(&self.north)
            && (-180.0..=180.0).contains(&self.west)
            && (-180.0..=180.0).contains(&self.east)
            && self.south <= self.north
            && self.west <= self.east
    }
}

/// How full an ODP is: green below 70 %, yellow from 70 % to below 90 %, red from 90 %
/// (what field teams read at a glance before promising a house a port). Broken ports count
/// as taken: they cannot serve a new line either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Occupancy {
    Green,
    Yellow,
    Red,
}

impl Occupancy {
    pub const ALL: [Occupancy; 3] = [Occupancy::Green, Occupancy::Yellow, Occupancy::Red];

    /// An ODP with no usable capacity recorded counts as full: nothing can be promised on it.
    pub fn of(taken: i32, capacity: i32) -> Occupancy {
        if capacity <= 0 {
            return Occupancy::Red;
        }
        // Integer percent thresholds: 70 % of 10 ports is exactly 7, never 6.999.
        let (taken, capacity) = (i64::from(taken.max(0)), i64::from(capacity));
        if taken * 100 >= capacity * 90 {
            Occupancy::Red
        } else if taken * 100 >= capacity * 70 {
            Occupancy::Yellow
        } else {
            Occupancy::Green
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Occupancy::Green => "green",
            Occupancy::Yellow => "yellow",
            Occupancy::Red => "red",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Occupancy::Green => Msg::MapOccupancyGreen,
            Occupancy::Yellow => Msg::MapOccupancyYellow,
            Occupancy::Red => Msg::MapOccupancyRed,
        }
    }
}

/// A premise's line as the NOC cares about it on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PremiseState {
    /// A session on its router now.
    Online,
    /// Its router answers and has no session for it.
    Offline,
    /// Cut off: its router, or something on its path, is down.
    Down,
    /// Isolated for arrears (the router redirects it to the isolir page).
    Isolated,
    Suspended,
    /// Signed up, waiting for the installation.
    Waiting,
    /// Its router did not answer in time, or its plan has no sessions to see.
    Unknown,
}

impl PremiseState {
    pub const ALL: [PremiseState; 7] = [
        PremiseState::Online,
        PremiseState::Offline,
        PremiseState::Down,
        PremiseState::Isolated,
        PremiseState::Suspended,
        PremiseState::Waiting,
        PremiseState::Unknown,
    ];

    /// From the line's status, whether the plant above it is down, and its session (None:
    /// not known). The commercial states win: an isolated line's session is expected.
    pub fn of(line_status: &str, cut_off: bool, session: Option<bool>) -> PremiseState {
        match line_status {
            "isolated" => PremiseState::Isolated,
            "suspended" => PremiseState::Suspended,
            "pending_install" => PremiseState::Waiting,
            _ if cut_off => PremiseState::Down,
            _ => match session {
                Some(true) => PremiseState::Online,
                Some(false) => PremiseState::Offline,
                None => PremiseState::Unknown,
            },
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            PremiseState::Online => "online",
            PremiseState::Offline => "offline",
            PremiseState::Down => "down",
            PremiseState::Isolated => "isolated",
            PremiseState::Suspended => "suspended",
            PremiseState::Waiting => "waiting",
            PremiseState::Unknown => "unknown",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            PremiseState::Online => Msg::MapPremiseOnline,
            PremiseState::Offline => Msg::MapPremiseOffline,
            PremiseState::Down => Msg::MapPremiseDown,
            PremiseState::Isolated => Msg::MapPremiseIsolated,
            PremiseState::Suspended => Msg::MapPremiseSuspended,
            PremiseState::Waiting => Msg::MapPremiseWaiting,
            PremiseState::Unknown => Msg::MapPremiseUnknown,
        }
    }
}

/// What colours a point, by layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PointState {
    /// Routers, OLTs and ODCs: up, down (or cut off), or not known.
    Plant {
        down: bool,
    },
    Odp {
        taken: i32,
        capacity: i32,
        occupancy: Occupancy,
    },
    Premise(PremiseState),
}

/// One CI at its coordinates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapPoint {
    pub id: i64,
    pub layer: MapLayer,
    pub code: String,
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
    pub state: PointState,
}

/// A cable between two drawn points: a feed, or a chain of feeds through CIs without a
/// place of their own (a PON port inside its OLT, an ONT inside the house).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MapCable {
    pub from: i64,
    pub to: i64,
}

/// The map's background: none by default (the plant on a plain canvas, which works with
/// no internet), a PMTiles file the operator supplied, or an online XYZ tile service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Basemap {
    #[default]
    Blank,
    /// Served by Simpul itself at [`BASEMAP_PATH`], with range requests.
    Pmtiles,
    Xyz {
        url: String,
        attribution: String,
    },
}

/// Where the operator's PMTiles file is served.
pub const BASEMAP_PATH: &str = "/map/basemap.pmtiles";

/// A router the map can be narrowed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapRouter {
    pub nas_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NetworkMap {
    pub points: Vec<MapPoint>,
    pub cables: Vec<MapCable>,
    /// More points matched than one answer carries: only the first MAX_MAP_POINTS came.
    pub truncated: bool,
    /// CIs of the shown layers (in the chosen router's plant) that have no coordinates.
    pub unplaced: i64,
    pub routers: Vec<MapRouter>,
    pub basemap: Basemap,
    /// Whether this user may move points (the map makes markers draggable for them).
    pub can_move: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occupancy_thresholds_are_70_and_90_percent() {
        assert_eq!(Occupancy::of(0, 8), Occupancy::Green);
        assert_eq!(Occupancy::of(5, 8), Occupancy::Green); // 62.5 %
        assert_eq!(Occupancy::of(6, 8), Occupancy::Yellow); // 75 %
        assert_eq!(Occupancy::of(7, 10), Occupancy::Yellow); // exactly 70 %
        assert_eq!(Occupancy::of(8, 9), Occupancy::Yellow); // 88.9 %
        assert_eq!(Occupancy::of(9, 10), Occupancy::Red); // exactly 90 %
        assert_eq!(Occupancy::of(15, 16), Occupancy::Red);
        assert_eq!(Occupancy::of(16, 16), Occupancy::Red);
        assert_eq!(Occupancy::of(11, 16), Occupancy::Green); // 68.75 %
        assert_eq!(Occupancy::of(12, 16), Occupancy::Yellow); // 75 %
    }

    #[test]
    fn an_odp_without_capacity_is_full() {
        assert_eq!(Occupancy::of(0, 0), Occupancy::Red);
        assert_eq!(Occupancy::of(-1, 8), Occupancy::Green);
    }

    #[test]
    fn commercial_states_win_over_sessions_and_outages() {
        assert_eq!(
            PremiseState::of("isolated", true, Some(true)),
            PremiseState::Isolated
        );
        assert_eq!(
            PremiseState::of("suspended", false, None),
            PremiseState::Suspended
        );
        assert_eq!(
            PremiseState::of("pending_install", true, None),
            PremiseState::Waiting
        );
        assert_eq!(
            PremiseState::of("active", true, Some(true)),
            PremiseState::Down
        );
        assert_eq!(
            PremiseState::of("active", false, Some(true)),
            PremiseState::Online
        );
        assert_eq!(
            PremiseState::of("active", false, Some(false)),
            PremiseState::Offline
        );
        assert_eq!(
            PremiseState::of("active", false, None),
            PremiseState::Unknown
        );
    }

    #[test]
    fn bounds_must_be_a_real_box() {
        let ok = MapBounds {
            south: -6.4,
            west: 106.7,
            north: -6.1,
            east: 107.1,
        };
        assert!(ok.is_valid());
        assert!(!MapBounds {
            south: -6.1,
            north: -6.4,
            ..ok
        }
        .is_valid());
        assert!(!MapBounds {
            west: f64::NAN,
            ..ok
        }
        .is_valid());
        assert!(!MapBounds { east: 181.0, ..ok }.is_valid());
    }
}
