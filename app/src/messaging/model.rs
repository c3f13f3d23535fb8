//! Message events, channels, templates and their rendering (pure, shared with the browser
//! for the preview).

use crate::i18n::Msg;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MessageEvent {
    InvoiceIssued,
    Reminder,
    PaymentReceived,
    Isolated,
    Restored,
}

impl MessageEvent {
    pub const ALL: [MessageEvent; 5] = [
        MessageEvent::InvoiceIssued,
        MessageEvent::Reminder,
        MessageEvent::PaymentReceived,
        MessageEvent::Isolated,
        MessageEvent::Restored,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MessageEvent::InvoiceIssued => "invoice_issued",
            MessageEvent::Reminder => "reminder",
            MessageEvent::PaymentReceived => "payment_received",
            MessageEvent::Isolated => "isolated",
            MessageEvent::Restored => "restored",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == text)
    }

    pub fn label(self) -> Msg {
        match self {
            MessageEvent::InvoiceIssued => Msg::MsgEventInvoiceIssued,
            MessageEvent::Reminder => Msg::MsgEventReminder,
            MessageEvent::PaymentReceived => Msg::MsgEventPaymentReceived,
            MessageEvent::Isolated => Msg::MsgEventIsolated,
            MessageEvent::Restored => Msg::MsgEventRestored,
        }
    }

    /// The placeholders a template for this event may use.
    pub fn placeholders(self) -> &'static [&'static str] {
        const COMMON: [&str; 4] = ["name", "customer_code", "isp_name", "link"];
        match self {
            MessageEvent::InvoiceIssued | MessageEvent::Reminder => &[
                "name",
                "customer_code",
                "isp_name",
                "link",
                "invoice_number",
                "period",
                "amount",
                "due_date",
                "pdf",
            ],
            MessageEvent::PaymentReceived => &[
                "name",
                "customer_code",
                "isp_name",
                "link",
                "receipt_number",
                "amount",
                "pdf",
            ],
            MessageEvent::Isolated => &[
                "name",
                "customer_code",
                "isp_name",
                "link",
                "period",
                "amount",
            ],
            MessageEvent::Restored => &COMMON,
        }
    }

    /// Example values for the preview.
    pub fn sample(self) -> BTreeMap<String, String> {
        let pairs: &[(&str, &str)] = &[
            ("name", "Yohana Kambu"),
            ("customer_code", "CUST-00005"),
            ("isp_name", "Simpul Net"),
            ("link", "https://isp.example/portal/invoices"),
            ("invoice_number", "INV/2026/12/000123"),
            ("receipt_number", "KW/2026/12/000045"),
            ("period", "1–31 Des 2026"),
            ("amount", "Rp 166.500"),
            ("due_date", "11 Des 2026"),
            (
                "pdf",
                "https://isp.example/documents/invoices/42/pdf?exp=1796083200&sig=5f0c…",
            ),
        ];
        pairs
            .iter()
            .filter(|(k, _)| self.placeholders().contains(k))
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MessageChannel {
    WhatsApp,
    Email,
}

impl MessageChannel {
    pub fn as_str(self) -> &'static str {
        match self {
            MessageChannel::WhatsApp => "whatsapp",
            MessageChannel::Email => "email",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "whatsapp" => Some(MessageChannel::WhatsApp),
            "email" => Some(MessageChannel::Email),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MessageChannel::WhatsApp => "WhatsApp",
            MessageChannel::Email => "Email",
        }
    }
}

/// Why a template does not render.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TemplateError {
    /// `{something}` that this event does not know.
    UnknownPlaceholder(String),
    /// A `{` without its `}`.
    Unclosed,
}

