use super::boot::load_session_info;
use super::errors::NotFound;
use super::layouts::{AuthLayout, PortalLayout, StaffLayout, TechLayout};
use crate::audit::pages::AuditPage;
use crate::auth::pages::{
    AccountPage, ForgotPasswordPage, PortalLoginPage, ResetPasswordPage, StaffLoginPage,
};
use crate::billing::pages::{
    BillingRunsPage, BillingSettingsPage, FinanceOverviewPage, InvoicePage, InvoicesPage,
};
use crate::catalog::pages::{
    ApprovalsPage, CatalogAdminPage, CatalogEditorPage, CatalogPage, RequestPage,
};
use crate::cmdb::pages::{
    CiDetailPage, CiGraphPage, CiImportPage, CiListPage, CoveragePage, EditCiPage, NetworkMapPage,
    NewCiPage,
};
use crate::components::time::UserTimeZone;
use crate::customers::pages::{CustomerListPage, CustomerPage, NewCustomerPage};
use crate::dashboard::pages::{PortalHome, PortalLanding, StaffDashboard, TechHome};
use crate::desk::pages::{CategoriesPage, DeskSettingsPage, GroupsPage};
use crate::field::pages::{
    FieldSettingsPage, NewWorkOrderPage, TechOrderPage, WorkOrderListPage, WorkOrderPage,
};
use crate::i18n::provide_i18n;
use crate::ipam::pages::IpamPage;
use crate::messaging::pages::{MessageLogPage, MessagingSettingsPage};
use crate::nas::pages::{NasDetailPage, NasListPage};
use crate::outbox::pages::OutboxPage;
use crate::payments::pages::ReconciliationPage;
use crate::plans::pages::PlansPage;
use crate::portal::pages::{
    PortalInvoicePage, PortalInvoicesPage, PortalPayPage, PortalPaymentPage, PortalTicketPage,
    PortalTicketsPage, ReportFaultPage,
};
use crate::provisioning::pages::{ImportPage, OutboxPage as ProvisioningPage};
use crate::sla::pages::{CalendarsPage, SlaPoliciesPage};
use crate::subscriptions::pages::{IsolirPage, SubscriptionPage};
use crate::tickets::pages::{BoardPage, NewTicketPage, TicketListPage, TicketPage};
use crate::users::pages::{EditUserPage, NewUserPage, UsersPage};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, Stylesheet, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;
use leptos_router::SsrMode;

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let info = load_session_info();
    let i18n = provide_i18n(info.locale);
    provide_context(UserTimeZone(RwSignal::new(info.time_zone)));
    provide_context(info);

    view! {
        <Html {..} lang=move || i18n.locale.get().code()/>
        <Stylesheet id="leptos" href="/pkg/simpul.css"/>
        <Title formatter=|text: String| {
            if text.is_empty() { "Simpul".to_owned() } else { format!("{text} · Simpul") }
        }/>
        <Router>
            <Routes fallback=NotFound>
                <ParentRoute path=path!("") view=AuthLayout>
                    <Route path=path!("login") view=StaffLoginPage/>
                    <Route path=path!("forgot-password") view=ForgotPasswordPage/>
                    <Route path=path!("reset-password") view=ResetPasswordPage/>
                    <Route path=path!("isolir") view=IsolirPage ssr=SsrMode::Async/>
                </ParentRoute>
                // Portal pages and the isolir page render their data on the server before
                // sending (SsrMode::Async): they must work without JavaScript.
                <ParentRoute path=path!("portal") view=PortalLayout>
                    <Route path=path!("") view=PortalLanding/>
                    <Route path=path!("login") view=PortalLoginPage/>
                    <Route path=path!("coverage") view=CoveragePage ssr=SsrMode::Async/>
                    <Route path=path!("home") view=PortalHome ssr=SsrMode::Async/>
                    <Route path=path!("report") view=ReportFaultPage ssr=SsrMode::Async/>
                    <Route path=path!("tickets") view=PortalTicketsPage ssr=SsrMode::Async/>
                    <Route path=path!("tickets/:id") view=PortalTicketPage ssr=SsrMode::Async/>
                    <Route path=path!("invoices") view=PortalInvoicesPage ssr=SsrMode::Async/>
                    <Route path=path!("invoices/:id") view=PortalInvoicePage ssr=SsrMode::Async/>
                    <Route path=path!("pay") view=PortalPayPage ssr=SsrMode::Async/>
                    <Route path=path!("payments/:id") view=PortalPaymentPage ssr=SsrMode::Async/>
                    <Route path=path!("account") view=AccountPage/>
                </ParentRoute>
                <ParentRoute path=path!("tech") view=TechLayout>
                    <Route path=path!("") view=TechHome/>
                    <Route path=path!("orders/:id") view=TechOrderPage/>
                    <Route path=path!("account") view=AccountPage/>
                </ParentRoute>
                <ParentRoute path=path!("") view=StaffLayout>
                    <Route path=path!("") view=StaffDashboard/>
                    <Route path=path!("account") view=AccountPage/>
                    <Route path=path!("tickets") view=TicketListPage/>
                    <Route path=path!("tickets/board") view=BoardPage/>
                    <Route path=path!("tickets/new") view=NewTicketPage/>
                    <Route path=path!("tickets/:id") view=TicketPage/>
                    <Route path=path!("catalog") view=CatalogPage/>
                    <Route path=path!("catalog/:id") view=RequestPage/>
                    <Route path=path!("approvals") view=ApprovalsPage/>
                    <Route path=path!("network/nas") view=NasListPage/>
                    <Route path=path!("network/nas/:id") view=NasDetailPage/>
                    <Route path=path!("network/nas/:id/import") view=ImportPage/>
                    <Route path=path!("network/cis") view=CiListPage/>
                    <Route path=path!("network/map") view=NetworkMapPage/>
                    <Route path=path!("network/ipam") view=IpamPage/>
                    <Route path=path!("network/cis/new") view=NewCiPage/>
                    <Route path=path!("network/cis/import") view=CiImportPage/>
                    <Route path=path!("network/cis/:id") view=CiDetailPage/>
                    <Route path=path!("network/cis/:id/edit") view=EditCiPage/>
                    <Route path=path!("network/cis/:id/graph") view=CiGraphPage/>
                    <Route path=path!("field/orders") view=WorkOrderListPage/>
                    <Route path=path!("field/orders/new") view=NewWorkOrderPage/>
                    <Route path=path!("field/orders/:id") view=WorkOrderPage/>
                    <Route path=path!("customers") view=CustomerListPage/>
                    <Route path=path!("customers/new") view=NewCustomerPage/>
                    <Route path=path!("customers/:id") view=CustomerPage/>
                    <Route path=path!("subscriptions/:id") view=SubscriptionPage/>
                    <Route path=path!("plans") view=PlansPage/>
                    <Route path=path!("billing") view=InvoicesPage/>
                    <Route path=path!("billing/runs") view=BillingRunsPage/>
                    <Route path=path!("billing/overview") view=FinanceOverviewPage/>
                    <Route path=path!("billing/reconciliation") view=ReconciliationPage/>
                    <Route path=path!("billing/messages") view=MessageLogPage/>
                    <Route path=path!("billing/invoices/:id") view=InvoicePage/>
                    <Route path=path!("admin/provisioning") view=ProvisioningPage/>
                    <Route path=path!("admin/billing") view=BillingSettingsPage/>
                    <Route path=path!("admin/field") view=FieldSettingsPage/>
                    <Route path=path!("admin/billing/messages") view=MessagingSettingsPage/>
                    <Route path=path!("admin/users") view=UsersPage/>
                    <Route path=path!("admin/users/new") view=NewUserPage/>
                    <Route path=path!("admin/users/:id") view=EditUserPage/>
                    <Route path=path!("admin/audit") view=AuditPage/>
                    <Route path=path!("admin/outbox") view=OutboxPage/>
                    <Route path=path!("admin/desk") view=DeskSettingsPage/>
                    <Route path=path!("admin/desk/groups") view=GroupsPage/>
                    <Route path=path!("admin/desk/categories") view=CategoriesPage/>
                    <Route path=path!("admin/desk/sla") view=SlaPoliciesPage/>
                    <Route path=path!("admin/desk/calendars") view=CalendarsPage/>
                    <Route path=path!("admin/catalog") view=CatalogAdminPage/>
                    <Route path=path!("admin/catalog/:id") view=CatalogEditorPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
