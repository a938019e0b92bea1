//! Stack maps on the demo catalog and on generated graphs: real geometry (no overlapping
//! boxes, edges only downwards, everything inside the viewBox), pinned crossing counts,
//! byte-identical output, and the text alternative.
//!
//! `MAPS_DUMP=DIR cargo test --test maps` also writes every demo map as a small HTML page to
//! DIR, for looking at them in a browser.

use credcat::derive::layout::{self, Layout, NodeSpec, Options};
use credcat::emit::maps::{self, Map};

mod common;

use common::Resolved as Demo;

fn demo_at(base_url: Option<&str>) -> Demo {
    common::resolved_demo(base_url)
}

fn demo() -> Demo {
    demo_at(None)
}

/// Every demo map, named.
fn demo_maps(site: &Demo) -> Vec<(String, Map)> {
    let cat = &site.catalog;
    let stack = &site.derived.stack;
    let mut out = Vec::new();
    for p in &cat.pathways {
        out.push((
            format!("pathway-{}", p.slug),
            maps::pathway_map(cat, stack, p),
        ));
    }
    for c in &cat.credentials {
        if let Some(m) = maps::credential_map(cat, stack, c.id) {
            out.push((format!("credential-{}", c.slug), m));
        }
    }
    for (i, s) in maps::catalog_maps(cat, stack, &site.derived.stacks)
        .into_iter()
        .enumerate()
    {
        out.push((format!("stack-{}", i + 1), s.map));
    }
    out
}

fn overlap(a: &layout::Placed, b: &layout::Placed) -> bool {
    a.x < b.x + b.width - 1e-6
        && b.x < a.x + a.width - 1e-6
        && a.y < b.y + b.height - 1e-6
        && b.y < a.y + a.height - 1e-6
}

type Point = (f64, f64);
type Segment = (Point, Point);

/// Proper crossings between segments of different edges, counted geometrically. Segments
/// that share an end point (edges out of one box) do not count.
fn geometric_crossings(l: &Layout) -> usize {
    let segs: Vec<(usize, Segment)> = l
        .routes
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.points.windows(2).map(move |w| (i, (w[0], w[1]))))
        .collect();
    let orient = |a: (f64, f64), b: (f64, f64), c: (f64, f64)| {
        (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)
    };
    let mut n = 0;
    for i in 0..segs.len() {
        for j in i + 1..segs.len() {
            let (ei, (p1, p2)) = segs[i];
            let (ej, (q1, q2)) = segs[j];
            if ei == ej {
                continue;
            }
            let (d1, d2) = (orient(q1, q2, p1), orient(q1, q2, p2));
            let (d3, d4) = (orient(p1, p2, q1), orient(p1, p2, q2));
            if d1 * d2 < -1e-9 && d3 * d4 < -1e-9 {
                n += 1;
            }
        }
    }
    n
}

fn view_box(svg: &str) -> (f64, f64) {
    let start = svg.find("viewBox=\"0 0 ").expect("viewBox") + "viewBox=\"0 0 ".len();
    let rest = &svg[start..];
    let end = rest.find('"').unwrap();
    let mut it = rest[..end].split(' ').map(|v| v.parse::<f64>().unwrap());
    (it.next().unwrap(), it.next().unwrap())
}

/// The SVG element of a map, parsed by an XML parser (the map's wrapper `<div>` holds a
/// `<link>`, which XML wants closed: it is, as `<link …/>`).
fn parsed(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).expect("the map is well-formed XML")
}

/// The offset an element is drawn at: the sum of its ancestors' `translate(x y)`.
fn offset(node: roxmltree::Node) -> (f64, f64) {
    node.ancestors()
        .filter_map(|a| a.attribute("transform"))
        .map(|t| {
            let inner = t
                .strip_prefix("translate(")
                .and_then(|t| t.strip_suffix(')'))
                .unwrap_or_else(|| panic!("only translate() is used: {t}"));
            let mut it = inner.split(' ').map(|v| v.parse::<f64>().unwrap());
            (it.next().unwrap(), it.next().unwrap())
        })
        .fold((0.0, 0.0), |(x, y), (dx, dy)| (x + dx, y + dy))
}

