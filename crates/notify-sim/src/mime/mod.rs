//! Just enough MIME (RFC 2045–2047, 2231) to show what a mail says: the decoded subject,
//! the first text/plain and text/html parts, and what is attached. Never fails: anything
//! it cannot read is shown as it came, or left out.
//!
//! Why not a mail-parsing crate: the sink needs a sliver of one, and this sliver, with its
//! tests, is smaller than the dependency and compiles in no time on a 2-core machine.

mod decode;
mod header;
mod words;

pub(crate) use decode::base64_strict;

use crate::store::Attachment;

/// Multipart nesting deeper than this is not looked into.
const MAX_DEPTH: usize = 8;

#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub subject: Option<String>,
    pub text: Option<String>,
    pub html: Option<String>,
    pub attachments: Vec<Attachment>,
}

pub(crate) fn parse(message: &[u8]) -> Parsed {
    let (headers, _) = header::split(message);
    let mut parsed = Parsed {
        subject: headers.get("subject").map(words::decode_header),
        ..Parsed::default()
    };
    walk(message, 0, &mut parsed);
    parsed
}

fn walk(part: &[u8], depth: usize, parsed: &mut Parsed) {
    let (headers, body) = header::split(part);
    let content_type = headers.get("content-type").map(header::parse);
    let mime = content_type
        .as_ref()
        .map(|c| c.main.as_str())
        .filter(|m| m.contains('/'))
        .unwrap_or("text/plain");
    if let Some(boundary) = content_type
        .as_ref()
        .filter(|_| mime.starts_with("multipart/"))
        .and_then(|c| c.param("boundary"))
    {
        if depth < MAX_DEPTH {
            for child in split_multipart(body, boundary) {
                walk(child, depth + 1, parsed);
            }
        }
        return;
    }
    let encoding = headers
        .get("content-transfer-encoding")
        .unwrap_or("7bit")
        .trim()
        .to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "base64" => decode::base64(body),
        "quoted-printable" => decode::quoted_printable(body),
        _ => body.to_vec(),
    };
    let disposition = headers.get("content-disposition").map(header::parse);
    let filename = disposition
        .as_ref()
        .and_then(|d| d.param("filename"))
        .or_else(|| content_type.as_ref().and_then(|c| c.param("name")))
        .map(str::to_owned);
    let attached = disposition.as_ref().is_some_and(|d| d.main == "attachment");
    if !attached && filename.is_none() {
        let charset = content_type.as_ref().and_then(|c| c.param("charset"));
        let slot = match mime {
            "text/plain" => Some(&mut parsed.text),
            "text/html" => Some(&mut parsed.html),
            _ => None,
        };
        if let Some(slot) = slot.filter(|slot| slot.is_none()) {
            *slot = Some(decode::text(&bytes, charset).replace("\r\n", "\n"));
            return;
        }
    }
    // Everything else is attached: named parts, a second text part, images, calendars.
    parsed.attachments.push(Attachment {
        filename,
        content_type: mime.to_owned(),
        size: bytes.len(),
    });
}

