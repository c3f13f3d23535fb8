#![no_main]
//! Feeds arbitrary bytes, split at an arbitrary point, to the decoder and parses every
//! sentence it yields as a reply and as a request: none of it may panic.

use libfuzzer_sys::fuzz_target;
use routeros::codec::{Decoder, Limits};
use routeros::{Reply, Request};

fuzz_target!(|data: &[u8]| {
    let split = data.first().map_or(0, |&b| b as usize).min(data.len());
    let mut decoder = Decoder::with_limits(Limits { max_word_len: 1 << 16, max_words: 1024, max_sentence_len: 1 << 20 });
    decoder.feed(&data[..split]);
    let mut drain = |decoder: &mut Decoder| {
        while let Ok(Some(sentence)) = decoder.next_sentence() {
            let _ = Reply::parse(&sentence);
            let words: Vec<String> = sentence.iter().map(|w| routeros::proto::word_text(w)).collect();
            let _ = Request::parse(&words);
        }
    };
    drain(&mut decoder);
    decoder.feed(&data[split..]);
    drain(&mut decoder);
});
