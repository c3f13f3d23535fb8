//! Words are bytes on the wire. RouterOS v7 speaks UTF-8; older routers send Windows-1252
//! names typed on a European keyboard. Bytes that are not valid UTF-8 are read as Latin-1,
//! which maps every byte to a character, so nothing a router sends is ever lost or refused.

pub fn word_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes.iter().map(|&byte| char::from(byte)).collect(),
    }
}

/// Splits `=name=value` (the leading `=` already removed) at the first `=`: names never
/// contain one, values may (`=comment=a=b` is name `comment`, value `a=b`).
pub fn split_attribute(body: &str) -> (&str, &str) {
    body.split_once('=').unwrap_or((body, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_latin1() {
        assert_eq!(word_text("café".as_bytes()), "café");
        assert_eq!(word_text(&[b'c', b'a', b'f', 0xE9]), "café");
    }

    #[test]
    fn values_keep_their_equals_signs_and_may_be_empty() {
        assert_eq!(split_attribute("comment=a=b"), ("comment", "a=b"));
        assert_eq!(split_attribute("password="), ("password", ""));
        assert_eq!(split_attribute("disabled"), ("disabled", ""));
    }
}
