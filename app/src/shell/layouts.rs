//! One layout per area: the staff sidebar, the technician's bottom bar, the portal header,
//! and the plain card around sign-in pages.

use super::guard::GuardedOutlet;
use super::session_controls::{LanguageSwitch, SignOutButton};
use super::use_session;
use crate::auth::model::Permission;
use crate::i18n::{t, Msg};
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};

struct NavItem {
    href: &'static str,
    label: Msg,
    icon: &'static str,
    permission: Permission,
}

/// Staff modules; each appears only for those who may open it. Later modules add lines.
const STAFF_NAV: &[NavItem] = &[
    NavItem {
        href: "/",
        label: Msg::NavDashboard,
        icon: "◧",
        permission: Permission::UseStaffArea,
    },
    NavItem {
        href: "/tickets",
        label: Msg::NavTickets,
        icon: "✎",
        permission: Permission::ViewAllTickets,
    },
    NavItem {
        href: "/tickets/board",
        label: Msg::NavBoard,
        icon: "▦",
        permission: Permission::ViewAllTickets,
    },
    NavItem {
        href: "/catalog",
        label: Msg::NavCatalog,
        icon: "☷",
        permission: Permission::ViewAllTickets,
    },
    NavItem {
        href: "/approvals",
        label: Msg::NavApprovals,
        icon: "✓",
        permission: Permission::DecideApprovals,
    },
    NavItem {
        href: "/customers",
        label: Msg::NavCustomers,
        icon: "☻",
        permission: Permission::ViewCustomers,
    },
    NavItem {
        href: "/plans",
        label: Msg::NavPlans,
        icon: "≋",
        permission: Permission::ViewCustomers,
    },
    NavItem {
        href: "/billing",
        label: Msg::NavBilling,
        icon: "₨",
        permission: Permission::ViewBilling,
    },
    NavItem {
        href: "/field/orders",
        label: Msg::NavWorkOrders,
        icon: "⚒",
        permission: Permission::ViewWorkOrders,
    },
    NavItem {
        href: "/network/nas",
        label: Msg::NavNas,
        icon: "⇄",
        permission: Permission::ViewNetwork,
    },
    NavItem {
        href: "/network/cis",
        label: Msg::NavCis,
        icon: "⊶",
        permission: Permission::ViewNetwork,
    },
    NavItem {
        href: "/network/map",
        label: Msg::NavMap,
        icon: "◎",
        permission: Permission::ViewNetwork,
    },
    NavItem {
        href: "/network/ipam",
        label: Msg::NavIpam,
        icon: "#",
        permission: Permission::ViewNetwork,
    },
];

const ADMIN_NAV: &[NavItem] = &[
    NavItem {
        href: "/admin/users",
        label: Msg::NavUsers,
        icon: "☺",
        permission: Permission::ManageUsers,
    },
    NavItem {
        href: "/admin/audit",
        label: Msg::NavAudit,
        icon: "☰",
        permission: Permission::ViewAuditLog,
    },
    NavItem {
        href: "/admin/outbox",
        label: Msg::NavOutbox,
        icon: "✉",
        permission: Permission::ViewOutbox,
    },
    NavItem {
        href: "/admin/provisioning",
        label: Msg::NavProvisioning,
        icon: "⇅",
        permission: Permission::ManageNetwork,
    },
    NavItem {
        href: "/admin/desk",
        label: Msg::NavDeskSettings,
        icon: "⚙",
        permission: Permission::ManageServiceDesk,
    },
    NavItem {
        href: "/admin/billing",
        label: Msg::BillingSettingsTitle,
        icon: "₨",
        permission: Permission::ManageBillingSettings,
    },
    NavItem {
        href: "/admin/field",
        label: Msg::NavFieldSettings,
        icon: "⚒",
        permission: Permission::ManageFieldSettings,
    },
];

fn nav_links(items: &'static [NavItem]) -> impl IntoView {
    let user = use_session().user;
    items
        .iter()
        .filter(|item| user.as_ref().is_some_and(|u| u.can(item.permission)))
        .map(|item| {
            view! {
                <li>
                    <A href=item.href exact=true>
                        <span class="nav-icon" aria-hidden="true">{item.icon}</span>
                        <span>{t(item.label)}</span>
                    </A>
                </li>
            }
        })
        .collect_view()
}

fn skip_link() -> impl IntoView {
    view! { <a class="skip-link" href="#main">{t(Msg::SkipToContent)}</a> }
}

