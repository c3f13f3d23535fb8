//! Typed configuration, read once from environment variables at start. Every variable has a
//! default that suits a developer machine; README.md lists them all.

use app::request::{AuthSettings, ThrottleSettings};
use std::fmt;
use std::time::Duration;

/// A value that must not reach logs: `Debug` prints `[redacted]`.
#[derive(Clone)]
pub struct Secret<T>(T);

impl<T> Secret<T> {
    pub fn new(value: T) -> Self {
        Secret(value)
    }
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`; may hold a password.
    pub database_url: Secret<String>,
    pub db_max_connections: u32,
    /// `SIMPUL_PUBLIC_URL`: the address users reach; decides `Secure` cookies and link bases.
    pub public_url: String,
    pub session_idle: Duration,
    pub session_absolute: Duration,
    pub login_max_failures_per_account: i64,
    pub login_max_failures_per_ip: i64,
    pub login_lockout: Duration,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_proxy: bool,
    /// Bearer token that lets a scraper read `/metrics` without a session.
    pub metrics_token: Option<Secret<String>>,
    /// Insert the demo ISP at start (idempotent).
    pub seed_demo: bool,
    /// How often the SLA job looks for clocks past their warning or due time.
    pub sla_interval: Duration,
    /// Where uploaded files are kept (`<dir>/attachments/...`).
    pub data_dir: std::path::PathBuf,
    /// Largest accepted attachment.
    pub attachment_max_bytes: usize,
    /// `SIMPUL_SECRET_KEY`: base64 of 32 bytes sealing router passwords at rest; without it
    /// the key lives in `<data dir>/secret.key` (created on first start).
    pub secret_key: Option<Secret<String>>,
    /// How often every router's status is checked (`SIMPUL_NAS_CHECK_SECS`).
    pub nas_check_interval: Duration,
    /// How often the provisioning worker looks for rows due for a retry
    /// (`SIMPUL_PROVISION_SWEEP_SECS`); new rows wake it at once.
    pub provision_sweep: Duration,
    /// How often every router is reconciled (`SIMPUL_RECONCILE_SECS`).
    pub reconcile_interval: Duration,
    /// The ISP's name and contact shown to isolated customers (`SIMPUL_ISP_NAME`,
    /// `SIMPUL_ISP_CONTACT`).
    pub isp_name: String,
    pub isp_contact: String,
    /// First port of the demo's simulated routers (`SIMPUL_DEMO_ROUTER_PORT`); see
    /// `seed::network`.
    pub demo_router_port: u16,
    /// How many customers the demo adds beyond its five (`SIMPUL_DEMO_HOUSEHOLDS`).
    pub demo_households: usize,
    /// `SIMPUL_MIDTRANS_*` and `SIMPUL_TRIPAY_*`: gateway settings that win over the
    /// billing settings screen (Debug shows only whether keys are set).
    pub gateways: app::payments::server::gateways::GatewayOverrides,
    /// `SIMPUL_MAP_PMTILES`: a PMTiles file drawn under the network map, served at
    /// `/map/basemap.pmtiles` (wins over the tile URL).
    pub map_pmtiles: Option<std::path::PathBuf>,
    /// `SIMPUL_MAP_TILE_URL` (`https://…/{z}/{x}/{y}.png`) and
    /// `SIMPUL_MAP_TILE_ATTRIBUTION`: online XYZ tiles, for servers that reach them.
    pub map_tile_url: Option<String>,
    pub map_tile_attribution: String,
}

