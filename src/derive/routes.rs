//! Routes to a credential: what a learner still has to earn to reach a goal, given what they
//! hold. The source of truth for the "what next" planner (whose script mirrors [`solve`] on
//! the data `emit::explore` writes from [`RouteGraph`]) and for the "Routes to this
//! credential" section of credential pages.
//!
//! The requirement structure of a goal, as content states it:
//! - a credential's `prerequisites` are all needed before it;
//! - a credential that is the `destination` of pathways is completed by one of them (each a
//!   *way*): every stage, each needing all of its credentials or "any k of n";
//! - a credential that no pathway leads to, but that others `stacks_into`, is completed by
//!   all of those (one way with one "all" stage: without a pathway the catalog states no
//!   choice);
//! - and so on down: a stage member needs its own prerequisites and ways.
//!
//! A held credential needs nothing more (not even its own prerequisites). [`solve`] finds the
//! set of credentials to earn with the smallest cost, then hours, then count (see [`Key`]),
//! by trying every choice: each way of each credential reached, each set of k members of an
//! "any k of n" stage (held members always first, since they cost nothing). The search stops
//! after [`MAX_ROUTES`] complete routes, or once it has a route and has taken
//! [`max_steps`] steps (choices made, each copying the search state), and keeps the best so
//! far, so that a pathway with "any 10 of 40" electives, or "any 34 of 70" members each with
//! prerequisites of their own, cannot stall a build or a browser; `exhaustive` says whether
//! it finished.
//!
//! Totals: a credential that lists an `aggregate` cost (CTDL's `AggregateCost`, the total)
//! states totals for the whole program, including the credentials that count toward it: on
//! a route its hours, cost and credit are its own minus those of its counted components
//! (held or to earn), never below zero, so that a certificate "including the stacked
//! badges" is not paid twice. Costs are added only within a currency, credit only within a
//! unit.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::explore::{cost_to_earn, Money};
use crate::model::{Catalog, CostKind, Credential, CredentialId, PathwayId, Require};

/// The best of several goals' routes (an occupation's credentials): the first of
/// [`ranked`]. `None` when there are no goals.
pub fn best_of(routes: &[(&RouteGraph, Route)], currencies: &[String]) -> Option<usize> {
    ranked(routes, currencies).first().copied()
}

/// The goals whose routes tie for best ([`best_of`] takes the first of them in the order
/// given): kept apart from the order so that a rename, which reorders goals, keeps them.
pub fn tied_best(routes: &[(&RouteGraph, Route)], currencies: &[String]) -> Vec<usize> {
    let keys: Vec<Key> = routes
        .iter()
        .map(|(g, r)| {
            let mut key = route_key(g, r, currencies);
            key.nodes.clear();
            key
        })
        .collect();
    let Some(min) = keys.iter().min() else {
        return Vec::new();
    };
    (0..keys.len()).filter(|i| keys[*i] == *min).collect()
}

/// Several goals' routes, best first: by [`Key`] without its node numbers (which belong to
/// each goal's own graph), then in the order given.
pub fn ranked(routes: &[(&RouteGraph, Route)], currencies: &[String]) -> Vec<usize> {
    let mut keys: Vec<(Key, usize)> = routes
        .iter()
        .enumerate()
        .map(|(i, (g, r))| {
            let mut key = route_key(g, r, currencies);
            key.nodes.clear();
            (key, i)
        })
        .collect();
    keys.sort();
    keys.into_iter().map(|(_, i)| i).collect()
}

/// The [`Key`] of a finished route.
fn route_key(g: &RouteGraph, r: &Route, currencies: &[String]) -> Key {
    let mut earn = r.earn.clone();
    earn.sort_unstable();
    let gross = gross_totals(g, &earn);
    Key {
        net_cost: rank(&r.totals.cost, currencies),
        net_hours: cents(r.totals.hours),
        count: earn.len(),
        gross_cost: rank(&gross.cost, currencies),
        gross_hours: cents(gross.hours),
        nodes: earn,
    }
}

/// Amounts in hundredths, currency by currency: those of `currencies` in its order (0 when
/// absent), then any others by code.
fn rank(cost: &[(String, f64)], currencies: &[String]) -> Vec<i64> {
    let mut v: Vec<i64> = currencies
        .iter()
        .map(|c| {
            cost.iter()
                .find(|(k, _)| k == c)
                .map_or(0, |(_, a)| cents(*a))
        })
        .collect();
    v.extend(
        cost.iter()
            .filter(|(k, _)| !currencies.contains(k))
            .map(|(_, a)| cents(*a)),
    );
    v
}

