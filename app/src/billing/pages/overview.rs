//! `/billing/overview`: the finance dashboard. Receivables by age, revenue and collections
//! by month, the collection rate of each month's invoices, payments by channel for a month
//! chosen in the URL (`?month=YYYY-MM`). Charts are drawn by the server; each has a table.

use crate::billing::api::finance_overview;
use crate::billing::model::overview::{AgingBand, FinanceOverview};
use crate::billing::model::proration::{month_name, month_short_label};
use crate::billing::model::PaymentMethod;
use crate::components::chart::{Bar, BarList, ColumnChart, ColumnGroup, Series};
use crate::components::{title_of, ErrorBanner, PageTitle};
use crate::format::{compact_rupiah, rupiah};
use crate::i18n::{t, tr, use_i18n, Msg};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

fn band_label(band: AgingBand) -> Msg {
    match band {
        AgingBand::NotDue => Msg::AgingNotDue,
        AgingBand::Days0To30 => Msg::Aging0To30,
        AgingBand::Days31To60 => Msg::Aging31To60,
        AgingBand::Days61To90 => Msg::Aging61To90,
        AgingBand::Over90 => Msg::AgingOver90,
    }
}

fn band_class(band: AgingBand) -> &'static str {
    match band {
        AgingBand::NotDue => "chart-a",
        AgingBand::Days0To30 => "chart-c",
        AgingBand::Days31To60 => "chart-d",
        AgingBand::Days61To90 | AgingBand::Over90 => "chart-e",
    }
}

fn method_label(method: PaymentMethod) -> Msg {
    match method {
        PaymentMethod::Cash => Msg::PaymentCash,
        PaymentMethod::BankTransfer => Msg::PaymentBankTransfer,
        PaymentMethod::Midtrans => Msg::PaymentMidtrans,
        PaymentMethod::Tripay => Msg::PaymentTripay,
    }
}

/// A per-mille rate as a percentage with one decimal: 987 → "98,7 %".
fn percent(permille: i64) -> String {
    let locale = use_i18n().locale.get_untracked();
    let separator = match locale {
        crate::i18n::Locale::Id => ',',
        crate::i18n::Locale::En => '.',
    };
    format!("{}{separator}{} %", permille / 10, permille % 10)
}

