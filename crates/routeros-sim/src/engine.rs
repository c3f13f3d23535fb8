//! Running one finished (non-streaming) command against a router's configuration, for the
//! binary API and REST alike.

use routeros::{Command, Output, Row};

use crate::clock;
use crate::query;
use crate::router::Router;
use crate::schema::{self, MenuKind, MenuSchema};
use crate::store::{format_id, Trap};

/// Commands that stream, run by the API session rather than here.
pub fn is_streaming(command: &Command) -> bool {
    matches!(command.verb(), "listen" | "monitor-traffic")
}

pub fn run(router: &Router, command: &Command) -> Result<Output, Trap> {
    let Some(schema) = schema::menu(command.menu()) else {
        let known_prefix = schema::menu(&command.path).is_some()
            || schema::is_menu_prefix(command.menu())
            || schema::is_menu_prefix(&command.path);
        return Err(Trap::missing(if known_prefix {
            "no such command"
        } else {
            "no such command prefix"
        }));
    };
    match command.verb() {
        "print" => print(router, schema, command),
        "get" => get(router, schema, command),
        "add" => {
            let id = router.store().add(schema, &command.attributes)?;
            Ok(done(Row::new().with("ret", format_id(id))))
        }
        "set" => {
            let mut store = router.store();
            for id in targets(&store, schema, command)? {
                store.set(schema, id, &command.attributes)?;
            }
            Ok(Output::default())
        }
        "remove" => {
            let mut store = router.store();
            for id in targets(&store, schema, command)? {
                store.remove(schema, id)?;
            }
            Ok(Output::default())
        }
        verb @ ("enable" | "disable") if schema.has_disabled() => {
            let disabled =
                Row::new().with("disabled", if verb == "disable" { "yes" } else { "no" });
            let mut store = router.store();
            for id in targets(&store, schema, command)? {
                store.set(schema, id, &disabled)?;
            }
            Ok(Output::default())
        }
        _ => Err(Trap::missing("no such command")),
    }
}

fn done(row: Row) -> Output {
    Output {
        rows: Vec::new(),
        done: row,
    }
}

/// Items named by `.id` (or `numbers`); the singleton's one item.
fn targets(
    store: &crate::store::Store,
    schema: &MenuSchema,
    command: &Command,
) -> Result<Vec<u32>, Trap> {
    if schema.kind == MenuKind::Singleton {
        return Ok(vec![0]);
    }
    let ids = command
        .attributes
        .get(".id")
        .or_else(|| command.attributes.get("numbers"))
        .ok_or_else(|| Trap::missing("no such item"))?;
    store.resolve(schema, ids)
}

const PRINT_OPTIONS: &[&str] = &[
    ".proplist",
    "count-only",
    "detail",
    "without-paging",
    "terse",
    "stats",
    "brief",
    "from",
];

fn print(router: &Router, schema: &MenuSchema, command: &Command) -> Result<Output, Trap> {
    if let Some((name, _)) = command
        .attributes
        .iter()
        .find(|(name, _)| !PRINT_OPTIONS.contains(name))
    {
        return Err(Trap::argument(format!("unknown parameter {name}")));
    }
    let mut rows = match schema.path {
        "/system/resource" => vec![resource(router)],
        _ => router.store().rows(schema),
    };
    if let Some(from) = command.attributes.get("from") {
        let wanted = router.store().resolve(schema, from)?;
        let ids: Vec<String> = wanted.into_iter().map(format_id).collect();
        rows.retain(|row| row.get(".id").is_some_and(|id| ids.iter().any(|w| w == id)));
    }
    let mut matching = Vec::with_capacity(rows.len());
    for row in rows {
        if query::matches(&command.queries, &row)? {
            matching.push(row);
        }
    }
    if command.attributes.get("count-only").is_some() {
        return Ok(done(Row::new().with("ret", matching.len().to_string())));
    }
    if let Some(proplist) = command.attributes.get(".proplist") {
        let names: Vec<&str> = proplist.split(',').map(str::trim).collect();
        for row in &mut matching {
            // In the order asked for, as RouterOS returns them.
            *row = names
                .iter()
                .filter_map(|name| row.get(name).map(|v| (name.to_string(), v.to_owned())))
                .collect();
        }
    }
    Ok(Output {
        rows: matching,
        done: Row::new(),
    })
}

/// `get =.id= =value-name=`: one property in `=ret=` (RouterOS 6.x and 7).
fn get(router: &Router, schema: &MenuSchema, command: &Command) -> Result<Output, Trap> {
    let name = command
        .attributes
        .get("value-name")
        .ok_or_else(|| Trap::argument("missing value-name"))?;
    let row = if schema.path == "/system/resource" {
        resource(router)
    } else {
        let store = router.store();
        let id = targets(&store, schema, command)?[0];
        store.get(schema.path, id).cloned().unwrap_or_default()
    };
    let value = row
        .get(name)
        .ok_or_else(|| Trap::argument(format!("unknown parameter {name}")))?;
    Ok(done(Row::new().with("ret", value)))
}

fn resource(router: &Router) -> Row {
    let traffic = router.traffic();
    let total_memory: u64 = 1024 * 1024 * 1024;
    let used = 160 * 1024 * 1024 + traffic.sessions() as u64 * 96 * 1024;
    Row::new()
        .with("uptime", clock::uptime(router.uptime()))
        .with("version", router.spec.reported_version())
        .with("build-time", "2025-09-30 10:12:41")
        .with("factory-software", "7.1")
        .with("free-memory", total_memory.saturating_sub(used).to_string())
        .with("total-memory", total_memory.to_string())
        .with("cpu", "ARM64")
        .with("cpu-count", "4")
        .with("cpu-frequency", "1700")
        .with("cpu-load", traffic.cpu_load().to_string())
        .with("free-hdd-space", "88428544")
        .with("total-hdd-space", "134217728")
        .with("architecture-name", "arm64")
        .with("board-name", router.spec.board.clone())
        .with("platform", "MikroTik")
}
