//! Making one router object match what Simpul wants, through `crates/routeros`: look it up
//! by its key, then add, update only the properties that differ, or remove it. Running the
//! same step twice finds nothing to do the second time.

use routeros::{Command, Error, RouterApi, Row};

use super::desired::{owned, RouterObject};
use crate::plans::model::parse_rate;
use crate::provisioning::model::{FieldDiff, ObjectKind};

/// Why a step did not finish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyError {
    /// The router could not be reached or did not answer: try again later, in order.
    Transient(String),
    /// The router refused the change, or it would touch an object that is not Simpul's:
    /// retrying will not help until someone acts.
    Permanent(String),
}

impl ApplyError {
    pub fn message(&self) -> &str {
        match self {
            ApplyError::Transient(m) | ApplyError::Permanent(m) => m,
        }
    }
}

impl From<Error> for ApplyError {
    fn from(error: Error) -> Self {
        match &error {
            Error::Trap { .. } | Error::InvalidCommand(_) => {
                ApplyError::Permanent(error.to_string())
            }
            Error::Http { status, .. } if (400..500).contains(status) && *status != 401 => {
                ApplyError::Permanent(error.to_string())
            }
            _ => ApplyError::Transient(error.to_string()),
        }
    }
}

/// The comparable form of a property value: RouterOS prints booleans as `true`/`false`
/// (we write `yes`/`no`), queue speeds in bit/s (we write `10M`), and targets with `/32`.
pub fn normalized(name: &str, value: &str) -> String {
    let value = value.trim();
    match name {
        "disabled" => match value {
            "yes" | "true" => "yes".into(),
            "" | "no" | "false" => "no".into(),
            other => other.into(),
        },
        "max-limit" | "burst-limit" | "burst-threshold" | "limit-at" => value
            .split('/')
            .map(|part| {
                let part = part.trim();
                let kbps = if part.bytes().all(|b| b.is_ascii_digit()) {
                    part.parse::<i64>().map(|bits| bits / 1000).unwrap_or(0)
                } else {
                    i64::from(parse_rate(part).unwrap_or(0))
                };
                kbps.to_string()
            })
            .collect::<Vec<_>>()
            .join("/"),
        "target" => value.trim_end_matches("/32").into(),
        "rate-limit" => value.split_whitespace().collect::<Vec<_>>().join(" "),
        _ => value.into(),
    }
}

/// Properties that differ between the router's row and the wanted object (key excluded).
pub fn differences(kind: ObjectKind, actual: &Row, wanted: &RouterObject) -> Vec<FieldDiff> {
    let key_property = kind.key_property();
    wanted
        .attrs
        .iter()
        .filter(|(name, _)| *name != key_property)
        .filter_map(|(name, value)| {
            let have = actual.get(name).unwrap_or("");
            (normalized(name, have) != normalized(name, value)).then(|| {
                let mask = |v: &str| {
                    if *name == "password" && !v.is_empty() {
                        "••••••".to_owned()
                    } else {
                        v.to_owned()
                    }
                };
                FieldDiff {
                    name: (*name).to_owned(),
                    router: mask(have),
                    wanted: mask(value),
                }
            })
        })
        .collect()
}

/// The router's rows for one key (static ones only: dynamic address-list entries and the
/// like are the router's own business).
pub async fn find(
    api: &dyn RouterApi,
    kind: ObjectKind,
    key: &str,
    address_list: &str,
) -> Result<Vec<Row>, Error> {
    let mut command =
        Command::new(format!("{}/print", kind.menu())).filter(kind.key_property(), key);
    if kind == ObjectKind::AddressList {
        command = command.filter("list", address_list);
    }
    let rows = api.execute(command).await?.rows;
    Ok(rows
        .into_iter()
        .filter(|row| !matches!(row.get("dynamic"), Some("true" | "yes")))
        .collect())
}

/// Every row of a kind (reconciliation).
pub async fn find_all(api: &dyn RouterApi, kind: ObjectKind) -> Result<Vec<Row>, Error> {
    let rows = api.print(kind.menu()).await?;
    Ok(rows
        .into_iter()
        .filter(|row| !matches!(row.get("dynamic"), Some("true" | "yes")))
        .filter(|row| row.get("default") != Some("true"))
        .collect())
}

