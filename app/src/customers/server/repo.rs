//! Reading customers: one record, and the searchable list.

use sqlx::PgConnection;

use crate::customers::model::{
    Customer, CustomerCategory, CustomerFilter, CustomerRow, CustomerStatus,
};
use crate::error::server::ServiceResult;
use crate::error::AppError;
use crate::pagination::{page_from, parse_time_cursor, time_cursor, Page};

pub async fn get(conn: &mut PgConnection, id: i64) -> ServiceResult<Customer> {
    let r = sqlx::query!(
        r#"SELECT c.id, c.code, c.full_name, c.phone, c.email, c.address, c.latitude,
                  c.longitude, c.nik, c.category, c.status, c.status_reason, c.status_changed_at,
                  c.notes, u.username AS "portal_username?",
                  EXISTS (SELECT 1 FROM customer_documents d
                          WHERE d.customer_id = c.id AND d.kind = 'id_photo') AS "has_id_photo!",
                  c.created_at, c.updated_at
           FROM customers c LEFT JOIN users u ON u.id = c.user_id
           WHERE c.id = $1"#,
        id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Customer {
        id: r.id,
        code: r.code,
        full_name: r.full_name,
        phone: r.phone,
        email: r.email,
        address: r.address,
        latitude: r.latitude,
        longitude: r.longitude,
        nik: r.nik,
        category: CustomerCategory::parse(&r.category).unwrap_or_default(),
        status: CustomerStatus::parse(&r.status).unwrap_or_default(),
        status_reason: r.status_reason,
        status_changed_at: r.status_changed_at,
        notes: r.notes,
        portal_username: r.portal_username,
        has_id_photo: r.has_id_photo,
        created_at: r.created_at,
        updated_at: r.updated_at,
    })
}

/// The customer behind a portal account.
pub async fn id_for_user(conn: &mut PgConnection, user_id: i64) -> ServiceResult<Option<i64>> {
    Ok(
        sqlx::query_scalar!("SELECT id FROM customers WHERE user_id = $1", user_id)
            .fetch_optional(conn)
            .await?,
    )
}

/// One row of the customer list as the queries return it.
struct ListRow {
    id: i64,
    code: String,
    full_name: String,
    phone: String,
    category: String,
    status: String,
    created_at: chrono::DateTime<chrono::Utc>,
    subscriptions: i64,
}

/// Newest first, keyset on (created_at, id) (customers_created_idx). A search matches part
/// of the code, name or phone (customers_search_idx) or of a PPPoE user name
/// (subscriptions_username_search_idx): the matching ids are collected from both trigram
/// indexes first and only those rows are sorted, so a rare match does not walk the whole
/// list (measured in docs/PERFORMANCE.md).
pub async fn list(
    conn: &mut PgConnection,
    filter: &CustomerFilter,
    cursor: Option<&str>,
    limit: i64,
) -> ServiceResult<Page<CustomerRow>> {
    let after = cursor.and_then(parse_time_cursor);
    let search = filter.search.trim().to_lowercase();
    // Phones are stored as +62…: "0812" should find them too.
    let phone_search = search
        .strip_prefix('0')
        .map(|rest| format!("+62{rest}"))
        .unwrap_or_else(|| search.clone());
    let status = filter.status.map(CustomerStatus::as_str);
    let category = filter.category.map(CustomerCategory::as_str);
    let (after_at, after_id) = (
        after.map(|(at, _)| at),
        after.map(|(_, id)| id).unwrap_or(0),
    );
    let rows = if search.is_empty() {
        sqlx::query_as!(
            ListRow,
            r#"SELECT c.id, c.code, c.full_name, c.phone, c.category, c.status, c.created_at,
                      (SELECT count(*) FROM subscriptions s
                       WHERE s.customer_id = c.id AND s.status <> 'terminated') AS "subscriptions!"
               FROM customers c
               WHERE ($1::text IS NULL OR c.status = $1)
                 AND ($2::text IS NULL OR c.category = $2)
                 AND ($3::timestamptz IS NULL OR (c.created_at, c.id) < ($3, $4))
               ORDER BY c.created_at DESC, c.id DESC
               LIMIT $5"#,
            status,
            category,
            after_at,
            after_id,
            limit + 1,
        )
        .fetch_all(conn)
        .await?
    } else {
        sqlx::query_as!(
            ListRow,
            r#"WITH hits AS (
                   SELECT c.id FROM customers c
                   WHERE lower(c.code || ' ' || c.full_name || ' ' || c.phone) LIKE '%' || $1 || '%'
                      OR lower(c.code || ' ' || c.full_name || ' ' || c.phone) LIKE '%' || $2 || '%'
                   UNION
                   SELECT s.customer_id FROM subscriptions s
                   WHERE lower(s.username) LIKE '%' || $1 || '%')
               SELECT c.id, c.code, c.full_name, c.phone, c.category, c.status, c.created_at,
                      (SELECT count(*) FROM subscriptions s
                       WHERE s.customer_id = c.id AND s.status <> 'terminated') AS "subscriptions!"
               FROM hits JOIN customers c ON c.id = hits.id
               WHERE ($3::text IS NULL OR c.status = $3)
                 AND ($4::text IS NULL OR c.category = $4)
                 AND ($5::timestamptz IS NULL OR (c.created_at, c.id) < ($5, $6))
               ORDER BY c.created_at DESC, c.id DESC
               LIMIT $7"#,
            search,
            phone_search,
            status,
            category,
            after_at,
            after_id,
            limit + 1,
        )
        .fetch_all(conn)
        .await?
    };
    let rows: Vec<CustomerRow> = rows
        .into_iter()
        .map(|r| CustomerRow {
            id: r.id,
            code: r.code,
            full_name: r.full_name,
            phone: r.phone,
            category: CustomerCategory::parse(&r.category).unwrap_or_default(),
            status: CustomerStatus::parse(&r.status).unwrap_or_default(),
            subscriptions: r.subscriptions,
            created_at: r.created_at,
        })
        .collect();
    Ok(page_from(rows, limit, |r: &CustomerRow| {
        time_cursor(r.created_at, r.id)
    }))
}
