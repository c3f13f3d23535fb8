use crate::i18n::{t, use_i18n, Locale, Msg};
use crate::tickets::live::Now;
use crate::tickets::model::{Priority, SlaState, Status};
use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;

#[component]
pub fn PriorityBadge(priority: Priority) -> impl IntoView {
    view! { <span class=priority.css_class() data-priority=priority.get()>{t(priority.label())}</span> }
}

#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    view! { <span class=format!("status status-{}", status.code())>{t(status.label())}</span> }
}

/// "2j 05m" / "2h 05m" style, with days when longer than a day.
pub fn format_remaining(d: Duration, locale: Locale) -> String {
    let (day, hour) = match locale {
        Locale::Id => ("h", "j"),
        Locale::En => ("d", "h"),
    };
    let total = d.num_minutes().abs();
    let (days, hours, minutes) = (total / 1440, (total % 1440) / 60, total % 60);
    if days > 0 {
        format!("{days}{day} {hours}{hour}")
    } else if hours > 0 {
        format!("{hours}{hour} {minutes:02}m")
    } else {
        format!("{minutes}m")
    }
}

/// Time left to `due`, ticking every second; "overdue" once past.
#[component]
pub fn SlaCountdown(due: DateTime<Utc>) -> impl IntoView {
    let locale = use_i18n().locale;
    let now = use_context::<Now>().map(|n| n.0);
    let left = move || due - now.map(|n| n.get()).unwrap_or_else(Utc::now);
    view! {
        <span class="countdown" class:countdown-late=move || left() < Duration::zero()>
            {move || {
                let l = locale.get();
                let d = left();
                if d < Duration::zero() {
                    format!("{} {}", Msg::SlaOverdueBy.text(l), format_remaining(d, l))
                } else {
                    format!("{} {}", format_remaining(d, l), Msg::SlaLeft.text(l))
                }
            }}
        </span>
    }
}

/// The ticket's SLA summary: state and, while a clock runs, the countdown to the deadline.
#[component]
pub fn SlaBadge(state: Option<SlaState>, due: Option<DateTime<Utc>>) -> impl IntoView {
    let Some(state) = state else {
        return view! { <span class="sla sla-none">"—"</span> }.into_any();
    };
    let running = matches!(state, SlaState::Running | SlaState::Warning);
    view! {
        <span class=format!("sla sla-{}", state.code()) data-sla=state.code()>
            <span class="sla-state">{t(state.label())}</span>
            {due.filter(|_| running).map(|due| view! { " · " <SlaCountdown due=due/> })}
        </span>
    }
    .into_any()
}
