//! `/isolir`: where the routers send isolated customers' web traffic. Public and plain (no
//! JavaScript needed), in the visitor's language; personal when the visitor's address is
//! an isolated line, general otherwise.

use crate::components::{title_of, LocalTime, PageTitle};
use crate::i18n::{t, Msg};
use crate::subscriptions::api::read_isolir_notice;
use leptos::prelude::*;

#[component]
pub fn IsolirPage() -> impl IntoView {
    let notice = Resource::new(|| (), |_| read_isolir_notice());
    view! {
        <PageTitle text=title_of(Msg::IsolirTitle)/>
        <h1>{t(Msg::IsolirTitle)}</h1>
        <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                let notice = notice.await.unwrap_or_default();
                view! {
                    <div data-testid="isolir-notice">
                        {match notice.line {
                            Some(line) => view! {
                                <p>{t(Msg::IsolirHello)}" "<strong>{line.first_name.clone()}</strong>" ("{line.customer_code.clone()}")."</p>
                                <p>{t(Msg::IsolirYours)}" "<code>{line.username.clone()}</code>" · "<LocalTime at=line.since/></p>
                                {(!line.reason.is_empty()).then(|| view! {
                                    <p class="banner banner-warn">{t(Msg::IsolirReason)}" "{line.reason.clone()}</p>
                                })}
                            }.into_any(),
                            None => view! { <p>{t(Msg::IsolirGeneral)}</p> }.into_any(),
                        }}
                        <p>{t(Msg::IsolirHowTo)}</p>
                        <p><a class="button button-primary button-block" href="/portal/login">{t(Msg::IsolirPortal)}</a></p>
                        <p class="muted">
                            {notice.isp_name.clone()}
                            {(!notice.isp_contact.is_empty()).then(|| format!(" · {}", notice.isp_contact))}
                        </p>
                    </div>
                }
            })}
        </Suspense>
    }
}
