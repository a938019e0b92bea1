// Client-side search and filters for the home page. Without JavaScript the page lists the
// credentials (the first page of them, with links to the rest). The search text comes from
// the generated search-index.json (skills, keywords, competencies, occupations).
//
// When every credential is on this page, filtering hides the cards that do not match. When
// the list is paginated, a search or filter looks through the whole index instead and shows
// the matches as result cards in place of the page's list.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var list = document.getElementById("credential-list");
  if (!form || !list) return;
  var paginated = Number(form.dataset.pages || "1") > 1;
  var results = document.getElementById("search-results");
  var pages = document.getElementById("credential-pages");
  var cards = Array.prototype.slice.call(list.querySelectorAll("li[data-slug]"));
  var count = document.getElementById("result-count");
  var none = document.getElementById("no-results");
  var initialCount = count.textContent;
  var text = {};
  var entries = null;
  var MAX_RESULTS = 500;

  function norm(s) {
    return (s || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  cards.forEach(function (c) { text[c.dataset.slug] = norm(c.textContent); });

  fetch(form.dataset.index, { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : []; })
    .then(function (list) {
      entries = list;
      entries.forEach(function (e) {
        text[e.slug] = norm([e.name, e.summary, e.kind, e.text, (e.industries || []).join(" ")].join(" "));
      });
      apply();
    })
    .catch(function () { /* the card text still searches */ });

  function has(list, value) { return (" " + (list || "") + " ").indexOf(" " + value + " ") !== -1; }

  function wanted() {
    var industry = form.industry;
    return {
      words: norm(form.q.value).split(/\s+/).filter(Boolean),
      family: form.family.value,
      level: form.level.value,
      industry: industry.value,
      industryLabel: industry.value ? industry.options[industry.selectedIndex].text : "",
      delivery: form.delivery.value,
      cost: form.cost.value
    };
  }

  function active(w) {
    return w.words.length || w.family || w.level || w.industry || w.delivery || w.cost;
  }

  function costOk(cost, limit) {
    if (!limit) return true;
    if (cost === "" || cost === null || cost === undefined) return false;
    return limit === "free" ? Number(cost) === 0 : Number(cost) <= Number(limit);
  }

  function cardMatches(c, w) {
    var d = c.dataset, t = text[d.slug] || "";
    return w.words.every(function (x) { return t.indexOf(x) !== -1; })
      && (!w.family || d.family === w.family)
      && (!w.level || has(d.level, w.level))
      && (!w.industry || has(d.industry, w.industry))
      && (!w.delivery || has(d.delivery, w.delivery))
      && costOk(d.cost, w.cost);
  }

  function entryMatches(e, w) {
    var t = text[e.slug] || "";
    return w.words.every(function (x) { return t.indexOf(x) !== -1; })
      && (!w.family || e.family === w.family)
      && (!w.level || (e.levels || []).indexOf(w.level) !== -1)
      && (!w.industry || (e.industries || []).indexOf(w.industryLabel) !== -1)
      && (!w.delivery || (e.delivery || []).indexOf(w.delivery) !== -1)
      && costOk(e.cost, w.cost);
  }

  // A result card, built with DOM calls only: index text never becomes markup.
  function resultCard(e) {
    var li = document.createElement("li");
    li.className = "card card-" + e.family;
    var body = document.createElement("div");
    body.className = "card-body";
    var h = document.createElement("h3");
    var a = document.createElement("a");
    a.href = form.dataset.base + "credentials/" + encodeURIComponent(e.slug) + "/";
    a.textContent = e.name;
    h.appendChild(a);
    var meta = document.createElement("p");
    meta.className = "card-meta";
    var tag = document.createElement("span");
    tag.className = "tag tag-" + e.family;
    tag.textContent = e.kind;
    meta.appendChild(tag);
    var summary = document.createElement("p");
    summary.textContent = e.summary;
    body.appendChild(h);
    body.appendChild(meta);
    body.appendChild(summary);
    li.appendChild(body);
    return li;
  }

  function filterCards(w) {
    var shown = 0;
    cards.forEach(function (c) {
      var ok = cardMatches(c, w);
      c.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown === cards.length ? cards.length + " credentials" : shown + " of " + cards.length + " credentials";
    none.hidden = shown !== 0;
  }

  function searchIndex(w) {
    var on = active(w) && entries !== null;
    list.hidden = on;
    if (pages) pages.hidden = on;
    results.hidden = !on;
    results.textContent = "";
    if (!on) {
      count.textContent = initialCount;
      none.hidden = true;
      return;
    }
    var matches = entries.filter(function (e) { return entryMatches(e, w); });
    matches.sort(function (a, b) { return a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0; });
    matches.slice(0, MAX_RESULTS).forEach(function (e) { results.appendChild(resultCard(e)); });
    count.textContent = matches.length + " of " + entries.length + " credentials"
      + (matches.length > MAX_RESULTS ? " (the first " + MAX_RESULTS + " shown: add words or filters to narrow them)" : "");
    none.hidden = matches.length !== 0;
  }

  function apply() {
    var w = wanted();
    if (paginated) searchIndex(w); else filterCards(w);
    var params = new URLSearchParams(new FormData(form));
    Array.from(params.keys()).forEach(function (k) { if (!params.get(k)) params.delete(k); });
    history.replaceState(null, "", params.toString() ? "?" + params : location.pathname);
  }

  // Restore filters from the URL so a filtered view can be shared.
  new URLSearchParams(location.search).forEach(function (v, k) {
    if (form.elements[k]) form.elements[k].value = v;
  });
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  apply();
})();
