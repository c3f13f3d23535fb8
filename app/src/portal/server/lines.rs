//! The customer's lines, each with whether it is online now (asked of the router).

use sqlx::PgPool;

use crate::error::server::ServiceResult;
use crate::nas::server::hub::RouterHub;
use crate::portal::model::PortalLine;
use crate::secrets::SecretBox;
use crate::subscriptions::model::SubscriptionStatus;
use crate::subscriptions::server::{repo, session};

pub async fn my_lines(
    db: &PgPool,
    secrets: &SecretBox,
    hub: &RouterHub,
    user_id: i64,
) -> ServiceResult<Vec<PortalLine>> {
    let mut conn = db.acquire().await?;
    let customer = super::customer_of(&mut conn, user_id).await?;
    let lines = repo::list_for_customer(&mut conn, customer).await?;
    drop(conn);
    let mut out = Vec::new();
    for line in lines
        .into_iter()
        .filter(|l| l.status != SubscriptionStatus::Terminated)
    {
        // A router that does not answer must not hide the customer's lines: say "unknown".
        let session = session::line_session(db, secrets, hub, line.id).await.ok();
        out.push(PortalLine {
            id: line.id,
            plan_name: line.plan_name,
            plan_speed: line.plan_speed,
            price_rupiah: line.price_rupiah,
            status: line.status,
            status_reason: line.status_reason,
            username: line.username,
            install_address: line.install_address,
            session,
        });
    }
    Ok(out)
}
