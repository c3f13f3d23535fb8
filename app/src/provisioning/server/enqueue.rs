//! Writing outbox rows. Every function takes the business change's own transaction, so a
//! change and its provisioning commit together or not at all.

use sqlx::PgConnection;

use super::desired::{line_keys, profile_kind};
use crate::error::server::ServiceResult;
use crate::plans::model::ConnectionType;
use crate::provisioning::model::{JobAction, ObjectKind};
use crate::request::Actor;

/// One row to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobSpec {
    pub nas_id: i64,
    pub action: JobAction,
    pub kind: ObjectKind,
    pub key: String,
    pub subscription_id: Option<i64>,
    pub plan_id: Option<i64>,
}

pub async fn enqueue(
    tx: &mut PgConnection,
    actor: &Actor,
    spec: &JobSpec,
    reason: &str,
) -> ServiceResult<i64> {
    let id = sqlx::query_scalar!(
        r#"INSERT INTO provisioning_jobs
               (nas_id, action, object_kind, object_key, subscription_id, plan_id, reason,
                created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"#,
        spec.nas_id,
        spec.action.as_str(),
        spec.kind.as_str(),
        spec.key,
        spec.subscription_id,
        spec.plan_id,
        reason,
        actor.user_id.map(|u| u.0),
    )
    .fetch_one(&mut *tx)
    .await?;
    if let Some(subscription) = spec.subscription_id {
        sqlx::query!(
            "UPDATE subscriptions SET provision_state = 'queued' WHERE id = $1",
            subscription
        )
        .execute(&mut *tx)
        .await?;
    }
    Ok(id)
}

/// Where a subscription's objects live: enough to name every row for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinePlacement {
    pub subscription_id: i64,
    pub nas_id: i64,
    pub connection_type: ConnectionType,
    pub username: String,
    pub static_ip: Option<String>,
    pub plan_id: i64,
    pub profile_name: String,
}

impl LinePlacement {
    fn specs(&self, action: JobAction) -> Vec<JobSpec> {
        line_keys(
            self.connection_type,
            &self.username,
            self.static_ip.as_deref(),
        )
        .into_iter()
        .filter(|(kind, _)| action == JobAction::Sync || *kind != ObjectKind::AddressList)
        .map(|(kind, key)| JobSpec {
            nas_id: self.nas_id,
            action,
            kind,
            key,
            subscription_id: Some(self.subscription_id),
            plan_id: None,
        })
        .collect()
    }

    fn profile_spec(&self) -> Option<JobSpec> {
        Some(JobSpec {
            nas_id: self.nas_id,
            action: JobAction::Sync,
            kind: profile_kind(self.connection_type)?,
            key: self.profile_name.clone(),
            subscription_id: None,
            plan_id: Some(self.plan_id),
        })
    }
}

/// Rows for a subscription that changed from `before` (None: new) to `after`: its plan's
/// profile and the isolir profile first (so they exist), then its objects where they were
/// and where they are now, then a kick when the live session must pick the change up.
pub async fn line_changed(
    tx: &mut PgConnection,
    actor: &Actor,
    before: Option<&LinePlacement>,
    after: &LinePlacement,
    isolir_profile: Option<&str>,
    kick: bool,
    reason: &str,
) -> ServiceResult<()> {
    let mut specs: Vec<JobSpec> = Vec::new();
    if let Some(profile) = after.profile_spec() {
        if let Some(isolir) = isolir_profile {
            specs.push(JobSpec {
                key: isolir.to_owned(),
                plan_id: None,
                ..profile.clone()
            });
        }
        specs.push(profile);
    }
    if let Some(before) = before {
        specs.extend(before.specs(JobAction::Sync));
    }
    specs.extend(after.specs(JobAction::Sync));
    if kick {
        // The session lives where the line was; a moved line is kicked off the old router.
        let at = before.unwrap_or(after);
        specs.extend(at.specs(JobAction::Kick));
    }
    let mut written: Vec<JobSpec> = Vec::new();
    for spec in specs {
        if !written.contains(&spec) {
            enqueue(tx, actor, &spec, reason).await?;
            written.push(spec);
        }
    }
    Ok(())
}
