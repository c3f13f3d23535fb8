//! The configuration of one simulated router: a table of items per menu, with RouterOS'
//! validation and error messages, and an event for every change (for `listen`).

use std::collections::{BTreeMap, HashMap};

use routeros::Row;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use crate::schema::{self, FieldKind, MenuKind, MenuSchema};

/// A `!trap`: the category RouterOS uses and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trap {
    pub category: Option<u8>,
    pub message: String,
}

impl Trap {
    /// Category 0: missing item or command.
    pub fn missing(message: impl Into<String>) -> Trap {
        Trap {
            category: Some(0),
            message: message.into(),
        }
    }

    /// Category 1: argument failure.
    pub fn argument(message: impl Into<String>) -> Trap {
        Trap {
            category: Some(1),
            message: message.into(),
        }
    }

    /// A failure without a category (`failure: … already exists`).
    pub fn failure(message: impl Into<String>) -> Trap {
        Trap {
            category: None,
            message: message.into(),
        }
    }
}

/// A change to an item, as `listen` reports it.
#[derive(Debug, Clone)]
pub struct Event {
    pub menu: &'static str,
    pub id: u32,
    /// The item after the change; `None` when it was removed (`=.dead=yes`).
    pub row: Option<Row>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Table {
    pub next_id: u32,
    pub items: BTreeMap<u32, Row>,
    /// Unique key → id, kept beside `items` so duplicate checks and lookups by name stay
    /// O(1) on routers with thousands of secrets.
    #[serde(skip)]
    unique: HashMap<String, u32>,
}

impl Table {
    pub fn new(next_id: u32, items: BTreeMap<u32, Row>) -> Table {
        Table {
            next_id,
            items,
            unique: HashMap::new(),
        }
    }
}

/// The menu's unique properties joined, or `None` when the menu has none or the row lacks one.
fn unique_key(menu: &str, row: &Row) -> Option<String> {
    let fields = schema::menu(menu)?.unique;
    if fields.is_empty() {
        return None;
    }
    let mut key = String::new();
    for field in fields {
        key.push_str(row.get(field)?);
        key.push('\u{0}');
    }
    Some(key)
}

/// Ids from here up belong to built-in items (`default-encryption` is `*FFFFFFFE`).
const RESERVED_IDS: u32 = 0xFFFF_0000;

pub fn format_id(id: u32) -> String {
    format!("*{id:X}")
}

pub fn parse_id(text: &str) -> Option<u32> {
    u32::from_str_radix(text.strip_prefix('*')?, 16).ok()
}

pub struct Store {
    tables: BTreeMap<&'static str, Table>,
    events: broadcast::Sender<Event>,
    /// Set by every change to configuration (not counters), for persistence.
    pub dirty: bool,
}

impl Store {
    pub fn new(identity: &str) -> Store {
        let (events, _) = broadcast::channel(4096);
        let mut tables = BTreeMap::new();
        for menu in schema::MENUS {
            let first = if menu.kind == MenuKind::Dynamic {
                0x8000_0000
            } else {
                1
            };
            tables.insert(menu.path, Table::new(first, BTreeMap::new()));
        }
        let mut store = Store {
            tables,
            events,
            dirty: false,
        };
        store.put("/system/identity", 0, Row::new().with("name", identity));
        store.put("/system/resource", 0, Row::new());
        for (id, name, mac) in [
            (1, "ether1", "4C:5E:0C:10:00:01"),
            (2, "ether2", "4C:5E:0C:10:00:02"),
        ] {
            let interface = Row::new()
                .with("name", name)
                .with("default-name", name)
                .with("type", "ether")
                .with("mtu", "1500")
                .with("actual-mtu", "1500")
                .with("mac-address", mac)
                .with("link-downs", "0")
                .with("rx-byte", "0")
                .with("tx-byte", "0")
                .with("rx-packet", "0")
                .with("tx-packet", "0")
                .with("running", "true")
                .with("dynamic", "false")
                .with("disabled", "false");
            store.put("/interface", id, interface);
        }
        for (id, name) in [(0, "default"), (0xFFFF_FFFE, "default-encryption")] {
            let profile = Row::new()
                .with("name", name)
                .with("only-one", "default")
                .with("change-tcp-mss", "yes")
                .with("default", "true");
            store.put("/ppp/profile", id, profile);
        }
        let hotspot_default = Row::new()
            .with("name", "default")
            .with("shared-users", "1")
            .with("address-pool", "none")
            .with("default", "true");
        store.put("/ip/hotspot/user/profile", 0, hotspot_default);
        for (path, table) in store.tables.iter_mut() {
            let dynamic = schema::menu(path).is_some_and(|m| m.kind == MenuKind::Dynamic);
            let first = if dynamic { 0x8000_0000 } else { 1 };
            let after_last = table
                .items
                .range(..RESERVED_IDS)
                .next_back()
                .map_or(0, |(&id, _)| id + 1);
            table.next_id = first.max(after_last);
        }
        store.dirty = false;
        store
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.events.subscribe()
    }

