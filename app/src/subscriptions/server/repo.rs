//! Reading subscriptions as staff and customers see them.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;

use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::plans::model::{display_rate, ConnectionType};
use crate::subscriptions::model::{ProvisionState, Subscription, SubscriptionStatus};

struct Row {
    id: i64,
    customer_id: i64,
    customer_code: String,
    customer_name: String,
    plan_id: i64,
    plan_name: String,
    download_kbps: i32,
    upload_kbps: i32,
    price_rupiah: i64,
    nas_id: i64,
    nas_name: String,
    connection_type: String,
    username: String,
    static_ip: Option<String>,
    install_address: String,
    status: String,
    status_reason: String,
    status_changed_at: DateTime<Utc>,
    start_date: Option<NaiveDate>,
    provision_state: String,
    provisioned_at: Option<DateTime<Utc>>,
    provision_error: Option<String>,
    pending_jobs: i64,
    created_at: DateTime<Utc>,
}

impl From<Row> for Subscription {
    fn from(r: Row) -> Self {
        Subscription {
            id: r.id,
            customer_id: r.customer_id,
            customer_code: r.customer_code,
            customer_name: r.customer_name,
            plan_id: r.plan_id,
            plan_name: r.plan_name,
            plan_speed: format!(
                "{} / {}",
                display_rate(r.download_kbps),
                display_rate(r.upload_kbps)
            ),
            price_rupiah: r.price_rupiah,
            nas_id: r.nas_id,
            nas_name: r.nas_name,
            connection_type: ConnectionType::parse(&r.connection_type).unwrap_or_default(),
            username: r.username,
            static_ip: r.static_ip,
            install_address: r.install_address,
            status: SubscriptionStatus::parse(&r.status).unwrap_or_default(),
            status_reason: r.status_reason,
            status_changed_at: r.status_changed_at,
            start_date: r.start_date,
            provision_state: ProvisionState::parse(&r.provision_state),
            provisioned_at: r.provisioned_at,
            provision_error: r.provision_error,
            pending_jobs: r.pending_jobs,
            created_at: r.created_at,
        }
    }
}

/// `WHERE` picks rows: by id, or all of a customer's (newest first, index
/// subscriptions_customer_idx).
pub async fn get(conn: &mut PgConnection, id: i64) -> ServiceResult<Subscription> {
    let row = sqlx::query_as!(
        Row,
        r#"SELECT s.id, s.customer_id, c.code AS customer_code, c.full_name AS customer_name,
                  s.plan_id, p.name AS plan_name, p.download_kbps, p.upload_kbps,
                  p.price_rupiah, s.nas_id, n.name AS nas_name, s.connection_type, s.username,
                  host(s.static_ip) AS static_ip, s.install_address, s.status, s.status_reason,
                  s.status_changed_at, s.start_date, s.provision_state, s.provisioned_at,
                  s.provision_error,
                  (SELECT count(*) FROM provisioning_jobs j
                   WHERE j.subscription_id = s.id AND j.state = 'pending') AS "pending_jobs!",
                  s.created_at
           FROM subscriptions s
           JOIN customers c ON c.id = s.customer_id
           JOIN plans p ON p.id = s.plan_id
           JOIN nas n ON n.id = s.nas_id
           WHERE s.id = $1"#,
        id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(row.into())
}

pub async fn list_for_customer(
    conn: &mut PgConnection,
    customer_id: i64,
) -> ServiceResult<Vec<Subscription>> {
    let rows = sqlx::query_as!(
        Row,
        r#"SELECT s.id, s.customer_id, c.code AS customer_code, c.full_name AS customer_name,
                  s.plan_id, p.name AS plan_name, p.download_kbps, p.upload_kbps,
                  p.price_rupiah, s.nas_id, n.name AS nas_name, s.connection_type, s.username,
                  host(s.static_ip) AS static_ip, s.install_address, s.status, s.status_reason,
                  s.status_changed_at, s.start_date, s.provision_state, s.provisioned_at,
                  s.provision_error,
                  (SELECT count(*) FROM provisioning_jobs j
                   WHERE j.subscription_id = s.id AND j.state = 'pending') AS "pending_jobs!",
                  s.created_at
           FROM subscriptions s
           JOIN customers c ON c.id = s.customer_id
           JOIN plans p ON p.id = s.plan_id
           JOIN nas n ON n.id = s.nas_id
           WHERE s.customer_id = $1
           ORDER BY (s.status = 'terminated'), s.id DESC"#,
        customer_id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Subscription::from).collect())
}
