//! Server functions for billing: context, permission, service, error mapping.

use crate::billing::model::views::{
    CustomerBilling, InvoiceDetail, InvoiceFilter, InvoiceRow, RunSummary,
};
use crate::billing::model::{ChargeDraft, PaymentDraft, PaymentId};
use crate::error::AppError;
use crate::pagination::Page;
use leptos::prelude::*;

#[server]
pub async fn list_invoices(
    filter: InvoiceFilter,
    cursor: Option<String>,
) -> Result<Page<InvoiceRow>, AppError> {
    use crate::auth::Permission;
    use crate::billing::server::{repo, settings::today};
    use crate::error::server::ServiceError;
    use crate::pagination::clamp_page_size;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewBilling)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(repo::list(
        &mut conn,
        &filter,
        today(),
        cursor.as_deref(),
        clamp_page_size(None),
    )
    .await?)
}

#[server]
pub async fn get_invoice(id: i64) -> Result<InvoiceDetail, AppError> {
    use crate::auth::Permission;
    use crate::billing::model::InvoiceId;
    use crate::billing::server::{repo, settings::today};
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewBilling)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(repo::detail(&mut conn, InvoiceId(id), today()).await?)
}

#[server]
pub async fn get_customer_billing(customer_id: i64) -> Result<CustomerBilling, AppError> {
    use crate::auth::Permission;
    use crate::billing::server::{repo, settings::today};
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewBilling)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(repo::customer_billing(&mut conn, customer_id, today()).await?)
}

/// The finance dashboard; payments by channel for `month` (`YYYY-MM`, default this month).
#[server]
pub async fn finance_overview(
    month: Option<String>,
) -> Result<crate::billing::model::overview::FinanceOverview, AppError> {
    use crate::auth::Permission;
    use crate::billing::model::overview::{month_of, parse_month};
    use crate::billing::server::{overview, settings::today};
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewBilling)?);
    let today = today();
    let month = month
        .as_deref()
        .and_then(parse_month)
        .unwrap_or_else(|| month_of(today));
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(overview::load(&mut conn, today, month).await?)
}

#[server]
pub async fn list_billing_runs() -> Result<Vec<RunSummary>, AppError> {
    use crate::auth::Permission;
    use crate::billing::server::repo;
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewBilling)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(repo::runs(&mut conn, 20).await?)
}

/// Starts a preview run for `date` (YYYY-MM-DD; empty = today) in the background and
/// answers its id at once; the runs page follows its progress.
#[server]
pub async fn start_billing_run(date: String) -> Result<i64, AppError> {
    use crate::auth::Permission;
    use crate::billing::server::run::{self, RunMode};
    use crate::billing::server::settings::today;
    use crate::error::FieldErrors;
    use crate::i18n::Msg;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageBilling)?);
    let date = match date.trim() {
        "" => today(),
        text => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| FieldErrors::single("date", Msg::ValDateInvalid))?,
    };
    let run_id = run::start(&db, &actor, date, RunMode::Preview).await?;
    tokio::spawn(async move {
        if let Err(err) = run::execute(&db, &actor, run_id, date, RunMode::Preview).await {
            tracing::error!(billing.run = run_id, error = %err, "billing run failed");
        }
    });
    Ok(run_id)
}

#[server]
pub async fn issue_billing_batch(run_id: i64) -> Result<i64, AppError> {
    use crate::auth::Permission;
    use crate::billing::server::{run, settings::today};
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageBilling)?);
    Ok(run::issue_batch(&db, &actor, run_id, today()).await?)
}

#[server]
pub async fn discard_billing_batch(run_id: i64) -> Result<i64, AppError> {
    use crate::auth::Permission;
    use crate::billing::server::run;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageBilling)?);
    Ok(run::discard_batch(&db, &actor, run_id).await?)
}

#[server]
pub async fn record_payment(draft: PaymentDraft) -> Result<PaymentId, AppError> {
    use crate::auth::Permission;
    use crate::billing::server::{payments, settings::today};
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageBilling)?);
    Ok(payments::record(&db, &actor, draft, today()).await?)
}

