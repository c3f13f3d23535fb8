//! Impact × urgency → priority, through a matrix admins may change.

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// Impact or urgency: 1 is the highest. Three levels, as in ITIL. Deserializing checks the
/// range, so a value from a request can never index outside the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Level(u8);

impl TryFrom<u8> for Level {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Level::new(value.into()).ok_or_else(|| format!("level {value} is not 1, 2 or 3"))
    }
}

impl From<Level> for u8 {
    fn from(level: Level) -> u8 {
        level.0
    }
}

impl Level {
    pub const HIGH: Level = Level(1);
    pub const MEDIUM: Level = Level(2);
    pub const LOW: Level = Level(3);
    pub const ALL: [Level; 3] = [Level::HIGH, Level::MEDIUM, Level::LOW];

    pub fn new(value: i64) -> Option<Self> {
        (1..=3).contains(&value).then_some(Level(value as u8))
    }

    pub fn get(self) -> u8 {
        self.0
    }

    fn index(self) -> usize {
        usize::from(self.0 - 1)
    }

    pub fn impact_label(self) -> Msg {
        match self.0 {
            1 => Msg::ImpactHigh,
            2 => Msg::ImpactMedium,
            _ => Msg::ImpactLow,
        }
    }

    pub fn urgency_label(self) -> Msg {
        match self.0 {
            1 => Msg::UrgencyHigh,
            2 => Msg::UrgencyMedium,
            _ => Msg::UrgencyLow,
        }
    }
}

/// 1 critical … 5 planning. Deserializing checks the range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Priority(u8);

impl TryFrom<u8> for Priority {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Priority::new(value.into()).ok_or_else(|| format!("priority {value} is not 1 to 5"))
    }
}

impl From<Priority> for u8 {
    fn from(priority: Priority) -> u8 {
        priority.0
    }
}

impl Priority {
    pub const CRITICAL: Priority = Priority(1);
    pub const HIGH: Priority = Priority(2);
    pub const MODERATE: Priority = Priority(3);
    pub const LOW: Priority = Priority(4);
    pub const PLANNING: Priority = Priority(5);
    pub const ALL: [Priority; 5] = [
        Priority::CRITICAL,
        Priority::HIGH,
        Priority::MODERATE,
        Priority::LOW,
        Priority::PLANNING,
    ];

    pub fn new(value: i64) -> Option<Self> {
        (1..=5).contains(&value).then_some(Priority(value as u8))
    }

    pub fn get(self) -> u8 {
        self.0
    }

    pub fn label(self) -> Msg {
        match self.0 {
            1 => Msg::PriorityCritical,
            2 => Msg::PriorityHigh,
            3 => Msg::PriorityModerate,
            4 => Msg::PriorityLow,
            _ => Msg::PriorityPlanning,
        }
    }

    /// CSS modifier; colour is paired with the number and label, never alone.
    pub fn css_class(self) -> &'static str {
        match self.0 {
            1 => "priority priority-1",
            2 => "priority priority-2",
            3 => "priority priority-3",
            4 => "priority priority-4",
            _ => "priority priority-5",
        }
    }
}

/// Rows are impact (high → low), columns urgency (high → low).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorityMatrix {
    pub cells: [[Priority; 3]; 3],
}

impl Default for PriorityMatrix {
    /// The ITIL 3×3: (1,1) critical; (1,2),(2,1) high; (1,3),(2,2),(3,1) moderate;
    /// (2,3),(3,2) low; (3,3) planning.
    fn default() -> Self {
        use Priority as P;
        PriorityMatrix {
            cells: [
                [P::CRITICAL, P::HIGH, P::MODERATE],
                [P::HIGH, P::MODERATE, P::LOW],
                [P::MODERATE, P::LOW, P::PLANNING],
            ],
        }
    }
}

impl PriorityMatrix {
    pub fn priority(&self, impact: Level, urgency: Level) -> Priority {
        self.cells[impact.index()][urgency.index()]
    }

    pub fn set(&mut self, impact: Level, urgency: Level, priority: Priority) {
        self.cells[impact.index()][urgency.index()] = priority;
    }

    /// Every (impact, urgency, priority) cell, for storage.
    pub fn entries(&self) -> impl Iterator<Item = (Level, Level, Priority)> + '_ {
        Level::ALL.into_iter().flat_map(move |impact| {
            Level::ALL
                .into_iter()
                .map(move |urgency| (impact, urgency, self.priority(impact, urgency)))
        })
    }

    /// A matrix where a worse impact or urgency gives a better priority would make the
    /// triage screen lie; refuse it.
    pub fn is_monotonic(&self) -> bool {
        Level::ALL.into_iter().all(|impact| {
            Level::ALL.into_iter().all(|urgency| {
                let here = self.priority(impact, urgency);
                let lower_impact = Level::new(i64::from(impact.get()) + 1)
                    .map(|worse| self.priority(worse, urgency) >= here);
                let lower_urgency = Level::new(i64::from(urgency.get()) + 1)
                    .map(|worse| self.priority(impact, worse) >= here);
                lower_impact.unwrap_or(true) && lower_urgency.unwrap_or(true)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(n: i64) -> Level {
        Level::new(n).unwrap()
    }

    #[test]
    fn default_is_the_itil_matrix() {
        let m = PriorityMatrix::default();
        let p = |i, u| m.priority(level(i), level(u)).get();
        assert_eq!(p(1, 1), 1);
        assert_eq!((p(1, 2), p(2, 1)), (2, 2));
        assert_eq!((p(1, 3), p(2, 2), p(3, 1)), (3, 3, 3));
        assert_eq!((p(2, 3), p(3, 2)), (4, 4));
        assert_eq!(p(3, 3), 5);
        assert!(m.is_monotonic());
        assert_eq!(m.entries().count(), 9);
    }

    #[test]
    fn out_of_range_values_do_not_deserialize() {
        assert!(serde_json::from_str::<Level>("0").is_err());
        assert!(serde_json::from_str::<Level>("4").is_err());
        assert_eq!(serde_json::from_str::<Level>("2").unwrap(), Level::MEDIUM);
        assert!(serde_json::from_str::<Priority>("6").is_err());
        assert_eq!(serde_json::to_string(&Priority::HIGH).unwrap(), "2");
        let bad_matrix = r#"{"cells":[[1,2,3],[2,3,4],[3,4,9]]}"#;
        assert!(serde_json::from_str::<PriorityMatrix>(bad_matrix).is_err());
    }

    #[test]
    fn levels_and_priorities_reject_out_of_range_values() {
        assert_eq!(Level::new(0), None);
        assert_eq!(Level::new(4), None);
        assert_eq!(Priority::new(0), None);
        assert_eq!(Priority::new(6), None);
        assert_eq!(Priority::new(5), Some(Priority::PLANNING));
    }

    #[test]
    fn a_matrix_that_rewards_lower_impact_is_not_monotonic() {
        let mut m = PriorityMatrix::default();
        m.set(level(3), level(3), Priority::CRITICAL);
        assert!(!m.is_monotonic());
        let mut flat = PriorityMatrix::default();
        for (i, u, _) in PriorityMatrix::default().entries() {
            flat.set(i, u, Priority::MODERATE);
        }
        assert!(flat.is_monotonic());
    }
}
