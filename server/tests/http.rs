//! HTTP integration tests: the real router, a fresh database per test.

mod support;

#[path = "http/payments.rs"]
mod payments;

#[path = "http/messaging.rs"]
mod messaging;

#[path = "http/documents.rs"]
mod documents;

#[path = "http/terms.rs"]
mod terms;

#[path = "http/proofs.rs"]
mod proofs;

#[path = "http/rendering.rs"]
mod rendering;

#[path = "http/cmdb.rs"]
mod cmdb;

use app::audit::api::ListAudit;
use app::auth::api::{
    ChangePassword, Login, Logout, RequestPasswordReset, ResetPassword, SetLanguage, SetPreferences,
};
use app::billing::api::{
    AddCharge, BillingLogoVersion, CancelInvoice, DiscardBillingBatch, FinanceOverview,
    GetCustomerBilling, GetInvoice, IssueBillingBatch, ListBillingRuns, ListInvoices,
    ReadBillingSettings, ReadCustomerTerms, RecordPayment, RemoveBillingLogo, ReversePayment,
    SaveBillingSettings, SaveCustomerTerms, SetPromiseToPay, StartBillingRun,
};
use app::catalog::api::{
    ApprovalQueue, DecideApproval, GetCatalogItem, ListCatalog, RequestCatalogItem, SaveCatalogItem,
};
use app::cmdb::api::{
    AddCiRelation, ApplyCiImport, AssignLineToPort, CheckCoverage, CiDetail, CiFormOptions,
    CiGraph, CiImpact, CiPath, CiPorts, ListCis, MoveCi, NearestFreeOdps, PlantMap,
    PreviewCiImport, RemoveCiRelation, SaveCi, SetPortBroken,
};
use app::customers::api::{
    ChangeCustomerStatus, CreatePortalLogin, ListCustomers, ReadCustomer, SaveCustomer,
};
use app::dashboard::api::DashboardOverview;
use app::desk::api::{
    DeskDirectory, DeskSettings, SaveCategory, SavePriorityMatrix, SaveReopenWindow,
    SaveSupportGroup, TicketFormOptions,
};
use app::field::api::{
    AddWorkOrderEvidence, CreateWorkOrder, MoveWorkOrder, MyWorkOrders, SaveTechnicianProfile,
    SaveWorkOrderNotes, SaveWorkOrderTemplate, ScheduleWorkOrder, SetWorkOrderPort,
    TechnicianOptions, TechnicianProfiles, TickWorkOrderItem, WorkOrder, WorkOrderTemplates,
    WorkOrders,
};
use app::ipam::api::{AddIpPrefix, IpAddresses, RemoveIpPrefix};
use app::messaging::api::{
    ListCustomerMessages, ListMessageTemplates, PreviewMessageTemplate, ReadChannelSettings,
    SaveChannelSettings, SaveMessageTemplate, SendMessageAgain,
};
use app::nas::api::{
    CheckNasNow, ListNas, NasDetail, ReadNasLive, RunNasTerminal, SaveNas, TestNasConnection,
};
use app::notifications::api::{MarkNotificationsRead, MyNotifications};
use app::outages::api::{AttachOutageLines, LinkTicketCi, MyOutages, TicketOutage};
use app::outbox::api::ListOutbox;
use app::payments::api::{
    MyPayment, PaymentOptions, PaymentReconciliation, ReadGatewaySettings, ResolveHeldPayment,
    RetryPayment, SaveGatewaySettings, StartPayment,
};
use app::plans::api::{ListPlans, SavePlan};
use app::portal::api::{
    MyBilling, MyInvoice, MyLines, MyTicket, MyTickets, ReplyMyTicket, ReportFault,
};
use app::provisioning::api::{
    CancelJob, FixNasDrift, ImportSecrets, ListJobs, NasDrift, ReadImportPreview,
    ReadNasProvisioning, ReconcileNas, RetryJob, SaveNasProvisioning,
};
use app::sla::api::{
    DeleteHoliday, HolidaysOfYear, LoadSlaSettings, SaveBusinessCalendar, SaveHoliday,
    SaveSlaPolicy,
};
use app::subscriptions::api::{
    ChangeSubscriptionStatus, ReadIsolirNotice, SaveSubscription, SubscriptionDetail,
    SubscriptionSession,
};
use app::tickets::api::{
    AssignTicket, CommentOnTicket, CreateTicket, DeleteTicketFilter, GetTicket, LinkTicket,
    ListTickets, MoveTicket, MySavedFilters, ReclassifyTicket, SaveTicketFilter, TicketBoard,
    TicketCard, TicketTimeline, UpdateTicket, WatchTicket,
};
use app::users::api::{CreateUser, GetUser, ListUsers, SetUserActive, SetUserPassword, UpdateUser};
use axum::body::Body;
use http::{header, Request, StatusCode};
use leptos::server_fn::ServerFn;
use sqlx::PgPool;
use support::{login_path, TestApp, ORIGIN};

/// Who is asking: no one, or a demo account of each role.
const WHO: [&str; 7] = [
    "anonymous",
    "admin",
    "supervisor",
    "agent1",
    "finance",
    "tech1",
    "ahmad",
];

