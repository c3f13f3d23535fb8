//! The provisioning outbox and drift as admins see them.

use crate::i18n::Msg;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The kinds of router objects Simpul writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ObjectKind {
    PppProfile,
    PppSecret,
    HotspotProfile,
    HotspotUser,
    SimpleQueue,
    AddressList,
}

impl ObjectKind {
    pub const ALL: [ObjectKind; 6] = [
        ObjectKind::PppProfile,
        ObjectKind::HotspotProfile,
        ObjectKind::PppSecret,
        ObjectKind::HotspotUser,
        ObjectKind::SimpleQueue,
        ObjectKind::AddressList,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::PppProfile => "ppp_profile",
            ObjectKind::PppSecret => "ppp_secret",
            ObjectKind::HotspotProfile => "hotspot_profile",
            ObjectKind::HotspotUser => "hotspot_user",
            ObjectKind::SimpleQueue => "simple_queue",
            ObjectKind::AddressList => "address_list",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The RouterOS menu holding this kind.
    pub fn menu(self) -> &'static str {
        match self {
            ObjectKind::PppProfile => "/ppp/profile",
            ObjectKind::PppSecret => "/ppp/secret",
            ObjectKind::HotspotProfile => "/ip/hotspot/user/profile",
            ObjectKind::HotspotUser => "/ip/hotspot/user",
            ObjectKind::SimpleQueue => "/queue/simple",
            ObjectKind::AddressList => "/ip/firewall/address-list",
        }
    }

