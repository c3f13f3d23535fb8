//! The bell in the staff top bar: unread count, the latest notifications, mark as read.

use crate::components::LocalTime;
use crate::i18n::{t, use_i18n, Msg};
use crate::notifications::api::{mark_notifications_read, my_notifications};
use crate::notifications::model::NotificationKind;
use crate::tickets::live::on_ticket_changes;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotificationBell() -> impl IntoView {
    let locale = use_i18n().locale;
    let reload = RwSignal::new(0u64);
    let inbox = Resource::new(move || reload.get(), |_| my_notifications());
    let open = RwSignal::new(false);
    // Any ticket change may have notified someone; the query is one indexed lookup.
    on_ticket_changes(
        move |_| reload.update(|n| *n += 1),
        move || reload.update(|n| *n += 1),
    );
    let mark_all = Action::new(move |_: &()| async move {
        let r = mark_notifications_read(Vec::new()).await;
        reload.update(|n| *n += 1);
        r
    });
    let unread = move || {
        inbox
            .get()
            .and_then(Result::ok)
            .map(|i| i.unread)
            .unwrap_or(0)
    };
    view! {
        <div class="bell">
            <button type="button" class="button button-ghost bell-button" aria-expanded=move || open.get().to_string()
                aria-controls="bell-panel" on:click=move |_| open.update(|o| *o = !*o)>
                // Drawn, not an emoji: many machines (and kiosk browsers) lack emoji fonts.
                <svg class="bell-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
                    <path d="M12 2a6 6 0 0 0-6 6v3.6L4.3 15a1 1 0 0 0 .9 1.5h13.6a1 1 0 0 0 .9-1.5L18 11.6V8a6 6 0 0 0-6-6zm-2.8 16a2.9 2.9 0 0 0 5.6 0z"
                        fill="currentColor"/>
                </svg>
                <span class="visually-hidden">{t(Msg::Notifications)}</span>
                <Transition fallback=|| ()>
                    {move || (unread() > 0).then(|| view! {
                        <span class="bell-count" data-testid="unread-count">{unread()}</span>
                    })}
                </Transition>
            </button>
            <Show when=move || open.get()>
                <div class="bell-panel" id="bell-panel" role="region" aria-label=move || Msg::Notifications.text(locale.get())>
                    <div class="bell-head">
                        <strong>{t(Msg::Notifications)}</strong>
                        <button type="button" class="button-quiet" on:click=move |_| { mark_all.dispatch(()); }>
                            {t(Msg::MarkAllRead)}
                        </button>
                    </div>
                    <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                        {move || Suspend::new(async move {
                            let items = inbox.await.map(|i| i.items).unwrap_or_default();
                            if items.is_empty() {
                                return view! { <p class="muted">{t(Msg::NoNotifications)}</p> }.into_any();
                            }
                            view! {
                                <ul class="bell-list">
                                    {items.into_iter().map(|n| {
                                        let href = n.ticket_id.map(|id| format!("/tickets/{id}")).unwrap_or_else(|| "/tickets".into());
                                        let what = n.metric.map(|m| m.label());
                                        let kind: NotificationKind = n.kind;
                                        view! {
                                            <li class:bell-unread=!n.read>
                                                <A href=href on:click=move |_| open.set(false)>
                                                    <strong>{t(kind.label())}</strong>
                                                    {what.map(|m| view! { " · " {t(m)} })}
                                                    <br/>
                                                    {n.ticket_number.unwrap_or_default()}" "{n.ticket_title.unwrap_or_default()}
                                                </A>
                                                <div class="muted"><LocalTime at=n.created_at/></div>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        })}
                    </Transition>
                </div>
            </Show>
        </div>
    }
}
