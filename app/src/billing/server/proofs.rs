//! Proof of a manual payment: a photo of the transfer slip or the bank's PDF, typed by its
//! bytes and stored like ticket attachments. Gateway payments carry their own evidence (the
//! gateway's reference), so only cash and transfers take one. A new upload is shown in place
//! of the earlier one, which stays on record (and in the audit log).

use crate::audit::server::AuditEvent;
use crate::billing::model::PaymentMethod;
use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::files::server as files;
use crate::i18n::Msg;
use crate::request::Actor;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use std::path::Path;

pub async fn store(
    db: &PgPool,
    actor: &Actor,
    payment_id: i64,
    filename: &str,
    bytes: &[u8],
    data_dir: &Path,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let (filename, content_type) =
        files::check_upload(bytes, filename, &files::IMAGE_OR_PDF, Msg::ValProofType)?;
    let mut tx = db.begin().await?;
    let payment = sqlx::query!(
        "SELECT number, method FROM payments WHERE id = $1 FOR UPDATE",
        payment_id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if !PaymentMethod::parse(&payment.method).is_some_and(PaymentMethod::is_manual) {
        return Err(AppError::Conflict(Msg::ErrProofManualOnly).into());
    }
    let file = files::write_new(data_dir, now, filename, content_type, bytes).await?;
    let saved = insert_row(&mut tx, actor, payment_id, &payment.number, &file, now).await;
    files::commit_or_remove(tx, saved, &file.path).await
}

async fn insert_row(
    conn: &mut PgConnection,
    actor: &Actor,
    payment_id: i64,
    number: &str,
    file: &files::WrittenFile,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    sqlx::query!(
        r#"INSERT INTO payment_proofs
               (payment_id, filename, content_type, size_bytes, sha256, storage_key,
                uploaded_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"#,
        payment_id,
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
    AuditEvent::new("payment.proof", "payment", payment_id)
        .after(&serde_json::json!({
            "number": number,
            "file": file.filename,
            "bytes": file.size_bytes,
        }))
        .write(conn, actor)
        .await?;
    Ok(())
}

/// The newest proof of the payment.
pub async fn newest(
    conn: &mut PgConnection,
    payment_id: i64,
    data_dir: &Path,
) -> ServiceResult<files::StoredFile> {
    let row = sqlx::query!(
        r#"SELECT filename, content_type, storage_key FROM payment_proofs
           WHERE payment_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1"#,
        payment_id
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
