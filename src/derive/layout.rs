//! A layered ("Sugiyama-style") drawing of a small directed acyclic graph, top to bottom.
//!
//! What it does, in the classic four steps:
//! 1. layers by longest path from the sources, honouring *bands* (a pathway's stages: every
//!    node of band b sits above every node of band b + 1);
//! 2. long edges are cut into one segment per layer with *dummy* vertices, so edges are routed
//!    through the gaps between boxes instead of across them;
//! 3. the order inside each layer is improved by barycenter sweeps (down, then up, a fixed number
//!    of times, keeping the best order seen), with ties broken by the previous position so the
//!    result depends only on the input order; members of one *group* are kept side by side so a
//!    group box can be drawn around them;
//! 4. x coordinates: each vertex is pulled toward the mean of its neighbours, then the layer is
//!    fitted to those wishes exactly under the "no overlap" constraints (isotonic regression by
//!    pool-adjacent-violators), a few passes down and up.
//!
//! What it is not: a renderer. It knows boxes and points, not credentials, colours or SVG
//! (that is `emit::maps`). It is pure and deterministic: no hash maps, no randomness, the same
//! input gives the same floats.
//!
//! Why not a crate: `rust-sugiyama` (petgraph based) returns vertex coordinates only — no dummy
//! routes, no fixed layers for pathway stages, no groups; `layout-rs` is a Graphviz-style
//! renderer with its own SVG; `dagre` (a port of dagre.js) is a young 0.1 release. What we need
//! beyond them (bands, groups, routes we can count crossings on) is most of the code anyway.

use std::cmp::Ordering;
use std::collections::HashMap;

/// One box to place.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeSpec {
    pub width: f64,
    pub height: f64,
    /// Bands are stacked in increasing order; 0 everywhere means "no bands".
    pub band: u32,
    /// Nodes with the same group in the same layer are kept next to each other.
    pub group: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Vertical space between two layers (edges run here).
    pub layer_gap: f64,
    /// Extra space above the first layer of every band after the first, for its header.
    pub band_header: f64,
    /// Horizontal space between two boxes of one layer.
    pub node_gap: f64,
    /// Width reserved for an edge passing through a layer.
    pub dummy_width: f64,
    /// Down-and-up ordering sweeps.
    pub sweeps: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            layer_gap: 56.0,
            band_header: 0.0,
            node_gap: 24.0,
            dummy_width: 10.0,
            sweeps: 8,
        }
    }
}

/// A placed box: `x`, `y` are its top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub layer: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Placed {
    pub fn center_x(&self) -> f64 {
        self.x + self.width / 2.0
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }
}

/// An input edge as drawn: points from the upper end to the lower end.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// `true` when the input edge pointed upwards (against the layering) and was drawn
    /// reversed; its arrow belongs at the first point. Only edges between bands can be.
    pub reversed: bool,
    /// Empty when the edge could not be drawn (both ends in one layer, which only a cycle —
    /// rejected earlier by `resolve` — can cause).
    pub points: Vec<(f64, f64)>,
    /// The layer of each point's vertex, for checks (same length as `points`).
    pub layers: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub nodes: Vec<Placed>,
    pub routes: Vec<Route>,
    /// Vertex order per layer: `Some(node)` for a box, `None` for a passing edge.
    pub order: Vec<Vec<Option<usize>>>,
    /// Top and height of every layer.
    pub layer_top: Vec<f64>,
    pub layer_height: Vec<f64>,
    pub width: f64,
    pub height: f64,
    /// Crossings between consecutive layers in the final order.
    pub crossings: usize,
}

/// A vertex of the layered graph: a real node or a dummy on a long edge.
#[derive(Debug, Clone)]
struct Vertex {
    node: Option<usize>,
    layer: usize,
    width: f64,
    group: Option<u32>,
    up: Vec<usize>,
    down: Vec<usize>,
}