/// Fills `{placeholder}`s. `{{` and `}}` stand for literal braces. Every placeholder must be
/// one the event knows (checked when an admin saves, so a typo is caught then, not when a
/// customer receives "{nmae}").
pub fn render(
    template: &str,
    allowed: &[&str],
    vars: &BTreeMap<String, String>,
) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(template.len() + 64);
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut name = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    name.push(c);
                }
                if !closed {
                    return Err(TemplateError::Unclosed);
                }
                let name = name.trim();
                if !allowed.contains(&name) {
                    return Err(TemplateError::UnknownPlaceholder(name.to_owned()));
                }
                out.push_str(vars.get(name).map(String::as_str).unwrap_or(""));
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

/// One template as the admin screen edits it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TemplateDraft {
    pub event: String,
    pub locale: String,
    pub subject: String,
    pub body: String,
}

/// A template with its preview, for the admin screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateView {
    pub event: MessageEvent,
    pub locale: String,
    pub subject: String,
    pub body: String,
    pub placeholders: Vec<String>,
}

/// One row of the delivery log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageRow {
    pub id: i64,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub event: MessageEvent,
    pub channel: MessageChannel,
    pub recipient: String,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// The channel section of the messaging settings. Secrets are write-only (empty keeps).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelSettingsDraft {
    /// none, fonnte, url_template
    pub whatsapp_provider: String,
    pub fonnte_url: String,
    pub whatsapp_token: String,
    pub template_method: String,
    pub template_url: String,
    pub template_body: String,
    pub email_enabled: bool,
    pub smtp_host: String,
    pub smtp_port: String,
    /// none, starttls, tls
    pub smtp_security: String,
    pub smtp_username: String,
    pub smtp_password: String,
    pub email_from: String,
}

impl std::fmt::Debug for ChannelSettingsDraft {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secret = |s: &String| if s.is_empty() { "" } else { "[redacted]" };
        f.debug_struct("ChannelSettingsDraft")
            .field("whatsapp_provider", &self.whatsapp_provider)
            .field("fonnte_url", &self.fonnte_url)
            .field("whatsapp_token", &secret(&self.whatsapp_token))
            .field("template_method", &self.template_method)
            .field("template_url", &self.template_url)
            .field("email_enabled", &self.email_enabled)
            .field("smtp_host", &self.smtp_host)
            .field("smtp_port", &self.smtp_port)
            .field("smtp_security", &self.smtp_security)
            .field("smtp_username", &self.smtp_username)
            .field("smtp_password", &secret(&self.smtp_password))
            .field("email_from", &self.email_from)
            .finish()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelSettingsView {
    pub draft: ChannelSettingsDraft,
    pub has_whatsapp_token: bool,
    pub has_smtp_password: bool,
}

impl ChannelSettingsDraft {
    /// Checks the form; returns the SMTP port.
    pub fn check(&self) -> Result<u16, crate::error::AppError> {
        use crate::error::FieldErrors;
        let mut errors = FieldErrors::new();
        let provider = self.whatsapp_provider.as_str();
        if !matches!(provider, "none" | "fonnte" | "url_template") {
            errors.add("whatsapp_provider", Msg::ValChoiceInvalid);
        }
        let url_ok = |u: &str| {
            let u = u.trim();
            (u.starts_with("https://") || u.starts_with("http://"))
                && u.len() > 10
                && u.len() <= 500
                && !u.contains(char::is_whitespace)
        };
        if provider == "fonnte" && !url_ok(&self.fonnte_url) {
            errors.add("fonnte_url", Msg::ValUrl);
        }
        if provider == "url_template" {
            if !url_ok(&self.template_url) {
                errors.add("template_url", Msg::ValUrl);
            }
            let has = |s: &str, p: &str| s.contains(p);
            let both = format!("{}{}", self.template_url, self.template_body);
            if !has(&both, "[number]") || !has(&both, "[text]") {
                errors.add("template_url", Msg::ValTemplateMarkers);
            }
            if !matches!(self.template_method.as_str(), "GET" | "POST") {
                errors.add("template_method", Msg::ValChoiceInvalid);
            }
        }
        if self.template_body.chars().count() > 1000 {
            errors.add("template_body", Msg::ValTooLong);
        }
        for (field, value) in [
            ("whatsapp_token", &self.whatsapp_token),
            ("smtp_password", &self.smtp_password),
        ] {
            if value.chars().count() > 300 {
                errors.add(field, Msg::ValTooLong);
            }
        }
        let port = self.smtp_port.trim().parse::<u16>().ok().filter(|p| *p > 0);
        if self.email_enabled {
            if self.smtp_host.trim().is_empty() || self.smtp_host.contains(char::is_whitespace) {
                errors.add("smtp_host", Msg::ValRequired);
            }
            if port.is_none() {
                errors.add("smtp_port", Msg::ValPort);
            }
            let from = self.email_from.trim();
            if !(from.contains('@') && from.len() <= 254 && !from.contains(char::is_whitespace)) {
                errors.add("email_from", Msg::ValEmailInvalid);
            }
        }
        if !matches!(self.smtp_security.as_str(), "none" | "starttls" | "tls") {
            errors.add("smtp_security", Msg::ValChoiceInvalid);
        }
        errors.into_result().map(|_| port.unwrap_or(587))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect()
    }

