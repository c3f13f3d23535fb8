//! MikroTik routers that terminate customers' lines (NAS), as staff see and edit them.
//! Passwords never appear here: the browser only learns whether one is set.

use crate::error::FieldErrors;
use crate::i18n::Msg;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How Simpul talks to a router.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ApiKind {
    /// The binary API on TCP 8728 (RouterOS 6 and 7).
    #[default]
    Binary,
    /// The binary API over TLS on 8729 (api-ssl).
    BinaryTls,
    /// RouterOS 7 REST over HTTPS (www-ssl).
    RestHttps,
    /// RouterOS 7.9+ REST over plain HTTP (www): only on a trusted management network.
    RestHttp,
}

impl ApiKind {
    pub const ALL: [ApiKind; 4] = [
        ApiKind::Binary,
        ApiKind::BinaryTls,
        ApiKind::RestHttps,
        ApiKind::RestHttp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApiKind::Binary => "binary",
            ApiKind::BinaryTls => "binary_tls",
            ApiKind::RestHttps => "rest_https",
            ApiKind::RestHttp => "rest_http",
        }
    }

    pub fn parse(text: &str) -> Option<ApiKind> {
        ApiKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    pub fn default_port(self) -> u16 {
        match self {
            ApiKind::Binary => 8728,
            ApiKind::BinaryTls => 8729,
            ApiKind::RestHttps => 443,
            ApiKind::RestHttp => 80,
        }
    }

    pub fn label(self) -> Msg {
        match self {
            ApiKind::Binary => Msg::ApiKindBinary,
            ApiKind::BinaryTls => Msg::ApiKindBinaryTls,
            ApiKind::RestHttps => Msg::ApiKindRestHttps,
            ApiKind::RestHttp => Msg::ApiKindRestHttp,
        }
    }

    /// Whether the connection is encrypted, so certificate checking means something.
    pub fn uses_tls(self) -> bool {
        matches!(self, ApiKind::BinaryTls | ApiKind::RestHttps)
    }
}

/// What the form sends. An empty password keeps the stored one (required on create).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NasDraft {
    pub id: i64,
    pub name: String,
    pub site: String,
    pub host: String,
    pub api_kind: ApiKind,
    pub port: i32,
    /// Check the router's certificate (TLS kinds); off accepts self-signed or anonymous.
    pub tls_verify: bool,
    pub username: String,
    pub password: String,
    /// Reserved for RADIUS (issue: NAS records); empty keeps what is stored.
    pub radius_secret: String,
    /// Comma separated.
    pub tags: String,
    pub notes: String,
    pub active: bool,
}

pub const MAX_TAGS: usize = 10;

impl NasDraft {
    /// Trims what people paste; tags lower-cased and de-duplicated.
    pub fn normalized(mut self) -> Self {
        self.name = self.name.trim().to_owned();
        self.site = self.site.trim().to_owned();
        self.host = self.host.trim().to_owned();
        self.username = self.username.trim().to_owned();
        self.notes = self.notes.trim().to_owned();
        self.tags = self.tag_list().join(", ");
        self
    }

    pub fn tag_list(&self) -> Vec<String> {
        let mut tags: Vec<String> = Vec::new();
        for tag in self.tags.split(',').map(|t| t.trim().to_lowercase()) {
            if !tag.is_empty() && !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        tags
    }

    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if self.name.is_empty() {
            errors.add("name", Msg::ValRequired);
        } else if self.name.chars().count() > 80 {
            errors.add("name", Msg::ValTooLong);
        }
        if self.site.chars().count() > 120 {
            errors.add("site", Msg::ValTooLong);
        }
        if self.host.is_empty() {
            errors.add("host", Msg::ValRequired);
        } else if !is_host(&self.host) {
            errors.add("host", Msg::ValHost);
        }
        if !(1..=65_535).contains(&self.port) {
            errors.add("port", Msg::ValPort);
        }
        if self.username.is_empty() {
            errors.add("username", Msg::ValRequired);
        } else if self.username.chars().count() > 64 {
            errors.add("username", Msg::ValTooLong);
        }
        if self.id == 0 && self.password.is_empty() {
            errors.add("password", Msg::ValRequired);
        }
        if self.password.chars().count() > 128 || self.radius_secret.chars().count() > 128 {
            errors.add(
                if self.password.chars().count() > 128 {
                    "password"
                } else {
                    "radius_secret"
                },
                Msg::ValTooLong,
            );
        }
        let tags = self.tag_list();
        if tags.len() > MAX_TAGS || tags.iter().any(|t| t.chars().count() > 30) {
            errors.add("tags", Msg::ValTags);
        }
        if self.notes.chars().count() > 4000 {
            errors.add("notes", Msg::ValTooLong);
        }
        errors
    }
}

