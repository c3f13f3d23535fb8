//! Property tests of the framing: round trips at every length boundary, arbitrary chunking,
//! and no panic on any input (the stable-toolchain twin of `fuzz/fuzz_targets/decode.rs`).

use proptest::prelude::*;
use routeros::codec::{decode_length, encode_length, encode_sentence, Decoder, Limits};
use routeros::Reply;

fn round_trip(words: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut bytes = Vec::new();
    encode_sentence(words, &mut bytes).unwrap();
    let mut decoder = Decoder::with_limits(Limits {
        max_word_len: u32::MAX,
        max_words: usize::MAX,
        max_sentence_len: usize::MAX,
    });
    decoder.feed(&bytes);
    let sentence = decoder.next_sentence().unwrap().unwrap();
    assert_eq!(decoder.pending_bytes(), 0);
    sentence
}

#[test]
fn words_round_trip_on_both_sides_of_every_length_boundary() {
    for boundary in [0x80usize, 0x4000, 0x20_0000, 0x1000_0000] {
        for len in [boundary - 1, boundary] {
            let word = vec![b'x'; len];
            let back = round_trip(std::slice::from_ref(&word));
            assert_eq!(back.len(), 1, "{len:#x}");
            assert_eq!(back[0].len(), len, "{len:#x}");
        }
    }
}

#[test]
fn the_prefix_grows_exactly_at_each_boundary() {
    let size = |len: u32| {
        let mut out = Vec::new();
        encode_length(len, &mut out);
        out.len()
    };
    assert_eq!((size(0x7F), size(0x80)), (1, 2));
    assert_eq!((size(0x3FFF), size(0x4000)), (2, 3));
    assert_eq!((size(0x1F_FFFF), size(0x20_0000)), (3, 4));
    assert_eq!((size(0x0FFF_FFFF), size(0x1000_0000)), (4, 5));
}

fn interesting_length() -> impl Strategy<Value = u32> {
    prop_oneof![
        0u32..0x100,
        (0x7Cu32..0x84),
        (0x3FFCu32..0x4004),
        (0x1F_FFFCu32..0x20_0004),
        (0x0FFF_FFFCu32..0x1000_0004),
        any::<u32>(),
    ]
}

proptest! {
    #[test]
    fn every_length_decodes_to_itself(len in interesting_length()) {
        let mut bytes = Vec::new();
        encode_length(len, &mut bytes);
        prop_assert_eq!(decode_length(&bytes), Ok(Some((len, bytes.len()))));
    }

    #[test]
    fn sentences_survive_any_chunking(
        words in prop::collection::vec(prop::collection::vec(any::<u8>(), 1..300), 0..12),
        cuts in prop::collection::vec(1usize..64, 1..40),
    ) {
        let mut bytes = Vec::new();
        encode_sentence(&words, &mut bytes).unwrap();
        encode_sentence(&words, &mut bytes).unwrap();
        let mut decoder = Decoder::new();
        let mut sentences = Vec::new();
        let mut rest = &bytes[..];
        let mut cut = cuts.iter().cycle();
        while !rest.is_empty() {
            let take = (*cut.next().unwrap()).min(rest.len());
            decoder.feed(&rest[..take]);
            rest = &rest[take..];
            while let Some(sentence) = decoder.next_sentence().unwrap() {
                sentences.push(sentence);
            }
        }
        prop_assert_eq!(sentences, vec![words.clone(), words]);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let mut decoder = Decoder::with_limits(Limits { max_word_len: 4096, max_words: 64, max_sentence_len: 16_384 });
        decoder.feed(&bytes);
        for _ in 0..bytes.len() + 1 {
            match decoder.next_sentence() {
                Ok(Some(sentence)) => { let _ = Reply::parse(&sentence); }
                Ok(None) | Err(_) => break,
            }
        }
    }

    #[test]
    fn text_words_round_trip(words in prop::collection::vec("[ -~]{1,80}", 1..10)) {
        let bytes: Vec<Vec<u8>> = words.iter().map(|w| w.as_bytes().to_vec()).collect();
        prop_assert_eq!(round_trip(&bytes), bytes);
    }
}
