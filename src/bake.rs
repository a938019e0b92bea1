//! Baked badges: a signed credential carried inside its badge image, as Open Badges 3.0
//! §5.3 ("Badge Baking") defines it, and the rasterizer that makes the PNG.
//!
//! - SVG: the root `<svg>` declares `xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"`
//!   and its first child is `<openbadges:credential>` holding the credential JSON in a CDATA
//!   section. Baking an image that already carries a credential replaces it.
//! - PNG: one `iTXt` chunk with the keyword `openbadgecredential` whose text is the credential
//!   JSON (written uncompressed, right after `IHDR`; read compressed or not, anywhere). There
//!   must be only one: baking replaces any earlier one.
//!
//! This module knows the formats only; which image a badge uses, and where the files go, is
//! `emit::badge_art`'s job. Reading a baked file back ([`extract`]) is shared by
//! `credcat verify` and the tests.
//!
//! PNGs are drawn with resvg from the SVG, with the bundled Liberation Sans (fonts/) as the
//! only font, so a PNG is the same on every machine and no system font is read. Images an
//! SVG links to are not loaded (no file or network access while rendering).

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use resvg::tiny_skia;
use resvg::usvg;
use resvg::usvg::roxmltree;
use thiserror::Error;

/// The Open Badges 3.0 namespace of the SVG element.
pub const OB_NAMESPACE: &str = "https://purl.imsglobal.org/ob/v3p0";
/// The element's local name and the prefix it is written with.
pub const SVG_ELEMENT: &str = "credential";
pub const SVG_PREFIX: &str = "openbadges";
/// The keyword of the PNG `iTXt` chunk.
pub const PNG_KEYWORD: &str = "openbadgecredential";
const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";
const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

#[derive(Debug, Error, PartialEq, Eq)]
pub enum BakeError {
    #[error("not an SVG image: {0}")]
    NotSvg(String),
    #[error("not a PNG image: {0}")]
    NotPng(String),
    #[error("the image carries no Open Badges 3.0 credential ({0})")]
    NotBaked(String),
    #[error("the image carries more than one Open Badges credential")]
    TwiceBaked,
    #[error("cannot draw the badge image: {0}")]
    Render(String),
}

/// What kind of file `bytes` is, by its first bytes: a PNG, an SVG (text starting with `<`)
/// or anything else (taken as JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Png,
    Svg,
    Json,
}

pub fn sniff(bytes: &[u8]) -> Kind {
    if bytes.starts_with(&PNG_SIGNATURE) {
        return Kind::Png;
    }
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') => Kind::Svg,
        _ => Kind::Json,
    }
}

/// The credential text a baked image (or a JSON file, returned as it is) carries.
pub fn extract(bytes: &[u8]) -> Result<String, BakeError> {
    match sniff(bytes) {
        Kind::Png => extract_png(bytes),
        Kind::Svg => {
            let text = std::str::from_utf8(bytes)
                .map_err(|_| BakeError::NotSvg("the file is not UTF-8 text".into()))?;
            extract_svg(text.trim_start_matches('\u{feff}'))
        }
        Kind::Json => String::from_utf8(bytes.to_vec())
            .map_err(|_| BakeError::NotBaked("the file is neither JSON text nor an image".into())),
    }
}

// ─── SVG ─────────────────────────────────────────────────────────────────────

fn parse_svg(svg: &str) -> Result<roxmltree::Document<'_>, BakeError> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(svg, opts)
        .map_err(|e| BakeError::NotSvg(e.to_string()))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some(SVG_NAMESPACE) {
        return Err(BakeError::NotSvg(format!(
            "the root element is <{}>, not an <svg> in the SVG namespace",
            root.tag_name().name()
        )));
    }
    Ok(doc)
}

fn is_credential_element(n: &roxmltree::Node) -> bool {
    n.is_element()
        && n.tag_name().name() == SVG_ELEMENT
        && n.tag_name().namespace() == Some(OB_NAMESPACE)
}

