use crate::catalog::api::list_catalog;
use crate::components::{title_of, ErrorBanner, PageTitle};
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn CatalogPage() -> impl IntoView {
    let items = Resource::new(|| (), |_| list_catalog(false));
    view! {
        <PageTitle text=title_of(Msg::CatalogTitle)/>
        <div class="page-header"><h1>{t(Msg::CatalogTitle)}</h1></div>
        <p class="muted">{t(Msg::CatalogIntro)}</p>
        <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match items.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(items) if items.is_empty() => view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any(),
                    Ok(items) => view! {
                        <ul class="catalog">
                            {items.into_iter().map(|item| {
                                let approvals = item.approvals.clone();
                                view! {
                                    <li class="panel catalog-item">
                                        <h2>{item.name.clone()}</h2>
                                        <p>{item.description.clone()}</p>
                                        <p class="muted">
                                            {if approvals.is_empty() {
                                                view! { {t(Msg::NoApprovalNeeded)} }.into_any()
                                            } else {
                                                view! {
                                                    {t(Msg::NeedsApprovalBy)}" "
                                                    {approvals.into_iter().map(|r| view! { <span class="badge">{t(r.label())}</span>" " }).collect_view()}
                                                }.into_any()
                                            }}
                                        </p>
                                        <A href=format!("/catalog/{}", item.id) attr:class="button button-primary">{t(Msg::RequestThis)}</A>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
