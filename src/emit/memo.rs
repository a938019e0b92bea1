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
use crate::derive::routes::{self, Route, RouteGraph};

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
}

impl Memo {
    /// Forgets everything (the catalog's shape or its templates changed).
    pub fn clear(&self) {
        self.lock().clear();
        self.lock_routes().clear();
    }

    /// The cheapest route to `graph`'s goal from nothing held, costs compared in
    /// `currencies`: [`routes::solve`], or the route it gave for the same graph before.
    pub fn route_from_nothing(&self, graph: &RouteGraph, currencies: &[String]) -> Arc<Route> {
        let solve = || {
            Arc::new(routes::solve(
                graph,
                &vec![false; graph.nodes.len()],
                currencies,
            ))
        };
        // A small graph solves faster than its key is made (most goals of an evenly linked
        // catalog need a handful of credentials).
        if graph.nodes.len() < ROUTE_MEMO_NODES {
            return solve();
        }
        // A graph is plain data (ids, numbers, names); should it not serialize, it is solved
        // without the memo rather than under a key it might share.
        let Ok(bytes) = serde_json::to_vec(&(graph, currencies)) else {
            return solve();
        };
        let key: [u8; 32] = Sha256::digest(bytes).into();
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
        let g = chain(ROUTE_MEMO_NODES as u32, 10.0);
        let first = memo.route_from_nothing(&g, &usd);
        assert_eq!(first.earn.len(), ROUTE_MEMO_NODES);
        assert!(
            Arc::ptr_eq(&first, &memo.route_from_nothing(&g, &usd)),
            "kept"
        );
        // One figure changed: another key, solved afresh.
        let mut longer = g.clone();
        longer.nodes[3].hours = Some(11.0);
        let other = memo.route_from_nothing(&longer, &usd);
        assert!(!Arc::ptr_eq(&first, &other));
        assert_eq!(other.totals.hours, first.totals.hours + 1.0);
        // What it gives is what solving gives.
        assert_eq!(
            *other,
            routes::solve(&longer, &vec![false; longer.nodes.len()], &usd)
        );
        // A small graph is solved each time, never kept.
        let small = chain(3, 10.0);
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
