//! Opening the byte stream to a router: plain TCP (8728) or TLS (8729).
//!
//! RouterOS' api-ssl service without a certificate only offers anonymous Diffie-Hellman
//! ciphers, and with one it usually presents a self-signed certificate. Only OpenSSL still
//! speaks ADH (at security level 0, TLS 1.2 at most), so TLS goes through it, and
//! [`TlsMode::AcceptAny`] is the explicit opt-in for both setups.

use std::pin::Pin;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

use crate::Error;

/// How to secure the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Security {
    #[default]
    Plain,
    Tls(TlsMode),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TlsMode {
    /// A certificate that chains to the system roots and names the host.
    Verify,
    /// Whatever the router offers: a self-signed certificate or anonymous DH. Encrypts
    /// against eavesdroppers, not against an active man in the middle.
    AcceptAny,
}

pub trait Stream: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Stream for T {}

pub type BoxStream = Box<dyn Stream>;

pub async fn open(
    host: &str,
    port: u16,
    security: Security,
    timeout: Duration,
) -> Result<BoxStream, Error> {
    let address = format!("{host}:{port}");
    let connect = async {
        let tcp = TcpStream::connect((host, port))
            .await
            .map_err(|error| Error::Connect {
                address: address.clone(),
                message: error.to_string(),
            })?;
        let _ = tcp.set_nodelay(true);
        // A router that vanishes behind a firewall leaves a half-open socket; keepalive
        // probes notice within about a minute instead of the kernel's quarter hour.
        let keepalive = socket2::TcpKeepalive::new()
            .with_time(Duration::from_secs(30))
            .with_interval(Duration::from_secs(10));
        let _ = socket2::SockRef::from(&tcp).set_tcp_keepalive(&keepalive);
        match security {
            Security::Plain => Ok(Box::new(tcp) as BoxStream),
            Security::Tls(mode) => tls(tcp, host, mode).await,
        }
    };
    tokio::time::timeout(timeout, connect)
        .await
        .map_err(|_| Error::Connect {
            address: address.clone(),
            message: format!("timed out after {timeout:?}"),
        })?
}

async fn tls(tcp: TcpStream, host: &str, mode: TlsMode) -> Result<BoxStream, Error> {
    use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode, SslVersion};
    let tls_error = |error: &dyn std::fmt::Display| Error::Tls(error.to_string());
    let mut builder = SslConnector::builder(SslMethod::tls_client()).map_err(|e| tls_error(&e))?;
    if mode == TlsMode::AcceptAny {
        builder.set_verify(SslVerifyMode::NONE);
        builder
            .set_cipher_list("ALL:ADH:AECDH:@SECLEVEL=0")
            .map_err(|e| tls_error(&e))?;
        // Anonymous suites do not exist in TLS 1.3.
        builder
            .set_max_proto_version(Some(SslVersion::TLS1_2))
            .map_err(|e| tls_error(&e))?;
    }
    let config = builder
        .build()
        .configure()
        .map_err(|e| tls_error(&e))?
        .verify_hostname(mode == TlsMode::Verify)
        .use_server_name_indication(mode == TlsMode::Verify);
    let ssl = config.into_ssl(host).map_err(|e| tls_error(&e))?;
    let mut stream = tokio_openssl::SslStream::new(ssl, tcp).map_err(|e| tls_error(&e))?;
    Pin::new(&mut stream)
        .connect()
        .await
        .map_err(|e| tls_error(&e))?;
    Ok(Box::new(stream))
}
