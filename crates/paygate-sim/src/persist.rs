//! The `--state` file: every transaction of both gateways as JSON, so the demo's paid and
//! pending orders survive a restart. Written to a temporary file beside it and renamed, so a
//! crash mid-write leaves the previous version whole. Deliveries in flight and the delivery
//! log are not kept: after a restart, retries still due are simply not made.

use std::io;
use std::path::Path;

use crate::store::Transactions;

pub fn load(path: &Path) -> io::Result<Transactions> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|error| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: {error}", path.display()),
            )
        }),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(Transactions::default()),
        Err(error) => Err(error),
    }
}

pub fn save(path: &Path, state: &Transactions) -> io::Result<()> {
    let bytes = serde_json::to_vec_pretty(state).map_err(io::Error::other)?;
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path)
}
