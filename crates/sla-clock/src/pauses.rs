//! Pause intervals (e.g. "pending customer") and their removal from working windows.

use chrono::{DateTime, Utc};

/// A span during which the clock does not run. `end: None` means paused until further notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pause {
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
}

impl Pause {
    pub fn closed(start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Pause {
            start,
            end: Some(end),
        }
    }

    pub fn open(start: DateTime<Utc>) -> Self {
        Pause { start, end: None }
    }

    fn end_or_max(&self) -> DateTime<Utc> {
        self.end.unwrap_or(DateTime::<Utc>::MAX_UTC)
    }

    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.start <= at && at < self.end_or_max()
    }
}

/// Pauses sorted and merged, as half-open `[start, end)` spans, ready to be cut out of
/// working windows in one forward pass.
pub(crate) struct PauseSet {
    spans: Vec<(DateTime<Utc>, DateTime<Utc>)>,
    cursor: usize,
}

impl PauseSet {
    pub(crate) fn new(pauses: &[Pause]) -> Self {
        let mut spans: Vec<_> = pauses
            .iter()
            .map(|p| (p.start, p.end_or_max()))
            .filter(|(start, end)| start < end)
            .collect();
        spans.sort();
        let mut merged: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::with_capacity(spans.len());
        for (start, end) in spans {
            match merged.last_mut() {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        PauseSet {
            spans: merged,
            cursor: 0,
        }
    }

    /// The parts of `[start, end)` not covered by a pause. Windows must be passed in
    /// increasing order: the cursor only moves forward.
    pub(crate) fn counting_parts(
        &mut self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        while self.cursor < self.spans.len() && self.spans[self.cursor].1 <= start {
            self.cursor += 1;
        }
        let mut parts = Vec::new();
        let mut at = start;
        for &(pause_start, pause_end) in &self.spans[self.cursor..] {
            if pause_start >= end {
                break;
            }
            if pause_start > at {
                parts.push((at, pause_start));
            }
            at = at.max(pause_end);
            if at >= end {
                break;
            }
        }
        if at < end {
            parts.push((at, end));
        }
        parts
    }

    /// Whether a pause with no end starts at or before `at`: no more time will ever count.
    pub(crate) fn paused_forever_from(&self, at: DateTime<Utc>) -> bool {
        self.spans
            .last()
            .is_some_and(|&(start, end)| end == DateTime::<Utc>::MAX_UTC && start <= at)
    }
}
