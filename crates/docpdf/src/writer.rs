//! Serialises a document to PDF 1.7: objects, a cross-reference table, Type 0 fonts with
//! subsetted TrueType programs and ToUnicode maps (so text can be searched and copied).

use crate::font::Weight;
use crate::image::Image;
use crate::page::{Color, Op, Page, A4_HEIGHT};
use crate::{Document, PT_PER_MM};
use std::collections::BTreeMap;
use std::fmt::Write as _;

pub(crate) fn compress(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(bytes, 6)
}

/// Object numbers are handed out up front, bodies filled in later.
struct Objects {
    bodies: Vec<Option<Vec<u8>>>,
}

impl Objects {
    fn reserve(&mut self) -> usize {
        self.bodies.push(None);
        self.bodies.len()
    }

    fn set(&mut self, id: usize, body: Vec<u8>) {
        self.bodies[id - 1] = Some(body);
    }

    fn add(&mut self, body: Vec<u8>) -> usize {
        let id = self.reserve();
        self.set(id, body);
        id
    }
}

fn dictionary(text: String) -> Vec<u8> {
    text.into_bytes()
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// A text string as UTF-16BE with a byte-order mark, which every reader accepts.
fn text_string(text: &str) -> String {
    let mut out = String::from("<FEFF");
    for unit in text.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push('>');
    out
}

fn number(value: f32) -> String {
    let rounded = (value * 1000.0).round() / 1000.0;
    if rounded == rounded.trunc() {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

fn pt(mm: f32) -> String {
    number(mm * PT_PER_MM)
}

/// PDF y runs upwards from the bottom of the page.
fn pt_y(mm_from_top: f32) -> String {
    number((A4_HEIGHT - mm_from_top) * PT_PER_MM)
}

fn rgb(color: Color) -> String {
    let c = |v: u8| number(f32::from(v) / 255.0);
    format!("{} {} {}", c(color.0), c(color.1), c(color.2))
}

/// The glyphs each face used, with the character each stands for.
type UsedGlyphs = [BTreeMap<u16, char>; 2];

fn content(page: &Page, used: &mut UsedGlyphs) -> String {
    let mut out = String::new();
    for op in &page.ops {
        match op {
            Op::Text {
                x,
                baseline,
                style,
                text,
            } => {
                let face = style.weight.face();
                let glyphs = &mut used[style.weight.index()];
                let mut hex = String::with_capacity(text.len() * 4);
                for c in text.chars() {
                    let (glyph, shown) = face.glyph(c);
                    glyphs.entry(glyph).or_insert(shown);
                    let _ = write!(hex, "{glyph:04X}");
                }
                let _ = writeln!(
                    out,
                    "BT /F{} {} Tf {} rg 1 0 0 1 {} {} Tm <{hex}> Tj ET",
                    style.weight.index() + 1,
                    number(style.size),
                    rgb(style.color),
                    pt(*x),
                    pt_y(*baseline),
                );
            }
            Op::Rect {
                x,
                y,
                width,
                height,
                fill,
                stroke,
            } => {
                let path = format!(
                    "{} {} {} {} re",
                    pt(*x),
                    pt_y(y + height),
                    pt(*width),
                    pt(*height)
                );
                if let Some(color) = fill {
                    let _ = writeln!(out, "{} rg {path} f", rgb(*color));
                }
                if let Some((color, line)) = stroke {
                    let _ = writeln!(out, "{} RG {} w {path} S", rgb(*color), pt(*line));
                }
            }
            Op::Line {
                from,
                to,
                color,
                width,
            } => {
                let _ = writeln!(
                    out,
                    "{} RG {} w {} {} m {} {} l S",
                    rgb(*color),
                    pt(*width),
                    pt(from.0),
                    pt_y(from.1),
                    pt(to.0),
                    pt_y(to.1)
                );
            }
            Op::Image {
                id,
                x,
                y,
                width,
                height,
            } => {
                let _ = writeln!(
                    out,
                    "q {} 0 0 {} {} {} cm /Im{} Do Q",
                    pt(*width),
                    pt(*height),
                    pt(*x),
                    pt_y(y + height),
                    id.0 + 1
                );
            }
            Op::Modules { x, y, module, dark } => {
                out.push_str("0 0 0 rg\n");
                for (column, row) in dark {
                    let _ = writeln!(
                        out,
                        "{} {} {} {} re",
                        pt(x + *column as f32 * module),
                        pt_y(y + (*row + 1) as f32 * module),
                        pt(*module),
                        pt(*module)
                    );
                }
                out.push_str("f\n");
            }
        }
    }
    out
}

fn write_image(objects: &mut Objects, image: &Image) -> usize {
    let mut dict = format!(
        "/Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace {} /BitsPerComponent 8 /Filter {}",
        image.width,
        image.height,
        image.color.pdf_name(),
        image.filter
    );
    if image.inverted {
        dict.push_str(" /Decode [1 0 1 0 1 0 1 0]");
    }
    if let Some(alpha) = &image.alpha {
        let mask = objects.add(stream(
            &format!(
                "/Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
                image.width, image.height
            ),
            alpha,
        ));
        let _ = write!(dict, " /SMask {mask} 0 R");
    }
    objects.add(stream(&dict, &image.data))
}

/// The ToUnicode map: glyph id (our character code under Identity-H) → character.
fn to_unicode(glyphs: &BTreeMap<u16, char>) -> String {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<_> = glyphs.iter().collect();
    for chunk in entries.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for (glyph, c) in chunk {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            let _ = writeln!(out, "<{glyph:04X}> <{hex}>");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// A six-letter subset tag derived from the glyphs, as the PDF spec asks for subsets.
fn subset_tag(weight: Weight, glyphs: &BTreeMap<u16, char>) -> String {
    let mut hash: u32 = 2166136261 ^ weight.index() as u32;
    for glyph in glyphs.keys() {
        hash = (hash ^ u32::from(*glyph)).wrapping_mul(16777619);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((hash >> (i * 5)) % 26) as u8))
        .collect()
}

fn write_font(objects: &mut Objects, id: usize, weight: Weight, glyphs: &BTreeMap<u16, char>) {
    let face = weight.face();
    let mut glyph_ids: Vec<u16> = glyphs.keys().copied().collect();
    // Glyph 0 (.notdef) must stay in every font program.
    glyph_ids.insert(0, 0);
    // The subsetter keeps glyph ids (it empties the outlines of the others), so the ids in
    // the content streams stay valid; should it fail, the whole font is embedded instead.
    let program = subsetter::subset(face.data, 0, subsetter::Profile::pdf(&glyph_ids))
        .unwrap_or_else(|_| face.data.to_vec());
    let file = objects.add(stream(
        &format!("/Length1 {} /Filter /FlateDecode", program.len()),
        &compress(&program),
    ));
    let name = format!("{}+{}", subset_tag(weight, glyphs), face.postscript_name);
    let flags = 32; // nonsymbolic
    let descriptor = objects.add(dictionary(format!(
        "<< /Type /FontDescriptor /FontName /{name} /Flags {flags} /FontBBox [{} {} {} {}] \
         /ItalicAngle {} /Ascent {} /Descent {} /CapHeight {} /StemV {} /FontFile2 {file} 0 R >>",
        number(face.scaled(face.bbox[0])),
        number(face.scaled(face.bbox[1])),
        number(face.scaled(face.bbox[2])),
        number(face.scaled(face.bbox[3])),
        number(face.italic_angle),
        number(face.scaled(face.ascender)),
        number(face.scaled(face.descender)),
        number(face.scaled(face.cap_height)),
        if weight == Weight::Bold { 120 } else { 80 },
    )));
    let mut widths = String::new();
    for glyph in glyphs.keys() {
        let _ = write!(
            widths,
            "{glyph} [{}] ",
            number(face.advance_thousandths(*glyph))
        );
    }
    let cid_font = objects.add(dictionary(format!(
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} \
         /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
         /FontDescriptor {descriptor} 0 R /DW 1000 /W [{widths}] /CIDToGIDMap /Identity >>"
    )));
    let cmap = to_unicode(glyphs);
    let unicode = objects.add(stream("/Filter /FlateDecode", &compress(cmap.as_bytes())));
    objects.set(
        id,
        dictionary(format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H \
             /DescendantFonts [{cid_font} 0 R] /ToUnicode {unicode} 0 R >>"
        )),
    );
}

pub(crate) fn render(document: &Document) -> Vec<u8> {
    let mut objects = Objects { bodies: Vec::new() };
    let catalog = objects.reserve();
    let pages = objects.reserve();
    let fonts = [objects.reserve(), objects.reserve()];
    let images: Vec<usize> = document
        .images
        .iter()
        .map(|image| write_image(&mut objects, image))
        .collect();
    let mut used: UsedGlyphs = [BTreeMap::new(), BTreeMap::new()];
    let mut resources = String::from("/Font << /F1 ");
    let _ = write!(resources, "{} 0 R /F2 {} 0 R >>", fonts[0], fonts[1]);
    if !images.is_empty() {
        resources.push_str(" /XObject <<");
        for (index, id) in images.iter().enumerate() {
            let _ = write!(resources, " /Im{} {id} 0 R", index + 1);
        }
        resources.push_str(" >>");
    }
    let mut kids = Vec::new();
    let page_list: Vec<Page> = if document.pages.is_empty() {
        vec![Page::new()]
    } else {
        document.pages.clone()
    };
    for page in &page_list {
        let ops = content(page, &mut used);
        let contents = objects.add(stream("/Filter /FlateDecode", &compress(ops.as_bytes())));
        kids.push(objects.add(dictionary(format!(
            "<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 {} {}] \
             /Resources << {resources} >> /Contents {contents} 0 R >>",
            pt(crate::page::A4_WIDTH),
            pt(A4_HEIGHT)
        ))));
    }
    for weight in Weight::ALL {
        write_font(
            &mut objects,
            fonts[weight.index()],
            weight,
            &used[weight.index()],
        );
    }
    let kid_refs: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
    objects.set(
        pages,
        dictionary(format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kid_refs.join(" "),
            kids.len()
        )),
    );
    objects.set(
        catalog,
        dictionary(format!(
            "<< /Type /Catalog /Pages {pages} 0 R /Lang {} >>",
            text_string(&document.language)
        )),
    );
    let mut info = format!(
        "<< /Title {} /Producer {}",
        text_string(&document.title),
        text_string("Simpul docpdf")
    );
    if let Some(created) = &document.created {
        let _ = write!(info, " /CreationDate (D:{created})");
    }
    if !document.author.is_empty() {
        let _ = write!(info, " /Author {}", text_string(&document.author));
    }
    info.push_str(" >>");
    let info = objects.add(dictionary(info));

    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.bodies.len());
    for (index, body) in objects.bodies.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        out.extend_from_slice(body.as_deref().unwrap_or(b"null"));
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1);
    for offset in offsets {
        let _ = writeln!(table, "{offset:010} 00000 n ");
    }
    let id = subset_tag(Weight::Regular, &BTreeMap::from([(0, ' ')]));
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root {catalog} 0 R /Info {info} 0 R /ID [<{}> <{}>] >>\nstartxref\n{xref}\n%%EOF\n",
        objects.bodies.len() + 1,
        hex_id(&document.title, &id),
        hex_id(&document.title, &id),
    );
    out.extend_from_slice(table.as_bytes());
    out
}

/// A file identifier from the title (stable for the same document).
fn hex_id(title: &str, salt: &str) -> String {
    let mut hash: u64 = 14695981039346656037;
    for byte in title.bytes().chain(salt.bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(1099511628211);
    }
    format!(
        "{hash:016X}{:016X}",
        hash.rotate_left(29) ^ 0x9E37_79B9_7F4A_7C15
    )
}

#[cfg(test)]
pub(crate) mod tests {
    pub fn inflate(bytes: &[u8]) -> Vec<u8> {
        miniz_oxide::inflate::decompress_to_vec_zlib(bytes).unwrap()
    }

    #[test]
    fn numbers_are_short_and_exact_enough() {
        assert_eq!(super::number(12.0), "12");
        assert_eq!(super::number(0.5), "0.5");
        assert_eq!(super::number(1.23456), "1.235");
        assert_eq!(super::number(-3.0), "-3");
    }

    #[test]
    fn text_strings_are_utf16_with_a_bom() {
        assert_eq!(super::text_string("Rp"), "<FEFF00520070>");
    }
}
