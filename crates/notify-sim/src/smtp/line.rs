//! Reading one line with a length limit, so a client that never sends a line break cannot
//! make the sink buffer without end. Lines end in LF; a CR before it is dropped (bare LF is
//! tolerated, as most servers do).

use std::io;

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Line {
    /// The line without its ending, at most `limit` bytes.
    pub bytes: Vec<u8>,
    /// The line (with its ending) was longer than `limit`; the rest was read and dropped.
    pub too_long: bool,
}

/// The next line; `None` at end of input (a last line without a line break is dropped:
/// the client hung up mid-command).
pub(crate) async fn read<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    limit: usize,
) -> io::Result<Option<Line>> {
    let mut bytes = Vec::new();
    let mut too_long = false;
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            return Ok(None);
        }
        let newline = available.iter().position(|&b| b == b'\n');
        let chunk = &available[..newline.map_or(available.len(), |i| i + 1)];
        let room = limit.saturating_sub(bytes.len());
        if chunk.len() > room {
            too_long = true;
        }
        bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = chunk.len();
        reader.consume(used);
        if newline.is_some() {
            if !too_long {
                bytes.pop();
                if bytes.last() == Some(&b'\r') {
                    bytes.pop();
                }
            }
            return Ok(Some(Line { bytes, too_long }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn lines(input: &[u8], limit: usize) -> Vec<Line> {
        let mut reader = tokio::io::BufReader::with_capacity(4, input);
        let mut out = Vec::new();
        while let Some(line) = read(&mut reader, limit).await.unwrap() {
            out.push(line);
        }
        out
    }

    fn line(text: &str, too_long: bool) -> Line {
        Line {
            bytes: text.as_bytes().to_vec(),
            too_long,
        }
    }

    #[tokio::test]
    async fn splits_lines() {
        assert_eq!(
            lines(b"EHLO x\r\nbare\n\r\n\ntail", 100).await,
            vec![
                line("EHLO x", false),
                line("bare", false),
                line("", false),
                line("", false)
            ]
        );
    }

    #[tokio::test]
    async fn limits_length() {
        assert_eq!(
            lines(b"1234567\r\n12345678\r\nabcdefghijk\nok\r\n", 10).await,
            vec![
                line("1234567", false),
                line("12345678", false),
                line("abcdefghij", true),
                line("ok", false),
            ]
        );
    }
}
