//! The client against the simulator over real sockets: both logins, every command form,
//! `!empty`, traps, pipelining, `/listen` + `/cancel`, timeouts, TLS, REST, the pool's
//! reconnect and backoff, and the `ros` CLI.

use std::time::Duration;

use routeros::codec::{encode_sentence, Decoder};
use routeros::{
    connect, ClientConfig, Command, Error, Pool, PoolConfig, Query, RestClient, RestConfig,
    RouterApi, Row, TlsMode,
};
use routeros_sim::{RouterSpec, SimRouter};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const PASSWORD: &str = "rahasia";

fn spec() -> RouterSpec {
    let mut spec = RouterSpec::new("nas-test").user("admin", PASSWORD);
    spec.session_delay_ms = 100;
    spec
}

fn client_for(sim: &SimRouter) -> ClientConfig {
    ClientConfig::new("127.0.0.1", "admin", PASSWORD)
        .port(sim.ports().api)
        .command_timeout(Duration::from_secs(5))
}

async fn add_secret(
    api: &dyn RouterApi,
    name: &str,
    extra: &[(&str, &str)],
) -> Result<Option<String>, Error> {
    let mut row = Row::new()
        .with("name", name)
        .with("password", "pw")
        .with("service", "pppoe");
    for (key, value) in extra {
        row.set(*key, *value);
    }
    api.add("/ppp/secret", row).await
}

async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..100 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test]
async fn logs_in_the_post_643_way_and_reads_identity_and_resource() {
    let sim = SimRouter::start(spec()).await.unwrap();
    let connection = connect(&client_for(&sim)).await.unwrap();
    let identity = connection.print("/system/identity").await.unwrap();
    assert_eq!(identity[0].get("name"), Some("nas-test"));
    let resource = connection.print("/system/resource").await.unwrap();
    assert_eq!(resource[0].get("version"), Some("7.16.2 (stable)"));
    assert!(resource[0].get("board-name").is_some());
    assert!(resource[0].get("cpu-load").is_some());

    let mut wrong = client_for(&sim);
    wrong.password = "salah".into();
    let refused = connect(&wrong).await.unwrap_err();
    assert_eq!(
        refused,
        Error::LoginRefused("invalid user name or password (6)".into())
    );
}

#[tokio::test]
async fn falls_back_to_the_md5_challenge_on_a_pre_643_router() {
    let mut legacy = spec();
    legacy.legacy_login = true;
    let sim = SimRouter::start(legacy).await.unwrap();
    let connection = connect(&client_for(&sim)).await.unwrap();
    let resource = connection.print("/system/resource").await.unwrap();
    assert_eq!(resource[0].get("version"), Some("6.42.12 (long-term)"));

    let mut wrong = client_for(&sim);
    wrong.password = "salah".into();
    assert!(matches!(connect(&wrong).await, Err(Error::LoginRefused(_))));
}

#[tokio::test]
async fn a_router_refusing_logins_gives_a_login_error() {
    let sim = SimRouter::start(spec()).await.unwrap();
    sim.faults().refuse_logins(true);
    assert!(matches!(
        connect(&client_for(&sim)).await,
        Err(Error::LoginRefused(_))
    ));
    sim.faults().refuse_logins(false);
    assert!(connect(&client_for(&sim)).await.is_ok());
}

