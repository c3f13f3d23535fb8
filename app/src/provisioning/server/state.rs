//! Loads what [`desired`](super::desired) needs from the database: everything on a router
//! (reconciliation) or only what one outbox row names (the worker).

use sqlx::PgConnection;

use super::desired::{
    desired_objects, DesiredInputs, IsolirMode, LineFacts, NasSettings, PlanFacts, RouterObject,
};
use crate::error::server::{ServiceError, ServiceResult};
use crate::plans::model::{Burst, ConnectionType, Rates};
use crate::provisioning::model::ObjectKind;
use crate::secrets::SecretBox;
use crate::subscriptions::model::SubscriptionStatus;

pub const SUBSCRIPTION_PASSWORD_PURPOSE: &str = "subscription.password";

pub async fn nas_settings(conn: &mut PgConnection, nas_id: i64) -> ServiceResult<NasSettings> {
    let row = sqlx::query!(
        r#"SELECT id, isolir_mode, isolir_profile, isolir_pool, isolir_rate_limit,
                  isolir_address_list
           FROM nas WHERE id = $1"#,
        nas_id
    )
    .fetch_one(conn)
    .await?;
    Ok(NasSettings {
        id: row.id,
        isolir_mode: IsolirMode::parse(&row.isolir_mode),
        isolir_profile: row.isolir_profile,
        isolir_pool: row.isolir_pool,
        isolir_rate_limit: row.isolir_rate_limit,
        isolir_address_list: row.isolir_address_list,
    })
}

#[allow(clippy::too_many_arguments)]
fn plan_facts(
    id: i64,
    connection_type: &str,
    profile_name: String,
    download_kbps: i32,
    upload_kbps: i32,
    burst: [Option<i32>; 5],
    address_pool: String,
) -> PlanFacts {
    let burst = Burst::from_columns(burst);
    PlanFacts {
        id,
        connection_type: ConnectionType::parse(connection_type).unwrap_or_default(),
        profile_name,
        rates: Rates {
            download_kbps,
            upload_kbps,
        },
        burst,
        address_pool,
    }
}

/// Plans offered on the router or used there, optionally only those with `profile_name`.
async fn plans(
    conn: &mut PgConnection,
    nas_id: i64,
    profile_name: Option<&str>,
) -> ServiceResult<Vec<PlanFacts>> {
    let rows = sqlx::query!(
        r#"SELECT p.id, p.connection_type, p.profile_name, p.download_kbps, p.upload_kbps,
                  p.burst_download_kbps, p.burst_upload_kbps, p.burst_threshold_download_kbps,
                  p.burst_threshold_upload_kbps, p.burst_time_secs, p.address_pool
           FROM plans p
           WHERE p.id IN (SELECT plan_id FROM plan_nas WHERE nas_id = $1
                          UNION
                          SELECT plan_id FROM subscriptions
                          WHERE nas_id = $1 AND status <> 'terminated')
             AND ($2::text IS NULL OR p.profile_name = $2)
           ORDER BY p.id"#,
        nas_id,
        profile_name
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            plan_facts(
                r.id,
                &r.connection_type,
                r.profile_name,
                r.download_kbps,
                r.upload_kbps,
                [
                    r.burst_download_kbps,
                    r.burst_upload_kbps,
                    r.burst_threshold_download_kbps,
                    r.burst_threshold_upload_kbps,
                    r.burst_time_secs,
                ],
                r.address_pool,
            )
        })
        .collect())
}

/// Which profile kinds the router needs: those of the plans offered or used there.
async fn uses(conn: &mut PgConnection, nas_id: i64) -> ServiceResult<(bool, bool)> {
    let row = sqlx::query!(
        r#"SELECT COALESCE(bool_or(connection_type = 'pppoe'), false) AS "ppp!",
                  COALESCE(bool_or(connection_type = 'hotspot'), false) AS "hotspot!"
           FROM plans
           WHERE id IN (SELECT plan_id FROM plan_nas WHERE nas_id = $1
                        UNION
                        SELECT plan_id FROM subscriptions
                        WHERE nas_id = $1 AND status <> 'terminated')"#,
        nas_id
    )
    .fetch_one(conn)
    .await?;
    Ok((row.ppp, row.hotspot))
}