/// Every rectangle in the SVG, placed where it is drawn (x, y, width, height).
fn rects(svg: &str) -> Vec<(f64, f64, f64, f64)> {
    let doc = parsed(svg);
    let num =
        |n: roxmltree::Node, name: &str| n.attribute(name).map_or(0.0, |v| v.parse().unwrap());
    doc.descendants()
        .filter(|n| n.has_tag_name("rect"))
        .map(|n| {
            let (dx, dy) = offset(n);
            (
                num(n, "x") + dx,
                num(n, "y") + dy,
                num(n, "width"),
                num(n, "height"),
            )
        })
        .collect()
}

/// Where each edge of the map starts and ends, read back from its path data (`M` absolute,
/// then `c` and `v` relative, as the maps write them).
fn edge_ends(svg: &str) -> Vec<((f64, f64), (f64, f64))> {
    let doc = parsed(svg);
    let edges = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("cm-edges"));
    let Some(edges) = edges else { return vec![] };
    edges
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .map(|n| {
            let d = n.attribute("d").unwrap();
            let mut tokens: Vec<(char, Vec<f64>)> = Vec::new();
            let mut number = String::new();
            let flush = |number: &mut String, tokens: &mut Vec<(char, Vec<f64>)>| {
                if !number.is_empty() {
                    tokens.last_mut().unwrap().1.push(number.parse().unwrap());
                    number.clear();
                }
            };
            for ch in d.chars() {
                match ch {
                    'M' | 'c' | 'v' => {
                        flush(&mut number, &mut tokens);
                        tokens.push((ch, vec![]));
                    }
                    ' ' => flush(&mut number, &mut tokens),
                    '-' => {
                        flush(&mut number, &mut tokens);
                        number.push(ch);
                    }
                    '0'..='9' | '.' => number.push(ch),
                    other => panic!("unexpected {other:?} in path data {d}"),
                }
            }
            flush(&mut number, &mut tokens);
            let mut at = (0.0, 0.0);
            let mut start = None;
            for (c, args) in tokens {
                match (c, args.as_slice()) {
                    ('M', [x, y]) => at = (*x, *y),
                    ('v', [dy]) => at.1 += dy,
                    ('c', [_, _, _, _, dx, dy]) => at = (at.0 + dx, at.1 + dy),
                    _ => panic!("malformed path data {d}"),
                }
                start.get_or_insert(at);
            }
            (start.unwrap(), at)
        })
        .collect()
}

/// The SVG is well-formed XML as far as a browser's HTML parser cares: every element closed
/// in order, attribute values quoted, `&` only in entities.
fn check_well_formed(name: &str, svg: &str) {
    let mut open: Vec<&str> = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find('<') {
        let text = &rest[..i];
        for (k, _) in text.match_indices('&') {
            let entity = &text[k..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                    .iter()
                    .any(|e| entity.starts_with(e)),
                "{name}: bare & in text"
            );
        }
        let end = rest[i..]
            .find('>')
            .unwrap_or_else(|| panic!("{name}: unclosed tag"))
            + i;
        let tag = &rest[i + 1..end];
        assert_eq!(
            tag.matches('"').count() % 2,
            0,
            "{name}: unbalanced quotes in <{tag}>"
        );
        if let Some(closing) = tag.strip_prefix('/') {
            assert_eq!(
                open.pop(),
                Some(closing),
                "{name}: </{closing}> closes the wrong element"
            );
        } else if !tag.ends_with('/') {
            let element = tag.split([' ', '\n']).next().unwrap_or("");
            open.push(element);
        }
        rest = &rest[end + 1..];
    }
    assert!(open.is_empty(), "{name}: unclosed {open:?}");
}

