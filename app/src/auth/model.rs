//! Roles, permissions and the signed-in user. Permissions derive from roles here and only here.

use crate::format::TimeZone;
use crate::i18n::{Locale, Msg};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

impl std::fmt::Display for UserId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Supervisor,
    Agent,
    Technician,
    Finance,
    /// A subscriber using the self-service portal; never combined with staff roles.
    Customer,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::Supervisor,
        Role::Agent,
        Role::Technician,
        Role::Finance,
        Role::Customer,
    ];
    pub const STAFF: [Role; 5] = [
        Role::Admin,
        Role::Supervisor,
        Role::Agent,
        Role::Technician,
        Role::Finance,
    ];

    /// The name stored in the database (`users.roles`).
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Supervisor => "supervisor",
            Role::Agent => "agent",
            Role::Technician => "technician",
            Role::Finance => "finance",
            Role::Customer => "customer",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            Role::Admin => Msg::RoleAdmin,
            Role::Supervisor => Msg::RoleSupervisor,
            Role::Agent => Msg::RoleAgent,
            Role::Technician => Msg::RoleTechnician,
            Role::Finance => Msg::RoleFinance,
            Role::Customer => Msg::RoleCustomer,
        }
    }

    pub fn is_staff(self) -> bool {
        self != Role::Customer
    }

    /// What this role may do. Later domains add their permissions here.
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::Admin => &[
                UseStaffArea,
                ManageUsers,
                ViewAuditLog,
                ViewOutbox,
                ViewUserStats,
                ViewAllTickets,
                WorkTickets,
                ManageServiceDesk,
                ViewNetwork,
                ManageNetwork,
                ViewCustomers,
                ManageCustomers,
                ManagePlans,
                ViewBilling,
                ManageBilling,
                ManageBillingSettings,
                ManagePlant,
                ViewWorkOrders,
                RequestWorkOrders,
                DispatchWorkOrders,
                ManageFieldSettings,
            ],
            Role::Supervisor => &[
                UseStaffArea,
                ViewUserStats,
                ViewAllTickets,
                WorkTickets,
                DecideApprovals,
                ViewNetwork,
                ManagePlant,
                ViewCustomers,
                ManageCustomers,
                ViewBilling,
                ViewWorkOrders,
                RequestWorkOrders,
                DispatchWorkOrders,
            ],
            // Agents see whether a customer's router is up before they promise anything,
            // and sign customers up.
            Role::Agent => &[
                UseStaffArea,
                ViewAllTickets,
                WorkTickets,
                ViewNetwork,
                ViewCustomers,
                ManageCustomers,
                ViewBilling,
                ViewWorkOrders,
                RequestWorkOrders,
            ],
            Role::Finance => &[
                UseStaffArea,
                DecideApprovals,
                ViewCustomers,
                ViewBilling,
                ManageBilling,
            ],
            // Technicians work the tickets of their groups and their own (see TicketScope).
            Role::Technician => &[UseTechArea, WorkTickets, DoFieldWork],
            Role::Customer => &[UsePortal],
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// The staff UI at `/` (service desk, NOC, finance screens).
    UseStaffArea,
    /// The technician PWA at `/tech`.
    UseTechArea,
    /// The customer portal at `/portal`.
    UsePortal,
    ManageUsers,
    ViewAuditLog,
    ViewOutbox,
    /// Head-counts of accounts and sign-ins on the dashboard.
    ViewUserStats,
    /// See every ticket; without it staff see only tickets of their groups or their own.
    ViewAllTickets,
    /// Create, update, comment on and move the tickets one can see.
    WorkTickets,
    /// Configure the desk: groups, categories, priority matrix, calendars, SLA policies,
    /// the service catalog.
    ManageServiceDesk,
    /// Approve or reject catalog requests at the steps addressed to one's role.
    DecideApprovals,
    /// See routers (NAS), their status and what they report live.
    ViewNetwork,
    /// Add and edit routers, test connections, run read-only router commands; work the
    /// provisioning outbox, fix drift and import secrets from routers.
    ManageNetwork,
    /// See customers, their lines, plans and provisioning status.
    ViewCustomers,
    /// Sign customers up, edit them and their lines, isolate, restore, suspend, terminate.
    ManageCustomers,
    /// Create and edit service plans (prices, speeds, which routers offer them).
    ManagePlans,
    /// See invoices, payments, customers' balances and billing runs.
    ViewBilling,
    /// Record and reverse payments, cancel invoices with credit notes, add charges, give
    /// promises to pay, run billing and issue its batches.
    ManageBilling,
    /// The ISP's identity on documents, tax, number formats and billing defaults.
    ManageBillingSettings,
    /// Record the network plant in the CMDB: add and edit CIs and their relations.
    ManagePlant,
    /// See work orders, their evidence and history.
    ViewWorkOrders,
    /// Open work orders (an installation for a new line, a repair for an incident).
    RequestWorkOrders,
    /// Give work orders a technician and a window, reschedule and cancel them.
    DispatchWorkOrders,
    /// Edit the checklists and required evidence of each kind of order.
    ManageFieldSettings,
    /// Work one's own orders in the technician app: move them, tick, record evidence.
    DoFieldWork,
}