pub fn layout(nodes: &[NodeSpec], edges: &[(usize, usize)], opts: &Options) -> Layout {
    let n = nodes.len();
    let edges: Vec<(usize, usize)> = edges
        .iter()
        .copied()
        .filter(|(a, b)| *a < n && *b < n && a != b)
        .collect();
    let layer_of = assign_layers(nodes, &edges);
    let layer_count = layer_of.iter().map(|l| l + 1).max().unwrap_or(0);

    // Vertices: the real nodes first (vertex i is node i), then dummies.
    let mut verts: Vec<Vertex> = nodes
        .iter()
        .enumerate()
        .map(|(i, s)| Vertex {
            node: Some(i),
            layer: layer_of[i],
            width: s.width,
            group: s.group,
            up: vec![],
            down: vec![],
        })
        .collect();
    // Per input edge: the vertex chain from its upper to its lower end, and whether reversed.
    let mut chains: Vec<(bool, Vec<usize>)> = Vec::with_capacity(edges.len());
    for &(a, b) in &edges {
        let (top, bottom, reversed) = match layer_of[a].cmp(&layer_of[b]) {
            Ordering::Less => (a, b, false),
            Ordering::Greater => (b, a, true),
            Ordering::Equal => {
                chains.push((false, vec![]));
                continue;
            }
        };
        let mut chain = vec![top];
        for layer in layer_of[top] + 1..layer_of[bottom] {
            verts.push(Vertex {
                node: None,
                layer,
                width: opts.dummy_width,
                group: None,
                up: vec![],
                down: vec![],
            });
            chain.push(verts.len() - 1);
        }
        chain.push(bottom);
        for w in chain.windows(2) {
            verts[w[0]].down.push(w[1]);
            verts[w[1]].up.push(w[0]);
        }
        chains.push((reversed, chain));
    }

    let order = order_layers(&verts, layer_count, opts.sweeps);
    let crossings = total_crossings(&verts, &order);
    let xs = assign_x(&verts, &order, opts);

    // Layer heights and tops.
    let mut layer_height = vec![0.0f64; layer_count];
    for (i, s) in nodes.iter().enumerate() {
        layer_height[layer_of[i]] = layer_height[layer_of[i]].max(s.height);
    }
    // A layer starts a new band when all its nodes are in later bands than the layer above.
    let mut min_band = vec![u32::MAX; layer_count];
    let mut max_band = vec![0u32; layer_count];
    for (i, s) in nodes.iter().enumerate() {
        min_band[layer_of[i]] = min_band[layer_of[i]].min(s.band);
        max_band[layer_of[i]] = max_band[layer_of[i]].max(s.band);
    }
    let mut layer_top = Vec::with_capacity(layer_count);
    let mut y = 0.0;
    for l in 0..layer_count {
        let band_starts = l > 0 && min_band[l] > max_band[l - 1];
        if l > 0 {
            y += opts.layer_gap;
        }
        if band_starts {
            y += opts.band_header;
        }
        layer_top.push(y);
        y += layer_height[l];
    }
    let height = y;

    let placed: Vec<Placed> = nodes
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let l = layer_of[i];
            Placed {
                layer: l,
                x: xs[i] - s.width / 2.0,
                // Top-aligned: a row of boxes reads as a row, and group boxes stay tidy.
                y: layer_top[l],
                width: s.width,
                height: s.height,
            }
        })
        .collect();

    let routes = chains
        .into_iter()
        .map(|(reversed, chain)| {
            let mut points = Vec::new();
            let mut layers = Vec::new();
            let last = chain.len().saturating_sub(1);
            for (k, v) in chain.iter().enumerate() {
                let l = verts[*v].layer;
                // Every route crosses the gaps between layers only, from a layer's bottom to
                // the next one's top; inside a layer it runs straight down (below or above a
                // box shorter than its layer, or through a dummy's reserved lane). So the
                // crossings are exactly those counted between consecutive layers.
                let (top_y, bottom_y) = (layer_top[l], layer_top[l] + layer_height[l]);
                let (from, to, x) = match verts[*v].node {
                    Some(i) if k == 0 => (
                        placed[i].bottom(),
                        bottom_y,
                        port(&verts, &xs, *v, chain[1], true),
                    ),
                    Some(i) if k == last => (
                        top_y,
                        placed[i].y,
                        port(&verts, &xs, *v, chain[k - 1], false),
                    ),
                    _ => (top_y, bottom_y, xs[*v]),
                };
                points.push((x, from));
                layers.push(l);
                if to > from {
                    points.push((x, to));
                    layers.push(l);
                }
            }
            Route {
                reversed,
                points,
                layers,
            }
        })
        .collect();

    let width = verts
        .iter()
        .enumerate()
        .map(|(v, vx)| xs[v] + vx.width / 2.0)
        .fold(0.0, f64::max);
    let order = order
        .iter()
        .map(|layer| layer.iter().map(|v| verts[*v].node).collect())
        .collect();
    Layout {
        nodes: placed,
        routes,
        order,
        layer_top,
        layer_height,
        width,
        height,
        crossings,
    }
}