/// `credential` (JSON text) as a CDATA section. `<`, `>` and `&` can only occur inside JSON
/// strings, where their `\u` escapes mean the same: so no markup-looking text (`]]>`, a
/// `<script>` from a hostile credential name) is in the file at all, for any reader. The
/// characters XML forbids (U+FFFE, U+FFFF) are escaped the same way.
fn cdata(credential: &str) -> String {
    let mut json = String::with_capacity(credential.len() + 16);
    for c in credential.chars() {
        match c {
            '<' => json.push_str("\\u003c"),
            '>' => json.push_str("\\u003e"),
            '&' => json.push_str("\\u0026"),
            '\u{fffe}' => json.push_str("\\ufffe"),
            '\u{ffff}' => json.push_str("\\uffff"),
            c => json.push(c),
        }
    }
    format!("<![CDATA[{json}]]>")
}

/// Where the start tag beginning at `from` ends: the index of its `>` (quotes respected).
fn start_tag_end(svg: &str, from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, c) in svg[from..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(from + i),
            _ => {}
        }
    }
    None
}

/// The SVG `svg` with `credential` (the signed credential's JSON) baked in.
pub fn bake_svg(svg: &str, credential: &str) -> Result<String, BakeError> {
    // Take out a credential baked earlier, then place the new one.
    let doc = parse_svg(svg)?;
    let mut old: Vec<std::ops::Range<usize>> = doc
        .descendants()
        .filter(is_credential_element)
        .map(|n| n.range())
        .collect();
    drop(doc);
    let mut svg = svg.to_string();
    old.sort_by_key(|r| std::cmp::Reverse(r.start));
    for r in old {
        svg.replace_range(r, "");
    }
    let doc = parse_svg(&svg)?;
    let root = doc.root_element();
    let declared = root
        .namespaces()
        .find(|ns| ns.name() == Some(SVG_PREFIX))
        .map(|ns| ns.uri().to_string());
    let start = root.range().start;
    drop(doc);
    let end = start_tag_end(&svg, start)
        .ok_or_else(|| BakeError::NotSvg("the <svg> start tag does not end".into()))?;
    let self_closing = svg[..end].ends_with('/');
    let ns_attr = match declared.as_deref() {
        None => format!(" xmlns:{SVG_PREFIX}=\"{OB_NAMESPACE}\""),
        Some(OB_NAMESPACE) => String::new(),
        Some(other) => {
            return Err(BakeError::NotSvg(format!(
                "it binds the prefix `{SVG_PREFIX}` to {other}, not {OB_NAMESPACE}"
            )))
        }
    };
    let element = format!(
        "\n<{SVG_PREFIX}:{SVG_ELEMENT}>{}</{SVG_PREFIX}:{SVG_ELEMENT}>",
        cdata(credential)
    );
    let tag_end = if self_closing { end - 1 } else { end };
    let mut out = String::with_capacity(svg.len() + element.len() + ns_attr.len() + 8);
    out.push_str(svg[..tag_end].trim_end());
    out.push_str(&ns_attr);
    out.push('>');
    out.push_str(&element);
    if self_closing {
        out.push_str("</svg>");
    }
    out.push_str(&svg[end + 1..]);
    Ok(out)
}

/// The credential text of a baked SVG.
pub fn extract_svg(svg: &str) -> Result<String, BakeError> {
    let doc = parse_svg(svg)?;
    let mut found = doc.descendants().filter(is_credential_element);
    let el = found.next().ok_or_else(|| {
        BakeError::NotBaked(format!(
            "no <{SVG_PREFIX}:{SVG_ELEMENT}> element in the {OB_NAMESPACE} namespace"
        ))
    })?;
    if found.next().is_some() {
        return Err(BakeError::TwiceBaked);
    }
    if el.attribute("verify").is_some() {
        return Err(BakeError::NotBaked(
            "it carries a VC-JWT (a `verify` attribute), which credcat does not check".into(),
        ));
    }
    let text: String = el
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    Ok(text.trim().to_string())
}

