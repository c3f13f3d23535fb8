//! The two faces every document uses, shipped inside the crate (DejaVu Sans, see
//! `fonts/LICENSE`): no system font is ever looked up, so a PDF renders the same on every
//! server.

use std::sync::OnceLock;
use ttf_parser::{Face, GlyphId};

/// Which face a run of text is set in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Weight {
    Regular,
    Bold,
}

impl Weight {
    pub(crate) const ALL: [Weight; 2] = [Weight::Regular, Weight::Bold];

    pub(crate) fn index(self) -> usize {
        match self {
            Weight::Regular => 0,
            Weight::Bold => 1,
        }
    }

    pub(crate) fn face(self) -> &'static FontFace {
        static FACES: OnceLock<[FontFace; 2]> = OnceLock::new();
        &FACES.get_or_init(|| {
            [
                FontFace::parse(include_bytes!("../fonts/DejaVuSans.ttf"), "DejaVuSans"),
                FontFace::parse(
                    include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
                    "DejaVuSans-Bold",
                ),
            ]
        })[self.index()]
    }
}

/// A parsed face with the metrics a PDF font descriptor needs, in font units.
pub(crate) struct FontFace {
    pub data: &'static [u8],
    pub face: Face<'static>,
    pub postscript_name: &'static str,
    pub units_per_em: f32,
    pub ascender: i16,
    pub descender: i16,
    pub cap_height: i16,
    pub bbox: [i16; 4],
    pub italic_angle: f32,
}

impl FontFace {
    fn parse(data: &'static [u8], postscript_name: &'static str) -> FontFace {
        // The bytes are part of the crate and checked by its tests; failing here means the
        // build itself is broken.
        let face = Face::parse(data, 0).expect("the bundled font parses");
        let rect = face.global_bounding_box();
        FontFace {
            data,
            postscript_name,
            units_per_em: f32::from(face.units_per_em()),
            ascender: face.ascender(),
            descender: face.descender(),
            cap_height: face.capital_height().unwrap_or(face.ascender()),
            bbox: [rect.x_min, rect.y_min, rect.x_max, rect.y_max],
            italic_angle: face.italic_angle(),
            face,
        }
    }

    /// The glyph for a character; characters the face lacks are drawn as a question mark
    /// (never as an invisible "tofu" that would hide a wrong amount or name).
    pub fn glyph(&self, c: char) -> (u16, char) {
        let c = match c {
            '\t' | '\n' | '\r' => ' ',
            other => other,
        };
        match self.face.glyph_index(c) {
            Some(GlyphId(id)) => (id, c),
            None => (self.face.glyph_index('?').map(|g| g.0).unwrap_or(0), '?'),
        }
    }

    /// Advance width of a glyph in font units.
    pub fn advance(&self, glyph: u16) -> u16 {
        self.face.glyph_hor_advance(GlyphId(glyph)).unwrap_or(0)
    }

    /// Advance width of a glyph in thousandths of the font size (the PDF `W` unit).
    pub fn advance_thousandths(&self, glyph: u16) -> f32 {
        f32::from(self.advance(glyph)) * 1000.0 / self.units_per_em
    }

    /// Units scaled to thousandths of the size.
    pub fn scaled(&self, units: i16) -> f32 {
        f32::from(units) * 1000.0 / self.units_per_em
    }
}

/// Width of `text` set in `weight` at `size` points, in millimetres.
pub fn text_width(weight: Weight, size: f32, text: &str) -> f32 {
    let face = weight.face();
    let units: u32 = text
        .chars()
        .map(|c| u32::from(face.advance(face.glyph(c).0)))
        .sum();
    units as f32 / face.units_per_em * size * crate::MM_PER_PT
}

/// Splits `text` into lines no wider than `max_width` millimetres, breaking at spaces and,
/// for a word wider than a whole line, inside the word. Explicit newlines are kept.
pub fn wrap(weight: Weight, size: f32, text: &str, max_width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if text_width(weight, size, &candidate) <= max_width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone may still be too wide: cut it where it overflows.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if text_width(weight, size, &piece) > max_width && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(c);
                }
            }
            line = piece;
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_faces_parse_and_cover_indonesian_text() {
        for weight in Weight::ALL {
            let face = weight.face();
            assert_eq!(face.units_per_em, 2048.0);
            for c in "Rp150.000 Tagihan Januari–Desember ±é ü".chars() {
                assert_eq!(face.glyph(c).1, c, "{c} is in {}", face.postscript_name);
            }
        }
    }

    #[test]
    fn missing_characters_become_a_visible_question_mark() {
        let face = Weight::Regular.face();
        assert_eq!(face.glyph('\u{10FFFD}').1, '?');
        assert_eq!(face.glyph('\n').1, ' ');
    }

    #[test]
    fn widths_scale_with_size_and_bold_is_wider() {
        let regular = text_width(Weight::Regular, 10.0, "Tagihan");
        assert!(regular > 10.0 && regular < 20.0, "{regular}");
        assert!((text_width(Weight::Regular, 20.0, "Tagihan") - 2.0 * regular).abs() < 1e-3);
        assert!(text_width(Weight::Bold, 10.0, "Tagihan") > regular);
        assert_eq!(text_width(Weight::Regular, 10.0, ""), 0.0);
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_inside_overlong_words() {
        let lines = wrap(
            Weight::Regular,
            10.0,
            "Jl. Merdeka No. 10, Kelurahan Sukamaju, Kecamatan Cibeunying",
            40.0,
        );
        assert!(lines.len() > 1, "{lines:?}");
        for line in &lines {
            assert!(text_width(Weight::Regular, 10.0, line) <= 40.0, "{line}");
        }
        assert_eq!(
            lines.join(" "),
            "Jl. Merdeka No. 10, Kelurahan Sukamaju, Kecamatan Cibeunying"
        );
        let long = wrap(Weight::Regular, 10.0, &"x".repeat(100), 20.0);
        assert!(long.len() > 2);
        assert_eq!(long.concat(), "x".repeat(100));
        assert_eq!(wrap(Weight::Regular, 10.0, "a\nb", 50.0), vec!["a", "b"]);
    }
}