#[tokio::test]
async fn add_set_enable_disable_remove_and_their_traps() {
    let sim = SimRouter::start(spec()).await.unwrap();
    let api = connect(&client_for(&sim)).await.unwrap();
    let id = add_secret(&api, "budi", &[]).await.unwrap().unwrap();
    assert!(id.starts_with('*'), "{id}");

    let duplicate = add_secret(&api, "budi", &[]).await.unwrap_err();
    assert_eq!(
        duplicate,
        Error::Trap {
            category: None,
            message: "failure: secret with the same name already exists".into()
        }
    );
    api.set(
        "/ppp/secret",
        &id,
        Row::new().with("comment", "simpul:sub=1"),
    )
    .await
    .unwrap();
    api.execute(Command::new("/ppp/secret/disable").attr(".id", id.clone()))
        .await
        .unwrap();
    let rows = api.print("/ppp/secret").await.unwrap();
    assert_eq!(rows[0].get("disabled"), Some("true"));
    assert_eq!(rows[0].get("comment"), Some("simpul:sub=1"));
    api.execute(Command::new("/ppp/secret/enable").attr(".id", id.clone()))
        .await
        .unwrap();

    let bad_profile = add_secret(&api, "sari", &[("profile", "tidak-ada")])
        .await
        .unwrap_err();
    assert_eq!(
        bad_profile.to_string(),
        "input does not match any value of profile"
    );

    api.remove("/ppp/secret", &id).await.unwrap();
    let missing = api.remove("/ppp/secret", &id).await.unwrap_err();
    assert_eq!(
        missing,
        Error::Trap {
            category: Some(0),
            message: "no such item".into()
        }
    );
    let unknown = api
        .execute(Command::new("/ppp/secret/frobnicate"))
        .await
        .unwrap_err();
    assert_eq!(
        unknown,
        Error::Trap {
            category: Some(0),
            message: "no such command".into()
        }
    );
    let prefix = api
        .execute(Command::new("/nothing/here/print"))
        .await
        .unwrap_err();
    assert_eq!(prefix.to_string(), "no such command prefix");
    // The connection survives every trap.
    assert_eq!(api.print("/system/identity").await.unwrap().len(), 1);
}

#[tokio::test]
async fn print_with_queries_proplist_and_count_only() {
    let sim = SimRouter::start(spec()).await.unwrap();
    let api = connect(&client_for(&sim)).await.unwrap();
    for (name, disabled) in [("a", "no"), ("b", "yes"), ("c", "no")] {
        add_secret(&api, name, &[("disabled", disabled)])
            .await
            .unwrap();
    }
    let enabled = api
        .execute(
            Command::new("/ppp/secret/print")
                .filter("disabled", "false")
                .proplist(&["name", "profile"]),
        )
        .await
        .unwrap();
    let names: Vec<_> = enabled
        .rows
        .iter()
        .map(|r| r.get("name").unwrap())
        .collect();
    assert_eq!(names, ["a", "c"]);
    assert_eq!(enabled.rows[0].len(), 2, "only the asked properties");

    let a_or_b = api
        .execute(
            Command::new("/ppp/secret/print")
                .filter("name", "a")
                .filter("name", "b")
                .query(Query::Operations("|".into())),
        )
        .await
        .unwrap();
    assert_eq!(a_or_b.rows.len(), 2);

    let count = api
        .execute(Command::new("/ppp/secret/print").attr("count-only", ""))
        .await
        .unwrap();
    assert_eq!(count.ret(), Some("3"));
    let none = api
        .execute(Command::new("/ppp/secret/print").filter("name", "zzz"))
        .await
        .unwrap();
    assert!(none.rows.is_empty());
}

/// Reads reply sentences off a raw socket, to see exactly what the router sent.
async fn raw_exchange(port: u16, sentences: &[&[&str]], replies_wanted: usize) -> Vec<Vec<String>> {
    let mut socket = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let mut bytes = Vec::new();
    for words in sentences {
        encode_sentence(words, &mut bytes).unwrap();
    }
    socket.write_all(&bytes).await.unwrap();
    let mut decoder = Decoder::new();
    let mut replies = Vec::new();
    let mut buffer = [0u8; 4096];
    while replies.len() < replies_wanted {
        let count = tokio::time::timeout(Duration::from_secs(5), socket.read(&mut buffer))
            .await
            .unwrap()
            .unwrap();
        assert!(count > 0, "router closed early after {replies:?}");
        decoder.feed(&buffer[..count]);
        while let Some(sentence) = decoder.next_sentence().unwrap() {
            replies.push(
                sentence
                    .iter()
                    .map(|w| String::from_utf8_lossy(w).into_owned())
                    .collect(),
            );
        }
    }
    replies
}