/// How many complete routes [`solve`] compares at most.
pub const MAX_ROUTES: usize = 20_000;

/// The work [`solve`] may do once it has a route: steps times the size of the structure
/// (each step copies state proportional to it). Counting only complete routes let a big
/// "any k of n" stage whose members have prerequisites search for minutes without
/// completing many.
pub const MAX_WORK: usize = 4_000_000;

/// How many steps [`solve`] takes at most on a structure of `nodes` credentials, once it has
/// a route (the planner's script computes the same).
pub fn max_steps(nodes: usize) -> usize {
    (MAX_WORK / nodes.max(1)).max(1_000)
}

/// One credential of a goal's requirement structure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    pub id: CredentialId,
    /// Nodes required before it, all of them.
    pub pre: Vec<u32>,
    /// Ways to complete it (pathways to it, or what stacks into it); empty when none.
    pub ways: Vec<Way>,
    pub hours: Option<f64>,
    pub cost: Option<Money>,
    /// Credit value and its unit key.
    pub credit: Option<(f64, &'static str)>,
    /// Its figures are totals that include its counted components (an aggregate cost).
    pub totals: bool,
}

impl Node {
    /// Bytes this node holds on the heap (what the memo's report counts).
    pub fn heap_size(&self) -> usize {
        use std::mem::size_of;
        self.pre.capacity() * size_of::<u32>()
            + self.ways.capacity() * size_of::<Way>()
            + self
                .ways
                .iter()
                .flat_map(|w| &w.stages)
                .map(|s| s.name.capacity() + s.members.capacity() * size_of::<u32>())
                .sum::<usize>()
            + self
                .ways
                .iter()
                .map(|w| w.stages.capacity() * size_of::<WayStage>())
                .sum::<usize>()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Way {
    /// The pathway; `None` for "everything that stacks into it".
    pub pathway: Option<PathwayId>,
    pub stages: Vec<WayStage>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WayStage {
    pub name: String,
    /// How many of `members` are needed.
    pub k: u32,
    pub members: Vec<u32>,
}

/// A goal's requirement structure: node 0 is the goal; nodes are numbered in the order a
/// breadth-first walk from the goal meets them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteGraph {
    pub nodes: Vec<Node>,
}

/// Adds `n` to `members` unless it is there already (a stage may name a credential twice):
/// a scan while the stage is short, then a set (`seen`, filled when first needed), so that a
/// stage of thousands is not quadratic.
fn add_once(members: &mut Vec<u32>, seen: &mut HashSet<u32>, n: u32) {
    const SCAN: usize = 16;
    if members.len() < SCAN {
        if !members.contains(&n) {
            members.push(n);
        }
        return;
    }
    if seen.is_empty() {
        seen.extend(members.iter().copied());
    }
    if seen.insert(n) {
        members.push(n);
    }
}

impl RouteGraph {
    /// The requirement structure of `goal` in `catalog`.
    pub fn build(catalog: &Catalog, goal: CredentialId) -> RouteGraph {
        let mut index: BTreeMap<CredentialId, u32> = BTreeMap::new();
        let mut order = vec![goal];
        index.insert(goal, 0);
        let mut nodes = Vec::new();
        let mut i = 0;
        while i < order.len() {
            let id = order[i];
            i += 1;
            let c = catalog.credential(id);
            let mut intern = |x: CredentialId, order: &mut Vec<CredentialId>| -> u32 {
                *index.entry(x).or_insert_with(|| {
                    order.push(x);
                    (order.len() - 1) as u32
                })
            };
            let mut pre: Vec<u32> = c
                .prerequisites
                .iter()
                .filter(|p| **p != id)
                .map(|p| intern(*p, &mut order))
                .collect();
            pre.dedup();
            let mut ways = Vec::new();
            for p in c
                .in_pathways
                .iter()
                .filter(|p| catalog.pathway(**p).destination == id)
            {
                let stages = catalog
                    .pathway(*p)
                    .stages
                    .iter()
                    .map(|s| {
                        let (mut members, mut seen) = (Vec::new(), HashSet::new());
                        for m in s.credentials.iter().filter(|m| **m != id) {
                            add_once(&mut members, &mut seen, intern(*m, &mut order));
                        }
                        let k = match s.require {
                            Require::All => members.len() as u32,
                            Require::AnyOf(k) => k.min(members.len() as u32),
                        };
                        WayStage {
                            name: s.name.clone(),
                            k,
                            members,
                        }
                    })
                    .collect();
                ways.push(Way {
                    pathway: Some(*p),
                    stages,
                });
            }
            if ways.is_empty() && !c.stacked_from.is_empty() {
                let (mut members, mut seen) = (Vec::new(), HashSet::new());
                for m in c.stacked_from.iter().filter(|m| **m != id) {
                    add_once(&mut members, &mut seen, intern(*m, &mut order));
                }
                ways.push(Way {
                    pathway: None,
                    stages: vec![WayStage {
                        name: String::new(),
                        k: members.len() as u32,
                        members,
                    }],
                });
            }
            let (figures, totals) = route_figures(c);
            nodes.push(Node {
                id,
                pre,
                ways,
                hours: figures.hours,
                cost: figures.cost,
                credit: figures.credit,
                totals,
            });
        }
        RouteGraph { nodes }
    }

    /// Whether the goal needs anything besides itself.
    pub fn has_requirements(&self) -> bool {
        self.nodes.len() > 1
    }

    /// The credentials of the structure.
    pub fn credentials(&self) -> impl Iterator<Item = CredentialId> + '_ {
        self.nodes.iter().map(|n| n.id)
    }
}

/// A route: what to earn, in an order that respects prerequisites and stages, with totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    /// Nodes to earn, each after what it needs; empty when the goal is held.
    pub earn: Vec<u32>,
    /// The figures of each node of `earn` on this route (net of counted components for a
    /// node that states totals).
    pub figures: Vec<Figures>,
    /// The held nodes the route counts (as prerequisites or stage members).
    pub uses: Vec<u32>,
    pub totals: Totals,
    /// Whether every choice was compared (see [`MAX_ROUTES`]).
    pub exhaustive: bool,
}