#[component]
pub fn FinanceOverviewPage() -> impl IntoView {
    let query = use_query_map();
    let month = Memo::new(move |_| query.read().get("month").filter(|m| !m.is_empty()));
    let overview = Resource::new(move || month.get(), finance_overview);
    view! {
        <PageTitle text=title_of(Msg::FinanceOverviewTitle)/>
        <div class="page-header">
            <h1>{t(Msg::FinanceOverviewTitle)}</h1>
            <a class="button" href="/billing">{t(Msg::InvoicesTitle)}</a>
            <a class="button" href="/billing/reconciliation">{t(Msg::NavReconciliation)}</a>
        </div>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(o) => view! { <Overview overview=o/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Overview(overview: FinanceOverview) -> impl IntoView {
    let overview = StoredValue::new(overview);
    // Charts carry their text in attributes and tooltips: drawn again when the language
    // changes.
    let locale = use_i18n().locale;
    view! {
        <Figures overview=overview.get_value()/>
        <section class="panel">
            <h2>{t(Msg::AgingTitle)}</h2>
            {move || { locale.track(); aging_chart(&overview.read_value()) }}
            <AgingTable overview=overview.get_value()/>
        </section>
        <section class="panel">
            <h2>{t(Msg::RevenueByMonthTitle)}</h2>
            {move || { locale.track(); revenue_chart(&overview.read_value()) }}
            <h3>{t(Msg::CollectionRateTitle)}</h3>
            <p class="muted">{t(Msg::CollectionRateHelp)}</p>
            {move || { locale.track(); rate_chart(&overview.read_value()) }}
            <MonthsTable overview=overview.get_value()/>
        </section>
        <section class="panel">
            <h2>{t(Msg::PaymentsByChannelTitle)}</h2>
            <ChannelMonthPicker overview=overview.get_value()/>
            {move || { locale.track(); channel_chart(&overview.read_value()) }}
        </section>
    }
}

#[component]
fn Figures(overview: FinanceOverview) -> impl IntoView {
    let current = overview.months.last().cloned();
    // The last month whose invoices had time to be paid: the one before this.
    let settled = overview.months.iter().rev().nth(1).cloned();
    let rate = settled
        .as_ref()
        .and_then(|m| m.collection_rate_permille())
        .map(percent)
        .unwrap_or_else(|| "—".into());
    let locale = use_i18n().locale;
    view! {
        <dl class="figures" data-testid="finance-figures">
            <div>
                <dt>{t(Msg::Receivable)}</dt>
                <dd data-testid="figure-receivable">{rupiah(overview.receivable())}</dd>
            </div>
            <div>
                <dt>{t(Msg::OverdueAmount)}</dt>
                <dd data-testid="figure-overdue">{rupiah(overview.overdue())}</dd>
            </div>
            <div>
                <dt>{t(Msg::CollectedThisMonth)}</dt>
                <dd>{rupiah(current.map_or(0, |m| m.collected))}</dd>
            </div>
            <div>
                <dt>
                    {t(Msg::CollectionRateTitle)}" · "
                    {move || settled.as_ref().map(|m| month_name(locale.get(), m.month)).unwrap_or_default()}
                </dt>
                <dd>{rate}</dd>
            </div>
        </dl>
    }
}

fn aging_chart(overview: &FinanceOverview) -> impl IntoView {
    let bars = overview
        .aging
        .iter()
        .map(|b| Bar {
            label: tr(band_label(b.band)).to_string(),
            value: b.amount,
            caption: format!(
                "{} · {} {}",
                rupiah(b.amount),
                b.invoices,
                tr(Msg::InvoicesCount)
            ),
            class: band_class(b.band),
            href: (b.band != AgingBand::NotDue).then(|| "/billing?view=overdue".to_string()),
        })
        .collect();
    view! { <BarList label=tr(Msg::AgingTitle).to_string() bars=bars test_id="aging-chart"/> }
}

#[component]
fn AgingTable(overview: FinanceOverview) -> impl IntoView {
    let total = overview.receivable();
    let count: i64 = overview.aging.iter().map(|b| b.invoices).sum();
    view! {
        <table class="table compact" data-testid="aging-table">
            <thead>
                <tr>
                    <th scope="col">{t(Msg::AgingBandColumn)}</th>
                    <th scope="col" class="num">{t(Msg::InvoicesCount)}</th>
                    <th scope="col" class="num">{t(Msg::InvoiceAmountDue)}</th>
                </tr>
            </thead>
            <tbody>
                {overview.aging.into_iter().map(|b| view! {
                    <tr>
                        <th scope="row">{t(band_label(b.band))}</th>
                        <td class="num">{b.invoices}</td>
                        <td class="num">{rupiah(b.amount)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
            <tfoot>
                <tr>
                    <th scope="row">{t(Msg::InvoiceTotal)}</th>
                    <td class="num">{count}</td>
                    <td class="num">{rupiah(total)}</td>
                </tr>
            </tfoot>
        </table>
    }
}

fn revenue_chart(overview: &FinanceOverview) -> impl IntoView {
    let locale = use_i18n().locale.get_untracked();
    let groups = overview
        .months
        .iter()
        .map(|m| ColumnGroup {
            label: month_short_label(locale, m.month),
            values: vec![m.revenue(), m.collected],
        })
        .collect();
    let series = vec![
        Series {
            label: tr(Msg::Revenue).to_string(),
            class: "chart-a",
        },
        Series {
            label: tr(Msg::Collected).to_string(),
            class: "chart-b",
        },
    ];
    view! {
        <ColumnChart
            label=tr(Msg::RevenueByMonthTitle).to_string()
            series=series
            groups=groups
            format=Callback::new(move |v| compact_rupiah(v, locale))
            test_id="revenue-chart"
        />
    }
}

fn rate_chart(overview: &FinanceOverview) -> impl IntoView {
    let locale = use_i18n().locale.get_untracked();
    let groups = overview
        .months
        .iter()
        .map(|m| ColumnGroup {
            label: month_short_label(locale, m.month),
            values: vec![m.collection_rate_permille().unwrap_or(0)],
        })
        .collect();
    let series = vec![Series {
        label: tr(Msg::CollectionRateTitle).to_string(),
        class: "chart-b",
    }];
    view! {
        <ColumnChart
            label=tr(Msg::CollectionRateTitle).to_string()
            series=series
            groups=groups
            format=Callback::new(percent)
            test_id="rate-chart"
        />
    }
}

#[component]
fn MonthsTable(overview: FinanceOverview) -> impl IntoView {
    let locale = use_i18n().locale;
    view! {
        <table class="table compact" data-testid="months-table">
            <thead>
                <tr>
                    <th scope="col">{t(Msg::Month)}</th>
                    <th scope="col" class="num">{t(Msg::Invoiced)}</th>
                    <th scope="col" class="num">{t(Msg::CreditNotesColumn)}</th>
                    <th scope="col" class="num">{t(Msg::Revenue)}</th>
                    <th scope="col" class="num">{t(Msg::Collected)}</th>
                    <th scope="col" class="num">{t(Msg::CollectionRateTitle)}</th>
                </tr>
            </thead>
            <tbody>
                {overview.months.into_iter().rev().map(|m| {
                    let month = m.month;
                    let href = format!("/billing/overview?month={}", month.format("%Y-%m"));
                    view! {
                        <tr>
                            <th scope="row">
                                <a href=href>{move || month_name(locale.get(), month)}</a>
                            </th>
                            <td class="num">{rupiah(m.invoiced)}</td>
                            <td class="num">{rupiah(m.credited)}</td>
                            <td class="num">{rupiah(m.revenue())}</td>
                            <td class="num">{rupiah(m.collected)}</td>
                            <td class="num">{m.collection_rate_permille().map(percent).unwrap_or_else(|| "—".into())}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// A plain GET form: works before the page is interactive.
#[component]
fn ChannelMonthPicker(overview: FinanceOverview) -> impl IntoView {
    let locale = use_i18n().locale;
    let chosen = overview.channel_month;
    view! {
        <Form action="/billing/overview" method="GET" {..} class="filters">
            <div class="field">
                <label for="channel-month">{t(Msg::Month)}</label>
                <select id="channel-month" name="month">
                    {overview.months.iter().rev().map(|m| {
                        let month = m.month;
                        view! {
                            <option value=month.format("%Y-%m").to_string() selected=month == chosen>
                                {move || month_name(locale.get(), month)}
                            </option>
                        }
                    }).collect_view()}
                </select>
            </div>
            <div class="filters-actions">
                <button type="submit" class="button">{t(Msg::Apply)}</button>
            </div>
        </Form>
    }
}

fn channel_chart(overview: &FinanceOverview) -> AnyView {
    if overview.channels.is_empty() {
        return view! { <p class="muted">{t(Msg::NoPaymentsInMonth)}</p> }.into_any();
    }
    let bars = overview
        .channels
        .iter()
        .map(|c| {
            let method = tr(method_label(c.method));
            Bar {
                label: if c.channel.is_empty() {
                    method.to_string()
                } else {
                    format!("{method} · {}", c.channel)
                },
                value: c.amount,
                caption: format!(
                    "{} · {} {}",
                    rupiah(c.amount),
                    c.payments,
                    tr(Msg::PaymentsCount)
                ),
                class: "chart-b",
                href: None,
            }
        })
        .collect();
    view! { <BarList label=tr(Msg::PaymentsByChannelTitle).to_string() bars=bars test_id="channel-chart"/> }
        .into_any()
}
