//! The fields of a ticket as the timeline shows them. Every change records the snapshot
//! before and after; the timeline lists the fields that differ.

use crate::error::server::ServiceResult;
use serde_json::{Map, Value};
use sqlx::PgConnection;

/// Display values of the tracked fields (names rather than ids, codes for enums).
pub async fn take(conn: &mut PgConnection, ticket_id: i64) -> ServiceResult<Map<String, Value>> {
    let r = sqlx::query!(
        r#"SELECT t.title, t.status, t.impact, t.urgency, t.priority, t.tags, t.caller_name,
                  t.caller_contact, t.resolution,
                  md5(t.description) AS "description_hash!",
                  c.name AS "category?", g.name AS "group?", a.full_name AS "assignee?"
           FROM tickets t
           LEFT JOIN ticket_categories c ON c.id = t.category_id
           LEFT JOIN support_groups g ON g.id = t.group_id
           LEFT JOIN users a ON a.id = t.assignee_id
           WHERE t.id = $1"#,
        ticket_id
    )
    .fetch_one(conn)
    .await?;
    let mut map = Map::new();
    let mut put = |key: &str, value: Value| {
        map.insert(key.to_owned(), value);
    };
    put("title", r.title.into());
    put("status", r.status.into());
    put("impact", r.impact.into());
    put("urgency", r.urgency.into());
    put("priority", r.priority.into());
    put("category", r.category.into());
    put("group", r.group.into());
    put("assignee", r.assignee.into());
    put("tags", r.tags.join(", ").into());
    put("caller_name", r.caller_name.into());
    put("caller_contact", r.caller_contact.into());
    put("resolution", r.resolution.into());
    // The description can be long: the timeline says that it changed, not how.
    put("description", r.description_hash.into());
    Ok(map)
}

/// Only the fields that differ, as (before, after) objects.
pub fn diff(before: &Map<String, Value>, after: &Map<String, Value>) -> (Value, Value) {
    let mut b = Map::new();
    let mut a = Map::new();
    for (key, new) in after {
        let old = before.get(key).cloned().unwrap_or(Value::Null);
        if &old != new {
            b.insert(key.clone(), old);
            a.insert(key.clone(), new.clone());
        }
    }
    (Value::Object(b), Value::Object(a))
}

/// Writes the audit row for a change: the fields that differ between `before` and now
/// (nothing when no tracked field changed).
pub async fn record(
    conn: &mut PgConnection,
    actor: &crate::request::Actor,
    action: &'static str,
    ticket_id: i64,
    before: &Map<String, Value>,
) -> ServiceResult<()> {
    let after = take(conn, ticket_id).await?;
    let (b, a) = diff(before, &after);
    if a.as_object().is_some_and(|changed| changed.is_empty()) {
        return Ok(());
    }
    crate::audit::server::AuditEvent::new(action, "ticket", ticket_id)
        .before(&b)
        .after(&a)
        .write(conn, actor)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_keeps_only_changed_fields() {
        let before = json!({"status": "new", "title": "A", "group": null});
        let after = json!({"status": "assigned", "title": "A", "group": "NOC"});
        let (b, a) = diff(before.as_object().unwrap(), after.as_object().unwrap());
        assert_eq!(b, json!({"status": "new", "group": null}));
        assert_eq!(a, json!({"status": "assigned", "group": "NOC"}));
    }
}
