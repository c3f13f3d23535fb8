//! Ports of a CI that feeds others (an ODP's 8 or 16, an ODC's, an OLT's PON ports): which
//! line each serves, which are free or broken; and where the nearest ODP with a free port
//! is, for staff signing up a lead and for the public coverage check.

use super::CiRef;
use crate::error::FieldErrors;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// How far a drop cable reaches from an ODP to a house. FTTH drop cables are sold in
/// rolls of up to 300 m and installers avoid longer runs, so a free ODP port further away
/// than this does not make a house covered.
pub const COVERAGE_RADIUS_M: f64 = 300.0;

/// How many ODPs the staff's "nearest free ODP" lists, and how far it looks.
pub const NEAREST_SHOWN: i64 = 5;
pub const NEAREST_RADIUS_M: f64 = 5_000.0;

/// The line a port serves, through an ONT or straight to the premise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortLine {
    pub subscription_id: i64,
    pub username: String,
    pub customer_name: String,
    pub line_status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Port {
    pub number: i32,
    pub broken: bool,
    /// The feed leaving this port, to release it.
    pub relation_id: Option<i64>,
    /// What the port feeds.
    pub downstream: Option<CiRef>,
    pub line: Option<PortLine>,
    /// In use beyond the capacity (the capacity was lowered after it was connected).
    pub beyond_capacity: bool,
}

impl Port {
    pub fn is_free(&self) -> bool {
        !self.broken && self.relation_id.is_none() && !self.beyond_capacity
    }
}

/// Every port of one CI, numbered from 1.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortGrid {
    pub capacity: i32,
    pub ports: Vec<Port>,
    /// Lines can be placed on this CI's ports (ODPs).
    pub takes_lines: bool,
}

impl PortGrid {
    pub fn used(&self) -> usize {
        self.ports
            .iter()
            .filter(|p| p.relation_id.is_some())
            .count()
    }

    pub fn free(&self) -> usize {
        self.ports.iter().filter(|p| p.is_free()).count()
    }

    pub fn broken(&self) -> usize {
        self.ports.iter().filter(|p| p.broken).count()
    }
}

/// Staff place a line on an ODP port: the line is found by its username or its CI code
/// (LINE-000123).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortAssignment {
    pub odp: i64,
    pub port: String,
    pub line: String,
}

impl PortAssignment {
    /// The port number and the line as typed, trimmed.
    pub fn check(&self) -> Result<(i32, String), FieldErrors> {
        let mut errors = FieldErrors::new();
        let port = match self.port.trim().parse::<i32>() {
            Ok(n) if (1..=10_000).contains(&n) => n,
            _ => {
                errors.add("from_port", Msg::ValCiPortNumber);
                0
            }
        };
        let line = self.line.trim().to_owned();
        if line.is_empty() {
            errors.add("line", Msg::ValRequired);
        } else if line.chars().count() > 100 {
            errors.add("line", Msg::ValTooLong);
        }
        if errors.is_empty() {
            Ok((port, line))
        } else {
            Err(errors)
        }
    }
}

/// An ODP near a point, with its free ports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearbyOdp {
    pub ci: CiRef,
    pub distance_m: f64,
    pub capacity: i32,
    pub free_ports: i32,
    pub latitude: f64,
    pub longitude: f64,
}

/// What the public coverage check tells a visitor: nothing about the plant or other
/// customers beyond whether a free port is within reach, and roughly how far.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub covered: bool,
    /// Distance to the nearest free port, rounded to 10 m; None when none is in reach.
    pub distance_m: Option<u32>,
    /// The ISP's contact, to ask for an installation.
    pub isp_name: String,
    pub isp_contact: String,
}

/// A point as people paste it: "-6.1826, 106.8535" (what map apps copy), with a semicolon
/// or spaces between, or a map link holding "@-6.1826,106.8535".
pub fn parse_point(typed: &str) -> Option<(f64, f64)> {
    let typed = typed.trim();
    let text = match typed.find('@') {
        Some(at) => &typed[at + 1..],
        None => typed,
    };
    let mut numbers = text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .map(|part| part.parse::<f64>());
    let lat = numbers.next()?.ok()?;
    let lng = numbers.next()?.ok()?;
    // After "@lat,lng" a link goes on with the zoom ("15z"); a typed pair must end there.
    if typed.find('@').is_none() && numbers.next().is_some() {
        return None;
    }
    checked_point(lat, lng)
}

/// A point given as two numbers, when both are on the globe.
pub fn checked_point(lat: f64, lng: f64) -> Option<(f64, f64)> {
    let valid = lat.is_finite()
        && lng.is_finite()
        && (-90.0..=90.0).contains(&lat)
        && (-180.0..=180.0).contains(&lng);
    valid.then_some((lat, lng))
}

/// Rounds a distance for the public: to 10 m, never below 10.
pub fn public_distance(meters: f64) -> u32 {
    ((meters / 10.0).round().max(1.0) * 10.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_read_as_map_apps_copy_them() {
        assert_eq!(parse_point("-6.1826, 106.8535"), Some((-6.1826, 106.8535)));
        assert_eq!(parse_point("-6.1826;106.8535"), Some((-6.1826, 106.8535)));
        assert_eq!(parse_point(" -6.1826 106.8535 "), Some((-6.1826, 106.8535)));
        assert_eq!(
            parse_point("https://www.google.com/maps/@-6.1826,106.8535,17z"),
            Some((-6.1826, 106.8535))
        );
    }

    #[test]
    fn points_out_of_range_or_incomplete_are_refused() {
        assert_eq!(parse_point(""), None);
        assert_eq!(parse_point("-6.18"), None);
        assert_eq!(parse_point("-96.1, 106.8"), None);
        assert_eq!(parse_point("-6.1, 186.8"), None);
        assert_eq!(parse_point("-6.1, 106.8, 3"), None);
        assert_eq!(parse_point("Jl. Kemang Raya 5"), None);
        assert_eq!(parse_point("NaN, 106.8"), None);
    }

    #[test]
    fn public_distances_are_rounded_to_ten_metres() {
        assert_eq!(public_distance(0.4), 10);
        assert_eq!(public_distance(124.0), 120);
        assert_eq!(public_distance(126.0), 130);
    }

    #[test]
    fn an_assignment_needs_a_port_number_and_a_line() {
        let errors = PortAssignment {
            odp: 1,
            port: "x".into(),
            line: " ".into(),
        }
        .check()
        .unwrap_err();
        assert_eq!(errors.get("from_port"), Some(Msg::ValCiPortNumber));
        assert_eq!(errors.get("line"), Some(Msg::ValRequired));
        let ok = PortAssignment {
            odp: 1,
            port: " 3 ".into(),
            line: " budi ".into(),
        }
        .check()
        .unwrap();
        assert_eq!(ok, (3, "budi".to_owned()));
    }

    #[test]
    fn a_port_is_free_when_unused_unbroken_and_within_capacity() {
        let port = Port {
            number: 1,
            broken: false,
            relation_id: None,
            downstream: None,
            line: None,
            beyond_capacity: false,
        };
        assert!(port.is_free());
        assert!(!Port {
            broken: true,
            ..port.clone()
        }
        .is_free());
        assert!(!Port {
            relation_id: Some(4),
            ..port
        }
        .is_free());
    }
}
