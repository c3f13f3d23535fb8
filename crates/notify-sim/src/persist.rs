//! The `--state` file: every recorded message as JSON, so what the demo's customers
//! "received" survives a restart of the simulator. Written to a temporary file beside it and
//! renamed, so a crash mid-write leaves the previous version whole.

use std::io;
use std::path::Path;

use crate::store::Messages;

pub(crate) fn load(path: &Path) -> io::Result<Messages> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|error| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: {error}", path.display()),
            )
        }),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(Messages::default()),
        Err(error) => Err(error),
    }
}

pub(crate) fn save(path: &Path, state: &Messages) -> io::Result<()> {
    let bytes = serde_json::to_vec_pretty(state).map_err(io::Error::other)?;
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path)
}