impl Route {
    /// Bytes this route holds on the heap (what the memo's report counts).
    pub fn heap_size(&self) -> usize {
        use std::mem::size_of;
        (self.earn.capacity() + self.uses.capacity()) * size_of::<u32>()
            + self.figures.capacity() * size_of::<Figures>()
    }
}

/// What a route reads of credential `c` besides its links (prerequisites, what stacks into
/// it, pathways to it): its figures, and whether they are totals that include its
/// components (an aggregate cost). Where the dev server asks whether an edit changed a route.
pub fn route_figures(c: &Credential) -> (Figures, bool) {
    let figures = Figures {
        hours: c.estimated_hours,
        cost: cost_to_earn(c),
        credit: c.credit.as_ref().map(|k| (k.value, k.unit.key())),
    };
    (
        figures,
        c.costs.iter().any(|k| k.kind == CostKind::Aggregate),
    )
}

/// Hours, cost and credit of one credential.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    pub hours: Option<f64>,
    pub cost: Option<Money>,
    /// Value and unit key.
    pub credit: Option<(f64, &'static str)>,
}

/// What the credentials left to earn add up to.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Totals {
    pub hours: f64,
    /// Credentials to earn that publish no hours.
    pub hours_unknown: usize,
    /// Per currency, by currency code.
    pub cost: Vec<(String, f64)>,
    pub cost_unknown: usize,
    /// Per credit unit key.
    pub credit: Vec<(String, f64)>,
}

/// What a route is judged by, smallest first: cost (currency by currency, in the order the
/// caller gives), hours, number of credentials, then the same before netting totals (so
/// that among routes a program's total price covers, the cheaper components win), then the
/// node numbers. Amounts in hundredths, so that a browser's sums compare the same.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    net_cost: Vec<i64>,
    net_hours: i64,
    count: usize,
    gross_cost: Vec<i64>,
    gross_hours: i64,
    nodes: Vec<u32>,
}

