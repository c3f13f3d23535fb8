//! Uploaded files (ticket attachments, customers' identity photos): what the bytes are,
//! safe names, and durable storage under the data directory. Each domain keeps its own
//! table and authorization; this module only knows about bytes on disk.

#[cfg(feature = "ssr")]
pub mod server;

/// "12 KB" / "1.5 MB", for file lists.
pub fn size_text(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}