    pub fn table(&self, menu: &str) -> Option<&Table> {
        self.tables.get(menu)
    }

    pub fn tables(&self) -> &BTreeMap<&'static str, Table> {
        &self.tables
    }

    pub fn replace_table(&mut self, menu: &'static str, mut table: Table) {
        table.unique = table
            .items
            .iter()
            .filter_map(|(&id, row)| Some((unique_key(menu, row)?, id)))
            .collect();
        self.tables.insert(menu, table);
    }

    /// Items of a menu as `print` shows them: `.id` first (except for singletons).
    pub fn rows(&self, schema: &MenuSchema) -> Vec<Row> {
        let Some(table) = self.tables.get(schema.path) else {
            return Vec::new();
        };
        table
            .items
            .iter()
            .map(|(&id, row)| with_id(schema, id, row))
            .collect()
    }

    pub fn find_by(&self, menu: &str, property: &str, value: &str) -> Option<(u32, &Row)> {
        self.tables
            .get(menu)?
            .items
            .iter()
            .find_map(|(&id, row)| (row.get(property) == Some(value)).then_some((id, row)))
    }

    pub fn get(&self, menu: &str, id: u32) -> Option<&Row> {
        self.tables.get(menu)?.items.get(&id)
    }

    /// Writes an item without validation (router-made items, counters) and reports it.
    pub fn put(&mut self, menu: &'static str, id: u32, row: Row) {
        let table = self.tables.entry(menu).or_default();
        if id < RESERVED_IDS {
            table.next_id = table.next_id.max(id + 1);
        }
        if let Some(old) = table.items.insert(id, row.clone()) {
            if let Some(key) = unique_key(menu, &old) {
                if table.unique.get(&key) == Some(&id) {
                    table.unique.remove(&key);
                }
            }
        }
        if let Some(key) = unique_key(menu, &row) {
            table.unique.insert(key, id);
        }
        self.announce(menu, id, Some(row));
    }

    /// Changes counters in place without announcing (RouterOS' listen does not stream them).
    pub fn update_quietly(&mut self, menu: &str, id: u32, change: impl FnOnce(&mut Row)) {
        if let Some(row) = self.tables.get_mut(menu).and_then(|t| t.items.get_mut(&id)) {
            change(row);
        }
    }

    pub fn delete(&mut self, menu: &'static str, id: u32) -> Option<Row> {
        let table = self.tables.get_mut(menu)?;
        let removed = table.items.remove(&id);
        if let Some(key) = removed.as_ref().and_then(|row| unique_key(menu, row)) {
            if table.unique.get(&key) == Some(&id) {
                table.unique.remove(&key);
            }
        }
        if removed.is_some() {
            self.announce(menu, id, None);
        }
        removed
    }

    pub fn allocate_id(&mut self, menu: &'static str) -> u32 {
        let table = self.tables.entry(menu).or_default();
        let id = table.next_id;
        table.next_id = (table.next_id + 1).min(RESERVED_IDS - 1);
        id
    }

    fn announce(&mut self, menu: &'static str, id: u32, row: Option<Row>) {
        let schema = schema::menu(menu);
        if schema.is_some_and(|s| s.kind != MenuKind::Dynamic) {
            self.dirty = true;
        }
        let row = row.map(|row| match schema {
            Some(schema) => with_id(schema, id, &row),
            None => row,
        });
        let _ = self.events.send(Event { menu, id, row });
    }

