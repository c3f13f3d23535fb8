//! Billing types shared by the server and the browser, and the pure rules: tax, proration,
//! cycles, document numbers.

pub mod cycle;
pub mod documents;
pub mod drafts;
pub mod numbering;
pub mod overview;
pub mod proration;
pub mod segments;
pub mod settings;
pub mod tax;
pub mod terms;
pub mod views;

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

pub use cycle::{BillingMode, DateSpan, DuePeriod};
pub use drafts::{ChargeDraft, PaymentDraft};
pub use tax::{TaxRule, TaxSplit};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct InvoiceId(pub i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PaymentId(pub i64);

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvoiceStatus {
    #[default]
    Draft,
    Issued,
    PartiallyPaid,
    Paid,
    Cancelled,
}

impl InvoiceStatus {
    pub const ALL: [InvoiceStatus; 5] = [
        InvoiceStatus::Draft,
        InvoiceStatus::Issued,
        InvoiceStatus::PartiallyPaid,
        InvoiceStatus::Paid,
        InvoiceStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceStatus::Draft => "draft",
            InvoiceStatus::Issued => "issued",
            InvoiceStatus::PartiallyPaid => "partially_paid",
            InvoiceStatus::Paid => "paid",
            InvoiceStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> Msg {
        match self {
            InvoiceStatus::Draft => Msg::InvoiceDraft,
            InvoiceStatus::Issued => Msg::InvoiceIssued,
            InvoiceStatus::PartiallyPaid => Msg::InvoicePartiallyPaid,
            InvoiceStatus::Paid => Msg::InvoicePaid,
            InvoiceStatus::Cancelled => Msg::InvoiceCancelled,
        }
    }

    /// Issued and not fully paid or cancelled: something is still due.
    pub fn is_open(self) -> bool {
        matches!(self, InvoiceStatus::Issued | InvoiceStatus::PartiallyPaid)
    }

    /// The status an issued invoice has with `due` left of `total`.
    pub fn from_amount_due(due: i64, total: i64) -> Self {
        if due <= 0 {
            InvoiceStatus::Paid
        } else if due >= total {
            InvoiceStatus::Issued
        } else {
            InvoiceStatus::PartiallyPaid
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PaymentMethod {
    #[default]
    Cash,
    BankTransfer,
    Midtrans,
    Tripay,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 4] = [
        PaymentMethod::Cash,
        PaymentMethod::BankTransfer,
        PaymentMethod::Midtrans,
        PaymentMethod::Tripay,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::BankTransfer => "bank_transfer",
            PaymentMethod::Midtrans => "midtrans",
            PaymentMethod::Tripay => "tripay",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == text)
    }

    /// Methods finance records by hand (gateways record themselves).
    pub fn is_manual(self) -> bool {
        matches!(self, PaymentMethod::Cash | PaymentMethod::BankTransfer)
    }
}

/// Which yearly sequence a document number comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocumentKind {
    Invoice,
    Receipt,
    CreditNote,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Invoice => "invoice",
            DocumentKind::Receipt => "receipt",
            DocumentKind::CreditNote => "credit_note",
        }
    }
}

/// How a customer is billed: the ISP's defaults with the customer's overrides applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingTerms {
    pub mode: BillingMode,
    pub billing_day: u32,
    pub due_days: u32,
    pub grace_days: u32,
    pub late_fee: i64,
    pub reconnection_fee: i64,
    /// Days relative to the due date on which reminders go out (−7 = H-7).
    pub reminder_offsets: Vec<i16>,
}

impl Default for BillingTerms {
    fn default() -> Self {
        Self {
            mode: BillingMode::Postpaid,
            billing_day: 1,
            due_days: 10,
            grace_days: 3,
            late_fee: 0,
            reconnection_fee: 0,
            reminder_offsets: vec![-7, -3, -1, 1],
        }
    }
}
