use std::time::Duration;

/// Every way a RouterOS command can fail. The `Display` text is what an operator sees:
/// router messages are passed through verbatim.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The router refused the command (`!trap`): `category` 0 missing item or command,
    /// 1 argument failure, 2 interrupted, 3 scripting, 4 general, 5 API, 6 TTY, 7 return.
    #[error("{message}")]
    Trap {
        category: Option<u8>,
        message: String,
    },
    /// The router ended the session (`!fatal`).
    #[error("router closed the session: {0}")]
    Fatal(String),
    #[error("no reply from the router within {0:?}")]
    Timeout(Duration),
    #[error("connection to the router was lost: {0}")]
    ConnectionLost(String),
    #[error("could not connect to {address}: {message}")]
    Connect { address: String, message: String },
    #[error("login refused: {0}")]
    LoginRefused(String),
    #[error("TLS: {0}")]
    Tls(String),
    /// The router (or something pretending to be one) broke the protocol.
    #[error("protocol error: {0}")]
    Protocol(String),
    /// REST: an HTTP error without a RouterOS message.
    #[error("HTTP {status}: {message}")]
    Http { status: u16, message: String },
    /// The pool is waiting before it tries a router that just failed again.
    #[error("router unavailable (retrying in {retry_in:?}): {last_error}")]
    Backoff {
        retry_in: Duration,
        last_error: String,
    },
    #[error("invalid command: {0}")]
    InvalidCommand(String),
}

impl Error {
    /// True when the command may have reached the router but the outcome is unknown.
    pub fn outcome_unknown(&self) -> bool {
        matches!(self, Error::Timeout(_) | Error::ConnectionLost(_))
    }

    /// True when the connection that produced this error can no longer be used.
    pub fn breaks_connection(&self) -> bool {
        matches!(
            self,
            Error::Fatal(_) | Error::ConnectionLost(_) | Error::Protocol(_)
        )
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
