use crate::audit::model::AuditEntry;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Account head-counts for supervisors and admins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountStats {
    pub active_staff: i64,
    pub active_customers: i64,
    pub sign_ins_today: i64,
    pub failed_sign_ins_today: i64,
    pub outbox_pending: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// The sign-in before the current one.
    pub previous_sign_in: Option<DateTime<Utc>>,
    pub recent_activity: Vec<AuditEntry>,
    pub stats: Option<AccountStats>,
}
