//! The technician app (`/tech`): today's orders in appointment order, and one order with
//! what the technician does on it — move it along, tick the checklist, record the proof.
//! Mobile first: one column, large touch targets.

mod order;

pub use order::TechOrderPage;

use super::{WindowText, WoStateBadge};
use crate::components::ErrorBanner;
use crate::field::api::my_work_orders;
use crate::i18n::{t, Msg};
use leptos::prelude::*;

/// The technician's day, for the top of `/tech`.
#[component]
pub fn TechDay() -> impl IntoView {
    let orders = Resource::new(|| (), |_| my_work_orders());
    view! {
        <section class="tech-day" data-testid="tech-day">
            <h2>{t(Msg::TechOrdersTitle)}</h2>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match orders.await {
                        Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                        Ok(list) if list.is_empty() => view! { <p class="muted">{t(Msg::TechNoOrders)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ol class="tech-orders">
                                {list.into_iter().map(|o| view! {
                                    <li>
                                        <a class="tech-order-card" href=format!("/tech/orders/{}", o.id) data-wo=o.number.clone()>
                                            <span class="tech-order-top">
                                                <strong>{t(o.kind.label())}</strong>
                                                <WoStateBadge state=o.state/>
                                            </span>
                                            <span>{o.customer.clone().unwrap_or_default()}</span>
                                            <span class="muted small">{o.address.clone()}</span>
                                            <span class="small">{o.window.map(|w| view! { <WindowText window=w/> })}</span>
                                        </a>
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
