//! Recording and removing the address blocks given to a router (audited).

use serde::Serialize;
use sqlx::PgPool;

use crate::audit::server::AuditEvent;
use crate::error::server::{on_constraint, ServiceResult};
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::ipam::model::PrefixDraft;
use crate::request::Actor;

const UNIQUE: [(&str, &str, Msg); 2] = [
    ("ip_prefixes_key", "prefix", Msg::ValIpPrefixTaken),
    ("ip_prefixes_nas_id_fkey", "nas_id", Msg::ValRequired),
];

#[derive(Serialize)]
struct PrefixAudit<'a> {
    nas_id: i64,
    prefix: &'a str,
    description: &'a str,
}

pub async fn add(db: &PgPool, actor: &Actor, draft: PrefixDraft) -> ServiceResult<i64> {
    let (network, len) = draft.check()?;
    let prefix = format!("{network}/{len}");
    let description = draft.description.trim();
    let mut tx = db.begin().await?;
    let router: Option<bool> =
        sqlx::query_scalar!("SELECT active FROM nas WHERE id = $1", draft.nas_id)
            .fetch_optional(&mut *tx)
            .await?;
    if router.is_none() {
        return Err(FieldErrors::single("nas_id", Msg::ValRequired).into());
    }
    let id = sqlx::query_scalar!(
        "INSERT INTO ip_prefixes (nas_id, prefix, description) VALUES ($1, $2::text::cidr, $3) RETURNING id",
        draft.nas_id,
        prefix,
        description
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| on_constraint(e, &UNIQUE))?;
    AuditEvent::new("ip_prefix.create", "ip_prefix", id)
        .after(&PrefixAudit {
            nas_id: draft.nas_id,
            prefix: &prefix,
            description,
        })
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn remove(db: &PgPool, actor: &Actor, id: i64) -> ServiceResult<()> {
    let mut tx = db.begin().await?;
    let Some(row) = sqlx::query!(
        r#"DELETE FROM ip_prefixes WHERE id = $1
           RETURNING nas_id, prefix::text AS "prefix!", description"#,
        id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        return Err(AppError::NotFound.into());
    };
    AuditEvent::new("ip_prefix.delete", "ip_prefix", id)
        .before(&PrefixAudit {
            nas_id: row.nas_id,
            prefix: &row.prefix,
            description: &row.description,
        })
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}
