//! RFC 2047 encoded words in header values (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`), and RFC 2231
//! parameter values (`filename*=utf-8''Kwitansi%20Mei.pdf`).
//!
//! Adjacent encoded words are joined before charset decoding, because a client may split
//! one UTF-8 character across two words, and the blanks between them are dropped, as RFC
//! 2047 section 6.2 says.

use super::decode;

struct Word<'a> {
    start: usize,
    end: usize,
    charset: &'a str,
    bytes: Vec<u8>,
}

/// The first well-formed encoded word in `text`.
fn next_word(text: &str) -> Option<Word<'_>> {
    let mut from = 0;
    while let Some(offset) = text[from..].find("=?") {
        let start = from + offset;
        if let Some(word) = parse_word(text, start) {
            return Some(word);
        }
        from = start + 2;
    }
    None
}

fn parse_word(text: &str, start: usize) -> Option<Word<'_>> {
    let inner = &text[start + 2..];
    let (charset, rest) = inner.split_once('?')?;
    let (encoding, rest) = rest.split_once('?')?;
    let encoded_end = rest.find("?=")?;
    let encoded = &rest[..encoded_end];
    if charset.is_empty() || encoded.contains(char::is_whitespace) {
        return None;
    }
    let bytes = match encoding {
        "B" | "b" => decode::base64(encoded.as_bytes()),
        "Q" | "q" => q_decode(encoded),
        _ => return None,
    };
    let consumed = 2 + charset.len() + 1 + encoding.len() + 1 + encoded_end + 2;
    // RFC 2231 allows a language after the charset: `UTF-8*id`.
    let charset = charset.split('*').next().unwrap_or(charset);
    Some(Word {
        start,
        end: start + consumed,
        charset,
        bytes,
    })
}

/// The Q encoding: quoted-printable where `_` is a space (and blanks are significant).
fn q_decode(encoded: &str) -> Vec<u8> {
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], hex_pair(bytes.get(i + 1..i + 3))) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'_', _) => {
                out.push(b' ');
                i += 1;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// Two hex digits as a byte (`from_str_radix` alone would also take `+1`).
fn hex_pair(pair: Option<&[u8]>) -> Option<u8> {
    let pair = pair.filter(|p| p.len() == 2 && p.iter().all(u8::is_ascii_hexdigit))?;
    u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()
}

/// A header value with its encoded words decoded.
pub(crate) fn decode_header(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut pending: Option<(String, Vec<u8>)> = None;
    let mut rest = value;
    while let Some(word) = next_word(rest) {
        let between = &rest[..word.start];
        let glued = pending.is_some() && between.chars().all(char::is_whitespace);
        match &mut pending {
            Some((charset, bytes)) if glued && charset.eq_ignore_ascii_case(word.charset) => {
                bytes.extend_from_slice(&word.bytes);
            }
            _ => {
                if let Some((charset, bytes)) = pending.take() {
                    out.push_str(&decode::text(&bytes, Some(&charset)));
                }
                if !glued {
                    out.push_str(between);
                }
                pending = Some((word.charset.to_owned(), word.bytes));
            }
        }
        rest = &rest[word.end..];
    }
    if let Some((charset, bytes)) = pending {
        out.push_str(&decode::text(&bytes, Some(&charset)));
    }
    out.push_str(rest);
    out
}

/// An RFC 2231 extended value: `charset'language'percent-encoded`.
pub(crate) fn decode_extended(value: &str) -> String {
    let mut parts = value.splitn(3, '\'');
    let (charset, encoded) = match (parts.next(), parts.next(), parts.next()) {
        (Some(charset), Some(_language), Some(encoded)) => (Some(charset), encoded),
        _ => (None, value),
    };
    let charset = charset.filter(|c| !c.is_empty());
    decode::text(&percent_decode(encoded), charset)
}

pub(crate) fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], hex_pair(bytes.get(i + 1..i + 3))) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_base64_and_q_words() {
        assert_eq!(
            decode_header("=?UTF-8?B?S3dpdGFuc2kgcGVtYmF5YXJhbg==?="),
            "Kwitansi pembayaran"
        );
        assert_eq!(
            decode_header("=?utf-8?q?Tagihan_Mei_=E2=80=93_Rp_150.000?="),
            "Tagihan Mei – Rp 150.000"
        );
        assert_eq!(decode_header("=?ISO-8859-1?Q?caf=E9?="), "café");
        assert_eq!(decode_header("=?UTF-8?Q?Halo_?=Budi"), "Halo Budi");
    }

    #[test]
    fn joins_adjacent_words_and_keeps_plain_text() {
        // "é" (C3 A9) split across two words, folded onto two lines.
        assert_eq!(
            decode_header("=?UTF-8?Q?caf=C3?=\r\n =?UTF-8?Q?=A9?= ok"),
            "café ok"
        );
        assert_eq!(
            decode_header("Re: =?UTF-8?B?SGFsbw==?= Budi"),
            "Re: Halo Budi"
        );
        assert_eq!(
            decode_header("=?UTF-8?B?SGFs?= =?ISO-8859-1?Q?caf=E9?="),
            "Halcafé"
        );
    }

    #[test]
    fn leaves_malformed_words_alone() {
        for text in [
            "=?",
            "=?UTF-8?X?abc?=",
            "=?UTF-8?B?",
            "a =? b ?= c",
            "=??B?QQ==?=",
        ] {
            assert_eq!(decode_header(text), text);
        }
    }

    #[test]
    fn decodes_extended_values() {
        assert_eq!(
            decode_extended("utf-8''Kwitansi%20Mei%E2%80%93.pdf"),
            "Kwitansi Mei–.pdf"
        );
        assert_eq!(decode_extended("''plain.txt"), "plain.txt");
        assert_eq!(decode_extended("no-quotes%41"), "no-quotesA");
    }
}