#[tokio::test]
async fn routers_of_718_answer_an_empty_print_with_empty_then_done() {
    let mut newer = spec();
    newer.empty_replies = true;
    let sim = SimRouter::start(newer).await.unwrap();
    let login: &[&str] = &["/login", "=name=admin", "=password=rahasia", ".tag=l"];
    let print: &[&str] = &["/ppp/secret/print", ".tag=p"];
    let replies = raw_exchange(sim.ports().api, &[login, print], 3).await;
    assert_eq!(replies[0], ["!done", ".tag=l"]);
    assert_eq!(replies[1], ["!empty", ".tag=p"]);
    assert_eq!(replies[2], ["!done", ".tag=p"]);

    // And the client reads that as no rows, not as an error.
    let api = connect(&client_for(&sim)).await.unwrap();
    assert!(api.print("/ppp/secret").await.unwrap().is_empty());
    add_secret(&api, "x", &[]).await.unwrap();
    assert_eq!(api.print("/ppp/secret").await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_trap_is_followed_by_done_on_the_wire() {
    let sim = SimRouter::start(spec()).await.unwrap();
    let login: &[&str] = &["/login", "=name=admin", "=password=rahasia"];
    let add: &[&str] = &["/ppp/secret/add", "=name=a", "=profile=nope", ".tag=7"];
    let replies = raw_exchange(sim.ports().api, &[login, add], 3).await;
    assert_eq!(replies[1][0], "!trap");
    assert!(replies[1].contains(&"=message=input does not match any value of profile".to_string()));
    assert_eq!(replies[2], ["!done", ".tag=7"]);
}

#[tokio::test]
async fn a_command_before_login_is_fatal() {
    let sim = SimRouter::start(spec()).await.unwrap();
    let print: &[&str] = &["/ppp/secret/print"];
    let replies = raw_exchange(sim.ports().api, &[print], 1).await;
    assert_eq!(replies[0], ["!fatal", "not logged in"]);
}

#[tokio::test]
async fn many_commands_in_flight_on_one_connection() {
    let sim = SimRouter::start(spec()).await.unwrap();
    let api = connect(&client_for(&sim)).await.unwrap();
    let tasks: Vec<_> = (0..200)
        .map(|n| {
            let api = api.clone();
            tokio::spawn(async move { add_secret(&api, &format!("user{n}"), &[]).await })
        })
        .collect();
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap().unwrap().unwrap());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 200);
    assert_eq!(api.in_flight(), 0);
}

#[tokio::test]
async fn listen_streams_changes_until_cancelled() {
    let sim = SimRouter::start(spec()).await.unwrap();
    let api = connect(&client_for(&sim)).await.unwrap();
    let mut listener = api
        .stream(Command::new("/ppp/secret/listen"))
        .await
        .unwrap();
    let id = add_secret(&api, "sari", &[]).await.unwrap().unwrap();
    let added = listener.next().await.unwrap().unwrap();
    assert_eq!(added.get("name"), Some("sari"));
    api.remove("/ppp/secret", &id).await.unwrap();
    let removed = listener.next().await.unwrap().unwrap();
    assert_eq!(removed.get(".id"), Some(id.as_str()));
    assert_eq!(removed.get(".dead"), Some("yes"));
    listener.cancel().await.unwrap();
    // The session carries on after the cancel.
    assert_eq!(api.print("/system/identity").await.unwrap().len(), 1);
}

