//! What a router should hold, computed from Simpul's records. Pure: the loaders in
//! `state.rs` fetch the inputs (all of a router's, or only those one outbox row touches) and
//! this module decides, so reconciliation and the worker can never disagree.

use crate::plans::model::{format_rate, Burst, ConnectionType, Rates};
use crate::provisioning::model::ObjectKind;
use crate::subscriptions::model::SubscriptionStatus;

/// The comment prefix that marks an object as Simpul's. Objects without it are left alone.
pub const OWNER_TAG: &str = "simpul:";

/// How a router isolates lines (`nas.isolir_mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IsolirMode {
    /// Move the line to the isolir profile (whose `address-list` names the isolir list).
    Profile,
    /// Keep the line's profile and list its fixed address in the isolir address-list;
    /// lines without a fixed address still move to the isolir profile.
    AddressList,
}

impl IsolirMode {
    pub fn parse(text: &str) -> Self {
        if text == "address_list" {
            IsolirMode::AddressList
        } else {
            IsolirMode::Profile
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NasSettings {
    pub id: i64,
    pub isolir_mode: IsolirMode,
    pub isolir_profile: String,
    pub isolir_pool: String,
    pub isolir_rate_limit: String,
    pub isolir_address_list: String,
}

/// A plan as a router needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanFacts {
    pub id: i64,
    pub connection_type: ConnectionType,
    pub profile_name: String,
    pub rates: Rates,
    pub burst: Option<Burst>,
    pub address_pool: String,
}

/// A subscription as a router needs it (password already opened).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineFacts {
    pub id: i64,
    pub customer_code: String,
    pub connection_type: ConnectionType,
    pub username: String,
    pub password: String,
    pub static_ip: Option<String>,
    pub status: SubscriptionStatus,
    pub plan: PlanFacts,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DesiredInputs {
    /// Plans offered on the router or used by one of its lines.
    pub plans: Vec<PlanFacts>,
    /// Lines on the router that are not terminated.
    pub lines: Vec<LineFacts>,
    /// Whether the router serves PPPoE / hotspot at all (then it needs the isolir profile).
    pub uses_ppp: bool,
    pub uses_hotspot: bool,
}

/// One object as Simpul wants it on a router.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouterObject {
    pub kind: ObjectKind,
    pub key: String,
    /// Properties Simpul manages, in the order they are written. Every other property is
    /// left as the router has it.
    pub attrs: Vec<(&'static str, String)>,
}

impl RouterObject {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

pub fn plan_comment(plan_id: i64) -> String {
    format!("{OWNER_TAG}plan:{plan_id}")
}

pub fn isolir_comment() -> String {
    format!("{OWNER_TAG}isolir")
}

pub fn line_comment(line: &LineFacts) -> String {
    format!("{OWNER_TAG}sub:{} {}", line.id, line.customer_code)
}

/// Whether a router comment marks the object as Simpul's.
pub fn owned(comment: Option<&str>) -> bool {
    comment.is_some_and(|c| c.starts_with(OWNER_TAG))
}

/// The subscription id in a Simpul comment (`simpul:sub:42 CUST-00001`).
pub fn comment_subscription(comment: &str) -> Option<i64> {
    comment
        .strip_prefix(OWNER_TAG)?
        .strip_prefix("sub:")?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_owned()
}

fn profile_object(kind: ObjectKind, plan: &PlanFacts) -> RouterObject {
    let rate = crate::plans::model::rate_limit(plan.rates, plan.burst);
    let pool_property = if kind == ObjectKind::PppProfile {
        "remote-address"
    } else {
        "address-pool"
    };
    let mut attrs = vec![("name", plan.profile_name.clone()), ("rate-limit", rate)];
    if !plan.address_pool.is_empty() {
        attrs.push((pool_property, plan.address_pool.clone()));
    }
    attrs.push(("comment", plan_comment(plan.id)));
    RouterObject {
        kind,
        key: plan.profile_name.clone(),
        attrs,
    }
}

fn isolir_profile(kind: ObjectKind, nas: &NasSettings) -> RouterObject {
    let mut attrs = vec![
        ("name", nas.isolir_profile.clone()),
        ("rate-limit", nas.isolir_rate_limit.clone()),
    ];
    if !nas.isolir_pool.is_empty() {
        let pool_property = if kind == ObjectKind::PppProfile {
            "remote-address"
        } else {
            "address-pool"
        };
        attrs.push((pool_property, nas.isolir_pool.clone()));
    }
    attrs.push(("address-list", nas.isolir_address_list.clone()));
    attrs.push(("comment", isolir_comment()));
    RouterObject {
        kind,
        key: nas.isolir_profile.clone(),
        attrs,
    }
}

/// Whether an isolated line is listed in the address-list rather than moved to the isolir
/// profile: static lines always (they have no profile), others when the router is set so
/// and the line has a fixed address.
fn isolated_by_address_list(nas: &NasSettings, line: &LineFacts) -> bool {
    line.connection_type == ConnectionType::Static
        || (nas.isolir_mode == IsolirMode::AddressList && line.static_ip.is_some())
}

fn line_objects(nas: &NasSettings, line: &LineFacts, out: &mut Vec<RouterObject>) {
    if !line.status.on_router() {
        return;
    }
    let disabled = yes_no(!line.status.enabled_on_router());
    let isolated = line.status == SubscriptionStatus::Isolated;
    let by_list = isolated_by_address_list(nas, line);
    let profile = if isolated && !by_list {
        nas.isolir_profile.clone()
    } else {
        line.plan.profile_name.clone()
    };
    let comment = line_comment(line);
    let primary = match line.connection_type {
        ConnectionType::Pppoe => {
            let mut attrs = vec![
                ("name", line.username.clone()),
                ("password", line.password.clone()),
                ("service", "pppoe".to_owned()),
                ("profile", profile),
            ];
            if let Some(ip) = &line.static_ip {
                attrs.push(("remote-address", ip.clone()));
            }
            attrs.push(("disabled", disabled));
            attrs.push(("comment", comment.clone()));
            RouterObject {
                kind: ObjectKind::PppSecret,
                key: line.username.clone(),
                attrs,
            }
        }
        ConnectionType::Hotspot => {
            let mut attrs = vec![
                ("name", line.username.clone()),
                ("password", line.password.clone()),
                ("profile", profile),
            ];
            if let Some(ip) = &line.static_ip {
                attrs.push(("address", ip.clone()));
            }
            attrs.push(("disabled", disabled));
            attrs.push(("comment", comment.clone()));
            RouterObject {
                kind: ObjectKind::HotspotUser,
                key: line.username.clone(),
                attrs,
            }
        }
        ConnectionType::Static => {
            let ip = line.static_ip.clone().unwrap_or_default();
            let pair = |up: i32, down: i32| format!("{}/{}", format_rate(up), format_rate(down));
            let plan = &line.plan;
            let mut attrs = vec![
                ("name", line.username.clone()),
                ("target", format!("{ip}/32")),
                (
                    "max-limit",
                    pair(plan.rates.upload_kbps, plan.rates.download_kbps),
                ),
            ];
            if let Some(b) = plan.burst {
                attrs.push(("burst-limit", pair(b.upload_kbps, b.download_kbps)));
                attrs.push((
                    "burst-threshold",
                    pair(b.threshold_upload_kbps, b.threshold_download_kbps),
                ));
                attrs.push(("burst-time", format!("{}s/{}s", b.time_secs, b.time_secs)));
            }
            attrs.push(("disabled", disabled));
            attrs.push(("comment", comment.clone()));
            RouterObject {
                kind: ObjectKind::SimpleQueue,
                key: line.username.clone(),
                attrs,
            }
        }
    };
    out.push(primary);
    if isolated && by_list {
        if let Some(ip) = &line.static_ip {
            out.push(RouterObject {
                kind: ObjectKind::AddressList,
                key: ip.clone(),
                attrs: vec![
                    ("list", nas.isolir_address_list.clone()),
                    ("address", ip.clone()),
                    ("comment", comment),
                ],
            });
        }
    }
}

/// Everything Simpul wants on one router for `inputs`, profiles first so that lines never
/// name a profile the router does not have yet.
pub fn desired_objects(nas: &NasSettings, inputs: &DesiredInputs) -> Vec<RouterObject> {
    let mut out = Vec::new();
    if inputs.uses_ppp {
        out.push(isolir_profile(ObjectKind::PppProfile, nas));
    }
    if inputs.uses_hotspot {
        out.push(isolir_profile(ObjectKind::HotspotProfile, nas));
    }
    for plan in &inputs.plans {
        // A plan may not take the isolir profile's name (checked when saving NAS and plans);
        // should it happen anyway, the isolir profile wins.
        if plan.profile_name == nas.isolir_profile {
            continue;
        }
        match plan.connection_type {
            ConnectionType::Pppoe => out.push(profile_object(ObjectKind::PppProfile, plan)),
            ConnectionType::Hotspot => out.push(profile_object(ObjectKind::HotspotProfile, plan)),
            ConnectionType::Static => {}
        }
    }
    for line in &inputs.lines {
        line_objects(nas, line, &mut out);
    }
    out
}

/// The objects of one subscription that outbox rows name: its user/queue, and the isolir
/// address-list entry for its fixed address (present or not).
pub fn line_keys(
    line_kind: ConnectionType,
    username: &str,
    static_ip: Option<&str>,
) -> Vec<(ObjectKind, String)> {
    let primary = match line_kind {
        ConnectionType::Pppoe => ObjectKind::PppSecret,
        ConnectionType::Hotspot => ObjectKind::HotspotUser,
        ConnectionType::Static => ObjectKind::SimpleQueue,
    };
    let mut keys = vec![(primary, username.to_owned())];
    if let Some(ip) = static_ip {
        keys.push((ObjectKind::AddressList, ip.to_owned()));
    }
    keys
}

/// The profile kind of a connection type (static lines have none).
pub fn profile_kind(connection: ConnectionType) -> Option<ObjectKind> {
    match connection {
        ConnectionType::Pppoe => Some(ObjectKind::PppProfile),
        ConnectionType::Hotspot => Some(ObjectKind::HotspotProfile),
        ConnectionType::Static => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nas(mode: IsolirMode) -> NasSettings {
        NasSettings {
            id: 1,
            isolir_mode: mode,
            isolir_profile: "simpul-isolir".into(),
            isolir_pool: "pool-isolir".into(),
            isolir_rate_limit: "512k/512k".into(),
            isolir_address_list: "isolir".into(),
        }
    }

    fn plan(connection_type: ConnectionType) -> PlanFacts {
        PlanFacts {
            id: 7,
            connection_type,
            profile_name: "simpul-20m".into(),
            rates: Rates {
                download_kbps: 20_000,
                upload_kbps: 10_000,
            },
            burst: None,
            address_pool: "pool-pppoe".into(),
        }
    }

    fn line(connection_type: ConnectionType, status: SubscriptionStatus) -> LineFacts {
        LineFacts {
            id: 42,
            customer_code: "CUST-00001".into(),
            connection_type,
            username: "ahmad00001".into(),
            password: "rahasia123".into(),
            static_ip: None,
            status,
            plan: plan(connection_type),
        }
    }

    fn inputs(lines: Vec<LineFacts>) -> DesiredInputs {
        DesiredInputs {
            plans: vec![plan(ConnectionType::Pppoe)],
            lines,
            uses_ppp: true,
            uses_hotspot: false,
        }
    }

    #[test]
    fn an_active_pppoe_line_is_a_secret_with_the_plan_profile() {
        let objects = desired_objects(
            &nas(IsolirMode::Profile),
            &inputs(vec![line(
                ConnectionType::Pppoe,
                SubscriptionStatus::Active,
            )]),
        );
        let kinds: Vec<_> = objects.iter().map(|o| (o.kind, o.key.as_str())).collect();
        assert_eq!(
            kinds,
            vec![
                (ObjectKind::PppProfile, "simpul-isolir"),
                (ObjectKind::PppProfile, "simpul-20m"),
                (ObjectKind::PppSecret, "ahmad00001"),
            ]
        );
        assert_eq!(objects[1].get("rate-limit"), Some("10M/20M"));
        assert_eq!(objects[1].get("remote-address"), Some("pool-pppoe"));
        assert_eq!(objects[1].get("comment"), Some("simpul:plan:7"));
        assert_eq!(objects[0].get("address-list"), Some("isolir"));
        let secret = &objects[2];
        assert_eq!(secret.get("profile"), Some("simpul-20m"));
        assert_eq!(secret.get("disabled"), Some("no"));
        assert_eq!(secret.get("service"), Some("pppoe"));
        assert_eq!(secret.get("comment"), Some("simpul:sub:42 CUST-00001"));
        assert_eq!(comment_subscription("simpul:sub:42 CUST-00001"), Some(42));
    }

    #[test]
    fn status_decides_profile_disabled_and_presence() {
        let n = nas(IsolirMode::Profile);
        let secret = |status| {
            desired_objects(&n, &inputs(vec![line(ConnectionType::Pppoe, status)]))
                .into_iter()
                .find(|o| o.kind == ObjectKind::PppSecret)
        };
        let pending = secret(SubscriptionStatus::PendingInstall).unwrap();
        assert_eq!(pending.get("disabled"), Some("yes"));
        let isolated = secret(SubscriptionStatus::Isolated).unwrap();
        assert_eq!(isolated.get("profile"), Some("simpul-isolir"));
        assert_eq!(isolated.get("disabled"), Some("no"));
        assert_eq!(
            secret(SubscriptionStatus::Suspended)
                .unwrap()
                .get("disabled"),
            Some("yes")
        );
        assert_eq!(secret(SubscriptionStatus::Terminated), None);
    }

    #[test]
    fn address_list_isolation_keeps_the_profile_for_fixed_addresses_only() {
        let n = nas(IsolirMode::AddressList);
        let mut fixed = line(ConnectionType::Pppoe, SubscriptionStatus::Isolated);
        fixed.static_ip = Some("10.20.0.5".into());
        let objects = desired_objects(&n, &inputs(vec![fixed.clone()]));
        let secret = objects
            .iter()
            .find(|o| o.kind == ObjectKind::PppSecret)
            .unwrap();
        assert_eq!(secret.get("profile"), Some("simpul-20m"));
        assert_eq!(secret.get("remote-address"), Some("10.20.0.5"));
        let entry = objects
            .iter()
            .find(|o| o.kind == ObjectKind::AddressList)
            .unwrap();
        assert_eq!(entry.key, "10.20.0.5");
        assert_eq!(entry.get("list"), Some("isolir"));
        // Dynamic addresses cannot be listed: the isolir profile it is.
        let dynamic = line(ConnectionType::Pppoe, SubscriptionStatus::Isolated);
        let objects = desired_objects(&n, &inputs(vec![dynamic]));
        assert!(objects.iter().all(|o| o.kind != ObjectKind::AddressList));
        assert!(objects
            .iter()
            .any(|o| o.get("profile") == Some("simpul-isolir")));
        // Restored: the entry is gone.
        fixed.status = SubscriptionStatus::Active;
        let objects = desired_objects(&n, &inputs(vec![fixed]));
        assert!(objects.iter().all(|o| o.kind != ObjectKind::AddressList));
    }

    #[test]
    fn static_lines_are_queues_isolated_by_address_list() {
        let n = nas(IsolirMode::Profile);
        let mut office = line(ConnectionType::Static, SubscriptionStatus::Isolated);
        office.static_ip = Some("203.0.113.9".into());
        office.plan.burst = Some(Burst {
            download_kbps: 30_000,
            upload_kbps: 15_000,
            threshold_download_kbps: 16_000,
            threshold_upload_kbps: 8_000,
            time_secs: 8,
        });
        let objects = desired_objects(
            &n,
            &DesiredInputs {
                lines: vec![office],
                ..Default::default()
            },
        );
        assert_eq!(objects.len(), 2);
        assert_eq!(objects[0].kind, ObjectKind::SimpleQueue);
        assert_eq!(objects[0].get("target"), Some("203.0.113.9/32"));
        assert_eq!(objects[0].get("max-limit"), Some("10M/20M"));
        assert_eq!(objects[0].get("burst-time"), Some("8s/8s"));
        assert_eq!(objects[1].kind, ObjectKind::AddressList);
    }

    #[test]
    fn ownership_is_read_from_the_comment() {
        assert!(owned(Some("simpul:sub:1 CUST-00001")));
        assert!(!owned(Some("manual")));
        assert!(!owned(None));
        assert_eq!(comment_subscription("simpul:plan:3"), None);
        assert_eq!(comment_subscription("manual"), None);
    }
}
