//! The configuration of every router in one JSON file, so a demo keeps what Simpul wrote to
//! its routers across restarts. Router-made items (sessions, dynamic interfaces) and
//! counters are not kept: they come back by themselves, as on a rebooted router.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use routeros::Row;
use serde::{Deserialize, Serialize};

use crate::router::Router;
use crate::schema::{self, MenuKind};
use crate::store::{Store, Table};

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StateFile {
    /// Router name → menu path → table.
    pub routers: BTreeMap<String, BTreeMap<String, Table>>,
}

pub fn snapshot(store: &Store) -> BTreeMap<String, Table> {
    store
        .tables()
        .iter()
        .filter(|(path, _)| {
            schema::menu(path).is_some_and(|m| !matches!(m.kind, MenuKind::Dynamic))
                && **path != "/system/resource"
        })
        .map(|(path, table)| {
            let items = table
                .items
                .iter()
                .filter(|(_, row)| row.get("dynamic") != Some("true"))
                .map(|(&id, row)| (id, without_counters(row)))
                .collect();
            (path.to_string(), Table::new(table.next_id, items))
        })
        .collect()
}

fn without_counters(row: &Row) -> Row {
    const COUNTERS: &[&str] = &[
        "rx-byte",
        "tx-byte",
        "rx-packet",
        "tx-packet",
        "bytes-in",
        "bytes-out",
        "uptime",
    ];
    row.iter()
        .map(|(name, value)| {
            let value = if COUNTERS.contains(&name) {
                if name == "uptime" {
                    "0s"
                } else {
                    "0"
                }
            } else {
                value
            };
            (name.to_owned(), value.to_owned())
        })
        .collect()
}

pub fn restore(store: &mut Store, tables: BTreeMap<String, Table>) {
    for (path, table) in tables {
        if let Some(menu) = schema::menu(&path).filter(|m| m.kind != MenuKind::Dynamic) {
            store.replace_table(menu.path, table);
        }
    }
    store.dirty = false;
}

pub fn load(path: &Path) -> io::Result<StateFile> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: {e}", path.display()),
            )
        }),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(StateFile::default()),
        Err(error) => Err(error),
    }
}

/// Writes through a temporary file and a rename, so a crash never leaves half a file.
pub fn save(path: &Path, state: &StateFile) -> io::Result<()> {
    let temporary = path.with_extension("json.tmp");
    std::fs::write(&temporary, serde_json::to_vec_pretty(state)?)?;
    std::fs::rename(&temporary, path)
}

/// Saves the state file whenever a router's configuration changed, once a second at most.
pub async fn keep_saving(path: PathBuf, routers: Vec<Arc<Router>>) {
    let mut ticker = tokio::time::interval(Duration::from_secs(1));
    loop {
        ticker.tick().await;
        let mut changed = false;
        for router in &routers {
            changed |= std::mem::take(&mut router.store().dirty);
        }
        if changed {
            // The file holds every router, so all are written when any changed.
            let mut state = StateFile::default();
            for router in &routers {
                let snapshot = snapshot(&router.store());
                state.routers.insert(router.spec.name.clone(), snapshot);
            }
            if let Err(error) = save(&path, &state) {
                eprintln!("routeros-sim: cannot save {}: {error}", path.display());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema;

    #[test]
    fn configuration_survives_a_restart_but_sessions_and_counters_do_not() {
        let mut store = Store::new("r1");
        let secrets = schema::menu("/ppp/secret").unwrap();
        let id = store
            .add(
                secrets,
                &Row::new().with("name", "budi").with("password", "x"),
            )
            .unwrap();
        store.put("/ppp/active", 0x8000_0000, Row::new().with("name", "budi"));
        store.update_quietly("/interface", 1, |row| row.set("rx-byte", "12345"));
        let dynamic_interface = store.allocate_id("/interface");
        store.put(
            "/interface",
            dynamic_interface,
            Row::new()
                .with("name", "<pppoe-budi>")
                .with("dynamic", "true"),
        );

        let file = StateFile {
            routers: [("r1".to_owned(), snapshot(&store))].into(),
        };
        let text = serde_json::to_string(&file).unwrap();
        let loaded: StateFile = serde_json::from_str(&text).unwrap();
        let mut restored = Store::new("r1");
        restore(&mut restored, loaded.routers["r1"].clone());
        assert!(!restored.dirty, "a restore is not a change to save again");

        assert_eq!(
            restored.get("/ppp/secret", id).unwrap().get("name"),
            Some("budi")
        );
        // The name index is rebuilt: a duplicate is still refused, a new name gets the next id.
        assert!(restored
            .add(secrets, &Row::new().with("name", "budi"))
            .is_err());
        assert_eq!(
            restored
                .add(secrets, &Row::new().with("name", "sari"))
                .unwrap(),
            id + 1
        );
        assert!(restored.table("/ppp/active").unwrap().items.is_empty());
        assert_eq!(
            restored.get("/interface", 1).unwrap().get("rx-byte"),
            Some("0")
        );
        assert!(restored.get("/interface", dynamic_interface).is_none());
    }
}