/// Where the edge between box `v` and its neighbour `other` meets the box: edges leaving
/// (`down`) or entering a box are spread along its side in the order of their other ends, so
/// arrowheads do not pile up and no two edges of one box cross each other.
fn port(verts: &[Vertex], xs: &[f64], v: usize, other: usize, down: bool) -> f64 {
    let mut nbrs: Vec<usize> = if down {
        verts[v].down.clone()
    } else {
        verts[v].up.clone()
    };
    nbrs.sort_by(|a, b| xs[*a].total_cmp(&xs[*b]).then(a.cmp(b)));
    nbrs.dedup();
    let k = nbrs.len();
    let i = nbrs.iter().position(|n| *n == other).unwrap_or(0);
    if k < 2 {
        return xs[v];
    }
    let step = (verts[v].width * 0.6 / (k - 1) as f64).min(14.0);
    xs[v] + (i as f64 - (k - 1) as f64 / 2.0) * step
}

/// Only the layering, for a graph too large to draw (see `emit::maps::MAX_DRAWN`): each
/// node's layer as [`layout`] would give it, placed in index order along its layer, with no
/// edge routes. Linear in the graph: a full layout of a graph with long chains grows much
/// faster (every edge that skips layers gets a vertex per layer it passes).
pub fn layers_only(nodes: &[NodeSpec], edges: &[(usize, usize)]) -> Layout {
    let layer = assign_layers(nodes, edges);
    let count = layer.iter().max().map_or(0, |l| l + 1);
    let mut order: Vec<Vec<Option<usize>>> = vec![vec![]; count];
    let placed = nodes
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            order[layer[i]].push(Some(i));
            Placed {
                layer: layer[i],
                x: (order[layer[i]].len() - 1) as f64 * spec.width,
                y: 0.0,
                width: spec.width,
                height: spec.height,
            }
        })
        .collect();
    Layout {
        nodes: placed,
        routes: vec![],
        order,
        layer_top: vec![0.0; count],
        layer_height: vec![0.0; count],
        width: 0.0,
        height: 0.0,
        crossings: 0,
    }
}

