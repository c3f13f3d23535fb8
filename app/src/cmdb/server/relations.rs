//! Relating CIs and undoing it, audited. The database refuses feed loops and ports used
//! twice; those refusals come back as field errors of the relation form.

use serde::Serialize;
use sqlx::{PgConnection, PgPool};

use crate::audit::server::AuditEvent;
use crate::cmdb::model::{RelationDraft, RelationKind};
use crate::cmdb::server::repo;
use crate::error::server::{on_constraint, ServiceResult};
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::request::Actor;

const REFUSALS: [(&str, &str, Msg); 5] = [
    ("ci_relations_feed_loop", "to_ci", Msg::ValCiFeedLoop),
    ("ci_relations_pair_key", "to_ci", Msg::ValCiRelationExists),
    (
        "ci_relations_out_port_key",
        "from_port",
        Msg::ValCiPortTaken,
    ),
    ("ci_relations_in_port_key", "to_port", Msg::ValCiPortTaken),
    ("ci_relations_not_self", "to_ci", Msg::ValCiRelationSelf),
];

#[derive(Serialize)]
struct RelationAudit<'a> {
    kind: &'static str,
    from_ci: i64,
    from_code: &'a str,
    to_ci: i64,
    to_code: &'a str,
    from_port: Option<i32>,
    to_port: Option<i32>,
    note: &'a str,
}

/// Adds a relation; answers its id.
pub async fn add(db: &PgPool, actor: &Actor, draft: RelationDraft) -> ServiceResult<i64> {
    let mut tx = db.begin().await?;
    let id = add_in(&mut tx, actor, draft).await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds a relation inside the caller's transaction.
pub async fn add_in(
    tx: &mut PgConnection,
    actor: &Actor,
    draft: RelationDraft,
) -> ServiceResult<i64> {
    let checked = draft.check()?;
    repo::lock_plant(&mut *tx).await?;
    let from = repo::get(&mut *tx, draft.from_ci).await?;
    let to = match repo::get(&mut *tx, draft.to_ci).await {
        Ok(ci) => ci,
        Err(crate::error::server::ServiceError::App(AppError::NotFound)) => {
            return Err(FieldErrors::single("to_ci", Msg::ValCiUnknown).into())
        }
        Err(other) => return Err(other),
    };
    if let Some(port) = checked.from_port {
        let class = repo::class(&mut *tx, &from.class).await?;
        let capacity = class
            .and_then(|c| c.ports_key)
            .and_then(|key| from.attributes.iter().find(|v| v.key == key).cloned())
            .and_then(|v| v.value.parse::<i32>().ok());
        if capacity.is_some_and(|capacity| port > capacity) {
            return Err(FieldErrors::single("from_port", Msg::ValCiPortBeyondCapacity).into());
        }
        let broken: bool = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM ci_broken_ports WHERE ci_id = $1 AND port = $2)
               AS "broken!""#,
            from.id.0,
            port
        )
        .fetch_one(&mut *tx)
        .await?;
        if broken {
            return Err(FieldErrors::single("from_port", Msg::ValCiPortBroken).into());
        }
    }
    let id = sqlx::query_scalar!(
        r#"INSERT INTO ci_relations (kind, from_ci, to_ci, from_port, to_port, note)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"#,
        draft.kind.code(),
        draft.from_ci,
        draft.to_ci,
        checked.from_port,
        checked.to_port,
        checked.note,
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| on_constraint(e, &REFUSALS))?;
    AuditEvent::new("ci.relate", "ci", draft.from_ci)
        .after(&RelationAudit {
            kind: draft.kind.code(),
            from_ci: draft.from_ci,
            from_code: &from.code,
            to_ci: draft.to_ci,
            to_code: &to.code,
            from_port: checked.from_port,
            to_port: checked.to_port,
            note: &checked.note,
        })
        .write(&mut *tx, actor)
        .await?;
    Ok(id)
}

/// Removes a relation. A line's dependency on its router follows the line and cannot be
/// removed by hand.
pub async fn remove(db: &PgPool, actor: &Actor, id: i64) -> ServiceResult<()> {
    let mut tx = db.begin().await?;
    remove_in(&mut tx, actor, id).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a relation inside the caller's transaction.
pub async fn remove_in(tx: &mut PgConnection, actor: &Actor, id: i64) -> ServiceResult<()> {
    repo::lock_plant(&mut *tx).await?;
    let r = sqlx::query!(
        r#"SELECT r.kind, r.from_ci, r.to_ci, r.from_port, r.to_port, r.note,
                  f.code AS from_code, t.code AS to_code,
                  (f.subscription_id IS NOT NULL AND t.nas_id IS NOT NULL) AS "managed!"
           FROM ci_relations r JOIN cis f ON f.id = r.from_ci JOIN cis t ON t.id = r.to_ci
           WHERE r.id = $1 FOR UPDATE OF r"#,
        id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let kind = RelationKind::parse(&r.kind).unwrap_or_default();
    if r.managed && kind == RelationKind::DependsOn {
        return Err(AppError::Conflict(Msg::CiRelationManaged).into());
    }
    sqlx::query!("DELETE FROM ci_relations WHERE id = $1", id)
        .execute(&mut *tx)
        .await?;
    AuditEvent::new("ci.unrelate", "ci", r.from_ci)
        .before(&RelationAudit {
            kind: kind.code(),
            from_ci: r.from_ci,
            from_code: &r.from_code,
            to_ci: r.to_ci,
            to_code: &r.to_code,
            from_port: r.from_port,
            to_port: r.to_port,
            note: &r.note,
        })
        .write(&mut *tx, actor)
        .await?;
    Ok(())
}
