//! Work orders as the browser and the server both see them.

mod evidence;
mod state;

pub use evidence::*;
pub use state::*;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;
use crate::i18n::Msg;

/// The longest appointment window the desk may agree with a customer.
pub const MAX_WINDOW_HOURS: i64 = 12;
pub const INSTRUCTIONS_MAX: usize = 2000;
pub const NOTE_MAX: usize = 1000;
pub const TECH_NOTES_MAX: usize = 4000;

/// An appointment agreed with the customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Window {
    /// A window typed as a local date and two local times (`HH:MM`) in `offset`'s zone; an
    /// end before the start is left for `check` to refuse.
    pub fn local(
        date: &str,
        start: &str,
        end: &str,
        offset: chrono::FixedOffset,
    ) -> Option<Window> {
        let date = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
        let at = |time: &str| {
            let time = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M").ok()?;
            date.and_time(time)
                .and_local_timezone(offset)
                .single()
                .map(|t| t.to_utc())
        };
        Some(Window {
            start: at(start)?,
            end: at(end)?,
        })
    }

    pub fn check(self, errors: &mut FieldErrors) {
        if self.end <= self.start {
            errors.add("window_end", Msg::ValWindowOrder);
        } else if self.end - self.start > chrono::Duration::hours(MAX_WINDOW_HOURS) {
            errors.add("window_end", Msg::ValWindowTooLong);
        }
    }
}

/// A new order as the desk asks for it. The line, customer, place and plant are taken from
/// what it comes from (the line waiting for install, the incident, the terminated line);
/// a survey names its place itself.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewWorkOrder {
    pub kind: Option<WorkOrderKind>,
    #[serde(default)]
    pub ticket_id: Option<i64>,
    #[serde(default)]
    pub subscription_id: Option<i64>,
    #[serde(default)]
    pub customer_id: Option<i64>,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub instructions: String,
}

impl NewWorkOrder {
    /// What can be checked without the database.
    pub fn check(&self) -> Result<WorkOrderKind, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = self.kind;
        match kind {
            None => errors.add("kind", Msg::ValRequired),
            Some(WorkOrderKind::Installation | WorkOrderKind::Dismantle)
                if self.subscription_id.is_none() =>
            {
                errors.add("subscription_id", Msg::ValRequired)
            }
            Some(WorkOrderKind::Repair)
                if self.ticket_id.is_none() && self.subscription_id.is_none() =>
            {
                errors.add("ticket_id", Msg::ValWoRepairSource)
            }
            Some(WorkOrderKind::Survey)
                if self.address.trim().is_empty() && self.customer_id.is_none() =>
            {
                errors.add("address", Msg::ValRequired)
            }
            _ => {}
        }
        if self.address.chars().count() > 500 {
            errors.add("address", Msg::ValTooLong);
        }
        if self.instructions.chars().count() > INSTRUCTIONS_MAX {
            errors.add("instructions", Msg::ValTooLong);
        }
        match (self.latitude, self.longitude) {
            (None, None) => {}
            (Some(lat), Some(lng))
                if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng) => {}
            _ => errors.add("latitude", Msg::ValCoordinate),
        }
        match kind {
            Some(kind) if errors.is_empty() => Ok(kind),
            _ => Err(errors),
        }
    }
}

/// The desk gives an order a technician and an appointment window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleDraft {
    pub technician_id: Option<i64>,
    pub window: Option<Window>,
}

/// A move asked for by a technician or the desk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveRequest {
    pub to: WorkOrderState,
    #[serde(default)]
    pub failure_reason: Option<FailureReason>,
    #[serde(default)]
    pub note: String,
}

