//! Typed attributes of configuration items. A class lists its attribute definitions as
//! data; the server checks values against them and the form draws one field per definition.

use crate::error::FieldErrors;
use crate::i18n::{Locale, Msg};
use serde::{Deserialize, Serialize};

/// A text in both languages, as classes carry them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub id: String,
    pub en: String,
}

impl Label {
    pub fn text(&self, locale: Locale) -> &str {
        match locale {
            Locale::Id => &self.id,
            Locale::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttributeType {
    #[default]
    Text,
    Integer,
    /// One of the definition's `choices`.
    Choice,
    /// A device serial: letters and digits, kept in capitals (e.g. ZTEGC8A1B2C3).
    Serial,
    /// A MAC address, kept as AA:BB:CC:DD:EE:FF whatever separator was typed.
    Mac,
    /// An IPv4 address.
    Ip,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeDef {
    pub key: String,
    pub label: Label,
    #[serde(rename = "type", default)]
    pub kind: AttributeType,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub choices: Vec<String>,
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
}

/// One attribute's value as typed or stored (always text on the wire).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeValue {
    pub key: String,
    pub value: String,
}

impl AttributeValue {
    /// Values from `(key, value)` pairs, as seeds and tests write them.
    pub fn list(pairs: &[(&str, &str)]) -> Vec<AttributeValue> {
        pairs
            .iter()
            .map(|(key, value)| AttributeValue {
                key: (*key).into(),
                value: (*value).into(),
            })
            .collect()
    }
}

/// The field name a form shows an attribute's error under.
pub fn attribute_field(key: &str) -> String {
    format!("attr.{key}")
}

/// Checks `values` against `defs` and answers them normalized, in the definitions' order;
/// values for keys the class does not define are dropped. Errors are keyed `attr.<key>`.
pub fn validate(
    defs: &[AttributeDef],
    values: &[AttributeValue],
    errors: &mut FieldErrors,
) -> Vec<AttributeValue> {
    let mut out = Vec::new();
    for def in defs {
        let typed = values
            .iter()
            .find(|v| v.key == def.key)
            .map(|v| v.value.trim())
            .unwrap_or_default();
        let field = attribute_field(&def.key);
        if typed.is_empty() {
            if def.required {
                errors.add(&field, Msg::ValRequired);
            }
            continue;
        }
        match normalize(def, typed) {
            Ok(value) => out.push(AttributeValue {
                key: def.key.clone(),
                value,
            }),
            Err(msg) => errors.add(&field, msg),
        }
    }
    out
}

fn normalize(def: &AttributeDef, typed: &str) -> Result<String, Msg> {
    match def.kind {
        AttributeType::Text => {
            if typed.chars().count() > 200 {
                Err(Msg::ValTooLong)
            } else {
                Ok(typed.to_owned())
            }
        }
        AttributeType::Integer => {
            let n: i64 = typed.parse().map_err(|_| Msg::ValCiAttrInteger)?;
            let below = def.min.is_some_and(|min| n < min);
            let above = def.max.is_some_and(|max| n > max);
            if below || above {
                Err(Msg::ValCiAttrRange)
            } else {
                Ok(n.to_string())
            }
        }
        AttributeType::Choice => def
            .choices
            .iter()
            .find(|c| c.as_str() == typed)
            .cloned()
            .ok_or(Msg::ValCiAttrChoice),
        AttributeType::Serial => {
            let serial = typed.to_ascii_uppercase();
            let ok = (4..=32).contains(&serial.len())
                && serial
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-');
            if ok {
                Ok(serial)
            } else {
                Err(Msg::ValCiAttrSerial)
            }
        }
        AttributeType::Mac => parse_mac(typed).ok_or(Msg::ValCiAttrMac),
        AttributeType::Ip => typed
            .parse::<std::net::Ipv4Addr>()
            .map(|ip| ip.to_string())
            .map_err(|_| Msg::ValCiAttrIp),
    }
}

/// `aabb.ccdd.eeff`, `AA-BB-CC-DD-EE-FF` or `aa:bb:cc:dd:ee:ff` → `AA:BB:CC:DD:EE:FF`.
pub fn parse_mac(typed: &str) -> Option<String> {
    let hex: String = typed
        .chars()
        .filter(|c| !matches!(c, ':' | '-' | '.'))
        .collect();
    if hex.len() != 12 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let upper = hex.to_ascii_uppercase();
    let pairs: Vec<&str> = (0..6).map(|i| &upper[i * 2..i * 2 + 2]).collect();
    Some(pairs.join(":"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(key: &str, kind: AttributeType) -> AttributeDef {
        AttributeDef {
            key: key.into(),
            kind,
            ..AttributeDef::default()
        }
    }

    fn value(key: &str, value: &str) -> AttributeValue {
        AttributeValue {
            key: key.into(),
            value: value.into(),
        }
    }

    #[test]
    fn macs_are_normalized_from_every_usual_spelling() {
        for typed in ["aa:bb:cc:dd:ee:0f", "AA-BB-CC-DD-EE-0F", "aabb.ccdd.ee0f"] {
            assert_eq!(parse_mac(typed).as_deref(), Some("AA:BB:CC:DD:EE:0F"));
        }
        assert_eq!(parse_mac("aa:bb:cc:dd:ee"), None);
        assert_eq!(parse_mac("gg:bb:cc:dd:ee:ff"), None);
    }

    #[test]
    fn values_are_checked_against_their_definitions() {
        let defs = vec![
            AttributeDef {
                required: true,
                choices: vec!["8".into(), "16".into()],
                ..def("capacity", AttributeType::Choice)
            },
            AttributeDef {
                min: Some(1),
                max: Some(128),
                ..def("pon_ports", AttributeType::Integer)
            },
            def("serial_number", AttributeType::Serial),
            def("management_ip", AttributeType::Ip),
        ];
        let mut errors = FieldErrors::new();
        let out = validate(
            &defs,
            &[
                value("capacity", "16"),
                value("pon_ports", " 16 "),
                value("serial_number", "zte-1234abcd"),
                value("management_ip", "10.0.0.1"),
                value("unknown", "dropped"),
            ],
            &mut errors,
        );
        assert!(errors.is_empty());
        assert_eq!(
            out,
            vec![
                value("capacity", "16"),
                value("pon_ports", "16"),
                value("serial_number", "ZTE-1234ABCD"),
                value("management_ip", "10.0.0.1"),
            ]
        );

        let mut errors = FieldErrors::new();
        validate(
            &defs,
            &[
                value("pon_ports", "0"),
                value("serial_number", "a b"),
                value("management_ip", "10.0.0.300"),
            ],
            &mut errors,
        );
        assert_eq!(errors.get("attr.capacity"), Some(Msg::ValRequired));
        assert_eq!(errors.get("attr.pon_ports"), Some(Msg::ValCiAttrRange));
        assert_eq!(errors.get("attr.serial_number"), Some(Msg::ValCiAttrSerial));
        assert_eq!(errors.get("attr.management_ip"), Some(Msg::ValCiAttrIp));

        let mut errors = FieldErrors::new();
        validate(&defs, &[value("capacity", "12")], &mut errors);
        assert_eq!(errors.get("attr.capacity"), Some(Msg::ValCiAttrChoice));
    }
}
