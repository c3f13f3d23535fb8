//! What admins configure for SLAs: policies, business calendars and holidays, with the
//! checks each must pass before it is saved.

use super::hours::{parse_day, MinuteRange};
use crate::error::FieldErrors;
use crate::format::TimeZone;
use crate::i18n::Msg;
use crate::tickets::model::{Priority, TicketKind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Targets beyond a year are certainly a typo (minutes entered as seconds, say).
pub const MAX_TARGET_MINUTES: i32 = 365 * 24 * 60;

fn check_name(errors: &mut FieldErrors, name: &str, max: usize) {
    if name.trim().is_empty() {
        errors.add("name", Msg::ValRequired);
    } else if name.trim().chars().count() > max {
        errors.add("name", Msg::ValTooLong);
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SlaPolicy {
    pub id: i64,
    pub name: String,
    /// `None` matches both incidents and requests.
    pub ticket_kind: Option<TicketKind>,
    pub priority: Option<Priority>,
    /// Matches this category and everything below it.
    pub category_id: Option<i64>,
    pub calendar_id: i64,
    pub response_minutes: i32,
    pub resolution_minutes: i32,
    pub warning_percent: i16,
    pub active: bool,
}

impl Default for SlaPolicy {
    fn default() -> Self {
        SlaPolicy {
            id: 0,
            name: String::new(),
            ticket_kind: None,
            priority: None,
            category_id: None,
            calendar_id: 0,
            response_minutes: 60,
            resolution_minutes: 480,
            warning_percent: 75,
            active: true,
        }
    }
}

impl SlaPolicy {
    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_name(&mut errors, &self.name, 80);
        for (field, minutes) in [
            ("response_minutes", self.response_minutes),
            ("resolution_minutes", self.resolution_minutes),
        ] {
            if !(1..=MAX_TARGET_MINUTES).contains(&minutes) {
                errors.add(field, Msg::ValTargetRange);
            }
        }
        if errors.get("response_minutes").is_none()
            && errors.get("resolution_minutes").is_none()
            && self.response_minutes > self.resolution_minutes
        {
            errors.add("response_minutes", Msg::ValResponseAfterResolution);
        }
        if !(1..=99).contains(&self.warning_percent) {
            errors.add("warning_percent", Msg::ValWarningPercentRange);
        }
        if self.calendar_id <= 0 {
            errors.add("calendar_id", Msg::ValRequired);
        }
        errors
    }
}

/// A calendar as stored: working ranges per ISO weekday (index 0 = Monday).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessCalendar {
    pub id: i64,
    pub name: String,
    pub time_zone: TimeZone,
    pub always_open: bool,
    pub observes_holidays: bool,
    /// Each day's hours as text (see [`super::hours`]); seven entries, Monday first.
    pub hours: Vec<String>,
    /// How many policies use it; a calendar in use cannot be left without hours.
    pub policies: i64,
}

/// A calendar as the admin submits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CalendarDraft {
    pub id: i64,
    pub name: String,
    pub time_zone: TimeZone,
    pub always_open: bool,
    pub observes_holidays: bool,
    pub hours: Vec<String>,
}

impl Default for CalendarDraft {
    fn default() -> Self {
        CalendarDraft {
            id: 0,
            name: String::new(),
            time_zone: TimeZone::default(),
            always_open: false,
            observes_holidays: true,
            hours: vec![String::new(); 7],
        }
    }
}

/// Field name of one weekday's hours (1 = Monday).
pub fn hours_field(weekday: usize) -> String {
    format!("hours.{weekday}")
}

impl CalendarDraft {
    /// Checks the draft and returns each weekday's ranges, Monday first.
    pub fn parse(&self) -> Result<Vec<Vec<MinuteRange>>, FieldErrors> {
        let mut errors = FieldErrors::new();
        check_name(&mut errors, &self.name, 80);
        let mut week = Vec::with_capacity(7);
        for day in 0..7 {
            let text = self.hours.get(day).map(String::as_str).unwrap_or("");
            match parse_day(text) {
                Ok(ranges) => week.push(ranges),
                Err(msg) => {
                    errors.add(&hours_field(day + 1), msg);
                    week.push(Vec::new());
                }
            }
        }
        if !self.always_open && errors.is_empty() && week.iter().all(Vec::is_empty) {
            errors.add("hours", Msg::ValCalendarNeverOpen);
        }
        if errors.is_empty() {
            Ok(week)
        } else {
            Err(errors)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holiday {
    pub day: NaiveDate,
    pub name: String,
    /// Estimated before the government's decree for the year; to be confirmed.
    pub provisional: bool,
}

impl Holiday {
    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_name(&mut errors, &self.name, 120);
        errors
    }
}

/// Everything the SLA settings screens show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaSettings {
    pub policies: Vec<SlaPolicy>,
    pub calendars: Vec<BusinessCalendar>,
    pub categories: Vec<crate::desk::model::Category>,
    /// Open tickets still waiting to have their clocks recomputed after a change.
    pub recompute_pending: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_needs_sane_targets() {
        let ok = SlaPolicy {
            name: "P3".into(),
            calendar_id: 1,
            ..Default::default()
        };
        assert!(ok.validate().is_empty());
        let bad = SlaPolicy {
            name: " ".into(),
            response_minutes: 600,
            resolution_minutes: 60,
            warning_percent: 100,
            ..Default::default()
        };
        let e = bad.validate();
        assert_eq!(e.get("name"), Some(Msg::ValRequired));
        assert_eq!(
            e.get("response_minutes"),
            Some(Msg::ValResponseAfterResolution)
        );
        assert_eq!(e.get("warning_percent"), Some(Msg::ValWarningPercentRange));
        assert_eq!(e.get("calendar_id"), Some(Msg::ValRequired));
        let zero = SlaPolicy {
            resolution_minutes: 0,
            ..ok
        };
        assert_eq!(
            zero.validate().get("resolution_minutes"),
            Some(Msg::ValTargetRange)
        );
    }

    #[test]
    fn a_calendar_reports_each_bad_day_and_must_open_sometime() {
        let mut draft = CalendarDraft {
            name: "Kantor".into(),
            ..Default::default()
        };
        draft.hours[0] = "08-12, 13-17".into();
        draft.hours[5] = "17-08".into();
        let e = draft.parse().unwrap_err();
        assert_eq!(e.get("hours.6"), Some(Msg::ValHoursOrder));
        draft.hours[5] = "08-12".into();
        let week = draft.parse().unwrap();
        assert_eq!(week[0].len(), 2);
        assert!(week[6].is_empty());

        let closed = CalendarDraft {
            name: "Tutup".into(),
            ..Default::default()
        };
        assert_eq!(
            closed.parse().unwrap_err().get("hours"),
            Some(Msg::ValCalendarNeverOpen)
        );
        let always = CalendarDraft {
            always_open: true,
            ..closed
        };
        assert!(always.parse().is_ok());
    }
}