fn cents(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

/// The best route to node 0 for a learner holding `held` (by node), currencies compared in
/// the order of `currencies` (unlisted ones after, by code).
pub fn solve(g: &RouteGraph, held: &[bool], currencies: &[String]) -> Route {
    if held.first().copied().unwrap_or(false) {
        return Route {
            earn: vec![],
            figures: vec![],
            uses: vec![],
            totals: Totals::default(),
            exhaustive: true,
        };
    }
    let mut search = Search {
        g,
        held,
        currencies,
        best: None,
        routes: 0,
        steps: 0,
        max_steps: max_steps(g.nodes.len()),
        cut: false,
    };
    let mut state = State {
        earn: vec![false; g.nodes.len()],
        used: vec![false; g.nodes.len()],
        counted: Vec::new(),
        after: Vec::new(),
    };
    search.go(vec![0], &mut state);
    let exhaustive = !search.cut;
    let (_, state) = search
        .best
        .expect("a route always exists: every node can be earned");
    let earn = order(g, &state);
    let uses = (0..g.nodes.len() as u32)
        .filter(|n| state.used[*n as usize] && held[*n as usize])
        .collect();
    let counted = state.counted_by_node();
    Route {
        totals: totals(g, &state, &earn),
        figures: earn
            .iter()
            .map(|n| net_figures(g, *n, &components(&counted, *n)))
            .collect(),
        earn,
        uses,
        exhaustive,
    }
}

/// A partial route. The search copies it at every choice, so it is four flat vectors (a copy
/// is four allocations, whatever the structure's size) rather than a list per node.
#[derive(Clone)]
struct State {
    /// Nodes to earn.
    earn: Vec<bool>,
    /// Nodes the route counts, held or to earn.
    used: Vec<bool>,
    /// (node to earn, a component of its chosen way, held or to earn).
    counted: Vec<(u32, u32)>,
    /// (node, a node that must come before it in the order: a prerequisite, a component,
    /// a member of an earlier stage).
    after: Vec<(u32, u32)>,
}

impl State {
    /// [`State::counted`] by node, each node's components in the order they were chosen.
    fn counted_by_node(&self) -> Vec<(u32, u32)> {
        let mut by_node = self.counted.clone();
        by_node.sort_by_key(|(n, _)| *n);
        by_node
    }
}

/// The components `n`'s chosen way counts, from [`State::counted_by_node`].
fn components(by_node: &[(u32, u32)], n: u32) -> Vec<u32> {
    let start = by_node.partition_point(|(m, _)| *m < n);
    by_node[start..]
        .iter()
        .take_while(|(m, _)| *m == n)
        .map(|(_, c)| *c)
        .collect()
}

struct Search<'a> {
    g: &'a RouteGraph,
    held: &'a [bool],
    currencies: &'a [String],
    best: Option<(Key, State)>,
    routes: usize,
    steps: usize,
    max_steps: usize,
    /// Whether the search stopped at [`MAX_ROUTES`] or [`max_steps`] with choices left
    /// untried.
    cut: bool,
}

impl Search<'_> {
    /// Satisfies every node of `agenda` (first to last), trying each choice.
    fn go(&mut self, mut agenda: Vec<u32>, state: &mut State) {
        if self.spent() {
            return;
        }
        // Skip what is already counted.
        while let Some(&n) = agenda.first() {
            let held = self.held.get(n as usize).copied().unwrap_or(false);
            if held || state.earn[n as usize] {
                state.used[n as usize] = true;
                agenda.remove(0);
            } else {
                break;
            }
        }
        let Some(&n) = agenda.first() else {
            self.routes += 1;
            let key = self.key(state);
            if self.best.as_ref().is_none_or(|(k, _)| key < *k) {
                self.best = Some((key, state.clone()));
            }
            return;
        };
        agenda.remove(0);
        // `state` is this call's to change: every caller passes a copy it does not use again.
        let node = &self.g.nodes[n as usize];
        state.earn[n as usize] = true;
        state.used[n as usize] = true;
        state.after.extend(node.pre.iter().map(|p| (n, *p)));
        agenda.extend(&node.pre);
        let Some((last, others)) = node.ways.split_last() else {
            self.go(agenda, state);
            return;
        };
        for way in others {
            self.stages(n, way, 0, &[], agenda.clone(), &mut state.clone());
        }
        self.stages(n, last, 0, &[], agenda, state);
    }

    /// Chooses members for stage `s` onwards of `way` (of node `n`), then goes on.
    fn stages(
        &mut self,
        n: u32,
        way: &Way,
        s: usize,
        previous: &[u32],
        agenda: Vec<u32>,
        state: &mut State,
    ) {
        let Some(stage) = way.stages.get(s) else {
            self.go(agenda, state);
            return;
        };
        let is_held = |m: &u32| self.held.get(*m as usize).copied().unwrap_or(false);
        let held: Vec<u32> = stage.members.iter().copied().filter(is_held).collect();
        let open: Vec<u32> = stage
            .members
            .iter()
            .copied()
            .filter(|m| !is_held(m))
            .collect();
        let k = stage.k as usize;
        let from_held: Vec<u32> = held.iter().copied().take(k).collect();
        let need = k - from_held.len();
        for pick in combinations(&open, need) {
            if self.spent() {
                return;
            }
            let chosen: Vec<u32> = from_held.iter().chain(&pick).copied().collect();
            let mut st = state.clone();
            st.counted.extend(chosen.iter().map(|m| (n, *m)));
            st.after.extend(chosen.iter().map(|m| (n, *m)));
            for m in &chosen {
                st.after.extend(previous.iter().map(|p| (*m, *p)));
            }
            let mut next = agenda.clone();
            next.extend(&chosen);
            self.stages(n, way, s + 1, &chosen, next, &mut st);
        }
    }

    /// Counts a step; whether the search must stop (never before it has a route: the first
    /// descent always completes one).
    fn spent(&mut self) -> bool {
        self.steps += 1;
        let over =
            self.routes >= MAX_ROUTES || (self.best.is_some() && self.steps > self.max_steps);
        self.cut |= over;
        over
    }

    fn key(&self, state: &State) -> Key {
        let g = self.g;
        let earn: Vec<u32> = (0..g.nodes.len() as u32)
            .filter(|n| state.earn[*n as usize])
            .collect();
        let net = totals(g, state, &earn);
        let gross = gross_totals(g, &earn);
        Key {
            net_cost: rank(&net.cost, self.currencies),
            net_hours: cents(net.hours),
            count: earn.len(),
            gross_cost: rank(&gross.cost, self.currencies),
            gross_hours: cents(gross.hours),
            nodes: earn,
        }
    }
}