// ─── PNG ─────────────────────────────────────────────────────────────────────

/// One chunk of a PNG: its type and where its whole record (length … CRC) is.
struct Chunk<'a> {
    kind: [u8; 4],
    data: &'a [u8],
    record: std::ops::Range<usize>,
}

fn chunks(png: &[u8]) -> Result<Vec<Chunk<'_>>, BakeError> {
    if !png.starts_with(&PNG_SIGNATURE) {
        return Err(BakeError::NotPng("no PNG signature".into()));
    }
    let mut out = Vec::new();
    let mut at = PNG_SIGNATURE.len();
    while at < png.len() {
        let head = png
            .get(at..at + 8)
            .ok_or_else(|| BakeError::NotPng(format!("a chunk header is cut off at byte {at}")))?;
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = [head[4], head[5], head[6], head[7]];
        let end = at
            .checked_add(12)
            .and_then(|x| x.checked_add(len))
            .filter(|end| *end <= png.len())
            .ok_or_else(|| BakeError::NotPng(format!("a chunk at byte {at} is cut off")))?;
        out.push(Chunk {
            kind,
            data: &png[at + 8..at + 8 + len],
            record: at..end,
        });
        at = end;
        if &kind == b"IEND" {
            break;
        }
    }
    match out.first() {
        Some(c) if &c.kind == b"IHDR" => Ok(out),
        _ => Err(BakeError::NotPng("the first chunk is not IHDR".into())),
    }
}

/// Is this chunk a text chunk with the Open Badges keyword?
fn is_badge_text(c: &Chunk) -> bool {
    matches!(&c.kind, b"iTXt" | b"tEXt" | b"zTXt")
        && c.data.split(|b| *b == 0).next() == Some(PNG_KEYWORD.as_bytes())
}

/// The `iTXt` chunk record (length, type, data, CRC) holding `credential`.
pub fn itxt_chunk(credential: &str) -> Result<Vec<u8>, BakeError> {
    use png::text_metadata::{EncodableTextChunk, ITXtChunk};
    let mut out = Vec::with_capacity(credential.len() + 40);
    ITXtChunk::new(PNG_KEYWORD, credential)
        .encode(&mut out)
        .map_err(|e| BakeError::NotPng(e.to_string()))?;
    Ok(out)
}

/// The PNG `png` with `credential` baked in, right after `IHDR`; earlier badge text chunks
/// are dropped, the image data is copied as it is.
pub fn bake_png(png: &[u8], credential: &str) -> Result<Vec<u8>, BakeError> {
    let (head, tail) = split_png(png)?;
    let itxt = itxt_chunk(credential)?;
    Ok([&head[..], &itxt, &tail].concat())
}

/// A PNG cut where the credential chunk goes: the signature and `IHDR`, and the rest, with
/// any earlier badge text chunk left out. `head + itxt_chunk(c) + tail` is
/// `bake_png(png, c)`: an image split once is baked for many awards without copying it.
pub fn split_png(png: &[u8]) -> Result<(Vec<u8>, Vec<u8>), BakeError> {
    let all = chunks(png)?;
    let mut head = PNG_SIGNATURE.to_vec();
    let mut tail = Vec::with_capacity(png.len());
    for (i, c) in all.iter().enumerate() {
        if is_badge_text(c) {
            continue;
        }
        let out = if i == 0 { &mut head } else { &mut tail };
        out.extend_from_slice(&png[c.record.clone()]);
    }
    Ok((head, tail))
}

