//! Storage for uploaded files. Bytes live under `SIMPUL_DATA_DIR/attachments/YYYY/MM/<random>`;
//! rows keep the storage key. The content type always comes from the bytes.

use chrono::{DateTime, Datelike, Utc};
use std::path::{Path, PathBuf};

use crate::error::server::{ServiceError, ServiceResult};

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

/// A stored file, ready to be sent.
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub filename: String,
    pub content_type: String,
    pub path: PathBuf,
}

/// Images a browser shows safely inline, and PDFs: what identity photos and payment proofs
/// may be.
pub const IMAGE_OR_PDF: [&str; 4] = ["image/jpeg", "image/png", "image/webp", "application/pdf"];

/// A cleaned name and the type the bytes really are, if that type is one of `allowed`;
/// otherwise the `file` field error `refused` (or "required" for an empty file).
pub fn check_upload(
    bytes: &[u8],
    filename: &str,
    allowed: &[&str],
    refused: crate::i18n::Msg,
) -> ServiceResult<(String, &'static str)> {
    use crate::error::FieldErrors;
    if bytes.is_empty() {
        return Err(FieldErrors::single("file", crate::i18n::Msg::ValRequired).into());
    }
    let filename = clean_filename(filename);
    let content_type = sniff(bytes, &filename)
        .filter(|t| allowed.contains(t))
        .ok_or_else(|| ServiceError::from(FieldErrors::single("file", refused)))?;
    Ok((filename, content_type))
}

/// A fresh, unguessable key for a new file.
fn storage_key(now: DateTime<Utc>) -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{:04}/{:02}/{hex}", now.year(), now.month())
}

/// Where a stored key's bytes are.
pub fn path_of(data_dir: &Path, key: &str) -> PathBuf {
    data_dir.join("attachments").join(key)
}

/// Writes the file through a `.part` name and fsyncs it, so a row committed after this
/// never points at a half-written file.
async fn write_durably(path: &Path, bytes: &[u8]) -> ServiceResult<()> {
    let io = |e: std::io::Error| ServiceError::Internal(format!("file write {path:?}: {e}"));
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

/// A file written to storage whose row is not saved yet: everything that row records.
pub struct WrittenFile {
    pub filename: String,
    pub content_type: &'static str,
    pub key: String,
    pub path: PathBuf,
    pub size_bytes: i64,
    pub sha256: Vec<u8>,
}

/// Writes `bytes` durably under a fresh key. Save its row in the transaction that is then
/// passed to [`commit_or_remove`] with `path`, so the file goes again if the row does not.
pub async fn write_new(
    data_dir: &Path,
    now: DateTime<Utc>,
    filename: String,
    content_type: &'static str,
    bytes: &[u8],
) -> ServiceResult<WrittenFile> {
    use sha2::{Digest, Sha256};
    let key = storage_key(now);
    let path = path_of(data_dir, &key);
    write_durably(&path, bytes).await?;
    Ok(WrittenFile {
        filename,
        content_type,
        key,
        path,
        size_bytes: bytes.len() as i64,
        sha256: Sha256::digest(bytes).to_vec(),
    })
}

/// Commits the row saved for the file at `path`, or removes the file when the row or the
/// commit failed: a file never outlives a save that did not happen.
pub async fn commit_or_remove<T>(
    tx: sqlx::Transaction<'_, sqlx::Postgres>,
    saved: ServiceResult<T>,
    path: &Path,
) -> ServiceResult<T> {
    let committed = match saved {
        Ok(value) => tx.commit().await.map(|_| value).map_err(ServiceError::from),
        Err(err) => Err(err),
    };
    if committed.is_err() {
        let _ = tokio::fs::remove_file(path).await;
    }
    committed
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
