//! Configuration items (CIs) of the network plant, their classes and relations, and what
//! impact analysis answers. Types here compile to WASM; the rules live beside them.

pub mod attributes;
pub mod csv;
pub mod graph;
pub mod map;
pub mod ports;

use crate::error::FieldErrors;
use crate::i18n::{Locale, Msg};
pub use crate::tickets::model::ConfigItemId;
use attributes::{AttributeDef, AttributeValue, Label};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// planned → installed → active → maintenance → retired.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lifecycle {
    Planned,
    Installed,
    #[default]
    Active,
    Maintenance,
    Retired,
}

impl Lifecycle {
    pub const ALL: [Lifecycle; 5] = [
        Lifecycle::Planned,
        Lifecycle::Installed,
        Lifecycle::Active,
        Lifecycle::Maintenance,
        Lifecycle::Retired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Lifecycle::Planned => "planned",
            Lifecycle::Installed => "installed",
            Lifecycle::Active => "active",
            Lifecycle::Maintenance => "maintenance",
            Lifecycle::Retired => "retired",
        }
    }

    pub fn parse(code: &str) -> Option<Lifecycle> {
        Lifecycle::ALL.into_iter().find(|l| l.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Lifecycle::Planned => Msg::LifecyclePlanned,
            Lifecycle::Installed => Msg::LifecycleInstalled,
            Lifecycle::Active => Msg::LifecycleActive,
            Lifecycle::Maintenance => Msg::LifecycleMaintenance,
            Lifecycle::Retired => Msg::LifecycleRetired,
        }
    }
}

/// How two CIs are related; `from` and `to` read as a sentence: "ODC-1 feeds ODP-7".
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum RelationKind {
    /// Physical or logical supply, upstream → downstream, with ports.
    #[default]
    Feeds,
    DependsOn,
    HostedOn,
    /// A redundant path: `from` carries what `to` carries when `to` is down.
    BackupOf,
}

impl RelationKind {
    pub const ALL: [RelationKind; 4] = [
        RelationKind::Feeds,
        RelationKind::DependsOn,
        RelationKind::HostedOn,
        RelationKind::BackupOf,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RelationKind::Feeds => "feeds",
            RelationKind::DependsOn => "depends_on",
            RelationKind::HostedOn => "hosted_on",
            RelationKind::BackupOf => "backup_of",
        }
    }

    pub fn parse(code: &str) -> Option<RelationKind> {
        RelationKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The relation read from its `from` end ("feeds") or from its `to` end ("fed by").
    pub fn label(self, outgoing: bool) -> Msg {
        match (self, outgoing) {
            (RelationKind::Feeds, true) => Msg::RelationFeeds,
            (RelationKind::Feeds, false) => Msg::RelationFedBy,
            (RelationKind::DependsOn, true) => Msg::RelationDependsOn,
            (RelationKind::DependsOn, false) => Msg::RelationNeededBy,
            (RelationKind::HostedOn, true) => Msg::RelationHostedOn,
            (RelationKind::HostedOn, false) => Msg::RelationHosts,
            (RelationKind::BackupOf, true) => Msg::RelationBackupOf,
            (RelationKind::BackupOf, false) => Msg::RelationBackedUpBy,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiClass {
    pub code: String,
    pub name: Label,
    pub tier: i16,
    pub attributes: Vec<AttributeDef>,
    /// The attribute counting this class's downstream ports (an ODP's capacity).
    pub ports_key: Option<String>,
    /// Made and kept by Simpul from routers and lines; not created or renamed by hand.
    pub managed: bool,
}

impl CiClass {
    pub fn name(&self, locale: Locale) -> &str {
        self.name.text(locale)
    }
}

/// A CI as other rows mention it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiRef {
    pub id: ConfigItemId,
    pub class: String,
    pub code: String,
    pub name: String,
    pub lifecycle: Lifecycle,
}

/// One row of the CI list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CiRow {
    pub ci: CiRef,
    pub address: String,
    pub located: bool,
    pub owner_group: Option<String>,
    pub relations: i64,
}

/// The list's search and filters; `cursor` continues after the last row shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CiFilter {
    pub search: String,
    pub class: String,
    pub lifecycle: Option<Lifecycle>,
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ci {
    pub id: ConfigItemId,
    pub class: String,
    pub code: String,
    pub name: String,
    pub lifecycle: Lifecycle,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub address: String,
    pub owner_group_id: Option<i64>,
    pub owner_group: Option<String>,
    pub notes: String,
    pub attributes: Vec<AttributeValue>,
    /// The router this CI stands for.
    pub nas_id: Option<i64>,
    /// The line this premise stands for, and its customer.
    pub subscription_id: Option<i64>,
    pub customer_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Ci {
    pub fn draft(&self) -> CiDraft {
        CiDraft {
            id: self.id.0,
            class: self.class.clone(),
            code: self.code.clone(),
            name: self.name.clone(),
            lifecycle: self.lifecycle,
            latitude: self.latitude.map(|v| v.to_string()).unwrap_or_default(),
            longitude: self.longitude.map(|v| v.to_string()).unwrap_or_default(),
            address: self.address.clone(),
            owner_group_id: self.owner_group_id,
            notes: self.notes.clone(),
            attributes: self.attributes.clone(),
        }
    }
}

/// What the form sends; `id` 0 creates. Coordinates as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CiDraft {
    pub id: i64,
    pub class: String,
    pub code: String,
    pub name: String,
    pub lifecycle: Lifecycle,
    pub latitude: String,
    pub longitude: String,
    pub address: String,
    pub owner_group_id: Option<i64>,
    pub notes: String,
    pub attributes: Vec<AttributeValue>,
}

/// A draft that passed its checks against its class.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedCi {
    pub code: String,
    pub name: String,
    pub lifecycle: Lifecycle,
    pub coordinates: Option<(f64, f64)>,
    pub address: String,
    pub owner_group_id: Option<i64>,
    pub notes: String,
    pub attributes: Vec<AttributeValue>,
}