    /// Resolves `.id`/`numbers`: ids (`*1A`) or names, comma separated.
    pub fn resolve(&self, schema: &MenuSchema, ids: &str) -> Result<Vec<u32>, Trap> {
        let table = self.tables.get(schema.path);
        ids.split(',')
            .map(str::trim)
            .map(|wanted| {
                let by_id =
                    parse_id(wanted).filter(|id| table.is_some_and(|t| t.items.contains_key(id)));
                by_id
                    .or_else(|| self.find_by(schema.path, "name", wanted).map(|(id, _)| id))
                    .ok_or_else(|| Trap::missing("no such item"))
            })
            .collect()
    }

    /// `add`: validates, fills defaults, checks uniqueness, returns the new id.
    pub fn add(&mut self, schema: &'static MenuSchema, attributes: &Row) -> Result<u32, Trap> {
        if schema.kind != MenuKind::Table {
            return Err(Trap::missing("no such command"));
        }
        let mut row = Row::new();
        for field in schema.fields {
            if let Some(default) = field.default {
                row.set(field.name, default);
            }
        }
        self.apply(schema, &mut row, attributes)?;
        for name in schema.required {
            if row.get(name).is_none_or(str::is_empty) {
                return Err(Trap::argument(format!("failure: {name} must be set")));
            }
        }
        derive(schema, &mut row);
        self.check_unique(schema, &row, None)?;
        let id = self.allocate_id(schema.path);
        self.put(schema.path, id, row);
        Ok(id)
    }

    /// `set` on one item (or the singleton, id 0).
    pub fn set(
        &mut self,
        schema: &'static MenuSchema,
        id: u32,
        attributes: &Row,
    ) -> Result<(), Trap> {
        let mut row = self
            .get(schema.path, id)
            .cloned()
            .ok_or_else(|| Trap::missing("no such item"))?;
        if schema.kind == MenuKind::Interfaces && row.get("dynamic") == Some("true") {
            return Err(Trap::failure("failure: can not change dynamic interface"));
        }
        let old_name = row.get("name").map(str::to_owned);
        self.apply(schema, &mut row, attributes)?;
        derive(schema, &mut row);
        self.check_unique(schema, &row, Some(id))?;
        let new_name = row.get("name").map(str::to_owned);
        self.put(schema.path, id, row);
        if let (Some(old), Some(new)) = (old_name, new_name) {
            if old != new {
                self.rename_references(schema.path, &old, &new);
            }
        }
        Ok(())
    }

    pub fn remove(&mut self, schema: &'static MenuSchema, id: u32) -> Result<(), Trap> {
        match schema.kind {
            MenuKind::Table | MenuKind::Dynamic => {}
            _ => return Err(Trap::missing("no such command")),
        }
        let row = self
            .get(schema.path, id)
            .ok_or_else(|| Trap::missing("no such item"))?;
        if row.get("default") == Some("true") {
            return Err(Trap::failure("failure: can not remove default profile"));
        }
        self.delete(schema.path, id);
        Ok(())
    }

    fn apply(&self, schema: &MenuSchema, row: &mut Row, attributes: &Row) -> Result<(), Trap> {
        for (name, value) in attributes.iter() {
            if matches!(name, ".id" | "numbers") {
                continue;
            }
            let field = schema
                .field(name)
                .filter(|f| f.kind != FieldKind::ReadOnly)
                .ok_or_else(|| Trap::argument(format!("unknown parameter {name}")))?;
            let value = self.validate(field.name, field.kind, value)?;
            if value.is_empty() && field.default.is_none() {
                // Setting a property to nothing unsets it, as `!comment` does in the console.
                row.0.retain(|(key, _)| key != name);
            } else {
                row.set(name, value);
            }
        }
        Ok(())
    }

    fn validate(&self, name: &str, kind: FieldKind, value: &str) -> Result<String, Trap> {
        let mismatch = || Trap::argument(format!("input does not match any value of {name}"));
        match kind {
            FieldKind::Text | FieldKind::ReadOnly => Ok(value.to_owned()),
            FieldKind::Bool => match value {
                "yes" | "true" => Ok("true".into()),
                "no" | "false" => Ok("false".into()),
                _ => Err(Trap::argument(format!("value of {name} must be yes or no"))),
            },
            FieldKind::Integer => value
                .parse::<u64>()
                .map(|n| n.to_string())
                .map_err(|_| Trap::argument(format!("value of {name} must be a number"))),
            FieldKind::Choice(words) => words
                .contains(&value)
                .then(|| value.to_owned())
                .ok_or_else(mismatch),
            FieldKind::Reference(menu, extra) => {
                let known = extra.contains(&value) || self.find_by(menu, "name", value).is_some();
                known.then(|| value.to_owned()).ok_or_else(mismatch)
            }
        }
    }