/// Every way to pick `k` of `items`, lazily, in lexicographic order of positions (the
/// planner's script walks them in the same order).
struct Combinations<'a> {
    items: &'a [u32],
    idx: Vec<usize>,
    started: bool,
    done: bool,
}

fn combinations(items: &[u32], k: usize) -> Combinations<'_> {
    Combinations {
        items,
        idx: (0..k).collect(),
        started: false,
        done: k > items.len(),
    }
}

impl Iterator for Combinations<'_> {
    type Item = Vec<u32>;
    fn next(&mut self) -> Option<Vec<u32>> {
        if self.done {
            return None;
        }
        if self.started {
            let (n, k) = (self.items.len(), self.idx.len());
            // The rightmost position that can still move right.
            let Some(i) = (0..k).rev().find(|i| self.idx[*i] < n - k + i) else {
                self.done = true;
                return None;
            };
            self.idx[i] += 1;
            for j in i + 1..k {
                self.idx[j] = self.idx[j - 1] + 1;
            }
        }
        self.started = true;
        Some(self.idx.iter().map(|i| self.items[*i]).collect())
    }
}

/// The nodes to earn, each after what it needs: repeatedly the smallest-numbered node whose
/// predecessors on the route are placed (the smallest remaining one if a content loop leaves
/// none).
fn order(g: &RouteGraph, state: &State) -> Vec<u32> {
    let mut left: Vec<u32> = (0..g.nodes.len() as u32)
        .filter(|n| state.earn[*n as usize])
        .collect();
    let mut after = vec![Vec::new(); g.nodes.len()];
    for (n, m) in &state.after {
        after[*n as usize].push(*m);
    }
    let mut placed = vec![false; g.nodes.len()];
    let mut out = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let ready = left.iter().position(|n| {
            after[*n as usize]
                .iter()
                .all(|m| *m == *n || !state.earn[*m as usize] || placed[*m as usize])
        });
        let i = ready.unwrap_or(0);
        let n = left.remove(i);
        placed[n as usize] = true;
        out.push(n);
    }
    out
}

/// Sums of the own figures of `earn`, before netting.
fn gross_totals(g: &RouteGraph, earn: &[u32]) -> Totals {
    let mut t = Totals::default();
    for n in earn {
        let node = &g.nodes[*n as usize];
        add_figures(&mut t, node.hours, node.cost.as_ref(), node.credit.as_ref());
    }
    t
}

