//! Proof gathered on site and the checks a work order must pass before it is done.

use crate::error::FieldErrors;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EvidenceKind {
    PhotoOdp,
    PhotoOnt,
    OntSerial,
    RxPower,
    Signature,
}

impl EvidenceKind {
    pub const ALL: [EvidenceKind; 5] = [
        EvidenceKind::PhotoOdp,
        EvidenceKind::PhotoOnt,
        EvidenceKind::OntSerial,
        EvidenceKind::RxPower,
        EvidenceKind::Signature,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EvidenceKind::PhotoOdp => "photo_odp",
            EvidenceKind::PhotoOnt => "photo_ont",
            EvidenceKind::OntSerial => "ont_serial",
            EvidenceKind::RxPower => "rx_power",
            EvidenceKind::Signature => "signature",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            EvidenceKind::PhotoOdp => Msg::EvidencePhotoOdp,
            EvidenceKind::PhotoOnt => Msg::EvidencePhotoOnt,
            EvidenceKind::OntSerial => Msg::EvidenceOntSerial,
            EvidenceKind::RxPower => Msg::EvidenceRxPower,
            EvidenceKind::Signature => Msg::EvidenceSignature,
        }
    }

    /// Photos and the signature arrive as files; the serial and the RX power as text.
    pub fn is_file(self) -> bool {
        matches!(
            self,
            EvidenceKind::PhotoOdp | EvidenceKind::PhotoOnt | EvidenceKind::Signature
        )
    }
}

/// An optical receive level's verdict for GPON/EPON class B+ optics: the receiver works
/// from about -8 to -27 dBm; an ISP wants margin, so below -25 is weak.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RxVerdict {
    Good,
    Weak,
    Bad,
}

impl RxVerdict {
    pub const WEAK_BELOW_DBM: f64 = -25.0;
    pub const BAD_BELOW_DBM: f64 = -27.0;
    /// Hotter than this overloads the receiver (a missing attenuator on a short drop).
    pub const BAD_ABOVE_DBM: f64 = -8.0;

    pub fn of(dbm: f64) -> RxVerdict {
        if !(Self::BAD_BELOW_DBM..=Self::BAD_ABOVE_DBM).contains(&dbm) {
            RxVerdict::Bad
        } else if dbm < Self::WEAK_BELOW_DBM {
            RxVerdict::Weak
        } else {
            RxVerdict::Good
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            RxVerdict::Good => "good",
            RxVerdict::Weak => "weak",
            RxVerdict::Bad => "bad",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            RxVerdict::Good => Msg::RxGood,
            RxVerdict::Weak => Msg::RxWeak,
            RxVerdict::Bad => Msg::RxBad,
        }
    }
}

/// A typed value for a text evidence kind, normalized for storage.
pub fn normalize_value(kind: EvidenceKind, raw: &str) -> Result<String, FieldErrors> {
    let raw = raw.trim();
    match kind {
        EvidenceKind::OntSerial => normalize_serial(raw),
        EvidenceKind::RxPower => parse_rx_power(raw).map(|dbm| format!("{dbm:.2}")),
        _ => Err(field_error("value", Msg::ValEvidenceNeedsFile)),
    }
}

/// ONT serial numbers as printed on the label: a GPON serial is four vendor letters and eight
/// hex digits (`ZTEGC8A1B2C3`, `HWTC1A2B3C4D`); some labels print the vendor part as eight
/// hex digits (16 in all). Spaces and dashes from the label are dropped, letters upper-cased.
pub fn normalize_serial(raw: &str) -> Result<String, FieldErrors> {
    let serial: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | ':'))
        .collect::<String>()
        .to_uppercase();
    if !serial.is_ascii() {
        return Err(field_error("value", Msg::ValOntSerial));
    }
    let short = serial.len() == 12
        && serial[..4].chars().all(|c| c.is_ascii_alphabetic())
        && serial[4..].chars().all(|c| c.is_ascii_hexdigit());
    let long = serial.len() == 16 && serial.chars().all(|c| c.is_ascii_hexdigit());
    if short || long {
        Ok(serial)
    } else {
        Err(field_error("value", Msg::ValOntSerial))
    }
}

