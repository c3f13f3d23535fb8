//! Sending Midtrans notifications and Tripay callbacks, and retrying them the way each
//! gateway documents, in background tasks so no HTTP handler ever waits for a receiver.
//!
//! Midtrans decides by the HTTP status of the answer: 2xx no retry; 500 one; 503 four;
//! 400 and 404 two; 301/302/303 none (not followed); 307/308 followed up to five times;
//! anything else (other statuses, timeouts after 15 s, refused connections, non-HTTP
//! answers) five. The count is re-read after every answer and capped at five retries; the
//! n-th retry waits 2, 10, 30, 90 or 210 minutes after the previous attempt.
//!
//! Tripay retries unless the answer is 2xx with a JSON body whose `success` is `true`, up
//! to three times, two minutes apart. Every delay is multiplied by `retry_scale`.
//!
//! A batch's first attempts go out in order (so `out_of_order` really arrives out of
//! order); retries run on their own. Every attempt is logged in [`Delivery`] records.

use std::sync::Arc;
use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use reqwest::redirect;
use serde_json::Value;

use crate::store::{Delivery, Sim};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gateway {
    Midtrans,
    Tripay,
}

impl Gateway {
    fn name(self) -> &'static str {
        match self {
            Gateway::Midtrans => "midtrans",
            Gateway::Tripay => "tripay",
        }
    }
}

/// One notification or callback, ready to send as is (the signature is over these bytes).
#[derive(Debug, Clone)]
pub(crate) struct Outgoing {
    pub gateway: Gateway,
    pub url: String,
    pub order: String,
    pub status: String,
    pub body: Vec<u8>,
    pub headers: Vec<(&'static str, String)>,
}

const TIMEOUT: Duration = Duration::from_secs(15);
const MIDTRANS_DELAYS_MINUTES: [u64; 5] = [2, 10, 30, 90, 210];
const TRIPAY_RETRIES: u32 = 3;
const TRIPAY_DELAY_MINUTES: u64 = 2;

/// The HTTP client for deliveries: 15 s timeout, only 307/308 followed, no proxy (the
/// receivers are local test servers or the app itself).
pub(crate) fn client() -> reqwest::Client {
    let policy = redirect::Policy::custom(|attempt| {
        let temporary = matches!(attempt.status().as_u16(), 307 | 308);
        if !temporary {
            attempt.stop()
        } else if attempt.previous().len() > 5 {
            attempt.error("more than five redirects")
        } else {
            attempt.follow()
        }
    });
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .redirect(policy)
        .no_proxy()
        .build()
        .expect("a plain HTTP client builds")
}

/// How many retries Midtrans makes after an answer with this status (`None`: no answer).
pub(crate) fn midtrans_retries(answered: Option<u16>) -> u32 {
    match answered {
        Some(200..=299) => 0,
        Some(500) => 1,
        Some(503) => 4,
        Some(400 | 404) => 2,
        Some(301..=303) => 0,
        _ => 5,
    }
}

#[derive(Debug, Clone)]
struct Answer {
    status: Option<u16>,
    /// Tripay's acknowledgement: a JSON body with `"success": true`.
    success: bool,
}

/// The wait before the next attempt, or `None` when this one was the last.
fn next_delay(gateway: Gateway, attempts: u32, answer: &Answer, scale: f64) -> Option<Duration> {
    let retries_done = attempts - 1;
    let minutes = match gateway {
        Gateway::Midtrans => {
            let allowed = midtrans_retries(answer.status).min(5);
            (retries_done < allowed).then(|| MIDTRANS_DELAYS_MINUTES[retries_done as usize])?
        }
        Gateway::Tripay => {
            let acknowledged = answer.success && answer.status.is_some_and(|s| s / 100 == 2);
            (!acknowledged && retries_done < TRIPAY_RETRIES).then_some(TRIPAY_DELAY_MINUTES)?
        }
    };
    let seconds = (minutes * 60) as f64 * scale.max(0.0);
    Some(Duration::try_from_secs_f64(seconds).unwrap_or(Duration::ZERO))
}

/// Sends a batch in the background: first attempts in order, retries independently.
pub(crate) fn dispatch(sim: &Arc<Sim>, batch: Vec<Outgoing>) {
    if batch.is_empty() {
        return;
    }
    for _ in &batch {
        sim.job_started();
    }
    tokio::spawn(run_batch(sim.clone(), batch));
}

async fn run_batch(sim: Arc<Sim>, batch: Vec<Outgoing>) {
    for job in batch {
        if sim.is_closed() {
            sim.job_done();
            continue;
        }
        let id = sim.next_delivery_id();
        let answer = attempt(&sim, &job, id, 1).await;
        tokio::spawn(retry(sim.clone(), job, id, answer));
    }
}

async fn retry(sim: Arc<Sim>, job: Outgoing, id: u64, mut answer: Answer) {
    let mut attempts = 1;
    while let Some(delay) = next_delay(job.gateway, attempts, &answer, sim.config.retry_scale) {
        if !sim.sleep(delay).await {
            break;
        }
        attempts += 1;
        answer = attempt(&sim, &job, id, attempts).await;
    }
    sim.job_done();
}

async fn attempt(sim: &Sim, job: &Outgoing, id: u64, number: u32) -> Answer {
    let at = Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true);
    let mut request = sim
        .http
        .post(&job.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(job.body.clone());
    for (name, value) in &job.headers {
        request = request.header(*name, value);
    }
    let (answer, error) = match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            let body = response.bytes().await.unwrap_or_default();
            let success = serde_json::from_slice::<Value>(&body)
                .ok()
                .and_then(|v| v.get("success").and_then(Value::as_bool))
                == Some(true);
            let answer = Answer {
                status: Some(status),
                success,
            };
            (answer, None)
        }
        Err(error) => {
            let answer = Answer {
                status: None,
                success: false,
            };
            (answer, Some(describe(&error)))
        }
    };
    tracing::info!(
        delivery.gateway = job.gateway.name(),
        delivery.url = %job.url,
        delivery.order = %job.order,
        delivery.status = %job.status,
        delivery.attempt = number,
        delivery.answered = ?answer.status,
        delivery.error = ?error,
        "delivery attempt"
    );
    sim.store().deliveries.push(Delivery {
        delivery: id,
        gateway: job.gateway.name().into(),
        url: job.url.clone(),
        order: job.order.clone(),
        status: job.status.clone(),
        attempt: number,
        answered_status: answer.status,
        at,
        error,
    });
    answer
}

