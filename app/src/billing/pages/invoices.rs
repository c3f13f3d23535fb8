//! `/billing`: invoices by status (draft, open, overdue, paid, cancelled), searched by
//! number or customer; keyset pages. The filters live in the URL (a plain GET form).

use super::InvoiceTable;
use crate::billing::api::list_invoices;
use crate::billing::model::views::{InvoiceFilter, InvoiceView};
use crate::components::{title_of, ErrorBanner, PageTitle};
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

fn view_label(view: InvoiceView) -> Msg {
    match view {
        InvoiceView::All => Msg::AllStatuses,
        InvoiceView::Draft => Msg::InvoiceDraft,
        InvoiceView::Open => Msg::InvoiceOpen,
        InvoiceView::Overdue => Msg::InvoiceOverdue,
        InvoiceView::Paid => Msg::InvoicePaid,
        InvoiceView::Cancelled => Msg::InvoiceCancelled,
    }
}

#[component]
pub fn InvoicesPage() -> impl IntoView {
    let query = use_query_map();
    let current = move |key: &str| query.read().get(key).unwrap_or_default();
    let filter = Memo::new(move |_| InvoiceFilter {
        view: InvoiceView::parse(&current("view")),
        q: current("q"),
        customer_id: None,
        run_id: current("run").parse().ok(),
    });
    let cursor = Memo::new(move |_| query.read().get("cursor"));
    let page = Resource::new(
        move || (filter.get(), cursor.get()),
        |(f, c)| list_invoices(f, c),
    );
    let next_href = move |cursor: String| {
        let f = filter.get_untracked();
        format!(
            "/billing?view={}&q={}&cursor={}",
            f.view.as_str(),
            crate::url::encode(&f.q),
            crate::url::encode(&cursor)
        )
    };
    view! {
        <PageTitle text=title_of(Msg::InvoicesTitle)/>
        <div class="page-header">
            <h1>{t(Msg::InvoicesTitle)}</h1>
            <a class="button" href="/billing/overview">{t(Msg::FinanceOverviewTitle)}</a>
            <a class="button" href="/billing/runs">{t(Msg::BillingRunsTitle)}</a>
            <a class="button" href="/billing/reconciliation">{t(Msg::NavReconciliation)}</a>
            <a class="button" href="/billing/messages">{t(Msg::MsgLogTitle)}</a>
        </div>
        <Form action="/billing" method="GET" {..} class="filters" role="search">
            <div class="field field-wide">
                <label for="invoices-q">{t(Msg::SearchInvoices)}</label>
                <input id="invoices-q" type="search" name="q" value=move || current("q")/>
            </div>
            <div class="field">
                <label for="invoices-view">{t(Msg::ColStatus)}</label>
                <select id="invoices-view" name="view">
                    {InvoiceView::ALL.into_iter().map(|v| view! {
                        <option value=v.as_str() selected=move || filter.get().view == v>{t(view_label(v))}</option>
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
                        <InvoiceTable rows=page.items show_customer=true/>
                        {page.next_cursor.map(|c| view! {
                            <p><a class="button" href=next_href(c)>{t(Msg::NextPage)}</a></p>
                        })}
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