impl MoveRequest {
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.to == WorkOrderState::Failed {
            match self.failure_reason {
                None => errors.add("failure_reason", Msg::ValRequired),
                Some(FailureReason::Other) if self.note.trim().is_empty() => {
                    errors.add("note", Msg::ValWoFailOtherNote)
                }
                _ => {}
            }
        }
        if self.note.chars().count() > NOTE_MAX {
            errors.add("note", Msg::ValTooLong);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// One row of the work order list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkOrderRow {
    pub id: i64,
    pub number: String,
    pub kind: WorkOrderKind,
    pub state: WorkOrderState,
    pub customer: Option<String>,
    pub address: String,
    pub technician: Option<String>,
    pub window: Option<Window>,
    pub ticket: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkOrderFilter {
    #[serde(default)]
    pub state: Option<WorkOrderState>,
    #[serde(default)]
    pub kind: Option<WorkOrderKind>,
    #[serde(default)]
    pub technician_id: Option<i64>,
    /// Orders whose window starts on this Jakarta day.
    #[serde(default)]
    pub day: Option<chrono::NaiveDate>,
    /// Keyset: orders with a smaller id than this.
    #[serde(default)]
    pub before_id: Option<i64>,
}

pub const WORK_ORDER_PAGE: i64 = 50;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkOrderPage {
    pub rows: Vec<WorkOrderRow>,
    pub next_before_id: Option<i64>,
}

/// A state change as the order's history shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkOrderEvent {
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub from: Option<WorkOrderState>,
    pub to: WorkOrderState,
    pub reason: Option<FailureReason>,
    pub note: String,
}

/// One piece of recorded proof. Files are fetched from
/// `/api/work-orders/{order}/evidence/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceItem {
    pub id: i64,
    pub kind: EvidenceKind,
    pub value: String,
    pub is_file: bool,
    pub at: DateTime<Utc>,
    pub by: Option<String>,
}

/// A technician as the desk chooses between them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechnicianOption {
    pub user_id: i64,
    pub name: String,
    pub zone: String,
    pub skills: Vec<Skill>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkOrderDetail {
    pub id: i64,
    pub number: String,
    pub kind: WorkOrderKind,
    pub state: WorkOrderState,
    pub ticket: Option<(i64, String)>,
    pub subscription: Option<(i64, String)>,
    pub customer: Option<(i64, String)>,
    pub customer_phone: String,
    pub ci: Option<(i64, String)>,
    pub technician: Option<(i64, String)>,
    pub window: Option<Window>,
    pub address: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Where an installation connects the line.
    pub odp: Option<(i64, String)>,
    pub odp_port: Option<i32>,
    pub instructions: String,
    pub tech_notes: String,
    pub failure_reason: Option<FailureReason>,
    pub failure_note: String,
    pub checklist: Vec<ChecklistItem>,
    pub ticked: Vec<String>,
    pub required_evidence: Vec<EvidenceKind>,
    pub evidence: Vec<EvidenceItem>,
    pub events: Vec<WorkOrderEvent>,
    pub outstanding: Outstanding,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub version: i32,
    /// What the reader may do with it.
    pub can_dispatch: bool,
    pub can_work: bool,
}

/// A technician's working profile as admins edit it: every account with the technician role
/// is listed, with or without a profile yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechnicianProfile {
    pub user_id: i64,
    pub name: String,
    pub username: String,
    pub has_profile: bool,
    pub draft: TechnicianDraft,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TechnicianDraft {
    pub user_id: i64,
    #[serde(default)]
    pub skills: Vec<Skill>,
    #[serde(default)]
    pub zone: String,
    /// Decimal degrees as typed; both or neither.
    #[serde(default)]
    pub home_lat: String,
    #[serde(default)]
    pub home_lng: String,
    /// Local `HH:MM`.
    #[serde(default)]
    pub work_start: String,
    #[serde(default)]
    pub work_end: String,
    #[serde(default)]
    pub active: bool,
}

/// A technician profile that passed its checks.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedTechnician {
    pub skills: Vec<Skill>,
    pub zone: String,
    pub home: Option<(f64, f64)>,
    pub hours: (chrono::NaiveTime, chrono::NaiveTime),
}

