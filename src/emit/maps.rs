//! Stack maps: the stack graph drawn as inline SVG at build time, with no JavaScript.
//!
//! Three kinds of map, all from [`crate::derive::stack::StackGraph`]:
//! - a pathway's full map: its stages as horizontal bands, top to bottom, "any N of" stages
//!   inside a labelled dashed box, the destination ringed;
//! - a credential's neighbourhood: what leads to it and what it leads to, two steps each way
//!   (one when two reach more than [`NEAR_MAX`] credentials), the credential itself ringed;
//! - the catalog map: every stack (credentials joined by prerequisites and stacks-into, see
//!   [`StackGraph::stacks`]), each its own drawing.
//!
//! Each map comes with its text alternative, an ordered list of the same steps with how they
//! connect, for the page to show beside the drawing. The SVG is a `role="group"` named by its
//! `<title>` and `<desc>`, and each box is a link in the tab order with a visible focus ring,
//! so the map works from the keyboard too. (It was once `role="img"` with its links out of
//! the tab order: links inside an image are "nested interactive" content that assistive
//! technology hides, which axe-core reports as a serious violation.)
//!
//! Output is deterministic: node order comes from the catalog, the layout is pure, numbers are
//! printed with one fixed rounding, text widths are estimated from characters, not fonts.
//! Styling lives in one stylesheet of its own, [`STYLESHEET`] (class names prefixed `cm-`,
//! because a map's style applies to the whole page), linked from each map's wrapper, so a map
//! renders the same on any theme and in print (shapes, line patterns and a type line keep it
//! legible in black and white). It was once a `<style>` inside every SVG: 1.9 KB on every
//! credential page, 19 MB of a 10,000-credential site. A theme may restyle maps by shipping a
//! file at the same path.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::urls;
use crate::derive::layout::{self, Layout, NodeSpec, Options};
use crate::derive::stack::{Edge, EdgeKind, Stack, StackGraph, Stacks};
use crate::model::{Catalog, CredentialId, Pathway, Require};

/// Box width of a credential, without its ring margin.
const NODE_W: f64 = 172.0;
/// Space kept around every box for the ring of the destination or focus.
const RING: f64 = 4.0;
const PAD: f64 = 8.0;
const FONT: f64 = 14.0;
const LINE: f64 = 17.0;
const KIND_LINE: f64 = 14.0;
const MAX_LINES: usize = 4;
const MARGIN: f64 = 16.0;
/// Room above a band's first layer for its header.
const BAND_HEADER: f64 = 34.0;
const LEGEND_ROW: f64 = 20.0;
/// The smallest scale a map may be shown at (names at about 10 px); wider maps scroll.
const MIN_SCALE: f64 = 0.72;
/// The most credentials a map draws. A larger stack or pathway is no longer readable as a
/// picture (and its layout grows much faster than the graph); its page gives the steps as
/// a list only.
pub const MAX_DRAWN: usize = 60;

/// One entry of a map's text alternative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub name: String,
    pub url: String,
    pub note: String,
}

/// A drawn map: the SVG (in its scroll wrapper), the steps, and the geometry it was drawn
/// from (kept for tests and for anyone checking the picture).
#[derive(Debug, Clone)]
pub struct Map {
    pub svg: String,
    pub steps: Vec<Step>,
    pub layout: Layout,
    /// The credential of each layout node.
    pub nodes: Vec<CredentialId>,
    pub edges: Vec<Edge>,
}

/// One stack of the catalog map.
#[derive(Debug, Clone)]
pub struct StackMap {
    /// A stable id for the section, from the stack's headline credential.
    pub id: String,
    pub title: String,
    pub map: Map,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Plain,
    /// The pathway's destination.
    Destination,
    /// The credential whose page this is.
    Focus,
}

/// What to draw, before layout.
struct Scene {
    id: String,
    title: String,
    desc: String,
    nodes: Vec<(CredentialId, Role, u32, Option<u32>)>,
    edges: Vec<Edge>,
    /// Band headers (pathway maps only), by band number.
    bands: Vec<String>,
    /// "Any N of" boxes: (group id, label).
    groups: Vec<(u32, String)>,
}

/// The full map of a pathway.
pub fn pathway_map(cat: &Catalog, stack: &StackGraph, p: &Pathway) -> Map {
    let mut nodes: Vec<(CredentialId, Role, u32, Option<u32>)> = Vec::new();
    let mut placed = std::collections::HashSet::new();
    let mut bands = Vec::new();
    let mut groups = Vec::new();
    for g in stack.pathway_groups(p.id) {
        let band = g.stage as u32;
        let group = match g.require {
            Require::AnyOf(n) => {
                groups.push((band, format!("any {n} of {}", g.members.len())));
                Some(band)
            }
            Require::All => None,
        };
        bands.push(format!(
            "{} · {} — {}",
            g.stage + 1,
            g.name,
            rule(g.require, g.members.len())
        ));
        for m in &g.members {
            if placed.insert(*m) {
                nodes.push((*m, Role::Plain, band, group));
            }
        }
    }
    let dest_band = bands.len() as u32;
    nodes.retain(|n| n.0 != p.destination);
    nodes.push((p.destination, Role::Destination, dest_band, None));
    bands.push("Destination".to_string());
    let ids: Vec<CredentialId> = nodes.iter().map(|n| n.0).collect();
    let stages = bands.len() - 1;
    let scene = Scene {
        // One pathway map a page (its own), so a short id is unique on it; ids are repeated
        // in every arrowhead reference.
        id: "map-p".to_string(),
        title: format!("Stack map of the {}", p.name),
        desc: format!(
            "{} credentials in {} stage{}, leading to {}. Arrows point from a credential to what it leads to. \
             The list beside the map gives the same steps.",
            ids.len() - 1,
            stages,
            if stages == 1 { "" } else { "s" },
            cat.credential(p.destination).name
        ),
        edges: stack.edges_among(&ids),
        nodes,
        bands,
        groups,
    };
    let mut map = draw(cat, &scene);
    map.steps = pathway_steps(cat, stack, p, &scene.edges);
    map
}

