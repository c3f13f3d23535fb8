//! Creating and editing NAS records: validated, password sealed, audited without secrets.

use serde::Serialize;
use sqlx::PgPool;

use crate::audit::server::AuditEvent;
use crate::error::server::{on_constraint, ServiceError, ServiceResult};
use crate::i18n::Msg;
use crate::nas::model::{Nas, NasDraft};
use crate::nas::server::hub::RouterHub;
use crate::nas::server::repo::{self, PASSWORD_PURPOSE, RADIUS_PURPOSE};
use crate::request::Actor;
use crate::secrets::SecretBox;

/// What the audit log keeps of a NAS: everything but the secrets, and whether they changed.
#[derive(Serialize)]
struct NasAudit<'a> {
    name: &'a str,
    site: &'a str,
    host: &'a str,
    api_kind: &'static str,
    port: i32,
    tls_verify: bool,
    username: &'a str,
    password_changed: bool,
    radius_secret_changed: bool,
    tags: &'a [String],
    notes: &'a str,
    active: bool,
}

fn audit_view<'a>(nas: &'a Nas, password_changed: bool, radius_changed: bool) -> NasAudit<'a> {
    NasAudit {
        name: &nas.name,
        site: &nas.site,
        host: &nas.host,
        api_kind: nas.api_kind.as_str(),
        port: nas.port,
        tls_verify: nas.tls_verify,
        username: &nas.username,
        password_changed,
        radius_secret_changed: radius_changed,
        tags: &nas.tags,
        notes: &nas.notes,
        active: nas.active,
    }
}

pub async fn save(
    db: &PgPool,
    secrets: &SecretBox,
    hub: &RouterHub,
    actor: &Actor,
    draft: NasDraft,
) -> ServiceResult<Nas> {
    let draft = draft.normalized();
    draft.validate().into_result()?;
    let seal = |purpose, value: &str| -> ServiceResult<Option<Vec<u8>>> {
        if value.is_empty() {
            return Ok(None);
        }
        secrets
            .seal(purpose, value)
            .map(Some)
            .map_err(|e| ServiceError::Internal(e.to_string()))
    };
    let password = seal(PASSWORD_PURPOSE, &draft.password)?;
    let radius_secret = seal(RADIUS_PURPOSE, &draft.radius_secret)?;
    let tags = draft.tag_list();
    let mut tx = db.begin().await?;
    let before = if draft.id == 0 {
        None
    } else {
        sqlx::query!("SELECT id FROM nas WHERE id = $1 FOR UPDATE", draft.id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(crate::error::AppError::NotFound)?;
        Some(repo::get(&mut tx, draft.id).await?)
    };
    if let Some(before) = &before {
        if draft.password.is_empty() && !before.same_endpoint(&draft) {
            return Err(
                crate::error::FieldErrors::single("password", Msg::ValNasPasswordRetype).into(),
            );
        }
    }
    let unique = [
        ("nas_name_key", "name", Msg::ValNameTaken),
        ("nas_endpoint_key", "host", Msg::ValNasEndpointTaken),
    ];
    let id = match &before {
        None => {
            sqlx::query_scalar!(
                r#"INSERT INTO nas (name, site, host, api_kind, port, tls_verify, username,
                                password_sealed, radius_secret_sealed, tags, notes, active)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id"#,
                draft.name,
                draft.site,
                draft.host,
                draft.api_kind.as_str(),
                draft.port,
                draft.tls_verify,
                draft.username,
                password.clone().unwrap_or_default(),
                radius_secret,
                &tags,
                draft.notes,
                draft.active,
            )
            .fetch_one(&mut *tx)
            .await
        }
        Some(_) => {
            sqlx::query_scalar!(
                r#"UPDATE nas SET name = $2, site = $3, host = $4, api_kind = $5, port = $6,
                      tls_verify = $7, username = $8,
                      password_sealed = COALESCE($9, password_sealed),
                      radius_secret_sealed = COALESCE($10, radius_secret_sealed),
                      tags = $11, notes = $12, active = $13, updated_at = now(),
                      status = CASE WHEN $13 THEN status ELSE 'unknown' END
               WHERE id = $1 RETURNING id"#,
                draft.id,
                draft.name,
                draft.site,
                draft.host,
                draft.api_kind.as_str(),
                draft.port,
                draft.tls_verify,
                draft.username,
                password,
                radius_secret,
                &tags,
                draft.notes,
                draft.active,
            )
            .fetch_one(&mut *tx)
            .await
        }
    }
    .map_err(|e| on_constraint(e, &unique))?;
    let after = repo::get(&mut tx, id).await?;
    let changed = (!draft.password.is_empty(), !draft.radius_secret.is_empty());
    AuditEvent::saved(
        ("nas.create", "nas.update"),
        "nas",
        id,
        before
            .as_ref()
            .map(|b| audit_view(b, false, false))
            .as_ref(),
        &audit_view(&after, changed.0, changed.1),
    )
    .write(&mut tx, actor)
    .await?;
    tx.commit().await?;
    // The next request connects with the new settings.
    hub.forget(id);
    Ok(after)
}
