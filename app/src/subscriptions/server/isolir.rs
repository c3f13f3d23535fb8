//! Who is on the isolir page: the visitor's address is matched to an isolated line, first by
//! fixed address, then by asking the routers that have isolated lines which session holds
//! it (bounded: a short timeout per router, only routers with isolated lines).

use std::time::Duration;

use routeros::Command;
use sqlx::PgPool;

use crate::error::server::ServiceResult;
use crate::nas::server::hub::RouterHub;
use crate::nas::server::repo as nas_repo;
use crate::secrets::SecretBox;
use crate::subscriptions::model::IsolatedLine;

const ROUTER_TIMEOUT: Duration = Duration::from_secs(2);

struct Candidate {
    first_name: String,
    customer_code: String,
    username: String,
    reason: String,
    since: chrono::DateTime<chrono::Utc>,
}

impl From<Candidate> for IsolatedLine {
    fn from(c: Candidate) -> Self {
        IsolatedLine {
            first_name: c.first_name,
            customer_code: c.customer_code,
            username: c.username,
            reason: c.reason,
            since: c.since,
        }
    }
}

pub async fn line_at(
    db: &PgPool,
    secrets: &SecretBox,
    hub: &RouterHub,
    address: &str,
) -> ServiceResult<Option<IsolatedLine>> {
    if address.parse::<std::net::Ipv4Addr>().is_err() {
        return Ok(None);
    }
    let fixed = sqlx::query_as!(
        Candidate,
        r#"SELECT split_part(c.full_name, ' ', 1) AS "first_name!", c.code AS customer_code,
                  s.username, s.status_reason AS reason, s.status_changed_at AS since
           FROM subscriptions s JOIN customers c ON c.id = s.customer_id
           WHERE s.status = 'isolated' AND s.static_ip = $1::text::inet
           LIMIT 1"#,
        address
    )
    .fetch_optional(db)
    .await?;
    if let Some(line) = fixed {
        return Ok(Some(line.into()));
    }
    let routers: Vec<i64> = sqlx::query_scalar!(
        r#"SELECT DISTINCT s.nas_id AS "nas_id!" FROM subscriptions s JOIN nas n ON n.id = s.nas_id
           WHERE s.status = 'isolated' AND s.connection_type = 'pppoe' AND n.active"#
    )
    .fetch_all(db)
    .await?;
    for nas_id in routers {
        let mut conn = db.acquire().await?;
        let target = nas_repo::target(&mut conn, secrets, nas_id).await?;
        drop(conn);
        let Ok(client) = hub.client(&target) else {
            continue;
        };
        let command = Command::new("/ppp/active/print")
            .filter("address", address)
            .timeout(ROUTER_TIMEOUT);
        // A router that does not answer just cannot tell; the page stays general.
        let Ok(output) = client.execute(command).await else {
            continue;
        };
        let Some(name) = output.rows.first().and_then(|r| r.get("name")) else {
            continue;
        };
        let line = sqlx::query_as!(
            Candidate,
            r#"SELECT split_part(c.full_name, ' ', 1) AS "first_name!", c.code AS customer_code,
                      s.username, s.status_reason AS reason, s.status_changed_at AS since
               FROM subscriptions s JOIN customers c ON c.id = s.customer_id
               WHERE s.status = 'isolated' AND s.nas_id = $1 AND s.username = $2"#,
            nas_id,
            name
        )
        .fetch_optional(db)
        .await?;
        if let Some(line) = line {
            return Ok(Some(line.into()));
        }
    }
    Ok(None)
}
