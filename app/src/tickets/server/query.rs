//! The ticket list (filters, sorts, keyset pages, ranked full-text search) and the board.

use super::rows::{SummaryRow, SUMMARY_COLUMNS, SUMMARY_FROM, SUMMARY_JOINS};
use super::TicketScope;
use crate::error::server::ServiceResult;
use crate::format::TimeZone;
use crate::pagination::Page;
use crate::tickets::model::{
    AssigneeFilter, Board, BoardLane, Status, TicketFilter, TicketSort, TicketSummary, BOARD_LANES,
    LANE_LIMIT,
};
use chrono::{DateTime, Duration, Utc};
use sqlx::{PgPool, Postgres, QueryBuilder};

/// How many of the most recently changed matches a ranked search scores.
pub const RANKED_CANDIDATES: i64 = 2000;

/// Who is looking and when: "me", "my groups" and "today" depend on it.
#[derive(Clone, Copy, Debug)]
pub struct Viewer {
    pub user_id: i64,
    pub time_zone: TimeZone,
    pub now: DateTime<Utc>,
}

/// The prefix-matching tsquery for the words of `text` (`'fiber':* & 'putus':*`), or `None`
/// when it has no words. Only letters and digits get through, so the syntax is always valid.
pub fn prefix_tsquery(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| format!("'{}':*", w.to_lowercase()))
        .collect();
    (!words.is_empty()).then(|| words.join(" & "))
}

/// A `%…%` pattern for matching part of a ticket number ("000123", "inc-0001"), when the
/// text looks like one: at least three characters of letters, digits and dashes, with a digit.
pub fn number_pattern(text: &str) -> Option<String> {
    let t = text.trim().to_uppercase();
    let looks_like_number = t.len() >= 3
        && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && t.chars().any(|c| c.is_ascii_digit());
    looks_like_number.then(|| format!("%{t}%"))
}

fn push_filter(qb: &mut QueryBuilder<Postgres>, filter: &TicketFilter, viewer: Viewer) {
    if let Some(kind) = filter.kind {
        qb.push(" AND t.kind = ").push_bind(kind.code());
    }
    if !filter.statuses.is_empty() {
        let codes: Vec<String> = filter
            .statuses
            .iter()
            .map(|s| s.code().to_owned())
            .collect();
        qb.push(" AND t.status = ANY(").push_bind(codes).push(")");
    }
    if filter.open_only {
        qb.push(" AND t.status NOT IN ('resolved', 'closed', 'cancelled')");
    }
    if let Some(group) = filter.group_id {
        qb.push(" AND t.group_id = ").push_bind(group);
    }
    if filter.my_groups {
        qb.push(" AND t.group_id IN (SELECT group_id FROM support_group_members WHERE user_id = ")
            .push_bind(viewer.user_id)
            .push(")");
    }
    match filter.assignee {
        AssigneeFilter::Anyone => {}
        AssigneeFilter::Me => {
            qb.push(" AND t.assignee_id = ").push_bind(viewer.user_id);
        }
        AssigneeFilter::Unassigned => {
            qb.push(" AND t.assignee_id IS NULL");
        }
        AssigneeFilter::User(user) => {
            qb.push(" AND t.assignee_id = ").push_bind(user.0);
        }
    }
    if let Some(priority) = filter.priority {
        qb.push(" AND t.priority = ")
            .push_bind(i16::from(priority.get()));
    }
    if let Some(category) = filter.category_id {
        qb.push(
            " AND t.category_id IN (WITH RECURSIVE down(id, depth) AS (\
               SELECT id, 0 FROM ticket_categories WHERE id = ",
        )
        .push_bind(category)
        .push(
            " UNION ALL SELECT c.id, down.depth + 1 FROM ticket_categories c \
               JOIN down ON c.parent_id = down.id WHERE down.depth < 20) SELECT id FROM down)",
        );
    }
    if let Some(state) = filter.sla_state {
        qb.push(" AND t.sla_state = ").push_bind(state.code());
    }
    if filter.due_today {
        let local_today = viewer
            .now
            .with_timezone(&viewer.time_zone.offset())
            .date_naive();
        let end_of_today = viewer.time_zone.start_of_day_utc(local_today) + Duration::days(1);
        qb.push(" AND t.sla_due_at < ").push_bind(end_of_today);
    }
    if let Some(text) = filter.search_text() {
        push_text_match(qb, text);
    }
}

