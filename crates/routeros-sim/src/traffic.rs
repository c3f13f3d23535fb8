//! The living part of a router: enabled PPP secrets and hotspot users come online after a
//! short delay (a `/ppp/active` entry and a dynamic `<pppoe-name>` interface), go offline
//! when disabled, removed or kicked, and move bytes at a plausible share of their profile's
//! rate limit, so counters and `monitor-traffic` look like a real access router.

use std::collections::{HashMap, HashSet};
use std::net::Ipv4Addr;
use std::time::{Duration, Instant};

use chrono::Utc;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use routeros::Row;

use crate::clock;
use crate::router::Router;
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum LineKind {
    Ppp,
    Hotspot,
}

impl LineKind {
    fn users(self) -> &'static str {
        match self {
            LineKind::Ppp => "/ppp/secret",
            LineKind::Hotspot => "/ip/hotspot/user",
        }
    }

    fn active(self) -> &'static str {
        match self {
            LineKind::Ppp => "/ppp/active",
            LineKind::Hotspot => "/ip/hotspot/active",
        }
    }

    fn profiles(self) -> &'static str {
        match self {
            LineKind::Ppp => "/ppp/profile",
            LineKind::Hotspot => "/ip/hotspot/user/profile",
        }
    }
}

#[derive(Debug)]
struct Line {
    active_id: u32,
    interface_id: Option<u32>,
    started: Instant,
    /// Bits per second, as a share of the limit that wanders over time.
    down_bps: f64,
    up_bps: f64,
    down_limit: f64,
    up_limit: f64,
    down_bytes: f64,
    up_bytes: f64,
}

/// Bits and packets per second of one interface over the last tick.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rates {
    pub rx_bps: u64,
    pub tx_bps: u64,
    pub rx_pps: u64,
    pub tx_pps: u64,
}

pub struct Traffic {
    lines: HashMap<(LineKind, String), Line>,
    pending: HashMap<(LineKind, String), Instant>,
    rates: HashMap<String, Rates>,
    uplink: (f64, f64),
    cpu_load: u8,
    last_tick: Option<Instant>,
    sessions_started: u32,
    rng: StdRng,
}

impl Default for Traffic {
    fn default() -> Self {
        Traffic {
            lines: HashMap::new(),
            pending: HashMap::new(),
            rates: HashMap::new(),
            uplink: (0.0, 0.0),
            cpu_load: 1,
            last_tick: None,
            sessions_started: 0,
            rng: StdRng::from_entropy(),
        }
    }
}

impl Traffic {
    pub fn sessions(&self) -> usize {
        self.lines.len()
    }

    pub fn cpu_load(&self) -> u8 {
        self.cpu_load
    }

    pub fn rates(&self, interface: &str) -> Option<Rates> {
        self.rates.get(interface).copied()
    }
}

/// Advances the router by the time since the last tick.
pub fn tick(router: &Router, now: Instant) {
    let delay = Duration::from_millis(router.spec.session_delay_ms);
    let mut store = router.store();
    let mut traffic = router.traffic();
    let elapsed = traffic
        .last_tick
        .map_or(Duration::ZERO, |last| now.saturating_duration_since(last));
    traffic.last_tick = Some(now);
    for kind in [LineKind::Ppp, LineKind::Hotspot] {
        let enabled = enabled_users(&store, kind);
        end_lines(&mut store, &mut traffic, kind, &enabled, now);
        start_lines(&mut store, &mut traffic, kind, &enabled, now, delay);
    }
    move_bytes(&mut store, &mut traffic, elapsed.as_secs_f64(), now);
}

