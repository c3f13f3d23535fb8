//! `routeros-sim`: serve one or more simulated MikroTik routers.
//!
//! ```text
//! routeros-sim [--bind 127.0.0.1] [--state sim-state.json] [--seed-demo]
//!     --router name=nas-jakarta,api=8728,rest=8780,user=admin,password=secret
//!     [--router name=old-box,api=8738,legacy-login] [--router name=new,api=8748,empty-replies]
//! ```
//! Router options: `api=PORT` (0 = any free port), `tls=PORT`, `tls-anonymous`, `rest=PORT`,
//! `user=`, `password=`, `version=`, `board=`, `legacy-login` (before 6.43),
//! `empty-replies` (7.18+), `session-delay-ms=`. One line per router goes to stdout once it
//! listens: `router NAME api=PORT [tls=PORT] [rest=PORT]`.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use routeros_sim::{demo, persist, Router, RouterSpec, SimRouter, User};

const USAGE: &str = "usage: routeros-sim [--bind ADDR] [--state FILE] [--seed-demo] --router name=N,api=PORT[,tls=PORT][,tls-anonymous][,rest=PORT][,user=U][,password=P][,version=V][,board=B][,legacy-login][,empty-replies][,session-delay-ms=MS] ...";

struct Options {
    bind: IpAddr,
    state: Option<PathBuf>,
    seed_demo: bool,
    routers: Vec<RouterSpec>,
}

fn parse_router(text: &str) -> Result<RouterSpec, String> {
    let mut spec = RouterSpec {
        name: String::new(),
        ..RouterSpec::default()
    };
    let (mut user, mut password) = ("admin".to_owned(), String::new());
    for part in text.split(',').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        let port = |value: &str| {
            value
                .parse::<u16>()
                .map_err(|_| format!("bad port in {part}"))
        };
        match key {
            "name" => spec.name = value.to_owned(),
            "api" => spec.api_port = port(value)?,
            "tls" => spec.tls_port = Some(port(value)?),
            "tls-anonymous" => spec.tls_anonymous = true,
            "rest" => spec.rest_port = Some(port(value)?),
            "user" => user = value.to_owned(),
            "password" => password = value.to_owned(),
            "version" => spec.version = value.to_owned(),
            "board" => spec.board = value.to_owned(),
            "legacy-login" => spec.legacy_login = true,
            "empty-replies" => spec.empty_replies = true,
            "session-delay-ms" => {
                spec.session_delay_ms = value.parse().map_err(|_| format!("bad delay in {part}"))?
            }
            _ => return Err(format!("unknown router option {key}")),
        }
    }
    if spec.name.is_empty() {
        return Err(format!("router needs a name: {text}"));
    }
    spec.users = vec![User {
        name: user,
        password,
    }];
    Ok(spec)
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        bind: IpAddr::from([127, 0, 0, 1]),
        state: None,
        seed_demo: false,
        routers: Vec::new(),
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--bind" => {
                options.bind = value()?
                    .parse()
                    .map_err(|_| "bad --bind address".to_owned())?
            }
            "--state" => options.state = Some(PathBuf::from(value()?)),
            "--seed-demo" => options.seed_demo = true,
            "--router" => options.routers.push(parse_router(&value()?)?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if options.routers.is_empty() {
        return Err("give at least one --router".into());
    }
    if options.seed_demo && options.routers.len() > demo::MAX_SEEDED {
        return Err(format!(
            "--seed-demo seeds at most {} routers",
            demo::MAX_SEEDED
        ));
    }
    Ok(options)
}

async fn run(options: Options) -> Result<(), String> {
    let saved = match &options.state {
        Some(path) => persist::load(path).map_err(|e| e.to_string())?,
        None => persist::StateFile::default(),
    };
    let mut servers = Vec::new();
    for (index, spec) in options.routers.into_iter().enumerate() {
        let router = Router::new(spec);
        {
            let mut store = router.store();
            if let Some(tables) = saved.routers.get(&router.spec.name) {
                persist::restore(&mut store, tables.clone());
            }
            if options.seed_demo {
                demo::seed(&mut store, index);
            }
        }
        let server = SimRouter::start_on(options.bind, router)
            .await
            .map_err(|e| e.to_string())?;
        let ports = server.ports();
        let mut line = format!("router {} api={}", server.router().spec.name, ports.api);
        if let Some(tls) = ports.tls {
            line.push_str(&format!(" tls={tls}"));
        }
        if let Some(rest) = ports.rest {
            line.push_str(&format!(" rest={rest}"));
        }
        println!("{line}");
        servers.push(server);
    }
    if let Some(path) = options.state {
        let routers = servers.iter().map(|s| s.router().clone()).collect();
        tokio::spawn(persist::keep_saving(path, routers));
    }
    let _ = tokio::signal::ctrl_c().await;
    Ok(())
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("routeros-sim: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("routeros-sim: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("routeros-sim: {message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_router_specs() {
        let spec =
            parse_router("name=nas1,api=8728,rest=8780,user=u,password=p,legacy-login").unwrap();
        assert_eq!(spec.name, "nas1");
        assert_eq!(spec.api_port, 8728);
        assert_eq!(spec.rest_port, Some(8780));
        assert!(spec.legacy_login);
        assert_eq!(spec.password_of("u"), Some("p"));
        assert!(parse_router("api=1").is_err());
        assert!(parse_router("name=x,api=99999").is_err());
        assert!(parse_router("name=x,bogus").is_err());
    }
}
