//! Billing against a real database: idempotent runs (also concurrent), proration and tax on
//! the invoice, gap-free numbers, the ledger invariant after every kind of entry, partial,
//! early and reversed payments, credit notes, and isolation/restoration through the
//! provisioning outbox.

#[allow(dead_code)]
mod support;

use app::auth::model::Role;
use app::billing::model::{ChargeDraft, PaymentDraft, PaymentId, PaymentMethod};
use app::billing::server::run::{self, RunMode};
use app::billing::server::{adjustments, charges, collections, invoices, payments};
use app::error::AppError;
use app::i18n::Msg;
use app::request::Actor;
use chrono::NaiveDate;
use sqlx::PgPool;
use support::add_user;
use support::isp::{customer, line, line_draft, nas, plan};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

struct Isp {
    finance: Actor,
    customer_id: i64,
    line_id: i64,
}

/// One customer with one active line at Rp150.000 a month, billed from `start`.
async fn isp(db: &PgPool, start: NaiveDate) -> Isp {
    let admin = add_user(db, "admin1", &[Role::Admin]).await;
    let finance = add_user(db, "finance1", &[Role::Finance]).await;
    let nas_id = nas(db, &admin, "nas-1", 1).await;
    let plan_id = plan(db, &admin, "Rumah 20", "rumah20", &[nas_id]).await;
    sqlx::query("UPDATE plans SET price_rupiah = 150000 WHERE id = $1")
        .bind(plan_id)
        .execute(db)
        .await
        .unwrap();
    let customer_id = customer(db, &admin, "Yohana Sitompul", "0812-1111-2222").await;
    let line_id = line(
        db,
        &admin,
        line_draft(customer_id, plan_id, nas_id, "yohana"),
    )
    .await;
    sqlx::query("UPDATE subscriptions SET start_date = $2 WHERE id = $1")
        .bind(line_id)
        .bind(start)
        .execute(db)
        .await
        .unwrap();
    Isp {
        finance,
        customer_id,
        line_id,
    }
}

async fn set(db: &PgPool, sql: &'static str) {
    sqlx::query(sql).execute(db).await.unwrap();
}

/// (number, status, total, amount_due) of the customer's invoices, oldest first.
async fn invoices_of(db: &PgPool, customer_id: i64) -> Vec<(Option<String>, String, i64, i64)> {
    sqlx::query_as(
        "SELECT number, status, total, amount_due FROM invoices WHERE customer_id = $1
         ORDER BY period_start NULLS LAST, id",
    )
    .bind(customer_id)
    .fetch_all(db)
    .await
    .unwrap()
}

async fn balance(db: &PgPool, customer_id: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT COALESCE(sum(amount), 0)::bigint FROM ledger_entries WHERE customer_id = $1",
    )
    .bind(customer_id)
    .fetch_one(db)
    .await
    .unwrap()
}

/// The ledger's invariants, checked over the whole database:
/// * each entry's open amount is its size minus its live matches;
/// * each customer's balance (the sum) equals open debits minus open credits;
/// * each issued invoice's amount due is its entry's open amount (0 when cancelled) and its
///   status follows from it.
async fn assert_ledger_consistent(db: &PgPool) {
    let bad_open: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM ledger_entries e
         WHERE e.open_amount <> abs(e.amount) - COALESCE((
             SELECT sum(a.amount) FROM ledger_allocations a
             WHERE (a.debit_id = e.id OR a.credit_id = e.id) AND a.released_at IS NULL), 0)",
    )
    .fetch_one(db)
    .await
    .unwrap();
    assert_eq!(bad_open, 0, "open amounts match live allocations");
    let bad_balance: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (
             SELECT customer_id, sum(amount) AS balance,
                    sum(CASE WHEN amount > 0 THEN open_amount ELSE -open_amount END) AS open
             FROM ledger_entries GROUP BY customer_id) t
         WHERE balance <> open",
    )
    .fetch_one(db)
    .await
    .unwrap();
    assert_eq!(bad_balance, 0, "balance = open debits - open credits");
    let bad_invoices: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM invoices i
         LEFT JOIN ledger_entries e ON e.invoice_id = i.id AND e.kind = 'invoice'
         WHERE i.status <> 'draft' AND (
             i.amount_due <> CASE WHEN i.status = 'cancelled' THEN 0
                                  ELSE COALESCE(e.open_amount, 0) END
             OR (i.status = 'paid' AND i.amount_due <> 0)
             OR (i.status = 'issued' AND i.amount_due <> i.total)
             OR (i.status = 'partially_paid' AND NOT (i.amount_due BETWEEN 1 AND i.total - 1)))",
    )
    .fetch_one(db)
    .await
    .unwrap();
    assert_eq!(bad_invoices, 0, "invoices follow their ledger entries");
    let unsettled: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (
             SELECT customer_id FROM ledger_entries WHERE open_amount > 0
             GROUP BY customer_id
             HAVING bool_or(amount > 0) AND bool_or(amount < 0)) t",
    )
    .fetch_one(db)
    .await
    .unwrap();
    assert_eq!(
        unsettled, 0,
        "no customer holds open credit beside an open debit"
    );
}

