//! A customer's billing terms: overrides of the ISP's defaults, the language of their
//! documents and their NPWP. Saving is audited; the next billing run and collection use
//! them (a changed billing day bills one shorter period to move onto the new day).

use super::settings;
use crate::audit::server::AuditEvent;
use crate::billing::model::terms::{CheckedTerms, CustomerTermsDraft, CustomerTermsView};
use crate::billing::model::BillingMode;
use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::request::Actor;
use sqlx::{PgConnection, PgPool};

async fn stored(conn: &mut PgConnection, customer_id: i64) -> ServiceResult<CheckedTerms> {
    let row = sqlx::query!(
        r#"SELECT billing_mode, billing_day, due_days, grace_days, late_fee, reconnection_fee,
                  reminder_offsets, document_language, npwp
           FROM customers WHERE id = $1"#,
        customer_id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(CheckedTerms {
        mode: row.billing_mode.as_deref().and_then(BillingMode::parse),
        billing_day: row.billing_day,
        due_days: row.due_days,
        grace_days: row.grace_days,
        late_fee: row.late_fee,
        reconnection_fee: row.reconnection_fee,
        reminder_offsets: row.reminder_offsets,
        document_language: Locale::from_code(&row.document_language).unwrap_or_default(),
        npwp: row.npwp,
    })
}

pub async fn view(conn: &mut PgConnection, customer_id: i64) -> ServiceResult<CustomerTermsView> {
    let terms = stored(conn, customer_id).await?;
    let defaults = settings::load(conn).await?.defaults;
    Ok(CustomerTermsView {
        draft: terms.to_draft(),
        effective: terms.apply_to(&defaults),
        defaults,
    })
}

pub async fn save(
    db: &PgPool,
    actor: &Actor,
    customer_id: i64,
    draft: CustomerTermsDraft,
) -> ServiceResult<()> {
    let checked = draft.check()?;
    let mut tx = db.begin().await?;
    // The ledger's lock: billing runs and payments for this customer wait for the change.
    super::ledger::lock_customer(&mut tx, customer_id).await?;
    let before = stored(&mut tx, customer_id).await?;
    sqlx::query!(
        r#"UPDATE customers
           SET billing_mode = $2, billing_day = $3, due_days = $4, grace_days = $5,
               late_fee = $6, reconnection_fee = $7, reminder_offsets = $8,
               document_language = $9, npwp = $10
           WHERE id = $1"#,
        customer_id,
        checked.mode.map(BillingMode::as_str),
        checked.billing_day,
        checked.due_days,
        checked.grace_days,
        checked.late_fee,
        checked.reconnection_fee,
        checked.reminder_offsets.as_deref(),
        checked.document_language.code(),
        checked.npwp,
    )
    .execute(&mut *tx)
    .await?;
    AuditEvent::new("customer.billing_terms", "customer", customer_id)
        .before(&before)
        .after(&checked)
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}
