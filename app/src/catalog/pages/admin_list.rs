//! `/admin/catalog`: every catalog item, active or not, for desk admins.

use crate::catalog::api::list_catalog;
use crate::components::{title_of, ErrorBanner, PageTitle};
use crate::desk::pages::DeskTabs;
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn CatalogAdminPage() -> impl IntoView {
    let items = Resource::new(|| (), |_| list_catalog(true));
    view! {
        <PageTitle text=title_of(Msg::CatalogAdminTitle)/>
        <div class="page-header">
            <h1>{t(Msg::CatalogAdminTitle)}</h1>
            <A href="/admin/catalog/new" attr:class="button button-primary">{t(Msg::NewCatalogItem)}</A>
        </div>
        <DeskTabs/>
        <Suspense fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match items.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(items) => view! {
                        <div class="table-wrap">
                        <table class="table" data-testid="catalog-admin-table">
                            <thead><tr>
                                <th scope="col">{t(Msg::ColName)}</th>
                                <th scope="col">{t(Msg::ColFields)}</th>
                                <th scope="col">{t(Msg::FieldApprovals)}</th>
                                <th scope="col">{t(Msg::ColStatus)}</th>
                            </tr></thead>
                            <tbody>
                                {items.into_iter().map(|item| view! {
                                    <tr class:row-inactive=!item.active>
                                        <th scope="row"><A href=format!("/admin/catalog/{}", item.id)>{item.name.clone()}</A></th>
                                        <td>{item.fields.len()}</td>
                                        <td>{if item.approvals.is_empty() {
                                            view! { <span class="muted">{t(Msg::NoApprovalNeeded)}</span> }.into_any()
                                        } else {
                                            item.approvals.iter().enumerate().map(|(i, r)| view! {
                                                {(i > 0).then_some(" → ")}<span class="badge">{t(r.label())}</span>
                                            }).collect_view().into_any()
                                        }}</td>
                                        <td><span class="badge" class:badge-off=!item.active>{t(if item.active { Msg::StatusActive } else { Msg::StatusInactive })}</span></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
