// Client-side search and filters for the home page. The page lists every credential without
// JavaScript; this only hides cards that do not match. The search text comes from the
// generated search-index.json (skills, keywords, competencies, occupations).
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var list = document.getElementById("credential-list");
  if (!form || !list) return;
  var cards = Array.prototype.slice.call(list.querySelectorAll("li[data-slug]"));
  var count = document.getElementById("result-count");
  var none = document.getElementById("no-results");
  var text = {};

  function norm(s) {
    return (s || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  cards.forEach(function (c) { text[c.dataset.slug] = norm(c.textContent); });

  fetch(form.dataset.index, { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : []; })
    .then(function (entries) {
      entries.forEach(function (e) {
        text[e.slug] = norm([e.name, e.summary, e.kind, e.text, (e.industries || []).join(" ")].join(" "));
      });
      apply();
    })
    .catch(function () { /* the card text still searches */ });

  function has(list, value) { return (" " + (list || "") + " ").indexOf(" " + value + " ") !== -1; }

  function apply() {
    var q = norm(form.q.value).split(/\s+/).filter(Boolean);
    var family = form.family.value, level = form.level.value, industry = form.industry.value;
    var delivery = form.delivery.value, cost = form.cost.value;
    var shown = 0;
    cards.forEach(function (c) {
      var d = c.dataset, t = text[d.slug] || "";
      var ok = q.every(function (w) { return t.indexOf(w) !== -1; })
        && (!family || d.family === family)
        && (!level || has(d.level, level))
        && (!industry || has(d.industry, industry))
        && (!delivery || has(d.delivery, delivery))
        && (!cost || (d.cost !== "" && (cost === "free" ? Number(d.cost) === 0 : Number(d.cost) <= Number(cost))));
      c.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = shown === cards.length ? cards.length + " credentials" : shown + " of " + cards.length + " credentials";
    none.hidden = shown !== 0;
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
