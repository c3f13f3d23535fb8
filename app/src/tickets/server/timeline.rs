//! The ticket's history: its comments and every recorded change, oldest first.

use super::{markdown, TicketScope};
use crate::error::server::ServiceResult;
use crate::tickets::model::{CommentId, FieldChange, TimelineEntry, TimelineItem, Visibility};
use serde_json::Value;
use sqlx::PgPool;

/// Audit actions that the timeline shows as something other than a change (the comment
/// itself) or not at all (watching).
const NOT_SHOWN: [&str; 3] = ["ticket.comment", "ticket.watch", "ticket.unwatch"];

/// Changes a customer may see: where their ticket stands, not who worked on it.
const CUSTOMER_FIELDS: [&str; 2] = ["status", "resolution"];

fn display(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn changes_of(before: Option<&Value>, after: Option<&Value>, staff: bool) -> Vec<FieldChange> {
    let Some(after) = after.and_then(Value::as_object) else {
        return Vec::new();
    };
    after
        .iter()
        .filter(|(field, _)| staff || CUSTOMER_FIELDS.contains(&field.as_str()))
        .map(|(field, to)| FieldChange {
            field: field.clone(),
            from: display(before.and_then(|b| b.get(field))),
            to: display(Some(to)),
        })
        .collect()
}

pub async fn load(
    db: &PgPool,
    scope: TicketScope,
    ticket_id: i64,
) -> ServiceResult<Vec<TimelineEntry>> {
    let mut conn = db.acquire().await?;
    scope.ensure_visible(&mut conn, ticket_id).await?;
    let staff = scope.is_staff();
    let comments = sqlx::query!(
        r#"SELECT c.id, c.visibility, c.body, c.created_at, u.full_name AS "author?"
           FROM ticket_comments c LEFT JOIN users u ON u.id = c.author_id
           WHERE c.ticket_id = $1 AND ($2 OR c.visibility = 'public')
           ORDER BY c.created_at, c.id"#,
        ticket_id,
        staff
    )
    .fetch_all(&mut *conn)
    .await?;
    let events = sqlx::query!(
        r#"SELECT a.at, a.action, a.before, a.after, a.actor_label,
                  u.full_name AS "actor_name?"
           FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
           WHERE a.entity = 'ticket' AND a.entity_id = $1
           ORDER BY a.at, a.id"#,
        ticket_id.to_string()
    )
    .fetch_all(&mut *conn)
    .await?;

    let mut entries: Vec<TimelineEntry> = comments
        .into_iter()
        .map(|c| TimelineEntry {
            at: c.created_at,
            actor: c.author,
            item: TimelineItem::Comment {
                id: CommentId(c.id),
                visibility: Visibility::from_code(&c.visibility).unwrap_or(Visibility::Internal),
                body_html: markdown::render(&c.body),
            },
        })
        .collect();
    for e in events {
        if NOT_SHOWN.contains(&e.action.as_str()) {
            continue;
        }
        let changes = if matches!(
            e.action.as_str(),
            "ticket.create" | "ticket.approve" | "ticket.reject"
        ) {
            Vec::new()
        } else if e.action == "ticket.attach" {
            changes_of(None, e.after.as_ref(), staff)
                .into_iter()
                .filter(|c| c.field == "attachment")
                .collect()
        } else {
            changes_of(e.before.as_ref(), e.after.as_ref(), staff)
        };
        if !staff && (e.action != "ticket.create" && changes.is_empty()) {
            continue;
        }
        entries.push(TimelineEntry {
            at: e.at,
            actor: if staff {
                e.actor_name.or(e.actor_label)
            } else {
                None
            },
            item: TimelineItem::Change {
                action: e.action,
                changes,
            },
        });
    }
    entries.extend(field_work(&mut conn, ticket_id, staff).await?);
    entries.sort_by_key(|e| e.at);
    Ok(entries)
}

/// The ticket's work orders as they were opened, scheduled and moved (their own audit rows),
/// so the desk and the caller see the visit in the ticket's history. Customers see the
/// order's number and state; staff also why a visit failed.
async fn field_work(
    conn: &mut sqlx::PgConnection,
    ticket_id: i64,
    staff: bool,
) -> ServiceResult<Vec<TimelineEntry>> {
    let rows = sqlx::query!(
        r#"SELECT a.at, a.action, a.after, a.actor_label, u.full_name AS "actor_name?",
                  w.number
           FROM work_orders w
           JOIN audit_log a ON a.entity = 'work_order' AND a.entity_id = w.id::text
           LEFT JOIN users u ON u.id = a.actor_id
           WHERE w.ticket_id = $1
             AND a.action IN ('work_order.create', 'work_order.schedule', 'work_order.move')
           ORDER BY a.at, a.id"#,
        ticket_id
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let field = |name: &str| {
                r.after
                    .as_ref()
                    .and_then(|a| a.get(name))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            let mut changes = vec![FieldChange {
                field: "work_order".into(),
                from: None,
                to: Some(r.number.clone()),
            }];
            if let Some(state) = field("state") {
                changes.push(FieldChange {
                    field: "work_order_state".into(),
                    from: None,
                    to: Some(state),
                });
            }
            if let (true, Some(reason)) = (staff, field("failure_reason")) {
                changes.push(FieldChange {
                    field: "failure_reason".into(),
                    from: None,
                    to: Some(reason),
                });
            }
            TimelineEntry {
                at: r.at,
                actor: if staff {
                    r.actor_name.or(r.actor_label)
                } else {
                    None
                },
                item: TimelineItem::Change {
                    action: r.action,
                    changes,
                },
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_list_old_and_new_values() {
        let before = json!({"status": "new", "assignee": null});
        let after = json!({"status": "assigned", "assignee": "Budi"});
        let changes = changes_of(Some(&before), Some(&after), true);
        assert_eq!(changes.len(), 2);
        assert!(changes.contains(&FieldChange {
            field: "assignee".into(),
            from: None,
            to: Some("Budi".into())
        }));
        // customers see the status, not who holds the ticket
        let customer = changes_of(Some(&before), Some(&after), false);
        assert_eq!(customer.len(), 1);
        assert_eq!(customer[0].field, "status");
    }
}
