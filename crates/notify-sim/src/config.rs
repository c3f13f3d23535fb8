//! What one simulator instance is set up with. The defaults are the demo's, so the binary
//! runs with no flags and the app's demo config can name the same token.

use std::fmt;
use std::path::PathBuf;

/// The Fonnte token the demo uses (`Authorization: simpul-demo-fonnte`).
pub const DEMO_FONNTE_TOKEN: &str = "simpul-demo-fonnte";

/// What the SMTP sink advertises as `SIZE` and enforces (10 MiB).
pub const DEFAULT_MAX_MAIL_SIZE: usize = 10_485_760;

#[derive(Clone)]
pub struct SimConfig {
    /// Fonnte `Authorization` header value (no "Bearer").
    pub fonnte_token: String,
    /// When set, `/api/send` and `/api/send-message` require this token too (query or form
    /// `token`, or `Authorization`; for Wablas `<token>.<secret>` also matches). `None`:
    /// any token is accepted, as self-hosted gateways often do.
    pub template_token: Option<String>,
    /// Numbers every gateway refuses (`target invalid`), written as a client would send
    /// them; compared after normalisation, so `0812…` and `62812…` are the same number.
    pub fail_numbers: Vec<String>,
    /// The first N valid send requests are refused in the gateway's own failure shape
    /// (see [`SimHandle::fail_next`](crate::SimHandle::fail_next)).
    pub fail_next: usize,
    /// Largest mail the SMTP sink accepts, advertised as `SIZE`; bigger ones get 552.
    pub max_mail_size: usize,
    /// Keep every recorded message in this JSON file across restarts.
    pub state_file: Option<PathBuf>,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            fonnte_token: DEMO_FONNTE_TOKEN.into(),
            template_token: None,
            fail_numbers: Vec::new(),
            fail_next: 0,
            max_mail_size: DEFAULT_MAX_MAIL_SIZE,
            state_file: None,
        }
    }
}

/// Tokens are redacted: a config printed to a log must not leak them.
impl fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |set: bool| if set { "<redacted>" } else { "<none>" };
        f.debug_struct("SimConfig")
            .field("fonnte_token", &"<redacted>")
            .field("template_token", &redacted(self.template_token.is_some()))
            .field("fail_numbers", &self.fail_numbers)
            .field("fail_next", &self.fail_next)
            .field("max_mail_size", &self.max_mail_size)
            .field("state_file", &self.state_file)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn debug_hides_tokens() {
        let config = super::SimConfig {
            template_token: Some("secret-template".into()),
            ..Default::default()
        };
        let printed = format!("{config:?}");
        assert!(!printed.contains("simpul-demo-fonnte"));
        assert!(!printed.contains("secret-template"));
    }
}
