//! `/customers`: search by code, name, phone or PPPoE user name; filter by status and
//! category; keyset pages. The filters live in the URL (a plain GET form).

use super::{CustomerForm, CustomerStatusBadge};
use crate::auth::model::Permission;
use crate::components::{title_of, ErrorBanner, LocalTime, PageTitle};
use crate::customers::api::list_customers;
use crate::customers::model::{CustomerCategory, CustomerDraft, CustomerFilter, CustomerStatus};
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn CustomerListPage() -> impl IntoView {
    let query = use_query_map();
    let current = move |key: &str| query.read().get(key).unwrap_or_default();
    let filter = Memo::new(move |_| CustomerFilter {
        search: current("q"),
        status: CustomerStatus::parse(&current("status")),
        category: CustomerCategory::parse(&current("category")),
    });
    let cursor = Memo::new(move |_| query.read().get("cursor"));
    let page = Resource::new(
        move || (filter.get(), cursor.get()),
        |(f, c)| list_customers(f, c),
    );
    let can_manage = crate::shell::use_session()
        .user
        .is_some_and(|u| u.can(Permission::ManageCustomers));
    let next_href = move |cursor: String| {
        let f = filter.get_untracked();
        format!(
            "/customers?q={}&status={}&category={}&cursor={}",
            crate::url::encode(&f.search),
            f.status.map(CustomerStatus::as_str).unwrap_or(""),
            f.category.map(CustomerCategory::as_str).unwrap_or(""),
            crate::url::encode(&cursor)
        )
    };
    view! {
        <PageTitle text=title_of(Msg::CustomersTitle)/>
        <div class="page-header">
            <h1>{t(Msg::CustomersTitle)}</h1>
            <Show when=move || can_manage>
                <a class="button button-primary" href="/customers/new">{t(Msg::NewCustomer)}</a>
            </Show>
        </div>
        <Form action="/customers" method="GET" {..} class="filters" role="search">
            <div class="field field-wide">
                <label for="customers-q">{t(Msg::SearchCustomers)}</label>
                <input id="customers-q" type="search" name="q" value=move || current("q")
                    placeholder=move || Msg::SearchCustomersHint.text(crate::i18n::use_i18n().locale.get())/>
            </div>
            <div class="field">
                <label for="customers-status">{t(Msg::ColStatus)}</label>
                <select id="customers-status" name="status">
                    <option value="">{t(Msg::AllStatuses)}</option>
                    {CustomerStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || current("status") == s.as_str()>{t(s.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="customers-category">{t(Msg::CustomerCategory)}</label>
                <select id="customers-category" name="category">
                    <option value="">{t(Msg::AllCategories)}</option>
                    {CustomerCategory::ALL.into_iter().map(|c| view! {
                        <option value=c.as_str() selected=move || current("category") == c.as_str()>{t(c.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="filters-actions">
                <button type="submit" class="button">{t(Msg::Apply)}</button>
            </div>
        </Form>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(page) if page.items.is_empty() => view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any(),
                    Ok(page) => view! {
                        <div class="table-wrap">
                        <table class="table" data-testid="customer-table">
                            <thead><tr>
                                <th scope="col">{t(Msg::CustomerCode)}</th>
                                <th scope="col">{t(Msg::ColName)}</th>
                                <th scope="col">{t(Msg::CustomerPhone)}</th>
                                <th scope="col">{t(Msg::CustomerCategory)}</th>
                                <th scope="col">{t(Msg::ColStatus)}</th>
                                <th scope="col">{t(Msg::CustomerLines)}</th>
                                <th scope="col">{t(Msg::ColCreated)}</th>
                            </tr></thead>
                            <tbody>
                                {page.items.into_iter().map(|c| view! {
                                    <tr data-customer=c.code.clone()>
                                        <td class="nowrap"><a href=format!("/customers/{}", c.id)>{c.code.clone()}</a></td>
                                        <th scope="row"><a href=format!("/customers/{}", c.id)>{c.full_name.clone()}</a></th>
                                        <td class="nowrap">{c.phone.clone()}</td>
                                        <td>{t(c.category.label())}</td>
                                        <td><CustomerStatusBadge status=c.status/></td>
                                        <td>{c.subscriptions}</td>
                                        <td class="nowrap"><LocalTime at=c.created_at/></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                        {page.next_cursor.map(|c| view! {
                            <p><a class="button" href=next_href(c)>{t(Msg::NextPage)}</a></p>
                        })}
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// `/customers/new`: the form; after saving, the new customer's page.
#[component]
pub fn NewCustomerPage() -> impl IntoView {
    let navigate = use_navigate();
    let back = navigate.clone();
    let saved =
        Callback::new(move |id: i64| navigate(&format!("/customers/{id}"), Default::default()));
    let cancel = Callback::new(move |()| back("/customers", Default::default()));
    view! {
        <PageTitle text=title_of(Msg::NewCustomer)/>
        <p><a href="/customers">{t(Msg::BackToCustomers)}</a></p>
        <CustomerForm draft=CustomerDraft::default() saved=saved cancel=cancel/>
    }
}
