//! What the technician records on site: checklist ticks, notes, text evidence (the ONT
//! serial, the RX power reading) and the ODP port the line goes on. Photos and the
//! signature arrive as files (`evidence_files`). Each is audited.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};

use super::lock::{self, Locked};
use crate::audit::server::AuditEvent;
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::field::model::{
    normalize_value, ChecklistItem, EvidenceKind, Outstanding, WorkOrderKind, TECH_NOTES_MAX,
};
use crate::i18n::Msg;
use crate::request::Actor;

/// A technician's change to an order still open and given to them.
async fn lock_for_work(conn: &mut PgConnection, actor: &Actor, id: i64) -> ServiceResult<Locked> {
    let order = lock::lock(conn, id).await?;
    order.ensure_worker(actor)?;
    if order.state.is_final() {
        return Err(AppError::Conflict(Msg::ErrWoFinal).into());
    }
    Ok(order)
}

async fn bump(conn: &mut PgConnection, id: i64, now: DateTime<Utc>) -> ServiceResult<()> {
    sqlx::query!(
        "UPDATE work_orders SET updated_at = $2, version = version + 1 WHERE id = $1",
        id,
        now
    )
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Serialize)]
struct TickAudit<'a> {
    item: &'a str,
    ticked: bool,
}

pub async fn tick(
    db: &PgPool,
    actor: &Actor,
    id: i64,
    item: &str,
    ticked: bool,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let mut tx = db.begin().await?;
    let order = lock_for_work(&mut tx, actor, id).await?;
    let (checklist, _) = template(&mut tx, order.kind).await?;
    if !checklist.iter().any(|i| i.key == item) {
        return Err(FieldErrors::single("item", Msg::ValWoChecklistUnknown).into());
    }
    sqlx::query!(
        r#"UPDATE work_orders SET checklist = checklist || jsonb_build_object($2::text, $3::boolean)
           WHERE id = $1"#,
        id,
        item,
        ticked
    )
    .execute(&mut *tx)
    .await?;
    bump(&mut tx, id, now).await?;
    AuditEvent::new("work_order.tick", "work_order", id)
        .after(&TickAudit { item, ticked })
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Serialize)]
struct NotesAudit<'a> {
    tech_notes: &'a str,
}

pub async fn save_notes(
    db: &PgPool,
    actor: &Actor,
    id: i64,
    notes: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let notes = notes.trim();
    if notes.chars().count() > TECH_NOTES_MAX {
        return Err(FieldErrors::single("tech_notes", Msg::ValTooLong).into());
    }
    let mut tx = db.begin().await?;
    let order = lock_for_work(&mut tx, actor, id).await?;
    if order.tech_notes == notes {
        return Ok(());
    }
    sqlx::query!(
        "UPDATE work_orders SET tech_notes = $2 WHERE id = $1",
        id,
        notes
    )
    .execute(&mut *tx)
    .await?;
    bump(&mut tx, id, now).await?;
    AuditEvent::new("work_order.notes", "work_order", id)
        .before(&NotesAudit {
            tech_notes: &order.tech_notes,
        })
        .after(&NotesAudit { tech_notes: notes })
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Serialize)]
struct EvidenceAudit<'a> {
    kind: &'static str,
    value: &'a str,
}

/// Records a text proof; the latest of a kind is the one that counts.
pub async fn add_text(
    db: &PgPool,
    actor: &Actor,
    id: i64,
    kind: EvidenceKind,
    raw: &str,
    now: DateTime<Utc>,
) -> ServiceResult<i64> {
    let value = normalize_value(kind, raw)?;
    let mut tx = db.begin().await?;
    lock_for_work(&mut tx, actor, id).await?;
    if kind == EvidenceKind::OntSerial {
        ensure_serial_free(&mut tx, id, &value).await?;
    }
    let evidence = sqlx::query_scalar!(
        r#"INSERT INTO work_order_evidence (work_order_id, kind, value, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5) RETURNING id"#,
        id,
        kind.code(),
        value,
        actor.user_id.map(|u| u.0),
        now
    )
    .fetch_one(&mut *tx)
    .await?;
    bump(&mut tx, id, now).await?;
    AuditEvent::new("work_order.evidence", "work_order", id)
        .after(&EvidenceAudit {
            kind: kind.code(),
            value: &value,
        })
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(evidence)
}