    fn check_unique(
        &self,
        schema: &MenuSchema,
        row: &Row,
        except: Option<u32>,
    ) -> Result<(), Trap> {
        let Some(key) = unique_key(schema.path, row) else {
            return Ok(());
        };
        let holder = self.tables[schema.path].unique.get(&key).copied();
        if holder.is_some_and(|id| Some(id) != except) {
            return Err(Trap::failure(schema.duplicate_message));
        }
        Ok(())
    }

    /// RouterOS links by id internally, so renaming a profile carries its users along.
    fn rename_references(&mut self, menu: &str, old: &str, new: &str) {
        let mut changed = Vec::new();
        for schema in schema::MENUS {
            for field in schema.fields {
                let FieldKind::Reference(target, _) = field.kind else {
                    continue;
                };
                if target != menu {
                    continue;
                }
                for (&id, row) in &self.tables[schema.path].items {
                    if row.get(field.name) == Some(old) {
                        changed.push((schema.path, id, field.name));
                    }
                }
            }
        }
        for (path, id, field) in changed {
            if let Some(mut row) = self.get(path, id).cloned() {
                row.set(field, new);
                self.put(path, id, row);
            }
        }
    }
}

pub fn with_id(schema: &MenuSchema, id: u32, row: &Row) -> Row {
    if schema.kind == MenuKind::Singleton {
        return row.clone();
    }
    let mut out = Row(Vec::with_capacity(row.len() + 1));
    out.0.push((".id".into(), format_id(id)));
    out.0.extend(row.0.iter().cloned());
    out
}

/// Properties RouterOS computes from others.
fn derive(schema: &MenuSchema, row: &mut Row) {
    if schema.path == "/ip/address" && row.get("network").is_none_or(str::is_empty) {
        if let Some(network) = row.get("address").and_then(network_of) {
            row.set("network", network);
        }
    }
    if schema.path == "/ip/address" {
        if let Some(interface) = row.get("interface").map(str::to_owned) {
            row.set("actual-interface", interface);
        }
        row.set("invalid", "false");
        row.set("dynamic", "false");
    }
    if matches!(schema.path, "/ip/firewall/address-list" | "/queue/simple") {
        row.set("dynamic", "false");
    }
    if schema.path == "/ip/firewall/address-list" && row.get("creation-time").is_none() {
        row.set(
            "creation-time",
            crate::clock::router_date_time(chrono::Utc::now()),
        );
    }
    if schema.path == "/ip/hotspot/user" {
        for (name, zero) in [
            ("uptime", "0s"),
            ("bytes-in", "0"),
            ("bytes-out", "0"),
            ("dynamic", "false"),
        ] {
            if row.get(name).is_none() {
                row.set(name, zero);
            }
        }
    }
}

