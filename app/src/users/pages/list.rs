use super::{role_names, status_label};
use crate::auth::model::Role;
use crate::components::{title_of, PageTitle};
use crate::components::{ErrorBanner, LocalTime};
use crate::i18n::{t, use_i18n, Msg};
use crate::users::api::list_users;
use crate::users::model::UserFilter;
use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

/// Filters live in the URL, so a filtered list can be bookmarked and the back button works.
#[component]
pub fn UsersPage() -> impl IntoView {
    let locale = use_i18n().locale;
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        UserFilter {
            search: q.get("q").filter(|s| !s.trim().is_empty()),
            role: q.get("role").and_then(|r| Role::from_code(&r)),
            active: match q.get("status").as_deref() {
                Some("active") => Some(true),
                Some("inactive") => Some(false),
                _ => None,
            },
        }
    });
    let cursor = Memo::new(move |_| query.read().get("cursor"));
    let page = Resource::new(
        move || (filter.get(), cursor.get()),
        |(f, c)| list_users(f, c),
    );
    let current = move |key: &str| query.read().get(key).unwrap_or_default();

    view! {
        <PageTitle text=title_of(Msg::UsersTitle)/>
        <div class="page-header">
            <h1>{t(Msg::UsersTitle)}</h1>
            <a class="button button-primary" href="/admin/users/new">{t(Msg::NewUser)}</a>
        </div>
        <Form method="GET" action="/admin/users" {..} class="filters" role="search">
            <div class="field">
                <label for="users-q">{t(Msg::SearchUsers)}</label>
                <input id="users-q" type="search" name="q" value=move || current("q")/>
            </div>
            <div class="field">
                <label for="users-role">{t(Msg::FilterRole)}</label>
                <select id="users-role" name="role">
                    <option value="">{t(Msg::AllRoles)}</option>
                    {Role::ALL.into_iter().map(|r| view! {
                        <option value=r.code() selected=move || current("role") == r.code()>{t(r.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="users-status">{t(Msg::FilterStatus)}</label>
                <select id="users-status" name="status">
                    <option value="">{t(Msg::AllStatuses)}</option>
                    <option value="active" selected=move || current("status") == "active">{t(Msg::StatusActive)}</option>
                    <option value="inactive" selected=move || current("status") == "inactive">{t(Msg::StatusInactive)}</option>
                </select>
            </div>
            <button type="submit" class="button">{t(Msg::Apply)}</button>
        </Form>
        <Transition fallback=move || view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <ErrorBanner error=Some(e)/> }.into_any(),
                    Ok(page) if page.items.is_empty() => view! { <p class="muted">{t(Msg::NoResults)}</p> }.into_any(),
                    Ok(page) => {
                        let next_href = page.next_cursor.map(|c| {
                            let q = query.read_untracked();
                            let mut params: Vec<String> = ["q", "role", "status"]
                                .iter()
                                .filter_map(|k| q.get(k).map(|v| format!("{k}={}", crate::url::encode(&v))))
                                .collect();
                            params.push(format!("cursor={}", crate::url::encode(&c)));
                            format!("/admin/users?{}", params.join("&"))
                        });
                        view! {
                            <div class="table-wrap">
                            <table class="table" data-testid="users-table">
                                <thead><tr>
                                    <th scope="col">{t(Msg::ColName)}</th>
                                    <th scope="col">{t(Msg::ColUsername)}</th>
                                    <th scope="col">{t(Msg::ColEmail)}</th>
                                    <th scope="col">{t(Msg::ColRoles)}</th>
                                    <th scope="col">{t(Msg::ColStatus)}</th>
                                    <th scope="col">{t(Msg::ColLastLogin)}</th>
                                </tr></thead>
                                <tbody>
                                    {page.items.into_iter().map(|u| {
                                        let roles = u.roles.clone();
                                        view! {
                                            <tr class:row-inactive=!u.active>
                                                <td><A href=format!("/admin/users/{}", u.id)>{u.full_name}</A></td>
                                                <td>{u.username}</td>
                                                <td>{u.email}</td>
                                                <td>{move || role_names(&roles, locale.get())}</td>
                                                <td><span class="badge" class:badge-off=!u.active>{t(status_label(u.active))}</span></td>
                                                <td>{match u.last_login_at {
                                                    Some(at) => view! { <LocalTime at=at/> }.into_any(),
                                                    None => view! { <span class="muted">{t(Msg::Never)}</span> }.into_any(),
                                                }}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                            <nav class="pager">
                                {cursor.get_untracked().is_some().then(|| view! { <A href="/admin/users">{t(Msg::FirstPage)}</A> })}
                                {next_href.map(|href| view! { <A href=href>{t(Msg::NextPage)}</A> })}
                            </nav>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
