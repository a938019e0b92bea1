//! Fragments of catalog-wide outputs — a list-page card, a skill-area entry, one resource's
//! index entries in `catalog.jsonld` — kept between the dev server's
//! rebuilds, so that a one-credential edit renders one card again, not ten thousand. A fragment is made again whenever the caller says it is stale (an entity it
//! shows is dirty); a full build starts from an empty memo, so it never changes what a build
//! produces, only how much work a rebuild repeats. Solved routes are kept too, by content
//! ([`Memo::route_from_nothing`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use super::Entity;
use crate::derive::explore::Ranges;
use crate::derive::routes::{self, Route, RouteGraph};
use crate::model::{Catalog, CredentialId};

/// The most routes kept; past it the kept routes are dropped and made again as asked (a long
/// dev session adds the routes of every state it passed through).
const ROUTES_KEPT: usize = 200_000;

/// Route graphs smaller than this are solved each time, not kept.
const ROUTE_MEMO_NODES: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fragment {
    Card,
    Skill,
    /// A pathway card or an organization link on the home page.
    HomeEntry,
    CtdlNodes,
}

#[derive(Debug, Default)]
pub struct Memo {
    map: Mutex<HashMap<(Fragment, Entity), Arc<str>>>,
    /// Routes from nothing, by the digest of what they were solved from (the route graph,
    /// every figure in it, and the currency order). One goal's route is shown on its page,
    /// in its planner data, and weighed for its occupations' pages and the planner's index;
    /// and an edit that changes no figure on a route, which is most edits, solves nothing
    /// again. Keyed by content, a kept route is never stale.
    routes: Mutex<HashMap<[u8; 32], Arc<Route>>>,
    /// Goals' route graphs (those of [`ROUTE_MEMO_NODES`] or more), by goal. A graph is read
    /// by the goal's page, its planner data, and every occupation page weighing it, and
    /// each of those asks for it again on every rebuild that renders them; a rebuild that
    /// changes no credential's place or figures and no pathway changes no graph
    /// ([`Memo::forget_routes_and_ranges`]).
    graphs: Mutex<HashMap<CredentialId, Arc<KeptGraph>>>,
    /// A one-off build ([`Memo::for_one_build`]) keeps no graph, only each goal's digest:
    /// its graphs were 220 MB of a 100,000-credential build's peak. A graph asked for again
    /// is built again from the catalog (a walk of the goal's requirements), and its kept
    /// digest finds its route, so no route is solved twice. The dev server keeps graphs: a
    /// rebuild asks for hundreds of them again, with the catalog changed in between.
    one_build: bool,
    /// Of a one-off build, each goal's graph digest ([`KeptGraph::digest`]), by goal.
    digests: Mutex<HashMap<CredentialId, Option<[u8; 32]>>>,
    /// The ranges of hours and cost of lists of credentials, by the list: every page of an
    /// occupation shows its whole list's (a page of 50 summing up 6,000 credentials, on each
    /// of 120 pages, was the one quadratic step of a build). Forgotten with the graphs.
    ranges: Mutex<HashMap<Vec<CredentialId>, Arc<Ranges>>>,
    /// Of a set of goals (an occupation's credentials, by id), the currencies their routes
    /// are compared in and the goals whose routes from nothing tie for cheapest: an
    /// occupation's first page weighs thousands of routes to show one, and a rename
    /// anywhere on them changes none of their costs. Forgotten with the graphs.
    best: Mutex<HashMap<Vec<CredentialId>, Arc<BestGoals>>>,
}

/// What [`Memo::best_goals`] keeps.
#[derive(Debug)]
pub struct BestGoals {
    pub currencies: Vec<String>,
    /// By id; the one shown is the first of them in the page's order.
    pub tied: Vec<CredentialId>,
}

/// A goal's route graph, with the digest of what routes are solved from in it.
#[derive(Debug)]
pub struct KeptGraph {
    pub graph: RouteGraph,
    /// `None` for a graph small enough to solve each time.
    digest: Option<[u8; 32]>,
}

impl KeptGraph {
    fn new(graph: RouteGraph) -> KeptGraph {
        // A graph is plain data (ids, numbers, names); should it not serialize, its routes
        // are solved each time rather than under a key it might share.
        let digest = (graph.nodes.len() >= ROUTE_MEMO_NODES)
            .then(|| serde_json::to_vec(&graph).ok())
            .flatten()
            .map(|bytes| Sha256::digest(bytes).into());
        KeptGraph { graph, digest }
    }
}

/// Whether an edit of `e` can change a route graph: what a graph holds of a credential is
/// its place (prerequisites, what stacks into it) and figures, and of a pathway its stages.
/// Names are not in graphs: a rename keeps every graph.
pub fn reshapes_routes(e: &Entity) -> bool {
    matches!(
        e,
        Entity::CredentialPlace(_) | Entity::CredentialFigures(_) | Entity::Pathway(_)
    )
}

impl Memo {
    /// The memo of a one-off build: the same outputs, less memory held (it keeps no route
    /// graphs, only their digests).
    pub fn for_one_build() -> Memo {
        Memo {
            one_build: true,
            ..Memo::default()
        }
    }

