//! The logo section of `/admin/billing`: a preview of the logo printed on documents, an
//! upload field (checked on the server: a PNG or JPEG the PDF writer can read) and removal.

use crate::billing::api::{billing_logo_version, RemoveBillingLogo};
use crate::components::{ErrorBanner, FileUpload};
use crate::i18n::{t, Msg};
use leptos::prelude::*;

#[component]
pub fn LogoSection() -> impl IntoView {
    let remove = ServerAction::<RemoveBillingLogo>::new();
    let version = Resource::new(move || remove.version().get(), |_| billing_logo_version());
    let reload = Callback::new(move |_| version.refetch());
    let error = Signal::derive(move || remove.value().get().and_then(Result::err));
    view! {
        <section class="panel" data-testid="billing-logo">
            <h2>{t(Msg::BillingLogo)}</h2>
            <ErrorBanner error=error/>
            <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match version.await {
                        Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                        Ok(current) => {
                            let has_logo = current.is_some();
                            view! {
                                {match current {
                                    Some(v) => view! {
                                        <p><img class="logo-preview" alt=t(Msg::BillingLogo)
                                            src=format!("/api/billing/logo?v={v}")/></p>
                                        <button type="button" class="button button-secondary"
                                            on:click=move |_| { remove.dispatch(RemoveBillingLogo {}); }>
                                            {t(Msg::BillingLogoRemove)}
                                        </button>
                                    }.into_any(),
                                    None => view! { <p class="muted">{t(Msg::BillingLogoNone)}</p> }.into_any(),
                                }}
                                <FileUpload input_id="billing-logo-file"
                                    label=if has_logo { Msg::BillingLogoReplace } else { Msg::BillingLogoUpload }
                                    hint=Msg::BillingLogoHint accept="image/png,image/jpeg"
                                    url="/api/billing/logo".to_owned() done=reload/>
                            }.into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}