/// Codes of CIs Simpul makes itself; hand-made CIs may not take them.
pub fn code_is_reserved(code: &str) -> bool {
    let upper = code.to_ascii_uppercase();
    ["NAS-", "LINE-"].iter().any(|prefix| {
        upper
            .strip_prefix(prefix)
            .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()))
    })
}

/// Letters, digits and `._/-`, starting with a letter or digit, at most 40.
pub fn code_is_valid(code: &str) -> bool {
    let mut chars = code.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && code.len() <= 40
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '/' | '-'))
}

impl CiDraft {
    /// Checks the draft against its class. A managed CI keeps its code, name and lifecycle
    /// from the record it stands for, so only the rest is checked for it.
    pub fn check(&self, class: &CiClass) -> Result<CheckedCi, FieldErrors> {
        let mut errors = FieldErrors::new();
        let code = self.code.trim().to_owned();
        let name = self.name.trim().to_owned();
        if !class.managed {
            if !code_is_valid(&code) {
                errors.add("code", Msg::ValCiCode);
            } else if self.id == 0 && code_is_reserved(&code) {
                errors.add("code", Msg::ValCiCodeReserved);
            }
            if name.is_empty() {
                errors.add("name", Msg::ValRequired);
            } else if name.chars().count() > 160 {
                errors.add("name", Msg::ValTooLong);
            }
        }
        let coordinates =
            match crate::customers::model::parse_coordinates(&self.latitude, &self.longitude) {
                Ok(pair) => pair,
                Err((field, msg)) => {
                    errors.add(field, msg);
                    None
                }
            };
        let address = self.address.trim().to_owned();
        if address.chars().count() > 500 {
            errors.add("address", Msg::ValTooLong);
        }
        let notes = self.notes.trim().to_owned();
        if notes.chars().count() > 5000 {
            errors.add("notes", Msg::ValTooLong);
        }
        let attributes = attributes::validate(&class.attributes, &self.attributes, &mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CheckedCi {
            code,
            name,
            lifecycle: self.lifecycle,
            coordinates,
            address,
            owner_group_id: self.owner_group_id,
            notes,
            attributes,
        })
    }
}

/// A relation as seen from one of its CIs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationRow {
    pub id: i64,
    pub kind: RelationKind,
    /// This CI is the relation's `from` end.
    pub outgoing: bool,
    pub other: CiRef,
    pub from_port: Option<i32>,
    pub to_port: Option<i32>,
    pub note: String,
}

/// A new relation as the form sends it; ports as typed (feeds only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RelationDraft {
    pub kind: RelationKind,
    pub from_ci: i64,
    pub to_ci: i64,
    pub from_port: String,
    pub to_port: String,
    pub note: String,
}

/// A relation draft that passed its own checks (the database checks the rest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedRelation {
    pub from_port: Option<i32>,
    pub to_port: Option<i32>,
    pub note: String,
}

