//! A customer's own billing terms: each field either follows the ISP's default (left
//! empty) or overrides it. Also the language of the customer's documents and the buyer
//! NPWP printed on the faktur.

use super::settings::{fee, number_in, parse_offsets};
use super::{BillingMode, BillingTerms};
use crate::error::FieldErrors;
use crate::i18n::{Locale, Msg};
use serde::{Deserialize, Serialize};

/// The form as typed; an empty field means "the ISP's default".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerTermsDraft {
    /// "", "postpaid" or "prepaid".
    pub mode: String,
    pub billing_day: String,
    pub due_days: String,
    pub grace_days: String,
    pub late_fee: String,
    pub reconnection_fee: String,
    pub reminder_offsets: String,
    /// "id" or "en".
    pub document_language: String,
    pub npwp: String,
}

/// The overrides checked: None follows the ISP's default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CheckedTerms {
    pub mode: Option<BillingMode>,
    pub billing_day: Option<i16>,
    pub due_days: Option<i16>,
    pub grace_days: Option<i16>,
    pub late_fee: Option<i64>,
    pub reconnection_fee: Option<i64>,
    pub reminder_offsets: Option<Vec<i16>>,
    pub document_language: Locale,
    pub npwp: String,
}

/// The customer's terms as stored, beside the ISP's defaults they fall back to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerTermsView {
    pub draft: CustomerTermsDraft,
    pub defaults: BillingTerms,
    /// The terms in force: defaults with the overrides applied.
    pub effective: BillingTerms,
}

fn optional_number(
    text: &str,
    range: std::ops::RangeInclusive<i16>,
    field: &str,
    msg: Msg,
    errors: &mut FieldErrors,
) -> Option<i16> {
    if text.trim().is_empty() {
        return None;
    }
    let value = number_in(text, range);
    if value.is_none() {
        errors.add(field, msg);
    }
    value
}

fn optional_fee(text: &str, field: &str, errors: &mut FieldErrors) -> Option<i64> {
    (!text.trim().is_empty()).then(|| fee(text, field, errors))
}

impl CustomerTermsDraft {
    pub fn check(&self) -> Result<CheckedTerms, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mode = match self.mode.trim() {
            "" => None,
            text => {
                let mode = BillingMode::parse(text);
                if mode.is_none() {
                    errors.add("mode", Msg::ValChoiceInvalid);
                }
                mode
            }
        };
        let billing_day = optional_number(
            &self.billing_day,
            1..=28,
            "billing_day",
            Msg::ValBillingDay,
            &mut errors,
        );
        let due_days = optional_number(
            &self.due_days,
            0..=90,
            "due_days",
            Msg::ValDays90,
            &mut errors,
        );
        let grace_days = optional_number(
            &self.grace_days,
            0..=90,
            "grace_days",
            Msg::ValDays90,
            &mut errors,
        );
        let late_fee = optional_fee(&self.late_fee, "late_fee", &mut errors);
        let reconnection_fee =
            optional_fee(&self.reconnection_fee, "reconnection_fee", &mut errors);
        let reminder_offsets = if self.reminder_offsets.trim().is_empty() {
            None
        } else {
            match parse_offsets(&self.reminder_offsets) {
                Ok(offsets) => Some(offsets),
                Err(msg) => {
                    errors.add("reminder_offsets", msg);
                    None
                }
            }
        };
        let document_language =
            Locale::from_code(self.document_language.trim()).unwrap_or_else(|| {
                errors.add("document_language", Msg::ValChoiceInvalid);
                Locale::Id
            });
        let npwp: String = self.npwp.chars().filter(char::is_ascii_digit).collect();
        if !npwp.is_empty() && !(15..=16).contains(&npwp.len()) {
            errors.add("npwp", Msg::ValNpwp);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CheckedTerms {
            mode,
            billing_day,
            due_days,
            grace_days,
            late_fee,
            reconnection_fee,
            reminder_offsets,
            document_language,
            npwp,
        })
    }
}

