//! `/network/ipam`: conflicts first (what a NOC acts on), then each router's pools and
//! prefixes with how full they are, and the addresses its lines hold.

use crate::components::{
    title_of, ErrorBanner, FieldErrorsOf, FieldMessage, LocalTime, PageTitle, TextField,
};
use crate::i18n::{t, tr, Msg};
use crate::ipam::api::{add_ip_prefix, ip_addresses, remove_ip_prefix};
use crate::ipam::model::{Conflict, IpamOverview, PrefixDraft, RouterIpam, Usage};
use leptos::prelude::*;

#[component]
pub fn IpamPage() -> impl IntoView {
    // Bumped when a prefix is added or removed.
    let version = RwSignal::new(0u32);
    let overview = Resource::new(move || version.get(), |_| ip_addresses());
    view! {
        <PageTitle text=title_of(Msg::IpamTitle)/>
        <div class="page-header"><h1>{t(Msg::IpamTitle)}</h1></div>
        <p class="muted small">{t(Msg::IpamHelp)}</p>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(found) => view! { <Overview found=found version=version/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Overview(found: IpamOverview, version: RwSignal<u32>) -> impl IntoView {
    let can_manage = found.can_manage;
    let routers: Vec<(i64, String)> = found
        .routers
        .iter()
        .map(|r| (r.nas_id, r.name.clone()))
        .collect();
    view! {
        <Conflicts conflicts=found.conflicts/>
        {(can_manage && !routers.is_empty()).then(|| view! { <PrefixForm routers=routers version=version/> })}
        {found.routers.into_iter().map(|router| view! {
            <RouterBlocks router=router can_manage=can_manage version=version/>
        }).collect_view()}
    }
}

#[component]
fn Conflicts(conflicts: Vec<Conflict>) -> impl IntoView {
    let empty = conflicts.is_empty();
    view! {
        <section class="panel" data-testid="ipam-conflicts">
            <h2>{t(Msg::IpamConflicts)}" "<span class="badge">{conflicts.len()}</span></h2>
            {empty.then(|| view! { <p class="muted">{t(Msg::IpamNoConflicts)}</p> })}
            <ul class="ipam-conflicts">
                {conflicts.into_iter().map(|c| view! {
                    <li data-conflict=c.kind.code()>
                        <strong>{t(c.kind.label())}</strong>
                        {c.address.map(|a| view! { " "<code>{a.to_string()}</code> })}
                        " · "<a href=format!("/network/nas/{}", c.nas_id)>{c.nas_name.clone()}</a>
                        {c.lines.into_iter().map(|l| view! {
                            " · "<a href=format!("/subscriptions/{}", l.subscription_id)>{l.username}</a>
                        }).collect_view()}
                        {(!c.blocks.is_empty()).then(|| view! { " · "<code>{c.blocks.join(" ∩ ")}</code> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// "used / size (percent %)" with a bar.
#[component]
fn UsageCell(usage: Usage) -> impl IntoView {
    let percent = usage.percent();
    let level = if percent >= 90 {
        "red"
    } else if percent >= 70 {
        "yellow"
    } else {
        "green"
    };
    view! {
        <td data-used=usage.used.to_string() data-size=usage.size.to_string()>
            {format!("{} / {} ({percent} %)", usage.used, usage.size)}
            <span class=format!("usage-bar usage-{level}")>
                <span style=format!("width: {}%", percent.min(100))></span>
            </span>
        </td>
    }
}

#[component]
fn RouterBlocks(router: RouterIpam, can_manage: bool, version: RwSignal<u32>) -> impl IntoView {
    let remove = Action::new(|id: &i64| remove_ip_prefix(*id));
    Effect::new(move |_| {
        if let Some(Ok(())) = remove.value().get() {
            version.update(|v| *v += 1);
        }
    });
    let held = router.assignments.len();
    view! {
        <section class="panel" data-testid="ipam-router" data-nas=router.nas_id.to_string()>
            <h2><a href=format!("/network/nas/{}", router.nas_id)>{router.name.clone()}</a></h2>
            <p class="muted small">
                {t(Msg::IpamPoolsRead)}" "
                {match router.pools_read_at {
                    Some(at) => view! { <LocalTime at=at/> }.into_any(),
                    None => view! { <span>{t(Msg::Never)}</span> }.into_any(),
                }}
                {(!router.sessions_read).then(|| view! { " · "<span>{t(Msg::IpamSessionsUnread)}</span> })}
            </p>
            <ErrorBanner error=Signal::derive(move || remove.value().get().and_then(Result::err))/>
            <table class="table">
                <thead><tr>
                    <th>{t(Msg::IpamBlock)}</th><th>{t(Msg::IpamRanges)}</th><th>{t(Msg::IpamUsage)}</th><th></th>
                </tr></thead>
                <tbody>
                    {router.pools.into_iter().map(|p| view! {
                        <tr data-pool=p.name.clone()>
                            <td>{t(Msg::IpamPool)}" "<code>{p.name.clone()}</code></td>
                            <td><code>{p.ranges}</code></td>
                            <UsageCell usage=p.usage/>
                            <td></td>
                        </tr>
                    }).collect_view()}
                    {router.prefixes.into_iter().map(|p| {
                        let id = p.id;
                        let label = format!("{} {}", tr(Msg::IpamRemovePrefix), p.prefix);
                        view! {
                            <tr data-prefix=p.prefix.clone()>
                                <td>{t(Msg::IpamPrefix)}" "<code>{p.prefix.clone()}</code></td>
                                <td>{p.description}</td>
                                <UsageCell usage=p.usage/>
                                <td>{can_manage.then(|| view! {
                                    <button type="button" class="button button-small" aria-label=label
                                        on:click=move |_| { remove.dispatch(id); }>{t(Msg::Remove)}</button>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <details>
                <summary data-testid="ipam-held">{held}" "{t(Msg::IpamHeld)}</summary>
                <table class="table">
                    <thead><tr>
                        <th>{t(Msg::IpamAddress)}</th><th>{t(Msg::IpamSource)}</th><th>{t(Msg::IpamPool)}</th>
                        <th>{t(Msg::IpamLine)}</th><th>{t(Msg::IpamCustomer)}</th>
                    </tr></thead>
                    <tbody>
                        {router.assignments.into_iter().map(|a| view! {
                            <tr data-address=a.address.to_string() data-source=a.source.code()>
                                <td><code>{a.address.to_string()}</code></td>
                                <td>{t(a.source.label())}</td>
                                <td>{a.pool.unwrap_or_else(|| "—".into())}</td>
                                <td><a href=format!("/subscriptions/{}", a.subscription_id)>{a.username}</a></td>
                                <td>{a.customer_name}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </section>
    }
}

#[component]
fn PrefixForm(routers: Vec<(i64, String)>, version: RwSignal<u32>) -> impl IntoView {
    let first = routers.first().map(|r| r.0).unwrap_or_default();
    let nas = RwSignal::new(first.to_string());
    let prefix = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let add = Action::new(|draft: &PrefixDraft| add_ip_prefix(draft.clone()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            prefix.set(String::new());
            description.set(String::new());
            version.update(|v| *v += 1);
        }
    });
    let error = Signal::derive(move || add.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        add.dispatch(PrefixDraft {
            nas_id: nas.get_untracked().parse().unwrap_or_default(),
            prefix: prefix.get_untracked(),
            description: description.get_untracked(),
        });
    };
    view! {
        <form class="form panel" on:submit=submit data-testid="ipam-prefix-form">
            <h2>{t(Msg::IpamAddPrefix)}</h2>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <div class="form-row">
                <div class="field">
                    <label for="ipam-nas">{t(Msg::MapRouter)}</label>
                    <select id="ipam-nas" on:change=move |ev| nas.set(event_target_value(&ev))>
                        {routers.into_iter().map(|(id, name)| {
                            let value = id.to_string();
                            view! { <option value=value.clone() selected=move || nas.get() == value>{name}</option> }
                        }).collect_view()}
                    </select>
                    <FieldMessage error=errors.field("nas_id")/>
                </div>
                <TextField label=Msg::IpamPrefix name="prefix" value=prefix error=errors.field("prefix") hint=Msg::IpamPrefixHint/>
                <TextField label=Msg::IpamDescription name="description" value=description error=errors.field("description")/>
            </div>
            <button type="submit" class="button button-primary" disabled=move || add.pending().get()>{t(Msg::IpamAddPrefix)}</button>
        </form>
    }
}
