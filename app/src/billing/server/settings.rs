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
