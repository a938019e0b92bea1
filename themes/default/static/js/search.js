// Search and filters for the home page, over the chunked index in search/ (Pagefind's
// pagefind.js API; see src/emit/search.rs). Without JavaScript the page lists the
// credentials (the first page of them, with links to the rest).
//
// Nothing is fetched until a visitor uses the form (or opens a link with a search in it);
// then pagefind.js loads the small meta index and, per search, only the word-index chunks,
// filter chunks and result fragments that search needs.
//
// - Codes: a typed word with digits and `-` or `.` (`15-2051`, `30.7101`, a CTID) is
//   squashed to its letters and digits, the form the index holds codes in
//   (src/derive/search.rs, `squash`), so it matches that code and, by prefix, its children.
//   It is first looked up in search/codes/ (one chunk, by its first four characters): a
//   code no credential carries finds nothing, rather than whatever shorter word the index
//   falls back to.
// - Typos: when a search finds nothing, each word the catalog's vocabulary lacks is replaced
//   by its nearest vocabulary word (edit distance 1, or 2 for words of 6+ letters), read from
//   search/terms/<first letter>.json, and the search runs again, saying so.
// - When every credential is on this page, a search shows the matching cards of the page in
//   result order and hides the others. When the list is paginated, it shows result cards
//   in place of the page's list, PAGE_SIZE at a time.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var list = document.getElementById("credential-list");
  if (!form || !list) return;
  var paginated = Number(form.dataset.pages || "1") > 1;
  var total = Number(form.dataset.total || "0");
  var bundle = form.dataset.search;
  var results = document.getElementById("search-results");
  var pages = document.getElementById("credential-pages");
  var count = document.getElementById("result-count");
  var none = document.getElementById("no-results");
  var note = document.getElementById("search-note");
  var moreWrap = document.getElementById("more-results-wrap");
  var more = document.getElementById("more-results");
  var cards = Array.prototype.slice.call(list.querySelectorAll("li[data-slug]"));
  var initialCount = count.textContent;
  var FILTERS = ["family", "level", "industry", "delivery", "cost", "occupation"];
  var PAGE_SIZE = 20;
  var pagefind = null;
  var terms = {};
  var latest = 0;
  var shown = [];
  var shownCount = 0;

  function norm(s) {
    return (s || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  function isCode(word) {
    return /\d/.test(word) && /[-.]/.test(word);
  }

  // Must agree with `squash` in src/derive/search.rs.
  function squash(word) {
    return isCode(word) ? word.replace(/[^a-z0-9]/g, "") : word;
  }

  var codeKeys = null;
  var codeChunks = {};

  function getJson(file, empty) {
    return fetch(bundle + file, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : empty; })
      .catch(function () { return empty; });
  }

  // Whether some credential carries a code that starts with this squashed code, from the
  // one chunk of its first four characters (`CODE_KEY` in src/derive/search.rs). A code
  // typed so far shorter than that is not checked: its chunks could be every CTID's.
  function codeKnown(code) {
    if (code.length < 4) return Promise.resolve(true);
    var key = code.slice(0, 4);
    if (!codeKeys) codeKeys = getJson("codes/keys.json", []);
    return codeKeys.then(function (keys) {
      if (keys.indexOf(key) === -1) return [];
      if (!codeChunks[key]) codeChunks[key] = getJson("codes/" + encodeURIComponent(key) + ".json", []);
      return codeChunks[key];
    }).then(function (list) {
      return list.some(function (c) { return c.lastIndexOf(code, 0) === 0; });
    });
  }

  function load() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (pf) {
        return pf.options({ basePath: bundle, excerptLength: 0 }).then(function () { return pf; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  function wanted() {
    var filters = {};
    FILTERS.forEach(function (k) {
      if (form.elements[k] && form.elements[k].value) filters[k] = form.elements[k].value;
    });
    var typed = norm(form.q.value).split(/\s+/).filter(Boolean);
    var codes = typed.filter(isCode).map(squash).filter(Boolean);
    var words = typed.map(squash).filter(Boolean);
    return { words: words, codes: codes, filters: filters, sort: form.sort ? form.sort.value : "" };
  }

  // A sort alone is a search too: every credential, in that order.
  function active(w) {
    return w.words.length > 0 || Object.keys(w.filters).length > 0 || w.sort !== "";
  }

  function sortOf(w) {
    if (w.sort) return { [w.sort]: "asc" };
    // Filters alone have no relevance: list them by name, like the page does.
    return w.words.length ? {} : { name: "asc" };
  }

  // --- typo correction --------------------------------------------------------------

  function termsFor(letter) {
    var key = /[a-z]/.test(letter) ? letter : "_";
    if (!terms[key]) terms[key] = getJson("terms/" + key + ".json", {});
    return terms[key];
  }

  // Optimal string alignment distance (a swap of neighbours counts one), given up past max.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d = Math.min(d, prev2[j - 2] + 1);
        }
        cur[j] = d;
        if (d < best) best = d;
      }
      if (best > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  // The nearest vocabulary word to a word the vocabulary lacks; the word itself when it is
  // known (as a word or the start of one), too short, or has no near neighbour.
  function correct(word) {
    if (word.length < 4 || !/^[a-z]+$/.test(word)) return Promise.resolve(word);
    return termsFor(word[0]).then(function (vocab) {
      var max = word.length >= 6 ? 2 : 1;
      var best = word, bestD = max + 1, bestN = 0;
      for (var t in vocab) {
        if (t.lastIndexOf(word, 0) === 0) return word;
        var d = distance(word, t, max);
        if (d < bestD || (d === bestD && d <= max && vocab[t] > bestN)) {
          best = t; bestD = d; bestN = vocab[t];
        }
      }
      return bestD <= max ? best : word;
    });
  }

  // --- results ------------------------------------------------------------------------

  // A result card, built with DOM calls only: index text never becomes markup.
  function resultCard(r) {
    var m = r.meta || {};
    var family = /^[a-z]+$/.test(m.family || "") ? m.family : "other";
    var li = document.createElement("li");
    li.className = "card card-" + family;
    if (m.image) {
      var img = document.createElement("img");
      img.className = "card-img";
      img.src = m.image;
      img.alt = "";
      img.width = 56;
      img.height = 56;
      li.appendChild(img);
    }
    var body = document.createElement("div");
    body.className = "card-body";
    var h = document.createElement("h3");
    var a = document.createElement("a");
    a.href = r.url;
    a.textContent = m.title || r.url;
    h.appendChild(a);
    var meta = document.createElement("p");
    meta.className = "card-meta";
    function tag(cls, text) {
      var t = document.createElement("span");
      t.className = cls;
      t.textContent = text;
      meta.appendChild(t);
      meta.appendChild(document.createTextNode(" "));
    }
    tag("tag tag-" + family, m.kind || "");
    if (m.status) tag("tag tag-status", m.status);
    (m.levels ? m.levels.split(", ") : []).forEach(function (l) { tag("tag", l); });
    var summary = document.createElement("p");
    summary.textContent = m.summary || "";
    body.appendChild(h);
    body.appendChild(meta);
    body.appendChild(summary);
    if (m.facts) {
      var facts = document.createElement("p");
      facts.className = "card-facts";
      facts.textContent = m.facts;
      body.appendChild(facts);
    }
    li.appendChild(body);
    return li;
  }

  function cardUrl(c) {
    var a = c.querySelector("h3 a");
    return a ? a.getAttribute("href") : "";
  }

  function reset() {
    list.hidden = false;
    if (pages) pages.hidden = false;
    results.hidden = true;
    results.textContent = "";
    moreWrap.hidden = true;
    note.hidden = true;
    none.hidden = true;
    cards.forEach(function (c) { c.hidden = false; list.appendChild(c); });
    count.textContent = initialCount;
  }

  // Shows the next PAGE_SIZE results as cards (a paginated list).
  function showMore(seq) {
    var next = shown.slice(shownCount, shownCount + PAGE_SIZE);
    shownCount += next.length;
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (data) {
      if (seq !== latest) return;
      data.forEach(function (d) { results.appendChild(resultCard(d)); });
      moreWrap.hidden = shownCount >= shown.length;
    });
  }

  // Shows this page's cards of every result, in result order (an unpaginated list).
  function showCards(seq) {
    return Promise.all(shown.map(function (r) { return r.data(); })).then(function (data) {
      if (seq !== latest) return;
      var byUrl = {};
      cards.forEach(function (c) { byUrl[cardUrl(c)] = c; c.hidden = true; });
      data.forEach(function (d) {
        var c = byUrl[d.url];
        if (c) { c.hidden = false; list.appendChild(c); }
      });
    });
  }

  function render(seq, found, w, corrected) {
    shown = found.results;
    shownCount = 0;
    results.textContent = "";
    var n = shown.length;
    count.textContent = n + " of " + total + " credentials";
    none.hidden = n !== 0;
    if (corrected) {
      note.textContent = "No credential matches \u201c" + w.words.join(" ") + "\u201d; showing results for \u201c" + corrected + "\u201d.";
    }
    note.hidden = !corrected;
    if (paginated) {
      list.hidden = true;
      if (pages) pages.hidden = true;
      results.hidden = false;
      return showMore(seq);
    }
    return showCards(seq);
  }

  function run(pf, words, w) {
    return pf.search(words.length ? words.join(" ") : null, { filters: w.filters, sort: sortOf(w) });
  }

  function apply(seq) {
    if (seq !== latest) return Promise.resolve();
    var w = wanted();
    share();
    if (!active(w)) {
      reset();
      form.dataset.state = "done";
      return Promise.resolve();
    }
    return Promise.all([load()].concat(w.codes.map(codeKnown))).then(function (loaded) {
      var pf = loaded[0];
      if (loaded.slice(1).indexOf(false) !== -1) {
        return seq === latest ? render(seq, { results: [] }, w, null) : null;
      }
      return run(pf, w.words, w).then(function (found) {
        if (seq !== latest || !found) return null;
        if (found.results.length || !w.words.length) return render(seq, found, w, null);
        return Promise.all(w.words.map(correct)).then(function (fixed) {
          if (seq !== latest) return null;
          if (fixed.join(" ") === w.words.join(" ")) return render(seq, found, w, null);
          return run(pf, fixed, w).then(function (again) {
            if (seq !== latest || !again) return null;
            return render(seq, again, w, again.results.length ? fixed.join(" ") : null);
          });
        });
      });
    }).catch(function (e) {
      if (seq !== latest) return;
      count.textContent = "Search could not load (" + (e && e.message ? e.message : e) + "); every credential is listed below.";
      reset();
    }).then(function () {
      if (seq === latest) form.dataset.state = "done";
    });
  }

  // Keeps the filtered view in the address, so it can be shared.
  function share() {
    var params = new URLSearchParams(new FormData(form));
    Array.from(params.keys()).forEach(function (k) { if (!params.get(k)) params.delete(k); });
    history.replaceState(null, "", params.toString() ? "?" + params : location.pathname);
  }

  // Typing waits for a pause (TYPING_MS) before it searches; a select searches at once.
  var TYPING_MS = 120;
  var typing = null;
  function changed(e) {
    // A newer change makes every search in flight stale.
    var seq = ++latest;
    form.dataset.state = "searching";
    clearTimeout(typing);
    if (e && e.target === form.q && e.type === "input") {
      typing = setTimeout(function () { apply(seq); }, TYPING_MS);
    } else {
      apply(seq);
    }
  }

  // Restore filters from the URL so a filtered view can be shared.
  new URLSearchParams(location.search).forEach(function (v, k) {
    if (form.elements[k]) form.elements[k].value = v;
  });
  form.addEventListener("input", changed);
  form.addEventListener("submit", function (e) { e.preventDefault(); changed(); });
  form.addEventListener("focusin", function () { load(); }, { once: true });
  more.addEventListener("click", function () { showMore(latest); });
  if (active(wanted())) changed();
  else form.dataset.state = "done";
})();