    /// Forgets everything (the catalog's shape or its templates changed).
    pub fn clear(&self) {
        self.lock().clear();
        self.lock_routes().clear();
        self.forget_routes_and_ranges();
    }

    /// Forgets the kept route graphs and ranges: a rebuild that dirtied an entity
    /// [`reshapes_routes`] says can change one. (Kept routes stay: they are keyed by
    /// content.)
    pub fn forget_routes_and_ranges(&self) {
        self.lock_graphs().clear();
        self.lock_digests().clear();
        self.ranges
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.best.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// [`BestGoals`] of `goals` (sorted by id): kept, or worked out by `weigh` and kept.
    pub fn best_goals(
        &self,
        goals: &[CredentialId],
        weigh: impl FnOnce() -> BestGoals,
    ) -> Arc<BestGoals> {
        let lock = || self.best.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(kept) = lock().get(goals) {
            return kept.clone();
        }
        let best = Arc::new(weigh());
        let mut kept = lock();
        if kept.len() >= ROUTES_KEPT {
            kept.clear();
        }
        kept.insert(goals.to_vec(), best.clone());
        best
    }

    /// The ranges of hours and cost of `ids`: kept, or summed up and kept.
    pub fn ranges(&self, cat: &Catalog, ids: &[CredentialId]) -> Arc<Ranges> {
        let lock = || self.ranges.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(kept) = lock().get(ids) {
            return kept.clone();
        }
        let ranges = Arc::new(Ranges::of(cat, ids));
        let mut kept = lock();
        // Lists reordered by renames leave their old keys behind: a long session starts over.
        if kept.len() >= ROUTES_KEPT {
            kept.clear();
        }
        kept.insert(ids.to_vec(), ranges.clone());
        ranges
    }

    /// The route graph of `goal`: kept, or built (and kept when large enough to be worth
    /// it).
    pub fn route_graph(&self, cat: &Catalog, goal: CredentialId) -> Arc<KeptGraph> {
        if let Some(kept) = self.lock_graphs().get(&goal) {
            return kept.clone();
        }
        let graph = RouteGraph::build(cat, goal);
        if self.one_build {
            let known = self.lock_digests().get(&goal).copied();
            return Arc::new(match known {
                Some(digest) => KeptGraph { graph, digest },
                None => {
                    let kept = KeptGraph::new(graph);
                    self.lock_digests().insert(goal, kept.digest);
                    kept
                }
            });
        }
        let kept = Arc::new(KeptGraph::new(graph));
        if kept.digest.is_some() {
            let mut graphs = self.lock_graphs();
            if graphs.len() >= ROUTES_KEPT {
                graphs.clear();
            }
            graphs.insert(goal, kept.clone());
        }
        kept
    }

    fn lock_digests(&self) -> std::sync::MutexGuard<'_, HashMap<CredentialId, Option<[u8; 32]>>> {
        self.digests.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lock_graphs(&self) -> std::sync::MutexGuard<'_, HashMap<CredentialId, Arc<KeptGraph>>> {
        self.graphs.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The cheapest route to `graph`'s goal from nothing held, costs compared in
    /// `currencies`: [`routes::solve`], or the route it gave for the same graph before.
    pub fn route_from_nothing(&self, kept: &KeptGraph, currencies: &[String]) -> Arc<Route> {
        let graph = &kept.graph;
        let solve = || {
            Arc::new(routes::solve(
                graph,
                &vec![false; graph.nodes.len()],
                currencies,
            ))
        };
        // A small graph solves faster than its key is made (most goals of an evenly linked
        // catalog need a handful of credentials).
        let Some(digest) = kept.digest else {
            return solve();
        };
        let mut hasher = Sha256::new();
        hasher.update(digest);
        for c in currencies {
            // Length-prefixed: ["AB", "C"] and ["A", "BC"] differ.
            hasher.update((c.len() as u64).to_le_bytes());
            hasher.update(c.as_bytes());
        }
        let key: [u8; 32] = hasher.finalize().into();
        if let Some(kept) = self.lock_routes().get(&key) {
            return kept.clone();
        }
        let route = solve();
        let mut kept = self.lock_routes();
        if kept.len() >= ROUTES_KEPT {
            kept.clear();
        }
        kept.insert(key, route.clone());
        route
    }

    fn lock_routes(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], Arc<Route>>> {
        self.routes.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The fragment for `entity`: made by `make` when `stale` or not kept yet.
    pub fn get<E>(
        &self,
        kind: Fragment,
        entity: Entity,
        stale: bool,
        make: impl FnOnce() -> Result<String, E>,
    ) -> Result<Arc<str>, E> {
        if !stale {
            if let Some(kept) = self.lock().get(&(kind, entity)) {
                return Ok(kept.clone());
            }
        }
        let fresh: Arc<str> = make()?.into();
        self.lock().insert((kind, entity), fresh.clone());
        Ok(fresh)
    }

    /// Keeps a fresh fragment made by a caller that had to build its source anyway (a CTDL
    /// document's nodes, made while writing the document).
    pub fn keep(&self, kind: Fragment, entity: Entity, fragment: String) {
        self.lock().insert((kind, entity), fragment.into());
    }

    /// What the memo holds, for `CREDCAT_TIMINGS`: counts, and bytes as estimated from the
    /// sizes of what is kept (heap blocks' own overhead not counted).
    pub fn describe(&self) -> String {
        use std::mem::size_of;
        let fragments = self.lock();
        let fragment_bytes: usize = fragments.values().map(|f| f.len()).sum();
        let graphs = self.lock_graphs();
        let (mut nodes, mut graph_bytes) = (0, 0);
        for g in graphs.values() {
            nodes += g.graph.nodes.len();
            graph_bytes += g
                .graph
                .nodes
                .iter()
                .map(routes::Node::heap_size)
                .sum::<usize>()
                + g.graph.nodes.len() * size_of::<routes::Node>();
        }
        let routes = self.lock_routes();
        let route_bytes: usize = routes.values().map(|r| r.heap_size()).sum();
        let ranges = self.ranges.lock().unwrap_or_else(|e| e.into_inner());
        let range_keys: usize = ranges
            .keys()
            .map(|k| k.len() * size_of::<CredentialId>())
            .sum();
        let best = self.best.lock().unwrap_or_else(|e| e.into_inner());
        let best_keys: usize = best
            .keys()
            .map(|k| k.len() * size_of::<CredentialId>())
            .sum();
        format!(
            "{} fragments ({} MB), {} route graphs ({nodes} nodes, {} MB), {} routes ({} MB), \
             {} ranges ({} MB of keys), {} best goals ({} MB of keys)",
            fragments.len(),
            fragment_bytes >> 20,
            graphs.len(),
            graph_bytes >> 20,
            routes.len(),
            route_bytes >> 20,
            ranges.len(),
            range_keys >> 20,
            best.len(),
            best_keys >> 20,
        )
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(Fragment, Entity), Arc<str>>> {
        // A panic while holding the lock leaves only a cache behind: keep using it.
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::routes::Node;
    use crate::model::CredentialId;

    /// A chain of `n` credentials, each requiring the next, `hours` each.
    fn chain(n: u32, hours: f64) -> RouteGraph {
        RouteGraph {
            nodes: (0..n)
                .map(|i| Node {
                    id: CredentialId(i),
                    pre: if i + 1 < n { vec![i + 1] } else { vec![] },
                    ways: vec![],
                    hours: Some(hours),
                    cost: None,
                    credit: None,
                    totals: false,
                })
                .collect(),
        }
    }

    #[test]
    fn a_route_is_kept_by_what_it_was_solved_from() {
        let memo = Memo::default();
        let usd = vec!["USD".to_string()];
        let g = KeptGraph::new(chain(ROUTE_MEMO_NODES as u32, 10.0));
        let first = memo.route_from_nothing(&g, &usd);
        assert_eq!(first.earn.len(), ROUTE_MEMO_NODES);
        assert!(
            Arc::ptr_eq(&first, &memo.route_from_nothing(&g, &usd)),
            "kept"
        );
        // Other currencies: another key.
        let eur = vec!["EUR".to_string()];
        assert!(!Arc::ptr_eq(&first, &memo.route_from_nothing(&g, &eur)));
        // One figure changed: another key, solved afresh.
        let mut longer = g.graph.clone();
        longer.nodes[3].hours = Some(11.0);
        let longer = KeptGraph::new(longer);
        let other = memo.route_from_nothing(&longer, &usd);
        assert!(!Arc::ptr_eq(&first, &other));
        assert_eq!(other.totals.hours, first.totals.hours + 1.0);
        // What it gives is what solving gives.
        assert_eq!(
            *other,
            routes::solve(&longer.graph, &vec![false; longer.graph.nodes.len()], &usd)
        );
        // A small graph is solved each time, never kept.
        let small = KeptGraph::new(chain(3, 10.0));
        assert!(!Arc::ptr_eq(
            &memo.route_from_nothing(&small, &usd),
            &memo.route_from_nothing(&small, &usd)
        ));
        memo.clear();
        let again = memo.route_from_nothing(&g, &usd);
        assert!(!Arc::ptr_eq(&first, &again) && *first == *again);
    }

    #[test]
    fn remakes_only_stale_or_missing_fragments() {
        let memo = Memo::default();
        let e = Entity::Credential(CredentialId(1));
        let make = |s: &str| {
            let s = s.to_string();
            move || Ok::<_, ()>(s)
        };
        assert_eq!(
            &*memo.get(Fragment::Card, e, false, make("a")).unwrap(),
            "a"
        );
        assert_eq!(
            &*memo.get(Fragment::Card, e, false, make("b")).unwrap(),
            "a"
        );
        assert_eq!(&*memo.get(Fragment::Card, e, true, make("c")).unwrap(), "c");
        memo.clear();
        assert_eq!(
            &*memo.get(Fragment::Card, e, false, make("d")).unwrap(),
            "d"
        );
    }
}