impl CheckedTerms {
    /// The terms in force for this customer.
    pub fn apply_to(&self, defaults: &BillingTerms) -> BillingTerms {
        BillingTerms {
            mode: self.mode.unwrap_or(defaults.mode),
            billing_day: self.billing_day.map_or(defaults.billing_day, |d| d as u32),
            due_days: self.due_days.map_or(defaults.due_days, |d| d as u32),
            grace_days: self.grace_days.map_or(defaults.grace_days, |d| d as u32),
            late_fee: self.late_fee.unwrap_or(defaults.late_fee),
            reconnection_fee: self.reconnection_fee.unwrap_or(defaults.reconnection_fee),
            reminder_offsets: self
                .reminder_offsets
                .clone()
                .unwrap_or_else(|| defaults.reminder_offsets.clone()),
        }
    }

    /// The form showing these overrides (empty where the default applies).
    pub fn to_draft(&self) -> CustomerTermsDraft {
        let text = |n: Option<i16>| n.map(|n| n.to_string()).unwrap_or_default();
        CustomerTermsDraft {
            mode: self.mode.map(|m| m.as_str().to_owned()).unwrap_or_default(),
            billing_day: text(self.billing_day),
            due_days: text(self.due_days),
            grace_days: text(self.grace_days),
            late_fee: self.late_fee.map(|n| n.to_string()).unwrap_or_default(),
            reconnection_fee: self
                .reconnection_fee
                .map(|n| n.to_string())
                .unwrap_or_default(),
            reminder_offsets: self
                .reminder_offsets
                .as_ref()
                .map(|o| o.iter().map(i16::to_string).collect::<Vec<_>>().join(", "))
                .unwrap_or_default(),
            document_language: self.document_language.code().to_owned(),
            npwp: self.npwp.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_fields_follow_the_isp_defaults() {
        let checked = CustomerTermsDraft {
            document_language: "id".into(),
            ..CustomerTermsDraft::default()
        }
        .check()
        .unwrap();
        assert_eq!(checked.mode, None);
        assert_eq!(
            checked.apply_to(&BillingTerms::default()),
            BillingTerms::default()
        );
    }

    #[test]
    fn overrides_win_and_round_trip_through_the_form() {
        let draft = CustomerTermsDraft {
            mode: "prepaid".into(),
            billing_day: "15".into(),
            due_days: "0".into(),
            grace_days: "7".into(),
            late_fee: "Rp 10.000".into(),
            reconnection_fee: "0".into(),
            reminder_offsets: "H-3, H+2".into(),
            document_language: "en".into(),
            npwp: "01.234.567.8-901.234".into(),
        };
        let checked = draft.check().unwrap();
        let terms = checked.apply_to(&BillingTerms::default());
        assert_eq!(terms.mode, BillingMode::Prepaid);
        assert_eq!(
            (terms.billing_day, terms.due_days, terms.grace_days),
            (15, 0, 7)
        );
        assert_eq!((terms.late_fee, terms.reconnection_fee), (10_000, 0));
        assert_eq!(terms.reminder_offsets, vec![-3, 2]);
        assert_eq!(checked.npwp, "012345678901234");
        assert_eq!(checked.to_draft().check().unwrap(), checked);
    }

    #[test]
    fn each_bad_field_gets_its_own_error() {
        let errors = CustomerTermsDraft {
            mode: "weekly".into(),
            billing_day: "31".into(),
            due_days: "-1".into(),
            grace_days: "x".into(),
            late_fee: "abc".into(),
            reminder_offsets: "H-99".into(),
            document_language: "fr".into(),
            npwp: "123".into(),
            ..CustomerTermsDraft::default()
        }
        .check()
        .unwrap_err();
        for field in [
            "mode",
            "billing_day",
            "due_days",
            "grace_days",
            "late_fee",
            "reminder_offsets",
            "document_language",
            "npwp",
        ] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }
}