/// A reading in dBm as technicians type it off the meter: `-19.5`, `-19,5` or `-19.5 dBm`.
pub fn parse_rx_power(raw: &str) -> Result<f64, FieldErrors> {
    let number = raw
        .trim()
        .trim_end_matches(|c: char| c.is_ascii_alphabetic() || c.is_whitespace())
        .replace(',', ".");
    match number.parse::<f64>() {
        Ok(dbm) if dbm.is_finite() && (-50.0..=10.0).contains(&dbm) => Ok(dbm),
        _ => Err(field_error("value", Msg::ValRxPower)),
    }
}

fn field_error(field: &str, msg: Msg) -> FieldErrors {
    let mut errors = FieldErrors::new();
    errors.add(field, msg);
    errors
}

/// One line of a kind's checklist: a stable key and its text in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub key: String,
    pub id: String,
    pub en: String,
}

impl ChecklistItem {
    pub fn text(&self, english: bool) -> &str {
        if english {
            &self.en
        } else {
            &self.id
        }
    }
}

/// What must still happen before an order may be done: evidence kinds with nothing
/// recorded, and checklist items not ticked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outstanding {
    pub evidence: Vec<EvidenceKind>,
    pub checklist: Vec<String>,
}

impl Outstanding {
    pub fn of(
        required: &[EvidenceKind],
        present: &[EvidenceKind],
        checklist: &[ChecklistItem],
        ticked: &[String],
    ) -> Outstanding {
        Outstanding {
            evidence: required
                .iter()
                .copied()
                .filter(|k| !present.contains(k))
                .collect(),
            checklist: checklist
                .iter()
                .filter(|item| !ticked.contains(&item.key))
                .map(|item| item.key.clone())
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.evidence.is_empty() && self.checklist.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rx_verdicts_have_margin() {
        assert_eq!(RxVerdict::of(-18.0), RxVerdict::Good);
        assert_eq!(RxVerdict::of(-25.0), RxVerdict::Good);
        assert_eq!(RxVerdict::of(-25.01), RxVerdict::Weak);
        assert_eq!(RxVerdict::of(-27.0), RxVerdict::Weak);
        assert_eq!(RxVerdict::of(-27.5), RxVerdict::Bad);
        assert_eq!(RxVerdict::of(-7.0), RxVerdict::Bad);
        assert_eq!(RxVerdict::of(-40.0), RxVerdict::Bad);
    }

    #[test]
    fn serials_are_read_as_printed() {
        assert_eq!(normalize_serial("zteg c8a1b2c3").unwrap(), "ZTEGC8A1B2C3");
        assert_eq!(normalize_serial("HWTC-1A2B3C4D").unwrap(), "HWTC1A2B3C4D");
        assert_eq!(
            normalize_serial("485754431A2B3C4D").unwrap(),
            "485754431A2B3C4D"
        );
        assert!(normalize_serial("ZTEG12").is_err());
        assert!(normalize_serial("1234ABCDEFGH").is_err());
        assert!(normalize_serial("ZTEGC8A1B2CZ").is_err());
        assert!(normalize_serial("").is_err());
        // Twelve bytes, not twelve characters: refused, not sliced mid-character.
        assert!(normalize_serial("abcé1234567").is_err());
    }

    #[test]
    fn rx_power_accepts_a_comma_and_a_unit() {
        assert_eq!(parse_rx_power("-19,5").unwrap(), -19.5);
        assert_eq!(parse_rx_power(" -21.37 dBm").unwrap(), -21.37);
        assert!(parse_rx_power("abc").is_err());
        assert!(parse_rx_power("-90").is_err());
        assert!(parse_rx_power("NaN").is_err());
        assert_eq!(
            normalize_value(EvidenceKind::RxPower, "-19,5").unwrap(),
            "-19.50"
        );
        assert!(normalize_value(EvidenceKind::PhotoOnt, "x").is_err());
    }

    #[test]
    fn outstanding_lists_what_is_missing() {
        let checklist = vec![
            ChecklistItem {
                key: "a".into(),
                id: "A".into(),
                en: "A".into(),
            },
            ChecklistItem {
                key: "b".into(),
                id: "B".into(),
                en: "B".into(),
            },
        ];
        let out = Outstanding::of(
            &[EvidenceKind::PhotoOnt, EvidenceKind::Signature],
            &[EvidenceKind::Signature, EvidenceKind::RxPower],
            &checklist,
            &["b".to_string(), "zzz".to_string()],
        );
        assert_eq!(out.evidence, vec![EvidenceKind::PhotoOnt]);
        assert_eq!(out.checklist, vec!["a".to_string()]);
        assert!(!out.is_empty());
        assert!(Outstanding::of(&[], &[], &[], &[]).is_empty());
    }
}
