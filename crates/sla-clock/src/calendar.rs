//! Business-hours calendars: weekly working segments in a fixed-offset zone, minus holidays.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Utc};
use std::collections::BTreeSet;

/// How far ahead the clock looks for working time before it gives up. A calendar whose
/// working time is all holidays for ten years has no due time rather than a hung server.
pub const MAX_LOOKAHEAD_DAYS: i64 = 3660;

const MINUTES_PER_DAY: u16 = 24 * 60;

/// A working period within one local day, in minutes after local midnight; `end` may be
/// 1440 (midnight at the end of the day).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Segment {
    pub start: u16,
    pub end: u16,
}

impl Segment {
    pub fn new(start: u16, end: u16) -> Self {
        Segment { start, end }
    }

    /// Convenience for tests and seeds: `Segment::hm((8, 0), (12, 0))`.
    pub fn hm(start: (u16, u16), end: (u16, u16)) -> Self {
        Segment::new(start.0 * 60 + start.1, end.0 * 60 + end.1)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalendarError {
    /// A segment is empty, reversed or runs past midnight.
    BadSegment { weekday: usize, segment: Segment },
    /// Two segments on one day overlap.
    Overlap { weekday: usize },
    /// The offset is not a valid UTC offset.
    BadOffset(i32),
}

impl std::fmt::Display for CalendarError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CalendarError::BadSegment { weekday, segment } => write!(
                f,
                "segment {}-{} on weekday {weekday} is empty, reversed or past midnight",
                segment.start, segment.end
            ),
            CalendarError::Overlap { weekday } => {
                write!(f, "segments on weekday {weekday} overlap")
            }
            CalendarError::BadOffset(s) => write!(f, "offset of {s} seconds is invalid"),
        }
    }
}

impl std::error::Error for CalendarError {}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Schedule {
    /// Every instant counts: 24×7 support, no holidays.
    AlwaysOpen,
    /// Segments per weekday, Monday first.
    Weekly(Box<[Vec<Segment>; 7]>),
}

/// When the clock runs. Indonesia has no daylight saving, so a fixed offset is exact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    offset: FixedOffset,
    schedule: Schedule,
    holidays: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// A 24×7 calendar: business time equals wall time.
    pub fn always_open() -> Self {
        Calendar {
            offset: FixedOffset::east_opt(0).expect("zero offset is valid"),
            schedule: Schedule::AlwaysOpen,
            holidays: BTreeSet::new(),
        }
    }

    /// `weekly[0]` is Monday. Segments are sorted here; they must not overlap.
    pub fn weekly(
        offset_seconds: i32,
        weekly: [Vec<Segment>; 7],
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<Self, CalendarError> {
        let offset = FixedOffset::east_opt(offset_seconds)
            .ok_or(CalendarError::BadOffset(offset_seconds))?;
        let mut weekly = weekly;
        for (weekday, day) in weekly.iter_mut().enumerate() {
            day.sort();
            for segment in day.iter() {
                if segment.start >= segment.end || segment.end > MINUTES_PER_DAY {
                    return Err(CalendarError::BadSegment {
                        weekday,
                        segment: *segment,
                    });
                }
            }
            if day.windows(2).any(|pair| pair[1].start < pair[0].end) {
                return Err(CalendarError::Overlap { weekday });
            }
        }
        Ok(Calendar {
            offset,
            schedule: Schedule::Weekly(Box::new(weekly)),
            holidays: holidays.into_iter().collect(),
        })
    }

    /// The same segments Monday to Friday, nothing at weekends.
    pub fn weekdays(
        offset_seconds: i32,
        segments: &[Segment],
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<Self, CalendarError> {
        let day = || segments.to_vec();
        Calendar::weekly(
            offset_seconds,
            [day(), day(), day(), day(), day(), Vec::new(), Vec::new()],
            holidays,
        )
    }

    /// Working windows in UTC, in order, that end after `from`; the first is clipped to start
    /// at `from`. Ends after [`MAX_LOOKAHEAD_DAYS`] local days.
    pub fn windows_from(&self, from: DateTime<Utc>) -> Windows<'_> {
        let local_date = from.with_timezone(&self.offset).date_naive();
        Windows {
            calendar: self,
            from,
            date: local_date,
            days_left: MAX_LOOKAHEAD_DAYS,
            segment: 0,
            always_open_done: false,
        }
    }

    fn segments_on(&self, date: NaiveDate) -> &[Segment] {
        match &self.schedule {
            Schedule::AlwaysOpen => &[],
            Schedule::Weekly(week) => {
                if self.holidays.contains(&date) {
                    &[]
                } else {
                    &week[date.weekday().num_days_from_monday() as usize]
                }
            }
        }
    }

    fn local_minute_to_utc(&self, date: NaiveDate, minute: u16) -> DateTime<Utc> {
        let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
        (midnight - self.offset + Duration::minutes(i64::from(minute))).and_utc()
    }
}

/// Iterator over working windows; see [`Calendar::windows_from`].
pub struct Windows<'a> {
    calendar: &'a Calendar,
    from: DateTime<Utc>,
    date: NaiveDate,
    days_left: i64,
    segment: usize,
    always_open_done: bool,
}

impl Iterator for Windows<'_> {
    type Item = (DateTime<Utc>, DateTime<Utc>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.calendar.schedule == Schedule::AlwaysOpen {
            if self.always_open_done {
                return None;
            }
            self.always_open_done = true;
            return Some((self.from, DateTime::<Utc>::MAX_UTC));
        }
        while self.days_left > 0 {
            let segments = self.calendar.segments_on(self.date);
            if let Some(segment) = segments.get(self.segment) {
                self.segment += 1;
                let start = self.calendar.local_minute_to_utc(self.date, segment.start);
                let end = self.calendar.local_minute_to_utc(self.date, segment.end);
                if end <= self.from {
                    continue;
                }
                return Some((start.max(self.from), end));
            }
            self.segment = 0;
            self.days_left -= 1;
            self.date = self.date.succ_opt()?;
        }
        None
    }
}
