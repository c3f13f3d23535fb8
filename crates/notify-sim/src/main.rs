//! `notify-sim`: serve the WhatsApp gateway simulators and the SMTP sink.
//!
//! ```text
//! notify-sim --http 127.0.0.1:PORT --smtp 127.0.0.1:PORT [--fonnte-token T]
//!     [--template-token T] [--fail-number N]... [--state FILE]
//! ```
//! Port 0 takes any free port. Once both listen, exactly one line goes to stdout:
//! `notify-sim listening on http://127.0.0.1:HPORT smtp 127.0.0.1:SPORT`. Logs go to
//! stderr (`RUST_LOG`).

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use notify_sim::SimConfig;

const USAGE: &str = "usage: notify-sim --http ADDR:PORT --smtp ADDR:PORT [--fonnte-token T] \
[--template-token T] [--fail-number N]... [--state FILE]";

struct Args {
    http: SocketAddr,
    smtp: SocketAddr,
    config: SimConfig,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut http, mut smtp) = (None, None);
    let mut config = SimConfig::default();
    while let Some(arg) = args.next() {
        if matches!(arg.as_str(), "-h" | "--help") {
            return Err(String::new());
        }
        let value = args.next().ok_or(format!("{arg} needs a value"))?;
        let address = |value: &str| {
            value
                .parse::<SocketAddr>()
                .map_err(|_| format!("bad {arg} {value}"))
        };
        match arg.as_str() {
            "--http" => http = Some(address(&value)?),
            "--smtp" => smtp = Some(address(&value)?),
            "--fonnte-token" => config.fonnte_token = value,
            "--template-token" => config.template_token = Some(value),
            "--fail-number" => config.fail_numbers.push(value),
            "--state" => config.state_file = Some(PathBuf::from(value)),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args {
        http: http.ok_or("--http is required")?,
        smtp: smtp.ok_or("--smtp is required")?,
        config,
    })
}

async fn run(args: Args) -> Result<(), String> {
    let bind = |addr: SocketAddr| async move {
        tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))
    };
    let http = bind(args.http).await?;
    let smtp = bind(args.smtp).await?;
    let sim = notify_sim::try_spawn(http, smtp, args.config)
        .await
        .map_err(|e| e.to_string())?;
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(
        stdout,
        "notify-sim listening on {} smtp {}",
        sim.http_url(),
        sim.smtp_addr()
    );
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
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("notify-sim: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "notify_sim=info".into()),
        )
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("notify-sim: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("notify-sim: {message}");
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
        let parsed = parse_args(args(&[
            "--http",
            "127.0.0.1:0",
            "--smtp",
            "127.0.0.1:2525",
            "--fail-number",
            "0812",
            "--fail-number",
            "0813",
            "--state",
            "s.json",
        ]))
        .unwrap();
        assert_eq!(parsed.http.port(), 0);
        assert_eq!(parsed.smtp.port(), 2525);
        assert_eq!(parsed.config.fail_numbers, vec!["0812", "0813"]);
        assert_eq!(parsed.config.fonnte_token, notify_sim::DEMO_FONNTE_TOKEN);
        assert_eq!(parsed.config.state_file, Some(PathBuf::from("s.json")));
        assert!(parse_args(args(&[])).is_err());
        assert!(parse_args(args(&["--http", "127.0.0.1:0"])).is_err());
        assert!(parse_args(args(&["--http", "nope", "--smtp", "127.0.0.1:0"])).is_err());
        assert!(parse_args(args(&["--bogus", "x"])).is_err());
        assert!(parse_args(args(&["--http"])).is_err());
    }
}