fn add_figures(
    t: &mut Totals,
    hours: Option<f64>,
    cost: Option<&Money>,
    credit: Option<&(f64, &'static str)>,
) {
    match hours {
        Some(h) => t.hours += h,
        None => t.hours_unknown += 1,
    }
    match cost {
        Some(m) => add(&mut t.cost, m.currency, m.amount),
        None => t.cost_unknown += 1,
    }
    if let Some((v, unit)) = credit {
        add(&mut t.credit, unit, *v);
    }
}

fn add(list: &mut Vec<(String, f64)>, key: &str, amount: f64) {
    match list.iter_mut().find(|(k, _)| k == key) {
        Some(e) => e.1 += amount,
        None => {
            list.push((key.to_string(), amount));
            list.sort_by(|a, b| a.0.cmp(&b.0));
        }
    }
}

/// The net figures of one node on a route: its own, less its counted components' when it
/// states totals (same currency, same unit), never below zero.
pub fn net_figures(g: &RouteGraph, n: u32, counted: &[u32]) -> Figures {
    let node = &g.nodes[n as usize];
    if !node.totals || counted.is_empty() {
        return Figures {
            hours: node.hours,
            cost: node.cost.clone(),
            credit: node.credit,
        };
    }
    let parts: Vec<&Node> = counted.iter().map(|m| &g.nodes[*m as usize]).collect();
    let hours = node
        .hours
        .map(|h| (h - parts.iter().filter_map(|p| p.hours).sum::<f64>()).max(0.0));
    let cost = node.cost.as_ref().map(|c| Money {
        currency: c.currency,
        amount: (c.amount
            - parts
                .iter()
                .filter_map(|p| p.cost.as_ref())
                .filter(|m| m.currency == c.currency)
                .map(|m| m.amount)
                .sum::<f64>())
        .max(0.0),
    });
    let credit = node.credit.as_ref().map(|(v, unit)| {
        let less: f64 = parts
            .iter()
            .filter_map(|p| p.credit.as_ref())
            .filter(|(_, u)| u == unit)
            .map(|(v, _)| *v)
            .sum();
        ((v - less).max(0.0), *unit)
    });
    Figures {
        hours,
        cost,
        credit,
    }
}

fn totals(g: &RouteGraph, state: &State, earn: &[u32]) -> Totals {
    let mut sorted = earn.to_vec();
    sorted.sort_unstable();
    let counted = state.counted_by_node();
    let mut t = Totals::default();
    for n in sorted {
        let f = net_figures(g, n, &components(&counted, n));
        add_figures(&mut t, f.hours, f.cost.as_ref(), f.credit.as_ref());
    }
    t
}

/// The currencies of some goals' structures in the order routes compare them: the one most
/// of their credentials use first, then by code. Worked out from the structures alone (each
/// credential once), so that a route depends on nothing outside its goal's structure.
pub fn currency_order(graphs: &[&RouteGraph]) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for g in graphs {
        for n in &g.nodes {
            if let (true, Some(m)) = (seen.insert(n.id), &n.cost) {
                *count.entry(m.currency.to_string()).or_default() += 1;
            }
        }
    }
    let mut v: Vec<(String, usize)> = count.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.into_iter().map(|(c, _)| c).collect()
}

