//! Service catalog items, their request forms, and approvals.

use crate::error::FieldErrors;
use crate::i18n::Msg;
use crate::tickets::model::{Level, TicketSummary};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FieldKind {
    Text,
    Number,
    Select,
    Date,
    Checkbox,
}

impl FieldKind {
    pub const ALL: [FieldKind; 5] = [
        FieldKind::Text,
        FieldKind::Number,
        FieldKind::Select,
        FieldKind::Date,
        FieldKind::Checkbox,
    ];

    pub fn label(self) -> Msg {
        match self {
            FieldKind::Text => Msg::FieldKindText,
            FieldKind::Number => Msg::FieldKindNumber,
            FieldKind::Select => Msg::FieldKindSelect,
            FieldKind::Date => Msg::FieldKindDate,
            FieldKind::Checkbox => Msg::FieldKindCheckbox,
        }
    }
}

/// One question of a request form, defined by an admin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FormField {
    /// Stable key the answer is stored under (`[a-z0-9_]`).
    pub key: String,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    pub help: String,
    /// The choices of a `Select`.
    pub options: Vec<String>,
}

impl Default for FormField {
    fn default() -> Self {
        FormField {
            key: String::new(),
            label: String::new(),
            kind: FieldKind::Text,
            required: false,
            help: String::new(),
            options: Vec::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ApproverRole {
    Supervisor,
    Finance,
}

impl ApproverRole {
    pub const ALL: [ApproverRole; 2] = [ApproverRole::Supervisor, ApproverRole::Finance];

    pub fn code(self) -> &'static str {
        match self {
            ApproverRole::Supervisor => "supervisor",
            ApproverRole::Finance => "finance",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            ApproverRole::Supervisor => Msg::RoleSupervisor,
            ApproverRole::Finance => Msg::RoleFinance,
        }
    }
}

/// A catalog item as requesters and admins see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CatalogItem {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub category_id: Option<i64>,
    pub impact: Level,
    pub urgency: Level,
    pub fields: Vec<FormField>,
    /// Approvals in order; empty means the request goes straight to work.
    pub approvals: Vec<ApproverRole>,
    pub active: bool,
}

impl Default for CatalogItem {
    fn default() -> Self {
        CatalogItem {
            id: 0,
            name: String::new(),
            description: String::new(),
            category_id: None,
            impact: Level::LOW,
            urgency: Level::LOW,
            fields: Vec::new(),
            approvals: Vec::new(),
            active: true,
        }
    }
}

/// An answer as typed, keyed by the field's key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub key: String,
    pub value: String,
}

/// Field errors for answers are reported under `answers.<key>`.
pub fn answer_field(key: &str) -> String {
    format!("answers.{key}")
}

/// A field key made from its label ("Tanggal pindah" → `tanggal_pindah`), for admins who
/// leave the key empty. Letters outside ASCII are dropped; an empty result stays empty.
pub fn key_from_label(label: &str) -> String {
    let mut key = String::new();
    for c in label.trim().chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        } else if !key.is_empty() && !key.ends_with('_') {
            key.push('_');
        }
    }
    key.truncate(40);
    key.trim_end_matches('_').to_owned()
}

fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 40
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

impl CatalogItem {
    /// Checks an item's definition before it is saved.
    pub fn validate(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if self.name.trim().is_empty() {
            errors.add("name", Msg::ValRequired);
        } else if self.name.chars().count() > 120 {
            errors.add("name", Msg::ValTooLong);
        }
        let mut keys: Vec<&str> = Vec::new();
        for (i, field) in self.fields.iter().enumerate() {
            let at = format!("fields.{i}");
            if !valid_key(&field.key) {
                errors.add(&at, Msg::ValFieldKeyInvalid);
            } else if keys.contains(&field.key.as_str()) {
                errors.add(&at, Msg::ValFieldKeyDuplicate);
            }
            keys.push(&field.key);
            if field.label.trim().is_empty() {
                errors.add(&at, Msg::ValFieldLabelRequired);
            }
            if field.kind == FieldKind::Select && field.options.iter().all(|o| o.trim().is_empty())
            {
                errors.add(&at, Msg::ValSelectNeedsOptions);
            }
        }
        let mut seen = Vec::new();
        for role in &self.approvals {
            if seen.contains(role) {
                errors.add("approvals", Msg::ValApprovalRepeated);
            }
            seen.push(*role);
        }
        errors
    }

