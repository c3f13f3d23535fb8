//! A small PDF writer for business documents (invoices, receipts, credit notes).
//!
//! Pages are A4 and drawn in millimetres from the top-left corner. Text is set in DejaVu
//! Sans (regular and bold), which ships inside this crate: nothing is looked up on the
//! system or fetched at run time. Fonts are embedded as subsets with ToUnicode maps, so the
//! PDF is small, prints the same everywhere, and its text can be searched and copied.
//!
//! ```
//! use docpdf::{Document, Page, TextStyle, Weight};
//! let mut doc = Document::new("Invoice INV/2026/12/000001", "id");
//! let mut page = Page::new();
//! page.text(20.0, 30.0, TextStyle::new(Weight::Bold, 16.0), "TAGIHAN");
//! doc.push(page);
//! let pdf = doc.render();
//! assert!(pdf.starts_with(b"%PDF-1.7"));
//! ```

mod font;
mod image;
pub mod inspect;
mod page;
mod writer;

pub use font::{text_width, wrap, Weight};
pub use image::{ImageError, ImageId};
pub use page::{Color, Page, TextStyle, A4_HEIGHT, A4_WIDTH};

/// Points per millimetre (1 pt = 1/72 in).
pub const PT_PER_MM: f32 = 72.0 / 25.4;
/// Millimetres per point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

/// A document being built: its pages and the images they show.
#[derive(Clone, Debug)]
pub struct Document {
    title: String,
    /// BCP 47 language of the text ("id", "en"), for screen readers.
    language: String,
    author: String,
    /// `YYYYMMDDHHmmSSZ`, or none for a byte-identical file every time.
    created: Option<String>,
    pages: Vec<Page>,
    images: Vec<image::Image>,
}

impl Document {
    pub fn new(title: &str, language: &str) -> Document {
        Document {
            title: title.to_owned(),
            language: language.to_owned(),
            author: String::new(),
            created: None,
            pages: Vec::new(),
            images: Vec::new(),
        }
    }

    pub fn author(mut self, author: &str) -> Document {
        self.author = author.to_owned();
        self
    }

    /// The creation time shown in the reader's document properties.
    pub fn created(mut self, at: chrono_free::Timestamp) -> Document {
        self.created = Some(at.pdf_date());
        self
    }

    /// Adds a PNG or JPEG, to place on pages with [`Page::image`]. Also returns its size in
    /// pixels, for keeping the aspect ratio.
    pub fn add_image(&mut self, bytes: &[u8]) -> Result<(ImageId, u32, u32), ImageError> {
        let image = image::decode(bytes)?;
        let size = (image.width, image.height);
        self.images.push(image);
        Ok((ImageId(self.images.len() - 1), size.0, size.1))
    }

    pub fn push(&mut self, page: Page) {
        self.pages.push(page);
    }

    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    /// The PDF file. A document without pages gets one empty page.
    pub fn render(&self) -> Vec<u8> {
        writer::render(self)
    }
}

/// Checks that a PNG or JPEG can be embedded, without building a document (for validating
/// an upload).
pub fn check_image(bytes: &[u8]) -> Result<(u32, u32), ImageError> {
    image::decode(bytes).map(|i| (i.width, i.height))
}

