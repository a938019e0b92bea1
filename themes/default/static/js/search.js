// Search and filters for the home page, over the sharded index in search/ (its formats are
// described in src/emit/search.rs; this script is their only reader). Without JavaScript the
// page lists the credentials (the first page of them, with links to the rest).
//
// Nothing is fetched until a visitor uses the form (or opens a link with a search in it);
// then the manifest (search/index.json: a few KB at any catalog size), and per search only
// the files it needs: the word shards of the typed words, one file per chosen filter value,
// the cost order when sorting by cost, and the result cards shown.
//
// - Credentials are numbered in name order, so name order is number order.
// - Words: a typed word finds the credentials with a word starting with it (a word of one
//   character, only that word); several words must all be found. Results rank by how many
//   of the typed words are in the name, then by name.
// - Codes: a typed word with digits and `-` or `.` (`15-2051`, `30.7101`, a CTID) is
//   squashed to its letters and digits, the form the index holds codes in
//   (src/derive/search.rs, `squash`), so it finds that code and, by prefix, its children.
// - Typos: when nothing is found and a typed word starts no word of the index, it is
//   replaced by the vocabulary word one edit away (two for words of 6+ letters) that the
//   most credentials use, from the vocabulary shards of its first two and its last two
//   letters (so a mistyped first letter is corrected too; see `correct`), and the search
//   runs again, saying so.
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
  // `FILTERS` in src/emit/search.rs.
  var FILTERS = ["family", "level", "industry", "delivery", "cost", "occupation"];
  var PAGE_SIZE = 20;
  // `MAX_WORD` and `MIN_TERM` in src/derive/search.rs.
  var MAX_WORD = 64;
  var MIN_TERM = 4;
  var files = {};
  var latest = 0;
  var shown = [];
  var shownCount = 0;
  var manifest = null;

  // --- files ---------------------------------------------------------------------------

  // A file of the index, fetched once: parsed JSON, bytes ("bin"), or null when there is no
  // such file (a filter value or shard no credential has). Any other failure is an error.
  function get(file, kind) {
    if (!files[file]) {
      files[file] = fetch(bundle + file, { credentials: "same-origin" }).then(function (r) {
        if (r.status === 404) return null;
        if (!r.ok) throw new Error(file + ": HTTP " + r.status);
        return kind === "bin" ? r.arrayBuffer().then(function (b) { return new Uint8Array(b); }) : r.json();
      });
      files[file].catch(function () { delete files[file]; });
    }
    return files[file];
  }

  function load() {
    if (!manifest) {
      manifest = get("index.json", "json").then(function (m) {
        if (!m || !Array.isArray(m.words)) throw new Error("search/index.json is missing");
        return m;
      });
      manifest.catch(function () { manifest = null; });
    }
    return manifest;
  }

  // `file_name` in src/emit/search.rs: a key or a filter value as a file name.
  function fileName(value) {
    var out = "";
    Array.from(value).forEach(function (ch) {
      out += /^[a-z0-9_-]$/.test(ch) ? ch : "~" + ch.codePointAt(0).toString(16) + "~";
    });
    if (out.length > 100) out = out.slice(0, 80) + "~" + ("0000000" + fnv1a(value).toString(16)).slice(-8);
    return out;
  }

  function fnv1a(text) {
    var bytes = new TextEncoder().encode(text);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h;
  }

  // Unsigned LEB128 numbers, one after another (`varint` in src/emit/search.rs).
  function Reader(bytes) { this.bytes = bytes; this.at = 0; }
  Reader.prototype.next = function () {
    var n = 0, scale = 1, b;
    do {
      if (this.at >= this.bytes.length) throw new Error("search index: a file ends early");
      b = this.bytes[this.at++];
      n += (b & 0x7f) * scale;
      scale *= 128;
    } while (b & 0x80);
    return n;
  };

  // A filter value's credentials as a mask by number (`id_set`: a list of gaps or a bitset).
  function idSet(bytes, n) {
    var mask = new Uint8Array(n);
    if (!bytes || !bytes.length) return mask;
    if (bytes[0] === 1) {
      for (var i = 0; i < n; i++) mask[i] = (bytes[1 + (i >> 3)] >> (i & 7)) & 1;
      return mask;
    }
    var r = new Reader(bytes);
    r.at = 1;
    for (var k = r.next(), id = 0; k > 0; k--) {
      id += r.next();
      if (id < n) mask[id] = 1;
    }
    return mask;
  }

  // --- words -----------------------------------------------------------------------------

  function norm(s) {
    return (s || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  function isCode(word) {
    return /\d/.test(word) && /[-.]/.test(word);
  }

  // The words of a typed search, as the index holds them: a code squashed to its letters and
  // digits (`squash` in src/derive/search.rs), anything else split like `tokens` there.
  function words(text) {
    var out = [];
    norm(text).split(/\s+/).forEach(function (part) {
      var found = isCode(part) ? [part.replace(/[^a-z0-9]/g, "")] : part.split(/[^\p{Alphabetic}\p{N}]+/u);
      found.forEach(function (w) {
        w = Array.from(w).slice(0, MAX_WORD).join("");
        if (w && out.indexOf(w) === -1) out.push(w);
      });
    });
    return out;
  }

  // Which credentials have a word starting with `word` (only `word` itself when it is one
  // character): a tier per credential number, 2 for a word of its name, 1 for one found
  // elsewhere, 0 for none; and whether the index has any such word.
  function lookup(m, word) {
    var exact = Array.from(word).length === 1;
    var keys = m.words.filter(function (k) {
      return exact ? k === word + "_" : k.lastIndexOf(word, 0) === 0 || word.lastIndexOf(k, 0) === 0;
    });
    return Promise.all(keys.map(function (k) { return get("w/" + fileName(k) + ".bin", "bin"); })).then(function (shards) {
      var tiers = new Uint8Array(m.count);
      var known = false;
      var text = new TextDecoder();
      shards.forEach(function (bytes) {
        if (!bytes) return;
        var r = new Reader(bytes);
        for (var n = r.next(); n > 0; n--) {
          var len = r.next();
          var w = text.decode(bytes.subarray(r.at, r.at + len));
          r.at += len;
          var match = exact ? w === word : w.lastIndexOf(word, 0) === 0;
          known = known || match;
          for (var k = r.next(), id = 0; k > 0; k--) {
            var v = r.next();
            id += Math.floor(v / 2);
            var tier = v % 2 ? 2 : 1;
            if (match && tier > tiers[id]) tiers[id] = tier;
          }
        }
      });
      return { tiers: tiers, known: known };
    });
  }

  // --- a search ------------------------------------------------------------------------

  function wanted() {
    var filters = {};
    FILTERS.forEach(function (k) {
      if (form.elements[k] && form.elements[k].value) filters[k] = form.elements[k].value;
    });
    return { words: words(form.q.value), filters: filters, sort: form.sort ? form.sort.value : "" };
  }

  // A sort alone is a search too: every credential, in that order.
  function active(w) {
    return w.words.length > 0 || Object.keys(w.filters).length > 0 || w.sort !== "";
  }

  // The credential numbers `typed` and the filters of `w` find, in the order shown, and the
  // typed words the index has no word starting with.
  function find(m, typed, w) {
    var masks = Object.keys(w.filters).map(function (f) {
      return get("f/" + f + "/" + fileName(w.filters[f]) + ".bin", "bin").then(function (b) { return idSet(b, m.count); });
    });
    var order = w.sort === "cost" ? get("sort/cost.bin", "bin") : Promise.resolve(null);
    return Promise.all([Promise.all(typed.map(function (t) { return lookup(m, t); })), Promise.all(masks), order]).then(function (got) {
      var found = got[0], filters = got[1], byCost = got[2];
      var unknown = typed.filter(function (t, i) { return !found[i].known; });
      var score = new Uint8Array(m.count);
      var ok = function (id) {
        var s = 0;
        for (var i = 0; i < found.length; i++) {
          if (!found[i].tiers[id]) return false;
          s += found[i].tiers[id];
        }
        for (var j = 0; j < filters.length; j++) if (!filters[j][id]) return false;
        score[id] = s;
        return true;
      };
      var ids = [];
      if (byCost) {
        var r = new Reader(byCost);
        for (var k = r.next(); k > 0; k--) {
          var id = r.next();
          if (id < m.count && ok(id)) ids.push(id);
        }
      } else {
        for (var n = 0; n < m.count; n++) if (ok(n)) ids.push(n);
        // Best match: more typed words in the name first; name order within (a stable sort
        // of a list in name order).
        if (!w.sort && typed.length) ids.sort(function (a, b) { return score[b] - score[a]; });
      }
      return { ids: ids, unknown: unknown };
    });
  }

  // --- typo correction -------------------------------------------------------------------

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

  // The vocabulary word nearest to `word`, preferring the one most credentials use; the
  // word itself when it is too short, not all letters, or has no near neighbour.
  function correct(word) {
    var chars = Array.from(word);
    if (chars.length < MIN_TERM || !/^\p{Alphabetic}+$/u.test(word)) return Promise.resolve(word);
    // A one-edit typo keeps the first two or the last two letters of the word meant, except
    // a swap of the middle two of four letters (`dtaa` for `data`): the word meant then
    // starts with the typed word's first and third letters.
    var shards = [["p", chars.slice(0, 2).join("")], ["s", chars.slice(-2).join("")]];
    if (chars.length === 4) shards.push(["p", chars[0] + chars[2]]);
    return get("v/keys.json", "json").then(function (keys) {
      keys = keys || {};
      var want = [];
      shards.forEach(function (s) {
        if ((keys[s[0]] || []).indexOf(s[1]) !== -1) want.push(get("v/" + s[0] + fileName(s[1]) + ".json", "json"));
      });
      return Promise.all(want);
    }).then(function (shards) {
      var max = chars.length >= 6 ? 2 : 1;
      var best = word, bestD = max + 1, bestN = 0;
      shards.forEach(function (vocab) {
        Object.keys(vocab || {}).forEach(function (t) {
          var d = distance(chars, Array.from(t), max);
          var n = vocab[t];
          if (d < bestD || (d === bestD && (n > bestN || (n === bestN && t < best)))) {
            best = t; bestD = d; bestN = n;
          }
        });
      });
      return bestD <= max ? best : word;
    });
  }

  // --- results ---------------------------------------------------------------------------

  // The result cards of these credential numbers, in order, from their card files.
  function cardsOf(m, ids) {
    var chunks = {};
    ids.forEach(function (id) {
      var n = Math.floor(id / m.cards);
      if (!chunks[n]) chunks[n] = get("cards/" + n + ".json", "json");
    });
    var wanted = Object.keys(chunks);
    return Promise.all(wanted.map(function (n) { return chunks[n]; })).then(function (got) {
      var byChunk = {};
      wanted.forEach(function (n, i) { byChunk[n] = got[i] || []; });
      return ids.map(function (id) { return byChunk[Math.floor(id / m.cards)][id % m.cards]; }).filter(Boolean);
    });
  }

  // A result card, built with DOM calls only: index text never becomes markup.
  function resultCard(d) {
    var family = /^[a-z]+$/.test(d.family || "") ? d.family : "other";
    var li = document.createElement("li");
    li.className = "card card-" + family;
    if (d.image) {
      var img = document.createElement("img");
      img.className = "card-img";
      img.src = d.image;
      img.alt = "";
      img.width = 56;
      img.height = 56;
      li.appendChild(img);
    }
    var body = document.createElement("div");
    body.className = "card-body";
    var h = document.createElement("h3");
    var a = document.createElement("a");
    a.href = d.url;
    a.textContent = d.name || d.url;
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
    tag("tag tag-" + family, d.kind || "");
    if (d.status) tag("tag tag-status", d.status);
    (d.levels || []).forEach(function (l) { tag("tag", l); });
    var summary = document.createElement("p");
    summary.textContent = d.summary || "";
    body.appendChild(h);
    body.appendChild(meta);
    body.appendChild(summary);
    if (d.facts) {
      var facts = document.createElement("p");
      facts.className = "card-facts";
      facts.textContent = d.facts;
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
    return load().then(function (m) { return cardsOf(m, next); }).then(function (data) {
      if (seq !== latest) return;
      data.forEach(function (d) { results.appendChild(resultCard(d)); });
      moreWrap.hidden = shownCount >= shown.length;
    });
  }

  // Shows this page's cards of every result, in result order (an unpaginated list: every
  // credential is on the page, so the catalog is small).
  function showCards(seq, m) {
    return cardsOf(m, shown).then(function (data) {
      if (seq !== latest) return;
      var byUrl = {};
      cards.forEach(function (c) { byUrl[cardUrl(c)] = c; c.hidden = true; });
      data.forEach(function (d) {
        var c = byUrl[d.url];
        if (c) { c.hidden = false; list.appendChild(c); }
      });
    });
  }

  function render(seq, m, ids, w, corrected) {
    shown = ids;
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
    return showCards(seq, m);
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
    return load().then(function (m) {
      return find(m, w.words, w).then(function (found) {
        if (seq !== latest) return null;
        if (found.ids.length || !found.unknown.length) return render(seq, m, found.ids, w, null);
        return Promise.all(w.words.map(function (t) {
          return found.unknown.indexOf(t) === -1 ? t : correct(t);
        })).then(function (fixed) {
          if (seq !== latest) return null;
          if (fixed.join(" ") === w.words.join(" ")) return render(seq, m, found.ids, w, null);
          return find(m, fixed, w).then(function (again) {
            if (seq !== latest) return null;
            return render(seq, m, again.ids, w, again.ids.length ? fixed.join(" ") : null);
          });
        });
      });
    }).catch(function (e) {
      if (seq !== latest) return;
      reset();
      count.textContent = "Search could not load (" + (e && e.message ? e.message : e) + "); every credential is listed below.";
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
  form.addEventListener("focusin", function () { load().catch(function () {}); }, { once: true });
  more.addEventListener("click", function () { showMore(latest); });
  if (active(wanted())) changed();
  else form.dataset.state = "done";
})();
