//! Ticket attachments: the content type is decided from the bytes (`files::server::sniff`),
//! never from the name or the browser's claim. Files are written under the data directory
//! before the row commits and removed again if the transaction fails, so a row always has
//! its file.

use super::{workflow, TicketScope};
use crate::audit::server::AuditEvent;
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::files::server as files;
use crate::i18n::Msg;
use crate::request::Actor;
use crate::tickets::model::AttachmentView;
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use std::path::{Path, PathBuf};

/// Stores `bytes` as an attachment of the ticket. `max_bytes` is the configured limit.
#[allow(clippy::too_many_arguments)]
pub async fn store(
    db: &PgPool,
    actor: &Actor,
    scope: TicketScope,
    ticket_id: i64,
    filename: &str,
    bytes: &[u8],
    data_dir: &Path,
    now: DateTime<Utc>,
) -> ServiceResult<AttachmentView> {
    if bytes.is_empty() {
        return Err(FieldErrors::single("file", Msg::ValRequired).into());
    }
    let filename = files::clean_filename(filename);
    let Some(content_type) = files::sniff(bytes, &filename) else {
        return Err(FieldErrors::single("file", Msg::ValFileTypeRefused).into());
    };
    let mut tx = db.begin().await?;
    let ticket = workflow::lock(&mut tx, scope, ticket_id).await?;
    if ticket.status.is_final() {
        return Err(AppError::Conflict(Msg::ErrTicketFinal).into());
    }
    let file = files::write_new(data_dir, now, filename, content_type, bytes).await?;
    let saved = insert_row(&mut tx, actor, ticket_id, &file, now).await;
    files::commit_or_remove(tx, saved, &file.path).await
}

async fn insert_row(
    conn: &mut PgConnection,
    actor: &Actor,
    ticket_id: i64,
    file: &files::WrittenFile,
    now: DateTime<Utc>,
) -> ServiceResult<AttachmentView> {
    let id = sqlx::query_scalar!(
        r#"INSERT INTO ticket_attachments
               (ticket_id, filename, content_type, size_bytes, sha256, storage_key, uploaded_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"#,
        ticket_id,
        file.filename,
        file.content_type,
        file.size_bytes,
        file.sha256,
        file.key,
        actor.user_id.map(|u| u.0),
        now
    )
    .fetch_one(&mut *conn)
    .await?;
    // Bumping the ticket tells every open view that it changed.
    sqlx::query!(
        "UPDATE tickets SET updated_at = $2 WHERE id = $1",
        ticket_id,
        now
    )
    .execute(&mut *conn)
    .await?;
    AuditEvent::new("ticket.attach", "ticket", ticket_id)
        .after(&serde_json::json!({ "attachment": file.filename, "bytes": file.size_bytes }))
        .write(conn, actor)
        .await?;
    Ok(AttachmentView {
        id,
        filename: file.filename.clone(),
        content_type: file.content_type.to_owned(),
        size_bytes: file.size_bytes,
        uploaded_by: actor.label.clone(),
        created_at: now,
    })
}

/// The attachment and where its bytes are, if the scope may see its ticket.
pub async fn locate(
    db: &PgPool,
    scope: TicketScope,
    attachment_id: i64,
    data_dir: &Path,
) -> ServiceResult<(AttachmentView, PathBuf)> {
    let mut conn = db.acquire().await?;
    let row = sqlx::query!(
        r#"SELECT a.id, a.ticket_id, a.filename, a.content_type, a.size_bytes, a.storage_key,
                  a.created_at, u.full_name AS "uploaded_by?"
           FROM ticket_attachments a LEFT JOIN users u ON u.id = a.uploaded_by
           WHERE a.id = $1"#,
        attachment_id
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(AppError::NotFound)?;
    scope.ensure_visible(&mut conn, row.ticket_id).await?;
    let path = files::path_of(data_dir, &row.storage_key);
    Ok((
        AttachmentView {
            id: row.id,
            filename: row.filename,
            content_type: row.content_type,
            size_bytes: row.size_bytes,
            uploaded_by: row.uploaded_by,
            created_at: row.created_at,
        },
        path,
    ))
}

/// A ticket's attachments, oldest first (the caller checked visibility).
pub async fn of_ticket(
    conn: &mut PgConnection,
    ticket_id: i64,
) -> ServiceResult<Vec<AttachmentView>> {
    Ok(sqlx::query_as!(
        AttachmentView,
        r#"SELECT a.id, a.filename, a.content_type, a.size_bytes, u.full_name AS "uploaded_by?",
                  a.created_at
           FROM ticket_attachments a LEFT JOIN users u ON u.id = a.uploaded_by
           WHERE a.ticket_id = $1 ORDER BY a.created_at, a.id"#,
        ticket_id
    )
    .fetch_all(conn)
    .await?)
}
