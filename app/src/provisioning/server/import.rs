//! Adopting what a router already holds: real ISPs start with a router full of hand-made
//! PPPoE secrets. The review screen lists the secrets Simpul does not manage; adopting one
//! makes a customer (active), a plan for its profile when none exists, and a line that takes
//! the secret over (same name and password, tagged as Simpul's by the next sync).

use std::collections::BTreeMap;

use sqlx::PgPool;

use super::apply::find_all;
use super::desired::owned;
use super::enqueue::{line_changed, LinePlacement};
use super::state::SUBSCRIPTION_PASSWORD_PURPOSE;
use crate::audit::server::AuditEvent;
use crate::customers::model::normalize_phone;
use crate::error::server::{ServiceError, ServiceResult};
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::nas::server::hub::RouterHub;
use crate::nas::server::{device_error, repo};
use crate::plans::model::{parse_full_rate_limit, router_name_ok, Burst, ConnectionType, Rates};
use crate::provisioning::model::{
    ImportCandidate, ImportChoice, ImportPreview, ImportProfile, ImportResult, ObjectKind,
};
use crate::request::Actor;
use crate::secrets::SecretBox;
use crate::subscriptions::model::username_ok;

/// A human name from a secret's comment when it looks like one ("Pak Slamet RT 03": several
/// words), else the secret's name (comments like "manual" or "lunas" are notes, not names).
fn suggested_name(name: &str, comment: &str) -> String {
    let comment = comment.trim();
    if !comment.contains(' ') || comment.len() > 120 || comment.starts_with("simpul:") {
        name.to_owned()
    } else {
        comment.to_owned()
    }
}

struct RouterSecrets {
    secrets: Vec<routeros::Row>,
    profiles: Vec<routeros::Row>,
}

async fn read_router(
    db: &PgPool,
    secrets: &SecretBox,
    hub: &RouterHub,
    nas_id: i64,
) -> ServiceResult<RouterSecrets> {
    let mut conn = db.acquire().await?;
    let target = repo::target(&mut conn, secrets, nas_id).await?;
    drop(conn);
    let client = hub
        .client(&target)
        .map_err(|e| device_error(&target.name, e))?;
    let secrets = find_all(&*client, ObjectKind::PppSecret)
        .await
        .map_err(|e| device_error(&target.name, e))?;
    let profiles = client
        .print("/ppp/profile")
        .await
        .map_err(|e| device_error(&target.name, e))?;
    Ok(RouterSecrets { secrets, profiles })
}

/// The secrets on the router that no line of Simpul holds, and the profiles they use.
pub async fn preview(
    db: &PgPool,
    secrets: &SecretBox,
    hub: &RouterHub,
    nas_id: i64,
) -> ServiceResult<ImportPreview> {
    let router = read_router(db, secrets, hub, nas_id).await?;
    let taken: Vec<String> = sqlx::query_scalar!(
        "SELECT username FROM subscriptions WHERE nas_id = $1 AND status <> 'terminated'",
        nas_id
    )
    .fetch_all(db)
    .await?;
    let plans: BTreeMap<String, i64> =
        sqlx::query!("SELECT id, profile_name FROM plans WHERE connection_type = 'pppoe'")
            .fetch_all(db)
            .await?
            .into_iter()
            .map(|r| (r.profile_name, r.id))
            .collect();
    let candidates: Vec<ImportCandidate> = router
        .secrets
        .iter()
        .filter(|row| !owned(row.get("comment")))
        .filter_map(|row| {
            let name = row.get("name")?.to_owned();
            if taken.contains(&name) {
                return None;
            }
            let profile = row.get("profile").unwrap_or("default").to_owned();
            let comment = row.get("comment").unwrap_or("").to_owned();
            Some(ImportCandidate {
                suggested_name: suggested_name(&name, &comment),
                plan_id: plans.get(&profile).copied(),
                disabled: matches!(row.get("disabled"), Some("true" | "yes")),
                remote_address: row.get("remote-address").unwrap_or("").to_owned(),
                last_caller_id: row.get("last-caller-id").unwrap_or("").to_owned(),
                name,
                profile,
                comment,
            })
        })
        .collect();
    let mut used: Vec<&str> = candidates.iter().map(|c| c.profile.as_str()).collect();
    used.sort_unstable();
    used.dedup();
    let profiles = router
        .profiles
        .iter()
        .filter_map(|row| {
            let name = row.get("name")?;
            used.contains(&name).then(|| ImportProfile {
                name: name.to_owned(),
                rate_limit: row.get("rate-limit").unwrap_or("").to_owned(),
                plan_id: plans.get(name).copied(),
            })
        })
        .collect();
    Ok(ImportPreview {
        nas_id,
        candidates,
        profiles,
    })
}

