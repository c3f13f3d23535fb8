//! The billing settings screen: the ISP's identity on documents, tax, number formats and
//! the billing defaults every customer has unless overridden.

use super::numbering::check_pattern;
use super::BillingMode;
use crate::error::FieldErrors;
use crate::i18n::Msg;
use crate::plans::model::parse_rupiah;
use serde::{Deserialize, Serialize};

/// A bank account printed on documents for transfers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankAccount {
    pub bank: String,
    pub number: String,
    pub holder: String,
}

/// A PPN rate in force from a date (read-only on the screen; history matters for old
/// invoices).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxRateRow {
    pub effective_from: chrono::NaiveDate,
    pub rate_bp: i32,
    pub dpp_numerator: i32,
    pub dpp_denominator: i32,
    pub note: String,
}

/// The form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BillingSettingsDraft {
    pub legal_name: String,
    pub address: String,
    pub npwp: String,
    pub phone: String,
    pub email: String,
    /// One account per line: `Bank | number | holder`.
    pub bank_accounts: String,
    pub invoice_number_format: String,
    pub receipt_number_format: String,
    pub credit_note_number_format: String,
    pub is_pkp: bool,
    pub billing_mode: BillingMode,
    pub billing_day: String,
    pub due_days: String,
    pub grace_days: String,
    pub late_fee: String,
    pub reconnection_fee: String,
    /// Days relative to the due date, comma separated: `-7, -3, -1, 1`.
    pub reminder_offsets: String,
    pub auto_issue: bool,
}

/// The form checked, ready to store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckedSettings {
    pub legal_name: String,
    pub address: String,
    pub npwp: String,
    pub phone: String,
    pub email: String,
    pub bank_accounts: Vec<BankAccount>,
    pub invoice_number_format: String,
    pub receipt_number_format: String,
    pub credit_note_number_format: String,
    pub is_pkp: bool,
    pub billing_mode: BillingMode,
    pub billing_day: i16,
    pub due_days: i16,
    pub grace_days: i16,
    pub late_fee: i64,
    pub reconnection_fee: i64,
    pub reminder_offsets: Vec<i16>,
    pub auto_issue: bool,
}

/// What the screen shows: the form and the tax rates in force over time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingSettingsView {
    pub draft: BillingSettingsDraft,
    pub tax_rates: Vec<TaxRateRow>,
}

pub fn format_bank_accounts(accounts: &[BankAccount]) -> String {
    accounts
        .iter()
        .map(|a| format!("{} | {} | {}", a.bank, a.number, a.holder))
        .collect::<Vec<_>>()
        .join("\n")
}

fn parse_bank_accounts(text: &str) -> Result<Vec<BankAccount>, Msg> {
    let mut accounts = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        let [bank, number, holder] = parts[..] else {
            return Err(Msg::ValBankAccount);
        };
        let digits_ok = !number.is_empty()
            && number.len() <= 30
            && number
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == ' ');
        if bank.is_empty() || holder.is_empty() || !digits_ok || line.chars().count() > 200 {
            return Err(Msg::ValBankAccount);
        }
        accounts.push(BankAccount {
            bank: bank.into(),
            number: number.into(),
            holder: holder.into(),
        });
    }
    if accounts.len() > 10 {
        return Err(Msg::ValTooLong);
    }
    Ok(accounts)
}

pub(crate) fn number_in(text: &str, range: std::ops::RangeInclusive<i16>) -> Option<i16> {
    text.trim()
        .parse::<i16>()
        .ok()
        .filter(|n| range.contains(n))
}

pub(crate) fn parse_offsets(text: &str) -> Result<Vec<i16>, Msg> {
    let mut offsets = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let part = part.trim_start_matches(['H', 'h']).trim_start_matches('+');
        match part.parse::<i16>() {
            Ok(n) if (-60..=60).contains(&n) => offsets.push(n),
            _ => return Err(Msg::ValReminderOffsets),
        }
    }
    offsets.sort_unstable();
    offsets.dedup();
    if offsets.len() > 10 {
        return Err(Msg::ValReminderOffsets);
    }
    Ok(offsets)
}

pub(crate) fn fee(text: &str, field: &str, errors: &mut FieldErrors) -> i64 {
    if text.trim().is_empty() {
        return 0;
    }
    match parse_rupiah(text) {
        Some(n) if n <= super::drafts::MAX_AMOUNT => n,
        _ => {
            errors.add(field, Msg::ValRupiah);
            0
        }
    }
}

