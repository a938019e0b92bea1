// The home page's search and filters (themes/default/static/js/search.js over the chunked
// search index in search/, src/emit/search.rs) in Chromium, on the demo catalog built twice
// by the credcat binary: as it ships (every credential on the home page: a search shows the
// page's matching cards) and with `paginate_by = 5` (18 credentials on 4 pages: a search
// shows result cards in place of the page's list). What is expected comes from the cards of
// the unpaginated home page (names, data-family, data-level, data-cost), not from the index.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { skipReason, launch, serve } from './lib/harness.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = process.env.CREDCAT_BIN || path.join(REPO, 'target/debug/credcat');
const MARKUP = '<img src=\\"x\\" onerror=\\"window.pwned = 1\\">Markup summary';

/** The demo, built into a temporary folder with `configPrefix` put before its config and
 * `edit(root)` applied to its content. */
function build(configPrefix, edit = () => {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'credcat-search-'));
  const config = fs.readFileSync(path.join(REPO, 'site-config.toml'), 'utf8');
  fs.writeFileSync(path.join(root, 'site-config.toml'), configPrefix + config);
  for (const dir of ['content', 'themes', 'static']) {
    if (fs.existsSync(path.join(REPO, dir))) fs.cpSync(path.join(REPO, dir), path.join(root, dir), { recursive: true });
  }
  edit(root);
  const env = { ...process.env };
  delete env.CREDCAT_ISSUER_KEY;
  execFileSync(BIN, ['keygen', '--root', root], { env, stdio: 'pipe' });
  execFileSync(BIN, ['build', '--root', root], { env, stdio: 'pipe' });
  return root;
}

/** A credential's summary set to markup: a result card must show it as text. */
function markupSummary(root) {
  const file = path.join(root, 'content/credentials/excel-essentials.md');
  const text = fs.readFileSync(file, 'utf8');
  const edited = text.replace(/^summary = ".*"$/m, `summary = "${MARKUP}"`);
  assert.notEqual(edited, text, 'the summary line was found');
  fs.writeFileSync(file, edited);
}

/** Name order as the index sorts it: lowercased, by code unit. */
const byName = (a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0);

const skip = skipReason() || (!fs.existsSync(BIN)
  ? `credcat binary not found at ${BIN} (cargo build, or set CREDCAT_BIN)` : undefined);

