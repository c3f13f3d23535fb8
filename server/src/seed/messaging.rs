//! The demo's message channels: WhatsApp through Fonnte's API and email over SMTP, both
//! pointing at the message simulator (`notify-sim`) that `./simpul dev` and the end-to-end
//! tests start on the demo routers' base port + 50 (HTTP) and + 51 (SMTP sink). Left alone
//! once a provider is chosen, so an operator's own settings are never overwritten.

use app::error::server::{ServiceError, ServiceResult};
use app::messaging::server::settings::WHATSAPP_TOKEN_PURPOSE;
use app::secrets::SecretBox;
use sqlx::PgPool;

/// The simulator's default Fonnte token.
const FONNTE_TOKEN: &str = "simpul-demo-fonnte";

pub fn http_port(router_port: u16) -> u16 {
    router_port.saturating_add(50)
}

pub fn smtp_port(router_port: u16) -> u16 {
    router_port.saturating_add(51)
}

pub async fn seed(db: &PgPool, secrets: &SecretBox, router_port: u16) -> ServiceResult<()> {
    let token = secrets
        .seal(WHATSAPP_TOKEN_PURPOSE, FONNTE_TOKEN)
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    sqlx::query(
        r#"UPDATE messaging_settings
           SET whatsapp_provider = 'fonnte', fonnte_url = $1, whatsapp_token = $2,
               email_enabled = true, smtp_host = '127.0.0.1', smtp_port = $3,
               smtp_security = 'none', email_from = 'tagihan@simpul.test', updated_at = now()
           WHERE id = 1 AND whatsapp_provider = 'none' AND NOT email_enabled"#,
    )
    .bind(format!("http://127.0.0.1:{}/send", http_port(router_port)))
    .bind(token)
    .bind(i32::from(smtp_port(router_port)))
    .execute(db)
    .await?;
    Ok(())
}