fn check_geometry(name: &str, m: &Map) {
    check_well_formed(name, &m.svg);
    let l = &m.layout;
    for i in 0..l.nodes.len() {
        for j in i + 1..l.nodes.len() {
            assert!(
                !overlap(&l.nodes[i], &l.nodes[j]),
                "{name}: boxes {i} and {j} overlap"
            );
        }
    }
    for (k, r) in l.routes.iter().enumerate() {
        assert!(r.points.len() >= 2, "{name}: edge {k} not drawn");
        assert!(
            r.layers.windows(2).all(|w| w[0] <= w[1]),
            "{name}: edge {k} goes up: {:?}",
            r.layers
        );
        assert!(
            r.layers.first() < r.layers.last(),
            "{name}: edge {k} within one layer"
        );
        assert!(
            r.points.windows(2).all(|w| w[0].1 <= w[1].1),
            "{name}: edge {k} climbs"
        );
        // Each edge starts at its upper box's bottom and ends at its lower box's top.
        let at = |id| m.nodes.iter().position(|n| *n == id).unwrap();
        let (a, b) = (at(m.edges[k].0), at(m.edges[k].1));
        let (upper, lower) = if r.reversed {
            (&l.nodes[b], &l.nodes[a])
        } else {
            (&l.nodes[a], &l.nodes[b])
        };
        let (first, last) = (r.points[0], r.points[r.points.len() - 1]);
        let within = |x: f64, p: &layout::Placed| x > p.x && x < p.x + p.width;
        assert!(
            within(first.0, upper) && (first.1 - upper.bottom()).abs() < 1e-6,
            "{name}: edge {k} start"
        );
        assert!(
            within(last.0, lower) && (last.1 - lower.y).abs() < 1e-6,
            "{name}: edge {k} end"
        );
    }
    let (w, h) = view_box(&m.svg);
    // Each edge read back from the drawing starts on a box's bottom and ends on a box's top
    // (within the ring's margin and a pixel of rounding).
    let boxes = rects(&m.svg);
    let on_edge_of = |(x, y): (f64, f64), bottom: bool| {
        boxes.iter().any(|(bx, by, bw, bh)| {
            let edge_y = if bottom { by + bh } else { *by };
            x > *bx && x < bx + bw && (y - edge_y).abs() <= 5.5
        })
    };
    let ends = edge_ends(&m.svg);
    assert_eq!(ends.len(), l.routes.len(), "{name}: one path per edge");
    for (k, (start, end)) in ends.into_iter().enumerate() {
        let forward = on_edge_of(start, true) && on_edge_of(end, false);
        let backward = on_edge_of(start, false) && on_edge_of(end, true);
        assert!(
            forward || backward,
            "{name}: path {k} runs {start:?} to {end:?}, not box to box"
        );
    }
    for (x, y, rw, rh) in boxes {
        assert!(
            x >= 0.0 && y >= 0.0 && x + rw <= w + 0.05 && y + rh <= h + 0.05,
            "{name}: rect {x},{y},{rw},{rh} outside 0 0 {w} {h}"
        );
    }
    assert_eq!(
        geometric_crossings(l),
        l.crossings,
        "{name}: geometric and combinatorial crossings differ"
    );
}

#[test]
fn demo_maps_have_sound_geometry() {
    let site = demo();
    let all = demo_maps(&site);
    assert!(
        all.len() >= 4 + 4,
        "expected pathway, credential and stack maps"
    );
    for (name, m) in &all {
        check_geometry(name, m);
    }
    if let Ok(dir) = std::env::var("MAPS_DUMP") {
        std::fs::create_dir_all(&dir).unwrap();
        for (name, m) in &all {
            let steps: String = m
                .steps
                .iter()
                .map(|s| {
                    format!(
                        "<li><a href=\"{}\">{}</a> <small>{}</small></li>",
                        s.url, s.name, s.note
                    )
                })
                .collect();
            let html = format!(
                "<!doctype html><meta charset=utf-8><meta name=viewport content=\"width=device-width\">\
                 <body style=\"font-family:sans-serif;margin:12px\">{}<ol>{steps}</ol></body>",
                m.svg
            );
            std::fs::write(format!("{dir}/{name}.html"), html).unwrap();
        }
    }
}

