//! The binary API client: connect, log in, run commands (many at once, by `.tag`).

mod connection;
mod transport;

use std::fmt;
use std::time::Duration;

pub use connection::{Connection, Listener, Output};
pub use transport::{Security, TlsMode};

use crate::login::challenge_response;
use crate::proto::Command;
use crate::Error;

/// Where a router is and how to log in.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientConfig {
    pub host: String,
    pub port: u16,
    pub username: String,
    pub password: String,
    pub security: Security,
    pub connect_timeout: Duration,
    /// For commands that do not set their own.
    pub command_timeout: Duration,
}

impl ClientConfig {
    pub fn new(
        host: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        ClientConfig {
            host: host.into(),
            port: 8728,
            username: username.into(),
            password: password.into(),
            security: Security::Plain,
            connect_timeout: Duration::from_secs(5),
            command_timeout: Duration::from_secs(30),
        }
    }

    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// TLS on the api-ssl port (8729 unless a port was set).
    pub fn tls(mut self, mode: TlsMode) -> Self {
        if self.port == 8728 {
            self.port = 8729;
        }
        self.security = Security::Tls(mode);
        self
    }

    pub fn command_timeout(mut self, timeout: Duration) -> Self {
        self.command_timeout = timeout;
        self
    }

    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    pub fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// The password never reaches logs.
impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("password", &"[redacted]")
            .field("security", &self.security)
            .finish()
    }
}

/// Opens a session and logs in.
pub async fn connect(config: &ClientConfig) -> Result<Connection, Error> {
    let stream = transport::open(
        &config.host,
        config.port,
        config.security,
        config.connect_timeout,
    )
    .await?;
    let connection = Connection::start(stream, config.command_timeout);
    login(&connection, config).await?;
    Ok(connection)
}

/// Tries the post-6.43 login; a router that answers it with a challenge (`=ret=`) is older,
/// so the challenge is answered instead.
async fn login(connection: &Connection, config: &ClientConfig) -> Result<(), Error> {
    let refused = |error: Error| match error {
        Error::Trap { message, .. } => Error::LoginRefused(message),
        Error::Fatal(message) => Error::LoginRefused(message),
        other => other,
    };
    let timeout = config.connect_timeout;
    let plain = Command::new("/login")
        .attr("name", config.username.clone())
        .attr("password", config.password.clone())
        .timeout(timeout);
    let output = connection.execute(plain).await.map_err(refused)?;
    let Some(challenge) = output.ret() else {
        return Ok(());
    };
    let response = challenge_response(&config.password, challenge)
        .ok_or_else(|| Error::Protocol(format!("login challenge is not hex: {challenge}")))?;
    let answer = Command::new("/login")
        .attr("name", config.username.clone())
        .attr("response", response)
        .timeout(timeout);
    connection.execute(answer).await.map_err(refused)?;
    Ok(())
}
