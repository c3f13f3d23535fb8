//! Images a document can show (an ISP's logo): JPEG passes through untouched, PNG is
//! decoded and recompressed, its alpha channel becoming a soft mask.

use std::fmt;

/// An image added to a document, to place on its pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ImageId(pub(crate) usize);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageError {
    /// Neither a PNG nor a baseline/progressive JPEG.
    UnknownFormat,
    /// The bytes claim a format but do not decode.
    Damaged(String),
    /// Too large to embed in a document.
    TooLarge,
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageError::UnknownFormat => f.write_str("not a PNG or JPEG image"),
            ImageError::Damaged(why) => write!(f, "the image does not decode: {why}"),
            ImageError::TooLarge => f.write_str("the image is larger than 4000 × 4000 pixels"),
        }
    }
}

impl std::error::Error for ImageError {}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ColorSpace {
    Gray,
    Rgb,
    Cmyk,
}

impl ColorSpace {
    pub fn pdf_name(&self) -> &'static str {
        match self {
            ColorSpace::Gray => "/DeviceGray",
            ColorSpace::Rgb => "/DeviceRGB",
            ColorSpace::Cmyk => "/DeviceCMYK",
        }
    }
}

/// An image ready to be written as a PDF XObject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Image {
    pub width: u32,
    pub height: u32,
    pub color: ColorSpace,
    /// `/DCTDecode` (JPEG as is) or `/FlateDecode` (8-bit samples, zlib).
    pub filter: &'static str,
    pub data: Vec<u8>,
    /// 8-bit alpha, zlib-compressed.
    pub alpha: Option<Vec<u8>>,
    /// Adobe CMYK JPEGs store inverted samples.
    pub inverted: bool,
}

const MAX_SIDE: u32 = 4000;

/// Reads a PNG or JPEG.
pub(crate) fn decode(bytes: &[u8]) -> Result<Image, ImageError> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        decode_png(bytes)
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        decode_jpeg(bytes)
    } else {
        Err(ImageError::UnknownFormat)
    }
}

fn decode_png(bytes: &[u8]) -> Result<Image, ImageError> {
    let mut decoder = png::Decoder::new(bytes);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder
        .read_info()
        .map_err(|e| ImageError::Damaged(e.to_string()))?;
    let (width, height) = (reader.info().width, reader.info().height);
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(ImageError::TooLarge);
    }
    let mut buffer = vec![0; reader.output_buffer_size()];
    let frame = reader
        .next_frame(&mut buffer)
        .map_err(|e| ImageError::Damaged(e.to_string()))?;
    let pixels = &buffer[..frame.buffer_size()];
    let (color, channels, has_alpha) = match frame.color_type {
        png::ColorType::Grayscale => (ColorSpace::Gray, 1, false),
        png::ColorType::GrayscaleAlpha => (ColorSpace::Gray, 2, true),
        png::ColorType::Rgb => (ColorSpace::Rgb, 3, false),
        png::ColorType::Rgba => (ColorSpace::Rgb, 4, true),
        // EXPAND turns palettes into RGB(A); anything else is not a PNG we can read.
        png::ColorType::Indexed => return Err(ImageError::Damaged("palette not expanded".into())),
    };
    let (samples, alpha) = if has_alpha {
        let color_channels = channels - 1;
        let mut samples = Vec::with_capacity(pixels.len() / channels * color_channels);
        let mut alpha = Vec::with_capacity(pixels.len() / channels);
        for pixel in pixels.chunks_exact(channels) {
            samples.extend_from_slice(&pixel[..color_channels]);
            alpha.push(pixel[color_channels]);
        }
        let opaque = alpha.iter().all(|a| *a == 255);
        (samples, (!opaque).then_some(alpha))
    } else {
        (pixels.to_vec(), None)
    };
    Ok(Image {
        width,
        height,
        color,
        filter: "/FlateDecode",
        data: crate::writer::compress(&samples),
        alpha: alpha.map(|a| crate::writer::compress(&a)),
        inverted: false,
    })
}

