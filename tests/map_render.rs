//! Renders demo maps in headless Chromium and checks the pictures are real: a PNG of the
//! expected size, mostly white paper but with many painted pixels, and the badge and
//! certificate fills of the map's own style present (so its linked stylesheet applied).
//!
//! Needs Debian's `chromium`; without it the test is skipped with a message, unless `CI` is
//! set, where a missing browser is a failure.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use credcat::emit::maps;
use credcat::BuildOptions;

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH")?
                .to_str()?
                .split(':')
                .map(|dir| Path::new(dir).join(name))
                .find(|p| p.is_file())
        })
}

/// RGBA pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes).
fn decode_png(bytes: &[u8]) -> (usize, usize, Vec<[u8; 4]>) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let (mut width, mut height, mut channels) = (0usize, 0usize, 0usize);
    let mut idat = Vec::new();
    let mut at = 8;
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        let kind = &bytes[at + 4..at + 8];
        let data = &bytes[at + 8..at + 8 + len];
        match kind {
            b"IHDR" => {
                width = u32::from_be_bytes(data[0..4].try_into().unwrap()) as usize;
                height = u32::from_be_bytes(data[4..8].try_into().unwrap()) as usize;
                assert_eq!(data[8], 8, "bit depth");
                channels = match data[9] {
                    2 => 3,
                    6 => 4,
                    other => panic!("colour type {other}"),
                };
                assert_eq!(data[12], 0, "interlaced");
            }
            b"IDAT" => idat.extend_from_slice(data),
            _ => {}
        }
        at += 12 + len;
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&idat[..])
        .read_to_end(&mut raw)
        .expect("inflate");
    let stride = width * channels;
    let mut out = vec![0u8; height * stride];
    for y in 0..height {
        let filter = raw[y * (stride + 1)];
        let line = &raw[y * (stride + 1) + 1..(y + 1) * (stride + 1)];
        for x in 0..stride {
            let a = if x >= channels {
                out[y * stride + x - channels] as i32
            } else {
                0
            };
            let b = if y > 0 {
                out[(y - 1) * stride + x] as i32
            } else {
                0
            };
            let c = if x >= channels && y > 0 {
                out[(y - 1) * stride + x - channels] as i32
            } else {
                0
            };
            let predictor = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                4 => {
                    let p = a + b - c;
                    let (pa, pb, pc) = ((p - a).abs(), (p - b).abs(), (p - c).abs());
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                f => panic!("filter {f}"),
            };
            out[y * stride + x] = (line[x] as i32 + predictor) as u8;
        }
    }
    let pixels = out
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2], if channels == 4 { p[3] } else { 255 }])
        .collect();
    (width, height, pixels)
}

fn screenshot(browser: &Path, page: &Path, png: &Path, width: u32, height: u32) {
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("file://{}", page.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("chromium runs");
    assert!(status.success(), "chromium failed: {status}");
}

#[test]
fn pathway_map_renders_in_chromium() {
    let Some(browser) = chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!("chromium is not installed (apt-get install chromium)");
        }
        eprintln!("skipped: chromium not found");
        return;
    };
    let options = BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        ..Default::default()
    };
    let loaded = credcat::load(&options).unwrap();
    let catalog = credcat::resolve::resolve(&loaded, credcat::resolve::Options { drafts: false })
        .unwrap_or_else(|d| panic!("{}", d.render(&loaded.sources(&d.0), false)));
    let derived = credcat::derive::derive(&catalog);
    let p = catalog
        .pathways
        .iter()
        .find(|p| p.slug == "smart-manufacturing")
        .unwrap();
    let map = maps::pathway_map(&catalog, &derived.stack, p);

    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("map.html");
    // The map links its stylesheet at the site root; here it sits beside the page.
    std::fs::write(dir.path().join("stack-map.css"), maps::STYLE).unwrap();
    let href = format!("href=\"/{}\"", maps::STYLESHEET);
    assert!(map.svg.contains(&href), "the map links its stylesheet");
    let svg = map.svg.replace(&href, "href=\"stack-map.css\"");
    std::fs::write(&page, format!("<!doctype html><meta charset=utf-8><body style=\"margin:8px;background:#fff\">{svg}</body>"))
        .unwrap();
    for (width, height) in [(1000u32, 800u32), (375, 700)] {
        let png = dir.path().join(format!("map-{width}.png"));
        screenshot(&browser, &page, &png, width, height);
        let bytes = std::fs::read(&png).expect("screenshot written");
        assert!(
            bytes.len() > 5_000,
            "{width}px: PNG only {} bytes",
            bytes.len()
        );
        let (w, h, px) = decode_png(&bytes);
        assert_eq!((w, h), (width as usize, height as usize));
        let white = px
            .iter()
            .filter(|p| p[0] > 245 && p[1] > 245 && p[2] > 245)
            .count();
        let painted = px.len() - white;
        assert!(
            painted > px.len() / 50,
            "{width}px: only {painted} painted pixels: blank?"
        );
        assert!(
            white > px.len() / 4,
            "{width}px: hardly any background: broken?"
        );
        // The badge fill (#e6f0fb) and the certificate fill (#fff2dc) of the map's style.
        let near = |p: &[u8; 4], c: [u8; 3]| (0..3).all(|i| p[i].abs_diff(c[i]) <= 3);
        let badge = px.iter().filter(|p| near(p, [0xe6, 0xf0, 0xfb])).count();
        let certificate = px.iter().filter(|p| near(p, [0xff, 0xf2, 0xdc])).count();
        assert!(
            badge > 1_000 && certificate > 500,
            "{width}px: styles not applied ({badge} badge, {certificate} certificate pixels)"
        );
    }
}
