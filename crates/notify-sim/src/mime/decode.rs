//! Transfer decodings (base64, quoted-printable) and charsets, all lenient: the sink shows
//! what a client sent, so bad input decodes as far as it can instead of failing.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;

const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// Base64, ignoring line breaks, whitespace and any other byte outside the alphabet.
pub(crate) fn base64(input: &[u8]) -> Vec<u8> {
    let mut clean: Vec<u8> = input
        .iter()
        .copied()
        .filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/'))
        .collect();
    if clean.len() % 4 == 1 {
        clean.pop();
    }
    LENIENT.decode(&clean).unwrap_or_default()
}

/// The strict decoder for `AUTH` responses: malformed input is the client's error there.
pub(crate) fn base64_strict(input: &str) -> Option<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(input.trim())
        .ok()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Quoted-printable (RFC 2045 6.7): `=XX`, soft line breaks, trailing blanks dropped.
/// Lines come out ending in CRLF, except the last if the input's did not.
pub(crate) fn quoted_printable(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut lines = input.split(|&b| b == b'\n').peekable();
    while let Some(line) = lines.next() {
        let last = lines.peek().is_none();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let end = line
            .iter()
            .rposition(|b| !matches!(b, b' ' | b'\t'))
            .map_or(0, |i| i + 1);
        let line = &line[..end];
        let (line, soft) = match line.strip_suffix(b"=") {
            Some(rest) => (rest, true),
            None => (line, false),
        };
        let mut i = 0;
        while i < line.len() {
            let decoded = (line[i] == b'=')
                .then(|| Some(hex(*line.get(i + 1)?)? << 4 | hex(*line.get(i + 2)?)?))
                .flatten();
            match decoded {
                Some(byte) => {
                    out.push(byte);
                    i += 3;
                }
                None => {
                    out.push(line[i]);
                    i += 1;
                }
            }
        }
        if !soft && !last {
            out.extend_from_slice(b"\r\n");
        }
    }
    out
}

/// Text in `charset`: UTF-8 and ASCII (and anything unknown) as UTF-8 with replacement
/// characters; ISO-8859-1 and windows-1252 byte by byte.
pub(crate) fn text(bytes: &[u8], charset: Option<&str>) -> String {
    let charset = charset.unwrap_or("utf-8").trim().to_ascii_lowercase();
    match charset.as_str() {
        "iso-8859-1" | "iso8859-1" | "latin1" | "latin-1" | "windows-1252" | "cp1252" => {
            bytes.iter().map(|&b| b as char).collect()
        }
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_ignores_line_breaks_and_padding() {
        assert_eq!(base64(b"S3dp\r\ndGFu\r\nc2k="), b"Kwitansi");
        assert_eq!(base64(b"S3dpdGFuc2k"), b"Kwitansi");
        assert_eq!(base64(b"!!!"), b"");
        assert_eq!(base64(b"QUJDR"), b"ABC");
    }

    #[test]
    fn strict_base64_rejects_garbage() {
        assert_eq!(base64_strict("dXNlcg==").unwrap(), b"user");
        assert!(base64_strict("not base64!").is_none());
    }

    #[test]
    fn quoted_printable_decodes() {
        assert_eq!(
            quoted_printable(b"Tagihan =E2=82=AC 5=\r\n0 ribu  \r\nakhir"),
            "Tagihan € 50 ribu\r\nakhir".as_bytes()
        );
        assert_eq!(quoted_printable(b"a=3D=ZZ=4"), b"a==ZZ=4");
        assert_eq!(quoted_printable(b"x\n"), b"x\r\n");
    }

    #[test]
    fn charsets() {
        assert_eq!(text(&[0x63, 0x61, 0x66, 0xe9], Some("ISO-8859-1")), "café");
        assert_eq!(text("café".as_bytes(), Some("UTF-8")), "café");
        assert_eq!(text(&[0xff], None), "\u{fffd}");
    }
}
