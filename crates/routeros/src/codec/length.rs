//! The length prefix of a word, in the five big-endian forms of MikroTik's API manual.
//!
//! | length       | bytes | encoding          |
//! |--------------|-------|-------------------|
//! | < 0x80       | 1     | len               |
//! | < 0x4000     | 2     | len \| 0x8000     |
//! | < 0x200000   | 3     | len \| 0xC00000   |
//! | < 0x10000000 | 4     | len \| 0xE0000000 |
//! | otherwise    | 5     | 0xF0, then 4 bytes|
//!
//! A first byte of 0xF8 or more is a reserved control byte; 0xF1..=0xF7 are not defined by
//! any form. Both are refused rather than guessed at.

use super::DecodeError;

/// Appends the length prefix for a word of `len` bytes.
pub fn encode_length(len: u32, out: &mut Vec<u8>) {
    match len {
        0..=0x7F => out.push(len as u8),
        0x80..=0x3FFF => out.extend_from_slice(&((len as u16) | 0x8000).to_be_bytes()),
        0x4000..=0x1F_FFFF => out.extend_from_slice(&(len | 0xC0_0000).to_be_bytes()[1..]),
        0x20_0000..=0x0FFF_FFFF => out.extend_from_slice(&(len | 0xE000_0000).to_be_bytes()),
        _ => {
            out.push(0xF0);
            out.extend_from_slice(&len.to_be_bytes());
        }
    }
}

/// Reads a length prefix from the start of `input`.
///
/// `Ok(None)` means more bytes are needed; `Ok(Some((len, consumed)))` gives the word length
/// and the size of the prefix.
pub fn decode_length(input: &[u8]) -> Result<Option<(u32, usize)>, DecodeError> {
    let Some(&first) = input.first() else {
        return Ok(None);
    };
    let (size, initial) = match first {
        0x00..=0x7F => return Ok(Some((u32::from(first), 1))),
        0x80..=0xBF => (2, u32::from(first & 0x3F)),
        0xC0..=0xDF => (3, u32::from(first & 0x1F)),
        0xE0..=0xEF => (4, u32::from(first & 0x0F)),
        0xF0 => (5, 0),
        0xF1..=0xF7 => return Err(DecodeError::InvalidLengthPrefix(first)),
        0xF8..=0xFF => return Err(DecodeError::ControlByte(first)),
    };
    if input.len() < size {
        return Ok(None);
    }
    let len = input[1..size]
        .iter()
        .fold(initial, |acc, &byte| (acc << 8) | u32::from(byte));
    Ok(Some((len, size)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(len: u32) -> Vec<u8> {
        let mut out = Vec::new();
        encode_length(len, &mut out);
        out
    }

    #[test]
    fn every_form_matches_the_manual() {
        assert_eq!(encoded(0), [0x00]);
        assert_eq!(encoded(0x7F), [0x7F]);
        assert_eq!(encoded(0x80), [0x80, 0x80]);
        assert_eq!(encoded(0x3FFF), [0xBF, 0xFF]);
        assert_eq!(encoded(0x4000), [0xC0, 0x40, 0x00]);
        assert_eq!(encoded(0x1F_FFFF), [0xDF, 0xFF, 0xFF]);
        assert_eq!(encoded(0x20_0000), [0xE0, 0x20, 0x00, 0x00]);
        assert_eq!(encoded(0x0FFF_FFFF), [0xEF, 0xFF, 0xFF, 0xFF]);
        assert_eq!(encoded(0x1000_0000), [0xF0, 0x10, 0x00, 0x00, 0x00]);
        assert_eq!(encoded(u32::MAX), [0xF0, 0xFF, 0xFF, 0xFF, 0xFF]);
    }

    #[test]
    fn decodes_every_boundary_back() {
        for len in [
            0,
            1,
            0x7F,
            0x80,
            0x3FFF,
            0x4000,
            0x1F_FFFF,
            0x20_0000,
            0x0FFF_FFFF,
            0x1000_0000,
            u32::MAX,
        ] {
            let bytes = encoded(len);
            assert_eq!(
                decode_length(&bytes),
                Ok(Some((len, bytes.len()))),
                "{len:#x}"
            );
            assert_eq!(
                decode_length(&bytes[..bytes.len() - 1]),
                Ok(None),
                "{len:#x}"
            );
        }
    }

    #[test]
    fn refuses_control_and_undefined_prefixes() {
        assert_eq!(decode_length(&[0xF8]), Err(DecodeError::ControlByte(0xF8)));
        assert_eq!(
            decode_length(&[0xFF, 0]),
            Err(DecodeError::ControlByte(0xFF))
        );
        assert_eq!(
            decode_length(&[0xF3]),
            Err(DecodeError::InvalidLengthPrefix(0xF3))
        );
    }

    #[test]
    fn accepts_lengths_written_in_a_longer_form_than_needed() {
        // Some clients always write two bytes; RouterOS reads them, so do we.
        assert_eq!(decode_length(&[0x80, 0x05]), Ok(Some((5, 2))));
    }
}