describe('home page search in Chromium', { skip }, () => {
  let browser, whole, paged, cards, roots = [];

  before(async () => {
    roots = [build(''), build('paginate_by = 5\n', markupSummary)];
    whole = await serve(path.join(roots[0], 'public'), '/');
    paged = await serve(path.join(roots[1], 'public'), '/');
    browser = await launch();
    // Every credential as the unpaginated home page lists it, without running its script.
    const page = await browser.context.newPage();
    await page.route('**/js/search.js', (r) => r.abort());
    await page.goto(whole.url(''));
    cards = await page.$$eval('#credential-list > li', (els) => els.map((e) => ({
      name: e.querySelector('h3').textContent.trim(),
      family: e.dataset.family,
      levels: e.dataset.level.split(' ').filter(Boolean),
      delivery: e.dataset.delivery.split(' ').filter(Boolean),
      cost: e.dataset.cost === '' ? null : Number(e.dataset.cost),
    })));
    await page.close();
    assert.equal(cards.length, 18);
  });

  after(async () => {
    await browser?.close();
    await whole?.close();
    await paged?.close();
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });

  async function open(server, url) {
    const page = await browser.context.newPage();
    page.on('pageerror', (e) => { throw e; });
    await page.goto(server.url(url));
    await page.waitForFunction(() => document.getElementById('filters')?.dataset.state === 'done');
    return page;
  }

  const visible = (page, sel) => page.$$eval(sel, (els) => els.filter((e) => !e.closest('[hidden]')).map((e) => e.textContent.trim()));

  /** Types `text` into the search box key by key and waits for the search to finish. */
  async function type(page, text) {
    await page.fill('#q', '');
    await page.click('#q');
    await page.keyboard.type(text, { delay: 15 });
    await settle(page);
  }

  /** Waits until the last search has been shown. */
  async function settle(page) {
    await page.waitForFunction(() => document.getElementById('filters').dataset.state === 'done');
  }

  /** The names a search shows, in order: result cards (paginated) or the page's own cards. */
  const found = (page) => visible(page, '#search-results > li h3, #credential-list > li h3');

  test('an unpaginated list filters its own cards', async () => {
    const page = await open(whole, '');
    try {
      assert.equal((await visible(page, '#credential-list > li h3')).length, 18);
      assert.equal(await page.$('.pagination'), null, 'one page needs no page links');
      await type(page, 'sql');
      await page.waitForFunction(() => /of 18/.test(document.getElementById('result-count').textContent));
      const shown = await visible(page, '#credential-list > li h3');
      assert.ok(shown.includes('SQL Fundamentals'), shown.join(', '));
      assert.ok(shown.length < 18);
    } finally {
      await page.close();
    }
  });

  test('a paginated list shows its page and links to the others', async () => {
    const page = await open(paged, '');
    try {
      // Cut by name like a dictionary, at most 5 to a page: A C E, I L N, P R S, S T.
      assert.equal((await visible(page, '#credential-list > li h3')).length, 5);
      const letters = await page.$$eval('#credential-pages ol li', (els) => els.map((e) => e.textContent.trim()));
      const initials = [...new Set(cards.map((e) => e.name[0].toUpperCase()))].sort();
      assert.deepEqual(letters, initials, 'one link for each first letter of the names');
      // Next, page after page: every credential once, in order, at most 5 a page.
      const seen = [...await visible(page, '#credential-list > li h3')];
      for (;;) {
        const next = await page.$('.pagination a[rel=next]');
        if (!next) break;
        await next.click();
        await page.waitForURL(/\/page\/[a-z0-9-]+\/$/);
        const names = await visible(page, '#credential-list > li h3');
        assert.ok(names.length >= 1 && names.length <= 5, `${page.url()}: ${names.length} cards`);
        assert.ok(await page.$('.pagination a[rel=prev]'));
        seen.push(...names);
      }
      const byName = (a, b) => a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
      assert.deepEqual(seen, cards.map((e) => e.name).sort(byName));
      // A letter's link opens the page its names start on.
      await page.goto(paged.url(''));
      await page.click('#credential-pages ol li:last-child a');
      const last = initials[initials.length - 1];
      assert.ok((await visible(page, '#credential-list > li h3')).some((n) => n.toUpperCase().startsWith(last)));
    } finally {
      await page.close();
    }
  });

  test('a search on a paginated list looks through every page', async () => {
    // A credential that is not on the first page.
    const firstPage = await (async () => {
      const p = await open(paged, '');
      const names = await visible(p, '#credential-list > li h3');
      await p.close();
      return names;
    })();
    const target = cards.map((e) => e.name).find((n) => !firstPage.includes(n));
    assert.ok(target, 'some credential is on a later page');
    const page = await open(paged, '');
    try {
      await type(page, target);
      await page.waitForSelector('#search-results:not([hidden]) li');
      assert.ok((await visible(page, '#search-results li h3')).includes(target));
      assert.equal((await visible(page, '#credential-list > li h3')).length, 0, 'the page list steps aside');
      assert.equal(await page.$eval('#credential-pages', (e) => e.hidden), true);
      const href = await page.$eval('#search-results li h3 a', (a) => a.getAttribute('href'));
      assert.match(href, /^\/credentials\/[a-z0-9-]+\/$/);

      // A filter alone: exactly the index entries of that type.
      await page.fill('#q', '');
      await page.selectOption('#f-type', 'certificate');
      await settle(page);
      const want = cards.filter((e) => e.family === 'certificate').map((e) => e.name).sort();
      await page.waitForFunction((n) => document.querySelectorAll('#search-results li').length === n, want.length);
      assert.deepEqual((await visible(page, '#search-results li h3')).sort(), want);
      assert.match(await page.textContent('#result-count'), new RegExp(`^${want.length} of 18 credentials`));
      assert.match(page.url(), /\?family=certificate$/);

      // Cleared: the page's own list is back.
      await page.selectOption('#f-type', '');
      await page.waitForSelector('#search-results', { state: 'hidden' });
      assert.equal((await visible(page, '#credential-list > li h3')).length, 5);
    } finally {
      await page.close();
    }
  });

  test('result cards carry index text as text, never as markup', async () => {
    const page = await open(paged, '');
    try {
      await type(page, 'markup summary');
      await page.waitForSelector('#search-results:not([hidden]) li');
      const text = await page.textContent('#search-results li');
      assert.match(text, /<img src="x" onerror="window.pwned = 1">Markup summary/);
      assert.equal(await page.$('#search-results img'), null);
      assert.equal(await page.evaluate(() => window.pwned), undefined);
    } finally {
      await page.close();
    }
  });
  test('finds credentials by job title', async () => {
    for (const server of [whole, paged]) {
      const page = await open(server, '');
      try {
        // Statisticians (15-2041.00) is an occupation of Python for Data alone; no name,
        // summary or skill says it.
        await type(page, 'Statisticians');
        assert.deepEqual(await found(page), ['Python for Data']);
        // Two words, singular: the stem finds "Data Scientists".
        await type(page, 'data scientist');
        assert.deepEqual((await found(page)).sort(), ['Advanced Data Analytics Certificate', 'Python for Data']);
      } finally {
        await page.close();
      }
    }
  });

  test('finds credentials by O*NET, CIP and CTID codes as typed', async () => {
    const ctid = fs.readFileSync(path.join(REPO, 'content/credentials/python-for-data.md'), 'utf8').match(/^ctid = "(.*)"$/m)[1];
    const page = await open(paged, '');
    try {
      // 15-2051.00 and 15-2051.01 both start with 15-2051.
      await type(page, '15-2051');
      assert.deepEqual((await found(page)).sort(), ['Advanced Data Analytics Certificate', 'Python for Data', 'SQL Fundamentals', 'Spreadsheet Analysis']);
      await type(page, '15-2051.00');
      assert.deepEqual((await found(page)).sort(), ['Advanced Data Analytics Certificate', 'Python for Data']);
      await type(page, '30.7101');
      assert.deepEqual(await found(page), ['Advanced Data Analytics Certificate']);
      await type(page, ctid);
      assert.deepEqual(await found(page), ['Python for Data']);
      // A code nothing carries finds nothing.
      await type(page, '99-9999');
      assert.deepEqual(await found(page), []);
      assert.equal(await page.$eval('#no-results', (e) => e.hidden), false);
    } finally {
      await page.close();
    }
  });

  test('a one-letter typo finds the word meant, and says so', async () => {
    const page = await open(paged, '');
    try {
      await type(page, 'pyhton');
      assert.ok((await found(page)).includes('Python for Data'));
      assert.match(await page.textContent('#search-note'), /showing results for \u201cpython\u201d/);
      // A word spelt right gets no note.
      await type(page, 'python');
      assert.ok((await found(page)).includes('Python for Data'));
      assert.equal(await page.$eval('#search-note', (e) => e.hidden), true);
      // A typo in the first letter: the vocabulary shard of the last two letters has the word.
      for (const typo of ['ython', 'oython', 'ypthon']) {
        await type(page, typo);
        assert.ok((await found(page)).includes('Python for Data'), typo);
        assert.match(await page.textContent('#search-note'), /showing results for \u201cpython\u201d/, typo);
      }
      // The middle letters of a four-letter word swapped: neither its first two nor its last
      // two letters are those of the word meant.
      await type(page, 'dtaa');
      assert.match(await page.textContent('#search-note'), /showing results for \u201cdata\u201d/);
      assert.ok((await found(page)).length > 0);
      // Gibberish is not "corrected" into something.
      await type(page, 'qwxzvbn');
      assert.deepEqual(await found(page), []);
    } finally {
      await page.close();
    }
  });

  test('a word in the name ranks above one found elsewhere, then name order', async () => {
    for (const server of [whole, paged]) {
      const page = await open(server, '');
      try {
        for (const word of ['sql', 'data']) {
          await type(page, word);
          const names = await found(page);
          const inName = names.filter((n) => n.toLowerCase().split(/[^a-z0-9]+/).some((w) => w.startsWith(word)));
          assert.ok(inName.length > 0 && inName.length < names.length, `${word}: ${names.join(', ')}`);
          assert.deepEqual(names.slice(0, inName.length), inName, `${word}: name matches first`);
          assert.deepEqual(inName, [...inName].sort(byName), `${word}: then by name`);
          const rest = names.slice(inName.length);
          assert.deepEqual(rest, [...rest].sort(byName), `${word}: the rest by name`);
        }
      } finally {
        await page.close();
      }
    }
  });

  test('filters combine with each other and with words', async () => {
    // Two filters whose intersection is smaller than either, from the page's own cards.
    let pair = null;
    for (const family of new Set(cards.map((c) => c.family))) {
      for (const level of new Set(cards.flatMap((c) => c.levels))) {
        const a = cards.filter((c) => c.family === family).length;
        const b = cards.filter((c) => c.levels.includes(level)).length;
        const both = cards.filter((c) => c.family === family && c.levels.includes(level));
        if (both.length && both.length < a && both.length < b && !pair) pair = { family, level, both: both.map((c) => c.name).sort() };
      }
    }
    assert.ok(pair, 'the demo has two filters that narrow each other');
    const page = await open(paged, '');
    try {
      await page.selectOption('#f-type', pair.family);
      await settle(page);
      await page.selectOption('#f-level', pair.level);
      await settle(page);
      assert.deepEqual((await found(page)).sort(), pair.both);
      assert.match(page.url(), new RegExp(`family=${pair.family}&level=${pair.level}`));
      // An occupation and a word: Business Intelligence Analysts (15-2051.01) and "python".
      await page.selectOption('#f-type', '');
      await page.selectOption('#f-level', '');
      await page.selectOption('#f-occupation', '15-2051.01');
      await settle(page);
      assert.equal((await found(page)).length, 4);
      await type(page, 'python');
      assert.deepEqual((await found(page)).sort(), ['Advanced Data Analytics Certificate', 'Python for Data']);
      // Free and up to 500 are bands of the published cost.
      await page.fill('#q', '');
      await page.selectOption('#f-occupation', '');
      await page.selectOption('#f-cost', '500');
      await settle(page);
      const cheap = cards.filter((c) => c.cost !== null && c.cost <= 500).map((c) => c.name).sort();
      assert.deepEqual((await found(page)).sort(), cheap);
    } finally {
      await page.close();
    }
  });

  test('results sort by name or by cost', async () => {
    for (const server of [whole, paged]) {
      const page = await open(server, '');
      try {
        await page.selectOption('#f-sort', 'cost');
        await page.selectOption('#f-type', 'badge');
        await settle(page);
        const badges = cards.filter((c) => c.family === 'badge');
        const byCost = [...badges].sort((a, b) => (a.cost ?? Infinity) - (b.cost ?? Infinity));
        const shown = await found(page);
        assert.equal(shown.length, badges.length);
        const costs = shown.map((n) => cards.find((c) => c.name === n).cost ?? Infinity);
        assert.deepEqual(costs, byCost.map((c) => c.cost ?? Infinity), shown.join(', '));
        await page.selectOption('#f-sort', 'name');
        await settle(page);
        const names = await found(page);
        assert.deepEqual(names, [...names].sort(byName));
      } finally {
        await page.close();
      }
    }
  });

  test('a search moves a small part of the index', async () => {
    const page = await open(paged, '');
    const fetched = [];
    page.on('requestfinished', (r) => { if (r.url().includes('/search/')) fetched.push(new URL(r.url()).pathname); });
    try {
      // One input event (typing key by key on a slow machine may search "s" and "sq" too).
      await page.fill('#q', 'sql');
      await settle(page);
      assert.ok((await found(page)).includes('SQL Fundamentals'));
      const chunks = fetched.filter((u) => u.includes('/cards/'));
      const all = fs.readdirSync(path.join(roots[1], 'public/search/cards'));
      assert.ok(chunks.length > 0 && chunks.length < all.length, `${chunks.length} of ${all.length} card files`);
      // A card file per result shown, at most: "sql" names two credentials.
      assert.ok(chunks.length <= 2, chunks.join(', '));
      // One word shard: the one "sql" falls in.
      const shards = fetched.filter((u) => u.includes('/w/'));
      assert.deepEqual(shards, ['/search/w/sq.bin']);
    } finally {
      await page.close();
    }
  });
});