impl TechnicianDraft {
    pub fn check(&self) -> Result<CheckedTechnician, FieldErrors> {
        let mut errors = FieldErrors::new();
        let zone = self.zone.trim().to_owned();
        if zone.chars().count() > 60 {
            errors.add("zone", Msg::ValTooLong);
        }
        let number = |s: &str| s.trim().replace(',', ".").parse::<f64>().ok();
        let home = match (
            self.home_lat.trim().is_empty(),
            self.home_lng.trim().is_empty(),
        ) {
            (true, true) => None,
            _ => match (number(&self.home_lat), number(&self.home_lng)) {
                (Some(lat), Some(lng))
                    if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng) =>
                {
                    Some((lat, lng))
                }
                _ => {
                    errors.add("home_lat", Msg::ValCoordinate);
                    None
                }
            },
        };
        let time = |s: &str| chrono::NaiveTime::parse_from_str(s.trim(), "%H:%M").ok();
        let hours = match (time(&self.work_start), time(&self.work_end)) {
            (Some(start), Some(end)) if start < end => Some((start, end)),
            (Some(_), Some(_)) => {
                errors.add("work_end", Msg::ValWindowOrder);
                None
            }
            (None, _) => {
                errors.add("work_start", Msg::ValTimeOfDay);
                None
            }
            (_, None) => {
                errors.add("work_end", Msg::ValTimeOfDay);
                None
            }
        };
        let mut skills: Vec<Skill> = Skill::ALL
            .into_iter()
            .filter(|s| self.skills.contains(s))
            .collect();
        skills.dedup();
        match hours {
            Some(hours) if errors.is_empty() => Ok(CheckedTechnician {
                skills,
                zone,
                home,
                hours,
            }),
            _ => Err(errors),
        }
    }
}

/// What admins edit per kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkOrderTemplate {
    pub kind: WorkOrderKind,
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
    #[serde(default)]
    pub evidence: Vec<EvidenceKind>,
}

