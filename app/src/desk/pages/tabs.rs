use crate::components::{title_of, PageTitle};
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_router::components::A;

/// (path, label, whether only that exact path marks the tab current). The catalog tab also
/// stays current on its item editor pages.
const TABS: [(&str, Msg, bool); 6] = [
    ("/admin/desk", Msg::TabDeskGeneral, true),
    ("/admin/desk/groups", Msg::TabGroups, true),
    ("/admin/desk/categories", Msg::TabCategories, true),
    ("/admin/desk/sla", Msg::TabSlaPolicies, true),
    ("/admin/desk/calendars", Msg::TabCalendars, true),
    ("/admin/catalog", Msg::TabCatalog, false),
];

/// Links between the service desk settings screens; the current one is marked by the router.
#[component]
pub fn DeskTabs() -> impl IntoView {
    view! {
        <nav class="tabs" aria-label=move || t(Msg::DeskSettingsTitle)()>
            {TABS.into_iter().map(|(href, label, exact)| view! {
                <A href=href exact=exact>{t(label)}</A>
            }).collect_view()}
        </nav>
    }
}

/// Title, the "new …" button and the tabs: the top of every desk settings screen.
#[component]
pub fn SettingsHeader(title: Msg, new_label: Msg, on_new: Callback<()>) -> impl IntoView {
    view! {
        <PageTitle text=title_of(title)/>
        <div class="page-header">
            <h1>{t(title)}</h1>
            <button type="button" class="button button-primary" on:click=move |_| on_new.run(())>
                {t(new_label)}
            </button>
        </div>
        <DeskTabs/>
    }
}