/// The most credentials a neighbourhood map shows two steps each way; past this it shows
/// one step. In a densely linked catalog two steps reach dozens of credentials, a picture
/// nobody reads (and 20–50 KB on every such page); the nearest ones are what a reader
/// looks for, and each of their pages maps their own neighbours.
pub const NEAR_MAX: usize = 30;

/// The credentials the neighbourhood map of `id` shows (`id` among them), and how many steps
/// each way: two, or one past [`NEAR_MAX`]; none when even one step reaches more than
/// [`MAX_DRAWN`] (a foundation course thousands of others recommend: its page lists them,
/// cut into pages, and draws no map). What the map and its list name, so what the
/// credential's page depends on.
pub fn credential_map_nodes(stack: &StackGraph, id: CredentialId) -> (Vec<CredentialId>, usize) {
    let Some(near) = stack.neighbourhood_within(id, 1, MAX_DRAWN) else {
        return (vec![], 1);
    };
    match stack.neighbourhood_within(id, 2, NEAR_MAX) {
        Some(ids) => (ids, 2),
        None => (near, 1),
    }
}

/// The neighbourhood of one credential, or `None` when nothing leads to or from it.
pub fn credential_map(cat: &Catalog, stack: &StackGraph, id: CredentialId) -> Option<Map> {
    let (ids, steps) = credential_map_nodes(stack, id);
    if ids.len() < 2 {
        return None;
    }
    let c = cat.credential(id);
    let nodes = ids
        .iter()
        .map(|m| {
            (
                *m,
                if *m == id { Role::Focus } else { Role::Plain },
                0,
                None,
            )
        })
        .collect();
    let scene = Scene {
        // One neighbourhood map a page, its credential's (see `pathway_map`).
        id: "map-c".to_string(),
        title: format!("What leads to and from {}", c.name),
        desc: format!(
            "{} and the credentials {} before and after it. Arrows point from a credential \
             to what it leads to. The list beside the map gives the same steps.",
            c.name,
            if steps == 2 {
                "up to two steps"
            } else {
                "one step"
            }
        ),
        edges: stack.edges_among(&ids),
        nodes,
        bands: vec![],
        groups: vec![],
    };
    let mut map = draw(cat, &scene);
    map.steps = layout_steps(cat, &map, Some(id));
    Some(map)
}

/// Every stack of the catalog, largest credential's name first in each title.
pub fn catalog_maps(cat: &Catalog, graph: &StackGraph, stacks: &Stacks) -> Vec<StackMap> {
    stacks
        .list
        .iter()
        .map(|s| stack_map(cat, graph, s))
        .collect()
}

/// A stack's name: its headline credential's.
pub fn stack_title(cat: &Catalog, s: &Stack) -> String {
    format!("Stack: {}", cat.credential(s.headline).name)
}

/// The map of one stack. Its ids come from the stack's headline credential, not from its
/// position among the stacks, so a drawing stays valid when other stacks come and go.
pub fn stack_map(cat: &Catalog, graph: &StackGraph, s: &Stack) -> StackMap {
    let (top, ids) = (s.headline, &s.members);
    let title = stack_title(cat, s);
    let id = format!("stack-{}", cat.credential(top).slug);
    let nodes = ids.iter().map(|m| (*m, Role::Plain, 0, None)).collect();
    let scene = Scene {
        id: format!("map-{id}"),
        title: title.clone(),
        desc: format!(
            "{} credentials that build on each other. Arrows point from a credential to what it \
             leads to. The list beside the map gives the same steps.",
            ids.len()
        ),
        edges: graph.edges_among(ids),
        nodes,
        bands: vec![],
        groups: vec![],
    };
    let mut map = draw(cat, &scene);
    map.steps = layout_steps(cat, &map, None);
    StackMap { id, title, map }
}

fn rule(require: Require, count: usize) -> String {
    match require {
        Require::All if count == 1 => "required".into(),
        Require::All => format!("all {count} required"),
        Require::AnyOf(n) => format!("any {n} of {count}"),
    }
}

fn link(cat: &Catalog, id: CredentialId) -> String {
    urls::link(cat, &urls::credential(cat.credential(id)))
}