fn describe(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "connection failed"
    } else if error.is_redirect() {
        "redirect loop"
    } else {
        "request failed"
    };
    let mut text = kind.to_owned();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: Option<u16>, success: bool) -> Answer {
        Answer { status, success }
    }

    fn schedule(gateway: Gateway, a: &Answer) -> Vec<Duration> {
        (1..=10)
            .map_while(|attempts| next_delay(gateway, attempts, a, 1.0))
            .collect()
    }

    #[test]
    fn midtrans_schedule_follows_the_answer() {
        let minutes =
            |list: Vec<Duration>| list.iter().map(|d| d.as_secs() / 60).collect::<Vec<_>>();
        let midtrans = |status| minutes(schedule(Gateway::Midtrans, &answer(status, false)));
        assert_eq!(midtrans(Some(200)), Vec::<u64>::new());
        assert_eq!(midtrans(Some(204)), Vec::<u64>::new());
        assert_eq!(midtrans(Some(500)), vec![2]);
        assert_eq!(midtrans(Some(503)), vec![2, 10, 30, 90]);
        assert_eq!(midtrans(Some(400)), vec![2, 10]);
        assert_eq!(midtrans(Some(404)), vec![2, 10]);
        assert_eq!(midtrans(Some(302)), Vec::<u64>::new());
        assert_eq!(midtrans(Some(418)), vec![2, 10, 30, 90, 210]);
        assert_eq!(midtrans(None), vec![2, 10, 30, 90, 210]);
    }

    #[test]
    fn tripay_retries_until_success_true() {
        assert!(schedule(Gateway::Tripay, &answer(Some(200), true)).is_empty());
        assert_eq!(
            schedule(Gateway::Tripay, &answer(Some(200), false)).len(),
            3
        );
        assert_eq!(schedule(Gateway::Tripay, &answer(Some(500), true)).len(), 3);
        assert_eq!(schedule(Gateway::Tripay, &answer(None, false)).len(), 3);
    }

    #[test]
    fn delays_scale() {
        let delay = next_delay(Gateway::Midtrans, 1, &answer(Some(500), false), 0.001).unwrap();
        assert_eq!(delay, Duration::from_millis(120));
        let delay = next_delay(Gateway::Tripay, 1, &answer(None, false), 0.0).unwrap();
        assert_eq!(delay, Duration::ZERO);
    }
}