describe('many results in Chromium', { skip }, () => {
  let browser, server, root;

  before(async () => {
    // A generated catalog of 120 credentials on pages of 10.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'credcat-search-many-'));
    execFileSync('python3', [path.join(REPO, 'bench/gen_catalog.py'), '--credentials', '120', '--seed', '3', '--out', root, '--force'], { stdio: 'pipe' });
    fs.cpSync(path.join(REPO, 'themes'), path.join(root, 'themes'), { recursive: true });
    const config = path.join(root, 'site-config.toml');
    fs.writeFileSync(config, 'paginate_by = 10\n' + fs.readFileSync(config, 'utf8'));
    execFileSync(BIN, ['build', '--root', root], { stdio: 'pipe' });
    server = await serve(path.join(root, 'public'), '/');
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('results come 20 at a time, and "Show more" adds the next ones', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(server.url(''));
      await page.waitForFunction(() => document.getElementById('filters')?.dataset.state === 'done');
      await page.selectOption('#f-sort', 'name');
      await page.waitForFunction(() => document.getElementById('filters').dataset.state === 'done');
      const total = Number((await page.textContent('#result-count')).match(/^(\d+) of 120/)[1]);
      assert.equal(total, 120, 'sorting alone lists every credential');
      const names = () => page.$$eval('#search-results > li h3', (els) => els.map((e) => e.textContent.trim()));
      assert.equal((await names()).length, 20);
      assert.equal(await page.isVisible('#more-results'), true);
      await page.click('#more-results');
      await page.waitForFunction(() => document.querySelectorAll('#search-results > li').length === 40);
      const shown = await names();
      // Generated names repeat; addresses do not.
      const hrefs = await page.$$eval('#search-results > li h3 a', (els) => els.map((a) => a.getAttribute('href')));
      assert.equal(new Set(hrefs).size, 40, 'no card twice');
      assert.deepEqual(shown, [...shown].sort(byName), 'in name order');
    } finally {
      await page.close();
    }
  });
});
