//! Server functions for online payments: the portal's pay flow and finance's screens.

use crate::error::AppError;
use crate::payments::model::{
    AttemptId, AttemptView, GatewaySettingsDraft, GatewaySettingsView, HeldDecision, PayOptions,
    Reconciliation,
};
use leptos::prelude::*;

/// The portal customer's id (404 for an account without a customer record).
#[cfg(feature = "ssr")]
async fn portal_customer() -> Result<(crate::request::AppContext, i64), AppError> {
    use crate::auth::Permission;
    use crate::request::{app_context, authorize};
    let ctx = app_context()?;
    let actor = authorize(Permission::UsePortal)?;
    let user = actor.user_id.ok_or(AppError::Unauthorized)?;
    let mut conn = ctx
        .pool
        .acquire()
        .await
        .map_err(crate::error::server::ServiceError::from)?;
    let customer_id = crate::portal::server::customer_of(&mut conn, user.0).await?;
    Ok((ctx, customer_id))
}

#[server]
pub async fn payment_options(invoice_id: Option<i64>) -> Result<PayOptions, AppError> {
    use crate::payments::server::attempts;
    let (ctx, customer_id) = portal_customer().await?;
    Ok(attempts::options(&ctx, customer_id, invoice_id).await?)
}

/// Starts paying and sends the browser on: to Snap for Midtrans, to Simpul's own page
/// (QR code or virtual account) for Tripay. Posted by a plain form, so it works without JS.
#[server]
pub async fn start_payment(
    invoice_id: Option<i64>,
    gateway: String,
    channel: Option<String>,
) -> Result<AttemptId, AppError> {
    use crate::error::FieldErrors;
    use crate::i18n::Msg;
    use crate::payments::model::Gateway;
    use crate::payments::server::attempts;
    let (ctx, customer_id) = portal_customer().await?;
    let gateway = Gateway::parse(&gateway)
        .ok_or_else(|| FieldErrors::single("gateway", Msg::PayGatewayOff))?;
    let channel = match gateway {
        Gateway::Midtrans => String::new(),
        Gateway::Tripay => channel.unwrap_or_default(),
    };
    let started = attempts::start(&ctx, customer_id, invoice_id, gateway, &channel).await?;
    leptos_axum::redirect(&started.redirect);
    Ok(started.attempt_id)
}

#[server]
pub async fn retry_payment(id: i64) -> Result<AttemptId, AppError> {
    use crate::payments::server::attempts;
    let (ctx, customer_id) = portal_customer().await?;
    let started = attempts::retry(&ctx, customer_id, AttemptId(id)).await?;
    leptos_axum::redirect(&started.redirect);
    Ok(started.attempt_id)
}

/// The customer's attempt, asking the gateway first when it is still open (at most every
/// few seconds), so the page shows a payment as soon as the gateway knows it.
#[server]
pub async fn my_payment(id: i64) -> Result<AttemptView, AppError> {
    use crate::payments::server::{poller, repo};
    let (ctx, customer_id) = portal_customer().await?;
    let read = || async {
        // A connection per read: none is held while the gateway is asked (up to 15 s).
        let mut conn = ctx
            .pool
            .acquire()
            .await
            .map_err(crate::error::server::ServiceError::from)?;
        repo::attempt(&mut conn, AttemptId(id), Some(customer_id)).await
    };
    let view = read().await?;
    if !view.status.is_open() {
        return Ok(view);
    }
    if let Err(error) = poller::check_now(&ctx, id, 5).await {
        tracing::warn!(
            ?error,
            attempt.id = id,
            "status check from the portal failed"
        );
    }
    Ok(read().await?)
}

#[server]
pub async fn read_gateway_settings() -> Result<GatewaySettingsView, AppError> {
    use crate::auth::Permission;
    use crate::payments::server::settings;
    use crate::request::{app_context, authorize};
    let ctx = app_context()?;
    authorize(Permission::ManageBillingSettings)?;
    Ok(settings::view(&ctx).await?)
}

#[server]
pub async fn save_gateway_settings(draft: GatewaySettingsDraft) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::payments::server::settings;
    use crate::request::{app_context, authorize};
    let ctx = app_context()?;
    let actor = authorize(Permission::ManageBillingSettings)?;
    Ok(settings::save(&ctx.pool, &ctx.secrets, &actor, draft).await?)
}

/// Gateway transactions against ledger payments, `from`..=`to` as `YYYY-MM-DD`.
#[server]
pub async fn payment_reconciliation(from: String, to: String) -> Result<Reconciliation, AppError> {
    use crate::auth::Permission;
    use crate::error::FieldErrors;
    use crate::i18n::Msg;
    use crate::payments::server::repo;
    use crate::request::{authorize, pool};
    let db = pool()?;
    authorize(Permission::ViewBilling)?;
    let date = |field: &str, text: &str| {
        chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| FieldErrors::single(field, Msg::ValDateInvalid))
    };
    let (from, to) = (date("from", &from)?, date("to", &to)?);
    if to < from || (to - from).num_days() > 366 {
        return Err(FieldErrors::single("to", Msg::ValDateRange));
    }
    let mut conn = db
        .acquire()
        .await
        .map_err(crate::error::server::ServiceError::from)?;
    Ok(repo::reconciliation(&mut conn, from, to).await?)
}

#[server]
pub async fn resolve_held_payment(
    id: i64,
    decision: HeldDecision,
    note: String,
) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::payments::server::apply;
    use crate::request::{authorize, pool};
    let db = pool()?;
    let actor = authorize(Permission::ManageBilling)?;
    Ok(apply::resolve_held(&db, &actor, AttemptId(id), decision, &note).await?)
}
