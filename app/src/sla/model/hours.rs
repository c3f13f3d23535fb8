//! Working hours of one weekday as people write them: `08.00–12.00, 13.00–17.00`.
//!
//! Admins type hours as text because that is how an office's hours are posted on its door;
//! this module turns that text into minute ranges and back, with a clear error for each way
//! it can be wrong. The server parses again on save, so the client's preview is only a help.

use crate::i18n::Msg;

/// Minutes after local midnight: `[start, end)`, `end` may be 1440 (midnight at the end).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct MinuteRange {
    pub start: u16,
    pub end: u16,
}

const DAY_MINUTES: u16 = 24 * 60;

fn parse_time(text: &str) -> Option<u16> {
    let text = text.trim();
    let (h, m) = match text.split_once([':', '.']) {
        Some((h, m)) => (h, m),
        None => (text, "0"),
    };
    if h.is_empty() || h.len() > 2 || m.len() > 2 || m.is_empty() {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return None;
    }
    Some(h * 60 + m)
}

/// Parses one day's hours. Empty text (or `-`) means closed all day. Ranges are separated by
/// commas or semicolons; a range is `start–end` with `-`, `–` or `s/d` between the times.
pub fn parse_day(text: &str) -> Result<Vec<MinuteRange>, Msg> {
    let text = text.trim();
    if text.is_empty() || text == "-" || text == "–" {
        return Ok(Vec::new());
    }
    let mut ranges = Vec::new();
    for part in text
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let normalized = part.replace("s/d", "-").replace('–', "-");
        let (start, end) = normalized.split_once('-').ok_or(Msg::ValHoursFormat)?;
        let start = parse_time(start).ok_or(Msg::ValHoursFormat)?;
        let end = parse_time(end).ok_or(Msg::ValHoursFormat)?;
        if start >= DAY_MINUTES || end <= start {
            return Err(Msg::ValHoursOrder);
        }
        ranges.push(MinuteRange { start, end });
    }
    ranges.sort();
    if ranges.windows(2).any(|w| w[1].start < w[0].end) {
        return Err(Msg::ValHoursOverlap);
    }
    Ok(ranges)
}

fn format_time(minute: u16) -> String {
    format!("{:02}.{:02}", minute / 60, minute % 60)
}

/// The text form of a day's ranges, as [`parse_day`] reads it back.
pub fn format_day(ranges: &[MinuteRange]) -> String {
    ranges
        .iter()
        .map(|r| format!("{}–{}", format_time(r.start), format_time(r.end)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(start: u16, end: u16) -> MinuteRange {
        MinuteRange { start, end }
    }

    #[test]
    fn office_hours_in_every_common_spelling() {
        let split = vec![r(480, 720), r(780, 1020)];
        assert_eq!(parse_day("08.00–12.00, 13.00–17.00"), Ok(split.clone()));
        assert_eq!(parse_day("8:00-12:00;13:00 - 17:00"), Ok(split.clone()));
        assert_eq!(parse_day("13-17, 8-12"), Ok(split.clone()));
        assert_eq!(parse_day("08.00 s/d 12.00, 13.00 s/d 17.00"), Ok(split));
        assert_eq!(parse_day("00.00–24.00"), Ok(vec![r(0, 1440)]));
    }

    #[test]
    fn empty_means_closed() {
        assert_eq!(parse_day(""), Ok(vec![]));
        assert_eq!(parse_day("  - "), Ok(vec![]));
    }

    #[test]
    fn mistakes_get_their_own_message() {
        assert_eq!(parse_day("08.00"), Err(Msg::ValHoursFormat));
        assert_eq!(parse_day("8.75-12"), Err(Msg::ValHoursFormat));
        assert_eq!(parse_day("25-26"), Err(Msg::ValHoursFormat));
        assert_eq!(parse_day("24.30-25"), Err(Msg::ValHoursFormat));
        assert_eq!(parse_day("pagi"), Err(Msg::ValHoursFormat));
        assert_eq!(parse_day("17-08"), Err(Msg::ValHoursOrder));
        assert_eq!(parse_day("12-12"), Err(Msg::ValHoursOrder));
        assert_eq!(parse_day("08-13, 12-17"), Err(Msg::ValHoursOverlap));
    }

    #[test]
    fn formatting_round_trips() {
        let ranges = vec![r(480, 720), r(780, 1020), r(1200, 1440)];
        let text = format_day(&ranges);
        assert_eq!(text, "08.00–12.00, 13.00–17.00, 20.00–24.00");
        assert_eq!(parse_day(&text), Ok(ranges));
    }
}