fn push_text_match(qb: &mut QueryBuilder<Postgres>, text: &str) {
    let query = prefix_tsquery(text);
    let number = number_pattern(text);
    qb.push(" AND (false");
    if let Some(q) = &query {
        qb.push(" OR t.search_vector @@ to_tsquery('simple', ")
            .push_bind(q.clone())
            .push(")");
    }
    if let Some(n) = &number {
        qb.push(" OR t.number_text ILIKE ").push_bind(n.clone());
    }
    qb.push(")");
}

fn push_rank(qb: &mut QueryBuilder<Postgres>, text: &str) {
    qb.push("(0");
    if let Some(q) = prefix_tsquery(text) {
        qb.push(" + ts_rank(t.search_vector, to_tsquery('simple', ")
            .push_bind(q)
            .push("))");
    }
    if let Some(n) = number_pattern(text) {
        qb.push(" + CASE WHEN t.number_text ILIKE ")
            .push_bind(n)
            .push(" THEN 1 ELSE 0 END");
    }
    qb.push(")::real");
}

#[derive(sqlx::FromRow)]
struct ListRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    rank: f32,
}

/// Where the previous page ended, per sort.
#[derive(Clone, Debug, PartialEq)]
enum Cursor {
    Time(DateTime<Utc>, i64),
    Priority(i16, DateTime<Utc>, i64),
    Due(Option<DateTime<Utc>>, i64),
    Rank(f32, i64),
}

fn micros(at: DateTime<Utc>) -> String {
    at.timestamp_micros().to_string()
}

fn parse_micros(s: &str) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_micros(s.parse().ok()?)
}

impl Cursor {
    fn encode(&self) -> String {
        match self {
            Cursor::Time(at, id) => format!("t|{}|{id}", micros(*at)),
            Cursor::Priority(p, at, id) => format!("p|{p}|{}|{id}", micros(*at)),
            Cursor::Due(due, id) => format!("d|{}|{id}", due.map(micros).unwrap_or_default()),
            Cursor::Rank(rank, id) => format!("r|{rank}|{id}"),
        }
    }

    fn decode(s: &str) -> Option<Cursor> {
        let parts: Vec<&str> = s.split('|').collect();
        match parts.as_slice() {
            ["t", at, id] => Some(Cursor::Time(parse_micros(at)?, id.parse().ok()?)),
            ["p", p, at, id] => Some(Cursor::Priority(
                p.parse().ok()?,
                parse_micros(at)?,
                id.parse().ok()?,
            )),
            ["d", "", id] => Some(Cursor::Due(None, id.parse().ok()?)),
            ["d", due, id] => Some(Cursor::Due(Some(parse_micros(due)?), id.parse().ok()?)),
            ["r", rank, id] => Some(Cursor::Rank(rank.parse().ok()?, id.parse().ok()?)),
            _ => None,
        }
    }
}

/// The sort actually used: relevance needs search text.
fn effective_sort(sort: TicketSort, filter: &TicketFilter) -> TicketSort {
    match (sort, filter.search_text()) {
        (TicketSort::Relevance, None) => TicketSort::Updated,
        (sort, _) => sort,
    }
}

fn push_keyset(qb: &mut QueryBuilder<Postgres>, sort: TicketSort, cursor: &Cursor, text: &str) {
    match (sort, cursor) {
        (TicketSort::Updated, Cursor::Time(at, id)) => {
            qb.push(" AND (t.updated_at, t.id) < (")
                .push_bind(*at)
                .push(", ")
                .push_bind(*id)
                .push(")");
        }
        (TicketSort::Created, Cursor::Time(at, id)) => {
            qb.push(" AND (t.created_at, t.id) < (")
                .push_bind(*at)
                .push(", ")
                .push_bind(*id)
                .push(")");
        }
        (TicketSort::Priority, Cursor::Priority(p, at, id)) => {
            qb.push(" AND (t.priority > ")
                .push_bind(*p)
                .push(" OR (t.priority = ")
                .push_bind(*p)
                .push(" AND (t.updated_at, t.id) < (")
                .push_bind(*at)
                .push(", ")
                .push_bind(*id)
                .push(")))");
        }
        (TicketSort::SlaDue, Cursor::Due(Some(due), id)) => {
            qb.push(" AND (t.sla_due_at IS NULL OR (t.sla_due_at, t.id) > (")
                .push_bind(*due)
                .push(", ")
                .push_bind(*id)
                .push("))");
        }
        (TicketSort::SlaDue, Cursor::Due(None, id)) => {
            qb.push(" AND t.sla_due_at IS NULL AND t.id > ")
                .push_bind(*id);
        }
        (TicketSort::Relevance, Cursor::Rank(rank, id)) => {
            qb.push(" AND (");
            push_rank(qb, text);
            qb.push(", t.id) < (")
                .push_bind(*rank)
                .push("::real, ")
                .push_bind(*id)
                .push(")");
        }
        // A cursor from another sort: start from the top rather than guess.
        _ => {}
    }
}