/// Adopts the reviewed rows, each in its own transaction so one bad row does not hold up
/// the rest; the skipped ones come back with the reason.
pub async fn adopt(
    db: &PgPool,
    secrets: &SecretBox,
    hub: &RouterHub,
    actor: &Actor,
    nas_id: i64,
    choices: Vec<ImportChoice>,
) -> ServiceResult<ImportResult> {
    let mut errors = FieldErrors::new();
    for (i, choice) in choices.iter().enumerate() {
        let name = choice.customer_name.trim();
        if name.is_empty() || name.chars().count() > 120 {
            errors.add(&format!("customer_name.{i}"), Msg::ValRequired);
        }
        if !choice.phone.trim().is_empty() {
            if let Err(msg) = normalize_phone(&choice.phone) {
                errors.add(&format!("phone.{i}"), msg);
            }
        }
    }
    errors.into_result()?;
    let router = read_router(db, secrets, hub, nas_id).await?;
    let profiles: BTreeMap<&str, &routeros::Row> = router
        .profiles
        .iter()
        .filter_map(|r| Some((r.get("name")?, r)))
        .collect();
    let mut result = ImportResult::default();
    for choice in choices {
        let secret = router
            .secrets
            .iter()
            .find(|r| r.get("name") == Some(choice.name.as_str()));
        let Some(secret) = secret.filter(|r| !owned(r.get("comment"))) else {
            result
                .skipped
                .push((choice.name.clone(), Msg::ImportSkipGone));
            continue;
        };
        if !username_ok(&choice.name) {
            result
                .skipped
                .push((choice.name.clone(), Msg::ImportSkipName));
            continue;
        }
        let profile = secret.get("profile").unwrap_or("default");
        match adopt_one(
            db,
            secrets,
            actor,
            nas_id,
            &choice,
            secret,
            profiles.get(profile),
        )
        .await
        {
            Ok(plan_created) => {
                result.customers += 1;
                result.lines += 1;
                result.plans += usize::from(plan_created);
            }
            Err(ServiceError::App(AppError::Validation(e))) => {
                let why = e.0.first().map_or(Msg::ValRequired, |f| f.msg);
                result.skipped.push((choice.name.clone(), why));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(result)
}

/// One row; answers whether a plan was made for its profile.
async fn adopt_one(
    db: &PgPool,
    secrets: &SecretBox,
    actor: &Actor,
    nas_id: i64,
    choice: &ImportChoice,
    secret: &routeros::Row,
    profile: Option<&&routeros::Row>,
) -> ServiceResult<bool> {
    let mut tx = db.begin().await?;
    let profile_name = secret.get("profile").unwrap_or("default").to_owned();
    // The line goes on its plan's profile, which is the router's profile only when the plan
    // was made from it.
    let (plan_id, plan_profile, created) = match choice.plan_id {
        Some(id) => {
            let chosen = sqlx::query!(
                "SELECT profile_name, active FROM plans WHERE id = $1 AND connection_type = 'pppoe'",
                id
            )
            .fetch_optional(&mut *tx)
            .await?;
            match chosen {
                None => return Err(FieldErrors::single("plan_id", Msg::ValPlanNotOnNas).into()),
                Some(p) if !p.active => {
                    return Err(FieldErrors::single("plan_id", Msg::ValPlanInactive).into())
                }
                Some(p) => (id, p.profile_name, false),
            }
        }
        None => {
            if !router_name_ok(&profile_name, 40) || profile_name == "default" {
                return Err(FieldErrors::single("plan_id", Msg::ValRouterName).into());
            }
            // The plan takes the profile over, so it must carry all of its speed: an
            // unlimited or unusual rate-limit would be rewritten for every customer on it,
            // imported or not. The admin picks a plan instead.
            let rate = profile.and_then(|p| p.get("rate-limit")).unwrap_or("");
            let parsed = parse_full_rate_limit(rate);
            let existing = sqlx::query!(
                r#"SELECT p.id, p.download_kbps, p.upload_kbps, p.burst_download_kbps,
                          p.burst_upload_kbps, p.burst_threshold_download_kbps,
                          p.burst_threshold_upload_kbps, p.burst_time_secs,
                          EXISTS (SELECT 1 FROM plan_nas pn
                                  WHERE pn.plan_id = p.id AND pn.nas_id = $2) AS "offered!"
                   FROM plans p WHERE p.connection_type = 'pppoe' AND p.profile_name = $1"#,
                profile_name,
                nas_id
            )
            .fetch_optional(&mut *tx)
            .await?;
            match existing {
                // A plan of the same profile name made on another router is reused here only
                // when this router's profile has the very same speed; otherwise its sync
                // would rewrite this router's profile.
                Some(p) => {
                    let burst = Burst::from_columns([
                        p.burst_download_kbps,
                        p.burst_upload_kbps,
                        p.burst_threshold_download_kbps,
                        p.burst_threshold_upload_kbps,
                        p.burst_time_secs,
                    ]);
                    let rates = Rates {
                        download_kbps: p.download_kbps,
                        upload_kbps: p.upload_kbps,
                    };
                    if !p.offered && parsed != Some((rates, burst)) {
                        return Err(
                            FieldErrors::single("plan_id", Msg::ImportSkipProfileConflict).into(),
                        );
                    }
                    (p.id, profile_name.clone(), false)
                }
                None => {
                    let Some((rates, burst)) = parsed else {
                        return Err(
                            FieldErrors::single("plan_id", Msg::ImportSkipProfileRate).into()
                        );
                    };
                    let pool = profile
                        .and_then(|p| p.get("remote-address"))
                        .filter(|p| router_name_ok(p, 40))
                        .unwrap_or("");
                    let id = sqlx::query_scalar!(
                        r#"INSERT INTO plans (name, description, connection_type, profile_name,
                               download_kbps, upload_kbps, burst_download_kbps,
                               burst_upload_kbps, burst_threshold_download_kbps,
                               burst_threshold_upload_kbps, burst_time_secs, price_rupiah,
                               address_pool, adopted)
                           VALUES ($1, $2, 'pppoe', $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, true)
                           ON CONFLICT DO NOTHING RETURNING id"#,
                        format!("Impor {profile_name}"),
                        format!("Dibuat dari profil {profile_name} saat impor ({rate})."),
                        profile_name,
                        rates.download_kbps,
                        rates.upload_kbps,
                        burst.map(|b| b.download_kbps),
                        burst.map(|b| b.upload_kbps),
                        burst.map(|b| b.threshold_download_kbps),
                        burst.map(|b| b.threshold_upload_kbps),
                        burst.map(|b| b.time_secs),
                        pool,
                    )
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or_else(|| FieldErrors::single("plan_id", Msg::ValNameTaken))?;
                    AuditEvent::new("plan.import", "plan", id)
                        .after(&serde_json::json!({ "profile": profile_name, "nas_id": nas_id }))
                        .write(&mut tx, actor)
                        .await?;
                    (id, profile_name.clone(), true)
                }
            }
        }
    };
    sqlx::query!(
        "INSERT INTO plan_nas (plan_id, nas_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        plan_id,
        nas_id
    )
    .execute(&mut *tx)
    .await?;
    let phone = if choice.phone.trim().is_empty() {
        String::new()
    } else {
        normalize_phone(&choice.phone).map_err(|m| FieldErrors::single("phone", m))?
    };
    let customer_id = sqlx::query_scalar!(
        r#"INSERT INTO customers (full_name, phone, status, notes)
           VALUES ($1, $2, 'active', $3) RETURNING id"#,
        choice.customer_name.trim(),
        phone,
        format!("Diimpor dari secret PPPoE \"{}\".", choice.name),
    )
    .fetch_one(&mut *tx)
    .await?;
    let disabled = matches!(secret.get("disabled"), Some("true" | "yes"));
    let status = if disabled { "suspended" } else { "active" };
    let password = secret.get("password").unwrap_or("");
    let sealed = secrets
        .seal(SUBSCRIPTION_PASSWORD_PURPOSE, password)
        .map_err(|e| ServiceError::Internal(e.to_string()))?;
    let static_ip = secret
        .get("remote-address")
        .filter(|a| a.parse::<std::net::Ipv4Addr>().is_ok())
        .map(str::to_owned);
    let line_id = sqlx::query_scalar!(
        r#"INSERT INTO subscriptions (customer_id, plan_id, nas_id, connection_type, username,
               password_sealed, static_ip, status, status_reason, adopted, start_date)
           VALUES ($1, $2, $3, 'pppoe', $4, $5, $6::text::inet, $7, $8, true, CURRENT_DATE)
           RETURNING id"#,
        customer_id,
        plan_id,
        nas_id,
        choice.name,
        sealed,
        static_ip,
        status,
        if disabled {
            "Dinonaktifkan di router sebelum diimpor"
        } else {
            ""
        },
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| {
        crate::error::server::on_constraint(
            e,
            &[
                (
                    "subscriptions_username_key",
                    "username",
                    Msg::ValPppUsernameTaken,
                ),
                (
                    "subscriptions_static_ip_key",
                    "static_ip",
                    Msg::ValStaticIpTaken,
                ),
            ],
        )
    })?;
    let placement = LinePlacement {
        subscription_id: line_id,
        nas_id,
        connection_type: ConnectionType::Pppoe,
        username: choice.name.clone(),
        static_ip,
        plan_id,
        profile_name: plan_profile,
    };
    let isolir = sqlx::query_scalar!("SELECT isolir_profile FROM nas WHERE id = $1", nas_id)
        .fetch_one(&mut *tx)
        .await?;
    line_changed(
        &mut tx,
        actor,
        None,
        &placement,
        Some(&isolir),
        false,
        "import",
    )
    .await?;
    AuditEvent::new("subscription.import", "subscription", line_id)
        .after(&serde_json::json!({
            "nas_id": nas_id, "username": choice.name, "customer_id": customer_id,
            "plan_id": plan_id, "status": status,
        }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(created)
}