impl BillingSettingsDraft {
    pub fn check(&self) -> Result<CheckedSettings, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut text = |value: &str, field: &str, max: usize| {
            let value = value.trim().to_owned();
            if value.chars().count() > max {
                errors.add(field, Msg::ValTooLong);
            }
            value
        };
        let legal_name = text(&self.legal_name, "legal_name", 200);
        let address = text(&self.address, "address", 500);
        let phone = text(&self.phone, "phone", 40);
        let email = text(&self.email, "email", 254);
        let npwp: String = self.npwp.chars().filter(char::is_ascii_digit).collect();
        if !npwp.is_empty() && !(15..=16).contains(&npwp.len()) {
            errors.add("npwp", Msg::ValNpwp);
        }
        if legal_name.is_empty() {
            errors.add("legal_name", Msg::ValRequired);
        }
        if self.is_pkp && npwp.is_empty() {
            errors.add("npwp", Msg::ValNpwpForPkp);
        }
        let bank_accounts = parse_bank_accounts(&self.bank_accounts).unwrap_or_else(|msg| {
            errors.add("bank_accounts", msg);
            Vec::new()
        });
        for (field, pattern) in [
            ("invoice_number_format", &self.invoice_number_format),
            ("receipt_number_format", &self.receipt_number_format),
            ("credit_note_number_format", &self.credit_note_number_format),
        ] {
            if let Err(msg) = check_pattern(pattern.trim()) {
                errors.add(field, msg);
            }
        }
        let billing_day = number_in(&self.billing_day, 1..=28);
        if billing_day.is_none() {
            errors.add("billing_day", Msg::ValBillingDay);
        }
        let due_days = number_in(&self.due_days, 0..=90);
        if due_days.is_none() {
            errors.add("due_days", Msg::ValDays90);
        }
        let grace_days = number_in(&self.grace_days, 0..=90);
        if grace_days.is_none() {
            errors.add("grace_days", Msg::ValDays90);
        }
        let late_fee = fee(&self.late_fee, "late_fee", &mut errors);
        let reconnection_fee = fee(&self.reconnection_fee, "reconnection_fee", &mut errors);
        let reminder_offsets = parse_offsets(&self.reminder_offsets).unwrap_or_else(|msg| {
            errors.add("reminder_offsets", msg);
            Vec::new()
        });
        match (billing_day, due_days, grace_days, errors.is_empty()) {
            (Some(billing_day), Some(due_days), Some(grace_days), true) => Ok(CheckedSettings {
                legal_name,
                address,
                npwp,
                phone,
                email,
                bank_accounts,
                invoice_number_format: self.invoice_number_format.trim().into(),
                receipt_number_format: self.receipt_number_format.trim().into(),
                credit_note_number_format: self.credit_note_number_format.trim().into(),
                is_pkp: self.is_pkp,
                billing_mode: self.billing_mode,
                billing_day,
                due_days,
                grace_days,
                late_fee,
                reconnection_fee,
                reminder_offsets,
                auto_issue: self.auto_issue,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> BillingSettingsDraft {
        BillingSettingsDraft {
            legal_name: "PT Simpul Net".into(),
            npwp: "01.234.567.8-901.234".into(),
            bank_accounts:
                "BCA | 5270123456 | PT Simpul Net\n\n Mandiri|123-000-987|PT Simpul Net ".into(),
            invoice_number_format: "INV/{YYYY}/{MM}/{SEQ:6}".into(),
            receipt_number_format: "KW/{YYYY}/{SEQ:6}".into(),
            credit_note_number_format: "CN/{YY}/{SEQ:4}".into(),
            is_pkp: true,
            billing_day: "1".into(),
            due_days: "10".into(),
            grace_days: "3".into(),
            late_fee: "".into(),
            reconnection_fee: "25.000".into(),
            reminder_offsets: "H-7, -3, -1, +1, -3".into(),
            ..BillingSettingsDraft::default()
        }
    }

    #[test]
    fn reads_accounts_offsets_and_fees_as_typed() {
        let checked = draft().check().unwrap();
        assert_eq!(checked.npwp, "012345678901234");
        assert_eq!(checked.bank_accounts.len(), 2);
        assert_eq!(checked.bank_accounts[1].number, "123-000-987");
        assert_eq!(checked.reminder_offsets, vec![-7, -3, -1, 1]);
        assert_eq!((checked.late_fee, checked.reconnection_fee), (0, 25_000));
        assert_eq!(
            format_bank_accounts(&checked.bank_accounts),
            "BCA | 5270123456 | PT Simpul Net\nMandiri | 123-000-987 | PT Simpul Net"
        );
    }

    #[test]
    fn refuses_each_bad_field_beside_it() {
        let bad = BillingSettingsDraft {
            legal_name: " ".into(),
            npwp: "".into(),
            bank_accounts: "BCA 5270123456".into(),
            invoice_number_format: "INV/{SEQ:6}".into(),
            billing_day: "29".into(),
            due_days: "-1".into(),
            grace_days: "x".into(),
            late_fee: "abc".into(),
            reminder_offsets: "-7, besok".into(),
            ..draft()
        };
        let errors = bad.check().unwrap_err();
        for (field, msg) in [
            ("legal_name", Msg::ValRequired),
            ("npwp", Msg::ValNpwpForPkp),
            ("bank_accounts", Msg::ValBankAccount),
            ("invoice_number_format", Msg::ValNumberFormat),
            ("billing_day", Msg::ValBillingDay),
            ("due_days", Msg::ValDays90),
            ("grace_days", Msg::ValDays90),
            ("late_fee", Msg::ValRupiah),
            ("reminder_offsets", Msg::ValReminderOffsets),
        ] {
            assert_eq!(errors.get(field), Some(msg), "{field}");
        }
    }
}