#[server]
pub async fn reverse_payment(id: i64, reason: String) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::billing::server::payments;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageBilling)?);
    Ok(payments::reverse(&db, &actor, PaymentId(id), &reason).await?)
}

/// Cancels an issued invoice with a credit note; answers the credit note's id.
#[server]
pub async fn cancel_invoice(id: i64, reason: String) -> Result<i64, AppError> {
    use crate::auth::Permission;
    use crate::billing::server::{invoices, settings::today};
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageBilling)?);
    Ok(invoices::cancel(&db, &actor, id, &reason, today()).await?)
}

/// Adds a one-time charge; answers the invoice's id when it was billed at once.
#[server]
pub async fn add_charge(draft: ChargeDraft) -> Result<Option<i64>, AppError> {
    use crate::auth::Permission;
    use crate::billing::server::{charges, settings::today};
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageBilling)?);
    Ok(charges::add(&db, &actor, draft, today()).await?)
}

/// Sets (YYYY-MM-DD) or withdraws (empty) a customer's promise to pay.
#[server]
pub async fn set_promise_to_pay(customer_id: i64, until: String) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::billing::server::{collections, settings::today};
    use crate::error::FieldErrors;
    use crate::i18n::Msg;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageBilling)?);
    let until = match until.trim() {
        "" => None,
        text => Some(
            chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|_| FieldErrors::single("until", Msg::ValDateInvalid))?,
        ),
    };
    Ok(collections::promise_to_pay(&db, &actor, customer_id, until, today()).await?)
}

#[server]
pub async fn read_billing_settings(
) -> Result<crate::billing::model::settings::BillingSettingsView, AppError> {
    use crate::auth::Permission;
    use crate::billing::server::settings;
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ManageBillingSettings)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(settings::view(&mut conn).await?)
}

#[server]
pub async fn save_billing_settings(
    draft: crate::billing::model::settings::BillingSettingsDraft,
) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::billing::server::settings;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageBillingSettings)?);
    Ok(settings::save(&db, &actor, draft).await?)
}

/// When the logo on documents last changed (a cache-buster for its preview), or None
/// when there is no logo.
#[server]
pub async fn billing_logo_version() -> Result<Option<i64>, AppError> {
    use crate::auth::Permission;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ManageBillingSettings)?);
    let version = sqlx::query_scalar!(
        r#"SELECT (extract(epoch FROM logo_updated_at) * 1000)::bigint
           FROM billing_settings WHERE id = 1 AND logo IS NOT NULL"#
    )
    .fetch_optional(&db)
    .await
    .map_err(crate::error::server::ServiceError::from)?
    .flatten();
    Ok(version)
}

#[server]
pub async fn remove_billing_logo() -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::billing::server::logo;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageBillingSettings)?);
    Ok(logo::remove(&db, &actor).await?)
}

/// A customer's billing terms beside the ISP's defaults.
#[server]
pub async fn read_customer_terms(
    customer_id: i64,
) -> Result<crate::billing::model::terms::CustomerTermsView, AppError> {
    use crate::auth::Permission;
    use crate::billing::server::terms;
    use crate::error::server::ServiceError;
    use crate::request::{authorize, pool};

    let (db, _) = (pool()?, authorize(Permission::ViewBilling)?);
    let mut conn = db.acquire().await.map_err(ServiceError::from)?;
    Ok(terms::view(&mut conn, customer_id).await?)
}

#[server]
pub async fn save_customer_terms(
    customer_id: i64,
    draft: crate::billing::model::terms::CustomerTermsDraft,
) -> Result<(), AppError> {
    use crate::auth::Permission;
    use crate::billing::server::terms;
    use crate::request::{authorize, pool};

    let (db, actor) = (pool()?, authorize(Permission::ManageBilling)?);
    Ok(terms::save(&db, &actor, customer_id, draft).await?)
}
