//! The delivery log: each message, its channel and recipient, whether it went out (or why
//! not, after how many tries), and "send again".

use crate::auth::model::Permission;
use crate::components::{title_of, ErrorBanner, LocalTime, PageTitle};
use crate::i18n::{t, Msg};
use crate::messaging::api::{list_customer_messages, send_message_again};
use crate::messaging::model::MessageRow;
use leptos::prelude::*;

#[component]
pub fn MessageLogPage() -> impl IntoView {
    view! {
        <PageTitle text=title_of(Msg::MsgLogTitle)/>
        <p><a href="/billing">{t(Msg::BackToInvoices)}</a></p>
        <div class="page-header"><h1>{t(Msg::MsgLogTitle)}</h1></div>
        <MessageLog customer_id=None/>
    }
}

fn status_label(status: &str) -> Msg {
    match status {
        "sent" => Msg::MsgSent,
        "failed" => Msg::MsgFailed,
        "cancelled" => Msg::MsgCancelled,
        _ => Msg::MsgQueued,
    }
}

/// The log of every message, or of one customer's.
#[component]
pub fn MessageLog(customer_id: Option<i64>) -> impl IntoView {
    let can_resend = crate::shell::use_session()
        .user
        .is_some_and(|u| u.can(Permission::ManageBilling));
    let resend = Action::new(|id: &i64| send_message_again(*id));
    let messages = Resource::new(
        move || resend.version().get(),
        move |_| list_customer_messages(customer_id),
    );
    view! {
        <ErrorBanner error=Signal::derive(move || resend.value().get().and_then(Result::err))/>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match messages.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any(),
                    Ok(rows) => view! { <Rows rows=rows can_resend=can_resend resend=resend show_customer=customer_id.is_none()/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Rows(
    rows: Vec<MessageRow>,
    can_resend: bool,
    resend: Action<i64, Result<i64, crate::error::AppError>>,
    show_customer: bool,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
        <table class="table" data-testid="message-log">
            <thead><tr>
                <th scope="col">{t(Msg::ColCreated)}</th>
                {show_customer.then(|| view! { <th scope="col">{t(Msg::CustomerTitle)}</th> })}
                <th scope="col">{t(Msg::MsgEvent)}</th>
                <th scope="col">{t(Msg::MsgChannel)}</th>
                <th scope="col">{t(Msg::ColStatus)}</th>
                <th scope="col">{t(Msg::MsgText)}</th>
                <th scope="col"><span class="visually-hidden">{t(Msg::MsgSendAgain)}</span></th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|m| {
                    let id = m.id;
                    let failed = m.status == "failed" || m.status == "cancelled";
                    view! {
                        <tr data-message=m.id.to_string() data-status=m.status.clone()>
                            <td class="nowrap"><LocalTime at=m.created_at/></td>
                            {show_customer.then(|| view! {
                                <td><a href=format!("/customers/{}", m.customer_id)>{m.customer_code.clone()}</a>
                                    <div class="small">{m.customer_name.clone()}</div></td>
                            })}
                            <td>{t(m.event.label())}</td>
                            <td>{m.channel.label()}<div class="small muted">{m.recipient.clone()}</div></td>
                            <td>
                                <span class=if m.status == "sent" { "badge" } else if failed { "badge badge-down" } else { "badge badge-warn" }>
                                    {t(status_label(&m.status))}
                                </span>
                                {(m.attempts > 1 || m.last_error.is_some()).then(|| view! {
                                    <div class="small muted">{format!("×{}", m.attempts)}" "{m.last_error.clone().unwrap_or_default()}</div>
                                })}
                            </td>
                            <td class="message-text">
                                {(!m.subject.is_empty()).then(|| view! { <strong>{m.subject.clone()}</strong><br/> })}
                                <span class="small">{m.body.clone()}</span>
                            </td>
                            <td>{can_resend.then(|| view! {
                                <button type="button" class="button button-small" disabled=move || resend.pending().get()
                                    on:click=move |_| { resend.dispatch(id); }>{t(Msg::MsgSendAgain)}</button>
                            })}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
