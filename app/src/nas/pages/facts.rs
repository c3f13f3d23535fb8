//! Identity, version, board, uptime, CPU and memory of a router.

use crate::i18n::{t, Msg};
use crate::nas::model::RouterFacts;
use leptos::prelude::*;

/// `860.2 MiB`
pub fn mebibytes(bytes: i64) -> String {
    format!("{:.1} MiB", bytes as f64 / 1_048_576.0)
}

/// A traffic counter in decimal units, as network people read them: `52.6 MB`, `1.2 TB`.
pub fn bytes(count: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = count as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{count} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counters_read_like_a_network_engineer_expects() {
        assert_eq!(super::bytes(0), "0 B");
        assert_eq!(super::bytes(999), "999 B");
        assert_eq!(super::bytes(52_558_153), "52.6 MB");
        assert_eq!(super::bytes(1_200_000_000_000), "1.2 TB");
        assert_eq!(super::mebibytes(905_576_448), "863.6 MiB");
    }
}

#[component]
pub fn FactsList(facts: RouterFacts) -> impl IntoView {
    let memory = match (facts.free_memory, facts.total_memory) {
        (Some(free), Some(total)) => format!("{} / {}", mebibytes(free), mebibytes(total)),
        _ => String::new(),
    };
    let cpu = facts.cpu_load.map(|c| format!("{c} %")).unwrap_or_default();
    view! {
        <dl class="facts" data-testid="router-facts">
            <dt>{t(Msg::RouterIdentity)}</dt><dd data-testid="fact-identity">{facts.identity}</dd>
            <dt>{t(Msg::RouterVersion)}</dt><dd>{facts.version}</dd>
            <dt>{t(Msg::RouterBoard)}</dt><dd>{facts.board}</dd>
            <dt>{t(Msg::RouterUptime)}</dt><dd>{facts.uptime}</dd>
            <dt>{t(Msg::RouterCpu)}</dt><dd>{cpu}</dd>
            <dt>{t(Msg::RouterMemory)}</dt><dd>{memory}</dd>
        </dl>
    }
}
