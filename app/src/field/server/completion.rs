//! What a finished order changes, in the same transaction as the "done" itself, so a line
//! is never half installed:
//! * installation: the ONT becomes a CI with its serial (feeding the line's premise), the
//!   line takes the order's ODP port, and the line is activated, which queues it for its
//!   router through the provisioning outbox and starts billing that day;
//! * dismantle: the line's ODP port is freed and its ONT retired from the plant.
//!
//! A repair's effect (its incident resolved) is in `incident`.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::lock::Locked;
use crate::cmdb::model::attributes::AttributeValue;
use crate::cmdb::model::{CiDraft, Lifecycle, RelationDraft, RelationKind};
use crate::cmdb::server::{ports, relations, repo, save};
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::field::model::WorkOrderKind;
use crate::format::TimeZone;
use crate::i18n::Msg;
use crate::request::Actor;
use crate::subscriptions::model::SubscriptionStatus;
use crate::subscriptions::server::service as lines;

pub async fn apply(
    conn: &mut PgConnection,
    actor: &Actor,
    order: &Locked,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    match order.kind {
        WorkOrderKind::Installation => install(conn, actor, order, now).await,
        WorkOrderKind::Dismantle => dismantle(conn, actor, order).await,
        WorkOrderKind::Repair | WorkOrderKind::Survey => Ok(()),
    }
}

async fn install(
    conn: &mut PgConnection,
    actor: &Actor,
    order: &Locked,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let Some(line) = order.subscription_id else {
        return Ok(());
    };
    // The customer, then the line, then the plant: the order every line change takes
    // (`subscriptions::set_status`, a new line's CMDB trigger), so a technician finishing
    // while an agent changes the same customer queues up instead of deadlocking.
    sqlx::query_scalar!(
        r#"SELECT c.id FROM customers c JOIN subscriptions s ON s.customer_id = c.id
           WHERE s.id = $1 FOR UPDATE OF c"#,
        line
    )
    .fetch_optional(&mut *conn)
    .await?;
    sqlx::query_scalar!(
        "SELECT id FROM subscriptions WHERE id = $1 FOR UPDATE",
        line
    )
    .fetch_optional(&mut *conn)
    .await?;
    let row = sqlx::query!(
        r#"SELECT w.odp_id, w.odp_port, w.latitude, w.longitude, w.address,
                  p.id AS "premise?", p.code AS "premise_code?", s.username, s.status,
                  (SELECT e.value FROM work_order_evidence e
                   WHERE e.work_order_id = w.id AND e.kind = 'ont_serial'
                   ORDER BY e.id DESC LIMIT 1) AS serial
           FROM work_orders w
           JOIN subscriptions s ON s.id = w.subscription_id
           LEFT JOIN cis p ON p.subscription_id = s.id
           WHERE w.id = $1"#,
        order.id
    )
    .fetch_one(&mut *conn)
    .await?;
    let (Some(odp), Some(port)) = (row.odp_id, row.odp_port) else {
        return Err(FieldErrors::single("odp_port", Msg::ValWoPortRequired).into());
    };
    let (Some(premise), Some(premise_code)) = (row.premise, row.premise_code) else {
        return Err(AppError::Conflict(Msg::ErrWoLineHasNoPremise).into());
    };
    let Some(serial) = row.serial else {
        return Err(FieldErrors::single("evidence.ont_serial", Msg::ValWoEvidenceMissing).into());
    };
    let ont = ont_of(&mut *conn, premise).await?;
    let draft = match ont {
        // A line reinstalled: its ONT record keeps vendor and model, takes the new serial.
        Some(id) => {
            let mut draft = repo::get(&mut *conn, id).await?.draft();
            draft.lifecycle = Lifecycle::Active;
            draft.attributes.retain(|a| a.key != "serial_number");
            draft
                .attributes
                .extend(AttributeValue::list(&[("serial_number", &serial)]));
            draft
        }
        None => CiDraft {
            class: "ont".into(),
            code: format!("ONT-{}", row.username.to_uppercase()),
            name: format!("ONT {}", row.username),
            lifecycle: Lifecycle::Active,
            latitude: row.latitude.map(|v| v.to_string()).unwrap_or_default(),
            longitude: row.longitude.map(|v| v.to_string()).unwrap_or_default(),
            address: row.address,
            attributes: AttributeValue::list(&[("serial_number", &serial)]),
            ..CiDraft::default()
        },
    };
    let ont_id = save::save_in(&mut *conn, actor, draft).await?;
    if ont.is_none() {
        let feed = RelationDraft {
            kind: RelationKind::Feeds,
            from_ci: ont_id,
            to_ci: premise,
            ..RelationDraft::default()
        };
        relations::add_in(&mut *conn, actor, feed).await?;
    }
    ports::place_line_in(&mut *conn, actor, odp, port, &premise_code).await?;
    if row.status == SubscriptionStatus::PendingInstall.as_str() {
        // Billing starts the (Jakarta) day the line was installed, whatever date was
        // planned when it was sold.
        let day = now
            .with_timezone(&TimeZone::AsiaJakarta.offset())
            .date_naive();
        sqlx::query!(
            "UPDATE subscriptions SET billing_starts_on = $2, start_date = $2 WHERE id = $1",
            line,
            day
        )
        .execute(&mut *conn)
        .await?;
        lines::set_status(conn, actor, line, SubscriptionStatus::Active, "", false).await?;
    }
    Ok(())
}

/// The ONT feeding a premise, if one is on record.
async fn ont_of(conn: &mut PgConnection, premise: i64) -> ServiceResult<Option<i64>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT f.from_ci FROM ci_relations f JOIN cis o ON o.id = f.from_ci
           WHERE f.to_ci = $1 AND f.kind = 'feeds' AND o.class = 'ont'
           ORDER BY f.id LIMIT 1"#,
        premise
    )
    .fetch_optional(conn)
    .await?)
}

async fn dismantle(conn: &mut PgConnection, actor: &Actor, order: &Locked) -> ServiceResult<()> {
    let Some(line) = order.subscription_id else {
        return Ok(());
    };
    let premise = sqlx::query_scalar!("SELECT id FROM cis WHERE subscription_id = $1", line)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(premise) = premise else {
        return Ok(());
    };
    let ont = ont_of(&mut *conn, premise).await?;
    let entry = ont.unwrap_or(premise);
    let odp_feeds = sqlx::query_scalar!(
        r#"SELECT r.id FROM ci_relations r JOIN cis o ON o.id = r.from_ci
           WHERE r.to_ci = $1 AND r.kind = 'feeds' AND o.class = 'odp'"#,
        entry
    )
    .fetch_all(&mut *conn)
    .await?;
    for feed in odp_feeds {
        relations::remove_in(&mut *conn, actor, feed).await?;
    }
    if let Some(ont) = ont {
        let mut draft = repo::get(&mut *conn, ont).await?.draft();
        draft.lifecycle = Lifecycle::Retired;
        save::save_in(&mut *conn, actor, draft).await?;
    }
    Ok(())
}
