//! The finance dashboard's figures, each one aggregate query over an index: open invoices by
//! due date (`invoices_open_idx`), invoices by issue date (`invoices_list_idx`), payments by
//! date received (`payments_list_idx`).

use crate::billing::model::overview::{
    last_twelve_months, AgingBand, AgingBucket, ChannelTotal, FinanceOverview, MonthFigures,
};
use crate::billing::model::PaymentMethod;
use crate::error::server::ServiceResult;
use chrono::{Months, NaiveDate};
use sqlx::PgConnection;
use std::collections::HashMap;

/// The dashboard on `today`, with payments by channel for `channel_month` (its first day).
pub async fn load(
    conn: &mut PgConnection,
    today: NaiveDate,
    channel_month: NaiveDate,
) -> ServiceResult<FinanceOverview> {
    Ok(FinanceOverview {
        today,
        aging: aging(conn, today).await?,
        months: months(conn, today).await?,
        channel_month,
        channels: channels(conn, channel_month).await?,
    })
}

async fn aging(conn: &mut PgConnection, today: NaiveDate) -> ServiceResult<Vec<AgingBucket>> {
    let rows = sqlx::query!(
        r#"SELECT due_date, count(*) AS "invoices!", sum(amount_due)::bigint AS "amount!"
           FROM invoices WHERE status IN ('issued', 'partially_paid')
           GROUP BY due_date"#
    )
    .fetch_all(conn)
    .await?;
    let mut buckets: Vec<AgingBucket> = AgingBand::ALL
        .into_iter()
        .map(|band| AgingBucket {
            band,
            invoices: 0,
            amount: 0,
        })
        .collect();
    for r in rows {
        let band = AgingBand::of(r.due_date, today);
        if let Some(bucket) = buckets.iter_mut().find(|b| b.band == band) {
            bucket.invoices += r.invoices;
            bucket.amount += r.amount;
        }
    }
    Ok(buckets)
}

async fn months(conn: &mut PgConnection, today: NaiveDate) -> ServiceResult<Vec<MonthFigures>> {
    let months = last_twelve_months(today);
    let (Some(first), Some(last)) = (months.first().copied(), months.last().copied()) else {
        return Ok(Vec::new());
    };
    let end = last + Months::new(1);
    let invoiced = sqlx::query!(
        r#"SELECT date_trunc('month', issue_date)::date AS "month!",
                  sum(total)::bigint AS "invoiced!",
                  COALESCE(sum(total) FILTER (WHERE status <> 'cancelled'), 0)::bigint
                      AS "standing!",
                  COALESCE(sum(total - amount_due) FILTER (WHERE status <> 'cancelled'), 0)::bigint
                      AS "standing_paid!"
           FROM invoices
           WHERE issue_date >= $1 AND issue_date < $2 AND status <> 'draft'
           GROUP BY 1"#,
        first,
        end
    )
    .fetch_all(&mut *conn)
    .await?;
    // Money moved in each month: credit notes and refunds by their Jakarta day, payments
    // by the day received (reversed ones were never money).
    let moved = sqlx::query!(
        r#"SELECT kind AS "kind!", month AS "month!", sum(amount)::bigint AS "amount!" FROM (
               SELECT 'credited' AS kind,
                      date_trunc('month', (created_at AT TIME ZONE 'Asia/Jakarta'))::date AS month,
                      amount
               FROM credit_notes
               WHERE created_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Jakarta')
                 AND created_at < ($2::date::timestamp AT TIME ZONE 'Asia/Jakarta')
               UNION ALL
               SELECT 'refunded',
                      date_trunc('month', (created_at AT TIME ZONE 'Asia/Jakarta'))::date, amount
               FROM payment_refunds
               WHERE created_at >= ($1::date::timestamp AT TIME ZONE 'Asia/Jakarta')
                 AND created_at < ($2::date::timestamp AT TIME ZONE 'Asia/Jakarta')
               UNION ALL
               SELECT 'collected', date_trunc('month', received_on)::date, amount
               FROM payments
               WHERE received_on >= $1 AND received_on < $2 AND status <> 'reversed') m
           GROUP BY 1, 2"#,
        first,
        end
    )
    .fetch_all(&mut *conn)
    .await?;
    let by_kind = |kind: &str| -> HashMap<NaiveDate, i64> {
        moved
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| (r.month, r.amount))
            .collect()
    };
    let (credited, collected, refunded) = (
        by_kind("credited"),
        by_kind("collected"),
        by_kind("refunded"),
    );
    let amount = |map: &HashMap<NaiveDate, i64>, month| map.get(&month).copied().unwrap_or(0);
    Ok(months
        .into_iter()
        .map(|month| {
            let issued = invoiced.iter().find(|r| r.month == month);
            MonthFigures {
                month,
                invoiced: issued.map_or(0, |r| r.invoiced),
                credited: amount(&credited, month),
                collected: amount(&collected, month) - amount(&refunded, month),
                standing: issued.map_or(0, |r| r.standing),
                standing_paid: issued.map_or(0, |r| r.standing_paid),
            }
        })
        .collect())
}

async fn channels(conn: &mut PgConnection, month: NaiveDate) -> ServiceResult<Vec<ChannelTotal>> {
    let rows = sqlx::query!(
        r#"SELECT p.method, COALESCE(NULLIF(a.channel_name, ''), a.channel, '') AS "channel!",
                  count(*) AS "payments!", sum(p.amount)::bigint AS "amount!"
           FROM payments p
           LEFT JOIN payment_attempts a ON a.payment_id = p.id
           WHERE p.received_on >= $1 AND p.received_on < $2 AND p.status <> 'reversed'
           GROUP BY 1, 2
           ORDER BY 4 DESC, 1, 2"#,
        month,
        month + Months::new(1)
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ChannelTotal {
            method: PaymentMethod::parse(&r.method).unwrap_or_default(),
            channel: r.channel,
            payments: r.payments,
            amount: r.amount,
        })
        .collect())
}
