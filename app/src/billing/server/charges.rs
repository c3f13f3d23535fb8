//! One-time charges (installation fee, router sale): on the next invoice, or billed at once
//! on their own invoice.

use super::invoices::{self, DraftInvoice, DraftLine, LineKind};
use super::{ledger, settings};
use crate::audit::server::AuditEvent;
use crate::billing::model::ChargeDraft;
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::i18n::{Locale, Msg};
use crate::request::Actor;
use chrono::{Days, NaiveDate};
use sqlx::PgPool;

/// Adds a charge. With `bill_now` it is invoiced and issued at once and the invoice's id is
/// returned; otherwise it waits for the customer's next invoice.
pub async fn add(
    db: &PgPool,
    actor: &Actor,
    draft: ChargeDraft,
    today: NaiveDate,
) -> ServiceResult<Option<i64>> {
    let checked = draft.check()?;
    let mut tx = db.begin().await?;
    ledger::lock_customer(&mut tx, draft.customer_id).await?;
    if let Some(line) = draft.subscription_id {
        sqlx::query_scalar!(
            "SELECT id FROM subscriptions WHERE id = $1 AND customer_id = $2",
            line,
            draft.customer_id
        )
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| FieldErrors::single("subscription_id", Msg::ValRequired))?;
    }
    let charge_id = sqlx::query_scalar!(
        r#"INSERT INTO billing_charges
               (customer_id, subscription_id, kind, description, quantity, unit_price,
                price_includes_tax, created_by)
           VALUES ($1, $2, 'one_time', $3, $4, $5, $6, $7) RETURNING id"#,
        draft.customer_id,
        draft.subscription_id,
        checked.description,
        checked.quantity as i32,
        checked.unit_price,
        draft.price_includes_tax,
        actor.user_id.map(|u| u.0),
    )
    .fetch_one(&mut *tx)
    .await?;
    let mut invoice_id = None;
    if draft.bill_now {
        let settings = settings::load(&mut tx).await?;
        let rates = settings::tax_rates(&mut tx).await?;
        let rule = settings::rule_on(settings.is_pkp, &rates, today);
        let customer = sqlx::query!(
            r#"SELECT document_language, COALESCE(c.due_days, b.due_days) AS "due_days!"
               FROM customers c CROSS JOIN billing_settings b WHERE c.id = $1"#,
            draft.customer_id
        )
        .fetch_one(&mut *tx)
        .await?;
        let invoice = DraftInvoice {
            customer_id: draft.customer_id,
            subscription_id: None,
            period: None,
            issue_date: today,
            due_date: today + Days::new(customer.due_days as u64),
            language: Locale::from_code(&customer.document_language).unwrap_or_default(),
            rule,
            taxed: !rule.is_none(),
            lines: vec![DraftLine::priced(
                LineKind::OneTime,
                checked.description.clone(),
                None,
                None,
                checked.quantity,
                checked.unit_price,
                0,
                draft.price_includes_tax,
                rule,
            )],
            charge_ids: vec![charge_id],
            run_id: None,
            changed: false,
        };
        let id = invoices::insert_one_time_draft(&mut tx, &invoice).await?;
        invoices::issue(&mut tx, actor, &[id], today).await?;
        invoice_id = Some(id);
    }
    AuditEvent::new("billing_charge.create", "billing_charge", charge_id)
        .after(&serde_json::json!({
            "customer_id": draft.customer_id,
            "subscription_id": draft.subscription_id,
            "description": checked.description,
            "quantity": checked.quantity,
            "unit_price": checked.unit_price,
            "price_includes_tax": draft.price_includes_tax,
            "invoice_id": invoice_id,
        }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(invoice_id)
}

/// Withdraws a charge that no invoice has billed yet.
pub async fn cancel(db: &PgPool, actor: &Actor, charge_id: i64) -> ServiceResult<()> {
    let mut tx = db.begin().await?;
    let done = sqlx::query!(
        r#"UPDATE billing_charges SET cancelled_at = now()
           WHERE id = $1 AND invoice_id IS NULL AND cancelled_at IS NULL
           RETURNING customer_id, description, unit_price, quantity"#,
        charge_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::Conflict(Msg::ErrNotDraft))?;
    AuditEvent::new("billing_charge.cancel", "billing_charge", charge_id)
        .before(&serde_json::json!({
            "customer_id": done.customer_id,
            "description": done.description,
            "quantity": done.quantity,
            "unit_price": done.unit_price,
        }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}
