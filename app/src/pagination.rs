//! Keyset pagination shared by every list: a page of items and an opaque cursor that names
//! the last row shown, so the next page starts strictly after it (no OFFSET scans, no
//! duplicates or gaps when rows are inserted meanwhile).

use serde::{Deserialize, Serialize};

/// Largest page a client may ask for.
pub const MAX_PAGE_SIZE: i64 = 200;
pub const DEFAULT_PAGE_SIZE: i64 = 50;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass back to get the following page; `None` on the last page.
    pub next_cursor: Option<String>,
}

pub fn clamp_page_size(requested: Option<i64>) -> i64 {
    requested
        .unwrap_or(DEFAULT_PAGE_SIZE)
        .clamp(1, MAX_PAGE_SIZE)
}

/// Builds a page from `limit + 1` fetched rows: the extra row only proves there is more.
pub fn page_from<T>(mut rows: Vec<T>, limit: i64, cursor_of: impl Fn(&T) -> String) -> Page<T> {
    let has_more = rows.len() as i64 > limit;
    rows.truncate(limit.max(0) as usize);
    let next_cursor = if has_more {
        rows.last().map(cursor_of)
    } else {
        None
    };
    Page {
        items: rows,
        next_cursor,
    }
}

/// A cursor made of a text key and a row id: `"<id>:<key>"`.
pub fn text_cursor(key: &str, id: i64) -> String {
    format!("{id}:{key}")
}

pub fn parse_text_cursor(cursor: &str) -> Option<(String, i64)> {
    let (id, key) = cursor.split_once(':')?;
    Some((key.to_owned(), id.parse().ok()?))
}

/// A cursor made of a timestamp (microseconds since the epoch) and a row id.
pub fn time_cursor(at: chrono::DateTime<chrono::Utc>, id: i64) -> String {
    format!("{}:{id}", at.timestamp_micros())
}

pub fn parse_time_cursor(cursor: &str) -> Option<(chrono::DateTime<chrono::Utc>, i64)> {
    let (micros, id) = cursor.split_once(':')?;
    let at = chrono::DateTime::from_timestamp_micros(micros.parse().ok()?)?;
    Some((at, id.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_row_means_more() {
        let page = page_from(vec![1, 2, 3], 2, |n| n.to_string());
        assert_eq!(page.items, vec![1, 2]);
        assert_eq!(page.next_cursor.as_deref(), Some("2"));
        let last = page_from(vec![1, 2], 2, |n| n.to_string());
        assert_eq!(last.next_cursor, None);
    }

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let at = chrono::DateTime::from_timestamp_micros(1_763_000_000_123_456).unwrap();
        assert_eq!(parse_time_cursor(&time_cursor(at, 42)), Some((at, 42)));
        assert_eq!(
            parse_text_cursor(&text_cursor("siti: a", 7)),
            Some(("siti: a".into(), 7))
        );
        assert_eq!(parse_time_cursor("abc"), None);
        assert_eq!(parse_text_cursor("x:y"), None);
    }

    #[test]
    fn page_size_is_bounded() {
        assert_eq!(clamp_page_size(None), DEFAULT_PAGE_SIZE);
        assert_eq!(clamp_page_size(Some(0)), 1);
        assert_eq!(clamp_page_size(Some(10_000)), MAX_PAGE_SIZE);
    }
}