#[derive(Debug, thiserror::Error)]
#[error("invalid value for {name}: {value:?} ({reason})")]
pub struct ConfigError {
    name: &'static str,
    value: String,
    reason: &'static str,
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads through `lookup` so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        fn parse<T: std::str::FromStr>(
            name: &'static str,
            raw: Option<String>,
            default: T,
        ) -> Result<T, ConfigError> {
            match raw {
                None => Ok(default),
                Some(value) => value.trim().parse().map_err(|_| ConfigError {
                    name,
                    value,
                    reason: "not a number",
                }),
            }
        }
        let flag = |name: &'static str| -> Result<bool, ConfigError> {
            match get(name).map(|v| v.trim().to_ascii_lowercase()) {
                None => Ok(false),
                Some(v) if ["1", "true", "yes", "on"].contains(&v.as_str()) => Ok(true),
                Some(v) if ["0", "false", "no", "off"].contains(&v.as_str()) => Ok(false),
                Some(value) => Err(ConfigError {
                    name,
                    value,
                    reason: "expected true or false",
                }),
            }
        };
        let public_url = get("SIMPUL_PUBLIC_URL").unwrap_or_else(|| "http://127.0.0.1:3000".into());
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(ConfigError {
                name: "SIMPUL_PUBLIC_URL",
                value: public_url,
                reason: "must start with http:// or https://",
            });
        }
        let map_tile_url = get("SIMPUL_MAP_TILE_URL").map(|v| v.trim().to_owned());
        if let Some(url) = &map_tile_url {
            let templated = ["{z}", "{x}", "{y}"].iter().all(|p| url.contains(p));
            if !(url.starts_with("http://") || url.starts_with("https://")) || !templated {
                return Err(ConfigError {
                    name: "SIMPUL_MAP_TILE_URL",
                    value: url.clone(),
                    reason: "must be an http(s) URL with {z}, {x} and {y}",
                });
            }
        }
        let minutes = |m: u64| Duration::from_secs(m * 60);
        Ok(Config {
            map_pmtiles: get("SIMPUL_MAP_PMTILES").map(|v| v.trim().into()),
            map_tile_url,
            map_tile_attribution: get("SIMPUL_MAP_TILE_ATTRIBUTION").unwrap_or_default(),
            database_url: Secret::new(
                get("DATABASE_URL")
                    .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/simpul".into()),
            ),
            db_max_connections: parse(
                "SIMPUL_DB_MAX_CONNECTIONS",
                get("SIMPUL_DB_MAX_CONNECTIONS"),
                10,
            )?,
            public_url: public_url.trim_end_matches('/').to_owned(),
            session_idle: minutes(parse(
                "SIMPUL_SESSION_IDLE_MINUTES",
                get("SIMPUL_SESSION_IDLE_MINUTES"),
                120,
            )?),
            session_absolute: minutes(
                60 * parse(
                    "SIMPUL_SESSION_ABSOLUTE_HOURS",
                    get("SIMPUL_SESSION_ABSOLUTE_HOURS"),
                    12,
                )?,
            ),
            login_max_failures_per_account: parse(
                "SIMPUL_LOGIN_MAX_FAILURES",
                get("SIMPUL_LOGIN_MAX_FAILURES"),
                5,
            )?,
            login_max_failures_per_ip: parse(
                "SIMPUL_LOGIN_MAX_FAILURES_PER_IP",
                get("SIMPUL_LOGIN_MAX_FAILURES_PER_IP"),
                30,
            )?,
            login_lockout: minutes(parse(
                "SIMPUL_LOGIN_LOCKOUT_MINUTES",
                get("SIMPUL_LOGIN_LOCKOUT_MINUTES"),
                15,
            )?),
            trust_proxy: flag("SIMPUL_TRUST_PROXY")?,
            metrics_token: get("SIMPUL_METRICS_TOKEN").map(Secret::new),
            seed_demo: flag("SIMPUL_SEED_DEMO")?,
            sla_interval: Duration::from_secs(
                parse(
                    "SIMPUL_SLA_INTERVAL_SECS",
                    get("SIMPUL_SLA_INTERVAL_SECS"),
                    60u64,
                )?
                .max(1),
            ),
            data_dir: get("SIMPUL_DATA_DIR")
                .unwrap_or_else(|| "data".into())
                .into(),
            attachment_max_bytes: 1024
                * 1024
                * parse(
                    "SIMPUL_ATTACHMENT_MAX_MB",
                    get("SIMPUL_ATTACHMENT_MAX_MB"),
                    10usize,
                )?
                .clamp(1, 1024),
            secret_key: get("SIMPUL_SECRET_KEY").map(Secret::new),
            nas_check_interval: Duration::from_secs(
                parse("SIMPUL_NAS_CHECK_SECS", get("SIMPUL_NAS_CHECK_SECS"), 30u64)?.max(5),
            ),
            provision_sweep: Duration::from_secs(
                parse(
                    "SIMPUL_PROVISION_SWEEP_SECS",
                    get("SIMPUL_PROVISION_SWEEP_SECS"),
                    5u64,
                )?
                .max(1),
            ),
            reconcile_interval: Duration::from_secs(
                parse(
                    "SIMPUL_RECONCILE_SECS",
                    get("SIMPUL_RECONCILE_SECS"),
                    900u64,
                )?
                .max(30),
            ),
            isp_name: get("SIMPUL_ISP_NAME").unwrap_or_else(|| "Simpul Net".into()),
            isp_contact: get("SIMPUL_ISP_CONTACT").unwrap_or_default(),
            demo_router_port: parse(
                "SIMPUL_DEMO_ROUTER_PORT",
                get("SIMPUL_DEMO_ROUTER_PORT"),
                18728u16,
            )?,
            demo_households: parse(
                "SIMPUL_DEMO_HOUSEHOLDS",
                get("SIMPUL_DEMO_HOUSEHOLDS"),
                295usize,
            )?
            .min(5000),
            gateways: app::payments::server::gateways::GatewayOverrides::from_lookup(get),
        })
    }

    /// The key that seals secrets at rest: from `SIMPUL_SECRET_KEY`, else the key file in the
    /// data directory (created on first use).
    pub fn secret_box(&self) -> Result<app::secrets::SecretBox, app::secrets::SecretError> {
        match &self.secret_key {
            Some(key) => app::secrets::SecretBox::from_base64(key.expose()),
            None => app::secrets::SecretBox::load_or_create(&self.data_dir.join("secret.key")),
        }
    }

    /// What the network map draws under the plant.
    pub fn basemap(&self) -> app::cmdb::model::map::Basemap {
        use app::cmdb::model::map::Basemap;
        match (&self.map_pmtiles, &self.map_tile_url) {
            (Some(_), _) => Basemap::Pmtiles,
            (None, Some(url)) => Basemap::Xyz {
                url: url.clone(),
                attribution: self.map_tile_attribution.clone(),
            },
            (None, None) => Basemap::Blank,
        }
    }

    pub fn auth_settings(&self) -> AuthSettings {
        AuthSettings {
            session_idle: self.session_idle,
            session_absolute: self.session_absolute,
            secure_cookies: self.public_url.starts_with("https://"),
            public_url: self.public_url.clone(),
            reset_token_ttl: Duration::from_secs(3600),
            throttle: ThrottleSettings {
                max_failures_per_account: self.login_max_failures_per_account,
                max_failures_per_ip: self.login_max_failures_per_ip,
                window: self.login_lockout,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_suit_a_developer_machine() {
        let c = config(&[]).unwrap();
        assert_eq!(c.public_url, "http://127.0.0.1:3000");
        assert_eq!(c.session_idle, Duration::from_secs(7200));
        assert!(!c.auth_settings().secure_cookies);
        assert!(!c.seed_demo);
    }

    #[test]
    fn https_public_url_means_secure_cookies() {
        let c = config(&[("SIMPUL_PUBLIC_URL", "https://noc.example.id/")]).unwrap();
        assert_eq!(c.public_url, "https://noc.example.id");
        assert!(c.auth_settings().secure_cookies);
    }

    #[test]
    fn bad_values_are_named() {
        let err = config(&[("SIMPUL_SESSION_IDLE_MINUTES", "soon")]).unwrap_err();
        assert!(err.to_string().contains("SIMPUL_SESSION_IDLE_MINUTES"));
        assert!(config(&[("SIMPUL_SEED_DEMO", "maybe")]).is_err());
        assert!(config(&[("SIMPUL_PUBLIC_URL", "noc.example.id")]).is_err());
    }

    #[test]
    fn secrets_are_redacted() {
        let c = config(&[
            ("DATABASE_URL", "postgres://u:hunter2@db/x"),
            ("SIMPUL_METRICS_TOKEN", "tok"),
        ])
        .unwrap();
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("tok\""),
            "{shown}"
        );
    }
}
