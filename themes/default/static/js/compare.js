// The compare page (compare/?c=a,b,c): up to three credentials side by side, from the
// compact compare/data/<slug>.json files written at build time (src/emit/explore.rs). The
// address is the state: adding or removing a credential rewrites it, so a comparison can be
// linked. Nothing leaves the browser.
(function () {
  'use strict';
  var root = document.getElementById('compare');
  if (!root || !window.fetch || !window.URLSearchParams) return;
  var max = Number(root.getAttribute('data-max')) || 3;
  var dataBase = root.getAttribute('data-data');
  var form = root.querySelector('.compare-form');
  var select = root.querySelector('#compare-add');
  var status = root.querySelector('.compare-status');
  var region = root.querySelector('.compare-table');
  var thead = region.querySelector('thead');
  var tbody = region.querySelector('tbody');
  var chosen = [];
  var cache = {};

  var SLUG = /^[a-z0-9][a-z0-9-]*$/;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }

  function load(slug) {
    if (!cache[slug]) {
      cache[slug] = fetch(dataBase + slug + '.json').then(function (r) {
        if (!r.ok) throw new Error(slug);
        return r.json();
      });
    }
    return cache[slug];
  }

  function remember() {
    var q = chosen.length ? '?c=' + chosen.join(',') : '';
    history.replaceState(null, '', window.location.pathname + q);
  }

  function list(items) {
    if (!items || !items.length) return el('span', { class: 'muted', text: 'not stated' });
    return el('ul', {}, items.map(function (s) { return el('li', { text: s }); }));
  }

  function text(v) { return v ? document.createTextNode(v) : el('span', { class: 'muted', text: 'not stated' }); }

  var ROWS = [
    ['Type', function (c) { return text(c.kind + (c.status !== 'Active' ? ' (' + c.status + ')' : '')); }],
    ['Hours', function (c) { return text(c.hours ? c.hours + ' hours' : null); }],
    ['Cost to earn', function (c) { return text(c.cost); }],
    ['Credit', function (c) { return text(c.credit); }],
    ['Level', function (c) { return text(c.levels.join(', ')); }],
    ['Assessment', function (c) {
      if (!c.assessment) return text(null);
      return el('div', {}, [el('p', { text: c.assessment.methods.join(', ') || 'Method not stated' }), c.assessment.mastery ? el('p', { class: 'muted', text: 'To pass: ' + c.assessment.mastery }) : null]);
    }],
    ['What a holder can do', function (c) { return list(c.skills); }],
    ['Outcomes', function (c) {
      var o = c.outcomes;
      if (!o) return text(null);
      var bits = [];
      if (o.pass_rate) bits.push('Pass rate ' + o.pass_rate);
      if (o.completion_rate) bits.push('Completion ' + o.completion_rate);
      if (o.employment_rate) bits.push('Employed ' + o.employment_rate);
      if (!bits.length) return text(null);
      bits.push('as of ' + o.as_of);
      return list(bits);
    }],
  ];

  function render(items) {
    thead.textContent = '';
    tbody.textContent = '';
    if (!items.length) {
      region.hidden = true;
      status.textContent = 'Nothing to compare yet: add up to ' + max + ' credentials.';
      return;
    }
    var head = el('tr', {}, [el('td', {})]);
    items.forEach(function (c) {
      var remove = el('button', { type: 'button', class: 'compare-remove', 'aria-label': 'Remove ' + c.name + ' from the comparison', text: 'Remove' });
      remove.addEventListener('click', function () {
        chosen = chosen.filter(function (s) { return s !== c.slug; });
        remember();
        refresh('Removed ' + c.name + '.');
      });
      head.appendChild(el('th', { scope: 'col' }, [el('a', { href: c.url, text: c.name }), el('br'), remove]));
    });
    thead.appendChild(head);
    ROWS.forEach(function (row) {
      var tr = el('tr', {}, [el('th', { scope: 'row', text: row[0] })]);
      items.forEach(function (c) { tr.appendChild(el('td', {}, [row[1](c)])); });
      tbody.appendChild(tr);
    });
    region.hidden = false;
  }

  function refresh(message) {
    Promise.all(chosen.map(function (s) {
      return load(s).catch(function () { return null; });
    })).then(function (items) {
      var missing = chosen.filter(function (s, i) { return !items[i]; });
      chosen = chosen.filter(function (s, i) { return items[i]; });
      remember();
      render(items.filter(Boolean));
      var full = chosen.length >= max;
      select.disabled = full;
      form.querySelector('button').disabled = full;
      var msg = message || '';
      if (missing.length) msg += ' No credential ' + missing.join(', ') + ' in this catalog.';
      if (full) msg += ' Three is the most side by side: remove one to add another.';
      status.textContent = msg.trim();
    });
  }

  fetch(root.getAttribute('data-index')).then(function (r) { return r.json(); }).then(function (index) {
    index.goals.forEach(function (g) {
      select.appendChild(el('option', { value: g[0], text: g[1] + ' (' + g[2] + ')' }));
    });
    var names = {};
    index.goals.forEach(function (g) { names[g[0]] = g[1]; });
    form.hidden = false;
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var s = select.value;
      if (!s || chosen.indexOf(s) >= 0 || chosen.length >= max) return;
      chosen.push(s);
      remember();
      select.value = '';
      refresh('Added ' + (names[s] || s) + '.');
    });
    var wanted = (new URLSearchParams(window.location.search).get('c') || '').split(',');
    wanted.forEach(function (s) {
      if (SLUG.test(s) && chosen.indexOf(s) < 0 && chosen.length < max) chosen.push(s);
    });
    refresh();
  });
})();