/// Longest-path layering, band by band: a band starts one layer below the lowest layer of the
/// band before it. Edges from a later band into an earlier one do not push (they are drawn
/// reversed). A cycle (rejected by `resolve`, so never expected) is broken at its smallest
/// node instead of looping.
fn assign_layers(nodes: &[NodeSpec], edges: &[(usize, usize)]) -> Vec<usize> {
    let n = nodes.len();
    let mut preds: Vec<Vec<usize>> = vec![vec![]; n];
    let mut indeg = vec![0usize; n];
    for &(a, b) in edges {
        if nodes[a].band <= nodes[b].band {
            preds[b].push(a);
            indeg[b] += 1;
        }
    }
    let mut succs: Vec<Vec<usize>> = vec![vec![]; n];
    for (b, ps) in preds.iter().enumerate() {
        for &a in ps {
            succs[a].push(b);
        }
    }
    // Kahn's algorithm, smallest (band, index) first, for a deterministic topological order.
    let mut done = vec![false; n];
    let mut topo = Vec::with_capacity(n);
    let mut ready: std::collections::BTreeSet<(u32, usize)> = (0..n)
        .filter(|i| indeg[*i] == 0)
        .map(|i| (nodes[i].band, i))
        .collect();
    while topo.len() < n {
        let next = match ready.pop_first() {
            Some((_, i)) => i,
            // Only a cycle gets here: take the smallest node left.
            None => match (0..n).find(|i| !done[*i]) {
                Some(i) => i,
                None => break,
            },
        };
        if done[next] {
            continue;
        }
        done[next] = true;
        topo.push(next);
        for &s in &succs[next] {
            indeg[s] = indeg[s].saturating_sub(1);
            if indeg[s] == 0 && !done[s] {
                ready.insert((nodes[s].band, s));
            }
        }
    }
    let mut bands: Vec<u32> = nodes.iter().map(|s| s.band).collect();
    bands.sort_unstable();
    bands.dedup();
    let mut layer = vec![0usize; n];
    let mut start = 0usize;
    for band in bands {
        let mut lowest = start;
        for &i in topo.iter().filter(|i| nodes[**i].band == band) {
            let from_preds = preds[i]
                .iter()
                .filter(|p| done[**p])
                .map(|p| layer[*p] + 1)
                .max()
                .unwrap_or(0);
            layer[i] = start.max(from_preds);
            lowest = lowest.max(layer[i]);
        }
        start = lowest + 1;
    }
    layer
}

/// Barycenter sweeps; returns vertex ids per layer.
fn order_layers(verts: &[Vertex], layer_count: usize, sweeps: usize) -> Vec<Vec<usize>> {
    // Start from a depth-first order (sources in input order, then down the edges): what is
    // connected starts out side by side, which the sweeps then only have to polish.
    let mut seq = vec![usize::MAX; verts.len()];
    let mut next = 0;
    for root in 0..verts.len() {
        if seq[root] != usize::MAX || !verts[root].up.is_empty() {
            continue;
        }
        let mut stack = vec![root];
        while let Some(v) = stack.pop() {
            if seq[v] != usize::MAX {
                continue;
            }
            seq[v] = next;
            next += 1;
            stack.extend(
                verts[v]
                    .down
                    .iter()
                    .rev()
                    .filter(|w| seq[**w] == usize::MAX),
            );
        }
    }
    let mut order: Vec<Vec<usize>> = vec![vec![]; layer_count];
    for (v, vx) in verts.iter().enumerate() {
        order[vx.layer].push(v);
    }
    for layer in &mut order {
        layer.sort_by_key(|v| (seq[*v], *v));
    }
    let mut pos = positions(verts.len(), &order);
    // A first down sweep turns the input order into a sensible start.
    for layer in order.iter_mut().skip(1) {
        sort_layer(verts, layer, &mut pos, true, false);
    }
    let mut best = order.clone();
    let mut best_crossings = total_crossings(verts, &order);
    for sweep in 0..sweeps {
        if best_crossings == 0 {
            break;
        }
        // Barycenters and medians take turns: each escapes orders the other gets stuck in.
        let median = sweep % 2 == 1;
        for l in (0..layer_count.saturating_sub(1)).rev() {
            sort_layer(verts, &mut order[l], &mut pos, false, median);
        }
        for layer in order.iter_mut().skip(1) {
            sort_layer(verts, layer, &mut pos, true, median);
        }
        transpose(verts, &mut order, &mut pos);
        let c = total_crossings(verts, &order);
        if c < best_crossings {
            best_crossings = c;
            best = order.clone();
        }
    }
    best
}

