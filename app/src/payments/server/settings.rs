//! The gateway section of the billing settings: keys sealed at rest, write-only on screen,
//! audited without their values.

use serde::Serialize;
use sqlx::{PgConnection, PgPool};

use super::gateways::{
    self, GatewayOverrides, MIDTRANS_KEY_PURPOSE, TRIPAY_API_KEY_PURPOSE,
    TRIPAY_PRIVATE_KEY_PURPOSE,
};
use crate::audit::server::AuditEvent;
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::payments::model::{GatewaySettingsDraft, GatewaySettingsView};
use crate::request::{Actor, AppContext};
use crate::secrets::SecretBox;

fn overridden(overrides: &GatewayOverrides) -> Vec<String> {
    [
        (
            "SIMPUL_MIDTRANS_SERVER_KEY",
            overrides.midtrans_server_key.is_some(),
        ),
        (
            "SIMPUL_MIDTRANS_SNAP_URL",
            overrides.midtrans_snap_url.is_some(),
        ),
        (
            "SIMPUL_MIDTRANS_API_URL",
            overrides.midtrans_api_url.is_some(),
        ),
        ("SIMPUL_TRIPAY_API_KEY", overrides.tripay_api_key.is_some()),
        (
            "SIMPUL_TRIPAY_PRIVATE_KEY",
            overrides.tripay_private_key.is_some(),
        ),
        (
            "SIMPUL_TRIPAY_MERCHANT_CODE",
            overrides.tripay_merchant_code.is_some(),
        ),
        ("SIMPUL_TRIPAY_URL", overrides.tripay_url.is_some()),
    ]
    .into_iter()
    .filter(|(_, set)| *set)
    .map(|(name, _)| name.to_owned())
    .collect()
}

pub async fn view(ctx: &AppContext) -> ServiceResult<GatewaySettingsView> {
    let mut conn = ctx.pool.acquire().await?;
    let row = sqlx::query!(
        r#"SELECT midtrans_enabled, midtrans_server_key IS NOT NULL AS "has_midtrans!",
                  midtrans_snap_url, midtrans_api_url, tripay_enabled,
                  tripay_api_key IS NOT NULL AS "has_api!",
                  tripay_private_key IS NOT NULL AS "has_private!", tripay_merchant_code,
                  tripay_url, payment_expiry_minutes
           FROM billing_settings WHERE id = 1"#
    )
    .fetch_one(&mut *conn)
    .await?;
    let active = gateways::load(&mut conn, &ctx.secrets, &ctx.gateways).await?;
    let base = &ctx.auth.public_url;
    Ok(GatewaySettingsView {
        draft: GatewaySettingsDraft {
            midtrans_enabled: row.midtrans_enabled,
            midtrans_server_key: String::new(),
            midtrans_snap_url: row.midtrans_snap_url,
            midtrans_api_url: row.midtrans_api_url,
            tripay_enabled: row.tripay_enabled,
            tripay_api_key: String::new(),
            tripay_private_key: String::new(),
            tripay_merchant_code: row.tripay_merchant_code,
            tripay_url: row.tripay_url,
            payment_expiry_minutes: row.payment_expiry_minutes.to_string(),
        },
        has_midtrans_key: row.has_midtrans,
        has_tripay_api_key: row.has_api,
        has_tripay_private_key: row.has_private,
        overridden_by_env: overridden(&ctx.gateways),
        midtrans_notification_url: format!("{base}/api/payments/midtrans/notification"),
        tripay_callback_url: format!("{base}/api/payments/tripay/callback"),
        midtrans_active: active.midtrans.is_some(),
        tripay_active: active.tripay.is_some(),
    })
}

#[derive(Serialize, PartialEq)]
struct Audited {
    midtrans_enabled: bool,
    midtrans_snap_url: String,
    midtrans_api_url: String,
    tripay_enabled: bool,
    tripay_merchant_code: String,
    tripay_url: String,
    payment_expiry_minutes: i32,
}

async fn audited(conn: &mut PgConnection) -> ServiceResult<Audited> {
    Ok(sqlx::query_as!(
        Audited,
        r#"SELECT midtrans_enabled, midtrans_snap_url, midtrans_api_url, tripay_enabled,
                  tripay_merchant_code, tripay_url, payment_expiry_minutes
           FROM billing_settings WHERE id = 1"#
    )
    .fetch_one(conn)
    .await?)
}

