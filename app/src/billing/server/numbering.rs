//! Taking document numbers from the yearly counters, inside the issuing transaction.

use crate::billing::model::DocumentKind;
use crate::error::server::ServiceResult;
use sqlx::PgConnection;

/// Reserves `count` consecutive numbers of `kind` in `year` and returns the first. The
/// counter row stays locked until the caller's transaction ends, so numbers are gap-free:
/// a rollback gives them back and a concurrent issuer waits.
pub async fn take(
    conn: &mut PgConnection,
    kind: DocumentKind,
    year: i32,
    count: i64,
) -> ServiceResult<i64> {
    let last = sqlx::query_scalar!(
        r#"INSERT INTO document_counters (kind, year, last_value) VALUES ($1, $2, $3)
           ON CONFLICT (kind, year)
           DO UPDATE SET last_value = document_counters.last_value + EXCLUDED.last_value
           RETURNING last_value"#,
        kind.as_str(),
        year,
        count
    )
    .fetch_one(conn)
    .await?;
    Ok(last - count + 1)
}
