// The "what next" planner (plan/). Reads plan/index.json and plan/goals/<slug>.json, written
// at build time by src/emit/explore.rs; sends nothing anywhere and stores nothing.
//
// `solve` mirrors `solve` in src/derive/routes.rs step for step (same search order, same
// key, same cap), which is the tested source of truth: the browser tests check that this
// script finds the route the build wrote as `base` for every goal, and the same routes as
// the Rust tests for held credentials.
(function () {
  'use strict';
  var root = document.getElementById('planner');
  if (!root || !window.fetch || !window.URLSearchParams) return;

  var MAX_ROUTES = 20000;
  // As derive::routes: the work allowed once a route is found, steps times nodes.
  var MAX_WORK = 4000000;

  function cents(x) { return Math.round(x * 100); }

  function clone(st) {
    return {
      earn: st.earn.slice(),
      used: st.used.slice(),
      counted: st.counted.map(function (a) { return a.slice(); }),
      after: st.after.map(function (a) { return a.slice(); }),
    };
  }

  // Lexicographic comparison of arrays of numbers or arrays (Rust's Vec / tuple order).
  function cmp(a, b) {
    if (Array.isArray(a)) {
      for (var i = 0; i < Math.min(a.length, b.length); i++) {
        var c = cmp(a[i], b[i]);
        if (c !== 0) return c;
      }
      return a.length - b.length;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function add(list, key, amount) {
    for (var i = 0; i < list.length; i++) {
      if (list[i][0] === key) { list[i][1] += amount; return; }
    }
    list.push([key, amount]);
    list.sort(function (x, y) { return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0; });
  }

  function emptyTotals() { return { hours: 0, hoursUnknown: 0, cost: [], costUnknown: 0, credit: [] }; }

  function addFigures(t, f) {
    if (f.h === null || f.h === undefined) t.hoursUnknown += 1; else t.hours += f.h;
    if (!f.c) t.costUnknown += 1; else add(t.cost, f.c[0], f.c[1]);
    if (f.cr) add(t.credit, f.cr[1], f.cr[0]);
  }

  function sum(values) { var s = 0; for (var i = 0; i < values.length; i++) s += values[i]; return s; }

  // A node's figures on a route: its own, less its counted components' when it states totals.
  function netFigures(g, n, counted) {
    var node = g.nodes[n];
    var own = { h: node.h, c: node.c, cr: node.cr };
    if (!node.t || counted.length === 0) return own;
    var parts = counted.map(function (m) { return g.nodes[m]; });
    var h = node.h === null ? null : Math.max(0, node.h - sum(parts.filter(function (p) { return p.h !== null; }).map(function (p) { return p.h; })));
    var c = node.c ? [node.c[0], Math.max(0, node.c[1] - sum(parts.filter(function (p) { return p.c && p.c[0] === node.c[0]; }).map(function (p) { return p.c[1]; })))] : null;
    var cr = node.cr ? [Math.max(0, node.cr[0] - sum(parts.filter(function (p) { return p.cr && p.cr[1] === node.cr[1]; }).map(function (p) { return p.cr[0]; }))), node.cr[1]] : null;
    return { h: h, c: c, cr: cr };
  }

  function totals(g, st, earn) {
    var sorted = earn.slice().sort(function (a, b) { return a - b; });
    var t = emptyTotals();
    sorted.forEach(function (n) { addFigures(t, netFigures(g, n, st.counted[n])); });
    return t;
  }

  function grossTotals(g, earn) {
    var t = emptyTotals();
    earn.forEach(function (n) { var x = g.nodes[n]; addFigures(t, { h: x.h, c: x.c, cr: x.cr }); });
    return t;
  }

  function rank(cost, currencies) {
    var v = currencies.map(function (c) {
      for (var i = 0; i < cost.length; i++) if (cost[i][0] === c) return cents(cost[i][1]);
      return 0;
    });
    cost.forEach(function (e) { if (currencies.indexOf(e[0]) < 0) v.push(cents(e[1])); });
    return v;
  }

  function keyOf(g, net, earn, currencies) {
    var gross = grossTotals(g, earn);
    return [rank(net.cost, currencies), cents(net.hours), earn.length, rank(gross.cost, currencies), cents(gross.hours), earn];
  }

  // Every way to pick k of items, lazily, in lexicographic order of positions.
  function combinations(items, k) {
    var idx = [], started = false, done = k > items.length;
    for (var i = 0; i < k; i++) idx.push(i);
    return function next() {
      if (done) return null;
      if (started) {
        var n = items.length, j = k - 1;
        while (j >= 0 && !(idx[j] < n - k + j)) j--;
        if (j < 0) { done = true; return null; }
        idx[j] += 1;
        for (var m = j + 1; m < k; m++) idx[m] = idx[m - 1] + 1;
      }
      started = true;
      return idx.map(function (p) { return items[p]; });
    };
  }

  function order(g, st) {
    var left = [];
    for (var n = 0; n < g.nodes.length; n++) if (st.earn[n]) left.push(n);
    var placed = g.nodes.map(function () { return false; });
    var out = [];
    while (left.length) {
      var ready = -1;
      for (var i = 0; i < left.length && ready < 0; i++) {
        var x = left[i];
        if (st.after[x].every(function (m) { return m === x || !st.earn[m] || placed[m]; })) ready = i;
      }
      var pick = left.splice(ready < 0 ? 0 : ready, 1)[0];
      placed[pick] = true;
      out.push(pick);
    }
    return out;
  }

  function solve(g, held, currencies) {
    var N = g.nodes.length;
    if (held[0]) return { earn: [], figures: [], uses: [], totals: emptyTotals(), exhaustive: true };
    var best = null, bestKey = null, routes = 0, cut = false, steps = 0;
    var maxSteps = Math.max(Math.floor(MAX_WORK / Math.max(N, 1)), 1000);
    // Counts a step; whether to stop (never before a route is found).
    function spent() {
      steps += 1;
      var over = routes >= MAX_ROUTES || (best !== null && steps > maxSteps);
      if (over) cut = true;
      return over;
    }

    function go(agenda, state) {
      if (spent()) return;
      agenda = agenda.slice();
      while (agenda.length) {
        var f = agenda[0];
        if (held[f] || state.earn[f]) { state.used[f] = true; agenda.shift(); } else break;
      }
      if (!agenda.length) {
        routes += 1;
        var earn = [];
        for (var i = 0; i < N; i++) if (state.earn[i]) earn.push(i);
        var key = keyOf(g, totals(g, state, earn), earn, currencies);
        if (bestKey === null || cmp(key, bestKey) < 0) { bestKey = key; best = clone(state); }
        return;
      }
      var n = agenda.shift();
      var node = g.nodes[n];
      var st = clone(state);
      st.earn[n] = true;
      st.used[n] = true;
      Array.prototype.push.apply(st.after[n], node.pre);
      var next = agenda.concat(node.pre);
      if (!node.ways.length) { go(next, st); return; }
      node.ways.forEach(function (way) { stages(n, way, 0, [], next.slice(), clone(st)); });
    }

    function stages(n, way, s, previous, agenda, state) {
      if (s >= way.st.length) { go(agenda, state); return; }
      var stage = way.st[s];
      var heldMembers = stage.m.filter(function (m) { return held[m]; });
      var open = stage.m.filter(function (m) { return !held[m]; });
      var fromHeld = heldMembers.slice(0, stage.k);
      var next = combinations(open, stage.k - fromHeld.length);
      for (var pick = next(); pick !== null; pick = next()) {
        if (spent()) return;
        var chosen = fromHeld.concat(pick);
        var st = clone(state);
        Array.prototype.push.apply(st.counted[n], chosen);
        Array.prototype.push.apply(st.after[n], chosen);
        chosen.forEach(function (m) { Array.prototype.push.apply(st.after[m], previous); });
        stages(n, way, s + 1, chosen, agenda.concat(chosen), st);
      }
    }

    var empty = function () { return g.nodes.map(function () { return []; }); };
    go([0], { earn: g.nodes.map(function () { return false; }), used: g.nodes.map(function () { return false; }), counted: empty(), after: empty() });
    var earnOrder = order(g, best);
    var earnSorted = [];
    for (var i = 0; i < N; i++) if (best.earn[i]) earnSorted.push(i);
    var uses = [];
    for (var j = 0; j < N; j++) if (best.used[j] && held[j]) uses.push(j);
    return {
      earn: earnOrder,
      figures: earnOrder.map(function (n) { return netFigures(g, n, best.counted[n]); }),
      uses: uses,
      totals: totals(g, best, earnSorted),
      exhaustive: !cut,
    };
  }

  // The currencies of some structures, most used first (each credential once), then by code.
  function currencyOrder(graphs) {
    var seen = {}, count = {};
    graphs.forEach(function (g) {
      g.nodes.forEach(function (n) {
        if (seen[n.s]) return;
        seen[n.s] = true;
        if (n.c) count[n.c[0]] = (count[n.c[0]] || 0) + 1;
      });
    });
    return Object.keys(count).sort(function (a, b) { return count[b] - count[a] || (a < b ? -1 : a > b ? 1 : 0); });
  }

  // The best of several goals' routes: smallest key without node numbers, then the first.
  function bestOf(solved, currencies) {
    var best = -1, bestKey = null;
    solved.forEach(function (x, i) {
      var earn = x.route.earn.slice().sort(function (a, b) { return a - b; });
      var key = keyOf(x.graph, x.route.totals, earn, currencies);
      key[5] = [];
      if (bestKey === null || cmp(key, bestKey) < 0) { bestKey = key; best = i; }
    });
    return best;
  }

  // ---- formatting, as src/emit/html.rs `money` and model `fmt_num` do ----
  function fmtNum(n) { return String(n); }
  function round2(x) { return Math.round(x * 100) / 100; }
  function money(amount, currency) {
    var sign = { USD: '$', CAD: '$', AUD: '$', NZD: '$', EUR: '€', GBP: '£' }[currency] || '';
    var n = amount % 1 === 0 ? amount.toFixed(0) : amount.toFixed(2);
    var parts = n.split('.');
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    n = parts.join('.');
    if (!sign) return n + ' ' + currency;
    if (currency === 'USD' || currency === 'EUR' || currency === 'GBP') return sign + n;
    return sign + n + ' ' + currency;
  }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }

  // ---- the page ----
  var form = root.querySelector('.plan-form');
  var select = root.querySelector('#plan-goal');
  var heldBox = root.querySelector('.plan-held');
  var heldList = root.querySelector('.plan-held-list');
  var result = root.querySelector('.plan-result');
  var resultBody = root.querySelector('.plan-result-body');
  var mapBox = root.querySelector('.plan-map');
  var mapBody = root.querySelector('.plan-map-body');
  var goalsBase = root.getAttribute('data-goals');
  var index = null;
  var cache = {};
  var held = {};
  var current = null;

  function loadGoal(slug) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) return Promise.reject(new Error('bad goal'));
    if (!cache[slug]) {
      cache[slug] = fetch(goalsBase + slug + '.json').then(function (r) {
        if (!r.ok) throw new Error('no such goal');
        return r.json();
      }).then(function (g) {
        // A goal file leaves out what can be told from the rest (credcat's goal_json):
        // each credential's address is the prefix `cu` and its slug; empty, zero and null
        // members are absent.
        g.nodes.forEach(function (n) {
          n.u = g.cu + n.s + '/';
          n.c = n.c || null;
          n.cr = n.cr || null;
          n.t = n.t || 0;
          n.ways = n.ways || [];
        });
        return g;
      });
    }
    return cache[slug];
  }

  // The plan lives in the address's fragment (#goal=…&held=…), which a browser never sends
  // to the server: a reload or a shared link keeps what a learner holds off every log. A
  // query (?goal=…, as credential and occupation pages link) is read too.
  function params() {
    var p = new URLSearchParams(window.location.search);
    new URLSearchParams(window.location.hash.slice(1)).forEach(function (v, k) { p.set(k, v); });
    if (p.get('goal')) p.delete('occupation');
    return p;
  }

  function remember() {
    var p = new URLSearchParams();
    var v = select.value;
    if (v.indexOf('c:') === 0) p.set('goal', v.slice(2));
    if (v.indexOf('o:') === 0) p.set('occupation', v.slice(2));
    var h = Object.keys(held).filter(function (k) { return held[k]; }).sort();
    if (h.length) p.set('held', h.join(','));
    var q = p.toString();
    history.replaceState(null, '', window.location.pathname + (q ? '#' + q : ''));
  }

  function buildSelect() {
    var creds = el('optgroup', { label: 'Credentials' });
    index.goals.forEach(function (g) {
      creds.appendChild(el('option', { value: 'c:' + g[0], text: g[1] + ' (' + g[2] + ')' }));
    });
    var jobs = el('optgroup', { label: 'Occupations' });
    index.occupations.slice().sort(function (a, b) { return a[2].localeCompare(b[2]); }).forEach(function (o) {
      jobs.appendChild(el('option', { value: 'o:' + o[0], text: o[2] + ' (O*NET-SOC ' + o[1] + ')' }));
    });
    select.appendChild(creds);
    select.appendChild(jobs);
  }

  function buildHeld(graphs) {
    heldList.textContent = '';
    var seen = {}, items = [];
    graphs.forEach(function (g) { g.nodes.forEach(function (n) { if (!seen[n.s]) { seen[n.s] = true; items.push(n); } }); });
    items.sort(function (a, b) { return a.n.localeCompare(b.n); });
    items.forEach(function (n) {
      var id = 'held-' + n.s;
      var box = el('input', { type: 'checkbox', id: id, value: n.s });
      box.checked = !!held[n.s];
      box.addEventListener('change', function () { held[n.s] = box.checked; remember(); compute(); });
      heldList.appendChild(el('div', { class: 'check' }, [box, el('label', { for: id, text: n.n + ' (' + n.k + ')' })]));
    });
    heldBox.hidden = items.length === 0;
  }

  function heldFor(g) { return g.nodes.map(function (n) { return !!held[n.s]; }); }

  var drawn = 0;
  function showRoute(goalGraph, route, label) {
    resultBody.textContent = '';
    var goal = goalGraph.nodes[0];
    var intro = el('p', { class: 'plan-summary' });
    if (!route.earn.length) {
      intro.appendChild(document.createTextNode('You already hold '));
      intro.appendChild(el('a', { href: goal.u, text: goal.n }));
      intro.appendChild(document.createTextNode(label ? ', which prepares for ' + label + '. Nothing is left to earn.' : '. Nothing is left to earn.'));
      resultBody.appendChild(intro);
    } else {
      intro.appendChild(document.createTextNode((label ? 'For ' + label + ', the shortest route leads to ' : 'To reach ') ));
      intro.appendChild(el('a', { href: goal.u, text: goal.n }));
      intro.appendChild(document.createTextNode(': ' + route.earn.length + ' credential' + (route.earn.length === 1 ? '' : 's') + ' left to earn, in this order.' + (route.exhaustive ? '' : ' (Too many choices to compare them all: this is the best one found.)')));
      resultBody.appendChild(intro);
      var ol = el('ol', { class: 'route-steps plan-steps' });
      route.earn.forEach(function (n, i) {
        var node = goalGraph.nodes[n], f = route.figures[i];
        var bits = [];
        if (f.h !== null && f.h !== undefined) bits.push(fmtNum(round2(f.h)) + ' h');
        if (f.c) bits.push(money(round2(f.c[1]), f.c[0]));
        if (f.cr) bits.push(fmtNum(round2(f.cr[0])) + ' ' + (goalGraph.units[f.cr[1]] || f.cr[1]));
        var net = node.t && (f.h !== node.h || (f.c && node.c && f.c[1] !== node.c[1]));
        ol.appendChild(el('li', { 'data-slug': node.s }, [el('a', { href: node.u, text: node.n }), ' ', el('span', { class: 'muted', text: node.k + (bits.length ? ' · ' + bits.join(' · ') : '') + (net ? ' (the rest of its stated total)' : '') })]));
      });
      resultBody.appendChild(ol);
      var t = route.totals;
      var dl = el('dl', { class: 'facts facts-small route-totals plan-totals' });
      var cost = t.cost.map(function (e) { return money(round2(e[1]), e[0]); }).join(' + ') || 'not stated';
      if (t.cost.length && t.costUnknown) cost += ' + ' + t.costUnknown + ' not stated';
      var hours = fmtNum(round2(t.hours)) + (t.hoursUnknown ? ' + ' + t.hoursUnknown + ' not stated' : '');
      dl.appendChild(el('div', {}, [el('dt', { text: 'Hours left' }), el('dd', { 'data-total': 'hours', text: hours })]));
      dl.appendChild(el('div', {}, [el('dt', { text: 'Cost left' }), el('dd', { 'data-total': 'cost', text: cost })]));
      if (t.credit.length) {
        dl.appendChild(el('div', {}, [el('dt', { text: 'Credit earned' }), el('dd', { 'data-total': 'credit', text: t.credit.map(function (e) { return fmtNum(round2(e[1])) + ' ' + (goalGraph.units[e[0]] || e[0]); }).join(' + ') })]));
      }
      resultBody.appendChild(dl);
    }
    if (route.uses.length) {
      resultBody.appendChild(el('p', { class: 'muted', text: 'Counted from what you hold: ' + route.uses.map(function (n) { return goalGraph.nodes[n].n; }).join(', ') + '.' }));
    }
    result.hidden = false;
    // The route on the stack map, read from the stack's own page: boxes found by their links.
    mapBody.textContent = '';
    mapBox.hidden = true;
    if (!goalGraph.map) return;
    var token = ++drawn;
    var marks = {};
    route.earn.forEach(function (n) { marks[goalGraph.nodes[n].u] = 'earn'; });
    goalGraph.nodes.forEach(function (n) { if (held[n.s]) marks[n.u] = 'held'; });
    loadMap(goalGraph.map).then(function (drawing) {
      if (!drawing || token !== drawn) return;
      mapBody.textContent = '';
      mapBody.appendChild(drawing);
      mapBody.querySelectorAll('a[href]').forEach(function (a) {
        var state = marks[a.getAttribute('href')];
        if (!state) return;
        a.classList.add('plan-' + state);
        var box = a.querySelector('.cm-box');
        if (!box) return;
        var t = document.createElementNS('http://www.w3.org/2000/svg', 'text');
        t.setAttribute('x', String(Number(box.getAttribute('x')) + Number(box.getAttribute('width')) - 6));
        t.setAttribute('y', String(Number(box.getAttribute('y')) - 4));
        t.setAttribute('text-anchor', 'end');
        t.setAttribute('class', 'plan-mark');
        t.textContent = state === 'earn' ? 'to earn' : 'held';
        a.appendChild(t);
      });
      mapBox.hidden = false;
    });
  }

  // A fresh copy of the drawing on a stack's map page (a same-site static page).
  var maps = {};
  function loadMap(url) {
    if (!maps[url]) {
      maps[url] = fetch(url).then(function (r) { return r.ok ? r.text() : ''; }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        return doc.querySelector('.stack-map');
      }).catch(function () { return null; });
    }
    return maps[url].then(function (el) { return el ? document.importNode(el, true) : null; });
  }

  function compute() {
    var v = select.value;
    current = v;
    if (!v) { result.hidden = true; mapBox.hidden = true; heldBox.hidden = true; return; }
    var slugs, label = null;
    if (v.indexOf('c:') === 0) {
      slugs = [v.slice(2)];
    } else {
      var o = index.occupations.filter(function (x) { return 'o:' + x[0] === v; })[0];
      if (!o) return;
      slugs = o[3];
      label = o[2];
    }
    Promise.all(slugs.map(loadGoal)).then(function (graphs) {
      if (current !== v) return;
      if (!heldList.childNodes.length || heldList.getAttribute('data-for') !== v) {
        buildHeld(graphs);
        heldList.setAttribute('data-for', v);
      }
      var currencies = graphs.length === 1 ? graphs[0].currencies : currencyOrder(graphs);
      var solved = graphs.map(function (g) { return { graph: g, route: solve(g, heldFor(g), currencies) }; });
      var i = bestOf(solved, currencies);
      showRoute(solved[i].graph, solved[i].route, label);
    }).catch(function () {
      resultBody.textContent = 'This goal could not be loaded.';
      result.hidden = false;
    });
  }

  // For the tests: the solver on a goal's data, without the page.
  window.credcatPlanner = { solve: solve, loadGoal: loadGoal, currencyOrder: currencyOrder, bestOf: bestOf };

  fetch(root.getAttribute('data-index')).then(function (r) { return r.json(); }).then(function (data) {
    index = data;
    buildSelect();
    form.hidden = false;
    var p = params();
    (p.get('held') || '').split(',').filter(Boolean).forEach(function (s) { held[s] = true; });
    if (p.get('goal')) select.value = 'c:' + p.get('goal');
    else if (p.get('occupation')) select.value = 'o:' + p.get('occupation');
    if (select.selectedIndex < 0) select.value = '';
    select.addEventListener('change', function () { heldList.removeAttribute('data-for'); remember(); compute(); });
    compute();
  });
})();
