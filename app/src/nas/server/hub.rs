//! Connections to routers. Each NAS gets one long-lived client (a pool of tagged sessions
//! for the binary API, an HTTP client for REST), reused by every request and the monitor,
//! and replaced when the record's connection settings change.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use routeros::{ClientConfig, Pool, PoolConfig, RestClient, RestConfig, RouterApi, TlsMode};

use crate::nas::model::ApiKind;

/// Everything needed to reach one router, password opened.
#[derive(Clone, PartialEq, Eq)]
pub struct RouterTarget {
    pub nas_id: i64,
    pub name: String,
    pub host: String,
    pub port: u16,
    pub kind: ApiKind,
    pub tls_verify: bool,
    pub username: String,
    pub password: String,
}

impl std::fmt::Debug for RouterTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RouterTarget")
            .field("nas_id", &self.nas_id)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// Router commands answer within this, or the page shows a timeout.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(10);

/// A client for `target`, not shared (for "test connection" on unsaved settings).
pub fn client_for(target: &RouterTarget) -> Result<Arc<dyn RouterApi>, routeros::Error> {
    let tls_mode = if target.tls_verify {
        TlsMode::Verify
    } else {
        TlsMode::AcceptAny
    };
    match target.kind {
        ApiKind::Binary | ApiKind::BinaryTls => {
            let mut config = ClientConfig::new(&target.host, &target.username, &target.password)
                .port(target.port)
                .connect_timeout(Duration::from_secs(5))
                .command_timeout(COMMAND_TIMEOUT);
            if target.kind == ApiKind::BinaryTls {
                config = config.tls(tls_mode).port(target.port);
            }
            let pool = PoolConfig {
                max_connections: 2,
                ..PoolConfig::default()
            };
            let pool = Arc::new(Pool::new(config, pool));
            // Drops sessions that went silent; the task ends when the pool is dropped.
            pool.spawn_health_checks();
            Ok(pool)
        }
        ApiKind::RestHttps | ApiKind::RestHttp => {
            let scheme = if target.kind == ApiKind::RestHttps {
                "https"
            } else {
                "http"
            };
            let host = if target.host.contains(':') {
                format!("[{}]", target.host)
            } else {
                target.host.clone()
            };
            let mut config = RestConfig::new(
                format!("{scheme}://{host}:{}", target.port),
                &target.username,
                &target.password,
            );
            config.accept_invalid_certs = !target.tls_verify;
            config.timeout = COMMAND_TIMEOUT;
            Ok(Arc::new(RestClient::new(config)?))
        }
    }
}

/// A client and the settings it was made from.
type KnownClient = (RouterTarget, Arc<dyn RouterApi>);

/// Which router sessions held an address, as read a moment ago: (NAS id, session name).
pub type AddressOwners = Vec<(i64, String)>;

/// How long an address lookup is reused: a redirected browser sends many requests.
const OWNERS_TTL: Duration = Duration::from_secs(15);
/// Lookups kept at most; beyond it the oldest answers are simply forgotten.
const OWNERS_CAP: usize = 10_000;

/// The shared clients, one per NAS, and recent answers to "who has this address".
#[derive(Clone, Default)]
pub struct RouterHub {
    clients: Arc<Mutex<HashMap<i64, KnownClient>>>,
    owners: Arc<Mutex<HashMap<String, (Instant, AddressOwners)>>>,
}

impl std::fmt::Debug for RouterHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RouterHub")
    }
}

impl RouterHub {
    /// The client for this NAS, made anew if its settings changed since last time.
    pub fn client(&self, target: &RouterTarget) -> Result<Arc<dyn RouterApi>, routeros::Error> {
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((known, client)) = clients.get(&target.nas_id) {
            if known == target {
                return Ok(client.clone());
            }
        }
        let client = client_for(target)?;
        clients.insert(target.nas_id, (target.clone(), client.clone()));
        Ok(client)
    }

    /// The routers' answer for `address` if it was read within the last few seconds.
    pub fn recent_owners(&self, address: &str) -> Option<AddressOwners> {
        let owners = self.owners.lock().unwrap_or_else(|p| p.into_inner());
        owners
            .get(address)
            .filter(|(at, _)| at.elapsed() < OWNERS_TTL)
            .map(|(_, found)| found.clone())
    }

    pub fn remember_owners(&self, address: &str, found: AddressOwners) {
        let mut owners = self.owners.lock().unwrap_or_else(|p| p.into_inner());
        if owners.len() >= OWNERS_CAP {
            owners.retain(|_, (at, _)| at.elapsed() < OWNERS_TTL);
            if owners.len() >= OWNERS_CAP {
                owners.clear();
            }
        }
        owners.insert(address.to_owned(), (Instant::now(), found));
    }

    /// Drops a NAS's client (its record changed or was switched off).
    pub fn forget(&self, nas_id: i64) {
        self.clients
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&nas_id);
    }
}
