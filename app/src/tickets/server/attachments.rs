//! Ticket attachments: the content type is decided from the bytes, never from the name or
//! the browser's claim; only documents and images we can serve safely are accepted. Files
//! are written under the data directory before the row commits and removed again if the
//! transaction fails, so a row always has its file.

use super::{workflow, TicketScope};
use crate::audit::server::AuditEvent;
use crate::error::server::{ServiceError, ServiceResult};
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::request::Actor;
use crate::tickets::model::AttachmentView;
use chrono::{DateTime, Datelike, Utc};
use sha2::{Digest, Sha256};
use sqlx::{PgConnection, PgPool};
use std::path::{Path, PathBuf};

/// What the bytes are, for the types we accept.
pub fn sniff(bytes: &[u8], filename: &str) -> Option<&'static str> {
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if let Some(kind) = infer::get(bytes) {
        return match kind.mime_type() {
            "image/png" => Some("image/png"),
            "image/jpeg" => Some("image/jpeg"),
            "image/gif" => Some("image/gif"),
            "image/webp" => Some("image/webp"),
            "application/pdf" => Some("application/pdf"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
                Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            }
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => {
                Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            }
            "application/zip" => Some("application/zip"),
            _ => None,
        };
    }
    // No magic number: accept plain text (logs, configs, CSV), but nothing a browser could
    // take for markup.
    let text = std::str::from_utf8(bytes).ok()?;
    let head = text
        .trim_start()
        .get(..64)
        .unwrap_or(text.trim_start())
        .to_ascii_lowercase();
    let looks_like_markup =
        head.starts_with('<') || head.contains("<script") || head.contains("<html");
    let binary = text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'));
    if binary || looks_like_markup {
        return None;
    }
    Some(if ext == "csv" {
        "text/csv"
    } else {
        "text/plain"
    })
}

/// A name safe to show and to put in a header: no path, no control characters.
pub fn clean_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | ';'))
        .take(200)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "lampiran".into()
    } else {
        cleaned
    }
}

fn random_hex() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

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
    let filename = clean_filename(filename);
    let Some(content_type) = sniff(bytes, &filename) else {
        return Err(FieldErrors::single("file", Msg::ValFileTypeRefused).into());
    };
    let mut tx = db.begin().await?;
    let ticket = workflow::lock(&mut tx, scope, ticket_id).await?;
    if ticket.status.is_final() {
        return Err(AppError::Conflict(Msg::ErrTicketFinal).into());
    }
    let key = format!("{:04}/{:02}/{}", now.year(), now.month(), random_hex());
    let path = data_dir.join("attachments").join(&key);
    write_file(&path, bytes).await?;
    let saved = insert_row(
        &mut tx,
        actor,
        ticket_id,
        &filename,
        content_type,
        bytes,
        &key,
        now,
    )
    .await;
    let committed = match saved {
        Ok(view) => tx.commit().await.map(|_| view).map_err(ServiceError::from),
        Err(err) => Err(err),
    };
    if committed.is_err() {
        let _ = tokio::fs::remove_file(&path).await;
    }
    committed
}

async fn write_file(path: &Path, bytes: &[u8]) -> ServiceResult<()> {
    let io = |e: std::io::Error| ServiceError::Internal(format!("attachment write {path:?}: {e}"));
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await.map_err(io)?;
    }
    let tmp = path.with_extension("part");
    {
        use tokio::io::AsyncWriteExt;
        let mut file = tokio::fs::File::create(&tmp).await.map_err(io)?;
        file.write_all(bytes).await.map_err(io)?;
        // On disk before the row commits: a crash cannot leave a row pointing at nothing.
        file.sync_all().await.map_err(io)?;
    }
    tokio::fs::rename(&tmp, path).await.map_err(io)
}

#[allow(clippy::too_many_arguments)]
async fn insert_row(
    conn: &mut PgConnection,
    actor: &Actor,
    ticket_id: i64,
    filename: &str,
    content_type: &str,
    bytes: &[u8],
    key: &str,
    now: DateTime<Utc>,
) -> ServiceResult<AttachmentView> {
    let digest = Sha256::digest(bytes).to_vec();
    let id = sqlx::query_scalar!(
        r#"INSERT INTO ticket_attachments
               (ticket_id, filename, content_type, size_bytes, sha256, storage_key, uploaded_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"#,
        ticket_id,
        filename,
        content_type,
        bytes.len() as i64,
        digest,
        key,
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
        .after(&serde_json::json!({ "attachment": filename, "bytes": bytes.len() }))
        .write(conn, actor)
        .await?;
    Ok(AttachmentView {
        id,
        filename: filename.to_owned(),
        content_type: content_type.to_owned(),
        size_bytes: bytes.len() as i64,
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
    let path = data_dir.join("attachments").join(&row.storage_key);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes() {
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0];
        assert_eq!(sniff(&png, "foto.txt"), Some("image/png"));
        assert_eq!(
            sniff(b"%PDF-1.7\n...", "surat.pdf"),
            Some("application/pdf")
        );
        assert_eq!(
            sniff(b"ping 8.8.8.8 timeout\n", "log.txt"),
            Some("text/plain")
        );
        assert_eq!(sniff(b"a,b\n1,2\n", "data.csv"), Some("text/csv"));
    }

    #[test]
    fn markup_and_binaries_are_refused_whatever_their_name() {
        assert_eq!(sniff(b"<html><script>alert(1)</script>", "foto.png"), None);
        assert_eq!(sniff(b"  <svg onload=alert(1)>", "logo.svg"), None);
        assert_eq!(sniff(b"MZ\x90\x00\x03\x00\x00\x00", "setup.exe"), None);
        assert_eq!(sniff(b"\x7fELF\x02\x01\x01", "tool"), None);
        assert_eq!(sniff(&[0xff, 0xfe, 0x00, 0x41], "x.txt"), None);
    }

    #[test]
    fn filenames_lose_paths_and_control_characters() {
        assert_eq!(clean_filename("../../etc/passwd"), "passwd");
        assert_eq!(clean_filename("C:\\Users\\x\\foto ODP.jpg"), "foto ODP.jpg");
        assert_eq!(clean_filename("a\"b;c\n.txt"), "abc.txt");
        assert_eq!(clean_filename("..."), "lampiran");
    }
}
