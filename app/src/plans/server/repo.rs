//! Reading plans, with the routers that offer them and how many lines use them.

use sqlx::PgConnection;

use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::plans::model::{Burst, ConnectionType, Plan, PlanNas, Rates};

/// Active plans first, then by speed (plans_order_idx); `only` picks one plan.
pub async fn list(conn: &mut PgConnection, only: Option<i64>) -> ServiceResult<Vec<Plan>> {
    let rows = sqlx::query!(
        r#"SELECT p.id, p.name, p.description, p.connection_type, p.profile_name,
                  p.download_kbps, p.upload_kbps, p.burst_download_kbps, p.burst_upload_kbps,
                  p.burst_threshold_download_kbps, p.burst_threshold_upload_kbps,
                  p.burst_time_secs, p.price_rupiah, p.address_pool, p.active,
                  COALESCE((SELECT json_agg(json_build_object('id', n.id, 'name', n.name)
                                            ORDER BY n.name)
                            FROM plan_nas pn JOIN nas n ON n.id = pn.nas_id
                            WHERE pn.plan_id = p.id), '[]'::json) AS "nas!",
                  (SELECT count(*) FROM subscriptions s
                   WHERE s.plan_id = p.id AND s.status <> 'terminated') AS "subscriptions!"
           FROM plans p
           WHERE ($1::bigint IS NULL OR p.id = $1)
           ORDER BY p.active DESC, p.download_kbps, p.id"#,
        only
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let burst = Burst::from_columns([
                r.burst_download_kbps,
                r.burst_upload_kbps,
                r.burst_threshold_download_kbps,
                r.burst_threshold_upload_kbps,
                r.burst_time_secs,
            ]);
            let nas: Vec<PlanNas> = serde_json::from_value(r.nas).unwrap_or_default();
            Plan {
                id: r.id,
                name: r.name,
                description: r.description,
                connection_type: ConnectionType::parse(&r.connection_type).unwrap_or_default(),
                profile_name: r.profile_name,
                rates: Rates {
                    download_kbps: r.download_kbps,
                    upload_kbps: r.upload_kbps,
                },
                burst,
                price_rupiah: r.price_rupiah,
                address_pool: r.address_pool,
                active: r.active,
                nas,
                subscriptions: r.subscriptions,
            }
        })
        .collect())
}

pub async fn get(conn: &mut PgConnection, id: i64) -> ServiceResult<Plan> {
    list(conn, Some(id))
        .await?
        .pop()
        .ok_or_else(|| AppError::NotFound.into())
}
