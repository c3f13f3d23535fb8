//! The checklist and required evidence of each kind of order, edited by admins.

use sqlx::{PgConnection, PgPool};

use super::proof;
use crate::audit::server::AuditEvent;
use crate::error::server::ServiceResult;
use crate::field::model::{EvidenceKind, WorkOrderKind, WorkOrderTemplate};
use crate::request::Actor;

pub async fn all(conn: &mut PgConnection) -> ServiceResult<Vec<WorkOrderTemplate>> {
    let mut out = Vec::new();
    for kind in WorkOrderKind::ALL {
        let (checklist, evidence) = proof::template(&mut *conn, kind).await?;
        out.push(WorkOrderTemplate {
            kind,
            checklist,
            evidence,
        });
    }
    Ok(out)
}

/// Saves a kind's template. Orders already done keep what they were done with; open ones
/// follow the new checklist (ticks of removed items no longer count).
pub async fn save(db: &PgPool, actor: &Actor, template: &WorkOrderTemplate) -> ServiceResult<()> {
    template.check()?;
    let mut template = template.clone();
    for item in &mut template.checklist {
        item.id = item.id.trim().to_owned();
        item.en = item.en.trim().to_owned();
    }
    let evidence: Vec<&str> = EvidenceKind::ALL
        .into_iter()
        .filter(|k| template.evidence.contains(k))
        .map(EvidenceKind::code)
        .collect();
    let checklist = serde_json::to_value(&template.checklist)
        .map_err(|e| crate::error::server::ServiceError::Internal(e.to_string()))?;
    let mut tx = db.begin().await?;
    let before = {
        let (checklist, evidence) = proof::template(&mut tx, template.kind).await?;
        WorkOrderTemplate {
            kind: template.kind,
            checklist,
            evidence,
        }
    };
    sqlx::query!(
        r#"INSERT INTO work_order_templates (kind, checklist, evidence, updated_at)
           VALUES ($1, $2, $3, now())
           ON CONFLICT (kind) DO UPDATE
               SET checklist = EXCLUDED.checklist, evidence = EXCLUDED.evidence,
                   updated_at = now()"#,
        template.kind.code(),
        checklist,
        &evidence as &[&str]
    )
    .execute(&mut *tx)
    .await?;
    AuditEvent::new(
        "work_order_template.update",
        "work_order_template",
        template.kind.code(),
    )
    .before(&before)
    .after(&template)
    .write(&mut tx, actor)
    .await?;
    tx.commit().await?;
    Ok(())
}