#[tokio::test]
async fn sessions_come_up_for_enabled_secrets_and_go_when_disabled() {
    let sim = SimRouter::start(spec()).await.unwrap();
    let api = connect(&client_for(&sim)).await.unwrap();
    api.add(
        "/ppp/profile",
        Row::new().with("name", "10M").with("rate-limit", "5M/10M"),
    )
    .await
    .unwrap();
    let id = add_secret(
        &api,
        "budi",
        &[("profile", "10M"), ("remote-address", "10.9.0.7")],
    )
    .await
    .unwrap()
    .unwrap();
    eventually("a PPPoE session", || async {
        api.print("/ppp/active").await.unwrap().len() == 1
    })
    .await;
    let active = api.print("/ppp/active").await.unwrap();
    assert_eq!(active[0].get("name"), Some("budi"));
    assert_eq!(active[0].get("address"), Some("10.9.0.7"));
    assert!(active[0].get(".id").unwrap().starts_with("*8"));
    let pppoe = || async {
        let rows = api
            .execute(Command::new("/interface/print").filter("name", "<pppoe-budi>"))
            .await
            .unwrap();
        rows.rows
            .first()
            .and_then(|r| r.get("tx-byte")?.parse::<u64>().ok())
    };
    eventually("bytes on the PPPoE interface", || async {
        pppoe().await.unwrap_or(0) > 0
    })
    .await;

    let monitor = api
        .execute(
            Command::new("/interface/monitor-traffic")
                .attr("interface", "ether1")
                .attr("once", ""),
        )
        .await
        .unwrap();
    assert_eq!(monitor.rows[0].get("name"), Some("ether1"));
    assert!(monitor.rows[0].get("rx-bits-per-second").is_some());

    api.execute(Command::new("/ppp/secret/disable").attr(".id", id.clone()))
        .await
        .unwrap();
    eventually("the session to end", || async {
        api.print("/ppp/active").await.unwrap().is_empty()
    })
    .await;
    let secret = api.print("/ppp/secret").await.unwrap();
    assert!(secret[0].get("last-logged-out").is_some());
}

#[tokio::test]
async fn monitor_traffic_streams_every_second_until_cancelled() {
    let sim = SimRouter::start(spec()).await.unwrap();
    let api = connect(&client_for(&sim)).await.unwrap();
    let mut monitor = api
        .stream(Command::new("/interface/monitor-traffic").attr("interface", "ether1,ether2"))
        .await
        .unwrap();
    let mut names = Vec::new();
    for _ in 0..4 {
        names.push(
            monitor
                .next()
                .await
                .unwrap()
                .unwrap()
                .get("name")
                .unwrap()
                .to_owned(),
        );
    }
    assert_eq!(names, ["ether1", "ether2", "ether1", "ether2"]);
    monitor.cancel().await.unwrap();
}

#[tokio::test]
async fn a_slow_router_times_out_and_the_session_stays_usable() {
    let sim = SimRouter::start(spec()).await.unwrap();
    let api = connect(&client_for(&sim)).await.unwrap();
    sim.faults().set_latency(Duration::from_millis(400));
    let slow = api
        .execute(Command::new("/system/identity/print").timeout(Duration::from_millis(100)))
        .await
        .unwrap_err();
    assert_eq!(slow, Error::Timeout(Duration::from_millis(100)));
    sim.faults().set_latency(Duration::ZERO);
    // The late answer to the timed-out command is dropped, not mistaken for this one.
    let rows = api.print("/system/identity").await.unwrap();
    assert_eq!(rows[0].get("name"), Some("nas-test"));
}

#[tokio::test]
async fn tls_with_a_self_signed_certificate_or_anonymous_dh() {
    for anonymous in [false, true] {
        let mut tls = spec();
        tls.tls_port = Some(0);
        tls.tls_anonymous = anonymous;
        let sim = SimRouter::start(tls).await.unwrap();
        let config = client_for(&sim)
            .tls(TlsMode::AcceptAny)
            .port(sim.ports().tls.unwrap());
        let api = connect(&config).await.unwrap();
        assert_eq!(
            api.print("/system/identity").await.unwrap().len(),
            1,
            "anonymous: {anonymous}"
        );
        let verified = config.clone().tls(TlsMode::Verify);
        assert!(
            matches!(connect(&verified).await, Err(Error::Tls(_))),
            "a verifying client must refuse the router's certificate (anonymous: {anonymous})"
        );
    }
}