fn payment(customer_id: i64, amount: &str, on: &str) -> PaymentDraft {
    PaymentDraft {
        customer_id,
        method: PaymentMethod::Cash,
        amount: amount.into(),
        received_on: on.into(),
        ..PaymentDraft::default()
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn runs_bill_each_period_once_even_when_started_together(db: PgPool) {
    let isp = isp(&db, d(2026, 9, 1)).await;
    let system = Actor::system();
    // Two runs at once (two servers, a double click): the lines are billed once.
    let (a, b) = tokio::join!(
        run::run(&db, &system, d(2026, 12, 1), RunMode::Issue),
        run::run(&db, &system, d(2026, 12, 1), RunMode::Issue),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.invoices + b.invoices, 3, "September, October, November");
    let again = run::run(&db, &system, d(2026, 12, 1), RunMode::Issue)
        .await
        .unwrap();
    assert_eq!((again.lines, again.invoices), (1, 0));
    let numbers: Vec<_> = invoices_of(&db, isp.customer_id)
        .await
        .into_iter()
        .map(|i| i.0.unwrap())
        .collect();
    assert_eq!(
        numbers,
        [
            "INV/2026/12/000001",
            "INV/2026/12/000002",
            "INV/2026/12/000003"
        ]
    );
    assert_eq!(balance(&db, isp.customer_id).await, 450_000);
    assert_ledger_consistent(&db).await;
}

#[sqlx::test(migrations = "../migrations")]
async fn a_first_period_is_prorated_and_taxed_by_pmk_131(db: PgPool) {
    let isp = isp(&db, d(2026, 12, 14)).await;
    set(&db, "UPDATE billing_settings SET is_pkp = true").await;
    let system = Actor::system();
    let none = run::run(&db, &system, d(2026, 12, 31), RunMode::Issue)
        .await
        .unwrap();
    assert_eq!(none.invoices, 0, "postpaid bills after the cycle");
    run::run(&db, &system, d(2027, 1, 1), RunMode::Issue)
        .await
        .unwrap();
    let (description, days, amount, dpp, ppn, total): (String, i32, i64, i64, i64, i64) =
        sqlx::query_as("SELECT description, days_used, amount, dpp, ppn, total FROM invoice_lines")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(description, "Rumah 20 (14–31 Des 2026, 18 dari 31 hari)");
    assert_eq!(days, 18);
    // 150.000 × 18/31 = 87.096,77 → 87.097; DPP 11/12 → 79.838; PPN 12 % → 9.580
    assert_eq!((amount, dpp, ppn, total), (87_097, 79_838, 9_580, 96_677));
    let invoices = invoices_of(&db, isp.customer_id).await;
    assert_eq!(
        invoices,
        [(
            Some("INV/2027/01/000001".into()),
            "issued".into(),
            96_677,
            96_677
        )]
    );
    let (due, tax_bp): (NaiveDate, i32) =
        sqlx::query_as("SELECT due_date, tax_rate_bp FROM invoices")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!((due, tax_bp), (d(2027, 1, 11), 1200));
}

#[sqlx::test(migrations = "../migrations")]
async fn a_preview_leaves_drafts_that_finance_issues_later(db: PgPool) {
    let isp = isp(&db, d(2026, 11, 1)).await;
    let system = Actor::system();
    let preview = run::run(&db, &system, d(2026, 12, 1), RunMode::Preview)
        .await
        .unwrap();
    assert_eq!((preview.invoices, preview.total), (1, 150_000));
    let drafts = invoices_of(&db, isp.customer_id).await;
    assert_eq!(drafts, [(None, "draft".into(), 150_000, 150_000)]);
    assert_eq!(
        balance(&db, isp.customer_id).await,
        0,
        "drafts are not on the ledger"
    );
    // A second preview finds the period taken.
    let again = run::run(&db, &system, d(2026, 12, 1), RunMode::Preview)
        .await
        .unwrap();
    assert_eq!(again.invoices, 0);
    // Issued two days later: numbered and dated that day, due date moved with it.
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM invoices")
        .fetch_all(&db)
        .await
        .unwrap();
    let mut tx = db.begin().await.unwrap();
    invoices::issue(&mut tx, &isp.finance, &ids, d(2026, 12, 3))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (number, issue, due): (String, NaiveDate, NaiveDate) =
        sqlx::query_as("SELECT number, issue_date, due_date FROM invoices")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(
        (number.as_str(), issue, due),
        ("INV/2026/12/000001", d(2026, 12, 3), d(2026, 12, 13))
    );
    assert_eq!(balance(&db, isp.customer_id).await, 150_000);
    // An issued invoice cannot be edited or deleted, even in SQL.
    assert!(sqlx::query("UPDATE invoices SET total = 1")
        .execute(&db)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM invoices")
        .execute(&db)
        .await
        .is_err());
    assert!(sqlx::query("UPDATE invoice_lines SET total = 1")
        .execute(&db)
        .await
        .is_err());
    let added_later = sqlx::query(
        "INSERT INTO invoice_lines (invoice_id, position, kind, description, unit_price,
                                    price_includes_tax, amount, dpp, ppn, total)
         SELECT id, 9, 'one_time', 'Tambahan', 1, false, 1, 1, 0, 1 FROM invoices",
    )
    .execute(&db)
    .await;
    assert!(
        added_later.is_err(),
        "no line is added to an issued invoice"
    );
}

#[sqlx::test(migrations = "../migrations")]
async fn the_ledger_balances_after_every_kind_of_entry(db: PgPool) {
    let isp = isp(&db, d(2026, 10, 1)).await;
    let (c, f) = (isp.customer_id, &isp.finance);
    let system = Actor::system();
    let today = d(2026, 12, 20);
    // A payment that arrives before any invoice becomes credit.
    payments::record(&db, f, payment(c, "100.000", "2026-10-20"), today)
        .await
        .unwrap();
    assert_eq!(balance(&db, c).await, -100_000);
    assert_ledger_consistent(&db).await;
    // The invoice takes the credit as soon as it is issued: partially paid.
    run::run(&db, &system, d(2026, 11, 1), RunMode::Issue)
        .await
        .unwrap();
    assert_eq!(
        invoices_of(&db, c).await,
        [(
            Some("INV/2026/11/000001".into()),
            "partially_paid".into(),
            150_000,
            50_000
        )]
    );
    assert_ledger_consistent(&db).await;
    // An overpayment pays it and leaves credit…
    payments::record(&db, f, payment(c, "200.000", "2026-11-05"), today)
        .await
        .unwrap();
    assert_eq!(balance(&db, c).await, -150_000);
    assert_ledger_consistent(&db).await;
    // …which pays the next invoice whole.
    run::run(&db, &system, d(2026, 12, 1), RunMode::Issue)
        .await
        .unwrap();
    let invoices = invoices_of(&db, c).await;
    assert_eq!(invoices[1].1, "paid");
    assert_eq!(balance(&db, c).await, 0);
    assert_ledger_consistent(&db).await;
    // A debit adjustment is due; a credit adjustment settles it.
    adjustments::post(&db, f, c, 25_000, "Saldo dari pembukuan lama", today)
        .await
        .unwrap();
    assert_eq!(balance(&db, c).await, 25_000);
    assert_ledger_consistent(&db).await;
    adjustments::post(&db, f, c, -25_000, "Kompensasi gangguan", today)
        .await
        .unwrap();
    assert_eq!(balance(&db, c).await, 0);
    assert_ledger_consistent(&db).await;
    // Cancelling a paid invoice with a credit note turns what was paid into credit.
    let first: i64 = sqlx::query_scalar("SELECT id FROM invoices ORDER BY id LIMIT 1")
        .fetch_one(&db)
        .await
        .unwrap();
    invoices::cancel(&db, f, first, "Salah tarif", today)
        .await
        .unwrap();
    assert_eq!(invoices_of(&db, c).await[0].1, "cancelled");
    assert_eq!(balance(&db, c).await, -150_000);
    assert_ledger_consistent(&db).await;
    let cancel_again = invoices::cancel(&db, f, first, "lagi", today).await;
    assert_eq!(
        AppError::from(cancel_again.unwrap_err()),
        AppError::Conflict(Msg::ErrInvoiceNotIssued)
    );
    // Reversing the overpayment takes that credit back; what it paid is due again.
    let second_payment: i64 =
        sqlx::query_scalar("SELECT id FROM payments ORDER BY id DESC LIMIT 1")
            .fetch_one(&db)
            .await
            .unwrap();
    payments::reverse(&db, f, PaymentId(second_payment), "Transfer ditolak bank")
        .await
        .unwrap();
    assert_eq!(balance(&db, c).await, 50_000);
    let invoices = invoices_of(&db, c).await;
    assert_eq!(
        (invoices[1].1.as_str(), invoices[1].3),
        ("partially_paid", 50_000)
    );
    assert_ledger_consistent(&db).await;
    let twice = payments::reverse(&db, f, PaymentId(second_payment), "lagi").await;
    assert_eq!(
        AppError::from(twice.unwrap_err()),
        AppError::Conflict(Msg::ErrPaymentReversed)
    );
    // The receipts and the credit note are numbered in their own yearly sequences.
    let receipts: Vec<String> = sqlx::query_scalar("SELECT number FROM payments ORDER BY id")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(receipts, ["KW/2026/12/000001", "KW/2026/12/000002"]);
    let credit_note: String = sqlx::query_scalar("SELECT number FROM credit_notes")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(credit_note, "CN/2026/12/000001");
}

#[sqlx::test(migrations = "../migrations")]
async fn finance_names_the_invoice_a_payment_is_for(db: PgPool) {
    let isp = isp(&db, d(2026, 10, 1)).await;
    let (c, f) = (isp.customer_id, &isp.finance);
    run::run(&db, &Actor::system(), d(2026, 12, 1), RunMode::Issue)
        .await
        .unwrap();
    let newest: i64 =
        sqlx::query_scalar("SELECT id FROM invoices ORDER BY period_start DESC LIMIT 1")
            .fetch_one(&db)
            .await
            .unwrap();
    let draft = PaymentDraft {
        invoice_ids: vec![newest],
        ..payment(c, "150000", "2026-12-02")
    };
    payments::record(&db, f, draft, d(2026, 12, 2))
        .await
        .unwrap();
    let statuses: Vec<String> = invoices_of(&db, c).await.into_iter().map(|i| i.1).collect();
    assert_eq!(statuses, ["issued", "paid"]);
    assert_ledger_consistent(&db).await;
    // A refused payment (an invoice of nobody's) takes no receipt number.
    let wrong = PaymentDraft {
        invoice_ids: vec![newest + 100],
        ..payment(c, "150000", "2026-12-02")
    };
    assert!(payments::record(&db, f, wrong, d(2026, 12, 2))
        .await
        .is_err());
    payments::record(&db, f, payment(c, "1", "2026-12-02"), d(2026, 12, 2))
        .await
        .unwrap();
    let receipts: Vec<String> = sqlx::query_scalar("SELECT number FROM payments ORDER BY id")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(receipts, ["KW/2026/12/000001", "KW/2026/12/000002"]);
}

async fn line_status(db: &PgPool, line_id: i64) -> (String, String) {
    sqlx::query_as("SELECT status, status_reason FROM subscriptions WHERE id = $1")
        .bind(line_id)
        .fetch_one(db)
        .await
        .unwrap()
}

async fn queued_syncs(db: &PgPool, reason: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM provisioning_jobs WHERE reason = $1 AND state = 'pending'",
    )
    .bind(reason)
    .fetch_one(db)
    .await
    .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn unpaid_past_grace_isolates_and_paying_restores_with_a_reconnection_fee(db: PgPool) {
    let isp = isp(&db, d(2026, 10, 1)).await;
    let (c, f) = (isp.customer_id, &isp.finance);
    set(
        &db,
        "UPDATE billing_settings SET late_fee = 10000, reconnection_fee = 25000",
    )
    .await;
    let system = Actor::system();
    // October is billed on 1 November, due on the 11th, grace until the 14th.
    run::run(&db, &system, d(2026, 11, 1), RunMode::Issue)
        .await
        .unwrap();
    let on_time = collections::collect(&db, &system, d(2026, 11, 14))
        .await
        .unwrap();
    assert_eq!((on_time.isolated, on_time.late_fees), (0, 1));
    assert_eq!(line_status(&db, isp.line_id).await.0, "active");
    // A promise to pay holds the isolation off until its date.
    collections::promise_to_pay(&db, f, c, Some(d(2026, 11, 20)), d(2026, 11, 14))
        .await
        .unwrap();
    let promised = collections::collect(&db, &system, d(2026, 11, 15))
        .await
        .unwrap();
    assert_eq!(promised.isolated, 0);
    let broken = collections::collect(&db, &system, d(2026, 11, 21))
        .await
        .unwrap();
    assert_eq!(broken.isolated, 1);
    assert_eq!(
        line_status(&db, isp.line_id).await,
        (
            "isolated".into(),
            "Tagihan Oktober 2026 belum dibayar".into()
        )
    );
    assert!(
        queued_syncs(&db, "subscription.isolated").await > 0,
        "the router is told"
    );
    // Running again changes nothing.
    assert_eq!(
        collections::collect(&db, &system, d(2026, 11, 21))
            .await
            .unwrap()
            .isolated,
        0
    );
    // Paying part is not enough; paying the rest restores the line at once.
    payments::record(&db, f, payment(c, "100000", "2026-11-22"), d(2026, 11, 22))
        .await
        .unwrap();
    assert_eq!(line_status(&db, isp.line_id).await.0, "isolated");
    payments::record(&db, f, payment(c, "50000", "2026-11-22"), d(2026, 11, 22))
        .await
        .unwrap();
    assert_eq!(line_status(&db, isp.line_id).await.0, "active");
    assert!(queued_syncs(&db, "subscription.active").await > 0);
    // The late fee and the reconnection fee ride on the next invoice.
    run::run(&db, &system, d(2026, 12, 1), RunMode::Issue)
        .await
        .unwrap();
    let lines: Vec<(String, i64)> = sqlx::query_as(
        "SELECT l.kind, l.total FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
         WHERE i.period_start = '2026-11-01' ORDER BY l.position",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(
        lines,
        [
            ("service".into(), 150_000),
            ("late_fee".into(), 10_000),
            ("reconnection".into(), 25_000)
        ]
    );
    assert_ledger_consistent(&db).await;
}

#[sqlx::test(migrations = "../migrations")]
async fn a_line_isolated_by_hand_is_not_restored_by_billing(db: PgPool) {
    let isp = isp(&db, d(2026, 10, 1)).await;
    let system = Actor::system();
    run::run(&db, &system, d(2026, 11, 1), RunMode::Issue)
        .await
        .unwrap();
    collections::collect(&db, &system, d(2026, 11, 30))
        .await
        .unwrap();
    assert_eq!(line_status(&db, isp.line_id).await.0, "isolated");
    // Staff suspend the line meanwhile; paying closes the isolation but leaves it suspended.
    set(&db, "UPDATE subscriptions SET status = 'suspended'").await;
    payments::record(
        &db,
        &isp.finance,
        payment(isp.customer_id, "150000", "2026-12-01"),
        d(2026, 12, 1),
    )
    .await
    .unwrap();
    assert_eq!(line_status(&db, isp.line_id).await.0, "suspended");
    let open: i64 =
        sqlx::query_scalar("SELECT count(*) FROM billing_isolations WHERE restored_at IS NULL")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(open, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn one_time_charges_wait_for_the_next_invoice_or_are_billed_at_once(db: PgPool) {
    let isp = isp(&db, d(2026, 11, 1)).await;
    let (c, f) = (isp.customer_id, &isp.finance);
    let install = ChargeDraft {
        customer_id: c,
        description: "Biaya instalasi".into(),
        unit_price: "250.000".into(),
        ..ChargeDraft::default()
    };
    assert_eq!(
        charges::add(&db, f, install, d(2026, 11, 1)).await.unwrap(),
        None
    );
    let router = ChargeDraft {
        customer_id: c,
        description: "Router Wi-Fi".into(),
        quantity: "2".into(),
        unit_price: "300000".into(),
        bill_now: true,
        ..ChargeDraft::default()
    };
    let invoice = charges::add(&db, f, router, d(2026, 11, 2))
        .await
        .unwrap()
        .unwrap();
    let (kind, total, number): (String, i64, String) =
        sqlx::query_as("SELECT kind, total, number FROM invoices WHERE id = $1")
            .bind(invoice)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(
        (kind.as_str(), total, number.as_str()),
        ("one_time", 600_000, "INV/2026/11/000001")
    );
    run::run(&db, &Actor::system(), d(2026, 12, 1), RunMode::Issue)
        .await
        .unwrap();
    let totals: Vec<i64> = invoices_of(&db, c).await.into_iter().map(|i| i.2).collect();
    assert_eq!(
        totals,
        [400_000, 600_000],
        "the service invoice carries the installation"
    );
    assert_ledger_consistent(&db).await;
}

#[sqlx::test(migrations = "../migrations")]
async fn a_preview_of_a_future_billing_day_isolates_nobody(db: PgPool) {
    // Found in the end-to-end run: previewing next month ran collections as of that day and
    // isolated a customer whose invoice was not yet overdue.
    let isp = isp(&db, d(2026, 10, 1)).await;
    let system = Actor::system();
    run::run(&db, &system, d(2026, 11, 1), RunMode::Issue)
        .await
        .unwrap();
    run::run(&db, &system, d(2099, 1, 1), RunMode::Preview)
        .await
        .unwrap();
    assert_eq!(line_status(&db, isp.line_id).await.0, "active");
    let late_fees: i64 = sqlx::query_scalar("SELECT count(*) FROM billing_charges")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(late_fees, 0);
}

#[sqlx::test(migrations = "../migrations")]
async fn settings_are_checked_audited_and_used_by_the_next_run(db: PgPool) {
    use app::billing::model::settings::BillingSettingsDraft;
    use app::billing::server::settings;
    let isp = isp(&db, d(2026, 11, 1)).await;
    let admin = add_user(&db, "admin2", &[Role::Admin]).await;
    let mut conn = db.acquire().await.unwrap();
    let stored = settings::view(&mut conn).await.unwrap();
    drop(conn);
    assert_eq!(
        stored.tax_rates.len(),
        2,
        "the rates in force since 2022 and 2025"
    );
    let refused = BillingSettingsDraft {
        is_pkp: true,
        ..stored.draft.clone()
    };
    let error = AppError::from(settings::save(&db, &admin, refused).await.unwrap_err());
    assert_eq!(
        error.field_errors().and_then(|e| e.get("legal_name")),
        Some(Msg::ValRequired)
    );
    let draft = BillingSettingsDraft {
        legal_name: "PT Simpul Net".into(),
        npwp: "0123456789012345".into(),
        is_pkp: true,
        invoice_number_format: "F-{YY}{MM}-{SEQ:4}".into(),
        due_days: "7".into(),
        ..stored.draft
    };
    settings::save(&db, &admin, draft).await.unwrap();
    let audited: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'billing.settings'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(audited, 1);
    run::run(&db, &Actor::system(), d(2026, 12, 1), RunMode::Issue)
        .await
        .unwrap();
    let (number, due, ppn): (String, NaiveDate, i64) =
        sqlx::query_as("SELECT number, due_date, ppn FROM invoices WHERE customer_id = $1")
            .bind(isp.customer_id)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(
        (number.as_str(), due, ppn),
        ("F-2612-0001", d(2026, 12, 8), 16_500)
    );
}

/// Terminates the line as if on `day` (10:00 in Jakarta), in its status and its history.
async fn terminate_on(db: &PgPool, line_id: i64, day: NaiveDate) {
    sqlx::query(
        "UPDATE subscriptions SET status = 'terminated',
                status_changed_at = ($2::date + time '03:00') AT TIME ZONE 'UTC' WHERE id = $1",
    )
    .bind(line_id)
    .bind(day)
    .execute(db)
    .await
    .unwrap();
    move_last_state(db, line_id, day).await;
}

/// A faster plan at Rp300.000 beside the test ISP's Rumah 20.
async fn rumah_50(db: &PgPool) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO plans (name, connection_type, profile_name, download_kbps, upload_kbps,
                            price_rupiah)
         SELECT 'Rumah 50', connection_type, 'rumah50', download_kbps, upload_kbps, 300000
         FROM plans LIMIT 1 RETURNING id",
    )
    .fetch_one(db)
    .await
    .unwrap()
}

/// The state the trigger recorded last for the line: (effective_from, plan_id, billable).
async fn last_state(db: &PgPool, line_id: i64) -> (NaiveDate, i64, bool) {
    sqlx::query_as(
        "SELECT effective_from, plan_id, billable FROM line_billing_states
         WHERE subscription_id = $1 ORDER BY effective_from DESC LIMIT 1",
    )
    .bind(line_id)
    .fetch_one(db)
    .await
    .unwrap()
}

/// The trigger dates a change on the ISP's today; the test moves it to a fixed day so that
/// the amounts do not depend on when the suite runs.
async fn move_last_state(db: &PgPool, line_id: i64, to: NaiveDate) {
    sqlx::query(
        "UPDATE line_billing_states SET effective_from = $2
         WHERE subscription_id = $1
           AND effective_from = (SELECT max(effective_from) FROM line_billing_states
                                 WHERE subscription_id = $1)",
    )
    .bind(line_id)
    .bind(to)
    .execute(db)
    .await
    .unwrap();
}

async fn today_in_jakarta(db: &PgPool) -> NaiveDate {
    sqlx::query_scalar("SELECT (now() AT TIME ZONE 'Asia/Jakarta')::date")
        .fetch_one(db)
        .await
        .unwrap()
}

/// (description, amount) of the service lines of the line's invoice starting on `start`.
async fn service_lines(db: &PgPool, line_id: i64, start: NaiveDate) -> Vec<(String, i64)> {
    sqlx::query_as(
        "SELECT l.description, l.amount FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
         WHERE i.subscription_id = $1 AND i.period_start = $2 AND l.kind = 'service'
         ORDER BY l.period_start",
    )
    .bind(line_id)
    .bind(start)
    .fetch_all(db)
    .await
    .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn plan_changes_suspensions_and_termination_bill_each_part_of_the_period(db: PgPool) {
    // Dates long past, so that no change the trigger dates on today lands on one of them.
    let isp = isp(&db, d(2020, 11, 1)).await;
    let system = Actor::system();
    let faster = rumah_50(&db).await;
    run::run(&db, &system, d(2020, 12, 1), RunMode::Issue)
        .await
        .unwrap();
    assert_eq!(
        service_lines(&db, isp.line_id, d(2020, 11, 1)).await,
        [("Rumah 20 (1–30 Nov 2020)".to_string(), 150_000)]
    );

    // An upgrade, by whatever path changes the line: the database records it on today.
    sqlx::query("UPDATE subscriptions SET plan_id = $2 WHERE id = $1")
        .bind(isp.line_id)
        .bind(faster)
        .execute(&db)
        .await
        .unwrap();
    let today = today_in_jakarta(&db).await;
    assert_eq!(last_state(&db, isp.line_id).await, (today, faster, true));
    move_last_state(&db, isp.line_id, d(2020, 12, 15)).await;
    run::run(&db, &system, d(2021, 1, 1), RunMode::Issue)
        .await
        .unwrap();
    // 150.000 × 14/31 = 67.741,9 → 67.742; 300.000 × 17/31 = 164.516,1 → 164.516
    assert_eq!(
        service_lines(&db, isp.line_id, d(2020, 12, 1)).await,
        [
            (
                "Rumah 20 (1–14 Des 2020, 14 dari 31 hari)".to_string(),
                67_742
            ),
            (
                "Rumah 50 (15–31 Des 2020, 17 dari 31 hari)".to_string(),
                164_516
            ),
        ]
    );

    // Suspended from 10 to 19 January: those days are not billed.
    set_line_status(&db, isp.line_id, "suspended").await;
    assert!(
        !last_state(&db, isp.line_id).await.2,
        "suspended days are not charged"
    );
    move_last_state(&db, isp.line_id, d(2021, 1, 10)).await;
    set_line_status(&db, isp.line_id, "active").await;
    move_last_state(&db, isp.line_id, d(2021, 1, 20)).await;
    run::run(&db, &system, d(2021, 2, 1), RunMode::Issue)
        .await
        .unwrap();
    // 300.000 × 9/31 = 87.096,8 → 87.097; × 12/31 = 116.129,0 → 116.129
    assert_eq!(
        service_lines(&db, isp.line_id, d(2021, 1, 1)).await,
        [
            (
                "Rumah 50 (1–9 Jan 2021, 9 dari 31 hari)".to_string(),
                87_097
            ),
            (
                "Rumah 50 (20–31 Jan 2021, 12 dari 31 hari)".to_string(),
                116_129
            ),
        ]
    );

    // Terminated on 10 February: its last nine days are billed once, then nothing.
    terminate_on(&db, isp.line_id, d(2021, 2, 10)).await;
    run::run(&db, &system, d(2021, 3, 1), RunMode::Issue)
        .await
        .unwrap();
    // 300.000 × 9/28 = 96.428,6 → 96.429
    assert_eq!(
        service_lines(&db, isp.line_id, d(2021, 2, 1)).await,
        [(
            "Rumah 50 (1–9 Feb 2021, 9 dari 28 hari)".to_string(),
            96_429
        )]
    );
    let later = run::run(&db, &system, d(2021, 4, 1), RunMode::Issue)
        .await
        .unwrap();
    assert_eq!(later.invoices, 0, "nothing is billed after termination");
    assert_eq!(invoices_of(&db, isp.customer_id).await.len(), 4);
    assert_ledger_consistent(&db).await;
}

async fn set_line_status(db: &PgPool, line_id: i64, status: &str) {
    sqlx::query("UPDATE subscriptions SET status = $2, status_changed_at = now() WHERE id = $1")
        .bind(line_id)
        .bind(status)
        .execute(db)
        .await
        .unwrap();
}

#[sqlx::test(migrations = "../migrations")]
async fn the_finance_overview_ages_receivables_and_sums_months_and_channels(db: PgPool) {
    use app::billing::model::overview::{AgingBand, ChannelTotal};
    use app::billing::model::PaymentMethod;
    use app::billing::server::overview;

    let isp = isp(&db, d(2026, 9, 1)).await;
    let system = Actor::system();
    for run_date in [d(2026, 10, 1), d(2026, 11, 1), d(2026, 12, 1)] {
        run::run(&db, &system, run_date, RunMode::Issue)
            .await
            .unwrap();
    }
    // September's invoice (issued 1 Oct) is paid in November; October's and November's
    // (due 11 Nov and 11 Dec) are not.
    payments::record(
        &db,
        &isp.finance,
        payment(isp.customer_id, "150000", "2026-11-05"),
        d(2026, 11, 5),
    )
    .await
    .unwrap();

    let mut conn = db.acquire().await.unwrap();
    let seen = overview::load(&mut conn, d(2026, 12, 31), d(2026, 11, 1))
        .await
        .unwrap();
    let aging: Vec<(AgingBand, i64, i64)> = seen
        .aging
        .iter()
        .map(|b| (b.band, b.invoices, b.amount))
        .collect();
    assert_eq!(
        aging,
        [
            (AgingBand::NotDue, 0, 0),
            (AgingBand::Days0To30, 1, 150_000),
            (AgingBand::Days31To60, 1, 150_000),
            (AgingBand::Days61To90, 0, 0),
            (AgingBand::Over90, 0, 0),
        ]
    );
    assert_eq!((seen.receivable(), seen.overdue()), (300_000, 300_000));

    assert_eq!(seen.months.len(), 12);
    assert_eq!(seen.months[0].month, d(2026, 1, 1));
    let month = |m: u32| {
        seen.months
            .iter()
            .find(|f| f.month == d(2026, m, 1))
            .unwrap()
    };
    assert_eq!((month(10).invoiced, month(10).collected), (150_000, 0));
    assert_eq!(month(10).collection_rate_permille(), Some(1000));
    assert_eq!(
        (month(11).invoiced, month(11).collected),
        (150_000, 150_000)
    );
    assert_eq!(month(11).collection_rate_permille(), Some(0));
    assert_eq!(month(9).collection_rate_permille(), None);
    assert_eq!(
        seen.channels,
        [ChannelTotal {
            method: PaymentMethod::Cash,
            channel: String::new(),
            payments: 1,
            amount: 150_000,
        }]
    );
    let december = overview::load(&mut conn, d(2026, 12, 31), d(2026, 12, 1))
        .await
        .unwrap();
    assert!(december.channels.is_empty());
}

/// (kind, description, amount) of every line of the line's invoice starting on `start`.
async fn all_lines(db: &PgPool, line_id: i64, start: NaiveDate) -> Vec<(String, String, i64)> {
    sqlx::query_as(
        "SELECT l.kind, l.description, l.amount FROM invoice_lines l
         JOIN invoices i ON i.id = l.invoice_id
         WHERE i.subscription_id = $1 AND i.period_start = $2 ORDER BY l.position",
    )
    .bind(line_id)
    .bind(start)
    .fetch_all(db)
    .await
    .unwrap()
}

async fn adjustments_of(db: &PgPool, customer_id: i64) -> Vec<(i64, String)> {
    sqlx::query_as(
        "SELECT amount, description FROM ledger_entries
         WHERE customer_id = $1 AND kind = 'adjustment' ORDER BY id",
    )
    .bind(customer_id)
    .fetch_all(db)
    .await
    .unwrap()
}

#[sqlx::test(migrations = "../migrations")]
async fn a_prepaid_month_is_trued_up_after_an_upgrade_and_after_termination(db: PgPool) {
    // Dates long past, so that no change the trigger dates on today lands on one of them.
    let isp = isp(&db, d(2020, 11, 1)).await;
    set(&db, "UPDATE billing_settings SET billing_mode = 'prepaid'").await;
    let system = Actor::system();
    let faster = rumah_50(&db).await;
    run::run(&db, &system, d(2020, 11, 1), RunMode::Issue)
        .await
        .unwrap();
    assert_eq!(
        all_lines(&db, isp.line_id, d(2020, 11, 1)).await,
        [(
            "service".to_string(),
            "Rumah 20 (1–30 Nov 2020)".to_string(),
            150_000
        )]
    );

    // Upgraded on 15 November, after November was invoiced in advance.
    sqlx::query("UPDATE subscriptions SET plan_id = $2 WHERE id = $1")
        .bind(isp.line_id)
        .bind(faster)
        .execute(&db)
        .await
        .unwrap();
    move_last_state(&db, isp.line_id, d(2020, 11, 15)).await;
    for _ in 0..2 {
        // The second run finds nothing more to correct.
        run::run(&db, &system, d(2020, 12, 1), RunMode::Issue)
            .await
            .unwrap();
    }
    // 150.000 × 16/30 = 80.000 back; 300.000 × 16/30 = 160.000 on December's invoice.
    assert_eq!(
        adjustments_of(&db, isp.customer_id).await,
        [(
            -80_000,
            "Kredit hari tak terpakai: Rumah 20 (15–30 Nov 2020, 16 dari 30 hari)".to_string()
        )]
    );
    assert_eq!(
        all_lines(&db, isp.line_id, d(2020, 12, 1)).await,
        [
            (
                "service".to_string(),
                "Rumah 50 (1–31 Des 2020)".to_string(),
                300_000
            ),
            (
                "proration".to_string(),
                "Penyesuaian: Rumah 50 (15–30 Nov 2020, 16 dari 30 hari)".to_string(),
                160_000
            ),
        ]
    );

    // Terminated on 20 December: its last twelve days come back as credit, and no
    // January invoice follows.
    terminate_on(&db, isp.line_id, d(2020, 12, 20)).await;
    run::run(&db, &system, d(2021, 1, 1), RunMode::Issue)
        .await
        .unwrap();
    // 300.000 × 12/31 = 116.129,03 → 116.129
    let adjustments = adjustments_of(&db, isp.customer_id).await;
    assert_eq!(
        adjustments.last().unwrap(),
        &(
            -116_129,
            "Kredit hari tak terpakai: Rumah 50 (20–31 Des 2020, 12 dari 31 hari)".to_string()
        )
    );
    assert_eq!(adjustments.len(), 2);
    assert_eq!(invoices_of(&db, isp.customer_id).await.len(), 2);
    assert_eq!(
        balance(&db, isp.customer_id).await,
        150_000 + 460_000 - 80_000 - 116_129
    );
    assert_ledger_consistent(&db).await;
}