fn order_by(sort: TicketSort) -> &'static str {
    match sort {
        TicketSort::Updated => " ORDER BY t.updated_at DESC, t.id DESC",
        TicketSort::Created => " ORDER BY t.created_at DESC, t.id DESC",
        TicketSort::Priority => " ORDER BY t.priority, t.updated_at DESC, t.id DESC",
        TicketSort::SlaDue => " ORDER BY t.sla_due_at NULLS LAST, t.id",
        TicketSort::Relevance => " ORDER BY rank DESC, t.id DESC",
    }
}

fn cursor_of(sort: TicketSort, row: &ListRow) -> Cursor {
    let s = &row.summary;
    match sort {
        TicketSort::Updated => Cursor::Time(s.updated_at, s.id),
        TicketSort::Created => Cursor::Time(s.created_at, s.id),
        TicketSort::Priority => Cursor::Priority(s.priority, s.updated_at, s.id),
        TicketSort::SlaDue => Cursor::Due(s.sla_due_at, s.id),
        TicketSort::Relevance => Cursor::Rank(row.rank, s.id),
    }
}

/// The list query, after `prefix` (empty, or `EXPLAIN …` for the benchmark).
pub fn list_query(
    prefix: &str,
    scope: TicketScope,
    viewer: Viewer,
    filter: &TicketFilter,
    sort: TicketSort,
    cursor: Option<&str>,
    limit: i64,
) -> QueryBuilder<Postgres> {
    let sort = effective_sort(sort, filter);
    let text = filter.search_text().unwrap_or_default().to_owned();
    let mut qb: QueryBuilder<Postgres> =
        QueryBuilder::new(format!("{prefix}SELECT {SUMMARY_COLUMNS}, "));
    if sort == TicketSort::Relevance {
        // Ranking means scoring every match; for a word in tens of thousands of tickets
        // that alone costs hundreds of milliseconds. Rank only the most recently changed
        // matches instead: the cap is far beyond what anyone pages through.
        push_rank(&mut qb, &text);
        qb.push(" AS rank FROM (SELECT t.* FROM tickets t WHERE true");
        scope.push_condition(&mut qb);
        push_filter(&mut qb, filter, viewer);
        qb.push(" ORDER BY t.updated_at DESC, t.id DESC LIMIT ")
            .push_bind(RANKED_CANDIDATES)
            .push(") t")
            .push(SUMMARY_JOINS)
            .push(" WHERE true");
    } else {
        qb.push("0::real AS rank")
            .push(SUMMARY_FROM)
            .push(" WHERE true");
        scope.push_condition(&mut qb);
        push_filter(&mut qb, filter, viewer);
    }
    if let Some(c) = cursor.and_then(Cursor::decode) {
        push_keyset(&mut qb, sort, &c, &text);
    }
    qb.push(order_by(sort)).push(" LIMIT ").push_bind(limit + 1);
    qb
}

/// One page of tickets visible to `scope` that match `filter`, in `sort` order.
pub async fn list(
    db: &PgPool,
    scope: TicketScope,
    viewer: Viewer,
    filter: &TicketFilter,
    sort: TicketSort,
    cursor: Option<&str>,
    limit: i64,
) -> ServiceResult<Page<TicketSummary>> {
    let mut qb = list_query("", scope, viewer, filter, sort, cursor, limit);
    let rows: Vec<ListRow> = qb.build_query_as().fetch_all(db).await?;
    let sort = effective_sort(sort, filter);
    let has_more = rows.len() as i64 > limit;
    let rows: Vec<ListRow> = rows.into_iter().take(limit.max(0) as usize).collect();
    let next_cursor = if has_more {
        rows.last().map(|r| cursor_of(sort, r).encode())
    } else {
        None
    };
    Ok(Page {
        items: rows.into_iter().map(|r| r.summary.into_summary()).collect(),
        next_cursor,
    })
}