#[component]
pub fn StaffLayout() -> impl IntoView {
    let session = use_session();
    let user = session.user.clone();
    // Live ticket updates only for those who work tickets (the stream refuses others).
    let works_tickets = user
        .as_ref()
        .is_some_and(|u| u.can(Permission::WorkTickets));
    if works_tickets {
        crate::tickets::live::provide_live_updates();
    }
    let show_admin = user
        .as_ref()
        .is_some_and(|u| ADMIN_NAV.iter().any(|i| u.can(i.permission)));
    let name = user
        .as_ref()
        .map(|u| u.full_name.clone())
        .unwrap_or_default();
    view! {
        {skip_link()}
        <div class="staff-shell">
            <aside class="sidebar">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"S"</span>
                    <span class="brand-text">
                        <strong>{t(Msg::AppName)}</strong>
                        <small>{t(Msg::StaffTagline)}</small>
                    </span>
                </a>
                <nav aria-label=move || t(Msg::NavMainMenu)()>
                    <ul class="nav-list">{nav_links(STAFF_NAV)}</ul>
                    {show_admin.then(|| view! {
                        <p class="nav-heading">{t(Msg::NavAdministration)}</p>
                        <ul class="nav-list">{nav_links(ADMIN_NAV)}</ul>
                    })}
                </nav>
            </aside>
            <div class="staff-main">
                <header class="topbar">
                    {works_tickets.then(|| view! { <crate::notifications::pages::NotificationBell/> })}
                    <LanguageSwitch/>
                    {user.is_some().then(|| view! {
                        <A href="/account" {..} class="topbar-user">
                            <span class="visually-hidden">{t(Msg::SignedInAs)}" "</span>
                            <span data-testid="current-user">{name.clone()}</span>
                        </A>
                        <SignOutButton/>
                    })}
                </header>
                <main id="main" class="content">
                    <GuardedOutlet/>
                </main>
            </div>
        </div>
    }
}

#[component]
pub fn TechLayout() -> impl IntoView {
    let user = use_session().user;
    let name = user
        .as_ref()
        .map(|u| u.full_name.clone())
        .unwrap_or_default();
    view! {
        {skip_link()}
        <div class="tech-shell">
            <header class="tech-topbar">
                <span class="brand-mark" aria-hidden="true">"S"</span>
                <span class="tech-title">{t(Msg::TechTagline)}</span>
                <span class="tech-user" data-testid="current-user">{name}</span>
                <LanguageSwitch/>
            </header>
            <main id="main" class="tech-content">
                <GuardedOutlet/>
            </main>
            <nav class="bottom-nav" aria-label=move || t(Msg::NavMainMenu)()>
                <A href="/tech" exact=true>
                    <span class="nav-icon" aria-hidden="true">"⌂"</span>
                    <span>{t(Msg::NavHome)}</span>
                </A>
                <A href="/tech/account" exact=true>
                    <span class="nav-icon" aria-hidden="true">"☺"</span>
                    <span>{t(Msg::NavAccount)}</span>
                </A>
                <SignOutButton/>
            </nav>
        </div>
    }
}

#[component]
pub fn PortalLayout() -> impl IntoView {
    let user = use_session().user.filter(|u| u.is_customer());
    view! {
        {skip_link()}
        <div class="portal-shell">
            <header class="portal-header">
                <a class="brand" href="/portal">
                    <span class="brand-mark" aria-hidden="true">"S"</span>
                    <span class="brand-text">
                        <strong>{t(Msg::AppName)}</strong>
                        <small>{t(Msg::PortalTagline)}</small>
                    </span>
                </a>
                <nav class="portal-nav" aria-label=move || t(Msg::NavMainMenu)()>
                    {match user {
                        Some(u) => view! {
                            <A href="/portal/home" exact=true>{t(Msg::NavHome)}</A>
                            <A href="/portal/invoices">{t(Msg::MyInvoices)}</A>
                            <A href="/portal/tickets">{t(Msg::MyTickets)}</A>
                            <A href="/portal/account" exact=true>{t(Msg::NavAccount)}</A>
                            <span class="visually-hidden">{t(Msg::SignedInAs)}</span>
                            <span class="portal-user" data-testid="current-user">{u.full_name}</span>
                            <SignOutButton/>
                        }.into_any(),
                        None => view! {
                            <a class="button button-small" href="/portal/login">{t(Msg::PortalSignInCta)}</a>
                        }.into_any(),
                    }}
                    <LanguageSwitch/>
                </nav>
            </header>
            <main id="main" class="portal-content">
                <GuardedOutlet/>
            </main>
        </div>
    }
}

#[component]
pub fn AuthLayout() -> impl IntoView {
    view! {
        <main id="main" class="auth-shell">
            <div class="auth-card">
                <div class="auth-brand">
                    <span class="brand-mark" aria-hidden="true">"S"</span>
                    <strong>{t(Msg::AppName)}</strong>
                    <LanguageSwitch/>
                </div>
                <Outlet/>
            </div>
        </main>
    }
}
