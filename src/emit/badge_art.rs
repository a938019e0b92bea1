//! The pictures of a badge page: the badge image a holder downloads, baked with their signed
//! credential (`badge.svg`, `badge.png`), and the QR code its printed certificate carries.
//!
//! Which image: the credential's `image` when it is an SVG or a PNG of the site's static
//! files; otherwise (no image, another format, an image on another site, which a build never
//! fetches) a badge drawn here from the credential's name, type and issuer. The image is
//! prepared once per credential ([`Art`]); baking one award into it is then a string insert
//! (SVG) or a chunk splice (PNG), so signing stays the cost of a badge, not drawing.

use std::fmt::Write;
use std::sync::Arc;

use base64::Engine;

use super::{Body, Ctx, EmitError};
use crate::bake;
use crate::model::Credential;

pub const SVG_FILE: &str = "badge.svg";
pub const PNG_FILE: &str = "badge.png";
/// The PNG's longer side, in pixels: crisp at the 600 px LinkedIn and most portfolios show.
pub const PNG_SIZE: u32 = 600;

/// A credential's badge image, not yet baked.
pub struct Art {
    svg: String,
    /// The PNG cut where the credential goes ([`bake::split_png`]); every award's copy
    /// shares these two pieces.
    png_head: Arc<[u8]>,
    png_tail: Arc<[u8]>,
}

impl Art {
    fn new(svg: String, png: &[u8]) -> Result<Art, bake::BakeError> {
        let (head, tail) = bake::split_png(png)?;
        Ok(Art {
            svg,
            png_head: head.into(),
            png_tail: tail.into(),
        })
    }

    /// Both files of one award: (SVG, PNG) with `credential` (its JSON text) inside.
    pub fn bake(&self, credential: &str) -> Result<(Vec<u8>, Body), bake::BakeError> {
        let svg = bake::bake_svg(&self.svg, credential)?.into_bytes();
        let itxt: Arc<[u8]> = bake::itxt_chunk(credential)?.into();
        let png = Body::pieces(vec![self.png_head.clone(), itxt, self.png_tail.clone()]);
        Ok((svg, png))
    }
}

/// Where a credential's badge image comes from. Credentials with equal sources share one
/// [`Art`]: a catalog whose credentials use a handful of images draws a handful of PNGs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// An SVG or PNG of the site's static files, by its path there.
    Asset(String),
    /// A badge drawn here: its SVG.
    Drawn(String),
}

/// The image source of credential `c`, issued by `issuer`.
pub fn source(ctx: &Ctx, c: &Credential, issuer: &str) -> Source {
    let asset = c
        .image
        .as_deref()
        .filter(|src| src.starts_with('/') && !src.starts_with("//"))
        .and_then(|src| ctx.loaded.assets.get(src.trim_start_matches('/')));
    match asset {
        Some(a) if bake::sniff(&a.bytes) == bake::Kind::Png => Source::Asset(a.path.clone()),
        Some(a)
            if bake::sniff(&a.bytes) == bake::Kind::Svg
                && a.path.to_ascii_lowercase().ends_with(".svg") =>
        {
            Source::Asset(a.path.clone())
        }
        _ => Source::Drawn(design(&c.name, c.kind.label(), c.kind.family(), issuer)),
    }
}

