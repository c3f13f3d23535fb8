//! Request counters and latency histograms in the Prometheus text format, plus database
//! pool gauges. Labels are route templates (never raw paths) so cardinality stays bounded.

use sqlx::PgPool;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Inner {
    /// (method, route, status) → count
    requests: BTreeMap<(String, String, u16), u64>,
    /// (method, route) → latency
    latency: BTreeMap<(String, String), Histogram>,
}

#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

impl Metrics {
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let secs = elapsed.as_secs_f64();
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        *inner
            .requests
            .entry((method.to_owned(), route.to_owned(), status))
            .or_default() += 1;
        let h = inner
            .latency
            .entry((method.to_owned(), route.to_owned()))
            .or_default();
        h.count += 1;
        h.sum += secs;
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                h.counts[i] += 1;
            }
        }
    }

    pub fn render(&self, pool: &PgPool) -> String {
        let mut out = String::new();
        let inner = match self.inner.lock() {
            Ok(inner) => inner,
            Err(poisoned) => poisoned.into_inner(),
        };
        out.push_str("# HELP simpul_http_requests_total HTTP requests by route and status.\n");
        out.push_str("# TYPE simpul_http_requests_total counter\n");
        for ((method, route, status), n) in &inner.requests {
            let _ = writeln!(
                out,
                "simpul_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        out.push_str(
            "# HELP simpul_http_request_duration_seconds Time to produce response headers.\n",
        );
        out.push_str("# TYPE simpul_http_request_duration_seconds histogram\n");
        for ((method, route), h) in &inner.latency {
            let labels = format!("method=\"{method}\",route=\"{}\"", escape(route));
            for (i, bound) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "simpul_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {}",
                    h.counts[i]
                );
            }
            let _ = writeln!(
                out,
                "simpul_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "simpul_http_request_duration_seconds_sum{{{labels}}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "simpul_http_request_duration_seconds_count{{{labels}}} {}",
                h.count
            );
        }
        drop(inner);
        let size = pool.size();
        let idle = pool.num_idle() as u32;
        out.push_str("# HELP simpul_db_pool_connections Database pool connections by state.\n");
        out.push_str("# TYPE simpul_db_pool_connections gauge\n");
        let _ = writeln!(out, "simpul_db_pool_connections{{state=\"idle\"}} {idle}");
        let _ = writeln!(
            out,
            "simpul_db_pool_connections{{state=\"in_use\"}} {}",
            size.saturating_sub(idle)
        );
        out.push_str("# HELP simpul_db_pool_max_connections Configured pool ceiling.\n");
        out.push_str("# TYPE simpul_db_pool_max_connections gauge\n");
        let _ = writeln!(
            out,
            "simpul_db_pool_max_connections {}",
            pool.options().get_max_connections()
        );
        out
    }
}

fn escape(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative() {
        let m = Metrics::default();
        m.observe("GET", "/", 200, Duration::from_millis(3));
        m.observe("GET", "/", 200, Duration::from_millis(300));
        let inner = m.inner.lock().unwrap();
        let h = &inner.latency[&("GET".to_owned(), "/".to_owned())];
        assert_eq!(h.counts[0], 1, "3 ms is under 5 ms");
        assert_eq!(h.counts[6], 2, "both are under 500 ms");
        assert_eq!(h.count, 2);
        assert_eq!(inner.requests[&("GET".to_owned(), "/".to_owned(), 200)], 2);
    }

    #[test]
    fn labels_are_escaped() {
        assert_eq!(escape("a\"b\\c"), "a\\\"b\\\\c");
    }
}
