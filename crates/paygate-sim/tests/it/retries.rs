//! Retry schedules, counted in the delivery log once every retry is done.

use paygate_sim::SimHandle;

use crate::support::*;

async fn attempts_for(sim: &SimHandle, order: &str, receiver: &Receiver) -> Vec<Option<u16>> {
    snap(sim, order, 25_000, Some(&receiver.url)).await;
    control(sim, &format!("midtrans/{order}/pending")).await;
    idle(sim).await;
    let log: Vec<_> = sim
        .deliveries()
        .into_iter()
        .filter(|d| d.order == order)
        .collect();
    let numbers: Vec<u32> = log.iter().map(|d| d.attempt).collect();
    assert_eq!(numbers, (1..=log.len() as u32).collect::<Vec<_>>());
    log.iter().map(|d| d.answered_status).collect()
}

#[tokio::test]
async fn midtrans_retries_by_answer() {
    let sim = sim(config()).await;
    let cases = [
        (500, 1 + 1),
        (503, 1 + 4),
        (404, 1 + 2),
        (400, 1 + 2),
        (200, 1),
        (302, 1),
        (418, 1 + 5),
    ];
    for (status, expected) in cases {
        let receiver = Receiver::start(status, "{}").await;
        let answers = attempts_for(&sim, &format!("RETRY-{status}"), &receiver).await;
        assert_eq!(answers.len(), expected, "answering {status}: {answers:?}");
        assert!(answers.iter().all(|a| *a == Some(status)));
        assert_eq!(receiver.seen().len(), expected);
    }

    let garbage = Receiver::garbage().await;
    let answers = attempts_for(&sim, "RETRY-GARBAGE", &garbage).await;
    assert_eq!(answers, vec![None; 1 + 5]);
    assert!(sim
        .deliveries()
        .iter()
        .filter(|d| d.order == "RETRY-GARBAGE")
        .all(|d| d.error.is_some()));

    // Refused connections count as "anything else" too.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/gone", listener.local_addr().unwrap())
    };
    snap(&sim, "RETRY-REFUSED", 25_000, Some(&closed)).await;
    control(&sim, "midtrans/RETRY-REFUSED/pending").await;
    idle(&sim).await;
    let refused = sim
        .deliveries()
        .into_iter()
        .filter(|d| d.order == "RETRY-REFUSED")
        .count();
    assert_eq!(refused, 6);
}

#[tokio::test]
async fn midtrans_follows_temporary_redirects() {
    let sim = sim(config()).await;
    let target = Receiver::ok().await;
    let redirect = Receiver::redirecting_to(&target.url).await;
    let answers = attempts_for(&sim, "REDIRECT-307", &redirect).await;
    assert_eq!(answers, vec![Some(200)]);
    assert_eq!(redirect.seen().len(), 1);
    assert_eq!(target.seen().len(), 1);
    assert_eq!(target.seen()[0].body, redirect.seen()[0].body);
}