/// Crossings measured on the demo maps (all zero) and pinned: a layout change that adds a
/// crossing to a demo map fails here.
#[test]
fn demo_crossings_are_pinned() {
    let site = demo();
    let pinned: &[(&str, usize)] = &[
        ("pathway-cybersecurity-operations", 0),
        ("pathway-data-analytics", 0),
        ("pathway-smart-manufacturing", 0),
        ("pathway-telehealth", 0),
        ("stack-1", 0),
        ("stack-2", 0),
        ("stack-3", 0),
        ("stack-4", 0),
    ];
    let all = demo_maps(&site);
    for (name, limit) in pinned {
        let m = &all
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no map {name}"))
            .1;
        assert!(
            geometric_crossings(&m.layout) <= *limit,
            "{name}: {} crossings",
            geometric_crossings(&m.layout)
        );
    }
    // Every credential neighbourhood too.
    for (name, m) in all.iter().filter(|(n, _)| n.starts_with("credential-")) {
        assert_eq!(geometric_crossings(&m.layout), 0, "{name}");
    }
}

#[test]
fn maps_are_byte_identical_across_runs() {
    let a: Vec<String> = demo_maps(&demo()).into_iter().map(|(_, m)| m.svg).collect();
    let b: Vec<String> = demo_maps(&demo()).into_iter().map(|(_, m)| m.svg).collect();
    assert_eq!(a, b);
}

#[test]
fn pathway_map_shows_stages_groups_destination_and_steps() {
    let site = demo();
    let cat = &site.catalog;
    let p = cat
        .pathways
        .iter()
        .find(|p| p.slug == "smart-manufacturing")
        .unwrap();
    let m = maps::pathway_map(cat, &site.derived.stack, p);
    assert!(m.svg.contains("role=\"group\""));
    assert!(m.svg.contains("<title id=\"map-p-t\">"));
    assert!(m.svg.contains("<desc id=\"map-p-d\">"));
    assert!(m.svg.contains("any 2 of 3"), "group box label");
    assert!(m.svg.contains("class=\"cm-ring\""), "destination ring");
    assert!(m.svg.contains("href=\"/credentials/cnc-programming/\""));
    assert!(!m.svg.contains("<script"));
    let names: Vec<&str> = m.steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names.first(), Some(&"Industrial Robotics Safety"));
    assert_eq!(
        names.last(),
        Some(&"Smart Manufacturing Technician Certificate")
    );
    assert!(m.steps[1].note.contains("any 2 of 3"));
    assert!(
        m.steps[1]
            .note
            .contains("requires Industrial Robotics Safety"),
        "{}",
        m.steps[1].note
    );
    // The stage bands come in order down the page.
    let l = &m.layout;
    let safety = m
        .nodes
        .iter()
        .position(|c| cat.credential(*c).slug == "industrial-robotics-safety")
        .unwrap();
    let dest = m.nodes.iter().position(|c| *c == p.destination).unwrap();
    assert!(l
        .nodes
        .iter()
        .all(|n| n.layer >= l.nodes[safety].layer && n.layer <= l.nodes[dest].layer));
}

#[test]
fn links_follow_a_sub_path_base_url() {
    let site = demo_at(Some("https://example.edu/catalog"));
    let p = &site.catalog.pathways[0];
    let m = maps::pathway_map(&site.catalog, &site.derived.stack, p);
    assert!(m.svg.contains("href=\"/catalog/credentials/"));
    assert!(m
        .steps
        .iter()
        .all(|s| s.url.starts_with("/catalog/credentials/")));
}

/// A tiny deterministic generator (xorshift) for random layered graphs.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[test]
fn generated_graphs_have_sound_geometry() {
    let mut rng = Rng(0x9e3779b97f4a7c15);
    for case in 0..60 {
        let n = 2 + rng.below(40) as usize;
        let nodes: Vec<NodeSpec> = (0..n)
            .map(|_| NodeSpec {
                width: 60.0 + rng.below(120) as f64,
                height: 30.0 + rng.below(40) as f64,
                band: 0,
                group: None,
            })
            .collect();
        // Edges only from lower to higher index: acyclic, like a resolved catalog.
        let mut edges = Vec::new();
        for b in 1..n {
            for _ in 0..rng.below(3) {
                edges.push((rng.below(b as u64) as usize, b));
            }
        }
        let l = layout::layout(&nodes, &edges, &Options::default());
        for i in 0..n {
            assert!(
                l.nodes[i].x >= -1e-6 && l.nodes[i].x + l.nodes[i].width <= l.width + 1e-6,
                "case {case}: node {i} outside"
            );
            assert!(l.nodes[i].y >= 0.0 && l.nodes[i].bottom() <= l.height + 1e-6);
            for j in i + 1..n {
                assert!(
                    !overlap(&l.nodes[i], &l.nodes[j]),
                    "case {case}: {i} and {j} overlap"
                );
            }
        }
        for (k, (a, b)) in edges.iter().enumerate() {
            assert!(
                l.nodes[*a].layer < l.nodes[*b].layer,
                "case {case}: edge {k} not downwards"
            );
            assert!(!l.routes[k].reversed);
            assert!(l.routes[k].points.windows(2).all(|w| w[0].1 <= w[1].1));
        }
        assert_eq!(geometric_crossings(&l), l.crossings, "case {case}");
        assert_eq!(
            l,
            layout::layout(&nodes, &edges, &Options::default()),
            "case {case}: not deterministic"
        );
    }
}

