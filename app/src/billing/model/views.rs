//! What billing pages show: invoice rows and details, a customer's ledger, billing runs.

use super::{InvoiceId, InvoiceStatus};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Which invoices a list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvoiceView {
    #[default]
    All,
    Draft,
    /// Issued or partially paid.
    Open,
    /// Open and past the due date.
    Overdue,
    Paid,
    Cancelled,
}

impl InvoiceView {
    pub const ALL: [InvoiceView; 6] = [
        InvoiceView::All,
        InvoiceView::Draft,
        InvoiceView::Open,
        InvoiceView::Overdue,
        InvoiceView::Paid,
        InvoiceView::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceView::All => "all",
            InvoiceView::Draft => "draft",
            InvoiceView::Open => "open",
            InvoiceView::Overdue => "overdue",
            InvoiceView::Paid => "paid",
            InvoiceView::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == text)
            .unwrap_or_default()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InvoiceFilter {
    pub view: InvoiceView,
    /// Part of an invoice number, a customer code or name.
    pub q: String,
    pub customer_id: Option<i64>,
    pub run_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRow {
    pub id: InvoiceId,
    pub number: Option<String>,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub status: InvoiceStatus,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub total: i64,
    pub amount_due: i64,
    /// Days past the due date while something is due (0 otherwise).
    pub overdue_days: i64,
    pub changed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLineView {
    pub description: String,
    pub quantity: i64,
    pub unit_price: i64,
    pub discount: i64,
    pub price_includes_tax: bool,
    pub amount: i64,
    pub dpp: i64,
    pub ppn: i64,
    pub total: i64,
}

/// A payment or credit applied to an invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedCredit {
    pub description: String,
    pub amount: i64,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDetail {
    pub row: InvoiceRow,
    pub lines: Vec<InvoiceLineView>,
    pub subtotal: i64,
    pub dpp: i64,
    pub ppn: i64,
    pub taxed: bool,
    /// "12 %", "11/12"
    pub tax_rate_bp: i32,
    pub dpp_numerator: i32,
    pub dpp_denominator: i32,
    pub applied: Vec<AppliedCredit>,
    pub credit_note: Option<String>,
    pub credit_note_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRow {
    pub id: i64,
    pub kind: String,
    pub amount: i64,
    pub open_amount: i64,
    pub description: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRow {
    pub id: i64,
    pub number: String,
    pub method: String,
    pub amount: i64,
    pub received_on: NaiveDate,
    pub reference: String,
    pub reversed: bool,
    /// A proof (transfer slip) is attached: `/api/payments/{id}/proof`.
    pub has_proof: bool,
}

/// A customer's billing at a glance (the billing panel of the customer page).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerBilling {
    /// > 0 owed, < 0 credit.
    pub balance: i64,
    pub promise_to_pay_until: Option<NaiveDate>,
    pub invoices: Vec<InvoiceRow>,
    pub payments: Vec<PaymentRow>,
    pub ledger: Vec<LedgerRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSummary {
    pub id: i64,
    pub run_date: NaiveDate,
    pub mode: String,
    pub state: String,
    pub lines_total: i32,
    pub lines_done: i32,
    pub invoices_created: i32,
    pub total_amount: i64,
    /// Drafts of this run still waiting to be issued, their total, and how many changed
    /// since the line's previous invoice.
    pub drafts: i64,
    pub drafts_total: i64,
    pub drafts_changed: i64,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

/// What the portal shows a customer of their billing: balance, issued invoices, receipts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalBilling {
    /// > 0 owed, < 0 credit.
    pub balance: i64,
    pub invoices: Vec<InvoiceRow>,
    pub payments: Vec<PaymentRow>,
}
