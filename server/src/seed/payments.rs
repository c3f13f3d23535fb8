//! The demo's payment gateways: Midtrans and Tripay both on, pointing at the gateway
//! simulator (`paygate-sim`) that `./simpul dev` and the end-to-end tests start beside the
//! RouterOS simulator, on the demo routers' base port + 40. The simulator's demo keys are
//! sealed like real ones. Left alone once any gateway key is stored, so an operator's own
//! configuration is never overwritten.

use app::error::server::{ServiceError, ServiceResult};
use app::payments::server::gateways::{
    MIDTRANS_KEY_PURPOSE, TRIPAY_API_KEY_PURPOSE, TRIPAY_PRIVATE_KEY_PURPOSE,
};
use app::secrets::SecretBox;
use sqlx::PgPool;

/// The simulator's default credentials (see `paygate_sim::DEMO_*`).
const MIDTRANS_SERVER_KEY: &str = "SB-Mid-server-simpul-demo";
const TRIPAY_API_KEY: &str = "DEV-simpul-demo";
const TRIPAY_PRIVATE_KEY: &str = "simpul-demo-private";
const TRIPAY_MERCHANT_CODE: &str = "T0001";

/// Where the demo's gateway simulator listens, given the demo routers' base port.
pub fn simulator_port(router_port: u16) -> u16 {
    router_port.saturating_add(40)
}

pub async fn seed(db: &PgPool, secrets: &SecretBox, router_port: u16) -> ServiceResult<()> {
    let seal = |purpose: &str, value: &str| {
        secrets
            .seal(purpose, value)
            .map_err(|e| ServiceError::Internal(e.to_string()))
    };
    let base = format!("http://127.0.0.1:{}", simulator_port(router_port));
    sqlx::query(
        r#"UPDATE billing_settings
           SET midtrans_enabled = true, midtrans_server_key = $1,
               midtrans_snap_url = $2 || '/snap/v1', midtrans_api_url = $2 || '/v2',
               tripay_enabled = true, tripay_api_key = $3, tripay_private_key = $4,
               tripay_merchant_code = $5, tripay_url = $2 || '/api-sandbox',
               payment_expiry_minutes = 120, updated_at = now()
           WHERE id = 1 AND midtrans_server_key IS NULL AND tripay_api_key IS NULL"#,
    )
    .bind(seal(MIDTRANS_KEY_PURPOSE, MIDTRANS_SERVER_KEY)?)
    .bind(&base)
    .bind(seal(TRIPAY_API_KEY_PURPOSE, TRIPAY_API_KEY)?)
    .bind(seal(TRIPAY_PRIVATE_KEY_PURPOSE, TRIPAY_PRIVATE_KEY)?)
    .bind(TRIPAY_MERCHANT_CODE)
    .execute(db)
    .await?;
    Ok(())
}