fn names(cat: &Catalog, ids: &[CredentialId]) -> String {
    ids.iter()
        .map(|i| cat.credential(*i).name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "requires A; A recommended first; counts toward C", from the edges drawn.
fn relations(cat: &Catalog, related: &Related, id: CredentialId) -> Vec<String> {
    let Some([req, rec, into]) = related.get(&id) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if !req.is_empty() {
        out.push(format!("requires {}", names(cat, req)));
    }
    if !rec.is_empty() {
        out.push(format!("{} recommended first", names(cat, rec)));
    }
    if !into.is_empty() {
        out.push(format!("counts toward {}", names(cat, into)));
    }
    out
}

/// Per credential of a map, in the edges' order: what it requires, what is recommended
/// before it, what it counts toward. Gathered in one pass: a stack of hundreds has
/// thousands of edges, and scanning them all for every credential took most of a second.
type Related = HashMap<CredentialId, [Vec<CredentialId>; 3]>;

fn related(edges: &[Edge]) -> Related {
    let mut out: Related = HashMap::new();
    for &(from, to, kind) in edges {
        let (at, list, other) = match kind {
            EdgeKind::Prerequisite => (to, 0, from),
            EdgeKind::Recommended => (to, 1, from),
            EdgeKind::StacksInto => (from, 2, to),
        };
        out.entry(at).or_default()[list].push(other);
    }
    out
}

fn pathway_steps(cat: &Catalog, stack: &StackGraph, p: &Pathway, edges: &[Edge]) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut listed = std::collections::HashSet::new();
    let related = related(edges);
    for g in stack.pathway_groups(p.id) {
        for m in &g.members {
            if *m == p.destination || !listed.insert(*m) {
                continue;
            }
            let mut note = vec![format!(
                "stage {} ({}), {}",
                g.stage + 1,
                g.name,
                rule(g.require, g.members.len())
            )];
            note.extend(relations(cat, &related, *m));
            steps.push(Step {
                name: cat.credential(*m).name.clone(),
                url: link(cat, *m),
                note: note.join("; "),
            });
        }
    }
    let mut note = vec!["destination".to_string()];
    note.extend(relations(cat, &related, p.destination));
    steps.push(Step {
        name: cat.credential(p.destination).name.clone(),
        url: link(cat, p.destination),
        note: note.join("; "),
    });
    steps
}

/// Steps in drawing order: layer by layer, left to right.
fn layout_steps(cat: &Catalog, map: &Map, focus: Option<CredentialId>) -> Vec<Step> {
    let mut order: Vec<usize> = (0..map.nodes.len()).collect();
    order.sort_by(|a, b| {
        let (pa, pb) = (&map.layout.nodes[*a], &map.layout.nodes[*b]);
        pa.layer
            .cmp(&pb.layer)
            .then(pa.x.total_cmp(&pb.x))
            .then(a.cmp(b))
    });
    let related = related(&map.edges);
    order
        .into_iter()
        .map(|i| {
            let id = map.nodes[i];
            let mut note = Vec::new();
            if Some(id) == focus {
                note.push("this credential".to_string());
            }
            note.extend(relations(cat, &related, id));
            Step {
                name: cat.credential(id).name.clone(),
                url: link(cat, id),
                note: note.join("; "),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Drawing

/// Estimated width of `s` at `size` px: narrow, wide and ordinary characters. Generous on
/// purpose, so a real font fits inside.
pub fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(char_width).sum::<f64>() * size
}

/// One character's share of [`text_width`], in ems.
fn char_width(c: char) -> f64 {
    match c {
        'i' | 'l' | 'j' | 't' | 'f' | 'r' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!'
        | '(' | ')' | ' ' => 0.34,
        'm' | 'w' | 'M' | 'W' | '@' | '%' => 0.9,
        c if c.is_uppercase() => 0.7,
        c if c.is_ascii_digit() => 0.58,
        _ => 0.57,
    }
}

/// Greedy word wrap into at most `MAX_LINES` lines of `width`; the last line ends in "…"
/// when the text does not fit; a word longer than a line is cut.
pub fn wrap(text: &str, size: f64, width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    // The line's width so far in ems, summed character by character in the order
    // `text_width` sums the joined line, so each comparison is the same to the last bit
    // (the line is measured as it grows, not written out again for every word).
    let mut ems = 0.0;
    for word in text.split_whitespace() {
        let mut candidate = if current.is_empty() {
            0.0
        } else {
            ems + char_width(' ')
        };
        for c in word.chars() {
            candidate += char_width(c);
        }
        if candidate * size <= width {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
            ems = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        // A word wider than a line is cut where it stops fitting.
        let mut rest = word.to_string();
        while text_width(&rest, size) > width {
            let mut cut = String::new();
            // Summed as `text_width` sums "{cut}{ch}-", without writing it out.
            let mut cut_ems = 0.0;
            for ch in rest.chars() {
                if (cut_ems + char_width(ch) + char_width('-')) * size > width {
                    break;
                }
                cut.push(ch);
                cut_ems += char_width(ch);
            }
            if cut.is_empty() {
                break;
            }
            rest = rest[cut.len()..].to_string();
            lines.push(format!("{cut}-"));
        }
        ems = rest.chars().map(char_width).sum::<f64>();
        current = rest;
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        let last = &mut lines[MAX_LINES - 1];
        *last = cut_with_ellipsis(std::mem::take(last), |t| text_width(t, size) <= width);
    }
    lines
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Numbers in the SVG: one decimal at most, no "-0". Written straight into the drawing: a
/// map has hundreds of numbers, and a `String` each was about a sixth of drawing it in a
/// profile of the skewed 10,000.
#[derive(Clone, Copy)]
struct Num(f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // In tenths, as an integer: the digits `{:.1}` would print, without formatting a
        // float, and written by `itoa`, not `write!` (each showed in a profile).
        const TENTHS: [&str; 10] = ["", ".1", ".2", ".3", ".4", ".5", ".6", ".7", ".8", ".9"];
        let tenths = (self.0 * 10.0).round() as i64;
        let abs = tenths.unsigned_abs();
        if abs == 0 {
            return f.write_str("0");
        }
        if tenths < 0 {
            f.write_str("-")?;
        }
        f.write_str(itoa::Buffer::new().format(abs / 10))?;
        f.write_str(TENTHS[(abs % 10) as usize])
    }
}

fn num(x: f64) -> Num {
    Num(x)
}

/// SVG text and attributes escape exactly like HTML's.
fn esc(s: &str) -> String {
    super::templates::escape_html(s)
}

fn family_label(family: &str) -> &'static str {
    match family {
        "badge" => "Badge",
        "micro" => "Micro-credential",
        "certificate" => "Certificate",
        "certification" => "Certification or license",
        _ => "Degree or diploma",
    }
}

/// Corner radius by family: a second cue next to colour, for print.
fn family_rx(family: &str) -> f64 {
    match family {
        "badge" => 16.0,
        "micro" => 8.0,
        _ => 1.0,
    }
}

const FAMILIES: [&str; 5] = ["badge", "micro", "certificate", "certification", "degree"];

/// Where the maps' stylesheet is written, under the site root.
pub const STYLESHEET: &str = "css/stack-map.css";

/// The maps' stylesheet, written to [`STYLESHEET`].
pub const STYLE: &str = "\
.cm-band{fill:#f4f6f8;stroke:#d5dbe1}\
.cm-bandlabel{font-size:12.5px;font-weight:600;fill:#3b4650;paint-order:stroke;stroke:#f4f6f8;stroke-width:5px;stroke-linejoin:round}\
.cm-group{fill:none;stroke:#4a5560;stroke-width:1.5;stroke-dasharray:6 4}\
.cm-grouptag{fill:#fff;stroke:#4a5560}\
.cm-grouplabel{font-size:11px;font-weight:600;fill:#2b333b}\
.cm-map{display:block;height:auto;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif}\
.cm-box{stroke-width:1.5}\
.cm-badge .cm-box{fill:#e6f0fb;stroke:#1d5fa6}\
.cm-micro .cm-box{fill:#e7f5ea;stroke:#27743a}\
.cm-certificate .cm-box{fill:#fff2dc;stroke:#9a5700}\
.cm-certification .cm-box{fill:#f4e8f7;stroke:#77378a}\
.cm-certification .cm-inner{fill:none;stroke:#77378a}\
.cm-degree .cm-box{fill:#fbe8e8;stroke:#9c3030;stroke-width:3}\
.cm-ring{fill:none;stroke:#111;stroke-width:2.5}\
.cm-name{font-size:14px;fill:#15191d}\
.cm-kind{font-size:10.5px;letter-spacing:.4px;fill:#4a5560}\
.cm-edge{fill:none;stroke-width:1.6}\
.cm-prerequisite{stroke:#222;stroke-width:2.2}\
.cm-stacksinto{stroke:#5d6873;stroke-width:1.3}\
.cm-recommended{stroke:#5d6873;stroke-width:1.3;stroke-dasharray:6 4}\
.cm-arrow{fill:#222}\
.cm-open{fill:none;stroke:#5d6873;stroke-width:1.4}\
.cm-legend{font-size:11px;fill:#2b333b}\
.cm-map a:hover .cm-box,.cm-map a:focus .cm-box{stroke-width:3}\
.cm-map a:focus{outline:none}.cm-map a:focus-visible .cm-box{stroke:#111;stroke-width:4}\
@media print{.cm-map{min-width:0!important;max-width:100%!important}.cm-band{fill:none;stroke:#888}.cm-bandlabel{stroke:#fff}.cm-box{fill:#fff!important;stroke:#000!important}\
.cm-edge,.cm-open{stroke:#000!important}.cm-arrow{fill:#000}.cm-name,.cm-kind,.cm-legend{fill:#000}}";

fn draw(cat: &Catalog, scene: &Scene) -> Map {
    let inner = NODE_W - 2.0 * PAD;
    let labels: Vec<Vec<String>> = scene
        .nodes
        .iter()
        .map(|n| wrap(&cat.credential(n.0).name, FONT, inner))
        .collect();
    let specs: Vec<NodeSpec> = scene
        .nodes
        .iter()
        .zip(&labels)
        .map(|(n, lines)| NodeSpec {
            width: NODE_W + 2.0 * RING,
            height: box_height(lines.len()) + 2.0 * RING,
            band: n.2,
            group: n.3,
        })
        .collect();
    let position: std::collections::HashMap<CredentialId, usize> = scene
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.0, i))
        .collect();
    let index_of = |id: CredentialId| position.get(&id).copied();
    // Edges as node indices, with their kinds kept alongside (an edge to a credential not on
    // the map, which `edges_among` never gives, would simply be left out).
    let (edge_idx, edge_kinds): (Vec<(usize, usize)>, Vec<EdgeKind>) = scene
        .edges
        .iter()
        .filter_map(|e| Some(((index_of(e.0)?, index_of(e.1)?), e.2)))
        .unzip();
    let banded = !scene.bands.is_empty();
    let opts = Options {
        layer_gap: 46.0,
        band_header: if banded { BAND_HEADER } else { 0.0 },
        node_gap: 22.0,
        dummy_width: 10.0,
        sweeps: 8,
    };
    if scene.nodes.len() > MAX_DRAWN {
        return Map {
            svg: String::new(),
            steps: vec![],
            layout: layout::layers_only(&specs, &edge_idx),
            nodes: scene.nodes.iter().map(|n| n.0).collect(),
            edges: scene.edges.clone(),
        };
    }
    let lay = layout::layout(&specs, &edge_idx, &opts);

    // Legend entries: only what this map shows.
    let mut families: Vec<&str> = FAMILIES
        .iter()
        .copied()
        .filter(|f| {
            scene
                .nodes
                .iter()
                .any(|n| cat.credential(n.0).kind.family() == *f)
        })
        .collect();
    families.dedup();
    let mut kinds: Vec<EdgeKind> = scene.edges.iter().map(|e| e.2).collect();
    kinds.sort();
    kinds.dedup();
    let ring = scene.nodes.iter().find(|n| n.1 != Role::Plain).map(|n| n.1);
    let mut legend: Vec<(LegendItem, String)> = families
        .iter()
        .map(|f| (LegendItem::Family(f), family_label(f).to_string()))
        .collect();
    legend.extend(
        kinds
            .iter()
            .map(|k| (LegendItem::Edge(*k), k.label().to_string())),
    );
    if let Some(r) = ring {
        let label = if r == Role::Destination {
            "destination"
        } else {
            "this credential"
        };
        legend.push((LegendItem::Ring, label.to_string()));
    }

    let top = MARGIN + if banded { BAND_HEADER } else { 0.0 };
    let min_width = 300.0;
    let content_w = lay.width + 2.0 * MARGIN + if banded { 8.0 } else { 0.0 };
    let width = content_w.max(min_width);
    let dx = (width - lay.width) / 2.0;
    let legend_rows = legend_rows(&legend, width - 2.0 * MARGIN);
    let legend_top = top + lay.height + 24.0;
    let height = legend_top + legend_rows.len() as f64 * LEGEND_ROW + MARGIN;

    let mut s = String::with_capacity(8192);
    let id = &scene.id;
    let _ = write!(
        s,
        "<div class=\"stack-map\" style=\"overflow-x:auto;max-width:100%\">\
         <link rel=\"stylesheet\" href=\"{css}\"/>\
         <svg xmlns=\"http://www.w3.org/2000/svg\" class=\"cm-map\" role=\"group\" aria-labelledby=\"{id}-t {id}-d\" \
         viewBox=\"0 0 {w} {h}\" width=\"100%\" style=\"max-width:calc({w}px * var(--map-zoom,1));min-width:{minw}px\">\
         <title id=\"{id}-t\">{title}</title><desc id=\"{id}-d\">{desc}</desc>",
        css = esc(&urls::link(cat, &format!("/{STYLESHEET}"))),
        w = num(width),
        h = num(height),
        minw = num((width * MIN_SCALE).round()),
        title = esc(&scene.title),
        desc = esc(&scene.desc),
    );
    // Only the arrowheads this map draws (its edges are the legend's kinds).
    markers(&mut s, id, &kinds);

    // Band headers and group tags go over the edges (`over`), band and group boxes under them.
    let mut over = String::new();
    // Bands (pathway stages).
    if banded {
        s.push_str("<g class=\"cm-bands\">");
        for (b, label) in scene.bands.iter().enumerate() {
            let members: Vec<usize> = (0..scene.nodes.len())
                .filter(|i| scene.nodes[*i].2 == b as u32)
                .collect();
            let (Some(lmin), Some(lmax)) = (
                members.iter().map(|i| lay.nodes[*i].layer).min(),
                members.iter().map(|i| lay.nodes[*i].layer).max(),
            ) else {
                continue;
            };
            let y0 = top + lay.layer_top[lmin] - BAND_HEADER + 4.0;
            let y1 = top + lay.layer_top[lmax] + lay.layer_height[lmax] + 8.0;
            let _ = write!(
                s,
                "<rect class=\"cm-band\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"/>",
                num(MARGIN / 2.0),
                num(y0),
                num(width - MARGIN),
                num(y1 - y0),
            );
            let _ = write!(
                over,
                "<text class=\"cm-bandlabel\" x=\"{}\" y=\"{}\">{}</text>",
                num(MARGIN),
                num(y0 + 17.0),
                esc(&fit(label.to_string(), |t| {
                    text_width(t, 12.5 * 1.08) <= width - 2.0 * MARGIN
                }))
            );
        }
        s.push_str("</g>");
    }

    // "Any N of" boxes.
    for (g, label) in &scene.groups {
        let members: Vec<&layout::Placed> = (0..scene.nodes.len())
            .filter(|i| scene.nodes[*i].3 == Some(*g))
            .map(|i| &lay.nodes[i])
            .collect();
        if members.is_empty() {
            continue;
        }
        let x0 = members.iter().map(|p| p.x).fold(f64::INFINITY, f64::min) + dx - 6.0;
        let x1 = members
            .iter()
            .map(|p| p.x + p.width)
            .fold(f64::NEG_INFINITY, f64::max)
            + dx
            + 6.0;
        let y0 = members.iter().map(|p| p.y).fold(f64::INFINITY, f64::min) + top - 6.0;
        let y1 = members
            .iter()
            .map(|p| p.bottom())
            .fold(f64::NEG_INFINITY, f64::max)
            + top
            + 6.0;
        let tag_w = text_width(label, 11.0) + 14.0;
        let _ = write!(
            s,
            "<rect class=\"cm-group\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"10\"/>",
            num(x0),
            num(y0),
            num(x1 - x0),
            num(y1 - y0),
        );
        let _ = write!(
            over,
            "<rect class=\"cm-grouptag\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" rx=\"8\"/>\
             <text class=\"cm-grouplabel\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            num(x1 - tag_w - 12.0),
            num(y0 - 8.0),
            num(tag_w),
            num(x1 - 12.0 - tag_w / 2.0),
            num(y0 + 4.0),
            esc(label)
        );
    }

    // Edges, under the boxes, grouped by kind and direction: the group carries the class
    // and the arrowhead (marker properties inherit), so each edge is only its path.
    let mut groups: std::collections::BTreeMap<(EdgeKind, bool), String> = Default::default();
    for (k, route) in lay.routes.iter().enumerate() {
        if route.points.len() < 2 {
            continue;
        }
        let kind = edge_kinds[k];
        let mut pts: Vec<(f64, f64)> = route
            .points
            .iter()
            .map(|(x, y)| (x + dx, y + top))
            .collect();
        // Start and end on the drawn box (inset by the ring margin), or on the ring.
        let last = pts.len() - 1;
        let (upper, lower) = if route.reversed {
            (edge_idx[k].1, edge_idx[k].0)
        } else {
            (edge_idx[k].0, edge_idx[k].1)
        };
        let inset = |i: usize| {
            if scene.nodes[i].1 == Role::Plain {
                RING
            } else {
                0.0
            }
        };
        pts[0].1 -= inset(upper);
        pts[last].1 += inset(lower) - 1.0;
        // Rounded before the steps are taken between them, so the relative steps add up to
        // exactly the rounded end (no drift over a long edge's segments).
        for p in &mut pts {
            *p = (round1(p.0), round1(p.1));
        }
        let mut d = PathData::default();
        d.command('M', &[pts[0].0, pts[0].1]);
        for w in pts.windows(2) {
            let ((x0, y0), (x1, y1)) = (w[0], w[1]);
            if (x0 - x1).abs() < 0.05 {
                d.command('v', &[y1 - y0]);
            } else {
                let (dx, dy) = (x1 - x0, y1 - y0);
                d.command('c', &[0.0, dy / 2.0, dx, dy / 2.0, dx, dy]);
            }
        }
        let d = d.0;
        let _ = write!(
            groups.entry((kind, route.reversed)).or_default(),
            "<path d=\"{d}\"/>"
        );
    }
    s.push_str("<g class=\"cm-edges\">");
    for ((kind, reversed), paths) in &groups {
        let class = kind_class(*kind);
        let marker = if *reversed {
            "marker-start"
        } else {
            "marker-end"
        };
        let _ = write!(
            s,
            "<g class=\"cm-edge cm-{class}\" {marker}=\"url(#{id}-{class})\">{paths}</g>"
        );
    }
    s.push_str("</g>");
    s.push_str(&over);

    // Boxes.
    s.push_str("<g class=\"cm-nodes\">");
    for (i, (cid, role, _, _)) in scene.nodes.iter().enumerate() {
        let c = cat.credential(*cid);
        let p = &lay.nodes[i];
        let family = c.kind.family();
        let (x, y) = (p.x + dx + RING, p.y + top + RING);
        let (w, h) = (NODE_W, p.height - 2.0 * RING);
        let mark = if *role == Role::Plain { "" } else { " cm-mark" };
        let current = if *role == Role::Focus {
            " aria-current=\"page\""
        } else {
            ""
        };
        // Each box is drawn in its own coordinates, moved into place by its link: the same
        // few numbers on every box (about 25 bytes a box less than placing each part).
        let _ = write!(
            s,
            "<a href=\"{}\"{current} class=\"cm-node cm-{family}{mark}\" transform=\"translate({} {})\">",
            esc(&link(cat, *cid)),
            num(x),
            num(y)
        );
        if *role != Role::Plain {
            let _ = write!(
                s,
                "<rect class=\"cm-ring\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/>",
                num(-RING),
                num(-RING),
                num(w + 2.0 * RING),
                num(h + 2.0 * RING),
                num(family_rx(family) + RING)
            );
        }
        let _ = write!(
            s,
            "<rect class=\"cm-box\" width=\"{}\" height=\"{}\" rx=\"{}\"/>",
            num(w),
            num(h),
            num(family_rx(family))
        );
        if family == "certification" {
            let _ = write!(
                s,
                "<rect class=\"cm-inner\" x=\"3\" y=\"3\" width=\"{}\" height=\"{}\"/>",
                num(w - 6.0),
                num(h - 6.0)
            );
        }
        let _ = write!(
            s,
            "<text class=\"cm-kind\" x=\"{pad}\" y=\"{}\">{}</text><text class=\"cm-name\">",
            num(PAD + 9.0),
            esc(&kind_line(c.kind.label())),
            pad = num(PAD),
        );
        for (k, line) in labels[i].iter().enumerate() {
            let _ = write!(
                s,
                "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                num(PAD),
                num(PAD + KIND_LINE + LINE - 2.0 + k as f64 * LINE),
                esc(line)
            );
        }
        s.push_str("</text></a>");
    }
    s.push_str("</g>");

    // Legend.
    s.push_str("<g class=\"cm-legend\">");
    for (r, row) in legend_rows.iter().enumerate() {
        let y = legend_top + r as f64 * LEGEND_ROW;
        let mut x = MARGIN;
        for k in row {
            let (item, label) = &legend[*k];
            match item {
                LegendItem::Family(f) => {
                    let _ = write!(
                        s,
                        "<g class=\"cm-{f}\"><rect class=\"cm-box\" x=\"{}\" y=\"{}\" width=\"24\" height=\"14\" rx=\"{}\"/></g>",
                        num(x),
                        num(y - 11.0),
                        num(family_rx(f).min(7.0))
                    );
                }
                LegendItem::Edge(kind) => {
                    let class = kind_class(*kind);
                    let _ = write!(
                        s,
                        "<path class=\"cm-edge cm-{class}\" d=\"M{} {}H{}\" marker-end=\"url(#{id}-{class})\"/>",
                        num(x),
                        num(y - 4.0),
                        num(x + 22.0)
                    );
                }
                LegendItem::Ring => {
                    let _ = write!(
                        s,
                        "<rect class=\"cm-ring\" x=\"{}\" y=\"{}\" width=\"24\" height=\"14\" rx=\"4\"/>",
                        num(x),
                        num(y - 11.0)
                    );
                }
            }
            let _ = write!(
                s,
                "<text class=\"cm-legend\" x=\"{}\" y=\"{}\">{}</text>",
                num(x + 30.0),
                num(y),
                esc(label)
            );
            x += legend_item_width(label);
        }
    }
    s.push_str("</g></svg></div>");

    Map {
        svg: s,
        steps: vec![],
        layout: lay,
        nodes: scene.nodes.iter().map(|n| n.0).collect(),
        edges: scene.edges.clone(),
    }
}

#[derive(Debug, Clone, Copy)]
enum LegendItem {
    Family(&'static str),
    Edge(EdgeKind),
    Ring,
}

fn legend_item_width(label: &str) -> f64 {
    30.0 + text_width(label, 11.0) + 18.0
}

/// Legend items flowed into rows no wider than `width`.
fn legend_rows(items: &[(LegendItem, String)], width: f64) -> Vec<Vec<usize>> {
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut used = f64::INFINITY;
    for (i, (_, label)) in items.iter().enumerate() {
        let w = legend_item_width(label);
        if used + w > width {
            rows.push(vec![]);
            used = 0.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push(i);
        }
        used += w;
    }
    rows
}

fn kind_class(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Prerequisite => "prerequisite",
        EdgeKind::StacksInto => "stacksinto",
        EdgeKind::Recommended => "recommended",
    }
}

/// Arrowheads: filled for "required before", open for the other two (so kinds differ by
/// more than colour). `auto-start-reverse` lets a reversed edge carry its head at the start.
fn markers(s: &mut String, id: &str, kinds: &[EdgeKind]) {
    if kinds.is_empty() {
        return;
    }
    s.push_str("<defs>");
    for kind in kinds {
        let (size, class, d) = match kind {
            EdgeKind::Prerequisite => (7, "cm-arrow", "M0 0L10 5L0 10z"),
            EdgeKind::StacksInto => (9, "cm-open", "M1 1L9 5L1 9z"),
            EdgeKind::Recommended => (9, "cm-open", "M1 1L9 5L1 9"),
        };
        let _ = write!(
            s,
            "<marker id=\"{id}-{}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"{size}\" markerHeight=\"{size}\" \
             orient=\"auto-start-reverse\" markerUnits=\"userSpaceOnUse\"><path class=\"{class}\" d=\"{d}\"/></marker>",
            kind_class(*kind)
        );
    }
    s.push_str("</defs>");
}

/// SVG path data written short: numbers as [`num`] prints them, a separator only where the
/// next number would otherwise run into the one before (a minus sign separates by itself).
#[derive(Default)]
struct PathData(String);

impl PathData {
    fn command(&mut self, c: char, args: &[f64]) {
        self.0.push(c);
        for (i, a) in args.iter().enumerate() {
            if i > 0 && round1(*a) >= 0.0 {
                self.0.push(' ');
            }
            let _ = write!(self.0, "{}", num(*a));
        }
    }
}

fn box_height(lines: usize) -> f64 {
    PAD + KIND_LINE + lines.max(1) as f64 * LINE + PAD - 2.0
}

/// The small type line above a name, in capitals (written out, not by CSS, so its width can
/// be estimated), cut to the box.
fn kind_line(label: &str) -> String {
    let width = NODE_W - 2.0 * PAD;
    // Letter spacing adds 0.4 px a character.
    fit(label.to_uppercase(), |t| {
        text_width(t, 10.5) + 0.4 * t.chars().count() as f64 <= width
    })
}

/// `text` as it is when it `fits`, or else cut with "…" ([`cut_with_ellipsis`]).
fn fit(text: String, fits: impl Fn(&str) -> bool) -> String {
    if fits(&text) {
        return text;
    }
    cut_with_ellipsis(text, fits)
}

/// `text` shortened a character at a time until it `fits` with "…" after it, and the "…":
/// the one way every label of a map is cut (a type line, a band label, a name's last line).
fn cut_with_ellipsis(mut text: String, fits: impl Fn(&str) -> bool) -> String {
    while !text.is_empty() && !fits(&format!("{text}…")) {
        text.pop();
    }
    format!("{}…", text.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_tenths_without_minus_zero() {
        // What `{:.1}` prints of the rounded tenths, trailing ".0" and "-0" dropped.
        let reference = |x: f64| {
            let tenths = (x * 10.0).round() as i64;
            let s = format!("{:.1}", tenths as f64 / 10.0);
            let s = s.strip_suffix(".0").unwrap_or(&s).to_string();
            if s == "-0" {
                "0".to_string()
            } else {
                s
            }
        };
        for i in -30_000..30_000 {
            let x = i as f64 * 0.0137;
            assert_eq!(num(x).to_string(), reference(x), "{x}");
        }
        for x in [
            0.0, -0.0, 0.04, -0.04, 0.05, -0.05, 1e12, -1e12, 123.45, -99.95,
        ] {
            assert_eq!(num(x).to_string(), reference(x), "{x}");
        }
    }

    #[test]
    fn wrap_fits_and_truncates() {
        let lines = wrap(
            "Advanced Data Analytics Certificate",
            FONT,
            NODE_W - 2.0 * PAD,
        );
        assert!(lines.len() >= 2 && lines.len() <= MAX_LINES, "{lines:?}");
        for l in &lines {
            assert!(text_width(l, FONT) <= NODE_W - 2.0 * PAD);
        }
        let long = "word ".repeat(40);
        let lines = wrap(&long, FONT, 100.0);
        assert_eq!(lines.len(), MAX_LINES);
        assert!(lines[MAX_LINES - 1].ends_with('…'));
        let lines = wrap(
            "Supercalifragilisticexpialidocious-and-more-letters",
            FONT,
            80.0,
        );
        assert!(
            lines.iter().all(|l| text_width(l, FONT) <= 80.0),
            "{lines:?}"
        );
        // A cut piece is the longest that fits with its hyphen, and the pieces spell the word.
        let word = "Supercalifragilisticexpialidocious-and-more-letters";
        let mut rest = word;
        for l in lines
            .iter()
            .take_while(|l| l.ends_with('-') && !l.ends_with("--"))
        {
            let piece = &l[..l.len() - 1];
            assert!(rest.starts_with(piece), "{lines:?}");
            rest = &rest[piece.len()..];
            let next = rest.chars().next().unwrap();
            assert!(
                text_width(&format!("{piece}{next}-"), FONT) > 80.0,
                "{lines:?}"
            );
        }
        assert!(lines.len() > 1 && rest.len() < word.len(), "{lines:?}");
    }

    #[test]
    fn numbers_are_fixed() {
        assert_eq!(num(-0.01).to_string(), "0");
        assert_eq!(num(12.0).to_string(), "12");
        assert_eq!(num(12.345).to_string(), "12.3");
        assert_eq!(num(-3.04).to_string(), "-3");
        assert_eq!(num(-0.46).to_string(), "-0.5");
        // The same digits as a float printed to one decimal, over a range of values.
        for i in -30_000..30_000 {
            let x = f64::from(i) * 0.0137;
            let r = round1(x);
            let want = if r == 0.0 {
                "0".to_string()
            } else if r.fract() == 0.0 {
                format!("{}", r as i64)
            } else {
                format!("{r:.1}")
            };
            assert_eq!(num(x).to_string(), want, "{x}");
        }
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        let mut d = PathData::default();
        d.command('M', &[460.6, 352.0]);
        d.command('c', &[0.0, 23.0, -64.5, 23.0, -64.5, 46.0]);
        d.command('v', &[70.0]);
        assert_eq!(d.0, "M460.6 352c0 23-64.5 23-64.5 46v70");
    }
}
