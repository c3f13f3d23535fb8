//! Which gateways are on and how to reach them: the billing settings row (keys sealed at
//! rest), overridden field by field by environment variables, so an operator can keep keys
//! out of the database entirely.

use std::fmt;
use std::time::Duration;

use paygate::{midtrans, tripay};
use sqlx::PgConnection;

use crate::error::server::ServiceResult;
use crate::secrets::SecretBox;

pub const MIDTRANS_KEY_PURPOSE: &str = "billing.midtrans_server_key";
pub const TRIPAY_API_KEY_PURPOSE: &str = "billing.tripay_api_key";
pub const TRIPAY_PRIVATE_KEY_PURPOSE: &str = "billing.tripay_private_key";

/// Calls made while a customer waits (creating an attempt) and by the poller.
const CALL_TIMEOUT: Duration = Duration::from_secs(15);

/// `SIMPUL_MIDTRANS_*` and `SIMPUL_TRIPAY_*`: each one set wins over the settings screen.
#[derive(Clone, Default)]
pub struct GatewayOverrides {
    pub midtrans_server_key: Option<String>,
    pub midtrans_snap_url: Option<String>,
    pub midtrans_api_url: Option<String>,
    pub tripay_api_key: Option<String>,
    pub tripay_private_key: Option<String>,
    pub tripay_merchant_code: Option<String>,
    pub tripay_url: Option<String>,
}

impl fmt::Debug for GatewayOverrides {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = |v: &Option<String>| if v.is_some() { "set" } else { "unset" };
        f.debug_struct("GatewayOverrides")
            .field("midtrans_server_key", &set(&self.midtrans_server_key))
            .field("midtrans_snap_url", &self.midtrans_snap_url)
            .field("midtrans_api_url", &self.midtrans_api_url)
            .field("tripay_api_key", &set(&self.tripay_api_key))
            .field("tripay_private_key", &set(&self.tripay_private_key))
            .field("tripay_merchant_code", &self.tripay_merchant_code)
            .field("tripay_url", &self.tripay_url)
            .finish()
    }
}

impl GatewayOverrides {
    /// Reads the variables through `var` (the environment, or a test's map); empty values
    /// count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        GatewayOverrides {
            midtrans_server_key: var("SIMPUL_MIDTRANS_SERVER_KEY"),
            midtrans_snap_url: var("SIMPUL_MIDTRANS_SNAP_URL"),
            midtrans_api_url: var("SIMPUL_MIDTRANS_API_URL"),
            tripay_api_key: var("SIMPUL_TRIPAY_API_KEY"),
            tripay_private_key: var("SIMPUL_TRIPAY_PRIVATE_KEY"),
            tripay_merchant_code: var("SIMPUL_TRIPAY_MERCHANT_CODE"),
            tripay_url: var("SIMPUL_TRIPAY_URL"),
        }
    }

    pub fn midtrans_forced(&self) -> bool {
        self.midtrans_server_key.is_some()
    }

    pub fn tripay_forced(&self) -> bool {
        self.tripay_api_key.is_some()
    }
}

/// The gateways in use right now, ready to call.
#[derive(Clone, Debug)]
pub struct Gateways {
    pub midtrans: Option<midtrans::Client>,
    pub tripay: Option<tripay::Client>,
    pub expiry_minutes: i64,
}

/// Reads the settings row, opens the sealed keys and applies the overrides. A key that no
/// longer opens (the secret key changed) leaves its gateway off and says so in the log.
pub async fn load(
    conn: &mut PgConnection,
    secrets: &SecretBox,
    overrides: &GatewayOverrides,
) -> ServiceResult<Gateways> {
    load_with_timeout(conn, secrets, overrides, CALL_TIMEOUT).await
}

/// As [`load`], with clients whose calls give up after `timeout`.
pub async fn load_with_timeout(
    conn: &mut PgConnection,
    secrets: &SecretBox,
    overrides: &GatewayOverrides,
    timeout: Duration,
) -> ServiceResult<Gateways> {
    let row = sqlx::query!(
        r#"SELECT midtrans_enabled, midtrans_server_key, midtrans_snap_url, midtrans_api_url,
                  tripay_enabled, tripay_api_key, tripay_private_key, tripay_merchant_code,
                  tripay_url, payment_expiry_minutes
           FROM billing_settings WHERE id = 1"#
    )
    .fetch_one(conn)
    .await?;
    let open = |purpose: &str, sealed: &Option<Vec<u8>>| -> Option<String> {
        let sealed = sealed.as_ref()?;
        match secrets.open(purpose, sealed) {
            Ok(value) => Some(value),
            Err(error) => {
                tracing::error!(purpose, %error, "a sealed gateway key does not open");
                None
            }
        }
    };
    let midtrans_key = overrides.midtrans_server_key.clone().or_else(|| {
        row.midtrans_enabled
            .then(|| open(MIDTRANS_KEY_PURPOSE, &row.midtrans_server_key))
            .flatten()
    });
    let midtrans = midtrans_key.map(|server_key| {
        midtrans::Client::new(
            midtrans::Config {
                server_key,
                snap_url: overrides
                    .midtrans_snap_url
                    .clone()
                    .unwrap_or(row.midtrans_snap_url),
                api_url: overrides
                    .midtrans_api_url
                    .clone()
                    .unwrap_or(row.midtrans_api_url),
            },
            timeout,
        )
    });
    let tripay_on = row.tripay_enabled || overrides.tripay_forced();
    let api_key = overrides
        .tripay_api_key
        .clone()
        .or_else(|| open(TRIPAY_API_KEY_PURPOSE, &row.tripay_api_key));
    let private_key = overrides
        .tripay_private_key
        .clone()
        .or_else(|| open(TRIPAY_PRIVATE_KEY_PURPOSE, &row.tripay_private_key));
    let merchant_code = overrides
        .tripay_merchant_code
        .clone()
        .unwrap_or(row.tripay_merchant_code);
    let tripay = match (tripay_on, api_key, private_key) {
        (true, Some(api_key), Some(private_key)) if !merchant_code.is_empty() => {
            Some(tripay::Client::new(
                tripay::Config {
                    api_key,
                    private_key,
                    merchant_code,
                    base_url: overrides.tripay_url.clone().unwrap_or(row.tripay_url),
                },
                timeout,
            ))
        }
        _ => None,
    };
    Ok(Gateways {
        midtrans,
        tripay,
        expiry_minutes: i64::from(row.payment_expiry_minutes),
    })
}