impl RelationDraft {
    pub fn check(&self) -> Result<CheckedRelation, FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.from_ci == self.to_ci {
            errors.add("to_ci", Msg::ValCiRelationSelf);
        }
        if self.to_ci <= 0 {
            errors.add("to_ci", Msg::ValRequired);
        }
        let mut port = |typed: &str, field: &str| -> Option<i32> {
            let typed = typed.trim();
            if typed.is_empty() {
                return None;
            }
            if self.kind != RelationKind::Feeds {
                errors.add(field, Msg::ValCiPortsOnlyFeeds);
                return None;
            }
            match typed.parse::<i32>() {
                Ok(n) if (1..=10_000).contains(&n) => Some(n),
                _ => {
                    errors.add(field, Msg::ValCiPortNumber);
                    None
                }
            }
        };
        let from_port = port(&self.from_port, "from_port");
        let to_port = port(&self.to_port, "to_port");
        let note = self.note.trim().to_owned();
        if note.chars().count() > 500 {
            errors.add("note", Msg::ValTooLong);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CheckedRelation {
            from_port,
            to_port,
            note,
        })
    }
}

/// Everything a CI page shows about the CI itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CiView {
    pub ci: Ci,
    pub class: CiClass,
    pub relations: Vec<RelationRow>,
    /// Ports of this CI taken by feeds, out of its class's port count (when it has one).
    pub ports_used: i64,
    pub ports_total: Option<i64>,
}

/// What the form needs: the classes and the groups that can own a CI.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiChoices {
    pub classes: Vec<CiClass>,
    pub groups: Vec<(i64, String)>,
}

/// A line that fails when the CI fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffectedLine {
    pub subscription_id: i64,
    pub premise: ConfigItemId,
    pub customer_id: i64,
    pub customer_name: String,
    pub business: bool,
    pub username: String,
    pub line_status: String,
    pub open_tickets: i64,
    /// A session on its router now; None when the router did not answer (or is down).
    pub online: Option<bool>,
}

/// How many CIs of one class fail with the CI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassCount {
    pub class: String,
    pub name: Label,
    pub count: i64,
}

/// What fails when a CI fails: everything downstream of it that no redundant path keeps
/// up, with the lines and customers among them (business customers first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Impact {
    pub by_class: Vec<ClassCount>,
    pub failed_cis: i64,
    /// Downstream CIs that stay up thanks to a backup or a second feed.
    pub kept_up: i64,
    pub lines: Vec<AffectedLine>,
    /// All affected lines, when `lines` shows only the first of them.
    pub line_count: i64,
    pub customers: i64,
    pub business_customers: i64,
    pub open_tickets: i64,
}

/// One step of the way up from a CI towards its routers and uplinks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathStep {
    /// 1 for what the CI hangs off directly, 2 above that, …
    pub depth: i32,
    pub ci: CiRef,
    /// How the CI one step down relates to this one.
    pub kind: RelationKind,
    pub below: ConfigItemId,
    pub from_port: Option<i32>,
    pub to_port: Option<i32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_made_by_simpul_are_reserved() {
        assert!(code_is_reserved("NAS-001"));
        assert!(code_is_reserved("line-000123"));
        assert!(!code_is_reserved("NAS-CORE"));
        assert!(!code_is_reserved("ODP-JKT-001"));
        assert!(code_is_valid("ODP-JKT/01.2"));
        assert!(!code_is_valid("-ODP"));
        assert!(!code_is_valid("ODP 1"));
        assert!(!code_is_valid(""));
    }

    #[test]
    fn ports_belong_to_feeds_only() {
        let draft = RelationDraft {
            kind: RelationKind::DependsOn,
            from_ci: 1,
            to_ci: 2,
            from_port: "3".into(),
            ..RelationDraft::default()
        };
        assert_eq!(
            draft.check().unwrap_err().get("from_port"),
            Some(Msg::ValCiPortsOnlyFeeds)
        );
        let feed = RelationDraft {
            kind: RelationKind::Feeds,
            from_port: "3".into(),
            to_port: "0".into(),
            ..draft
        };
        assert_eq!(
            feed.check().unwrap_err().get("to_port"),
            Some(Msg::ValCiPortNumber)
        );
        let same = RelationDraft {
            to_ci: 1,
            ..RelationDraft::default()
        };
        assert_eq!(
            RelationDraft { from_ci: 1, ..same }
                .check()
                .unwrap_err()
                .get("to_ci"),
            Some(Msg::ValCiRelationSelf)
        );
    }
}
