use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor_label: Option<String>,
    pub actor_roles: Vec<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub ip: Option<String>,
}

/// Filters of the audit page; every field optional. Dates are calendar days in the viewer's
/// time zone, inclusive.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// Username or email of the actor at the time.
    pub actor: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl AuditFilter {
    /// Treats blank strings as "no filter".
    pub fn normalized(self) -> Self {
        let clean = |s: Option<String>| s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        AuditFilter {
            action: clean(self.action),
            entity: clean(self.entity),
            entity_id: clean(self.entity_id),
            actor: clean(self.actor).map(|s| s.to_lowercase()),
            from: self.from,
            to: self.to,
        }
    }
}
