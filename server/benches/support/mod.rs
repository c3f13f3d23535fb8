//! What every benchmark needs: its own database, created and migrated when missing (or
//! started over with `--fresh`), and a median of timings.
#![allow(dead_code)]

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgPool};
use std::str::FromStr;
use std::time::Duration;

pub type BoxError = Box<dyn std::error::Error>;

/// A pool on the database named in `url`, created (and dropped first when `fresh`) and
/// migrated.
pub async fn prepare_database(url: &str, fresh: bool) -> Result<PgPool, BoxError> {
    let options = PgConnectOptions::from_str(url)?;
    let name = options
        .get_database()
        .ok_or("the database URL names no database")?
        .to_owned();
    // The name goes into DDL, which takes no bind parameters: allow only a plain identifier.
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(format!("database name {name:?}: use [a-z0-9_]").into());
    }
    let mut admin = options.clone().database("postgres").connect().await?;
    if fresh {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
        )))
        .execute(&mut admin)
        .await?;
    }
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&name)
            .fetch_one(&mut admin)
            .await?;
    if !exists {
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&mut admin)
            .await?;
    }
    admin.close().await?;
    let pool = PgPoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await?;
    sqlx::migrate!("../migrations").run(&pool).await?;
    Ok(pool)
}

pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The command line: `--name value` options and bare `--flag`s (`cargo bench` adds
/// `--bench`, which nothing reads).
pub struct Flags(Vec<String>);

impl Flags {
    pub fn from_env() -> Self {
        Flags(std::env::args().skip(1).collect())
    }

    /// The value after `--name`, when there is one and it parses.
    pub fn value<T: FromStr>(&self, name: &str) -> Option<T> {
        let flag = format!("--{name}");
        let at = self.0.iter().position(|arg| *arg == flag)?;
        self.0.get(at + 1)?.parse().ok()
    }

    pub fn has(&self, name: &str) -> bool {
        let flag = format!("--{name}");
        self.0.contains(&flag)
    }

    /// `--database-url`, else `BENCH_DATABASE_URL`, else `database` on the local server.
    pub fn database_url(&self, database: &str) -> String {
        self.value("database-url")
            .or_else(|| std::env::var("BENCH_DATABASE_URL").ok())
            .unwrap_or_else(|| format!("postgres://postgres@127.0.0.1:5432/{database}"))
    }
}
