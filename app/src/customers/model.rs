//! Customers as staff see and edit them: identity, contact, the status lifecycle, and the
//! rules for Indonesian phone numbers and national ID numbers (NIK).

use crate::error::FieldErrors;
use crate::i18n::Msg;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CustomerId(pub i64);

impl std::fmt::Display for CustomerId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for CustomerId {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(CustomerId)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum CustomerCategory {
    #[default]
    Residential,
    Business,
}

impl CustomerCategory {
    pub const ALL: [CustomerCategory; 2] =
        [CustomerCategory::Residential, CustomerCategory::Business];

    pub fn as_str(self) -> &'static str {
        match self {
            CustomerCategory::Residential => "residential",
            CustomerCategory::Business => "business",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }

    pub fn label(self) -> Msg {
        match self {
            CustomerCategory::Residential => Msg::CustomerResidential,
            CustomerCategory::Business => Msg::CustomerBusiness,
        }
    }
}

/// lead → active → suspended → terminated; see [`CustomerStatus::can_become`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum CustomerStatus {
    /// Interested, surveyed or waiting for installation; nothing is billed.
    #[default]
    Lead,
    Active,
    /// Every line of the customer is switched off (e.g. fraud, request to pause).
    Suspended,
    /// The relationship ended; final.
    Terminated,
}

impl CustomerStatus {
    pub const ALL: [CustomerStatus; 4] = [
        CustomerStatus::Lead,
        CustomerStatus::Active,
        CustomerStatus::Suspended,
        CustomerStatus::Terminated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CustomerStatus::Lead => "lead",
            CustomerStatus::Active => "active",
            CustomerStatus::Suspended => "suspended",
            CustomerStatus::Terminated => "terminated",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    pub fn label(self) -> Msg {
        match self {
            CustomerStatus::Lead => Msg::CustomerStatusLead,
            CustomerStatus::Active => Msg::CustomerStatusActive,
            CustomerStatus::Suspended => Msg::CustomerStatusSuspended,
            CustomerStatus::Terminated => Msg::CustomerStatusTerminated,
        }
    }

    /// The lifecycle: a lead becomes a customer or is dropped; an active customer can be
    /// suspended and back; anyone but a terminated customer can be terminated.
    pub fn can_become(self, next: CustomerStatus) -> bool {
        use CustomerStatus::*;
        matches!(
            (self, next),
            (Lead, Active)
                | (Lead, Terminated)
                | (Active, Suspended)
                | (Active, Terminated)
                | (Suspended, Active)
                | (Suspended, Terminated)
        )
    }

    /// Suspending and terminating are explained, so whoever looks next knows why.
    pub fn needs_reason(self) -> bool {
        matches!(self, CustomerStatus::Suspended | CustomerStatus::Terminated)
    }

    pub fn next_states(self) -> Vec<CustomerStatus> {
        Self::ALL
            .into_iter()
            .filter(|n| self.can_become(*n))
            .collect()
    }
}

/// What the customer form sends; `id` 0 creates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CustomerDraft {
    pub id: i64,
    pub full_name: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    /// Decimal degrees as typed ("-6.2"); both or neither.
    pub latitude: String,
    pub longitude: String,
    pub nik: String,
    pub category: CustomerCategory,
    pub notes: String,
}

/// A draft that passed validation, with values in their stored form.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedCustomer {
    pub full_name: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub coordinates: Option<(f64, f64)>,
    pub nik: Option<String>,
    pub category: CustomerCategory,
    pub notes: String,
}