/// The parts between `--boundary` lines, up to `--boundary--` (or the end, if a client
/// forgot it). The line break before each delimiter belongs to the delimiter.
fn split_multipart<'a>(body: &'a [u8], boundary: &str) -> Vec<&'a [u8]> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut start: Option<usize> = None;
    let mut pos = 0;
    while pos < body.len() {
        let end = body[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(body.len(), |i| pos + i);
        let next = (end + 1).min(body.len());
        let line = &body[pos..end];
        let line = match line.iter().rposition(|b| !b" \t\r".contains(b)) {
            Some(last) => &line[..=last],
            None => &line[..0],
        };
        if let Some(rest) = line.strip_prefix(delimiter.as_bytes()) {
            if rest.is_empty() || rest == b"--" {
                if let Some(from) = start {
                    let mut until = pos;
                    if until > from && body[until - 1] == b'\n' {
                        until -= 1;
                        if until > from && body[until - 1] == b'\r' {
                            until -= 1;
                        }
                    }
                    parts.push(&body[from..until.max(from)]);
                }
                if rest == b"--" {
                    return parts;
                }
                start = Some(next);
            }
        }
        pos = next;
    }
    if let Some(from) = start.filter(|&from| from < body.len()) {
        parts.push(&body[from..]);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_message() {
        let parsed = parse(
            b"Subject: =?UTF-8?B?S3dpdGFuc2kgcGVtYmF5YXJhbg==?=\r\n\
              Content-Type: text/plain; charset=utf-8\r\n\
              Content-Transfer-Encoding: base64\r\n\r\n\
              VGVyaW1hIGthc2loLCBCdWRp\r\n",
        );
        assert_eq!(parsed.subject.as_deref(), Some("Kwitansi pembayaran"));
        assert_eq!(parsed.text.as_deref(), Some("Terima kasih, Budi"));
        assert!(parsed.attachments.is_empty());
    }

    #[test]
    fn no_content_type_is_ascii_text() {
        let parsed = parse(b"Subject: hi\r\n\r\nline one\r\nline two\r\n");
        assert_eq!(parsed.text.as_deref(), Some("line one\nline two\n"));
    }

    #[test]
    fn mixed_with_alternative_and_attachment() {
        let message = b"Subject: Tagihan\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n\
preamble\r\n\
--outer\r\n\
Content-Type: multipart/alternative; boundary=inner\r\n\r\n\
--inner\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\r\n\
Tagihan Rp 150.000 =E2=80=93 jatuh tempo=\r\n 10 Mei\r\n\
--inner\r\n\
Content-Type: text/html; charset=utf-8\r\n\r\n\
<p>Tagihan</p>\r\n\
--inner--\r\n\
--outer\r\n\
Content-Type: application/pdf; name=\"ignored.pdf\"\r\n\
Content-Disposition: attachment; filename=\"Tagihan-Mei.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\n\
JVBERi0xLjQK\r\n\
--outer\r\n\
Content-Type: image/png\r\n\r\n\
PNG\r\n\
--outer--\r\n\
epilogue\r\n";
        let parsed = parse(message);
        assert_eq!(
            parsed.text.as_deref(),
            Some("Tagihan Rp 150.000 – jatuh tempo 10 Mei")
        );
        assert_eq!(parsed.html.as_deref(), Some("<p>Tagihan</p>"));
        assert_eq!(
            parsed.attachments,
            vec![
                Attachment {
                    filename: Some("Tagihan-Mei.pdf".into()),
                    content_type: "application/pdf".into(),
                    size: 9,
                },
                Attachment {
                    filename: None,
                    content_type: "image/png".into(),
                    size: 3,
                },
            ]
        );
    }

    #[test]
    fn second_text_part_and_named_text_are_attachments() {
        let message = b"Content-Type: multipart/mixed; boundary=b\r\n\r\n\
--b\r\n\r\nfirst\r\n--b\r\nContent-Type: text/plain\r\n\r\nsecond\r\n\
--b\r\nContent-Type: text/csv; name=data.csv\r\n\r\na,b\r\n--b--\r\n";
        let parsed = parse(message);
        assert_eq!(parsed.text.as_deref(), Some("first"));
        let names: Vec<_> = parsed
            .attachments
            .iter()
            .map(|a| a.filename.clone())
            .collect();
        assert_eq!(names, vec![None, Some("data.csv".into())]);
    }

    #[test]
    fn unterminated_multipart_and_garbage() {
        let parsed = parse(b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nhalf");
        assert_eq!(parsed.text.as_deref(), Some("half"));
        assert_eq!(parse(b"").text.as_deref(), Some(""));
        let garbage: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        let _ = parse(&garbage);
        let _ = parse(b"Content-Type: multipart/mixed; boundary=\r\n\r\n--\r\n--\r\n");
    }

    #[test]
    fn nesting_is_bounded() {
        let mut message = Vec::new();
        for level in 0..100 {
            let part =
                format!("Content-Type: multipart/mixed; boundary=b{level}\r\n\r\n--b{level}\r\n");
            message.extend_from_slice(part.as_bytes());
        }
        message.extend_from_slice(b"\r\ndeep\r\n");
        let parsed = parse(&message);
        assert_eq!(parsed.text, None);
    }
}