/// Names of the users that should be online (without copying their rows: routers hold
/// thousands and this runs four times a second).
fn enabled_users(store: &Store, kind: LineKind) -> HashSet<String> {
    store
        .table(kind.users())
        .map(|table| {
            table
                .items
                .values()
                .filter(|row| row.get("disabled") != Some("true"))
                .filter_map(|row| Some(row.get("name")?.to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

fn end_lines(
    store: &mut Store,
    traffic: &mut Traffic,
    kind: LineKind,
    enabled: &HashSet<String>,
    now: Instant,
) {
    let ended: Vec<(String, &'static str)> = traffic
        .lines
        .iter()
        .filter(|((k, _), _)| *k == kind)
        .filter_map(|((_, name), line)| {
            let kicked = store.get(kind.active(), line.active_id).is_none();
            let reason = if kicked {
                "disconnected by administrator"
            } else if enabled.contains(name) {
                return None;
            } else {
                "user disabled or removed"
            };
            Some((name.clone(), reason))
        })
        .collect();
    for (name, reason) in ended {
        let Some(line) = traffic.lines.remove(&(kind, name.clone())) else {
            continue;
        };
        store.delete(kind.active(), line.active_id);
        if let Some(interface) = line.interface_id {
            store.delete("/interface", interface);
        }
        if let Some((id, _)) = store.find_by(kind.users(), "name", &name) {
            store.update_quietly(kind.users(), id, |row| {
                if kind == LineKind::Ppp {
                    row.set("last-logged-out", clock::router_date_time(Utc::now()));
                    row.set("last-disconnect-reason", reason);
                }
            });
        }
        if enabled.contains(&name) {
            // Kicked: the customer's router dials again.
            traffic.pending.insert((kind, name), now);
        }
    }
}

fn start_lines(
    store: &mut Store,
    traffic: &mut Traffic,
    kind: LineKind,
    enabled: &HashSet<String>,
    now: Instant,
    delay: Duration,
) {
    traffic
        .pending
        .retain(|(k, name), _| *k != kind || enabled.contains(name));
    let mut in_use = addresses_in_use(store);
    let mut names: Vec<&String> = enabled.iter().collect();
    names.sort();
    for name in names {
        let key = (kind, name.clone());
        if traffic.lines.contains_key(&key) {
            continue;
        }
        let since = *traffic.pending.entry(key.clone()).or_insert(now);
        if now.saturating_duration_since(since) < delay {
            continue;
        }
        traffic.pending.remove(&key);
        let Some(user) = store
            .find_by(kind.users(), "name", name)
            .map(|(_, row)| row.clone())
        else {
            continue;
        };
        let user = &user;
        let profile = user
            .get("profile")
            .and_then(|p| store.find_by(kind.profiles(), "name", p))
            .map(|(_, row)| row.clone())
            .unwrap_or_default();
        let address = session_address(store, kind, user, &profile, &in_use);
        if let Some(address) = address {
            in_use.insert(address);
        }
        let address = address.map(|a| a.to_string()).unwrap_or_default();
        let mac = caller_id(name);
        traffic.sessions_started += 1;
        let session_number = traffic.sessions_started;
        let (up_limit, down_limit) = rate_limit(profile.get("rate-limit").unwrap_or(""));
        let (active_row, interface_id) = match kind {
            LineKind::Ppp => {
                let interface_id = store.allocate_id("/interface");
                store.put("/interface", interface_id, pppoe_interface(name));
                let row = Row::new()
                    .with("name", name.as_str())
                    .with("service", "pppoe")
                    .with("caller-id", mac.as_str())
                    .with("encoding", "")
                    .with("address", address.as_str())
                    .with("uptime", "0s")
                    .with("session-id", format!("0x81{session_number:06X}"))
                    .with("limit-bytes-in", user.get("limit-bytes-in").unwrap_or("0"))
                    .with(
                        "limit-bytes-out",
                        user.get("limit-bytes-out").unwrap_or("0"),
                    )
                    .with("radius", "false");
                if let Some((id, _)) = store.find_by(kind.users(), "name", name) {
                    store.update_quietly(kind.users(), id, |row| {
                        row.set("last-caller-id", mac.as_str())
                    });
                }
                (row, Some(interface_id))
            }
            LineKind::Hotspot => {
                let row = Row::new()
                    .with("server", "hotspot1")
                    .with("user", name.as_str())
                    .with("address", address.as_str())
                    .with("mac-address", user.get("mac-address").unwrap_or(&mac))
                    .with("login-by", "http-chap")
                    .with("uptime", "0s")
                    .with("bytes-in", "0")
                    .with("bytes-out", "0");
                (row, None)
            }
        };
        let active_id = store.allocate_id(kind.active());
        store.put(kind.active(), active_id, active_row);
        let share = traffic.rng.gen_range(0.1..0.6);
        traffic.lines.insert(
            key,
            Line {
                active_id,
                interface_id,
                started: now,
                down_bps: down_limit * share,
                up_bps: up_limit * share / 2.0,
                down_limit,
                up_limit,
                down_bytes: 0.0,
                up_bytes: 0.0,
            },
        );
    }
}

fn pppoe_interface(name: &str) -> Row {
    Row::new()
        .with("name", format!("<pppoe-{name}>"))
        .with("type", "pppoe-in")
        .with("mtu", "1480")
        .with("actual-mtu", "1480")
        .with("last-link-up-time", clock::router_date_time(Utc::now()))
        .with("link-downs", "0")
        .with("rx-byte", "0")
        .with("tx-byte", "0")
        .with("rx-packet", "0")
        .with("tx-packet", "0")
        .with("running", "true")
        .with("dynamic", "true")
        .with("disabled", "false")
}

fn move_bytes(store: &mut Store, traffic: &mut Traffic, seconds: f64, now: Instant) {
    let Traffic {
        lines, rates, rng, ..
    } = traffic;
    let (mut total_down, mut total_up) = (0.0, 0.0);
    rates.clear();
    for ((kind, name), line) in lines.iter_mut() {
        // A random walk between 5 % and 95 % of the limit: browsing, video, downloads.
        let wander = |rate: f64, limit: f64, rng: &mut StdRng| {
            (rate * rng.gen_range(0.85..1.15)).clamp(limit * 0.05, limit * 0.95)
        };
        line.down_bps = wander(line.down_bps, line.down_limit, rng);
        line.up_bps = wander(line.up_bps, line.up_limit, rng);
        line.down_bytes += line.down_bps / 8.0 * seconds;
        line.up_bytes += line.up_bps / 8.0 * seconds;
        total_down += line.down_bps;
        total_up += line.up_bps;
        let uptime = clock::uptime(now.saturating_duration_since(line.started));
        let (down, up) = (line.down_bytes as u64, line.up_bytes as u64);
        store.update_quietly(kind.active(), line.active_id, |row| {
            row.set("uptime", uptime.as_str());
            if *kind == LineKind::Hotspot {
                row.set("bytes-in", up.to_string());
                row.set("bytes-out", down.to_string());
            }
        });
        if let Some(interface) = line.interface_id {
            // On the router's side of a PPPoE server, rx is the customer's upload.
            store.update_quietly("/interface", interface, |row| set_counters(row, up, down));
            rates.insert(
                format!("<pppoe-{name}>"),
                rates_of(line.up_bps, line.down_bps),
            );
        }
    }
    // The uplink carries the customers' traffic plus the router's own chatter.
    let noise = 20_000.0 * rng.gen_range(0.5..1.5);
    let (uplink_rx_bps, uplink_tx_bps) = (total_down + noise, total_up + noise);
    traffic.uplink.0 += uplink_rx_bps / 8.0 * seconds;
    traffic.uplink.1 += uplink_tx_bps / 8.0 * seconds;
    let (uplink_rx, uplink_tx) = (traffic.uplink.0 as u64, traffic.uplink.1 as u64);
    // ether1 faces the upstream, ether2 the access network.
    for (id, rx, tx, rx_bps, tx_bps) in [
        (1, uplink_rx, uplink_tx, uplink_rx_bps, uplink_tx_bps),
        (2, uplink_tx, uplink_rx, uplink_tx_bps, uplink_rx_bps),
    ] {
        store.update_quietly("/interface", id, |row| set_counters(row, rx, tx));
        if let Some(Some(current)) = store
            .get("/interface", id)
            .map(|r| r.get("name").map(str::to_owned))
        {
            traffic.rates.insert(current, rates_of(rx_bps, tx_bps));
        }
    }
    let mbps = (total_down + total_up) / 1_000_000.0;
    traffic.cpu_load = (1.0 + traffic.lines.len() as f64 * 0.2 + mbps / 40.0).min(100.0) as u8;
}

fn set_counters(row: &mut Row, rx: u64, tx: u64) {
    row.set("rx-byte", rx.to_string());
    row.set("tx-byte", tx.to_string());
    // About 900 bytes per packet on an access network.
    row.set("rx-packet", (rx / 900).to_string());
    row.set("tx-packet", (tx / 900).to_string());
}

fn rates_of(rx_bps: f64, tx_bps: f64) -> Rates {
    Rates {
        rx_bps: rx_bps as u64,
        tx_bps: tx_bps as u64,
        rx_pps: (rx_bps / 8.0 / 900.0) as u64,
        tx_pps: (tx_bps / 8.0 / 900.0) as u64,
    }
}

/// `rx/tx` of a RouterOS rate limit (`10M/20M`, `512k/2M 1M/4M 384k/1536k 16/16`), from the
/// router's side: rx is the customer's upload. Without one, 10 Mbit/s each way.
pub fn rate_limit(text: &str) -> (f64, f64) {
    let default = 10_000_000.0;
    let first = text.split_whitespace().next().unwrap_or("");
    let (rx, tx) = first.split_once('/').unwrap_or((first, first));
    (
        parse_rate(rx).unwrap_or(default),
        parse_rate(tx).unwrap_or(default),
    )
}

fn parse_rate(text: &str) -> Option<f64> {
    let text = text.trim();
    let (digits, scale) = match text.chars().last()? {
        'k' | 'K' => (&text[..text.len() - 1], 1_000.0),
        'M' => (&text[..text.len() - 1], 1_000_000.0),
        'G' => (&text[..text.len() - 1], 1_000_000_000.0),
        _ => (text, 1.0),
    };
    let value: f64 = digits.parse().ok()?;
    (value > 0.0 && value.is_finite()).then_some(value * scale)
}

/// A stable MAC per customer, so reconnects look like the same CPE.
fn caller_id(name: &str) -> String {
    let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let bytes = hash.to_be_bytes();
    format!(
        "D4:CA:6D:{:02X}:{:02X}:{:02X}",
        bytes[0], bytes[1], bytes[2]
    )
}

fn addresses_in_use(store: &Store) -> HashSet<Ipv4Addr> {
    ["/ppp/active", "/ip/hotspot/active"]
        .iter()
        .filter_map(|menu| store.table(menu))
        .flat_map(|table| table.items.values())
        .filter_map(|row| row.get("address")?.parse().ok())
        .collect()
}

/// The user's fixed address, else the profile's (an address or a pool), else a private one.
fn session_address(
    store: &Store,
    kind: LineKind,
    user: &Row,
    profile: &Row,
    in_use: &HashSet<Ipv4Addr>,
) -> Option<Ipv4Addr> {
    let fixed = match kind {
        LineKind::Ppp => user.get("remote-address"),
        LineKind::Hotspot => user.get("address"),
    };
    if let Some(address) = fixed.and_then(|a| a.parse().ok()) {
        return Some(address);
    }
    let source = match kind {
        LineKind::Ppp => profile.get("remote-address"),
        LineKind::Hotspot => profile.get("address-pool"),
    };
    if let Some(source) = source.filter(|s| !s.is_empty()) {
        if let Ok(address) = source.parse() {
            return Some(address);
        }
        if let Some((_, pool)) = store.find_by("/ip/pool", "name", source) {
            return pool_ranges(pool.get("ranges").unwrap_or(""))
                .into_iter()
                .flat_map(|(start, end)| (start..=end).map(Ipv4Addr::from))
                .find(|address| !in_use.contains(address));
        }
    }
    (2u32..65_000)
        .map(|n| Ipv4Addr::new(10, 255, (n / 256) as u8, (n % 256) as u8))
        .find(|address| !in_use.contains(address))
}

/// `10.10.0.2-10.10.0.254,10.10.1.10` as inclusive numeric ranges.
fn pool_ranges(text: &str) -> Vec<(u32, u32)> {
    text.split(',')
        .filter_map(|part| {
            let part = part.trim();
            let (start, end) = part.split_once('-').unwrap_or((part, part));
            let start: Ipv4Addr = start.trim().parse().ok()?;
            let end: Ipv4Addr = end.trim().parse().ok()?;
            (u32::from(start) <= u32::from(end)).then(|| (u32::from(start), u32::from(end)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rate_limits_as_routeros_writes_them() {
        assert_eq!(rate_limit("10M/20M"), (10e6, 20e6));
        assert_eq!(rate_limit("512k/2M 1M/4M 384k/1536k 16/16"), (512e3, 2e6));
        assert_eq!(rate_limit("5M"), (5e6, 5e6));
        assert_eq!(rate_limit(""), (10e6, 10e6));
        assert_eq!(rate_limit("garbage/0"), (10e6, 10e6));
    }

    #[test]
    fn pools_hand_out_the_first_free_address() {
        assert_eq!(
            pool_ranges("10.0.0.2-10.0.0.3, 10.0.1.1"),
            [
                (
                    u32::from(Ipv4Addr::new(10, 0, 0, 2)),
                    u32::from(Ipv4Addr::new(10, 0, 0, 3))
                ),
                (
                    u32::from(Ipv4Addr::new(10, 0, 1, 1)),
                    u32::from(Ipv4Addr::new(10, 0, 1, 1))
                ),
            ]
        );
        assert!(pool_ranges("10.0.0.9-10.0.0.1").is_empty());
    }

    #[test]
    fn caller_ids_are_stable_macs() {
        assert_eq!(caller_id("budi"), caller_id("budi"));
        assert_ne!(caller_id("budi"), caller_id("sari"));
        assert_eq!(caller_id("budi").len(), 17);
    }
}
