//! QR codes drawn by Simpul as SVG (QRIS payloads from Tripay), so the pay page never loads
//! an image from the gateway or anywhere else, and works without JavaScript.

use qrcode::{Color, EcLevel, QrCode};

/// An SVG document showing `payload` as a QR code with the standard four-module quiet zone,
/// or None when the payload cannot be encoded (too long).
pub fn svg(payload: &str, label: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut path = String::with_capacity(width * width * 4);
    for (index, color) in code.to_colors().iter().enumerate() {
        if *color == Color::Dark {
            let (x, y) = (index % width + quiet, index / width + quiet);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    let label = label
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;");
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img" aria-label="{label}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_square_code_with_a_quiet_zone() {
        let payload = "00020101021226670016COM.NOBUBANK.WWW";
        let svg = svg(payload, "QRIS").unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains(r#"aria-label="QRIS""#));
        let width = QrCode::with_error_correction_level(payload, EcLevel::M)
            .unwrap()
            .width();
        assert_eq!((width - 21) % 4, 0, "a QR code is 21 + 4k modules wide");
        let size = width + 8;
        assert!(
            svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")),
            "{svg:.120}"
        );
        // The top-left finder pattern starts at the quiet zone's edge.
        assert!(svg.contains("M4 4h1v1h-1z"));
    }

    #[test]
    fn escapes_the_label() {
        let svg = svg("x", "a\"<b>&").unwrap();
        assert!(svg.contains("a&quot;&lt;b>&amp;"));
    }

    #[test]
    fn refuses_payloads_too_long_for_any_version() {
        assert!(svg(&"9".repeat(8000), "too long").is_none());
    }
}
