// The home page's search and filters (themes/default/static/js/search.js) in Chromium, on the
// demo catalog built twice by the credcat binary: as it ships (every credential on the home
// page: filtering hides cards) and with `paginate_by = 5` (18 credentials on 4 pages: a search
// looks through the whole search index and shows result cards in place of the page's list).
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

/** The demo, built into a temporary folder with `configPrefix` put before its config. */
function build(configPrefix) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'credcat-search-'));
  const config = fs.readFileSync(path.join(REPO, 'site-config.toml'), 'utf8');
  fs.writeFileSync(path.join(root, 'site-config.toml'), configPrefix + config);
  for (const dir of ['content', 'themes', 'static']) {
    if (fs.existsSync(path.join(REPO, dir))) fs.cpSync(path.join(REPO, dir), path.join(root, dir), { recursive: true });
  }
  const env = { ...process.env };
  delete env.CREDCAT_ISSUER_KEY;
  execFileSync(BIN, ['keygen', '--root', root], { env, stdio: 'pipe' });
  execFileSync(BIN, ['build', '--root', root], { env, stdio: 'pipe' });
  return root;
}

const skip = skipReason() || (!fs.existsSync(BIN)
  ? `credcat binary not found at ${BIN} (cargo build, or set CREDCAT_BIN)` : undefined);

describe('home page search in Chromium', { skip }, () => {
  let browser, whole, paged, roots = [];

  before(async () => {
    roots = [build(''), build('paginate_by = 5\n')];
    // An index entry whose summary is markup: a result card must show it as text.
    const file = path.join(roots[1], 'public/search-index.json');
    const entries = JSON.parse(fs.readFileSync(file, 'utf8'));
    entries[0].summary = '<img src="x" onerror="window.pwned = 1">Markup summary';
    fs.writeFileSync(file, JSON.stringify(entries));
    whole = await serve(path.join(roots[0], 'public'), '/');
    paged = await serve(path.join(roots[1], 'public'), '/');
    browser = await launch();
  });

  after(async () => {
    await browser?.close();
    await whole?.close();
    await paged?.close();
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });

  const index = (root) => JSON.parse(fs.readFileSync(path.join(root, 'public/search-index.json'), 'utf8'));

  async function open(server, url) {
    const page = await browser.context.newPage();
    await page.goto(server.url(url));
    // search.js has run once the index is in: the count names the total.
    await page.waitForFunction(() => /credentials/.test(document.getElementById('result-count')?.textContent || ''));
    return page;
  }

  const visible = (page, sel) => page.$$eval(sel, (els) => els.filter((e) => !e.closest('[hidden]')).map((e) => e.textContent.trim()));

  test('an unpaginated list filters its own cards', async () => {
    const page = await open(whole, '');
    try {
      assert.equal((await visible(page, '#credential-list > li h3')).length, 18);
      assert.equal(await page.$('.pagination'), null, 'one page needs no page links');
      await page.fill('#q', 'sql');
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
      assert.equal((await visible(page, '#credential-list > li h3')).length, 5);
      const links = await page.$$eval('.pagination ol li', (els) => els.map((e) => e.textContent.trim()));
      assert.deepEqual(links, ['1', '2', '3', '4']);
      await page.click('.pagination a[rel=next]');
      await page.waitForURL(/\/page\/2\/$/);
      assert.equal((await visible(page, '#credential-list > li h3')).length, 5);
      assert.ok(await page.$('.pagination a[rel=prev]'));
    } finally {
      await page.close();
    }
  });

  test('a search on a paginated list looks through every page', async () => {
    const entries = index(roots[1]);
    // A credential that is not on the first page.
    const firstPage = await (async () => {
      const p = await open(paged, '');
      const names = await visible(p, '#credential-list > li h3');
      await p.close();
      return names;
    })();
    const target = entries.map((e) => e.name).find((n) => !firstPage.includes(n));
    assert.ok(target, 'some credential is on a later page');
    const page = await open(paged, '');
    try {
      await page.fill('#q', target);
      await page.waitForSelector('#search-results:not([hidden]) li');
      assert.ok((await visible(page, '#search-results li h3')).includes(target));
      assert.equal((await visible(page, '#credential-list > li h3')).length, 0, 'the page list steps aside');
      assert.equal(await page.$eval('#credential-pages', (e) => e.hidden), true);
      const href = await page.$eval('#search-results li h3 a', (a) => a.getAttribute('href'));
      assert.match(href, /^\/credentials\/[a-z0-9-]+\/$/);

      // A filter alone: exactly the index entries of that type.
      await page.fill('#q', '');
      await page.selectOption('#f-type', 'certificate');
      const want = entries.filter((e) => e.family === 'certificate').map((e) => e.name).sort();
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
      await page.fill('#q', 'markup summary');
      await page.waitForSelector('#search-results:not([hidden]) li');
      const text = await page.textContent('#search-results li');
      assert.match(text, /<img src="x" onerror="window.pwned = 1">Markup summary/);
      assert.equal(await page.$('#search-results img'), null);
      assert.equal(await page.evaluate(() => window.pwned), undefined);
    } finally {
      await page.close();
    }
  });
});
