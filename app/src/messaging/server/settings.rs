//! The messaging channels' settings: which WhatsApp gateway, SMTP; secrets sealed at rest
//! and write-only on screen, changes audited without them.

use serde::Serialize;
use sqlx::{PgConnection, PgPool};

use super::channels::{Smtp, WhatsApp};
use crate::audit::server::AuditEvent;
use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::messaging::model::{ChannelSettingsDraft, ChannelSettingsView};
use crate::request::Actor;
use crate::secrets::SecretBox;

pub const WHATSAPP_TOKEN_PURPOSE: &str = "messaging.whatsapp_token";
pub const SMTP_PASSWORD_PURPOSE: &str = "messaging.smtp_password";

/// The channels ready to use; `None` where a channel is off.
pub struct Channels {
    pub whatsapp: Option<WhatsApp>,
    pub email: Option<Smtp>,
}

pub async fn channels(conn: &mut PgConnection, secrets: &SecretBox) -> ServiceResult<Channels> {
    let row = sqlx::query!(
        r#"SELECT whatsapp_provider, fonnte_url, whatsapp_token, template_method, template_url,
                  template_body, email_enabled, smtp_host, smtp_port, smtp_security,
                  smtp_username, smtp_password, email_from
           FROM messaging_settings WHERE id = 1"#
    )
    .fetch_one(conn)
    .await?;
    let open = |purpose: &str, sealed: &Option<Vec<u8>>| {
        sealed
            .as_ref()
            .and_then(|s| match secrets.open(purpose, s) {
                Ok(value) => Some(value),
                Err(error) => {
                    tracing::error!(purpose, %error, "a sealed messaging secret does not open");
                    None
                }
            })
    };
    let token = open(WHATSAPP_TOKEN_PURPOSE, &row.whatsapp_token);
    let whatsapp = match row.whatsapp_provider.as_str() {
        "fonnte" => token.map(|token| WhatsApp::Fonnte {
            url: row.fonnte_url,
            token,
        }),
        "url_template" => Some(WhatsApp::Template {
            method: row.template_method,
            url: row.template_url,
            body: row.template_body,
            token,
        }),
        _ => None,
    };
    let email = row.email_enabled.then(|| Smtp {
        host: row.smtp_host,
        port: u16::try_from(row.smtp_port).unwrap_or(587),
        security: row.smtp_security,
        username: row.smtp_username,
        password: open(SMTP_PASSWORD_PURPOSE, &row.smtp_password).unwrap_or_default(),
        from: row.email_from,
    });
    Ok(Channels { whatsapp, email })
}

pub async fn view(db: &PgPool) -> ServiceResult<ChannelSettingsView> {
    let row = sqlx::query!(
        r#"SELECT whatsapp_provider, fonnte_url, whatsapp_token IS NOT NULL AS "has_token!",
                  template_method, template_url, template_body, email_enabled, smtp_host,
                  smtp_port, smtp_security, smtp_username,
                  smtp_password IS NOT NULL AS "has_password!", email_from
           FROM messaging_settings WHERE id = 1"#
    )
    .fetch_one(db)
    .await?;
    Ok(ChannelSettingsView {
        draft: ChannelSettingsDraft {
            whatsapp_provider: row.whatsapp_provider,
            fonnte_url: row.fonnte_url,
            whatsapp_token: String::new(),
            template_method: row.template_method,
            template_url: row.template_url,
            template_body: row.template_body,
            email_enabled: row.email_enabled,
            smtp_host: row.smtp_host,
            smtp_port: row.smtp_port.to_string(),
            smtp_security: row.smtp_security,
            smtp_username: row.smtp_username,
            smtp_password: String::new(),
            email_from: row.email_from,
        },
        has_whatsapp_token: row.has_token,
        has_smtp_password: row.has_password,
    })
}

#[derive(Serialize, PartialEq)]
struct Audited {
    whatsapp_provider: String,
    fonnte_url: String,
    template_method: String,
    template_url: String,
    email_enabled: bool,
    smtp_host: String,
    smtp_port: i32,
    smtp_security: String,
    smtp_username: String,
    email_from: String,
}

async fn audited(conn: &mut PgConnection) -> ServiceResult<Audited> {
    Ok(sqlx::query_as!(
        Audited,
        r#"SELECT whatsapp_provider, fonnte_url, template_method, template_url, email_enabled,
                  smtp_host, smtp_port, smtp_security, smtp_username, email_from
           FROM messaging_settings WHERE id = 1"#
    )
    .fetch_one(conn)
    .await?)
}

pub async fn save(
    db: &PgPool,
    secrets: &SecretBox,
    actor: &Actor,
    draft: ChannelSettingsDraft,
) -> ServiceResult<()> {
    let port = draft.check()?;
    let seal = |purpose: &str, value: &str| -> ServiceResult<Option<Vec<u8>>> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(None);
        }
        secrets.seal(purpose, value).map(Some).map_err(|error| {
            tracing::error!(%error, "sealing a messaging secret failed");
            AppError::Internal.into()
        })
    };
    let token = seal(WHATSAPP_TOKEN_PURPOSE, &draft.whatsapp_token)?;
    let password = seal(SMTP_PASSWORD_PURPOSE, &draft.smtp_password)?;
    let mut tx = db.begin().await?;
    let before = audited(&mut tx).await?;
    sqlx::query!(
        r#"UPDATE messaging_settings
           SET whatsapp_provider = $1, fonnte_url = $2,
               whatsapp_token = COALESCE($3, whatsapp_token), template_method = $4,
               template_url = $5, template_body = $6, email_enabled = $7, smtp_host = $8,
               smtp_port = $9, smtp_security = $10, smtp_username = $11,
               smtp_password = COALESCE($12, smtp_password), email_from = $13,
               updated_at = now()
           WHERE id = 1"#,
        draft.whatsapp_provider,
        draft.fonnte_url.trim(),
        token,
        draft.template_method,
        draft.template_url.trim(),
        draft.template_body,
        draft.email_enabled,
        draft.smtp_host.trim(),
        i32::from(port),
        draft.smtp_security,
        draft.smtp_username.trim(),
        password,
        draft.email_from.trim(),
    )
    .execute(&mut *tx)
    .await?;
    let after = audited(&mut tx).await?;
    let secrets_replaced: Vec<&str> = [
        ("whatsapp_token", !draft.whatsapp_token.trim().is_empty()),
        ("smtp_password", !draft.smtp_password.trim().is_empty()),
    ]
    .into_iter()
    .filter(|(_, replaced)| *replaced)
    .map(|(name, _)| name)
    .collect();
    if before != after || !secrets_replaced.is_empty() {
        AuditEvent::new("messaging.settings.update", "messaging_settings", 1)
            .before(&before)
            .after(&serde_json::json!({ "settings": after, "secrets_replaced": secrets_replaced }))
            .write(&mut tx, actor)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