/// Finds the frame header of a JPEG for its size and components; the data is embedded as
/// it is (PDF readers decode JPEG themselves).
fn decode_jpeg(bytes: &[u8]) -> Result<Image, ImageError> {
    let damaged = |why: &str| ImageError::Damaged(why.to_owned());
    let mut at = 2;
    let mut adobe = false;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return Err(damaged("marker expected"));
        }
        let marker = bytes[at + 1];
        if marker == 0xFF {
            at += 1;
            continue;
        }
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        let segment = bytes
            .get(at + 4..at + 2 + length)
            .ok_or_else(|| damaged("segment runs past the end"))?;
        match marker {
            0xEE if segment.starts_with(b"Adobe") => adobe = true,
            // SOF0 (baseline), SOF1 (extended), SOF2 (progressive).
            0xC0..=0xC2 => {
                if segment.len() < 6 {
                    return Err(damaged("short frame header"));
                }
                let height = u32::from(u16::from_be_bytes([segment[1], segment[2]]));
                let width = u32::from(u16::from_be_bytes([segment[3], segment[4]]));
                if width == 0 || height == 0 {
                    return Err(damaged("empty frame"));
                }
                if width > MAX_SIDE || height > MAX_SIDE {
                    return Err(ImageError::TooLarge);
                }
                let color = match segment[5] {
                    1 => ColorSpace::Gray,
                    3 => ColorSpace::Rgb,
                    4 => ColorSpace::Cmyk,
                    n => return Err(ImageError::Damaged(format!("{n} components"))),
                };
                let inverted = adobe && color == ColorSpace::Cmyk;
                return Ok(Image {
                    width,
                    height,
                    color,
                    filter: "/DCTDecode",
                    data: bytes.to_vec(),
                    alpha: None,
                    inverted,
                });
            }
            // Lossless and arithmetic-coded frames: PDF readers do not promise them.
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                return Err(damaged("unsupported JPEG coding"))
            }
            0xDA => return Err(damaged("scan before frame header")),
            _ => {}
        }
        at += 2 + length;
    }
    Err(damaged("no frame header"))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small RGBA PNG: left half opaque red, right half transparent.
    pub fn rgba_png() -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, 4, 2);
            encoder.set_color(png::ColorType::Rgba);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder.write_header().unwrap();
            let row = [255, 0, 0, 255, 255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0];
            writer.write_image_data(&[row, row].concat()).unwrap();
        }
        out
    }

    /// The smallest useful JPEG header: SOI, APP0, SOF0 (3 × 2 pixels, RGB).
    pub fn jpeg_header() -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xD8];
        bytes.extend([0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46]);
        bytes.extend([0xFF, 0xC0, 0x00, 0x11, 8, 0, 2, 0, 3, 3]);
        bytes.extend([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        bytes.extend([0xFF, 0xD9]);
        bytes
    }

    #[test]
    fn png_alpha_becomes_a_soft_mask() {
        let image = decode(&rgba_png()).unwrap();
        assert_eq!((image.width, image.height), (4, 2));
        assert_eq!(image.color, ColorSpace::Rgb);
        assert_eq!(
            crate::writer::tests::inflate(&image.data).len(),
            4 * 2 * 3,
            "RGB samples"
        );
        let alpha = crate::writer::tests::inflate(image.alpha.as_ref().unwrap());
        assert_eq!(alpha, vec![255, 255, 0, 0, 255, 255, 0, 0]);
    }

    #[test]
    fn jpeg_passes_through_with_its_frame_size() {
        let bytes = jpeg_header();
        let image = decode(&bytes).unwrap();
        assert_eq!((image.width, image.height), (3, 2));
        assert_eq!(image.color, ColorSpace::Rgb);
        assert_eq!(image.filter, "/DCTDecode");
        assert_eq!(image.data, bytes);
    }

    #[test]
    fn other_bytes_are_refused_without_panicking() {
        assert_eq!(decode(b"GIF89a").unwrap_err(), ImageError::UnknownFormat);
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\nrubbish"),
            Err(ImageError::Damaged(_))
        ));
        assert!(matches!(
            decode(&[0xFF, 0xD8, 0xFF, 0xC0, 0xFF, 0xFF]),
            Err(ImageError::Damaged(_))
        ));
        assert!(matches!(decode(&[0xFF, 0xD8]), Err(ImageError::Damaged(_))));
        let mut truncated = jpeg_header();
        truncated.truncate(10);
        assert!(decode(&truncated).is_err());
    }
}
