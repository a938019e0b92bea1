//! The stack graph: credentials as nodes, "leads to" edges between them. A prerequisite P of
//! C gives P → C; C stacking into S gives C → S; a recommendation R before C gives R → C.
//! Pathways add *groups*: each stage is a group of credentials with how many are required.
//! It is the single source for the maps, the pathway emitter and the cycle errors of `check`.

use std::collections::BTreeSet;

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::model::{Catalog, Credential, CredentialId, PathwayId, Require};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum EdgeKind {
    Prerequisite,
    StacksInto,
    Recommended,
}

impl EdgeKind {
    /// How the edge reads from its source: "SQL requires Spreadsheet" is told as
    /// "Spreadsheet → SQL (prerequisite)".
    pub fn label(self) -> &'static str {
        match self {
            EdgeKind::Prerequisite => "required before",
            EdgeKind::StacksInto => "counts toward",
            EdgeKind::Recommended => "recommended before",
        }
    }
}

/// One directed edge between two credentials.
pub type Edge = (CredentialId, CredentialId, EdgeKind);

/// A pathway stage: credentials of which `require` are needed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub pathway: PathwayId,
    /// 0-based stage number.
    pub stage: usize,
    pub name: String,
    pub members: Vec<CredentialId>,
    pub require: Require,
}

#[derive(Debug, Clone)]
pub struct StackGraph {
    /// Node i is credential i.
    pub graph: DiGraph<CredentialId, EdgeKind>,
    /// Each credential's edges out, by target then kind: an index of `graph`, built with it,
    /// so [`StackGraph::edges_among`] can ask a foundation course that leads to thousands
    /// whether it leads to a few credentials without walking all of them.
    out: Vec<Vec<(CredentialId, EdgeKind)>>,
    /// Every pathway's stages, pathway by pathway, in stage order.
    pub groups: Vec<Group>,
}

impl StackGraph {
    pub fn build(catalog: &Catalog) -> StackGraph {
        StackGraph::build_with(catalog, &[])
    }

    /// The graph `catalog` would have with `replaced` in place of the credentials with their
    /// ids: a patch of the catalog checks it for cycles before it changes anything.
    pub fn build_with(catalog: &Catalog, replaced: &[Credential]) -> StackGraph {
        let mut credentials: Vec<&Credential> = catalog.credentials.iter().collect();
        for r in replaced {
            credentials[r.id.index()] = r;
        }
        let mut graph = DiGraph::with_capacity(credentials.len(), credentials.len() * 2);
        for c in &credentials {
            graph.add_node(c.id);
        }
        let n = |id: CredentialId| NodeIndex::new(id.index());
        for c in &credentials {
            for p in &c.prerequisites {
                graph.add_edge(n(*p), n(c.id), EdgeKind::Prerequisite);
            }
            for s in &c.stacks_into {
                graph.add_edge(n(c.id), n(*s), EdgeKind::StacksInto);
            }
            for r in &c.recommended {
                graph.add_edge(n(*r), n(c.id), EdgeKind::Recommended);
            }
        }
        let groups = catalog
            .pathways
            .iter()
            .flat_map(|p| {
                p.stages.iter().enumerate().map(|(i, s)| Group {
                    pathway: p.id,
                    stage: i,
                    name: s.name.clone(),
                    members: s.credentials.clone(),
                    require: s.require,
                })
            })
            .collect();
        let mut out = vec![Vec::new(); graph.node_count()];
        for e in graph.edge_references() {
            out[e.source().index()].push((graph[e.target()], *e.weight()));
        }
        for edges in &mut out {
            edges.sort_unstable();
        }
        StackGraph { graph, out, groups }
    }

    /// The stages of one pathway, in order.
    pub fn pathway_groups(&self, pathway: PathwayId) -> impl Iterator<Item = &Group> {
        self.groups.iter().filter(move |g| g.pathway == pathway)
    }

    /// Every edge with both ends in `nodes`, one per ordered pair (a pair linked twice keeps
    /// the first kind in `EdgeKind` order: a prerequisite outranks a recommendation), sorted.
    pub fn edges_among(&self, nodes: &[CredentialId]) -> Vec<Edge> {
        let inside: BTreeSet<CredentialId> = nodes.iter().copied().collect();
        // Only the edges out of the given nodes, and of a node with more edges out than
        // there are nodes, only those to the nodes (looked up): a neighbourhood costs what
        // it shows, however many credentials a course in it leads to.
        let mut edges: Vec<Edge> = Vec::new();
        for &a in &inside {
            let out = &self.out[a.index()];
            if out.len() <= inside.len() {
                edges.extend(
                    out.iter()
                        .filter(|(b, _)| inside.contains(b))
                        .map(|(b, k)| (a, *b, *k)),
                );
                continue;
            }
            for &b in &inside {
                let from = out.partition_point(|(t, _)| *t < b);
                let to_b = out[from..].iter().take_while(|(t, _)| *t == b);
                edges.extend(to_b.map(|(_, k)| (a, b, *k)));
            }
        }
        edges.retain(|(a, b, _)| a != b);
        edges.sort_by_key(|(a, b, k)| (*a, *b, *k));
        edges.dedup_by_key(|(a, b, _)| (*a, *b));
        edges
    }

