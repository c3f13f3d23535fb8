//! A CI's port grid (an ODP's 8 or 16): which line each port serves, which are free or
//! broken; planners place lines on ODP ports, release ports and record broken ones.

use super::CiLink;
use crate::cmdb::api::{assign_line_to_port, ci_ports, remove_ci_relation, set_port_broken};
use crate::cmdb::model::ports::{Port, PortAssignment, PortGrid};
use crate::components::{ErrorBanner, FieldErrorsOf, FieldMessage, TextField};
use crate::error::AppError;
use crate::i18n::{t, tr, Msg};
use crate::subscriptions::model::SubscriptionStatus;
use leptos::prelude::*;

/// A change to one port: release its feed, or mark it broken / repaired.
#[derive(Clone, Debug)]
enum PortChange {
    Release(i64),
    Broken(i32, bool),
}

#[component]
pub fn PortsPanel(id: i64, can_manage: bool, version: RwSignal<u32>) -> impl IntoView {
    let grid = Resource::new(move || (id, version.get()), |(id, _)| ci_ports(id));
    let change = Action::new(move |change: &PortChange| {
        let change = change.clone();
        async move {
            match change {
                PortChange::Release(relation) => remove_ci_relation(relation).await,
                PortChange::Broken(port, broken) => set_port_broken(id, port, broken).await,
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = change.value().get() {
            version.update(|v| *v += 1);
        }
    });
    let change_error = Signal::derive(move || change.value().get().and_then(Result::err));
    view! {
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match grid.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(None) => ().into_any(),
                    Ok(Some(grid)) => view! {
                        <section class="panel" data-testid="ci-ports">
                            <h2>{t(Msg::CiPortsTitle)}</h2>
                            <p class="muted">
                                {t(Msg::CiPortsSummary)}" "
                                <span data-testid="ports-summary">{format!("{} / {} / {}", grid.free(), grid.used(), grid.broken())}</span>
                            </p>
                            <ErrorBanner error=change_error/>
                            <ol class="port-grid">
                                {grid.ports.iter().cloned().map(|port| port_cell(port, can_manage, change)).collect_view()}
                            </ol>
                            {(can_manage && grid.takes_lines).then(|| view! { <AssignLine odp=id grid=grid.clone() version=version/> })}
                        </section>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

fn port_cell(
    port: Port,
    can_manage: bool,
    change: Action<PortChange, Result<(), AppError>>,
) -> impl IntoView {
    let state = if port.broken {
        "broken"
    } else if port.relation_id.is_some() {
        "used"
    } else {
        "free"
    };
    let number = port.number;
    let action = match (port.relation_id, port.broken) {
        (Some(relation), _) => Some((Msg::CiPortRelease, PortChange::Release(relation))),
        (None, true) => Some((Msg::CiPortMarkRepaired, PortChange::Broken(number, false))),
        (None, false) if !port.beyond_capacity => {
            Some((Msg::CiPortMarkBroken, PortChange::Broken(number, true)))
        }
        _ => None,
    };
    view! {
        <li class=format!("port port-{state}") data-port=number data-state=state>
            <span class="port-number">{number}</span>
            {match (&port.line, &port.downstream) {
                (Some(line), _) => view! {
                    <a href=format!("/subscriptions/{}", line.subscription_id)><code>{line.username.clone()}</code></a>
                    <span class="port-customer">{line.customer_name.clone()}</span>
                    <LineStatusBadge status=line.line_status.clone()/>
                }.into_any(),
                (None, Some(ci)) => view! { <span><CiLink ci=ci.clone()/></span> }.into_any(),
                (None, None) if port.broken => view! { <span class="muted">{t(Msg::CiPortBrokenLabel)}</span> }.into_any(),
                (None, None) => view! { <span class="muted">{t(Msg::CiPortFree)}</span> }.into_any(),
            }}
            {port.beyond_capacity.then(|| view! { <span class="badge badge-warn">{t(Msg::CiPortBeyond)}</span> })}
            {action.filter(|_| can_manage).map(|(label, what)| view! {
                <button type="button" class="button button-small"
                    aria-label=move || format!("{} {} {}", tr(label), tr(Msg::CiPortNumber), number)
                    on:click=move |_| { change.dispatch(what.clone()); }>{t(label)}</button>
            })}
        </li>
    }
}

#[component]
fn LineStatusBadge(status: String) -> impl IntoView {
    let known = SubscriptionStatus::parse(&status);
    view! {
        <span class=format!("badge badge-line-{status}")>
            {match known {
                Some(status) => t(status.label()).into_any(),
                None => status.clone().into_any(),
            }}
        </span>
    }
}

/// Places a line (by username or LINE code) on a free port; a line already on a port of
/// any ODP moves.
#[component]
fn AssignLine(odp: i64, grid: PortGrid, version: RwSignal<u32>) -> impl IntoView {
    let free: Vec<i32> = grid
        .ports
        .iter()
        .filter(|p| p.is_free())
        .map(|p| p.number)
        .collect();
    if free.is_empty() {
        // No <select> without options: an empty list inside one leaves only a comment
        // marker, which the HTML parser drops, and the page would not hydrate.
        return view! {
            <p class="muted" data-testid="port-assign-full">{t(Msg::CiPortsNoneFree)}</p>
        }
        .into_any();
    }
    let port = RwSignal::new(free.first().map(|n| n.to_string()).unwrap_or_default());
    let line = RwSignal::new(String::new());
    let assign = Action::new(|a: &PortAssignment| assign_line_to_port(a.clone()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = assign.value().get() {
            line.set(String::new());
            version.update(|v| *v += 1);
        }
    });
    let error = Signal::derive(move || assign.value().get().and_then(Result::err));
    let errors = FieldErrorsOf::new(move || error.get());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        assign.dispatch(PortAssignment {
            odp,
            port: port.get_untracked(),
            line: line.get_untracked(),
        });
    };
    view! {
        <form class="form subform" on:submit=submit data-testid="port-assign-form">
            <h3>{t(Msg::CiPortAssignTitle)}</h3>
            <ErrorBanner error=Signal::derive(move || error.get().filter(|e| e.field_errors().is_none()))/>
            <div class="form-row">
                <div class="field">
                    <label for="assign-port">{t(Msg::CiPortNumber)}</label>
                    <select id="assign-port" on:change=move |ev| port.set(event_target_value(&ev))>
                        {free.into_iter().map(|n| {
                            let value = n.to_string();
                            view! { <option value=value.clone() selected=move || port.get() == value>{n}</option> }
                        }).collect_view()}
                    </select>
                    <FieldMessage error=errors.field("from_port")/>
                </div>
                <TextField label=Msg::CiPortLine name="line" value=line error=errors.field("line")/>
            </div>
            <button type="submit" class="button button-primary" disabled=move || assign.pending().get()>{t(Msg::CiPortAssign)}</button>
        </form>
    }
    .into_any()
}