    #[test]
    fn fills_placeholders_and_keeps_literal_braces() {
        let allowed = MessageEvent::PaymentReceived.placeholders();
        let text = render(
            "Halo {name}, kuitansi {receipt_number} ({amount}). {{bukan}} }}",
            allowed,
            &vars(&[
                ("name", "Budi"),
                ("receipt_number", "KW/1"),
                ("amount", "Rp 10"),
            ]),
        );
        assert_eq!(text.unwrap(), "Halo Budi, kuitansi KW/1 (Rp 10). {bukan} }");
    }

    #[test]
    fn refuses_unknown_and_unclosed_placeholders() {
        let allowed = MessageEvent::Restored.placeholders();
        assert_eq!(
            render("{nmae}", allowed, &BTreeMap::new()),
            Err(TemplateError::UnknownPlaceholder("nmae".into()))
        );
        // An event's placeholders are its own: restored has no invoice number.
        assert_eq!(
            render("{invoice_number}", allowed, &BTreeMap::new()),
            Err(TemplateError::UnknownPlaceholder("invoice_number".into()))
        );
        assert_eq!(
            render("Halo {name", allowed, &BTreeMap::new()),
            Err(TemplateError::Unclosed)
        );
    }

    #[test]
    fn a_missing_value_renders_empty() {
        let allowed = MessageEvent::Restored.placeholders();
        assert_eq!(render("[{link}]", allowed, &BTreeMap::new()).unwrap(), "[]");
    }

    #[test]
    fn samples_cover_every_placeholder() {
        for event in MessageEvent::ALL {
            let sample = event.sample();
            for p in event.placeholders() {
                assert!(sample.contains_key(*p), "{event:?} {p}");
            }
        }
    }

    #[test]
    fn channel_settings_need_markers_and_a_sender() {
        let mut d = ChannelSettingsDraft {
            whatsapp_provider: "url_template".into(),
            template_method: "GET".into(),
            template_url: "https://wa.example/send?to=[number]".into(),
            smtp_security: "starttls".into(),
            smtp_port: "587".into(),
            ..ChannelSettingsDraft::default()
        };
        let errors = d.check().unwrap_err();
        assert_eq!(
            errors.field_errors().unwrap().get("template_url"),
            Some(Msg::ValTemplateMarkers)
        );
        d.template_url.push_str("&text=[text]");
        assert_eq!(d.check(), Ok(587));
        d.email_enabled = true;
        let errors = d.check().unwrap_err();
        let fields = errors.field_errors().unwrap();
        assert_eq!(fields.get("smtp_host"), Some(Msg::ValRequired));
        assert_eq!(fields.get("email_from"), Some(Msg::ValEmailInvalid));
        let shown = format!(
            "{:?}",
            ChannelSettingsDraft {
                smtp_password: "hunter2".into(),
                ..d
            }
        );
        assert!(!shown.contains("hunter2"));
    }
}
