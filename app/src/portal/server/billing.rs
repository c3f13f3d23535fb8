//! The customer's invoices, receipts and balance. Only issued documents are shown (drafts
//! are finance's working copies), and only the signed-in customer's own: another
//! customer's invoice answers 404 like a missing one.

use crate::billing::model::views::{InvoiceDetail, InvoiceFilter, PortalBilling};
use crate::billing::model::{InvoiceId, InvoiceStatus};
use crate::billing::server::{ledger, repo};
use crate::error::server::ServiceResult;
use crate::error::AppError;
use chrono::NaiveDate;
use sqlx::PgPool;

pub async fn my_billing(
    db: &PgPool,
    user_id: i64,
    today: NaiveDate,
) -> ServiceResult<PortalBilling> {
    let mut conn = db.acquire().await?;
    let customer_id = super::customer_of(&mut conn, user_id).await?;
    let filter = InvoiceFilter {
        customer_id: Some(customer_id),
        ..InvoiceFilter::default()
    };
    let invoices = repo::list(&mut conn, &filter, today, None, 60)
        .await?
        .items
        .into_iter()
        .filter(|i| i.status != InvoiceStatus::Draft)
        .take(24)
        .collect();
    let billing = repo::customer_billing(&mut conn, customer_id, today).await?;
    Ok(PortalBilling {
        balance: ledger::balance(&mut conn, customer_id).await?,
        invoices,
        payments: billing.payments,
    })
}

pub async fn my_invoice(
    db: &PgPool,
    user_id: i64,
    id: i64,
    today: NaiveDate,
) -> ServiceResult<InvoiceDetail> {
    let mut conn = db.acquire().await?;
    let customer_id = super::customer_of(&mut conn, user_id).await?;
    let detail = repo::detail(&mut conn, InvoiceId(id), today).await?;
    if detail.row.customer_id != customer_id || detail.row.status == InvoiceStatus::Draft {
        return Err(AppError::NotFound.into());
    }
    Ok(detail)
}