/// Creation times without pulling a date library into this crate.
pub mod chrono_free {
    /// A UTC time, broken down.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Timestamp {
        pub year: i32,
        pub month: u32,
        pub day: u32,
        pub hour: u32,
        pub minute: u32,
        pub second: u32,
    }

    impl Timestamp {
        pub(crate) fn pdf_date(&self) -> String {
            format!(
                "{:04}{:02}{:02}{:02}{:02}{:02}Z",
                self.year, self.month, self.day, self.hour, self.minute, self.second
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Document {
        let mut doc = Document::new("Tagihan INV/2026/12/000123", "id").author("PT Simpul Net");
        let (logo, _, _) = doc.add_image(&image::tests::rgba_png()).unwrap();
        let mut first = Page::new();
        first.image(logo, 20.0, 15.0, 20.0, 10.0);
        first.text(20.0, 40.0, TextStyle::new(Weight::Bold, 16.0), "TAGIHAN");
        first.text_right(
            190.0,
            40.0,
            TextStyle::new(Weight::Regular, 10.0),
            "Rp150.000",
        );
        first.line((20.0, 45.0), (190.0, 45.0), Color(200, 200, 200), 0.3);
        first.stroke_rect(20.0, 50.0, 170.0, 20.0, Color::BLACK, 0.2);
        first.fill_rect(20.0, 75.0, 170.0, 8.0, Color(240, 240, 240));
        assert!(first.qr(
            "https://isp.example/portal/pay?invoice=123",
            150.0,
            90.0,
            35.0
        ));
        doc.push(first);
        let mut second = Page::new();
        second.text(
            20.0,
            30.0,
            TextStyle::new(Weight::Regular, 9.0).color(Color(80, 80, 80)),
            "Halaman 2 – Jl. Ir. H. Juanda № 5",
        );
        doc.push(second);
        doc
    }

    #[test]
    fn text_reads_back_through_the_embedded_fonts() {
        let pdf = sample().render();
        let pages = inspect::page_texts(&pdf).unwrap();
        assert_eq!(
            pages,
            vec![
                vec!["TAGIHAN".to_owned(), "Rp150.000".to_owned()],
                vec!["Halaman 2 – Jl. Ir. H. Juanda № 5".to_owned()],
            ]
        );
    }

    #[test]
    fn fonts_are_embedded_as_small_subsets() {
        let pdf = sample().render();
        let text = String::from_utf8_lossy(&pdf);
        assert_eq!(text.matches("/FontFile2").count(), 2, "both faces embedded");
        assert!(text.contains("+DejaVuSans-Bold"), "subset tag on the name");
        assert!(text.contains("/Encoding /Identity-H"));
        // The two whole faces are 1.4 MB; their subsets, compressed, a small part of it.
        assert!(pdf.len() < 200_000, "{} bytes", pdf.len());
    }

    #[test]
    fn images_carry_their_soft_mask() {
        let text = String::from_utf8_lossy(&sample().render()).into_owned();
        assert!(text.contains("/Subtype /Image /Width 4 /Height 2 /ColorSpace /DeviceRGB"));
        assert!(text.contains("/SMask"));
        assert!(text.contains("/Im1 Do") || text.contains("/XObject << /Im1"));
    }

    #[test]
    fn the_same_document_renders_to_the_same_bytes() {
        assert_eq!(sample().render(), sample().render());
        let dated = sample().created(chrono_free::Timestamp {
            year: 2026,
            month: 12,
            day: 5,
            hour: 1,
            minute: 2,
            second: 3,
        });
        assert!(
            String::from_utf8_lossy(&dated.render()).contains("/CreationDate (D:20261205010203Z)")
        );
    }

    #[test]
    fn an_empty_document_is_still_a_valid_one_page_pdf() {
        let pdf = Document::new("x", "en").render();
        assert_eq!(
            inspect::page_texts(&pdf).unwrap(),
            vec![Vec::<String>::new()]
        );
    }

    #[test]
    fn the_inspector_rejects_broken_files() {
        let mut pdf = sample().render();
        assert!(inspect::page_texts(&pdf[..pdf.len() - 10]).is_err());
        // Shift every object: the xref no longer points at them.
        pdf.splice(15..15, *b"  ");
        assert!(inspect::page_texts(&pdf).is_err());
    }

    #[test]
    fn uploads_are_checked_before_they_reach_a_document() {
        assert_eq!(check_image(&image::tests::jpeg_header()), Ok((3, 2)));
        assert!(check_image(b"<svg/>").is_err());
    }
}