impl WorkOrderTemplate {
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut keys: Vec<&str> = Vec::new();
        for (i, item) in self.checklist.iter().enumerate() {
            let key_ok = !item.key.is_empty()
                && item.key.len() <= 40
                && item
                    .key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !key_ok {
                errors.add(&format!("checklist.{i}.key"), Msg::ValChecklistKey);
            } else if keys.contains(&item.key.as_str()) {
                errors.add(&format!("checklist.{i}.key"), Msg::ValChecklistKeyTaken);
            }
            keys.push(&item.key);
            for (field, text) in [("id", &item.id), ("en", &item.en)] {
                let len = text.trim().chars().count();
                if len == 0 {
                    errors.add(&format!("checklist.{i}.{field}"), Msg::ValRequired);
                } else if len > 200 {
                    errors.add(&format!("checklist.{i}.{field}"), Msg::ValTooLong);
                }
            }
        }
        if self.checklist.len() > 30 {
            errors.add("checklist", Msg::ValTooLong);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, h, 0, 0).unwrap()
    }

    #[test]
    fn windows_run_forward_and_stay_short() {
        let mut errors = FieldErrors::new();
        Window {
            start: at(2),
            end: at(4),
        }
        .check(&mut errors);
        assert!(errors.is_empty());
        Window {
            start: at(4),
            end: at(4),
        }
        .check(&mut errors);
        assert_eq!(errors.get("window_end"), Some(Msg::ValWindowOrder));
        let mut errors = FieldErrors::new();
        Window {
            start: at(0),
            end: at(13),
        }
        .check(&mut errors);
        assert_eq!(errors.get("window_end"), Some(Msg::ValWindowTooLong));
    }

    #[test]
    fn local_windows_are_read_in_the_readers_zone() {
        let wib = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
        let window = Window::local("2026-12-07", "09:00", "11:30", wib).unwrap();
        assert_eq!(window.start, at(2));
        assert_eq!(
            window.end,
            Utc.with_ymd_and_hms(2026, 12, 7, 4, 30, 0).unwrap()
        );
        assert_eq!(Window::local("2026-12-07", "9", "11:30", wib), None);
        assert_eq!(Window::local("", "09:00", "11:30", wib), None);
    }

    #[test]
    fn each_kind_names_its_source() {
        let mut draft = NewWorkOrder {
            kind: Some(WorkOrderKind::Installation),
            ..Default::default()
        };
        assert_eq!(
            draft.check().unwrap_err().get("subscription_id"),
            Some(Msg::ValRequired)
        );
        draft.subscription_id = Some(3);
        assert_eq!(draft.check(), Ok(WorkOrderKind::Installation));
        let repair = NewWorkOrder {
            kind: Some(WorkOrderKind::Repair),
            ..Default::default()
        };
        assert_eq!(
            repair.check().unwrap_err().get("ticket_id"),
            Some(Msg::ValWoRepairSource)
        );
        let survey = NewWorkOrder {
            kind: Some(WorkOrderKind::Survey),
            latitude: Some(-6.2),
            ..Default::default()
        };
        let errors = survey.check().unwrap_err();
        assert_eq!(errors.get("address"), Some(Msg::ValRequired));
        assert_eq!(errors.get("latitude"), Some(Msg::ValCoordinate));
        assert_eq!(
            NewWorkOrder::default().check().unwrap_err().get("kind"),
            Some(Msg::ValRequired)
        );
    }

    #[test]
    fn a_failure_needs_a_reason_and_other_needs_words() {
        let mut req = MoveRequest {
            to: WorkOrderState::Failed,
            failure_reason: None,
            note: String::new(),
        };
        assert_eq!(
            req.check().unwrap_err().get("failure_reason"),
            Some(Msg::ValRequired)
        );
        req.failure_reason = Some(FailureReason::Other);
        assert_eq!(
            req.check().unwrap_err().get("note"),
            Some(Msg::ValWoFailOtherNote)
        );
        req.note = "Tangga tidak cukup tinggi".into();
        assert_eq!(req.check(), Ok(()));
    }

    #[test]
    fn technician_profiles_need_working_hours_and_a_whole_home() {
        let mut draft = TechnicianDraft {
            user_id: 1,
            skills: vec![Skill::Wireless, Skill::FiberSplicing, Skill::Wireless],
            zone: " Bekasi ".into(),
            home_lat: "-6,2383".into(),
            home_lng: "106.9756".into(),
            work_start: "08:00".into(),
            work_end: "17:00".into(),
            active: true,
        };
        let checked = draft.check().unwrap();
        assert_eq!(checked.skills, vec![Skill::FiberSplicing, Skill::Wireless]);
        assert_eq!(checked.zone, "Bekasi");
        assert_eq!(checked.home, Some((-6.2383, 106.9756)));
        draft.home_lng = String::new();
        assert_eq!(
            draft.check().unwrap_err().get("home_lat"),
            Some(Msg::ValCoordinate)
        );
        draft.home_lat = String::new();
        draft.work_end = "07:00".into();
        assert_eq!(
            draft.check().unwrap_err().get("work_end"),
            Some(Msg::ValWindowOrder)
        );
        draft.work_start = "8 pagi".into();
        assert_eq!(
            draft.check().unwrap_err().get("work_start"),
            Some(Msg::ValTimeOfDay)
        );
    }

    #[test]
    fn templates_need_unique_keys_and_both_languages() {
        let item = |key: &str, id: &str| ChecklistItem {
            key: key.into(),
            id: id.into(),
            en: "x".into(),
        };
        let template = WorkOrderTemplate {
            kind: WorkOrderKind::Repair,
            checklist: vec![
                item("a", "A"),
                item("a", "B"),
                item("Bad Key", "C"),
                item("c", " "),
            ],
            evidence: vec![],
        };
        let errors = template.check().unwrap_err();
        assert_eq!(
            errors.get("checklist.1.key"),
            Some(Msg::ValChecklistKeyTaken)
        );
        assert_eq!(errors.get("checklist.2.key"), Some(Msg::ValChecklistKey));
        assert_eq!(errors.get("checklist.3.id"), Some(Msg::ValRequired));
        assert_eq!(errors.get("checklist.0.key"), None);
    }
}
