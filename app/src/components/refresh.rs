//! Pages that show live state re-read it on a timer while they are open.

use leptos::prelude::*;

/// Bumps `tick` every `seconds` while the page is open (in the browser only).
pub fn refresh_every(seconds: u64, tick: RwSignal<u64>) {
    Effect::new(move |_| {
        let handle = set_interval_with_handle(
            move || tick.update(|n| *n += 1),
            std::time::Duration::from_secs(seconds),
        );
        if let Ok(handle) = handle {
            on_cleanup(move || handle.clear());
        }
    });
}