/// Whether any of `roles` grants `permission`.
pub fn roles_grant(roles: &[Role], permission: Permission) -> bool {
    roles.iter().any(|r| r.permissions().contains(&permission))
}

/// Checks the rule that customers hold exactly the customer role and staff hold staff roles.
pub fn roles_are_consistent(roles: &[Role]) -> Result<(), Msg> {
    if roles.is_empty() {
        return Err(Msg::ValRolesRequired);
    }
    if roles.contains(&Role::Customer) && roles.len() > 1 {
        return Err(Msg::ValCustomerRoleExclusive);
    }
    Ok(())
}

/// The signed-in user as the browser sees it; no secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub id: UserId,
    pub username: String,
    pub email: String,
    pub full_name: String,
    pub roles: Vec<Role>,
}

impl SessionUser {
    pub fn can(&self, permission: Permission) -> bool {
        roles_grant(&self.roles, permission)
    }

    pub fn is_customer(&self) -> bool {
        self.roles.contains(&Role::Customer)
    }

    /// Where this user lands after signing in when no other page was requested.
    pub fn home_path(&self) -> &'static str {
        if self.can(Permission::UseStaffArea) {
            "/"
        } else if self.can(Permission::UseTechArea) {
            "/tech"
        } else {
            "/portal/home"
        }
    }
}

/// What every page knows from the first byte: who is signed in and how to show things.
/// Rendered into the page head by the server and read back by the browser before hydration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: Option<SessionUser>,
    pub locale: Locale,
    pub time_zone: TimeZone,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_reaches_exactly_its_area() {
        let area = |roles: &[Role]| {
            (
                roles_grant(roles, Permission::UseStaffArea),
                roles_grant(roles, Permission::UseTechArea),
                roles_grant(roles, Permission::UsePortal),
            )
        };
        assert_eq!(area(&[Role::Admin]), (true, false, false));
        assert_eq!(area(&[Role::Supervisor]), (true, false, false));
        assert_eq!(area(&[Role::Agent]), (true, false, false));
        assert_eq!(area(&[Role::Finance]), (true, false, false));
        assert_eq!(area(&[Role::Technician]), (false, true, false));
        assert_eq!(area(&[Role::Customer]), (false, false, true));
        assert_eq!(area(&[Role::Agent, Role::Technician]), (true, true, false));
    }

    #[test]
    fn only_admins_manage_users_and_read_the_audit_log() {
        for role in Role::ALL {
            let admin = role == Role::Admin;
            assert_eq!(
                roles_grant(&[role], Permission::ManageUsers),
                admin,
                "{role:?}"
            );
            assert_eq!(
                roles_grant(&[role], Permission::ViewAuditLog),
                admin,
                "{role:?}"
            );
            assert_eq!(
                roles_grant(&[role], Permission::ViewOutbox),
                admin,
                "{role:?}"
            );
        }
        assert!(!roles_grant(&[], Permission::UseStaffArea));
    }

    #[test]
    fn customers_cannot_hold_staff_roles() {
        assert_eq!(roles_are_consistent(&[]), Err(Msg::ValRolesRequired));
        assert_eq!(
            roles_are_consistent(&[Role::Customer, Role::Agent]),
            Err(Msg::ValCustomerRoleExclusive)
        );
        assert_eq!(roles_are_consistent(&[Role::Customer]), Ok(()));
        assert_eq!(roles_are_consistent(&[Role::Admin, Role::Finance]), Ok(()));
    }

    #[test]
    fn role_codes_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert_eq!(Role::from_code("root"), None);
    }

    #[test]
    fn home_path_prefers_staff_then_tech() {
        let user = |roles: Vec<Role>| SessionUser {
            id: UserId(1),
            username: "u".into(),
            email: "u@example.test".into(),
            full_name: "U".into(),
            roles,
        };
        assert_eq!(user(vec![Role::Technician, Role::Agent]).home_path(), "/");
        assert_eq!(user(vec![Role::Technician]).home_path(), "/tech");
        assert_eq!(user(vec![Role::Customer]).home_path(), "/portal/home");
    }
}
