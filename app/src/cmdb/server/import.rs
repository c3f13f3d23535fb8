//! CSV export and import of one class of CIs. An import is reviewed first: every row says
//! whether it creates, updates or leaves a CI as it is, with its errors; only a file
//! without errors is applied, all rows in one transaction.

use std::collections::{HashMap, HashSet};

use sqlx::{PgConnection, PgPool};

use crate::audit::server::AuditEvent;
use crate::cmdb::model::attributes::AttributeValue;
use crate::cmdb::model::csv::{
    self, ImportAction, ImportOutcome, ImportPreview, ImportRow, FIXED_COLUMNS, MAX_IMPORT_ROWS,
};
use crate::cmdb::model::{CiClass, CiDraft, Lifecycle};
use crate::cmdb::server::{repo, save};
use crate::error::server::ServiceResult;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Msg;
use crate::request::Actor;

async fn plain_class(conn: &mut PgConnection, code: &str) -> ServiceResult<CiClass> {
    match repo::class(conn, code).await? {
        None => Err(FieldErrors::single("class", Msg::ValCiClass).into()),
        Some(class) if class.managed => {
            Err(FieldErrors::single("class", Msg::ValCiManagedClass).into())
        }
        Some(class) => Ok(class),
    }
}

/// Every CI of `class` as CSV, by code.
pub async fn export(conn: &mut PgConnection, class_code: &str) -> ServiceResult<String> {
    let class = repo::class(&mut *conn, class_code)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = sqlx::query!(
        r#"SELECT c.code, c.name, c.lifecycle, c.latitude, c.longitude, c.address,
                  g.name AS "owner_group?", c.notes, c.attributes
           FROM cis c LEFT JOIN support_groups g ON g.id = c.owner_group_id
           WHERE c.class = $1 ORDER BY lower(c.code), c.id"#,
        class.code
    )
    .fetch_all(conn)
    .await?;
    let mut header: Vec<String> = FIXED_COLUMNS.iter().map(|c| c.to_string()).collect();
    header.extend(class.attributes.iter().map(|a| a.key.clone()));
    let mut out = csv::write_record(&header);
    for r in rows {
        let values = repo::stored_attributes(&r.attributes);
        let mut fields = vec![
            r.code,
            r.name,
            r.lifecycle,
            r.latitude.map(|v| v.to_string()).unwrap_or_default(),
            r.longitude.map(|v| v.to_string()).unwrap_or_default(),
            r.address,
            r.owner_group.unwrap_or_default(),
            r.notes,
        ];
        fields.extend(class.attributes.iter().map(|def| {
            values
                .iter()
                .find(|v| v.key == def.key)
                .map(|v| v.value.clone())
                .unwrap_or_default()
        }));
        out.push_str(&csv::write_record(&fields));
    }
    Ok(out)
}

