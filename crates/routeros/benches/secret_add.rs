//! 10,000 `/ppp/secret/add` against the simulator, three ways:
//! 1. a new connection and login per command (how PHPNuxBill talks to routers),
//! 2. one connection, one command at a time,
//! 3. one connection, many commands in flight, matched by `.tag`.
//!
//! `cargo bench -p routeros --bench secret_add -- [--count 10000] [--window 256]`
//! Results go to docs/PERFORMANCE.md.

use std::sync::Arc;
use std::time::{Duration, Instant};

use routeros::{connect, ClientConfig, RouterApi, Row};
use routeros_sim::{RouterSpec, SimRouter};
use tokio::task::JoinSet;

fn secret(way: &str, n: usize) -> Row {
    Row::new()
        .with("name", format!("{way}-{n:06}"))
        .with("password", "bench")
        .with("service", "pppoe")
}

async fn router() -> (SimRouter, ClientConfig) {
    let mut spec = RouterSpec::new("bench").user("admin", "bench");
    // Keep sessions from coming up: the bench measures the API, not the PPP simulation.
    spec.session_delay_ms = 3_600_000;
    let sim = SimRouter::start(spec).await.expect("simulator starts");
    let config = ClientConfig::new("127.0.0.1", "admin", "bench")
        .port(sim.ports().api)
        .command_timeout(Duration::from_secs(60));
    (sim, config)
}

async fn connect_per_command(count: usize) -> Duration {
    let (_sim, config) = router().await;
    let started = Instant::now();
    for n in 0..count {
        let connection = connect(&config).await.expect("connect");
        connection
            .add("/ppp/secret", secret("fresh", n))
            .await
            .expect("add");
        connection.quit().await;
    }
    started.elapsed()
}

async fn sequential(count: usize) -> Duration {
    let (_sim, config) = router().await;
    let connection = connect(&config).await.expect("connect");
    let started = Instant::now();
    for n in 0..count {
        connection
            .add("/ppp/secret", secret("seq", n))
            .await
            .expect("add");
    }
    started.elapsed()
}

async fn pipelined(count: usize, window: usize) -> Duration {
    let (_sim, config) = router().await;
    let connection = Arc::new(connect(&config).await.expect("connect"));
    let started = Instant::now();
    let mut in_flight: JoinSet<Result<Option<String>, routeros::Error>> = JoinSet::new();
    for n in 0..count {
        if in_flight.len() >= window {
            in_flight
                .join_next()
                .await
                .expect("task")
                .expect("join")
                .expect("add");
        }
        let connection = connection.clone();
        in_flight.spawn(async move { connection.add("/ppp/secret", secret("tag", n)).await });
    }
    while let Some(done) = in_flight.join_next().await {
        done.expect("join").expect("add");
    }
    started.elapsed()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut count, mut window) = (10_000usize, 256usize);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--count" => count = args.next().and_then(|v| v.parse().ok()).expect("--count N"),
            "--window" => {
                window = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--window N")
            }
            // `cargo bench` passes --bench; ignore anything else it adds.
            _ => {}
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let ways = [
            (
                "connect + login per command".to_owned(),
                connect_per_command(count).await,
            ),
            (
                "one connection, sequential".to_owned(),
                sequential(count).await,
            ),
            (
                format!("one connection, pipelined ({window} in flight)"),
                pipelined(count, window).await,
            ),
        ];
        let baseline = count as f64 / ways[0].1.as_secs_f64();
        println!("| way | {count} adds took | ops/s | × connect-per-command |");
        println!("|---|---|---|---|");
        for (way, elapsed) in ways {
            let rate = count as f64 / elapsed.as_secs_f64();
            println!(
                "| {way} | {:.2} s | {:.0} | {:.1}× |",
                elapsed.as_secs_f64(),
                rate,
                rate / baseline
            );
        }
    });
}
