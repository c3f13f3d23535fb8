//! Which page needs what. The server enforces this table before rendering any page (so a
//! refused page never reaches the browser with private data) and the layouts use the same
//! table to decide between the page and the 403 view. Server functions check their own
//! permission; this table only guards page routes.

use super::model::{Permission, SessionUser};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requirement {
    /// Anyone, signed in or not.
    Public,
    /// A signed-in user holding this permission.
    Permission(Permission),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Not signed in: send to this login page, then back.
    SignIn {
        login_path: &'static str,
    },
    /// Signed in without the permission: 403.
    Forbid,
}

/// Public pages of the staff and technician side.
const PUBLIC_PATHS: [&str; 4] = ["/login", "/forgot-password", "/reset-password", "/isolir"];
/// Public pages of the portal; they must work without JavaScript.
const PUBLIC_PORTAL_PATHS: [&str; 3] = ["/portal", "/portal/login", "/portal/coverage"];

/// Page prefixes with their permission, most specific first.
const GUARDED: [(&str, Permission); 21] = [
    ("/admin/users", Permission::ManageUsers),
    ("/admin/catalog", Permission::ManageServiceDesk),
    ("/admin/desk", Permission::ManageServiceDesk),
    ("/admin/audit", Permission::ViewAuditLog),
    ("/admin/outbox", Permission::ViewOutbox),
    ("/admin/provisioning", Permission::ManageNetwork),
    ("/admin/billing", Permission::ManageBillingSettings),
    ("/admin/field", Permission::ManageFieldSettings),
    ("/admin", Permission::ManageUsers),
    ("/tech", Permission::UseTechArea),
    ("/portal", Permission::UsePortal),
    ("/account", Permission::UseStaffArea),
    // Staff ticket screens; technicians get theirs in the technician app.
    ("/tickets", Permission::ViewAllTickets),
    ("/catalog", Permission::ViewAllTickets),
    ("/approvals", Permission::DecideApprovals),
    // Routers; editing them is checked by each server function (ManageNetwork).
    ("/network", Permission::ViewNetwork),
    // Customers, their lines and the plans; changing them is checked by each server fn.
    ("/customers", Permission::ViewCustomers),
    ("/subscriptions", Permission::ViewCustomers),
    ("/plans", Permission::ViewCustomers),
    // Invoices, payments and runs; changing them is checked by each server fn.
    ("/billing", Permission::ViewBilling),
    // Work orders and dispatch; changing them is checked by each server fn.
    ("/field", Permission::ViewWorkOrders),
];

fn under(path: &str, prefix: &str) -> bool {
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

pub fn requirement_for(path: &str) -> Requirement {
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let path = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    if PUBLIC_PATHS.contains(&path) || PUBLIC_PORTAL_PATHS.contains(&path) {
        return Requirement::Public;
    }
    // Documents decide for themselves: staff, the customer they belong to, or a signed
    // link from a message (server/src/routes/documents.rs).
    if path.starts_with("/documents/") {
        return Requirement::Public;
    }
    if path == "/" {
        return Requirement::Permission(Permission::UseStaffArea);
    }
    // The CMDB's forms: everyone who sees the network reads the CIs, planners edit them.
    if path == "/network/cis/new"
        || path == "/network/cis/import"
        || (under(path, "/network/cis") && path.ends_with("/edit"))
    {
        return Requirement::Permission(Permission::ManagePlant);
    }
    if let Some((_, permission)) = GUARDED.iter().find(|(prefix, _)| under(path, prefix)) {
        return Requirement::Permission(*permission);
    }
    // Static files (favicon.svg, robots.txt) sit at the root and are public.
    if path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
    {
        return Requirement::Public;
    }
    // Deny by default: a page nobody listed is staff-only, never public by accident.
    Requirement::Permission(Permission::UseStaffArea)
}

/// The login page that fits the area a path belongs to.
pub fn login_path_for(path: &str) -> &'static str {
    if under(path.split('?').next().unwrap_or(""), "/portal") {
        "/portal/login"
    } else {
        "/login"
    }
}