/// The review of `text` as CIs of `class_code`, and the drafts its rows become.
pub async fn preview(
    conn: &mut PgConnection,
    class_code: &str,
    text: &str,
) -> ServiceResult<(ImportPreview, Vec<CiDraft>)> {
    let class = plain_class(&mut *conn, class_code).await?;
    let mut review = ImportPreview::default();
    let records = match csv::parse(text) {
        Ok(records) => records,
        Err(msg) => {
            review.file_errors.push(msg);
            return Ok((review, Vec::new()));
        }
    };
    let Some((header, rows)) = records.split_first() else {
        review.file_errors.push(Msg::ValCsvEmpty);
        return Ok((review, Vec::new()));
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let known = |column: &str| {
        FIXED_COLUMNS.contains(&column) || class.attributes.iter().any(|a| a.key == column)
    };
    review.ignored_columns = header.iter().filter(|h| !known(h)).cloned().collect();
    if !header.iter().any(|h| h == "code") {
        review.file_errors.push(Msg::ValCsvNoCode);
    }
    if rows.len() > MAX_IMPORT_ROWS {
        review.file_errors.push(Msg::ValCsvTooManyRows);
    }
    if !review.file_errors.is_empty() {
        return Ok((review, Vec::new()));
    }
    let column = |record: &[String], name: &str| -> Option<String> {
        let at = header.iter().position(|h| h == name)?;
        Some(
            record
                .get(at)
                .map(|v| v.trim().to_owned())
                .unwrap_or_default(),
        )
    };

    let groups: HashMap<String, i64> = sqlx::query!("SELECT id, name FROM support_groups")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|g| (g.name.to_lowercase(), g.id))
        .collect();
    let codes: Vec<String> = rows
        .iter()
        .filter_map(|r| column(r.as_slice(), "code"))
        .map(|c| c.to_lowercase())
        .collect();
    let existing: HashMap<String, (i64, String)> = sqlx::query!(
        "SELECT id, lower(code) AS \"code!\", class FROM cis WHERE lower(code) = ANY($1)",
        &codes
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|r| (r.code, (r.id, r.class)))
    .collect();

    let mut seen = HashSet::new();
    let mut drafts = Vec::new();
    for (index, record) in rows.iter().enumerate() {
        let record = record.as_slice();
        let code = column(record, "code").unwrap_or_default();
        let mut errors: Vec<(String, Msg)> = Vec::new();
        let found = existing.get(&code.to_lowercase());
        let before = match found {
            Some((id, other_class)) if *other_class == class.code => {
                Some(repo::get(&mut *conn, *id).await?)
            }
            Some(_) => {
                errors.push(("code".into(), Msg::ValCiCodeTaken));
                None
            }
            None => None,
        };
        if !code.is_empty() && !seen.insert(code.to_lowercase()) {
            errors.push(("code".into(), Msg::ValCsvDuplicateCode));
        }
        let mut draft = before.as_ref().map(|ci| ci.draft()).unwrap_or(CiDraft {
            class: class.code.clone(),
            ..CiDraft::default()
        });
        draft.code = code.clone();
        if let Some(name) = column(record, "name") {
            draft.name = name;
        }
        if let Some(lifecycle) = column(record, "lifecycle") {
            match Lifecycle::parse(&lifecycle.to_lowercase()) {
                Some(l) => draft.lifecycle = l,
                None if lifecycle.is_empty() => {}
                None => errors.push(("lifecycle".into(), Msg::ValCsvLifecycle)),
            }
        }
        for (field, target) in [
            ("latitude", &mut draft.latitude),
            ("longitude", &mut draft.longitude),
            ("address", &mut draft.address),
            ("notes", &mut draft.notes),
        ] {
            if let Some(value) = column(record, field) {
                *target = value;
            }
        }
        if let Some(group) = column(record, "owner_group") {
            draft.owner_group_id = if group.is_empty() {
                None
            } else {
                match groups.get(&group.to_lowercase()) {
                    Some(id) => Some(*id),
                    None => {
                        errors.push(("owner_group".into(), Msg::ValCiOwnerGroup));
                        None
                    }
                }
            };
        }
        for def in &class.attributes {
            if let Some(value) = column(record, &def.key) {
                draft.attributes.retain(|v| v.key != def.key);
                draft.attributes.push(AttributeValue {
                    key: def.key.clone(),
                    value,
                });
            }
        }
        let checked = draft.check(&class);
        if let Err(fields) = &checked {
            errors.extend(fields.0.iter().map(|e| (e.field.clone(), e.msg)));
        }
        let action = match (&before, &checked) {
            (None, _) => ImportAction::Create,
            (Some(ci), Ok(new)) => {
                let old = ci.draft().check(&class).ok();
                if old.as_ref() == Some(new) {
                    ImportAction::Unchanged
                } else {
                    ImportAction::Update
                }
            }
            (Some(_), Err(_)) => ImportAction::Update,
        };
        review.rows.push(ImportRow {
            line: index + 2,
            code,
            name: draft.name.clone(),
            action,
            errors,
        });
        drafts.push(draft);
    }
    Ok((review, drafts))
}

/// Applies a file whose review is clean, all rows in one transaction; a file with any
/// error writes nothing.
pub async fn apply(
    db: &PgPool,
    actor: &Actor,
    class_code: &str,
    text: &str,
) -> ServiceResult<ImportOutcome> {
    let mut tx = db.begin().await?;
    let (review, drafts) = preview(&mut tx, class_code, text).await?;
    if !review.is_clean() {
        return Err(AppError::Conflict(Msg::ValCsvFixErrors).into());
    }
    let mut outcome = ImportOutcome::default();
    for (row, draft) in review.rows.iter().zip(drafts) {
        match row.action {
            ImportAction::Unchanged => continue,
            ImportAction::Create => outcome.created += 1,
            ImportAction::Update => outcome.updated += 1,
        }
        save::save_in(&mut tx, actor, draft).await?;
    }
    AuditEvent::new("ci.import", "ci_class", class_code)
        .after(&serde_json::json!({
            "created": outcome.created,
            "updated": outcome.updated,
            "rows": review.rows.len(),
        }))
        .write(&mut tx, actor)
        .await?;
    tx.commit().await?;
    Ok(outcome)
}