    /// `id`, what leads to it up to `steps` edges back, and what it leads to up to `steps`
    /// edges forward; sorted by id.
    pub fn neighbourhood(&self, id: CredentialId, steps: usize) -> Vec<CredentialId> {
        self.neighbourhood_within(id, steps, usize::MAX)
            .unwrap_or_default()
    }

    /// [`StackGraph::neighbourhood`], or `None` as soon as it holds more than `limit`
    /// credentials: two steps from a credential a foundation course recommends reach
    /// everything the course leads to (thousands), and a map that shows at most `limit`
    /// needs only to know that.
    pub fn neighbourhood_within(
        &self,
        id: CredentialId,
        steps: usize,
        limit: usize,
    ) -> Option<Vec<CredentialId>> {
        let mut seen: BTreeSet<CredentialId> = BTreeSet::from([id]);
        for dir in [petgraph::Direction::Incoming, petgraph::Direction::Outgoing] {
            let mut frontier = vec![id];
            for _ in 0..steps {
                let mut next = Vec::new();
                for c in frontier {
                    for m in self
                        .graph
                        .neighbors_directed(NodeIndex::new(c.index()), dir)
                    {
                        if seen.insert(self.graph[m]) {
                            if seen.len() > limit {
                                return None;
                            }
                            next.push(self.graph[m]);
                        }
                    }
                }
                frontier = next;
            }
        }
        Some(seen.into_iter().collect())
    }

    /// The stacks: groups of two or more credentials joined by prerequisite and stacks-into
    /// edges, each sorted by id, ordered by their smallest id. A recommendation is a weak link:
    /// it does not merge two stacks (a hint between two programmes would otherwise fuse a
    /// large catalog into one unreadable map), but a credential linked to others only by
    /// recommendations joins the stack of its first such neighbour instead of standing alone.
    pub fn stacks(&self) -> Vec<Vec<CredentialId>> {
        let n = self.graph.node_count();
        let hard = |k: &EdgeKind| *k != EdgeKind::Recommended;
        let mut comp = vec![usize::MAX; n];
        let mut count = 0;
        for start in 0..n {
            if comp[start] != usize::MAX {
                continue;
            }
            comp[start] = count;
            let mut stack = vec![start];
            while let Some(v) = stack.pop() {
                let v = NodeIndex::new(v);
                let near = self
                    .graph
                    .edges_directed(v, petgraph::Direction::Outgoing)
                    .filter(|e| hard(e.weight()))
                    .map(|e| e.target())
                    .chain(
                        self.graph
                            .edges_directed(v, petgraph::Direction::Incoming)
                            .filter(|e| hard(e.weight()))
                            .map(|e| e.source()),
                    );
                for m in near {
                    if comp[m.index()] == usize::MAX {
                        comp[m.index()] = count;
                        stack.push(m.index());
                    }
                }
            }
            count += 1;
        }
        let mut size = vec![0usize; count];
        for c in &comp {
            size[*c] += 1;
        }
        // Lone credentials with recommendations join their first neighbour's stack.
        let mut joined = comp.clone();
        for v in 0..n {
            if size[comp[v]] == 1 {
                let mut near: Vec<usize> = self
                    .graph
                    .neighbors_undirected(NodeIndex::new(v))
                    .map(|m| m.index())
                    .filter(|m| *m != v)
                    .collect();
                near.sort_unstable();
                if let Some(m) = near.into_iter().find(|m| size[comp[*m]] > 1) {
                    joined[v] = comp[m];
                }
            }
        }
        let mut groups: Vec<Vec<CredentialId>> = vec![vec![]; count];
        for (v, c) in joined.iter().enumerate() {
            groups[*c].push(self.graph[NodeIndex::new(v)]);
        }
        groups.retain(|g| g.len() > 1);
        groups.sort();
        groups
    }

