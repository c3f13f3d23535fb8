//! One interface over the binary API (a [`Connection`] or a [`Pool`]) and the v7 REST API,
//! so the rest of Simpul does not care which one a router speaks.

use std::future::Future;
use std::pin::Pin;

use crate::client::{Connection, Output};
use crate::pool::Pool;
use crate::proto::{Command, Row};
use crate::rest::RestClient;
use crate::Error;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

pub trait RouterApi: Send + Sync {
    /// Runs one command to completion.
    fn execute(&self, command: Command) -> BoxFuture<'_, Result<Output, Error>>;

    /// `<menu>/print`, every row.
    fn print<'a>(&'a self, menu: &str) -> BoxFuture<'a, Result<Vec<Row>, Error>> {
        let command = Command::new(format!("{menu}/print"));
        Box::pin(async move { Ok(self.execute(command).await?.rows) })
    }

    /// `<menu>/add`, giving the new item's `.id` when the router reports one.
    fn add<'a>(&'a self, menu: &str, item: Row) -> BoxFuture<'a, Result<Option<String>, Error>> {
        let mut command = Command::new(format!("{menu}/add"));
        command.attributes = item;
        Box::pin(async move { Ok(self.execute(command).await?.ret().map(str::to_owned)) })
    }

    /// `<menu>/set =.id=<id>` with the given properties.
    fn set<'a>(&'a self, menu: &str, id: &str, changes: Row) -> BoxFuture<'a, Result<(), Error>> {
        let mut command = Command::new(format!("{menu}/set")).attr(".id", id);
        for (name, value) in changes.0 {
            command.attributes.set(name, value);
        }
        Box::pin(async move { self.execute(command).await.map(drop) })
    }

    /// `<menu>/remove =.id=<id>`.
    fn remove<'a>(&'a self, menu: &str, id: &str) -> BoxFuture<'a, Result<(), Error>> {
        let command = Command::new(format!("{menu}/remove")).attr(".id", id);
        Box::pin(async move { self.execute(command).await.map(drop) })
    }
}

impl RouterApi for Connection {
    fn execute(&self, command: Command) -> BoxFuture<'_, Result<Output, Error>> {
        Box::pin(Connection::execute(self, command))
    }
}

impl RouterApi for Pool {
    fn execute(&self, command: Command) -> BoxFuture<'_, Result<Output, Error>> {
        Box::pin(Pool::execute(self, command))
    }
}

impl RouterApi for RestClient {
    fn execute(&self, command: Command) -> BoxFuture<'_, Result<Output, Error>> {
        Box::pin(RestClient::execute(self, command))
    }
}