#[test]
fn ordering_reduces_crossings_on_generated_graphs() {
    // Against the same graphs laid out without sweeps, the sweeps must never be worse in
    // total and must remove most crossings.
    let mut rng = Rng(42);
    let (mut with, mut without) = (0, 0);
    for _ in 0..40 {
        let n = 10 + rng.below(30) as usize;
        let nodes: Vec<NodeSpec> = (0..n)
            .map(|_| NodeSpec {
                width: 100.0,
                height: 40.0,
                band: 0,
                group: None,
            })
            .collect();
        let mut edges = Vec::new();
        for b in 1..n {
            for _ in 0..1 + rng.below(2) {
                edges.push((rng.below(b as u64) as usize, b));
            }
        }
        with += layout::layout(&nodes, &edges, &Options::default()).crossings;
        without += layout::layout(
            &nodes,
            &edges,
            &Options {
                sweeps: 0,
                ..Options::default()
            },
        )
        .crossings;
    }
    assert!(with <= without, "{with} > {without}");
    eprintln!("crossings with sweeps {with}, first pass only {without}");
}

#[test]
fn demo_stacks_neighbourhoods_and_loners() {
    let site = demo();
    let cat = &site.catalog;
    let stack = &site.derived.stack;
    let slug = |id: credcat::model::CredentialId| cat.credential(id).slug.as_str();
    let stacks: Vec<Vec<&str>> = site
        .derived
        .stacks
        .list
        .iter()
        .map(|s| s.members.iter().copied().map(slug).collect())
        .collect();
    // Four programmes; the recommendation between manufacturing and data analytics does not
    // fuse them, and Linux (linked only by a recommendation) joins the cybersecurity stack.
    assert_eq!(stacks.len(), 4, "{stacks:?}");
    assert!(stacks
        .iter()
        .any(|s| s.contains(&"linux-command-line") && s.contains(&"threat-analysis")));
    assert!(!stacks
        .iter()
        .any(|s| s.contains(&"industrial-iot-sensors") && s.contains(&"sql-fundamentals")));
    let loners: Vec<&str> = site
        .derived
        .stacks
        .isolated
        .iter()
        .copied()
        .map(slug)
        .collect();
    assert_eq!(loners, vec!["excel-essentials"]);

    let ta = cat.credential_by_slug("threat-analysis").unwrap().id;
    let mut near: Vec<&str> = stack.neighbourhood(ta, 2).into_iter().map(slug).collect();
    near.sort();
    assert_eq!(
        near,
        vec![
            "cybersecurity-operations-certificate",
            "incident-response",
            "linux-command-line",
            "network-fundamentals",
            "threat-analysis"
        ]
    );
    let excel = cat.credential_by_slug("excel-essentials").unwrap().id;
    assert!(
        maps::credential_map(cat, stack, excel).is_none(),
        "a loner gets no map"
    );
}

#[test]
fn incoming_counts_match_what_leads_to_each_credential() {
    let site = demo();
    let stack = &site.derived.stack;
    let counts = stack.incoming_counts();
    for c in &site.catalog.credentials {
        assert_eq!(
            counts[c.id.index()] as usize,
            stack.before(c.id).len(),
            "{}",
            c.slug
        );
    }
    assert!(counts.iter().any(|n| *n > 1));
}