impl CustomerDraft {
    pub fn check(&self) -> Result<CheckedCustomer, FieldErrors> {
        let mut errors = FieldErrors::new();
        let full_name = collapse_spaces(&self.full_name);
        if full_name.is_empty() {
            errors.add("full_name", Msg::ValRequired);
        } else if full_name.chars().count() > 120 {
            errors.add("full_name", Msg::ValTooLong);
        }
        let phone = match normalize_phone(&self.phone) {
            Ok(phone) => phone,
            Err(msg) => {
                errors.add("phone", msg);
                String::new()
            }
        };
        let email = self.email.trim().to_lowercase();
        if !email.is_empty() {
            if let Err(msg) = crate::users::model::check_email(&email) {
                errors.add("email", msg);
            }
        }
        let address = self.address.trim().to_owned();
        if address.chars().count() > 500 {
            errors.add("address", Msg::ValTooLong);
        }
        let coordinates = match parse_coordinates(&self.latitude, &self.longitude) {
            Ok(c) => c,
            Err((field, msg)) => {
                errors.add(field, msg);
                None
            }
        };
        let nik = self
            .nik
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>();
        let nik = if nik.is_empty() {
            None
        } else {
            if let Err(msg) = check_nik(&nik) {
                errors.add("nik", msg);
            }
            Some(nik)
        };
        let notes = self.notes.trim().to_owned();
        if notes.chars().count() > 5000 {
            errors.add("notes", Msg::ValTooLong);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CheckedCustomer {
            full_name,
            phone,
            email,
            address,
            coordinates,
            nik,
            category: self.category,
            notes,
        })
    }
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Normalizes how Indonesians write phone numbers to E.164: `0812-3456-7890`,
/// `+62 812 3456 7890`, `62812…`, `812…` and `(021) 555 1234` all become `+62…`; a
/// stray trunk zero after the country code (`+62 0812…`) is dropped. Other countries'
/// numbers are kept when written with `+`.
pub fn normalize_phone(text: &str) -> Result<String, Msg> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Msg::ValRequired);
    }
    let mut plus = false;
    let mut digits = String::new();
    for c in text.chars() {
        match c {
            '0'..='9' => digits.push(c),
            // "+62…" or "(+62) …": a plus before the first digit.
            '+' if digits.is_empty() && !plus => plus = true,
            ' ' | '-' | '.' | '(' | ')' | '/' => {}
            _ => return Err(Msg::ValPhoneInvalid),
        }
    }
    let national = if let Some(rest) = digits.strip_prefix("62") {
        rest.trim_start_matches('0').to_owned()
    } else if plus {
        // Another country: keep it as written.
        return if (8..=15).contains(&digits.len()) {
            Ok(format!("+{digits}"))
        } else {
            Err(Msg::ValPhoneInvalid)
        };
    } else if let Some(rest) = digits.strip_prefix('0') {
        rest.to_owned()
    } else if digits.starts_with('8') {
        digits
    } else {
        return Err(Msg::ValPhoneInvalid);
    };
    // Area code + subscriber (landlines: 021 555 1234) or 8xx mobile numbers.
    if !(8..=12).contains(&national.len()) || national.starts_with('0') {
        return Err(Msg::ValPhoneInvalid);
    }
    Ok(format!("+62{national}"))
}

/// Province codes in use in NIKs (the first two digits), including Papua's new provinces.
const NIK_PROVINCES: [u8; 39] = [
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65,
    71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97,
];

/// Checks a Nomor Induk Kependudukan: 16 digits = province, regency, district (2 each),
/// birth date DDMMYY with 40 added to the day for women, and a serial that is not 0000.
pub fn check_nik(nik: &str) -> Result<(), Msg> {
    if nik.len() != 16 || !nik.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Msg::ValNikFormat);
    }
    let pair = |at: usize| -> u32 { nik[at..at + 2].parse().unwrap_or(0) };
    let province = pair(0) as u8;
    if !NIK_PROVINCES.contains(&province) || pair(2) == 0 || pair(4) == 0 {
        return Err(Msg::ValNikRegion);
    }
    let raw_day = pair(6);
    let day = if raw_day > 40 { raw_day - 40 } else { raw_day };
    let (month, year) = (pair(8), pair(10));
    // The century is not in the number; a leap day is possible when the two digits allow it.
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 => 29,
        2 => 28,
        _ => 0,
    };
    if day == 0 || day > days_in_month {
        return Err(Msg::ValNikBirthDate);
    }
    if &nik[12..] == "0000" {
        return Err(Msg::ValNikFormat);
    }
    Ok(())
}