/// The badge image from `source`; `c` is a credential that uses it (named in errors).
pub fn art(ctx: &Ctx, c: &Credential, source: &Source) -> Result<Art, EmitError> {
    let fail = |what: String| {
        EmitError::Badge(format!(
            "credential `{}` ({}): its image {what}; fix the image or remove `image` to use a drawn badge",
            c.slug,
            c.file.display()
        ))
    };
    let path = match source {
        Source::Drawn(svg) => {
            let drawing_failed = |e: bake::BakeError| {
                EmitError::Badge(format!("drawing the badge of `{}`: {e}", c.slug))
            };
            let png = bake::render_png(svg, PNG_SIZE).map_err(drawing_failed)?;
            return Art::new(svg.clone(), &png).map_err(drawing_failed);
        }
        Source::Asset(path) => path,
    };
    let asset = ctx
        .loaded
        .assets
        .get(path)
        .ok_or_else(|| fail(format!("`{path}` is not among the static files")))?;
    if bake::sniff(&asset.bytes) == bake::Kind::Png {
        let (w, h) = png_size(&asset.bytes)
            .ok_or_else(|| fail(format!("`{path}` is not a readable PNG")))?;
        let data = base64::engine::general_purpose::STANDARD.encode(&asset.bytes);
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\">\
<image width=\"{w}\" height=\"{h}\" href=\"data:image/png;base64,{data}\"/></svg>\n"
        );
        return Art::new(svg, &asset.bytes).map_err(|e| fail(format!("`{path}`: {e}")));
    }
    let svg = std::str::from_utf8(&asset.bytes)
        .map_err(|_| fail(format!("`{path}` is not UTF-8 text")))?
        .trim_start_matches('\u{feff}')
        .to_string();
    // Baking checks it is an SVG; drawing checks resvg can read it.
    bake::bake_svg(&svg, "{}").map_err(|e| fail(format!("`{path}`: {e}")))?;
    let png = bake::render_png(&svg, PNG_SIZE).map_err(|e| fail(format!("`{path}`: {e}")))?;
    Art::new(svg, &png).map_err(|e| fail(format!("`{path}`: {e}")))
}

fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    let reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .ok()?;
    Some((reader.info().width, reader.info().height))
}

/// Text for XML: escaped, without the control characters XML 1.0 forbids.
fn xml(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '\u{fffe}' | '\u{ffff}'))
        .collect();
    super::templates::escape_html(&clean)
}

/// Up to `max_lines` lines of at most about `width` characters, words kept whole where
/// they fit; an ellipsis when text is left over.
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        while word.chars().count() > width {
            // A word longer than a line is cut.
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(head);
        }
        let len = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if len > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = &mut lines[max_lines - 1];
        while last.chars().count() + 1 > width {
            last.pop();
        }
        last.push('…');
    }
    lines
}

/// The colour of a credential family (the theme's `--badge`, `--micro`… colours).
fn colour(family: &str) -> &'static str {
    match family {
        "micro" => "#6b3fa0",
        "certificate" => "#0b5cad",
        "certification" => "#a15c00",
        "degree" => "#8a1c3b",
        _ => "#1f7a4d",
    }
}

/// A drawn badge: a ring in the family's colour, the credential's type, its name and its
/// issuer. 512×512; text in Liberation Sans / Arial metrics.
pub fn design(name: &str, kind: &str, family: &str, issuer: &str) -> String {
    let fill = colour(family);
    // Lines of about 16 characters; a longer word widens them (to 22) rather than being cut.
    let longest_word = name
        .split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    let lines = wrap(name, longest_word.clamp(16, 22), 4);
    let longest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(1);
    // About 0.56 em per character of Arial; the name fits in 330 units.
    let size = (330.0 / (0.56 * longest.max(8) as f64)).min(46.0).floor();
    let line_height = size * 1.15;
    // Baselines: the block of lines centred on y = 262 (cap height ≈ 0.7 em).
    let top = 262.0 - line_height * (lines.len() as f64 - 1.0) / 2.0 + size * 0.35;
    let mut name_text = String::new();
    for (i, l) in lines.iter().enumerate() {
        name_text.push_str(&format!(
            "<tspan x=\"256\" y=\"{:.1}\">{}</tspan>",
            top + line_height * i as f64,
            xml(l)
        ));
    }
    let kind = xml(&wrap(&kind.to_uppercase(), 26, 1).join(""));
    let issuer = xml(&wrap(issuer, 30, 1).join(""));
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512" role="img" aria-label="{label}">
<title>{label}</title>
<circle cx="256" cy="256" r="250" fill="{fill}"/>
<circle cx="256" cy="256" r="222" fill="#ffffff"/>
<circle cx="256" cy="256" r="210" fill="none" stroke="{fill}" stroke-width="4" stroke-dasharray="6 8"/>
<text x="256" y="140" text-anchor="middle" font-family="Liberation Sans, Arial, Helvetica, sans-serif" font-size="20" font-weight="700" letter-spacing="2" fill="{fill}">{kind}</text>
<text text-anchor="middle" font-family="Liberation Sans, Arial, Helvetica, sans-serif" font-size="{size}" font-weight="700" fill="#1c2430">{name_text}</text>
<text x="256" y="392" text-anchor="middle" font-family="Liberation Sans, Arial, Helvetica, sans-serif" font-size="18" fill="#5a6472">{issuer}</text>
</svg>
"##,
        label = xml(name),
    )
}

