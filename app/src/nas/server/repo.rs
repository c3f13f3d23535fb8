//! Reading and writing NAS records.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::error::server::{ServiceError, ServiceResult};
use crate::error::AppError;
use crate::nas::model::{ApiKind, Nas, NasState, NasStatus, RouterFacts};
use crate::nas::server::hub::RouterTarget;
use crate::secrets::SecretBox;

pub const PASSWORD_PURPOSE: &str = "nas.password";
pub const RADIUS_PURPOSE: &str = "nas.radius_secret";

struct NasRow {
    id: i64,
    name: String,
    site: String,
    host: String,
    api_kind: String,
    port: i32,
    tls_verify: bool,
    username: String,
    has_radius_secret: bool,
    tags: Vec<String>,
    notes: String,
    active: bool,
    status: String,
    checked_at: Option<DateTime<Utc>>,
    last_seen_at: Option<DateTime<Utc>>,
    last_error: Option<String>,
    identity: Option<String>,
    version: Option<String>,
    board: Option<String>,
    uptime: Option<String>,
    cpu_load: Option<i32>,
    free_memory: Option<i64>,
    total_memory: Option<i64>,
}

impl From<NasRow> for Nas {
    fn from(row: NasRow) -> Nas {
        let facts = row.identity.map(|identity| RouterFacts {
            identity,
            version: row.version.unwrap_or_default(),
            board: row.board.unwrap_or_default(),
            uptime: row.uptime.unwrap_or_default(),
            cpu_load: row.cpu_load,
            free_memory: row.free_memory,
            total_memory: row.total_memory,
        });
        Nas {
            id: row.id,
            name: row.name,
            site: row.site,
            host: row.host,
            api_kind: ApiKind::parse(&row.api_kind).unwrap_or_default(),
            port: row.port,
            tls_verify: row.tls_verify,
            username: row.username,
            has_radius_secret: row.has_radius_secret,
            tags: row.tags,
            notes: row.notes,
            active: row.active,
            status: NasStatus {
                state: NasState::parse(&row.status),
                checked_at: row.checked_at,
                last_seen_at: row.last_seen_at,
                last_error: row.last_error,
                facts,
            },
        }
    }
}

/// Every NAS by name (an ISP has tens, not thousands; `nas_name_idx` orders them).
pub async fn list(conn: &mut PgConnection) -> ServiceResult<Vec<Nas>> {
    let rows = sqlx::query_as!(
        NasRow,
        r#"SELECT id, name, site, host, api_kind, port, tls_verify, username,
                  radius_secret_sealed IS NOT NULL AS "has_radius_secret!", tags, notes, active,
                  status, checked_at, last_seen_at, last_error, identity, version, board, uptime,
                  cpu_load, free_memory, total_memory
           FROM nas ORDER BY name, id"#
    )
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(Nas::from).collect())
}

pub async fn get(conn: &mut PgConnection, id: i64) -> ServiceResult<Nas> {
    let row = sqlx::query_as!(
        NasRow,
        r#"SELECT id, name, site, host, api_kind, port, tls_verify, username,
                  radius_secret_sealed IS NOT NULL AS "has_radius_secret!", tags, notes, active,
                  status, checked_at, last_seen_at, last_error, identity, version, board, uptime,
                  cpu_load, free_memory, total_memory
           FROM nas WHERE id = $1"#,
        id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(row.into())
}

/// Where and how to reach a NAS, with its password opened.
pub async fn target(
    conn: &mut PgConnection,
    secrets: &SecretBox,
    id: i64,
) -> ServiceResult<RouterTarget> {
    let row = sqlx::query!(
        "SELECT id, name, host, port, api_kind, tls_verify, username, password_sealed FROM nas WHERE id = $1",
        id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    let password = secrets
        .open(PASSWORD_PURPOSE, &row.password_sealed)
        .map_err(|e| ServiceError::Internal(format!("NAS {}: {e}", row.id)))?;
    Ok(RouterTarget {
        nas_id: row.id,
        name: row.name,
        host: row.host,
        port: u16::try_from(row.port).unwrap_or(8728),
        kind: ApiKind::parse(&row.api_kind).unwrap_or_default(),
        tls_verify: row.tls_verify,
        username: row.username,
        password,
    })
}

/// Active NAS ids, for the monitor.
pub async fn active_ids(conn: &mut PgConnection) -> ServiceResult<Vec<i64>> {
    Ok(
        sqlx::query_scalar!("SELECT id FROM nas WHERE active ORDER BY id")
            .fetch_all(conn)
            .await?,
    )
}

/// Stores a check's outcome; returns the state it replaced, to log transitions. A NAS
/// switched off meanwhile keeps its `unknown` state.
pub async fn record_check(
    conn: &mut PgConnection,
    id: i64,
    at: DateTime<Utc>,
    outcome: &Result<RouterFacts, String>,
) -> ServiceResult<NasState> {
    let previous = match outcome {
        Ok(facts) => sqlx::query_scalar!(
            r#"UPDATE nas n SET status = 'up', checked_at = $2, last_seen_at = $2, last_error = NULL,
                      identity = $3, version = $4, board = $5, uptime = $6, cpu_load = $7,
                      free_memory = $8, total_memory = $9
               FROM nas old WHERE n.id = $1 AND old.id = n.id AND n.active RETURNING old.status"#,
            id,
            at,
            facts.identity,
            facts.version,
            facts.board,
            facts.uptime,
            facts.cpu_load,
            facts.free_memory,
            facts.total_memory,
        )
        .fetch_optional(conn)
        .await?,
        Err(error) => sqlx::query_scalar!(
            r#"UPDATE nas n SET status = 'down', checked_at = $2, last_error = $3
               FROM nas old WHERE n.id = $1 AND old.id = n.id AND n.active RETURNING old.status"#,
            id,
            at,
            error,
        )
        .fetch_optional(conn)
        .await?,
    };
    Ok(previous.map_or(NasState::Unknown, |s| NasState::parse(&s)))
}
