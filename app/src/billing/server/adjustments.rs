//! Adjustments: a ledger entry by finance with a reason, for what no document covers
//! (a goodwill credit, a balance carried over from the ISP's old books).

use super::{collections, ledger};
use crate::audit::server::AuditEvent;
use crate::billing::model::drafts::MAX_AMOUNT;
use crate::error::server::ServiceResult;
use crate::error::FieldErrors;
use crate::i18n::Msg;
use crate::request::Actor;
use chrono::NaiveDate;
use sqlx::PgPool;

/// Posts `amount` (> 0 the customer owes more, < 0 a credit) and settles. Returns the
/// entry's id.
pub async fn post(
    db: &PgPool,
    actor: &Actor,
    customer_id: i64,
    amount: i64,
    reason: &str,
    today: NaiveDate,
) -> ServiceResult<i64> {
    let reason = reason.trim();
    let mut errors = FieldErrors::new();
    if amount == 0 || amount.abs() > MAX_AMOUNT {
        errors.add("amount", Msg::ValAmountPositive);
    }
    if reason.is_empty() {
        errors.add("reason", Msg::ValReasonRequired);
    } else if reason.chars().count() > 500 {
        errors.add("reason", Msg::ValTooLong);
    }
    errors.into_result()?;
    let mut tx = db.begin().await?;
    ledger::lock_customer(&mut tx, customer_id).await?;
    let id = ledger::post(
        &mut tx,
        actor,
        ledger::NewEntry {
            customer_id,
            kind: ledger::EntryKind::Adjustment,
            amount,
            invoice_id: None,
            payment_id: None,
            credit_note_id: None,
            description: reason,
            settle_order: today,
        },
    )
    .await?;
    ledger::settle(&mut tx, customer_id).await?;
    collections::restore_if_clear(&mut tx, actor, customer_id, today).await?;
    AuditEvent::new("ledger.adjust", "customer", customer_id)
        .after(&serde_json::json!({ "entry_id": id, "amount": amount, "reason": reason }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(id)
}