/// One ticket's summary if `scope` may see it and it matches `filter` (for live updates).
pub async fn card(
    db: &PgPool,
    scope: TicketScope,
    viewer: Viewer,
    filter: &TicketFilter,
    ticket_id: i64,
) -> ServiceResult<Option<TicketSummary>> {
    let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(format!(
        "SELECT {SUMMARY_COLUMNS}{SUMMARY_FROM} WHERE t.id = "
    ));
    qb.push_bind(ticket_id);
    scope.push_condition(&mut qb);
    push_filter(&mut qb, filter, viewer);
    let row: Option<SummaryRow> = qb.build_query_as().fetch_optional(db).await?;
    Ok(row.map(SummaryRow::into_summary))
}

#[derive(sqlx::FromRow)]
struct LaneRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    lane_total: i64,
}

/// The board query, after `prefix` (empty, or `EXPLAIN …` for the benchmark).
pub fn board_query(
    prefix: &str,
    scope: TicketScope,
    viewer: Viewer,
    filter: &TicketFilter,
) -> QueryBuilder<Postgres> {
    let filter = TicketFilter {
        statuses: Vec::new(),
        open_only: false,
        ..filter.clone()
    };
    let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(format!("{prefix}SELECT * FROM ("));
    qb.push(format!(
        "SELECT {SUMMARY_COLUMNS}, count(*) OVER (PARTITION BY t.status) AS lane_total, \
           row_number() OVER (PARTITION BY t.status \
                              ORDER BY t.priority, t.sla_due_at NULLS LAST, t.id) AS lane_rank"
    ))
    .push(SUMMARY_FROM);
    qb.push(" WHERE (t.status NOT IN ('resolved', 'closed', 'cancelled') OR (t.status = 'resolved' AND t.resolved_at > ")
        .push_bind(viewer.now - Duration::days(7))
        .push(") OR (t.status = 'closed' AND t.closed_at > ")
        .push_bind(viewer.now - Duration::days(1))
        .push("))");
    scope.push_condition(&mut qb);
    push_filter(&mut qb, &filter, viewer);
    qb.push(") lanes WHERE lane_rank <= ")
        .push_bind(LANE_LIMIT)
        .push(" ORDER BY lane_rank");
    qb
}

/// The board: for each lane, the most urgent cards (up to [`LANE_LIMIT`]) and the count.
pub async fn board(
    db: &PgPool,
    scope: TicketScope,
    viewer: Viewer,
    filter: &TicketFilter,
) -> ServiceResult<Board> {
    let rows: Vec<LaneRow> = board_query("", scope, viewer, filter)
        .build_query_as()
        .fetch_all(db)
        .await?;
    let mut lanes: Vec<BoardLane> = BOARD_LANES
        .iter()
        .map(|status| BoardLane {
            status: *status,
            tickets: Vec::new(),
            total: 0,
        })
        .collect();
    for row in rows {
        let status = Status::from_code(&row.summary.status);
        if let Some(lane) = lanes.iter_mut().find(|l| Some(l.status) == status) {
            lane.total = row.lane_total;
            lane.tickets.push(row.summary.into_summary());
        }
    }
    Ok(Board { lanes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_becomes_a_safe_prefix_query() {
        assert_eq!(
            prefix_tsquery("Fiber putus!").as_deref(),
            Some("'fiber':* & 'putus':*")
        );
        assert_eq!(prefix_tsquery("' | & !:*"), None);
        assert_eq!(prefix_tsquery("kabel's"), Some("'kabel':* & 's':*".into()));
    }

    #[test]
    fn only_number_like_text_matches_numbers() {
        assert_eq!(number_pattern("inc-0001").as_deref(), Some("%INC-0001%"));
        assert_eq!(number_pattern("123").as_deref(), Some("%123%"));
        assert_eq!(number_pattern("12"), None);
        assert_eq!(number_pattern("fiber"), None);
        assert_eq!(number_pattern("50%"), None);
    }

    #[test]
    fn cursors_round_trip() {
        let at = DateTime::from_timestamp_micros(1_790_000_000_123_456).unwrap();
        for c in [
            Cursor::Time(at, 7),
            Cursor::Priority(2, at, 9),
            Cursor::Due(Some(at), 3),
            Cursor::Due(None, 4),
            Cursor::Rank(0.123_456_7, 5),
        ] {
            assert_eq!(Cursor::decode(&c.encode()), Some(c.clone()));
        }
        assert_eq!(Cursor::decode("garbage"), None);
        assert_eq!(Cursor::decode("t|x|1"), None);
    }
}