    /// Validates answers against the form and returns them normalized, in form order.
    pub fn check_answers(&self, answers: &[Answer]) -> Result<Vec<Answer>, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut out = Vec::new();
        for field in &self.fields {
            let raw = answers
                .iter()
                .find(|a| a.key == field.key)
                .map(|a| a.value.trim().to_owned())
                .unwrap_or_default();
            let name = answer_field(&field.key);
            let value = match field.kind {
                FieldKind::Checkbox => {
                    let on = matches!(raw.as_str(), "true" | "on" | "1" | "yes");
                    if field.required && !on {
                        errors.add(&name, Msg::ValRequired);
                    }
                    on.to_string()
                }
                _ if raw.is_empty() => {
                    if field.required {
                        errors.add(&name, Msg::ValRequired);
                    }
                    String::new()
                }
                FieldKind::Text if raw.chars().count() > 2000 => {
                    errors.add(&name, Msg::ValTooLong);
                    raw
                }
                FieldKind::Text => raw,
                FieldKind::Number => match raw.replace(',', ".").parse::<f64>() {
                    Ok(n) if n.is_finite() => raw,
                    _ => {
                        errors.add(&name, Msg::ValNumberInvalid);
                        raw
                    }
                },
                FieldKind::Date => match NaiveDate::parse_from_str(&raw, "%Y-%m-%d") {
                    Ok(_) => raw,
                    Err(_) => {
                        errors.add(&name, Msg::ValDateInvalid);
                        raw
                    }
                },
                FieldKind::Select => {
                    if !field.options.iter().any(|o| o.trim() == raw) {
                        errors.add(&name, Msg::ValChoiceInvalid);
                    }
                    raw
                }
            };
            out.push(Answer {
                key: field.key.clone(),
                value,
            });
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// The answers as a Markdown list for the request's description.
    pub fn answers_markdown(&self, answers: &[Answer]) -> String {
        self.fields
            .iter()
            .filter_map(|f| {
                let a = answers.iter().find(|a| a.key == f.key)?;
                let value = match f.kind {
                    FieldKind::Checkbox if a.value == "true" => "✓".to_owned(),
                    FieldKind::Checkbox => "✗".to_owned(),
                    _ if a.value.is_empty() => "—".to_owned(),
                    _ => a.value.replace('\n', " "),
                };
                Some(format!("- **{}**: {}\n", f.label.trim(), value))
            })
            .collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ApprovalState {
    /// A later step, not yet asked.
    Waiting,
    Pending,
    Approved,
    Rejected,
    /// The request was cancelled before this step was decided.
    Withdrawn,
}

impl ApprovalState {
    pub fn code(self) -> &'static str {
        match self {
            ApprovalState::Waiting => "waiting",
            ApprovalState::Pending => "pending",
            ApprovalState::Approved => "approved",
            ApprovalState::Rejected => "rejected",
            ApprovalState::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            ApprovalState::Waiting,
            ApprovalState::Pending,
            ApprovalState::Approved,
            ApprovalState::Rejected,
            ApprovalState::Withdrawn,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// A request waiting for the viewer's decision, with what was asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingApproval {
    pub approval_id: i64,
    pub step: i16,
    pub steps: i16,
    pub role: ApproverRole,
    pub item: String,
    pub ticket: TicketSummary,
    pub answers_html: String,
    pub requested_by: Option<String>,
    pub requested_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(key: &str, kind: FieldKind, required: bool) -> FormField {
        FormField {
            key: key.into(),
            label: key.to_uppercase(),
            kind,
            required,
            options: if kind == FieldKind::Select {
                vec!["10 Mbps".into(), "20 Mbps".into()]
            } else {
                Vec::new()
            },
            ..Default::default()
        }
    }

    fn item() -> CatalogItem {
        CatalogItem {
            name: "Upgrade paket".into(),
            fields: vec![
                field("plan", FieldKind::Select, true),
                field("date", FieldKind::Date, false),
                field("ips", FieldKind::Number, false),
                field("agree", FieldKind::Checkbox, true),
                field("note", FieldKind::Text, false),
            ],
            ..Default::default()
        }
    }

    fn answer(key: &str, value: &str) -> Answer {
        Answer {
            key: key.into(),
            value: value.into(),
        }
    }

    #[test]
    fn valid_answers_are_normalized_in_form_order() {
        let answers = item()
            .check_answers(&[
                answer("agree", "on"),
                answer("plan", " 20 Mbps "),
                answer("date", "2026-12-01"),
                answer("ips", "2"),
            ])
            .unwrap();
        let keys: Vec<&str> = answers.iter().map(|a| a.key.as_str()).collect();
        assert_eq!(keys, vec!["plan", "date", "ips", "agree", "note"]);
        assert_eq!(answers[0].value, "20 Mbps");
        assert_eq!(answers[3].value, "true");
        assert_eq!(answers[4].value, "");
    }

    #[test]
    fn each_kind_rejects_bad_input() {
        let errors = item()
            .check_answers(&[
                answer("plan", "100 Mbps"),
                answer("date", "31/12/2026"),
                answer("ips", "dua"),
            ])
            .unwrap_err();
        assert_eq!(errors.get("answers.plan"), Some(Msg::ValChoiceInvalid));
        assert_eq!(errors.get("answers.date"), Some(Msg::ValDateInvalid));
        assert_eq!(errors.get("answers.ips"), Some(Msg::ValNumberInvalid));
        assert_eq!(errors.get("answers.agree"), Some(Msg::ValRequired));
        let missing = item().check_answers(&[]).unwrap_err();
        assert_eq!(missing.get("answers.plan"), Some(Msg::ValRequired));
        assert_eq!(missing.get("answers.note"), None);
    }

    #[test]
    fn item_definitions_are_checked() {
        let mut bad = item();
        bad.name = " ".into();
        bad.fields[1].key = "plan".into();
        bad.fields[2].key = "Bad Key".into();
        bad.fields[0].options.clear();
        bad.approvals = vec![ApproverRole::Finance, ApproverRole::Finance];
        let errors = bad.validate();
        assert_eq!(errors.get("name"), Some(Msg::ValRequired));
        assert_eq!(errors.get("fields.0"), Some(Msg::ValSelectNeedsOptions));
        assert_eq!(errors.get("fields.1"), Some(Msg::ValFieldKeyDuplicate));
        assert_eq!(errors.get("fields.2"), Some(Msg::ValFieldKeyInvalid));
        assert_eq!(errors.get("approvals"), Some(Msg::ValApprovalRepeated));
        assert!(item().validate().is_empty());
    }

    #[test]
    fn keys_come_from_labels() {
        assert_eq!(
            key_from_label(" Tanggal pindah (rencana) "),
            "tanggal_pindah_rencana"
        );
        assert_eq!(key_from_label("IP #2"), "ip_2");
        assert_eq!(key_from_label("Ñ"), "");
        assert_eq!(key_from_label(&"a".repeat(60)).len(), 40);
    }

    #[test]
    fn answers_become_a_markdown_list() {
        let i = item();
        let answers = i
            .check_answers(&[answer("plan", "10 Mbps"), answer("agree", "true")])
            .unwrap();
        let md = i.answers_markdown(&answers);
        assert!(md.starts_with("- **PLAN**: 10 Mbps\n"));
        assert!(md.contains("- **AGREE**: ✓"));
        assert!(md.contains("- **NOTE**: —"));
    }
}