/// Expected answer to a page request, per entry of `WHO`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Page {
    Ok,
    Forbidden,
    /// 303 to this login page with `next`.
    SignIn(&'static str),
    /// 303 to this path (an area's home).
    Home(&'static str),
}
use Page::*;

#[sqlx::test(migrations = "../migrations")]
async fn every_page_admits_exactly_its_roles(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let staff = SignIn("/login");
    let portal = SignIn("/portal/login");
    #[rustfmt::skip]
    let table: &[(&str, [Page; 7])] = &[
        //  path                anonymous  admin      supervisor agent      finance    tech1        ahmad
        ("/",                  [staff,     Ok,        Ok,        Ok,        Ok,        Home("/tech"), Home("/portal/home")]),
        ("/account",           [staff,     Ok,        Ok,        Ok,        Ok,        Forbidden, Forbidden]),
        ("/admin/users",       [staff,     Ok,        Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/admin/users/new",   [staff,     Ok,        Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/admin/users/1",     [staff,     Ok,        Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/admin/audit",       [staff,     Ok,        Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/admin/outbox",      [staff,     Ok,        Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/admin/desk",        [staff,     Ok,        Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/admin/desk/groups", [staff,     Ok,        Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/admin/desk/categories", [staff, Ok,        Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/admin/desk/sla",    [staff,     Ok,        Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/admin/desk/calendars", [staff,  Ok,        Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/admin/catalog",     [staff,     Ok,        Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/admin/catalog/new", [staff,     Ok,        Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/admin/catalog/1",   [staff,     Ok,        Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/tickets",           [staff,     Ok,        Ok,        Ok,        Forbidden, Forbidden, Forbidden]),
        ("/tickets/board",     [staff,     Ok,        Ok,        Ok,        Forbidden, Forbidden, Forbidden]),
        ("/tickets/new",       [staff,     Ok,        Ok,        Ok,        Forbidden, Forbidden, Forbidden]),
        ("/tickets/1",         [staff,     Ok,        Ok,        Ok,        Forbidden, Forbidden, Forbidden]),
        ("/catalog",           [staff,     Ok,        Ok,        Ok,        Forbidden, Forbidden, Forbidden]),
        ("/catalog/1",         [staff,     Ok,        Ok,        Ok,        Forbidden, Forbidden, Forbidden]),
        ("/approvals",         [staff,     Forbidden, Ok,        Forbidden, Ok,        Forbidden, Forbidden]),
        ("/network/nas",       [staff,     Ok,        Ok,        Ok,        Forbidden, Forbidden, Forbidden]),
        ("/network/nas/1",     [staff,     Ok,        Ok,        Ok,        Forbidden, Forbidden, Forbidden]),
        ("/network/nas/1/import", [staff,  Ok,        Ok,        Ok,        Forbidden, Forbidden, Forbidden]),
        ("/network/cis",       [staff,     Ok,        Ok,        Ok,        Forbidden, Forbidden, Forbidden]),
        ("/network/cis/new",   [staff,     Ok,        Ok,        Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/network/cis/import", [staff,    Ok,        Ok,        Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/network/cis/1",     [staff,     Ok,        Ok,        Ok,        Forbidden, Forbidden, Forbidden]),
        ("/network/cis/1/edit", [staff,    Ok,        Ok,        Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/customers",         [staff,     Ok,        Ok,        Ok,        Ok,        Forbidden, Forbidden]),
        ("/customers/new",     [staff,     Ok,        Ok,        Ok,        Ok,        Forbidden, Forbidden]),
        ("/customers/1",       [staff,     Ok,        Ok,        Ok,        Ok,        Forbidden, Forbidden]),
        ("/subscriptions/1",   [staff,     Ok,        Ok,        Ok,        Ok,        Forbidden, Forbidden]),
        ("/plans",             [staff,     Ok,        Ok,        Ok,        Ok,        Forbidden, Forbidden]),
        ("/billing",           [staff,     Ok,        Ok,        Ok,        Ok,        Forbidden, Forbidden]),
        ("/billing/runs",      [staff,     Ok,        Ok,        Ok,        Ok,        Forbidden, Forbidden]),
        ("/billing/overview",  [staff,     Ok,        Ok,        Ok,        Ok,        Forbidden, Forbidden]),
        ("/billing/invoices/1", [staff,    Ok,        Ok,        Ok,        Ok,        Forbidden, Forbidden]),
        ("/billing/reconciliation", [staff, Ok,       Ok,        Ok,        Ok,        Forbidden, Forbidden]),
        ("/billing/messages",  [staff,     Ok,        Ok,        Ok,        Ok,        Forbidden, Forbidden]),
        ("/admin/billing/messages", [staff, Ok,       Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/admin/provisioning", [staff,    Ok,        Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/admin/billing",     [staff,     Ok,        Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/admin/field",       [staff,     Ok,        Forbidden, Forbidden, Forbidden, Forbidden, Forbidden]),
        ("/field/orders",      [staff,     Ok,        Ok,        Ok,        Forbidden, Forbidden, Forbidden]),
        ("/field/orders/new",  [staff,     Ok,        Ok,        Ok,        Forbidden, Forbidden, Forbidden]),
        ("/field/orders/1",    [staff,     Ok,        Ok,        Ok,        Forbidden, Forbidden, Forbidden]),
        ("/tech",              [staff,     Forbidden, Forbidden, Forbidden, Forbidden, Ok,        Forbidden]),
        ("/tech/account",      [staff,     Forbidden, Forbidden, Forbidden, Forbidden, Ok,        Forbidden]),
        ("/tech/orders/1",     [staff,     Forbidden, Forbidden, Forbidden, Forbidden, Ok,        Forbidden]),
        ("/portal/home",       [portal,    Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        ("/portal/account",    [portal,    Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        ("/portal/report",     [portal,    Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        ("/portal/tickets",    [portal,    Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        ("/portal/pay",        [portal,    Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        ("/portal/payments/1", [portal,    Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        ("/portal/tickets/1",  [portal,    Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        ("/portal/invoices",   [portal,    Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        ("/portal/invoices/1", [portal,    Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Ok]),
        ("/isolir",            [Ok,        Ok,        Ok,        Ok,        Ok,        Ok,        Ok]),
        ("/portal",            [Ok,        Ok,        Ok,        Ok,        Ok,        Ok,        Ok]),
        ("/forgot-password",   [Ok,        Ok,        Ok,        Ok,        Ok,        Ok,        Ok]),
        ("/reset-password",    [Ok,        Ok,        Ok,        Ok,        Ok,        Ok,        Ok]),
    ];
    let mut cookies = vec![None];
    for who in &WHO[1..] {
        cookies.push(Some(app.login(who).await));
    }
    let mut failures = Vec::new();
    for (path, expected) in table {
        for (i, want) in expected.iter().enumerate() {
            let reply = app.get(path, cookies[i].as_deref()).await;
            let got = match reply.status {
                StatusCode::OK => Ok,
                StatusCode::FORBIDDEN => Forbidden,
                StatusCode::SEE_OTHER => {
                    let location = reply.location().unwrap_or_default().to_owned();
                    match *want {
                        SignIn(login) if location.starts_with(&format!("{login}?next=")) => {
                            SignIn(login)
                        }
                        Home(home) if location == home => Home(home),
                        _ => {
                            failures
                                .push(format!("{path} as {}: redirected to {location}", WHO[i]));
                            continue;
                        }
                    }
                }
                other => {
                    failures.push(format!("{path} as {}: status {other}", WHO[i]));
                    continue;
                }
            };
            if got != *want {
                failures.push(format!(
                    "{path} as {}: expected {want:?}, got {got:?}",
                    WHO[i]
                ));
            }
            if got == Forbidden {
                assert!(
                    reply.body.contains("403"),
                    "{path} as {}: the 403 page is rendered",
                    WHO[i]
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "access mismatches:\n{}",
        failures.join("\n")
    );
}

/// Expected answer of a server function, per entry of `WHO`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Call {
    /// Reached the service (2xx, or a 404/422 from it).
    Allowed,
    Forbidden,
    Unauthorized,
}

#[sqlx::test(migrations = "../migrations")]
async fn every_server_function_checks_permission(pool: PgPool) {
    let app = TestApp::new(pool).await;
    use Call::{Allowed as A, Forbidden as F, Unauthorized as U};
    let create = "fields[username]=newuser&fields[email]=new%40isp.test&fields[full_name]=New+User\
                  &fields[roles][0]=Agent&password=long+enough+pw";
    let update = "id=999999&fields[username]=x1y&fields[email]=x%40isp.test&fields[full_name]=X\
                  &fields[roles][0]=Agent&version=2026-01-01T00:00:00Z";
    let matrix = "matrix[cells][0][0]=1&matrix[cells][0][1]=2&matrix[cells][0][2]=3&matrix[cells][1][0]=2&matrix[cells][1][1]=3&matrix[cells][1][2]=4&matrix[cells][2][0]=3&matrix[cells][2][1]=4&matrix[cells][2][2]=5";
    let nas =
        "draft[id]=0&draft[name]=&draft[site]=&draft[host]=&draft[api_kind]=Binary&draft[port]=0\
               &draft[tls_verify]=false&draft[username]=&draft[password]=&draft[radius_secret]=\
               &draft[tags]=&draft[notes]=&draft[active]=true";
    #[rustfmt::skip]
    let table: Vec<(&str, &str, [Call; 7])> = vec![
        //  server fn                     body                               anon admin sup agent fin tech cust
        (ListUsers::PATH,        "",                                        [U, A, F, F, F, F, F]),
        (GetUser::PATH,          "id=1",                                    [U, A, F, F, F, F, F]),
        (CreateUser::PATH,       create,                                    [U, A, F, F, F, F, F]),
        (UpdateUser::PATH,       update,                                    [U, A, F, F, F, F, F]),
        (SetUserActive::PATH,    "id=999999&active=false",                  [U, A, F, F, F, F, F]),
        (SetUserPassword::PATH,  "id=999999&password=long+enough+pw",       [U, A, F, F, F, F, F]),
        (ListAudit::PATH,        "",                                        [U, A, F, F, F, F, F]),
        (ListOutbox::PATH,       "",                                        [U, A, F, F, F, F, F]),
        (DashboardOverview::PATH,        "",                                        [U, A, A, A, A, A, A]),
        (ChangePassword::PATH,   "current_password=x&new_password=y&confirm_password=y", [U, A, A, A, A, A, A]),
        (SetPreferences::PATH,   "locale=En&time_zone=AsiaJakarta",         [U, A, A, A, A, A, A]),
        (SetLanguage::PATH,      "locale=Id",                               [A, A, A, A, A, A, A]),
        (Logout::PATH,           "",                                        [A, A, A, A, A, A, A]),
        (Login::PATH,            "login=nobody&password=wrong-password",    [A, A, A, A, A, A, A]),
        (RequestPasswordReset::PATH, "email=not-an-email",                  [A, A, A, A, A, A, A]),
        (ResetPassword::PATH,    "token=x&new_password=y&confirm_password=y", [A, A, A, A, A, A, A]),
        (MyNotifications::PATH,  "",                                        [U, A, A, A, A, A, A]),
        (MarkNotificationsRead::PATH, "",                                   [U, A, A, A, A, A, A]),
        // Ticket work: agents, supervisors and admins (all tickets), technicians (their
        // groups'); finance and customers not through these (the portal has its own).
        (TicketFormOptions::PATH,"",                                        [U, A, A, A, F, A, F]),
        (ListTickets::PATH,      "",                                        [U, A, A, A, F, A, F]),
        (TicketBoard::PATH,      "",                                        [U, A, A, A, F, A, F]),
        (TicketCard::PATH,       "id=999999",                               [U, A, A, A, F, A, F]),
        (GetTicket::PATH,        "id=999999",                               [U, A, A, A, F, A, F]),
        (TicketTimeline::PATH,   "id=999999",                               [U, A, A, A, F, A, F]),
        (CreateTicket::PATH,     "ticket[title]=Uji&ticket[impact]=2&ticket[urgency]=2", [U, A, A, A, F, A, F]),
        (UpdateTicket::PATH,     "id=999999&version=2026-01-01T00:00:00Z&edit[title]=x", [U, A, A, A, F, A, F]),
        (MoveTicket::PATH,       "id=999999&to=Closed",                     [U, A, A, A, F, A, F]),
        (AssignTicket::PATH,     "id=999999",                               [U, A, A, A, F, A, F]),
        (ReclassifyTicket::PATH, "id=999999&impact=1&urgency=1&note=x",     [U, A, A, A, F, A, F]),
        (CommentOnTicket::PATH,  "id=999999&visibility=Internal&body=x",    [U, A, A, A, F, A, F]),
        (WatchTicket::PATH,      "id=999999&watching=true",                 [U, A, A, A, F, A, F]),
        (LinkTicket::PATH,       "id=999999&other=INC-000001&linked=true",  [U, A, A, A, F, A, F]),
        (DeskSettings::PATH,     "",                                        [U, A, F, F, F, F, F]),
        (SavePriorityMatrix::PATH, matrix,                                  [U, A, F, F, F, F, F]),
        (SaveReopenWindow::PATH, "hours=0",                                 [U, A, F, F, F, F, F]),
        (MySavedFilters::PATH,   "",                                        [U, A, A, A, F, A, F]),
        (SaveTicketFilter::PATH, "name=&query=status%3Dopen",               [U, A, A, A, F, A, F]),
        (DeleteTicketFilter::PATH, "id=999999",                             [U, A, A, A, F, A, F]),
        (ListCatalog::PATH,      "",                                        [U, A, A, A, F, A, F]),
        (ListCatalog::PATH,      "include_inactive=true",                   [U, A, F, F, F, F, F]),
        (GetCatalogItem::PATH,   "id=999999",                               [U, A, A, A, F, A, F]),
        (RequestCatalogItem::PATH, "item_id=999999",                        [U, A, A, A, F, A, F]),
        (SaveCatalogItem::PATH,  "item[name]=",                             [U, A, F, F, F, F, F]),
        // Desk configuration: admins only.
        (DeskDirectory::PATH,    "",                                        [U, A, F, F, F, F, F]),
        (SaveSupportGroup::PATH, "group[name]=",                            [U, A, F, F, F, F, F]),
        (SaveCategory::PATH,     "category[name]=",                         [U, A, F, F, F, F, F]),
        (LoadSlaSettings::PATH,  "",                                        [U, A, F, F, F, F, F]),
        (SaveSlaPolicy::PATH,    "policy[name]=",                           [U, A, F, F, F, F, F]),
        (SaveBusinessCalendar::PATH, "calendar[name]=",                     [U, A, F, F, F, F, F]),
        (HolidaysOfYear::PATH,   "year=2026",                               [U, A, F, F, F, F, F]),
        (SaveHoliday::PATH,      "holiday[day]=2030-01-01&holiday[name]=&holiday[provisional]=false", [U, A, F, F, F, F, F]),
        (DeleteHoliday::PATH,    "day=1999-01-01",                          [U, A, F, F, F, F, F]),
        // Approvals: supervisors and finance, each only for their own steps (see db_catalog).
        (ApprovalQueue::PATH,    "",                                        [U, F, A, F, A, F, F]),
        (DecideApproval::PATH,   "approval_id=999999&approve=true",         [U, F, A, F, A, F, F]),
        // Routers: staff who watch the network see them; only admins change or probe them.
        (ListNas::PATH,          "",                                        [U, A, A, A, F, F, F]),
        (NasDetail::PATH,        "id=999999",                               [U, A, A, A, F, F, F]),
        (ReadNasLive::PATH,      "id=999999",                               [U, A, A, A, F, F, F]),
        (CheckNasNow::PATH,      "id=999999",                               [U, A, A, A, F, F, F]),
        (SaveNas::PATH,          nas,                                       [U, A, F, F, F, F, F]),
        (TestNasConnection::PATH, nas,                                      [U, A, F, F, F, F, F]),
        (RunNasTerminal::PATH,   "id=999999&line=%2Fppp%2Factive%2Fprint",  [U, A, F, F, F, F, F]),
        // Customers and lines: staff who sign customers up change them; finance looks.
        (ListCustomers::PATH,    "filter[search]=budi",                     [U, A, A, A, A, F, F]),
        (ReadCustomer::PATH,     "id=999999",                               [U, A, A, A, A, F, F]),
        (SaveCustomer::PATH,     "draft[full_name]=",                       [U, A, A, A, F, F, F]),
        (ChangeCustomerStatus::PATH, "change[id]=999999&change[status]=Active&change[reason]=", [U, A, A, A, F, F, F]),
        (ListPlans::PATH,        "",                                        [U, A, A, A, A, F, F]),
        (SavePlan::PATH,         "save[draft][name]=",                      [U, A, F, F, F, F, F]),
        (SubscriptionDetail::PATH, "id=999999",                             [U, A, A, A, A, F, F]),
        (SubscriptionSession::PATH, "id=999999",                            [U, A, A, A, A, F, F]),
        (SaveSubscription::PATH, "draft[customer_id]=0",                    [U, A, A, A, F, F, F]),
        (ChangeSubscriptionStatus::PATH, "change[id]=999999&change[status]=Isolated&change[reason]=x", [U, A, A, A, F, F, F]),
        (CreatePortalLogin::PATH, "draft[customer_id]=999999",              [U, A, A, A, F, F, F]),
        // Billing: staff who talk to customers see it; finance and admins change it.
        (ListInvoices::PATH,     "filter[view]=Overdue&filter[q]=INV",      [U, A, A, A, A, F, F]),
        (GetInvoice::PATH,       "id=999999",                               [U, A, A, A, A, F, F]),
        (GetCustomerBilling::PATH, "customer_id=999999",                    [U, A, A, A, A, F, F]),
        (ReadCustomerTerms::PATH, "customer_id=999999",                     [U, A, A, A, A, F, F]),
        (SaveCustomerTerms::PATH, "customer_id=999999&draft[document_language]=id", [U, A, F, F, A, F, F]),
        (ListBillingRuns::PATH,  "",                                        [U, A, A, A, A, F, F]),
        (FinanceOverview::PATH,  "month=2026-11",                           [U, A, A, A, A, F, F]),
        (StartBillingRun::PATH,  "date=2001-01-01",                         [U, A, F, F, A, F, F]),
        (IssueBillingBatch::PATH, "run_id=999999",                          [U, A, F, F, A, F, F]),
        (DiscardBillingBatch::PATH, "run_id=999999",                        [U, A, F, F, A, F, F]),
        (RecordPayment::PATH,    "draft[customer_id]=999999&draft[method]=Cash&draft[amount]=1", [U, A, F, F, A, F, F]),
        (ReversePayment::PATH,   "id=999999&reason=x",                      [U, A, F, F, A, F, F]),
        (CancelInvoice::PATH,    "id=999999&reason=x",                      [U, A, F, F, A, F, F]),
        (AddCharge::PATH,        "draft[customer_id]=999999&draft[description]=x&draft[unit_price]=1", [U, A, F, F, A, F, F]),
        (SetPromiseToPay::PATH,  "customer_id=999999&until=",               [U, A, F, F, A, F, F]),
        (ReadBillingSettings::PATH, "",                                     [U, A, F, F, F, F, F]),
        (BillingLogoVersion::PATH, "",                                      [U, A, F, F, F, F, F]),
        (RemoveBillingLogo::PATH, "",                                       [U, A, F, F, F, F, F]),
        (SaveBillingSettings::PATH, "draft[legal_name]=",                   [U, A, F, F, F, F, F]),
        (ReadGatewaySettings::PATH, "",                                     [U, A, F, F, F, F, F]),
        (SaveGatewaySettings::PATH, "draft[payment_expiry_minutes]=1",      [U, A, F, F, F, F, F]),
        (PaymentReconciliation::PATH, "from=2026-01-01&to=2026-01-31",      [U, A, A, A, A, F, F]),
        (ResolveHeldPayment::PATH, "id=999999&decision=Dismiss&note=x",     [U, A, F, F, A, F, F]),
        (ReadChannelSettings::PATH, "",                                     [U, A, F, F, F, F, F]),
        (SaveChannelSettings::PATH, "draft[whatsapp_provider]=x",           [U, A, F, F, F, F, F]),
        (ListMessageTemplates::PATH, "",                                    [U, A, F, F, F, F, F]),
        (PreviewMessageTemplate::PATH, "draft[event]=reminder&draft[locale]=id&draft[subject]=x&draft[body]={name}", [U, A, F, F, F, F, F]),
        (SaveMessageTemplate::PATH, "draft[event]=reminder&draft[locale]=id&draft[subject]=&draft[body]=", [U, A, F, F, F, F, F]),
        (ListCustomerMessages::PATH, "",                                    [U, A, A, A, A, F, F]),
        (SendMessageAgain::PATH, "id=999999",                               [U, A, F, F, A, F, F]),
        // The portal: a customer's own lines and tickets only.
        (MyLines::PATH,          "",                                        [U, F, F, F, F, F, A]),
        (ReportFault::PATH,      "report[subscription_id]=999999&report[symptom]=NoInternet", [U, F, F, F, F, F, A]),
        (MyTickets::PATH,        "",                                        [U, F, F, F, F, F, A]),
        (MyBilling::PATH,        "",                                        [U, F, F, F, F, F, A]),
        (MyInvoice::PATH,        "id=999999",                               [U, F, F, F, F, F, A]),
        (PaymentOptions::PATH,   "invoice_id=999999",                       [U, F, F, F, F, F, A]),
        (StartPayment::PATH,     "invoice_id=999999&gateway=midtrans",      [U, F, F, F, F, F, A]),
        (RetryPayment::PATH,     "id=999999",                               [U, F, F, F, F, F, A]),
        (MyPayment::PATH,        "id=999999",                               [U, F, F, F, F, F, A]),
        (MyTicket::PATH,         "id=999999",                               [U, F, F, F, F, F, A]),
        (ReplyMyTicket::PATH,    "id=999999&body=x",                        [U, F, F, F, F, F, A]),
        // The isolir page is for customers who are cut off, signed in or not.
        (ReadIsolirNotice::PATH, "",                                        [A, A, A, A, A, A, A]),
        // Provisioning: the outbox, drift fixes and imports are admin work.
        (ListJobs::PATH,         "",                                        [U, A, F, F, F, F, F]),
        (RetryJob::PATH,         "id=999999",                               [U, A, F, F, F, F, F]),
        (CancelJob::PATH,        "id=999999",                               [U, A, F, F, F, F, F]),
        (NasDrift::PATH,         "nas_id=999999",                           [U, A, A, A, F, F, F]),
        (ReconcileNas::PATH,     "nas_id=999999",                           [U, A, F, F, F, F, F]),
        (FixNasDrift::PATH,      "nas_id=999999",                           [U, A, F, F, F, F, F]),
        (ReadImportPreview::PATH, "nas_id=999999",                          [U, A, F, F, F, F, F]),
        (ReadNasProvisioning::PATH, "nas_id=999999",                        [U, A, A, A, F, F, F]),
        (SaveNasProvisioning::PATH, "settings[nas_id]=999999&settings[isolir_profile]=simpul-isolir&settings[isolir_rate_limit]=1M/1M&settings[isolir_address_list]=isolir", [U, A, F, F, F, F, F]),
        (ImportSecrets::PATH,    "nas_id=999999&choices[0][name]=x",                           [U, A, F, F, F, F, F]),
        // The CMDB: staff who watch the network read it; admins and supervisors record
        // the plant. Impact names customers, so it also takes seeing customers.
        (CiFormOptions::PATH,    "",                                        [U, A, A, A, F, F, F]),
        (ListCis::PATH,          "filter[search]=odp",                      [U, A, A, A, F, F, F]),
        (CiDetail::PATH,         "id=999999",                               [U, A, A, A, F, F, F]),
        (CiImpact::PATH,         "id=999999",                               [U, A, A, A, F, F, F]),
        (CiPath::PATH,           "id=999999",                               [U, A, A, A, F, F, F]),
        (CiGraph::PATH,          "id=999999&up=2&down=2",                   [U, A, A, A, F, F, F]),
        (SaveCi::PATH,           "draft[class]=olt&draft[code]=",           [U, A, A, F, F, F, F]),
        (AddCiRelation::PATH,    "draft[from_ci]=999999&draft[to_ci]=999998", [U, A, A, F, F, F, F]),
        (RemoveCiRelation::PATH, "id=999999",                               [U, A, A, F, F, F, F]),
        (PreviewCiImport::PATH,  "class=premise&text=",                     [U, A, A, F, F, F, F]),
        (ApplyCiImport::PATH,    "class=premise&text=",                     [U, A, A, F, F, F, F]),
        // Ports name the lines' customers; placing lines and recording broken ports is
        // plant work. The coverage check is the public portal's.
        (CiPorts::PATH,          "id=999999",                               [U, A, A, A, F, F, F]),
        (NearestFreeOdps::PATH,  "latitude=-6.2&longitude=106.8",           [U, A, A, A, F, F, F]),
        (AssignLineToPort::PATH, "assignment[odp]=999999&assignment[port]=1&assignment[line]=x", [U, A, A, F, F, F, F]),
        (SetPortBroken::PATH,    "id=999999&port=1&broken=true",            [U, A, A, F, F, F, F]),
        (CheckCoverage::PATH,    "point=-6.2%2C106.8",                      [A, A, A, A, A, A, A]),
        // The map: seen by staff who see the network; dragging a marker is plant work.
        (PlantMap::PATH,         "filter[layers][0]=Odps",                  [U, A, A, A, F, F, F]),
        (MoveCi::PATH,           "id=999999&latitude=-6.2&longitude=106.8", [U, A, A, F, F, F, F]),
        // IPAM names the lines' customers; prefixes are router configuration (admins).
        (IpAddresses::PATH,      "",                                        [U, A, A, A, F, F, F]),
        (AddIpPrefix::PATH,      "draft[nas_id]=999999&draft[prefix]=x&draft[description]=", [U, A, F, F, F, F, F]),
        (RemoveIpPrefix::PATH,   "id=999999",                               [U, A, F, F, F, F, F]),
        // Mass outages: desk staff who see the network link incidents to CIs and attach
        // lines; customers see the outages on their own lines.
        (TicketOutage::PATH,     "id=999999",                               [U, A, A, A, F, F, F]),
        (LinkTicketCi::PATH,     "id=999999&ci=",                           [U, A, A, A, F, F, F]),
        (AttachOutageLines::PATH, "id=999999",                              [U, A, A, A, F, F, F]),
        (MyOutages::PATH,        "",                                        [U, F, F, F, F, F, A]),
        // Work orders: the desk sees them, agents open them, supervisors and admins plan
        // them; technicians see and work only their own (an unknown order is a 404).
        (WorkOrders::PATH,       "filter[kind]=Repair",                     [U, A, A, A, F, A, F]),
        (WorkOrder::PATH,        "id=999999",                               [U, A, A, A, F, A, F]),
        (CreateWorkOrder::PATH,  "draft[kind]=Survey&draft[address]=x",     [U, A, A, A, F, F, F]),
        (ScheduleWorkOrder::PATH, "id=999999&draft[technician_id]=1",       [U, A, A, F, F, F, F]),
        (MoveWorkOrder::PATH,    "id=999999&request[to]=Cancelled",         [U, A, A, F, F, A, F]),
        (TickWorkOrderItem::PATH, "id=999999&item=x&ticked=true",           [U, F, F, F, F, A, F]),
        (SaveWorkOrderNotes::PATH, "id=999999&notes=x",                     [U, F, F, F, F, A, F]),
        (AddWorkOrderEvidence::PATH, "id=999999&kind=RxPower&value=-20",    [U, F, F, F, F, A, F]),
        (SetWorkOrderPort::PATH, "id=999999&odp_id=1&port=1",               [U, A, A, F, F, A, F]),
        (TechnicianOptions::PATH, "",                                       [U, A, A, A, F, F, F]),
        (WorkOrderTemplates::PATH, "",                                      [U, A, F, F, F, F, F]),
        (SaveWorkOrderTemplate::PATH, "template[kind]=Repair",              [U, A, F, F, F, F, F]),
        (MyWorkOrders::PATH,     "",                                        [U, F, F, F, F, A, F]),
        (TechnicianProfiles::PATH, "",                                      [U, A, F, F, F, F, F]),
        (SaveTechnicianProfile::PATH, "draft[user_id]=999999",              [U, A, F, F, F, F, F]),
    ];
    // Every registered server function must be in this table, so a new one cannot escape.
    let listed: std::collections::BTreeSet<&str> = table.iter().map(|(path, _, _)| *path).collect();
    let registered: std::collections::BTreeSet<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    assert_eq!(
        listed, registered,
        "the permission table must list every server function"
    );
    let mut failures = Vec::new();
    for (path, body, expected) in &table {
        for (i, want) in expected.iter().enumerate() {
            // A fresh session per call: logout would otherwise end the others.
            let cookie = if i == 0 {
                None
            } else {
                Some(app.login(WHO[i]).await)
            };
            let reply = app.call(path, body, cookie.as_deref()).await;
            let got = match reply.status.as_u16() {
                401 => U,
                403 => F,
                200..=299 | 404 | 422 | 429 => A,
                other => {
                    failures.push(format!(
                        "{path} as {}: status {other}: {}",
                        WHO[i], reply.body
                    ));
                    continue;
                }
            };
            if got != *want {
                failures.push(format!(
                    "{path} as {}: expected {want:?}, got {got:?} ({})",
                    WHO[i], reply.body
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "permission mismatches:\n{}",
        failures.join("\n")
    );
}

/// Out-of-range values are refused before any service runs (they once panicked the server).
#[sqlx::test(migrations = "../migrations")]
async fn out_of_range_arguments_are_a_clear_error(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let agent = app.login("agent1").await;
    for body in [
        "id=1&impact=0&urgency=1&note=x",
        "id=1&impact=9&urgency=1&note=x",
    ] {
        let reply = app.call(ReclassifyTicket::PATH, body, Some(&agent)).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            reply.body
        );
    }
    let reply = app
        .call(
            CreateTicket::PATH,
            "ticket[title]=x&ticket[impact]=0&ticket[urgency]=1",
            Some(&agent),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
}

/// The live stream carries ticket ids only, and only to those who work tickets.
#[sqlx::test(migrations = "../migrations")]
async fn the_ticket_event_stream_needs_a_ticket_worker(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let anonymous = app.get("/api/events/tickets", None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    for who in ["finance", "ahmad"] {
        let cookie = app.login(who).await;
        let reply = app.get("/api/events/tickets", Some(&cookie)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{who}");
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn repeated_failed_sign_ins_are_throttled(pool: PgPool) {
    let app = TestApp::with_env(pool, &[("SIMPUL_LOGIN_MAX_FAILURES", "3")]).await;
    for _ in 0..3 {
        let reply = app
            .call(login_path(), "login=agent1&password=wrong-password", None)
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            reply.body
        );
        assert!(reply.body.contains("InvalidCredentials"));
    }
    let locked = app
        .call(login_path(), "login=agent1&password=simpul-demo", None)
        .await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        locked.body
    );
    assert!(locked.body.contains("retry_after_secs"));
    // Another account from the same address is unaffected.
    let other = app
        .call(login_path(), "login=agent2&password=simpul-demo", None)
        .await;
    assert_eq!(other.status, StatusCode::OK);
}

#[sqlx::test(migrations = "../migrations")]
async fn state_changes_without_same_origin_proof_are_refused(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let cookie = app.login("admin").await;
    let post = |origin: Option<&str>, fetch_site: Option<&str>| {
        let mut b = Request::post(SetUserActive::PATH)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header(header::COOKIE, &cookie);
        if let Some(o) = origin {
            b = b.header(header::ORIGIN, o);
        }
        if let Some(s) = fetch_site {
            b = b.header("sec-fetch-site", s);
        }
        b.body(Body::from("id=2&active=false")).unwrap()
    };
    let no_proof = app.send(post(None, None)).await;
    assert_eq!(no_proof.status, StatusCode::FORBIDDEN);
    let evil = app.send(post(Some("https://evil.example"), None)).await;
    assert_eq!(evil.status, StatusCode::FORBIDDEN);
    let cross_site = app.send(post(Some(ORIGIN), Some("cross-site"))).await;
    assert_eq!(cross_site.status, StatusCode::FORBIDDEN);
    let active: bool = sqlx::query_scalar("SELECT active FROM users WHERE id = 2")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(active, "nothing changed");
    let same_origin = app.send(post(None, Some("same-origin"))).await;
    assert_eq!(same_origin.status, StatusCode::OK, "{}", same_origin.body);
}

#[sqlx::test(migrations = "../migrations")]
async fn sign_in_rotates_the_session_and_sign_out_ends_it(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let first = app.login("supervisor").await;
    // Signing in again from a browser that already has a session replaces it.
    let again = app
        .call(
            login_path(),
            "login=supervisor&password=simpul-demo",
            Some(&first),
        )
        .await;
    let second = again.session_cookie().expect("new cookie");
    assert_ne!(first, second);
    assert_eq!(
        app.get("/", Some(&first)).await.status,
        StatusCode::SEE_OTHER,
        "old session is dead"
    );

    let page = app.get("/", Some(&second)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    assert!(page.body.contains("Bambang Sutrisno"));

    let out = app.call(Logout::PATH, "", Some(&second)).await;
    assert_eq!(out.status, StatusCode::OK);
    assert!(out
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .any(|c| c.to_str().unwrap().contains("Max-Age=0")));
    let after = app.get("/admin/users", Some(&second)).await;
    assert_eq!(after.status, StatusCode::SEE_OTHER);
    assert_eq!(after.location(), Some("/login?next=%2Fadmin%2Fusers"));
}

#[sqlx::test(migrations = "../migrations")]
async fn plain_form_sign_in_works_without_javascript(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let form = |body: &str| {
        Request::post(login_path())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::ORIGIN, ORIGIN)
            .header(header::REFERER, format!("{ORIGIN}/portal/login"))
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    let ok = app
        .send(form("login=ahmad&password=simpul-demo&next="))
        .await;
    assert!(ok.status.is_redirection(), "{}", ok.status);
    assert_eq!(ok.location(), Some("/portal/home"));
    assert!(ok.session_cookie().is_some());

    let bad = app
        .send(form("login=ahmad&password=nope-nope-nope&next="))
        .await;
    assert!(bad.status.is_redirection());
    let back = bad.location().unwrap_or_default();
    assert!(
        back.starts_with(&format!("{ORIGIN}/portal/login")) && back.contains("__err="),
        "{back}"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn next_is_followed_only_when_local_and_allowed(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let target = |body: &str| {
        let app = &app;
        let body = body.to_owned();
        async move { app.call(login_path(), &body, None).await.body }
    };
    assert_eq!(
        target("login=admin&password=simpul-demo&next=%2Fadmin%2Faudit").await,
        "\"/admin/audit\""
    );
    assert_eq!(
        target("login=admin&password=simpul-demo&next=%2F%2Fevil.example").await,
        "\"/\""
    );
    assert_eq!(
        target("login=tech1&password=simpul-demo&next=%2Fadmin%2Fusers").await,
        "\"/tech\""
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn health_and_metrics(pool: PgPool) {
    let app = TestApp::with_env(pool, &[("SIMPUL_METRICS_TOKEN", "scrape-me")]).await;
    let health = app.get("/healthz", None).await;
    assert_eq!(health.status, StatusCode::OK);
    assert!(health.body.contains("\"database\":\"ok\""));

    app.get("/login", None).await;
    assert_eq!(
        app.get("/metrics", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let agent = app.login("agent1").await;
    assert_eq!(
        app.get("/metrics", Some(&agent)).await.status,
        StatusCode::FORBIDDEN
    );
    let admin = app.login("admin").await;
    assert_eq!(
        app.get("/metrics", Some(&admin)).await.status,
        StatusCode::OK
    );
    let scraped = app
        .send(
            Request::get("/metrics")
                .header(header::AUTHORIZATION, "Bearer scrape-me")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(scraped.status, StatusCode::OK);
    assert!(scraped
        .body
        .contains("simpul_http_requests_total{method=\"GET\",route=\"/login\",status=\"200\"}"));
    assert!(scraped
        .body
        .contains("simpul_http_request_duration_seconds_bucket"));
    assert!(scraped
        .body
        .contains("simpul_db_pool_connections{state=\"idle\"}"));
}

#[sqlx::test(migrations = "../migrations")]
async fn language_follows_cookie_then_account(pool: PgPool) {
    let app = TestApp::new(pool).await;
    let indonesian = app.get("/login", None).await;
    assert!(indonesian.body.contains("lang=\"id\""));
    assert!(indonesian.body.contains("Kata sandi"));
    let english = app.get("/login", Some("simpul_lang=en")).await;
    assert!(english.body.contains("lang=\"en\"") && english.body.contains("Password"));

    let cookie = app.login("finance").await;
    let reply = app
        .call(SetLanguage::PATH, "locale=En", Some(&cookie))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let stored: String = sqlx::query_scalar("SELECT locale FROM users WHERE username = 'finance'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, "en", "the choice sticks to the account");
    let page = app.get("/account", Some(&cookie)).await;
    assert!(page.body.contains("My account"));
}

#[sqlx::test(migrations = "../migrations")]
async fn unknown_pages_get_the_404_page(pool: PgPool) {
    let app = TestApp::new(pool).await;
    // Unlisted pages are staff-only: strangers are sent to sign in, staff see the 404 page.
    let anonymous = app.get("/no-such-page", None).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    let cookie = app.login("agent2").await;
    let staff = app.get("/no-such-page", Some(&cookie)).await;
    assert_eq!(staff.status, StatusCode::NOT_FOUND);
    assert!(
        staff.body.contains("Halaman tidak ditemukan (404)"),
        "{}",
        staff.body
    );
    let signed_in = app.get("/admin/nothing-here", Some(&cookie)).await;
    assert_eq!(
        signed_in.status,
        StatusCode::FORBIDDEN,
        "admin paths are refused before 404"
    );
    let dotted = app.get("/admin/users/1.", Some(&cookie)).await;
    assert_eq!(
        dotted.status,
        StatusCode::FORBIDDEN,
        "a dot does not skip the access check"
    );
    let missing_asset = app.get("/pkg/missing.js", None).await;
    assert_eq!(missing_asset.status, StatusCode::NOT_FOUND);
}

fn multipart_upload(
    ticket: i64,
    cookie: Option<&str>,
    filename: &str,
    bytes: &[u8],
) -> Request<Body> {
    multipart_to(
        &format!("/api/tickets/{ticket}/attachments"),
        cookie,
        filename,
        bytes,
    )
}

fn multipart_to(url: &str, cookie: Option<&str>, filename: &str, bytes: &[u8]) -> Request<Body> {
    let boundary = "simpulTestBoundary7MA4YWxk";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut builder = Request::post(url)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .header(header::ORIGIN, ORIGIN);
    if let Some(cookie) = cookie {
        builder = builder.header(header::COOKIE, cookie);
    }
    builder.body(Body::from(body)).unwrap()
}

async fn ticket_titled(pool: &PgPool, title: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM tickets WHERE title = $1")
        .bind(title)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Files are typed by their bytes, limited in size and guarded like the ticket they belong to.
#[sqlx::test(migrations = "../migrations")]
async fn attachments_are_typed_by_content_and_guarded_like_their_ticket(pool: PgPool) {
    let dir = std::env::temp_dir().join(format!("simpul-test-{}", std::process::id()));
    let dir_text = dir.to_string_lossy().into_owned();
    let app = TestApp::with_env(
        pool.clone(),
        &[
            ("SIMPUL_DATA_DIR", &dir_text),
            ("SIMPUL_ATTACHMENT_MAX_MB", "1"),
        ],
    )
    .await;
    let billing = ticket_titled(&pool, "Tagihan bulan ini tertagih dua kali").await;
    let field = ticket_titled(&pool, "Internet mati total sejak pagi").await;
    let agent = app.login("agent1").await;
    let tech = app.login("tech1").await;
    let png = [
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R',
    ];

    let stored = app
        .send(multipart_upload(
            billing,
            Some(&agent),
            "../bukti transfer.png",
            &png,
        ))
        .await;
    assert_eq!(stored.status, StatusCode::CREATED, "{}", stored.body);
    let view: serde_json::Value = serde_json::from_str(&stored.body).unwrap();
    assert_eq!(view["content_type"], "image/png");
    assert_eq!(view["filename"], "bukti transfer.png");
    let url = format!("/api/attachments/{}", view["id"]);

    let download = app.get(&url, Some(&agent)).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(download.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(download.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("inline"));
    // A technician outside the ticket's group cannot tell the file exists.
    assert_eq!(
        app.get(&url, Some(&tech)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get(&url, None).await.status, StatusCode::UNAUTHORIZED);
    let finance = app.login("finance").await;
    assert_eq!(
        app.get(&url, Some(&finance)).await.status,
        StatusCode::FORBIDDEN
    );

    let disguised = b"<html><body><script>alert(document.cookie)</script></body></html>";
    let refused = app
        .send(multipart_upload(
            billing,
            Some(&agent),
            "foto.png",
            disguised,
        ))
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "{}",
        refused.body
    );
    let big = vec![b'a'; 1024 * 1024 + 10];
    let too_big = app
        .send(multipart_upload(billing, Some(&agent), "log.txt", &big))
        .await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    let not_theirs = app
        .send(multipart_upload(
            billing,
            Some(&tech),
            "log.txt",
            b"ping ok",
        ))
        .await;
    assert_eq!(not_theirs.status, StatusCode::NOT_FOUND);
    // On a ticket of their group the technician may attach.
    let theirs = app
        .send(multipart_upload(
            field,
            Some(&tech),
            "redaman.txt",
            b"-27 dBm",
        ))
        .await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{}", theirs.body);

    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM ticket_attachments")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, 2, "refused uploads leave nothing behind");
    let _ = std::fs::remove_dir_all(dir);
}

/// The KTP photo: staff who edit customers upload it, staff who see customers view it, and
/// no customer can fetch it, not even their own.
#[sqlx::test(migrations = "../migrations")]
async fn id_photos_are_images_or_pdfs_seen_only_by_staff(pool: PgPool) {
    let dir = std::env::temp_dir().join(format!("simpul-ktp-{}", std::process::id()));
    let dir_text = dir.to_string_lossy().into_owned();
    let app = TestApp::with_env(pool.clone(), &[("SIMPUL_DATA_DIR", &dir_text)]).await;
    let (customer, user): (i64, i64) = sqlx::query_as(
        "SELECT c.id, c.user_id FROM customers c JOIN users u ON u.id = c.user_id
         WHERE u.username = 'budi'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(user > 0);
    let url = format!("/api/customers/{customer}/id-photo");
    let agent = app.login("agent1").await;
    let finance = app.login("finance").await;
    let budi = app.login("budi").await;
    let jpeg = [
        0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0, 1,
    ];

    assert_eq!(
        app.get(&url, Some(&agent)).await.status,
        StatusCode::NOT_FOUND,
        "none yet"
    );
    let text = app
        .send(multipart_to(&url, Some(&agent), "ktp.jpg", b"bukan foto"))
        .await;
    assert_eq!(
        text.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "{}",
        text.body
    );
    for (who, status) in [
        (Some(&finance), StatusCode::FORBIDDEN),
        (Some(&budi), StatusCode::FORBIDDEN),
        (None, StatusCode::UNAUTHORIZED),
    ] {
        let reply = app
            .send(multipart_to(
                &url,
                who.map(|c| c.as_str()),
                "ktp.jpg",
                &jpeg,
            ))
            .await;
        assert_eq!(reply.status, status);
    }
    // Another site cannot make a signed-in agent's browser upload one.
    let mut forged = multipart_to(&url, Some(&agent), "ktp.jpg", &jpeg);
    forged
        .headers_mut()
        .insert(header::ORIGIN, "https://jahat.example".parse().unwrap());
    assert_eq!(app.send(forged).await.status, StatusCode::FORBIDDEN);
    let stored = app
        .send(multipart_to(&url, Some(&agent), "KTP Budi.jpg", &jpeg))
        .await;
    assert_eq!(stored.status, StatusCode::NO_CONTENT, "{}", stored.body);
    let missing = app
        .send(multipart_to(
            "/api/customers/999999/id-photo",
            Some(&agent),
            "ktp.jpg",
            &jpeg,
        ))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    let seen = app.get(&url, Some(&finance)).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.headers[header::CONTENT_TYPE], "image/jpeg");
    assert!(seen.headers[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("no-store"));
    assert_eq!(
        app.get(&url, Some(&budi)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get(&url, None).await.status, StatusCode::UNAUTHORIZED);

    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'customer.id_photo' AND entity_id = $1",
    )
    .bind(customer.to_string())
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
    let _ = std::fs::remove_dir_all(dir);
}

/// The demo ISP comes with months of billing: Yohana is isolated for her unpaid month, and
/// finance recording her payment through the server function brings the line back at once
/// (the router is told through the outbox).
#[sqlx::test(migrations = "../migrations")]
async fn the_demo_bills_and_a_payment_restores_the_isolated_line(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let (status, reason, customer_id, due): (String, String, i64, i64) = sqlx::query_as(
        "SELECT s.status, s.status_reason, s.customer_id,
                (SELECT sum(amount_due)::bigint FROM invoices i WHERE i.customer_id = s.customer_id)
         FROM subscriptions s WHERE s.username = 'yohana'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(status, "isolated");
    assert!(
        reason.starts_with("Tagihan ") && reason.ends_with(" belum dibayar"),
        "{reason}"
    );
    assert!(due > 0);
    let budi: String = sqlx::query_scalar(
        "SELECT i.status FROM invoices i JOIN subscriptions s ON s.id = i.subscription_id
         WHERE s.username = 'budi' ORDER BY i.period_start DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(budi, "partially_paid");
    // A second seed (a restart) bills nothing twice.
    let invoices: i64 = sqlx::query_scalar("SELECT count(*) FROM invoices")
        .fetch_one(&pool)
        .await
        .unwrap();
    server::seed::seed_demo(&pool, &app::secrets::SecretBox::from_key([7; 32]), 1, 0)
        .await
        .unwrap();
    let again: i64 = sqlx::query_scalar("SELECT count(*) FROM invoices")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(invoices, again);

    let finance = app.login("finance").await;
    let body = format!("draft[customer_id]={customer_id}&draft[method]=Cash&draft[amount]={due}");
    let reply = app.call(RecordPayment::PATH, &body, Some(&finance)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let status: String =
        sqlx::query_scalar("SELECT status FROM subscriptions WHERE username = 'yohana'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(status, "active");
    let receipt: String = sqlx::query_scalar(
        "SELECT number FROM payments WHERE customer_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(customer_id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(receipt.starts_with("KW/"), "{receipt}");
}

/// A customer reads only their own issued invoices: another customer's, or a draft of
/// their own, answers 404 like a missing one.
#[sqlx::test(migrations = "../migrations")]
async fn customers_read_only_their_own_issued_invoices(pool: PgPool) {
    let app = TestApp::new(pool.clone()).await;
    let invoice_of = |user: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT i.id FROM invoices i JOIN customers c ON c.id = i.customer_id
                 JOIN users u ON u.id = c.user_id WHERE u.username = $1 ORDER BY i.id LIMIT 1",
            )
            .bind(user)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let (own, other) = (invoice_of("ahmad").await, invoice_of("budi").await);
    let ahmad = app.login("ahmad").await;
    let reply = app
        .call(MyInvoice::PATH, &format!("id={own}"), Some(&ahmad))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("INV/"));
    let reply = app
        .call(MyInvoice::PATH, &format!("id={other}"), Some(&ahmad))
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // A draft batch for next month stays with finance.
    sqlx::query("UPDATE billing_settings SET auto_issue = false")
        .execute(&pool)
        .await
        .unwrap();
    let next = app::billing::server::settings::today() + chrono::Months::new(2);
    app::billing::server::run::run(
        &pool,
        &app::request::Actor::system(),
        next,
        app::billing::server::run::RunMode::Preview,
    )
    .await
    .unwrap();
    let draft: i64 = sqlx::query_scalar(
        "SELECT i.id FROM invoices i JOIN customers c ON c.id = i.customer_id
         JOIN users u ON u.id = c.user_id WHERE u.username = 'ahmad' AND i.status = 'draft' LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let reply = app
        .call(MyInvoice::PATH, &format!("id={draft}"), Some(&ahmad))
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let listed = app.call(MyBilling::PATH, "", Some(&ahmad)).await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(!listed.body.contains("\"Draft\""), "{}", listed.body);
}
