//! `paygate-sim`: serve the Midtrans and Tripay simulators on one port.
//!
//! ```text
//! paygate-sim --listen 127.0.0.1:PORT [--public-url URL] [--midtrans-server-key K]
//!     [--midtrans-notification-url URL] [--tripay-api-key K] [--tripay-private-key K]
//!     [--tripay-merchant-code C] [--tripay-callback-url URL] [--retry-scale F]
//!     [--settle-delay-ms MS] [--state FILE]
//! ```
//! Port 0 takes any free port. Once listening, exactly one line goes to stdout:
//! `paygate-sim listening on http://127.0.0.1:PORT`. Logs go to stderr (`RUST_LOG`).

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use paygate_sim::SimConfig;

const USAGE: &str = "usage: paygate-sim --listen ADDR:PORT [--public-url URL] \
[--midtrans-server-key K] [--midtrans-notification-url URL] [--tripay-api-key K] \
[--tripay-private-key K] [--tripay-merchant-code C] [--tripay-callback-url URL] \
[--retry-scale F] [--settle-delay-ms MS] [--state FILE]";

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<(SocketAddr, SimConfig), String> {
    let mut listen = None;
    let mut config = SimConfig::default();
    while let Some(arg) = args.next() {
        if matches!(arg.as_str(), "-h" | "--help") {
            return Err(String::new());
        }
        let value = args.next().ok_or(format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--listen" => {
                listen = Some(value.parse().map_err(|_| format!("bad --listen {value}"))?)
            }
            "--public-url" => config.public_url = Some(value),
            "--midtrans-server-key" => config.midtrans_server_key = value,
            "--midtrans-notification-url" => config.midtrans_notification_url = Some(value),
            "--tripay-api-key" => config.tripay_api_key = value,
            "--tripay-private-key" => config.tripay_private_key = value,
            "--tripay-merchant-code" => config.tripay_merchant_code = value,
            "--tripay-callback-url" => config.tripay_callback_url = Some(value),
            "--retry-scale" => {
                config.retry_scale = value
                    .parse()
                    .ok()
                    .filter(|f: &f64| f.is_finite() && *f >= 0.0)
                    .ok_or(format!("bad --retry-scale {value}"))?
            }
            "--settle-delay-ms" => {
                config.settle_delay_ms = value
                    .parse()
                    .map_err(|_| format!("bad --settle-delay-ms {value}"))?
            }
            "--state" => config.state_file = Some(PathBuf::from(value)),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let listen = listen.ok_or("--listen is required")?;
    Ok((listen, config))
}

async fn run(listen: SocketAddr, config: SimConfig) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let sim = paygate_sim::try_spawn(listener, config)
        .await
        .map_err(|e| e.to_string())?;
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "paygate-sim listening on {}", sim.base_url());
    let _ = stdout.flush();
    drop(stdout);
    wait_for_signal().await;
    sim.shutdown().await;
    Ok(())
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

fn main() -> ExitCode {
    let (listen, config) = match parse_args(std::env::args().skip(1)) {
        Ok(parsed) => parsed,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("paygate-sim: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "paygate_sim=info".into()),
        )
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("paygate-sim: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(listen, config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("paygate-sim: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> impl Iterator<Item = String> {
        list.iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn reads_flags() {
        let (listen, config) = parse_args(args(&[
            "--listen",
            "127.0.0.1:0",
            "--retry-scale",
            "0.5",
            "--tripay-merchant-code",
            "T0002",
            "--state",
            "s.json",
        ]))
        .unwrap();
        assert_eq!(listen.port(), 0);
        assert_eq!(config.retry_scale, 0.5);
        assert_eq!(config.tripay_merchant_code, "T0002");
        assert_eq!(config.midtrans_server_key, "SB-Mid-server-simpul-demo");
        assert!(parse_args(args(&[])).is_err());
        assert!(parse_args(args(&["--listen", "nope"])).is_err());
        assert!(parse_args(args(&["--listen", "127.0.0.1:0", "--retry-scale", "-1"])).is_err());
        assert!(parse_args(args(&["--bogus", "x"])).is_err());
    }
}
