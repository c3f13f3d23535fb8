//! Sans-IO framing of the RouterOS API: bytes in, sentences out, and back.
//!
//! A word is a length prefix ([`length`]) and that many bytes; a sentence is words ended by
//! an empty word. The decoder never panics and never allocates more than the bytes it was
//! actually given (plus the limits below), whatever a peer sends: a hostile or broken
//! peer can only make it return an error, after which the stream cannot be resynchronised
//! and the connection must be closed.

mod length;

pub use length::{decode_length, encode_length};

/// One sentence: its words, without the terminating empty word.
pub type Sentence = Vec<Vec<u8>>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("reserved control byte {0:#04x} where a word length was expected")]
    ControlByte(u8),
    #[error("undefined word length prefix {0:#04x}")]
    InvalidLengthPrefix(u8),
    #[error("word of {len} bytes is longer than the limit of {limit}")]
    WordTooLong { len: u32, limit: u32 },
    #[error("sentence has more than {limit} words")]
    TooManyWords { limit: usize },
    #[error("sentence is longer than the limit of {limit} bytes")]
    SentenceTooLong { limit: usize },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("word of {0} bytes does not fit the 32-bit length prefix")]
pub struct EncodeError(pub usize);

/// Bounds that keep a misbehaving peer from exhausting memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_word_len: u32,
    pub max_words: usize,
    /// All the words of one sentence together.
    pub max_sentence_len: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // A `/file/print` of a big script is the largest real word; 16 MiB is far above it.
        Limits {
            max_word_len: 16 * 1024 * 1024,
            max_words: 100_000,
            max_sentence_len: 64 * 1024 * 1024,
        }
    }
}

/// Incremental sentence decoder: [`Decoder::feed`] bytes as they arrive, then call
/// [`Decoder::next_sentence`] until it returns `Ok(None)`.
#[derive(Debug, Default)]
pub struct Decoder {
    buffer: Vec<u8>,
    position: usize,
    words: Sentence,
    /// Bytes in `words` so far.
    sentence_len: usize,
    limits: Limits,
    failed: Option<DecodeError>,
}

impl Decoder {
    pub fn new() -> Self {
        Decoder::default()
    }

    pub fn with_limits(limits: Limits) -> Self {
        Decoder {
            limits,
            ..Decoder::default()
        }
    }

    pub fn feed(&mut self, bytes: &[u8]) {
        // Drop consumed bytes once they dominate, so the buffer stays proportional to what
        // is still undecoded without shifting memory on every call.
        if self.position > 0 && self.position * 2 >= self.buffer.len() {
            self.buffer.drain(..self.position);
            self.position = 0;
        }
        self.buffer.extend_from_slice(bytes);
    }

    /// Bytes received but not yet part of a complete sentence.
    pub fn pending_bytes(&self) -> usize {
        self.buffer.len() - self.position
    }

    pub fn next_sentence(&mut self) -> Result<Option<Sentence>, DecodeError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        match self.decode() {
            Err(error) => {
                self.failed = Some(error.clone());
                Err(error)
            }
            ok => ok,
        }
    }

    fn decode(&mut self) -> Result<Option<Sentence>, DecodeError> {
        loop {
            let rest = &self.buffer[self.position..];
            let Some((len, prefix)) = decode_length(rest)? else {
                return Ok(None);
            };
            if len > self.limits.max_word_len {
                return Err(DecodeError::WordTooLong {
                    len,
                    limit: self.limits.max_word_len,
                });
            }
            if self.sentence_len.saturating_add(len as usize) > self.limits.max_sentence_len {
                return Err(DecodeError::SentenceTooLong {
                    limit: self.limits.max_sentence_len,
                });
            }
            let end = prefix + len as usize;
            if rest.len() < end {
                return Ok(None);
            }
            let word = rest[prefix..end].to_vec();
            self.position += end;
            if word.is_empty() {
                self.sentence_len = 0;
                return Ok(Some(std::mem::take(&mut self.words)));
            }
            self.sentence_len += word.len();
            if self.words.len() >= self.limits.max_words {
                return Err(DecodeError::TooManyWords {
                    limit: self.limits.max_words,
                });
            }
            self.words.push(word);
        }
    }
}

