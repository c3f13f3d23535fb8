//! Reads back what a PDF reader would: follows the cross-reference table to every object,
//! inflates each page's content stream and decodes its text through the fonts' ToUnicode
//! maps. Used by tests here and in the application to check documents end to end.

use std::collections::BTreeMap;

/// The text runs of each page, in drawing order, or why the file is not a well-formed PDF.
pub fn page_texts(pdf: &[u8]) -> Result<Vec<Vec<String>>, String> {
    let objects = objects(pdf)?;
    let get = |id: usize| {
        objects
            .get(&id)
            .ok_or_else(|| format!("object {id} is referenced but missing"))
    };
    let trailer = find_after(pdf, b"trailer").ok_or("no trailer")?;
    let root = reference(trailer, "/Root").ok_or("no /Root")?;
    let pages = reference(get(root)?, "/Pages").ok_or("catalog without /Pages")?;
    let kids_text = text_of(get(pages)?);
    let kids_at = kids_text.find("/Kids [").ok_or("no /Kids")? + 7;
    let kids: Vec<usize> = kids_text[kids_at..]
        .split(']')
        .next()
        .unwrap_or("")
        .split(" 0 R")
        .filter_map(|k| k.trim().parse().ok())
        .collect();
    let mut result = Vec::new();
    for kid in kids {
        let page = text_of(get(kid)?);
        let mut maps = BTreeMap::new();
        for name in ["/F1", "/F2"] {
            if let Some(font) = reference(&page, name) {
                let unicode =
                    reference(get(font)?, "/ToUnicode").ok_or("font without /ToUnicode")?;
                maps.insert(
                    name.to_owned(),
                    parse_cmap(&inflate(stream_of(get(unicode)?)?)?),
                );
            }
        }
        let contents = reference(&page, "/Contents").ok_or("page without /Contents")?;
        let ops = String::from_utf8(inflate(stream_of(get(contents)?)?)?)
            .map_err(|_| "content stream is not text")?;
        let mut texts = Vec::new();
        for line in ops.lines().filter(|l| l.starts_with("BT ")) {
            let font = line.split_whitespace().nth(1).unwrap_or("");
            let map = maps
                .get(font)
                .ok_or_else(|| format!("unknown font {font}"))?;
            let hex = line
                .split('<')
                .nth(1)
                .and_then(|h| h.split('>').next())
                .ok_or("text without a hex string")?;
            let mut text = String::new();
            for chunk in hex.as_bytes().chunks(4) {
                let code = u16::from_str_radix(std::str::from_utf8(chunk).unwrap_or(""), 16)
                    .map_err(|_| "bad glyph code")?;
                text.push(
                    *map.get(&code)
                        .ok_or_else(|| format!("glyph {code} not in ToUnicode"))?,
                );
            }
            texts.push(text);
        }
        result.push(texts);
    }
    Ok(result)
}

/// All text of all pages, runs joined by newlines.
pub fn all_text(pdf: &[u8]) -> Result<String, String> {
    Ok(page_texts(pdf)?
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n"))
}

/// Objects by number, located through the xref table (and checked to start where it says).
fn objects(pdf: &[u8]) -> Result<BTreeMap<usize, &[u8]>, String> {
    if !pdf.starts_with(b"%PDF-") || !pdf.ends_with(b"%%EOF\n") {
        return Err("missing %PDF header or %%EOF".into());
    }
    let start_at = rfind(pdf, b"startxref\n").ok_or("no startxref")? + 10;
    let xref: usize = text_of(&pdf[start_at..])
        .lines()
        .next()
        .and_then(|l| l.trim().parse().ok())
        .ok_or("bad startxref")?;
    let table = text_of(pdf.get(xref..).ok_or("startxref past the end")?);
    let mut lines = table.lines();
    if lines.next() != Some("xref") {
        return Err("startxref does not point at the xref table".into());
    }
    let count: usize = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .ok_or("bad xref subsection")?;
    let mut objects = BTreeMap::new();
    for (id, line) in lines.take(count).enumerate().skip(1) {
        let offset: usize = line[..10].parse().map_err(|_| "bad xref entry")?;
        let body = pdf.get(offset..).ok_or("xref offset past the end")?;
        let header = format!("{id} 0 obj\n");
        if !body.starts_with(header.as_bytes()) {
            return Err(format!("xref entry {id} does not point at its object"));
        }
        let end = find(body, b"\nendobj\n").ok_or("object without endobj")?;
        objects.insert(id, &body[header.len()..end]);
    }
    Ok(objects)
}

fn text_of(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn find_after<'a>(haystack: &'a [u8], needle: &[u8]) -> Option<&'a [u8]> {
    rfind(haystack, needle).map(|at| &haystack[at..])
}

/// `/Name N 0 R` → N.
fn reference(dict: impl AsRef<[u8]>, name: &str) -> Option<usize> {
    let text = text_of(dict.as_ref());
    let at = text.find(&format!("{name} "))? + name.len() + 1;
    let mut parts = text[at..].split_whitespace();
    let id = parts.next()?.parse().ok()?;
    (parts.next()? == "0" && parts.next()?.starts_with('R')).then_some(id)
}

fn stream_of(object: &[u8]) -> Result<&[u8], String> {
    let start = find(object, b"stream\n").ok_or("not a stream")? + 7;
    let end = rfind(object, b"\nendstream").ok_or("stream without end")?;
    let length = reference_number(object, "/Length").ok_or("stream without /Length")?;
    if end - start != length {
        return Err(format!("stream /Length {length} but {} bytes", end - start));
    }
    Ok(&object[start..end])
}

fn reference_number(dict: &[u8], name: &str) -> Option<usize> {
    let header = &dict[..find(dict, b"stream\n")?];
    let text = text_of(header);
    let at = text.find(&format!("{name} "))? + name.len() + 1;
    text[at..].split_whitespace().next()?.parse().ok()
}

fn inflate(bytes: &[u8]) -> Result<Vec<u8>, String> {
    miniz_oxide::inflate::decompress_to_vec_zlib(bytes).map_err(|e| format!("inflate: {e:?}"))
}

fn parse_cmap(cmap: &[u8]) -> BTreeMap<u16, char> {
    let mut map = BTreeMap::new();
    let mut in_chars = false;
    for line in text_of(cmap).lines() {
        if line.ends_with("beginbfchar") || line == "endbfchar" {
            in_chars = line != "endbfchar";
            continue;
        }
        if !in_chars {
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        if let [code, unicode] = parts[..] {
            let hex = |s: &str| s.trim_start_matches('<').trim_end_matches('>').to_owned();
            let (Ok(code), units) = (u16::from_str_radix(&hex(code), 16), hex(unicode)) else {
                continue;
            };
            let units: Vec<u16> = units
                .as_bytes()
                .chunks(4)
                .filter_map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
                .collect();
            if let Some(Ok(c)) = char::decode_utf16(units).next() {
                map.insert(code, c);
            }
        }
    }
    map
}