/// Lines on the router that are not terminated; optionally only those with a user name or
/// a fixed address.
async fn lines(
    conn: &mut PgConnection,
    secrets: &SecretBox,
    nas_id: i64,
    username: Option<&str>,
    static_ip: Option<&str>,
) -> ServiceResult<Vec<LineFacts>> {
    let rows = sqlx::query!(
        r#"SELECT s.id, c.code AS customer_code, s.connection_type, s.username,
                  s.password_sealed, host(s.static_ip) AS static_ip, s.status,
                  p.id AS plan_id, p.connection_type AS plan_connection, p.profile_name,
                  p.download_kbps, p.upload_kbps, p.burst_download_kbps, p.burst_upload_kbps,
                  p.burst_threshold_download_kbps, p.burst_threshold_upload_kbps,
                  p.burst_time_secs, p.address_pool
           FROM subscriptions s
           JOIN customers c ON c.id = s.customer_id
           JOIN plans p ON p.id = s.plan_id
           WHERE s.nas_id = $1 AND s.status <> 'terminated'
             AND ($2::text IS NULL OR s.username = $2)
             AND ($3::text IS NULL OR s.static_ip = $3::inet)
           ORDER BY s.id"#,
        nas_id,
        username,
        static_ip
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let password = secrets
                .open(SUBSCRIPTION_PASSWORD_PURPOSE, &r.password_sealed)
                .map_err(|e| {
                    ServiceError::Internal(format!("subscription {} password: {e}", r.id))
                })?;
            Ok(LineFacts {
                id: r.id,
                customer_code: r.customer_code,
                connection_type: ConnectionType::parse(&r.connection_type).unwrap_or_default(),
                username: r.username,
                password,
                static_ip: r.static_ip,
                status: SubscriptionStatus::parse(&r.status).unwrap_or_default(),
                plan: plan_facts(
                    r.plan_id,
                    &r.plan_connection,
                    r.profile_name,
                    r.download_kbps,
                    r.upload_kbps,
                    [
                        r.burst_download_kbps,
                        r.burst_upload_kbps,
                        r.burst_threshold_download_kbps,
                        r.burst_threshold_upload_kbps,
                        r.burst_time_secs,
                    ],
                    r.address_pool,
                ),
            })
        })
        .collect()
}

/// Everything Simpul wants on the router.
pub async fn desired_all(
    conn: &mut PgConnection,
    secrets: &SecretBox,
    nas: &NasSettings,
) -> ServiceResult<Vec<RouterObject>> {
    let (uses_ppp, uses_hotspot) = uses(conn, nas.id).await?;
    let inputs = DesiredInputs {
        plans: plans(conn, nas.id, None).await?,
        lines: lines(conn, secrets, nas.id, None, None).await?,
        uses_ppp,
        uses_hotspot,
    };
    Ok(desired_objects(nas, &inputs))
}

/// The one object an outbox row names, as Simpul wants it now; `None` when it should not
/// be on the router.
pub async fn desired_one(
    conn: &mut PgConnection,
    secrets: &SecretBox,
    nas: &NasSettings,
    kind: ObjectKind,
    key: &str,
) -> ServiceResult<Option<RouterObject>> {
    let mut inputs = DesiredInputs::default();
    match kind {
        ObjectKind::PppProfile | ObjectKind::HotspotProfile => {
            (inputs.uses_ppp, inputs.uses_hotspot) = uses(conn, nas.id).await?;
            inputs.plans = plans(conn, nas.id, Some(key)).await?;
        }
        ObjectKind::PppSecret | ObjectKind::HotspotUser | ObjectKind::SimpleQueue => {
            inputs.lines = lines(conn, secrets, nas.id, Some(key), None).await?;
        }
        ObjectKind::AddressList => {
            inputs.lines = lines(conn, secrets, nas.id, None, Some(key)).await?;
        }
    }
    Ok(desired_objects(nas, &inputs)
        .into_iter()
        .find(|o| o.kind == kind && o.key == key))
}

/// Whether Simpul may take over a router object of this name that is not tagged as its own:
/// only when the record was adopted from that router (import).
pub async fn may_adopt(
    conn: &mut PgConnection,
    nas_id: i64,
    kind: ObjectKind,
    key: &str,
) -> ServiceResult<bool> {
    let adopted = match kind {
        ObjectKind::PppProfile | ObjectKind::HotspotProfile => {
            sqlx::query_scalar!(
                r#"SELECT EXISTS (SELECT 1 FROM plans p
                                  WHERE p.profile_name = $2 AND p.adopted
                                    AND (EXISTS (SELECT 1 FROM plan_nas pn
                                                 WHERE pn.plan_id = p.id AND pn.nas_id = $1)
                                         OR EXISTS (SELECT 1 FROM subscriptions s
                                                    WHERE s.plan_id = p.id AND s.nas_id = $1)))
                   AS "adopted!""#,
                nas_id,
                key
            )
            .fetch_one(conn)
            .await?
        }
        _ => {
            sqlx::query_scalar!(
                r#"SELECT EXISTS (SELECT 1 FROM subscriptions
                                  WHERE nas_id = $1 AND username = $2 AND adopted
                                    AND status <> 'terminated') AS "adopted!""#,
                nas_id,
                key
            )
            .fetch_one(conn)
            .await?
        }
    };
    Ok(adopted)
}
