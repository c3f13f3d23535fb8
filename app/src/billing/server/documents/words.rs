//! Amounts in words ("terbilang"), as a kwitansi states them beside the figure so the amount
//! cannot be altered by adding a digit.

use crate::i18n::Locale;

/// "seratus lima puluh ribu rupiah" / "one hundred fifty thousand rupiah".
pub fn amount_in_words(locale: Locale, amount: i64) -> String {
    let amount = amount.unsigned_abs();
    let words = match locale {
        Locale::Id => indonesian(amount),
        Locale::En => english(amount),
    };
    format!("{words} rupiah")
}

const ID_UNITS: [&str; 10] = [
    "", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
];

/// Below one thousand, without the leading "se-" forms handled by the caller's scale.
fn indonesian_hundreds(n: u64) -> String {
    let (hundreds, rest) = (n / 100, n % 100);
    let mut parts = Vec::new();
    match hundreds {
        0 => {}
        1 => parts.push("seratus".to_owned()),
        h => parts.push(format!("{} ratus", ID_UNITS[h as usize])),
    }
    match rest {
        0 => {}
        10 => parts.push("sepuluh".into()),
        11 => parts.push("sebelas".into()),
        12..=19 => parts.push(format!("{} belas", ID_UNITS[(rest - 10) as usize])),
        1..=9 => parts.push(ID_UNITS[rest as usize].into()),
        _ => {
            parts.push(format!("{} puluh", ID_UNITS[(rest / 10) as usize]));
            if rest % 10 > 0 {
                parts.push(ID_UNITS[(rest % 10) as usize].into());
            }
        }
    }
    parts.join(" ")
}

fn indonesian(n: u64) -> String {
    if n == 0 {
        return "nol".into();
    }
    const SCALES: [(u64, &str); 5] = [
        (1_000_000_000_000_000, "kuadriliun"),
        (1_000_000_000_000, "triliun"),
        (1_000_000_000, "miliar"),
        (1_000_000, "juta"),
        (1_000, "ribu"),
    ];
    let mut rest = n;
    let mut parts = Vec::new();
    for (scale, name) in SCALES {
        let count = rest / scale;
        rest %= scale;
        if count == 0 {
            continue;
        }
        if count == 1 && scale == 1_000 {
            // 1.000 is "seribu", never "satu ribu".
            parts.push("seribu".to_owned());
        } else if count >= 1_000 {
            parts.push(format!("{} {name}", indonesian(count)));
        } else {
            parts.push(format!("{} {name}", indonesian_hundreds(count)));
        }
    }
    if rest > 0 {
        parts.push(indonesian_hundreds(rest));
    }
    parts.join(" ")
}

const EN_UNITS: [&str; 20] = [
    "",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const EN_TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

fn english_hundreds(n: u64) -> String {
    let (hundreds, rest) = (n / 100, n % 100);
    let mut parts = Vec::new();
    if hundreds > 0 {
        parts.push(format!("{} hundred", EN_UNITS[hundreds as usize]));
    }
    match rest {
        0 => {}
        1..=19 => parts.push(EN_UNITS[rest as usize].into()),
        _ if rest % 10 == 0 => parts.push(EN_TENS[(rest / 10) as usize].into()),
        _ => parts.push(format!(
            "{}-{}",
            EN_TENS[(rest / 10) as usize],
            EN_UNITS[(rest % 10) as usize]
        )),
    }
    parts.join(" ")
}

fn english(n: u64) -> String {
    if n == 0 {
        return "zero".into();
    }
    const SCALES: [(u64, &str); 5] = [
        (1_000_000_000_000_000, "quadrillion"),
        (1_000_000_000_000, "trillion"),
        (1_000_000_000, "billion"),
        (1_000_000, "million"),
        (1_000, "thousand"),
    ];
    let mut rest = n;
    let mut parts = Vec::new();
    for (scale, name) in SCALES {
        let count = rest / scale;
        rest %= scale;
        if count >= 1_000 {
            parts.push(format!("{} {name}", english(count)));
        } else if count > 0 {
            parts.push(format!("{} {name}", english_hundreds(count)));
        }
    }
    if rest > 0 {
        parts.push(english_hundreds(rest));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_follows_the_se_forms_and_belas_puluh() {
        let cases = [
            (0, "nol"),
            (1, "satu"),
            (10, "sepuluh"),
            (11, "sebelas"),
            (15, "lima belas"),
            (21, "dua puluh satu"),
            (100, "seratus"),
            (115, "seratus lima belas"),
            (1_000, "seribu"),
            (1_100, "seribu seratus"),
            (2_500, "dua ribu lima ratus"),
            (11_000, "sebelas ribu"),
            (100_000, "seratus ribu"),
            (150_000, "seratus lima puluh ribu"),
            (166_500, "seratus enam puluh enam ribu lima ratus"),
            (1_000_000, "satu juta"),
            (5_000_001, "lima juta satu"),
            (2_001_000_000, "dua miliar satu juta"),
            (1_000_000_000_000, "satu triliun"),
        ];
        for (amount, words) in cases {
            assert_eq!(indonesian(amount), words, "{amount}");
        }
        assert_eq!(
            amount_in_words(Locale::Id, 166_500),
            "seratus enam puluh enam ribu lima ratus rupiah"
        );
    }

    #[test]
    fn english_uses_hyphenated_tens() {
        let cases = [
            (0, "zero"),
            (13, "thirteen"),
            (40, "forty"),
            (99, "ninety-nine"),
            (166_500, "one hundred sixty-six thousand five hundred"),
            (1_000_001, "one million one"),
            (5_250_000_000, "five billion two hundred fifty million"),
        ];
        for (amount, words) in cases {
            assert_eq!(english(amount), words, "{amount}");
        }
        assert_eq!(amount_in_words(Locale::En, -40), "forty rupiah");
    }

    #[test]
    fn the_largest_amounts_still_read_as_words() {
        let words = indonesian(i64::MAX as u64);
        assert!(
            words.starts_with("sembilan ribu dua ratus dua puluh tiga kuadriliun"),
            "{words}"
        );
        assert!(!english(u64::MAX).is_empty());
    }
}