#[tokio::test]
async fn the_pool_reconnects_after_the_router_drops_the_connection() {
    let sim = SimRouter::start(spec()).await.unwrap();
    let pool = Pool::new(client_for(&sim), PoolConfig::default());
    assert_eq!(pool.print("/system/identity").await.unwrap().len(), 1);
    // Login was command 1 and the print command 2; the next one is cut.
    sim.faults().drop_after(Some(2));
    let cut = add_secret(&pool, "a", &[]).await.unwrap_err();
    assert!(matches!(cut, Error::ConnectionLost(_)), "{cut:?}");
    sim.faults().drop_after(None);
    // A print is retried on a new session by itself; a write is not retried blindly.
    assert_eq!(pool.print("/system/identity").await.unwrap().len(), 1);
    add_secret(&pool, "b", &[]).await.unwrap();
}

#[tokio::test]
async fn the_pool_backs_off_while_the_router_is_down_and_recovers() {
    let sim = SimRouter::start(spec()).await.unwrap();
    let pool = Pool::new(
        client_for(&sim).connect_timeout(Duration::from_millis(500)),
        PoolConfig {
            backoff_base: Duration::from_millis(200),
            backoff_max: Duration::from_millis(400),
            ..PoolConfig::default()
        },
    );
    pool.print("/system/identity").await.unwrap();
    sim.go_down();
    let first = pool.print("/system/identity").await.unwrap_err();
    assert!(matches!(first, Error::Connect { .. }), "{first:?}");
    let second = pool.print("/system/identity").await.unwrap_err();
    assert!(matches!(second, Error::Backoff { .. }), "{second:?}");
    assert_eq!(pool.open_connections().await, 0);
    sim.come_up().await.unwrap();
    eventually("the pool to reconnect", || async {
        pool.print("/system/identity").await.is_ok()
    })
    .await;
    assert!(pool.check_health().await.is_ok());
}

#[tokio::test]
async fn rest_speaks_the_same_commands() {
    let mut with_rest = spec();
    with_rest.rest_port = Some(0);
    let sim = SimRouter::start(with_rest).await.unwrap();
    let url = format!("http://127.0.0.1:{}", sim.ports().rest.unwrap());
    let rest = RestClient::new(RestConfig::new(&url, "admin", PASSWORD)).unwrap();
    let binary = connect(&client_for(&sim)).await.unwrap();
    // The same code runs against either client.
    for (api, name) in [
        (&rest as &dyn RouterApi, "via-rest"),
        (&binary as &dyn RouterApi, "via-api"),
    ] {
        let id = add_secret(api, name, &[]).await.unwrap().unwrap();
        assert!(id.starts_with('*'));
        let duplicate = add_secret(api, name, &[]).await.unwrap_err();
        assert_eq!(
            duplicate.to_string(),
            "failure: secret with the same name already exists"
        );
        api.set("/ppp/secret", &id, Row::new().with("comment", "x"))
            .await
            .unwrap();
    }
    let rows = rest.print("/ppp/secret").await.unwrap();
    assert_eq!(rows.len(), 2);
    let filtered = rest
        .execute(
            Command::new("/ppp/secret/print")
                .filter("name", "via-api")
                .proplist(&[".id", "comment"]),
        )
        .await
        .unwrap();
    assert_eq!(filtered.rows.len(), 1);
    assert_eq!(filtered.rows[0].get("comment"), Some("x"));
    let id = filtered.rows[0].get(".id").unwrap().to_owned();
    rest.execute(Command::new("/ppp/secret/disable").attr(".id", id.clone()))
        .await
        .unwrap();
    assert_eq!(
        binary.print("/ppp/secret").await.unwrap()[1].get("disabled"),
        Some("true")
    );
    rest.remove("/ppp/secret", &id).await.unwrap();
    let again = rest.remove("/ppp/secret", &id).await.unwrap_err();
    assert!(
        matches!(
            again,
            Error::Trap {
                category: Some(0),
                ..
            }
        ),
        "{again:?}"
    );
    let count = rest
        .execute(Command::new("/ppp/secret/print").attr("count-only", ""))
        .await
        .unwrap();
    assert_eq!(count.ret(), Some("1"));
    assert!(matches!(
        rest.execute(Command::new("/ppp/secret/listen")).await,
        Err(Error::InvalidCommand(_))
    ));
    let wrong = RestClient::new(RestConfig::new(&url, "admin", "salah")).unwrap();
    assert!(matches!(
        wrong.print("/system/identity").await,
        Err(Error::LoginRefused(_))
    ));
}

