// Bytes a browser moves for the first search on a built site's home page, in headless
// Chromium: the page is loaded (not counted), then the query is typed into the search box
// key by key, and every response that finishes from the first key press until the results
// are shown is counted with the bytes received for it (headers and body, as Playwright's
// request.sizes() gives them; the local server does not compress, so a host that does sends
// less).
//
//   node bench/search_bytes.mjs SITE_DIR [QUERY…]        (default query: safety)
//
// SITE_DIR is a built site (public/, or what examples/search_index.rs writes). Uses
// playwright-core from tests/browser/node_modules and Chromium (CHROMIUM_PATH or
// /usr/bin/chromium). Prints one line per query, and the requests with their bytes.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(HERE, '../tests/browser/package.json'));
const { launch, serve } = await import(path.join(HERE, '../tests/browser/lib/harness.mjs'));
require.resolve('playwright-core');

const [site, ...queries] = process.argv.slice(2);
if (!site) {
  console.error('usage: node bench/search_bytes.mjs SITE_DIR [QUERY…]');
  process.exit(2);
}
const server = await serve(path.resolve(site), '/');
const browser = await launch();
try {
  for (const query of queries.length ? queries : ['safety']) {
    // A fresh page and an empty cache for each query: a first search.
    const page = await browser.context.newPage();
    // sizes() gives the bytes of the response's headers and body as received.
    let counting = false;
    const pending = [];
    const counted = [];
    const onFinished = (request) => {
      if (!counting) return;
      pending.push(request.sizes().then((s) => counted.push({ url: request.url(), bytes: s.responseHeadersSize + s.responseBodySize })));
    };
    browser.context.on('requestfinished', onFinished);
    const loadStart = Date.now();
    await page.goto(server.url(''), { waitUntil: 'load' });
    const loadMs = Date.now() - loadStart;
    const pageBytes = (await page.evaluate(() => performance.getEntriesByType('navigation')[0]?.transferSize)) || 0;
    counting = true;
    const start = Date.now();
    await page.click('#q');
    await page.keyboard.type(query, { delay: 30 });
    await page.waitForFunction(() => document.getElementById('filters').dataset.state === 'done', null, { timeout: 120000 });
    const ms = Date.now() - start;
    // Anything still in flight for this search (a last fragment) finishes first.
    await page.waitForTimeout(300);
    counting = false;
    browser.context.off('requestfinished', onFinished);
    await Promise.all(pending);
    const total = counted.reduce((s, r) => s + r.bytes, 0);
    const count = await page.textContent('#result-count');
    console.log(`query ${JSON.stringify(query)}: ${counted.length} requests, ${(total / 1024).toFixed(1)} KB for the first search, ${ms} ms typing to results; "${count.trim()}"; home page ${(pageBytes / 1024).toFixed(0)} KB in ${loadMs} ms (not counted)`);
    const byKind = {};
    for (const r of counted) {
      const p = new URL(r.url).pathname;
      const folder = p.match(/\/search\/(w|f|cards|v|sort)\//);
      const kind = folder ? `${folder[1]}/*` : p.replace(/.*\//, '');
      byKind[kind] = byKind[kind] || { n: 0, bytes: 0 };
      byKind[kind].n += 1;
      byKind[kind].bytes += r.bytes;
    }
    for (const [k, v] of Object.entries(byKind).sort((a, b) => b[1].bytes - a[1].bytes)) {
      console.log(`    ${k.padEnd(40)} ${String(v.n).padStart(3)} × → ${(v.bytes / 1024).toFixed(1)} KB`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
