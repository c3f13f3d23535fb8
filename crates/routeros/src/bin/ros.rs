//! `ros`: run one RouterOS API command and print the rows.
//!
//! ```text
//! ros --host 127.0.0.1 --port 8728 --user admin --password x \
//!     /ppp/secret/print ?disabled=false =.proplist=name,profile
//! ```
//! Attributes may also be typed without the leading `=` (`name=budi`). Streaming commands
//! (`/listen`, `/interface/monitor-traffic`) print rows until Ctrl-C. Errors go to stderr
//! with the router's message verbatim and a non-zero exit code (1 router error, 2 usage).

use std::process::ExitCode;
use std::time::Duration;

use routeros::{connect, ClientConfig, Command, Error, RestClient, RestConfig, Row, TlsMode};

const USAGE: &str = "usage: ros [--host H] [--port P] [--user U] [--password P | env ROS_PASSWORD]
           [--tls | --tls-insecure] [--rest URL] [--timeout SECONDS]
           /menu/command [=name=value | name=value | ?query | ?#ops]...";

struct Options {
    config: ClientConfig,
    rest: Option<String>,
    insecure: bool,
    words: Vec<String>,
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let password = std::env::var("ROS_PASSWORD").unwrap_or_default();
    let mut config = ClientConfig::new("127.0.0.1", "admin", password);
    let (mut rest, mut insecure, mut port, mut tls) = (None, false, None, None);
    let mut words = Vec::new();
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--host" => config.host = value("--host")?,
            "--port" => {
                let text = value("--port")?;
                port = Some(
                    text.parse::<u16>()
                        .map_err(|_| format!("bad port: {text}"))?,
                );
            }
            "--user" => config.username = value("--user")?,
            "--password" => config.password = value("--password")?,
            "--tls" => tls = Some(TlsMode::Verify),
            "--tls-insecure" => {
                tls = Some(TlsMode::AcceptAny);
                insecure = true;
            }
            "--rest" => rest = Some(value("--rest")?),
            "--timeout" => {
                let text = value("--timeout")?;
                let seconds: f64 = text.parse().map_err(|_| format!("bad timeout: {text}"))?;
                if !(seconds > 0.0 && seconds < 86_400.0) {
                    return Err(format!("bad timeout: {text}"));
                }
                config.command_timeout = Duration::from_secs_f64(seconds);
            }
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            word => words.push(normalize_word(word, words.is_empty())),
        }
    }
    if let Some(mode) = tls {
        config = config.tls(mode);
    }
    if let Some(port) = port {
        config.port = port;
    }
    if words.is_empty() {
        return Err("no command given".into());
    }
    Ok(Options {
        config,
        rest,
        insecure,
        words,
    })
}

/// Operators type `name=value`; the API wants `=name=value`.
fn normalize_word(word: &str, first: bool) -> String {
    let already = word.starts_with(['=', '?', '/', '.']);
    if first || already || !word.contains('=') {
        word.to_owned()
    } else {
        format!("={word}")
    }
}

fn print_row(row: &Row) {
    println!("{row}");
}

async fn run(options: Options) -> Result<(), Error> {
    let command =
        Command::parse(&options.words).map_err(|e| Error::InvalidCommand(e.to_string()))?;
    if let Some(url) = options.rest {
        let mut config = RestConfig::new(url, &options.config.username, &options.config.password);
        config.accept_invalid_certs = options.insecure;
        let output = RestClient::new(config)?.execute(command).await?;
        output.rows.iter().for_each(print_row);
        if !output.done.is_empty() {
            println!("{}", output.done);
        }
        return Ok(());
    }
    let connection = connect(&options.config).await?;
    let streaming = matches!(command.verb(), "listen" | "monitor-traffic" | "monitor");
    if streaming {
        let mut stream = connection.stream(command).await?;
        loop {
            tokio::select! {
                row = stream.next() => match row {
                    Some(row) => print_row(&row?),
                    None => break,
                },
                _ = tokio::signal::ctrl_c() => {
                    stream.cancel().await?;
                    break;
                }
            }
        }
    } else {
        let output = connection.execute(command).await?;
        output.rows.iter().for_each(print_row);
        if !output.done.is_empty() {
            println!("{}", output.done);
        }
    }
    connection.quit().await;
    Ok(())
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("ros: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("ros: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ros: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Result<Options, String> {
        parse_args(words.iter().map(|w| w.to_string()))
    }

    #[test]
    fn reads_the_example_from_the_issue() {
        let options = args(&[
            "--host",
            "10.0.0.1",
            "--port",
            "8728",
            "--user",
            "admin",
            "--password",
            "x",
            "/ppp/secret/print",
            "?disabled=false",
            "=.proplist=name,profile",
        ])
        .unwrap();
        assert_eq!(options.config.address(), "10.0.0.1:8728");
        assert_eq!(options.config.password, "x");
        assert_eq!(
            options.words,
            [
                "/ppp/secret/print",
                "?disabled=false",
                "=.proplist=name,profile"
            ]
        );
    }

    #[test]
    fn accepts_bare_attributes_and_tls() {
        let options = args(&[
            "--tls-insecure",
            "/ppp/secret/add",
            "name=budi",
            "=password=x",
        ])
        .unwrap();
        assert_eq!(options.config.port, 8729);
        assert_eq!(
            options.words,
            ["/ppp/secret/add", "=name=budi", "=password=x"]
        );
    }

    #[test]
    fn refuses_bad_usage() {
        assert!(args(&[]).is_err());
        assert!(args(&["--port", "99999", "/x"]).is_err());
        assert!(args(&["--bogus", "/x"]).is_err());
        assert!(args(&["--timeout", "-1", "/x"]).is_err());
    }
}