    /// The property that names an object of this kind (its key in the outbox).
    pub fn key_property(self) -> &'static str {
        match self {
            ObjectKind::AddressList => "address",
            _ => "name",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JobAction {
    /// Make the object match what Simpul wants now (add, update or remove it).
    Sync,
    /// End the live session of a user so a change applies now.
    Kick,
}

impl JobAction {
    pub fn as_str(self) -> &'static str {
        match self {
            JobAction::Sync => "sync",
            JobAction::Kick => "kick",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "sync" => Some(JobAction::Sync),
            "kick" => Some(JobAction::Kick),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JobState {
    Pending,
    Done,
    Failed,
    Cancelled,
}

impl JobState {
    pub const ALL: [JobState; 4] = [
        JobState::Pending,
        JobState::Done,
        JobState::Failed,
        JobState::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Pending => "pending",
            JobState::Done => "done",
            JobState::Failed => "failed",
            JobState::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> Msg {
        match self {
            JobState::Pending => Msg::JobPending,
            JobState::Done => Msg::JobDone,
            JobState::Failed => Msg::JobFailed,
            JobState::Cancelled => Msg::JobCancelled,
        }
    }
}

/// One outbox row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub id: i64,
    pub nas_id: i64,
    pub nas_name: String,
    pub action: JobAction,
    pub kind: ObjectKind,
    pub key: String,
    pub subscription_id: Option<i64>,
    pub plan_id: Option<i64>,
    pub reason: String,
    pub state: JobState,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub outcome: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// How a router object differs from what Simpul wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DriftProblem {
    /// Simpul wants it; the router does not have it.
    Missing,
    /// Tagged as Simpul's, but nothing in Simpul wants it any more.
    Extra,
    /// Present, with properties that differ.
    Different,
    /// Simpul wants it, but the router's object of that name is not Simpul's.
    Foreign,
}

impl DriftProblem {
    pub fn label(self) -> Msg {
        match self {
            DriftProblem::Missing => Msg::DriftMissing,
            DriftProblem::Extra => Msg::DriftExtra,
            DriftProblem::Different => Msg::DriftDifferent,
            DriftProblem::Foreign => Msg::DriftForeign,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriftItem {
    pub kind: ObjectKind,
    pub key: String,
    pub problem: DriftProblem,
    /// For `Different`: "profile: router has legacy-10M, Simpul wants simpul-20m".
    pub fields: Vec<FieldDiff>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDiff {
    pub name: String,
    /// Masked for passwords.
    pub router: String,
    pub wanted: String,
}

/// The last reconciliation of one router.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DriftReport {
    pub nas_id: i64,
    pub checked_at: Option<DateTime<Utc>>,
    pub items: Vec<DriftItem>,
    /// The router could not be read: its words.
    pub error: Option<String>,
    /// Outbox rows still waiting for this router.
    pub pending_jobs: i64,
}

/// A secret found on a router that Simpul does not manage yet (import review screen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCandidate {
    pub name: String,
    pub profile: String,
    pub comment: String,
    pub disabled: bool,
    pub remote_address: String,
    pub last_caller_id: String,
    /// The plan whose profile this is, when there is one.
    pub plan_id: Option<i64>,
    /// What the review screen proposes as the customer's name.
    pub suggested_name: String,
}

/// A profile found on the router, and the plan it corresponds to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProfile {
    pub name: String,
    pub rate_limit: String,
    pub plan_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ImportPreview {
    pub nas_id: i64,
    pub candidates: Vec<ImportCandidate>,
    pub profiles: Vec<ImportProfile>,
}

/// One reviewed row: adopt secret `name` as a line of a new customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ImportChoice {
    pub name: String,
    pub customer_name: String,
    pub phone: String,
    /// `None`: make a plan from the secret's profile (price 0, to be set by an admin).
    pub plan_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ImportResult {
    pub customers: usize,
    pub plans: usize,
    pub lines: usize,
    /// Rows that could not be adopted, with the reason (gone from the router, name taken).
    pub skipped: Vec<(String, Msg)>,
}

/// How Simpul provisions one router: on or off, and how it isolates lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct NasProvisioning {
    pub nas_id: i64,
    /// The worker applies changes to this router only when on.
    pub provisioning: bool,
    /// `true`: list fixed addresses in the address-list instead of moving them to the
    /// isolir profile (lines without a fixed address always move).
    pub isolir_by_address_list: bool,
    pub isolir_profile: String,
    /// Pool for the isolir profile's addresses (an isolation subnet); empty for none.
    pub isolir_pool: String,
    /// `rate-limit` of the isolir profile, e.g. `512k/512k`.
    pub isolir_rate_limit: String,
    pub isolir_address_list: String,
}

impl NasProvisioning {
    pub fn check(&self) -> crate::error::FieldErrors {
        use crate::plans::model::{parse_rate_limit, router_name_ok};
        let mut errors = crate::error::FieldErrors::new();
        if !router_name_ok(self.isolir_profile.trim(), 40) {
            errors.add("isolir_profile", Msg::ValRouterName);
        }
        let pool = self.isolir_pool.trim();
        if !pool.is_empty() && !router_name_ok(pool, 40) {
            errors.add("isolir_pool", Msg::ValRouterName);
        }
        if !router_name_ok(self.isolir_address_list.trim(), 40) {
            errors.add("isolir_address_list", Msg::ValRouterName);
        }
        let rate = self.isolir_rate_limit.trim();
        if rate.len() > 60 || parse_rate_limit(rate).is_none() {
            errors.add("isolir_rate_limit", Msg::ValRate);
        }
        errors
    }
}

/// An outbox row's outcome in the reader's language. Rows store a stable English code
/// (`added`, `updated profile, disabled`, `superseded by #12`, …) so they stay greppable in
/// the database and logs; anything unknown is shown as stored.
pub fn outcome_text(outcome: &str, locale: crate::i18n::Locale) -> String {
    let fixed = match outcome {
        "added" => Some(Msg::OutcomeAdded),
        "unchanged" => Some(Msg::OutcomeUnchanged),
        "removed" => Some(Msg::OutcomeRemoved),
        "absent" => Some(Msg::OutcomeAbsent),
        "left alone (not managed by Simpul)" => Some(Msg::OutcomeLeftAlone),
        "cancelled by an admin" => Some(Msg::OutcomeCancelled),
        "no session" | "no sessions for this kind" => Some(Msg::OutcomeNoSession),
        _ => None,
    };
    if let Some(msg) = fixed {
        return msg.text(locale).to_owned();
    }
    let with = |msg: Msg, rest: &str| format!("{} {rest}", msg.text(locale));
    if let Some(fields) = outcome.strip_prefix("updated ") {
        return with(Msg::OutcomeUpdated, fields);
    }
    if let Some(job) = outcome.strip_prefix("superseded by ") {
        return with(Msg::OutcomeSuperseded, job);
    }
    if let Some(n) = outcome
        .strip_prefix("ended ")
        .and_then(|r| r.strip_suffix(" session(s)"))
    {
        return with(Msg::OutcomeSessionsEnded, n);
    }
    outcome.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn outcomes_read_in_the_readers_language() {
        assert_eq!(outcome_text("added", Locale::Id), "ditambahkan");
        assert_eq!(outcome_text("added", Locale::En), "added");
        assert_eq!(
            outcome_text("updated profile, disabled", Locale::Id),
            "diperbarui: profile, disabled"
        );
        assert_eq!(
            outcome_text("superseded by #12", Locale::Id),
            "digantikan oleh #12"
        );
        assert_eq!(
            outcome_text("ended 2 session(s)", Locale::En),
            "sessions ended: 2"
        );
        assert_eq!(outcome_text("something new", Locale::Id), "something new");
    }
}