/// `10.0.0.1/24` → `10.0.0.0`.
fn network_of(address: &str) -> Option<String> {
    let (ip, prefix) = address.split_once('/').unwrap_or((address, "32"));
    let ip: std::net::Ipv4Addr = ip.parse().ok()?;
    let prefix: u32 = prefix.parse().ok().filter(|p| *p <= 32)?;
    let mask = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - prefix)
    };
    Some(std::net::Ipv4Addr::from(u32::from(ip) & mask).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret_menu() -> &'static MenuSchema {
        schema::menu("/ppp/secret").unwrap()
    }

    #[test]
    fn add_fills_defaults_and_refuses_duplicates_as_routeros_does() {
        let mut store = Store::new("r1");
        let id = store
            .add(
                secret_menu(),
                &Row::new().with("name", "budi").with("password", "x"),
            )
            .unwrap();
        let row = store.get("/ppp/secret", id).unwrap();
        assert_eq!(row.get("profile"), Some("default"));
        assert_eq!(row.get("service"), Some("any"));
        assert_eq!(row.get("disabled"), Some("false"));
        let again = store.add(secret_menu(), &Row::new().with("name", "budi"));
        assert_eq!(
            again,
            Err(Trap::failure(
                "failure: secret with the same name already exists"
            ))
        );
    }

    #[test]
    fn validates_values_and_parameters() {
        let mut store = Store::new("r1");
        let bad_profile = store.add(
            secret_menu(),
            &Row::new().with("name", "a").with("profile", "nope"),
        );
        assert_eq!(
            bad_profile.unwrap_err().message,
            "input does not match any value of profile"
        );
        let unknown = store.add(
            secret_menu(),
            &Row::new().with("name", "a").with("colour", "red"),
        );
        assert_eq!(unknown.unwrap_err().message, "unknown parameter colour");
        let read_only = store.add(
            secret_menu(),
            &Row::new().with("name", "a").with("last-logged-out", "x"),
        );
        assert_eq!(read_only.unwrap_err().category, Some(1));
        let bool_value = store.add(
            secret_menu(),
            &Row::new().with("name", "a").with("disabled", "maybe"),
        );
        assert!(bool_value.is_err());
        let no_name = store.add(secret_menu(), &Row::new().with("password", "x"));
        assert_eq!(no_name.unwrap_err().message, "failure: name must be set");
    }

    #[test]
    fn ids_are_hex_and_names_resolve_too() {
        let mut store = Store::new("r1");
        for n in 0..30 {
            store
                .add(secret_menu(), &Row::new().with("name", format!("u{n}")))
                .unwrap();
        }
        assert_eq!(store.resolve(secret_menu(), "*1E").unwrap(), [30]);
        assert_eq!(store.resolve(secret_menu(), "u0,*2").unwrap(), [1, 2]);
        assert_eq!(
            store.resolve(secret_menu(), "*99").unwrap_err().message,
            "no such item"
        );
        assert_eq!(format_id(42), "*2A");
    }

    #[test]
    fn renaming_a_profile_carries_its_secrets() {
        let mut store = Store::new("r1");
        let profiles = schema::menu("/ppp/profile").unwrap();
        let profile = store
            .add(profiles, &Row::new().with("name", "10M"))
            .unwrap();
        let secret = store
            .add(
                secret_menu(),
                &Row::new().with("name", "a").with("profile", "10M"),
            )
            .unwrap();
        store
            .set(profiles, profile, &Row::new().with("name", "paket-10M"))
            .unwrap();
        assert_eq!(
            store.get("/ppp/secret", secret).unwrap().get("profile"),
            Some("paket-10M")
        );
    }

    #[test]
    fn names_free_up_when_removed_or_renamed() {
        let mut store = Store::new("r1");
        let a = store
            .add(secret_menu(), &Row::new().with("name", "a"))
            .unwrap();
        store
            .set(secret_menu(), a, &Row::new().with("name", "b"))
            .unwrap();
        // The old name is free, the new one taken, and setting an item to its own name is fine.
        store
            .add(secret_menu(), &Row::new().with("name", "a"))
            .unwrap();
        assert!(store
            .add(secret_menu(), &Row::new().with("name", "b"))
            .is_err());
        store
            .set(secret_menu(), a, &Row::new().with("name", "b"))
            .unwrap();
        store.remove(secret_menu(), a).unwrap();
        store
            .add(secret_menu(), &Row::new().with("name", "b"))
            .unwrap();
        assert_eq!(
            store.find_by("/ppp/secret", "name", "b").map(|(id, _)| id),
            Some(a + 2)
        );
    }

    #[test]
    fn default_profiles_stay() {
        let mut store = Store::new("r1");
        let profiles = schema::menu("/ppp/profile").unwrap();
        assert!(store.remove(profiles, 0).is_err());
        let rows = store.rows(profiles);
        assert_eq!(rows[0].get(".id"), Some("*0"));
        assert_eq!(rows[1].get(".id"), Some("*FFFFFFFE"));
    }

    #[test]
    fn addresses_get_their_network() {
        let mut store = Store::new("r1");
        let addresses = schema::menu("/ip/address").unwrap();
        let id = store
            .add(
                addresses,
                &Row::new()
                    .with("address", "10.20.30.1/24")
                    .with("interface", "ether2"),
            )
            .unwrap();
        assert_eq!(
            store.get("/ip/address", id).unwrap().get("network"),
            Some("10.20.30.0")
        );
        let unknown_interface = store.add(
            addresses,
            &Row::new()
                .with("address", "10.0.0.1/24")
                .with("interface", "ether9"),
        );
        assert!(unknown_interface.is_err());
    }
}