/// Both coordinates or neither; decimal degrees with a dot or a comma.
pub fn parse_coordinates(
    latitude: &str,
    longitude: &str,
) -> Result<Option<(f64, f64)>, (&'static str, Msg)> {
    let (lat, lng) = (latitude.trim(), longitude.trim());
    if lat.is_empty() && lng.is_empty() {
        return Ok(None);
    }
    let parse = |text: &str, field: &'static str, limit: f64| {
        if text.is_empty() {
            return Err((field, Msg::ValCoordinatesPair));
        }
        match text.replace(',', ".").parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= limit => Ok(v),
            _ => Err((field, Msg::ValCoordinate)),
        }
    };
    Ok(Some((
        parse(lat, "latitude", 90.0)?,
        parse(lng, "longitude", 180.0)?,
    )))
}

/// A change of lifecycle status, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerStatusChange {
    pub id: i64,
    pub status: CustomerStatus,
    pub reason: String,
}

/// One row of the customer list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerRow {
    pub id: i64,
    pub code: String,
    pub full_name: String,
    pub phone: String,
    pub category: CustomerCategory,
    pub status: CustomerStatus,
    pub subscriptions: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: i64,
    pub code: String,
    pub full_name: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub nik: Option<String>,
    pub category: CustomerCategory,
    pub status: CustomerStatus,
    pub status_reason: String,
    pub status_changed_at: DateTime<Utc>,
    pub notes: String,
    /// The portal account, when one was made.
    pub portal_username: Option<String>,
    pub has_id_photo: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Customer {
    pub fn draft(&self) -> CustomerDraft {
        CustomerDraft {
            id: self.id,
            full_name: self.full_name.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            address: self.address.clone(),
            latitude: self.latitude.map(|v| v.to_string()).unwrap_or_default(),
            longitude: self.longitude.map(|v| v.to_string()).unwrap_or_default(),
            nik: self.nik.clone().unwrap_or_default(),
            category: self.category,
            notes: self.notes.clone(),
        }
    }
}