#[tokio::test]
async fn the_ros_cli_prints_rows_and_fails_with_the_router_message() {
    let sim = SimRouter::start(spec()).await.unwrap();
    let api = connect(&client_for(&sim)).await.unwrap();
    add_secret(&api, "budi", &[]).await.unwrap();
    add_secret(&api, "sari", &[("disabled", "yes")])
        .await
        .unwrap();
    let port = sim.ports().api.to_string();
    let ros = |words: Vec<&str>| {
        let port = port.clone();
        let words: Vec<String> = words.into_iter().map(str::to_owned).collect();
        tokio::task::spawn_blocking(move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_ros"))
                .args([
                    "--host",
                    "127.0.0.1",
                    "--port",
                    &port,
                    "--user",
                    "admin",
                    "--password",
                    PASSWORD,
                ])
                .args(words)
                .output()
                .unwrap()
        })
    };
    let listed = ros(vec![
        "/ppp/secret/print",
        "?disabled=false",
        "=.proplist=name,profile",
    ])
    .await
    .unwrap();
    assert!(listed.status.success());
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout),
        "name=budi profile=default\n"
    );

    let failed = ros(vec!["/ppp/secret/add", "name=budi"]).await.unwrap();
    assert_eq!(failed.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&failed.stderr),
        "ros: failure: secret with the same name already exists\n"
    );
}

#[tokio::test]
async fn a_busy_pool_keeps_using_its_session_when_another_cannot_open() {
    let sim = SimRouter::start(spec()).await.unwrap();
    // Threshold 0: every command would like a session of its own while there is room.
    let pool = Pool::new(
        client_for(&sim),
        PoolConfig {
            busy_threshold: 0,
            ..PoolConfig::default()
        },
    );
    pool.print("/system/identity").await.unwrap();
    sim.faults().refuse_logins(true);
    // The second session is refused; the command runs on the first instead of failing,
    // both right after the refusal and during the backoff that follows.
    pool.print("/system/identity").await.unwrap();
    pool.print("/system/identity").await.unwrap();
    assert_eq!(pool.open_connections().await, 1);
}

#[tokio::test]
async fn a_session_that_stops_answering_is_dropped_after_a_timeout() {
    let sim = SimRouter::start(spec()).await.unwrap();
    let pool = Pool::new(
        client_for(&sim).connect_timeout(Duration::from_millis(200)),
        PoolConfig::default(),
    );
    pool.print("/system/identity").await.unwrap();
    sim.faults().set_latency(Duration::from_millis(600));
    let slow = pool
        .execute(Command::new("/system/identity/print").timeout(Duration::from_millis(100)))
        .await
        .unwrap_err();
    assert!(matches!(slow, Error::Timeout(_)));
    // The probe after the timeout went unanswered too, so the session was closed.
    assert_eq!(pool.open_connections().await, 0);
    sim.faults().set_latency(Duration::ZERO);
    assert_eq!(pool.print("/system/identity").await.unwrap().len(), 1);
}
