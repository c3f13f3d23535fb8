//! One simulated router: what it is (spec), its configuration (store), its traffic, and the
//! faults a test asked it to show.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::store::Store;
use crate::traffic::Traffic;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub name: String,
    pub password: String,
}

/// What a simulated router is and how it behaves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RouterSpec {
    /// `/system/identity` name; also names the router in the simulator's state file.
    pub name: String,
    /// Binary API port (0 picks a free one).
    pub api_port: u16,
    /// API-SSL port, if served.
    pub tls_port: Option<u16>,
    /// API-SSL without a certificate: anonymous Diffie-Hellman only, as RouterOS does.
    pub tls_anonymous: bool,
    /// REST (`/rest`) over plain HTTP, as `www` serves it since 7.9.
    pub rest_port: Option<u16>,
    pub users: Vec<User>,
    pub version: String,
    pub board: String,
    /// Behave like RouterOS before 6.43: `/login` answers with an MD5 challenge.
    pub legacy_login: bool,
    /// Behave like RouterOS 7.18+: a print without rows answers `!empty` before `!done`.
    pub empty_replies: bool,
    /// How long an enabled secret or hotspot user takes to come online.
    pub session_delay_ms: u64,
}

impl Default for RouterSpec {
    fn default() -> Self {
        RouterSpec {
            name: "MikroTik".into(),
            api_port: 0,
            tls_port: None,
            tls_anonymous: false,
            rest_port: None,
            users: vec![User {
                name: "admin".into(),
                password: String::new(),
            }],
            version: String::new(),
            board: "CCR2004-16G-2S+".into(),
            legacy_login: false,
            empty_replies: false,
            session_delay_ms: 2_000,
        }
    }
}

impl RouterSpec {
    pub fn new(name: impl Into<String>) -> Self {
        RouterSpec {
            name: name.into(),
            ..RouterSpec::default()
        }
    }

    pub fn user(mut self, name: impl Into<String>, password: impl Into<String>) -> Self {
        self.users = vec![User {
            name: name.into(),
            password: password.into(),
        }];
        self
    }

    /// The version this router reports, matching its login and reply behaviour.
    pub fn reported_version(&self) -> String {
        if !self.version.is_empty() {
            self.version.clone()
        } else if self.legacy_login {
            "6.42.12 (long-term)".into()
        } else if self.empty_replies {
            "7.18.2 (stable)".into()
        } else {
            "7.16.2 (stable)".into()
        }
    }

    pub fn password_of(&self, user: &str) -> Option<&str> {
        self.users
            .iter()
            .find(|u| u.name == user)
            .map(|u| u.password.as_str())
    }
}

/// Faults a test can switch on while the router runs.
#[derive(Debug, Default)]
pub struct Faults {
    latency_ms: AtomicU64,
    drop_after: AtomicU64,
    refuse_logins: AtomicBool,
}

impl Faults {
    /// Delay before every answer.
    pub fn set_latency(&self, latency: Duration) {
        self.latency_ms
            .store(latency.as_millis() as u64, Ordering::Relaxed);
    }

    pub fn latency(&self) -> Duration {
        Duration::from_millis(self.latency_ms.load(Ordering::Relaxed))
    }

    /// Each session is cut (without a reply) when it sends its command number `n + 1`;
    /// `None` turns this off.
    pub fn drop_after(&self, commands: Option<u64>) {
        self.drop_after
            .store(commands.map_or(0, |n| n + 1), Ordering::Relaxed);
    }

    pub(crate) fn drops_at(&self) -> Option<u64> {
        match self.drop_after.load(Ordering::Relaxed) {
            0 => None,
            n => Some(n - 1),
        }
    }

    pub fn refuse_logins(&self, refuse: bool) {
        self.refuse_logins.store(refuse, Ordering::Relaxed);
    }

    pub fn refuses_logins(&self) -> bool {
        self.refuse_logins.load(Ordering::Relaxed)
    }
}

pub struct Router {
    pub spec: RouterSpec,
    pub faults: Faults,
    store: Mutex<Store>,
    traffic: Mutex<Traffic>,
    started: Instant,
}

impl Router {
    pub fn new(spec: RouterSpec) -> Arc<Router> {
        let store = Store::new(&spec.name);
        Arc::new(Router {
            spec,
            faults: Faults::default(),
            store: Mutex::new(store),
            traffic: Mutex::new(Traffic::default()),
            started: Instant::now(),
        })
    }

    /// The configuration. Poisoning is ignored: the store is kept consistent per call.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn traffic(&self) -> MutexGuard<'_, Traffic> {
        self.traffic.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn uptime(&self) -> Duration {
        self.started.elapsed()
    }
}