/// The credential text of a baked PNG, read with the `png` crate's decoder (which checks
/// every chunk's CRC and decompresses a compressed `iTXt`).
pub fn extract_png(bytes: &[u8]) -> Result<String, BakeError> {
    let bad = |e: png::DecodingError| BakeError::NotPng(e.to_string());
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .map_err(bad)?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| BakeError::NotPng("the image is too large".into()))?;
    let mut buf = vec![0; size];
    reader.next_frame(&mut buf).map_err(bad)?;
    reader.finish().map_err(bad)?;
    let info = reader.info();
    let mut found = info.utf8_text.iter().filter(|c| c.keyword == PNG_KEYWORD);
    let chunk = found.next().ok_or_else(|| {
        BakeError::NotBaked(format!("no iTXt chunk with the keyword `{PNG_KEYWORD}`"))
    })?;
    if found.next().is_some() {
        return Err(BakeError::TwiceBaked);
    }
    chunk.get_text().map_err(bad)
}

// ─── drawing ─────────────────────────────────────────────────────────────────

static REGULAR: &[u8] = include_bytes!("../fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/LiberationSans-Bold.ttf");
const FAMILY: &str = "Liberation Sans";

/// The one font family every text of a badge is drawn with, loaded once.
fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        // Named families that are not loaded fall back to "serif" (usvg's default
        // selector): every generic family is this one.
        db.set_serif_family(FAMILY);
        db.set_sans_serif_family(FAMILY);
        db.set_monospace_family(FAMILY);
        db.set_cursive_family(FAMILY);
        db.set_fantasy_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// The SVG drawn as a PNG whose longer side is `size` pixels (aspect ratio kept).
pub fn render_png(svg: &str, size: u32) -> Result<Vec<u8>, BakeError> {
    let opts = usvg::Options {
        fontdb: fontdb(),
        font_family: FAMILY.into(),
        // Never read a file an image element names.
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..Default::default()
    };
    let tree = usvg::Tree::from_str(svg, &opts).map_err(|e| BakeError::Render(e.to_string()))?;
    let (w, h) = (tree.size().width(), tree.size().height());
    let scale = size as f32 / w.max(h);
    let (pw, ph) = (
        ((w * scale).round() as u32).max(1),
        ((h * scale).round() as u32).max(1),
    );
    let mut pixmap = tiny_skia::Pixmap::new(pw, ph)
        .ok_or_else(|| BakeError::Render(format!("no {pw}×{ph} canvas")))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    // tiny-skia keeps premultiplied alpha; PNG wants it straight.
    let mut rgba = Vec::with_capacity((pw * ph * 4) as usize);
    for p in pixmap.pixels() {
        let c = p.demultiply();
        rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
    encode_png(pw, ph, &rgba)
}

/// `rgba` (straight alpha, rows top to bottom) as a PNG, losslessly. A badge is drawn in a
/// few flat colours and their anti-aliased edges (66 in the generated catalogs' art), so
/// when it has at most 256 it is written with a palette: a byte a pixel instead of four.
/// A 600 px badge's image data went from 18.9 to 8.6 KB (palette included: 8.8). Every
/// award's PNG carries its credential's drawing, so this is paid once a drawing and saved
/// once an award.
pub fn encode_png(width: u32, height: u32, rgba: &[u8]) -> Result<Vec<u8>, BakeError> {
    let failed = |e: png::EncodingError| BakeError::Render(e.to_string());
    let palette = Palette::of(rgba);
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::High);
        let indices;
        let data = match &palette {
            Some(p) => {
                enc.set_color(png::ColorType::Indexed);
                enc.set_palette(p.rgb());
                if let Some(alpha) = p.alpha() {
                    enc.set_trns(alpha);
                }
                // Neighbouring indices say nothing of neighbouring colours: filters only
                // add noise (libpng's advice for palette images too).
                enc.set_filter(png::Filter::NoFilter);
                indices = p.indices(rgba);
                &indices[..]
            }
            None => {
                enc.set_color(png::ColorType::Rgba);
                rgba
            }
        };
        let mut writer = enc.write_header().map_err(failed)?;
        writer.write_image_data(data).map_err(failed)?;
        writer.finish().map_err(failed)?;
    }
    Ok(out)
}

/// The distinct colours of an image with at most 256 of them, those with any transparency
/// first: a `tRNS` chunk gives the alpha of the first entries and leaves the rest opaque.
struct Palette {
    colours: Vec<[u8; 4]>,
    index: HashMap<[u8; 4], u8>,
}

