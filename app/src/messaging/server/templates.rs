//! Message templates: list, save (checked: only the event's placeholders), preview.

use std::collections::BTreeMap;

use sqlx::PgPool;

use crate::audit::server::AuditEvent;
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::messaging::model::{render, MessageEvent, TemplateDraft, TemplateError, TemplateView};
use crate::request::Actor;

pub async fn list(db: &PgPool) -> ServiceResult<Vec<TemplateView>> {
    let rows = sqlx::query!(
        "SELECT event, locale, subject, body FROM message_templates ORDER BY event, locale"
    )
    .fetch_all(db)
    .await?;
    let mut views: Vec<TemplateView> = rows
        .into_iter()
        .filter_map(|r| {
            let event = MessageEvent::parse(&r.event)?;
            Some(TemplateView {
                event,
                locale: r.locale,
                subject: r.subject,
                body: r.body,
                placeholders: event
                    .placeholders()
                    .iter()
                    .map(|p| (*p).to_owned())
                    .collect(),
            })
        })
        .collect();
    views.sort_by_key(|v| {
        (
            MessageEvent::ALL.iter().position(|e| *e == v.event),
            v.locale.clone(),
        )
    });
    Ok(views)
}

fn field_error(field: &str, error: TemplateError) -> AppError {
    let msg = match error {
        TemplateError::UnknownPlaceholder(_) => Msg::ValTemplatePlaceholder,
        TemplateError::Unclosed => Msg::ValTemplateUnclosed,
    };
    FieldErrors::single(field, msg)
}

/// Renders a draft with example values: what the preview shows, and the check on save.
pub fn preview(draft: &TemplateDraft) -> Result<(String, String), AppError> {
    let event = MessageEvent::parse(&draft.event)
        .ok_or_else(|| FieldErrors::single("event", Msg::ValChoiceInvalid))?;
    let sample = event.sample();
    let allowed = event.placeholders();
    let subject =
        render(&draft.subject, allowed, &sample).map_err(|e| field_error("subject", e))?;
    let body = render(&draft.body, allowed, &sample).map_err(|e| field_error("body", e))?;
    Ok((subject, body))
}

pub async fn save(db: &PgPool, actor: &Actor, draft: TemplateDraft) -> ServiceResult<()> {
    let mut errors = FieldErrors::new();
    let (subject, body) = (draft.subject.trim(), draft.body.trim());
    if subject.is_empty() {
        errors.add("subject", Msg::ValRequired);
    } else if subject.chars().count() > 200 {
        errors.add("subject", Msg::ValTooLong);
    }
    if body.is_empty() {
        errors.add("body", Msg::ValRequired);
    } else if body.chars().count() > 2000 {
        errors.add("body", Msg::ValTooLong);
    }
    if !matches!(draft.locale.as_str(), "id" | "en") {
        errors.add("locale", Msg::ValChoiceInvalid);
    }
    errors.into_result()?;
    preview(&draft)?;
    let mut tx = db.begin().await?;
    let before = sqlx::query!(
        "SELECT subject, body FROM message_templates WHERE event = $1 AND locale = $2 FOR UPDATE",
        draft.event,
        draft.locale
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    sqlx::query!(
        r#"UPDATE message_templates SET subject = $3, body = $4, updated_at = now(),
                                        updated_by = $5
           WHERE event = $1 AND locale = $2"#,
        draft.event,
        draft.locale,
        subject,
        body,
        actor.user_id.map(|u| u.0)
    )
    .execute(&mut *tx)
    .await?;
    let key = format!("{}/{}", draft.event, draft.locale);
    AuditEvent::new("messaging.template.update", "message_template", key)
        .before(&serde_json::json!({ "subject": before.subject, "body": before.body }))
        .after(&serde_json::json!({ "subject": subject, "body": body }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The template in force for an event and language, as the worker needs it.
pub async fn load(
    conn: &mut sqlx::PgConnection,
    event: MessageEvent,
    locale: &str,
) -> ServiceResult<Option<(String, String)>> {
    Ok(sqlx::query!(
        "SELECT subject, body FROM message_templates WHERE event = $1 AND locale = $2",
        event.as_str(),
        locale
    )
    .fetch_optional(conn)
    .await?
    .map(|r| (r.subject, r.body)))
}

/// Values for rendering, from the facts queued with the message.
pub fn display_vars(
    facts: &serde_json::Value,
    locale: crate::i18n::Locale,
    name: &str,
    customer_code: &str,
    isp_name: &str,
    public_url: &str,
    links: Option<(&crate::secrets::SecretBox, chrono::DateTime<chrono::Utc>)>,
) -> BTreeMap<String, String> {
    use crate::billing::model::proration::span_label;
    use crate::billing::model::DateSpan;
    use chrono::NaiveDate;
    let text = |key: &str| facts.get(key).and_then(|v| v.as_str()).map(str::to_owned);
    let date = |key: &str| text(key).and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let mut vars = BTreeMap::new();
    vars.insert("name".into(), name.to_owned());
    vars.insert("customer_code".into(), customer_code.to_owned());
    vars.insert("isp_name".into(), isp_name.to_owned());
    let path = text("link_path").unwrap_or_else(|| "/portal/invoices".into());
    let base = public_url.trim_end_matches('/');
    let link = format!("{base}{path}");
    // The document itself, through a signed link that opens without signing in; without
    // one (a message queued before documents existed) the portal link stands in.
    let document = facts.get("document").and_then(|d| {
        let kind = crate::billing::model::documents::DocKind::parse(d.get("kind")?.as_str()?)?;
        Some((kind, d.get("id")?.as_i64()?))
    });
    let pdf = match (document, links) {
        (Some((kind, id)), Some((secrets, now))) => format!(
            "{base}{}",
            crate::billing::server::documents::links::signed_pdf_path(secrets, kind, id, now)
        ),
        _ => link.clone(),
    };
    vars.insert("pdf".into(), pdf);
    vars.insert("link".into(), link);
    for key in ["invoice_number", "receipt_number"] {
        if let Some(value) = text(key) {
            vars.insert(key.into(), value);
        }
    }
    if let Some(amount) = facts.get("amount").and_then(|v| v.as_i64()) {
        vars.insert("amount".into(), crate::format::rupiah(amount));
    }
    if let Some(due) = date("due_date") {
        vars.insert(
            "due_date".into(),
            span_label(
                locale,
                DateSpan {
                    start: due,
                    end: due,
                },
            ),
        );
    }
    if let (Some(start), Some(end)) = (date("period_start"), date("period_end")) {
        vars.insert("period".into(), span_label(locale, DateSpan { start, end }));
    }
    vars
}