/// A host name or an IPv4/IPv6 address, without scheme, port or path.
pub fn is_host(host: &str) -> bool {
    if host.parse::<std::net::IpAddr>().is_ok() {
        return true;
    }
    host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum NasState {
    /// Not checked yet (or switched off).
    #[default]
    Unknown,
    Up,
    Down,
}

impl NasState {
    pub fn parse(text: &str) -> NasState {
        match text {
            "up" => NasState::Up,
            "down" => NasState::Down,
            _ => NasState::Unknown,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            NasState::Unknown => "unknown",
            NasState::Up => "up",
            NasState::Down => "down",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            NasState::Unknown => Msg::NasStateUnknown,
            NasState::Up => Msg::NasStateUp,
            NasState::Down => Msg::NasStateDown,
        }
    }
}

/// What the router says about itself (`/system/identity`, `/system/resource`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RouterFacts {
    pub identity: String,
    pub version: String,
    pub board: String,
    pub uptime: String,
    pub cpu_load: Option<i32>,
    pub free_memory: Option<i64>,
    pub total_memory: Option<i64>,
}

/// The monitor's last look at a router.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NasStatus {
    pub state: NasState,
    pub checked_at: Option<DateTime<Utc>>,
    pub last_seen_at: Option<DateTime<Utc>>,
    /// The router's (or the network's) words, verbatim.
    pub last_error: Option<String>,
    pub facts: Option<RouterFacts>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nas {
    pub id: i64,
    pub name: String,
    pub site: String,
    pub host: String,
    pub api_kind: ApiKind,
    pub port: i32,
    pub tls_verify: bool,
    pub username: String,
    pub has_radius_secret: bool,
    pub tags: Vec<String>,
    pub notes: String,
    pub active: bool,
    pub status: NasStatus,
}

impl Nas {
    /// Whether `draft` still addresses this router the same way. The stored password may
    /// only be reused then: otherwise anyone allowed to edit could send it to a host of
    /// their choosing.
    pub fn same_endpoint(&self, draft: &NasDraft) -> bool {
        self.host.eq_ignore_ascii_case(&draft.host)
            && self.port == draft.port
            && self.api_kind == draft.api_kind
            && self.username == draft.username
            && self.tls_verify == draft.tls_verify
    }

    pub fn draft(&self) -> NasDraft {
        NasDraft {
            id: self.id,
            name: self.name.clone(),
            site: self.site.clone(),
            host: self.host.clone(),
            api_kind: self.api_kind,
            port: self.port,
            tls_verify: self.tls_verify,
            username: self.username.clone(),
            password: String::new(),
            radius_secret: String::new(),
            tags: self.tags.join(", "),
            notes: self.notes.clone(),
            active: self.active,
        }
    }
}

/// One row of any router table, in the router's own order and words.
pub type RouterRow = Vec<(String, String)>;

/// What the detail page reads live from the router.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NasLive {
    pub facts: RouterFacts,
    pub interfaces: Vec<RouterRow>,
    pub profiles: Vec<RouterRow>,
    pub sessions: Vec<RouterRow>,
}

/// The answer to a terminal command: the columns seen in any row, then every row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TerminalOutput {
    pub command: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// `=ret=` of `count-only`.
    pub ret: Option<String>,
}

pub fn cell<'a>(row: &'a RouterRow, name: &str) -> &'a str {
    row.iter()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> NasDraft {
        NasDraft {
            name: "NAS Jakarta".into(),
            host: "10.0.0.1".into(),
            port: 8728,
            username: "simpul".into(),
            password: "x".into(),
            active: true,
            ..NasDraft::default()
        }
    }

    #[test]
    fn a_complete_draft_is_valid() {
        assert!(draft().validate().is_empty());
    }

    #[test]
    fn hosts_ports_and_passwords_are_checked() {
        for bad in [
            "http://10.0.0.1",
            "10.0.0.1:8728",
            "router one",
            "-a.example",
            "",
        ] {
            let d = NasDraft {
                host: bad.into(),
                ..draft()
            };
            assert!(d.validate().get("host").is_some(), "{bad}");
        }
        for good in ["nas-1.isp.co.id", "192.0.2.1", "2001:db8::1", "router"] {
            let d = NasDraft {
                host: good.into(),
                ..draft()
            };
            assert!(d.validate().get("host").is_none(), "{good}");
        }
        assert!(NasDraft { port: 0, ..draft() }
            .validate()
            .get("port")
            .is_some());
        assert!(NasDraft {
            port: 70_000,
            ..draft()
        }
        .validate()
        .get("port")
        .is_some());
        assert!(NasDraft {
            password: String::new(),
            ..draft()
        }
        .validate()
        .get("password")
        .is_some());
        // Editing keeps the stored password when none is typed.
        assert!(NasDraft {
            id: 3,
            password: String::new(),
            ..draft()
        }
        .validate()
        .is_empty());
    }

    #[test]
    fn tags_are_trimmed_lowered_and_deduplicated() {
        let d = NasDraft {
            tags: " Core, jakarta ,core,, POP-1".into(),
            ..draft()
        }
        .normalized();
        assert_eq!(d.tag_list(), ["core", "jakarta", "pop-1"]);
        let many = (0..11)
            .map(|n| format!("t{n}"))
            .collect::<Vec<_>>()
            .join(",");
        assert!(NasDraft {
            tags: many,
            ..draft()
        }
        .validate()
        .get("tags")
        .is_some());
    }

    #[test]
    fn kinds_round_trip_and_know_their_ports() {
        for kind in ApiKind::ALL {
            assert_eq!(ApiKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(ApiKind::BinaryTls.default_port(), 8729);
    }
}
