//! The stack graph: credentials as nodes, "leads to" edges between them. A prerequisite P of
//! C gives P → C; C stacking into S gives C → S; a recommendation R before C gives R → C.
//! It is the single source for the maps, the pathway emitter and the cycle errors of `check`.

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::model::{Catalog, CredentialId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum EdgeKind {
    Prerequisite,
    StacksInto,
    Recommended,
}

#[derive(Debug, Clone)]
pub struct StackGraph {
    /// Node i is credential i.
    pub graph: DiGraph<CredentialId, EdgeKind>,
}

impl StackGraph {
    pub fn build(catalog: &Catalog) -> StackGraph {
        let mut graph =
            DiGraph::with_capacity(catalog.credentials.len(), catalog.credentials.len() * 2);
        for c in &catalog.credentials {
            graph.add_node(c.id);
        }
        let n = |id: CredentialId| NodeIndex::new(id.index());
        for c in &catalog.credentials {
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
        StackGraph { graph }
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
