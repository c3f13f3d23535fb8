//! What finance types: a manual payment, a one-time charge. Checked on the server (and in
//! the browser for early hints) into typed values.

use super::PaymentMethod;
use crate::error::FieldErrors;
use crate::i18n::Msg;
use crate::plans::model::parse_rupiah;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Largest single amount accepted (Rp10 miliar): a typo guard, not a business rule.
pub const MAX_AMOUNT: i64 = 10_000_000_000;

fn amount(text: &str, field: &str, errors: &mut FieldErrors) -> Option<i64> {
    match parse_rupiah(text) {
        None if text.trim().is_empty() => {
            errors.add(field, Msg::ValRequired);
            None
        }
        None => {
            errors.add(field, Msg::ValRupiah);
            None
        }
        Some(0) => {
            errors.add(field, Msg::ValAmountPositive);
            None
        }
        Some(n) if n > MAX_AMOUNT => {
            errors.add(field, Msg::ValTooLong);
            None
        }
        Some(n) => Some(n),
    }
}

fn text(value: &str, field: &str, max: usize, errors: &mut FieldErrors) -> String {
    let value = value.trim();
    if value.chars().count() > max {
        errors.add(field, Msg::ValTooLong);
    }
    value.to_owned()
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PaymentDraft {
    pub customer_id: i64,
    pub method: PaymentMethod,
    /// Rupiah as typed: "150000", "150.000", "Rp 150.000".
    pub amount: String,
    /// YYYY-MM-DD; empty means today.
    pub received_on: String,
    pub reference: String,
    pub note: String,
    /// Invoices to pay first, in this order; whatever is left goes oldest first.
    pub invoice_ids: Vec<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedPayment {
    pub amount: i64,
    pub received_on: NaiveDate,
    pub reference: String,
    pub note: String,
}

impl PaymentDraft {
    pub fn check(&self, today: NaiveDate) -> Result<CheckedPayment, FieldErrors> {
        let mut errors = FieldErrors::new();
        if !self.method.is_manual() {
            errors.add("method", Msg::ValPaymentMethodManual);
        }
        let amount = amount(&self.amount, "amount", &mut errors);
        let received_on = match NaiveDate::parse_from_str(self.received_on.trim(), "%Y-%m-%d") {
            _ if self.received_on.trim().is_empty() => Some(today),
            Ok(date) if date > today => {
                errors.add("received_on", Msg::ValDateInFuture);
                None
            }
            Ok(date) => Some(date),
            Err(_) => {
                errors.add("received_on", Msg::ValDateInvalid);
                None
            }
        };
        let reference = text(&self.reference, "reference", 120, &mut errors);
        let note = text(&self.note, "note", 1000, &mut errors);
        match (amount, received_on, errors.is_empty()) {
            (Some(amount), Some(received_on), true) => Ok(CheckedPayment {
                amount,
                received_on,
                reference,
                note,
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChargeDraft {
    pub customer_id: i64,
    /// The line it belongs to, if any (its next invoice carries it).
    pub subscription_id: Option<i64>,
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub price_includes_tax: bool,
    /// Bill it now on its own invoice instead of with the next one.
    pub bill_now: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedCharge {
    pub description: String,
    pub quantity: i64,
    pub unit_price: i64,
}

impl ChargeDraft {
    pub fn check(&self) -> Result<CheckedCharge, FieldErrors> {
        let mut errors = FieldErrors::new();
        let description = text(&self.description, "description", 300, &mut errors);
        if description.is_empty() {
            errors.add("description", Msg::ValRequired);
        }
        let quantity = match self.quantity.trim() {
            "" => Some(1),
            q => match q.parse::<i64>() {
                Ok(n @ 1..=10_000) => Some(n),
                _ => {
                    errors.add("quantity", Msg::ValQuantity);
                    None
                }
            },
        };
        let unit_price = amount(&self.unit_price, "unit_price", &mut errors);
        match (quantity, unit_price, errors.is_empty()) {
            (Some(quantity), Some(unit_price), true) if quantity * unit_price <= MAX_AMOUNT => {
                Ok(CheckedCharge {
                    description,
                    quantity,
                    unit_price,
                })
            }
            (Some(_), Some(_), true) => {
                errors.add("unit_price", Msg::ValTooLong);
                Err(errors)
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
    }

    #[test]
    fn a_payment_reads_rupiah_as_typed_and_refuses_the_future() {
        let draft = PaymentDraft {
            customer_id: 1,
            method: PaymentMethod::BankTransfer,
            amount: "Rp 166.500".into(),
            received_on: "2026-12-04".into(),
            reference: " BCA 123 ".into(),
            ..PaymentDraft::default()
        };
        let checked = draft.check(today()).unwrap();
        assert_eq!(checked.amount, 166_500);
        assert_eq!(checked.reference, "BCA 123");
        let bad = PaymentDraft {
            method: PaymentMethod::Midtrans,
            amount: "0".into(),
            received_on: "2026-12-05".into(),
            ..draft
        };
        let errors = bad.check(today()).unwrap_err();
        assert_eq!(errors.get("method"), Some(Msg::ValPaymentMethodManual));
        assert_eq!(errors.get("amount"), Some(Msg::ValAmountPositive));
        assert_eq!(errors.get("received_on"), Some(Msg::ValDateInFuture));
    }

    #[test]
    fn a_charge_needs_words_a_count_and_a_price() {
        let draft = ChargeDraft {
            customer_id: 1,
            description: "Biaya instalasi".into(),
            unit_price: "250.000".into(),
            ..ChargeDraft::default()
        };
        assert_eq!(draft.check().unwrap().quantity, 1);
        let bad = ChargeDraft {
            description: " ".into(),
            quantity: "0".into(),
            unit_price: "abc".into(),
            ..draft
        };
        let errors = bad.check().unwrap_err();
        assert_eq!(errors.get("description"), Some(Msg::ValRequired));
        assert_eq!(errors.get("quantity"), Some(Msg::ValQuantity));
        assert_eq!(errors.get("unit_price"), Some(Msg::ValRupiah));
    }
}