/// A photo or the signature as it arrives from the app (already resized on the phone).
pub struct FileProof {
    pub kind: EvidenceKind,
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// Photos are resized on the phone to about 1600 px; 8 MB leaves room for a phone that
/// could not resize.
pub const FILE_PROOF_MAX_BYTES: usize = 8 * 1024 * 1024;
const IMAGES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

/// Stores a photo or the signature under the data dir and records it.
pub async fn add_file(
    db: &PgPool,
    data_dir: &std::path::Path,
    actor: &Actor,
    id: i64,
    proof: FileProof,
    now: DateTime<Utc>,
) -> ServiceResult<i64> {
    use crate::files::server as files;
    if !proof.kind.is_file() {
        return Err(FieldErrors::single("kind", Msg::ValEvidenceNeedsText).into());
    }
    if proof.bytes.len() > FILE_PROOF_MAX_BYTES {
        return Err(FieldErrors::single("file", Msg::ValFileTooLarge).into());
    }
    let (filename, content_type) = files::check_upload(
        &proof.bytes,
        &proof.filename,
        &IMAGES,
        Msg::ValEvidenceImage,
    )?;
    // Checked before the bytes are written, so a refused order leaves no file behind.
    lock_for_work(&mut *db.acquire().await?, actor, id).await?;
    let written = files::write_new(data_dir, now, filename, content_type, &proof.bytes).await?;
    let mut tx = db.begin().await?;
    let saved = async {
        lock_for_work(&mut tx, actor, id).await?;
        let evidence = sqlx::query_scalar!(
            r#"INSERT INTO work_order_evidence (work_order_id, kind, value, file_path,
                                                content_type, size_bytes, created_by, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"#,
            id,
            proof.kind.code(),
            written.filename,
            written.key,
            written.content_type,
            written.size_bytes,
            actor.user_id.map(|u| u.0),
            now
        )
        .fetch_one(&mut *tx)
        .await?;
        bump(&mut tx, id, now).await?;
        AuditEvent::new("work_order.evidence", "work_order", id)
            .after(&EvidenceAudit {
                kind: proof.kind.code(),
                value: &written.filename,
            })
            .write(&mut tx, actor)
            .await?;
        Ok::<_, crate::error::server::ServiceError>(evidence)
    }
    .await;
    files::commit_or_remove(tx, saved, &written.path).await
}

/// An ONT serial already on another line's ONT is a typo or a device taken from elsewhere.
async fn ensure_serial_free(
    conn: &mut PgConnection,
    order: i64,
    serial: &str,
) -> ServiceResult<()> {
    let taken = sqlx::query_scalar!(
        r#"SELECT o.code FROM cis o
           WHERE o.class = 'ont' AND upper(o.attributes ->> 'serial_number') = $1
             AND o.lifecycle <> 'retired'
             AND NOT EXISTS (SELECT 1 FROM work_orders w JOIN ci_relations f
                                 ON f.to_ci = w.ci_id AND f.from_ci = o.id AND f.kind = 'feeds'
                             WHERE w.id = $2)"#,
        serial,
        order
    )
    .fetch_optional(conn)
    .await?;
    match taken {
        Some(_) => Err(FieldErrors::single("value", Msg::ValOntSerialTaken).into()),
        None => Ok(()),
    }
}

#[derive(Serialize)]
struct PortAudit {
    odp_id: i64,
    odp_port: i32,
}

/// The ODP port an installation connects, chosen by the desk or on site (`worker_only`: by
/// the technician the order is given to). The port must be on an ODP, within its capacity,
/// not broken and not used by another line.
pub async fn set_port(
    db: &PgPool,
    actor: &Actor,
    id: i64,
    (odp, port): (i64, i32),
    worker_only: bool,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let mut tx = db.begin().await?;
    let order = lock::lock(&mut tx, id).await?;
    if worker_only {
        order.ensure_worker(actor)?;
    }
    if order.kind != WorkOrderKind::Installation {
        return Err(AppError::Conflict(Msg::ErrWoPortOnlyInstall).into());
    }
    if order.state.is_final() {
        return Err(AppError::Conflict(Msg::ErrWoFinal).into());
    }
    let grid = crate::cmdb::server::ports::grid(&mut tx, odp)
        .await?
        .filter(|g| g.takes_lines)
        .ok_or_else(|| FieldErrors::single("odp_id", Msg::CiPortsNotForLines))?;
    let free = grid.ports.iter().any(|p| p.number == port && p.is_free());
    if !free {
        return Err(FieldErrors::single("odp_port", Msg::ValWoPortTaken).into());
    }
    sqlx::query!(
        "UPDATE work_orders SET odp_id = $2, odp_port = $3 WHERE id = $1",
        id,
        odp,
        port
    )
    .execute(&mut *tx)
    .await?;
    bump(&mut tx, id, now).await?;
    AuditEvent::new("work_order.port", "work_order", id)
        .after(&PortAudit {
            odp_id: odp,
            odp_port: port,
        })
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A kind's checklist and required evidence, as admins set them.
pub async fn template(
    conn: &mut PgConnection,
    kind: WorkOrderKind,
) -> ServiceResult<(Vec<ChecklistItem>, Vec<EvidenceKind>)> {
    let row = sqlx::query!(
        "SELECT checklist, evidence FROM work_order_templates WHERE kind = $1",
        kind.code()
    )
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else {
        return Ok((Vec::new(), Vec::new()));
    };
    let checklist: Vec<ChecklistItem> = serde_json::from_value(row.checklist)
        .map_err(|e| crate::error::server::ServiceError::Internal(e.to_string()))?;
    let evidence = row
        .evidence
        .iter()
        .filter_map(|c| EvidenceKind::from_code(c))
        .collect();
    Ok((checklist, evidence))
}

/// The keys ticked on an order.
pub async fn ticked(conn: &mut PgConnection, id: i64) -> ServiceResult<Vec<String>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT key AS "key!" FROM work_orders, jsonb_each(checklist)
           WHERE id = $1 AND value = 'true'::jsonb ORDER BY key"#,
        id
    )
    .fetch_all(conn)
    .await?)
}

