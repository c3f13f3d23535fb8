//! The customer's identity photo (KTP): staff only, typed by its bytes (a photo or a PDF
//! scan), stored like ticket attachments. A new upload replaces the shown photo; earlier
//! ones stay on record (and in the audit log) rather than being deleted.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use std::path::Path;

use crate::audit::server::AuditEvent;
use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::files::server as files;
use crate::i18n::Msg;
use crate::request::Actor;

pub async fn store_id_photo(
    db: &PgPool,
    actor: &Actor,
    customer_id: i64,
    filename: &str,
    bytes: &[u8],
    data_dir: &Path,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let (filename, content_type) =
        files::check_upload(bytes, filename, &files::IMAGE_OR_PDF, Msg::ValIdPhotoType)?;
    let mut tx = db.begin().await?;
    sqlx::query_scalar!(
        "SELECT id FROM customers WHERE id = $1 FOR UPDATE",
        customer_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let file = files::write_new(data_dir, now, filename, content_type, bytes).await?;
    let saved = insert_row(&mut tx, actor, customer_id, &file, now).await;
    files::commit_or_remove(tx, saved, &file.path).await
}

async fn insert_row(
    conn: &mut PgConnection,
    actor: &Actor,
    customer_id: i64,
    file: &files::WrittenFile,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    sqlx::query!(
        r#"INSERT INTO customer_documents
               (customer_id, kind, filename, content_type, size_bytes, sha256, storage_key,
                uploaded_by, created_at)
           VALUES ($1, 'id_photo', $2, $3, $4, $5, $6, $7, $8)"#,
        customer_id,
        file.filename,
        file.content_type,
        file.size_bytes,
        file.sha256,
        file.key,
        actor.user_id.map(|u| u.0),
        now
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "UPDATE customers SET updated_at = $2 WHERE id = $1",
        customer_id,
        now
    )
    .execute(&mut *conn)
    .await?;
    AuditEvent::new("customer.id_photo", "customer", customer_id)
        .after(&serde_json::json!({ "file": file.filename, "bytes": file.size_bytes }))
        .write(conn, actor)
        .await?;
    Ok(())
}

/// The newest identity photo of the customer.
pub async fn id_photo(
    conn: &mut PgConnection,
    customer_id: i64,
    data_dir: &Path,
) -> ServiceResult<files::StoredFile> {
    let row = sqlx::query!(
        r#"SELECT filename, content_type, storage_key FROM customer_documents
           WHERE customer_id = $1 AND kind = 'id_photo'
           ORDER BY created_at DESC, id DESC LIMIT 1"#,
        customer_id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(files::StoredFile {
        filename: row.filename,
        content_type: row.content_type,
        path: files::path_of(data_dir, &row.storage_key),
    })
}
