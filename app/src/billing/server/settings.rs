//! Reading the billing settings and the tax rule in force on a date.

use crate::billing::model::{BillingMode, BillingTerms, TaxRule};
use crate::error::server::ServiceResult;
use crate::format::TimeZone;
use chrono::{NaiveDate, Utc};
use sqlx::PgConnection;

/// Today's date where the ISP works: due dates and grace days count in Jakarta's days.
pub fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&TimeZone::AsiaJakarta.offset())
        .date_naive()
}

/// What billing needs of the settings row.
#[derive(Clone, Debug)]
pub struct Settings {
    pub is_pkp: bool,
    pub defaults: BillingTerms,
    pub invoice_number_format: String,
    pub receipt_number_format: String,
    pub credit_note_number_format: String,
    pub auto_issue: bool,
}

pub async fn load(conn: &mut PgConnection) -> ServiceResult<Settings> {
    let row = sqlx::query!(
        r#"SELECT is_pkp, billing_mode, billing_day, due_days, grace_days, late_fee,
                  reconnection_fee, reminder_offsets, invoice_number_format,
                  receipt_number_format, credit_note_number_format, auto_issue
           FROM billing_settings WHERE id = 1"#
    )
    .fetch_one(conn)
    .await?;
    Ok(Settings {
        is_pkp: row.is_pkp,
        defaults: BillingTerms {
            mode: BillingMode::parse(&row.billing_mode).unwrap_or_default(),
            billing_day: row.billing_day as u32,
            due_days: row.due_days as u32,
            grace_days: row.grace_days as u32,
            late_fee: row.late_fee,
            reconnection_fee: row.reconnection_fee,
            reminder_offsets: row.reminder_offsets,
        },
        invoice_number_format: row.invoice_number_format,
        receipt_number_format: row.receipt_number_format,
        credit_note_number_format: row.credit_note_number_format,
        auto_issue: row.auto_issue,
    })
}

/// The tax rates by effective date, oldest first; pick with [`rule_on`].
pub async fn tax_rates(conn: &mut PgConnection) -> ServiceResult<Vec<(NaiveDate, TaxRule)>> {
    let rows = sqlx::query!(
        "SELECT effective_from, rate_bp, dpp_numerator, dpp_denominator
         FROM tax_rates ORDER BY effective_from"
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.effective_from,
                TaxRule {
                    rate_bp: i64::from(r.rate_bp),
                    dpp_numerator: i64::from(r.dpp_numerator),
                    dpp_denominator: i64::from(r.dpp_denominator),
                },
            )
        })
        .collect())
}

/// The rule for an invoice issued on `date`: none unless the ISP is a PKP and a rate is in
/// force on that date.
pub fn rule_on(is_pkp: bool, rates: &[(NaiveDate, TaxRule)], date: NaiveDate) -> TaxRule {
    if !is_pkp {
        return TaxRule::NONE;
    }
    rates
        .iter()
        .rev()
        .find(|(from, _)| *from <= date)
        .map(|(_, rule)| *rule)
        .unwrap_or(TaxRule::NONE)
}

/// The settings screen's form, filled from the stored row, with the tax rates.
pub async fn view(
    conn: &mut PgConnection,
) -> ServiceResult<crate::billing::model::settings::BillingSettingsView> {
    use crate::billing::model::settings::{
        format_bank_accounts, BankAccount, BillingSettingsDraft, BillingSettingsView, TaxRateRow,
    };
    let row = sqlx::query!(
        r#"SELECT legal_name, address, npwp, phone, email, bank_accounts, invoice_number_format,
                  receipt_number_format, credit_note_number_format, is_pkp, billing_mode,
                  billing_day, due_days, grace_days, late_fee, reconnection_fee,
                  reminder_offsets, auto_issue
           FROM billing_settings WHERE id = 1"#
    )
    .fetch_one(&mut *conn)
    .await?;
    let accounts: Vec<BankAccount> = serde_json::from_value(row.bank_accounts).unwrap_or_default();
    let rupiah_or_empty = |n: i64| if n == 0 { String::new() } else { n.to_string() };
    let draft = BillingSettingsDraft {
        legal_name: row.legal_name,
        address: row.address,
        npwp: row.npwp,
        phone: row.phone,
        email: row.email,
        bank_accounts: format_bank_accounts(&accounts),
        invoice_number_format: row.invoice_number_format,
        receipt_number_format: row.receipt_number_format,
        credit_note_number_format: row.credit_note_number_format,
        is_pkp: row.is_pkp,
        billing_mode: BillingMode::parse(&row.billing_mode).unwrap_or_default(),
        billing_day: row.billing_day.to_string(),
        due_days: row.due_days.to_string(),
        grace_days: row.grace_days.to_string(),
        late_fee: rupiah_or_empty(row.late_fee),
        reconnection_fee: rupiah_or_empty(row.reconnection_fee),
        reminder_offsets: row
            .reminder_offsets
            .iter()
            .map(i16::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        auto_issue: row.auto_issue,
    };
    let tax_rates = sqlx::query_as!(
        TaxRateRow,
        "SELECT effective_from, rate_bp, dpp_numerator, dpp_denominator, note
         FROM tax_rates ORDER BY effective_from DESC"
    )
    .fetch_all(conn)
    .await?;
    Ok(BillingSettingsView { draft, tax_rates })
}

/// Saves the settings screen, audited with what changed.
pub async fn save(
    db: &sqlx::PgPool,
    actor: &crate::request::Actor,
    draft: crate::billing::model::settings::BillingSettingsDraft,
) -> ServiceResult<()> {
    let checked = draft.check()?;
    let mut tx = db.begin().await?;
    // The row is locked so two admins saving at once are recorded one after the other.
    sqlx::query!("SELECT id FROM billing_settings WHERE id = 1 FOR UPDATE")
        .fetch_one(&mut *tx)
        .await?;
    let before = view(&mut tx).await?.draft;
    sqlx::query!(
        r#"UPDATE billing_settings
           SET legal_name = $1, address = $2, npwp = $3, phone = $4, email = $5,
               bank_accounts = $6, invoice_number_format = $7, receipt_number_format = $8,
               credit_note_number_format = $9, is_pkp = $10, billing_mode = $11,
               billing_day = $12, due_days = $13, grace_days = $14, late_fee = $15,
               reconnection_fee = $16, reminder_offsets = $17, auto_issue = $18,
               updated_at = now()
           WHERE id = 1"#,
        checked.legal_name,
        checked.address,
        checked.npwp,
        checked.phone,
        checked.email,
        serde_json::to_value(&checked.bank_accounts)
            .map_err(|e| crate::error::server::ServiceError::Internal(e.to_string()))?,
        checked.invoice_number_format,
        checked.receipt_number_format,
        checked.credit_note_number_format,
        checked.is_pkp,
        checked.billing_mode.as_str(),
        checked.billing_day,
        checked.due_days,
        checked.grace_days,
        checked.late_fee,
        checked.reconnection_fee,
        &checked.reminder_offsets,
        checked.auto_issue,
    )
    .execute(&mut *tx)
    .await?;
    crate::audit::server::AuditEvent::new("billing.settings", "billing_settings", 1)
        .before(&before)
        .after(&checked)
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}