/// The kinds of evidence recorded on an order.
pub async fn present(conn: &mut PgConnection, id: i64) -> ServiceResult<Vec<EvidenceKind>> {
    let kinds = sqlx::query_scalar!(
        "SELECT DISTINCT kind FROM work_order_evidence WHERE work_order_id = $1",
        id
    )
    .fetch_all(conn)
    .await?;
    Ok(kinds
        .iter()
        .filter_map(|k| EvidenceKind::from_code(k))
        .collect())
}

pub async fn outstanding(
    conn: &mut PgConnection,
    id: i64,
    kind: WorkOrderKind,
) -> ServiceResult<Outstanding> {
    let (checklist, required) = template(&mut *conn, kind).await?;
    let present = present(&mut *conn, id).await?;
    let ticked = ticked(&mut *conn, id).await?;
    Ok(Outstanding::of(&required, &present, &checklist, &ticked))
}

/// A photo or signature of an order the reader may see.
pub async fn file_of(
    conn: &mut PgConnection,
    scope: super::read::OrderScope,
    (order, evidence): (i64, i64),
    data_dir: &std::path::Path,
) -> ServiceResult<crate::files::server::StoredFile> {
    let row = sqlx::query!(
        r#"SELECT e.value, e.file_path AS "file_path!", e.content_type AS "content_type!",
                  w.technician_id
           FROM work_order_evidence e JOIN work_orders w ON w.id = e.work_order_id
           WHERE e.id = $1 AND e.work_order_id = $2 AND e.file_path IS NOT NULL
             AND e.content_type IS NOT NULL"#,
        evidence,
        order
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    if let super::read::OrderScope::Technician(me) = scope {
        if row.technician_id != Some(me) {
            return Err(AppError::NotFound.into());
        }
    }
    Ok(crate::files::server::StoredFile {
        filename: row.value,
        content_type: row.content_type,
        path: crate::files::server::path_of(data_dir, &row.file_path),
    })
}
