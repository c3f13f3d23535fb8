//! `/admin/provisioning`: every outbox row, newest first, filtered by state; failed and
//! waiting rows can be retried now or cancelled.

use crate::components::{refresh_every, title_of, ErrorBanner, LocalTime, PageTitle};
use crate::i18n::{t, Msg};
use crate::provisioning::api::{cancel_job, list_jobs, retry_job};
use crate::provisioning::model::{outcome_text, Job, JobState};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OutboxPage() -> impl IntoView {
    let query = use_query_map();
    let state = Memo::new(move |_| query.read().get("state").and_then(|s| JobState::parse(&s)));
    let before = Memo::new(move |_| query.read().get("before").and_then(|s| s.parse().ok()));
    let tick = RwSignal::new(0u64);
    refresh_every(5, tick);
    let version = RwSignal::new(0u64);
    let jobs = Resource::new(
        move || (state.get(), before.get(), tick.get(), version.get()),
        |(state, before, _, _)| list_jobs(state, None, before),
    );
    let retry = Action::new(|id: &i64| retry_job(*id));
    let cancel = Action::new(|id: &i64| cancel_job(*id));
    Effect::new(move |_| {
        if retry.value().get().is_some() || cancel.value().get().is_some() {
            version.update(|v| *v += 1);
        }
    });
    let action_error = Signal::derive(move || {
        retry
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| cancel.value().get().and_then(Result::err))
    });
    let filter_href = |s: Option<JobState>| match s {
        Some(s) => format!("/admin/provisioning?state={}", s.as_str()),
        None => "/admin/provisioning".to_owned(),
    };
    view! {
        <PageTitle text=title_of(Msg::ProvisioningTitle)/>
        <div class="page-header"><h1>{t(Msg::ProvisioningTitle)}</h1></div>
        <p class="muted">{t(Msg::ProvisioningIntro)}</p>
        <nav class="presets" aria-label=move || crate::i18n::tr(Msg::ColStatus)>
            <a class="chip" href=filter_href(None)>{t(Msg::AllStatuses)}</a>
            {JobState::ALL.into_iter().map(|s| view! {
                <a class="chip" href=filter_href(Some(s))>{t(s.label())}</a>
            }).collect_view()}
        </nav>
        <ErrorBanner error=action_error/>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match jobs.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(page) if page.items.is_empty() => view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any(),
                    Ok(page) => {
                        let next = page.next_cursor.map(|c| {
                            let s = state.get_untracked().map(|s| s.as_str()).unwrap_or("");
                            format!("/admin/provisioning?state={s}&before={c}")
                        });
                        view! {
                            <JobTable jobs=page.items
                                retry=Callback::new(move |id| { retry.dispatch(id); })
                                cancel=Callback::new(move |id| { cancel.dispatch(id); })/>
                            {next.map(|href| view! { <p><a class="button" href=href>{t(Msg::NextPage)}</a></p> })}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn JobTable(jobs: Vec<Job>, retry: Callback<i64>, cancel: Callback<i64>) -> impl IntoView {
    view! {
        <div class="table-wrap">
        <table class="table table-compact" data-testid="job-table">
            <thead><tr>
                <th scope="col">"#"</th>
                <th scope="col">{t(Msg::NasTitle)}</th>
                <th scope="col">{t(Msg::JobWhat)}</th>
                <th scope="col">{t(Msg::JobReason)}</th>
                <th scope="col">{t(Msg::ColStatus)}</th>
                <th scope="col">{t(Msg::JobOutcome)}</th>
                <th scope="col">{t(Msg::ColCreated)}</th>
                <th scope="col"><span class="visually-hidden">{t(Msg::Actions)}</span></th>
            </tr></thead>
            <tbody>
                {jobs.into_iter().map(|job| {
                    let id = job.id;
                    let open = matches!(job.state, JobState::Pending | JobState::Failed);
                    let line = job.subscription_id.map(|s| view! {
                        <div class="small"><a href=format!("/subscriptions/{s}")>{t(Msg::SubscriptionTitle)}</a></div>
                    });
                    view! {
                        <tr data-job=id data-state=job.state.as_str()>
                            <td>{id}</td>
                            <td><a href=format!("/network/nas/{}", job.nas_id)>{job.nas_name.clone()}</a></td>
                            <td><code>{format!("{} {} {}", job.action.as_str(), job.kind.menu(), job.key)}</code>{line}</td>
                            <td><code>{job.reason.clone()}</code></td>
                            <td>
                                {t(job.state.label())}
                                {(job.attempts > 0).then(|| view! { <div class="muted small">{format!("× {}", job.attempts)}</div> })}
                            </td>
                            <td>
                                {job.outcome.clone().map(|o| {
                                    let i18n = crate::i18n::use_i18n();
                                    move || outcome_text(&o, i18n.locale.get())
                                })}
                                {job.last_error.clone().map(|e| view! { <div class="small error-text">{e}</div> })}
                                {(job.state == JobState::Pending && job.attempts > 0).then(|| view! {
                                    <div class="muted small">{t(Msg::NextAttempt)}" "<LocalTime at=job.next_attempt_at/></div>
                                })}
                            </td>
                            <td><LocalTime at=job.created_at/></td>
                            <td>
                                {open.then(|| view! {
                                    <button type="button" class="button button-small" on:click=move |_| retry.run(id)>{t(Msg::Retry)}</button>
                                    <button type="button" class="button button-small" on:click=move |_| cancel.run(id)>{t(Msg::Cancel)}</button>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