    /// For every credential, how many distinct (credential, kind) pairs lead to it: the
    /// length of [`StackGraph::before`], for all credentials in one pass.
    pub fn incoming_counts(&self) -> Vec<u32> {
        let mut edges: Vec<(usize, usize, EdgeKind)> = self
            .graph
            .edge_references()
            .map(|e| (e.target().index(), e.source().index(), *e.weight()))
            .collect();
        edges.sort_unstable();
        edges.dedup();
        let mut counts = vec![0; self.graph.node_count()];
        for (target, _, _) in edges {
            counts[target] += 1;
        }
        counts
    }

    /// Credentials that lead directly to `id`, with how.
    pub fn before(&self, id: CredentialId) -> Vec<(CredentialId, EdgeKind)> {
        let mut v: Vec<_> = self
            .graph
            .edges_directed(NodeIndex::new(id.index()), petgraph::Direction::Incoming)
            .map(|e| (self.graph[e.source()], *e.weight()))
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Credentials `id` leads to directly, with how.
    pub fn after(&self, id: CredentialId) -> Vec<(CredentialId, EdgeKind)> {
        let mut v: Vec<_> = self
            .graph
            .edges_directed(NodeIndex::new(id.index()), petgraph::Direction::Outgoing)
            .map(|e| (self.graph[e.target()], *e.weight()))
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// One cycle through every strongly connected group of two or more credentials, each
    /// starting at its smallest id, in a stable order. Self-loops are reported by resolve.
    pub fn cycles(&self) -> Vec<Vec<CredentialId>> {
        let mut cycles: Vec<Vec<CredentialId>> = tarjan_scc(&self.graph)
            .into_iter()
            .filter(|scc| scc.len() > 1)
            .filter_map(|scc| self.cycle_within(&scc))
            .collect();
        cycles.sort();
        cycles
    }

    /// A simple cycle inside one strongly connected component, found by a depth-first walk
    /// from its smallest node back to itself.
    fn cycle_within(&self, scc: &[NodeIndex]) -> Option<Vec<CredentialId>> {
        let start = *scc.iter().min()?;
        let inside = |n: NodeIndex| scc.contains(&n);
        let mut path = vec![start];
        let mut seen = vec![start];
        let mut stack = vec![self.sorted_next(start, &inside)];
        while let Some(next) = stack.last_mut() {
            match next.pop() {
                Some(n) if n == start => {
                    return Some(path.iter().map(|i| self.graph[*i]).collect())
                }
                Some(n) if !seen.contains(&n) => {
                    seen.push(n);
                    path.push(n);
                    stack.push(self.sorted_next(n, &inside));
                }
                Some(_) => {}
                None => {
                    stack.pop();
                    path.pop();
                }
            }
        }
        None
    }

    fn sorted_next(&self, n: NodeIndex, inside: &dyn Fn(NodeIndex) -> bool) -> Vec<NodeIndex> {
        let mut v: Vec<NodeIndex> = self.graph.neighbors(n).filter(|m| inside(*m)).collect();
        v.sort();
        v.reverse();
        v.dedup();
        v
    }
}

/// The stacks of the catalog map, worked out once per build: each with the credential it is
/// named after, and which stack (if any) every credential belongs to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stacks {
    pub list: Vec<Stack>,
    /// Stack index of credential i, when it is in one.
    pub of: Vec<Option<u32>>,
    /// Credentials in no stack, by id.
    pub isolated: Vec<CredentialId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stack {
    pub members: Vec<CredentialId>,
    /// The credential the stack is named after (and its page's address comes from).
    pub headline: CredentialId,
}

impl Stacks {
    pub fn build(catalog: &Catalog, graph: &StackGraph) -> Stacks {
        let mut of = vec![None; catalog.credentials.len()];
        let incoming = graph.incoming_counts();
        let list: Vec<Stack> = graph
            .stacks()
            .into_iter()
            .enumerate()
            .map(|(i, members)| {
                for m in &members {
                    of[m.index()] = Some(i as u32);
                }
                Stack {
                    headline: headline(catalog, &incoming, &members),
                    members,
                }
            })
            .collect();
        let isolated = catalog
            .credentials
            .iter()
            .filter(|c| of[c.id.index()].is_none())
            .map(|c| c.id)
            .collect();
        Stacks { list, of, isolated }
    }
}

/// The credential a stack is named after: the highest family (degree over certificate over
/// badge), then the most incoming edges, then the smallest id.
fn headline(cat: &Catalog, incoming: &[u32], ids: &[CredentialId]) -> CredentialId {
    let rank = |id: CredentialId| match cat.credential(id).kind.family() {
        "degree" => 4,
        "certification" => 3,
        "certificate" => 2,
        "micro" => 1,
        _ => 0,
    };
    let key = |id: CredentialId| (rank(id), incoming[id.index()]);
    let mut best = ids[0];
    for id in ids {
        if key(*id) > key(best) {
            best = *id;
        }
    }
    best
}