pub fn decide(path: &str, user: Option<&SessionUser>) -> Decision {
    match (requirement_for(path), user) {
        (Requirement::Public, _) => Decision::Allow,
        (Requirement::Permission(_), None) => Decision::SignIn {
            login_path: login_path_for(path),
        },
        (Requirement::Permission(p), Some(user)) if user.can(p) => Decision::Allow,
        (Requirement::Permission(_), Some(_)) => Decision::Forbid,
    }
}

/// A local path that is safe to redirect to after sign-in, rejecting open redirects such as
/// `//evil.example` or `/\evil.example`.
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let next = next?.trim();
    let local = next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\");
    let clean = !next.chars().any(|c| c.is_control());
    (local && clean).then(|| next.to_owned())
}

/// `/login?next=/admin/users`
pub fn login_redirect(login_path: &str, next: &str) -> String {
    format!("{login_path}?next={}", crate::url::encode(next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::model::{Role, UserId};

    fn user(roles: &[Role]) -> SessionUser {
        SessionUser {
            id: UserId(1),
            username: "u".into(),
            email: "u@example.test".into(),
            full_name: "U".into(),
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn public_pages_need_nobody() {
        for path in [
            "/login",
            "/login/",
            "/forgot-password",
            "/portal",
            "/portal/login?next=/x",
            "/portal/coverage?at=-6.2,106.8",
        ] {
            assert_eq!(requirement_for(path), Requirement::Public, "{path}");
        }
    }

    #[test]
    fn prefixes_match_whole_segments_only() {
        let staff = Requirement::Permission(Permission::UseStaffArea);
        assert_eq!(requirement_for("/administrator"), staff, "not under /admin");
        assert_eq!(
            requirement_for("/portal/home"),
            Requirement::Permission(Permission::UsePortal)
        );
        assert_eq!(requirement_for("/portalx"), staff, "not under /portal");
        assert_eq!(
            requirement_for("/admin/audit?action=x"),
            Requirement::Permission(Permission::ViewAuditLog)
        );
    }

    #[test]
    fn unlisted_pages_are_denied_by_default_but_root_files_are_public() {
        let staff = Requirement::Permission(Permission::UseStaffArea);
        assert_eq!(requirement_for("/reports"), staff);
        assert_eq!(requirement_for("/favicon.svg"), Requirement::Public);
        // A dot does not open a guarded page.
        assert_eq!(
            requirement_for("/admin/users/1."),
            Requirement::Permission(Permission::ManageUsers)
        );
    }

    #[test]
    fn decisions_by_role() {
        let customer = user(&[Role::Customer]);
        let tech = user(&[Role::Technician]);
        let admin = user(&[Role::Admin]);
        assert_eq!(decide("/", Some(&customer)), Decision::Forbid);
        assert_eq!(decide("/tech", Some(&admin)), Decision::Forbid);
        assert_eq!(decide("/tech/account", Some(&tech)), Decision::Allow);
        assert_eq!(decide("/admin/users", Some(&admin)), Decision::Allow);
        assert_eq!(
            decide("/portal/home", None),
            Decision::SignIn {
                login_path: "/portal/login"
            }
        );
        assert_eq!(
            decide("/admin/users/3", None),
            Decision::SignIn {
                login_path: "/login"
            }
        );
    }

    #[test]
    fn next_must_be_local() {
        assert_eq!(
            safe_next(Some("/admin/users?x=1")),
            Some("/admin/users?x=1".into())
        );
        assert_eq!(safe_next(Some("//evil.example")), None);
        assert_eq!(safe_next(Some("/\\evil.example")), None);
        assert_eq!(safe_next(Some("https://evil.example")), None);
        assert_eq!(safe_next(Some("/a\nb")), None);
        assert_eq!(safe_next(None), None);
    }

    #[test]
    fn login_redirect_encodes_the_target() {
        assert_eq!(
            login_redirect("/login", "/admin/audit?a=b c"),
            "/login?next=%2Fadmin%2Faudit%3Fa%3Db%20c"
        );
    }
}
