//! Commands for operators besides serving: `server billing run --date YYYY-MM-DD`.

use app::billing::server::run::{self, RunMode};
use app::billing::server::settings;
use app::request::Actor;
use chrono::NaiveDate;
use sqlx::PgPool;

pub type CliError = Box<dyn std::error::Error + Send + Sync>;

const BILLING_USAGE: &str =
    "usage: server billing run [--date YYYY-MM-DD] [--issue | --preview]\n  \
     --date     the day to bill (default: today in Asia/Jakarta)\n  \
     --issue    issue the invoices at once; --preview leaves drafts for finance\n             \
     (default: the billing settings' automatic issue switch)";

/// What `server billing <args>` asked for.
#[derive(Debug, PartialEq, Eq)]
pub struct BillingRun {
    pub date: Option<NaiveDate>,
    pub mode: Option<RunMode>,
}

pub fn parse_billing(args: &[String]) -> Result<BillingRun, String> {
    let mut args = args.iter().map(String::as_str);
    if args.next() != Some("run") {
        return Err(BILLING_USAGE.into());
    }
    let mut parsed = BillingRun {
        date: None,
        mode: None,
    };
    while let Some(arg) = args.next() {
        match arg {
            "--date" => {
                let text = args.next().ok_or(BILLING_USAGE)?;
                let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map_err(|_| format!("not a date: {text:?} (YYYY-MM-DD)"))?;
                parsed.date = Some(date);
            }
            "--issue" => parsed.mode = Some(RunMode::Issue),
            "--preview" => parsed.mode = Some(RunMode::Preview),
            _ => return Err(BILLING_USAGE.into()),
        }
    }
    Ok(parsed)
}

/// Runs `server billing …` and returns what to print.
pub async fn billing(pool: &PgPool, args: &[String]) -> Result<String, CliError> {
    let request = parse_billing(args)?;
    let date = request.date.unwrap_or_else(settings::today);
    let mode = match request.mode {
        Some(mode) => mode,
        None => {
            let mut conn = pool.acquire().await?;
            if settings::load(&mut conn).await?.auto_issue {
                RunMode::Issue
            } else {
                RunMode::Preview
            }
        }
    };
    let started = std::time::Instant::now();
    let report = run::run(pool, &Actor::system(), date, mode)
        .await
        .map_err(|e| format!("billing run failed: {e}"))?;
    Ok(format!(
        "billing run {} on {date} ({}): {} lines, {} invoices, {} in {:.1} s",
        report.run_id,
        mode.as_str(),
        report.lines,
        report.invoices,
        app::format::rupiah(report.total),
        started.elapsed().as_secs_f64()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn reads_the_date_and_the_mode() {
        assert_eq!(
            parse_billing(&args("run --date 2026-12-01 --issue")),
            Ok(BillingRun {
                date: NaiveDate::from_ymd_opt(2026, 12, 1),
                mode: Some(RunMode::Issue)
            })
        );
        assert_eq!(
            parse_billing(&args("run")),
            Ok(BillingRun {
                date: None,
                mode: None
            })
        );
        assert!(parse_billing(&args("run --date 2026-13-01")).is_err());
        assert!(parse_billing(&args("run --date")).is_err());
        assert!(parse_billing(&args("walk")).is_err());
        assert!(parse_billing(&args("run --fast")).is_err());
    }
}
