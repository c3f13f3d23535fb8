//! The ISP's logo on documents: a PNG or JPEG that docpdf can embed, up to 512 KiB, kept in
//! the settings row. Changing or removing it is audited.

use crate::audit::server::AuditEvent;
use crate::error::server::ServiceResult;
use crate::error::FieldErrors;
use crate::i18n::Msg;
use crate::request::Actor;
use sqlx::{PgConnection, PgPool};

pub const MAX_LOGO_BYTES: usize = 512 * 1024;

/// The accepted type of a logo, or the field error that refuses it.
pub fn check(bytes: &[u8]) -> Result<&'static str, crate::error::AppError> {
    if bytes.is_empty() {
        return Err(FieldErrors::single("file", Msg::ValRequired));
    }
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(FieldErrors::single("file", Msg::ValFileTooLarge));
    }
    let kind = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else {
        return Err(FieldErrors::single("file", Msg::ValLogoType));
    };
    // The bytes must decode the way the PDF writer will read them, or every document
    // would silently print without the logo.
    docpdf::check_image(bytes).map_err(|_| FieldErrors::single("file", Msg::ValLogoType))?;
    Ok(kind)
}

pub async fn store(db: &PgPool, actor: &Actor, bytes: &[u8]) -> ServiceResult<()> {
    let kind = check(bytes)?;
    let mut tx = db.begin().await?;
    let before = sqlx::query_scalar!(
        "SELECT octet_length(logo) FROM billing_settings WHERE id = 1 FOR UPDATE"
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        r#"UPDATE billing_settings SET logo = $1, logo_type = $2, logo_updated_at = now()
           WHERE id = 1"#,
        bytes,
        kind
    )
    .execute(&mut *tx)
    .await?;
    AuditEvent::new("billing.logo", "billing_settings", 1)
        .before(&serde_json::json!({ "bytes": before }))
        .after(&serde_json::json!({ "bytes": bytes.len(), "type": kind }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove(db: &PgPool, actor: &Actor) -> ServiceResult<()> {
    let mut tx = db.begin().await?;
    let before = sqlx::query_scalar!(
        "SELECT octet_length(logo) FROM billing_settings WHERE id = 1 FOR UPDATE"
    )
    .fetch_one(&mut *tx)
    .await?;
    if before.is_none() {
        return Ok(());
    }
    sqlx::query!(
        r#"UPDATE billing_settings SET logo = NULL, logo_type = NULL, logo_updated_at = now()
           WHERE id = 1"#
    )
    .execute(&mut *tx)
    .await?;
    AuditEvent::new("billing.logo", "billing_settings", 1)
        .before(&serde_json::json!({ "bytes": before }))
        .after(&serde_json::json!({ "bytes": null }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The logo's bytes and type, if one is set.
pub async fn read(conn: &mut PgConnection) -> ServiceResult<Option<(Vec<u8>, String)>> {
    let row = sqlx::query!("SELECT logo, logo_type FROM billing_settings WHERE id = 1")
        .fetch_one(conn)
        .await?;
    Ok(row.logo.zip(row.logo_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_images_the_pdf_writer_can_read_are_accepted() {
        assert!(check(b"").is_err());
        assert!(check(b"<svg xmlns='http://www.w3.org/2000/svg'/>").is_err());
        assert!(check(b"GIF89a....").is_err());
        // A PNG signature with nothing behind it does not decode.
        assert!(check(b"\x89PNG\r\n\x1a\nbroken").is_err());
        assert!(check(&vec![0xFF; MAX_LOGO_BYTES + 1]).is_err());
    }
}