/// A credential whose two steps reach more than `NEAR_MAX` credentials is mapped one step
/// each way, and says so.
#[test]
fn a_crowded_neighbourhood_is_mapped_one_step_each_way() {
    let dir = common::demo();
    // 40 badges: 20 recommends the 38 others before 40 first, and 40 recommends 20. Two steps
    // back from 40 reach all of them.
    common::add_badges(
        dir.path(),
        40,
        "15-2051.01",
        "Business Intelligence Analysts",
        None,
    );
    let before: Vec<String> = (1..40)
        .filter(|i| *i != 20)
        .map(|i| format!("\"generated-{i:03}\""))
        .collect();
    common::add_to_badge(
        dir.path(),
        20,
        &format!("recommended = [{}]", before.join(", ")),
    );
    common::add_to_badge(dir.path(), 40, "recommended = [\"generated-020\"]");
    let common::Resolved {
        catalog: cat,
        derived,
    } = common::resolved(dir.path());
    let stack = &derived.stack;
    let id = |slug: &str| cat.credential_by_slug(slug).unwrap().id;
    let forty = id("generated-040");
    assert!(stack.neighbourhood(forty, 2).len() > maps::NEAR_MAX);
    let map = maps::credential_map(&cat, stack, forty).unwrap();
    let mut drawn = map.nodes.clone();
    drawn.sort();
    assert_eq!(drawn, stack.neighbourhood(forty, 1), "one step each way");
    assert!(map
        .svg
        .contains("the credentials one step before and after it"));
    check_geometry("crowded", &map);
    // In the demo, two steps stay small and are drawn.
    let site = demo();
    let ta = site
        .catalog
        .credential_by_slug("threat-analysis")
        .unwrap()
        .id;
    let map = maps::credential_map(&site.catalog, &site.derived.stack, ta).unwrap();
    assert_eq!(map.nodes.len(), 5);
    assert!(map.svg.contains("up to two steps before and after it"));
}

/// A course 70 others recommend first leads to more credentials than any neighbourhood
/// holds: its edges into a neighbourhood are looked up, not walked, and two steps from one
/// of them stop counting past what a map shows. Both must give what walking every edge gives.
#[test]
fn a_hub_s_neighbourhoods_match_a_walk_of_every_edge() {
    use petgraph::visit::EdgeRef;
    let dir = common::demo();
    common::add_badges(dir.path(), 72, "15-2051.01", "Analysts", None);
    for i in 2..=72 {
        let mut line = "recommended = [\"generated-001\"]".to_string();
        if i % 7 == 0 {
            line = format!("{line}\nprerequisites = [\"generated-{:03}\"]", i - 1);
        }
        common::add_to_badge(dir.path(), i, &line);
    }
    let common::Resolved {
        catalog: cat,
        derived,
    } = common::resolved(dir.path());
    let stack = &derived.stack;
    let walked = |ids: &[credcat::model::CredentialId]| {
        let mut edges: Vec<_> = stack
            .graph
            .edge_references()
            .map(|e| {
                (
                    stack.graph[e.source()],
                    stack.graph[e.target()],
                    *e.weight(),
                )
            })
            .filter(|(a, b, _)| a != b && ids.contains(a) && ids.contains(b))
            .collect();
        edges.sort();
        edges.dedup_by_key(|(a, b, _)| (*a, *b));
        edges
    };
    let mut looked_up = 0;
    for c in &cat.credentials {
        for steps in [1, 2] {
            let all = stack.neighbourhood(c.id, steps);
            for limit in [1, maps::NEAR_MAX, all.len(), usize::MAX] {
                let within = stack.neighbourhood_within(c.id, steps, limit);
                assert_eq!(within.is_some(), all.len() <= limit, "{} {steps}", c.slug);
                assert!(within.is_none_or(|w| w == all));
            }
            if all.len() <= 60 {
                looked_up += usize::from(all.len() < 71 && all.len() > 2);
                assert_eq!(stack.edges_among(&all), walked(&all), "{} {steps}", c.slug);
            }
        }
    }
    assert!(looked_up > 70, "{looked_up}");
    // The course's own map is not drawn: a step reaches all 72.
    let hub = cat.credential_by_slug("generated-001").unwrap().id;
    assert!(maps::credential_map(&cat, stack, hub).is_none());
}