impl Palette {
    fn of(rgba: &[u8]) -> Option<Palette> {
        let mut colours: Vec<[u8; 4]> = Vec::new();
        let mut index: HashMap<[u8; 4], u8> = HashMap::new();
        for px in rgba.chunks_exact(4) {
            let px = [px[0], px[1], px[2], px[3]];
            if let std::collections::hash_map::Entry::Vacant(e) = index.entry(px) {
                if colours.len() == 256 {
                    return None;
                }
                e.insert(0);
                colours.push(px);
            }
        }
        // Stable: the order of first appearance within each group.
        colours.sort_by_key(|c| c[3] == 255);
        for (i, c) in colours.iter().enumerate() {
            index.insert(*c, i as u8);
        }
        Some(Palette { colours, index })
    }

    fn rgb(&self) -> Vec<u8> {
        self.colours
            .iter()
            .flat_map(|c| [c[0], c[1], c[2]])
            .collect()
    }

    /// The alphas up to the last colour that is not opaque, or `None` when all are.
    fn alpha(&self) -> Option<Vec<u8>> {
        let translucent = self.colours.iter().take_while(|c| c[3] != 255);
        let alpha: Vec<u8> = translucent.map(|c| c[3]).collect();
        (!alpha.is_empty()).then_some(alpha)
    }

