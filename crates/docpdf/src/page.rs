//! What is drawn on a page, in millimetres from the top-left corner of an A4 sheet (the
//! writer turns it into PDF points from the bottom-left).

use crate::font::{text_width, Weight};
use crate::image::ImageId;

pub const A4_WIDTH: f32 = 210.0;
pub const A4_HEIGHT: f32 = 297.0;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Color(pub u8, pub u8, pub u8);

impl Color {
    pub const BLACK: Color = Color(0, 0, 0);
    pub const WHITE: Color = Color(255, 255, 255);
}

/// How a run of text looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextStyle {
    pub weight: Weight,
    /// Points.
    pub size: f32,
    pub color: Color,
}

impl TextStyle {
    pub const fn new(weight: Weight, size: f32) -> TextStyle {
        TextStyle {
            weight,
            size,
            color: Color::BLACK,
        }
    }

    pub const fn color(self, color: Color) -> TextStyle {
        TextStyle { color, ..self }
    }

    /// Width of `text` in this style, millimetres.
    pub fn width(&self, text: &str) -> f32 {
        text_width(self.weight, self.size, text)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Op {
    Text {
        x: f32,
        baseline: f32,
        style: TextStyle,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        fill: Option<Color>,
        stroke: Option<(Color, f32)>,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        color: Color,
        width: f32,
    },
    Image {
        id: ImageId,
        x: f32,
        y: f32,
        width: f32,
        height: f32,
    },
    /// Dark modules of a QR code as one filled path.
    Modules {
        x: f32,
        y: f32,
        module: f32,
        dark: Vec<(u32, u32)>,
    },
}

/// One A4 page being drawn.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub(crate) ops: Vec<Op>,
}

impl Page {
    pub fn new() -> Page {
        Page::default()
    }

    /// Text starting at `x` with its baseline at `baseline`.
    pub fn text(&mut self, x: f32, baseline: f32, style: TextStyle, text: &str) {
        if text.is_empty() {
            return;
        }
        self.ops.push(Op::Text {
            x,
            baseline,
            style,
            text: text.to_owned(),
        });
    }

    /// Text ending at `right` (numbers in a column).
    pub fn text_right(&mut self, right: f32, baseline: f32, style: TextStyle, text: &str) {
        self.text(right - style.width(text), baseline, style, text);
    }

    /// Text centred on `center`.
    pub fn text_center(&mut self, center: f32, baseline: f32, style: TextStyle, text: &str) {
        self.text(center - style.width(text) / 2.0, baseline, style, text);
    }

    pub fn fill_rect(&mut self, x: f32, y: f32, width: f32, height: f32, color: Color) {
        self.ops.push(Op::Rect {
            x,
            y,
            width,
            height,
            fill: Some(color),
            stroke: None,
        });
    }

    pub fn stroke_rect(
        &mut self,
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        color: Color,
        line: f32,
    ) {
        self.ops.push(Op::Rect {
            x,
            y,
            width,
            height,
            fill: None,
            stroke: Some((color, line)),
        });
    }

    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), color: Color, width: f32) {
        self.ops.push(Op::Line {
            from,
            to,
            color,
            width,
        });
    }

    /// An image added to the document, stretched to the box.
    pub fn image(&mut self, id: ImageId, x: f32, y: f32, width: f32, height: f32) {
        self.ops.push(Op::Image {
            id,
            x,
            y,
            width,
            height,
        });
    }

    /// A QR code for `payload` (error correction M, four-module quiet zone included in
    /// `size`). Returns false, drawing nothing, when the payload is too long for any QR
    /// version.
    pub fn qr(&mut self, payload: &str, x: f32, y: f32, size: f32) -> bool {
        use qrcode::{Color as Module, EcLevel, QrCode};
        let Ok(code) = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M) else {
            return false;
        };
        let width = code.width();
        let quiet = 4;
        let module = size / (width + 2 * quiet) as f32;
        let dark = code
            .to_colors()
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == Module::Dark)
            .map(|(i, _)| ((i % width + quiet) as u32, (i / width + quiet) as u32))
            .collect();
        self.fill_rect(x, y, size, size, Color::WHITE);
        self.ops.push(Op::Modules { x, y, module, dark });
        true
    }

    /// The texts drawn on this page, in drawing order (what tests and previews read).
    pub fn texts(&self) -> Vec<&str> {
        self.ops
            .iter()
            .filter_map(|op| match op {
                Op::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_aligned_text_ends_at_the_edge() {
        let mut page = Page::new();
        let style = TextStyle::new(Weight::Regular, 9.0);
        page.text_right(100.0, 20.0, style, "Rp150.000");
        let Op::Text { x, .. } = &page.ops[0] else {
            panic!("text expected")
        };
        assert!((x + style.width("Rp150.000") - 100.0).abs() < 1e-3);
    }

    #[test]
    fn empty_text_draws_nothing() {
        let mut page = Page::new();
        page.text(0.0, 0.0, TextStyle::new(Weight::Bold, 9.0), "");
        assert!(page.ops.is_empty());
    }

    #[test]
    fn a_qr_code_fills_its_box_and_refuses_what_cannot_be_encoded() {
        let mut page = Page::new();
        assert!(page.qr(
            "https://isp.example/portal/pay?invoice=42",
            10.0,
            10.0,
            30.0
        ));
        let Some(Op::Modules { module, dark, .. }) = page.ops.last() else {
            panic!("modules expected")
        };
        let width = qrcode::QrCode::with_error_correction_level(
            "https://isp.example/portal/pay?invoice=42",
            qrcode::EcLevel::M,
        )
        .unwrap()
        .width() as f32;
        // The code plus the quiet zone on both sides spans the box.
        assert!((module * (width + 8.0) - 30.0).abs() < 1e-3, "{module}");
        assert!(dark.contains(&(4, 4)), "finder pattern's corner");
        assert!(!dark.contains(&(0, 0)), "quiet zone");
        let before = page.ops.len();
        assert!(!page.qr(&"9".repeat(8000), 0.0, 0.0, 10.0));
        assert_eq!(page.ops.len(), before);
    }
}