/// Swaps neighbours in a layer while that removes crossings with the layers above and below
/// (the "transpose" step of Gansner et al.). Only vertices of the same group (or both of
/// none) swap, so groups stay together.
fn transpose(verts: &[Vertex], order: &mut [Vec<usize>], pos: &mut [f64]) {
    // Crossings among the edges of u and v (u left of v) toward one side.
    let pair = |pos: &[f64], a: &[usize], b: &[usize]| -> usize {
        a.iter()
            .map(|x| b.iter().filter(|y| pos[**y] < pos[*x]).count())
            .sum()
    };
    for _ in 0..4 {
        let mut improved = false;
        for layer in order.iter_mut() {
            for i in 0..layer.len().saturating_sub(1) {
                let (u, v) = (layer[i], layer[i + 1]);
                if verts[u].group != verts[v].group {
                    continue;
                }
                let now = pair(pos, &verts[u].up, &verts[v].up)
                    + pair(pos, &verts[u].down, &verts[v].down);
                let swapped = pair(pos, &verts[v].up, &verts[u].up)
                    + pair(pos, &verts[v].down, &verts[u].down);
                if swapped < now {
                    layer.swap(i, i + 1);
                    pos[u] = (i + 1) as f64;
                    pos[v] = i as f64;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

fn positions(count: usize, order: &[Vec<usize>]) -> Vec<f64> {
    let mut pos = vec![0.0; count];
    for layer in order {
        for (i, v) in layer.iter().enumerate() {
            pos[*v] = i as f64;
        }
    }
    pos
}

/// Sorts one layer by the barycenter of its neighbours in the layer above (`from_above`) or
/// below, then gathers each group into one block placed at its members' mean position.
fn sort_layer(
    verts: &[Vertex],
    layer: &mut Vec<usize>,
    pos: &mut [f64],
    from_above: bool,
    median: bool,
) {
    let mut p: Vec<f64> = Vec::new();
    let keyed: Vec<(f64, f64, usize)> = layer
        .iter()
        .map(|v| {
            let nbrs = if from_above {
                &verts[*v].up
            } else {
                &verts[*v].down
            };
            let bary = if nbrs.is_empty() {
                pos[*v]
            } else if median {
                p.clear();
                p.extend(nbrs.iter().map(|u| pos[*u]));
                p.sort_by(f64::total_cmp);
                let m = p.len() / 2;
                if p.len() % 2 == 1 {
                    p[m]
                } else {
                    (p[m - 1] + p[m]) / 2.0
                }
            } else {
                nbrs.iter().map(|u| pos[*u]).sum::<f64>() / nbrs.len() as f64
            };
            (bary, pos[*v], *v)
        })
        .collect();
    let mut keyed = keyed;
    keyed.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    layer.clear();
    layer.extend(gather_groups(verts, &keyed));
    for (i, v) in layer.iter().enumerate() {
        pos[*v] = i as f64;
    }
}

/// The vertices of a sorted layer in blocks: a group's members together (in their order),
/// everyone else alone, the blocks ordered by their members' mean rank, then by their first
/// member. Each vertex is keyed by its block: no list per block, no search for one.
fn gather_groups(verts: &[Vertex], keyed: &[(f64, f64, usize)]) -> Vec<usize> {
    // Group → (sum of its members' ranks, how many, its first member).
    let mut groups: HashMap<u32, (f64, usize, usize)> = HashMap::new();
    for (rank, (_, _, v)) in keyed.iter().enumerate() {
        if let Some(g) = verts[*v].group {
            let block = groups.entry(g).or_insert((0.0, 0, *v));
            block.0 += rank as f64;
            block.1 += 1;
        }
    }
    if groups.is_empty() {
        // Every block is one vertex at its own rank.
        return keyed.iter().map(|(_, _, v)| *v).collect();
    }
    let mut blocked: Vec<(f64, usize, usize, usize)> = keyed
        .iter()
        .enumerate()
        .map(|(rank, (_, _, v))| {
            let (mean, first) = match verts[*v].group.map(|g| groups[&g]) {
                Some((sum, n, first)) => (sum / n as f64, first),
                None => (rank as f64, *v),
            };
            (mean, first, rank, *v)
        })
        .collect();
    blocked.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    blocked.into_iter().map(|(_, _, _, v)| v).collect()
}

/// Crossings between every pair of consecutive layers, counted exactly by inversions
/// (Barth–Jünger–Mutzel with a Fenwick tree): O(E log V).
fn total_crossings(verts: &[Vertex], order: &[Vec<usize>]) -> usize {
    let pos = positions(verts.len(), order);
    let mut total = 0;
    for l in 0..order.len().saturating_sub(1) {
        let mut pairs: Vec<(usize, usize)> = order[l]
            .iter()
            .flat_map(|u| verts[*u].down.iter().map(move |w| (*u, *w)))
            .map(|(u, w)| (pos[u] as usize, pos[w] as usize))
            .collect();
        pairs.sort_unstable();
        let size = order[l + 1].len();
        let mut tree = vec![0usize; size + 1];
        for (seen, (_, lower)) in pairs.iter().enumerate() {
            // Count earlier edges whose lower end is strictly to the right.
            let mut i = lower + 1;
            let mut at_or_left = 0;
            while i > 0 {
                at_or_left += tree[i];
                i &= i - 1;
            }
            total += seen - at_or_left;
            let mut i = lower + 1;
            while i <= size {
                tree[i] += 1;
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}

/// Horizontal centers for every vertex, no two boxes of a layer closer than the gap.
fn assign_x(verts: &[Vertex], order: &[Vec<usize>], opts: &Options) -> Vec<f64> {
    let mut x = vec![0.0; verts.len()];
    let sep = |a: usize, b: usize| {
        let gap = if verts[a].node.is_none() && verts[b].node.is_none() {
            opts.dummy_width
        } else {
            opts.node_gap
        };
        (verts[a].width + verts[b].width) / 2.0 + gap
    };
    for layer in order {
        let mut at = 0.0;
        for (i, v) in layer.iter().enumerate() {
            if i > 0 {
                at += sep(layer[i - 1], *v);
            }
            x[*v] = at;
        }
    }
    // Pull toward neighbours: down, up, then both, a few times over.
    for pass in 0..12 {
        let dirs: Vec<usize> = match pass % 3 {
            0 => (1..order.len()).collect(),
            1 => (0..order.len().saturating_sub(1)).rev().collect(),
            _ => (0..order.len()).collect(),
        };
        for l in dirs {
            let layer = &order[l];
            let wish: Vec<f64> = layer
                .iter()
                .map(|v| {
                    let vx = &verts[*v];
                    let (a, b): (&[usize], &[usize]) = match pass % 3 {
                        0 => (&vx.up, &[]),
                        1 => (&vx.down, &[]),
                        _ => (&vx.up, &vx.down),
                    };
                    let count = a.len() + b.len();
                    if count == 0 {
                        x[*v]
                    } else {
                        a.iter().chain(b).map(|u| x[*u]).sum::<f64>() / count as f64
                    }
                })
                .collect();
            let seps: Vec<f64> = layer.windows(2).map(|w| sep(w[0], w[1])).collect();
            let fitted = fit_ordered(&wish, &seps);
            for (v, fx) in layer.iter().zip(fitted) {
                x[*v] = fx;
            }
        }
    }
    // Shift everything so the leftmost box edge is at 0.
    let left = verts
        .iter()
        .enumerate()
        .map(|(v, vx)| x[v] - vx.width / 2.0)
        .fold(f64::INFINITY, f64::min);
    if left.is_finite() {
        for xv in &mut x {
            *xv -= left;
        }
    }
    x
}

/// The positions closest (least squares) to `wish` with `p[i+1] - p[i] >= sep[i]`:
/// subtract the cumulative separations, fit a non-decreasing sequence (pool adjacent
/// violators), add them back.
fn fit_ordered(wish: &[f64], sep: &[f64]) -> Vec<f64> {
    let mut offset = Vec::with_capacity(wish.len());
    let mut acc = 0.0;
    for i in 0..wish.len() {
        if i > 0 {
            acc += sep[i - 1];
        }
        offset.push(acc);
    }
    // Blocks of (sum, count).
    let mut blocks: Vec<(f64, usize)> = Vec::new();
    for (w, o) in wish.iter().zip(&offset) {
        blocks.push((w - o, 1));
        while blocks.len() > 1 {
            let (s2, c2) = blocks[blocks.len() - 1];
            let (s1, c1) = blocks[blocks.len() - 2];
            if s1 / c1 as f64 > s2 / c2 as f64 {
                blocks.pop();
                let last = blocks.len() - 1;
                blocks[last] = (s1 + s2, c1 + c2);
            } else {
                break;
            }
        }
    }
    let mut out = Vec::with_capacity(wish.len());
    for (s, c) in blocks {
        let mean = s / c as f64;
        for _ in 0..c {
            out.push(mean + offset[out.len()]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(band: u32) -> NodeSpec {
        NodeSpec {
            width: 100.0,
            height: 40.0,
            band,
            group: None,
        }
    }

    fn overlaps(a: &Placed, b: &Placed) -> bool {
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
    }

    #[test]
    fn chain_and_long_edge() {
        let nodes = vec![spec(0), spec(0), spec(0)];
        let l = layout(&nodes, &[(0, 1), (1, 2), (0, 2)], &Options::default());
        assert_eq!(
            l.nodes.iter().map(|p| p.layer).collect::<Vec<_>>(),
            vec![0, 1, 2]
        );
        // The long edge passes layer 1 through a dummy: 4 points.
        assert_eq!(l.routes[2].points.len(), 4, "{:?}", l.routes[2]);
        assert_eq!(l.order[1].len(), 2);
        assert!(!overlaps(&l.nodes[0], &l.nodes[1]));
    }

    #[test]
    fn bands_stack_and_backward_edges_reverse() {
        // 1 is in band 1 but is a prerequisite of 0 in band 0.
        let nodes = vec![spec(0), spec(1), spec(1)];
        let l = layout(&nodes, &[(1, 0), (1, 2)], &Options::default());
        assert!(l.nodes[1].layer > l.nodes[0].layer);
        assert!(l.routes[0].reversed);
        assert!(l.routes[0].layers.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn crossing_is_removed() {
        // a b / c d with a→d, b→c: one crossing in input order, none after sorting.
        let nodes = vec![spec(0), spec(0), spec(0), spec(0)];
        let l = layout(&nodes, &[(0, 3), (1, 2)], &Options::default());
        assert_eq!(l.crossings, 0);
    }

    #[test]
    fn fit_keeps_separation() {
        let p = fit_ordered(&[0.0, 0.0, 0.0], &[10.0, 10.0]);
        assert_eq!(p, vec![-10.0, 0.0, 10.0]);
        let p = fit_ordered(&[0.0, 50.0], &[10.0]);
        assert_eq!(p, vec![0.0, 50.0]);
    }

    #[test]
    fn groups_stay_together() {
        // Layer 1: x(group) y(no group) z(group): y is pulled between by its parent.
        let mut nodes = vec![spec(0), spec(0), spec(0), spec(0), spec(0), spec(0)];
        nodes[3].group = Some(7);
        nodes[5].group = Some(7);
        let l = layout(&nodes, &[(0, 3), (1, 4), (2, 5)], &Options::default());
        let row: Vec<Option<usize>> = l.order[1].clone();
        let i3 = row.iter().position(|v| *v == Some(3)).unwrap();
        let i5 = row.iter().position(|v| *v == Some(5)).unwrap();
        assert_eq!(i3.abs_diff(i5), 1);
    }

    #[test]
    fn empty_and_cyclic_inputs_do_not_panic() {
        let l = layout(&[], &[], &Options::default());
        assert_eq!(l.nodes.len(), 0);
        let l = layout(&[spec(0), spec(0)], &[(0, 1), (1, 0)], &Options::default());
        assert_eq!(l.nodes.len(), 2);
    }
}