/// A QR code of `url` as an SVG element: the `fast_qr` crate encodes it (error correction
/// M, the mask of lowest penalty). Each row's runs of dark modules are drawn as one stroked
/// path, a line one module wide through the middle of the row: `M4 4.5h7m1 0h2` is a run of
/// 7 and, one module on, a run of 2. That is about half the bytes of filling each run as a
/// rectangle (`M4 4h7v1h-7z`), on every badge page. 4-module quiet zone, scalable.
pub fn qr_svg(url: &str) -> Result<String, EmitError> {
    let code = fast_qr::QRBuilder::new(url.as_bytes())
        .ecl(fast_qr::ECL::M)
        .build()
        .map_err(|e| EmitError::Badge(format!("QR code of {url}: {e}")))?;
    let width = code.size;
    let quiet = 4;
    let mut path = String::new();
    for y in 0..width {
        let row = &code[y];
        // Where the pen is on this row, once it has drawn a run.
        let mut pen = None;
        let mut x = 0;
        while x < width {
            if !row[x].value() {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x].value() {
                x += 1;
            }
            let _ = match pen {
                None => write!(path, "M{} {}.5h{}", start + quiet, y + quiet, x - start),
                Some(end) => write!(path, "m{} 0h{}", start - end, x - start),
            };
            pen = Some(x);
        }
    }
    let size = width + 2 * quiet;
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"160\" height=\"160\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\"><rect width=\"{size}\" height=\"{size}\" fill=\"#ffffff\"/><path stroke=\"#000000\" d=\"{path}\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping() {
        assert_eq!(wrap("SQL Fundamentals", 16, 4), vec!["SQL Fundamentals"]);
        assert_eq!(
            wrap("Advanced Data Analytics Certificate", 16, 4),
            vec!["Advanced Data", "Analytics", "Certificate"]
        );
        let long = wrap(&"word ".repeat(40), 16, 2);
        assert_eq!(long.len(), 2);
        assert!(long[1].ends_with('…'));
        assert_eq!(wrap("Supercalifragilisticexpialidocious", 16, 4).len(), 3);
        assert!(wrap("", 16, 4).is_empty());
    }

    #[test]
    fn a_drawn_badge_escapes_its_text_and_draws() {
        let svg = design("<script>&\u{1}", "Digital Badge", "badge", "A \"B\" & C");
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;&amp;"));
        assert!(!svg.contains('\u{1}'));
        let png = bake::render_png(&svg, PNG_SIZE).unwrap();
        assert_eq!(png_size(&png), Some((600, 600)));
    }

    #[test]
    fn a_qr_code_reads_back_as_its_url() {
        // Drawn by resvg and read by another crate's decoder, as a phone's camera would.
        for url in [
            "https://badges.example.edu/badges/a/",
            "https://catalog.bench.example.edu/badges/2022-000007/",
            &format!("https://example.org/{}/", "x".repeat(300)),
        ] {
            let svg = qr_svg(url).unwrap();
            let png = bake::render_png(&svg, 400).unwrap();
            let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
            // Two colours: written with a palette, read back as RGBA.
            decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
            let mut reader = decoder.read_info().unwrap();
            let mut rgba = vec![0; reader.output_buffer_size().unwrap()];
            let info = reader.next_frame(&mut rgba).unwrap();
            let (w, h) = (info.width as usize, info.height as usize);
            let mut img =
                rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| rgba[(y * w + x) * 4 + 1]);
            let grids = img.detect_grids();
            assert_eq!(grids.len(), 1, "{url}");
            assert_eq!(grids[0].decode().unwrap().1, url);
        }
    }
}