/// Appends one sentence (its words and the terminating empty word) to `out`.
pub fn encode_sentence<W: AsRef<[u8]>>(words: &[W], out: &mut Vec<u8>) -> Result<(), EncodeError> {
    for word in words {
        let word = word.as_ref();
        let len = u32::try_from(word.len()).map_err(|_| EncodeError(word.len()))?;
        encode_length(len, out);
        out.extend_from_slice(word);
    }
    out.push(0);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes_of(words: &[&str]) -> Vec<u8> {
        let mut out = Vec::new();
        encode_sentence(words, &mut out).unwrap();
        out
    }

    #[test]
    fn decodes_a_sentence_fed_one_byte_at_a_time() {
        let bytes = bytes_of(&["/login", "=name=admin", "=password="]);
        let mut decoder = Decoder::new();
        for (index, byte) in bytes.iter().enumerate() {
            decoder.feed(&[*byte]);
            let sentence = decoder.next_sentence().unwrap();
            if index + 1 < bytes.len() {
                assert_eq!(sentence, None);
            } else {
                let words = sentence.unwrap();
                assert_eq!(words, [&b"/login"[..], b"=name=admin", b"=password="]);
            }
        }
        assert_eq!(decoder.pending_bytes(), 0);
    }

    #[test]
    fn decodes_several_sentences_from_one_read() {
        let mut bytes = bytes_of(&["!re", "=name=a"]);
        bytes.extend(bytes_of(&["!done"]));
        let mut decoder = Decoder::new();
        decoder.feed(&bytes);
        assert_eq!(decoder.next_sentence().unwrap().unwrap().len(), 2);
        assert_eq!(
            decoder.next_sentence().unwrap().unwrap(),
            [b"!done".to_vec()]
        );
        assert_eq!(decoder.next_sentence().unwrap(), None);
    }

    #[test]
    fn an_empty_sentence_is_allowed() {
        let mut decoder = Decoder::new();
        decoder.feed(&[0]);
        assert_eq!(decoder.next_sentence().unwrap(), Some(Vec::new()));
    }

    #[test]
    fn stays_failed_after_a_control_byte() {
        let mut decoder = Decoder::new();
        decoder.feed(&[0x03, b'!', b'r', b'e', 0xF9]);
        assert_eq!(decoder.next_sentence(), Err(DecodeError::ControlByte(0xF9)));
        decoder.feed(&[0]);
        assert_eq!(decoder.next_sentence(), Err(DecodeError::ControlByte(0xF9)));
    }

    #[test]
    fn refuses_words_over_the_limit_before_they_arrive() {
        let mut decoder = Decoder::with_limits(Limits {
            max_word_len: 10,
            max_words: 10,
            max_sentence_len: 100,
        });
        decoder.feed(&[0xF0, 0xFF, 0xFF, 0xFF, 0xFF]);
        assert!(matches!(
            decoder.next_sentence(),
            Err(DecodeError::WordTooLong { len: u32::MAX, .. })
        ));
    }

    #[test]
    fn refuses_sentences_longer_than_the_limit_however_split() {
        let mut decoder = Decoder::with_limits(Limits {
            max_word_len: 10,
            max_words: 100,
            max_sentence_len: 25,
        });
        decoder.feed(&bytes_of(&["aaaaaaaaaa", "bbbbbbbbbb"]));
        assert_eq!(decoder.next_sentence().unwrap().unwrap().len(), 2);
        decoder.feed(&bytes_of(&["aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc"]));
        assert_eq!(
            decoder.next_sentence(),
            Err(DecodeError::SentenceTooLong { limit: 25 })
        );
    }

    #[test]
    fn refuses_sentences_with_too_many_words() {
        let mut decoder = Decoder::with_limits(Limits {
            max_word_len: 10,
            max_words: 2,
            max_sentence_len: 100,
        });
        decoder.feed(&bytes_of(&["a", "b", "c"]));
        assert_eq!(
            decoder.next_sentence(),
            Err(DecodeError::TooManyWords { limit: 2 })
        );
    }
}