/// Credentials whose route graphs contain `id`: it, what requires it, the destinations of
/// pathways it is a stage member of, what it stacks into (as a component when no pathway
/// leads there), and so on upwards. What [`RouteGraph::build`] walks, backwards.
pub fn dependents(catalog: &Catalog, id: CredentialId) -> Vec<CredentialId> {
    let mut seen = std::collections::BTreeSet::from([id]);
    let mut stack = vec![id];
    while let Some(x) = stack.pop() {
        let c = catalog.credential(x);
        let mut up: Vec<CredentialId> = c.required_by.clone();
        up.extend(c.stacks_into.iter().copied());
        up.extend(
            c.in_pathways
                .iter()
                .map(|p| catalog.pathway(*p).destination),
        );
        for u in up {
            if seen.insert(u) {
                stack.push(u);
            }
        }
    }
    seen.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: u32, hours: f64, cost: f64) -> Node {
        Node {
            id: CredentialId(id),
            pre: vec![],
            ways: vec![],
            hours: Some(hours),
            cost: Some(Money {
                currency: "USD",
                amount: cost,
            }),
            credit: None,
            totals: false,
        }
    }

    fn stage(k: u32, members: &[u32]) -> WayStage {
        WayStage {
            name: String::new(),
            k,
            members: members.to_vec(),
        }
    }

    fn way(stages: Vec<WayStage>) -> Way {
        Way {
            pathway: None,
            stages,
        }
    }

    fn usd() -> Vec<String> {
        vec!["USD".into()]
    }

    fn held(n: usize, which: &[u32]) -> Vec<bool> {
        (0..n as u32).map(|i| which.contains(&i)).collect()
    }

    /// Goal 0 = a safety badge (1) then any 2 of three electives (2, 3, 4); elective 2
    /// requires 1.
    fn manufacturing() -> RouteGraph {
        let mut goal = node(0, 100.0, 1000.0);
        goal.ways = vec![way(vec![stage(1, &[1]), stage(2, &[2, 3, 4])])];
        let mut e2 = node(2, 120.0, 800.0);
        e2.pre = vec![1];
        RouteGraph {
            nodes: vec![
                goal,
                node(1, 16.0, 95.0),
                e2,
                node(3, 60.0, 540.0),
                node(4, 40.0, 305.0),
            ],
        }
    }

    #[test]
    fn nothing_held_takes_the_cheapest_k_of_n() {
        let g = manufacturing();
        let r = solve(&g, &held(5, &[]), &usd());
        // Safety, then the two cheapest electives (4: $305, 3: $540), then the goal.
        assert_eq!(r.earn, vec![1, 3, 4, 0]);
        assert_eq!(r.totals.cost, vec![("USD".into(), 1940.0)]);
        assert_eq!(r.totals.hours, 216.0);
        assert!(r.exhaustive);
        assert!(r.uses.is_empty());
    }

    #[test]
    fn a_held_elective_counts_even_when_dearer() {
        let g = manufacturing();
        let r = solve(&g, &held(5, &[2]), &usd());
        // Holding 2 fills one of the two places; its prerequisite 1 is needed by stage 1
        // anyway; the other place goes to the cheapest remaining elective.
        assert_eq!(r.earn, vec![1, 4, 0]);
        assert_eq!(r.uses, vec![2]);
        assert_eq!(r.totals.cost, vec![("USD".into(), 1400.0)]);
    }

    #[test]
    fn a_huge_any_k_of_n_stage_with_prerequisites_stops_in_time() {
        // Any 34 of 70 members, each needing a chain of 5 prerequisites of its own: C(70, 34)
        // ways, each route 200-odd steps deep, each step copying state of 421 nodes.
        // Counting only complete routes (20,000 of them), this searched for minutes.
        let mut nodes = vec![node(0, 1.0, 1.0)];
        let members: Vec<u32> = (1..=70).collect();
        nodes[0].ways = vec![way(vec![stage(34, &members)])];
        let chain = |m: u32, i: u32| 71 + (m - 1) * 5 + i;
        for m in 1..=70u32 {
            let mut n = node(m, 10.0, 100.0 + f64::from(m));
            n.pre = vec![chain(m, 0)];
            nodes.push(n);
        }
        for m in 1..=70u32 {
            for i in 0..5 {
                let mut n = node(chain(m, i), 5.0, 50.0);
                if i < 4 {
                    n.pre = vec![chain(m, i + 1)];
                }
                nodes.push(n);
            }
        }
        let g = RouteGraph { nodes };
        let start = std::time::Instant::now();
        let r = solve(&g, &held(g.nodes.len(), &[]), &usd());
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "{:?}",
            start.elapsed()
        );
        assert!(!r.exhaustive);
        // A real route: the goal, 34 members and the prerequisites they need.
        let members_earned = r.earn.iter().filter(|n| (1..=70).contains(*n)).count();
        assert_eq!(members_earned, 34);
        assert_eq!(r.earn.len(), 1 + 34 * 6);
        assert!(r.earn.contains(&0));
        for n in &r.earn {
            for p in &g.nodes[*n as usize].pre {
                assert!(r.earn.contains(p), "{n} needs {p}");
            }
        }
    }

    #[test]
    fn the_goal_held_is_already_met() {
        let g = manufacturing();
        let r = solve(&g, &held(5, &[0]), &usd());
        assert!(r.earn.is_empty());
        assert_eq!(r.totals, Totals::default());
    }

    #[test]
    fn everything_but_the_goal_held_leaves_the_goal() {
        let g = manufacturing();
        let r = solve(&g, &held(5, &[1, 2, 3, 4]), &usd());
        assert_eq!(r.earn, vec![0]);
        // Held members are used first, in stage order.
        assert_eq!(r.uses, vec![1, 2, 3]);
    }

    #[test]
    fn a_held_credential_needs_none_of_its_prerequisites() {
        // 0 requires 1, 1 requires 2.
        let mut goal = node(0, 10.0, 10.0);
        goal.pre = vec![1];
        let mut mid = node(1, 10.0, 10.0);
        mid.pre = vec![2];
        let g = RouteGraph {
            nodes: vec![goal, mid, node(2, 10.0, 10.0)],
        };
        assert_eq!(solve(&g, &held(3, &[]), &usd()).earn, vec![2, 1, 0]);
        assert_eq!(solve(&g, &held(3, &[1]), &usd()).earn, vec![0]);
    }

    #[test]
    fn shared_prerequisites_are_counted_once_and_can_decide_the_choice() {
        // Any 1 of {1, 2}: 1 costs 50 but needs 3 (costs 100); 2 costs 120 alone. Without 3
        // held, 2 is cheaper (120 < 150); holding 3, 1 is (50 < 120).
        let mut goal = node(0, 1.0, 0.0);
        goal.ways = vec![way(vec![stage(1, &[1, 2])])];
        let mut one = node(1, 1.0, 50.0);
        one.pre = vec![3];
        let g = RouteGraph {
            nodes: vec![goal, one, node(2, 1.0, 120.0), node(3, 1.0, 100.0)],
        };
        assert_eq!(solve(&g, &held(4, &[]), &usd()).earn, vec![2, 0]);
        assert_eq!(solve(&g, &held(4, &[3]), &usd()).earn, vec![1, 0]);
    }

    #[test]
    fn the_cheaper_of_two_pathways_is_taken() {
        let mut goal = node(0, 1.0, 0.0);
        goal.ways = vec![way(vec![stage(2, &[1, 2])]), way(vec![stage(1, &[3])])];
        let g = RouteGraph {
            nodes: vec![
                goal,
                node(1, 1.0, 10.0),
                node(2, 1.0, 10.0),
                node(3, 1.0, 30.0),
            ],
        };
        assert_eq!(solve(&g, &held(4, &[]), &usd()).earn, vec![1, 2, 0]);
        assert_eq!(solve(&g, &held(4, &[3]), &usd()).earn, vec![0]);
    }

    #[test]
    fn totals_of_a_program_are_not_paid_twice() {
        // The goal states totals (an aggregate cost) covering its three components.
        let mut goal = node(0, 360.0, 2970.0);
        goal.totals = true;
        goal.ways = vec![way(vec![stage(2, &[1, 2]), stage(1, &[3])])];
        let mut python = node(3, 90.0, 490.0);
        python.pre = vec![1, 2];
        let g = RouteGraph {
            nodes: vec![goal, node(1, 30.0, 154.0), node(2, 45.0, 214.0), python],
        };
        let r = solve(&g, &held(4, &[]), &usd());
        assert_eq!(r.earn, vec![1, 2, 3, 0]);
        assert_eq!(r.totals.hours, 360.0);
        assert_eq!(r.totals.cost, vec![("USD".into(), 2970.0)]);
        let r = solve(&g, &held(4, &[1]), &usd());
        assert_eq!(r.earn, vec![2, 3, 0]);
        assert_eq!(r.totals.hours, 330.0);
        assert_eq!(r.totals.cost, vec![("USD".into(), 2816.0)]);
    }

    #[test]
    fn currencies_are_never_added_together() {
        let mut goal = node(0, 1.0, 100.0);
        goal.pre = vec![1];
        let mut eur = node(1, 1.0, 80.0);
        eur.cost = Some(Money {
            currency: "EUR",
            amount: 80.0,
        });
        let mut unknown = node(2, 1.0, 0.0);
        unknown.cost = None;
        unknown.hours = None;
        goal.pre.push(2);
        let g = RouteGraph {
            nodes: vec![goal, eur, unknown],
        };
        let r = solve(&g, &held(3, &[]), &usd());
        assert_eq!(
            r.totals.cost,
            vec![("EUR".into(), 80.0), ("USD".into(), 100.0)]
        );
        assert_eq!((r.totals.cost_unknown, r.totals.hours_unknown), (1, 1));
    }

    #[test]
    fn a_huge_choice_stops_at_the_cap_and_says_so() {
        // Any 10 of 40: 847 million choices.
        let members: Vec<u32> = (1..=40).collect();
        let mut goal = node(0, 1.0, 0.0);
        goal.ways = vec![way(vec![stage(10, &members)])];
        let mut nodes = vec![goal];
        nodes.extend((1..=40).map(|i| node(i, 1.0, f64::from(i))));
        let g = RouteGraph { nodes };
        let r = solve(&g, &held(41, &[]), &usd());
        assert!(!r.exhaustive);
        assert_eq!(r.earn.len(), 11);
    }

    #[test]
    fn the_best_of_several_goals_is_the_cheapest_then_the_first() {
        let cheap = RouteGraph {
            nodes: vec![node(0, 10.0, 100.0)],
        };
        let dear = RouteGraph {
            nodes: vec![node(0, 1.0, 500.0)],
        };
        let solved = |g: &RouteGraph| solve(g, &[false], &usd());
        let routes = vec![(&dear, solved(&dear)), (&cheap, solved(&cheap))];
        assert_eq!(best_of(&routes, &usd()), Some(1));
        let routes = vec![(&cheap, solved(&cheap)), (&cheap, solved(&cheap))];
        assert_eq!(best_of(&routes, &usd()), Some(0));
        // Held: nothing left to earn beats everything.
        let routes = vec![
            (&cheap, solved(&cheap)),
            (&dear, solve(&dear, &[true], &usd())),
        ];
        assert_eq!(best_of(&routes, &usd()), Some(1));
        assert_eq!(best_of(&[], &usd()), None);
    }

    #[test]
    fn combinations_are_in_order() {
        let all = |items: &[u32], k| combinations(items, k).collect::<Vec<_>>();
        assert_eq!(all(&[1, 2, 3], 2), vec![vec![1, 2], vec![1, 3], vec![2, 3]]);
        assert_eq!(all(&[1], 0), vec![Vec::<u32>::new()]);
        assert!(all(&[1], 2).is_empty());
    }
}
