//! A few months of billing for the demo: the ISP's identity and tax, the demo lines billed
//! from the first of the month three months ago through the real billing run, paid as real
//! customers pay: most on time, Budi part of his latest invoice, Yohana not since her first,
//! so the collections pass isolates her line for the unpaid month and paying it in the
//! portal or at the counter brings it back. Runs once (when no invoice exists yet).

use app::billing::model::{PaymentDraft, PaymentMethod};
use app::billing::server::run::{self, RunMode};
use app::billing::server::{collections, payments, settings};
use app::error::server::ServiceResult;
use app::request::Actor;
use chrono::{Datelike, Days, Months, NaiveDate};
use sqlx::PgPool;

/// Customers who pay late: Yohana pays only her first invoice, Budi half of his latest.
const NEVER_AGAIN: &str = "yohana";
const PARTLY: &str = "budi";

pub async fn seed(db: &PgPool) -> ServiceResult<()> {
    let any: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM invoices)")
        .fetch_one(db)
        .await?;
    if any {
        return Ok(());
    }
    sqlx::query(
        r#"UPDATE billing_settings
           SET legal_name = 'PT Simpul Net Nusantara',
               address = 'Jl. Kebon Sirih No. 12, Menteng, Jakarta Pusat 10340',
               npwp = '0123456789012345', phone = '+622150001234', email = 'tagihan@simpul.test',
               bank_accounts = '[{"bank": "BCA", "number": "5270123456", "holder": "PT Simpul Net Nusantara"},
                                 {"bank": "Mandiri", "number": "1230009876543", "holder": "PT Simpul Net Nusantara"}]',
               is_pkp = true, due_days = 10, grace_days = 3, reconnection_fee = 25000,
               updated_at = now()
           WHERE id = 1"#,
    )
    .execute(db)
    .await?;
    // The demo's prices are what customers pay, PPN included.
    sqlx::query("UPDATE plans SET price_includes_tax = true WHERE profile_name LIKE 'simpul-%'")
        .execute(db)
        .await?;
    let today = settings::today();
    let first_of_month = today.with_day(1).expect("day 1 exists");
    let start = first_of_month - Months::new(3);
    sqlx::query(
        "UPDATE subscriptions SET billing_starts_on = $1, start_date = LEAST(start_date, $1)
         WHERE username IN ('ahmad', 'siti', 'budi', 'made', 'yohana')",
    )
    .bind(start)
    .execute(db)
    .await?;
    let system = Actor::system();
    let mut run_date = start + Months::new(1);
    let mut first = true;
    while run_date <= today {
        run::run(db, &system, run_date, RunMode::Issue).await?;
        let last = run_date + Months::new(1) > today;
        pay_month(db, &system, run_date, today, first, last).await?;
        first = false;
        run_date = run_date + Months::new(1);
    }
    collections::collect(db, &system, today).await?;
    Ok(())
}

/// Payments for the invoices issued on `issued`, five days later (or today if sooner).
async fn pay_month(
    db: &PgPool,
    actor: &Actor,
    issued: NaiveDate,
    today: NaiveDate,
    first: bool,
    last: bool,
) -> ServiceResult<()> {
    let paid_on = (issued + Days::new(5)).min(today);
    let due: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT i.customer_id, s.username, i.amount_due FROM invoices i
         JOIN subscriptions s ON s.id = i.subscription_id
         WHERE i.issue_date = $1 AND i.amount_due > 0 ORDER BY i.id",
    )
    .bind(issued)
    .fetch_all(db)
    .await?;
    for (customer_id, username, amount) in due {
        let amount = match username.as_str() {
            NEVER_AGAIN if !first => continue,
            PARTLY if last => amount / 2,
            _ => amount,
        };
        let method = if customer_id % 2 == 0 {
            PaymentMethod::BankTransfer
        } else {
            PaymentMethod::Cash
        };
        let draft = PaymentDraft {
            customer_id,
            method,
            amount: amount.to_string(),
            received_on: paid_on.to_string(),
            reference: if method == PaymentMethod::BankTransfer {
                format!("TRF {}", paid_on.format("%d%m"))
            } else {
                String::new()
            },
            ..PaymentDraft::default()
        };
        payments::record(db, actor, draft, paid_on).await?;
    }
    Ok(())
}