/// Brings one object in line; answers what was done ("added", "updated profile",
/// "unchanged", "removed", "absent").
pub async fn sync_object(
    api: &dyn RouterApi,
    kind: ObjectKind,
    key: &str,
    address_list: &str,
    wanted: Option<&RouterObject>,
    may_adopt: bool,
) -> Result<String, ApplyError> {
    let rows = match find(api, kind, key, address_list).await {
        Ok(rows) => rows,
        // A router without the menu (no hotspot package) holds nothing there to remove.
        Err(Error::Trap { message, .. })
            if wanted.is_none() && message.starts_with("no such command") =>
        {
            return Ok("absent".into())
        }
        Err(e) => return Err(e.into()),
    };
    let menu = kind.menu();
    let ours = |row: &Row| owned(row.get("comment"));
    if kind == ObjectKind::AddressList {
        remove_from_other_lists(api, key, address_list).await?;
    }
    match (wanted, rows.first()) {
        (Some(wanted), None) => {
            let mut item = Row::new();
            for (name, value) in &wanted.attrs {
                if !value.is_empty() {
                    item.set(*name, value.clone());
                }
            }
            api.add(menu, item).await?;
            Ok("added".into())
        }
        (Some(wanted), Some(row)) => {
            if !ours(row) && !may_adopt {
                return Err(ApplyError::Permanent(format!(
                    "{menu} \"{key}\" already exists on the router and is not managed by Simpul \
                     (comment \"{}\"); import it or choose another name",
                    row.get("comment").unwrap_or("")
                )));
            }
            let id = row
                .get(".id")
                .ok_or_else(|| ApplyError::Permanent(format!("{menu} \"{key}\" has no .id")))?
                .to_owned();
            let diffs = differences(kind, row, wanted);
            // A second row of the same key (only possible for address-list entries added
            // by hand) is one too many.
            for extra in rows.iter().skip(1).filter(|r| ours(r)) {
                if let Some(extra_id) = extra.get(".id") {
                    api.remove(menu, extra_id).await?;
                }
            }
            if diffs.is_empty() {
                return Ok("unchanged".into());
            }
            let mut changes = Row::new();
            for diff in &diffs {
                let value = wanted.get(&diff.name).unwrap_or("");
                changes.set(diff.name.clone(), value.to_owned());
            }
            api.set(menu, &id, changes).await?;
            let names: Vec<&str> = diffs.iter().map(|d| d.name.as_str()).collect();
            Ok(format!("updated {}", names.join(", ")))
        }
        (None, _) => {
            let mut removed = 0;
            for row in rows.iter().filter(|r| ours(r)) {
                if let Some(id) = row.get(".id") {
                    api.remove(menu, id).await?;
                    removed += 1;
                }
            }
            Ok(if removed > 0 {
                "removed".into()
            } else if rows.is_empty() {
                "absent".into()
            } else {
                "left alone (not managed by Simpul)".into()
            })
        }
    }
}

/// Our entries for `address` in lists other than the isolir list: left behind when the
/// list was renamed. Simpul only ever wants an address in the current list.
async fn remove_from_other_lists(
    api: &dyn RouterApi,
    address: &str,
    address_list: &str,
) -> Result<(), ApplyError> {
    let kind = ObjectKind::AddressList;
    let rows = api
        .execute(Command::new(format!("{}/print", kind.menu())).filter("address", address))
        .await?
        .rows;
    for row in rows.iter().filter(|r| {
        owned(r.get("comment"))
            && r.get("list") != Some(address_list)
            && !matches!(r.get("dynamic"), Some("true" | "yes"))
    }) {
        if let Some(id) = row.get(".id") {
            api.remove(kind.menu(), id).await?;
        }
    }
    Ok(())
}

/// Ends the live sessions of a PPPoE or hotspot user so the router applies a new profile
/// or disabling now; the customer's device reconnects by itself.
pub async fn kick(api: &dyn RouterApi, kind: ObjectKind, key: &str) -> Result<String, ApplyError> {
    let (menu, property) = match kind {
        ObjectKind::HotspotUser => ("/ip/hotspot/active", "user"),
        ObjectKind::PppSecret => ("/ppp/active", "name"),
        _ => return Ok("no sessions for this kind".into()),
    };
    let rows = api
        .execute(Command::new(format!("{menu}/print")).filter(property, key))
        .await?
        .rows;
    let mut ended = 0;
    for row in &rows {
        if let Some(id) = row.get(".id") {
            match api.remove(menu, id).await {
                Ok(()) => ended += 1,
                // The session ended by itself in between: that is what we wanted.
                Err(Error::Trap { message, .. }) if message.contains("no such item") => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(if ended == 0 {
        "no session".into()
    } else {
        format!("ended {ended} session(s)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_compare_the_way_the_router_prints_them() {
        assert_eq!(
            normalized("disabled", "true"),
            normalized("disabled", "yes")
        );
        assert_eq!(normalized("disabled", ""), "no");
        assert_eq!(
            normalized("max-limit", "10000000/20000000"),
            normalized("max-limit", "10M/20M")
        );
        assert_eq!(normalized("target", "10.0.0.1/32"), "10.0.0.1");
        assert_ne!(normalized("profile", "a"), normalized("profile", "b"));
    }

    #[test]
    fn differences_mask_passwords() {
        let wanted = RouterObject {
            kind: ObjectKind::PppSecret,
            key: "budi".into(),
            attrs: vec![
                ("name", "budi".into()),
                ("password", "new-secret".into()),
                ("profile", "simpul-20m".into()),
                ("disabled", "no".into()),
            ],
        };
        let actual = Row::new()
            .with("name", "budi")
            .with("password", "old-secret")
            .with("profile", "simpul-20m")
            .with("disabled", "false");
        let diffs = differences(ObjectKind::PppSecret, &actual, &wanted);
        assert_eq!(diffs.len(), 1);
        assert_eq!(diffs[0].name, "password");
        assert!(!diffs[0].router.contains("old") && !diffs[0].wanted.contains("new"));
    }

    #[test]
    fn traps_are_permanent_and_silence_is_transient() {
        let trap = Error::Trap {
            category: Some(1),
            message: "input does not match any value of profile".into(),
        };
        assert!(matches!(ApplyError::from(trap), ApplyError::Permanent(_)));
        let gone = Error::ConnectionLost("reset".into());
        assert!(matches!(ApplyError::from(gone), ApplyError::Transient(_)));
    }
}
