//! Header blocks: splitting a message (or a MIME part) into unfolded headers and body, and
//! reading `Content-Type`/`Content-Disposition` values with their parameters, including
//! RFC 2231 continuations (`filename*0*=utf-8''Kwi; filename*1*=tansi.pdf`).

use std::collections::BTreeMap;

use super::{decode, words};

/// Unfolded headers in order; names lower-case.
#[derive(Debug, Default)]
pub(crate) struct Headers(Vec<(String, String)>);

impl Headers {
    /// The first header called `name` (lower-case).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The headers, and the body after the first empty line (empty if there is none).
pub(crate) fn split(message: &[u8]) -> (Headers, &[u8]) {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut pos = 0;
    while pos < message.len() {
        let end = message[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(message.len(), |i| pos + i);
        let line = &message[pos..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        pos = (end + 1).min(message.len());
        if line.is_empty() {
            return (Headers(headers), &message[pos..]);
        }
        let text = String::from_utf8_lossy(line);
        if line[0] == b' ' || line[0] == b'\t' {
            if let Some((_, value)) = headers.last_mut() {
                value.push_str(&text);
            }
        } else if let Some((name, value)) = text.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    (Headers(headers), &[])
}

/// A structured header value: `text/plain; charset="utf-8"`.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Value {
    /// The part before the first `;`, lower-case (`text/plain`, `attachment`).
    pub main: String,
    /// Parameters, names lower-case, values unquoted and decoded.
    pub params: BTreeMap<String, String>,
}

impl Value {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

/// Splits at `;` outside quotes.
fn segments(value: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let (mut quoted, mut escaped) = (false, false);
    for c in value.chars() {
        let current = out.last_mut().expect("never empty");
        if escaped {
            current.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' if quoted => {
                current.push(c);
                escaped = true;
            }
            '"' => {
                current.push(c);
                quoted = !quoted;
            }
            ';' if !quoted => out.push(String::new()),
            c => current.push(c),
        }
    }
    out
}

fn unquote(value: &str) -> String {
    let value = value.trim();
    let Some(inner) = value.strip_prefix('"') else {
        return value.to_owned();
    };
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// Parses a structured value. Parameters that are RFC 2231 extended or continued are
/// joined and decoded; plain ones have RFC 2047 encoded words decoded (not standard, but
/// what many mailers send for file names).
pub(crate) fn parse(value: &str) -> Value {
    let mut segments = segments(value).into_iter();
    let main = segments
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let mut plain = BTreeMap::new();
    // name → (section number → (is extended, raw value))
    let mut continued: BTreeMap<String, BTreeMap<u32, (bool, String)>> = BTreeMap::new();
    for segment in segments {
        let Some((name, raw)) = segment.split_once('=') else {
            continue;
        };
        let name = name.trim().to_ascii_lowercase();
        let raw = unquote(raw);
        let (base, extended) = match name.strip_suffix('*') {
            Some(base) => (base, true),
            None => (name.as_str(), false),
        };
        match base.split_once('*') {
            Some((base, section)) => {
                if let Ok(section) = section.parse::<u32>() {
                    continued
                        .entry(base.to_owned())
                        .or_default()
                        .insert(section, (extended, raw));
                }
            }
            None if extended => {
                plain.insert(base.to_owned(), words::decode_extended(&raw));
            }
            None => {
                plain
                    .entry(base.to_owned())
                    .or_insert_with(|| words::decode_header(&raw));
            }
        }
    }
    for (name, sections) in continued {
        plain.insert(name, join_sections(&sections));
    }
    Value {
        main,
        params: plain,
    }
}

/// RFC 2231 section 4.1: the first section names the charset; encoded sections are
/// percent-encoded bytes in it, plain ones are taken as they are.
fn join_sections(sections: &BTreeMap<u32, (bool, String)>) -> String {
    let mut charset = None;
    let mut bytes = Vec::new();
    for (index, (extended, raw)) in sections {
        if !extended {
            bytes.extend_from_slice(raw.as_bytes());
            continue;
        }
        let mut encoded = raw.as_str();
        if *index == 0 {
            let mut parts = raw.splitn(3, '\'');
            if let (Some(set), Some(_language), Some(rest)) =
                (parts.next(), parts.next(), parts.next())
            {
                charset = Some(set).filter(|s| !s.is_empty());
                encoded = rest;
            }
        }
        bytes.extend(words::percent_decode(encoded));
    }
    decode::text(&bytes, charset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_unfolds() {
        let (headers, body) =
            split(b"Subject: one\r\n two\r\nX-Empty:\r\nbroken line\r\nTo: a@b\r\n\r\nbody\r\n");
        assert_eq!(headers.get("subject"), Some("one two"));
        assert_eq!(headers.get("x-empty"), Some(""));
        assert_eq!(headers.get("to"), Some("a@b"));
        assert_eq!(body, b"body\r\n");
        let (headers, body) = split(b"Subject: only headers");
        assert_eq!(headers.get("subject"), Some("only headers"));
        assert!(body.is_empty());
        assert!(split(b"").1.is_empty());
    }

    #[test]
    fn parses_parameters() {
        let value = parse("multipart/Mixed; boundary=\"a;b\\\"c\"; charset=UTF-8 ; junk");
        assert_eq!(value.main, "multipart/mixed");
        assert_eq!(value.param("boundary"), Some("a;b\"c"));
        assert_eq!(value.param("charset"), Some("UTF-8"));
        let value = parse("attachment; filename=\"=?UTF-8?B?S3dpdGFuc2kucGRm?=\"");
        assert_eq!(value.param("filename"), Some("Kwitansi.pdf"));
        assert_eq!(parse("").main, "");
    }

    #[test]
    fn parses_rfc2231() {
        let value = parse("attachment; filename*=utf-8''Kwitansi%20Mei.pdf");
        assert_eq!(value.param("filename"), Some("Kwitansi Mei.pdf"));
        let value = parse(
            "attachment; filename*0*=utf-8''Kwitansi%20; filename*1=\"Mei\"; filename*2*=%E2%80%93.pdf",
        );
        assert_eq!(value.param("filename"), Some("Kwitansi Mei–.pdf"));
        let value = parse("attachment; filename*0*=iso-8859-1''caf%E9; filename*1*=.txt");
        assert_eq!(value.param("filename"), Some("café.txt"));
    }
}