/// Filters of the customer list, kept in the URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct CustomerFilter {
    /// Part of a code, name, phone or PPPoE user name.
    pub search: String,
    pub status: Option<CustomerStatus>,
    pub category: Option<CustomerCategory>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_in_every_common_spelling_become_e164() {
        for typed in [
            "0812-3456-7890",
            "0812 3456 7890",
            "+62 812 3456 7890",
            "+62-812-3456-7890",
            "62812.3456.7890",
            "812 3456 7890",
            "+62 0812 3456 7890",
            "(+62) 812 3456 7890",
        ] {
            assert_eq!(
                normalize_phone(typed),
                Ok("+6281234567890".into()),
                "{typed}"
            );
        }
        assert_eq!(normalize_phone("(021) 555-1234"), Ok("+62215551234".into()));
        assert_eq!(normalize_phone("+65 6123 4567"), Ok("+6561234567".into()));
    }

    #[test]
    fn phones_that_cannot_be_numbers_are_refused() {
        assert_eq!(normalize_phone(""), Err(Msg::ValRequired));
        for typed in [
            "12345",
            "0812",
            "08123456789012345",
            "0812-abc-7890",
            "0000000000",
            "+1",
        ] {
            assert_eq!(normalize_phone(typed), Err(Msg::ValPhoneInvalid), "{typed}");
        }
    }

    #[test]
    fn nik_rules() {
        // Jakarta Selatan, born 12 Aug 1990 (man) and 52 → 12 Aug (woman).
        assert_eq!(check_nik("3174011208900001"), Ok(()));
        assert_eq!(check_nik("3174015208900001"), Ok(()));
        // 29 Feb only in years divisible by four.
        assert_eq!(check_nik("3174012902920001"), Ok(()));
        assert_eq!(check_nik("3174012902930001"), Err(Msg::ValNikBirthDate));
        assert_eq!(check_nik("3174013102900001"), Err(Msg::ValNikBirthDate));
        assert_eq!(check_nik("3174011213900001"), Err(Msg::ValNikBirthDate));
        assert_eq!(check_nik("3174010008900001"), Err(Msg::ValNikBirthDate));
        assert_eq!(check_nik("3174017208900001"), Err(Msg::ValNikBirthDate));
        assert_eq!(check_nik("9974011208900001"), Err(Msg::ValNikRegion));
        assert_eq!(check_nik("3100011208900001"), Err(Msg::ValNikRegion));
        assert_eq!(check_nik("3174001208900001"), Err(Msg::ValNikRegion));
        assert_eq!(check_nik("3174011208900000"), Err(Msg::ValNikFormat));
        assert_eq!(check_nik("317401120890001"), Err(Msg::ValNikFormat));
        assert_eq!(check_nik("31740112089000a1"), Err(Msg::ValNikFormat));
        assert_eq!(
            check_nik("３１７４０１１２０８９０００0１"),
            Err(Msg::ValNikFormat)
        );
    }

    #[test]
    fn lifecycle() {
        use CustomerStatus::*;
        assert!(Lead.can_become(Active));
        assert!(Active.can_become(Suspended) && Suspended.can_become(Active));
        assert!(!Lead.can_become(Suspended));
        assert!(!Terminated.can_become(Active));
        assert!(!Active.can_become(Lead) && !Active.can_become(Active));
        assert!(Terminated.next_states().is_empty());
        assert!(Suspended.needs_reason() && Terminated.needs_reason() && !Active.needs_reason());
    }

    #[test]
    fn drafts_are_checked_and_normalized() {
        let draft = CustomerDraft {
            full_name: "  Siti   Aminah ".into(),
            phone: "0812 1111 2222".into(),
            email: " Siti@Example.ID ".into(),
            latitude: "-6,2088".into(),
            longitude: "106.8456".into(),
            nik: "3174 0152 0890 0001".into(),
            ..Default::default()
        };
        let checked = draft.check().unwrap();
        assert_eq!(checked.full_name, "Siti Aminah");
        assert_eq!(checked.phone, "+6281211112222");
        assert_eq!(checked.email, "siti@example.id");
        assert_eq!(checked.coordinates, Some((-6.2088, 106.8456)));
        assert_eq!(checked.nik.as_deref(), Some("3174015208900001"));

        let bad = CustomerDraft {
            latitude: "-6.2".into(),
            nik: "123".into(),
            ..Default::default()
        };
        let errors = bad.check().unwrap_err();
        assert_eq!(errors.get("full_name"), Some(Msg::ValRequired));
        assert_eq!(errors.get("phone"), Some(Msg::ValRequired));
        assert_eq!(errors.get("longitude"), Some(Msg::ValCoordinatesPair));
        assert_eq!(errors.get("nik"), Some(Msg::ValNikFormat));
        let far = parse_coordinates("95", "106");
        assert_eq!(far, Err(("latitude", Msg::ValCoordinate)));
    }
}

/// A portal account for a customer, made by staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PortalLoginDraft {
    pub customer_id: i64,
    pub username: String,
    /// Empty: the customer's email.
    pub email: String,
    pub password: String,
}

/// A ticket about the customer, for the detail page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerTicket {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub status: crate::tickets::model::Status,
    pub priority: crate::tickets::model::Priority,
    pub created_at: DateTime<Utc>,
}

/// Everything the customer page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerDetail {
    pub customer: Customer,
    pub subscriptions: Vec<crate::subscriptions::model::Subscription>,
    pub tickets: Vec<CustomerTicket>,
    /// Changes to the customer and its lines, newest first.
    pub history: Vec<crate::audit::model::AuditEntry>,
}