/// A stored key is sent to the gateway's URL: when the URL changes, the key must be typed
/// again, so whoever edits the settings cannot send the stored key to a host of their own.
async fn require_keys_for_new_urls(
    conn: &mut PgConnection,
    draft: &GatewaySettingsDraft,
) -> ServiceResult<()> {
    let stored = sqlx::query!(
        r#"SELECT midtrans_snap_url, midtrans_api_url, tripay_url,
                  midtrans_server_key IS NOT NULL AS "has_midtrans!",
                  tripay_api_key IS NOT NULL AS "has_api!",
                  tripay_private_key IS NOT NULL AS "has_private!"
           FROM billing_settings WHERE id = 1"#
    )
    .fetch_one(conn)
    .await?;
    let mut errors = FieldErrors::new();
    let midtrans_moved = stored.midtrans_snap_url != draft.midtrans_snap_url.trim()
        || stored.midtrans_api_url != draft.midtrans_api_url.trim();
    if midtrans_moved && stored.has_midtrans && draft.midtrans_server_key.trim().is_empty() {
        errors.add("midtrans_server_key", Msg::GatewayKeyReenter);
    }
    if stored.tripay_url != draft.tripay_url.trim() {
        if stored.has_api && draft.tripay_api_key.trim().is_empty() {
            errors.add("tripay_api_key", Msg::GatewayKeyReenter);
        }
        if stored.has_private && draft.tripay_private_key.trim().is_empty() {
            errors.add("tripay_private_key", Msg::GatewayKeyReenter);
        }
    }
    errors.into_result()?;
    Ok(())
}

/// Saves the gateway section. A key field left empty keeps the stored key.
pub async fn save(
    db: &PgPool,
    secrets: &SecretBox,
    actor: &Actor,
    draft: GatewaySettingsDraft,
) -> ServiceResult<()> {
    let expiry = draft.check()?;
    let seal = |purpose: &str, value: &str| -> ServiceResult<Option<Vec<u8>>> {
        let value = value.trim();
        if value.is_empty() {
            return Ok(None);
        }
        secrets.seal(purpose, value).map(Some).map_err(|error| {
            tracing::error!(%error, "sealing a gateway key failed");
            AppError::Internal.into()
        })
    };
    let midtrans_key = seal(MIDTRANS_KEY_PURPOSE, &draft.midtrans_server_key)?;
    let api_key = seal(TRIPAY_API_KEY_PURPOSE, &draft.tripay_api_key)?;
    let private_key = seal(TRIPAY_PRIVATE_KEY_PURPOSE, &draft.tripay_private_key)?;
    let keys_changed: Vec<&str> = [
        ("midtrans_server_key", midtrans_key.is_some()),
        ("tripay_api_key", api_key.is_some()),
        ("tripay_private_key", private_key.is_some()),
    ]
    .into_iter()
    .filter(|(_, changed)| *changed)
    .map(|(name, _)| name)
    .collect();
    let mut tx = db.begin().await?;
    let before = audited(&mut tx).await?;
    require_keys_for_new_urls(&mut tx, &draft).await?;
    sqlx::query!(
        r#"UPDATE billing_settings
           SET midtrans_enabled = $1, midtrans_server_key = COALESCE($2, midtrans_server_key),
               midtrans_snap_url = $3, midtrans_api_url = $4, tripay_enabled = $5,
               tripay_api_key = COALESCE($6, tripay_api_key),
               tripay_private_key = COALESCE($7, tripay_private_key),
               tripay_merchant_code = $8, tripay_url = $9, payment_expiry_minutes = $10,
               updated_at = now()
           WHERE id = 1"#,
        draft.midtrans_enabled,
        midtrans_key,
        draft.midtrans_snap_url.trim(),
        draft.midtrans_api_url.trim(),
        draft.tripay_enabled,
        api_key,
        private_key,
        draft.tripay_merchant_code.trim(),
        draft.tripay_url.trim(),
        expiry
    )
    .execute(&mut *tx)
    .await?;
    let after = audited(&mut tx).await?;
    if before != after || !keys_changed.is_empty() {
        #[derive(Serialize)]
        struct WithKeys<'a> {
            #[serde(flatten)]
            settings: &'a Audited,
            // Which keys were replaced; never their values.
            keys_replaced: &'a [&'a str],
        }
        AuditEvent::new("billing.gateways.update", "billing_settings", 1)
            .before(&before)
            .after(&WithKeys {
                settings: &after,
                keys_replaced: &keys_changed,
            })
            .write(&mut tx, actor)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