    fn indices(&self, rgba: &[u8]) -> Vec<u8> {
        rgba.chunks_exact(4)
            .map(|px| self.index[&[px[0], px[1], px[2], px[3]]])
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = r##"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" width="100" height="50"><rect width="100" height="50" fill="#0b5cad"/><text x="10" y="30" font-family="Helvetica" font-weight="700">Hi</text></svg>"##;

    #[test]
    fn svg_round_trip_with_the_spec_namespace() {
        let cred = r#"{"name":"a ]]> b","x":"<script>&"}"#;
        let baked = bake_svg(SVG, cred).unwrap();
        assert!(baked.contains(r#"xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0""#));
        assert!(baked.contains("<openbadges:credential><![CDATA["));
        assert!(!baked.contains("<script>") && !baked.contains("]]> b"));
        // The same JSON value, with markup characters as \u escapes.
        let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
        assert_eq!(parse(&extract_svg(&baked).unwrap()), parse(cred));
        assert_eq!(parse(&extract(baked.as_bytes()).unwrap()), parse(cred));
        // Baking again replaces the credential and declares the namespace once.
        let again = bake_svg(&baked, "{}").unwrap();
        assert_eq!(extract_svg(&again).unwrap(), "{}");
        assert_eq!(again.matches("xmlns:openbadges").count(), 1);
        assert_eq!(again.matches("<openbadges:credential>").count(), 1);
    }

    #[test]
    fn svg_edge_cases() {
        let baked = bake_svg(
            r#"<svg xmlns="http://www.w3.org/2000/svg" data-x="a>b"/>"#,
            "{}",
        )
        .unwrap();
        assert_eq!(extract_svg(&baked).unwrap(), "{}");
        assert!(baked.ends_with("</svg>"));
        assert!(matches!(
            bake_svg("<html/>", "{}"),
            Err(BakeError::NotSvg(_))
        ));
        assert!(matches!(
            bake_svg(
                r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="urn:x"/>"#,
                "{}"
            ),
            Err(BakeError::NotSvg(_))
        ));
        assert!(matches!(extract_svg(SVG), Err(BakeError::NotBaked(_))));
        // An XML-forbidden character inside a JSON string stays readable as JSON.
        let baked = bake_svg(SVG, "{\"n\":\"\u{ffff}\"}").unwrap();
        let v: serde_json::Value = serde_json::from_str(&extract_svg(&baked).unwrap()).unwrap();
        assert_eq!(v["n"], "\u{ffff}");
    }

    #[test]
    fn png_is_drawn_at_the_asked_size_and_round_trips() {
        let png = render_png(SVG, 600).unwrap();
        let reader = png::Decoder::new(std::io::Cursor::new(&png[..]))
            .read_info()
            .unwrap();
        assert_eq!((reader.info().width, reader.info().height), (600, 300));
        let cred = "{\"name\":\"Ünïcode ✓\"}";
        let baked = bake_png(&png, cred).unwrap();
        assert_eq!(extract_png(&baked).unwrap(), cred);
        assert_eq!(extract(&baked).unwrap(), cred);
        assert_eq!(sniff(&baked), Kind::Png);
        // Baking again replaces the chunk.
        let again = bake_png(&baked, "{}").unwrap();
        assert_eq!(extract_png(&again).unwrap(), "{}");
        assert_eq!(again.len(), png.len() + itxt_chunk("{}").unwrap().len());
    }

    /// Decodes `png` with the `png` crate's reader, expanded to 8-bit RGBA.
    fn decode(png: &[u8]) -> (png::ColorType, Vec<u8>) {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
        let mut reader = decoder.read_info().unwrap();
        let color = reader.info().color_type;
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut buf).unwrap();
        assert_eq!(frame.color_type, png::ColorType::Rgba);
        buf.truncate(frame.buffer_size());
        (color, buf)
    }

    #[test]
    fn few_colours_are_written_with_a_palette_and_read_back_exactly() {
        // 5 colours, two of them translucent and one opaque colour first in the image.
        let colours = [
            [9, 8, 7, 255],
            [0, 0, 0, 0],
            [200, 10, 10, 128],
            [1, 2, 3, 255],
            [4, 5, 6, 1],
        ];
        let rgba: Vec<u8> = (0..40 * 30)
            .flat_map(|i| colours[(i * 7 / 11) % 5])
            .collect();
        let png = encode_png(40, 30, &rgba).unwrap();
        assert_eq!(decode(&png), (png::ColorType::Indexed, rgba));
        // A drawn badge too: anti-aliased edges and text.
        let png = render_png(SVG, 300).unwrap();
        let (color, pixels) = decode(&png);
        assert_eq!(color, png::ColorType::Indexed);
        assert_eq!(encode_png(300, 150, &pixels).unwrap(), png);
    }

    #[test]
    fn many_colours_are_written_as_they_are() {
        // 257 colours, one more than a palette holds: red 0 to 255 with green 0, then red 0
        // with green 1.
        let rgba: Vec<u8> = (0..257u32 * 3)
            .flat_map(|i| {
                let colour = i % 257;
                [(colour % 256) as u8, (colour / 256) as u8, 3, 255]
            })
            .collect();
        let png = encode_png(257, 3, &rgba).unwrap();
        assert_eq!(decode(&png), (png::ColorType::Rgba, rgba));
    }

    #[test]
    fn text_is_drawn_with_the_bundled_font() {
        // The same image without its text differs: the glyphs were drawn.
        let without = SVG.replace("Hi", "");
        assert_ne!(
            render_png(SVG, 100).unwrap(),
            render_png(&without, 100).unwrap()
        );
    }

    #[test]
    fn png_errors() {
        assert!(matches!(extract_png(b"nope"), Err(BakeError::NotPng(_))));
        let png = render_png(SVG, 20).unwrap();
        assert!(matches!(extract_png(&png), Err(BakeError::NotBaked(_))));
        let mut broken = bake_png(&png, "{}").unwrap();
        let n = broken.len();
        broken[n - 20] ^= 1; // inside the IDAT or IEND: a CRC no longer matches
        assert!(extract_png(&broken).is_err());
        assert!(matches!(
            bake_png(&png[..20], "{}"),
            Err(BakeError::NotPng(_))
        ));
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"  <svg"), Kind::Svg);
        assert_eq!(sniff(b"\xef\xbb\xbf<svg"), Kind::Svg);
        assert_eq!(sniff(b"{\"a\":1}"), Kind::Json);
    }
}
