//! The CI list: search by code or name, filter by class and lifecycle, keyset pages. The
//! filters live in the URL (a plain GET form).

use super::{class_name, CiLink, LifecycleBadge};
use crate::auth::model::Permission;
use crate::cmdb::api::{ci_form_options, list_cis};
use crate::cmdb::model::{CiFilter, Lifecycle};
use crate::components::{title_of, ErrorBanner, PageTitle};
use crate::i18n::{t, use_i18n, Msg};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CiListPage() -> impl IntoView {
    let query = use_query_map();
    let current = move |key: &str| query.read().get(key).unwrap_or_default();
    let filter = Memo::new(move |_| CiFilter {
        search: current("q"),
        class: current("class"),
        lifecycle: Lifecycle::parse(&current("lifecycle")),
        cursor: query.read().get("cursor"),
    });
    let page = Resource::new(move || filter.get(), list_cis);
    let options = Resource::new(|| (), |_| ci_form_options());
    let can_manage = crate::shell::use_session()
        .user
        .is_some_and(|u| u.can(Permission::ManagePlant));
    let locale = use_i18n().locale;
    let next_href = move |cursor: String| {
        let f = filter.get_untracked();
        format!(
            "/network/cis?q={}&class={}&lifecycle={}&cursor={}",
            crate::url::encode(&f.search),
            crate::url::encode(&f.class),
            f.lifecycle.map(Lifecycle::code).unwrap_or(""),
            crate::url::encode(&cursor)
        )
    };
    view! {
        <PageTitle text=title_of(Msg::CisTitle)/>
        <div class="page-header">
            <h1>{t(Msg::CisTitle)}</h1>
            <Show when=move || can_manage>
                <div class="page-actions">
                    <a class="button" href="/network/cis/import">{t(Msg::CiImportLink)}</a>
                    <a class="button button-primary" href="/network/cis/new">{t(Msg::NewCi)}</a>
                </div>
            </Show>
        </div>
        <p class="muted">{t(Msg::CisIntro)}</p>
        <Form action="/network/cis" method="GET" {..} class="filters" role="search">
            <div class="field field-wide">
                <label for="cis-q">{t(Msg::SearchCis)}</label>
                <input id="cis-q" type="search" name="q" value=move || current("q")
                    placeholder=move || Msg::SearchCisHint.text(locale.get())/>
            </div>
            <div class="field">
                <label for="cis-class">{t(Msg::CiClassLabel)}</label>
                <Suspense fallback=move || view! { <select id="cis-class" name="class"><option value="">{t(Msg::AllClasses)}</option></select> }>
                    {move || Suspend::new(async move {
                        let classes = options.await.map(|o| o.classes).unwrap_or_default();
                        view! {
                            <select id="cis-class" name="class">
                                <option value="">{t(Msg::AllClasses)}</option>
                                {classes.into_iter().map(|c| {
                                    let code = c.code.clone();
                                    let selected = move || current("class") == code;
                                    view! { <option value=c.code.clone() selected=selected>{c.name(locale.get_untracked()).to_owned()}</option> }
                                }).collect_view()}
                            </select>
                        }
                    })}
                </Suspense>
            </div>
            <div class="field">
                <label for="cis-lifecycle">{t(Msg::CiLifecycle)}</label>
                <select id="cis-lifecycle" name="lifecycle">
                    <option value="">{t(Msg::AllStatuses)}</option>
                    {Lifecycle::ALL.into_iter().map(|l| view! {
                        <option value=l.code() selected=move || current("lifecycle") == l.code()>{t(l.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="filters-actions">
                <button type="submit" class="button">{t(Msg::Apply)}</button>
            </div>
        </Form>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                let classes = options.await.map(|o| o.classes).unwrap_or_default();
                match page.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(page) if page.items.is_empty() => view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any(),
                    Ok(page) => view! {
                        <div class="table-wrap">
                        <table class="table" data-testid="ci-table">
                            <thead><tr>
                                <th scope="col">{t(Msg::CiCode)}</th>
                                <th scope="col">{t(Msg::CiClassLabel)}</th>
                                <th scope="col">{t(Msg::CiLifecycle)}</th>
                                <th scope="col">{t(Msg::CiAddress)}</th>
                                <th scope="col">{t(Msg::CiOwnerGroup)}</th>
                                <th scope="col">{t(Msg::CiRelations)}</th>
                            </tr></thead>
                            <tbody>
                                {page.items.into_iter().map(|row| view! {
                                    <tr data-ci=row.ci.code.clone()>
                                        <th scope="row"><CiLink ci=row.ci.clone()/></th>
                                        <td>{class_name(&classes, &row.ci.class)}</td>
                                        <td><LifecycleBadge lifecycle=row.ci.lifecycle/></td>
                                        <td>{row.address.clone()}{row.located.then(|| view! { " "<span class="muted small" title=t(Msg::CiLocated)>"⌖"</span> })}</td>
                                        <td>{row.owner_group.clone().unwrap_or_default()}</td>
                                        <td>{row.relations}</td>
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
